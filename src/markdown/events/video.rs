//! `::video[NAME]` written as a paragraph of its own: replaced by the video's player and its
//! "Learn More" link (made by `Links::video_embed`), and left out of the page's text for search.

use super::Pass;
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event};

impl Pass<'_, '_> {
    /// Replaces a paragraph that is only `::video[NAME]` with the video's player and link.
    pub(super) fn video_embed(&mut self) -> bool {
        let Some(p) = self.paragraph.take() else { return false };
        if self.heading.is_some() || p.out_len >= self.out.len() {
            return false;
        }
        let mut text = String::new();
        for e in &self.out[p.out_len + 1..] {
            match e {
                Event::Text(t) => text.push_str(t),
                _ => return false,
            }
        }
        let Some(name) = text.trim().strip_prefix("::video[").and_then(|r| r.strip_suffix(']')) else { return false };
        match self.links.video_embed(name.trim()) {
            Ok(html) => {
                self.out.truncate(p.out_len);
                self.out.push(Event::Html(CowStr::from(html)));
                if let Some(s) = self.result.sections.last_mut() {
                    s.text.truncate(p.section_len);
                }
                self.result.summary.truncate(p.summary_len);
                true
            }
            Err(e) => {
                let span = self.span(p.offset);
                self.result
                    .diagnostics
                    .push(Diagnostic::error(span, format!("::video: {}", e.problem)).with_help(e.help));
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn video_embed_replaces_its_paragraph_and_names_missing_videos() {
        let r = md("Watch it:\n\n::video[intro]\n\nMore.\n");
        assert!(r.html.contains("<p>Watch it:</p>\n<figure>intro</figure>\n<p>More.</p>"), "{}", r.html);
        assert!(!r.sections[0].text.contains("::video"), "{:?}", r.sections);
        let r = md("Intro\n\n::video[../secret]\n");
        assert_eq!(r.diagnostics.len(), 1);
        let s = r.diagnostics[0].span.as_ref().unwrap();
        assert_eq!((s.file.as_str(), s.line), ("content/a.md", 7));
        assert!(r.diagnostics[0].message.contains("../secret"));
        let r = md("Say ::video[intro] inline.\n");
        assert!(r.html.contains("::video[intro]"), "only a paragraph of its own is an embed");
    }
}
