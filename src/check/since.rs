//! URL stability: every URL of a previous build (pages and aliases, from its manifest) must still
//! lead somewhere, so moving a page never silently breaks bookmarks or application links.

use super::PreviousUrls;
use crate::Build;
use crate::diagnostics::{Diagnostic, Span};

pub fn check_since(build: &Build, prev: &PreviousUrls) -> Vec<Diagnostic> {
    let old = prev
        .manifest
        .pages
        .iter()
        .map(|p| (&p.url, Some(&p.source)))
        .chain(prev.manifest.aliases.iter().map(|a| (&a.url, None)));
    let mut diags = Vec::new();
    for (url, source) in old {
        let rel = url.trim_start_matches('/');
        let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        if build.tree.files.contains_key(&file) {
            continue;
        }
        // A URL under `/CODE/` is another language's: its view finds the page, and an alias
        // there is written relative to that language's home.
        let (site, map, prefix) = build
            .languages
            .iter()
            .map(|l| (&l.site, &l.map, format!("/{}/", l.code)))
            .find(|(_, _, prefix)| url.starts_with(prefix.as_str()))
            .unwrap_or((&build.site, &build.map, "/".to_string()));
        let alias = format!("aliases = [\"/{}\"]", url.strip_prefix(prefix.as_str()).unwrap_or(url));
        let still_here = source.and_then(|s| map.by_source.get(s.as_str())).copied();
        let (span, help) = match still_here {
            Some(page) => {
                let p = &site.pages[page];
                (
                    Span::new(&p.source, p.key_line("aliases"), 1),
                    format!("this page moved to {prefix}{}; add {alias} to its front matter", map.pages[page].url),
                )
            }
            None => (
                Span::new(&prev.path, manifest_line(&prev.text, url), 1),
                format!("add {alias} to the front matter of the page that replaces it"),
            ),
        };
        let was = source.map_or_else(|| "an alias".to_string(), |s| s.to_string());
        diags.push(
            Diagnostic::error(span, format!("{url} ({was} in the previous build) is gone and no alias redirects it"))
                .with_help(help),
        );
    }
    diags
}

/// The line of the manifest entry for `url` (the manifest has one entry a line).
fn manifest_line(text: &str, url: &str) -> u32 {
    let needle = format!("\"url\":{}", serde_json::to_string(url).unwrap_or_default());
    text.lines().position(|l| l.contains(&needle)).map_or(1, |n| n as u32 + 1)
}
