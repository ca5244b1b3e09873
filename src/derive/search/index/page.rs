//! What one page contributes to the index: its terms, their scores per section and its result
//! document (`PageRecord`), made from the page alone so that `docent serve` keeps the records of
//! pages that did not change.

use super::super::text::for_each_index_term;
use super::*;

const TITLE: f64 = 6.0;
const HEADING: f64 = 5.0;
const DESCRIPTION: f64 = 2.0;
const BREADCRUMB: f64 = 1.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// BM25's average section length, in terms. A constant rather than the site's average, so that
/// no edit changes the score of another page (help pages' sections are short: the example site
/// averages 23 terms).
const AVG_LEN: f64 = 32.0;
/// Sections of a page beyond this are not indexed (a posting packs the section into 26 bits).
const MAX_SECTIONS: usize = 1 << 26;

/// Turns a score into 1..=63 on a log scale (about 15% per step).
pub fn quantize(score: f64) -> u8 {
    ((1.0 + score * 8.0).log2() * 5.0).round().clamp(1.0, 63.0) as u8
}

#[derive(Default, Clone, Copy)]
struct Fields {
    in_title: bool,
    in_heading: bool,
    in_description: bool,
    in_breadcrumb: bool,
    body: u32,
}

/// A page's distinct terms, in one buffer, with a table that finds a term's number without a
/// `String` per term (a page has hundreds; a 10,000-page site millions).
#[derive(Default)]
pub(super) struct PageDictionary {
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    pub(super) by_hash: FastMap<u64, u32>,
    /// Terms whose hash another term already has (rare).
    pub(super) clashes: Vec<u32>,
}

impl PageDictionary {
    pub(super) fn term(&self, id: u32) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id as usize - 1] as usize };
        &self.text[start..self.ends[id as usize] as usize]
    }

    pub(super) fn intern(&mut self, t: &str) -> u32 {
        let h = Digest::of(t.as_bytes());
        if let Some(&id) = self.by_hash.get(&h) {
            if self.term(id) == t {
                return id;
            }
            if let Some(&id) = self.clashes.iter().find(|&&id| self.term(id) == t) {
                return id;
            }
            let id = self.push(t);
            self.clashes.push(id);
            return id;
        }
        let id = self.push(t);
        self.by_hash.insert(h, id);
        id
    }

    /// Keeps only what numbering reads (the terms), at its size: every page's dictionary is held
    /// until the pages are numbered in order, and the lookup table was most of it (at 100,000
    /// pages tokenizing grew the build by 1.4 GB).
    pub(super) fn into_terms(mut self) -> PageDictionary {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        PageDictionary { text: self.text, ends: self.ends, ..Default::default() }
    }

    pub(super) fn push(&mut self, t: &str) -> u32 {
        self.text.push_str(t);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }
}

/// What one page contributes to the index; depends on the page alone, so that `serve` keeps it
/// for pages that did not change.
pub(super) struct PageRecord {
    /// `page_key` of the page.
    pub(super) key: u64,
    /// Postings with the site's term numbers, sorted.
    pub(super) postings: Vec<PagePosting>,
    pub(super) sections: u32,
    /// The page's result document (JSON); empty once `spill_doc` moved it to `spilled_doc`.
    pub(super) doc: Vec<u8>,
    /// The result document, on disk until its shard is made (a one-shot build with a spill:
    /// every page's document was 300 MB at 100,000 pages, held until the last page's).
    pub(super) spilled_doc: Option<crate::output::Staged>,
    /// The sections only some audiences see (`::: only`): section number and roles, for the
    /// manifest (`shard::section_roles`). Kept here because the page's sections are read back
    /// from the spill only while it is tokenized.
    pub(super) only: Vec<(u32, Vec<String>)>,
}

impl PageRecord {
    /// Moves the result document to `files` (kept in memory if the write fails).
    pub(super) fn spill_doc(&mut self, files: &crate::output::StagingFiles) {
        if let Ok(staged) = files.put(&self.doc) {
            self.doc = Vec::new();
            self.spilled_doc = Some(staged);
        }
    }

    pub(super) fn doc_len(&self) -> usize {
        self.spilled_doc.as_ref().map_or(self.doc.len(), |s| s.len())
    }

    /// The result document, read back if it was spilled. A read that fails (the disk, not the
    /// site) stops the build rather than publish an index whose results are missing.
    pub(super) fn doc(&self) -> Cow<'_, [u8]> {
        match &self.spilled_doc {
            Some(staged) => Cow::Owned(staged.read().unwrap_or_else(|e| {
                panic!("docent could not read a search result back from its temporary files: {e}")
            })),
            None => Cow::Borrowed(&self.doc),
        }
    }
}

/// A digest of everything `page_terms` reads. `serve` computes it for every page after each
/// edit: the sections, most of a page's bytes, by the digest the Markdown stage made of them
/// (`SearchPage::sections_digest`), hashed here only when there is none.
pub(super) fn page_key(page: &SearchPage, lang: &Analysis) -> u64 {
    let mut h = Digest::new();
    (lang.name, &page.title, &page.url, &page.description, &page.breadcrumb, &page.roles).hash(&mut h);
    let sections = page.sections_digest.unwrap_or_else(|| crate::markdown::sections_digest(&page.sections));
    h.write_u64(sections);
    h.finish()
}

/// Tokenizes a page: its dictionary, and its record with the page's own term numbers.
pub(super) fn page_terms(
    page: &SearchPage,
    key: u64,
    lang: &Analysis,
    limits: &Limits,
) -> (PageDictionary, PageRecord) {
    let mut dict = PageDictionary::default();
    let mut page_wide: Vec<(u32, Fields)> = Vec::new();
    let mut mark = |text: &str, set: fn(&mut Fields), dict: &mut PageDictionary| {
        for_each_index_term(text, lang, |t| {
            let id = dict.intern(t);
            match page_wide.iter_mut().find(|(i, _)| *i == id) {
                Some((_, f)) => set(f),
                None => {
                    let mut f = Fields::default();
                    set(&mut f);
                    page_wide.push((id, f));
                }
            }
        });
    };
    mark(&page.title, |f| f.in_title = true, &mut dict);
    mark(&page.description, |f| f.in_description = true, &mut dict);
    mark(&page.breadcrumb, |f| f.in_breadcrumb = true, &mut dict);
    // Where each term sits in the current section's list: (section number + 1, index).
    let mut slot: Vec<(u32, u32)> = Vec::new();
    let mut postings: Vec<PagePosting> = Vec::new();
    let mut fields: Vec<(u32, Fields)> = Vec::new();
    let sections = page.sections.len().min(MAX_SECTIONS);
    for (s, section) in page.sections[..sections].iter().enumerate() {
        let stamp = s as u32 + 1;
        fields.clear();
        let mut len = 0u32;
        let mut add = |id: u32, change: &dyn Fn(&mut Fields)| {
            let id_us = id as usize;
            if slot.len() <= id_us {
                slot.resize(id_us + 1, (0, 0));
            }
            if slot[id_us].0 != stamp {
                slot[id_us] = (stamp, fields.len() as u32);
                fields.push((id, Fields::default()));
            }
            change(&mut fields[slot[id_us].1 as usize].1);
        };
        for &(id, f) in &page_wide {
            add(id, &|x: &mut Fields| {
                x.in_title |= f.in_title;
                x.in_description |= f.in_description;
                x.in_breadcrumb |= f.in_breadcrumb;
            });
        }
        for_each_index_term(&section.heading, lang, |t| add(dict.intern(t), &|x: &mut Fields| x.in_heading = true));
        for_each_index_term(&section.text, lang, |t| {
            len += 1;
            add(dict.intern(t), &|x: &mut Fields| x.body += 1);
        });
        let norm = K1 * (1.0 - B + B * f64::from(len) / AVG_LEN);
        for &(id, f) in &fields {
            let tf = f64::from(f.body);
            let body = tf * (K1 + 1.0) / (tf + norm);
            let weight = TITLE * f64::from(u8::from(f.in_title))
                + HEADING * f64::from(u8::from(f.in_heading))
                + DESCRIPTION * f64::from(u8::from(f.in_description))
                + BREADCRUMB * f64::from(u8::from(f.in_breadcrumb))
                + body;
            postings.push((u64::from(id) << 32) | (u64::from(s as u32) << 6) | u64::from(quantize(weight)));
        }
    }
    let mut doc = shard::doc(page, limits.section_text);
    // `serve` keeps every page's record (serde_json's buffer left room: 52 MB held for 30 MB
    // of documents at 10,000 pages).
    doc.shrink_to_fit();
    // Every page's dictionary lives until its terms are numbered: keep only the terms (the
    // lookup table was about half of the search stage's peak memory).
    dict.by_hash = FastMap::default();
    postings.shrink_to_fit();
    let only = page
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.roles.is_empty())
        .map(|(n, s)| (n as u32, s.roles.clone()))
        .collect();
    (dict, PageRecord { key, postings, sections: sections as u32, doc, spilled_doc: None, only })
}
