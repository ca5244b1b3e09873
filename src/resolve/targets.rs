//! Names written outside Markdown links: the pages `docent.toml` names (quick links, the search
//! help page), the videos front matter names, the screens a video's sidecar names, and the URLs
//! docent keeps for videos. Each name either resolves into the `SiteMap` or becomes a
//! diagnostic here ("points at nothing"), so later stages only read the answers.

use super::SiteMap;
use crate::config::CONFIG_FILE;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::LinkError;
use std::collections::{BTreeMap, BTreeSet};

/// Where the list of videos lives, relative to the base.
pub const VIDEOS_URL: &str = "videos/";

/// Where the glossary page lives (when the site has `glossary.toml`), relative to the base.
pub const GLOSSARY_URL: &str = "glossary/";

/// The page of video `name`, relative to the base: `videos/NAME/`, the name percent-encoded so
/// that it stays one path segment whatever it holds.
pub fn video_url(name: &str) -> String {
    format!("{VIDEOS_URL}{}/", path_segment(name))
}

/// A name as one URL path segment: anything but `A-Za-z0-9._-` percent-encoded, so a name can
/// never turn a link into another scheme or path.
fn path_segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.chars().all(|c| c == '.') { out.replace('.', "%2E") } else { out }
}

/// True for a usable screen ID: one or more of `a-z`, `0-9` and `-`.
pub fn is_valid_screen_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The page behind a content path written in `docent.toml` (`login/reset.md`).
fn config_page(map: &SiteMap, path: &str) -> Option<usize> {
    map.by_source.get(&format!("content/{}", path.trim_start_matches('/'))).copied()
}

/// Resolves the pages `docent.toml` names into `map.quick_links` and `map.help_page`.
pub(super) fn resolve_config(site: &Site, map: &mut SiteMap, diags: &mut Vec<Diagnostic>) {
    map.quick_links = site
        .config
        .quick_links
        .iter()
        .map(|q| {
            if !q.url.ends_with(".md") {
                return None;
            }
            let page = config_page(map, &q.url);
            if page.is_none() && !map.left_out.contains(&format!("content/{}", q.url.trim_start_matches('/'))) {
                let pages = site.pages.iter().filter_map(|p| p.source.strip_prefix("content/"));
                let help = match crate::explain::nearest(q.url.trim_start_matches('/'), pages) {
                    Some(near) => {
                        format!("did you mean {near}? A quick link's url is the path of a page relative to content/")
                    }
                    None => {
                        "write the path of a page relative to content/, such as login/reset-password.md".to_string()
                    }
                };
                diags.push(
                    Diagnostic::error(
                        Span::new(CONFIG_FILE, q.line.max(1), 1),
                        format!("quick link `{}` points at {}: no such page", q.title, q.url),
                    )
                    .with_help(help),
                );
            }
            page
        })
        .collect();
    map.help_page = site.config.search.help_page.as_ref().and_then(|path| {
        let page = config_page(map, path);
        if page.is_none() {
            diags.push(
                Diagnostic::error(Span::file(CONFIG_FILE), format!("[search] help_page {path}: no such page"))
                    .with_help("write the path of a page relative to content/, such as getting-help/contact.md"),
            );
        }
        page
    });
}

/// What to say when a page asks for a video the site does not have (or a name that cannot be).
pub fn missing_video(videos: &[crate::videos::Video], name: &str) -> LinkError {
    if !crate::videos::is_valid_name(name) {
        return LinkError {
            left_out: false,
            problem: format!("`{name}` is not a video name"),
            help: "a video's name is its file name without the extension, made of letters, digits, - and _ (videos/reset-password.webm is `reset-password`)".into(),
        };
    }
    let known: Vec<&str> = videos.iter().map(|v| v.name.as_str()).collect();
    let help = if known.is_empty() {
        format!("add videos/{name}.webm (or .mp4) with captions videos/{name}.vtt")
    } else {
        format!("add videos/{name}.webm (or .mp4), or use one of: {}", known.join(", "))
    };
    LinkError {
        left_out: false,
        problem: format!("no video named `{name}`: videos/{name}.webm and videos/{name}.mp4 do not exist"),
        help,
    }
}

/// For each video some page lists in front matter, those pages in reading (menu) order, each
/// once. Names of videos the site does not have are left out (`check_videos` reports them).
pub(super) fn video_guides(site: &Site, map: &SiteMap) -> BTreeMap<String, Vec<usize>> {
    let mut guides: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &map.reading_order {
        for name in &site.pages[i].front.videos {
            if site.videos.iter().any(|v| &v.name == name) {
                let pages = guides.entry(name.clone()).or_default();
                if pages.last() != Some(&i) {
                    pages.push(i);
                }
            }
        }
    }
    guides
}

/// Videos named in front matter that do not exist, pages whose URL is one docent keeps for
/// videos, and screens a video's sidecar names that no page explains.
pub(super) fn check_videos(site: &Site, map: &SiteMap, diags: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        for name in &page.front.videos {
            if !site.videos.iter().any(|v| &v.name == name) {
                let e = missing_video(&site.videos, name);
                diags.push(
                    Diagnostic::error(
                        Span::new(&page.source, page.key_line("videos"), 1),
                        format!("in `videos`: {}", e.problem),
                    )
                    .with_help(e.help),
                );
            }
        }
    }
    if site.videos.is_empty() {
        return;
    }
    let urls = std::iter::once(VIDEOS_URL.to_string()).chain(site.videos.iter().map(|v| video_url(&v.name)));
    for url in urls {
        if let Some(&page) = map.by_url.get(&url) {
            diags.push(
                Diagnostic::error(
                    Span::file(&site.pages[page].source),
                    format!("this page has the URL /{url}, which docent uses for videos"),
                )
                .with_help("move the page or give it another `slug`: /videos/ lists the videos of videos/"),
            );
        }
    }
    // A screen is explained when a page lists its ID (with or without `#anchor`): the screen map
    // of `derive::help` keeps every valid ID a page lists.
    let explained: BTreeSet<&str> = site
        .pages
        .iter()
        .flat_map(|p| &p.front.screens)
        .map(|entry| entry.split_once('#').map_or(entry.as_str(), |(id, _)| id))
        .filter(|id| is_valid_screen_id(id))
        .collect();
    for video in &site.videos {
        let span = Span::file(format!("videos/{}.toml", video.name));
        for id in &video.screens {
            if !is_valid_screen_id(id) {
                diags.push(
                    Diagnostic::error(
                        span.clone(),
                        format!("screen ID `{id}` has characters other than a-z, 0-9 and -"),
                    )
                    .with_help("screen IDs are lowercase letters, digits and -, as the application uses them"),
                );
            } else if !explained.contains(id.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        span.clone(),
                        format!("video `{}` explains screen `{id}`, but no page does", video.name),
                    )
                    .with_help(format!("add \"{id}\" to the `screens` of the page that explains that screen")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_names_stay_one_path_segment() {
        assert_eq!(video_url("reset-password_2.en"), "videos/reset-password_2.en/");
        assert_eq!(video_url("javascript:alert(1)"), "videos/javascript%3Aalert%281%29/");
        assert_eq!(video_url("../x"), "videos/..%2Fx/");
        assert_eq!(video_url(".."), "videos/%2E%2E/");
    }

    #[test]
    fn config_paths_resolve_or_name_the_config_file() {
        let mut site = crate::content::test_site(&[("login/reset.md", "+++\ntitle = \"R\"\n+++\n")]);
        site.config = crate::config::Config::parse(
            "[search]\nhelp_page = \"nope.md\"\n[[quick_links]]\ntitle = \"R\"\nurl = \"/login/reset.md\"\n\
             [[quick_links]]\ntitle = \"Away\"\nurl = \"https://example.org/\"\n[[quick_links]]\ntitle = \"Gone\"\nurl = \"gone.md\"\n",
        )
        .unwrap();
        let (map, diags) = super::super::resolve(&site);
        assert_eq!(map.quick_links, vec![Some(0), None, None]);
        assert_eq!(map.help_page, None);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["quick link `Gone` points at gone.md: no such page", "[search] help_page nope.md: no such page"]
        );
        assert!(diags.iter().all(|d| d.span.as_ref().unwrap().file == CONFIG_FILE));
    }

    #[test]
    fn a_video_knows_the_pages_that_list_it_in_menu_order() {
        let mut site = crate::content::test_site(&[
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("b.md", "+++\ntitle = \"Bravo\"\nweight = 1\nvideos = [\"intro\", \"intro\"]\n+++\n"),
            ("a.md", "+++\ntitle = \"Alpha\"\nweight = 2\nvideos = [\"intro\", \"gone\"]\n+++\n"),
            ("c.md", "+++\ntitle = \"Charlie\"\n+++\n"),
        ]);
        site.videos = vec![crate::videos::Video { name: "intro".into(), ..Default::default() }];
        let (map, _) = super::super::resolve(&site);
        let titles: Vec<&str> = map.video_guides["intro"].iter().map(|&i| map.pages[i].title.as_str()).collect();
        assert_eq!(titles, vec!["Bravo", "Alpha"], "menu order (weight), each page once");
        assert!(!map.video_guides.contains_key("gone"), "a missing video is a diagnostic, not a guide entry");
    }
}
