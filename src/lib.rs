//! docent turns a folder of Markdown into a searchable static help site.
//!
//! The build is a one-way pipeline, and the modules below are listed in its order:
//! `content` (load files into a `Site` model) -> `resolve` (URLs, tree, links) -> `render`
//! (Markdown and templates to HTML) -> `derive` (files computed from the whole site) ->
//! `output` (an in-memory tree, written atomically). `diagnostics` carries problems across all
//! stages. Only `content` and `output` touch the file system.

pub mod config;
pub mod diagnostics;
pub mod digest;
pub mod explain;
pub mod slug;
pub mod strings;

pub mod content;
pub mod derive;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod starter;
pub mod timing;
pub mod videos;

pub mod check;
pub mod import;

/// Fuzz targets over the parsers of untrusted bytes (for tests/fuzz.rs and fuzz/).
#[doc(hidden)]
pub mod fuzz;

use content::Site;
use diagnostics::Diagnostic;
use output::OutputTree;
use std::path::PathBuf;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `docent.toml` and `content/`).
    pub root: PathBuf,
    /// Overrides `base_url` from `docent.toml` (for previews).
    pub base_url: Option<String>,
    /// Includes pages marked `draft = true`.
    pub drafts: bool,
    /// Builds the site for one audience (`docent build --role`): see `content::audience::select`.
    pub role: Option<String>,
}

/// A finished build, in memory: the output tree and every problem found on the way.
pub struct Build {
    pub site: Site,
    pub map: resolve::SiteMap,
    pub tree: OutputTree,
    /// What rendering learned about each page (same index as `site.pages`); empty if the theme failed.
    pub markdown: Vec<markdown::RenderedMarkdown>,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of pages rendered.
    pub pages: usize,
    /// Which page explains each screen of the application (for `docent check --screens`).
    pub screens: derive::help::ScreenMap,
    /// True when the pages were rendered, so that the search index can be derived from them.
    pub searchable: bool,
}

impl Build {
    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }
}

/// Reads the site and builds it in memory, search index included. `Err` only for I/O failures
/// reading the site; content problems are in `Build::diagnostics`.
pub fn build(opts: &BuildOptions) -> anyhow::Result<Build> {
    let (site, diags) = content::load_site(&opts.root)?;
    Ok(build_site(site, diags, opts))
}

/// The pure part of `build`: from a loaded `Site` to the whole output tree.
pub fn build_site(site: Site, diags: Vec<Diagnostic>, opts: &BuildOptions) -> Build {
    let (mut build, _) = build_pages(site, diags, opts, &mut render::RenderMemo::default());
    let index = search_index(&build);
    build.tree.files.extend(index.files);
    build
}

/// Everything but the search index, which is the slowest part to derive: `docent build` writes
/// the pages while the index is derived, and `docent serve` tells the browsers to reload before
/// it. Takes from `memo` what a previous render can lend (`serve`; the output is the same with
/// an empty one) and gives back what the next render may reuse.
pub fn build_pages(
    mut site: Site,
    mut diags: Vec<Diagnostic>,
    opts: &BuildOptions,
    memo: &mut render::RenderMemo,
) -> (Build, render::RenderMemo) {
    if let Some(url) = &opts.base_url {
        site.config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    if !opts.drafts {
        site.pages.retain(|p| !p.front.draft);
    }
    if let Some(role) = &opts.role {
        diags.extend(content::audience::select(&mut site, role));
    }
    diags.extend(content::add_generated_home(&mut site));
    let t = timing::stage("resolve");
    let (map, resolve_diags) = resolve::resolve(&site);
    diags.extend(resolve_diags);
    diags.extend(content::unknown_key_diagnostics(&site));
    drop(t);
    let mut tree = OutputTree::default();
    let mut pages = 0;
    let mut screens = derive::help::ScreenMap::default();
    let mut next_memo = render::RenderMemo::default();
    let mut markdown = Vec::new();
    let t = timing::stage("render");
    let rendered = render::render_site(&site, &map, &mut diags, memo);
    drop(t);
    let searchable = rendered.is_some();
    if let Some(rendered) = rendered {
        let t = timing::stage("help");
        pages = rendered.markdown.len();
        let (screen_map, help_files) = derive::help::derive_help(&site, &map, &rendered, &mut diags);
        screens = screen_map;
        for (path, bytes) in help_files {
            tree.insert_bytes(path, bytes);
        }
        drop(t);
        for (path, bytes) in rendered.theme.files {
            tree.insert_bytes(path, bytes);
        }
        for (path, bytes) in rendered.pages {
            tree.insert_shared(path, bytes);
        }
        next_memo = rendered.memo;
        markdown = rendered.markdown;
    }
    let t = timing::stage("derive");
    diags.extend(derive::search::check_config(&site));
    for (path, bytes) in derive::derive_files(&site, &map) {
        tree.insert_bytes(path, bytes);
    }
    tree.headers = derive::headers::ResponseHeaders::for_site(&site.config);
    if let Some(text) = derive::headers::headers_file(&site, &tree.headers, &mut diags) {
        tree.insert_bytes("_headers", text.into_bytes());
    }
    drop(t);
    diags.extend(output::add_assets(&mut tree, &site, &map));
    diagnostics::sort(&mut diags);
    diags.dedup();
    (Build { site, map, tree, markdown, diagnostics: diags, pages, screens, searchable }, next_memo)
}

/// The search index files of a build from `build_pages`, as a tree of their own (empty when
/// the theme failed to load and nothing was rendered).
pub fn search_index(build: &Build) -> OutputTree {
    let mut tree = OutputTree::default();
    if build.searchable {
        let _t = timing::stage("search");
        for (path, bytes) in derive::search::search_files(&build.site, &build.map, &build.markdown) {
            tree.insert_bytes(path, bytes);
        }
    }
    tree
}

/// `docent build`: reads the site, builds it and writes it to `output` atomically, writing the
/// pages while the search index is derived. Nothing is written when the build has errors (the
/// `Build` says which). `Err` only for I/O failures.
pub fn build_and_write(opts: &BuildOptions, output: &std::path::Path) -> anyhow::Result<(Build, usize)> {
    let (site, diags) = content::load_site(&opts.root)?;
    let (build, _) = build_pages(site, diags, opts, &mut render::RenderMemo::default());
    if build.has_errors() {
        return Ok((build, 0));
    }
    let mut staging = output::Staging::new(output)?;
    let (written, search) = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let _t = timing::stage("write pages");
            staging.write(&build.tree)
        });
        let search = search_index(&build);
        (writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), search)
    });
    written?;
    let t = timing::stage("write search");
    staging.write(&search)?;
    staging.commit()?;
    drop(t);
    let files = build.tree.files.len() + search.files.len();
    Ok((build, files))
}
