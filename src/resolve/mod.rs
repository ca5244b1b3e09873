//! Resolve: every address of the site, computed from the model alone.
//!
//! Takes a `Site` (already without drafts, unless drafts were asked for) and gives a `SiteMap`:
//! each page's URL and title, its parent section and children in menu order, lookups from
//! source path and URL to page, the pages `docent.toml` names (`targets.rs`), and what a link
//! written in a page points at (`links.rs`), the print and desk-card pages (`print.rs`). Video
//! URLs come from `video_url`, and the pages that list each video from `video_guides`; every href
//! written into output is `SiteMap::href` (the base path, then the URL). Pure: no I/O, no
//! rendering. A name that points at nothing (a link, a quick link, a video, a screen) and a URL
//! taken twice are diagnostics made here.

pub mod links;
pub mod print;
pub mod targets;
mod tree;

pub use print::{CARDS_URL, PRINT_URL, PrintDoc};
pub use targets::{GLOSSARY_URL, VIDEOS_URL, is_valid_screen_id, missing_video, video_url};

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Span};
use crate::slug::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The resolved site: per-page facts that depend on the whole site.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct SiteMap {
    /// One entry per page of the site, same index as `Site::pages`.
    pub pages: Vec<PageInfo>,
    /// Source path (`content/login/reset.md`) -> page index.
    #[serde(serialize_with = "sorted")]
    pub by_source: crate::digest::FastMap<String, usize>,
    /// URL path relative to the base (`login/reset/`) -> page index.
    pub by_url: BTreeMap<String, usize>,
    /// Output path (`content/a/b.png` -> `a/b.png`) of every asset, by source path.
    #[serde(serialize_with = "sorted")]
    pub assets: HashMap<String, usize>,
    /// The home page (`content/_index.md`), if there is one.
    pub home: Option<usize>,
    /// Pages in reading order: a depth-first walk of the menu, for previous/next links.
    pub reading_order: Vec<usize>,
    /// Old URLs (relative to the base, `old/path/`) and the page each redirects to.
    pub aliases: BTreeMap<String, usize>,
    /// The path every page's href starts with (`/`, or `/help/` for a site hosted under a path;
    /// `/es/` in the view of another language, `languages::view`).
    pub base: String,
    /// The site's base path, where files shared by every language are (assets, theme files,
    /// videos' media): `base` without a language's `/CODE/`.
    pub root: String,
    /// The language of this map's pages when it is not the default (`es`).
    pub language: Option<String>,
    /// Each `[[quick_links]]` entry's page, when its `url` is a content path (`login/reset.md`);
    /// `None` for a URL (used as written) and for a path to nothing (a diagnostic).
    pub quick_links: Vec<Option<usize>>,
    /// The page of `[search] help_page`.
    pub help_page: Option<usize>,
    /// Pages `docent build --role` left out (`Site::left_out`): a link to one is its text.
    pub left_out: std::collections::BTreeSet<String>,
    /// The print pages (`print.rs`): the whole site's, then each module's.
    pub prints: Vec<PrintDoc>,
    /// The desk cards page (`help/cards/`), when the site has screens and the URL is free.
    pub cards: Option<String>,
    /// `base_url` when it names a host (`https://example.org/help/`): QR codes and printed
    /// links hold absolute URLs made from it (`SiteMap::absolute`).
    pub site_url: Option<String>,
    /// Video name -> the pages whose front matter lists it, in menu (reading) order: the
    /// written guides a video's page links back to.
    pub video_guides: BTreeMap<String, Vec<usize>>,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct PageInfo {
    /// URL path relative to the base: `` for home, `login/` for a section, `login/reset/`.
    pub url: String,
    /// The title as plain text (inline code without its backticks).
    pub title: String,
    /// The title as HTML, inline code as `<code>` (menu, h1, breadcrumbs, previous and next).
    pub title_html: String,
    /// The section this page belongs to (none for home).
    pub parent: Option<usize>,
    /// For sections: pages and sub-sections in menu order.
    pub children: Vec<usize>,
    /// Position in `reading_order`.
    pub position: usize,
    pub weight: i64,
}

impl SiteMap {
    /// The href written into output for a URL relative to the base (`login/` -> `/help/login/`).
    pub fn href(&self, url: &str) -> String {
        format!("{}{url}", self.base)
    }

    /// The href of a file every language shares (an asset, a theme file, a video's media).
    pub fn asset_href(&self, url: &str) -> String {
        format!("{}{url}", self.root)
    }

    /// The href of a page.
    pub fn page_href(&self, page: usize) -> String {
        self.href(&self.pages[page].url)
    }

    /// Pages from the home page down to this page's parent.
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.pages[page].parent;
        while let Some(p) = at {
            chain.push(p);
            at = self.pages[p].parent;
        }
        chain.reverse();
        chain
    }

    /// How many pages are above this one: `ancestors(page).len()`, without the list (the print
    /// pages ask it of every page on each `serve` rebuild).
    pub fn depth(&self, page: usize) -> usize {
        std::iter::successors(self.pages[page].parent, |&p| self.pages[p].parent).count()
    }
}

/// A map in key order, so that its serialized form (a memo key's input) does not depend on
/// the order a `HashMap` happens to iterate in.
fn sorted<S: serde::Serializer, H>(map: &HashMap<String, usize, H>, s: S) -> Result<S::Ok, S::Error> {
    // A sorted list, not a `BTreeMap`: `serve` digests the map on every rebuild.
    let mut entries: Vec<(&String, &usize)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    s.collect_map(entries)
}

/// A digest of everything `resolve` reads of `site` (its settings, language, left-out pages,
/// assets and videos, and each page's paths, front matter and key lines, first heading,
/// translation and flags), but the pages' bodies: `docent serve` keeps the last `SiteMap` while
/// this is the same, as it is after most edits (resolving a 10,000-page site took about 18 ms
/// of each). Whoever makes `resolve` read more of the site adds it here.
/// `None` when a value cannot be digested.
pub fn input_key(site: &Site) -> Option<u64> {
    #[derive(serde::Serialize)]
    struct PageKey<'a> {
        source: &'a str,
        rel: &'a str,
        is_section: bool,
        front: u64,
        heading_title: Option<&'a str>,
        translation: &'a Option<crate::content::Translation>,
        fallback: bool,
        generated: bool,
    }
    let pages = site
        .pages
        .iter()
        .map(|p| {
            Some(PageKey {
                source: &p.source,
                rel: &p.rel,
                is_section: p.is_section,
                front: p.front_digest.or_else(|| crate::digest::of_serialized(&(&p.front, &p.key_lines)))?,
                heading_title: p.heading_title.as_deref(),
                translation: &p.translation,
                fallback: p.fallback,
                generated: p.generated,
            })
        })
        .collect::<Option<Vec<PageKey>>>()?;
    crate::digest::of_serialized(&(&site.config, &site.language, &site.left_out, &site.assets, &site.videos, pages))
}

/// Computes URLs, the tree and the reading order.
pub fn resolve(site: &Site) -> (SiteMap, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let root = site.config.base_path();
    let base = match &site.language {
        Some(code) => format!("{root}{code}/"),
        None => root.clone(),
    };
    let mut map =
        SiteMap { base, root, language: site.language.clone(), left_out: site.left_out.clone(), ..Default::default() };
    map.pages.reserve_exact(site.pages.len());
    map.by_source.reserve(site.pages.len());
    let named: Vec<(String, String, String)> = site
        .pages
        .par_iter()
        .map(|page| {
            let title = page.front.title.as_deref().or_else(|| page.title_heading(&site.config));
            let raw = title.map_or_else(|| fallback_title(page), str::to_string);
            (page_url(page), crate::markdown::title::plain(&raw), crate::markdown::title::html(&raw))
        })
        .collect();
    for (i, (page, (url, title, title_html))) in site.pages.iter().zip(named).enumerate() {
        map.pages.push(PageInfo {
            url: url.clone(),
            title,
            title_html,
            weight: page.front.weight.unwrap_or(i64::MAX),
            ..Default::default()
        });
        map.by_source.insert(page.source.clone(), i);
        // A link to the source page's file finds its translation in this language's view.
        if let Some(t) = &page.translation {
            map.by_source.insert(t.of.clone(), i);
        }
        if let Some(&other) = map.by_url.get(&url) {
            let help = if is_bundle(page) || is_bundle(&site.pages[other]) {
                "a folder's index.md is the page of the folder, like dir.md and dir/_index.md: keep one of them (move the text into it)"
            } else {
                "rename one of the files or give one a different `slug`"
            };
            diags.push(
                Diagnostic::error(
                    Span::file(&page.source),
                    format!("this page and {} both have the URL /{url}", site.pages[other].source),
                )
                .with_help(help),
            );
        } else {
            map.by_url.insert(url, i);
        }
        if page.rel == "_index.md" {
            map.home = Some(i);
        }
    }
    for (i, asset) in site.assets.iter().enumerate() {
        map.assets.insert(asset.source.clone(), i);
    }
    tree::link_sections(site, &mut map);
    resolve_aliases(site, &mut map, &mut diags);
    targets::resolve_config(site, &mut map, &mut diags);
    targets::check_videos(site, &map, &mut diags);
    print::resolve_print(site, &mut map, &mut diags);
    map.video_guides = targets::video_guides(site, &map);
    (map, diags)
}

/// The URL of a page, relative to the base: folders and file name slugged, `slug` replacing
/// the last part. `dir/_index.md` (a section) and `dir/index.md` (a page with its files beside
/// it, as Zola and Hugo bundles are) are both `dir/`.
pub fn page_url(page: &Page) -> String {
    let rel = page.rel.strip_suffix(".md").unwrap_or(&page.rel);
    let mut parts: Vec<String> = rel.split('/').map(slugify).collect();
    if page.is_section || is_bundle(page) {
        parts.pop();
    }
    if let (Some(slug), Some(last)) = (&page.front.slug, parts.last_mut()) {
        *last = slugify(slug);
    }
    parts.retain(|p| !p.is_empty());
    if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) }
}

/// `dir/index.md`: the page of its folder (not `content/index.md`, which stays `/index/`).
fn is_bundle(page: &Page) -> bool {
    page.rel.ends_with("/index.md")
}

fn fallback_title(page: &Page) -> String {
    let stem = page.rel.trim_end_matches(".md");
    let stem = if is_bundle(page) { stem.trim_end_matches("index") } else { stem.trim_end_matches("_index") };
    let stem = stem.trim_end_matches('/');
    let name = stem.rsplit('/').next().unwrap_or("");
    if name.is_empty() {
        return "Home".into();
    }
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Normalises an alias to a URL path relative to the base (`/old/page` -> `old/page/`).
pub fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or("");
    if trimmed.is_empty() || trimmed.ends_with('/') || last.contains('.') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    }
}

fn resolve_aliases(site: &Site, map: &mut SiteMap, diags: &mut Vec<Diagnostic>) {
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.front.aliases {
            let url = normalize_alias(alias);
            let span = Span::new(&page.source, page.key_line("aliases"), 1);
            if url.is_empty() || url.split('/').any(|p| p == ".." || p == ".") || alias.contains('\\') {
                diags.push(
                    Diagnostic::error(span, format!("alias `{alias}` is not a usable URL path"))
                        .with_help("write an alias as a path such as /old/page/"),
                );
            } else if let Some(&other) = map.by_url.get(&url) {
                diags.push(
                    Diagnostic::error(span, format!("alias /{url} is the URL of {}", site.pages[other].source))
                        .with_help("remove the alias, or move the other page"),
                );
            } else if let Some(&other) = map.aliases.get(&url) {
                if other != i {
                    diags.push(
                        Diagnostic::error(
                            span,
                            format!("alias /{url} is also an alias of {}", site.pages[other].source),
                        )
                        .with_help("an old URL can redirect to one page only"),
                    );
                }
            } else {
                map.aliases.insert(url, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        crate::content::test_site(files)
    }

    #[test]
    fn the_input_key_follows_what_resolve_reads_and_not_the_bodies() {
        let files = [
            ("_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n"),
            ("login/reset.md", "+++\ntitle = \"Reset\"\nweight = 2\n+++\nBody.\n"),
            ("login/first.md", "# First login\n\nBody.\n"),
        ];
        let base = input_key(&site(&files)).unwrap();
        let with = |rel: &str, text: &str| {
            let mut files = files.to_vec();
            files.iter_mut().find(|f| f.0 == rel).unwrap().1 = text;
            input_key(&site(&files)).unwrap()
        };
        assert_eq!(with("login/reset.md", "+++\ntitle = \"Reset\"\nweight = 2\n+++\nOther body.\n"), base);
        for (rel, text) in [
            ("login/reset.md", "+++\ntitle = \"Reset it\"\nweight = 2\n+++\nBody.\n"),
            ("login/reset.md", "+++\ntitle = \"Reset\"\nweight = 3\n+++\nBody.\n"),
            ("login/reset.md", "+++\ntitle = \"Reset\"\nslug = \"r\"\nweight = 2\n+++\nBody.\n"),
            ("login/reset.md", "+++\ntitle = \"Reset\"\naliases = [\"/old/\"]\nweight = 2\n+++\nBody.\n"),
            ("login/reset.md", "+++\ntitle = \"Reset\"\n\nweight = 2\n+++\nBody.\n"),
            ("login/first.md", "# First sign-in\n\nBody.\n"),
        ] {
            assert_ne!(with(rel, text), base, "{rel}: {text:?}");
        }
        let mut moved = site(&files);
        moved.pages[2].rel = "login/first-time.md".into();
        assert_ne!(input_key(&moved).unwrap(), base);
        let mut other = site(&files);
        other.config.base_url = "https://example.org/help/".into();
        assert_ne!(input_key(&other).unwrap(), base);
        let mut other = site(&files);
        other.videos.push(crate::videos::Video { name: "intro".into(), ..Default::default() });
        assert_ne!(input_key(&other).unwrap(), base);
        let mut other = site(&files);
        other.left_out.insert("content/clinics.md".into());
        assert_ne!(input_key(&other).unwrap(), base);
    }

    #[test]
    fn urls_are_pretty_and_slugged() {
        let s = site(&[
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("Log In/_index.md", "+++\ntitle = \"Login\"\n+++\n"),
            ("Log In/Reset Password.md", "+++\ntitle = \"R\"\n+++\n"),
            ("Log In/other.md", "+++\ntitle = \"O\"\nslug = \"New Name\"\n+++\n"),
        ]);
        let (map, diags) = resolve(&s);
        assert!(diags.is_empty());
        let urls: Vec<&str> = map.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, vec!["", "log-in/", "log-in/reset-password/", "log-in/new-name/"]);
        let depths: Vec<usize> = (0..4).map(|i| map.depth(i)).collect();
        assert_eq!(depths, (0..4).map(|i| map.ancestors(i).len()).collect::<Vec<_>>());
        assert_eq!(depths, [0, 1, 2, 2]);
    }

    #[test]
    fn a_folder_index_md_is_the_folder_page_and_clashes_are_named() {
        let s = site(&[("guide/index.md", "+++\n+++\n"), ("index.md", "+++\n+++\n")]);
        let (map, diags) = resolve(&s);
        assert!(diags.is_empty());
        assert_eq!((map.pages[0].url.as_str(), map.pages[0].title.as_str()), ("guide/", "Guide"));
        assert_eq!(map.pages[1].url, "index/", "content/index.md is not the home page");
        for other in ["guide.md", "guide/_index.md"] {
            let s = site(&[("guide/index.md", "+++\n+++\n"), (other, "+++\n+++\n")]);
            let (_, diags) = resolve(&s);
            assert_eq!(diags.len(), 1, "{other}");
            let both = format!("{} {}", diags[0].span.as_ref().unwrap().file, diags[0].message);
            assert!(both.contains("content/guide/index.md") && both.contains(&format!("content/{other}")), "{both}");
            assert!(diags[0].help.as_ref().unwrap().contains("index.md is the page of the folder"));
        }
    }

    #[test]
    fn two_files_with_one_url_name_both() {
        let s = site(&[("a.md", "+++\ntitle = \"A\"\n+++\n"), ("b.md", "+++\ntitle = \"B\"\nslug = \"a\"\n+++\n")]);
        let (_, diags) = resolve(&s);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("content/a.md"), "{}", diags[0].message);
        assert_eq!(diags[0].span.as_ref().unwrap().file, "content/b.md");
    }

    #[test]
    fn alias_that_shadows_a_page_is_an_error() {
        let s =
            site(&[("a.md", "+++\ntitle = \"A\"\n+++\n"), ("b.md", "+++\ntitle = \"B\"\naliases = [\"/a/\"]\n+++\n")]);
        let (_, diags) = resolve(&s);
        assert!(diags[0].message.contains("alias /a/"), "{}", diags[0].message);
        assert_eq!(diags[0].span.as_ref().unwrap().line, 3);
    }

    #[test]
    fn children_ordered_by_weight_then_title() {
        let s = site(&[
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("b.md", "+++\ntitle = \"Bravo\"\n+++\n"),
            ("a.md", "+++\ntitle = \"Alpha\"\n+++\n"),
            ("c.md", "+++\ntitle = \"Charlie\"\nweight = 1\n+++\n"),
        ]);
        let (map, _) = resolve(&s);
        let home = map.home.unwrap();
        let titles: Vec<&str> = map.pages[home].children.iter().map(|&c| map.pages[c].title.as_str()).collect();
        assert_eq!(titles, vec!["Charlie", "Alpha", "Bravo"]);
        let order: Vec<&str> = map.reading_order.iter().map(|&c| map.pages[c].title.as_str()).collect();
        assert_eq!(order, vec!["Home", "Charlie", "Alpha", "Bravo"]);
    }

    #[test]
    fn top_pages_without_a_home_follow_weight() {
        let s = site(&[
            ("a.md", "+++\ntitle = \"Alpha\"\nweight = 3\n+++\n"),
            ("b.md", "+++\ntitle = \"Bravo\"\nweight = 1\n+++\n"),
            ("c.md", "+++\ntitle = \"Charlie\"\nweight = 2\n+++\n"),
        ]);
        let (map, _) = resolve(&s);
        let order: Vec<&str> = map.reading_order.iter().map(|&c| map.pages[c].title.as_str()).collect();
        assert_eq!(order, vec!["Bravo", "Charlie", "Alpha"]);
    }
}
