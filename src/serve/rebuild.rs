//! The preview's build state: the site model kept in memory, updated from changed files.
//!
//! `Session::start` loads and builds the site once. `Session::apply` takes the paths the watcher
//! reported: a changed page, snippet or asset is read again on its own and put into the model; a change to
//! `docent.toml`, templates, themes, videos, folders or many files at once reloads the whole
//! site. Then the pipeline runs from the model (`build_pages`) and the new tree is compared with
//! the last good one to say what changed; the browsers can reload at once. The search index, the
//! slowest part, follows in `finish_search` (until then the tree holds the previous index). A
//! build with errors (or a panic) keeps the last good tree and reports the problems. It serves
//! nothing, watches nothing and prints nothing: problems and warnings are left for `serve` to
//! show. Pages, print pages and the memo's Markdown HTML are kept on disk, in anonymous
//! temporary files (`output::StagingFiles`), not in memory: the tree and the memo hold handles.

use crate::content::{self, Site, load};
use crate::derive::search;
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedMarkdown;
use crate::output::{OutputFile, OutputTree, SharedBytes, StagingFiles};
use crate::render::RenderMemo;
use crate::render::theme::unhashed_name;
use crate::resolve::SiteMap;
use crate::{BuildOptions, build_pages};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Above this many changed files, reloading the whole site is simpler and as fast.
const MAX_INCREMENTAL: usize = 200;

pub struct Session {
    opts: BuildOptions,
    /// The site folder, canonical.
    root: PathBuf,
    site: Site,
    /// Problems found while reading files (each names its file), kept per file across updates.
    load_diags: Vec<Diagnostic>,
    /// True when the model may be stale (after a failed read or a panic): the next change reloads all.
    stale: bool,
    /// The last build without errors: what the server serves.
    pub tree: Arc<OutputTree>,
    /// What the next build may reuse from the last good one.
    memo: RenderMemo,
    /// Where pages, print pages and the memo's Markdown HTML are kept instead of memory.
    staging: Arc<StagingFiles>,
    /// Errors of the current build (empty when it is good).
    pub problems: Vec<Diagnostic>,
    /// Warnings of the last build (a build with errors included), for `serve` to print.
    pub warnings: Vec<Diagnostic>,
    /// What the search index of the served build is derived from, until `finish_search` does it.
    pending_search: Option<(SiteMap, Vec<RenderedMarkdown>, Vec<crate::LanguageBuild>)>,
    /// Tokenized pages for the next search index (the default language's, then by code).
    search_memo: search::index::IndexMemo,
    language_search_memos: std::collections::BTreeMap<String, search::index::IndexMemo>,
}

/// What a change did to the served site.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The output is the same (or the site still has the same problems).
    Unchanged,
    /// Only stylesheets changed: each (old URL path, new URL path) can be swapped in place.
    Css(Vec<(String, String)>),
    /// These output files changed (added, removed or modified): open pages reload.
    Changed(Vec<String>),
    /// Only pages changed, and not in their heads: open pages swap their content in place.
    Pages(PageChanges),
    /// The build has errors; the last good tree is still served.
    Failed,
}

enum Update {
    Page(String),
    Asset(String),
    /// A Markdown file under `snippets/`.
    Snippet(String),
    /// A file no build reads (not Markdown, under `snippets/`).
    Nothing,
    Everything,
}

impl Session {
    /// Loads and builds the site. Content problems are in `problems` (and the tree is then empty).
    pub fn start(opts: BuildOptions) -> anyhow::Result<Session> {
        let root = opts.root.canonicalize()?;
        let staging = StagingFiles::new().map_err(|e| {
            anyhow::anyhow!(
                "cannot create temporary files in {}: {e}\n  = help: set TMPDIR to a folder where docent can write",
                std::env::temp_dir().display()
            )
        })?;
        let mut session = Session {
            staging: Arc::new(staging),
            opts,
            root,
            site: Site::default(),
            load_diags: Vec::new(),
            stale: true,
            tree: Arc::new(OutputTree::default()),
            memo: RenderMemo::default(),
            problems: Vec::new(),
            warnings: Vec::new(),
            pending_search: None,
            search_memo: Default::default(),
            language_search_memos: Default::default(),
        };
        session.reload_all()?;
        session.rebuild(&BTreeSet::new());
        session.finish_search();
        Ok(session)
    }

    /// True when the served tree still holds the previous build's search index.
    pub fn search_pending(&self) -> bool {
        self.pending_search.is_some()
    }

    /// Derives the search index of the served build and puts it in the tree (replacing the
    /// previous one). `Unchanged` when there was nothing to do or the index is the same.
    pub fn finish_search(&mut self) -> Outcome {
        let Some((map, markdown, languages)) = self.pending_search.take() else { return Outcome::Unchanged };
        let memo = &mut self.search_memo;
        let memos = &mut self.language_search_memos;
        let files = catch_unwind(AssertUnwindSafe(|| {
            let mut files = search::search_files_with(&self.site, &map, &markdown, memo);
            for lang in &languages {
                let memo = memos.entry(lang.code.clone()).or_default();
                let own = search::search_files_with(&lang.site, &lang.map, &lang.markdown, memo);
                files.extend(own.into_iter().map(|(path, bytes)| (format!("{}/{path}", lang.code), bytes)));
            }
            files
        }));
        self.memo.keep_markdown(&self.site, markdown, Some(&self.staging));
        for lang in languages {
            if let Some(memo) = self.memo.languages.get_mut(&lang.code) {
                memo.keep_markdown(&lang.site, lang.markdown, Some(&self.staging));
            }
        }
        let Ok(files) = files else {
            self.language_search_memos = Default::default();
            self.search_memo = Default::default();
            self.stale = true;
            return self.fail(vec![internal_problem()]);
        };
        let _t = crate::timing::stage("serve: search into tree");
        let mut tree = OutputTree::clone(&self.tree);
        tree.files.retain(|path, _| !search::is_index_file(path));
        for (path, bytes) in files {
            tree.insert_shared(path, bytes);
        }
        let changed = diff(&self.tree, &tree, &BTreeSet::new());
        self.tree = Arc::new(tree);
        self.memo.set_tree(self.tree.clone());
        drop_aside(map);
        if changed.is_empty() { Outcome::Unchanged } else { Outcome::Changed(changed) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Applies changed paths (absolute or relative to the site folder) and rebuilds.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Outcome {
        self.finish_search();
        self.warnings.clear();
        let touched: BTreeSet<PathBuf> = changed.iter().map(|p| self.root.join(p)).collect();
        let t = crate::timing::stage("serve: read changes");
        let updated = catch_unwind(AssertUnwindSafe(|| self.update_model(&touched)));
        drop(t);
        match updated {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                self.stale = true;
                return self.fail(vec![io_problem(&e)]);
            }
            Err(_) => {
                self.stale = true;
                return self.fail(vec![internal_problem()]);
            }
        }
        self.rebuild(&touched)
    }

    fn update_model(&mut self, touched: &BTreeSet<PathBuf>) -> anyhow::Result<()> {
        let updates: Vec<Update> = touched.iter().map(|p| self.classify(p)).collect();
        if self.stale || updates.len() > MAX_INCREMENTAL || updates.iter().any(|u| matches!(u, Update::Everything)) {
            return self.reload_all();
        }
        for u in updates {
            match u {
                Update::Page(source) => self.reread_page(&source)?,
                Update::Asset(source) => self.reread_asset(&source),
                Update::Snippet(source) => self.reread_snippet(&source)?,
                Update::Nothing => {}
                Update::Everything => unreachable!("handled above"),
            }
        }
        Ok(())
    }

    fn reload_all(&mut self) -> anyhow::Result<()> {
        let (site, diags) = content::load_site(&self.root)?;
        self.site = site;
        self.load_diags = diags;
        self.stale = false;
        Ok(())
    }

    /// What a changed path means for the model.
    fn classify(&self, path: &Path) -> Update {
        let Ok(rel) = path.strip_prefix(&self.root) else { return Update::Everything };
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let source = parts.join("/");
        if parts.iter().any(|p| load::is_ignored(p)) {
            // The loader skips these; if one was seen here it was filtered too late, so be safe.
            return Update::Everything;
        }
        let is_symlink = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let is_dir = path.is_dir();
        let known_page = self.site.pages.iter().chain(&self.site.translations).any(|p| p.source == source);
        let known_asset = self.site.assets.iter().any(|a| a.source == source);
        let exists = path.exists();
        if is_symlink || is_dir || (!exists && !known_page && !known_asset && !source.ends_with(".md")) {
            return Update::Everything;
        }
        match parts.first().map(String::as_str) {
            Some("content") if source.ends_with(".md") => Update::Page(source),
            // The pages that include it are rendered again: the memo asks every include anew.
            Some("snippets") if source.ends_with(".md") => Update::Snippet(source),
            Some("snippets") => Update::Nothing,
            Some("content") | Some("static") if parts.len() > 1 => Update::Asset(source),
            _ => Update::Everything,
        }
    }

    fn reread_page(&mut self, source: &str) -> anyhow::Result<()> {
        self.load_diags.retain(|d| d.span.as_ref().is_none_or(|s| s.file != source));
        self.site.translations.retain(|p| p.source != source);
        let at = self.site.pages.binary_search_by(|p| p.source.as_str().cmp(source));
        if let Ok(i) = at {
            self.site.pages.remove(i);
        }
        if !self.root.join(source).is_file() {
            return Ok(());
        }
        if let Some(page) = load::load_page(&self.root, source, &mut self.load_diags)? {
            let i = self.site.pages.binary_search_by(|p| p.source.as_str().cmp(source)).unwrap_or_else(|i| i);
            self.site.pages.insert(i, page);
        }
        Ok(())
    }

    fn reread_snippet(&mut self, source: &str) -> anyhow::Result<()> {
        self.load_diags.retain(|d| d.span.as_ref().is_none_or(|s| s.file != source));
        self.site.snippets.remove(source);
        let bytes = match std::fs::read(self.root.join(source)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {source}"))),
        };
        match load::decode(source, &bytes) {
            Ok(text) => {
                self.site.snippets.insert(source.to_string(), text);
            }
            Err(d) => self.load_diags.push(d),
        }
        Ok(())
    }

    fn reread_asset(&mut self, source: &str) {
        self.site.assets.retain(|a| a.source != source);
        if !self.root.join(source).is_file() {
            return;
        }
        if let Some(asset) = load::load_asset(&self.root, source) {
            let i = self.site.assets.binary_search_by(|a| a.output.cmp(&asset.output)).unwrap_or_else(|i| i);
            self.site.assets.insert(i, asset);
        }
    }

    /// Runs the pipeline from the model and compares the result with the served tree.
    fn rebuild(&mut self, touched: &BTreeSet<PathBuf>) -> Outcome {
        let site = std::mem::take(&mut self.site);
        let diags = self.load_diags.clone();
        let opts = self.opts.clone();
        // The build moves reused results out of the memo; what it gives back replaces it.
        let mut memo = std::mem::take(&mut self.memo);
        // Pages go to the staging files as they are rendered (kept in memory if writing fails).
        let staging = &self.staging;
        let put = |_: &str, html: SharedBytes| match staging.put(&html) {
            Ok(staged) => OutputFile::Staged(staged),
            Err(_) => OutputFile::Bytes(html),
        };
        let sink = crate::render::PageSink { put: &put, keeps_memo: true, spill: None };
        let t = crate::timing::stage("serve: build");
        let built = catch_unwind(AssertUnwindSafe(|| build_pages(site, diags, &opts, &mut memo, Some(sink))));
        drop(t);
        let (mut build, mut next_memo) = match built {
            Ok(b) => b,
            Err(_) => {
                self.stale = true;
                return self.fail(vec![internal_problem()]);
            }
        };
        self.warnings = build.diagnostics.iter().filter(|d| !d.is_error()).cloned().collect();
        let has_errors = build.has_errors();
        self.site = build.site;
        if has_errors {
            // Keep this build's Markdown results for the next rebuild to reuse.
            next_memo.keep_markdown(&self.site, std::mem::take(&mut build.markdown), Some(&self.staging));
            self.memo = next_memo.with_pages_of(memo);
            let errors = build.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
            return self.fail(errors);
        }
        let had_problems = !self.problems.is_empty();
        self.problems.clear();
        // The previous search index stays until `finish_search` replaces it.
        for (path, file) in self.tree.files.iter().filter(|(path, _)| search::is_index_file(path)) {
            build.tree.files.insert(path.clone(), file.clone());
        }
        let t = crate::timing::stage("serve: diff");
        let changed = diff(&self.tree, &build.tree, touched);
        drop(t);
        let outcome = if changed.is_empty() {
            Outcome::Unchanged
        } else if let Some(swaps) = css_swaps(&self.tree, &build.tree, &changed) {
            Outcome::Css(swaps)
        } else if let Some(pages) = page_changes(&self.tree, &build.tree, &changed, &self.site.config.base_path()) {
            Outcome::Pages(pages)
        } else {
            Outcome::Changed(changed)
        };
        self.tree = Arc::new(build.tree);
        self.memo = next_memo;
        self.memo.set_tree(self.tree.clone());
        drop_aside(memo);
        if build.searchable {
            self.pending_search = Some((build.map, build.markdown, build.languages));
        }
        if had_problems && outcome == Outcome::Unchanged {
            // The fix restored the last good output: the browsers only need the overlay removed.
            return Outcome::Changed(Vec::new());
        }
        outcome
    }

    fn fail(&mut self, problems: Vec<Diagnostic>) -> Outcome {
        if problems == self.problems {
            return Outcome::Unchanged;
        }
        self.problems = problems;
        Outcome::Failed
    }
}

/// Drops a large value on a thread of its own: freeing what a rebuild left over (the last
/// render's memo, the last `SiteMap`: tens of thousands of strings at 10,000 pages) is then not
/// in the way of the reload or the index. Where no thread can be started, it is dropped here.
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("docent-drop".into()).spawn(move || drop(value));
}

fn io_problem(e: &anyhow::Error) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostics::Severity::Error,
        span: None,
        message: format!("{e:#}"),
        help: Some("check that the file exists and can be read; docent reloads the site on the next change".into()),
    }
}

fn internal_problem() -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostics::Severity::Error,
        span: None,
        message: "internal error while rebuilding the site".into(),
        help: Some("this is a bug in docent; please report it with the change that caused it".into()),
    }
}

/// Output paths that differ between two trees. A copied file counts as changed when its source
/// is among the touched paths (its bytes are on disk, not in the tree). Walks both sorted trees
/// side by side; files shared between the builds compare by pointer.
pub fn diff(old: &OutputTree, new: &OutputTree, touched: &BTreeSet<PathBuf>) -> Vec<String> {
    use std::cmp::Ordering;
    let mut changed = Vec::new();
    let mut a = old.files.iter().peekable();
    let mut b = new.files.iter().peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((pa, _)), Some((pb, _))) => pa.cmp(pb),
        };
        match order {
            Ordering::Less => changed.push(a.next().expect("peeked").0.clone()),
            Ordering::Greater => changed.push(b.next().expect("peeked").0.clone()),
            Ordering::Equal => {
                let ((path, fa), (_, fb)) = (a.next().expect("peeked"), b.next().expect("peeked"));
                let same = match (fa, fb) {
                    (OutputFile::Copy(x), OutputFile::Copy(y)) => x == y && !touched.contains(y),
                    (x, y) => x == y,
                };
                if !same {
                    changed.push(path.clone());
                }
            }
        }
    }
    changed
}

/// Which open pages can take a content change in place: the URL paths (with the base path) of
/// the changed pages whose head is the same apart from the title and description (`swap`), and of
/// the other changed or removed pages (`reload`). `files` counts every changed output file.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct PageChanges {
    pub files: usize,
    pub swap: Vec<String>,
    pub reload: Vec<String>,
}

/// `None` when a change may affect every page (a stylesheet, script, image or other asset, which
/// pages may refer to under an unchanged name). Files no page loads (the sitemap, `robots.txt`,
/// `llms.txt`, the search index) do not count.
fn page_changes(old: &OutputTree, new: &OutputTree, changed: &[String], base: &str) -> Option<PageChanges> {
    let mut pages = PageChanges { files: changed.len(), swap: Vec::new(), reload: Vec::new() };
    for path in changed {
        if !path.ends_with(".html") {
            if loaded_by_pages(path) {
                return None;
            }
            continue;
        }
        let url = page_url(base, path);
        match (old.files.get(path), new.files.get(path)) {
            (Some(a), Some(b)) if same_head(a, b) => pages.swap.push(url),
            (_, None) | (Some(_), Some(_)) => pages.reload.push(url),
            // A new page: no browser has it open.
            (None, Some(_)) => {}
        }
    }
    Some(pages)
}

/// False for the files a page never loads: the search index (its own event), data for tools and
/// hosts (`help-map.json`, `sitemap.xml`, `robots.txt`, `llms.txt`, `_redirects`, `_headers`,
/// Markdown copies) and docent's own `.docent/` records. Anything else (stylesheets, scripts,
/// images, fonts, media) may be on any page under an unchanged name.
fn loaded_by_pages(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let data = [".json", ".xml", ".txt", ".md"].iter().any(|e| name.ends_with(e));
    !(data || !name.contains('.') || path.starts_with(".docent/") || search::is_index_file(path))
}

/// The URL path a page is served at: `a/index.html` is `/a/`.
fn page_url(base: &str, path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{base}{dir}"),
        _ => format!("{base}{path}"),
    }
}

/// True when two pages have the same head apart from the title and description (`head_key`).
fn same_head(a: &OutputFile, b: &OutputFile) -> bool {
    match (html_bytes(a), html_bytes(b)) {
        (Some(a), Some(b)) => head_key(&a).is_some_and(|h| Some(h) == head_key(&b)),
        _ => false,
    }
}

/// A page's bytes, read back from the staging files when they are there.
fn html_bytes(file: &OutputFile) -> Option<std::borrow::Cow<'_, [u8]>> {
    match file {
        OutputFile::Bytes(b) => Some(std::borrow::Cow::Borrowed(b.as_slice())),
        OutputFile::Staged(s) => s.read().ok().map(std::borrow::Cow::Owned),
        OutputFile::Copy(_) | OutputFile::Written => None,
    }
}

/// A page's head without its `<title>` and description, which a swap updates in place; `None`
/// when the page has no head to compare.
fn head_key(html: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(html).ok()?;
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<head")?;
    let end = start + lower[start..].find("</head>")?;
    let mut head = &text[start..end];
    let mut lower_head = &lower[start..end];
    let mut key = String::with_capacity(head.len());
    loop {
        let title = lower_head.find("<title");
        let meta = lower_head.find("<meta name=\"description\"");
        let (at, close) = match (title, meta) {
            (Some(t), Some(m)) if m < t => (m, ">"),
            (Some(t), _) => (t, "</title>"),
            (None, Some(m)) => (m, ">"),
            (None, None) => break,
        };
        let Some(len) = lower_head[at..].find(close) else { break };
        key.push_str(&head[..at]);
        let after = at + len + close.len();
        head = &head[after..];
        lower_head = &lower_head[after..];
    }
    key.push_str(head);
    Some(key)
}

/// When only stylesheets changed (and pages only in the stylesheets' hashed names), the URL
/// paths to swap in open pages.
fn css_swaps(old: &OutputTree, new: &OutputTree, changed: &[String]) -> Option<Vec<(String, String)>> {
    let mut removed = Vec::new();
    let mut added = Vec::new();
    let mut swaps = Vec::new();
    let mut pages = Vec::new();
    for path in changed {
        let is_css = path.ends_with(".css");
        match (old.files.contains_key(path), new.files.contains_key(path)) {
            (true, false) if is_css => removed.push(path.as_str()),
            (false, true) if is_css => added.push(path.as_str()),
            (true, true) if is_css => swaps.push((path.clone(), path.clone())),
            (true, true) if path.ends_with(".html") => pages.push(path.as_str()),
            _ => return None,
        }
    }
    for r in &removed {
        let plain = |p: &str| unhashed_name(p).unwrap_or_else(|| p.to_string());
        let partner = added.iter().position(|a| plain(a) == plain(r))?;
        swaps.push((r.to_string(), added.remove(partner).to_string()));
    }
    if swaps.is_empty() || !added.is_empty() {
        return None;
    }
    for page in pages {
        let (Some(a), Some(b)) = (old.files.get(page).and_then(html_bytes), new.files.get(page).and_then(html_bytes))
        else {
            return None;
        };
        let mut text = String::from_utf8_lossy(&a).into_owned();
        for (from, to) in &swaps {
            text = text.replace(from.as_str(), to);
        }
        if text.as_bytes() != &*b {
            return None;
        }
    }
    Some(swaps.into_iter().map(|(a, b)| (format!("/{a}"), format!("/{b}"))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        let mut t = OutputTree::default();
        for (p, b) in files {
            t.insert_bytes(*p, b.as_bytes().to_vec());
        }
        t
    }

    #[test]
    fn diff_names_added_removed_and_changed_files() {
        let old = tree(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let new = tree(&[("b.html", "2"), ("c.html", "x"), ("d.html", "4")]);
        assert_eq!(diff(&old, &new, &BTreeSet::new()), ["a.html", "c.html", "d.html"]);
        let mut copied = OutputTree::default();
        copied.files.insert("x.png".into(), OutputFile::Copy("/site/static/x.png".into()));
        assert!(diff(&copied, &copied, &BTreeSet::new()).is_empty());
        let touched = BTreeSet::from([PathBuf::from("/site/static/x.png")]);
        assert_eq!(diff(&copied, &copied, &touched), ["x.png"]);
    }

    #[test]
    fn stylesheet_rename_is_a_css_swap() {
        let old = tree(&[("style.0123456789.css", "a"), ("index.html", "<link href=\"/style.0123456789.css\">")]);
        let new = tree(&[("style.abcdefabcd.css", "b"), ("index.html", "<link href=\"/style.abcdefabcd.css\">")]);
        let changed = diff(&old, &new, &BTreeSet::new());
        assert_eq!(
            css_swaps(&old, &new, &changed),
            Some(vec![("/style.0123456789.css".into(), "/style.abcdefabcd.css".into())])
        );
    }

    #[test]
    fn page_changes_swap_pages_whose_head_is_the_same() {
        let page = |title: &str, css: &str, body: &str| {
            format!(
                "<html><head><title>{title}</title><meta name=\"description\" content=\"{title}\">\
                 <link href=\"/{css}\"></head><body>{body}</body></html>"
            )
        };
        let old = tree(&[
            ("a/index.html", &page("A", "s.css", "1")),
            ("b/index.html", &page("B", "s.css", "2")),
            ("c/index.html", &page("C", "s.css", "3")),
            ("index.html", &page("H", "s.css", "4")),
            ("sitemap.xml", "x"),
        ]);
        let new = tree(&[
            ("a/index.html", &page("A2", "s.css", "1b")),
            ("b/index.html", &page("B", "t.css", "2")),
            ("index.html", &page("H", "s.css", "4b")),
            ("d/index.html", &page("D", "s.css", "5")),
            ("sitemap.xml", "y"),
        ]);
        let changed = diff(&old, &new, &BTreeSet::new());
        let pages = page_changes(&old, &new, &changed, "/help/").unwrap();
        assert_eq!(pages.swap, ["/help/a/", "/help/"]);
        assert_eq!(pages.reload, ["/help/b/", "/help/c/"]);
        assert_eq!(pages.files, 6);
        let with_asset = tree(&[("a/index.html", &page("A", "s.css", "1")), ("logo.png", "p")]);
        let changed = diff(&old, &with_asset, &BTreeSet::new());
        assert_eq!(page_changes(&old, &with_asset, &changed, "/"), None, "an asset may be on any page");
        assert_eq!(page_url("/", "guide.html"), "/guide.html");
        assert!(
            !loaded_by_pages("help-map.json") && !loaded_by_pages("_redirects") && !loaded_by_pages(".docent/files")
        );
        assert!(loaded_by_pages("fonts/a.woff2") && loaded_by_pages("docent.0123456789.js"));
    }

    #[test]
    fn page_text_change_is_not_a_css_swap() {
        let old = tree(&[("style.0123456789.css", "a"), ("index.html", "x /style.0123456789.css")]);
        let new = tree(&[("style.abcdefabcd.css", "b"), ("index.html", "y /style.abcdefabcd.css")]);
        let changed = diff(&old, &new, &BTreeSet::new());
        assert_eq!(css_swaps(&old, &new, &changed), None);
    }
}
