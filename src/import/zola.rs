//! Zola: `config.toml`/`zola.toml` (title, description), `content/` as it is (sections are
//! `_index.md` already), page bundles (`dir/index.md` becomes `dir.md`, its files stay in `dir/`),
//! `@/path.md` links (resolved by `links`), front matter (`in_search_index` becomes `search`,
//! `redirect_to` a link to the target, everything docent does not know kept in `[extra]`) and
//! shortcodes (`shortcodes`). `static/` is copied; `templates/`, `sass/` and themes are not.
//!
//! `read_tree` is shared with Hugo, whose content folder has the same shape.

use super::front::{self, Front};
use super::markdown::Slugs;
use super::shortcodes::{self, Style};
use super::{Draft, Kind, Project, Report, SourceFiles, dir_of, docent_url};
use std::collections::BTreeSet;

pub fn read(src: &dyn SourceFiles, report: &mut Report) -> Result<Project, String> {
    let (config_file, text) = ["config.toml", "zola.toml"]
        .iter()
        .find_map(|f| Some((f.to_string(), src.read_text(f)?)))
        .ok_or("no config.toml here: give the Zola site's folder (the one with config.toml)")?;
    let config: toml::Table = text.parse().map_err(|e: toml::de::Error| format!("{config_file}: {}", e.message()))?;
    let get = |k: &str| config.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut project = Project {
        kind: Some(Kind::Zola),
        title: get("title"),
        description: get("description"),
        content_root: "content".into(),
        slugs: Some(Slugs::Docent),
        ..Default::default()
    };
    read_tree(src, &mut project, Style::Zola, &mut |_, _, _| None, report);
    for top in ["templates", "sass", "themes"] {
        let n = src.list().iter().filter(|f| f.starts_with(&format!("{top}/"))).count();
        if n > 0 {
            report.note(&format!("{top}/"), 0, format!("{n} file(s) not imported: docent has its own theme"));
        }
    }
    Ok(project)
}

/// Reads every Markdown file under `project.content_root` into pages (bundles flattened) and
/// lists the other files to copy (content assets and `static/`).
pub(super) fn read_tree(
    src: &dyn SourceFiles,
    project: &mut Project,
    style: Style,
    known: &mut shortcodes::Known,
    report: &mut Report,
) {
    let root = project.content_root.clone();
    let prefix = format!("{root}/");
    let files = src.list();
    // Markdown inside a bundle (a folder with `index.md`) is the bundle's resources, not pages.
    let bundles: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(&prefix)?.strip_suffix("/index.md").map(|d| format!("{prefix}{d}/")))
        .collect();
    for f in &files {
        if f.ends_with(".md") && !f.ends_with("/index.md") && bundles.iter().any(|b| f.starts_with(b.as_str())) {
            report.note(f, 0, "Markdown inside a page bundle (a resource its page's shortcodes read); not imported");
            continue;
        }
        if let Some(rel) = f.strip_prefix("static/") {
            project.copies.push((f.clone(), format!("static/{rel}")));
            continue;
        }
        let Some(rel) = f.strip_prefix(&prefix) else { continue };
        if !f.ends_with(".md") {
            project.copies.push((f.clone(), format!("content/{rel}")));
            continue;
        }
        if is_translation(rel) {
            report.note(f, 0, "a translation: left out (docent builds one language per site)");
            continue;
        }
        let Some(text) = src.read_text(f) else {
            report.note(f, 0, "not UTF-8 text; left out");
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let dir = dir_of(rel);
        let dest = if name == "index.md" && !dir.is_empty() {
            report.count("page bundles (dir/index.md) made pages dir.md", 1);
            format!("{dir}.md")
        } else if name == "index.md" {
            "_index.md".to_string()
        } else {
            rel.to_string()
        };
        let page = front::read_source(f, &text, report);
        let mut table = page.table;
        let mut notes_body = String::new();
        let search = match table.remove("in_search_index") {
            Some(toml::Value::Boolean(b)) => Some(b),
            Some(other) => {
                table.insert("in_search_index".into(), other);
                None
            }
            None => None,
        };
        if let Some(target) = table.get("redirect_to").and_then(|v| v.as_str()) {
            let link = if crate::resolve::links::is_external(target) {
                target.to_string()
            } else {
                format!("/{}", target.trim_start_matches('/'))
            };
            notes_body = format!("This section continues at [{target}]({link}).\n\n");
            report.note(f, 0, "`redirect_to`: the section page now links to its target (kept in [extra])");
        }
        for key in ["path", "url"] {
            if table.get(key).and_then(|v| v.as_str()).is_some() {
                report.note(
                    f,
                    0,
                    format!("`{key}` (a URL of its own) kept in [extra]; the page has the URL of its file"),
                );
            }
        }
        let hugo_relative_aliases = style == Style::Hugo;
        let mut front = Front::from_table(table, f, 1, report);
        if search == Some(false) {
            front.search = Some(false);
        }
        let old_url = match front.extra.get("path").or_else(|| front.extra.get("url")).and_then(|v| v.as_str()) {
            Some(p) => p.trim_start_matches('/').to_string(),
            None if style == Style::Hugo => hugo_url(rel, front.slug.as_deref()),
            None => docent_url(&dest, front.slug.as_deref()),
        };
        if hugo_relative_aliases {
            for a in &mut front.aliases {
                if !a.starts_with('/') && !crate::resolve::links::is_external(a) {
                    // Relative to the folder the page's URL is in.
                    let url = docent_url(&dest, None);
                    *a = format!("/{}", super::join(dir_of(url.trim_end_matches('/')), a));
                }
            }
        }
        let line = page.body_line;
        let body = shortcodes::translate(&page.body, style, f, line, known, report);
        project.pages.push(Draft {
            src: Some(f.clone()),
            dest,
            old_url: Some(old_url),
            nav_title: None,
            front,
            body: format!("{notes_body}{body}"),
            body_line: line,
        });
    }
}

/// The URL Hugo gives a content file (`blog/2025/0.12.0.md` -> `blog/2025/0.12.0/`): folders
/// and name lowercased with spaces as `-`, other characters kept (unlike docent's slugs).
fn hugo_url(rel: &str, slug: Option<&str>) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = stem.strip_suffix("/_index").or_else(|| stem.strip_suffix("/index")).unwrap_or(stem);
    let stem = if matches!(stem, "_index" | "index") { "" } else { stem };
    let mut parts: Vec<String> =
        stem.split('/').filter(|p| !p.is_empty()).map(|p| p.to_lowercase().replace(' ', "-")).collect();
    if let (Some(s), Some(last)) = (slug, parts.last_mut()) {
        *last = s.to_string();
    }
    if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) }
}

/// `page.fr.md`: a translation in Zola's and Hugo's naming.
fn is_translation(rel: &str) -> bool {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    match stem.rsplit_once('.') {
        Some((base, lang)) if !base.is_empty() => {
            let (l, region) = lang.split_once('-').unwrap_or((lang, ""));
            (2..=3).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_lowercase())
                && region.chars().all(|c| c.is_ascii_alphabetic())
        }
        _ => false,
    }
}

/// Folders holding pages but no `_index.md` get one (titled after the folder), so that the menu
/// nests as the tool's did (Hugo makes such sections itself; MkDocs without a nav shows folders).
pub(super) fn add_missing_sections(project: &mut Project, report: &mut Report) {
    let have: BTreeSet<String> = project.pages.iter().map(|p| p.dest.clone()).collect();
    let mut needed = BTreeSet::new();
    for p in &project.pages {
        let mut dir = dir_of(&p.dest);
        if p.dest.ends_with("/_index.md") {
            dir = dir_of(dir);
        }
        while !dir.is_empty() {
            needed.insert(format!("{dir}/_index.md"));
            dir = dir_of(dir);
        }
    }
    for dest in needed.difference(&have) {
        let name = dir_of(dest).rsplit('/').next().unwrap_or("");
        let words = name.replace(['-', '_'], " ");
        let mut c = words.chars();
        let title: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
        project.pages.push(Draft {
            dest: dest.clone(),
            front: Front { title: Some(title), ..Default::default() },
            ..Default::default()
        });
        report.count("section pages made for folders without one", 1);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MemFiles, OutFile, translate};
    use super::*;

    #[test]
    fn zola_site_with_bundles_redirects_aliases_and_extra_keys() {
        let files = MemFiles::new(&[
            ("config.toml", "title = \"Z\"\nbase_url = \"https://z.org\"\n"),
            ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nGo to [docs](@/docs/_index.md).\n"),
            (
                "content/docs/_index.md",
                "+++\ntitle = \"Docs\"\nredirect_to = \"docs/intro\"\nsort_by = \"weight\"\n+++\n",
            ),
            (
                "content/docs/intro.md",
                "\n+++\ntitle = \"Intro\"\nweight = 1\ndate = 2020-01-01\naliases = [\"/old/intro/\"]\nin_search_index = false\n[taxonomies]\ntags = [\"a\"]\n+++\nSee [the bundle](@/docs/shot/index.md#top-part) and {{ gallery() }}.\n",
            ),
            ("content/docs/shot/index.md", "+++\ntitle = \"Shot\"\n+++\n## Top part\n![pic](pic.png)\n"),
            ("content/docs/shot/pic.png", "png"),
            ("content/docs/intro.fr.md", "+++\ntitle = \"Intro\"\n+++\n"),
            ("static/logo.svg", "<svg/>"),
            ("templates/page.html", "x"),
        ]);
        let i = translate(Kind::Zola, &files).unwrap();
        let t = |p: &str| match &i.files[p] {
            OutFile::Text(t) => t.clone(),
            f => panic!("{f:?}"),
        };
        let intro = t("content/docs/intro.md");
        assert!(intro.contains("search = false") && intro.contains("aliases = [\"/old/intro/\"]"), "{intro}");
        assert!(intro.contains("date = \"2020-01-01\"") && intro.contains("[extra.taxonomies]"), "{intro}");
        assert!(intro.contains("[the bundle](shot.md#top-part)"), "{intro}");
        assert!(intro.contains("<!-- docent import: {{ gallery() }} -->"), "{intro}");
        assert!(t("content/docs/shot.md").contains("![pic](shot/pic.png)"));
        assert!(
            t("content/docs/_index.md").contains("continues at [docs/intro](intro.md)"),
            "{}",
            t("content/docs/_index.md")
        );
        assert!(t("content/_index.md").contains("[docs](docs/_index.md)"));
        assert!(i.files.contains_key("content/docs/shot/pic.png"));
        assert!(i.files.contains_key("static/logo.svg"));
        assert!(!i.files.contains_key("content/docs/intro.fr.md"));
        let report = i.report.render("z", "s");
        assert!(report.contains("content/docs/intro.md:11: shortcode `gallery` not translated"), "{report}");
        assert!(report.contains("templates/: 1 file(s) not imported"), "{report}");
    }

    #[test]
    fn hugo_urls_keep_dots() {
        assert_eq!(hugo_url("blog/2025/0.12.0.md", None), "blog/2025/0.12.0/");
        assert_eq!(hugo_url("Docs/My Page/index.md", None), "docs/my-page/");
        assert_eq!(hugo_url("docs/_index.md", None), "docs/");
        assert_eq!(hugo_url("_index.md", None), "");
        assert_eq!(hugo_url("docs/a.md", Some("b")), "docs/b/");
    }

    #[test]
    fn translations_are_recognised() {
        assert!(is_translation("a/page.fr.md"));
        assert!(is_translation("page.pt-BR.md"));
        assert!(!is_translation("v1.2.md"));
        assert!(!is_translation("index.md"));
    }
}
