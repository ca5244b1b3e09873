//! Render: Markdown and templates -> the HTML of every page, in memory.
//!
//! Takes the `Site` and its `SiteMap`; gives each page's HTML plus what later stages need from
//! rendering (headings, text by section, summaries). Pages render in parallel (rayon); the result
//! is in page order, so it does not depend on the thread count. A panic while rendering one page
//! becomes an error naming that page. Writes no file; reads only what a one-off build left on
//! disk to save memory (bodies, `content::load::read_body`; the spill, `PageSink::spill`).

mod context;
mod glossary;
mod guard;
pub mod languages;
mod link_hints;
pub mod link_policy;
mod links;
pub mod memo;
pub mod nav;
pub mod print;
pub mod qr;
pub mod theme;
pub mod videos;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::digest::{Digested, Prehashed};
use crate::markdown::{self, MarkdownInput, RenderedMarkdown};
use crate::output::{OutputFile, SharedBytes};
use crate::resolve::SiteMap;
pub use context::{LinkContext, PageView, SiteContext, site_context};
use links::{LinkWorld, SiteLinks};
pub use memo::RenderMemo;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
pub use theme::Theme;

/// Everything rendering produced.
pub struct Rendered {
    /// Markdown results, one per page (same index as `Site::pages`).
    pub markdown: Vec<RenderedMarkdown>,
    /// Output path (`login/reset/index.html`) -> HTML, for pages and the 404 page (what the
    /// `Sink` made of it for pages and print pages: `Written`, `Staged`).
    pub pages: BTreeMap<String, OutputFile>,
    pub theme: Theme,
    /// What the next render may reuse (`serve`); its `tree` is left empty for the caller to set.
    pub memo: RenderMemo,
    /// The digest of the `SiteMap` this render read (`None` if it could not be made).
    pub map_key: Option<u64>,
}

/// Where finished pages and print pages go while rendering. `None` keeps their bytes in
/// `Rendered::pages` (the tests, `check`). A writer takes each page (output path, HTML) the
/// moment it is made, from any thread, and says what the tree lists instead: `docent build`
/// writes it to its staging folder (`output::StreamWriter`, then `OutputFile::Written`) and
/// `docent serve` to its staging files (`OutputFile::Staged`), so that neither holds every
/// page's HTML at once (issue 21: memory that does not grow with the site).
pub type Sink<'a> = Option<PageSink<'a>>;

/// A writer of finished pages (`Sink`).
#[derive(Clone, Copy)]
pub struct PageSink<'a> {
    /// Takes a page (output path, HTML) and gives what the tree lists for it.
    pub put: &'a (dyn Fn(&str, SharedBytes) -> OutputFile + Sync),
    /// The caller keeps the render's memo for the next render (`serve`): each page's menu
    /// digest is kept in it. Otherwise (a one-off build, or no sink) each menu is made with its
    /// page and the memo keeps no menus.
    pub keeps_memo: bool,
    /// Where a one-off build keeps each page's Markdown HTML and search text between the
    /// Markdown stage and the stages that read them (the page's template and print page, the
    /// search index), instead of holding every page's in memory: at 100,000 pages they were a
    /// gigabyte and a half (issue 21). `None` keeps them in memory, the HTML LZ4-packed.
    pub spill: Option<&'a crate::output::StagingFiles>,
}

/// Renders every page, reusing from `memo` the results whose inputs have not changed (see
/// `memo`; a build passes an empty one). The output is the same whatever the memo holds.
/// `None` when the theme itself is broken (the diagnostics say why).
pub fn render_site(
    site: &mut Site,
    map: &SiteMap,
    map_key: Option<u64>,
    diags: &mut Vec<Diagnostic>,
    memo: &mut RenderMemo,
    sink: Sink,
) -> Option<Rendered> {
    let t = crate::timing::stage("render: theme");
    let theme = theme::load_theme(site).map_err(|d| diags.extend(d)).ok()?;
    drop(t);
    let mut next_memo = RenderMemo::default();

    // The pages of one render are in one language: the default's, or that of the language's
    // view (`languages::view`); its strings also give the words Markdown writes (callouts).
    let language = match &site.language {
        Some(code) => crate::strings::Language::new(code, &site.config),
        None => crate::strings::Language::default_of(&site.config),
    };

    let t = crate::timing::stage("render: markdown");
    // A one-shot build (a sink, and no memo kept) packs each page's HTML and records nothing.
    let one_shot = sink.is_some_and(|sink| !sink.keeps_memo);
    // It frees each page's source once rendered, too (a 100,000-page site has a gigabyte of them).
    let sources = if one_shot { take_sources(site) } else { Vec::new() };
    let site = &*site;
    let results = match sink.and_then(|sink| sink.spill) {
        _ if !one_shot => Results::Recorded,
        Some(files) => Results::Spilled(files),
        None => Results::Packed,
    };
    let (markdown, reads) = render_markdown(site, map, map_key, memo, &language.strings, results, sources);
    let html_digests: Vec<u64> = reads.iter().map(|r| r.html).collect();
    let kept_html: Vec<Option<crate::output::Staged>> = reads.iter().map(|r| r.kept.clone()).collect();
    next_memo.markdown_reads = reads;
    for md in &markdown {
        diags.extend(md.diagnostics.iter().cloned());
    }
    diags.extend(crate::content::audience::check_only_roles(site, markdown.iter().map(|m| m.only_roles.as_slice())));
    drop(t);

    let t = crate::timing::stage("render: checks");
    check_anchors(site, map, &markdown, diags);
    drop(t);

    let t = crate::timing::stage("render: pages");
    let site_ctx = site_context(site, map);
    let quick_links = quick_links(site, map);
    let menu_words = nav::MenuWords::of(&language.strings);
    // A render whose memo is kept (`serve`) keeps each menu's digest (the page keys read it) and
    // makes the menu again for the pages it renders (the menus were ~80 MB at 10,000 pages);
    // any other render makes each menu with its page and drops it with it.
    let menus = match sink {
        Some(sink) if sink.keeps_memo => Some(menus(map, map_key, memo, &menu_words)),
        _ => None,
    };
    next_memo.menus = menus.as_ref().and_then(|(key, menus)| key.map(|key| (key, menus.clone())));
    // Likewise each page's link in lists (`context::Linked`): digested once here for the keys
    // of every page that lists it; a rendered page makes its links again.
    let link_digests = menus.as_ref().map(|_| context::link_digests(site, map, &markdown));
    let shared = Shared {
        site,
        map,
        markdown: &markdown,
        theme: &theme,
        site_ctx: &site_ctx,
        parts: ViewParts {
            site: Prehashed::of(&site_ctx),
            assets: Prehashed::of(&theme.assets),
            quick_links: Prehashed::of(quick_links.as_slice()),
            lang: Prehashed::of(&language),
            strings: Prehashed::of(&language.strings),
        },
        menus: menus.as_ref().map(|(_, menus)| menus.as_slice()),
        link_digests: link_digests.as_deref(),
        menu_words,
        html_digests: &html_digests,
        kept_html: &kept_html,
        language: &language,
        sink,
    };
    let mut made = Vec::with_capacity(site.pages.len());
    next_memo.pages.reserve(site.pages.len());
    for (path, key, result) in render_pages(&shared, memo) {
        match result {
            Ok(file) => {
                if let Some(key) = key {
                    next_memo.pages.insert(path.clone(), key);
                }
                made.push((path, file));
            }
            Err(d) => diags.push(d),
        }
    }
    // Built at once from the list (pages come nearly in path order): inserting 10,000 paths
    // one by one compared long keys on every `serve` rebuild.
    let mut pages: BTreeMap<String, OutputFile> = made.into_iter().collect();
    drop(t);

    let _t = crate::timing::stage("render: videos and special pages");
    pages.extend(render_other_pages(&shared, diags).into_iter().map(|(path, html)| (path, OutputFile::Bytes(html))));
    drop(_t);
    let _t = crate::timing::stage("render: print pages");
    pages.extend(print::render_print_pages(&shared, memo, &mut next_memo, diags));
    Some(Rendered { markdown, pages, theme, memo: next_memo, map_key })
}

/// What every page of one render shares.
struct Shared<'a> {
    site: &'a Site,
    map: &'a SiteMap,
    markdown: &'a [RenderedMarkdown],
    theme: &'a Theme,
    site_ctx: &'a SiteContext<'a>,
    /// What every page's view shares, digested once for all the page keys.
    parts: ViewParts<'a>,
    /// The digest of each page's menu (`nav::menu_html`), same index as `Site::pages`; the
    /// menus themselves are made for the pages that are rendered. `None` unless the memo is
    /// kept (`PageSink::keeps_memo`): each page's menu is made with it.
    menus: Option<&'a [u64]>,
    /// The digest of each page's link (`context::link_digests`), when `menus` is kept: page
    /// keys are then made from key-only views.
    link_digests: Option<&'a [Option<u64>]>,
    /// The theme's words in the menu (`nav::menu_html`).
    menu_words: nav::MenuWords<'a>,
    /// `Digest::of` each page's Markdown HTML.
    html_digests: &'a [u64],
    /// The Markdown HTML of the pages whose result the memo kept in `serve`'s staging files
    /// (their `RenderedMarkdown::html` is then empty): read back only to render the page again.
    kept_html: &'a [Option<crate::output::Staged>],
    /// The pages' language: code, direction, theme strings.
    language: &'a crate::strings::Language,
    /// Where finished pages and print pages go (`put`).
    sink: Sink<'a>,
}

impl Shared<'_> {
    /// Hands a finished page to the sink, which says what the tree lists for it; without a sink
    /// the tree keeps its bytes.
    fn put(&self, path: &str, html: SharedBytes) -> OutputFile {
        match self.sink {
            Some(sink) => (sink.put)(path, html),
            None => OutputFile::Bytes(html),
        }
    }

    /// The Markdown HTML of page `i`, read back from the staging files when the memo kept it
    /// there.
    fn html(&self, i: usize) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        use std::borrow::Cow;
        let Some(kept) = &self.kept_html[i] else { return Ok(self.markdown[i].html()) };
        let source = &self.site.pages[i].source;
        let bytes = kept.read().map_err(|e| {
            Diagnostic::error(Span::file(source), format!("cannot read this page's HTML back from docent's temporary files: {e}"))
                .with_help("check that the disk has room and the temporary folder (TMPDIR, or the build's staging folder) is still there, then run docent again")
        })?;
        String::from_utf8(bytes).map(Cow::Owned).map_err(|_| internal_error(source))
    }
}

/// The digest of every page's menu: the memo's when the `SiteMap` and the menu's words digest
/// the same (the menu is a function of them and the page), else made afresh; with that digest.
fn menus(map: &SiteMap, map_key: Option<u64>, memo: &RenderMemo, words: &nav::MenuWords) -> (Option<u64>, memo::Menus) {
    let key = map_key.and_then(|m| crate::digest::of_serialized(&(m, words)));
    match &memo.menus {
        Some((k, menus)) if Some(*k) == key && menus.len() == map.pages.len() => (key, menus.clone()),
        _ => {
            let menus = (0..map.pages.len()).into_par_iter().map(|i| menu_with_digest(map, i, words).1).collect();
            (key, std::sync::Arc::new(menus))
        }
    }
}

fn menu_with_digest(map: &SiteMap, i: usize, words: &nav::MenuWords) -> (String, u64) {
    let menu = nav::menu_html(map, i, words);
    let digest = crate::digest::Digest::of(menu.as_bytes());
    (menu, digest)
}

/// Each page's Markdown (in page order, in parallel), reusing the memo's where the page and
/// every answer its links got are unchanged; with what each render read, for the next memo.
/// What `render_markdown` does with each page's result.
#[derive(Clone, Copy)]
enum Results<'a> {
    /// Keeps it whole and records what the page asked (`serve`, tests: a next render reuses it).
    Recorded,
    /// A one-shot build: the HTML LZ4-packed in memory until its template reads it.
    Packed,
    /// A one-shot build: the HTML and the search text in the build's spill files.
    Spilled(&'a crate::output::StagingFiles),
}

fn render_markdown(
    site: &Site,
    map: &SiteMap,
    map_key: Option<u64>,
    memo: &mut RenderMemo,
    strings: &crate::strings::Strings,
    results: Results,
    mut sources: Vec<Option<String>>,
) -> (Vec<RenderedMarkdown>, Vec<memo::MarkdownReads>) {
    let one_shot = !matches!(results, Results::Recorded);
    let spill = match results {
        Results::Spilled(files) => Some(files),
        _ => None,
    };
    let policy = link_policy::LinkPolicy::new(&site.config.check);
    let world = LinkWorld {
        map,
        assets: &site.assets,
        videos: &site.videos,
        strings,
        policy: &policy,
        pages: &site.pages,
        snippets: &site.snippets,
    };
    let labels = markdown::Labels::new(strings);
    let toolkit = toolkit(site, map);
    // Every field of `world`, the map by its digest (made once for this render), and the
    // `[check]` settings that `policy` is made from.
    let world_key = map_key
        .and_then(|m| crate::digest::of_serialized(&(m, world.assets, world.videos, strings, &site.config.check)));
    // What every page's input shares, digested once for all the pages' keys.
    let options = Prehashed::of(&site.config.markdown);
    let toolkit = Prehashed::of(&toolkit);
    let labels = Prehashed::of(&labels);
    let prior = memo.take_markdown(&site.pages);
    sources.resize_with(prior.len(), || None);
    let results: Vec<(memo::MarkdownReads, RenderedMarkdown)> = prior
        .into_par_iter()
        .zip(sources)
        .enumerate()
        .map(|(i, (prior, source))| {
            let page = &site.pages[i];
            // A body left on disk at load is read here, one page at a time (`Page::body_on_disk`).
            let read = match (&source, page.body_on_disk) {
                (None, Some(digest)) => Some(crate::content::load::read_body(&site.root, &page.source, digest)),
                _ => None,
            };
            let body = match &read {
                Some(Ok(body)) => body.as_str(),
                Some(Err(d)) => {
                    let md = RenderedMarkdown { diagnostics: vec![d.clone()], ..Default::default() };
                    let html = crate::digest::Digest::of(b"");
                    return (memo::MarkdownReads { input: None, world: None, asked: Vec::new(), html, kept: None }, md);
                }
                None => source.as_deref().unwrap_or(&page.body),
            };
            let input = MarkdownInput {
                source: &page.source,
                body,
                text_digest: page.digest,
                body_line: page.body_line,
                options,
                title_heading: page.title_heading(&site.config).is_some(),
                audience: site.audience.as_deref(),
                toolkit,
                labels,
            };
            let key = memo::markdown_input_key(&input);
            let links = SiteLinks { world: &world, source: &page.source };
            if let Some(reused) = prior.and_then(|p| p.reuse(key, world_key, &links)) {
                return reused;
            }
            let recorder = memo::Recorder::new(&links);
            let mut md = catch_unwind(AssertUnwindSafe(|| markdown::render(&input, &recorder))).unwrap_or_else(|_| {
                RenderedMarkdown { diagnostics: vec![internal_error(&page.source)], ..Default::default() }
            });
            md.shrink_to_fit();
            let html = crate::digest::Digest::of(md.html.as_bytes());
            // A streaming build renders once: what the page asked is only for a next render, and
            // the HTML waits, on disk or packed, for the page's template and its print page.
            let asked = if one_shot { Vec::new() } else { recorder.into_asked() };
            let mut kept = None;
            if one_shot {
                // A spill that fails (a full disk) leaves the page's texts in memory.
                kept = spill.and_then(|files| files.put(md.html.as_bytes()).ok());
                if kept.is_some() {
                    md.html = String::new();
                } else {
                    md.pack_html();
                }
                if let Some(files) = spill {
                    md.spill_text(files);
                }
                // Only `docent check` reads links and lints (`check::links`, `lint`): each link
                // holds its destination and a copy of the page's path, about 150 MB held to the
                // end of rendering at 100,000 pages.
                md.links = Vec::new();
                md.lints = Vec::new();
                // Lists and the help map show the first paragraph only of a page without a
                // description (`context::summary_of`): 35 MB at 100,000 pages that have one.
                if page.front.description.as_deref().is_some_and(|d| !d.is_empty()) {
                    md.summary = String::new();
                }
            }
            (memo::MarkdownReads { input: key, world: world_key, asked, html, kept }, md)
        })
        .collect();
    results.into_iter().map(|(reads, md)| (md, reads)).unzip()
}

/// Takes each page's source (`Page::body`) out of the site, for `render_markdown` to drop once
/// the page is rendered, but for the pages an `::include[...]` may name (their source is read
/// while other pages render). Same index as `site.pages`; `None` for a page whose source stays.
fn take_sources(site: &mut Site) -> Vec<Option<String>> {
    let bodies = site.pages.iter().map(|p| p.body.as_str()).chain(site.snippets.values().map(String::as_str));
    let included: std::collections::HashSet<String> =
        bodies.flat_map(markdown::include::named_paths).map(|path| format!("content/{path}")).collect();
    // A page whose body was left on disk is read by `render_markdown`; in such a site, the pages
    // that kept theirs are the ones an include names.
    let left = site.pages.iter().any(|p| p.body_on_disk.is_some());
    site.pages
        .iter_mut()
        .map(|p| (!left && !included.contains(&p.source)).then(|| std::mem::take(&mut p.body)))
        .collect()
}

/// The site's `[vars]`, glossary and glossary page address, which every page's Markdown reads.
fn toolkit(site: &Site, map: &SiteMap) -> markdown::Toolkit {
    markdown::Toolkit {
        vars: site.config.vars.clone(),
        glossary: site.glossary.clone(),
        glossary_url: map.href(crate::resolve::GLOSSARY_URL),
    }
}

/// Each page's HTML (in parallel): output path, memo key and the file the tree lists (what the
/// sink made of the HTML) or why there is none. A page whose key the memo has is the previous
/// tree's file instead of rendered.
type PageResult = (String, Option<u64>, Result<OutputFile, Diagnostic>);

fn render_pages(shared: &Shared, memo: &RenderMemo) -> Vec<PageResult> {
    (0..shared.site.pages.len())
        .into_par_iter()
        .map(|i| {
            let out_path = format!("{}index.html", shared.map.pages[i].url);
            let result = catch_unwind(AssertUnwindSafe(|| {
                let template = template_of(shared.site, shared.map, i);
                // The key reads the menu's and the content's digests only: their texts are made
                // (or read back) when the page is rendered.
                let (mut menu, digest) = match shared.menus {
                    Some(menus) => (String::new(), menus[i]),
                    None => menu_with_digest(shared.map, i, &shared.menu_words),
                };
                let html_digest = shared.html_digests[i];
                let kept = shared.kept_html[i].is_some();
                let content = if kept { std::borrow::Cow::Borrowed("") } else { shared.markdown[i].html() };
                let view = page_view(
                    shared,
                    i,
                    Digested::new(&menu, digest),
                    Digested::new(&content, html_digest),
                    shared.link_digests,
                );
                let key = crate::digest::of_serialized(&(shared.theme.templates_key, template, &view));
                if let Some(file) = memo.page(&out_path, key) {
                    return (key, Ok(file));
                }
                let html = if shared.menus.is_none() && !kept {
                    render_page(shared, template, &view, i)
                } else {
                    drop(view);
                    if shared.menus.is_some() {
                        menu = nav::menu_html(shared.map, i, &shared.menu_words);
                    }
                    shared.html(i).and_then(|content| {
                        let view = page_view(
                            shared,
                            i,
                            Digested::new(&menu, digest),
                            Digested::new(&content, html_digest),
                            None,
                        );
                        render_page(shared, template, &view, i)
                    })
                };
                (key, html.map(|html| shared.put(&out_path, SharedBytes::new(html))))
            }));
            let (key, file) = result.unwrap_or_else(|_| (None, Err(internal_error(&shared.site.pages[i].source))));
            (out_path, key, file)
        })
        .collect()
}

/// The pages no Markdown file makes: `/videos/` and each video's, `404.html`, `/search/`,
/// `/glossary/` (the print pages are `print.rs`'s).
fn render_other_pages(shared: &Shared, diags: &mut Vec<Diagnostic>) -> Vec<(String, SharedBytes)> {
    let Shared { site, map, theme, site_ctx, language, .. } = *shared;
    let mut pages = Vec::new();
    let video_ctx = video_pages_context(theme, site_ctx, map, language);
    let video_pages = videos::render_video_pages(site, map, theme, video_ctx, &language.strings, diags);
    pages.extend(video_pages.into_iter().map(|(path, html)| (path, SharedBytes::new(html))));
    let mut special = vec![("404.html", "404.html")];
    if !map.by_url.contains_key("search/") {
        special.push(("search.html", "search/index.html"));
    }
    if let Some((path, html)) = glossary::render_glossary_page(site, theme, site_ctx, map, language, diags) {
        pages.push((path, SharedBytes::new(html.into_bytes())));
    }
    for (template, path) in special {
        let mut extra = tera::Context::new();
        let url = if template == "404.html" { "" } else { "search/" };
        extra.insert("languages", &languages::language_context(site, map, url, &language.strings));
        match render_site_page(site, theme, site_ctx, map, language, template, extra) {
            Ok(html) => pages.push((path.into(), SharedBytes::new(html.into_bytes()))),
            Err(d) => diags.push(d),
        }
    }
    pages
}

fn internal_error(source: &str) -> Diagnostic {
    Diagnostic::error(Span::file(source), "internal error while rendering this page")
        .with_help("this is a bug in docent; please report it with this file attached")
}

fn base_context(
    theme: &Theme,
    site_ctx: &SiteContext,
    quick_links: &[LinkContext<'_>],
    language: &crate::strings::Language,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site_ctx);
    ctx.insert("lang", language);
    ctx.insert("strings", &language.strings);
    ctx.insert("assets", &theme.assets);
    ctx.insert("quick_links", quick_links);
    ctx
}

/// The template a page is rendered with: its own `template`, else the theme's for its kind.
fn template_of<'a>(site: &'a Site, map: &SiteMap, i: usize) -> &'a str {
    let page = &site.pages[i];
    match &page.front.template {
        Some(t) => t.as_str(),
        None if map.home == Some(i) => "index.html",
        None if page.is_section => "section.html",
        None => "page.html",
    }
}

/// The parts of `PageView` that are the same for every page of a render.
#[derive(Clone, Copy)]
struct ViewParts<'a> {
    site: Prehashed<'a, SiteContext<'a>>,
    assets: Prehashed<'a, BTreeMap<String, String>>,
    quick_links: Prehashed<'a, [LinkContext<'a>]>,
    lang: Prehashed<'a, crate::strings::Language>,
    strings: Prehashed<'a, crate::strings::Strings>,
}

/// What the template of page `i` sees, with its menu and Markdown HTML; with `link_digests`,
/// only for its key (`context::Linked`).
fn page_view<'a>(
    shared: &Shared<'a>,
    i: usize,
    menu: Digested<'a>,
    content: Digested<'a>,
    link_digests: Option<&[Option<u64>]>,
) -> PageView<'a> {
    let ViewParts { site, assets, quick_links, lang, strings } = shared.parts;
    PageView {
        site,
        assets,
        quick_links,
        page: context::PageContext {
            fallback: languages::fallback_context(shared.site, i, &shared.language.strings),
            ..context::page_context(shared.site, shared.map, shared.markdown, i, content, link_digests)
        },
        menu_html: menu,
        languages: languages::language_context(
            shared.site,
            shared.map,
            &shared.map.pages[i].url,
            &shared.language.strings,
        ),
        lang,
        strings,
    }
}

fn render_page(shared: &Shared, template: &str, view: &PageView, i: usize) -> Result<Vec<u8>, Diagnostic> {
    let Shared { site, theme, .. } = *shared;
    let page = &site.pages[i];
    if !theme.tera.get_template_names().any(|n| n == template) {
        return Err(Diagnostic::error(
            Span::new(&page.source, page.key_line("template"), 1),
            format!("no template named `{template}`"),
        )
        .with_help("add it under templates/, or remove the `template` key to use the theme's"));
    }
    let ctx = tera::Context::from_serialize(view).map_err(|e| theme::template_error(site, template, &e))?;
    let size = view.page.content.text().len() + view.menu_html.text().len() + theme::TEMPLATE_BYTES;
    theme::render_sized(&theme.tera, template, &ctx, size).map_err(|e| {
        let mut d = theme::template_error(site, template, &e);
        d.message = format!("{} (while rendering {})", d.message, page.source);
        d
    })
}

/// A page of the site that no Markdown file makes: `404.html`, the `/search/` page.
fn render_site_page(
    site: &Site,
    theme: &Theme,
    site_ctx: &SiteContext,
    map: &SiteMap,
    language: &crate::strings::Language,
    template: &str,
    extra: tera::Context,
) -> Result<String, Diagnostic> {
    let mut ctx = base_context(theme, site_ctx, &[], language);
    ctx.extend(extra);
    let mut roles: Vec<&String> = site.pages.iter().flat_map(|p| &p.front.roles).collect();
    roles.sort();
    roles.dedup();
    ctx.insert("roles", &roles);
    ctx.insert("menu_html", &nav::menu_without_current(map, &nav::MenuWords::of(&language.strings)));
    theme.tera.render(template, &ctx).map_err(|e| theme::template_error(site, template, &e))
}

/// The context shared by the video pages: the site, and the menu with no current page.
fn video_pages_context(
    theme: &Theme,
    site_ctx: &SiteContext,
    map: &SiteMap,
    language: &crate::strings::Language,
) -> tera::Context {
    let mut ctx = base_context(theme, site_ctx, &[], language);
    ctx.insert("menu_html", &nav::menu_without_current(map, &nav::MenuWords::of(&language.strings)));
    ctx
}

/// The home page's quick links: a content path becomes its page's href, a URL stays as written.
fn quick_links(site: &Site, map: &SiteMap) -> Vec<LinkContext<'static>> {
    site.config
        .quick_links
        .iter()
        .zip(&map.quick_links)
        // A quick link to a page `--role` left out is not shown.
        .filter(|(q, page)| {
            page.is_some() || !map.left_out.contains(&format!("content/{}", q.url.trim_start_matches('/')))
        })
        .map(|(q, page)| LinkContext {
            title: crate::markdown::title::plain(&q.title).into(),
            title_html: crate::markdown::title::html(&q.title).into(),
            url: page.map_or_else(|| q.url.clone(), |p| map.page_href(p)),
            description: q.description.clone().into(),
        })
        .collect()
}

/// Every `page.md#anchor` link must name a heading that page has.
fn check_anchors(site: &Site, map: &SiteMap, markdown: &[RenderedMarkdown], diags: &mut Vec<Diagnostic>) {
    // One hint per (page, anchor): a page may repeat the same broken link thousands of times.
    let mut hints: HashMap<(usize, &str), String> = HashMap::new();
    let mut budget = crate::markdown::HINT_BUDGET;
    // Every page's links are checked in parallel (`serve` does it after each edit); the few
    // that lead nowhere are reported in page order.
    let broken: Vec<(usize, &crate::markdown::AnchorRef, usize)> = markdown
        .par_iter()
        .enumerate()
        .flat_map_iter(|(from, md)| {
            md.anchor_refs.iter().filter_map(move |r| {
                let &page = map.by_source.get(&r.page).filter(|&&p| p < markdown.len())?;
                let missing = !markdown[page].has_anchor(&r.anchor) && !is_builtin_anchor(&r.anchor);
                missing.then_some((from, r, page))
            })
        })
        .collect();
    for (from, r, page) in broken {
        let message = format!("link to #{} in {}: no such heading", r.anchor, site.pages[page].source);
        // In another language's view, a link between a translated page and an untranslated
        // one names a heading written in the other language: a warning, fixed by keeping
        // the source's heading ids in translations.
        if site.pages.get(from).is_some_and(|p| p.fallback != site.pages[page].fallback) {
            let code = site.language.as_deref().unwrap_or_default();
            diags.push(
                Diagnostic::warning(r.span.clone(), format!("{message} (in the `{code}` pages)"))
                    .with_help(format!("keep the source's heading id in the translation: `## … {{#{}}}`", r.anchor)),
            );
            continue;
        }
        let headings = &markdown[page].headings;
        let help = hints
            .entry((page, r.anchor.as_str()))
            .or_insert_with(|| crate::markdown::no_such_heading_help(&r.anchor, headings, &mut budget))
            .clone();
        diags.push(Diagnostic::error(r.span.clone(), message).with_help(help));
    }
}

/// Anchors every page has whatever its content (`#main`, `#top`).
fn is_builtin_anchor(anchor: &str) -> bool {
    matches!(anchor, "main" | "top" | "menu")
}
