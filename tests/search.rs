//! The search index as the real binary writes it: where the files are, what is left out, and
//! the diagnostic for a wrong `[search] help_page`.

mod common;
use common::{TempSite, read_tree, stderr};

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

#[test]
fn index_leaves_out_drafts_and_unsearchable_pages_and_links_sections() {
    let site = TempSite::new(&[
        HOME,
        ("docent.toml", "title = \"T\"\nbase_url = \"/help/\"\n[search]\nhelp_page = \"ask.md\"\n"),
        ("content/ask.md", "+++\ntitle = \"Ask us\"\n+++\nCall.\n"),
        ("content/hidden.md", "+++\ntitle = \"Quokka\"\nsearch = false\n+++\nquokka\n"),
        ("content/draft.md", "+++\ntitle = \"Wombat\"\ndraft = true\n+++\nwombat\n"),
        ("content/reset.md", "+++\ntitle = \"Reset\"\n+++\nIntro.\n\n## Answer your questions\n\nPlatypus.\n"),
    ]);
    let o = site.build(&["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = read_tree(&site.path("public"));
    assert!(tree.contains_key("search/index.html"), "the /search/ page");
    let manifest = String::from_utf8(tree["search/manifest.json"].clone()).unwrap();
    assert!(manifest.contains(r#""help":["Ask us","/help/ask/"]"#), "{manifest}");
    let shards: String = tree
        .iter()
        .filter(|(k, _)| k.starts_with("search/") && k.ends_with(".json"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        shards.contains("platypus")
            && shards.contains(r#"["answer-your-questions","Answer your questions","Platypus."]"#)
    );
    assert!(shards.contains("\"/help/reset/\""), "URLs start with the base path");
    for left_out in ["quokka", "Quokka", "wombat", "Wombat"] {
        assert!(!shards.contains(left_out), "{left_out} is indexed");
    }
    let html = String::from_utf8(tree["reset/index.html"].clone()).unwrap();
    assert!(html.contains(r#"action="/help/search/""#) && html.contains(r#"data-index="/help/search/manifest.json""#));
}

#[test]
fn wrong_help_page_is_an_error_naming_docent_toml() {
    let site = TempSite::new(&[HOME, ("docent.toml", "[search]\nhelp_page = \"nope.md\"\n")]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: docent.toml:") && err.contains("[search] help_page nope.md: no such page"), "{err}");
}
