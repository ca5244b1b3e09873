//! The `[markdown] raw_html = "safe"` policy: the allow-list of elements, attributes and URL
//! schemes, and the cleaning of a whole page with ammonia.
//!
//! Takes a page rendered with a marker in place of each raw HTML unit (`html::inspect` reads the
//! units one by one, for unsafe URLs and for what this policy drops); gives the page with its raw
//! HTML cleaned in context and docent's own HTML put back untouched. Does not decide what counts
//! as an unsafe URL: that is `html::unsafe_url`, which applies under every policy.

use super::html::{URL_ATTRS, is_image_attr, unsafe_url};
use std::collections::{HashMap, HashSet};

/// Elements `safe` keeps (with their content): formatting, lists, tables, `<details>`.
pub(super) const SAFE_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements `safe` drops with everything inside them: their content is code, a document of its
/// own, or form state, never text meant for the reader.
pub(super) const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "textarea",
    "title",
    "xmp",
    "select",
    "svg",
    "math",
    "plaintext",
];

/// Attributes `safe` keeps on every kept element. `id` stays because raw ids are anchors that
/// links point at; `style` goes, so that pasted content cannot overlay or restyle the theme.
const SAFE_GENERIC_ATTRS: &[&str] = &["align", "class", "dir", "id", "lang", "title"];

/// Attributes `safe` keeps on particular elements.
const SAFE_TAG_ATTRS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("img", &["alt", "height", "loading", "src", "width"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("q", &["cite"]),
    ("td", &["colspan", "headers", "rowspan"]),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope"]),
    ("time", &["datetime"]),
];

/// URL schemes `safe` keeps (relative URLs always stay); `data:` only for images, see `unsafe_url`.
pub(super) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// True when `safe` keeps attribute `attr` on element `tag`.
pub(super) fn attr_allowed(tag: &str, attr: &str) -> bool {
    SAFE_GENERIC_ATTRS.contains(&attr) || SAFE_TAG_ATTRS.iter().any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// A character that does not occur in `text`, from Unicode's supplementary private use area, to
/// mark raw HTML units in a page rendered for `safe`.
pub fn marker_for(text: &str) -> char {
    ('\u{F0000}'..='\u{FFFFD}').find(|c| !text.contains(*c)).unwrap_or('\u{FFFFD}')
}

/// The marker a page rendered for `safe` carries in place of raw HTML unit `i`.
pub fn unit_marker(marker: char, i: usize) -> String {
    format!("{marker}{i}{marker}")
}

/// Cleans the raw HTML of a page rendered with `unit_marker`s in place of `units`: builds the
/// skeleton (raw HTML, with docent's HTML as placeholders), cleans it with ammonia, and puts
/// docent's HTML back. Docent's HTML that ends up inside something dropped (a `<script>`, an
/// attribute value) goes with it, as a browser would hide it too.
pub fn clean_page(html: &str, marker: char, units: &[String]) -> String {
    let mut chunks: Vec<&str> = Vec::new();
    let mut skeleton = String::with_capacity(html.len() / 4);
    let mut parts = html.split(marker);
    let mut expected = 0;
    while let Some(docent) = parts.next() {
        if !docent.is_empty() {
            skeleton.push_str(&unit_marker(marker, chunks.len()));
            chunks.push(docent);
        }
        let Some(index) = parts.next() else { break };
        match index.parse::<usize>().ok().filter(|i| *i == expected) {
            Some(i) => skeleton.push_str(&units[i]),
            // Docent's HTML never holds the marker (it is absent from the page); if it ever did,
            // cleaning the whole page is still safe.
            None => return builder(marker).clean(&html.replace(marker, "")).to_string(),
        }
        expected += 1;
    }
    let cleaned = builder(marker).clean(&skeleton).to_string();
    let mut out = String::with_capacity(html.len());
    let mut used = vec![false; chunks.len()];
    let mut parts = cleaned.split(marker);
    while let Some(text) = parts.next() {
        out.push_str(text);
        let Some(index) = parts.next() else { break };
        if let Some(i) = index.parse::<usize>().ok().filter(|i| *i < chunks.len() && !used[*i]) {
            used[i] = true;
            out.push_str(chunks[i]);
        }
    }
    out
}

fn builder(marker: char) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    let tag_attrs: HashMap<&str, HashSet<&str>> =
        SAFE_TAG_ATTRS.iter().map(|(t, a)| (*t, a.iter().copied().collect())).collect();
    b.tags(SAFE_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(SAFE_GENERIC_ATTRS.iter().copied().collect())
        .tag_attributes(tag_attrs)
        .url_schemes(SAFE_SCHEMES.iter().copied().collect())
        .attribute_filter(move |tag, attr, value| {
            // A placeholder inside an attribute must not come back as markup, and `data:` is
            // only for images.
            if URL_ATTRS.contains(&attr) && unsafe_url(value, is_image_attr(tag, attr)).is_some() {
                return None;
            }
            Some(if value.contains(marker) { value.replace(marker, "").into() } else { value.into() })
        });
    b
}
