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
use super::text::terms;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

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

#[derive(Default)]
struct Fields {
    in_title: bool,
    in_heading: bool,
    in_description: bool,
    in_breadcrumb: bool,
    body: u32,
}

/// Builds the index of the given pages.
pub fn build(pages: &[SearchPage]) -> Index {
    build_with(pages, MAX_POSTINGS)
}

pub fn build_with(pages: &[SearchPage], max_postings: usize) -> Index {
    // Per section: term -> which fields hold it, and the body's length. Tokenizing is most of
    // the work, so pages are read in parallel; the result keeps page order.
    let t = crate::timing::stage("search: index: tokenize");
    let per_page: Vec<Vec<SectionFields>> =
        pages.par_iter().enumerate().map(|(p, page)| page_fields(p as u32, page)).collect();
    drop(t);
    let sections: Vec<_> = per_page.into_iter().flatten().collect();
    let t = crate::timing::stage("search: index: merge");
    let n = sections.len() as f64;
    let avg_len = (sections.iter().map(|s| s.3).sum::<usize>() as f64 / n.max(1.0)).max(1.0);
    // One pass gathers each term's sections with their field weight, under borrowed terms; a
    // term's document frequency is then the length of its list, and each term is copied once
    // (a sorted map keyed by owned strings here cost a copy and a tree search per posting).
    let mut by_term: HashMap<&str, Vec<(u32, u32, f64)>> = HashMap::new();
    for (page, section, fields, len) in &sections {
        let norm = K1 * (1.0 - B + B * *len as f64 / avg_len);
        for (term, f) in fields {
            let tf = f64::from(f.body);
            let body = tf * (K1 + 1.0) / (tf + norm);
            let weight = TITLE * f64::from(u8::from(f.in_title))
                + HEADING * f64::from(u8::from(f.in_heading))
                + DESCRIPTION * f64::from(u8::from(f.in_description))
                + BREADCRUMB * f64::from(u8::from(f.in_breadcrumb))
                + body;
            by_term.entry(term.as_str()).or_default().push((*page, *section, weight));
        }
    }
    let by_term: Vec<(&str, Vec<(u32, u32, f64)>)> = by_term.into_iter().collect();
    let entries: Vec<(String, Vec<Posting>)> = by_term
        .into_par_iter()
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

/// Page, section, term -> fields holding it, body length.
type SectionFields = (u32, u32, HashMap<String, Fields>, usize);

fn page_fields(p: u32, page: &SearchPage) -> Vec<SectionFields> {
    let title = terms(&page.title);
    let description = terms(&page.description);
    let breadcrumb = terms(&page.breadcrumb);
    let mut out = Vec::with_capacity(page.sections.len());
    for (s, section) in page.sections.iter().enumerate() {
        let mut fields: HashMap<String, Fields> = HashMap::new();
        for t in &title {
            fields.entry(t.clone()).or_default().in_title = true;
        }
        for t in &description {
            fields.entry(t.clone()).or_default().in_description = true;
        }
        for t in &breadcrumb {
            fields.entry(t.clone()).or_default().in_breadcrumb = true;
        }
        for t in terms(&section.heading) {
            fields.entry(t).or_default().in_heading = true;
        }
        let body = terms(&section.text);
        for t in &body {
            fields.entry(t.clone()).or_default().body += 1;
        }
        out.push((p, s as u32, fields, body.len()));
    }
    out
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
        let index = build_with(&pages, 3);
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
