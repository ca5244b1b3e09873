//! The browser client's tokenizer and stemmer (themes/default/static/search.js, run in Node)
//! give exactly the terms and compound terms (hyphenated words) of the Rust side
//! (src/derive/search/text.rs), in every language with rules (the client reads them from the
//! manifest, `lang::Analysis::rules`): over a word list of tricky forms, every line of the
//! example site's content and its `[search] synonyms`, and a list of real words with their
//! inflections and accents per language (`tests/search/words.LANG.txt`).

use docent::derive::search::lang::{self, Analysis};
use docent::derive::search::text::{compounds, fold, terms, words};
use std::process::Command;

/// Runs both tokenizers over `lines` in `lang`; returns the terms and compounds checked.
fn compare(lang: &Analysis, lines: &[String]) -> (usize, usize) {
    let root = env!("CARGO_MANIFEST_DIR");
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(input.path(), lines.join("\n")).unwrap();
    let out = Command::new("node")
        .arg(format!("{root}/tests/search/js-terms.mjs"))
        .arg(input.path())
        .arg(lang.rules().to_string())
        .output()
        .expect("node runs (scripts/install-test-deps installs it)");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let js: Vec<(Vec<String>, Vec<String>)> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(js.len(), lines.len());
    let mut differ = Vec::new();
    for (line, js_terms) in lines.iter().zip(&js) {
        let rust_terms = (terms(line, lang), compounds(line, lang));
        if &rust_terms != js_terms {
            differ.push(format!("{line:?}\n  rust: {rust_terms:?}\n  js:   {js_terms:?}"));
        }
    }
    assert!(differ.is_empty(), "{}: {} lines differ:\n{}", lang.name, differ.len(), differ.join("\n"));
    (js.iter().map(|(t, _)| t.len()).sum(), js.iter().map(|(_, c)| c.len()).sum())
}

fn lines_of(path: &str) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(String::from).collect()
}

#[test]
fn javascript_and_rust_tokenizers_agree() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut lines = lines_of(&format!("{root}/tests/search/words.txt"));
    for entry in walkdir::WalkDir::new(format!("{root}/content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            lines.extend(lines_of(entry.path().to_str().unwrap()));
        }
    }
    // The example site's synonyms: the manifest carries them as Rust's terms, and the client
    // compares them with its own terms of the query.
    let config =
        docent::config::Config::parse(&std::fs::read_to_string(format!("{root}/docent.toml")).unwrap()).unwrap();
    assert!(!config.search.synonyms.is_empty());
    lines.extend(config.search.synonyms.iter().flatten().cloned());
    let (checked, joined) = compare(&lang::ENGLISH, &lines);
    assert!(joined > 20, "hyphenated words are checked too ({joined})");
    assert!(checked > 2_000, "the list is long enough to mean something ({checked} terms)");
}

#[test]
fn javascript_and_rust_agree_in_every_language() {
    let root = env!("CARGO_MANIFEST_DIR");
    let tricky = lines_of(&format!("{root}/tests/search/words.txt"));
    for code in ["es", "pt", "fr"] {
        let lang = lang::for_tag(code);
        assert_eq!(lang.name, code);
        let own = lines_of(&format!("{root}/tests/search/words.{code}.txt"));
        let (checked, joined) = compare(lang, &own);
        assert!(checked >= 120 && joined >= 3, "{code}: the list means something ({checked} terms, {joined} joined)");
        // Stems of the language's words differ from its words, so the rules were exercised.
        let stemmed = own
            .iter()
            .flat_map(|l| words(l, lang).into_iter().map(move |w| (fold(&l[w.start..w.end].to_lowercase()), w.term)))
            .filter(|(word, term)| word != term)
            .count();
        assert!(stemmed > 80, "{code}: the suffix rules change many words ({stemmed})");
        // The English list too, for the tokenizer's corners in this language's settings.
        compare(lang, &tricky);
    }
    // A language without rules only folds.
    compare(lang::for_tag("de"), &tricky);
}
