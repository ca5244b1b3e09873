//! Adds the site's files (assets beside pages, `static/`, videos) to the output tree, refusing
//! any that would take the place of another output file.
//!
//! Before this check a later file silently won: `static/a/index.html` replaced the page of
//! `content/a.md`, `static/docent-help.js` the widget (while `docent-help.js.sri` kept the
//! built-in hash). Now every collision is an error naming both sides, so nothing the build
//! generates can be overridden by accident. The not-found page is changed the supported way,
//! with `templates/404.html`. Pure: the tree is in memory.

use super::{OutputFile, OutputTree};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::resolve::SiteMap;
use std::collections::BTreeMap;

/// Adds `site.assets` to `tree`, which must already hold every generated file except the search
/// index (whose names are reserved by pattern). A colliding asset is left out, with an error.
pub fn add_assets(tree: &mut OutputTree, site: &Site, map: &SiteMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut placed: BTreeMap<&str, &str> = BTreeMap::new();
    for asset in &site.assets {
        let output = asset.output.as_str();
        let taken_by = if let Some(first) = placed.get(output) {
            Some(format!("{first}, which is published at the same path"))
        } else if tree.files.contains_key(output) || crate::derive::search::is_index_file(output) {
            Some(generated(output, site, map))
        } else {
            None
        };
        if let Some(other) = taken_by {
            diags.push(collision(&asset.source, output, &other));
            continue;
        }
        placed.insert(output, &asset.source);
        tree.files.insert(asset.output.clone(), OutputFile::Copy(asset.path.clone()));
    }
    diags
}

/// What docent generates at `output`, in words an author recognises.
fn generated(output: &str, site: &Site, map: &SiteMap) -> String {
    let dir = output.strip_suffix("index.html").filter(|d| d.is_empty() || d.ends_with('/'));
    if let Some(&page) = dir.and_then(|d| map.by_url.get(d)) {
        return format!("the page of {}", site.pages[page].source);
    }
    if let Some(&page) = dir.and_then(|d| map.aliases.get(d)) {
        return format!("the redirect to {} (one of its aliases)", site.pages[page].source);
    }
    if crate::derive::search::is_index_file(output) {
        return "the search index (docent writes search/*.json)".to_string();
    }
    format!("the {output} that docent generates")
}

fn collision(source: &str, output: &str, other: &str) -> Diagnostic {
    let help = if output == "404.html" {
        "to change the not-found page, put your 404.html in templates/ instead (a template: plain HTML \
         works as it is, inside {% raw %}...{% endraw %} if it holds `{{` or `{%`)"
            .to_string()
    } else {
        format!("rename or remove {source}: a file of the site may not take the place of another output file")
    };
    Diagnostic::error(Span::file(source), format!("would be published as {output}, in the place of {other}"))
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Asset, test_site};

    fn asset(source: &str, output: &str) -> Asset {
        Asset { path: source.into(), source: source.into(), output: output.into(), dimensions: None }
    }

    fn place(generated: &[&str], assets: &[(&str, &str)]) -> (OutputTree, Vec<Diagnostic>) {
        let mut site = test_site(&[("_index.md", "+++\ntitle = \"H\"\n+++\n"), ("a.md", "+++\ntitle = \"A\"\n+++\n")]);
        site.assets = assets.iter().map(|(s, o)| asset(s, o)).collect();
        let (map, _) = crate::resolve::resolve(&site);
        let mut tree = OutputTree::default();
        for g in generated {
            tree.insert_bytes(*g, b"generated".to_vec());
        }
        let diags = add_assets(&mut tree, &site, &map);
        (tree, diags)
    }

    #[test]
    fn static_file_over_a_page_is_an_error_naming_both() {
        let (tree, diags) = place(&["a/index.html"], &[("static/a/index.html", "a/index.html")]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span.as_ref().unwrap().file, "static/a/index.html");
        assert!(diags[0].message.contains("the page of content/a.md"), "{}", diags[0].message);
        assert_eq!(tree.files["a/index.html"], OutputFile::Bytes(std::sync::Arc::new(b"generated".to_vec())));
    }

    #[test]
    fn two_assets_at_one_path_and_search_names_are_errors() {
        let (tree, diags) = place(
            &[],
            &[
                ("content/img.png", "img.png"),
                ("static/img.png", "img.png"),
                ("static/search/manifest.json", "search/manifest.json"),
                ("static/logo.png", "logo.png"),
            ],
        );
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("would be published as img.png") && messages[0].contains("content/img.png"));
        assert!(messages[1].contains("the search index"));
        assert_eq!(tree.files["img.png"], OutputFile::Copy("content/img.png".into()));
        assert!(tree.files.contains_key("logo.png"));
    }

    #[test]
    fn static_404_points_at_templates() {
        let (_, diags) = place(&["404.html"], &[("static/404.html", "404.html")]);
        assert!(diags[0].help.as_deref().unwrap().contains("templates/"));
    }
}
