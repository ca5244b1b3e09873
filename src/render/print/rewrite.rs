//! One page's rendered HTML, made fit for a printed document that holds many pages.
//!
//! Takes the HTML the Markdown stage made for a page (`RenderedMarkdown::html`) and the
//! addresses of the document (`PrintLinks`); gives the same HTML with:
//! - every `id` (and every attribute that refers to ids: `for`, `aria-describedby`…) prefixed
//!   with the page's anchor, so that ids stay unique across pages (`steps` -> `p-3-steps`);
//! - links to a printed page or heading turned into in-document links (`#p-3`, `#p-3-steps`),
//!   and `#x` links within the page prefixed like the ids;
//! - links to the rest of the site made absolute (when `base_url` names a host), and the URL of
//!   every link that leaves the document printed after its text, as paper cannot be clicked;
//! - each video player replaced by a QR code of its page (its "Learn More" caption, with the
//!   printed URL, stays);
//! - headings one level down (the page's title is the document's `h2`), `<details>` open, and
//!   no lazy loading (a print engine does not scroll).
//!
//! Uses `lol_html` (a streaming HTML rewriter) rather than a parse of our own: pages may hold
//! any HTML the raw HTML policy lets through. Pure.

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{ElementContentHandlers, RewriteStrSettings, Selector, end_tag, rewrite_str};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

/// The addresses a printed document rewrites links with.
pub struct PrintLinks<'a> {
    /// The path every site href starts with (`/` or `/help/`).
    pub base: &'a str,
    /// `base_url` when it names a host, else `None` (links then stay paths).
    pub site_url: Option<&'a str>,
    /// URL relative to the base (`login/reset/`) -> anchor of that page in the document (`p-3`).
    pub printed: HashMap<&'a str, &'a str>,
    /// The accessible name of a QR code.
    pub qr_label: &'a str,
}

impl PrintLinks<'_> {
    /// The absolute URL of a URL relative to the base (a path when there is no host).
    fn absolute(&self, url: &str) -> String {
        crate::resolve::print::absolute_url(self.base, self.site_url, url)
    }

    /// Where a link of the page with anchor `page` goes in the document, and whether its URL
    /// should be printed after its text. `href` is the attribute as written (entities and all).
    pub(super) fn rewrite(&self, page: &str, href: &str) -> (String, bool) {
        if let Some(fragment) = href.strip_prefix('#') {
            return (in_page(page, fragment), false);
        }
        if href.starts_with("http://") || href.starts_with("https://") {
            return (href.to_string(), true);
        }
        if let Some(rest) = href.strip_prefix(self.base).filter(|_| !href.starts_with("//")) {
            let (path, fragment) = match rest.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (rest, None),
            };
            let path_only = path.split('?').next().unwrap_or(path);
            if let Some(anchor) = self.printed.get(path_only) {
                return match fragment.filter(|f| !f.is_empty()) {
                    Some(f) => (in_page(anchor, f), false),
                    None => (format!("#{anchor}"), false),
                };
            }
            return (self.absolute(rest), true);
        }
        (href.to_string(), false)
    }
}

/// The anchor in the document of id `id` of the page whose anchor is `page`.
fn in_page(page: &str, id: &str) -> String {
    if id.is_empty() { format!("#{page}") } else { format!("#{page}-{id}") }
}

/// Attributes whose value is a list of ids of the same page.
pub(super) const ID_REFS: [&str; 10] = [
    "for",
    "headers",
    "list",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-labelledby",
    "aria-owns",
];

/// The elements that have one of `ID_REFS` (a selector list: lol_html matches it as it reads,
/// rather than calling a handler for every element).
const ID_REF_SELECTOR: &str = "[for], [headers], [list], [aria-activedescendant], [aria-controls], \
[aria-describedby], [aria-details], [aria-errormessage], [aria-labelledby], [aria-owns]";

/// The selectors `rewrite_page` handles, in its order, parsed once for the process (parsing them
/// for each of 10,000 pages was a tenth of the rewrite).
static SELECTORS: LazyLock<[Selector; 8]> = LazyLock::new(|| {
    [
        "[id]",
        ID_REF_SELECTOR,
        "a[href]",
        "a[href]",
        "h1, h2, h3, h4, h5",
        "details",
        "img[loading]",
        "video[data-video]",
    ]
    .map(|s| s.parse().expect("the print rewrite's selectors are valid"))
});

/// The page's HTML rewritten for the document, the page's anchor being `page` (`p-3`): by one
/// scan when it is in the shape docent writes (`plain.rs`), else by lol_html.
pub fn rewrite_page(html: &str, page: &str, links: &PrintLinks) -> String {
    super::plain::rewrite(html, page, links).unwrap_or_else(|| rewrite_with_lol_html(html, page, links))
}

/// `rewrite_page` by lol_html, for any HTML. HTML the rewriter cannot read (it reads anything a
/// browser does) is returned as it was.
pub(super) fn rewrite_with_lol_html(html: &str, page: &str, links: &PrintLinks) -> String {
    // The text of the link being read, to leave out a printed URL equal to it.
    let link_text: Rc<RefCell<String>> = Rc::default();
    let text_in = link_text.clone();
    let sel = &*SELECTORS;
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .append_element_content_handler(handler(
            &sel[0],
            ElementContentHandlers::default().element(|el: &mut Element| {
                if let Some(id) = el.get_attribute("id") {
                    el.set_attribute("id", &format!("{page}-{id}"))?;
                }
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[1],
            ElementContentHandlers::default().element(|el: &mut Element| {
                for name in ID_REFS {
                    if let Some(ids) = el.get_attribute(name) {
                        let prefixed: Vec<String> = ids.split_whitespace().map(|id| format!("{page}-{id}")).collect();
                        el.set_attribute(name, &prefixed.join(" "))?;
                    }
                }
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[2],
            ElementContentHandlers::default().element(|el: &mut Element| {
                let Some(href) = el.get_attribute("href") else { return Ok(()) };
                let (new, show) = links.rewrite(page, &href);
                if new != href {
                    el.set_attribute("href", &new)?;
                }
                if show {
                    link_text.borrow_mut().clear();
                    let text = link_text.clone();
                    let _ = el.on_end_tag(end_tag!(move |end| {
                        let url = decode_entities(&new);
                        if decode_entities(text.borrow().trim()) != url {
                            let shown = crate::markdown::text_escape(&url);
                            end.after(&format!("<span class=\"print-url\"> ({shown})</span>"), ContentType::Html);
                        }
                        Ok(())
                    }));
                }
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[3],
            ElementContentHandlers::default().text(|t: &mut TextChunk| {
                text_in.borrow_mut().push_str(t.as_str());
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[4],
            ElementContentHandlers::default().element(|el: &mut Element| {
                let level = el.tag_name().as_bytes()[1] - b'0';
                let _ = el.set_tag_name(&format!("h{}", level + 1));
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[5],
            ElementContentHandlers::default().element(|el: &mut Element| {
                el.set_attribute("open", "")?;
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[6],
            ElementContentHandlers::default().element(|el: &mut Element| {
                el.remove_attribute("loading");
                Ok(())
            }),
        ))
        .append_element_content_handler(handler(
            &sel[7],
            ElementContentHandlers::default().element(|el: &mut Element| {
                video_qr(el, links);
                Ok(())
            }),
        ));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// A handler for elements `selector` matches, the selector borrowed from `SELECTORS`.
fn handler<'h>(
    selector: &'static Selector,
    handlers: ElementContentHandlers<'h>,
) -> (Cow<'static, Selector>, ElementContentHandlers<'h>) {
    (Cow::Borrowed(selector), handlers)
}

/// A video player becomes the QR code of the video's page.
fn video_qr(el: &mut Element, links: &PrintLinks) {
    let Some(name) = el.get_attribute("data-video") else { return };
    el.replace(&video_qr_html(&name, links), ContentType::Html);
}

/// What replaces the player of the video named `name` (as written in `data-video`).
pub(super) fn video_qr_html(name: &str, links: &PrintLinks) -> String {
    let url = links.absolute(&crate::resolve::video_url(&decode_entities(name)));
    let svg = crate::render::qr::svg(&url, links.qr_label);
    format!("<div class=\"print-qr\">{svg}</div>")
}

/// The text of an attribute value or text chunk as written in HTML: the entities docent and
/// HTML serializers write (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;`) decoded, others kept.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links<'a>(printed: &[(&'a str, &'a str)], site_url: Option<&'a str>) -> PrintLinks<'a> {
        PrintLinks { base: "/help/", site_url, printed: printed.iter().copied().collect(), qr_label: "QR code" }
    }

    #[test]
    fn links_to_printed_pages_and_headings_stay_in_the_document() {
        let l = links(&[("login/", "p-1"), ("login/reset/", "p-2")], Some("https://ex.org/help/"));
        let html = "<h2 id=\"steps\">Steps</h2><p><a href=\"/help/login/reset/#new\">reset</a> \
                    <a href=\"/help/login/\">login</a> <a href=\"#steps\">up</a> \
                    <a href=\"/help/login/reset/?x=1#\">top</a></p>";
        assert_eq!(
            rewrite_page(html, "p-1", &l),
            "<h3 id=\"p-1-steps\">Steps</h3><p><a href=\"#p-2-new\">reset</a> \
             <a href=\"#p-1\">login</a> <a href=\"#p-1-steps\">up</a> <a href=\"#p-2\">top</a></p>"
        );
    }

    #[test]
    fn links_that_leave_the_document_are_absolute_and_printed() {
        let l = links(&[("login/", "p-1")], Some("https://ex.org/help/"));
        let html = "<a href=\"/help/other/#a\">Other</a> <a href=\"https://w.org/?a=1&amp;b=2\">W</a> \
                    <a href=\"https://w.org/\">https://w.org/</a> <a href=\"mailto:x@y.org\">mail</a> \
                    <img src=\"/help/a.png\" loading=\"lazy\" alt=\"A\">";
        assert_eq!(
            rewrite_page(html, "p-1", &l),
            "<a href=\"https://ex.org/help/other/#a\">Other</a><span class=\"print-url\"> (https://ex.org/help/other/#a)</span> \
             <a href=\"https://w.org/?a=1&amp;b=2\">W</a><span class=\"print-url\"> (https://w.org/?a=1&amp;b=2)</span> \
             <a href=\"https://w.org/\">https://w.org/</a> <a href=\"mailto:x@y.org\">mail</a> \
             <img src=\"/help/a.png\" alt=\"A\">"
        );
        // Without a host, a link out of the document stays a path (still printed).
        let l = links(&[], None);
        assert_eq!(
            rewrite_page("<a href=\"/help/x/\">X</a>", "p-1", &l),
            "<a href=\"/help/x/\">X</a><span class=\"print-url\"> (/help/x/)</span>"
        );
    }

    #[test]
    fn ids_and_references_to_them_are_prefixed() {
        let l = links(&[], None);
        let html = "<sup><a href=\"#fn-1\" id=\"ref-1\">1</a></sup><label for=\"q\">Q</label>\
                    <input id=\"q\" aria-describedby=\"a b\"><details><summary>More</summary>x</details>";
        assert_eq!(
            rewrite_page(html, "p-4", &l),
            "<sup><a href=\"#p-4-fn-1\" id=\"p-4-ref-1\">1</a></sup><label for=\"p-4-q\">Q</label>\
             <input id=\"p-4-q\" aria-describedby=\"p-4-a p-4-b\"><details open=\"\"><summary>More</summary>x</details>"
        );
    }

    #[test]
    fn a_video_player_becomes_a_qr_code_of_its_page() {
        let l = links(&[], Some("https://ex.org/help/"));
        let html = "<figure class=\"video-embed\"><video data-video=\"reset\" controls><source src=\"/help/videos/reset.webm\">\
                    No video.</video><figcaption><a class=\"learn-more\" href=\"/help/videos/reset/\">Learn More: Reset</a></figcaption></figure>";
        let out = rewrite_page(html, "p-1", &l);
        assert!(!out.contains("<video"), "{out}");
        let svg = out.split("<div class=\"print-qr\">").nth(1).unwrap().split("</div>").next().unwrap();
        assert_eq!(crate::render::qr::tests::decode(svg), "https://ex.org/help/videos/reset/");
        assert!(
            out.contains("Learn More: Reset</a><span class=\"print-url\"> (https://ex.org/help/videos/reset/)</span>")
        );
    }
}
