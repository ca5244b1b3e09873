//! The glossary: terms and abbreviations from `glossary.toml`, explained where a page first
//! uses them.
//!
//! `glossary.toml` (at the site root, beside `docent.toml`) has one table per term, named as the
//! term is written in pages:
//!
//! ```toml
//! [CVP]
//! full = "Connecticut Vaccine Program"        # for an abbreviation: what it stands for
//! definition = "The state program that ..."   # plain text (HTML in it is shown as text)
//! aliases = ["CVPs"]                           # other spellings that count as the term
//! ```
//!
//! TOML rather than a Markdown page of definition lists: each entry is data (a term, its
//! expansion, its definition) that docent reads and checks, a duplicate term is a TOML error
//! with a line, and CommonMark has no definition lists for GitHub to show anyway.
//!
//! Matching is case-sensitive, whole words, longest first (`CVP Portal` before `CVP`). Parsing
//! is pure (the text comes from `content`); the HTML of a marked term is written here.

use super::text::escape;
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const GLOSSARY_FILE: &str = "glossary.toml";

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The term as written in pages (`CVP`).
    pub term: String,
    /// Its anchor on the glossary page (`cvp`).
    pub id: String,
    /// What an abbreviation stands for.
    pub full: Option<String>,
    pub definition: String,
    pub aliases: Vec<String>,
    /// Its line in `glossary.toml`.
    pub line: u32,
}

/// Every term, sorted case-insensitively, with a matcher over the terms and their aliases.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    /// Pattern number -> entry, for `matcher`.
    #[serde(skip)]
    patterns: Vec<usize>,
    #[serde(skip)]
    matcher: Option<AhoCorasick>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    full: Option<String>,
    definition: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

impl Glossary {
    /// Reads `glossary.toml`'s text; problems name its lines, and the entries that are fine are
    /// kept.
    pub fn parse(text: &str) -> (Glossary, Vec<Diagnostic>) {
        let lines = LineIndex::new(text);
        let at = |offset: usize| {
            let (line, col) = lines.position(offset);
            Span::new(GLOSSARY_FILE, line, col)
        };
        let raw: BTreeMap<String, toml::Spanned<toml::Value>> = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = at(e.span().map_or(0, |s| s.start));
                let message = e.message().lines().next().unwrap_or("").to_string();
                let d = Diagnostic::error(span, message).with_help(
                    "each term is a table: [TERM] with `definition = \"...\"` and, for an abbreviation, `full = \"...\"`",
                );
                return (Glossary::default(), vec![d]);
            }
        };
        let mut diags = Vec::new();
        let mut entries = Vec::new();
        for (term, value) in raw {
            let span = at(value.span().start);
            let line = span.line;
            let entry: RawEntry = match value.into_inner().try_into() {
                Ok(e) => e,
                Err(e) => {
                    let message = format!("glossary entry `{term}`: {}", e.message().lines().next().unwrap_or(""));
                    diags.push(
                        Diagnostic::error(span, message)
                            .with_help("an entry has `definition`, `full` (for an abbreviation) and `aliases`"),
                    );
                    continue;
                }
            };
            let full = entry.full.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
            let definition = entry.definition.unwrap_or_default().trim().to_string();
            if term.trim().is_empty() || (full.is_none() && definition.is_empty()) {
                diags.push(
                    Diagnostic::error(span, format!("glossary entry `{term}` explains nothing"))
                        .with_help("give it `definition = \"...\"` or, for an abbreviation, `full = \"...\"`"),
                );
                continue;
            }
            entries.push(Entry {
                term: term.trim().to_string(),
                id: String::new(),
                full,
                definition,
                aliases: entry.aliases,
                line,
            });
        }
        (Glossary::new(entries, &mut diags), diags)
    }

    /// A glossary of `entries`; a spelling claimed by two of them is reported and kept by the
    /// first.
    pub fn new(mut entries: Vec<Entry>, diags: &mut Vec<Diagnostic>) -> Glossary {
        entries.sort_by(|a, b| a.term.to_lowercase().cmp(&b.term.to_lowercase()).then(a.term.cmp(&b.term)));
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        for e in &mut entries {
            let base = crate::slug::slugify(&e.term);
            let base = if base.is_empty() { "term".to_string() } else { base };
            let n = ids.entry(base.clone()).or_insert(0);
            *n += 1;
            e.id = if *n == 1 { base } else { format!("{base}-{n}") };
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for spelling in std::iter::once(&e.term).chain(&e.aliases) {
                let spelling = spelling.trim();
                if spelling.is_empty() {
                    continue;
                }
                if let Some(&first) = seen.get(spelling) {
                    if first != i {
                        diags.push(
                            Diagnostic::error(
                                Span::new(GLOSSARY_FILE, e.line, 1),
                                format!(
                                    "`{spelling}` is both `{}` and `{}` in the glossary",
                                    entries[first].term, e.term
                                ),
                            )
                            .with_help("keep the spelling in one entry"),
                        );
                    }
                    continue;
                }
                seen.insert(spelling, i);
                words.push(spelling.to_string());
                patterns.push(i);
            }
        }
        let matcher =
            (!words.is_empty()).then(|| AhoCorasick::new(&words).expect("glossary patterns are plain strings"));
        Glossary { entries, patterns, matcher }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The glossary terms in `text`: (start, end, entry), whole words only, the longest where
    /// two overlap, left to right.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(matcher) = &self.matcher else { return Vec::new() };
        let mut found: Vec<(usize, usize, usize)> = matcher
            .find_overlapping_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), self.patterns[m.pattern().as_usize()]))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
        for m in found {
            if chosen.last().is_none_or(|last| m.0 >= last.1) {
                chosen.push(m);
            }
        }
        chosen
    }

    /// True when `word` is a term or an alias.
    pub fn knows(&self, word: &str) -> bool {
        self.entries.iter().any(|e| e.term == word || e.aliases.iter().any(|a| a == word))
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(word) && !text[end..].chars().next().is_some_and(word)
}

/// The HTML of a term's first use on a page: without JavaScript a link to its glossary entry;
/// the theme script turns the link into a button that shows the hidden explanation beside it
/// (`n` numbers the explanations of one page). Everything from the glossary is escaped.
pub fn term_html(entry: &Entry, shown: &str, glossary_url: &str, n: usize) -> String {
    let href = escape(&format!("{glossary_url}#{}", entry.id));
    let shown = escape(shown);
    let shown = if entry.full.is_some() { format!("<abbr>{shown}</abbr>") } else { shown };
    let mut explanation = String::new();
    if let Some(full) = &entry.full {
        explanation.push_str(&escape(full));
        if !entry.definition.is_empty() {
            explanation.push_str(". ");
        }
    }
    explanation.push_str(&escape(&entry.definition));
    format!(
        "<span class=\"term\"><a class=\"term-link\" href=\"{href}\" aria-describedby=\"term-def-{n}\">{shown}</a>\
         <span class=\"term-def\" id=\"term-def-{n}\" hidden><a href=\"{href}\">{}</a>: {explanation}</span></span>",
        escape(&entry.term)
    )
}

/// Abbreviations readers know without help, never reported.
const WELL_KNOWN: &[&str] = &["OK", "ID", "IDs", "URL", "PDF", "FAQ", "AM", "PM", "US", "USA", "UK", "EU", "TV"];

/// An abbreviation in `text`: (offset, the word, whether it is spelled out right there, as in
/// `Full Name (ABC)` or `ABC (full name)`). A word counts when it has two or more capitals and
/// nothing but capitals and digits (`CVP`, `2FA`).
pub fn abbreviations(text: &str) -> Vec<(usize, &str, bool)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let word = &text[s..i];
        let capitals = word.chars().filter(|c| c.is_ascii_uppercase()).count();
        let looks = capitals >= 2
            && word.len() <= 8
            && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && !WELL_KNOWN.contains(&word);
        if looks {
            let in_parens = text[..s].ends_with('(') && text[i..].starts_with(')');
            let explained_after = text[i..].starts_with(" (");
            found.push((s, word, in_parens || explained_after));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = "[CVP]\nfull = \"Connecticut Vaccine Program\"\ndefinition = \"The <b>state</b> program.\"\n\n[\"CVP Portal\"]\ndefinition = \"The website.\"\n\n[PIN]\nfull = \"Personal identification number\"\naliases = [\"PINs\"]\n";

    #[test]
    fn entries_are_read_with_lines_and_ids() {
        let (g, diags) = Glossary::parse(TOML);
        assert!(diags.is_empty(), "{diags:?}");
        let terms: Vec<(&str, &str, u32)> =
            g.entries.iter().map(|e| (e.term.as_str(), e.id.as_str(), e.line)).collect();
        assert_eq!(terms, vec![("CVP", "cvp", 1), ("CVP Portal", "cvp-portal", 5), ("PIN", "pin", 8)]);
    }

    #[test]
    fn the_longest_whole_word_wins_over_a_term_inside_it() {
        let (g, _) = Glossary::parse(TOML);
        let text = "Open the CVP Portal, then the CVP, CVPX and PINs.";
        let found: Vec<&str> = g.find(text).iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(found, vec!["CVP Portal", "CVP", "PINs"]);
    }

    #[test]
    fn html_in_an_entry_is_shown_as_text() {
        let (g, _) = Glossary::parse(TOML);
        let html = term_html(&g.entries[0], "CVP", "/glossary/", 1);
        assert!(html.contains("The &lt;b&gt;state&lt;/b&gt; program."), "{html}");
        assert!(html.contains("href=\"/glossary/#cvp\"") && html.contains("<abbr>CVP</abbr>"), "{html}");
    }

    #[test]
    fn bad_entries_name_their_line() {
        let (g, diags) = Glossary::parse("[A]\ndefinition = \"x\"\n\n[B]\ncolour = \"red\"\n\n[C]\n");
        assert_eq!(g.entries.len(), 1);
        let lines: Vec<u32> = diags.iter().map(|d| d.span.as_ref().unwrap().line).collect();
        assert_eq!(lines, vec![4, 7], "{diags:?}");
        let (_, diags) = Glossary::parse("[A]\ndefinition = \"x\"\n[B]\ndefinition = \"y\"\naliases = [\"A\"]\n");
        assert!(diags[0].message.contains("`A` is both"), "{diags:?}");
        let (_, diags) = Glossary::parse("[A\n");
        assert_eq!(diags[0].span.as_ref().unwrap().file, GLOSSARY_FILE);
    }

    #[test]
    fn abbreviations_are_capital_words_and_know_when_spelled_out() {
        let found = abbreviations("The Vaccines for Children (VFC) program needs 2FA. VFC (again) and OK.");
        let words: Vec<(&str, bool)> = found.iter().map(|&(_, w, d)| (w, d)).collect();
        assert_eq!(words, vec![("VFC", true), ("2FA", false), ("VFC", true)]);
    }
}
