//! The URL manifest, `.docent/urls.json`: every page's URL and every alias of a build.
//!
//! `docent check --since OLD` compares a previous build's manifest with the current site, so that
//! moving or renaming a page never silently breaks bookmarks or application links. URLs are
//! relative to the base path (`/` is the home page), so a preview build with another
//! `--base-url` writes the same manifest. One entry a line, sorted: diffs stay readable and a
//! diagnostic can name the line of an entry.

use crate::content::Site;
use crate::resolve::SiteMap;
use serde::{Deserialize, Serialize};

/// Where the manifest is written, relative to the output folder.
pub const MANIFEST_PATH: &str = ".docent/urls.json";
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlManifest {
    pub version: u32,
    pub pages: Vec<ManifestPage>,
    pub aliases: Vec<ManifestAlias>,
}

/// A page: its URL (`/login/reset/`) and source file (`content/login/reset.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestPage {
    pub url: String,
    pub source: String,
}

/// An old URL (`/old/reset.html`) and the URL of the page it redirects to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestAlias {
    pub url: String,
    pub target: String,
}

/// The manifest's text for a resolved site: its pages and aliases in every language. `views`
/// are the default language's site and map, then each other language's (`languages::view`),
/// whose URLs are under `/CODE/`; entries are sorted by URL across languages.
pub fn manifest(views: &[(&Site, &SiteMap)]) -> String {
    let mut pages = Vec::new();
    let mut aliases = Vec::new();
    for (site, map) in views {
        let prefix = site.language.as_deref().map_or(String::new(), |code| format!("{code}/"));
        pages.extend(map.by_url.iter().map(|(url, &i)| {
            let entry = ManifestPage { url: format!("/{prefix}{url}"), source: site.pages[i].source.clone() };
            (entry.url.clone(), line(&entry))
        }));
        aliases.extend(map.aliases.iter().map(|(url, &i)| {
            let entry =
                ManifestAlias { url: format!("/{prefix}{url}"), target: format!("/{prefix}{}", map.pages[i].url) };
            (entry.url.clone(), line(&entry))
        }));
    }
    // One view's entries are sorted already (by_url and aliases are ordered maps).
    if views.len() > 1 {
        pages.sort_unstable();
        aliases.sort_unstable();
    }
    let lines = |entries: Vec<(String, String)>| entries.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join(",\n");
    format!(
        "{{\"version\": {MANIFEST_VERSION},\n\"pages\": [\n{}\n],\n\"aliases\": [\n{}\n]}}\n",
        lines(pages),
        lines(aliases)
    )
}

/// One entry, on one line.
fn line<T: Serialize>(entry: &T) -> String {
    serde_json::to_string(entry).expect("manifest entries are plain strings")
}

/// Reads a manifest written by `docent build`; the error says what is wrong.
pub fn parse(text: &str) -> Result<UrlManifest, String> {
    let m: UrlManifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if m.version != MANIFEST_VERSION {
        return Err(format!("manifest version {} is not supported (this docent reads {MANIFEST_VERSION})", m.version));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::page_from_text;

    #[test]
    fn manifest_lists_pages_and_aliases_one_a_line_and_reads_back() {
        let pages =
            [("_index.md", "+++\ntitle = \"H\"\n+++\n"), ("a.md", "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n+++\n")]
                .iter()
                .map(|(rel, text)| page_from_text(&format!("content/{rel}"), rel, text).unwrap())
                .collect();
        let site = Site { pages, ..Default::default() };
        let (map, _) = crate::resolve::resolve(&site);
        let text = manifest(&[(&site, &map)]);
        assert_eq!(
            text,
            "{\"version\": 1,\n\"pages\": [\n{\"url\":\"/\",\"source\":\"content/_index.md\"},\n{\"url\":\"/a/\",\"source\":\"content/a.md\"}\n],\n\"aliases\": [\n{\"url\":\"/old/\",\"target\":\"/a/\"}\n]}\n"
        );
        let m = parse(&text).unwrap();
        assert_eq!(m.pages[1].url, "/a/");
        assert_eq!(m.aliases[0].target, "/a/");
        assert!(parse("{\"version\": 9, \"pages\": [], \"aliases\": []}").unwrap_err().contains("version 9"));
    }
}
