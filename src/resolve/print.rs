//! The addresses of the pages made for paper: `print/` (the whole site on one page),
//! `SECTION/print/` (one module, a top-level section, on one page; a module too long for one
//! document is printed section by section) and `help/cards/` (a desk
//! card per application screen), and the absolute site URL their QR codes and printed links
//! use. A URL that a page, an alias or a screen already holds is left to it, with a warning:
//! nothing an author wrote is replaced by a generated page.

use super::SiteMap;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use serde::Serialize;

/// The whole site's print page, relative to the base.
pub const PRINT_URL: &str = "print/";
/// What a module's print page adds to the module's URL.
pub const PRINT_SEGMENT: &str = "print/";
/// The desk cards, relative to the base (under `help/`, beside the screens' redirects).
pub const CARDS_URL: &str = "help/cards/";
/// The screen ID whose redirect would take the cards' URL.
const CARDS_ID: &str = "cards";
/// A printed document holds at most this many pages: the whole site is printed on one page up to
/// this size, each module that fits gets its own document, and a longer module is printed by its
/// sections that fit (deeper when a section is longer still). A help page prints on two or three
/// sheets, so this is a binder of a few hundred sheets, about what a trainer prints for a course;
/// a longer document is a book nobody prints whole, is a second copy of the site's text on disk
/// (148 MB at 10,000 pages in 50 modules) and takes the browser seconds to lay out. Pages outside
/// every document still print one at a time from their own page (the theme's print styles).
pub const PRINT_MAX_PAGES: usize = 100;

/// One printed document: its URL and its pages in menu order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrintDoc {
    /// Relative to the base: `print/` or `login/print/`.
    pub url: String,
    /// The module printed, or `None` for the whole site.
    pub section: Option<usize>,
    /// Page indexes in reading (menu) order: the module's page first, then all below it.
    pub pages: Vec<usize>,
}

/// Fills `map.prints`, `map.cards` and `map.site_url`.
pub(super) fn resolve_print(site: &Site, map: &mut SiteMap, diags: &mut Vec<Diagnostic>) {
    map.site_url = site.config.absolute_base().map(str::to_string);
    let mut docs = Vec::new();
    if !map.pages.is_empty() && map.pages.len() <= PRINT_MAX_PAGES {
        docs.push(PrintDoc { url: PRINT_URL.into(), section: None, pages: map.reading_order.clone() });
    }
    for section in modules(site, map) {
        printable_sections(site, map, section, &mut docs);
    }
    map.prints = docs.into_iter().filter(|doc| url_is_free(site, map, &doc.url, diags, "print page")).collect();
    let has_screens = site.pages.iter().flat_map(|p| &p.front.screens).any(|s| {
        let id = s.split_once('#').map_or(s.as_str(), |(id, _)| id);
        super::is_valid_screen_id(id)
    });
    if has_screens {
        let claimed = site
            .pages
            .iter()
            .find(|p| p.front.screens.iter().any(|s| s.split_once('#').map_or(s.as_str(), |(id, _)| id) == CARDS_ID));
        if let Some(page) = claimed {
            diags.push(
                Diagnostic::warning(
                    Span::new(&page.source, page.key_line("screens"), 1),
                    format!("screen `{CARDS_ID}` has the URL /{CARDS_URL}, so the desk cards page is not made"),
                )
                .with_help("the screen's redirect keeps the URL; rename the screen ID to get the printable cards"),
            );
        } else if url_is_free(site, map, CARDS_URL, diags, "desk cards page") {
            map.cards = Some(CARDS_URL.into());
        }
    }
}

/// The modules: sections directly under the home page (or at the top, without one).
fn modules(site: &Site, map: &SiteMap) -> Vec<usize> {
    let top: Vec<usize> = match map.home {
        Some(h) => map.pages[h].children.clone(),
        None => map.reading_order.iter().copied().filter(|&i| map.pages[i].parent.is_none()).collect(),
    };
    top.into_iter().filter(|&i| site.pages[i].is_section).collect()
}

/// A document for `section` if it fits in `PRINT_MAX_PAGES`, else for each of its sections that
/// fits (recursively), in menu order.
fn printable_sections(site: &Site, map: &SiteMap, section: usize, docs: &mut Vec<PrintDoc>) {
    let pages = subtree(map, section);
    if pages.len() <= PRINT_MAX_PAGES {
        let url = format!("{}{PRINT_SEGMENT}", map.pages[section].url);
        docs.push(PrintDoc { url, section: Some(section), pages });
        return;
    }
    for &child in &map.pages[section].children {
        if site.pages[child].is_section {
            printable_sections(site, map, child, docs);
        }
    }
}

/// A page and everything below it, in reading order (the order of `tree::link_sections`).
fn subtree(map: &SiteMap, root: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(i) = stack.pop() {
        out.push(i);
        stack.extend(map.pages[i].children.iter().rev());
    }
    out
}

/// True when no page or alias has `url`; else a warning naming the page that keeps it.
fn url_is_free(site: &Site, map: &SiteMap, url: &str, diags: &mut Vec<Diagnostic>, what: &str) -> bool {
    let Some(&page) = map.by_url.get(url).or_else(|| map.aliases.get(url)) else { return true };
    let page = &site.pages[page];
    let how = if map.by_url.contains_key(url) { "has" } else { "has an alias to" };
    diags.push(
        Diagnostic::warning(
            Span::file(&page.source),
            format!("this page {how} the URL /{url}, so docent's {what} there is not made"),
        )
        .with_help("give the page another `slug` (or remove the alias) to get the generated page"),
    );
    false
}

/// The absolute URL of `url` (relative to the base) when the site's URL is known (what a QR
/// code or a printed link must hold to be opened from paper), else its href: a path, which a
/// phone cannot open, but the best there is (README: "On paper").
pub fn absolute_url(base: &str, site_url: Option<&str>, url: &str) -> String {
    match site_url {
        Some(site) => format!("{site}{url}"),
        None => format!("{base}{url}"),
    }
}

impl SiteMap {
    /// `absolute_url` with this site's base and URL.
    pub fn absolute(&self, url: &str) -> String {
        absolute_url(&self.base, self.site_url.as_deref(), url)
    }

    /// The print page of a module (or, for the home page, of the whole site), if there is one.
    pub fn print_of(&self, page: usize) -> Option<&PrintDoc> {
        let whole = self.home == Some(page);
        self.prints.iter().find(|d| if whole { d.section.is_none() } else { d.section == Some(page) })
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolve;

    fn urls(map: &super::SiteMap) -> Vec<(&str, Vec<&str>)> {
        map.prints
            .iter()
            .map(|d| (d.url.as_str(), d.pages.iter().map(|&p| map.pages[p].url.as_str()).collect()))
            .collect()
    }

    #[test]
    fn the_site_and_each_module_are_printed_in_menu_order() {
        let s = crate::content::test_site(&[
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("b/_index.md", "+++\ntitle = \"B\"\nweight = 1\n+++\n"),
            ("b/z.md", "+++\ntitle = \"Z\"\nweight = 1\n+++\n"),
            ("b/a.md", "+++\ntitle = \"A\"\nweight = 2\n+++\n"),
            ("b/sub/_index.md", "+++\ntitle = \"Sub\"\nweight = 3\n+++\n"),
            ("b/sub/x.md", "+++\ntitle = \"X\"\n+++\n"),
            ("a/_index.md", "+++\ntitle = \"Alpha\"\nweight = 2\n+++\n"),
            ("loose.md", "+++\ntitle = \"Loose\"\n+++\n"),
        ]);
        let (map, diags) = resolve(&s);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            urls(&map),
            vec![
                ("print/", vec!["", "b/", "b/z/", "b/a/", "b/sub/", "b/sub/x/", "a/", "loose/"]),
                ("b/print/", vec!["b/", "b/z/", "b/a/", "b/sub/", "b/sub/x/"]),
                ("a/print/", vec!["a/"]),
            ]
        );
        assert_eq!(map.print_of(map.by_url["b/"]).map(|d| d.url.as_str()), Some("b/print/"));
        assert_eq!(map.print_of(map.home.unwrap()).map(|d| d.url.as_str()), Some("print/"));
        assert_eq!(map.print_of(map.by_url["b/sub/"]), None, "only top-level sections are modules");
        assert_eq!(map.cards, None, "no screens, no cards");
        assert_eq!(map.absolute("b/"), "/b/", "no host: a path");
    }

    #[test]
    fn a_module_too_long_for_one_document_is_printed_by_its_sections() {
        // `big` holds 1 + 61 + 102 + 3 pages: over the limit, so its sections get documents;
        // `big/two/` (1 + 45 + 56 pages) is over the limit too, so its section `deep/` does.
        let mut files = vec![
            ("_index.md".to_string(), "+++\ntitle = \"Home\"\n+++\n".to_string()),
            ("big/_index.md".into(), "+++\ntitle = \"Big\"\nweight = 1\n+++\n".into()),
            ("small/_index.md".into(), "+++\ntitle = \"Small\"\nweight = 2\n+++\n".into()),
            ("small/a.md".into(), "+++\ntitle = \"A\"\n+++\n".into()),
        ];
        for (dir, n) in [("big/one", 60), ("big/two", 45), ("big/two/deep", 55)] {
            files.push((format!("{dir}/_index.md"), format!("+++\ntitle = \"{dir}\"\nweight = 1\n+++\n")));
            for p in 0..n {
                files.push((format!("{dir}/p{p:02}.md"), format!("+++\ntitle = \"P{p}\"\nweight = 2\n+++\n")));
            }
        }
        for p in 0..3 {
            files.push((format!("big/loose{p}.md"), format!("+++\ntitle = \"L{p}\"\nweight = 3\n+++\n")));
        }
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (map, diags) = resolve(&crate::content::test_site(&refs));
        assert!(diags.is_empty(), "{diags:?}");
        let docs: Vec<(&str, usize)> = urls(&map).into_iter().map(|(u, p)| (u, p.len())).collect();
        assert_eq!(docs, vec![("big/one/print/", 61), ("big/two/deep/print/", 56), ("small/print/", 2)]);
        assert!(docs.iter().all(|d| d.1 <= super::PRINT_MAX_PAGES), "no document over the limit");
        assert_eq!(map.print_of(map.by_url["big/"]), None, "no link to a document that is not made");
        assert_eq!(map.print_of(map.by_url["big/two/"]), None);
        assert_eq!(map.print_of(map.by_url["big/one/"]).map(|d| d.url.as_str()), Some("big/one/print/"));
        assert_eq!(map.print_of(map.home.unwrap()), None, "the site is over the limit too");
    }

    #[test]
    fn a_page_that_holds_a_print_or_cards_url_keeps_it_with_a_warning() {
        let mut s = crate::content::test_site(&[
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("b/_index.md", "+++\ntitle = \"B\"\nscreens = [\"one\"]\n+++\n"),
            ("b/print.md", "+++\ntitle = \"Print\"\n+++\n"),
            ("c.md", "+++\ntitle = \"C\"\naliases = [\"/help/cards/\"]\n+++\n"),
        ]);
        s.config.base_url = "https://example.org/docs/".into();
        let (map, diags) = resolve(&s);
        assert_eq!(urls(&map).iter().map(|u| u.0).collect::<Vec<_>>(), vec!["print/"]);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "this page has the URL /b/print/, so docent's print page there is not made",
                "this page has an alias to the URL /help/cards/, so docent's desk cards page there is not made",
            ]
        );
        assert!(diags.iter().all(|d| !d.is_error()));
        assert_eq!(map.cards, None);
        assert_eq!(map.absolute("help/x/"), "https://example.org/docs/help/x/");
    }

    #[test]
    fn a_screen_named_cards_keeps_its_redirect() {
        let s = crate::content::test_site(&[("a.md", "+++\ntitle = \"A\"\nscreens = [\"cards\"]\n+++\n")]);
        let (map, diags) = resolve(&s);
        assert_eq!(map.cards, None);
        assert!(diags[0].message.contains("screen `cards`"), "{diags:?}");
        let s = crate::content::test_site(&[("a.md", "+++\ntitle = \"A\"\nscreens = [\"desk\"]\n+++\n")]);
        assert_eq!(resolve(&s).0.cards.as_deref(), Some("help/cards/"));
    }
}
