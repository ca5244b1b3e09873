//! Links in the events pass: a Markdown link's target is rewritten through `Links`, recorded
//! for `check` (with the anchor it names) and reported at its line when it points at nothing;
//! a target left out of a `--role` build leaves only the link's text; bare URLs in text become
//! links. Images (`figure.rs`) and raw HTML (`raw.rs`) have their URLs rewritten here too. What
//! a name points at is decided by `resolve`, behind `Links`, never here.

use super::Pass;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::text::{escape, split_urls};
use crate::markdown::{AnchorRef, LinkRef, LintKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The link being rendered: where it starts and whether a reader sees anything in it.
pub(super) struct OpenLink {
    pub(super) dest: String,
    pub(super) offset: usize,
    pub(super) has_text: bool,
}

impl<'a> Pass<'_, 'a> {
    /// A Markdown link opens: its target is rewritten through `Links` (an email or a bare URL is
    /// only recorded and checked for an unsafe scheme), and a target `--role` left out leaves only
    /// the link's text.
    pub(super) fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let dest_url = self.substitute_vars(dest_url, offset);
        self.link_depth += 1;
        if self.heading.is_some() {
            return; // a heading is itself a link to its anchor; links inside it show as text
        }
        self.link = Some(OpenLink { dest: dest_url.to_string(), offset, has_text: false });
        self.left_out_hit = false;
        let dest = match link_type {
            LinkType::Email | LinkType::Autolink => {
                self.record_link(&dest_url, offset, false);
                if self.unsafe_dest(&dest_url, offset, false) { CowStr::from("#") } else { dest_url }
            }
            _ => CowStr::from(self.rewrite_link(&dest_url, offset, false)),
        };
        self.link_text_only = std::mem::take(&mut self.left_out_hit);
        if !self.link_text_only {
            self.emit(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
        }
    }

    /// A link closes: one a reader cannot see (no text, no image) is linted.
    pub(super) fn end_link(&mut self) {
        self.link_depth = self.link_depth.saturating_sub(1);
        if let Some(link) = self.link.take().filter(|l| !l.has_text) {
            self.lint(LintKind::EmptyLinkText { dest: link.dest }, link.offset);
        }
        if self.heading.is_none() && !std::mem::take(&mut self.link_text_only) {
            self.emit(Event::End(TagEnd::Link));
        }
    }

    /// Records a link as written, for `check`, without rewriting it.
    pub(super) fn record_link(&mut self, dest: &str, offset: usize, is_image: bool) {
        let span = self.span(offset);
        self.result.links.push(LinkRef { dest: dest.to_string(), span, is_image });
    }

    /// The URL to write for a link or image source at `offset`: `#` for an unsafe scheme
    /// (reported by `unsafe_dest`), otherwise `rewrite_link_at`'s answer.
    pub(super) fn rewrite_link(&mut self, dest: &str, offset: usize, is_image: bool) -> String {
        if self.unsafe_dest(dest, offset, is_image) {
            self.record_link(dest, offset, is_image);
            return "#".into();
        }
        self.rewrite_link_at(dest, self.span(offset), is_image)
    }

    /// Records a link or image source at `span` and gives the URL to write for it.
    pub(super) fn rewrite_link_at(&mut self, written: &str, span: Span, is_image: bool) -> String {
        let relocated = self.relocate(written);
        let dest = relocated.as_str();
        self.result.links.push(LinkRef { dest: dest.to_string(), span: span.clone(), is_image });
        match self.links.rewrite(dest) {
            Ok(r) => {
                if let Some((page, anchor)) = r.anchor {
                    self.result.anchor_refs.push(AnchorRef { page, anchor, span });
                }
                r.url
            }
            Err(e) if e.left_out && !is_image => {
                // A page for another audience (`docent build --role`): the link is its text.
                self.left_out_hit = true;
                String::new()
            }
            Err(e) => {
                let kind = if is_image { "image" } else { "link to" };
                let message = format!("{kind} {written}: {}", e.problem);
                self.result.diagnostics.push(Diagnostic::error(span, message).with_help(e.help));
                written.to_string()
            }
        }
    }

    /// Text with bare URLs (`https://…`, `www.…`): each URL written as a link and recorded.
    pub(super) fn autolink(&mut self, text: &str, offset: usize) {
        let mut at = offset;
        for (is_url, part) in split_urls(text) {
            if is_url {
                let href = if part.starts_with("www.") { format!("https://{part}") } else { part.to_string() };
                // The text may have lost escapes, so the column is the text's start when the URL is not found there.
                let found = self.text().get(at..).and_then(|rest| rest.find(part)).map_or(offset, |i| at + i);
                at = found + part.len();
                self.record_link(&href, found, false);
                self.html(format!("<a href=\"{}\">{}</a>", escape(&href), escape(part)));
            } else {
                self.emit(Event::Text(CowStr::from(part.to_string())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn broken_link_names_file_and_line() {
        let r = md("Intro\n\nSee [x](missing.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        let s = r.diagnostics[0].span.as_ref().unwrap();
        assert_eq!((s.file.as_str(), s.line, s.col), ("content/a.md", 7, 5));
    }

    #[test]
    fn links_are_rewritten_and_anchors_recorded() {
        let r = md("[go](other.md#steps)");
        assert!(r.html.contains("href=\"/other/#steps\""));
        assert_eq!(r.anchor_refs[0].anchor, "steps");
    }

    #[test]
    fn bare_urls_are_recorded_as_links() {
        let r = md("See https://example.org/a and www.ct.gov.\n");
        let found: Vec<(&str, u32)> = r.links.iter().map(|l| (l.dest.as_str(), l.span.col)).collect();
        assert_eq!(found, vec![("https://example.org/a", 5), ("https://www.ct.gov", 31)]);
    }

    #[test]
    fn missing_image_is_named_as_an_image() {
        let r = md("![x](missing.png)");
        assert_eq!(r.diagnostics[0].message, "image missing.png: no such page");
    }
}
