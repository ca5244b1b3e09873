//! Links across the import: every link and image in every page is pointed at the file it means
//! in the new site (pages move: `README.md` becomes `_index.md`, a bundle's `index.md` becomes
//! `dir.md`, mkdocs.yml's nav moves pages into sections), `@/` (Zola) and `.html` (mdBook) links
//! become file links, site paths (`/guide/x/`) become file links when they name a page, and
//! `#anchors` written with the tool's heading ids become docent's ids.
//!
//! A link docent would reject (a file that is not in the project, a heading that does not exist)
//! is reported with its place; a missing anchor is dropped so that the link still leads to the page.

use super::markdown::{self, Slugs};
use super::{Project, Report, dir_of, join, relative};
use std::collections::{HashMap, HashSet};

const NO_FILE: &str = "no such file in the project";

struct Anchors {
    /// The tool's id -> docent's id.
    map: HashMap<String, String>,
    docent: HashSet<String>,
    /// Ids the page's removed `# Title` had: a link to it goes to the page.
    title: HashSet<String>,
}

enum Resolved {
    Keep,
    To(String),
    /// Nothing in the project: why, for the note.
    Missing(&'static str),
}

struct Index<'a> {
    project: &'a Project,
    slugs: Slugs,
    by_src: HashMap<&'a str, usize>,
    by_old_url: HashMap<String, usize>,
    /// Source path -> path under `content/`.
    assets: HashMap<&'a str, &'a str>,
    statics: HashSet<&'a str>,
    anchors: Vec<Anchors>,
}

/// Rewrites the links of every page of `project` in place.
pub fn rewrite_all(project: &mut Project, slugs: Slugs, report: &mut Report) {
    let mut edits: Vec<(usize, String)> = Vec::new();
    {
        let index = Index::new(project, slugs);
        for (i, page) in project.pages.iter().enumerate() {
            if page.src.is_none() {
                continue;
            }
            let body = rewrite_page(&index, i, report);
            if body != page.body {
                edits.push((i, body));
            }
        }
    }
    for (i, body) in edits {
        project.pages[i].body = body;
    }
}

impl<'a> Index<'a> {
    fn new(project: &'a Project, slugs: Slugs) -> Self {
        let mut by_src = HashMap::new();
        let mut by_old_url = HashMap::new();
        let mut anchors = Vec::new();
        for (i, p) in project.pages.iter().enumerate() {
            if let Some(s) = &p.src {
                by_src.insert(s.as_str(), i);
            }
            if let Some(u) = &p.old_url {
                by_old_url.entry(url_key(u)).or_insert(i);
            }
            let heads = markdown::headings(&p.body);
            let tool = markdown::ids(slugs, &heads);
            let docent = markdown::ids(Slugs::Docent, &heads);
            let title = p.front.title.as_deref().unwrap_or("");
            anchors.push(Anchors {
                map: tool.into_iter().zip(docent.iter().cloned()).rev().collect(),
                docent: docent.into_iter().collect(),
                title: [markdown::slug(slugs, title), markdown::slug(Slugs::Docent, title)].into_iter().collect(),
            });
        }
        let mut assets = HashMap::new();
        let mut statics = HashSet::new();
        for (from, to) in &project.copies {
            if let Some(rel) = to.strip_prefix("content/") {
                assets.insert(from.as_str(), rel);
            } else if let Some(rel) = to.strip_prefix("static/") {
                statics.insert(rel);
            }
        }
        Index { project, slugs, by_src, by_old_url, assets, statics, anchors }
    }

    fn find_page(&self, path: &str) -> Option<usize> {
        let p = path.trim_end_matches('/');
        let candidates = [
            path.to_string(),
            format!("{p}.md"),
            format!("{p}/index.md"),
            format!("{p}/README.md"),
            format!("{p}/_index.md"),
        ];
        candidates.iter().find_map(|c| self.by_src.get(c.as_str()).copied())
    }
}

/// The form of an old URL used for lookups: no leading `/`, no `index.html`, a trailing `/` on folders.
fn url_key(url: &str) -> String {
    let u = url.trim_start_matches('/');
    let u = u.strip_suffix("index.html").unwrap_or(u);
    let u = u.strip_suffix(".html").map(|s| format!("{s}/")).unwrap_or_else(|| u.to_string());
    if u.is_empty() || u.ends_with('/') { u } else { format!("{u}/") }
}

fn rewrite_page(index: &Index, i: usize, report: &mut Report) -> String {
    let page = &index.project.pages[i];
    let body = &page.body;
    let mut edits = Vec::new();
    // Notes name the written file: its line is the front matter's lines plus the body's.
    let trimmed = body.len() - body.trim_start_matches('\n').len();
    let front_lines = page.front.to_toml().matches('\n').count() as u32 + 1;
    let place = |offset: usize| {
        let line = markdown::line_of(&body[trimmed..], offset.saturating_sub(trimmed));
        (format!("content/{}", page.dest), front_lines + line)
    };
    for link in markdown::link_dests(body) {
        let (file, line) = place(link.range.start);
        match resolve(index, i, &link.dest, false, &file, line, report) {
            Resolved::Keep => {}
            Resolved::To(new) => edits.push((link.range, new)),
            Resolved::Missing(why) => {
                // docent rejects a link to nothing: an inline link becomes its text, a reference
                // definition points at the page itself.
                let what = if link.is_image { "image" } else { "link" };
                let now = match link.whole {
                    Some((whole, text)) => {
                        edits.push((whole, body[text].to_string()));
                        "written as plain text"
                    }
                    None => {
                        edits.push((link.range, "#".to_string()));
                        "pointed at this page (`#`)"
                    }
                };
                report.note(&file, line, format!("{what} to `{}`: {why}; {now}", link.dest));
            }
        }
    }
    for link in markdown::html_urls(body) {
        let (file, line) = place(link.range.start);
        match resolve(index, i, &link.dest, true, &file, line, report) {
            Resolved::Keep => {}
            Resolved::To(new) => edits.push((link.range, new)),
            Resolved::Missing(why) => {
                report.note(&file, line, format!("HTML link to `{}`: {why}; left as it was", link.dest));
            }
        }
    }
    markdown::apply_edits(body, edits)
}

/// The output path of an asset under `content/`: folders slugged like page URLs, the name kept.
fn asset_url(content_rel: &str) -> String {
    let (dir, name) = content_rel.rsplit_once('/').unwrap_or(("", content_rel));
    let mut parts: Vec<String> = dir.split('/').filter(|p| !p.is_empty()).map(crate::slug::slugify).collect();
    parts.push(name.to_string());
    parts.join("/")
}

/// Where `dest` points from page `from`: as a file link (Markdown) or, with `html`, as a site
/// path (raw HTML, which docent does not rewrite: its relative paths would be read from the
/// page's new URL).
fn resolve(index: &Index, from: usize, dest: &str, html: bool, file: &str, line: u32, report: &mut Report) -> Resolved {
    let page = &index.project.pages[from];
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.is_empty() {
        let Some(f) = fragment else { return Resolved::Keep };
        return match map_anchor(index, from, f, file, line, report) {
            Some(a) if a == f => Resolved::Keep,
            Some(a) => Resolved::To(format!("#{a}")),
            None => Resolved::To("#".into()),
        };
    }
    if crate::resolve::links::is_external(path) {
        return Resolved::Keep;
    }
    let path = path.split('?').next().unwrap_or(path);
    let decoded = crate::resolve::links::percent_decode(path);
    let content_root = &index.project.content_root;
    let target_src = if let Some(rest) = decoded.strip_prefix("@/") {
        join(content_root, rest)
    } else if let Some(rest) = decoded.strip_prefix('/') {
        match index.by_old_url.get(&url_key(rest)) {
            Some(&target) => return page_link(index, from, target, fragment, html, file, line, report),
            None if index.statics.contains(rest) || index.statics.contains(url_key(rest).trim_end_matches('/')) => {
                return Resolved::Keep;
            }
            // Files docent writes itself.
            None if matches!(rest, "sitemap.xml" | "robots.txt" | "404.html" | "search/") => return Resolved::Keep,
            // A site path to nothing the project has: `docent check` would reject it.
            None => return Resolved::Missing(NO_FILE),
        }
    } else {
        let from_src = page.src.as_deref().unwrap_or("");
        let mut p = join(dir_of(from_src), &decoded);
        if index.project.kind == Some(super::Kind::Mdbook) {
            if let Some(stem) = p.strip_suffix("index.html").map(str::to_string) {
                p = format!("{stem}README.md");
                if index.find_page(&p).is_none() {
                    p = format!("{stem}index.md");
                }
            } else if let Some(stem) = p.strip_suffix(".html").map(str::to_string) {
                p = format!("{stem}.md");
            }
        }
        p
    };
    if let Some(target) = index.find_page(&target_src) {
        return page_link(index, from, target, fragment, html, file, line, report);
    }
    if let Some(asset) = index.assets.get(target_src.as_str()) {
        if html {
            report.count("raw HTML links made site paths", 1);
            return Resolved::To(format!("/{}", encode(&asset_url(asset))));
        }
        let rel = encode(&relative(dir_of(&page.dest), asset));
        return if rel == path { Resolved::Keep } else { Resolved::To(rel) };
    }
    // A URL written relative to the page's old URL (`../other/` from `/guide/page/`).
    if !decoded.starts_with("@/")
        && let Some(old) = &page.old_url
    {
        let base = if old.ends_with('/') { old.trim_end_matches('/') } else { dir_of(old) };
        let url = join(base, &decoded);
        if let Some(&target) = index.by_old_url.get(&url_key(&url)) {
            return page_link(index, from, target, fragment, html, file, line, report);
        }
        // ...or a file published at that URL (MkDocs and Hugo copy content files as they are).
        if let Some(asset) = index.assets.get(join(content_root, &url).as_str()) {
            let new = if html {
                format!("/{}", encode(&asset_url(asset)))
            } else {
                encode(&relative(dir_of(&page.dest), asset))
            };
            report.count("links pointed at the pages' new files", 1);
            return Resolved::To(new);
        }
    }
    Resolved::Missing(NO_FILE)
}

#[allow(clippy::too_many_arguments)]
fn page_link(
    index: &Index,
    from: usize,
    target: usize,
    fragment: Option<&str>,
    html: bool,
    file: &str,
    line: u32,
    report: &mut Report,
) -> Resolved {
    let pages = &index.project.pages;
    // docent leaves drafts out of a build, so a published page cannot link to one.
    if pages[target].front.draft && !pages[from].front.draft {
        return Resolved::Missing("a draft page, which docent does not publish");
    }
    let mut rel = if html {
        let t = &pages[target];
        format!("/{}", super::docent_url(&t.dest, t.front.slug.as_deref()))
    } else {
        encode(&relative(dir_of(&pages[from].dest), &pages[target].dest))
    };
    if let Some(f) = fragment.filter(|f| !f.is_empty())
        && let Some(a) = map_anchor(index, target, f, file, line, report)
    {
        rel = format!("{rel}#{a}");
    }
    report.count("links pointed at the pages' new files", 1);
    Resolved::To(rel)
}

/// docent's id for `anchor` on page `target`, or `None` when the page has no such heading.
fn map_anchor(
    index: &Index,
    target: usize,
    anchor: &str,
    file: &str,
    line: u32,
    report: &mut Report,
) -> Option<String> {
    let a = &index.anchors[target];
    let anchor = crate::resolve::links::percent_decode(anchor);
    if a.docent.contains(&anchor) {
        return Some(anchor);
    }
    if let Some(id) = a.map.get(&anchor) {
        report.count("anchors changed to docent's heading ids", 1);
        return Some(id.clone());
    }
    if a.title.contains(&anchor) {
        return None;
    }
    let _ = index.slugs;
    let page = &index.project.pages[target];
    report.note(
        file,
        line,
        format!(
            "`#{anchor}` is not a heading of {} (an HTML id, or a heading that changed?); the link now goes to the page",
            page.src.as_deref().unwrap_or(&page.dest)
        ),
    );
    None
}

fn encode(path: &str) -> String {
    path.replace(' ', "%20").replace('(', "%28").replace(')', "%29")
}

#[cfg(test)]
mod tests {
    use super::super::{Draft, Front, Kind};
    use super::*;

    fn draft(src: &str, dest: &str, body: &str) -> Draft {
        Draft {
            src: Some(src.into()),
            dest: dest.into(),
            body: body.into(),
            front: Front { title: Some("T".into()), ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn links_follow_moved_pages_and_anchors_become_docent_ids() {
        let mut p = Project {
            kind: Some(Kind::Mdbook),
            content_root: "src".into(),
            pages: vec![
                draft("src/README.md", "_index.md", "See [x](cli/init.html#the-init_cmd) and [y](cli/README.md).\n"),
                draft(
                    "src/cli/README.md",
                    "cli/_index.md",
                    "[Up](../README.md) [missing](nope.md) [bad](init.md#nope)\n",
                ),
                draft(
                    "src/cli/init.md",
                    "cli/init.md",
                    "## The init_cmd\n\n![logo](img/a.png)\n<img src=\"img/a.png\">\n",
                ),
            ],
            copies: vec![("src/cli/img/a.png".into(), "content/cli/img/a.png".into())],
            ..Default::default()
        };
        let mut r = Report::default();
        rewrite_all(&mut p, Slugs::Github, &mut r);
        assert_eq!(p.pages[0].body, "See [x](cli/init.md#the-init-cmd) and [y](cli/_index.md).\n");
        assert_eq!(p.pages[1].body, "[Up](../_index.md) missing [bad](init.md)\n");
        assert_eq!(p.pages[2].body, "## The init_cmd\n\n![logo](img/a.png)\n<img src=\"/cli/img/a.png\">\n");
        let notes: Vec<String> = r.notes.iter().map(|n| format!("{}:{}: {}", n.file, n.line, n.message)).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("content/cli/_index.md:5: link to `nope.md`"), "{notes:?}");
        assert!(notes[1].contains("`#nope` is not a heading of src/cli/init.md"), "{notes:?}");
    }

    #[test]
    fn zola_links_and_site_paths_resolve() {
        let mut a =
            draft("content/a/index.md", "a.md", "[b](@/b/_index.md#part) [c](/b/c/) [img](x.png) [n](/nowhere/)\n");
        a.old_url = Some("a/".into());
        let mut b = draft("content/b/_index.md", "b/_index.md", "## Part\n[d](d.md)\n");
        b.old_url = Some("b/".into());
        let mut d = draft("content/b/d.md", "b/d.md", "Draft\n");
        d.front.draft = true;
        let mut c = draft("content/b/c.md", "b/c.md", "[up](../) [gone](@/nope.md) <img src=\"../../a/x.png\">\n");
        c.old_url = Some("b/c/".into());
        let mut p = Project {
            kind: Some(Kind::Zola),
            content_root: "content".into(),
            pages: vec![a, b, c, d],
            copies: vec![("content/a/x.png".into(), "content/a/x.png".into())],
            ..Default::default()
        };
        let mut r = Report::default();
        rewrite_all(&mut p, Slugs::Docent, &mut r);
        assert_eq!(p.pages[0].body, "[b](b/_index.md#part) [c](b/c.md) [img](a/x.png) n\n");
        assert_eq!(p.pages[2].body, "[up](_index.md) gone <img src=\"/a/x.png\">\n");
        assert_eq!(p.pages[1].body, "## Part\nd\n", "a published page cannot link to a draft");
        assert_eq!(r.notes.len(), 3, "{:?}", r.notes);
        assert!(r.notes.iter().all(|n| n.message.contains("written as plain text")), "{:?}", r.notes);
    }
}
