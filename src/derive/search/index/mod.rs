//! The inverted index: term -> the sections that contain it, each with a score, kept up to date
//! page by page.
//!
//! Scores are computed here, not in the browser, so that the client downloads one small number
//! per (term, section) instead of field lengths and frequencies. A section's score for a term is
//! `6·in title + 5·in heading + 2·in description + 1·in breadcrumb + BM25 of the body`, quantized
//! on a log scale to 1..=63 (one character in the shard files): a title or heading match
//! outweighs any amount of body text, which is what puts "the page whose title or heading
//! matches" first. The score depends on the section's page alone (BM25's average length is a
//! constant, `page::AVG_LEN`), and the client multiplies it by the term's idf, from the term's
//! section count (stored with its postings) and the site's (in the manifest). So an edit changes
//! the postings of the edited page's terms only, and `docent serve` updates just those terms,
//! their shards and the edited page's result shard group (`IndexMemo`), while a cold build and
//! an update give the same bytes.
//!
//! Very common terms keep only their `max_postings` best-scoring sections: on a 10,000-page site
//! "password" may be in 50,000 sections, and a reader wants the best few, not a megabyte.

mod files;
mod page;
pub use files::files;
pub use page::quantize;
use page::{PageDictionary, PageRecord, page_key, page_terms};

use super::SearchPage;
use super::lang::Analysis;
use super::shard::{self, Limits, ManifestExtras};
use crate::digest::Digest;
use crate::output::SharedBytes;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Term-keyed maps hash with `Digest` (std's SipHash made hashing most of the index's time).
use crate::digest::FastMap;

/// One section that contains a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    /// Index into the searchable pages.
    pub page: u32,
    /// Index into that page's sections.
    pub section: u32,
    /// Quantized score, 1..=63.
    pub score: u8,
}

/// Term -> postings ordered by (page, section).
pub type Index = BTreeMap<String, Vec<Posting>>;

/// Postings kept for a term found in very many sections.
pub const MAX_POSTINGS: usize = 1200;
/// A posting of one page: term number (the page's own, then the site's) in the high half,
/// `section << 6 | score` in the low half. Sorted, they are in (term, section) order.
type PagePosting = u64;
/// A posting of one term: page in the high half, `section << 6 | score` in the low half. Sorted,
/// they are in (page, section) order, as the shards want them.
type TermPosting = u64;

fn unpack(p: TermPosting) -> Posting {
    Posting { page: (p >> 32) as u32, section: ((p as u32) >> 6), score: (p & 63) as u8 }
}

/// Language, `max_postings` and `Limits` of an `IndexMemo`'s state.
type Setting = (&'static str, usize, (usize, usize, usize, usize));

/// The index state kept between builds (`docent serve`), and the working state of one build:
/// each page's record, one number per term ever seen, each term's postings (all of them, so that
/// removing a page's posting brings back the next best) and encoded shard entry, and the shards
/// of the last build by a digest of their content. Keep one per language.
#[derive(Default)]
pub struct IndexMemo {
    /// What the state was built with: language, `max_postings`, limits.
    setting: Option<Setting>,
    numbers: FastMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
    /// `Digest::of` each name, made once when the term is numbered: the shard cuts read every
    /// term's on each update (`files::term_shards`).
    name_digests: Vec<u64>,
    pages: Vec<Arc<PageRecord>>,
    postings: Vec<Vec<TermPosting>>,
    /// Each term's section count, when `one_shot` keeps only its best postings (else the length
    /// of its list in `postings`).
    totals: Vec<u32>,
    /// A term's shard entry (`"term","postings"`) and its digest; empty for a term in no section.
    entries: Vec<(Vec<u8>, u64)>,
    /// Terms with postings, in JavaScript's string order.
    order: Vec<u32>,
    term_shards: FastMap<u64, (String, SharedBytes)>,
    doc_groups: FastMap<u64, (String, Vec<SharedBytes>)>,
    /// For one build only (`docent build`): each stage frees what only a next update would
    /// read, so that the index never holds its postings twice.
    one_shot: bool,
    /// Pages tokenized and merged at a time (0: all at once).
    batch: usize,
    /// Where a one-shot build keeps the pages' result documents and the result shards until
    /// they are written (`one_shot_spilling`), instead of in memory.
    spill: Option<Arc<crate::output::StagingFiles>>,
    /// The result shards `files` put in `spill`: name, handle (`files` lists the others).
    pub(crate) spilled_files: Vec<(String, crate::output::Staged)>,
}

impl IndexMemo {
    /// A memo that makes one index and is then dropped.
    pub fn one_shot() -> IndexMemo {
        IndexMemo { one_shot: true, batch: ONE_SHOT_BATCH, ..Default::default() }
    }

    /// `one_shot`, keeping result documents and result shards in `spill` (`docent build`): the
    /// caller takes the shards from `spilled_files`. The bytes are the same.
    pub fn one_shot_spilling(spill: Option<Arc<crate::output::StagingFiles>>) -> IndexMemo {
        IndexMemo { spill, ..IndexMemo::one_shot() }
    }

    fn number(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(term) {
            return n;
        }
        let name: Arc<str> = Arc::from(term);
        let n = self.names.len() as u32;
        self.names.push(name.clone());
        self.name_digests.push(Digest::of(term.as_bytes()));
        self.numbers.insert(name, n);
        self.postings.push(Vec::new());
        self.entries.push((Vec::new(), 0));
        n
    }

    /// The term -> postings map of the last build, each term cut to its best postings.
    pub fn index(&self, max_postings: usize) -> Index {
        self.order
            .iter()
            .map(|&g| (self.names[g as usize].to_string(), best(&self.postings[g as usize], max_postings)))
            .collect()
    }
}

/// Builds the index of the given pages, in the given language (no shards; for tests).
pub fn build(pages: &[SearchPage], lang: &'static Analysis) -> Index {
    build_with(pages, lang, MAX_POSTINGS)
}

/// Builds the index keeping at most `max_postings` per term (for tests).
pub fn build_with(pages: &[SearchPage], lang: &'static Analysis, max_postings: usize) -> Index {
    let mut memo = IndexMemo::default();
    update(&mut memo, &mut pages.to_vec(), lang, max_postings, &Limits::default());
    memo.index(max_postings)
}

/// Brings `memo` to the index of `pages`: only the changed pages' terms when the page list has
/// the same length and few pages changed, else every term (reusing unchanged pages' records).
fn update(
    memo: &mut IndexMemo,
    pages: &mut [SearchPage],
    lang: &'static Analysis,
    max_postings: usize,
    limits: &Limits,
) {
    let setting =
        (lang.name, max_postings, (limits.term_shard, limits.doc_shard, limits.section_text, limits.docs_per_hash));
    if memo.setting != Some(setting) {
        *memo = IndexMemo {
            setting: Some(setting),
            one_shot: memo.one_shot,
            batch: memo.batch,
            spill: memo.spill.take(),
            ..Default::default()
        };
    }
    let t = crate::timing::stage("search: index: keys");
    let keys: Vec<u64> = pages.par_iter().map(|p| page_key(p, lang)).collect();
    drop(t);
    let changed: Vec<usize> = if memo.pages.len() == pages.len() {
        (0..pages.len()).filter(|&i| memo.pages[i].key != keys[i]).collect()
    } else {
        (0..pages.len()).collect()
    };
    if memo.pages.len() == pages.len() && changed.len() <= pages.len() / 8 {
        update_pages(memo, pages, &keys, &changed, lang, max_postings, limits);
    } else {
        rebuild(memo, pages, &keys, lang, max_postings, limits);
    }
}

/// A page's dictionary and its record with the page's own term numbers.
type Tokenized = (PageDictionary, PageRecord);

/// A page's record: reused from the last build, or tokenized with the page's own term numbers.
type Found = Result<Arc<PageRecord>, Box<Tokenized>>;

/// Tokenizes the pages (each with its key) not in `reuse`, in parallel.
fn tokenize(
    pages: &[(&SearchPage, u64)],
    reuse: &FastMap<u64, Arc<PageRecord>>,
    lang: &Analysis,
    limits: &Limits,
    spill: Option<&crate::output::StagingFiles>,
) -> Vec<Found> {
    pages
        .par_iter()
        .map(|&(page, key)| match reuse.get(&key) {
            Some(r) => Ok(r.clone()),
            None => {
                let filled = page.with_text();
                let (dict, mut record) = page_terms(filled.as_ref().unwrap_or(page), key, lang, limits);
                record.postings.shrink_to_fit();
                record.doc.shrink_to_fit();
                if let Some(files) = spill {
                    record.spill_doc(files);
                }
                Err(Box::new((dict.into_terms(), record)))
            }
        })
        .collect()
}

/// Gives the terms of tokenized pages the site's numbers, in page order (one thread); each
/// page's postings are then renumbered and sorted in parallel.
fn number(memo: &mut IndexMemo, found: Vec<Found>) -> Vec<Arc<PageRecord>> {
    let numbers: Vec<Vec<u32>> = found
        .iter()
        .map(|r| match r {
            Ok(_) => Vec::new(),
            Err(new) => (0..new.0.ends.len() as u32).map(|id| memo.number(new.0.term(id))).collect(),
        })
        .collect();
    found
        .into_par_iter()
        .zip(numbers)
        .map(|(r, numbers)| {
            r.unwrap_or_else(|new| {
                let (_, mut record) = *new;
                for p in &mut record.postings {
                    *p = (u64::from(numbers[(*p >> 32) as usize]) << 32) | (*p & 0xffff_ffff);
                }
                record.postings.sort_unstable();
                Arc::new(record)
            })
        })
        .collect()
}

/// Pages tokenized, numbered and merged at a time by a one-shot build (`IndexMemo::one_shot`).
/// Only one batch's dictionaries and page postings are alive at once: holding every page's
/// until one merge grew a 100,000-page build by 1.7 GB. Term numbers are given in page order
/// either way, so the bytes do not depend on the batch.
const ONE_SHOT_BATCH: usize = 2048;

/// Every term's postings anew (after pages were added, removed or many changed). A one-shot
/// build frees each batch's text once it is merged (`SearchPage::sections`): at 100,000 pages
/// the text was 730 MB, held until the last batch.
fn rebuild(
    memo: &mut IndexMemo,
    pages: &mut [SearchPage],
    keys: &[u64],
    lang: &Analysis,
    max_postings: usize,
    limits: &Limits,
) {
    let reuse: FastMap<u64, Arc<PageRecord>> =
        std::mem::take(&mut memo.pages).into_iter().map(|r| (r.key, r)).collect();
    // `serve` keeps every page's record for its next update: one batch, each term's list then
    // allocated once at its size.
    let batch = if memo.batch == 0 { pages.len().max(1) } else { memo.batch };
    for list in &mut memo.postings {
        *list = Vec::new();
    }
    memo.totals = Vec::new();
    let t = crate::timing::stage("search: index: tokenize, number and merge");
    let spill = memo.spill.clone();
    let mut chunks: Vec<&mut [SearchPage]> = pages.chunks_mut(batch).collect();
    let key_chunks: Vec<&[u64]> = keys.chunks(batch).collect();
    let tokenized = |k: usize, chunk: Option<&[SearchPage]>| {
        let chunk: Vec<(&SearchPage, u64)> = chunk?.iter().zip(key_chunks[k].iter().copied()).collect();
        Some(tokenize(&chunk, &reuse, lang, limits, spill.as_deref()))
    };
    let mut next = tokenized(0, chunks.first().map(|c| &**c));
    let mut count: Vec<u32> = Vec::new();
    let mut k = 0;
    while let Some(found) = next.take() {
        // Numbering and merging are one thread's work, in page order: the next batch is
        // tokenized meanwhile, on the other threads.
        k += 1;
        let following = chunks.get(k).map(|c| &**c);
        let ((), following) =
            rayon::join(|| merge_batch(memo, found, &mut count, max_postings), || tokenized(k, following));
        next = following;
        if memo.one_shot {
            for page in chunks[k - 1].iter_mut() {
                page.sections = Cow::Owned(Vec::new());
            }
        }
    }
    drop(reuse);
    drop(t);
    encode(memo, max_postings);
}

/// Numbers a batch of tokenized pages and adds their postings to their terms' lists.
fn merge_batch(memo: &mut IndexMemo, found: Vec<Found>, count: &mut Vec<u32>, max_postings: usize) {
    let mut records = number(memo, found);
    // Count first, so that each term's list grows once per batch, then fill in page order.
    count.clear();
    count.resize(memo.names.len(), 0);
    for r in &records {
        for &p in &r.postings {
            count[(p >> 32) as usize] += 1;
        }
    }
    memo.postings.resize_with(memo.names.len(), Vec::new);
    // Exactly: a one-shot list is cut to its best whenever it passes twice `max_postings`, so
    // room to double into was a third of the lists' memory (at 100,000 pages, 34 MB).
    for (list, &n) in memo.postings.iter_mut().zip(count.iter()) {
        list.reserve_exact(n as usize);
    }
    let first = memo.pages.len();
    for (page, r) in records.iter().enumerate() {
        let page = (first + page) as u64;
        for &p in &r.postings {
            memo.postings[(p >> 32) as usize].push((page << 32) | (p & 0xffff_ffff));
        }
    }
    if memo.one_shot {
        // The shards read each term's postings; the pages' own lists serve only an update.
        for r in &mut records {
            if let Some(r) = Arc::get_mut(r) {
                r.postings = Vec::new();
            }
        }
        // A one-shot index keeps a term's count and only its best postings: nothing will
        // bring back the ones cut. Most postings are common terms', so this bounds the
        // index's memory by its terms rather than by the site's sections.
        memo.totals.resize(memo.names.len(), 0);
        for ((list, total), &n) in memo.postings.iter_mut().zip(&mut memo.totals).zip(count.iter()) {
            *total += n;
            if list.len() > 2 * max_postings.max(16) {
                let best: Vec<TermPosting> = best_of(list, max_postings).collect();
                *list = best;
            }
        }
    }
    memo.pages.append(&mut records);
}

/// Each term's shard entry, and the terms in the order of their shards.
fn encode(memo: &mut IndexMemo, max_postings: usize) {
    let _t = crate::timing::stage("search: index: encode");
    let names = &memo.names;
    let totals: Vec<u32> = if memo.one_shot {
        std::mem::take(&mut memo.totals)
    } else {
        memo.postings.iter().map(|l| l.len() as u32).collect()
    };
    memo.entries = if memo.one_shot {
        // Each term's list is freed as its entry is made: holding every list until the last
        // entry was 120 MB on top of the entries at 100,000 pages, the peak of the build.
        std::mem::take(&mut memo.postings)
            .into_par_iter()
            .enumerate()
            .map(|(g, list)| entry(&names[g], &list, totals[g] as usize, max_postings))
            .collect()
    } else {
        let postings = &memo.postings;
        (0..names.len())
            .into_par_iter()
            .map(|g| entry(&names[g], &postings[g], totals[g] as usize, max_postings))
            .collect()
    };
    let mut order: Vec<u32> = (0..names.len() as u32).filter(|&g| totals[g as usize] > 0).collect();
    order.par_sort_unstable_by(|&a, &b| utf16_order(&names[a as usize], &names[b as usize]));
    memo.order = order;
}

/// Replaces the records of the `changed` pages and updates the postings of their terms only.
fn update_pages(
    memo: &mut IndexMemo,
    pages: &[SearchPage],
    keys: &[u64],
    changed: &[usize],
    lang: &Analysis,
    max_postings: usize,
    limits: &Limits,
) {
    let some: Vec<(&SearchPage, u64)> = changed.iter().map(|&i| (&pages[i], keys[i])).collect();
    let t = crate::timing::stage("search: index: tokenize and number");
    let fresh = number(memo, tokenize(&some, &FastMap::default(), lang, limits, memo.spill.as_deref()));
    drop(t);
    let _t = crate::timing::stage("search: index: update");
    let mut touched: Vec<u32> = Vec::new();
    for (&i, record) in changed.iter().zip(fresh) {
        let page = i as u64;
        let old = std::mem::replace(&mut memo.pages[i], record);
        let new = &memo.pages[i];
        let mut terms: Vec<u32> = distinct_terms(&old.postings).chain(distinct_terms(&new.postings)).collect();
        terms.sort_unstable();
        terms.dedup();
        for g in terms {
            // The page's postings of this term: replaced in place when there are as many as
            // before (an edit mostly keeps a term's sections), else spliced in once; a common
            // term's list is long, and each shift of its tail was a copy of all of it.
            let a = new.postings.partition_point(|&p| p >> 32 < u64::from(g));
            let b = new.postings.partition_point(|&p| p >> 32 <= u64::from(g));
            let mine = new.postings[a..b].iter().map(|&p| (page << 32) | (p & 0xffff_ffff));
            let list = &mut memo.postings[g as usize];
            let from = list.partition_point(|&p| p >> 32 < page);
            let to = list.partition_point(|&p| p >> 32 <= page);
            if to - from == b - a {
                for (slot, p) in list[from..to].iter_mut().zip(mine) {
                    *slot = p;
                }
            } else {
                list.splice(from..to, mine);
            }
            touched.push(g);
        }
    }
    touched.sort_unstable();
    touched.dedup();
    let names = &memo.names;
    let postings = &memo.postings;
    let entries: Vec<(Vec<u8>, u64)> = touched
        .par_iter()
        .map(|&g| entry(&names[g as usize], &postings[g as usize], postings[g as usize].len(), max_postings))
        .collect();
    for (&g, e) in touched.iter().zip(entries) {
        let was = !memo.entries[g as usize].0.is_empty();
        let is = !e.0.is_empty();
        memo.entries[g as usize] = e;
        let name = &memo.names[g as usize];
        if was != is {
            let at = memo.order.partition_point(|&o| utf16_order(&memo.names[o as usize], name).is_lt());
            if is {
                memo.order.insert(at, g);
            } else {
                memo.order.remove(at);
            }
        }
    }
}

/// The distinct term numbers of a page's sorted postings.
fn distinct_terms(postings: &[PagePosting]) -> impl Iterator<Item = u32> + '_ {
    let mut last = None;
    postings.iter().filter_map(move |&p| {
        let g = (p >> 32) as u32;
        (last != Some(g)).then(|| {
            last = Some(g);
            g
        })
    })
}

/// The best `max` postings of a term (by score, ties to the earlier page), in page order.
fn best(list: &[TermPosting], max: usize) -> Vec<Posting> {
    best_of(list, max).map(unpack).collect()
}

/// `best`, packed. The best `max` of a list are the best `max` of its first part's best `max`
/// and the rest (a term's postings are ranked by score, then by place), which lets a one-shot
/// build cut a list as it grows.
///
/// Scores are 1..=63, so a count per score finds the lowest score kept (`floor`) and how many
/// postings of that score fit; one pass in (page, section) order then keeps every posting above
/// the floor and the first of those at it. No copy of the list and no sort: a common term has
/// tens of thousands of postings, and an edit in `serve` re-encodes every term of the page
/// (ranking a copy of each list was a quarter of an edit's CPU at 10,000 pages).
fn best_of(list: &[TermPosting], max: usize) -> impl Iterator<Item = TermPosting> + '_ {
    let (floor, mut at_floor) = if max == 0 {
        (64, 0)
    } else if list.len() <= max {
        (0, 0)
    } else {
        let mut count = [0usize; 64];
        for &p in list {
            count[(p & 63) as usize] += 1;
        }
        // The floor: the highest score whose postings, with all better ones, reach `max`.
        let mut above = 0;
        let mut floor = 63;
        while above + count[floor] < max {
            above += count[floor];
            floor -= 1;
        }
        (floor, max - above)
    };
    list.iter().copied().filter(move |&p| {
        let score = (p & 63) as usize;
        if score > floor {
            return true;
        }
        if score == floor && at_floor > 0 {
            at_floor -= 1;
            return true;
        }
        false
    })
}

/// A term's entry in its shard, `"term","postings"`, and the entry's digest; empty without postings.
fn entry(term: &str, list: &[TermPosting], total: usize, max: usize) -> (Vec<u8>, u64) {
    if total == 0 {
        return (Vec::new(), 0);
    }
    let mut out = serde_json::to_vec(term).expect("JSON of a string");
    out.extend_from_slice(b",\"");
    shard::encode_postings_into(&mut out, total, &best(list, max));
    out.push(b'"');
    // Kept per term between `serve` rebuilds: without the growth room (19 MB held for 7 MB).
    out.shrink_to_fit();
    let digest = Digest::of(&out);
    (out, digest)
}

fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::search::SearchSection;
    use crate::derive::search::lang::ENGLISH as EN;

    fn page(title: &str, sections: &[(&str, &str)]) -> SearchPage<'static> {
        SearchPage {
            title: title.to_string().into(),
            url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
            sections: sections
                .iter()
                .map(|(h, t)| SearchSection {
                    id: Some(h.to_lowercase()),
                    heading: h.to_string(),
                    text: t.to_string(),
                    roles: Vec::new(),
                })
                .collect::<Vec<_>>()
                .into(),
            ..Default::default()
        }
    }

    #[test]
    fn title_and_heading_matches_outscore_body_text() {
        let pages = [
            page("Reset your password", &[("Steps", "Click the link.")]),
            page("Other things", &[("Passwords", "Some text.")]),
            page("Misc", &[("Notes", "password password password password, see the password page")]),
        ];
        let index = build(&pages, &EN);
        let p = &index["password"];
        assert_eq!(p.iter().map(|x| x.page).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(p[0].score > p[2].score && p[1].score > p[2].score, "{p:?}");
    }

    #[test]
    fn common_terms_keep_their_best_postings_in_page_order() {
        let mut pages: Vec<SearchPage> = (0..10).map(|i| page(&format!("Page {i}"), &[("Notes", "clinic")])).collect();
        pages[7].title = "Clinic".into();
        let index = build_with(&pages, &EN, 3);
        let p = &index["clinic"];
        assert_eq!(p.len(), 3);
        assert!(p.iter().any(|x| x.page == 7), "the title match survives: {p:?}");
        assert!(p.windows(2).all(|w| w[0] < w[1]));
    }

    /// `best` as it was first written: rank every posting (score, then page and section), keep
    /// the first `max`, back in page order.
    fn best_by_ranking(list: &[TermPosting], max: usize) -> Vec<Posting> {
        let mut all: Vec<Posting> = list.iter().map(|&p| unpack(p)).collect();
        all.sort_by_key(|p| (std::cmp::Reverse(p.score), p.page, p.section));
        all.truncate(max);
        all.sort();
        all
    }

    #[test]
    fn best_keeps_the_highest_scores_ties_to_the_earlier_page() {
        let mut x = 3u64;
        for n in [0usize, 1, 5, 64, 500, 3000] {
            let mut list: Vec<TermPosting> = Vec::new();
            for k in 0..n as u64 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Few distinct scores, so that many tie at the floor.
                let score = 1 + (x >> 33) % 7 * 9;
                list.push(((k / 3) << 32) | ((k % 3) << 6) | score);
            }
            for max in [0, 1, 2, 10, 63, 64, 499, 500, 1200] {
                assert_eq!(best(&list, max), best_by_ranking(&list, max), "{n} postings, best {max}");
            }
        }
    }

    #[test]
    fn quantize_is_monotonic_and_bounded() {
        assert_eq!(quantize(0.0), 1);
        assert!(quantize(1.0) < quantize(2.0));
        assert_eq!(quantize(1e9), 63);
    }

    fn site(n: usize, seed: u64) -> Vec<SearchPage<'static>> {
        let words =
            ["clinic", "nurse", "password", "reset", "vaccine", "account", "locked", "school", "shipment", "code"];
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        (0..n)
            .map(|i| {
                let text: Vec<String> = (0..40).map(|_| format!("{}{}", words[next() % 10], next() % 300)).collect();
                page(
                    &format!("Topic {i} {}", words[i % 10]),
                    &[("Intro", &text[..20].join(" ")), ("More", &text[20..].join(" "))],
                )
            })
            .collect()
    }

    fn files_of(pages: &[SearchPage], memo: &mut IndexMemo) -> BTreeMap<String, SharedBytes> {
        let limits = Limits { term_shard: 3_000, doc_shard: 1_500, ..Limits::default() };
        files(&mut pages.to_vec(), &EN, &ManifestExtras::default(), &limits, memo)
    }

    #[test]
    fn an_update_gives_the_bytes_of_a_cold_build_and_keeps_untouched_shards() {
        let mut pages = site(400, 1);
        let mut memo = IndexMemo::default();
        let before = files_of(&pages, &mut memo);
        // Edit two pages: a word replaced, and a changed title.
        let text = pages[5].sections[0].text.replacen(' ', " zebra ", 1);
        pages[5].sections.to_mut()[0].text = text;
        pages[200].title = "Crossing guide".into();
        let after = files_of(&pages, &mut memo);
        let cold = files_of(&pages, &mut IndexMemo::default());
        assert_eq!(after, cold, "an update equals a cold build of the same pages");
        let terms =
            |f: &BTreeMap<String, SharedBytes>| f.keys().filter(|k| k.starts_with("t-")).cloned().collect::<Vec<_>>();
        let kept = terms(&after).iter().filter(|k| before.contains_key(*k)).count();
        assert!(kept * 3 > terms(&after).len(), "most term shards are unchanged: {kept} of {}", terms(&after).len());
        for name in terms(&after).iter().filter(|k| before.contains_key(*k)) {
            assert!(Arc::ptr_eq(&before[name], &after[name]), "{name} was kept, not rebuilt");
        }
        assert!(build(&pages, &EN).contains_key("zebra"));
        // Many changed pages, and an added page (which renumbers every later page), are rebuilt.
        let other = site(400, 2);
        for i in (0..400).step_by(3) {
            pages[i] = SearchPage { url: pages[i].url.clone(), ..other[i].clone() };
        }
        assert_eq!(files_of(&pages, &mut memo), files_of(&pages, &mut IndexMemo::default()));
        pages.insert(10, other[10].clone());
        assert_eq!(files_of(&pages, &mut memo), files_of(&pages, &mut IndexMemo::default()));
    }

    #[test]
    fn a_one_shot_index_made_in_batches_gives_the_bytes_of_one_that_keeps_everything() {
        // 1,500 pages of two sections: "topic" is in 3,000 sections, more than twice
        // `MAX_POSTINGS`, so the one-shot memo cuts its list between batches.
        let pages = site(1500, 3);
        for batch in [1, 64, 1000] {
            let mut one_shot = IndexMemo { batch, ..IndexMemo::one_shot() };
            assert_eq!(files_of(&pages, &mut one_shot), files_of(&pages, &mut IndexMemo::default()), "batch {batch}");
        }
        let postings = &build(&pages, &EN)["topic"];
        assert_eq!(postings.len(), MAX_POSTINGS, "the term is common enough to be cut");
    }

    #[test]
    fn a_one_shot_index_that_spills_its_shards_to_disk_gives_the_same_bytes() {
        let pages = site(700, 5);
        let held = files_of(&pages, &mut IndexMemo::default());
        let spill = Arc::new(crate::output::StagingFiles::new().unwrap());
        let mut memo = IndexMemo { batch: 64, ..IndexMemo::one_shot_spilling(Some(spill)) };
        let mut files = files_of(&pages, &mut memo);
        assert!(memo.pages.iter().all(|p| p.doc.is_empty() && p.spilled_doc.is_some()), "documents wait on disk");
        assert!(!memo.spilled_files.is_empty(), "result and term shards wait on disk");
        assert!(!files.keys().any(|k| k.starts_with("d-") || k.starts_with("t-")), "{:?}", files.keys());
        for (name, staged) in std::mem::take(&mut memo.spilled_files) {
            files.insert(name, Arc::new(staged.read().unwrap()));
        }
        assert_eq!(files, held);
    }
}
