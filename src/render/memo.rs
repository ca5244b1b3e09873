//! What a previous render can lend the next one, so that `serve` re-renders only what a change
//! touches (a full build starts with an empty memo and renders everything).
//!
//! Keys are complete by construction: they are made from what a computation reads, not from a
//! list of inputs someone must keep up to date.
//! - A page's Markdown reads its `MarkdownInput` and, through the `Links` trait, the rest of the
//!   site (`render::links::LinkWorld`, the only thing `SiteLinks` can read). The input and the
//!   world are digested; every question the render asked of `Links` is recorded with its answer
//!   (`Recorder`). The result is reused when the input is the same and either the world is the
//!   same (the common case: one page edited) or each recorded question, asked again of the new
//!   world, gets the same answer (a page added elsewhere, a title changed).
//! - A page's HTML reads its template (with the templates it includes) and the template context,
//!   which is made from one serializable value (`render::PageView`). Its key digests the
//!   templates, the template's name and that value (`digest::of_serialized`).
//! - The menus (`nav::menu_html`, a function of the `SiteMap` and the page) are kept while the
//!   digest of the `SiteMap` is the same.
//!
//! The HTML bytes themselves are not copied here: they are read back from the tree the previous
//! render went into. With `StagingFiles` (`serve`), `keep_markdown` moves each page's Markdown HTML
//! to the staging files and keeps a handle (`MarkdownReads::kept`): a reused result's `html` is
//! then empty, and render reads the text back only for a page it renders again. Each page's
//! menu is kept as its digest only (the page keys read nothing else of it).

use crate::content::Site;
use crate::markdown::{LinkError, Links, Rewritten, Snippet};
use crate::markdown::{MarkdownInput, RenderedMarkdown};
use crate::output::{OutputFile, OutputTree, Staged, StagingFiles};
use std::cell::RefCell;
use std::sync::Arc;

pub(crate) use crate::digest::FastMap;

/// Results of the last good render, keyed by what they were computed from.
#[derive(Default, Clone)]
pub struct RenderMemo {
    /// Each page's Markdown and what it was computed from, with its source path, in the page
    /// order of the render that made them (`take_markdown` pairs them with the next render's
    /// pages by position when the pages are the same, by source path otherwise).
    markdown: Vec<(String, MarkdownMemo)>,
    /// What each page's Markdown read, in page order, until `keep_markdown` pairs it with the
    /// results.
    pub(crate) markdown_reads: Vec<MarkdownReads>,
    /// Output path -> key of the page HTML that `tree` holds there.
    pub(crate) pages: FastMap<String, u64>,
    /// Each page's menu digest, and the digest of the `SiteMap` they were made from.
    pub(crate) menus: Option<(u64, Menus)>,
    /// The tree those pages were written into.
    pub tree: Arc<OutputTree>,
    /// Each other language's memo, by code (its pages are in `tree` under `CODE/`).
    pub languages: std::collections::BTreeMap<String, RenderMemo>,
    /// Where this memo's pages are in `tree`: empty for the default language, `CODE/` for another.
    pub prefix: String,
    /// `derive::derive_files` (sitemap, URL manifest, redirects), with the digest of what they
    /// read (`lib::derived_files`).
    pub(crate) derived: Option<(u64, Vec<(String, crate::output::SharedBytes)>)>,
    /// The last `resolve` (`lib::resolved`): its `resolve::input_key`, the map and its
    /// diagnostics, and the map's digest.
    pub(crate) resolved: Option<Resolved>,
}

/// A `SiteMap` kept for the next render (`RenderMemo::resolved`).
#[derive(Clone)]
pub(crate) struct Resolved {
    pub key: u64,
    pub map: crate::resolve::SiteMap,
    pub diags: Vec<crate::diagnostics::Diagnostic>,
    pub map_key: Option<u64>,
}

/// The digest of each page's menu HTML, same index as `Site::pages`.
pub(crate) type Menus = Arc<Vec<u64>>;

/// What one page's Markdown render read: its input's digest, the digest of the world its links
/// were answered from, and every answer `Links` gave.
#[derive(Clone, Default)]
pub(crate) struct MarkdownReads {
    pub input: Option<u64>,
    pub world: Option<u64>,
    pub asked: Vec<Asked>,
    /// `Digest::of` the result's HTML (what `PageContext::content` is keyed by).
    pub html: u64,
    /// The result's HTML in `serve`'s staging files, when `keep_markdown` moved it there (the
    /// result's `html` is then empty).
    pub kept: Option<Staged>,
}

#[derive(Clone)]
struct MarkdownMemo {
    reads: MarkdownReads,
    result: RenderedMarkdown,
}

/// One question the Markdown stage asked of `Links`, with the answer it got.
#[derive(Clone, PartialEq, Debug)]
pub(crate) enum Asked {
    Rewrite(String, Result<Rewritten, LinkError>),
    ImageSize(String, Option<(u32, u32)>),
    VideoEmbed(String, Result<String, LinkError>),
    /// An include: asked again even when the world digests the same, since the world's key
    /// leaves out the texts of pages and snippets.
    Snippet(String, Result<Snippet, LinkError>),
}

impl Asked {
    /// True when `links` still gives the recorded answer.
    fn same_answer(&self, links: &dyn Links) -> bool {
        match self {
            Asked::Rewrite(dest, answer) => &links.rewrite(dest) == answer,
            Asked::ImageSize(dest, answer) => &links.image_size(dest) == answer,
            Asked::VideoEmbed(name, answer) => &links.video_embed(name) == answer,
            Asked::Snippet(path, answer) => &links.snippet(path) == answer,
        }
    }
}

/// A `Links` that answers through another and writes down every question and answer.
pub(crate) struct Recorder<'a> {
    links: &'a dyn Links,
    asked: RefCell<Vec<Asked>>,
}

impl<'a> Recorder<'a> {
    pub fn new(links: &'a dyn Links) -> Recorder<'a> {
        Recorder { links, asked: RefCell::new(Vec::new()) }
    }
    pub fn into_asked(self) -> Vec<Asked> {
        self.asked.into_inner()
    }
}

impl Links for Recorder<'_> {
    fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
        let answer = self.links.rewrite(dest);
        self.asked.borrow_mut().push(Asked::Rewrite(dest.to_string(), answer.clone()));
        answer
    }
    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        let answer = self.links.image_size(dest);
        self.asked.borrow_mut().push(Asked::ImageSize(dest.to_string(), answer));
        answer
    }
    fn video_embed(&self, name: &str) -> Result<String, LinkError> {
        let answer = self.links.video_embed(name);
        self.asked.borrow_mut().push(Asked::VideoEmbed(name.to_string(), answer.clone()));
        answer
    }
    fn snippet(&self, path: &str) -> Result<Snippet, LinkError> {
        let answer = self.links.snippet(path);
        self.asked.borrow_mut().push(Asked::Snippet(path.to_string(), answer.clone()));
        answer
    }
}

/// The digest of everything a Markdown render reads besides `Links`: its input. Not the page's
/// place in the site (links answer with source paths), so a page added or removed elsewhere
/// leaves the key as it was.
pub(crate) fn markdown_input_key(input: &MarkdownInput) -> Option<u64> {
    crate::digest::of_serialized(input)
}

/// A page's previous Markdown, taken out of the memo to be checked (`reuse`).
pub(crate) struct PriorMarkdown(MarkdownMemo);

impl PriorMarkdown {
    /// The previous result, when it read the same input and its links are answered from the
    /// same world, or answer every question it asked the same way; else `None`.
    pub fn reuse(
        self,
        input: Option<u64>,
        world: Option<u64>,
        links: &dyn Links,
    ) -> Option<(MarkdownReads, RenderedMarkdown)> {
        let MarkdownMemo { mut reads, result } = self.0;
        if input.is_none() || reads.input != input {
            return None;
        }
        let same_world = world.is_some() && reads.world == world;
        let to_ask = |a: &&Asked| !same_world || matches!(a, Asked::Snippet(..));
        if !reads.asked.iter().filter(to_ask).all(|a| a.same_answer(links)) {
            return None;
        }
        reads.world = world;
        Some((reads, result))
    }
}

impl RenderMemo {
    /// Moves each page's previous Markdown out of the memo (no copy of the HTML), in the order
    /// of `pages`. The common case (one page edited) has the same pages in the same order: then
    /// no lookup at all, where a table by source path cost 10 ms at 10,000 pages.
    pub(crate) fn take_markdown(&mut self, pages: &[crate::content::Page]) -> Vec<Option<PriorMarkdown>> {
        let kept = std::mem::take(&mut self.markdown);
        if kept.len() == pages.len() && kept.iter().zip(pages).all(|((source, _), p)| *source == p.source) {
            return kept.into_iter().map(|(_, m)| Some(PriorMarkdown(m))).collect();
        }
        let mut by_source: FastMap<String, MarkdownMemo> = kept.into_iter().collect();
        pages.iter().map(|p| by_source.remove(&p.source).map(PriorMarkdown)).collect()
    }

    /// Keeps the Markdown results of a finished build (moved, in page order) for the next one,
    /// their HTML and search text in `staging` when there is one (else in memory).
    pub fn keep_markdown(&mut self, site: &Site, markdown: Vec<RenderedMarkdown>, staging: Option<&StagingFiles>) {
        let reads = std::mem::take(&mut self.markdown_reads);
        if reads.len() != markdown.len() || site.pages.len() != markdown.len() {
            return;
        }
        self.markdown = Vec::with_capacity(site.pages.len());
        for ((page, mut reads), mut result) in site.pages.iter().zip(reads).zip(markdown) {
            if let (Some(staging), None) = (staging, &reads.kept) {
                // Kept in memory when it cannot be written (a full disk): still correct.
                if let Ok(kept) = staging.put(result.html.as_bytes()) {
                    reads.kept = Some(kept);
                    result.html = String::new();
                }
            }
            // The search text too (70 MB at 10,000 pages): the index reads it back only for a
            // page it tokenizes again (`SearchPage::with_text`). A result reused from an earlier
            // build already has it there.
            if let Some(staging) = staging {
                result.spill_text(staging);
            }
            self.markdown.push((page.source.clone(), MarkdownMemo { reads, result }));
        }
    }

    /// Keeps this memo's Markdown but the page HTML keys and tree of `good` (after a failed build,
    /// whose pages were not served).
    pub fn with_pages_of(self, mut good: RenderMemo) -> RenderMemo {
        let languages = self
            .languages
            .into_iter()
            .map(|(code, memo)| {
                let good = good.languages.remove(&code).unwrap_or_default();
                (code, memo.with_pages_of(good))
            })
            .collect();
        RenderMemo {
            markdown: self.markdown,
            markdown_reads: Vec::new(),
            pages: good.pages,
            menus: self.menus,
            tree: good.tree,
            languages,
            prefix: self.prefix,
            derived: self.derived,
            resolved: self.resolved,
        }
    }

    /// Says which tree this memo's (and every language's) pages were written into.
    pub fn set_tree(&mut self, tree: Arc<OutputTree>) {
        for memo in self.languages.values_mut() {
            memo.set_tree(tree.clone());
        }
        self.tree = tree;
    }

    /// The file the previous render made at `out_path` (its bytes or their staged copy), if it
    /// was made with `key`.
    pub(crate) fn page(&self, out_path: &str, key: Option<u64>) -> Option<OutputFile> {
        let key = key?;
        if self.pages.get(out_path) != Some(&key) {
            return None;
        }
        let found = if self.prefix.is_empty() {
            self.tree.files.get(out_path)
        } else {
            self.tree.files.get(&format!("{}{out_path}", self.prefix))
        };
        match found {
            Some(file @ (OutputFile::Bytes(_) | OutputFile::Staged(_))) => Some(file.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(&'static str);
    impl Links for Fixed {
        fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
            Ok(Rewritten { url: format!("{}{dest}", self.0), anchor: None })
        }
        fn image_size(&self, _: &str) -> Option<(u32, u32)> {
            None
        }
    }

    #[test]
    fn each_page_gets_its_own_previous_markdown_whatever_the_order() {
        let site = crate::content::test_site(&[("a.md", "A"), ("b.md", "B"), ("c.md", "C")]);
        let pages = &site.pages;
        let memo_of = |pages: &[crate::content::Page]| RenderMemo {
            markdown: pages
                .iter()
                .map(|p| {
                    let reads = MarkdownReads {
                        input: Some(crate::digest::Digest::of(p.source.as_bytes())),
                        ..Default::default()
                    };
                    (p.source.clone(), MarkdownMemo { reads, result: Default::default() })
                })
                .collect(),
            ..Default::default()
        };
        let inputs = |prior: Vec<Option<PriorMarkdown>>| -> Vec<Option<u64>> {
            prior.into_iter().map(|p| p.and_then(|p| p.0.reads.input)).collect()
        };
        let expected = |pages: &[&crate::content::Page]| -> Vec<Option<u64>> {
            pages.iter().map(|p| Some(crate::digest::Digest::of(p.source.as_bytes()))).collect()
        };
        let all: Vec<&crate::content::Page> = pages.iter().collect();
        assert_eq!(inputs(memo_of(pages).take_markdown(pages)), expected(&all), "the same pages");
        let reversed: Vec<crate::content::Page> = pages.iter().rev().cloned().collect();
        let rev: Vec<&crate::content::Page> = reversed.iter().collect();
        assert_eq!(inputs(memo_of(pages).take_markdown(&reversed)), expected(&rev), "another order");
        let mut fewer = memo_of(&pages[1..]);
        assert_eq!(inputs(fewer.take_markdown(pages)), [None, expected(&all)[1], expected(&all)[2]], "a new page");
        assert!(fewer.markdown.is_empty(), "taken, not copied");
    }

    #[test]
    fn a_markdown_key_follows_what_every_page_shares() {
        // Prehashed in the input: digested once per render, still part of every page's key.
        use crate::digest::Prehashed;
        let options = crate::config::MarkdownConfig::default();
        let (plain, labels) = (crate::markdown::Toolkit::default(), crate::markdown::Labels::default());
        let mut vars = crate::markdown::Toolkit::default();
        vars.vars.insert("desk".into(), "https://desk.example.org/".into());
        let mut renamed = labels.clone();
        renamed.copy = "Copier".into();
        let key = |toolkit: &crate::markdown::Toolkit, labels: &crate::markdown::Labels| {
            let input = MarkdownInput {
                source: "content/a.md",
                body: "Hi",
                text_digest: 1,
                body_line: 1,
                options: Prehashed::of(&options),
                title_heading: false,
                audience: None,
                toolkit: Prehashed::of(toolkit),
                labels: Prehashed::of(labels),
            };
            markdown_input_key(&input)
        };
        assert!(key(&plain, &labels).is_some());
        assert_eq!(key(&plain, &labels), key(&crate::markdown::Toolkit::default(), &labels.clone()));
        assert_ne!(key(&vars, &labels), key(&plain, &labels), "a variable");
        assert_ne!(key(&plain, &renamed), key(&plain, &labels), "a label");
    }

    #[test]
    fn a_recorded_render_is_reused_only_while_links_answer_the_same() {
        let first = Fixed("/a/");
        let recorder = Recorder::new(&first);
        assert_eq!(recorder.rewrite("x.md").unwrap().url, "/a/x.md");
        assert!(recorder.video_embed("intro").is_err());
        let reads = MarkdownReads { input: Some(1), world: Some(7), asked: recorder.into_asked(), html: 0, kept: None };
        let prior =
            |reads: &MarkdownReads| PriorMarkdown(MarkdownMemo { reads: reads.clone(), result: Default::default() });
        assert!(prior(&reads).reuse(Some(1), Some(7), &Fixed("/b/")).is_some(), "the same world");
        assert!(prior(&reads).reuse(Some(1), Some(8), &Fixed("/a/")).is_some(), "the same answers");
        assert!(prior(&reads).reuse(Some(2), Some(7), &Fixed("/a/")).is_none(), "another input");
        assert!(prior(&reads).reuse(Some(1), Some(8), &Fixed("/b/")).is_none(), "another answer");
        assert!(prior(&reads).reuse(None, Some(7), &Fixed("/a/")).is_none(), "no key, no reuse");
        assert!(prior(&reads).reuse(Some(1), None, &Fixed("/b/")).is_none(), "no world key: answers count");
    }
}
