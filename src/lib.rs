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
pub mod languages;
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
use std::sync::Arc;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `docent.toml` and `content/`).
    pub root: PathBuf,
    /// Overrides `base_url` from `docent.toml` (for previews).
    pub base_url: Option<String>,
    /// Includes pages marked `draft = true`.
    pub drafts: bool,
    /// A preview (`docent serve`): no service worker, so a browser never keeps a stale preview.
    pub preview: bool,
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
    /// The site in each other language (`[languages]`), in code order: what its search index
    /// and `check` are derived from. Its pages are in `tree` under `CODE/`.
    pub languages: Vec<LanguageBuild>,
    /// The theme's static files: plain name (`style.css`) -> hashed path.
    pub theme_assets: std::collections::BTreeMap<String, String>,
}

/// One other language's view of the site (`languages::view`), as built.
pub struct LanguageBuild {
    pub code: String,
    pub site: Site,
    pub map: resolve::SiteMap,
    pub markdown: Vec<markdown::RenderedMarkdown>,
    pub screens: derive::help::ScreenMap,
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
    let (mut build, _) = build_pages(site, diags, opts, &mut render::RenderMemo::default(), None);
    let index = search_index(&build);
    match offline_files(&build, &index) {
        Ok(offline) => build.tree.files.extend(offline.files),
        Err(e) => build.diagnostics.push(Diagnostic::error(
            diagnostics::Span::file(config::CONFIG_FILE),
            format!("[offline]: cannot list the build's files: {e:#}"),
        )),
    }
    build.tree.files.extend(index.files);
    build
}

/// The web app manifest and service worker of a build (an empty tree unless `[offline]
/// enabled`), made from every file of `build.tree` and `search`. Reads the copied files
/// (assets, videos) to digest them; `Err` only for that I/O.
pub fn offline_files(build: &Build, search: &OutputTree) -> anyhow::Result<OutputTree> {
    let mut tree = OutputTree::default();
    if !build.site.config.offline.enabled || !build.searchable {
        return Ok(tree);
    }
    let _t = timing::stage("offline");
    let mut files = build.tree.digests()?;
    files.extend(search.digests()?);
    let base_path = build.site.config.base_path();
    let html = |path: &str| match build.tree.files.get(path) {
        Some(output::OutputFile::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    };
    // Each other language's pages are under its folder (`es/`), which is also the module its
    // home page offers to save.
    let languages: Vec<String> = build.languages.iter().map(|l| format!("{}/", l.code)).collect();
    let maps = std::iter::once(("", &build.map))
        .chain(build.languages.iter().zip(&languages).map(|(l, folder)| (folder.as_str(), &l.map)));
    let mut pages: Vec<(String, &[u8])> = maps
        .flat_map(|(folder, map)| map.pages.iter().map(move |p| format!("{folder}{}", p.url)))
        .filter_map(|url| {
            let page = html(&format!("{url}index.html"))?;
            Some((url, page))
        })
        .collect();
    for path in build.tree.files.keys().filter(|p| p.starts_with(resolve::VIDEOS_URL)) {
        if let Some(url) = path.strip_suffix("index.html").filter(|u| u.len() > resolve::VIDEOS_URL.len()) {
            pages.extend(html(path).map(|h| (url.to_string(), h)));
        }
    }
    let input = derive::offline::OfflineInput {
        config: &build.site.config,
        base_path: &base_path,
        files: &files,
        pages,
        theme_assets: &build.theme_assets,
        languages: &languages,
    };
    for (path, bytes) in derive::offline::offline_files(&input) {
        tree.insert_bytes(path, bytes);
    }
    Ok(tree)
}

/// Everything but the search index, which is the slowest part to derive: `docent build` writes
/// the pages while the index is derived, and `docent serve` tells the browsers to reload before
/// it. Takes from `memo` what a previous render can lend (`serve`; the output is the same with
/// an empty one) and gives back what the next render may reuse. With a `sink`, pages and print
/// pages go to it as they are made and the tree lists what it gives back (`OutputFile::Written`
/// for `docent build`, `OutputFile::Staged` for `docent serve`).
pub fn build_pages(
    mut site: Site,
    mut diags: Vec<Diagnostic>,
    opts: &BuildOptions,
    memo: &mut render::RenderMemo,
    sink: render::Sink,
) -> (Build, render::RenderMemo) {
    if let Some(url) = &opts.base_url {
        site.config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    if !opts.drafts {
        site.pages.retain(|p| !p.front.draft);
    }
    if opts.preview {
        site.config.offline.enabled = false;
    }
    if let Some(role) = &opts.role {
        diags.extend(content::audience::select(&mut site, role));
    }
    diags.extend(languages::split(&mut site));
    diags.extend(content::add_generated_home(&mut site));
    diags.extend(content::unknown_key_diagnostics(&site));
    let views: Vec<Site> =
        languages::other_languages(&site.config).into_iter().map(|code| languages::view(&site, code)).collect();
    let mut others = std::mem::take(&mut memo.languages);
    let (mut build, mut next_memo) = build_view(site, diags, memo, sink);
    for view in views {
        let code = view.language.clone().unwrap_or_default();
        let mut memo = others.remove(&code).unwrap_or_default();
        let prefix = format!("{code}/");
        let put =
            sink.map(|sink| move |path: &str, html: output::SharedBytes| (sink.put)(&format!("{prefix}{path}"), html));
        let view_sink = put.as_ref().zip(sink).map(|(put, sink)| render::PageSink {
            put,
            keeps_memo: sink.keeps_memo,
            spill: sink.spill,
        });
        let (view_build, mut view_memo) = build_view(view, Vec::new(), &mut memo, view_sink);
        view_memo.prefix = format!("{code}/");
        next_memo.languages.insert(code.clone(), view_memo);
        build.diagnostics.extend(view_build.diagnostics);
        for (path, file) in view_build.tree.files {
            build.tree.files.insert(format!("{code}/{path}"), file);
        }
        build.languages.push(LanguageBuild {
            code,
            site: view_build.site,
            map: view_build.map,
            markdown: view_build.markdown,
            screens: view_build.screens,
            searchable: view_build.searchable,
        });
    }
    if !build.languages.is_empty() {
        languages::merge_help_map(&mut build);
        let views: Vec<_> = std::iter::once((&build.site, &build.map))
            .chain(build.languages.iter().map(|l| (&l.site, &l.map)))
            .collect();
        let manifest = derive::urls::manifest(&views);
        build.tree.insert_bytes(derive::urls::MANIFEST_PATH, manifest.into_bytes());
    }
    diagnostics::sort(&mut build.diagnostics);
    build.diagnostics.dedup();
    (build, next_memo)
}

/// The pipeline for one language's view of the site (the default's, or `languages::view`'s).
/// Another language's tree holds only what is its own (pages, help redirects, alias
/// redirects), with paths relative to its `/CODE/`; files every language shares (theme and
/// site assets, the sitemap, the help map) come from the default's.
fn build_view(
    mut site: Site,
    mut diags: Vec<Diagnostic>,
    memo: &mut render::RenderMemo,
    sink: render::Sink,
) -> (Build, render::RenderMemo) {
    let shared = site.language.is_none();
    let t = timing::stage("resolve");
    let keep = sink.is_some_and(|sink| sink.keeps_memo);
    let resolved = resolved(&site, keep, memo.resolved.take());
    let map_key = resolved.map_key;
    diags.extend(resolved.diags.iter().cloned());
    // `serve` keeps a copy for its next render; a one-off build moves the map out.
    let (map, kept) = if keep { (resolved.map.clone(), Some(resolved)) } else { (resolved.map, None) };
    drop(t);
    let mut tree = OutputTree::default();
    let mut pages = 0;
    let mut screens = derive::help::ScreenMap::default();
    let mut next_memo = render::RenderMemo::default();
    let mut markdown = Vec::new();
    let mut theme_assets = Default::default();
    let t = timing::stage("render");
    let rendered = render::render_site(&mut site, &map, map_key, &mut diags, memo, sink);
    drop(t);
    let searchable = rendered.is_some();
    if let Some(rendered) = rendered {
        let t = timing::stage("help");
        pages = rendered.markdown.len();
        let (screen_map, help_files) = derive::help::derive_help(&site, &map, &rendered, &mut diags);
        screens = screen_map;
        for (path, bytes) in help_files.into_iter().filter(|(path, _)| shared || path.starts_with("help/")) {
            tree.insert_bytes(path, bytes);
        }
        drop(t);
        theme_assets = rendered.theme.assets;
        if shared {
            for (path, bytes) in rendered.theme.files {
                tree.insert_bytes(path, bytes);
            }
        }
        let mut pages = rendered.pages;
        // Merged as two sorted lists, not inserted one by one (a `serve` rebuild does this).
        tree.files.append(&mut pages);
        next_memo = rendered.memo;
        markdown = rendered.markdown;
        if sink.is_some_and(|sink| !sink.keeps_memo) {
            release_rendered(&mut site, &mut markdown, &screens);
        }
    }
    next_memo.resolved = kept;
    let t = timing::stage("derive");
    if !shared {
        for (path, bytes) in derive::alias_pages(&site, &map) {
            tree.insert_bytes(path, bytes);
        }
        let languages = Vec::new();
        return (
            Build {
                site,
                map,
                tree,
                markdown,
                diagnostics: diags,
                pages,
                screens,
                searchable,
                languages,
                theme_assets,
            },
            next_memo,
        );
    }
    diags.extend(derive::search::check_config(&site));
    let (key, derived) = derived_files(&site, &map, map_key, memo.derived.take());
    for (path, bytes) in &derived {
        tree.insert_shared(path.clone(), bytes.clone());
    }
    next_memo.derived = key.map(|key| (key, derived));
    tree.headers = derive::headers::ResponseHeaders::for_site(&site.config);
    if let Some(text) = derive::headers::headers_file(&site, &tree.headers, &mut diags) {
        tree.insert_bytes("_headers", text.into_bytes());
    }
    drop(t);
    diags.extend(output::add_assets(&mut tree, &site, &map));
    diags.extend(derive::offline::check_paths(&site.config, &tree));
    let languages = Vec::new();
    (
        Build { site, map, tree, markdown, diagnostics: diags, pages, screens, searchable, languages, theme_assets },
        next_memo,
    )
}

/// `resolve::resolve` of `site` with the `SiteMap`'s digest, or `memo`'s when
/// `resolve::input_key` is the same (`docent serve`: a body edit changes neither). Made to be
/// kept (`keep`) only where a next render will read it: a one-off build neither digests its
/// input nor keeps a copy of the map.
fn resolved(site: &content::Site, keep: bool, memo: Option<render::memo::Resolved>) -> render::memo::Resolved {
    let key = if keep { resolve::input_key(site) } else { None };
    if let (Some(key), Some(memo)) = (key, memo)
        && memo.key == key
    {
        return memo;
    }
    let (map, diags) = resolve::resolve(site);
    let map_key = digest::of_serialized(&map);
    render::memo::Resolved { key: key.unwrap_or_default(), map, diags, map_key }
}

/// `derive::derive_files`, or the memo's when what they read is the same: the `SiteMap` (its
/// digest, `map_key`), the settings, the language and the names of the videos and whether there
/// is a glossary (the sitemap lists their pages). `docent serve` spent about 11 ms an edit at
/// 10,000 pages making them again. With their key, when one could be made.
fn derived_files(
    site: &Site,
    map: &resolve::SiteMap,
    map_key: Option<u64>,
    memo: Option<(u64, Vec<(String, output::SharedBytes)>)>,
) -> (Option<u64>, Vec<(String, output::SharedBytes)>) {
    let videos: Vec<&str> = site.videos.iter().map(|v| v.name.as_str()).collect();
    let key = map_key.and_then(|m| {
        digest::of_serialized(&(m, &site.config, site.language.as_deref(), videos, site.glossary.is_empty()))
    });
    if let (Some(key), Some((old, files))) = (key, memo)
        && old == key
    {
        return (Some(key), files);
    }
    let _t = timing::stage("derive: files");
    let files = derive::derive_files(site, map).into_iter().map(|(p, b)| (p, std::sync::Arc::new(b))).collect();
    (key, files)
}

/// The search index files of a build from `build_pages`, as a tree of their own (empty when
/// the theme failed to load and nothing was rendered).
pub fn search_index(build: &Build) -> OutputTree {
    let mut tree = OutputTree::default();
    if build.searchable {
        let _t = timing::stage("search");
        let files = derive::search::search_files(&build.site, &build.map, &build.markdown);
        tree.files.extend(files.into_iter().map(|(path, bytes)| (path, output::OutputFile::Bytes(Arc::new(bytes)))));
    }
    // One index per language, under `/CODE/search/`, so that a query searches one language.
    for lang in build.languages.iter().filter(|l| l.searchable) {
        for (path, bytes) in derive::search::search_files(&lang.site, &lang.map, &lang.markdown) {
            tree.insert_bytes(format!("{}/{path}", lang.code), bytes);
        }
    }
    tree
}

/// `search_index` of a one-off build, made of the text `take_search_text` moved out of each
/// view's Markdown (the default language's, then each searchable other language's): the index
/// frees it as it goes, keeps its result documents and shards in `spill` when given, and
/// drops each view's pages before it indexes them (`search_files_of_text`).
fn search_tree_of_text(
    build: &mut Build,
    text: Vec<Vec<derive::search::PageText<'static>>>,
    spill: Option<Arc<output::StagingFiles>>,
) -> OutputTree {
    let mut text = text.into_iter();
    let mut tree = OutputTree::default();
    if build.searchable
        && let Some(text) = text.next()
    {
        let _t = timing::stage("search");
        tree.files.extend(derive::search::search_files_of_text(&mut build.site, &build.map, text, spill.clone()));
    }
    for lang in build.languages.iter_mut().filter(|l| l.searchable) {
        let Some(text) = text.next() else { break };
        for (path, file) in derive::search::search_files_of_text(&mut lang.site, &lang.map, text, spill.clone()) {
            tree.files.insert(format!("{}/{path}", lang.code), file);
        }
    }
    tree
}

/// Frees, in a one-off build, what only rendering, its checks and the help stage read, before
/// the derived files and the search index are made (the peak of a build's memory): the lines
/// of each page's front matter keys, the bodies includes kept, and all its Markdown result but the search text and its
/// digest (`RenderedMarkdown::keep_search_text`). The help map of another language reads the
/// headings and summary of the pages that explain a screen (`languages::merge_help_map`): those
/// stay until `build_and_write` frees them. At 100,000 pages this was 140 MB of the peak.
fn release_rendered(site: &mut Site, markdown: &mut [markdown::RenderedMarkdown], screens: &derive::help::ScreenMap) {
    let mut explains = vec![false; markdown.len()];
    for screen in screens.screens.values() {
        if let Some(e) = explains.get_mut(screen.page) {
            *e = true;
        }
    }
    for page in &mut site.pages {
        page.body = String::new();
        page.key_lines = content::KeyLines::default();
        page.unknown_keys = Vec::new();
    }
    for (md, explains) in markdown.iter_mut().zip(explains) {
        if explains {
            md.anchor_refs = Vec::new();
            md.anchors = Vec::new();
            md.only_roles = Vec::new();
            md.diagnostics = Vec::new();
        } else {
            md.keep_search_text();
        }
    }
    give_back_freed_memory();
}

/// Each view's text, for `search_tree_of_text`: the default language's, then each other
/// searchable language's, as `search_tree_of_text` reads them.
fn take_search_text(build: &mut Build) -> Vec<Vec<derive::search::PageText<'static>>> {
    let others = build.languages.iter_mut().filter(|l| l.searchable).map(|l| &mut l.markdown);
    std::iter::once(&mut build.markdown).chain(others).map(|m| derive::search::take_text(m)).collect()
}

/// The allocator of every docent binary and test: many small strings are allocated on one thread
/// and freed on another, where glibc's malloc spent about a tenth of a build's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Returns the heap's free pages to the system. What `release_rendered` frees is spread over
/// every render thread's heap, where the search index (made on other threads, in other sizes)
/// could not reuse it: at 100,000 pages the index then grew the peak by a further 1.1 GB.
pub(crate) fn give_back_freed_memory() {
    // SAFETY: mi_collect only frees memory the allocator holds and no live allocation uses; it
    // takes no pointer and is safe to call from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Turns off transparent huge pages for this process (Linux; elsewhere it does nothing).
/// mimalloc asks for huge pages on its 1 GiB arenas, so the first touch of each 2 MiB of them
/// makes the kernel clear 2 MiB, and every small purge splits one: in a 10,000-page build that
/// clearing was about a tenth of the CPU samples and most of the system time (bench/NOTES.md,
/// session 7). The docent binary calls it first thing for every command but `serve`, before
/// the heap grows; a process flag rather than mimalloc's `allow_thp` option, which is read when
/// the first arena is reserved, before `main`.
pub fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integers only and changes no memory of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Has the allocator hand freed memory back to the system as soon as it is free, rather than a
/// second later (mimalloc's default, which saves system calls in a build that soon allocates
/// again). `docent serve` calls it: it stays up, and its memory between edits is what counts.
pub(crate) fn give_back_freed_memory_at_once() {
    /// `mi_option_purge_delay` in mimalloc.h (version 3), which libmimalloc-sys does not name.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option takes no pointer; mimalloc reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

/// `docent build`: reads the site, builds it and writes it to `output` atomically. Pages are
/// written to the staging folder as they are rendered (unless `[offline]` needs their HTML for
/// the service worker's lists), the rest while the search index is derived. Nothing is
/// committed when the build has errors (the `Build` says which). `Err` only for I/O failures.
pub fn build_and_write(opts: &BuildOptions, output: &std::path::Path) -> anyhow::Result<(Build, usize)> {
    // Each page's body is read again when it renders, not held from load to render.
    let (site, diags) = content::load_site_leaving_bodies(&opts.root)?;
    let mut staging = output::Staging::new(output)?;
    let stream = !site.config.offline.enabled;
    let writer = staging.stream();
    let sink = |path: &str, html: output::SharedBytes| {
        writer.write(path, &html);
        output::OutputFile::Written
    };
    // Each page's Markdown HTML and search text wait here, not in memory (none if the folder
    // refuses a temporary file: they are then kept in memory).
    let spill = output::StagingFiles::new_in(staging.dir()).ok().map(std::sync::Arc::new);
    let (build, _) = build_pages(
        site,
        diags,
        opts,
        &mut render::RenderMemo::default(),
        stream.then_some(render::PageSink { put: &sink, keeps_memo: false, spill: spill.as_deref() }),
    );
    writer.finish()?;
    if build.has_errors() {
        return Ok((build, 0));
    }
    let mut build = build;
    // Nothing reads the pages' text after the index, which frees it as it reads it; nor the
    // rest of their Markdown results (`release_rendered` left some for the help map).
    let text = build.searchable.then(|| take_search_text(&mut build));
    if text.is_some() {
        build.markdown = Vec::new();
        for language in &mut build.languages {
            language.markdown = Vec::new();
        }
    }
    // The writer takes the tree and frees it once written, early in the search stage (at
    // 100,000 pages its 140,000 paths were 39 MB of the peak): only the offline lists read it.
    let keep_tree = build.site.config.offline.enabled;
    let tree = std::mem::take(&mut build.tree);
    let staging_ref = &mut staging;
    let (written, search) = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            let _t = timing::stage("write pages");
            staging_ref.write(&tree).map(|()| (tree.files.len(), keep_tree.then_some(tree)))
        });
        let search = match text {
            Some(text) => search_tree_of_text(&mut build, text, spill.clone()),
            None => search_index(&build),
        };
        (writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), search)
    });
    let (page_files, tree) = written?;
    build.tree = tree.unwrap_or_default();
    let t = timing::stage("write search");
    staging.write(&search)?;
    drop(t);
    let t = timing::stage("offline and commit");
    let offline = offline_files(&build, &search)?;
    staging.write(&offline)?;
    staging.commit()?;
    drop(t);
    let files = page_files + search.files.len() + offline.files.len();
    Ok((build, files))
}
