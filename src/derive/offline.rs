//! Offline reading (`[offline] enabled = true`): the web app manifest and the service worker,
//! made from the build's file list.
//!
//! Takes every output file with the digest of its bytes, the HTML of the pages and the theme's
//! asset names; gives `manifest.webmanifest` and `sw.js`. The worker is the theme's
//! `offline/sw.js` with one line of data put in: the build's hash (which names its cache, so a
//! new build's worker replaces every file and deletes the old cache), the theme files it keeps
//! on install, the search index, and for each page the files it shows (images) and the videos it
//! lists, so that a page can ask for a whole module to be saved. Pure: the caller reads copied
//! files to digest them. Nothing here knows the base path: the worker and the manifest resolve
//! every path against their own URL, so a site under a sub-path works as it is.

use crate::config::Config;
use crate::digest::Digest;
use include_dir::{Dir, include_dir};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

/// The worker's path, relative to the base (its folder is its scope: the whole site).
pub const WORKER_PATH: &str = "sw.js";
/// The web app manifest's path, relative to the base.
pub const MANIFEST_PATH: &str = "manifest.webmanifest";

static OFFLINE_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default/offline");

/// The line of `sw.js` replaced by the build's data.
const DATA_MARK: &str = "/* DOCENT-DATA */";

/// What the offline files are made from.
pub struct OfflineInput<'a> {
    pub config: &'a Config,
    /// The base path every link of the site starts with (`/`, `/help/`).
    pub base_path: &'a str,
    /// Every output file (path relative to the base) and the digest of its bytes.
    pub files: &'a BTreeMap<String, u64>,
    /// Each page's URL relative to the base (`login/reset/`, `` for the home page) and HTML,
    /// video pages included.
    pub pages: Vec<(String, &'a [u8])>,
    /// The theme's static files: plain name (`style.css`) -> hashed path (`style.0a1b2c3d4e.css`).
    pub theme_assets: &'a BTreeMap<String, String>,
    /// The folder of each other language (`es/`), whose pages `pages` lists under it.
    pub languages: &'a [String],
}

/// The build's hash: every output file's path and digest, in path order (the worker excepted,
/// since it carries the hash). Same input, same hash; any changed byte, a new hash.
pub fn build_hash(files: &BTreeMap<String, u64>) -> String {
    let mut d = Digest::new();
    for (path, digest) in files.iter().filter(|(p, _)| p.as_str() != WORKER_PATH) {
        d.write(path.as_bytes());
        d.write_u64(*digest);
    }
    format!("{:016x}", d.finish())
}

/// `manifest.webmanifest` and `sw.js`, as (output path, bytes).
pub fn offline_files(input: &OfflineInput) -> Vec<(String, Vec<u8>)> {
    vec![(MANIFEST_PATH.into(), web_manifest(input)), (WORKER_PATH.into(), worker(input))]
}

/// With `[offline]` on, a file of the site's own (`static/sw.js`) may not take the place of the
/// worker or the manifest: an error naming it.
pub fn check_paths(config: &Config, tree: &crate::output::OutputTree) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Diagnostic, Span};
    if !config.offline.enabled {
        return Vec::new();
    }
    [WORKER_PATH, MANIFEST_PATH]
        .into_iter()
        .filter(|p| tree.files.contains_key(*p))
        .map(|p| {
            Diagnostic::error(
                Span::file(crate::config::CONFIG_FILE),
                format!("`{p}` of the site would take the place of the one [offline] writes"),
            )
            .with_help(format!("rename or remove the site's `{p}` (in static/ or content/), or turn [offline] off"))
        })
        .collect()
}

fn web_manifest(input: &OfflineInput) -> Vec<u8> {
    let c = input.config;
    let mut icons = Vec::new();
    if let Some(icon) = input.theme_assets.get("favicon.svg") {
        icons.push(json!({ "src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any" }));
    }
    // Relative URLs resolve against the manifest's own URL, which sits at the base.
    let manifest = json!({
        "name": c.title,
        "short_name": c.title,
        "description": c.description,
        "lang": c.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4f91",
        "icons": icons,
    });
    let mut text = serde_json::to_string_pretty(&manifest).expect("a JSON value always serializes");
    text.push('\n');
    text.into_bytes()
}

/// Files whose extension marks a video or its captions: saved only when the reader asks.
fn is_media(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "webm" | "mp4" | "m4v" | "ogv" | "mov" | "vtt")
}

fn is_video_page(url: &str) -> bool {
    url.starts_with(crate::resolve::VIDEOS_URL) && url.len() > crate::resolve::VIDEOS_URL.len()
}

/// The files one page shows or lists, relative to the base: (images and other files, videos:
/// video pages and media). Read from the HTML's `src`, `href` and `poster` values that lead to a
/// file of the build (theme files and other pages left out; they are saved on their own).
fn page_refs(input: &OfflineInput, html: &[u8]) -> (BTreeSet<String>, BTreeSet<String>) {
    let text = String::from_utf8_lossy(html);
    let theme: BTreeSet<&str> = input.theme_assets.values().map(String::as_str).collect();
    let (mut files, mut videos) = (BTreeSet::new(), BTreeSet::new());
    for attr in ["src=\"", "href=\"", "poster=\""] {
        for (at, _) in text.match_indices(attr) {
            let rest = &text[at + attr.len()..];
            let Some(value) = rest.split('"').next() else { continue };
            let value = value.replace("&amp;", "&");
            let Some(path) = value.strip_prefix(input.base_path) else { continue };
            let path = path.split(['?', '#']).next().unwrap_or("");
            if path.is_empty() || theme.contains(path) {
                continue;
            }
            if path.ends_with('/') {
                if is_video_page(path) && input.files.contains_key(&format!("{path}index.html")) {
                    videos.insert(path.to_string());
                }
                continue;
            }
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let Some(found) = [path, decoded.as_ref()].into_iter().find(|p| input.files.contains_key(*p)) else {
                continue;
            };
            if found.ends_with(".html") {
                continue;
            }
            if is_media(found) {
                videos.insert(path.to_string())
            } else {
                files.insert(path.to_string())
            };
        }
    }
    (files, videos)
}

fn worker(input: &OfflineInput) -> Vec<u8> {
    let mut shell: BTreeSet<String> = input.theme_assets.values().cloned().collect();
    // Each language's home and search pages, and the manifest: a saved site opens and searches
    // offline, in the language it was saved in.
    let folders = std::iter::once("").chain(input.languages.iter().map(String::as_str));
    let homes = folders.flat_map(|f| [f.to_string(), format!("{f}search/")]);
    for path in homes.chain([MANIFEST_PATH.to_string()]) {
        let file = if path.ends_with('/') || path.is_empty() { format!("{path}index.html") } else { path.clone() };
        if input.files.contains_key(&file) {
            shell.insert(path);
        }
    }
    let search: Vec<&String> = input.files.keys().filter(|p| crate::derive::search::is_index_file(p)).collect();
    let mut pages = BTreeMap::new();
    let mut video_pages = BTreeMap::new();
    for (url, html) in &input.pages {
        let (files, videos) = page_refs(input, html);
        let entry = json!([files, videos]);
        if is_video_page(url) {
            video_pages.insert(url.clone(), entry)
        } else {
            pages.insert(url.clone(), entry)
        };
    }
    let data = json!({
        "build": build_hash(input.files),
        "shell": shell,
        "search": search,
        "pages": pages,
        "videoPages": video_pages,
        "languages": input.languages,
    });
    let source = OFFLINE_THEME
        .get_file("sw.js")
        .and_then(|f| f.contents_utf8())
        .expect("themes/default/offline/sw.js is embedded");
    let line = format!("const DATA = {};", serde_json::to_string(&data).expect("a JSON value always serializes"));
    source.replacen(DATA_MARK, &line, 1).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        config: &'a Config,
        files: &'a BTreeMap<String, u64>,
        assets: &'a BTreeMap<String, String>,
    ) -> OfflineInput<'a> {
        OfflineInput {
            config,
            base_path: "/help/",
            files,
            pages: vec![
                ("".into(), b"<a href=\"/help/login/\">Login</a>".as_slice()),
                (
                    "login/".into(),
                    b"<img src=\"/help/login/diagram%20one.png\"><link href=\"/help/style.0123456789.css\"><a href=\"/help/videos/intro/\">Intro</a><video poster=\"/help/videos/intro.png\"><source src=\"/help/videos/intro.webm\"></video><a href=\"https://example.org/x.png\">x</a>".as_slice(),
                ),
                ("videos/intro/".into(), b"<source src=\"/help/videos/intro.webm\"><track src=\"/help/videos/intro.vtt\">".as_slice()),
            ],
            theme_assets: assets,
            languages: &[],
        }
    }

    fn files() -> BTreeMap<String, u64> {
        [
            "index.html",
            "login/index.html",
            "login/diagram one.png",
            "style.0123456789.css",
            "videos/intro/index.html",
            "videos/intro.webm",
            "videos/intro.vtt",
            "videos/intro.png",
            "search/index.html",
            "search/manifest.json",
            "search/t-abc.json",
            "search/d-abc-0.json",
            "manifest.webmanifest",
        ]
        .iter()
        .enumerate()
        .map(|(i, p)| (p.to_string(), i as u64))
        .collect()
    }

    fn assets() -> BTreeMap<String, String> {
        [("style.css", "style.0123456789.css"), ("favicon.svg", "favicon.9876543210.svg")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn worker_data(bytes: &[u8]) -> serde_json::Value {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let line = text.lines().find(|l| l.starts_with("const DATA = ")).expect("the data line");
        serde_json::from_str(line.trim_start_matches("const DATA = ").trim_end_matches(';')).unwrap()
    }

    #[test]
    fn worker_lists_shell_search_and_each_pages_files() {
        let (config, files, assets) = (Config::default(), files(), assets());
        let out = offline_files(&input(&config, &files, &assets));
        assert_eq!(out.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), vec![MANIFEST_PATH, WORKER_PATH]);
        let data = worker_data(&out[1].1);
        assert_eq!(data["build"], build_hash(&files));
        assert_eq!(
            data["shell"],
            json!(["", "favicon.9876543210.svg", "manifest.webmanifest", "search/", "style.0123456789.css"])
        );
        assert_eq!(data["search"], json!(["search/d-abc-0.json", "search/manifest.json", "search/t-abc.json"]));
        assert_eq!(
            data["pages"]["login/"],
            json!([["login/diagram%20one.png", "videos/intro.png"], ["videos/intro.webm", "videos/intro/"]])
        );
        assert_eq!(data["pages"][""], json!([[], []]));
        assert_eq!(data["videoPages"]["videos/intro/"], json!([[], ["videos/intro.vtt", "videos/intro.webm"]]));
        assert!(!String::from_utf8_lossy(&out[1].1).contains(DATA_MARK));
    }

    #[test]
    fn build_hash_follows_every_file_but_the_worker() {
        let files = files();
        let hash = build_hash(&files);
        assert_eq!(hash.len(), 16);
        let mut with_worker = files.clone();
        with_worker.insert(WORKER_PATH.into(), 99);
        assert_eq!(build_hash(&with_worker), hash, "the worker is not part of its own hash");
        let mut changed = files.clone();
        changed.insert("login/index.html".into(), 12345);
        assert_ne!(build_hash(&changed), hash);
        let mut renamed = files.clone();
        let v = renamed.remove("login/diagram one.png").unwrap();
        renamed.insert("login/diagram two.png".into(), v);
        assert_ne!(build_hash(&renamed), hash);
    }

    #[test]
    fn offline_files_are_the_same_bytes_for_the_same_build() {
        let (config, files, assets) = (Config::default(), files(), assets());
        assert_eq!(offline_files(&input(&config, &files, &assets)), offline_files(&input(&config, &files, &assets)));
    }

    #[test]
    fn manifest_resolves_against_its_own_url() {
        let (mut config, files, assets) = (Config::default(), files(), assets());
        config.title = "CT WiZ Training".into();
        let out = offline_files(&input(&config, &files, &assets));
        let m: serde_json::Value = serde_json::from_slice(&out[0].1).unwrap();
        assert_eq!(m["name"], "CT WiZ Training");
        assert_eq!(m["start_url"], "./");
        assert_eq!(m["scope"], "./");
        assert_eq!(m["icons"][0]["src"], "favicon.9876543210.svg");
    }
}
