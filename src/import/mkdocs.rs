//! MkDocs: `mkdocs.yml` (`site_name`, `site_description`, `docs_dir`, `nav` order and nesting,
//! folders in the nav, the redirects plugin's `redirect_maps`, the theme's `custom_dir` left
//! out). Without a `nav`, the folders are the sections. The Markdown extensions are `pymdown`'s.

use super::layout::{self, NavItem};
use super::markdown::Slugs;
use super::pymdown;
use super::{Draft, Front, Kind, Project, Report, SourceFiles, dir_of, join};
use serde_yaml::Value;
use std::collections::HashSet;

pub fn read(src: &dyn SourceFiles, report: &mut Report) -> Result<Project, String> {
    let (config_file, text) = ["mkdocs.yml", "mkdocs.yaml"]
        .iter()
        .find_map(|f| Some((f.to_string(), src.read_text(f)?)))
        .ok_or("no mkdocs.yml here: give the MkDocs project's folder (the one with mkdocs.yml)")?;
    let config: Value = serde_yaml::from_str(&text).map_err(|e| format!("{config_file}: {e}"))?;
    let get = |k: &str| config.get(k).and_then(Value::as_str).map(str::to_string);
    let root = get("docs_dir").unwrap_or_else(|| "docs".into()).trim_matches('/').to_string();
    let mut project = Project {
        kind: Some(Kind::Mkdocs),
        title: get("site_name"),
        description: get("site_description"),
        content_root: root.clone(),
        slugs: Some(Slugs::Mkdocs),
        ..Default::default()
    };
    let prefix = format!("{root}/");
    let all: Vec<String> = src.list().into_iter().filter(|f| f.starts_with(&prefix)).collect();
    let pages: Vec<&str> = all.iter().filter(|f| f.ends_with(".md")).map(|f| &f[prefix.len()..]).collect();

    let mut placed = Vec::new();
    match config.get("nav").and_then(Value::as_sequence) {
        Some(nav) => {
            let mut items = nav_items(nav, &pages, &config_file, report);
            let home = items.iter().position(|i| i.children.is_empty() && i.file.as_deref().is_some_and(is_root_index));
            if let Some(h) = home {
                let h = items.remove(h);
                placed.push(layout::Placed { title: h.title, file: h.file, dest: "_index.md".into(), weight: 0 });
            }
            placed.extend(layout::place(&items, report, &config_file));
        }
        None => report.count("pages placed by folder (mkdocs.yml has no nav)", pages.len()),
    }
    let listed: HashSet<String> = placed.iter().filter_map(|p| p.file.clone()).collect();
    let taken: HashSet<String> = placed.iter().map(|p| p.dest.clone()).collect();
    for f in &pages {
        if listed.contains(*f) {
            continue;
        }
        let dest = if layout::is_index_name(f) { join(dir_of(f), "_index.md") } else { f.to_string() };
        let dest = if taken.contains(&dest) { f.to_string() } else { dest };
        if config.get("nav").is_some() {
            report.note(&format!("{prefix}{f}"), 0, "not in mkdocs.yml's nav; imported in its folder");
        }
        placed.push(layout::Placed { title: String::new(), file: Some(f.to_string()), dest, weight: 0 });
    }
    let redirects = redirect_maps(&config);
    for p in placed {
        let Some(file) = &p.file else {
            project.pages.push(Draft {
                dest: p.dest,
                front: Front { title: Some(p.title), weight: Some(p.weight), ..Default::default() },
                ..Default::default()
            });
            continue;
        };
        let path = join(&root, file);
        let Some(text) = src.read_text(&path) else {
            report.note(&config_file, 0, format!("nav lists {file}, which is missing; left out"));
            continue;
        };
        let page = super::front::read_source(&path, &text, report);
        let mut front = Front::from_table(page.table, &path, 1, report);
        if p.weight > 0 && front.weight.is_none() {
            front.weight = Some(p.weight);
        }
        for (old, new) in &redirects {
            if new == file {
                front.aliases.push(format!("/{}", old_url(old)));
                report.count("redirect_maps entries made aliases", 1);
            }
        }
        let body = pymdown::snippets(&page.body, &path, page.body_line, &root, src, report);
        let body = pymdown::admonitions(&body, &path, page.body_line, report);
        let body = pymdown::attr_lists(&body, &path, page.body_line, report);
        let body = pymdown::autodoc(&body, &path, page.body_line, report);
        project.pages.push(Draft {
            src: Some(path),
            dest: p.dest,
            old_url: Some(old_url(file)),
            nav_title: (!p.title.is_empty()).then_some(p.title),
            front,
            body,
            body_line: page.body_line,
        });
    }
    if config.get("nav").is_none() {
        super::zola::add_missing_sections(&mut project, report);
    }
    // A theme's `custom_dir` inside docs_dir holds templates, not content.
    let custom = config.get("theme").and_then(|t| t.get("custom_dir")).and_then(Value::as_str).map(|d| {
        let d = d.trim_matches('/').trim_start_matches("./");
        format!("{d}/")
    });
    for f in &all {
        if let Some(c) = &custom
            && f.starts_with(c.as_str())
        {
            report.count("theme files (theme.custom_dir) not imported", 1);
            continue;
        }
        if !f.ends_with(".md") {
            project.copies.push((f.clone(), format!("content/{}", &f[prefix.len()..])));
        }
    }
    Ok(project)
}

fn is_root_index(f: &str) -> bool {
    matches!(f, "index.md" | "README.md")
}

/// The URL MkDocs gives a page (with `use_directory_urls`, its default).
fn old_url(file: &str) -> String {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if layout::is_index_name(file) {
        let dir = dir_of(file);
        if dir.is_empty() { String::new() } else { format!("{dir}/") }
    } else {
        format!("{stem}/")
    }
}

fn nav_items(nav: &[Value], pages: &[&str], config_file: &str, report: &mut Report) -> Vec<NavItem> {
    let mut out = Vec::new();
    for entry in nav {
        match entry {
            Value::String(f) => out.push(NavItem { title: String::new(), file: Some(f.clone()), children: vec![] }),
            Value::Mapping(m) => {
                for (k, v) in m {
                    let title = k.as_str().unwrap_or("").to_string();
                    match v {
                        Value::String(f) if crate::resolve::links::is_external(f) => {
                            report.note(
                                config_file,
                                0,
                                format!("nav link `{title}` to {f} left out (docent's menu lists pages)"),
                            );
                        }
                        Value::String(f) if f.ends_with('/') => {
                            report.note(
                                config_file,
                                0,
                                format!("nav entry `{title}: {f}` (a folder): its pages in file-name order"),
                            );
                            out.push(folder_item(title, f.trim_end_matches('/'), pages));
                        }
                        Value::String(f) => out.push(NavItem { title, file: Some(f.clone()), children: vec![] }),
                        Value::Sequence(children) => out.push(NavItem {
                            title,
                            file: None,
                            children: nav_items(children, pages, config_file, report),
                        }),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A folder named in the nav: its index page first (the section's page), then its other pages
/// and sub-folders in name order.
fn folder_item(title: String, dir: &str, pages: &[&str]) -> NavItem {
    let prefix = format!("{dir}/");
    let mut children = Vec::new();
    let mut subdirs: Vec<&str> = Vec::new();
    for p in pages.iter().filter_map(|p| p.strip_prefix(&prefix)) {
        match p.split_once('/') {
            Some((sub, _)) => {
                if subdirs.last() != Some(&sub) {
                    subdirs.push(sub);
                }
            }
            None => {
                children.push(NavItem { title: String::new(), file: Some(format!("{prefix}{p}")), children: vec![] })
            }
        }
    }
    children.sort_by_key(|c| !c.file.as_deref().is_some_and(layout::is_index_name));
    for sub in subdirs {
        let name = sub.replace(['-', '_'], " ");
        children.push(folder_item(name, &format!("{prefix}{sub}"), pages));
    }
    NavItem { title, file: None, children }
}

/// `plugins: - redirects: redirect_maps: {old.md: new.md}` as (old, new) pairs.
fn redirect_maps(config: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for plugin in config.get("plugins").and_then(Value::as_sequence).into_iter().flatten() {
        let Some(maps) = plugin.get("redirects").and_then(|r| r.get("redirect_maps")).and_then(Value::as_mapping)
        else {
            continue;
        };
        for (k, v) in maps {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                out.push((k.to_string(), v.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{MemFiles, OutFile, translate};
    use super::*;

    #[test]
    fn a_folder_in_the_nav_lists_its_pages() {
        let pages = ["g/a.md", "g/b.md", "g/index.md", "g/sub/c.md", "other.md"];
        let item = folder_item("Guide".into(), "g", &pages);
        let files: Vec<Option<String>> = item.children.iter().map(|c| c.file.clone()).collect();
        assert_eq!(files, vec![Some("g/index.md".into()), Some("g/a.md".into()), Some("g/b.md".into()), None]);
        assert_eq!(item.children[3].children[0].file.as_deref(), Some("g/sub/c.md"));
    }

    #[test]
    fn nav_orders_and_nests_pages_into_sections() {
        let files = MemFiles::new(&[
            (
                "mkdocs.yml",
                "site_name: Demo\ndocs_dir: doc\nnav:\n  - Home: index.md\n  - Start: start.md\n  - Guides:\n    - Async: async.md\n    - Env: env_vars.md\n  - GitHub: https://github.com\nplugins:\n  - redirects:\n      redirect_maps:\n        old.md: async.md\n",
            ),
            ("doc/index.md", "# Demo\n\nSee [async](async.md#the-api) and [start](start.md).\n"),
            ("doc/start.md", "# Start\n"),
            ("doc/async.md", "# Async\n\n## The API\n"),
            ("doc/env_vars.md", "---\ntitle: Env\nsummary: x\n---\n# Env\n"),
            ("doc/extra.md", "Not in nav.\n"),
            ("doc/img/a.png", "png"),
        ]);
        let i = translate(Kind::Mkdocs, &files).unwrap();
        let t = |p: &str| match &i.files[p] {
            OutFile::Text(t) => t.clone(),
            f => panic!("{f:?}"),
        };
        assert!(t("content/_index.md").contains("[async](guides/async.md#the-api)"), "{}", t("content/_index.md"));
        let a = t("content/guides/async.md");
        assert!(a.contains("weight = 10") && a.contains("aliases = [\"/old/\", \"/async/\"]"), "{a}");
        assert!(t("content/guides/_index.md").contains("title = \"Guides\""));
        assert!(t("content/guides/env_vars.md").contains("[extra]\nsummary = \"x\""));
        assert!(i.files.contains_key("content/extra.md"));
        assert!(i.files.contains_key("content/img/a.png"));
        let report = i.report.render("d", "s");
        assert!(report.contains("doc/extra.md: not in mkdocs.yml's nav"), "{report}");
        assert!(report.contains("nav link `GitHub`"), "{report}");
    }
}
