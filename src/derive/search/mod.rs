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
pub mod lang;
pub mod report;
pub mod shard;
pub mod text;

use crate::content::Site;
use crate::markdown::RenderedMarkdown;
use crate::output::SharedBytes;
use crate::resolve::{SiteMap, video_url};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A page as the index sees it. It borrows the site's text (a 10,000-page site has about 70 MB
/// of it, and `docent serve` looks at every page after each edit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPage<'a> {
    pub title: Cow<'a, str>,
    /// The page's URL, starting with the site's base path.
    pub url: String,
    /// Titles of the sections above the page, joined with " › ".
    pub breadcrumb: String,
    pub description: Cow<'a, str>,
    pub roles: Cow<'a, [String]>,
    pub sections: Cow<'a, [SearchSection]>,
    /// `markdown::sections_digest(&sections)` when the Markdown stage made it (the index's page
    /// key then reads it instead of every section's text); `None`: the index hashes them.
    pub sections_digest: Option<u64>,
    /// Where the sections wait when a build moved them to its temporary files
    /// (`RenderedMarkdown::spill_text`): `sections` is then empty, and the index reads them
    /// back page by page as it tokenizes (`SearchPage::with_text`).
    pub spilled_text: Option<crate::output::Staged>,
}

impl SearchPage<'_> {
    /// The page with its spilled sections read back, for the moment it is tokenized; `None` when
    /// nothing was spilled. A read that fails (the disk, not the site) stops the build: an
    /// index without the text would pass every check while finding nothing.
    pub fn with_text(&self) -> Option<SearchPage<'_>> {
        let staged = self.spilled_text.as_ref()?;
        let bytes = staged
            .read()
            .unwrap_or_else(|e| panic!("docent could not read a page's text back from its temporary files: {e}"));
        let sections = crate::markdown::read_spilled_sections(&bytes)
            .expect("a page's sections read back as this process wrote them");
        Some(SearchPage {
            title: Cow::Borrowed(&self.title),
            url: self.url.clone(),
            breadcrumb: self.breadcrumb.clone(),
            description: Cow::Borrowed(&self.description),
            roles: Cow::Borrowed(&self.roles),
            sections: Cow::Owned(sections),
            sections_digest: self.sections_digest,
            spilled_text: None,
        })
    }
}

/// The text under one heading (`id` is `None` for the text before the first heading), with the
/// audiences of a `::: only` block it is in (empty: everyone): the Markdown stage's sections.
pub use crate::markdown::TextSection as SearchSection;

/// What the index reads of a page's Markdown result: its sections, their digest
/// (`RenderedMarkdown::sections_digest`) and where their texts wait, if they were spilled.
#[derive(Default)]
pub struct PageText<'a> {
    pub sections: Cow<'a, [SearchSection]>,
    pub digest: Option<u64>,
    pub spilled: Option<crate::output::Staged>,
}

/// The searchable pages of a site, in the site's page order.
pub fn search_pages<'a>(site: &'a Site, map: &'a SiteMap, markdown: &'a [RenderedMarkdown]) -> Vec<SearchPage<'a>> {
    pages_with(site, &site.pages, map, markdown.len(), |i| PageText {
        sections: Cow::Borrowed(&markdown[i].sections),
        digest: markdown[i].sections_digest,
        spilled: markdown[i].spilled_text.clone(),
    })
}

/// `search_pages` of `site` whose pages are `site_pages`, the text of page `i` being `text(i)`.
/// Each page's description and audiences are copied (a few bytes), so that a build can drop
/// the pages before the index is made (`search_files_of_text`).
fn pages_with<'a>(
    site: &'a Site,
    site_pages: &[crate::content::Page],
    map: &'a SiteMap,
    rendered: usize,
    mut text: impl FnMut(usize) -> PageText<'a>,
) -> Vec<SearchPage<'a>> {
    let mut pages = Vec::new();
    for (i, page) in site_pages.iter().enumerate() {
        // Another language's index holds its own text only: an untranslated page (`fallback`)
        // is in the default language's index.
        if page.front.search == Some(false) || page.front.draft || page.fallback || i >= rendered {
            continue;
        }
        let text = text(i);
        let info = &map.pages[i];
        let ancestors = map.ancestors(i);
        let breadcrumb: Vec<&str> = ancestors.iter().map(|&a| map.pages[a].title.as_str()).collect();
        pages.push(SearchPage {
            title: Cow::Borrowed(&info.title),
            url: map.page_href(i),
            breadcrumb: breadcrumb.join(" › "),
            description: Cow::Owned(page.front.description.clone().unwrap_or_default()),
            roles: Cow::Owned(page.front.roles.clone()),
            sections: text.sections,
            sections_digest: text.digest,
            spilled_text: text.spilled,
        });
    }
    // Another language's index holds the transcripts in that language only.
    let own_language = |v: &&crate::videos::Video| {
        site.language
            .as_deref()
            .is_none_or(|code| v.main_captions().is_some_and(|c| crate::languages::same_language(&c.lang, code)))
    };
    pages.extend(site.videos.iter().filter(own_language).map(|v| video_page(v, map)));
    pages
}

/// A video as the index sees it: its transcript in groups of cues, each a section whose anchor
/// is the time (`t=95`), so that a result opens `/videos/NAME/#t=95` and plays from there.
fn video_page<'a>(video: &'a crate::videos::Video, map: &SiteMap) -> SearchPage<'a> {
    let sections: Vec<SearchSection> = video
        .transcript_groups()
        .into_iter()
        .map(|g| SearchSection {
            id: Some(format!("t={}", g.start)),
            heading: format!("Video at {}:{:02}", g.start / 60, g.start % 60),
            text: g.text,
            roles: Vec::new(),
        })
        .collect();
    SearchPage {
        title: Cow::Borrowed(&video.title),
        url: map.href(&video_url(&video.name)),
        breadcrumb: "Learn More videos".into(),
        description: Cow::Borrowed(&video.description),
        roles: Cow::Borrowed(&[]),
        sections: Cow::Owned(sections),
        sections_digest: None,
        spilled_text: None,
    }
}

/// The files of the search index: output path (`search/manifest.json`) -> bytes, in the site's
/// `language`. A `[search] help_page` that names no page is left out (`resolve` reports it).
pub fn search_files(site: &Site, map: &SiteMap, markdown: &[RenderedMarkdown]) -> BTreeMap<String, Vec<u8>> {
    one_shot(site, map, search_pages(site, map, markdown))
}

/// Each page's text (`RenderedMarkdown::sections`, their digest and spilled texts), moved out
/// of `markdown` for `search_files_of_text`: the results can then be dropped.
pub fn take_text(markdown: &mut [RenderedMarkdown]) -> Vec<PageText<'static>> {
    markdown
        .iter_mut()
        .map(|m| PageText {
            sections: Cow::Owned(std::mem::take(&mut m.sections)),
            digest: m.sections_digest,
            spilled: m.spilled_text.take(),
        })
        .collect()
}

/// `search_files` of the text `take_text` moved out of `markdown`, which the index frees batch
/// by batch as it reads it (`docent build`, where nothing reads the text after the index). With
/// `spill`, the pages' result documents and the result shards wait there rather than in memory,
/// and the result shards are listed as `OutputFile::Staged`; the bytes are the same. Nothing
/// reads the site's pages after the index either: they are dropped before it is made (at
/// 100,000 pages they were 90 MB of the search stage's peak), and `site.pages` is left empty.
pub fn search_files_of_text(
    site: &mut Site,
    map: &SiteMap,
    mut text: Vec<PageText<'static>>,
    spill: Option<Arc<crate::output::StagingFiles>>,
) -> BTreeMap<String, crate::output::OutputFile> {
    let site_pages = std::mem::take(&mut site.pages);
    let site = &*site;
    let pages = pages_with(site, &site_pages, map, text.len(), |i| std::mem::take(&mut text[i]));
    drop(site_pages);
    let mut memo = index::IndexMemo::one_shot_spilling(spill);
    let files = index_files(site, map, pages, &mut memo);
    let spilled = std::mem::take(&mut memo.spilled_files);
    drop(memo);
    let held = files.into_iter().map(|(path, bytes)| (path, crate::output::OutputFile::Bytes(bytes)));
    let staged = spilled.into_iter().map(|(name, s)| (format!("search/{name}"), crate::output::OutputFile::Staged(s)));
    held.chain(staged).collect()
}

/// The files of a one-shot index of `pages`.
fn one_shot(site: &Site, map: &SiteMap, pages: Vec<SearchPage>) -> BTreeMap<String, Vec<u8>> {
    let mut memo = index::IndexMemo::one_shot();
    let files = index_files(site, map, pages, &mut memo);
    // Without the memo, each file's bytes have one owner: no copy.
    drop(memo);
    files.into_iter().map(|(path, bytes)| (path, Arc::unwrap_or_clone(bytes))).collect()
}

/// `search_files`, updating the index of an earlier build (`docent serve`): the work is
/// proportional to the changed pages, and unchanged files share the earlier build's bytes.
pub fn search_files_with(
    site: &Site,
    map: &SiteMap,
    markdown: &[RenderedMarkdown],
    memo: &mut index::IndexMemo,
) -> BTreeMap<String, SharedBytes> {
    let t = crate::timing::stage("search: pages");
    let pages = search_pages(site, map, markdown);
    drop(t);
    index_files(site, map, pages, memo)
}

/// The files of the index of `pages`, under `search/`.
fn index_files(
    site: &Site,
    map: &SiteMap,
    mut pages: Vec<SearchPage>,
    memo: &mut index::IndexMemo,
) -> BTreeMap<String, SharedBytes> {
    let help = map.help_page.map(|p| (map.pages[p].title.clone(), map.page_href(p)));
    let settings = IndexSettings {
        help: help.as_ref().map(|(title, url)| (title.as_str(), url.as_str())),
        synonyms: &site.config.search.synonyms,
        report_url: site.config.search.report_url.as_deref(),
    };
    // A language's view (`languages::view`) carries its code; the default language has none.
    let language = site.language.as_deref().unwrap_or(&site.config.language);
    let files = language_index(&mut pages, language, &settings, memo);
    files.into_iter().map(|(name, bytes)| (format!("search/{name}"), bytes)).collect()
}

/// What goes into an index's manifest besides its pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexSettings<'a> {
    /// The page to suggest when nothing is found: (title, URL).
    pub help: Option<(&'a str, &'a str)>,
    /// `[search] synonyms`, as written (analysed here in the index's language).
    pub synonyms: &'a [Vec<String>],
    /// `[search] report_url`.
    pub report_url: Option<&'a str>,
}

/// One language's search index: the files of its folder, named relative to it (`manifest.json`,
/// `t-HASH.json`, `d-HASH-N.json`), for pages in `language` (a tag such as `es` or `pt-BR`: its
/// stop words and stemmer, `lang::for_tag`). Call it once per language and put each under its
/// own folder (`search/`, `es/search/`), which the page's search form names in `data-index`; the
/// client reads the language's rules from the manifest, so an index adds nothing to another
/// language's downloads. `memo` keeps the last call's index: keep one per language.
pub fn language_index(
    pages: &mut [SearchPage],
    language: &str,
    settings: &IndexSettings,
    memo: &mut index::IndexMemo,
) -> BTreeMap<String, SharedBytes> {
    let analysis = lang::for_tag(language);
    let synonyms = text::synonym_groups(settings.synonyms, analysis);
    let extras = shard::ManifestExtras {
        lang: language,
        rules: analysis,
        help: settings.help,
        synonyms: &synonyms,
        report: settings.report_url,
    };
    index::files(pages, analysis, &extras, &shard::Limits::default(), memo)
}

/// Problems with the `[search]` settings.
/// (`help_page` is resolve's: it owns every name that points at a page.)
pub fn check_config(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    report::check_settings(&site.config.search, lang::for_tag(&site.config.language))
}

/// True for the files `search_files` writes (the index, not the `/search/` page), for the
/// default language (`search/`) or another (`CODE/search/`, CODE a language tag such as `es`
/// or `pt-BR`).
pub fn is_index_file(path: &str) -> bool {
    let in_search = |rest: &str| rest.strip_prefix("search/").is_some_and(|n| n.ends_with(".json") && !n.contains('/'));
    in_search(path) || path.split_once('/').is_some_and(|(code, rest)| is_language_tag(code) && in_search(rest))
}

fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, text: &str) -> SearchPage<'static> {
        SearchPage {
            title: title.to_string().into(),
            url: "/p/".into(),
            sections: vec![SearchSection { id: None, heading: String::new(), text: text.into(), ..Default::default() }]
                .into(),
            ..Default::default()
        }
    }

    fn terms_of(files: &BTreeMap<String, SharedBytes>) -> Vec<String> {
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        let mut out = Vec::new();
        for hash in manifest["terms"].as_array().unwrap() {
            let shard: Vec<String> =
                serde_json::from_slice(&files[&format!("t-{}.json", hash.as_str().unwrap())]).unwrap();
            out.extend(shard.into_iter().step_by(2));
        }
        out
    }

    #[test]
    fn each_language_index_uses_its_own_rules_and_says_which() {
        let synonyms = vec![vec!["clave".to_string(), "contraseñas".to_string()]];
        let settings = IndexSettings { synonyms: &synonyms, ..Default::default() };
        let pt = language_index(
            &mut [page("Redefinir a senha", "As senhas das usuárias")],
            "pt-BR",
            &settings,
            &mut index::IndexMemo::default(),
        );
        let manifest: serde_json::Value = serde_json::from_slice(&pt["manifest.json"]).unwrap();
        assert_eq!(manifest["lang"], "pt-BR");
        assert_eq!(manifest["rules"], lang::PORTUGUESE.rules());
        assert_eq!(terms_of(&pt), ["redefin", "senh", "usuari"], "das and as are Portuguese stop words");
        // The same memo across languages never hands one language's terms to another.
        let mut memo = index::IndexMemo::default();
        let same = [page("Contraseñas", "contraseñas")];
        let es = language_index(&mut same.clone(), "es", &settings, &mut memo);
        let en = language_index(&mut same.clone(), "en", &settings, &mut memo);
        assert_eq!((terms_of(&es), terms_of(&en)), (vec!["contras".to_string()], vec!["contrasena".to_string()]));
        let es: serde_json::Value = serde_json::from_slice(&es["manifest.json"]).unwrap();
        assert_eq!(es["syn"], serde_json::json!([[["clav"], ["contras"]]]));
    }
}
