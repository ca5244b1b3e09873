//! Contextual help end to end: the real binary builds the screen map, `/help/ID/` redirects,
//! `_redirects`, the help map and the widget; bad `screens` entries fail with file:line.

mod common;
use base64::Engine as _;
use common::*;
use serde_json::Value;
use sha2::{Digest, Sha384};

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

fn built(site: &TempSite, extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let o = site.build(extra);
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&site.path("public"))
}

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

#[test]
fn example_site_has_a_help_url_and_map_entry_for_every_screen() {
    let out = tempfile::tempdir().unwrap();
    let o = docent().args(["build", "--root"]).arg(repo()).arg("--output").arg(out.path()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = read_tree(out.path());
    let map: Value = serde_json::from_str(&text(&tree, "help-map.json")).unwrap();
    assert_eq!(map["format"], "docent-help-map");
    assert_eq!(map["version"], 1);
    assert_eq!(map["language"], "en");
    let screens = map["screens"].as_object().unwrap();

    let reset = &screens["password-reset"];
    assert_eq!(reset["title"], "Reset your password");
    assert_eq!(reset["heading"], "Enter a new password");
    assert_eq!(reset["url"], "username-and-password/reset-your-password/#enter-a-new-password");
    assert_eq!(reset["help_url"], "help/password-reset/");
    assert_eq!(
        reset["summary"],
        "Use the Forgot Password? link and your password questions to choose a new CT WiZ password."
    );
    // The page lists its video, and the video's sidecar names the screen too: it appears once.
    assert_eq!(
        reset["videos"],
        serde_json::json!([{"name": "reset-your-password", "title": "Reset your password", "url": "videos/reset-your-password/", "duration": 79}])
    );
    assert!(screens["forgot-password"].get("heading").is_none());

    // Every screen of every page's front matter, and nothing else, has a redirect and a rule.
    let mut declared: Vec<String> = Vec::new();
    for (path, bytes) in read_tree(&repo().join("content")) {
        let page = String::from_utf8(bytes).unwrap();
        if let Some(line) = page.lines().find(|l| l.starts_with("screens = ")) {
            let list: Vec<String> = serde_json::from_str(line.trim_start_matches("screens = ")).expect(&path);
            declared.extend(list.into_iter().map(|s| s.split('#').next().unwrap().to_string()));
        }
    }
    declared.sort();
    assert_eq!(screens.keys().cloned().collect::<Vec<_>>(), declared);
    let redirects = text(&tree, "_redirects");
    for (id, entry) in screens {
        let html = text(&tree, &format!("help/{id}/index.html"));
        let target = format!("/{}", entry["url"].as_str().unwrap());
        assert!(html.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")), "{html}");
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")), "{html}");
        assert!(html.contains(&format!("<a href=\"{target}\">")), "{html}");
        assert!(html.contains("<script src=\"/docent-redirect."), "{html}");
        assert!(!html.contains("<script>"), "no inline script: {html}");
        assert!(redirects.contains(&format!("\n/help/{id}/ {target} 301\n")), "{redirects}");
    }

    // There is no script form of the map: it would run in the application's pages.
    assert!(!tree.contains_key("help-map.js"));

    // The widget is served as it is in the theme, at a stable URL, with its integrity hash.
    let widget = std::fs::read(repo().join("themes/default/widget/docent-help.js")).unwrap();
    assert_eq!(tree["docent-help.js"], widget);
    let sri = format!("sha384-{}\n", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&widget)));
    assert_eq!(text(&tree, "docent-help.js.sri"), sri);
}

#[test]
fn every_screen_of_the_example_application_has_help() {
    let build = docent::build(&docent::BuildOptions { root: repo(), ..Default::default() }).unwrap();
    let list = std::fs::read_to_string(repo().join("examples/host-app/screens.txt")).unwrap();
    let (app, list_problems) = docent::derive::help::parse_screen_list("examples/host-app/screens.txt", &list);
    assert_eq!(list_problems, vec![]);
    assert!(app.len() >= 5);
    let diags = docent::derive::help::check_screens(&build.screens, "examples/host-app/screens.txt", &app);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{}", docent::diagnostics::render_text(&diags));
}

#[test]
fn screen_coverage_reports_screens_without_help_and_help_without_screens() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\nscreens = [\"home\", \"old-screen\"]\n+++\nA.\n"),
        ("content/b.md", "+++\ntitle = \"B\"\nscreens = [\"home\", \"clinic#nope\"]\n+++\nB.\n"),
    ]);
    let build = docent::build(&docent::BuildOptions { root: site.root().to_path_buf(), ..Default::default() }).unwrap();
    let (app, mut diags) =
        docent::derive::help::parse_screen_list("screens.txt", "# from the app\nhome\nclinic\npatient-search\n");
    diags.extend(docent::derive::help::check_screens(&build.screens, "screens.txt", &app));
    docent::diagnostics::sort(&mut diags);
    let text = docent::diagnostics::render_text(&diags);
    println!("{text}");
    assert_eq!(
        text,
        "warning: content/a.md:3:1: screen `old-screen` is not in screens.txt: the application has no such screen\n\
         \x20 = help: if the screen was renamed, use its new ID; if it is gone, remove the ID from `screens`\n\
         error: content/b.md:3:1: screen ID `home` is claimed by both content/a.md and content/b.md\n\
         \x20 = help: a screen's help opens one page: keep the ID on the page that explains the screen and remove it from the other\n\
         error: content/b.md:3:1: screen `clinic#nope`: this page has no heading #nope\n\
         \x20 = help: this page has no headings; remove `#...` to open the top of the page\n\
         error: screens.txt:4:1: screen `patient-search` has no help page\n\
         \x20 = help: add `screens = [\"patient-search\"]` to the front matter of the page that explains this screen\n"
    );
}

#[test]
fn duplicate_screen_id_names_both_pages() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\nscreens = [\"patient-search\"]\n+++\nA.\n"),
        ("content/b.md", "+++\ntitle = \"B\"\nweight = 2\nscreens = [\"patient-search\"]\n+++\nB.\n"),
    ]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "error: content/b.md:4:1: screen ID `patient-search` is claimed by both content/a.md and content/b.md"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!site.path("public").exists());
}

#[test]
fn screen_id_with_bad_characters_names_file_and_line() {
    let site = TempSite::new(&[HOME, ("content/a.md", "---\ntitle: A\nscreens:\n  - Patient_Search\n---\nA.\n")]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: content/a.md:3:1: screen ID `Patient_Search` has characters other than a-z, 0-9 and -"),
        "{err}"
    );
    assert!(err.contains("= help: a screen ID uses only lowercase letters a-z, digits and hyphens"), "{err}");
}

#[test]
fn missing_anchor_names_the_screens_key_and_lists_the_headings() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ndescription = \"A.\"\n\nscreens = [\"clinic-edit#change-the-adress\"]\n+++\n\n## Change the address\n\n## Save\n",
        ),
    ]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error: content/a.md:5:1: screen `clinic-edit#change-the-adress`: this page has no heading #change-the-adress"
        ),
        "{err}"
    );
    assert!(err.contains("= help: headings of this page: change-the-address, save"), "{err}");
}

#[test]
fn summaries_stay_text_and_map_links_stay_on_the_site() {
    let hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1)";
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", &format!("+++\ntitle = \"A\"\ndescription = \"{hostile}\"\nscreens = [\"a\"]\n+++\nA.\n")),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\nscreens = [\"b\"]\n+++\nSee <img src=https://example.org/x onerror=alert(1)> this `<script>` [now](https://example.org/).\n",
        ),
    ]);
    let tree = built(&site, &[]);
    let json = text(&tree, "help-map.json");
    assert!(!json.contains('<'), "`<` is escaped");
    let map: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(map["screens"]["a"]["summary"], hostile, "the description is kept as plain text");
    assert_eq!(map["screens"]["b"]["summary"], "See this <script> now.", "raw HTML is not part of the summary");
    // Video names such as `javascript:alert(1)` are refused by the build (tests/videos.rs), so
    // none can reach the map.
    for entry in map["screens"].as_object().unwrap().values() {
        for url in [&entry["url"], &entry["help_url"]] {
            let url = url.as_str().unwrap();
            assert!(!url.contains(':') && !url.starts_with('/'), "site-relative URL: {url}");
        }
    }
}

#[test]
fn help_url_that_is_already_a_page_is_an_error() {
    let site = TempSite::new(&[
        HOME,
        ("content/help/_index.md", "+++\ntitle = \"Help\"\n+++\n"),
        ("content/help/home.md", "+++\ntitle = \"Home help\"\n+++\n"),
        ("content/a.md", "+++\ntitle = \"A\"\nscreens = [\"home\"]\n+++\n"),
    ]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "error: content/a.md:3:1: the help URL of screen `home`, /help/home/, is also the URL of content/help/home.md"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_sites_own_redirects_file_is_kept_with_a_warning() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\nscreens = [\"a\"]\n+++\n"),
        ("static/_redirects", "/old /a/ 301\n"),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: static/_redirects:1:1: this file replaces the _redirects docent writes"));
    assert!(stderr(&o).contains("    /help/a/ /a/ 301"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(site.path("public/_redirects")).unwrap(), "/old /a/ 301\n");
}

#[test]
fn sub_path_hosting_and_drafts() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\nscreens = [\"a#steps\"]\n+++\n## Steps\n"),
        ("content/d.md", "+++\ntitle = \"D\"\ndraft = true\nscreens = [\"d\"]\n+++\n"),
    ]);
    let tree = built(&site, &["--base-url", "https://example.org/docs"]);
    let html = text(&tree, "help/a/index.html");
    assert!(html.contains("content=\"0; url=/docs/a/#steps\""), "{html}");
    assert!(html.contains("<script src=\"/docs/docent-redirect."), "{html}");
    assert!(text(&tree, "_redirects").contains("\n/docs/help/a/ /docs/a/#steps 301\n"));
    let map: Value = serde_json::from_str(&text(&tree, "help-map.json")).unwrap();
    assert_eq!(map["base_url"], "https://example.org/docs/");
    assert_eq!(map["screens"]["a"]["url"], "a/#steps");
    assert!(map["screens"].get("d").is_none() && !tree.contains_key("help/d/index.html"), "drafts have no help");
}
