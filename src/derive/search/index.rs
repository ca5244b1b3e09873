//! The inverted index: term -> the sections that contain it, each with a precomputed score.
//!
//! Scores are computed here, not in the browser, so that the client downloads one small number
//! per (term, section) instead of field lengths and frequencies. A section's score for a term is
//! `idf × (6·in title + 5·in heading + 2·in description + 1·in breadcrumb + BM25 of the body)`:
//! a title or heading match outweighs any amount of body text, which is what puts "the page
//! whose title or heading matches" first. Scores are quantized on a log scale to 1..=63 (one
//! character in the shard files).
//!
//! Very common terms keep only their `max_postings` best-scoring sections: on a 10,000-page site
//! "password" may be in 50,000 sections, and a reader wants the best few, not a megabyte.

use super::SearchPage;
use super::text::for_each_index_term;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// Term-keyed maps hash with `Digest` (std's SipHash made hashing most of the index's time).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<crate::digest::Digest>>;

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

const TITLE: f64 = 6.0;
const HEADING: f64 = 5.0;
const DESCRIPTION: f64 = 2.0;
const BREADCRUMB: f64 = 1.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Postings kept for a term found in very many sections.
pub const MAX_POSTINGS: usize = 1200;

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

/// What one page contributes to the index: its distinct terms, and for each of its sections
/// which of those terms it holds, in which fields. Depends on the page alone, so `serve` keeps it
/// for pages that did not change (`TermsMemo`).
#[derive(Default)]
pub struct PageTerms {
    /// The page's distinct terms; the ids below index this.
    terms: Vec<String>,
    sections: Vec<SectionTerms>,
}

struct SectionTerms {
    /// Terms in the body, with repeats (BM25's document length).
    len: u32,
    /// (term id, fields), each term once.
    fields: Vec<(u32, Fields)>,
}

/// What an index build keeps for the next one (`docent serve`): each page's terms, by a digest
/// of the page as the index sees it, and one number per term ever seen, so that an unchanged
/// page is neither tokenized nor looked up again. (The dictionary only grows; in a preview
/// session that is the vocabulary of the pages as they were edited.)
#[derive(Default)]
pub struct TermsMemo {
    pages: FastMap<u64, Arc<Numbered>>,
    numbers: FastMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

/// A page's terms and the number of each (the same order as `PageTerms::terms`).
struct Numbered {
    terms: PageTerms,
    numbers: Vec<u32>,
}

impl TermsMemo {
    fn number(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(term) {
            return n;
        }
        let name: Arc<str> = Arc::from(term);
        let n = self.names.len() as u32;
        self.names.push(name.clone());
        self.numbers.insert(name, n);
        n
    }
}

/// Builds the index of the given pages.
pub fn build(pages: &[SearchPage]) -> Index {
    build_with(pages, MAX_POSTINGS, &mut TermsMemo::default())
}

/// Builds the index, keeping at most `max_postings` per term, reusing and refilling `memo`.
pub fn build_with(pages: &[SearchPage], max_postings: usize, memo: &mut TermsMemo) -> Index {
    // Tokenizing is most of the work, so pages are read in parallel (or taken from the memo); the
    // result keeps page order. New pages' terms are then numbered, in page order.
    let t = crate::timing::stage("search: index: tokenize");
    let found: Vec<(u64, Result<Arc<Numbered>, PageTerms>)> = pages
        .par_iter()
        .map(|page| {
            let key = page_key(page);
            (key, memo.pages.get(&key).cloned().ok_or_else(|| page_terms(page)))
        })
        .collect();
    let mut per_page: Vec<Arc<Numbered>> = Vec::with_capacity(found.len());
    let mut kept: FastMap<u64, Arc<Numbered>> = FastMap::default();
    for (key, terms) in found {
        let numbered = terms.unwrap_or_else(|terms| {
            let numbers = terms.terms.iter().map(|t| memo.number(t)).collect();
            Arc::new(Numbered { terms, numbers })
        });
        kept.insert(key, numbered.clone());
        per_page.push(numbered);
    }
    memo.pages = kept;
    drop(t);
    let t = crate::timing::stage("search: index: merge");
    let n = per_page.iter().map(|p| p.terms.sections.len()).sum::<usize>() as f64;
    let total_len: u64 = per_page.iter().flat_map(|p| &p.terms.sections).map(|s| u64::from(s.len)).sum();
    let avg_len = (total_len as f64 / n.max(1.0)).max(1.0);
    let names = &memo.names;
    // A term's document frequency is the number of sections holding it: count first, so that
    // each term's postings get a slice of one array, scored as they are placed (in page and
    // section order, which is the order the shards want).
    let mut start = vec![0u32; names.len() + 1];
    for page in &per_page {
        for st in &page.terms.sections {
            for &(id, _) in &st.fields {
                start[page.numbers[id as usize] as usize + 1] += 1;
            }
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let idf: Vec<f64> = start
        .windows(2)
        .map(|w| {
            let d = f64::from(w[1] - w[0]);
            (1.0 + (n - d + 0.5) / (d + 0.5)).ln()
        })
        .collect();
    let mut next = start.clone();
    let mut all = vec![Posting { page: 0, section: 0, score: 0 }; start[names.len()] as usize];
    for (page, numbered) in per_page.iter().enumerate() {
        for (section, st) in numbered.terms.sections.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * f64::from(st.len) / avg_len);
            for &(id, f) in &st.fields {
                let tf = f64::from(f.body);
                let body = tf * (K1 + 1.0) / (tf + norm);
                let weight = TITLE * f64::from(u8::from(f.in_title))
                    + HEADING * f64::from(u8::from(f.in_heading))
                    + DESCRIPTION * f64::from(u8::from(f.in_description))
                    + BREADCRUMB * f64::from(u8::from(f.in_breadcrumb))
                    + body;
                let g = numbered.numbers[id as usize] as usize;
                all[next[g] as usize] =
                    Posting { page: page as u32, section: section as u32, score: quantize(idf[g] * weight) };
                next[g] += 1;
            }
        }
    }
    let entries: Vec<(String, Vec<Posting>)> = names
        .par_iter()
        .enumerate()
        .filter(|&(g, _)| start[g + 1] > start[g])
        .map(|(g, term)| {
            let mut postings = all[start[g] as usize..start[g + 1] as usize].to_vec();
            if postings.len() > max_postings {
                // Best first; ties keep the earlier page, so the result does not depend on hashing.
                postings.sort_by(|a, b| b.score.cmp(&a.score).then(a.cmp(b)));
                postings.truncate(max_postings);
                postings.sort();
            }
            (term.to_string(), postings)
        })
        .collect();
    drop(t);
    let _t = crate::timing::stage("search: index: sort");
    entries.into_iter().collect()
}

/// A digest of everything `page_terms` reads.
fn page_key(page: &SearchPage) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::digest::Digest::new();
    (&page.title, &page.description, &page.breadcrumb).hash(&mut h);
    for s in &page.sections {
        (&s.heading, &s.text).hash(&mut h);
    }
    h.finish()
}

fn page_terms(page: &SearchPage) -> PageTerms {
    let mut ids: FastMap<String, u32> = FastMap::default();
    let mut intern = |t: &str| -> u32 {
        if let Some(&id) = ids.get(t) {
            return id;
        }
        let id = ids.len() as u32;
        ids.insert(t.to_string(), id);
        id
    };
    let mut page_wide: Vec<(u32, Fields)> = Vec::new();
    let mut mark = |text: &str, set: fn(&mut Fields), intern: &mut dyn FnMut(&str) -> u32| {
        for_each_index_term(text, |t| {
            let id = intern(t);
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
    mark(&page.title, |f| f.in_title = true, &mut intern);
    mark(&page.description, |f| f.in_description = true, &mut intern);
    mark(&page.breadcrumb, |f| f.in_breadcrumb = true, &mut intern);
    // Where each term sits in the current section's list: (section number + 1, index).
    let mut slot: Vec<(u32, u32)> = Vec::new();
    let mut sections = Vec::with_capacity(page.sections.len());
    for (s, section) in page.sections.iter().enumerate() {
        let stamp = s as u32 + 1;
        let mut fields: Vec<(u32, Fields)> = Vec::new();
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
        for_each_index_term(&section.heading, |t| add(intern(t), &|x: &mut Fields| x.in_heading = true));
        for_each_index_term(&section.text, |t| {
            len += 1;
            add(intern(t), &|x: &mut Fields| x.body += 1);
        });
        sections.push(SectionTerms { len, fields });
    }
    let mut terms = vec![String::new(); ids.len()];
    for (t, id) in ids {
        terms[id as usize] = t;
    }
    PageTerms { terms, sections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::search::SearchSection;

    fn page(title: &str, sections: &[(&str, &str)]) -> SearchPage {
        SearchPage {
            title: title.into(),
            url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
            sections: sections
                .iter()
                .map(|(h, t)| SearchSection {
                    anchor: Some(h.to_lowercase()),
                    heading: h.to_string(),
                    text: t.to_string(),
                    roles: Vec::new(),
                })
                .collect(),
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
        let index = build(&pages);
        let p = &index["password"];
        assert_eq!(p.iter().map(|x| x.page).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(p[0].score > p[2].score && p[1].score > p[2].score, "{p:?}");
    }

    #[test]
    fn common_terms_keep_their_best_postings_in_page_order() {
        let mut pages: Vec<SearchPage> = (0..10).map(|i| page(&format!("Page {i}"), &[("Notes", "clinic")])).collect();
        pages[7].title = "Clinic".into();
        let index = build_with(&pages, 3, &mut TermsMemo::default());
        let p = &index["clinic"];
        assert_eq!(p.len(), 3);
        assert!(p.iter().any(|x| x.page == 7), "the title match survives: {p:?}");
        assert!(p.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn quantize_is_monotonic_and_bounded() {
        assert_eq!(quantize(0.0), 1);
        assert!(quantize(1.0) < quantize(2.0));
        assert_eq!(quantize(1e9), 63);
    }
}
