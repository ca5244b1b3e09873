//! Render: Markdown and templates -> the HTML of every page, in memory.
//!
//! Takes the `Site` and its `SiteMap`; gives each page's HTML plus what later stages need from
//! rendering (headings, text by section, summaries). Pages render in parallel (rayon); the result
//! is in page order, so it does not depend on the thread count. A panic while rendering one page
//! becomes an error naming that page. Does no file I/O.

mod context;
mod link_hints;
pub mod link_policy;
mod guard;
mod links;
pub mod memo;
pub mod nav;
pub mod theme;
pub mod videos;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::{self, MarkdownInput, RenderedMarkdown};
use crate::output::SharedBytes;
use crate::resolve::SiteMap;
pub use context::{LinkContext, SiteContext, site_context};
use links::SiteLinks;
pub use memo::RenderMemo;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
pub use theme::Theme;

/// Everything rendering produced.
pub struct Rendered {
    /// Markdown results, one per page (same index as `Site::pages`).
    pub markdown: Vec<RenderedMarkdown>,
    /// Output path (`login/reset/index.html`) -> HTML, for pages and the 404 page.
    pub pages: BTreeMap<String, SharedBytes>,
    pub theme: Theme,
    /// What the next render may reuse (`serve`); its `tree` is left empty for the caller to set.
    pub memo: RenderMemo,
}

/// Renders every page. `None` when the theme itself is broken (the diagnostics say why).
pub fn render_site(site: &Site, map: &SiteMap, diags: &mut Vec<Diagnostic>) -> Option<Rendered> {
    render_site_with(site, map, diags, &mut RenderMemo::default())
}

/// Renders every page, reusing from `memo` the results whose inputs have not changed
/// (see `memo`); the output is the same as `render_site`'s.
pub fn render_site_with(
    site: &Site,
    map: &SiteMap,
    diags: &mut Vec<Diagnostic>,
    memo: &mut RenderMemo,
) -> Option<Rendered> {
    let t = crate::timing::stage("render: theme");
    let theme = match theme::load_theme(site) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    drop(t);
    let t = crate::timing::stage("render: markdown");
    let base = site.config.base_path();
    let links_key = memo::links_key(site, map, &base);
    let policy = link_policy::LinkPolicy::new(&site.config.check);
    let keys: Vec<u64> =
        (0..site.pages.len()).into_par_iter().map(|i| memo::markdown_key(site, i, links_key)).collect();
    let prior: Vec<Option<(u64, RenderedMarkdown)>> =
        site.pages.iter().zip(&keys).map(|(p, &key)| memo.take_markdown(&p.source, key)).collect();
    let markdown: Vec<(u64, u64, RenderedMarkdown)> = prior
        .into_par_iter()
        .enumerate()
        .map(|(i, prior)| {
            let page = &site.pages[i];
            let key = keys[i];
            if let Some((seen, md)) = prior {
                return (key, seen, md);
            }
            let links = SiteLinks { site, map, base: &base, from: i, policy: &policy };
            let input = MarkdownInput {
                source: &page.source,
                body: &page.body,
                body_line: page.body_line,
                options: &site.config.markdown,
                title_heading: page.title_heading(&site.config).is_some(),
            };
            let md = catch_unwind(AssertUnwindSafe(|| markdown::render(&input, &links))).unwrap_or_else(|_| {
                RenderedMarkdown { diagnostics: vec![internal_error(&page.source)], ..Default::default() }
            });
            (key, memo::markdown_seen(&md), md)
        })
        .collect();
    let mut next_memo = RenderMemo::default();
    let mut seen = Vec::with_capacity(markdown.len());
    let markdown: Vec<RenderedMarkdown> = markdown
        .into_iter()
        .map(|(key, hash, md)| {
            seen.push(hash);
            next_memo.markdown_keys.push((key, hash));
            md
        })
        .collect();
    for md in &markdown {
        diags.extend(md.diagnostics.iter().cloned());
    }
    drop(t);
    let t = crate::timing::stage("render: checks");
    check_anchors(site, &markdown, diags);
    check_quick_links(site, map, diags);

    drop(t);
    let t = crate::timing::stage("render: pages");
    let site_ctx = site_context(site, &base);
    let quick_links = quick_links(site, map, &base);
    let site_key = memo::site_key(site, map, &theme.assets);
    let results: Vec<(String, u64, Result<SharedBytes, Diagnostic>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let out_path = format!("{}index.html", map.pages[i].url);
            let key = memo::page_key(site, map, &seen, &markdown, site_key, i);
            if let Some(html) = memo.page(&out_path, key) {
                return (out_path, key, Ok(html));
            }
            let result = catch_unwind(AssertUnwindSafe(|| {
                render_page(site, map, &markdown, &theme, &site_ctx, &quick_links, &base, i)
            }))
            .unwrap_or_else(|_| Err(internal_error(&site.pages[i].source)));
            (out_path, key, result.map(|html| SharedBytes::new(html.into_bytes())))
        })
        .collect();
    let mut pages = BTreeMap::new();
    for (path, key, result) in results {
        match result {
            Ok(html) => {
                next_memo.pages.insert(path.clone(), key);
                pages.insert(path, html);
            }
            Err(d) => diags.push(d),
        }
    }
    drop(t);
    let _t = crate::timing::stage("render: videos and special pages");
    let video_ctx = video_pages_context(&theme, &site_ctx, map, &base);
    let video_pages = videos::render_video_pages(site, map, &theme, video_ctx, &base, diags);
    pages.extend(video_pages.into_iter().map(|(path, html)| (path, SharedBytes::new(html))));
    let mut special = vec![("404.html", "404.html")];
    if !map.by_url.contains_key("search/") {
        special.push(("search.html", "search/index.html"));
    }
    for (template, path) in special {
        match render_site_page(site, &theme, &site_ctx, map, &base, template) {
            Ok(html) => {
                pages.insert(path.into(), SharedBytes::new(html.into_bytes()));
            }
            Err(d) => diags.push(d),
        }
    }
    Some(Rendered { markdown, pages, theme, memo: next_memo })
}

fn internal_error(source: &str) -> Diagnostic {
    Diagnostic::error(Span::file(source), "internal error while rendering this page")
        .with_help("this is a bug in docent; please report it with this file attached")
}

fn base_context(theme: &Theme, site_ctx: &SiteContext, quick_links: &[LinkContext]) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site_ctx);
    ctx.insert("assets", &theme.assets);
    ctx.insert("quick_links", quick_links);
    ctx
}

#[allow(clippy::too_many_arguments)]
fn render_page(
    site: &Site,
    map: &SiteMap,
    markdown: &[RenderedMarkdown],
    theme: &Theme,
    site_ctx: &SiteContext,
    quick_links: &[LinkContext],
    base: &str,
    i: usize,
) -> Result<String, Diagnostic> {
    let page = &site.pages[i];
    let template = match &page.front.template {
        Some(t) => t.as_str(),
        None if map.home == Some(i) => "index.html",
        None if page.is_section => "section.html",
        None => "page.html",
    };
    if !theme.tera.get_template_names().any(|n| n == template) {
        return Err(Diagnostic::error(
            Span::new(&page.source, page.key_line("template"), 1),
            format!("no template named `{template}`"),
        )
        .with_help("add it under templates/, or remove the `template` key to use the theme's"));
    }
    let mut ctx = base_context(theme, site_ctx, quick_links);
    ctx.insert("page", &context::page_context(site, map, markdown, base, i));
    ctx.insert("menu_html", &nav::menu_html(map, i, base));
    theme.tera.render(template, &ctx).map_err(|e| {
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
    base: &str,
    template: &str,
) -> Result<String, Diagnostic> {
    let mut ctx = base_context(theme, site_ctx, &[]);
    let mut roles: Vec<&String> = site.pages.iter().flat_map(|p| &p.front.roles).collect();
    roles.sort();
    roles.dedup();
    ctx.insert("roles", &roles);
    let home = map.home.unwrap_or(usize::MAX);
    let menu = if home < map.pages.len() { nav::menu_html(map, home, base) } else { String::new() };
    ctx.insert("menu_html", &menu.replace(" aria-current=\"page\"", ""));
    theme.tera.render(template, &ctx).map_err(|e| theme::template_error(site, template, &e))
}

/// The context shared by the video pages: the site, and the menu with no current page.
fn video_pages_context(theme: &Theme, site_ctx: &SiteContext, map: &SiteMap, base: &str) -> tera::Context {
    let mut ctx = base_context(theme, site_ctx, &[]);
    let menu = map.home.filter(|&h| h < map.pages.len()).map(|h| nav::menu_html(map, h, base)).unwrap_or_default();
    ctx.insert("menu_html", &menu.replace(" aria-current=\"page\"", ""));
    ctx
}

fn quick_links(site: &Site, map: &SiteMap, base: &str) -> Vec<LinkContext> {
    site.config
        .quick_links
        .iter()
        .map(|q| {
            let url = match map.by_source.get(&format!("content/{}", q.url.trim_start_matches('/'))) {
                Some(&p) => format!("{base}{}", map.pages[p].url),
                None => q.url.clone(),
            };
            LinkContext {
                title: crate::markdown::title::plain(&q.title),
                title_html: crate::markdown::title::html(&q.title),
                url,
                description: q.description.clone(),
            }
        })
        .collect()
}

fn check_quick_links(site: &Site, map: &SiteMap, diags: &mut Vec<Diagnostic>) {
    for q in &site.config.quick_links {
        let is_path = q.url.ends_with(".md");
        let source = format!("content/{}", q.url.trim_start_matches('/'));
        if is_path && !map.by_source.contains_key(&source) {
            let pages = site.pages.iter().filter_map(|p| p.source.strip_prefix("content/"));
            let help = match crate::explain::nearest(q.url.trim_start_matches('/'), pages) {
                Some(near) => {
                    format!("did you mean {near}? A quick link's url is the path of a page relative to content/")
                }
                None => "write the path of a page relative to content/, such as login/reset-password.md".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    Span::new(crate::config::CONFIG_FILE, q.line.max(1), 1),
                    format!("quick link `{}` points at {}: no such page", q.title, q.url),
                )
                .with_help(help),
            );
        }
    }
}

/// Every `page.md#anchor` link must name a heading that page has.
fn check_anchors(site: &Site, markdown: &[RenderedMarkdown], diags: &mut Vec<Diagnostic>) {
    // One hint per (page, anchor): a page may repeat the same broken link thousands of times.
    let mut hints: HashMap<(usize, &str), String> = HashMap::new();
    let mut budget = crate::markdown::HINT_BUDGET;
    for md in markdown {
        for r in &md.anchor_refs {
            let headings = &markdown[r.page].headings;
            if !markdown[r.page].has_anchor(&r.anchor) && !is_builtin_anchor(&r.anchor) {
                let help = hints
                    .entry((r.page, r.anchor.as_str()))
                    .or_insert_with(|| crate::markdown::no_such_heading_help(&r.anchor, headings, &mut budget))
                    .clone();
                diags.push(
                    Diagnostic::error(
                        r.span.clone(),
                        format!("link to #{} in {}: no such heading", r.anchor, site.pages[r.page].source),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// Anchors every page has whatever its content (`#main`, `#top`).
fn is_builtin_anchor(anchor: &str) -> bool {
    matches!(anchor, "main" | "top" | "menu")
}
