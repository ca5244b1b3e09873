//! The browser client's tokenizer and stemmer (themes/default/static/search.js, run in Node)
//! give exactly the terms and compound terms (hyphenated words) of the Rust side
//! (src/derive/search/text.rs), over a word list of tricky forms and every line of the example
//! site's content and its `[search] synonyms`.

use docent::derive::search::text::{compounds, terms};
use std::process::Command;

#[test]
fn javascript_and_rust_tokenizers_agree() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut lines: Vec<String> =
        std::fs::read_to_string(format!("{root}/tests/search/words.txt")).unwrap().lines().map(String::from).collect();
    for entry in walkdir::WalkDir::new(format!("{root}/content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            lines.extend(std::fs::read_to_string(entry.path()).unwrap().lines().map(String::from));
        }
    }
    // The example site's synonyms: the manifest carries them as Rust's terms, and the client
    // compares them with its own terms of the query.
    let config =
        docent::config::Config::parse(&std::fs::read_to_string(format!("{root}/docent.toml")).unwrap()).unwrap();
    assert!(!config.search.synonyms.is_empty());
    lines.extend(config.search.synonyms.iter().flatten().cloned());
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(input.path(), lines.join("\n")).unwrap();
    let out = Command::new("node")
        .arg(format!("{root}/tests/search/js-terms.mjs"))
        .arg(input.path())
        .output()
        .expect("node runs (scripts/install-test-deps installs it)");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let js: Vec<(Vec<String>, Vec<String>)> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(js.len(), lines.len());
    let mut differ = Vec::new();
    for (line, js_terms) in lines.iter().zip(&js) {
        let rust_terms = (terms(line), compounds(line));
        if &rust_terms != js_terms {
            differ.push(format!("{line:?}\n  rust: {rust_terms:?}\n  js:   {js_terms:?}"));
        }
    }
    assert!(differ.is_empty(), "{} lines differ:\n{}", differ.len(), differ.join("\n"));
    let checked: usize = js.iter().map(|(t, _)| t.len()).sum();
    let joined: usize = js.iter().map(|(_, c)| c.len()).sum();
    assert!(joined > 20, "hyphenated words are checked too ({joined})");
    assert!(checked > 2_000, "the list is long enough to mean something ({checked} terms)");
}
