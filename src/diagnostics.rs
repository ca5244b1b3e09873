//! Diagnostics: every content problem found by any stage, as a value.
//!
//! Stages push `Diagnostic`s into a list instead of stopping at the first problem; the CLI renders
//! them once at the end (text here; JSON and CI annotations belong to `check`). Nothing in this
//! module prints: rendering returns a `String`.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a problem is. Errors fail the build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file of the site: path relative to the site root, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub fn new(file: impl Into<String>, line: u32, col: u32) -> Self {
        Span { file: file.into(), line, col }
    }
    /// A span naming a whole file (line 1, column 1).
    pub fn file(file: impl Into<String>) -> Self {
        Span::new(file, 1, 1)
    }
}

/// One problem, with where it is, what it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, span: Some(span), message: message.into(), help: None }
    }
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, span: Some(span), message: message.into(), help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics by file, line and column so that output does not depend on thread timing.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.span, a.severity, &a.message).cmp(&(&b.span, b.severity, &b.message)));
}

/// Renders diagnostics the way compilers do: `error: file:line:col: message`, then `  = help: ...`.
pub fn render_text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &d.span {
            Some(s) => {
                let _ = writeln!(out, "{label}: {}:{}:{}: {}", s.file, s.line, s.col, d.message);
            }
            None => {
                let _ = writeln!(out, "{label}: {}", d.message);
            }
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
    }
    out
}

/// Maps byte offsets of a text to 1-based line and column (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }
    /// Line and column of a byte offset; offsets past the end map to the last position.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines_and_columns() {
        let idx = LineIndex::new("ab\ncdé\nf");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(7), (2, 4));
        assert_eq!(idx.position(8), (3, 1));
    }

    #[test]
    fn text_rendering_has_location_and_help() {
        let d = Diagnostic::error(Span::new("content/a.md", 3, 5), "link to b.md: no such page")
            .with_help("check the path");
        assert_eq!(
            render_text(&[d]),
            "error: content/a.md:3:5: link to b.md: no such page\n  = help: check the path\n"
        );
    }
}
