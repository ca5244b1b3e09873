//! `docent import` end to end on trimmed real projects (tests/fixtures/import/KIND/, each with its
//! licence and a README naming the source): import with the real binary, then `docent build` and
//! `docent check` must pass with no edit, and a crawl of the output finds no broken internal
//! link, image or anchor and no leftover directive syntax where a reader would see it.

mod common;
use common::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

fn fixture(rel: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/import").join(rel)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Imports `source` as `kind`, builds and checks the result; gives the report and the output tree.
fn import_build_check(kind: &str, source: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let before = read_tree(&fixture(source));
    let o = docent().args(["import", "--from", kind]).arg(fixture(source)).arg("--into").arg(&site).output().unwrap();
    assert!(o.status.success(), "import failed: {}{}", stdout(&o), stderr(&o));
    let report = stdout(&o);
    assert_eq!(read_tree(&fixture(source)), before, "import must not touch SOURCE");
    let b = docent().args(["build", "--root"]).arg(&site).output().unwrap();
    assert!(b.status.success(), "build failed after import:\n{}\n{report}", stderr(&b));
    assert!(!stderr(&b).contains("error"), "{}", stderr(&b));
    let c = docent().args(["check", "--root"]).arg(&site).output().unwrap();
    assert!(c.status.success(), "check failed after import:\n{}\n{report}", stderr(&c));
    assert!(stderr(&c).contains("check: 0 errors"), "{}", stderr(&c));
    crawl(&site.join("public"));
    (report, dir)
}

/// Every internal href/src of every HTML page leads to a file, and every `#fragment` to an id of
/// that page; no template or preprocessor syntax outside code and comments.
fn crawl(public: &Path) {
    let tree = read_tree(public);
    let html: BTreeMap<&String, String> = tree
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8_lossy(v).into_owned()))
        .collect();
    // Code and comments are text, not markup: only the rest has links.
    let html: BTreeMap<&String, String> = html
        .into_iter()
        .map(|(k, t)| {
            (k, strip_between(&strip_between(&strip_between(&t, "<!--", "-->"), "<pre", "</pre>"), "<code", "</code>"))
        })
        .collect();
    let ids: BTreeMap<&str, HashSet<String>> =
        html.iter().map(|(k, t)| (k.as_str(), attr_values(t, "id").into_iter().collect())).collect();
    let mut broken = Vec::new();
    let mut leftovers = Vec::new();
    for (page, text) in &html {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for url in attr_values(text, "href").into_iter().chain(attr_values(text, "src")) {
            let url = url.replace("&amp;", "&");
            if url.contains(':') || url.starts_with("//") {
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((&url, ""));
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                page.to_string()
            } else {
                let joined = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { join(dir, path) };
                let decoded = joined.replace("%20", " ");
                if decoded.is_empty() || decoded.ends_with('/') {
                    format!("{decoded}index.html")
                } else if tree.contains_key(&decoded) {
                    decoded
                } else {
                    format!("{decoded}/index.html")
                }
            };
            if !tree.contains_key(&target) {
                broken.push(format!("{page}: {url} (no {target})"));
            } else if !fragment.is_empty()
                && target.ends_with(".html")
                && !ids.get(target.as_str()).is_some_and(|s| s.contains(fragment))
            {
                broken.push(format!("{page}: {url} (no id {fragment} in {target})"));
            }
        }
        let visible = text;
        for pat in ["{{#", "{{<", "{{%", "{%", "<p>::: ", "<p>!!! ", "<p>??? "] {
            if let Some(at) = visible.find(pat) {
                leftovers.push(format!("{page}: {}", snippet(visible, at)));
            }
        }
        if let Some(at) = shortcode_call(visible) {
            leftovers.push(format!("{page}: {}", snippet(visible, at)));
        }
    }
    assert!(broken.is_empty(), "{} broken internal links:\n{}", broken.len(), broken.join("\n"));
    assert!(leftovers.is_empty(), "leftover directive syntax:\n{}", leftovers.join("\n"));
}

/// The text around byte `at`, cut at character boundaries.
fn snippet(text: &str, at: usize) -> String {
    text.char_indices().skip_while(|(i, _)| *i + 40 < at).take(80).map(|(_, c)| c).collect()
}

/// Where `{{ name(` (a Zola shortcode call) appears.
fn shortcode_call(text: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = text[at..].find("{{") {
        let start = at + i;
        let rest = text[start + 2..].trim_start();
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && rest[name.len()..].starts_with('(') {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(&needle) {
        let start = at + i + needle.len();
        let Some(end) = html[start..].find('"') else { break };
        out.push(html[start..start + end].to_string());
        at = start + end;
    }
    out
}

fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() { format!("{joined}/") } else { joined }
}

/// How often any of `needles` occurs in the `.md` files under `dir`.
fn count_in_markdown(dir: &Path, needles: &[&str]) -> usize {
    read_tree(dir)
        .iter()
        .filter(|(k, _)| k.ends_with(".md"))
        .map(|(_, v)| {
            let t = String::from_utf8_lossy(v);
            needles.iter().map(|n| t.matches(n).count()).sum::<usize>()
        })
        .sum()
}

#[test]
fn mdbook_guide_imports_builds_and_checks_clean() {
    let (report, dir) = import_build_check("mdbook", "mdbook/guide");
    assert!(report.contains("{{#include}} expanded"), "{report}");
    assert!(report.contains("{{#rustdoc_include}} expanded"), "{report}");
    assert!(
        report.contains("src/format/mdbook.md:295: `{{#playground}}` written as a plain Rust code block"),
        "{report}"
    );
    assert!(report.contains("src/SUMMARY.md: `Draft chapter` has no file"), "{report}");
    let site = dir.path().join("site");
    // Every directive left in the Markdown was escaped (`\{{#`) in the book: documentation of the syntax.
    let directives = ["{{#include", "{{#rustdoc_include", "{{#playground", "{{#title"];
    // (and `{{#include}}` without a file, which mdBook leaves as it is).
    let escaped = ["\\{{#include", "\\{{#rustdoc_include", "\\{{#playground", "\\{{#title", "`{{#include}}`"];
    assert_eq!(
        count_in_markdown(&site.join("content"), &directives),
        count_in_markdown(&fixture("mdbook/guide/src"), &escaped)
    );
    let init = std::fs::read_to_string(site.join("content/cli/init.md")).unwrap();
    assert!(init.contains("weight = 10") && init.contains("aliases = [\"/cli/init.html\"]"), "{init}");
    assert!(site.join("public/cli/init.html").is_file(), "the old mdBook URL redirects");
    let toml = std::fs::read_to_string(site.join("docent.toml")).unwrap();
    assert!(toml.contains("title = \"mdBook Documentation\""), "{toml}");
}

#[test]
fn zola_docs_import_builds_and_checks_clean() {
    let (report, dir) = import_build_check("zola", "zola/docs");
    assert!(report.contains("page bundles (dir/index.md) made pages dir.md"), "{report}");
    assert!(report.contains("shortcode `resize_image` not translated"), "{report}");
    let site = dir.path().join("site");
    let feeds = std::fs::read_to_string(site.join("content/documentation/templates/feeds.md")).unwrap();
    assert!(feeds.contains("](feeds/rss_feed.png)"), "{feeds}");
    assert!(site.join("public/documentation/templates/feeds/rss_feed.png").is_file());
}

#[test]
fn hugo_book_example_imports_builds_and_checks_clean() {
    let (report, dir) = import_build_check("hugo", "hugo/exampleSite");
    assert!(report.contains("callout shortcodes made callouts"), "{report}");
    assert!(report.contains("tab groups written one tab after another"), "{report}");
    assert!(report.contains("details shortcodes made <details>"), "{report}");
    assert!(report.contains("shortcode `katex` not translated"), "{report}");
    let site = dir.path().join("site");
    let hints = std::fs::read_to_string(site.join("content/docs/content/shortcodes/hints.md")).unwrap();
    assert!(hints.contains("> [!WARNING]"), "{hints}");
}

#[test]
fn mkdocs_httpx_docs_import_builds_and_checks_clean() {
    let (report, dir) = import_build_check("mkdocs", "mkdocs");
    assert!(report.contains("admonitions made callouts"), "{report}");
    assert!(report.contains("docs/api.md:11: `::: httpx.request`: API documentation made by a plugin"), "{report}");
    let site = dir.path().join("site");
    let async_page = std::fs::read_to_string(site.join("content/guides/async.md")).unwrap();
    assert!(async_page.contains("aliases = [\"/async/\"]") && async_page.contains("> [!"), "{async_page}");
    let advanced = std::fs::read_to_string(site.join("content/advanced/_index.md")).unwrap();
    assert!(advanced.contains("title = \"Advanced\"") && advanced.contains("weight = 20"), "{advanced}");
}

#[test]
fn import_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let o = docent()
            .args(["import", "--from", "zola"])
            .arg(fixture("zola/docs"))
            .arg("--into")
            .arg(d.path().join("s"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(read_tree(&a.path().join("s")), read_tree(&b.path().join("s")));
}

#[test]
fn import_refuses_a_folder_with_files_and_a_folder_inside_source() {
    let site = TempSite::new(&[("keep.txt", "mine")]);
    let before = read_tree(site.root());
    let o = docent()
        .args(["import", "--from", "mkdocs"])
        .arg(fixture("mkdocs"))
        .arg("--into")
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty") && stderr(&o).contains("new or empty folder"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(site.path("keep.txt")).unwrap(), "mine");
    assert_eq!(read_tree(site.root()), before, "nothing written or removed");

    let src = TempSite::new(&[("mkdocs.yml", "site_name: X\n"), ("docs/index.md", "# X\n")]);
    let o = docent()
        .args(["import", "--from", "mkdocs"])
        .arg(src.root())
        .arg("--into")
        .arg(src.path("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("never writes into SOURCE"), "{}", stderr(&o));
    assert!(!src.path("out").exists());

    let o =
        docent().args(["import", "--from", "hugo"]).arg(src.root()).arg("--into").arg(site.path("x")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no hugo.toml"), "{}", stderr(&o));
}
