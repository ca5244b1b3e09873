//! Raw HTML written in Markdown: unsafe URLs, and the `[markdown] raw_html` policy.
//!
//! pulldown-cmark hands raw HTML over in pieces: an HTML block line by line (the events pass
//! joins a block into one unit), and inline HTML one tag at a time, with the Markdown between
//! tags as ordinary events. Each unit is read with html5ever's tokenizer (the one the WHATWG spec
//! describes, so an attribute means here what it means in a browser, entities and all) to find
//! unsafe URLs and, under `safe`, what the policy drops.
//!
//! `safe` cleans with ammonia, but never one unit at a time: `<details>` in one block, Markdown,
//! then `</details>` in another, or `<span onclick>` … `</span>` around inline text, only make
//! sense together. So the page is rendered with a marker for each raw unit, and ammonia cleans
//! one skeleton of the whole page in which docent's own HTML stands as inert placeholder text.
//! The raw HTML is thus parsed in its real context (an unclosed `<div>` is closed, a stray
//! `</div>` cannot close the theme's), and docent's HTML is put back untouched afterwards.

use super::sanitize::{DROPPED_WITH_CONTENT, SAFE_SCHEMES, SAFE_TAGS, attr_allowed};
use crate::config::RawHtml;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use std::cell::RefCell;

/// Attributes that hold a URL a browser may load or follow.
pub(super) const URL_ATTRS: &[&str] = &[
    "action",
    "archive",
    "background",
    "cite",
    "classid",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "imagesrcset",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcset",
    "xlink:href",
];

/// `data:image/...` types an image may carry inline. Not `svg+xml`: an SVG is a document that can
/// hold script, and an image is as easily a file in `content/`.
const DATA_IMAGE_TYPES: &[&str] = &["png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"];

/// The scheme of a URL as a browser reads it (leading spaces and control characters, tabs and
/// newlines ignored), lower-cased; `None` for relative URLs.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String =
        url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).take(64).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// Why a URL may never be published: `javascript:`/`vbscript:` run code, `data:` carries a whole
/// document (only raster images are allowed, and only where an image is expected). `None` when fine.
pub fn unsafe_url(url: &str, image: bool) -> Option<&'static str> {
    match scheme(url)?.as_str() {
        "javascript" | "vbscript" | "livescript" => Some("script"),
        "data" => {
            let rest: String = url.trim_start().chars().skip(5).take(32).collect::<String>().to_ascii_lowercase();
            let raster = rest
                .strip_prefix("image/")
                .and_then(|t| t.split([';', ',']).next())
                .is_some_and(|t| DATA_IMAGE_TYPES.contains(&t.trim()));
            if image && raster { None } else { Some("data") }
        }
        _ => None,
    }
}

/// The diagnostic message and help for an unsafe URL (`what` says where it is: "link", "image",
/// "<a href>").
pub fn unsafe_url_message(url: &str, what: &str, kind: &str) -> (String, String) {
    // Control characters (a tab hidden in `java	script:`) are shown escaped, so the reader sees them.
    let mut shown: String = url
        .chars()
        .take(60)
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect();
    if url.chars().count() > 60 {
        shown.push('…');
    }
    let help = match kind {
        "script" => {
            "a script URL runs code when a reader follows it, so docent never publishes one; link to a page (page.md) or an https:// address instead"
        }
        _ => {
            "a data: URL can carry a whole page with scripts; put the file in content/ and link to it (an image may use data:image/png, jpeg, gif, webp or avif)"
        }
    };
    (format!("unsafe URL in {what}: {shown}"), help.to_string())
}

/// One token of a raw HTML unit, as the tokenizer read it.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        line: u32,
    },
    End {
        name: String,
    },
    /// Text; `raw` inside `<script>`, `<style>` and the like, where nothing is escaped.
    Text {
        text: String,
        raw: bool,
    },
    Comment(String),
    Doctype(String),
}

#[derive(Default)]
struct Sink {
    tokens: RefCell<Vec<Tok>>,
    /// The element whose content is raw text, until its end tag.
    raw: RefCell<Option<String>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut tokens = self.tokens.borrow_mut();
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == TagKind::EndTag {
                    if self.raw.borrow().as_deref() == Some(name.as_str()) {
                        *self.raw.borrow_mut() = None;
                    }
                    tokens.push(Tok::End { name });
                    return TokenSinkResult::Continue;
                }
                let attrs = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                // The tokenizer alone does not know which elements hold raw text (the tree
                // builder tells it); this is the spec's list for an HTML body.
                let result = match name.as_str() {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
                if !matches!(result, TokenSinkResult::Continue) && !matches!(name.as_str(), "textarea" | "title") {
                    *self.raw.borrow_mut() = Some(name.clone());
                }
                tokens.push(Tok::Start { name, attrs, self_closing: tag.self_closing, line });
                result
            }
            Token::CharacterTokens(t) => {
                let raw = self.raw.borrow().is_some();
                match tokens.last_mut() {
                    Some(Tok::Text { text, raw: r }) if *r == raw => text.push_str(&t),
                    _ => tokens.push(Tok::Text { text: t.to_string(), raw }),
                }
                TokenSinkResult::Continue
            }
            Token::NullCharacterToken => {
                tokens.push(Tok::Text { text: "\u{FFFD}".into(), raw: false });
                TokenSinkResult::Continue
            }
            Token::CommentToken(c) => {
                tokens.push(Tok::Comment(c.to_string()));
                TokenSinkResult::Continue
            }
            Token::DoctypeToken(d) => {
                tokens.push(Tok::Doctype(d.name.map(|n| n.to_string()).unwrap_or_default()));
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

fn tokenize(html: &str) -> Vec<Tok> {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.tokens.into_inner()
}

/// The start tags (name, attributes) and comments of an HTML text, as a browser reads them.
#[cfg(test)]
pub fn tags_of(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    tokenize(html)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Start { name, attrs, .. } => Some((name, attrs)),
            Tok::Comment(c) => Some(("!--".into(), vec![("".into(), c)])),
            _ => None,
        })
        .collect()
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Writes tokens back as HTML that a browser reads as the same tokens; comments are left out
/// when `comments` is false.
fn serialize(tokens: &[Tok], comments: bool) -> String {
    let mut out = String::new();
    for t in tokens {
        match t {
            Tok::Start { name, attrs, self_closing, .. } => {
                out.push('<');
                out.push_str(name);
                for (k, v) in attrs {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    out.push_str(&v.replace('&', "&amp;").replace('"', "&quot;"));
                    out.push('"');
                }
                out.push_str(if *self_closing { " />" } else { ">" });
            }
            Tok::End { name } => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Tok::Text { text, raw: true } => out.push_str(text),
            Tok::Text { text, raw: false } => escape_text(text, &mut out),
            Tok::Comment(c) if comments => {
                out.push_str("<!--");
                out.push_str(c);
                out.push_str("-->");
            }
            Tok::Comment(_) => {}
            Tok::Doctype(d) => {
                out.push_str("<!DOCTYPE ");
                out.push_str(d);
                out.push('>');
            }
        }
    }
    out
}

/// A problem in one raw HTML unit; `line` counts from 0 at the unit's first line.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// An unsafe URL (always an error): where it is (`<img src>`), the URL, and `unsafe_url`'s kind.
    UnsafeUrl { line: u32, what: String, url: String, kind: &'static str },
    /// What the policy drops or shows as text (a warning from check).
    Dropped { line: u32, what: String },
}

/// What to do with one raw HTML unit: findings, and the HTML to put in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub findings: Vec<Finding>,
    /// The HTML to write: the unit as written (`allow`, `safe`; `safe` cleans later, with the
    /// whole page), or, under `deny`, the text to show (to be escaped by the caller).
    pub output: String,
    /// The links and image sources the page keeps, to rewrite like Markdown's (`set_links`).
    pub links: Vec<RawLink>,
    /// The anchors the page keeps (`id`s, and `<a name>`).
    pub ids: Vec<String>,
    tokens: Vec<Tok>,
}

/// A link or image source in raw HTML: `<a href>`, `<img src>` and the like.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// The line, from 0 at the unit's first line.
    pub line: u32,
    /// The URL as written (entities decoded).
    pub dest: String,
    pub is_image: bool,
    token: usize,
    attr: usize,
}

/// The attributes rewritten like Markdown links and images (relative paths become the site's
/// URLs) and checked like them.
const LINK_ATTRS: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
];

impl Unit {
    /// Writes `urls` (one for each of `links`, in order) in place of the URLs as written; the
    /// unit is written again from its tokens when one differs.
    pub fn set_links(&mut self, urls: &[String]) {
        let mut changed = false;
        for (link, url) in self.links.iter().zip(urls) {
            if let Some(Tok::Start { attrs, .. }) = self.tokens.get_mut(link.token)
                && let Some((_, value)) = attrs.get_mut(link.attr)
                && value != url
            {
                *value = url.clone();
                changed = true;
            }
        }
        if changed {
            self.output = serialize(&self.tokens, true);
        }
    }
}

/// Reads one raw HTML unit (an HTML block, or one inline tag) under `policy`.
pub fn inspect(html: &str, policy: RawHtml) -> Unit {
    if policy == RawHtml::Allow && !html.contains('=') {
        // No attribute has a value (`<kbd>`, `</span>`, `<br>`): no URL, id or link to look at,
        // and such tags are most of a page's raw HTML.
        return Unit {
            findings: Vec::new(),
            output: html.to_string(),
            links: Vec::new(),
            ids: Vec::new(),
            tokens: Vec::new(),
        };
    }
    let tokens = tokenize(html);
    let mut findings = Vec::new();
    let mut inside_dropped: Option<&str> = None;
    let mut links = Vec::new();
    let mut ids = Vec::new();
    for (token, t) in tokens.iter().enumerate() {
        match t {
            Tok::Start { name, attrs, line, .. } => {
                let line = line.saturating_sub(1);
                let kept = match policy {
                    RawHtml::Allow => true,
                    RawHtml::Safe => inside_dropped.is_none() && SAFE_TAGS.contains(&name.as_str()),
                    RawHtml::Deny => false,
                };
                for (attr, (key, value)) in attrs.iter().enumerate().filter(|_| kept) {
                    let attr_kept = policy == RawHtml::Allow || attr_allowed(name, key);
                    if (key == "id" || (key == "name" && name == "a")) && attr_kept && !value.is_empty() {
                        ids.push(value.clone());
                    }
                    if LINK_ATTRS.contains(&(name.as_str(), key.as_str()))
                        && attr_kept
                        && !value.trim().is_empty()
                        && unsafe_url(value, is_image_attr(name, key)).is_none()
                    {
                        let is_image = key != "href";
                        links.push(RawLink { line, dest: value.trim().to_string(), is_image, token, attr });
                    }
                }
                for (attr, value) in attrs {
                    for url in urls_of(name, attr, value, attrs) {
                        let image = is_image_attr(name, attr);
                        if let Some(kind) = unsafe_url(url, image) {
                            let what = format!("<{name} {attr}>");
                            findings.push(Finding::UnsafeUrl { line, what, url: url.trim().to_string(), kind });
                        }
                    }
                }
                match policy {
                    RawHtml::Allow => {}
                    RawHtml::Deny => findings.push(Finding::Dropped { line, what: format!("<{name}>") }),
                    RawHtml::Safe if inside_dropped.is_some() => {}
                    RawHtml::Safe => {
                        if let Some(d) = DROPPED_WITH_CONTENT.iter().find(|d| **d == name) {
                            inside_dropped = Some(d);
                            findings.push(Finding::Dropped { line, what: format!("<{name}> with its content") });
                        } else if !SAFE_TAGS.contains(&name.as_str()) {
                            findings
                                .push(Finding::Dropped { line, what: format!("<{name}> tag (its content is kept)") });
                        } else {
                            for (attr, value) in attrs {
                                if !attr_allowed(name, attr) {
                                    findings
                                        .push(Finding::Dropped { line, what: format!("{attr} attribute of <{name}>") });
                                } else if URL_ATTRS.contains(&attr.as_str())
                                    && unsafe_url(value, is_image_attr(name, attr)).is_none()
                                    && scheme(value).is_some_and(|s| !SAFE_SCHEMES.contains(&s.as_str()))
                                {
                                    findings.push(Finding::Dropped {
                                        line,
                                        what: format!(
                                            "{attr} of <{name}> (only http, https, mailto and tel URLs are kept)"
                                        ),
                                    });
                                }
                            }
                        }
                    }
                }
            }
            Tok::End { name } if inside_dropped == Some(name.as_str()) => inside_dropped = None,
            _ => {}
        }
    }
    let output = match policy {
        RawHtml::Deny if tokens.iter().any(|t| matches!(t, Tok::Comment(_))) => serialize(&tokens, false),
        _ => html.to_string(),
    };
    Unit { findings, output, links, ids, tokens }
}

pub(super) fn is_image_attr(tag: &str, attr: &str) -> bool {
    matches!(
        (tag, attr),
        ("img", "src" | "srcset") | ("source", "src" | "srcset") | ("video", "poster") | ("input", "src")
    )
}

/// The URLs an attribute holds: its value, each candidate of a `srcset`, the target of a meta
/// refresh, and the values an SVG animation may set.
fn urls_of<'v>(tag: &str, attr: &str, value: &'v str, attrs: &[(String, String)]) -> Vec<&'v str> {
    let animation = matches!(tag, "animate" | "set" | "animatemotion" | "animatetransform");
    match attr {
        "srcset" | "imagesrcset" => value.split(',').filter_map(|c| c.split_whitespace().next()).collect(),
        "content" if tag == "meta" => {
            let refresh = attrs.iter().any(|(k, v)| k == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
            let lower = value.to_ascii_lowercase();
            match lower.find("url").filter(|_| refresh) {
                Some(i) => {
                    let rest = value[i + 3..].trim_start();
                    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
                    vec![rest.trim_matches(|c| c == '\'' || c == '"')]
                }
                None => Vec::new(),
            }
        }
        "to" | "from" | "by" if animation => vec![value],
        "values" if animation => value.split(';').collect(),
        a if URL_ATTRS.contains(&a) => vec![value],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::sanitize::{clean_page, marker_for, unit_marker};
    use super::*;

    fn kinds(html: &str, policy: RawHtml) -> Vec<String> {
        inspect(html, policy)
            .findings
            .into_iter()
            .map(|f| match f {
                Finding::UnsafeUrl { line, what, url, kind } => format!("{line}: {kind} {what} {url}"),
                Finding::Dropped { line, what } => format!("{line}: dropped {what}"),
            })
            .collect()
    }

    #[test]
    fn unsafe_urls_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}java\tscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
        ] {
            assert!(unsafe_url(url, true).is_some(), "{url:?}");
        }
        assert_eq!(unsafe_url("data:image/png;base64,iVBO", true), None);
        assert_eq!(unsafe_url("data:image/png;base64,iVBO", false), Some("data"), "a link to a data: image");
        for url in ["https://a.org/javascript:x", "page.md", "#javascript:", "mailto:a@b.c", "./javascript:x"] {
            assert_eq!(unsafe_url(url, false), None, "{url:?}");
        }
    }

    #[test]
    fn unsafe_urls_in_attributes_are_found_entities_and_all_under_every_policy() {
        for policy in [RawHtml::Allow, RawHtml::Safe, RawHtml::Deny] {
            let found = kinds("<a href=\"&#106;avascript&colon;alert(1)\">x</a>", policy);
            assert_eq!(found[0], "0: script <a href> javascript:alert(1)", "{policy:?}");
        }
        let found = kinds(
            "<p>\n<img src=\"data:text/html,x\">\n<img srcset=\"a.png 1x, javascript:x 2x\">\n<form action=\"vbscript:x\"><button formaction=javascript:y>\n<meta http-equiv=\"refresh\" content=\"0; url=javascript:alert(1)\">\n<svg><a xlink:href=\"javascript:x\"><set attributeName=href to=\"javascript:z\"/></a></svg>",
            RawHtml::Allow,
        );
        assert_eq!(
            found,
            vec![
                "1: data <img src> data:text/html,x",
                "2: script <img srcset> javascript:x",
                "3: script <form action> vbscript:x",
                "3: script <button formaction> javascript:y",
                "4: script <meta content> javascript:alert(1)",
                "5: script <a xlink:href> javascript:x",
                "5: script <set to> javascript:z",
            ]
        );
        assert!(
            kinds(
                "<img src=\"data:image/png;base64,AAAA\" alt=\"dot\"><a title=\"javascript: a language\">",
                RawHtml::Allow
            )
            .is_empty()
        );
    }

    #[test]
    fn safe_reports_each_hostile_construct() {
        let found = kinds(
            "<script>alert('<img onerror=x>')</script><base href=\"https://evil.example/\"><img src=x.png onerror=\"alert(1)\" style=\"position:fixed\">\n<form><input name=q></form><meta http-equiv=refresh content=\"0; url=https://evil.example\"><iframe src=\"https://evil.example\"><p>x</p></iframe>\n<kbd>Ctrl</kbd><details open><summary>More</summary></details><a href=\"myapp:open\">",
            RawHtml::Safe,
        );
        assert_eq!(
            found,
            vec![
                "0: dropped <script> with its content",
                "0: dropped <base> tag (its content is kept)",
                "0: dropped onerror attribute of <img>",
                "0: dropped style attribute of <img>",
                "1: dropped <form> tag (its content is kept)",
                "1: dropped <input> tag (its content is kept)",
                "1: dropped <meta> tag (its content is kept)",
                "1: dropped <iframe> with its content",
                "2: dropped href of <a> (only http, https, mailto and tel URLs are kept)",
            ]
        );
        assert!(kinds("<kbd>Ctrl</kbd> <details open><summary>x</summary></details>", RawHtml::Allow).is_empty());
    }

    #[test]
    fn deny_names_each_tag_and_leaves_comments_out_of_the_text() {
        assert_eq!(kinds("<kbd>Ctrl</kbd>", RawHtml::Deny), vec!["0: dropped <kbd>"]);
        let unit = inspect("<!-- internal note --><b>x</b>", RawHtml::Deny);
        assert_eq!(unit.output, "<b>x</b>");
        assert_eq!(inspect("<B>x</B>", RawHtml::Deny).output, "<B>x</B>", "shown as written");
    }

    #[test]
    fn serialize_reads_back_as_the_same_tokens() {
        let html =
            "<p class=\"a&amp;b\" title='q\"'>1 &lt; 2 &amp; x</p><script>if (a < b && c) {}</script><br/><!-- c -->";
        let once = serialize(&tokenize(html), true);
        assert_eq!(tokenize(&once), tokenize(html));
        assert!(once.contains("if (a < b && c)"), "{once}");
    }

    fn clean(skeleton: &[&str]) -> String {
        // Alternate docent HTML and raw units, as the events pass renders them.
        let marker = marker_for(&skeleton.concat());
        let mut html = String::new();
        let mut units = Vec::new();
        for (i, part) in skeleton.iter().enumerate() {
            if i % 2 == 0 {
                html.push_str(part);
            } else {
                html.push_str(&unit_marker(marker, units.len()));
                units.push(part.to_string());
            }
        }
        clean_page(&html, marker, &units)
    }

    #[test]
    fn clean_page_keeps_docent_html_and_cleans_raw_html_in_context() {
        // <details> across blocks with Markdown between.
        assert_eq!(
            clean(&[
                "<p>a</p>\n",
                "<details>\n<summary>More</summary>\n",
                "<p>Inside <em>md</em></p>\n",
                "</details>\n",
                ""
            ]),
            "<p>a</p>\n<details>\n<summary>More</summary>\n<p>Inside <em>md</em></p>\n</details>\n"
        );
        // An inline span with an event handler around Markdown text.
        assert_eq!(
            clean(&[
                "<p>Press ",
                "<span onclick=\"alert(1)\" class=\"k\">",
                "<strong>now</strong>",
                "</span>",
                "!</p>\n"
            ]),
            "<p>Press <span class=\"k\"><strong>now</strong></span>!</p>\n"
        );
        // Inline script: its text goes with it.
        assert_eq!(clean(&["<p>x ", "<script>", "alert(1)", "</script>", " y</p>"]), "<p>x  y</p>");
        // Hostile blocks.
        assert_eq!(
            clean(&[
                "",
                "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><form action=\"/x\"><input name=q>Name</form><iframe src=\"https://evil.example\"></iframe>",
                "<p>after</p>"
            ]),
            "Name<p>after</p>"
        );
        assert_eq!(
            clean(&["<p>", "<img src=\"x.png\" onerror=\"alert(1)\" alt=\"x\">", "</p>"]),
            "<p><img src=\"x.png\" alt=\"x\"></p>"
        );
        // A stray end tag cannot close docent's (or the theme's) elements; an open one is closed.
        assert_eq!(
            clean(&["<div class=\"callout\"><p>a</p>\n", "</div></div>", "<p>b</p></div>"]),
            "<div class=\"callout\"><p>a</p>\n<p>b</p></div>"
        );
        assert_eq!(clean(&["", "<div>", "<p>b</p>"]), "<div><p>b</p></div>");
        // Docent's HTML swallowed by an unterminated attribute is not restored as markup.
        let out = clean(&["", "<div title=\"", "<p>\"><img src=x onerror=alert(1)></p>", "\">", ""]);
        assert!(!out.contains("onerror"), "{out}");
        // Links: unsafe schemes dropped, data: images kept.
        assert_eq!(
            clean(&[
                "",
                "<a href=\"javascript:alert(1)\">x</a><img src=\"data:image/png;base64,AA\" alt=\"d\"><a href=\"data:text/html,x\">y</a>",
                ""
            ]),
            "<a rel=\"noopener noreferrer\">x</a><img src=\"data:image/png;base64,AA\" alt=\"d\"><a rel=\"noopener noreferrer\">y</a>"
        );
    }
}
