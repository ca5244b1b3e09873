//! The import report: what the importer changed (counted by kind of change) and what it could not
//! translate or only approximated (each with file and line), rendered as text for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Everything an import did that an author should know about.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// Kind of change (`{{#include}} expanded`) -> how many times.
    pub changes: BTreeMap<String, usize>,
    /// What needs a hand: not translated, approximated, or broken in the source.
    pub notes: Vec<Note>,
    /// Pages and other files written.
    pub pages: usize,
    pub files: usize,
}

/// One thing the importer could not translate faithfully, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// A source file (relative to SOURCE) or, for `content/...`, a file of the written site.
    pub file: String,
    /// 1-based line, 0 when the note is about the whole file.
    pub line: u32,
    pub message: String,
}

impl Report {
    pub fn count(&mut self, change: &str, n: usize) {
        if n > 0 {
            *self.changes.entry(change.to_string()).or_default() += n;
        }
    }

    pub fn note(&mut self, file: &str, line: u32, message: impl Into<String>) {
        self.notes.push(Note { file: file.to_string(), line, message: message.into() });
    }

    /// The report as text: a summary line, the counted changes, then each note with its place.
    pub fn render(&self, from: &str, into: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Imported {} pages and {} other files from {from} into {into}", self.pages, self.files);
        if !self.changes.is_empty() {
            let _ = writeln!(out, "\nChanged:");
            for (what, n) in &self.changes {
                let _ = writeln!(out, "  {n:>5}  {what}");
            }
        }
        let mut notes = self.notes.clone();
        notes.sort();
        notes.dedup();
        if notes.is_empty() {
            let _ = writeln!(out, "\nNothing left to translate by hand.");
        } else {
            let _ = writeln!(out, "\nNot translated or approximated ({}):", notes.len());
            for n in &notes {
                if n.line > 0 {
                    let _ = writeln!(out, "  {}:{}: {}", n.file, n.line, n.message);
                } else {
                    let _ = writeln!(out, "  {}: {}", n.file, n.message);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_counts_and_lists_notes_in_file_order() {
        let mut r = Report { pages: 2, files: 1, ..Default::default() };
        r.count("links rewritten", 3);
        r.count("links rewritten", 1);
        r.count("nothing", 0);
        r.note("src/b.md", 4, "shortcode `x` not translated");
        r.note("src/a.md", 9, "anchor dropped");
        let text = r.render("book", "site");
        assert!(text.starts_with("Imported 2 pages and 1 other files from book into site\n"), "{text}");
        assert!(text.contains("      4  links rewritten"), "{text}");
        assert!(!text.contains("nothing"), "{text}");
        let a = text.find("src/a.md:9").unwrap();
        let b = text.find("src/b.md:4").unwrap();
        assert!(a < b, "{text}");
        assert!(text.contains("Not translated or approximated (2):"), "{text}");
    }
}
