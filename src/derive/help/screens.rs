//! The screen map: which page (and heading) explains each screen of the application.
//!
//! Takes every page's `screens` front matter (`id` or `id#heading-anchor`) and the headings
//! rendering found on each page; gives a `ScreenMap` from screen ID to page and anchor, plus
//! the problems found on the way (bad characters, an ID claimed twice, an anchor the page does
//! not have), each naming the file and the line of its `screens` key. Pure: no I/O, no URLs.

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::RenderedMarkdown;
use std::collections::BTreeMap;

/// Screen ID -> what explains it, and the problems met building the map.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ScreenMap {
    /// Valid screens only, sorted by ID (so every output built from it is deterministic).
    pub screens: BTreeMap<String, Screen>,
    /// Errors in the sites' `screens` keys. The build reports them; so does `docent check`.
    pub problems: Vec<Diagnostic>,
}

/// Where one screen's help lives.
#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// Index of the page in `Site::pages`.
    pub page: usize,
    /// A heading id of that page, when the entry was `id#anchor`.
    pub anchor: Option<String>,
    /// The page's source path and the line of its `screens` key, for diagnostics about it.
    pub source: String,
    pub line: u32,
}

pub use crate::resolve::is_valid_screen_id;

/// The help every bad ID gets: what an ID looks like, and that the application uses the same one.
pub const ID_HELP: &str = "a screen ID uses only lowercase letters a-z, digits and hyphens, such as \
`patient-search`; the application puts the same ID in data-help=\"...\"";

/// Builds the screen map from front matter and the rendered headings (same index as pages).
pub fn screen_map(site: &Site, markdown: &[RenderedMarkdown]) -> ScreenMap {
    let mut map = ScreenMap::default();
    for (i, page) in site.pages.iter().enumerate() {
        let line = page.key_line("screens");
        let span = || Span::new(&page.source, line, 1);
        for entry in &page.front.screens {
            let (id, anchor) = match entry.split_once('#') {
                Some((id, anchor)) => (id, Some(anchor)),
                None => (entry.as_str(), None),
            };
            if !is_valid_screen_id(id) {
                let what = if id.is_empty() {
                    "is empty".to_string()
                } else {
                    "has characters other than a-z, 0-9 and -".into()
                };
                map.problems.push(Diagnostic::error(span(), format!("screen ID `{id}` {what}")).with_help(ID_HELP));
                continue;
            }
            // An anchor the page lacks is an error, but the screen still has a page: `docent check`
            // should report the anchor, not also "no help for this screen".
            let mut anchor = anchor;
            if let Some(wanted) = anchor {
                let headings = markdown.get(i).map(|m| m.headings.as_slice()).unwrap_or_default();
                if !markdown.get(i).is_some_and(|m| m.has_anchor(wanted)) {
                    let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
                    let help = if ids.is_empty() {
                        "this page has no headings; remove `#...` to open the top of the page".to_string()
                    } else {
                        format!("headings of this page: {}", ids.join(", "))
                    };
                    let inherited = page.translation.is_some() && !page.key_lines.contains_key("screens");
                    map.problems.push(if inherited {
                        // The anchor is the source's: a translated heading has another id.
                        Diagnostic::warning(
                            Span::file(&page.source),
                            format!("screen `{entry}`: this translation has no heading #{wanted}, so its help opens the top of the page"),
                        )
                        .with_help(format!("keep the source's heading id in the translation: `## … {{#{wanted}}}`"))
                    } else {
                        Diagnostic::error(span(), format!("screen `{entry}`: this page has no heading #{wanted}"))
                            .with_help(help)
                    });
                    anchor = None;
                }
            }
            if let Some(other) = map.screens.get(id) {
                let message = if other.page == i {
                    format!("screen ID `{id}` is listed twice in this page")
                } else {
                    format!("screen ID `{id}` is claimed by both {} and {}", other.source, page.source)
                };
                map.problems.push(Diagnostic::error(span(), message).with_help(
                    "a screen's help opens one page: keep the ID on the page that explains the screen and \
                     remove it from the other",
                ));
                continue;
            }
            let screen = Screen { page: i, anchor: anchor.map(str::to_string), source: page.source.clone(), line };
            map.screens.insert(id.to_string(), screen);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    fn site(files: &[(&str, &str)]) -> Site {
        crate::content::test_site(files)
    }

    fn headings(ids: &[&str]) -> RenderedMarkdown {
        let headings = ids.iter().map(|id| Heading { level: 2, id: id.to_string(), title: id.to_string() }).collect();
        RenderedMarkdown { headings, ..Default::default() }
    }

    #[test]
    fn ids_and_anchors_map_to_pages() {
        let s = site(&[
            ("a.md", "+++\ntitle = \"A\"\nscreens = [\"patient-search\", \"clinic-edit#steps\"]\n+++\n"),
            ("b.md", "+++\ntitle = \"B\"\nscreens = [\"home\"]\n+++\n"),
        ]);
        let map = screen_map(&s, &[headings(&["steps"]), headings(&[])]);
        assert_eq!(map.problems, vec![]);
        assert_eq!(map.screens.keys().collect::<Vec<_>>(), vec!["clinic-edit", "home", "patient-search"]);
        assert_eq!(map.screens["clinic-edit"].anchor.as_deref(), Some("steps"));
        assert_eq!(map.screens["home"].page, 1);
        assert_eq!(map.screens["patient-search"].line, 3);
    }

    #[test]
    fn duplicate_id_names_both_pages() {
        let s = site(&[
            ("a.md", "+++\ntitle = \"A\"\nscreens = [\"home\"]\n+++\n"),
            ("b.md", "+++\ntitle = \"B\"\n\nscreens = [\"home\"]\n+++\n"),
        ]);
        let map = screen_map(&s, &[headings(&[]), headings(&[])]);
        assert_eq!(map.problems.len(), 1);
        let d = &map.problems[0];
        assert!(d.message.contains("content/a.md") && d.message.contains("content/b.md"), "{}", d.message);
        assert_eq!(d.span, Some(Span::new("content/b.md", 4, 1)));
        assert_eq!(map.screens["home"].page, 0, "the first page keeps the ID");
    }

    #[test]
    fn bad_characters_and_missing_anchors_are_errors() {
        let s = site(&[(
            "a.md",
            "+++\ntitle = \"A\"\nscreens = [\"Patient_Search\", \"\", \"ok#nope\", \"x y\", \"fine#steps\"]\n+++\n",
        )]);
        let map = screen_map(&s, &[headings(&["steps", "more"])]);
        let messages: Vec<&str> = map.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "screen ID `Patient_Search` has characters other than a-z, 0-9 and -",
                "screen ID `` is empty",
                "screen `ok#nope`: this page has no heading #nope",
                "screen ID `x y` has characters other than a-z, 0-9 and -",
            ]
        );
        assert_eq!(map.problems[2].help.as_deref(), Some("headings of this page: steps, more"));
        assert!(map.problems.iter().all(|d| d.span == Some(Span::new("content/a.md", 3, 1))));
        assert_eq!(map.screens.keys().collect::<Vec<_>>(), vec!["fine", "ok"]);
        assert_eq!(map.screens["ok"].anchor, None, "a missing anchor still maps the screen to its page");
    }

    #[test]
    fn same_id_twice_in_one_page_is_reported_once() {
        let s = site(&[("a.md", "+++\ntitle = \"A\"\nscreens = [\"home\", \"home\"]\n+++\n")]);
        let map = screen_map(&s, &[headings(&[])]);
        assert_eq!(map.problems.len(), 1);
        assert!(map.problems[0].message.contains("listed twice"), "{}", map.problems[0].message);
    }
}
