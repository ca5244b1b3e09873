//! Places a tool's navigation (mdBook's SUMMARY.md, mkdocs.yml's `nav`) into docent's layout,
//! where a section is a folder with an `_index.md` and order is `weight`.
//!
//! A page keeps its path when it already sits inside its section's folder, so that most URLs
//! stay as they were; otherwise it moves into the section's folder (and `assemble` gives it an
//! alias for its old URL). An entry with children becomes a section: its folder is the one its
//! `README.md`/`index.md` is in, or its file's path without `.md`, or, for a title alone, the
//! title's slug.

use super::{Report, dir_of, join};
use crate::slug::slugify;

/// One entry of a tool's navigation. `file` is relative to the content folder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NavItem {
    pub title: String,
    pub file: Option<String>,
    pub children: Vec<NavItem>,
}

/// Where a navigation entry goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub title: String,
    pub file: Option<String>,
    /// Path under `content/`.
    pub dest: String,
    pub weight: i64,
}

/// Index pages of a folder in the tools' conventions.
pub fn is_index_name(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    matches!(name, "README.md" | "index.md" | "_index.md")
}

fn within(dir: &str, parent: &str) -> bool {
    parent.is_empty() || dir == parent || dir.starts_with(&format!("{parent}/"))
}

/// Places `items` (the top level of the navigation) under the home page.
pub fn place(items: &[NavItem], report: &mut Report, nav_file: &str) -> Vec<Placed> {
    let mut out = Vec::new();
    walk(items, "", &mut out, report, nav_file);
    out
}

fn walk(items: &[NavItem], parent: &str, out: &mut Vec<Placed>, report: &mut Report, nav_file: &str) {
    // Entries without a file or children (mdBook's draft chapters) are not pages.
    let (drafts, items): (Vec<&NavItem>, Vec<&NavItem>) =
        items.iter().partition(|i| i.file.is_none() && i.children.is_empty());
    for d in drafts {
        report.note(nav_file, 0, format!("`{}` has no file (a draft chapter); left out", d.title));
    }
    for (i, item) in items.into_iter().enumerate() {
        let weight = (i as i64 + 1) * 10;
        // A group without a page whose first entry is a folder's index page (MkDocs'
        // `- Guide: [guide/index.md, ...]`): that page is the section's page.
        let adopted;
        let item = match (&item.file, item.children.first()) {
            (None, Some(first)) if first.children.is_empty() && first.file.as_deref().is_some_and(is_index_name) => {
                adopted = NavItem {
                    title: item.title.clone(),
                    file: first.file.clone(),
                    children: item.children[1..].to_vec(),
                };
                &adopted
            }
            _ => item,
        };
        if item.children.iter().any(|c| c.file.is_some() || !c.children.is_empty()) {
            let wanted = match &item.file {
                Some(f) if is_index_name(f) => dir_of(f).to_string(),
                Some(f) => f.strip_suffix(".md").unwrap_or(f).to_string(),
                None => join(parent, &slugify(&item.title)),
            };
            let dir = if within(&wanted, parent) && wanted != parent {
                wanted
            } else {
                let last = wanted.rsplit('/').next().filter(|l| !l.is_empty()).map(str::to_string);
                join(parent, &last.unwrap_or_else(|| slugify(&item.title)))
            };
            if item.file.is_none() {
                report.count("sections made for navigation groups without a page", 1);
            }
            out.push(Placed {
                title: item.title.clone(),
                file: item.file.clone(),
                dest: format!("{dir}/_index.md"),
                weight,
            });
            walk(&item.children, &dir, out, report, nav_file);
            continue;
        }
        walk(&item.children, parent, out, report, nav_file);
        let Some(f) = &item.file else { continue };
        let dir = dir_of(f);
        let name = f.rsplit('/').next().unwrap_or(f);
        let dest = if is_index_name(f) && dir != parent && within(dir, parent) {
            format!("{dir}/_index.md")
        } else if is_index_name(f) {
            // An index page listed inside its own folder's section: a page of its own.
            let name = Some(slugify(&item.title)).filter(|s| !s.is_empty()).unwrap_or_else(|| "overview".into());
            join(parent, &format!("{name}.md"))
        } else if within(dir, parent) {
            f.clone()
        } else {
            join(parent, name)
        };
        out.push(Placed { title: item.title.clone(), file: Some(f.clone()), dest, weight });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, file: Option<&str>, children: Vec<NavItem>) -> NavItem {
        NavItem { title: title.into(), file: file.map(str::to_string), children }
    }

    #[test]
    fn nesting_becomes_sections_and_pages_keep_their_paths_when_they_can() {
        let nav = vec![
            item("Install", Some("guide/installation.md"), vec![]),
            item("CLI", Some("cli/README.md"), vec![item("init", Some("cli/init.md"), vec![])]),
            item("Summary", Some("format/summary.md"), vec![item("Inner", Some("format/inner.md"), vec![])]),
            item("Guides", None, vec![item("Async", Some("async.md"), vec![])]),
            item("Draft", None, vec![]),
        ];
        let mut r = Report::default();
        let placed = place(&nav, &mut r, "SUMMARY.md");
        let dests: Vec<(&str, i64)> = placed.iter().map(|p| (p.dest.as_str(), p.weight)).collect();
        assert_eq!(
            dests,
            vec![
                ("guide/installation.md", 10),
                ("cli/_index.md", 20),
                ("cli/init.md", 10),
                ("format/summary/_index.md", 30),
                ("format/summary/inner.md", 10),
                ("guides/_index.md", 40),
                ("guides/async.md", 10),
            ]
        );
        assert_eq!(r.notes.len(), 1);
    }

    #[test]
    fn a_groups_leading_index_page_becomes_its_section_page() {
        let nav = vec![item(
            "Guide",
            None,
            vec![item("", Some("guide/index.md"), vec![]), item("A", Some("guide/a.md"), vec![])],
        )];
        let nav2 = vec![item("Guide", Some("guide/README.md"), vec![item("", Some("guide/index.md"), vec![])])];
        let mut r = Report::default();
        let dests: Vec<String> = place(&nav, &mut r, "m").into_iter().map(|p| p.dest).collect();
        assert_eq!(dests, vec!["guide/_index.md", "guide/a.md"]);
        let dests: Vec<String> = place(&nav2, &mut r, "m").into_iter().map(|p| p.dest).collect();
        assert_eq!(dests, vec!["guide/_index.md", "guide/overview.md"]);
    }
}
