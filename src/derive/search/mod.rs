//! Search: the index the browser client searches, built once at build time.
//!
//! Takes the site, its `SiteMap` and the rendered Markdown (`RenderedMarkdown::sections`: the
//! plain text under each heading) and gives the files under `search/`: a small fixed-name
//! `manifest.json`, term shards (`t-HASH.json`) and result-document shards (`d-HASH-N.json`).
//! The client fetches the manifest, then only the shards a query needs. See `index` for how
//! entries are scored, `shard` for the file formats, and `text` for the tokenizer the client
//! repeats in JavaScript.
//!
//! One search entry is one section of a page (the text before the first heading, or a heading
//! and the text under it), so that a result links to `/page/#heading`. Pages with `search =
//! false` and drafts are left out. Does not render the `/search/` page (that is a template).

pub mod index;
pub mod report;
pub mod shard;
pub mod text;

use crate::content::Site;
use crate::markdown::RenderedMarkdown;
use crate::resolve::{SiteMap, video_url};
use std::collections::BTreeMap;

/// A page as the index sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPage {
    pub title: String,
    /// The page's URL, starting with the site's base path.
    pub url: String,
    /// Titles of the sections above the page, joined with " › ".
    pub breadcrumb: String,
    pub description: String,
    pub roles: Vec<String>,
    pub sections: Vec<SearchSection>,
}

/// The text under one heading; `anchor` is `None` for the text before the first heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchSection {
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
    /// The audiences of a `::: only` block this text is in (empty: everyone).
    pub roles: Vec<String>,
}

/// The searchable pages of a site, in the site's page order.
pub fn search_pages(site: &Site, map: &SiteMap, markdown: &[RenderedMarkdown]) -> Vec<SearchPage> {
    let mut pages = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if page.front.search == Some(false) || page.front.draft || i >= markdown.len() {
            continue;
        }
        let info = &map.pages[i];
        let ancestors = map.ancestors(i);
        let breadcrumb: Vec<&str> = ancestors.iter().map(|&a| map.pages[a].title.as_str()).collect();
        let sections = markdown[i]
            .sections
            .iter()
            .map(|s| SearchSection {
                anchor: s.id.clone(),
                heading: s.heading.clone(),
                text: s.text.clone(),
                roles: s.roles.clone(),
            })
            .collect();
        pages.push(SearchPage {
            title: info.title.clone(),
            url: map.page_href(i),
            breadcrumb: breadcrumb.join(" › "),
            description: page.front.description.clone().unwrap_or_default(),
            roles: page.front.roles.clone(),
            sections,
        });
    }
    pages.extend(site.videos.iter().map(|v| video_page(v, map)));
    pages
}

/// A video as the index sees it: its transcript in groups of cues, each a section whose anchor
/// is the time (`t=95`), so that a result opens `/videos/NAME/#t=95` and plays from there.
fn video_page(video: &crate::videos::Video, map: &SiteMap) -> SearchPage {
    let sections = video
        .transcript_groups()
        .into_iter()
        .map(|g| SearchSection {
            anchor: Some(format!("t={}", g.start)),
            heading: format!("Video at {}:{:02}", g.start / 60, g.start % 60),
            text: g.text,
            roles: Vec::new(),
        })
        .collect();
    SearchPage {
        title: video.title.clone(),
        url: map.href(&video_url(&video.name)),
        breadcrumb: "Learn More videos".into(),
        description: video.description.clone(),
        roles: Vec::new(),
        sections,
    }
}

/// The files of the search index: output path (`search/manifest.json`) -> bytes. A
/// `[search] help_page` that names no page is left out (`resolve` reports it).
pub fn search_files(site: &Site, map: &SiteMap, markdown: &[RenderedMarkdown]) -> BTreeMap<String, Vec<u8>> {
    search_files_with(site, map, markdown, &mut index::TermsMemo::default())
}

/// `search_files`, reusing the tokenized pages of earlier builds (`docent serve`).
pub fn search_files_with(
    site: &Site,
    map: &SiteMap,
    markdown: &[RenderedMarkdown],
    memo: &mut index::TermsMemo,
) -> BTreeMap<String, Vec<u8>> {
    let t = crate::timing::stage("search: pages");
    let pages = search_pages(site, map, markdown);
    drop(t);
    let t = crate::timing::stage("search: index");
    let index = index::build_with(&pages, index::MAX_POSTINGS, memo);
    drop(t);
    let help = map.help_page.map(|p| (map.pages[p].title.clone(), map.page_href(p)));
    let _t = crate::timing::stage("search: shards");
    let synonyms = text::synonym_groups(&site.config.search.synonyms);
    let report = site.config.search.report_url.as_deref();
    shard::write(&pages, &index, help, &synonyms, report, &shard::Limits::default())
}

/// Problems with the `[search]` settings.
/// (`help_page` is resolve's: it owns every name that points at a page.)
pub fn check_config(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    report::check_settings(&site.config.search)
}

/// True for the files `search_files` writes (the index, not the `/search/` page).
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix("search/").is_some_and(|name| name.ends_with(".json") && !name.contains('/'))
}
