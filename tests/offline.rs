//! `[offline]` and `[feedback]` as `docent build` writes them: the web app manifest and the
//! service worker only when enabled, made from the build's file list and byte-identical for the
//! same input; never in a preview; the feedback form and help desk link only with `[feedback]`.

mod common;
use common::*;
use std::collections::BTreeMap;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
const SECTION: (&str, &str) = ("content/login/_index.md", "+++\ntitle = \"Logging in\"\n+++\nAll about it.\n");
const PAGE: (&str, &str) = (
    "content/login/reset.md",
    "+++\ntitle = \"Reset your password\"\n+++\n## Steps\n\n![Diagram](reset/diagram.png)\n",
);
const OFFLINE: &str = "title = \"Help\"\nbase_url = \"https://example.org/help/\"\n[offline]\nenabled = true\n";

fn site(config: &str) -> TempSite {
    let site = TempSite::new(&[HOME, SECTION, PAGE, ("docent.toml", config)]);
    site.write("content/login/reset/diagram.png", b"\x89PNG not really");
    site
}

fn built(site: &TempSite, output: &str) -> BTreeMap<String, Vec<u8>> {
    let out = site.path(output);
    let o = site.build(&["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&out)
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

/// The data line of the worker, as JSON.
fn worker_data(tree: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    let sw = text(tree, "sw.js");
    let line = sw.lines().find(|l| l.starts_with("const DATA = ")).expect("a data line");
    serde_json::from_str(line.trim_start_matches("const DATA = ").trim_end_matches(';')).unwrap()
}

#[test]
fn without_offline_there_is_no_manifest_no_worker_and_no_extra_bytes() {
    let tree = built(&site("title = \"Help\"\n"), "out");
    assert!(!tree.contains_key("sw.js") && !tree.contains_key("manifest.webmanifest"));
    assert!(!tree.keys().any(|p| p.starts_with("offline.") || p.starts_with("feedback.")), "{:?}", tree.keys());
    for page in ["index.html", "login/index.html", "login/reset/index.html"] {
        let html = text(&tree, page);
        assert!(!html.contains("webmanifest") && !html.contains("offline") && !html.contains("feedback"), "{page}");
    }
}

#[test]
fn offline_writes_a_manifest_and_a_worker_named_after_the_build() {
    let site = site(OFFLINE);
    let tree = built(&site, "out");
    let page = text(&tree, "login/index.html");
    assert!(page.contains("<link rel=\"manifest\" href=\"/help/manifest.webmanifest\">"), "{page}");
    assert!(page.contains("data-worker=\"/help/sw.js\" data-scope=\"/help/\""), "{page}");
    assert!(page.contains("data-module=\"login/\""), "the section page offers to save its module");
    assert!(text(&tree, "index.html").contains("data-module=\"\""), "the home page offers the whole guide");
    let manifest: serde_json::Value = serde_json::from_slice(&tree["manifest.webmanifest"]).unwrap();
    assert_eq!((manifest["start_url"].as_str(), manifest["scope"].as_str()), (Some("./"), Some("./")));

    let data = worker_data(&tree);
    let hash = data["build"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 16);
    assert!(text(&tree, "sw.js").contains("const CACHE = PREFIX + DATA.build;"));
    // The file list: every page, with the image it shows; the search index; the theme.
    assert_eq!(data["pages"]["login/reset/"], serde_json::json!([["login/reset/diagram.png"], []]));
    let pages: Vec<&str> = data["pages"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(pages, vec!["", "login/", "login/reset/"]);
    let search: Vec<&str> = data["search"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let on_disk: Vec<&str> =
        tree.keys().map(String::as_str).filter(|p| p.starts_with("search/") && p.ends_with(".json")).collect();
    assert_eq!(search, on_disk);
    let shell: Vec<&str> = data["shell"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(shell.iter().any(|p| p.starts_with("style.") && p.ends_with(".css")), "{shell:?}");
    assert!(shell.contains(&"") && shell.contains(&"search/"), "{shell:?}");
    for path in search.iter().chain(&shell) {
        let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        assert!(tree.contains_key(&file), "{path} is in the worker's list but not in the build");
    }

    // Same input, same bytes; a changed image (a copied file), a new hash.
    let again = built(&site, "again");
    assert_eq!(tree["sw.js"], again["sw.js"]);
    assert_eq!(tree["manifest.webmanifest"], again["manifest.webmanifest"]);
    site.write("content/login/reset/diagram.png", b"\x89PNG another picture");
    let changed = built(&site, "changed");
    assert_ne!(worker_data(&changed)["build"].as_str().unwrap(), hash);
}

#[test]
fn each_language_offers_its_own_guide_and_modules_for_offline_use() {
    let site = site(&format!("{OFFLINE}[languages.es]\nname = \"Español\"\n"));
    site.write("content/_index.es.md", "+++\ntitle = \"Inicio\"\n+++\nBienvenido.\n".as_bytes());
    site.write("content/login/reset.es.md", "+++\ntitle = \"Restablecer la contraseña\"\n+++\n## Pasos\n".as_bytes());
    let tree = built(&site, "out");
    assert!(text(&tree, "es/index.html").contains("data-module=\"es/\""), "the Spanish home saves the Spanish guide");
    assert!(text(&tree, "es/login/index.html").contains("data-module=\"es/login/\""));
    assert!(text(&tree, "index.html").contains("data-module=\"\""));

    let data = worker_data(&tree);
    assert_eq!(data["languages"], serde_json::json!(["es/"]));
    let pages: Vec<&str> = data["pages"].as_object().unwrap().keys().map(String::as_str).collect();
    for url in ["", "login/", "login/reset/", "es/", "es/login/", "es/login/reset/"] {
        assert!(pages.contains(&url), "{url} is in the worker's pages: {pages:?}");
    }
    for url in &pages {
        assert!(tree.contains_key(&format!("{url}index.html")), "{url} is in the worker's list but not in the build");
    }
    let shell: Vec<&str> = data["shell"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for path in ["", "search/", "es/", "es/search/"] {
        assert!(shell.contains(&path), "{path} opens offline: {shell:?}");
    }
    let search: Vec<&str> = data["search"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(search.iter().any(|p| p.starts_with("es/search/")) && search.iter().any(|p| p.starts_with("search/")));
}

#[test]
fn a_preview_has_no_worker_and_does_not_register_one() {
    let site = site(OFFLINE);
    let opts = docent::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:1/".into()),
        drafts: false,
        preview: true,
        role: None,
    };
    let session = docent::serve::rebuild::Session::start(opts).unwrap();
    assert!(session.problems.is_empty(), "{:?}", session.problems);
    assert!(!session.tree.files.contains_key("sw.js") && !session.tree.files.contains_key("manifest.webmanifest"));
    let page = String::from_utf8(session.tree.read("login/index.html").unwrap().unwrap()).unwrap();
    assert!(!page.contains("webmanifest") && !page.contains("sw.js") && !page.contains("offline-save"), "{page}");
}

#[test]
fn a_site_file_in_the_workers_place_is_an_error_naming_it() {
    let site = site(OFFLINE);
    site.write("static/sw.js", b"// mine\n");
    let o = site.build(&["--output", site.path("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`sw.js` of the site would take the place of the one [offline] writes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn feedback_form_posts_to_the_url_and_the_help_desk_link_is_prefilled() {
    let config = "title = \"Help\"\nbase_url = \"https://example.org/help/\"\n[feedback]\nurl = \"https://stats.example.org/feedback\"\nhelp_desk = \"https://desk.example.org/new?subject={title}&url={url}\"\n";
    let tree = built(&site(config), "out");
    let page = text(&tree, "login/reset/index.html");
    assert!(
        page.contains("method=\"post\" rel=\"noreferrer\" action=\"https://stats.example.org/feedback\""),
        "{page}"
    );
    assert!(page.contains("<input type=\"hidden\" name=\"page\" value=\"/help/login/reset/\">"), "{page}");
    assert!(page.contains(
        "href=\"https://desk.example.org/new?subject=Reset%20your%20password&amp;url=https%3A%2F%2Fexample.org%2Fhelp%2Flogin%2Freset%2F\""
    ), "{page}");
    assert!(tree.keys().any(|p| p.starts_with("feedback.") && p.ends_with(".js")));
}

#[test]
fn feedback_by_email_prefills_a_message() {
    let config = "title = \"Help\"\n[feedback]\nemail = \"desk@example.org\"\n";
    let tree = built(&site(config), "out");
    let page = text(&tree, "login/reset/index.html");
    assert!(page.contains("action=\"mailto:desk@example.org?subject=Feedback%20on%3A%20Reset%20your%20password\" enctype=\"text/plain\""), "{page}");
    assert!(page.contains(
        "href=\"mailto:desk@example.org?subject=Question%20about%3A%20Reset%20your%20password&amp;body=%2Flogin%2Freset%2F\""
    ), "{page}");
}

#[test]
fn feedback_settings_that_cannot_work_are_errors_at_their_line() {
    for (config, line, words) in [
        ("title = \"x\"\n[feedback]\n", 2, "[feedback] needs"),
        ("[feedback]\nurl = \"stats.example.org\"\n", 2, "[feedback] url"),
        ("[feedback]\nemail = \"desk\"\n", 2, "[feedback] email"),
        ("[feedback]\nemail = \"a@b.org\"\nhelp_desk = \"javascript:alert(1)\"\n", 3, "[feedback] help_desk"),
    ] {
        let site = site(config);
        let o = site.build(&["--output", site.path("out").to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{config}: {err}");
        assert!(err.contains(&format!("docent.toml:{line}:")) && err.contains(words), "{config}: {err}");
    }
}
