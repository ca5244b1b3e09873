//! `docent import`: turns an mdBook, Zola, Hugo or MkDocs project into a docent site, with a
//! counted report of what changed and what still needs a hand.
//!
//! Each source kind has its own module (`mdbook`, `zola`, `hugo`, `mkdocs`) that reads the
//! project's layout and syntax into a `Project`: pages with their new place under `content/`,
//! docent front matter and bodies with the tool's directives translated, plus the files to copy.
//! `assemble` then does what all kinds share: a home page, titles from leading `# headings`,
//! links rewritten to the pages' new files (anchors mapped from the tool's heading ids to
//! docent's), aliases for URLs that changed, and the files to write. All of this is pure: it
//! reads through `SourceFiles` and returns the files as values; `files.rs` is the only code that
//! touches the disk (the CLI's edge, like `serve`). The importer never writes into SOURCE.

pub mod files;
mod front;
mod hugo;
mod layout;
mod links;
mod markdown;
mod mdbook;
mod mkdocs;
mod pymdown;
mod report;
mod shortcodes;
mod zola;

pub use front::Front;
pub use report::{Note, Report};

use std::collections::{BTreeMap, HashSet};

/// The kind of project to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mdbook,
    Zola,
    Hugo,
    Mkdocs,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mdbook => "mdbook",
            Kind::Zola => "zola",
            Kind::Hugo => "hugo",
            Kind::Mkdocs => "mkdocs",
        }
    }
}

/// Read access to the project being imported. Paths are relative to SOURCE with `/`; `read`
/// also accepts paths that climb out of it (`../examples/a.rs`), as mdBook's includes may.
pub trait SourceFiles {
    /// Every file under SOURCE, sorted (hidden files and build output left out).
    fn list(&self) -> Vec<String>;
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    fn read_text(&self, path: &str) -> Option<String> {
        let bytes = self.read(path)?;
        let text = String::from_utf8(bytes).ok()?;
        Some(text.replace("\r\n", "\n"))
    }
}

/// A project held in memory, for tests.
#[derive(Debug, Default)]
pub struct MemFiles(pub BTreeMap<String, Vec<u8>>);

impl MemFiles {
    pub fn new(files: &[(&str, &str)]) -> Self {
        MemFiles(files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect())
    }
}

impl SourceFiles for MemFiles {
    fn list(&self) -> Vec<String> {
        self.0.keys().filter(|k| !k.starts_with("../")).cloned().collect()
    }
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.0.get(&normalize(path)?).cloned()
    }
}

/// A file of the new site: text written by the importer, or a source file copied as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum OutFile {
    Text(String),
    Copy(String),
}

/// The result of an import: the site's files by path (`docent.toml`, `content/a.md`) and the report.
#[derive(Debug)]
pub struct Imported {
    pub files: BTreeMap<String, OutFile>,
    pub report: Report,
}

/// Translates the project in `src` (pure: reads through `src`, writes nothing).
pub fn translate(kind: Kind, src: &dyn SourceFiles) -> Result<Imported, String> {
    let mut report = Report::default();
    let project = match kind {
        Kind::Mdbook => mdbook::read(src, &mut report)?,
        Kind::Zola => zola::read(src, &mut report)?,
        Kind::Hugo => hugo::read(src, &mut report)?,
        Kind::Mkdocs => mkdocs::read(src, &mut report)?,
    };
    Ok(assemble(project, src, report))
}

/// One page of the new site, before the shared steps.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Source path relative to SOURCE (`src/cli/init.md`); `None` for a page the importer made.
    pub src: Option<String>,
    /// Path under `content/` (`cli/init.md`, `cli/_index.md`).
    pub dest: String,
    /// The URL the tool gave the page, relative to the site root (`cli/init.html`, `guide/x/`).
    pub old_url: Option<String>,
    /// The title the tool's navigation shows (SUMMARY.md, mkdocs.yml nav), if any.
    pub nav_title: Option<String>,
    pub front: Front,
    pub body: String,
    /// Line of the source file where `body` starts.
    pub body_line: u32,
}

/// What a kind module read: pages, files to copy and site settings.
#[derive(Debug, Default)]
pub struct Project {
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub pages: Vec<Draft>,
    /// (source path, path in the new site such as `content/img/a.png` or `static/a.css`).
    pub copies: Vec<(String, String)>,
    /// The source folder that holds the content (`src`, `docs`, `content`), for `@/` links.
    pub content_root: String,
    /// How the tool made heading ids, to map `#anchors`.
    pub slugs: Option<markdown::Slugs>,
}

fn assemble(mut project: Project, src: &dyn SourceFiles, mut report: Report) -> Imported {
    let slugs = project.slugs.unwrap_or(markdown::Slugs::Github);
    if !project.pages.iter().any(|p| p.dest == "_index.md") {
        let title = project.title.clone().unwrap_or_else(|| "Home".into());
        project.pages.push(Draft {
            dest: "_index.md".into(),
            front: Front { title: Some(title), ..Default::default() },
            old_url: None,
            ..Default::default()
        });
        report.count("home page made (content/_index.md)", 1);
    }
    dedupe_dests(&mut project.pages, &mut report);
    for page in &mut project.pages {
        take_title(page, &mut report);
    }
    add_aliases(&mut project.pages, &mut report);
    links::rewrite_all(&mut project, slugs, &mut report);

    let mut files = BTreeMap::new();
    let mut config = String::new();
    config.push_str(&format!(
        "title = {}\n",
        toml::Value::String(project.title.clone().unwrap_or_else(|| "Help".into()))
    ));
    if let Some(d) = &project.description {
        config.push_str(&format!("description = {}\n", toml::Value::String(d.clone())));
    }
    files.insert("docent.toml".to_string(), OutFile::Text(config));
    files.insert(".gitignore".to_string(), OutFile::Text("/public/\n".into()));
    for page in &project.pages {
        let body = page.body.trim_start_matches('\n');
        let text = format!("{}\n{}", page.front.to_toml(), body);
        files.insert(format!("content/{}", page.dest), OutFile::Text(text));
    }
    report.pages = project.pages.len();
    for (from, to) in &project.copies {
        if !files.contains_key(to) && src.read(from).is_some() {
            files.insert(to.clone(), OutFile::Copy(from.clone()));
        }
    }
    report.files = files.len() - report.pages;
    Imported { files, report }
}

/// Two source files that would land on one path: the later gets `-2`, `-3`...
fn dedupe_dests(pages: &mut [Draft], report: &mut Report) {
    let mut taken: HashSet<String> = HashSet::new();
    for page in pages.iter_mut() {
        if taken.insert(page.dest.clone()) {
            continue;
        }
        let (stem, ext) = page.dest.rsplit_once('.').unwrap_or((&page.dest, "md"));
        let (stem, ext) = (stem.to_string(), ext.to_string());
        let mut n = 2;
        while !taken.insert(format!("{stem}-{n}.{ext}")) {
            n += 1;
        }
        let to = format!("{stem}-{n}.{ext}");
        report.note(
            page.src.as_deref().unwrap_or(&page.dest),
            0,
            format!("content/{} was taken; written as content/{to}", page.dest),
        );
        page.dest = to;
    }
}

/// docent shows the title as the page's heading, so a leading `# Title` would show twice: it
/// becomes the title (the navigation's title wins when the tool had one).
fn take_title(page: &mut Draft, report: &mut Report) {
    if let Some((h1, rest)) = markdown::take_leading_h1(&page.body) {
        if page.front.title.is_none() {
            page.front.title = Some(page.nav_title.clone().unwrap_or(h1));
        }
        page.body = rest;
        report.count("leading `# heading` moved to the title", 1);
    } else if page.front.title.is_none() {
        page.front.title = page.nav_title.clone();
    }
}

/// The URL docent gives a file under `content/`, relative to the site root.
pub fn docent_url(dest: &str, slug: Option<&str>) -> String {
    let is_section = dest == "_index.md" || dest.ends_with("/_index.md");
    let page = crate::content::Page {
        rel: dest.to_string(),
        is_section,
        front: crate::content::FrontMatter { slug: slug.map(str::to_string), ..Default::default() },
        ..Default::default()
    };
    crate::resolve::page_url(&page)
}

/// Old URLs keep working: each page whose URL changed gets an alias for the old one, unless
/// another page or alias has it.
fn add_aliases(pages: &mut [Draft], report: &mut Report) {
    let new_urls: Vec<String> = pages.iter().map(|p| docent_url(&p.dest, p.front.slug.as_deref())).collect();
    let mut taken: HashSet<String> = new_urls.iter().cloned().collect();
    // The source's own aliases: one that is a page's URL (its own, after the move) or another
    // page's alias would be a docent error.
    for (page, url) in pages.iter_mut().zip(&new_urls) {
        let place = page.src.clone().unwrap_or_else(|| page.dest.clone());
        let mut kept = Vec::new();
        for a in std::mem::take(&mut page.front.aliases) {
            let norm = crate::resolve::normalize_alias(&a);
            if norm == *url {
                report.count("aliases dropped that are now the page's own URL", 1);
            } else if norm.is_empty() || norm.split('/').any(|p| p == "..") || !taken.insert(norm) {
                report.note(&place, 0, format!("alias `{a}` is another page's URL or alias, or not a path; dropped"));
            } else {
                kept.push(a);
            }
        }
        page.front.aliases = kept;
    }
    for (page, url) in pages.iter_mut().zip(&new_urls) {
        let Some(old) = page.old_url.clone() else { continue };
        let old = crate::resolve::normalize_alias(&old);
        let same = old == *url || old == format!("{url}index.html") || old.is_empty();
        if same || taken.contains(&old) {
            continue;
        }
        taken.insert(old.clone());
        page.front.aliases.push(format!("/{old}"));
        report.count("aliases added for URLs that changed", 1);
    }
}

/// Resolves `.` and `..` in a `/` path; `None` when it would climb above its start, except for
/// leading `..` kept as they are (paths outside SOURCE).
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `a/b/c.md` -> `a/b`.
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Joins a relative path onto a folder.
pub fn join(dir: &str, rel: &str) -> String {
    normalize(&if dir.is_empty() { rel.to_string() } else { format!("{dir}/{rel}") }).unwrap_or_default()
}

/// The relative path from the folder `from_dir` to `to` (both under one root).
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_relate() {
        assert_eq!(join("a/b", "../c.md"), "a/c.md");
        assert_eq!(join("", "../x.rs"), "../x.rs");
        assert_eq!(normalize("src/../../e/x.rs").unwrap(), "../e/x.rs");
        assert_eq!(relative("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative("", "a.md"), "a.md");
        assert_eq!(relative("a", "a/b.md"), "b.md");
    }

    #[test]
    fn truncated_pages_never_panic_any_importer() {
        let body = "+++\ntitle = \"é\"\n+++\n# T\n{{#include a.rs:x}} {{#include a.rs:3:1}} \\{{#x}} {{< ref \"a\" >}}{{< hint >}}\n{% note() %}é{% end %}{{ f(a=\"}}\") }}\n!!! note \"t\"\n    x\n??? a\n[a](b.md#c) [r]: <x y> <img src=\"x\"> <!-- <a href='q'> ```rust\n# h\n";
        let cut: Vec<usize> = (0..=body.len()).filter(|&i| body.is_char_boundary(i)).collect();
        for &n in &cut {
            let page = &body[..n];
            for (kind, config, path) in [
                (Kind::Mdbook, ("book.toml", ""), "src/a.md"),
                (Kind::Zola, ("config.toml", ""), "content/a.md"),
                (Kind::Hugo, ("hugo.toml", ""), "content/a/index.md"),
                (Kind::Mkdocs, ("mkdocs.yml", "site_name: x\n"), "docs/a.md"),
            ] {
                let files = MemFiles::new(&[
                    config,
                    ("src/SUMMARY.md", "[A](a.md)\n- [B](b.md)\n"),
                    (path, page),
                    ("src/b.md", page),
                    ("src/a.rs", "// ANCHOR: x\nfn a() {}\n"),
                ]);
                let Ok(imported) = translate(kind, &files) else { continue };
                for (out, file) in &imported.files {
                    if let (Some(rel), OutFile::Text(text)) = (out.strip_prefix("content/"), file) {
                        let parsed = crate::content::load::page_from_text(out, rel, text);
                        assert!(parsed.is_ok(), "{kind:?} wrote invalid {out}: {parsed:?}\n{text}");
                    }
                }
            }
        }
    }

    #[test]
    fn aliases_that_would_collide_are_dropped() {
        let page = |dest: &str, aliases: &[&str], old: Option<&str>| Draft {
            src: Some(format!("content/{dest}")),
            dest: dest.into(),
            old_url: old.map(str::to_string),
            front: Front { aliases: aliases.iter().map(|a| a.to_string()).collect(), ..Default::default() },
            ..Default::default()
        };
        let mut pages = vec![
            page("a.md", &["/a/", "/b/", "/old/"], None),
            page("b.md", &["/old/", "/x/"], Some("x/")),
            page("c.md", &[], Some("c.html")),
        ];
        let mut r = Report::default();
        add_aliases(&mut pages, &mut r);
        assert_eq!(pages[0].front.aliases, vec!["/old/"]);
        assert_eq!(pages[1].front.aliases, vec!["/x/"]);
        assert_eq!(pages[2].front.aliases, vec!["/c.html"]);
        assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
    }

    #[test]
    fn docent_urls_match_resolve() {
        assert_eq!(docent_url("cli/_index.md", None), "cli/");
        assert_eq!(docent_url("for_developers/x y.md", None), "for-developers/x-y/");
        assert_eq!(docent_url("_index.md", None), "");
    }
}
