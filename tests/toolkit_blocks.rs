//! The training author's toolkit end to end (issue 19), the part of blocks: `:::` blocks, audiences and
//! `docent build --role`, figures, and the diagnostics for each kind of bad input, through the
//! real binary on `tests/fixtures/toolkit/` and on small temporary sites.

mod common;
use common::*;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/toolkit")
}

/// Builds the fixture (with `extra` arguments) into a temporary folder; gives the output files.
fn build_fixture(extra: &[&str]) -> (tempfile::TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let o = docent()
        .args(["build", "--root"])
        .arg(fixture())
        .arg("--output")
        .arg(out.path().join("public"))
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "the toolkit fixture builds without warnings");
    let tree = read_tree(&out.path().join("public"));
    (out, tree)
}

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

#[test]
fn the_fixture_renders_every_block_and_a_figure() {
    let (_out, tree) = build_fixture(&[]);
    let page = text(&tree, "send/index.html");
    for part in [
        "<details class=\"details\"><summary>Why does the form ask for my PIN?</summary>",
        "<div class=\"tabs\"",
        "<h3 class=\"tab-title\" id=\"school-nurse\">School nurse</h3>",
        "<div class=\"steps\">\n<ol>",
        "<p class=\"step-result\"><span class=\"step-result-label\">Result:</span> The form opens in a new tab.</p>",
        "<div class=\"only\" data-roles=\"clinic staff\"><p class=\"only-label\">For: clinic staff</p>",
        "srcset=\"/send/form.png 1x, /send/form@2x.png 2x\"",
        "width=\"1200\" height=\"600\"",
        "<a class=\"figure-zoom\" href=\"/send/form@2x.png\">",
        "<figcaption>The <strong>Immunizations Program</strong> choice in the <em>Program</em> list</figcaption>",
    ] {
        assert!(page.contains(part), "missing {part}\n{page}");
    }
    assert!(!page.contains(":::"), "no fence line shows: {page}");
    // The search index knows which sections are for which audience.
    let manifest: serde_json::Value = serde_json::from_slice(&tree["search/manifest.json"]).unwrap();
    let only = manifest["only"].as_array().unwrap();
    assert!(only.iter().any(|o| o[2] == serde_json::json!(["clinic staff"])), "{manifest}");
}

#[test]
fn a_role_build_keeps_only_that_audiences_pages_blocks_and_menu_entries() {
    let (_out, tree) = build_fixture(&["--role", "school nurse"]);
    assert!(tree.contains_key("nurses/index.html"));
    assert!(!tree.contains_key("clinic/index.html"), "a page for clinic staff only is left out");
    let page = text(&tree, "send/index.html");
    assert!(page.contains("Ask the school’s registered nurse"), "{page}");
    assert!(!page.contains("only-label"), "a site for one audience does not label its blocks: {page}");
    assert!(!page.contains("Clinic staff watch their email") && !page.contains("after-sending"), "{page}");
    assert!(!page.contains("href=\"/clinic/\""), "the menu leaves the page out: {page}");
    let home = text(&tree, "index.html");
    assert!(home.contains("For school nurses") && !home.contains("For clinic staff"), "{home}");
    let sitemap = text(&tree, "sitemap.xml");
    assert!(!sitemap.contains("/clinic/"), "{sitemap}");
    let manifest: serde_json::Value = serde_json::from_slice(&tree["search/manifest.json"]).unwrap();
    assert_eq!(manifest["pages"], 4, "{manifest}");
    assert_eq!(manifest["only"], serde_json::json!([]), "{manifest}");
    let docs: String = tree
        .iter()
        .filter(|(k, _)| k.starts_with("search/d-"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(!docs.contains("Clinic staff watch their email"), "{docs}");
}

#[test]
fn a_role_no_page_declares_is_an_error_naming_the_declared_roles() {
    let out = tempfile::tempdir().unwrap();
    let o = docent()
        .args(["build", "--root"])
        .arg(fixture())
        .arg("--output")
        .arg(out.path().join("public"))
        .args(["--role", "nurse"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: --role \"nurse\": no page declares this role"), "{err}");
    assert!(err.contains("= help: the roles pages declare: \"clinic staff\", \"school nurse\""), "{err}");
    assert!(!out.path().join("public").exists());
}

fn fails(files: &[(&str, &str)]) -> String {
    let site = TempSite::new(files);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "expected a content error, got: {}", stderr(&o));
    assert!(!site.path("public").exists(), "a failed build must not write output");
    stderr(&o)
}

#[test]
fn an_unclosed_block_names_its_line_and_says_how_to_close_it() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\nIntro.\n\n::: steps\n1. Go.\n")]);
    assert!(err.contains("error: content/a.md:6:1: `::: steps` is never closed"), "{err}");
    assert!(err.contains("= help: add a line `:::` where the block ends"), "{err}");
}

#[test]
fn tabs_without_titles_name_the_line_and_the_title_syntax() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n::: tabs\nClinic staff do this.\n:::\n")]);
    assert!(err.contains("error: content/a.md:4:1: `::: tabs` has no tab titles"), "{err}");
    assert!(err.contains("= help: start each tab with a line `== TITLE`"), "{err}");
}

#[test]
fn an_unknown_block_name_suggests_the_nearest() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n\n::: detail Why?\nText.\n:::\n")]);
    assert!(err.contains("error: content/a.md:5:1: unknown block `::: detail`"), "{err}");
    assert!(err.contains("did you mean `::: details`?"), "{err}");
}

#[test]
fn a_caption_with_markdown_is_rendered_inline_and_html_in_it_is_text() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n![A form](f.png \"The **Send** button <img src=x onerror=alert(1)>\")\n",
        ),
    ]);
    site.write("content/f.png", &std::fs::read(fixture().join("content/send/form.png")).unwrap());
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(
        page.contains("<figcaption>The <strong>Send</strong> button &lt;img src=x onerror=alert(1)&gt;</figcaption>"),
        "{page}"
    );
    assert!(page.contains("width=\"1200\" height=\"600\""), "{page}");
    assert!(!page.contains("srcset"), "no larger copy, no srcset: {page}");
}

#[test]
fn an_svg_figure_gets_its_size_from_the_drawing() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n![The menu](menu.svg \"An illustration\")\n"),
        (
            "content/menu.svg",
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 300\"></svg>\n",
        ),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(page.contains("<img src=\"/menu.svg\" alt=\"The menu\" width=\"640\" height=\"300\""), "{page}");
}

#[test]
fn an_only_role_no_page_declares_is_a_warning_with_the_nearest() {
    let site = TempSite::new(&[
        HOME,
        ("content/n.md", "+++\ntitle = \"N\"\nroles = [\"school nurse\"]\n+++\nx\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n::: only roles=\"school nurses\"\nx\n:::\n"),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: content/a.md:4:1: `::: only` names the role \"school nurses\", which no page declares"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean \"school nurse\"?"), "{err}");
}

#[test]
fn in_a_role_build_links_and_quick_links_to_other_audiences_pages_are_text() {
    let site = TempSite::new(&[
        (
            "docent.toml",
            "title = \"T\"\n[languages.es]\n[[quick_links]]\ntitle = \"Clinic\"\nurl = \"clinic.md\"\n[[quick_links]]\ntitle = \"Nurses\"\nurl = \"nurses.md\"\n",
        ),
        HOME,
        ("content/clinic.md", "+++\ntitle = \"Clinic\"\nroles = [\"clinic staff\"]\n+++\nFor clinics.\n"),
        ("content/clinic.es.md", "+++\ntitle = \"Clínica\"\n+++\nPara clínicas.\n"),
        (
            "content/nurses.md",
            "+++\ntitle = \"Nurses\"\nroles = [\"school nurse\"]\n+++\nSee [the clinic page](clinic.md) and [a missing page](gone.md).\n",
        ),
    ]);
    // A link to nothing is still an error in a role build.
    let o = site.build(&["--role", "school nurse"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("link to gone.md: no such page"), "{err}");
    assert!(!err.contains("clinic.md"), "a page left out for this audience is not an error: {err}");

    site.write(
        "content/nurses.md",
        b"+++\ntitle = \"Nurses\"\nroles = [\"school nurse\"]\n+++\nSee [the clinic page](clinic.md).\n",
    );
    let o = site.build(&["--role", "school nurse"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = read_tree(&site.path("public"));
    let nurses = text(&tree, "nurses/index.html");
    assert!(nurses.contains("See the clinic page."), "the link is its text: {nurses}");
    assert!(!nurses.contains("href=\"/clinic/\""), "{nurses}");
    assert!(!tree.contains_key("es/clinic/index.html"), "its translation goes with it");
    let home = text(&tree, "index.html");
    assert!(home.contains("href=\"/nurses/\"") && !home.contains(">Clinic<"), "the quick link is left out: {home}");
    // The whole site still links it.
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        text(&read_tree(&site.path("public")), "nurses/index.html")
            .contains("<a href=\"/clinic/\">the clinic page</a>")
    );
}

#[test]
fn the_example_site_builds_for_each_audience_it_declares() {
    for role in ["clinic staff", "school nurse", "vaccine coordinator", "public portal user"] {
        let out = tempfile::tempdir().unwrap();
        let o = docent()
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(out.path().join("public"))
            .args(["--role", role])
            .output()
            .unwrap();
        assert!(o.status.success(), "--role {role}: {}", stderr(&o));
    }
}
