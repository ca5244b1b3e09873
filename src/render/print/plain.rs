//! The print rewrite (`rewrite.rs`) of HTML in the shape docent's Markdown stage writes it, in
//! one scan instead of lol_html.
//!
//! Accepts HTML whose tags are all `<name attr="value" bare …>`, `<void … />` or `</name>`, in
//! lower case, with double-quoted values, properly nested, and which has no comments, no raw-text
//! elements (`script`, `style`, `textarea`…) and no foreign content (`svg`, `math`). That is every
//! page docent writes from Markdown, and any page whose raw HTML keeps to it. Anything else (raw
//! HTML an author wrote in another shape) gives `None`, and the caller uses lol_html, which reads
//! anything a browser does. For what it accepts it gives lol_html's bytes exactly (the
//! differential tests below); it exists because lol_html was a tenth of a 10,000-page build's
//! CPU (bench/NOTES.md, session 7). Pure.

use super::rewrite::{ID_REFS, PrintLinks, decode_entities, video_qr_html};

/// Elements without an end tag.
const VOID: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Elements whose content is not read as tags (or is read as another language's): left to lol_html.
const NOT_PLAIN: [&str; 13] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
    "svg",
    "math",
];

/// One attribute as written: `raw` is its whole text (`id="x"`, `controls`), `value` what is
/// between the quotes (entities and all, as lol_html's `get_attribute` gives it).
struct Attr<'a> {
    name: &'a str,
    value: &'a str,
    raw: &'a str,
}

/// A start tag as written, and where it ends (the byte after `>`).
struct StartTag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    self_closing: bool,
    end: usize,
}

impl<'a> StartTag<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|a| a.name == name).map(|a| a.value)
    }
}

/// What a rewritten start tag says for one attribute.
enum Out<'a> {
    Raw(&'a str),
    Set(&'a str, String),
    Removed,
}

/// The link whose text is being read, to print its URL after it unless the text already says it.
struct ShownLink {
    url: String,
    text: String,
}

/// `rewrite::rewrite_page` for HTML of the plain shape above; `None` for any other.
pub(super) fn rewrite(html: &str, page: &str, links: &PrintLinks) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    // Open elements: name, and whether its end tag is renamed (headings one level down).
    let mut open: Vec<(&str, Option<String>)> = Vec::new();
    let mut shown: Option<(usize, ShownLink)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let Some(lt) = memchr(b'<', &bytes[at..]).map(|i| at + i) else {
            text(&html[at..], &mut out, &mut shown);
            break;
        };
        text(&html[at..lt], &mut out, &mut shown);
        if bytes.get(lt + 1) == Some(&b'/') {
            let (name, end) = end_tag(html, lt)?;
            let (opened, renamed) = open.pop()?;
            if opened != name {
                return None;
            }
            match renamed {
                Some(new) => {
                    out.push_str("</");
                    out.push_str(&new);
                    out.push('>');
                }
                None => out.push_str(&html[lt..end]),
            }
            if shown.as_ref().is_some_and(|(depth, _)| *depth == open.len()) {
                let (_, link) = shown.take()?;
                if decode_entities(link.text.trim()) != link.url {
                    let shown = crate::markdown::text_escape(&link.url);
                    out.push_str(&format!("<span class=\"print-url\"> ({shown})</span>"));
                }
            }
            at = end;
            continue;
        }
        let tag = start_tag(html, lt)?;
        let nested_link = tag.name == "a" && open.iter().any(|(name, _)| *name == "a");
        if NOT_PLAIN.contains(&tag.name) || nested_link {
            return None;
        }
        let void = VOID.contains(&tag.name);
        if tag.self_closing && !void {
            return None;
        }
        if tag.name == "video" && tag.get("data-video").is_some() {
            // The player, its sources and its fallback text become the QR code of its page.
            let end = element_end(html, &tag, "video")?;
            out.push_str(&video_qr_html(tag.get("data-video").unwrap_or_default(), links));
            at = end;
            continue;
        }
        let mut attrs: Vec<Out> = tag.attrs.iter().map(|a| Out::Raw(a.raw)).collect();
        let mut added: Vec<(&str, String)> = Vec::new();
        let mut changed = false;
        for (i, a) in tag.attrs.iter().enumerate() {
            let set = if a.name == "id" {
                Some(format!("{page}-{}", a.value))
            } else if ID_REFS.contains(&a.name) {
                Some(a.value.split_whitespace().map(|id| format!("{page}-{id}")).collect::<Vec<_>>().join(" "))
            } else if a.name == "href" && tag.name == "a" {
                let (new, show) = links.rewrite(page, a.value);
                if show {
                    shown = Some((open.len(), ShownLink { url: decode_entities(&new), text: String::new() }));
                }
                (new != a.value).then_some(new)
            } else if a.name == "loading" && tag.name == "img" {
                attrs[i] = Out::Removed;
                changed = true;
                None
            } else if a.name == "open" && tag.name == "details" {
                Some(String::new())
            } else {
                None
            };
            if let Some(value) = set {
                attrs[i] = Out::Set(a.name, value);
                changed = true;
            }
        }
        if tag.name == "details" && tag.get("open").is_none() {
            added.push(("open", String::new()));
            changed = true;
        }
        let renamed = match tag.name.as_bytes() {
            [b'h', level @ b'1'..=b'5'] => Some(format!("h{}", level - b'0' + 1)),
            _ => None,
        };
        if changed || renamed.is_some() {
            write_start_tag(renamed.as_deref().unwrap_or(tag.name), &attrs, &added, tag.self_closing, &mut out);
        } else {
            out.push_str(&html[lt..tag.end]);
        }
        if !void {
            open.push((tag.name, renamed));
        }
        at = tag.end;
    }
    (open.is_empty() && shown.is_none()).then_some(out)
}

/// Text between tags: copied, and read into the link being shown.
fn text(s: &str, out: &mut String, shown: &mut Option<(usize, ShownLink)>) {
    out.push_str(s);
    if let Some((_, link)) = shown {
        link.text.push_str(s);
    }
}

/// A start tag as lol_html writes one it changed: each attribute as written or as set (only
/// `"` escaped), then those added, and ` />` for a self-closing tag with attributes.
fn write_start_tag(name: &str, attrs: &[Out], added: &[(&str, String)], self_closing: bool, out: &mut String) {
    out.push('<');
    out.push_str(name);
    let mut any = false;
    let set = |out: &mut String, name: &str, value: &str| {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&value.replace('"', "&quot;"));
        out.push('"');
    };
    for a in attrs {
        match a {
            Out::Raw(raw) => {
                out.push(' ');
                out.push_str(raw);
            }
            Out::Set(name, value) => set(out, name, value),
            Out::Removed => continue,
        }
        any = true;
    }
    for (name, value) in added {
        set(out, name, value);
        any = true;
    }
    if self_closing {
        out.push_str(if any { " />" } else { "/>" });
    } else {
        out.push('>');
    }
}

/// The byte after the end tag that closes `tag` (a start tag named `name`), none of the
/// elements between being `name` again.
fn element_end(html: &str, tag: &StartTag, name: &str) -> Option<usize> {
    let close = format!("</{name}>");
    let from = tag.end;
    let found = from + html[from..].find(&close)?;
    if html[from..found].contains(&format!("<{name}")) {
        return None;
    }
    Some(found + close.len())
}

/// `</name>` at `lt`: the name and the byte after `>`.
fn end_tag(html: &str, lt: usize) -> Option<(&str, usize)> {
    let bytes = html.as_bytes();
    let start = lt + 2;
    let mut i = start;
    while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit()) {
        i += 1;
    }
    (i > start && bytes.get(i) == Some(&b'>')).then(|| (&html[start..i], i + 1))
}

/// The start tag at `lt`, if it has the plain shape.
fn start_tag(html: &str, lt: usize) -> Option<StartTag<'_>> {
    let bytes = html.as_bytes();
    let start = lt + 1;
    if !bytes.get(start)?.is_ascii_lowercase() {
        return None;
    }
    let mut i = start;
    while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit() || bytes[i] == b'-') {
        i += 1;
    }
    let name = &html[start..i];
    let mut attrs: Vec<Attr> = Vec::new();
    loop {
        let spaced = i < bytes.len() && bytes[i].is_ascii_whitespace();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some(StartTag { name, attrs, self_closing: false, end: i + 1 }),
            b'/' => {
                return (bytes.get(i + 1) == Some(&b'>')).then_some(StartTag {
                    name,
                    attrs,
                    self_closing: true,
                    end: i + 2,
                });
            }
            _ if !spaced => return None,
            _ => {}
        }
        let name_start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit() || matches!(bytes[i], b'-' | b'_' | b':'))
        {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let attr_name = &html[name_start..i];
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            if bytes.get(i + 1) != Some(&b'"') {
                return None;
            }
            let value_start = i + 2;
            let close = value_start + memchr(b'"', &bytes[value_start..])?;
            value = &html[value_start..close];
            i = close + 1;
        }
        if attrs.iter().any(|a| a.name == attr_name) {
            return None;
        }
        attrs.push(Attr { name: attr_name, value, raw: &html[name_start..i] });
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::super::rewrite::{PrintLinks, rewrite_with_lol_html};
    use super::*;

    fn links(site_url: Option<&str>) -> PrintLinks<'_> {
        let printed = [("login/", "p-1"), ("login/reset/", "p-2")].into_iter().collect();
        PrintLinks { base: "/help/", site_url, printed, qr_label: "QR code" }
    }

    /// The fast rewrite accepts `html` and gives lol_html's bytes.
    fn same_as_lol_html(html: &str) {
        for site_url in [None, Some("https://ex.org/help/")] {
            let l = links(site_url);
            let fast = rewrite(html, "p-3", &l).unwrap_or_else(|| panic!("not plain: {html}"));
            assert_eq!(fast, rewrite_with_lol_html(html, "p-3", &l), "for {html}");
        }
    }

    #[test]
    fn each_change_gives_lol_html_bytes() {
        for html in [
            "<h2 id=\"steps\"><a class=\"heading-link\" href=\"#steps\">Steps</a></h2><p>x</p>",
            "<h1>T</h1><h5 class=\"k\">five</h5><h6 id=\"six\">six</h6>",
            "<p><a href=\"/help/login/reset/#new\">reset</a> <a href=\"/help/login/\">login</a> <a href=\"#\">top</a></p>",
            "<p><a href=\"/help/other/?a=1&amp;b=2#x\">Other &amp; more</a> <a href=\"https://w.org/\">https://w.org/</a></p>",
            "<p><a href=\"https://w.org/\"><code>https://w.org/</code></a> <a href=\"https://w.org/\"> <em>see</em> it </a></p>",
            "<p><a href=\"mailto:x@y.org\">mail</a><a href>empty</a><a name=\"old\"></a></p>",
            "<img src=\"/help/a.png\" alt=\"A\" loading=\"lazy\" decoding=\"async\"><img loading=\"lazy\" />",
            "<img src=\"a.png\" loading=\"lazy\" alt=\"b\" /><br/><br><hr />",
            "<details><summary>More</summary><p>x</p></details><details open class=\"c\"><summary>S</summary></details>",
            "<sup class=\"fn\"><a href=\"#fn-1\" id=\"ref-1\">1</a></sup><label for=\"q\">Q</label><input id=\"q\" aria-describedby=\"a  b\" disabled>",
            "<div aria-labelledby=\"\" headers=\" x \">t</div><ol><li id=\"fn-1\"><p>Note <a href=\"#ref-1\">↩</a></p></li></ol>",
            "<figure class=\"video-embed\"><video data-video=\"reset\" controls><source src=\"/help/videos/reset.webm\">\
             No video.</video><figcaption><a class=\"learn-more\" href=\"/help/videos/reset/\">Learn More: Reset</a></figcaption></figure>",
            "<pre class=\"hl-code\" tabindex=\"0\"><code class=\"language-json\">{\n  <span class=\"hl3\">&quot;a&quot;</span>: 1 &lt; 2\n}\n</code></pre>",
            "<table>\n<thead><tr><th style=\"text-align: left\">A</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody></table>",
            "<p id=\"a&amp;b\" title=\"x > y\">t</p>\n<div\nclass=\"multi\"\n  id=\"line\">t</div>",
            "",
            "just text &amp; more",
        ] {
            same_as_lol_html(html);
        }
    }

    #[test]
    fn html_of_another_shape_is_left_to_lol_html() {
        let l = links(None);
        for html in [
            "<!-- note --><p>x</p>",
            "<script>if (a < b) {}</script>",
            "<svg><path d=\"M0\"/></svg>",
            "<p class='single'>x</p>",
            "<p class=bare>x</p>",
            "<P>upper</P>",
            "<p>unclosed",
            "<p>x</div>",
            "<div/>",
            "a < b",
            "<a href=\"#a\"><a href=\"#b\">nested</a></a>",
            "<p id=\"a\" id=\"b\">twice</p>",
            "<textarea><b>not a tag</b></textarea>",
        ] {
            assert!(rewrite(html, "p-1", &l).is_none(), "accepted {html}");
        }
    }

    /// Pages made at random of docent's shapes, nested: wherever the scan accepts one (all but
    /// those with a link in a link), it writes what lol_html writes.
    #[test]
    fn random_plain_pages_give_lol_html_bytes() {
        const ELEMENTS: [(&str, &str); 12] = [
            ("<p>", "</p>"),
            ("<h2 id=\"s\">", "</h2>"),
            ("<h4>", "</h4>"),
            ("<a href=\"#s\">", "</a>"),
            ("<a href=\"/help/login/\">", "</a>"),
            ("<a href=\"https://w.org/x\">", "</a>"),
            ("<a href=\"/help/far/?q=1&amp;r=2\" id=\"l\">", "</a>"),
            ("<em>", "</em>"),
            ("<details>", "</details>"),
            ("<span id=\"x\" aria-describedby=\"s x\">", "</span>"),
            ("<label for=\"s t\">", "</label>"),
            ("<li>", "</li>"),
        ];
        const LEAVES: [&str; 7] =
            ["text ", "https://w.org/x", "&amp; ", "<img src=\"i.png\" loading=\"lazy\">", "<br />", " ", "/help/far/"];
        struct Random(u64);
        impl Random {
            fn below(&mut self, n: usize) -> usize {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 % n as u64) as usize
            }
            fn html(&mut self, depth: usize, out: &mut String) {
                for _ in 0..1 + self.below(4) {
                    if depth < 4 && self.below(2) == 0 {
                        let (open, close) = ELEMENTS[self.below(ELEMENTS.len())];
                        out.push_str(open);
                        self.html(depth + 1, out);
                        out.push_str(close);
                    } else {
                        out.push_str(LEAVES[self.below(LEAVES.len())]);
                    }
                }
            }
        }
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for _ in 0..3000 {
            let mut html = String::new();
            random.html(0, &mut html);
            let l = links(Some("https://ex.org/help/"));
            if let Some(fast) = rewrite(&html, "p-2", &l) {
                assert_eq!(fast, rewrite_with_lol_html(&html, "p-2", &l), "for {html}");
                accepted += 1;
            }
        }
        assert!(accepted > 1500, "only {accepted} random pages were plain");
    }
}
