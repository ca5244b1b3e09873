//! Footnotes with a way back: each reference has an id, and each note ends with a link to where
//! it was first cited (pulldown-cmark's own HTML has no back-link, so a reader who follows a
//! footnote on a long page loses their place).
//!
//! Notes are numbered in the order they are first met, reference or definition, as
//! pulldown-cmark numbers them.

use super::text::escape;
use std::collections::HashMap;

#[derive(Default)]
pub struct Footnotes {
    numbers: HashMap<String, usize>,
    /// How many references each note has had so far.
    cited: HashMap<String, usize>,
}

impl Footnotes {
    fn number(&mut self, name: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(name.to_string()).or_insert(next)
    }

    /// The HTML of a reference `[^name]`: the first has the id the note links back to.
    pub fn reference(&mut self, name: &str) -> String {
        let n = self.number(name);
        let count = self.cited.entry(name.to_string()).or_insert(0);
        *count += 1;
        let id = escape(name);
        let ref_id = if *count == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{count}") };
        format!("<sup class=\"footnote-reference\" id=\"{ref_id}\"><a href=\"#fn-{id}\">{n}</a></sup>")
    }

    /// The HTML that opens the note `[^name]: ...`.
    pub fn start(&mut self, name: &str) -> String {
        let n = self.number(name);
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
            escape(name)
        )
    }

    /// The HTML that closes the note: the back-link (when the note is cited) and `</div>`.
    /// `back_label` is the link's escaped label, `{n}` standing for the note's number.
    pub fn end(&mut self, name: &str, back_label: &str) -> String {
        let n = self.number(name);
        if self.cited.contains_key(name) {
            format!(
                "<a href=\"#fnref-{}\" class=\"footnote-backref\" aria-label=\"{}\">↩</a></div>\n",
                escape(name),
                back_label.replace("{n}", &n.to_string())
            )
        } else {
            "</div>\n".to_string()
        }
    }
}
