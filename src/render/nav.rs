//! The left menu of modules, as HTML. Pure: built from the `SiteMap` for one page.
//!
//! The menu must not grow with the site: on a large site a page's menu lists the top-level
//! modules, and the children of the sections on the way to the page only. Small sites list
//! every page (closed modules hidden until opened), which is what trainees expect. A site with
//! more top-level modules than a reader can scan gives each module a menu of its own: a link to
//! the home page's list of every module, then the page's module (otherwise every page of a site
//! that grows by modules would carry a list that grows with it, and the output with its square).

use crate::markdown::text_escape as escape;
use crate::resolve::SiteMap;
use std::fmt::Write as _;

/// Sites with at most this many pages list every page in every page's menu.
pub const FULL_MENU_MAX_PAGES: usize = 300;

/// Sites with a home page and more top-level modules than this show one module per menu.
/// Thirty is about two screens of a phone: past that a list is searched, not scanned, and the
/// home page's cards (with each module's summary) serve the reader better.
pub const TOP_MENU_MAX: usize = 30;

/// The theme's words in the menu.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct MenuWords<'a> {
    /// Names a section's toggle for screen readers, `{title}` standing for the section's
    /// title (`{title} pages`).
    pub section: &'a str,
    /// The link to the home page's list of modules, on sites with one module per menu.
    pub all_modules: &'a str,
}

impl<'a> MenuWords<'a> {
    pub fn of(strings: &'a crate::strings::Strings) -> Self {
        MenuWords { section: strings.get("menu_section_pages"), all_modules: strings.get("menu_all_modules") }
    }
}

/// The menu for `current` (a page index): nested lists of links, the page marked with
/// `aria-current="page"`, the sections on its path open.
pub fn menu_html(map: &SiteMap, current: usize, words: &MenuWords) -> String {
    let open: Vec<usize> = {
        let mut a = map.ancestors(current);
        a.push(current);
        a
    };
    let full = map.pages.len() <= FULL_MENU_MAX_PAGES;
    let mut out = String::with_capacity(4096);
    out.push_str("<ul class=\"menu\">");
    match map.home.filter(|&h| map.pages[h].children.len() > TOP_MENU_MAX) {
        Some(home) => {
            let _ = write!(
                out,
                "<li class=\"menu-all\"><a href=\"{}#modules-title\">{}</a></li>",
                escape(&map.page_href(home)),
                escape(words.all_modules)
            );
            if let Some(&module) = open.iter().find(|&&i| map.pages[i].parent == Some(home)) {
                item(map, module, current, &open, full, words, &mut out);
            }
        }
        None => {
            let top: Vec<usize> = match map.home {
                Some(h) => map.pages[h].children.clone(),
                None => map.reading_order.iter().copied().filter(|&i| map.pages[i].parent.is_none()).collect(),
            };
            for i in top {
                item(map, i, current, &open, full, words, &mut out);
            }
        }
    }
    out.push_str("</ul>");
    out
}

/// The menu of a page that is not in it (video pages, print pages, the glossary): the home
/// page's menu with no page marked current; empty without a home page.
pub fn menu_without_current(map: &SiteMap, words: &MenuWords) -> String {
    match map.home.filter(|&h| h < map.pages.len()) {
        Some(home) => menu_html(map, home, words).replace(" aria-current=\"page\"", ""),
        None => String::new(),
    }
}

/// One entry. The markup is kept small because every page carries its menu (at 10,000 pages
/// the menus are a third of the output): a page is a bare `<li><a>`; only a section whose
/// children are listed gets a class (its bold title and its row with the toggle, in the theme's
/// CSS), an id on its list and a toggle named by `aria-label` (the theme's script shows it).
fn item(map: &SiteMap, i: usize, current: usize, open: &[usize], full: bool, words: &MenuWords, out: &mut String) {
    let page = &map.pages[i];
    let is_open = open.contains(&i);
    let show_children = !page.children.is_empty() && (full || is_open);
    let aria = if i == current { " aria-current=\"page\"" } else { "" };
    let href = escape(&map.page_href(i));
    if !show_children {
        let _ = write!(out, "<li><a href=\"{href}\"{aria}>{}</a></li>", page.title_html);
        return;
    }
    let id = menu_id(&page.url);
    let _ = write!(
        out,
        "<li class=\"menu-section\"><a href=\"{href}\"{aria}>{}</a><button type=\"button\" class=\"menu-toggle\" aria-expanded=\"{is_open}\" aria-controls=\"{id}\" aria-label=\"{}\" hidden></button><ul id=\"{id}\"{}>",
        page.title_html,
        escape(&words.section.replace("{title}", &page.title)),
        if is_open { "" } else { " hidden" }
    );
    for &c in &page.children {
        item(map, c, current, open, full, words, out);
    }
    out.push_str("</ul></li>");
}

/// The id of a section's list in the menu, from the section's URL: adding, removing or moving
/// a page changes no other page's menu. (It was the section's place in the site's page list,
/// so a page added anywhere changed the menu of every page after it, and `docent serve`
/// rendered them all again.) 48 bits of the URL's digest: two sections of one menu share one
/// with odds of about 1 in 10^10.
fn menu_id(url: &str) -> String {
    format!("menu-{:012x}", crate::digest::Digest::of(url.as_bytes()) >> 16)
}

/// Which pages the menu shows (on some page of the site): the top entries and, below them,
/// every page reached through a section's children. `docent check` uses it to find orphans.
pub fn shown_in_menu(map: &SiteMap) -> Vec<bool> {
    let mut shown = vec![false; map.pages.len()];
    let mut stack: Vec<usize> = match map.home {
        Some(h) => map.pages[h].children.clone(),
        None => map.reading_order.iter().copied().filter(|&i| map.pages[i].parent.is_none()).collect(),
    };
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut shown[i], true) {
            stack.extend(&map.pages[i].children);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu_of(files: &[(&str, &str)], source: &str) -> String {
        let site = crate::content::test_site(files);
        let (map, _) = crate::resolve::resolve(&site);
        let page = site.pages.iter().position(|p| p.source == source).expect("the page");
        let words = MenuWords { section: "{title} pages", all_modules: "All modules" };
        menu_html(&map, page, &words)
    }

    #[test]
    fn a_page_added_elsewhere_changes_no_other_menu() {
        let mut files = vec![
            ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("a/_index.md", "+++\ntitle = \"A\"\n+++\n"),
            ("a/one.md", "+++\ntitle = \"One\"\n+++\n"),
            ("b/_index.md", "+++\ntitle = \"B\"\n+++\n"),
            ("b/two.md", "+++\ntitle = \"Two\"\n+++\n"),
        ];
        let before = menu_of(&files, "content/b/two.md");
        assert!(before.contains("aria-controls=\"menu-"), "{before}");
        files.insert(3, ("a/new.md", "+++\ntitle = \"New\"\n+++\n"));
        let after = menu_of(&files, "content/b/two.md");
        assert!(after.contains("New"), "a small site's menu lists every page: {after}");
        assert_eq!(after.replace("<li><a href=\"/a/new/\">New</a></li>", ""), before);
    }

    #[test]
    fn each_section_of_a_menu_has_its_own_list_id() {
        let files: Vec<(String, String)> = (0..40)
            .flat_map(|s| {
                [
                    (format!("s{s}/_index.md"), format!("+++\ntitle = \"S{s}\"\n+++\n")),
                    (format!("s{s}/p.md"), "+++\ntitle = \"P\"\n+++\n".into()),
                ]
            })
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let menu = menu_of(&files, "content/s0/p.md");
        let ids: Vec<&str> = menu.split(" id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        let distinct: std::collections::BTreeSet<&&str> = ids.iter().collect();
        assert_eq!((ids.len(), distinct.len()), (40, 40), "{menu}");
    }
}
