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
use super::text::for_each_term;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

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

/// `PageTerms` of earlier builds, by a digest of the page as the index sees it.
#[derive(Default)]
pub struct TermsMemo {
    pages: FastMap<u64, std::sync::Arc<PageTerms>>,
}

/// Builds the index of the given pages.
pub fn build(pages: &[SearchPage]) -> Index {
    build_with(pages, MAX_POSTINGS, None)
}

/// Builds the index, keeping at most `max_postings` per term, reusing and refilling `memo`.
pub fn build_with(pages: &[SearchPage], max_postings: usize, memo: Option<&mut TermsMemo>) -> Index {
    // Tokenizing is most of the work, so pages are read in parallel (or taken from the memo); the
    // result keeps page order.
    let t = crate::timing::stage("search: index: tokenize");
    let per_page: Vec<std::sync::Arc<PageTerms>> = match memo {
        None => pages.par_iter().map(|page| std::sync::Arc::new(page_terms(page))).collect(),
        Some(memo) => {
            let keyed: Vec<(u64, std::sync::Arc<PageTerms>)> = pages
                .par_iter()
                .map(|page| {
                    let key = page_key(page);
                    let terms = memo.pages.get(&key).cloned().unwrap_or_else(|| std::sync::Arc::new(page_terms(page)));
                    (key, terms)
                })
                .collect();
            memo.pages = keyed.iter().cloned().collect();
            keyed.into_iter().map(|(_, terms)| terms).collect()
        }
    };
    drop(t);
    let t = crate::timing::stage("search: index: merge");
    let n = per_page.iter().map(|p| p.sections.len()).sum::<usize>() as f64;
    let total_len: u64 = per_page.iter().flat_map(|p| &p.sections).map(|s| u64::from(s.len)).sum();
    let avg_len = (total_len as f64 / n.max(1.0)).max(1.0);
    // Each distinct term gets a number on first sight; its sections, with their field weights,
    // gather under that number. A term's document frequency is then the length of its list.
    let mut ids: FastMap<&str, u32> = FastMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut lists: Vec<Vec<(u32, u32, f64)>> = Vec::new();
    for (page, terms) in per_page.iter().enumerate() {
        let global: Vec<u32> = terms
            .terms
            .iter()
            .map(|t| {
                *ids.entry(t.as_str()).or_insert_with(|| {
                    names.push(t.as_str());
                    lists.push(Vec::new());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        for (section, st) in terms.sections.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * f64::from(st.len) / avg_len);
            for &(id, f) in &st.fields {
                let tf = f64::from(f.body);
                let body = tf * (K1 + 1.0) / (tf + norm);
                let weight = TITLE * f64::from(u8::from(f.in_title))
                    + HEADING * f64::from(u8::from(f.in_heading))
                    + DESCRIPTION * f64::from(u8::from(f.in_description))
                    + BREADCRUMB * f64::from(u8::from(f.in_breadcrumb))
                    + body;
                lists[global[id as usize] as usize].push((page as u32, section as u32, weight));
            }
        }
    }
    let entries: Vec<(String, Vec<Posting>)> = names
        .into_par_iter()
        .zip(lists)
        .map(|(term, sections)| {
            let d = sections.len() as f64;
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let mut postings: Vec<Posting> = sections
                .into_iter()
                .map(|(page, section, weight)| Posting { page, section, score: quantize(idf * weight) })
                .collect();
            if postings.len() > max_postings {
                // Best first; ties keep the earlier page, so the result does not depend on hashing.
                postings.sort_by(|a, b| b.score.cmp(&a.score).then(a.cmp(b)));
                postings.truncate(max_postings);
            }
            postings.sort();
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
        for_each_term(text, |t| {
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
        for_each_term(&section.heading, |t| add(intern(t), &|x: &mut Fields| x.in_heading = true));
        for_each_term(&section.text, |t| {
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
        let index = build_with(&pages, 3, None);
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
