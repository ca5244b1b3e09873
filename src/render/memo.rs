//! What a previous render can lend the next one, so that `serve` re-renders only what a change
//! touches (a full build starts with an empty memo and renders everything).
//!
//! A page's Markdown is reused when its text and everything its links can resolve to (page URLs,
//! assets, base path, Markdown options) are unchanged. A page's HTML is reused when its template
//! context would be the same: the same site-wide inputs (config, templates, theme files, the
//! resolved tree with every title and URL) and the same page inputs (its front matter, its
//! Markdown, and the summaries of the pages its context lists: previous, next, children,
//! breadcrumbs). Keys are hashes of exactly those inputs, so a reused result is the one a full
//! render would produce. The HTML bytes themselves are not copied here: they are read back from
//! the tree the previous render went into.

use crate::content::Site;
use crate::digest::Digest;
use crate::markdown::RenderedMarkdown;
use crate::output::{OutputFile, OutputTree, SharedBytes};
use crate::resolve::SiteMap;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Results of the last good render, keyed by what they were computed from.
#[derive(Default, Clone)]
pub struct RenderMemo {
    /// Source path -> (input key, hash of what templates see, Markdown result).
    markdown: HashMap<String, (u64, u64, RenderedMarkdown)>,
    /// (input key, hash of what templates see) of each page, in page order, until `keep_markdown`.
    pub(crate) markdown_keys: Vec<(u64, u64)>,
    /// Output path -> key of the page HTML that `tree` holds there.
    pub(crate) pages: HashMap<String, u64>,
    /// The tree those pages were written into.
    pub tree: Arc<OutputTree>,
}

impl RenderMemo {
    /// Moves a page's Markdown result out when its key matches (no copy of the HTML).
    pub(crate) fn take_markdown(&mut self, source: &str, key: u64) -> Option<(u64, RenderedMarkdown)> {
        match self.markdown.remove(source) {
            Some((k, h, md)) if k == key => Some((h, md)),
            _ => None,
        }
    }

    /// Keeps the Markdown results of a finished build (moved, in page order) for the next one.
    pub fn keep_markdown(&mut self, site: &Site, markdown: Vec<RenderedMarkdown>) {
        let keys = std::mem::take(&mut self.markdown_keys);
        if keys.len() != markdown.len() {
            return;
        }
        for ((page, (k, h)), md) in site.pages.iter().zip(keys).zip(markdown) {
            self.markdown.insert(page.source.clone(), (k, h, md));
        }
    }

    /// Keeps this memo's Markdown but the page HTML keys and tree of `good` (after a failed build,
    /// whose pages were not served).
    pub fn with_pages_of(self, good: RenderMemo) -> RenderMemo {
        RenderMemo { markdown: self.markdown, markdown_keys: Vec::new(), pages: good.pages, tree: good.tree }
    }

    pub(crate) fn page(&self, out_path: &str, key: u64) -> Option<SharedBytes> {
        if self.pages.get(out_path) != Some(&key) {
            return None;
        }
        match self.tree.files.get(out_path) {
            Some(OutputFile::Bytes(b)) => Some(b.clone()),
            _ => None,
        }
    }
}

fn hasher() -> Digest {
    Digest::new()
}

/// Everything a page's links can resolve to, besides the page itself.
pub(crate) fn links_key(site: &Site, map: &SiteMap, base: &str) -> u64 {
    let mut h = hasher();
    base.hash(&mut h);
    format!("{:?}{:?}", site.config.markdown, site.config.check).hash(&mut h);
    for (page, info) in site.pages.iter().zip(&map.pages) {
        (&page.source, &info.url).hash(&mut h);
    }
    for a in &site.assets {
        (&a.source, &a.output, a.dimensions).hash(&mut h);
    }
    h.finish()
}

pub(crate) fn markdown_key(site: &Site, i: usize, links: u64) -> u64 {
    let page = &site.pages[i];
    let mut h = hasher();
    (links, &page.source, page.digest).hash(&mut h);
    h.finish()
}

/// A hash of the parts of a Markdown result that templates can see.
pub(crate) fn markdown_seen(md: &RenderedMarkdown) -> u64 {
    let mut h = hasher();
    (&md.html, &md.summary).hash(&mut h);
    for x in &md.headings {
        (x.level, &x.id, &x.title).hash(&mut h);
    }
    h.finish()
}

/// Inputs every page's HTML depends on: settings, templates, theme files, the whole tree.
pub(crate) fn site_key(site: &Site, map: &SiteMap, theme_assets: &std::collections::BTreeMap<String, String>) -> u64 {
    let mut h = hasher();
    format!("{:?}", site.config).hash(&mut h);
    site.templates.hash(&mut h);
    theme_assets.hash(&mut h);
    format!("{:?}{:?}{:?}{:?}", map.pages, map.reading_order, map.home, map.aliases).hash(&mut h);
    h.finish()
}

/// Inputs of one page's HTML beyond `site_key`.
pub(crate) fn page_key(
    site: &Site,
    map: &SiteMap,
    seen: &[u64],
    md: &[RenderedMarkdown],
    site_key: u64,
    i: usize,
) -> u64 {
    let page = &site.pages[i];
    let mut h = hasher();
    // The page's own text (front matter included) is in its digest.
    (site_key, seen[i], &page.source, page.is_section, page.digest).hash(&mut h);
    let pos = map.pages[i].position;
    let mut listed: Vec<usize> = map.pages[i].children.clone();
    listed.extend(map.ancestors(i));
    listed.extend(pos.checked_sub(1).and_then(|p| map.reading_order.get(p)));
    listed.extend(map.reading_order.get(pos + 1));
    for j in listed {
        (j, super::context::summary_of(site, md, j)).hash(&mut h);
    }
    h.finish()
}
