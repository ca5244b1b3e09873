//! Markdown facts the importer needs, read with pulldown-cmark the way docent reads pages: the
//! headings (and the ids each tool gives them), the leading `# Title`, and every link
//! destination with its byte range, so that links can be rewritten in place without touching
//! the rest of the text.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading's text (inline code included, as docent counts it) and its `{#id}`, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub text: String,
    pub custom_id: Option<String>,
}

pub fn headings(body: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<Heading> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some(Heading { text: String::new(), custom_id: id.map(|i| i.to_string()) })
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut current {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// How a tool turns heading text into an id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slugs {
    /// docent: lowercase, every run of other characters one `-`.
    Docent,
    /// mdBook, Hugo (goldmark) and GitHub: lowercase, spaces to `-`, punctuation dropped.
    Github,
    /// Python-Markdown's toc (MkDocs): ASCII only, punctuation dropped, runs of `-` and spaces one `-`.
    Mkdocs,
}

pub fn slug(style: Slugs, text: &str) -> String {
    match style {
        Slugs::Docent => {
            let s = crate::slug::slugify(text.trim());
            if s.is_empty() { "section".into() } else { s }
        }
        Slugs::Github => text
            .trim()
            .chars()
            .filter_map(|c| {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    Some(c.to_lowercase().next().unwrap_or(c))
                } else if c.is_whitespace() {
                    Some('-')
                } else {
                    None
                }
            })
            .collect(),
        Slugs::Mkdocs => {
            let kept: String = text
                .chars()
                .filter(|c| c.is_ascii() && (c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace()))
                .collect();
            let lower = kept.trim().to_ascii_lowercase();
            let mut out = String::new();
            let mut run = false;
            for c in lower.chars() {
                if c == '-' || c.is_whitespace() {
                    run = true;
                } else {
                    if run {
                        out.push('-');
                    }
                    run = false;
                    out.push(c);
                }
            }
            if run {
                out.push('-');
            }
            out
        }
    }
}

/// The ids of a page's headings in order, made unique the way `style`'s tool does.
pub fn ids(style: Slugs, headings: &[Heading]) -> Vec<String> {
    let sep = if style == Slugs::Mkdocs { "_" } else { "-" };
    let mut seen: HashMap<String, usize> = HashMap::new();
    headings
        .iter()
        .map(|h| {
            let base = h.custom_id.clone().unwrap_or_else(|| slug(style, &h.text));
            match seen.get_mut(&base) {
                Some(n) => {
                    *n += 1;
                    let id = format!("{base}{sep}{n}");
                    seen.entry(id.clone()).or_insert(0);
                    id
                }
                None => {
                    seen.insert(base.clone(), 0);
                    base
                }
            }
        })
        .collect()
}

/// When the body opens with a level-1 heading: its text and the body without it.
pub fn take_leading_h1(body: &str) -> Option<(String, String)> {
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let (first, range) = parser.next()?;
    if !matches!(first, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })) {
        return None;
    }
    let mut text = String::new();
    for (event, r) in parser {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::Heading(_)) => {
                let end = r.end.max(range.end);
                let rest = body[end..].trim_start_matches('\n');
                return Some((text.trim().to_string(), rest.to_string()));
            }
            _ => {}
        }
    }
    None
}

/// A link or image destination as written, and where its text is in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkDest {
    pub dest: String,
    pub range: Range<usize>,
    pub is_image: bool,
    /// For inline links: the whole `[text](dest)` and its text (or an image's alt text).
    pub whole: Option<(Range<usize>, Range<usize>)>,
}

/// Every link and image destination in `body` whose text can be found verbatim (inline links and
/// reference definitions; autolinks are left out, they are external).
pub fn link_dests(body: &str) -> Vec<LinkDest> {
    let parser = Parser::new_ext(body, options());
    let mut out = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        if let Some(range) = find_in(body, def.span.clone(), &def.dest) {
            out.push(LinkDest { dest: def.dest.to_string(), range, is_image: false, whole: None });
        }
    }
    for (event, range) in parser.into_offset_iter() {
        let (link_type, dest, is_image) = match &event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => (*link_type, dest_url, false),
            Event::Start(Tag::Image { link_type, dest_url, .. }) => (*link_type, dest_url, true),
            _ => continue,
        };
        if !matches!(link_type, LinkType::Inline) || dest.is_empty() {
            continue;
        }
        // The destination follows the link text: search from the last `](`.
        let text = &body[range.clone()];
        let Some(open) = text.rfind("](") else { continue };
        let start = range.start + open + 2;
        if let Some(r) = find_in(body, start..range.end, dest) {
            let text_start = range.start + if is_image { 2 } else { 1 };
            let whole = (text_start <= range.start + open).then(|| (range.clone(), text_start..range.start + open));
            out.push(LinkDest { dest: dest.to_string(), range: r, is_image, whole });
        }
    }
    out.sort_by_key(|l| l.range.start);
    out.dedup_by_key(|l| l.range.start);
    out
}

/// Every `src`/`href` value of raw HTML in `body` (quoted with `"` or `'`).
pub fn html_urls(body: &str) -> Vec<LinkDest> {
    let mut out = Vec::new();
    // Comments (the importer's own included) may span several HTML events.
    let mut in_comment = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            continue;
        }
        let text = &body[range.clone()];
        let mut live = vec![true; text.len()];
        let mut pos = 0;
        while pos < text.len() {
            if in_comment {
                match text[pos..].find("-->") {
                    Some(e) => {
                        live[pos..pos + e + 3].iter_mut().for_each(|l| *l = false);
                        pos += e + 3;
                        in_comment = false;
                    }
                    None => {
                        live[pos..].iter_mut().for_each(|l| *l = false);
                        pos = text.len();
                    }
                }
            } else {
                match text[pos..].find("<!--") {
                    Some(b) => {
                        pos += b;
                        in_comment = true;
                    }
                    None => pos = text.len(),
                }
            }
        }
        for attr in ["src=", "href="] {
            let mut at = 0;
            while let Some(i) = text[at..].find(attr) {
                let start = at + i;
                at = start + attr.len();
                if !live[start] {
                    continue;
                }
                let before = text[..start].chars().next_back();
                if !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                let Some(q) = text[at..].chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
                let Some(len) = text[at + 1..].find(q) else { continue };
                let value = &text[at + 1..at + 1 + len];
                let r = range.start + at + 1..range.start + at + 1 + len;
                out.push(LinkDest { dest: value.to_string(), range: r, is_image: attr == "src=", whole: None });
            }
        }
    }
    out
}

fn find_in(body: &str, within: Range<usize>, needle: &str) -> Option<Range<usize>> {
    let hay = body.get(within.clone())?;
    let at = hay.find(needle)?;
    Some(within.start + at..within.start + at + needle.len())
}

/// Replaces byte ranges of `text` (ranges must not overlap).
pub fn apply_edits(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, with) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&with);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tool_slugs_its_own_way() {
        let text = "Where's the `?` operator";
        assert_eq!(slug(Slugs::Docent, text), "where-s-the-operator");
        assert_eq!(slug(Slugs::Github, text), "wheres-the--operator");
        assert_eq!(slug(Slugs::Mkdocs, text), "wheres-the-operator");
        assert_eq!(slug(Slugs::Github, "a_b c"), "a_b-c");
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let h = headings("# A\n## A\n## B {#own}\n## A\n");
        assert_eq!(ids(Slugs::Docent, &h), vec!["a", "a-1", "own", "a-2"]);
        assert_eq!(ids(Slugs::Mkdocs, &h), vec!["a", "a_1", "own", "a_2"]);
    }

    #[test]
    fn leading_h1_is_taken_in_both_forms() {
        assert_eq!(take_leading_h1("# The `x` title\n\nText\n"), Some(("The x title".into(), "Text\n".into())));
        assert_eq!(take_leading_h1("Title\n=====\nText\n"), Some(("Title".into(), "Text\n".into())));
        assert_eq!(take_leading_h1("Text\n# Late\n"), None);
    }

    #[test]
    fn link_destinations_are_found_in_place() {
        let body = "[a.md](a.md) and ![i](img/x.png \"t\")\n\n[r]: b.html#x\n\nSee [r] and <https://e.org>.\n";
        let found: Vec<(String, &str)> =
            link_dests(body).into_iter().map(|l| (l.dest.clone(), &body[l.range])).collect();
        assert_eq!(
            found,
            vec![("a.md".into(), "a.md"), ("img/x.png".into(), "img/x.png"), ("b.html#x".into(), "b.html#x")]
        );
        let first = &link_dests(body)[0];
        assert_eq!(first.range.start, 7, "the destination, not the text");
    }

    #[test]
    fn raw_html_urls_are_found() {
        let body = "<img class=\"r\" src=\"images/a.svg\" alt=\"x\">\n\nText <a href='b.md#c'>b</a> `<a href=\"code\">`\n\n<!-- x\n<img src=\"no.png\">\n-->\n<!-- <a href=\"no\"> --> <a href=\"yes\">\n";
        let urls: Vec<String> = html_urls(body).into_iter().map(|l| body[l.range].to_string()).collect();
        assert_eq!(urls, vec!["images/a.svg", "b.md#c", "yes"]);
    }

    #[test]
    fn edits_apply_in_order() {
        assert_eq!(apply_edits("abcdef", vec![(4..5, "E".into()), (0..1, "A".into())]), "AbcdEf");
    }
}
