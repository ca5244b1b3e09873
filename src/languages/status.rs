//! Translation status: which pages each language still lacks, and which translations are
//! outdated.
//!
//! A translation records the content hash of the source it was translated from
//! (`translated_from = "…"` in its front matter). When the source's hash is no longer that
//! value the translation is outdated: a warning at that line, with a summary of how the two
//! texts' shapes differ now (headings and paragraphs per section; the old source text is not
//! kept anywhere, so the summary compares the source as it is with the translation).
//! `set_translated_from` is the pure half of `docent check --fix-hashes`: it rewrites that one
//! front matter line (or adds it) and nothing else.

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Span};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;

/// The content hash of a default-language page: the first 16 hex digits of the SHA-256 of its
/// title, description and body. Stable across docent versions (a translation keeps it for years)
/// and blind to keys that do not change the text (weight, aliases).
pub fn source_hash(page: &Page) -> String {
    let mut h = Sha256::new();
    for part in [page.front.title.as_deref().unwrap_or(""), page.front.description.as_deref().unwrap_or("")] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(page.body.trim_end().as_bytes());
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Per language (other than the default), the default pages it has no translation of.
pub fn untranslated(site: &Site) -> BTreeMap<String, Vec<String>> {
    super::other_languages(&site.config)
        .into_iter()
        .map(|code| {
            let missing = site
                .pages
                .iter()
                .filter(|p| !p.generated)
                .filter(|p| {
                    !site
                        .translations
                        .iter()
                        .any(|t| t.translation.as_ref().is_some_and(|t| t.lang == code && t.of == p.source))
                })
                .map(|p| p.source.clone())
                .collect();
            (code.to_string(), missing)
        })
        .collect()
}

/// A translation whose recorded hash is missing or not its source's current one.
pub struct Outdated<'a> {
    pub translation: &'a Page,
    pub current: String,
}

/// The translations that need a review: no `translated_from`, or one that is not the source's
/// hash any more.
pub fn outdated(site: &Site) -> Vec<Outdated<'_>> {
    site.translations
        .iter()
        .filter_map(|t| {
            let of = &t.translation.as_ref()?.of;
            let source = site.pages.iter().find(|p| &p.source == of)?;
            let current = source_hash(source);
            (t.front.translated_from.as_deref() != Some(current.as_str()))
                .then_some(Outdated { translation: t, current })
        })
        .collect()
}

/// Warnings for `docent check`: each outdated translation, at its `translated_from` line, with
/// how the texts differ now.
pub fn outdated_diagnostics(site: &Site) -> Vec<Diagnostic> {
    // `translated_from` means nothing in a page of the default language: say so, in case the
    // file was meant to be a translation and its name lacks the code.
    let misplaced = site.pages.iter().filter(|p| p.front.translated_from.is_some()).map(|p| {
        Diagnostic::warning(
            Span::new(&p.source, p.key_line("translated_from"), 1),
            "`translated_from` is only read in translations; this page is in the default language",
        )
        .with_help("name a translation after its page with the language before .md (reset.es.md), or remove the key")
    });
    let misplaced: Vec<Diagnostic> = misplaced.collect();
    misplaced.into_iter().chain(outdated(site)
        .into_iter()
        .map(|o| {
            let t = o.translation;
            let of = &t.translation.as_ref().expect("outdated() returns translations").of;
            let source = site.pages.iter().find(|p| &p.source == of).expect("outdated() found the source");
            match &t.front.translated_from {
                None => Diagnostic::warning(
                    Span::file(&t.source),
                    format!("this translation does not say which version of {of} it was translated from"),
                )
                .with_help(format!(
                    "once it matches the source, add translated_from = \"{}\" to its front matter (docent check --fix-hashes does it for every translation)",
                    o.current
                )),
                Some(old) => Diagnostic::warning(
                    Span::new(&t.source, t.key_line("translated_from"), 1),
                    format!("outdated translation: {of} changed since it was translated ({old} -> {}); {}", o.current, shape_summary(&source.body, &t.body)),
                )
                .with_help("update the translation, then run docent check --fix-hashes to record the source's new hash"),
            }
        })
        )
        .collect()
}

/// The shape of a Markdown text: each section's heading (none for the text before the first)
/// and its number of paragraphs (blocks of lines between blank lines, code fences kept whole).
fn shape(body: &str) -> Vec<(Option<String>, usize)> {
    let mut sections: Vec<(Option<String>, usize)> = vec![(None, 0)];
    let (mut in_block, mut fence): (bool, Option<&str>) = (false, None);
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            sections.last_mut().expect("one section at least").1 += 1;
            in_block = false;
            continue;
        }
        if trimmed.starts_with('#') && trimmed.trim_start_matches('#').starts_with(' ') {
            sections.push((Some(trimmed.to_string()), 0));
            in_block = false;
        } else if trimmed.is_empty() {
            in_block = false;
        } else if !in_block {
            sections.last_mut().expect("one section at least").1 += 1;
            in_block = true;
        }
    }
    if sections[0] == (None, 0) {
        sections.remove(0);
    }
    sections
}

/// One sentence on how the source's and the translation's shapes differ (by position, since
/// the headings are in different languages).
pub fn shape_summary(source: &str, translation: &str) -> String {
    let (s, t) = (shape(source), shape(translation));
    let count = |v: &[(Option<String>, usize)]| {
        (v.iter().filter(|x| x.0.is_some()).count(), v.iter().map(|x| x.1).sum::<usize>())
    };
    let ((sh, sp), (th, tp)) = (count(&s), count(&t));
    let mut out = format!(
        "the source has {sh} heading{} and {sp} paragraph{}, the translation {th} and {tp}",
        if sh == 1 { "" } else { "s" },
        if sp == 1 { "" } else { "s" }
    );
    let first = s.iter().zip(&t).position(|(a, b)| a.1 != b.1 || a.0.is_some() != b.0.is_some());
    match first {
        Some(i) => {
            let name = s[i].0.as_deref().map_or_else(|| "the introduction".to_string(), |h| format!("`{h}`"));
            out.push_str(&format!(
                "; first difference in section {} ({name}: {} paragraph{} in the source, {} in the translation)",
                i + 1,
                s[i].1,
                if s[i].1 == 1 { "" } else { "s" },
                t[i].1
            ));
        }
        None if s.len() != t.len() => {
            let (more, n) = if s.len() > t.len() { ("source", s.len()) } else { ("translation", t.len()) };
            out.push_str(&format!(
                "; the {more} has {} more section{} at the end",
                n.abs_diff(s.len().min(t.len())),
                if n.abs_diff(s.len().min(t.len())) == 1 { "" } else { "s" }
            ));
        }
        None => out.push_str("; same sections and paragraph counts, so the change is within paragraphs"),
    }
    out
}

/// The file's text with `translated_from` set to `hash`: the key's top-level line rewritten
/// where there is one, else a line added right after the opening `+++` (or `---`), where a key
/// is top-level in both TOML and YAML; every other byte kept. A file without front matter gets
/// a TOML block holding only that key.
pub fn set_translated_from(text: &str, hash: &str) -> String {
    let toml = text.starts_with("+++");
    if !toml && !text.starts_with("---") {
        return format!("+++\ntranslated_from = \"{hash}\"\n+++\n{text}");
    }
    let fence = if toml { "+++" } else { "---" };
    let key_line = if toml { format!("translated_from = \"{hash}\"") } else { format!("translated_from: \"{hash}\"") };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let ending = |line: &str| line[line.trim_end_matches(['\n', '\r']).len()..].to_string();
    let mut at = None;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim_end() == fence {
            break;
        }
        // A TOML table header ends the top level; an indented YAML line is nested.
        if toml && bare.trim_start().starts_with('[') {
            break;
        }
        let is_key = bare.strip_prefix("translated_from").is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('=') || rest.starts_with(':')
        });
        if is_key {
            at = Some(i);
            break;
        }
    }
    let mut out = String::with_capacity(text.len() + 40);
    match at {
        Some(i) => {
            for (j, line) in lines.iter().enumerate() {
                if j == i {
                    out.push_str(&key_line);
                    out.push_str(&ending(line));
                } else {
                    out.push_str(line);
                }
            }
        }
        None => {
            let first = lines[0];
            let nl = ending(first);
            out.push_str(first);
            if nl.is_empty() {
                out.push('\n');
            }
            out.push_str(&key_line);
            out.push_str(if nl.is_empty() { "\n" } else { &nl });
            for line in &lines[1..] {
                out.push_str(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Page {
        crate::content::load::page_from_text("content/a.md", "a.md", text).unwrap()
    }

    #[test]
    fn the_hash_follows_the_text_not_the_weight() {
        let a = source_hash(&page("+++\ntitle = \"A\"\n+++\nText\n"));
        assert_eq!(a.len(), 16);
        assert_eq!(a, source_hash(&page("+++\ntitle = \"A\"\nweight = 4\n+++\nText\n\n")));
        assert_ne!(a, source_hash(&page("+++\ntitle = \"A\"\n+++\nText!\n")));
        assert_ne!(a, source_hash(&page("+++\ntitle = \"B\"\n+++\nText\n")));
    }

    #[test]
    fn translated_from_in_a_default_page_is_a_warning_at_its_line() {
        let site = crate::content::test_site(&[("a.md", "+++\ntitle = \"A\"\ntranslated_from = \"x\"\n+++\nText\n")]);
        let d = outdated_diagnostics(&site);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, Some(Span::new("content/a.md", 3, 1)));
        assert!(d[0].message.contains("only read in translations"));
    }

    #[test]
    fn the_summary_names_the_first_section_that_differs() {
        let source = "Intro.\n\n## Steps\n\nOne.\n\nTwo.\n\nThree.\n\n## Help\n\nAsk.\n";
        let translation = "Intro.\n\n## Pasos\n\nUno.\n\nDos.\n\n## Ayuda\n\nPregunta.\n";
        let s = shape_summary(source, translation);
        assert!(s.contains("the source has 2 headings and 5 paragraphs, the translation 2 and 4"), "{s}");
        assert!(s.contains("section 2 (`## Steps`: 3 paragraphs in the source, 2 in the translation)"), "{s}");
        let s = shape_summary("A\n\n## B\n\nC\n", "A\n");
        assert!(s.contains("the source has 1 more section at the end"), "{s}");
        let s = shape_summary("A\n\n```\n\ncode\n\n```\n", "B\n\n```\nx\n```\n");
        assert!(s.contains("same sections and paragraph counts"), "{s}");
    }

    #[test]
    fn fixing_a_hash_rewrites_that_line_only() {
        let text = "+++\ntitle = \"Alfa\"\ntranslated_from = \"old\"\n[extra]\ntranslated_from = \"keep\"\n+++\nBody translated_from = \"x\"\n";
        assert_eq!(
            set_translated_from(text, "new"),
            "+++\ntitle = \"Alfa\"\ntranslated_from = \"new\"\n[extra]\ntranslated_from = \"keep\"\n+++\nBody translated_from = \"x\"\n"
        );
        let text = "+++\r\ntitle = \"Alfa\"\r\n[extra]\r\nx = 1\r\n+++\r\nCuerpo\r\n";
        assert_eq!(
            set_translated_from(text, "h"),
            "+++\r\ntranslated_from = \"h\"\r\ntitle = \"Alfa\"\r\n[extra]\r\nx = 1\r\n+++\r\nCuerpo\r\n"
        );
        let text = "---\ntitle: Alfa\ntranslated_from: old\n---\nCuerpo\n";
        assert_eq!(set_translated_from(text, "h"), "---\ntitle: Alfa\ntranslated_from: \"h\"\n---\nCuerpo\n");
        assert_eq!(set_translated_from("# Alfa\n", "h"), "+++\ntranslated_from = \"h\"\n+++\n# Alfa\n");
    }
}
