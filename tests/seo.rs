//! What search engines (and Lighthouse's SEO audit) read: canonical links and robots.txt name
//! absolute URLs, so they appear only when `base_url` names a host.

mod common;
use common::*;

fn build(base_url: Option<&str>) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = docent();
    cmd.args(["build", "--root"]).arg(repo()).arg("--output").arg(out.path().join("p"));
    if let Some(url) = base_url {
        cmd.args(["--base-url", url]);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&out.path().join("p"))
}

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

#[test]
fn canonical_and_sitemap_urls_are_absolute_or_absent() {
    let tree = build(Some("https://example.org/help/"));
    assert!(text(&tree, "robots.txt").contains("Sitemap: https://example.org/help/sitemap.xml\n"));
    let page = text(&tree, "getting-help/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/help/getting-help/\">"), "{page}");
    let search = text(&tree, "search/index.html");
    assert!(search.contains("<link rel=\"canonical\" href=\"https://example.org/help/search/\">"), "{search}");
    assert!(search.contains("<meta name=\"description\""));
    assert!(!search.contains("noindex"));

    let tree = build(None); // the example's base_url is "/"
    assert!(!text(&tree, "robots.txt").contains("Sitemap"));
    assert!(!text(&tree, "getting-help/index.html").contains("rel=\"canonical\""));
}
