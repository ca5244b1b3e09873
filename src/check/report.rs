//! The three shapes of a check report: `text` (like a compiler: location, the source line, a
//! caret, a hint), `json` (a stable, versioned schema documented in docs/check-json.md) and
//! `github` (workflow commands that GitHub Actions shows as annotations on the changed lines).
//!
//! Pure: source lines come from a `Sources` the caller provides; nothing here prints.

use super::Report;
use crate::diagnostics::Severity;
use serde::Serialize;
use std::fmt::Write as _;

/// The version of the JSON report's schema; raised only when a field changes meaning or goes.
pub const JSON_VERSION: u32 = 1;

/// Gives the text of a line of a file of the site (1-based), for the text report's snippets.
pub trait Sources {
    fn line(&mut self, file: &str, line: u32) -> Option<String>;
}

/// No source lines: the report without snippets.
pub struct NoSources;
impl Sources for NoSources {
    fn line(&mut self, _: &str, _: u32) -> Option<String> {
        None
    }
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `error: path:line:col: message`, then the source line with a caret under the column, then
/// `= help: ...`; a blank line after each problem and a summary at the end.
pub fn text(report: &Report, sources: &mut dyn Sources) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let kind = label(d.severity);
        match &d.span {
            Some(s) => {
                let _ = writeln!(out, "{kind}: {}:{}:{}: {}", s.file, s.line, s.col, d.message);
                if let Some(src) = sources.line(&s.file, s.line) {
                    let src = src.replace('\t', " ");
                    let gutter = " ".repeat(s.line.to_string().len());
                    let caret_at = (s.col as usize).saturating_sub(1).min(src.chars().count());
                    let _ = writeln!(out, "{gutter} |");
                    let _ = writeln!(out, "{} | {}", s.line, src.trim_end());
                    let _ = writeln!(out, "{gutter} | {}^", " ".repeat(caret_at));
                }
            }
            None => {
                let _ = writeln!(out, "{kind}: {}", d.message);
            }
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out.push('\n');
    }
    for file in &report.fixed {
        let _ = writeln!(out, "fixed: {file}: translated_from is now the source's current hash");
    }
    for t in &report.translations {
        let _ = writeln!(
            out,
            "translations: {} ({}): {} of {} pages translated, {} outdated",
            t.language,
            t.name,
            t.translated,
            t.pages,
            t.outdated.len()
        );
        for page in &t.untranslated {
            let _ = writeln!(out, "  untranslated: {page}");
        }
        for page in &t.outdated {
            let _ = writeln!(out, "  outdated: {page}");
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// One line: what was found, in how many pages.
pub fn summary(report: &Report) -> String {
    let (e, w) = (report.errors(), report.warnings());
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    if e == 0 && w == 0 {
        format!("check: no problems in {}", plural(report.pages, "page"))
    } else {
        format!("check: {} and {} in {}", plural(e, "error"), plural(w, "warning"), plural(report.pages, "page"))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    translations: &'a [super::TranslationStatus],
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    pages: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

/// The JSON report (schema in docs/check-json.md), pretty-printed, ending with a newline.
pub fn json(report: &Report) -> String {
    let r = JsonReport {
        version: JSON_VERSION,
        summary: JsonSummary { errors: report.errors(), warnings: report.warnings(), pages: report.pages },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: label(d.severity),
                file: d.span.as_ref().map(|s| s.file.as_str()),
                line: d.span.as_ref().map(|s| s.line),
                column: d.span.as_ref().map(|s| s.col),
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        translations: &report.translations,
    };
    serde_json::to_string_pretty(&r).expect("the report is plain data") + "\n"
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=docent::message`.
/// `prefix` is the site folder relative to the repository (`docs/`), since annotations name
/// files from the repository's root.
pub fn github(report: &Report, prefix: &str) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let kind = label(d.severity);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let message = escape_data(&message);
        match &d.span {
            Some(s) => {
                let file = escape_property(&format!("{prefix}{}", s.file));
                let _ = writeln!(out, "::{kind} file={file},line={},col={},title=docent::{message}", s.line, s.col);
            }
            None => {
                let _ = writeln!(out, "::{kind} title=docent::{message}");
            }
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Span};

    struct One;
    impl Sources for One {
        fn line(&mut self, _: &str, _: u32) -> Option<String> {
            Some("See [x](missing.md).".into())
        }
    }

    fn report() -> Report {
        Report {
            diagnostics: vec![
                Diagnostic::error(Span::new("content/a.md", 12, 5), "link to missing.md: no such page")
                    .with_help("check the path"),
            ],
            pages: 3,
            ..Default::default()
        }
    }

    #[test]
    fn text_shows_the_line_and_a_caret_under_the_column() {
        let t = text(&report(), &mut One);
        assert_eq!(
            t,
            "error: content/a.md:12:5: link to missing.md: no such page\n   |\n12 | See [x](missing.md).\n   |     ^\n  = help: check the path\n\ncheck: 1 error and 0 warnings in 3 pages\n"
        );
    }

    #[test]
    fn github_escapes_newlines_and_property_separators() {
        let mut r = report();
        r.diagnostics[0].span.as_mut().unwrap().file = "content/a,b.md".into();
        assert_eq!(
            github(&r, "docs/"),
            "::error file=docs/content/a%2Cb.md,line=12,col=5,title=docent::link to missing.md: no such page%0Ahelp: check the path\n"
        );
    }

    #[test]
    fn json_has_version_summary_and_null_locations() {
        let mut r = report();
        r.diagnostics.push(Diagnostic { severity: Severity::Warning, span: None, message: "m".into(), help: None });
        let v: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["diagnostics"][0]["column"], 5);
        assert!(v["diagnostics"][1]["file"].is_null());
    }
}
