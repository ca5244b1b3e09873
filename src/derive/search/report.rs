//! `docent search-report`: a summary of the queries that found nothing, as the client posts them
//! to `[search] report_url` (already scrubbed of personal data in the browser).
//!
//! The log format: JSON Lines, one request body per line, `{"v":1,"queries":["…", …]}` (a
//! collector appends each body it receives as a line). The summary counts each query (lowercased,
//! spaces collapsed), lists the most frequent, and for each query word the site's index does not
//! hold, suggests the nearest indexed terms: candidates for `[search] synonyms`. Pure: the
//! command line reads the files and the built index. Also checks the `[search]` settings the
//! client reads (synonyms, report_url).

use super::lang::Analysis;
use super::text;
use crate::config::{CONFIG_FILE, SearchConfig};
use crate::diagnostics::{Diagnostic, Span};
use std::collections::{BTreeMap, BTreeSet};

/// How many queries and unknown words the summary lists.
const TOP: usize = 20;

/// Problems with `[search] synonyms` (warnings: a build ignores what means nothing) and
/// `[search] report_url` (an error: it must be a URL or a path).
pub fn check_settings(search: &SearchConfig, lang: &Analysis) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = text::synonym_problems(&search.synonyms, lang)
        .into_iter()
        .map(|m| {
            Diagnostic::warning(Span::file(CONFIG_FILE), m).with_help(
                "list two or more different words or phrases per group, such as [\"mfa\", \"verification code\"]",
            )
        })
        .collect();
    if let Some(url) = &search.report_url
        && !["https://", "http://", "/"].iter().any(|p| url.starts_with(p))
    {
        diags.push(
            Diagnostic::error(Span::file(CONFIG_FILE), format!("[search] report_url {url:?} is not a URL"))
                .with_help("write an https:// URL, or a path on this site starting with /"),
        );
    }
    diags
}

/// The summary of the given logs (file name, text), against the terms of the site's index.
pub fn summarize(
    logs: &[(String, String)],
    vocabulary: &BTreeSet<String>,
    lang: &Analysis,
) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut batches = 0;
    for (file, text) in logs {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let span = Span::new(file, i as u32 + 1, 1);
            let queries = serde_json::from_str::<serde_json::Value>(line).ok().and_then(|v| {
                let list = v.get("queries")?.as_array()?;
                Some(list.iter().filter_map(|q| q.as_str().map(str::to_string)).collect::<Vec<_>>())
            });
            let Some(queries) = queries else {
                diags.push(
                    Diagnostic::warning(span, "not a search report (skipped)").with_help(
                        "each line is one request body as posted to report_url: {\"v\":1,\"queries\":[...]}",
                    ),
                );
                continue;
            };
            batches += 1;
            for q in queries {
                let q = q.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                if !q.is_empty() {
                    *counts.entry(q.chars().take(100).collect()).or_default() += 1;
                }
            }
        }
    }
    let total: usize = counts.values().sum();
    let mut out = format!("{total} queries that found nothing ({} different) in {batches} reports\n", counts.len());
    let mut top: Vec<(&String, &usize)> = counts.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !top.is_empty() {
        out.push_str("\nMost frequent:\n");
        for (q, n) in top.iter().take(TOP) {
            out.push_str(&format!("{n:>6}  {q}\n"));
        }
    }
    // Words the index does not hold, by the number of queries that used them.
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for (q, n) in &counts {
        // The scrubber's placeholders ("[name]", "[date]", …) are not words the reader typed.
        let words: Vec<&str> = q.split_whitespace().filter(|w| !(w.starts_with('[') && w.ends_with(']'))).collect();
        for t in text::terms(&words.join(" "), lang).into_iter().collect::<BTreeSet<_>>() {
            if !vocabulary.contains(&t) {
                *unknown.entry(t).or_default() += n;
            }
        }
    }
    let mut unknown: Vec<(String, usize)> = unknown.into_iter().collect();
    unknown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !unknown.is_empty() {
        out.push_str("\nWords no page uses, with the nearest words pages do use (candidates for [search] synonyms):\n");
        for (word, n) in unknown.iter().take(TOP) {
            let near = nearest(word, vocabulary);
            let near = if near.is_empty() { "(none close)".to_string() } else { near.join(", ") };
            out.push_str(&format!("{n:>6}  {word}: {near}\n"));
        }
    }
    (out, diags)
}

/// Up to three indexed terms closest to `word`: as many edits away as the client forgives (1 for 4
/// to 7 letters, 2 for longer), or sharing its first 5 letters.
fn nearest(word: &str, vocabulary: &BTreeSet<String>) -> Vec<String> {
    let len = word.chars().count();
    let max = if len >= 8 {
        2
    } else if len >= 4 {
        1
    } else {
        0
    };
    let head: String = word.chars().take(5).collect();
    let mut near: Vec<(usize, &String)> = vocabulary
        .iter()
        .filter_map(|t| {
            let d = strsim::osa_distance(word, t);
            (d <= max || len >= 5 && t.starts_with(&head)).then_some((d, t))
        })
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, t)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::search::lang::ENGLISH;

    #[test]
    fn counts_queries_and_suggests_indexed_words() {
        let vocabulary: BTreeSet<String> =
            ["password", "verification", "cod", "clinic"].iter().map(|s| s.to_string()).collect();
        let logs = vec![
            ("a.jsonl".to_string(), "{\"v\":1,\"queries\":[\"passwrd\",\"MFA  code\"]}\n\nnot json\n".to_string()),
            ("b.jsonl".to_string(), "{\"v\":1,\"queries\":[\"mfa code\",\"[name] [date]\"]}\n{\"v\":1}\n".to_string()),
        ];
        let (text, diags) = summarize(&logs, &vocabulary, &ENGLISH);
        assert!(text.starts_with("4 queries that found nothing (3 different) in 2 reports"), "{text}");
        assert!(text.contains("     2  mfa code\n"), "{text}");
        assert!(text.contains("     2  mfa: (none close)\n"), "{text}");
        assert!(text.contains("     1  passwrd: password\n"), "{text}");
        assert!(!text.contains("  nam:") && !text.contains("  dat:"), "placeholders are not words: {text}");
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].span, Some(Span::new("a.jsonl", 3, 1)));
        assert_eq!(diags[1].span, Some(Span::new("b.jsonl", 2, 1)));
        let (empty, _) = summarize(&[], &vocabulary, &ENGLISH);
        assert_eq!(empty, "0 queries that found nothing (0 different) in 0 reports\n");
    }
}
