//! `docent check` end to end: the real binary on the fixture site with one of each problem
//! (compared with snapshot files beside it), on the example site, and on small temporary sites.
//! Set UPDATE_SNAPSHOTS=1 to rewrite the snapshots; review the diff before committing.

mod common;
use common::*;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

const HOME: (&str, &str) =
    ("content/_index.md", "+++\ntitle = \"Home\"\ndescription = \"Start here.\"\n+++\nWelcome. See [a](a.md).\n");

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/check-problems")
}

fn check_fixture(format: &str) -> Output {
    docent()
        .current_dir(fixture())
        .args(["check", "--root", ".", "--screens", "screens.txt", "--since", "previous-urls.json", "--format", format])
        .output()
        .unwrap()
}

/// Compares `actual` with the snapshot file, or rewrites it when UPDATE_SNAPSHOTS is set.
fn assert_snapshot(name: &str, actual: &str) {
    let path = fixture().join("expected").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no snapshot {}", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn fixture_gives_exactly_the_expected_text_report() {
    let o = check_fixture("text");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "", "the text report goes to stderr");
    assert_snapshot("check.txt", &stderr(&o));
}

#[test]
fn fixture_gives_exactly_the_expected_json_report() {
    let o = check_fixture("json");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_snapshot("check.json", &out);
}

#[test]
fn fixture_gives_exactly_the_expected_github_annotations() {
    let o = check_fixture("github");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.lines().all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")), "{out}");
    assert_snapshot("check.github", &out);
}

#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let o = docent()
        .current_dir(repo())
        .args(["check", "--root", "tests/fixtures/check-problems", "--format", "github"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "::error file=tests/fixtures/check-problems/content/links.md,line=6,col=3,title=docent::link to nope.md"
        ),
        "{out}"
    );
}

/// The example site's `[vars]` hold placeholder addresses (the real ones are not known), so
/// `check` warns about each of them, as it must until a deployment fills them in; anything
/// else it says about the site is a regression.
fn only_placeholder_warnings(json: &[u8]) {
    let v: serde_json::Value = serde_json::from_slice(json).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    let others: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| {
            !(d["severity"] == "warning"
                && d["file"] == "docent.toml"
                && d["message"].as_str().unwrap().contains("still holds a placeholder"))
        })
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    assert_eq!(diags.len(), 4, "helpdesk_url, account_request_url, portal_url, quick_guide_url: {diags:#?}");
}

#[test]
fn example_site_passes_with_only_its_placeholder_warnings() {
    let o = docent().args(["check", "--root"]).arg(repo()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).ends_with("check: 0 errors and 4 warnings in 32 pages\n"), "{}", stderr(&o));
    let o = docent().args(["check", "--format", "json", "--root"]).arg(repo()).output().unwrap();
    only_placeholder_warnings(&o.stdout);
    // A deployment that denies warnings cannot publish the placeholders.
    let o = docent().args(["check", "--deny-warnings", "--root"]).arg(repo()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn warnings_pass_unless_denied_and_check_writes_nothing() {
    let site =
        TempSite::new(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n![](x.png)\n"), ("content/x.png", "x")]);
    let check = |extra: &[&str]| docent().arg("check").arg("--root").arg(site.root()).args(extra).output().unwrap();
    let o = check(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: content/a.md:1:1: page has no description"), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: content/a.md:4:1: image x.png has no alt text"), "{}", stderr(&o));
    assert_eq!(check(&["--deny-warnings"]).status.code(), Some(1));
    let mut names: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["content", "docent.toml"].map(std::ffi::OsString::from), "check must not write");
}

#[test]
fn usage_and_io_problems_exit_2() {
    let site = TempSite::new(&[HOME]);
    let run = |args: &[&str]| docent().arg("check").arg("--root").arg(site.root()).args(args).output().unwrap();
    let o = run(&["--screens", "/no/such/screens.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("reading /no/such/screens.txt"), "{}", stderr(&o));
    assert_eq!(run(&["--format", "xml"]).status.code(), Some(2));
    site.write("old.json", b"{\"pages\": 3}");
    let o = run(&["--since", site.path("old.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is not a URL manifest"), "{}", stderr(&o));
    let o = docent().args(["check", "--root", "/no/such/site"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn moved_page_is_reported_until_an_alias_keeps_its_old_url() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\nSee [b](b.md).\n"),
        ("content/b.md", "+++\ntitle = \"B\"\ndescription = \"B.\"\n+++\nB.\n"),
    ]);
    assert!(site.build(&[]).status.success());
    let manifest = site.path("public/.docent/urls.json");
    let old = std::fs::read_to_string(&manifest).unwrap();
    assert!(old.contains("{\"url\":\"/b/\",\"source\":\"content/b.md\"}"), "{old}");
    std::fs::copy(&manifest, site.path("old-urls.json")).unwrap();
    let since = |site: &TempSite| {
        docent()
            .arg("check")
            .arg("--root")
            .arg(site.root())
            .arg("--since")
            .arg(site.path("old-urls.json"))
            .output()
            .unwrap()
    };
    // The page gets a new slug: its old URL disappears.
    site.write("content/b.md", b"+++\ntitle = \"B\"\ndescription = \"B.\"\nslug = \"bee\"\n+++\nB.\n");
    let o = since(&site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: content/b.md:1:1: /b/ (content/b.md in the previous build) is gone"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("this page moved to /bee/; add aliases = [\"/b/\"]"), "{}", stderr(&o));
    site.write(
        "content/b.md",
        b"+++\ntitle = \"B\"\ndescription = \"B.\"\nslug = \"bee\"\naliases = [\"/b/\"]\n+++\nB.\n",
    );
    let o = since(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn url_manifest_is_the_same_for_any_base_url() {
    let site = TempSite::new(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n")]);
    assert!(site.build(&[]).status.success());
    let a = std::fs::read(site.path("public/.docent/urls.json")).unwrap();
    assert!(site.build(&["--base-url", "https://org.github.io/help/"]).status.success());
    assert_eq!(std::fs::read(site.path("public/.docent/urls.json")).unwrap(), a);
}

#[test]
fn screens_list_finds_screens_without_help_and_help_without_screens() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ndescription = \"A.\"\nscreens = [\"login\", \"old-screen#steps\"]\n+++\n## Steps\n",
        ),
        ("screens.txt", "login\nnew-screen\nlogin\n"),
    ]);
    let o = docent()
        .current_dir(site.root())
        .args(["check", "--root", ".", "--screens", "screens.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "a screen without help fails the check: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{} {}", d["file"].as_str().unwrap(), d["line"], d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        vec![
            "content/a.md:4 screen `old-screen` is not in screens.txt: the application has no such screen".to_string(),
            "screens.txt:2 screen `new-screen` has no help page".to_string(),
            "screens.txt:3 screen ID `login` is already listed on line 1".to_string(),
        ]
    );
}

/// A tiny HTTP server on a free port: `/ok` answers 200, `/gone` 404, `/slow` only after 5 s.
/// Counts the requests for each path.
fn link_server() -> (String, Arc<Mutex<HashMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(Mutex::new(HashMap::new()));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                *counter.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
                let status = match path.as_str() {
                    "/ok" => "200 OK",
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            });
        }
    });
    (url, hits)
}

#[test]
fn external_links_are_fetched_once_with_timeout_and_cached() {
    let (url, hits) = link_server();
    let page = |name: &str| {
        format!(
            "+++\ntitle = \"{name}\"\ndescription = \"D.\"\n+++\n[ok]({url}/ok#part) [gone]({url}/gone) [slow]({url}/slow)\n"
        )
    };
    let (a, b) = (page("A"), page("B"));
    let site = TempSite::new(&[HOME, ("content/a.md", &a), ("content/b.md", &b)]);
    let check =
        |site: &Path, extra: &[&str]| docent().arg("check").arg("--root").arg(site).args(extra).output().unwrap();
    // Not fetched unless asked for.
    assert_eq!(check(site.root(), &[]).status.code(), Some(0));
    assert!(hits.lock().unwrap().is_empty());

    let o = check(site.root(), &["--external", "--external-timeout", "0.5", "--deny-warnings"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let col = a.lines().nth(4).unwrap().find("[gone]").unwrap() + 1;
    assert!(err.contains(&format!("warning: content/a.md:5:{col}: external link {url}/gone: HTTP 404")), "{err}");
    assert!(err.contains(&format!("warning: content/b.md:5:{col}: external link {url}/gone: HTTP 404")), "{err}");
    assert!(err.contains(&format!("external link {url}/slow: no answer within 0.5 s")), "{err}");
    assert!(!err.contains(&format!("external link {url}/ok")), "{err}");
    assert_eq!(hits.lock().unwrap().get("/ok"), Some(&1), "two pages link to /ok: fetched once");

    // The second run answers /ok from the cache and asks again about the failures.
    let o = check(site.root(), &["--external", "--external-timeout", "0.5"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hits = hits.lock().unwrap();
    assert_eq!(hits.get("/ok"), Some(&1), "a working link is cached");
    assert_eq!(hits.get("/gone"), Some(&2), "a broken link is asked again");
    assert!(site.path(".docent-cache/external-links.json").exists());
}

#[test]
fn ci_examples_are_valid_yaml_that_check_before_building_and_upload_public() {
    for file in ["examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let steps = serde_yaml::to_string(&yaml).unwrap();
        let (check, build) = (steps.find("docent check").unwrap(), steps.find("docent build").unwrap());
        assert!(check < build, "{file}: docent check must run before docent build");
        assert!(steps.contains("--base-url"), "{file}");
        assert!(steps.contains("public"), "{file}");
    }
}

#[test]
fn raw_html_the_policy_drops_and_unsafe_urls_are_reported_with_lines() {
    let page = "+++\ntitle = \"A\"\ndescription = \"A page.\"\n+++\nPress <kbd>Ctrl</kbd>.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n\n[Run](javascript:alert(1))\n\n<p>\n<a href=\"data:text/html,x\">x</a>\n</p>\n";
    let site = TempSite::new(&[
        ("docent.toml", "title = \"T\"\n[markdown]\nraw_html = \"safe\"\n"),
        HOME,
        ("content/a.md", page),
        ("content/x.png", "x"),
    ]);
    let o = docent().arg("check").arg("--root").arg(site.root()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for expected in [
        "warning: content/a.md:7:1: raw HTML dropped by raw_html = \"safe\": <script> with its content",
        "warning: content/a.md:9:1: raw HTML dropped by raw_html = \"safe\": onerror attribute of <img>",
        "error: content/a.md:11:1: unsafe URL in a link: javascript:alert(1)",
        "error: content/a.md:14:1: unsafe URL in <a href>: data:text/html,x",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(!err.lines().any(|l| l.starts_with("warning") && l.contains("kbd")), "<kbd> is kept by \"safe\": {err}");
    // The build refuses the unsafe URLs too, and writes nothing.
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("content/a.md:11:1: unsafe URL in a link: javascript:alert(1)"), "{}", stderr(&o));
    assert!(!site.path("public").exists());
    // Without the unsafe URLs it builds, and the page has no script or handler.
    site.write("content/a.md", page.split("[Run]").next().unwrap().as_bytes());
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    let article = &html[html.find("<kbd>").expect("kbd kept")..];
    assert!(!article.contains("alert(1)") && !article.contains("onerror"), "{article}");
}

#[test]
fn raw_html_deny_is_reported_as_shown_as_text() {
    let site = TempSite::new(&[
        ("docent.toml", "[markdown]\nraw_html = \"deny\"\n"),
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"A page.\"\n+++\nPress <kbd>Ctrl</kbd>.\n"),
    ]);
    let o = docent().arg("check").arg("--root").arg(site.root()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: content/a.md:5:7: raw HTML shown as text by raw_html = \"deny\": <kbd>"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn raw_html_paths_are_rewritten_and_checked_and_its_ids_are_anchors() {
    let chapter = "+++\ntitle = \"Chapter\"\ndescription = \"A chapter.\"\n+++\n<a id=\"old-slug\"></a>\n\n## Steps\n\n<p align=\"center\">\n  <img src=\"img/x.png\" alt=\"X\">\n</p>\n\nSee <a href=\"other.md\">other</a>, <a href=\"other.html\">old</a> and <img src=\"img/nope.png\" alt=\"n\">.\n";
    let other = "+++\ntitle = \"Other\"\ndescription = \"Another.\"\n+++\n[Old](chapter.md#old-slug), [here](#top-note), [gone](chapter.md#nope).\n\n<div id=\"top-note\">Note</div>\n";
    let site = TempSite::new(&[
        ("docent.toml", "title = \"T\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\ndescription = \"Start.\"\n+++\n[c](chapter.md) [o](other.md)\n"),
        ("content/chapter.md", chapter),
        ("content/other.md", other),
        ("content/img/x.png", "x"),
    ]);
    let o = docent().arg("check").arg("--root").arg(site.root()).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors,
        vec![
            "error: content/chapter.md:13:35: link to other.html: no such file",
            "error: content/chapter.md:13:68: image img/nope.png: no such file",
            "error: content/other.md:5:48: link to #nope in content/chapter.md: no such heading",
        ],
        "{err}"
    );
    // Fixed, it builds, and the page at /chapter/ finds its image and the other page.
    site.write(
        "content/chapter.md",
        chapter.replace(", <a href=\"other.html\">old</a> and <img src=\"img/nope.png\" alt=\"n\">", "").as_bytes(),
    );
    site.write("content/other.md", other.replace(", [gone](chapter.md#nope)", "").as_bytes());
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/chapter/index.html")).unwrap();
    assert!(html.contains("<img src=\"/img/x.png\" alt=\"X\">"), "{html}");
    assert!(html.contains("<a href=\"/other/\">other</a>"), "{html}");
}

#[test]
fn host_app_screens_match_the_example_site() {
    let o = docent()
        .current_dir(repo())
        .args(["check", "--screens", "examples/host-app/screens.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    only_placeholder_warnings(&o.stdout);
}

#[test]
fn translations_links_are_checked_like_the_pages_they_translate() {
    let (url, hits) = link_server();
    let es = format!(
        "+++\ntitle = \"Inicio\"\n+++\nVea [x](/nope/), ![i](/img/missing.png), [h](/help/nada/), [r](/es/a/#nada), \
         [ok](/es/a/#pasos) y [fuera]({url}/es-only).\n"
    );
    let site = TempSite::new(&[
        ("docent.toml", "title = \"Help\"\n[languages.es]\nname = \"Español\"\n"),
        HOME,
        ("content/_index.es.md", &es),
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\n## Steps\n\nSee [b](b.md).\n"),
        ("content/a.es.md", "+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\n## Pasos\n\nUno.\n"),
        ("content/b.md", "+++\ntitle = \"B\"\ndescription = \"B.\"\n+++\nSee [x](/gone/) and [a](a.md).\n"),
    ]);
    let o = docent().arg("check").arg("--root").arg(site.root()).args(["--external"]).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for broken in [
        "error: content/_index.es.md:4:5: link to /nope/: not in the built site",
        "image /img/missing.png: not in the built site",
        "link to /help/nada/: not in the built site",
        "link to #nada in content/a.es.md: no such heading",
        "external link",
    ] {
        assert!(err.contains(broken), "{broken}: {err}");
    }
    assert!(!err.contains("link to #pasos"), "{err}");
    assert_eq!(hits.lock().unwrap().get("/es-only"), Some(&1), "a translation's external link is fetched");
    // Untranslated, B is the English page again in Spanish: its broken link is reported once.
    assert_eq!(err.matches("link to /gone/").count(), 1, "{err}");
    assert!(err.contains("error: content/b.md:5:5: link to /gone/: not in the built site"), "{err}");
}
