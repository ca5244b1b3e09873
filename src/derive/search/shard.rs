//! The index on disk: a manifest, term shards and result-document shards, all JSON.
//!
//! The names below are relative to the index's folder: `search/` for the site's language, and the
//! folder the caller chooses for each other language (`es/search/`).
//!
//! - `search/manifest.json` (fixed name, small): `{"v":4, "keys":[first term of each term shard],
//!   "terms":[hash of each term shard], "per": pages per document shard, "group": document shards
//!   per hash, "docs":[one hash per group], "pages": count, "sections": the number of sections of
//!   all pages (for idf), "roles":[[role, page ids]],
//!   "help": [title, url] of the page to suggest when nothing is found, or null, "syn": the
//!   `[search] synonyms` as `[[[term, …] per phrase] per group]` (`text::synonym_groups`)}`.
//!   "report": `[search] report_url` or null. "only": `[[page id, section number, [role, …]], …]`
//!   for the sections inside `::: only` blocks, which a role filter keeps only for those roles.
//!   "lang": the pages' language tag (`en`, `es-MX`), "rules": how that language's words become
//!   terms (`lang::Analysis::rules`; null for English, whose rules are built into the client).
//!   Version 2 added "syn", "report" and the compound terms of hyphenated words (`text::for_each_compound`);
//!   version 3 "lang", "rules" and accent folding (terms of "Información" are those of "informacion");
//!   version 4 "sections", each term's section count, and scores without idf (`index`).
//! - `search/t-HASH.json`: a flat array `[term, postings, term, postings, …]`, terms sorted by
//!   UTF-16 code units (JavaScript's string order), a shard holding every term from its key up to
//!   the next shard's key (where shards end: `cuts`). Postings are a string of base-64 varints: the
//!   number of sections holding the term (for idf; the string may list fewer, the best ones), then
//!   for each section the page id minus the previous one, the section's number within its page,
//!   then one score character.
//! - `search/d-HASH-N.json`: document shard `N` (pages `N·per` to `N·per + per - 1`), an array of
//!   `[title, url, breadcrumb, roles, [[anchor, heading, text], …]]`. Document shards share a hash
//!   per group of `group` shards, so the manifest stays small on sites of 10,000 pages while every
//!   file name still changes when its content does (hosts can cache them forever).
//!
//! Every name is derived from content, and everything is iterated in order: same input, same bytes.

use super::SearchPage;
use super::index::Posting;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The 64 characters of the varint encoding; the client has the same string.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Size targets for shards, in bytes of JSON before compression.
#[derive(Debug, Clone)]
pub struct Limits {
    pub term_shard: usize,
    pub doc_shard: usize,
    /// Characters of a section's text kept for snippets.
    pub section_text: usize,
    pub docs_per_hash: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { term_shard: 16_000, doc_shard: 12_000, section_text: 600, docs_per_hash: 64 }
    }
}

/// Appends `n` as a varint: 5 bits per character, low bits first; digits 32..63 mean "more follows".
pub fn push_varint(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// The postings string of one term found in `sections` sections (of which `postings` are the
/// best): that count, then each posting.
pub fn encode_postings(sections: usize, postings: &[Posting]) -> String {
    let mut out = Vec::with_capacity(postings.len() * 3 + 4);
    encode_postings_into(&mut out, sections, postings);
    String::from_utf8(out).expect("ASCII digits")
}

/// `encode_postings`, appended to `out`.
pub fn encode_postings_into(out: &mut Vec<u8>, sections: usize, postings: &[Posting]) {
    let varint = |out: &mut Vec<u8>, mut n: u32| loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low]);
            return;
        }
        out.push(DIGITS[low + 32]);
    };
    varint(out, u32::try_from(sections).unwrap_or(u32::MAX));
    let mut last = 0;
    for p in postings {
        varint(out, p.page - last);
        varint(out, p.section);
        out.push(DIGITS[usize::from(p.score.min(63))]);
        last = p.page;
    }
}

/// Decodes a postings string (the client does the same): the section count and the postings.
pub fn decode_postings(s: &str) -> (usize, Vec<Posting>) {
    let digit = |c: u8| DIGITS.iter().position(|&d| d == c).unwrap_or(0) as u32;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut read = |single: bool| {
        let (mut n, mut shift) = (0u32, 0);
        while i < bytes.len() {
            let d = digit(bytes[i]);
            i += 1;
            if single {
                return d;
            }
            n |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                break;
            }
        }
        n
    };
    let mut out = Vec::new();
    let sections = read(false) as usize;
    let mut page = 0;
    loop {
        page += read(false);
        let section = read(false);
        let score = read(true) as u8;
        if score == 0 {
            break;
        }
        out.push(Posting { page, section, score });
    }
    (sections, out)
}

/// First 10 hex digits of SHA-256.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Cuts text to about `max` characters, at a word boundary.
fn clip(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        None => text,
        Some((end, _)) => {
            let cut = text[..end].rfind(char::is_whitespace).filter(|&i| i > end / 2).unwrap_or(end);
            &text[..cut]
        }
    }
}

/// What the manifest says besides the index: the pages' language, the page to suggest when
/// nothing is found (title, URL), `[search] synonyms` as terms, `[search] report_url`.
#[derive(Debug, Clone, Copy)]
pub struct ManifestExtras<'a> {
    pub lang: &'a str,
    pub rules: &'a super::lang::Analysis,
    pub help: Option<(&'a str, &'a str)>,
    pub synonyms: &'a [Vec<Vec<String>>],
    pub report: Option<&'a str>,
}

impl Default for ManifestExtras<'_> {
    fn default() -> Self {
        ManifestExtras { lang: "en", rules: &super::lang::ENGLISH, help: None, synonyms: &[], report: None }
    }
}

/// Where term shards start, as indexes into the ordered entries, given each entry's size in
/// bytes and its term's digest. A shard ends before a term when it holds at least three quarters
/// of `limits.term_shard` and the term's digest is a multiple of `CUT_EVERY`, or when the term would
/// take it past `limits.term_shard`. The boundaries depend on the terms near them only, so an
/// edit changes the shards of the terms it touches (and rarely a neighbour), not every shard
/// after them: the others keep their bytes and names, in `docent serve` and in browser caches.
pub fn cuts(entries: &[(usize, u64)], limits: &Limits) -> Vec<usize> {
    let mut out = Vec::new();
    let mut size = 0;
    for (i, &(len, digest)) in entries.iter().enumerate() {
        if i == 0 || size + len > limits.term_shard || (size >= limits.term_shard / 4 * 3 && digest % CUT_EVERY == 0) {
            out.push(i);
            size = 0;
        }
        size += len;
    }
    out
}

/// See `cuts`: on average a shard ends about this many terms after reaching three quarters of its
/// size. (On a 10,000-page site: about 560 shards of 14 KB, against 510 of 15.5 KB when every
/// shard was filled to the limit; an edit moves no boundary in most cases, at most a few.)
const CUT_EVERY: u64 = 16;

/// A page's result document, `[title, url, breadcrumb, roles, [[anchor, heading, text], …]]`.
pub fn doc(page: &SearchPage, text_limit: usize) -> Vec<u8> {
    let sections: Vec<(&str, &str, &str)> = page
        .sections
        .iter()
        .map(|s| (s.id.as_deref().unwrap_or(""), s.heading.as_str(), clip(&s.text, text_limit)))
        .collect();
    serde_json::to_vec(&(&*page.title, &page.url, &page.breadcrumb, &*page.roles, sections)).expect("JSON of strings")
}

/// A result-document shard: the JSON array of its pages' documents.
pub fn doc_shard<'a>(docs: impl Iterator<Item = &'a [u8]> + Clone) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(docs.clone().map(|d| d.len() + 1).sum::<usize>() + 1);
    bytes.push(b'[');
    for (i, d) in docs.enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(d);
    }
    bytes.push(b']');
    bytes
}

/// The sections only some audiences see (`::: only`): `[page, section, roles]` each, for the
/// manifest, from each page's (section number, roles).
pub fn section_roles<'a>(pages: impl Iterator<Item = &'a [(u32, Vec<String>)]>) -> Vec<Value> {
    pages.enumerate().flat_map(|(i, only)| only.iter().map(move |(n, roles)| json!([i, n, roles]))).collect()
}

/// The manifest, given the sections only some audiences see (`section_roles`), the shards' keys and hashes, pages per result shard, the result shard
/// groups' hashes and the number of sections (for the client's idf).
#[allow(clippy::too_many_arguments)]
pub fn manifest(
    pages: &[SearchPage],
    only: Vec<Value>,
    keys: &[String],
    hashes: &[String],
    per: usize,
    doc_hashes: &[String],
    sections: u64,
    extras: &ManifestExtras,
    limits: &Limits,
) -> Vec<u8> {
    let mut by_role: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        for r in p.roles.iter() {
            by_role.entry(r.as_str()).or_default().push(i as u32);
        }
    }
    let roles: Vec<Value> = by_role
        .into_iter()
        .map(|(role, ids)| {
            let mut s = String::new();
            let mut last = 0;
            for id in ids {
                push_varint(&mut s, id - last);
                last = id;
            }
            json!([role, s])
        })
        .collect();
    let manifest = json!({
        "v": VERSION, "keys": keys, "terms": hashes, "per": per, "group": limits.docs_per_hash,
        "docs": doc_hashes, "pages": pages.len(), "sections": sections, "roles": roles, "help": extras.help,
        "syn": extras.synonyms, "report": extras.report, "only": only, "lang": extras.lang,
        "rules": extras.rules.rules(),
    });
    serde_json::to_vec(&manifest).expect("JSON")
}

/// The index format's version (the manifest's "v").
pub const VERSION: u32 = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::search::lang::ENGLISH as EN;
    use crate::derive::search::{SearchSection, index};
    use crate::output::SharedBytes;

    fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    #[test]
    fn postings_round_trip_through_varints() {
        let postings = vec![
            Posting { page: 0, section: 0, score: 5 },
            Posting { page: 0, section: 40, score: 63 },
            Posting { page: 31, section: 1, score: 1 },
            Posting { page: 70_000, section: 2, score: 30 },
        ];
        let s = encode_postings(5000, &postings);
        assert!(s.bytes().all(|b| DIGITS.contains(&b)));
        assert_eq!(decode_postings(&s), (5000, postings));
    }

    fn pages(n: usize) -> Vec<SearchPage<'static>> {
        (0..n)
            .map(|i| SearchPage {
                title: format!("Topic {i} word{i}").into(),
                url: format!("/p{i}/"),
                roles: if i % 2 == 0 { vec!["school nurse".to_string()].into() } else { Vec::new().into() },
                sections: vec![SearchSection {
                    id: None,
                    heading: String::new(),
                    text: "clinic ".repeat(50),
                    roles: vec![],
                }]
                .into(),
                ..Default::default()
            })
            .collect()
    }

    fn write(pages: &[SearchPage], extras: &ManifestExtras, limits: &Limits) -> BTreeMap<String, SharedBytes> {
        index::files(&mut pages.to_vec(), &EN, extras, limits, &mut index::IndexMemo::default())
    }

    #[test]
    fn shards_split_by_size_and_cover_every_term_in_order() {
        let pages = pages(300);
        let limits = Limits { term_shard: 2_000, doc_shard: 1_500, section_text: 100, docs_per_hash: 4 };
        let files = write(&pages, &ManifestExtras::default(), &limits);
        let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        let keys: Vec<&str> = manifest["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
        assert!(keys.len() > 3, "{keys:?}");
        assert_eq!(keys[0], "");
        assert!(keys.windows(2).all(|w| utf16_order(w[0], w[1]).is_lt()));
        let mut seen = 0;
        for (i, hash) in manifest["terms"].as_array().unwrap().iter().enumerate() {
            let name = format!("t-{}.json", hash.as_str().unwrap());
            assert!(files[&name].len() <= limits.term_shard + 2 || files[&name].starts_with(b"[\""), "{name}");
            let shard: Vec<String> = serde_json::from_slice(&files[&name]).unwrap();
            for term in shard.iter().step_by(2) {
                assert!(utf16_order(term, keys[i]).is_ge());
                assert!(keys.get(i + 1).is_none_or(|next| utf16_order(term, next).is_lt()));
                seen += 1;
            }
        }
        assert_eq!(seen, index::build(&pages, &EN).len());
        assert_eq!(manifest["sections"], 300);
        let per = manifest["per"].as_u64().unwrap() as usize;
        let groups = manifest["docs"].as_array().unwrap();
        for page in [0, 150, 299] {
            let n = page / per;
            let name = format!("d-{}-{n}.json", groups[n / 4].as_str().unwrap());
            let docs: Vec<Value> = serde_json::from_slice(&files[&name]).unwrap();
            assert_eq!(docs[page % per][1], format!("/p{page}/"));
        }
        let role = &manifest["roles"][0];
        assert_eq!(role[0], "school nurse");
        assert_eq!(role[1].as_str().unwrap().len(), 150);
    }

    #[test]
    fn same_pages_give_same_bytes_and_an_empty_site_has_an_index() {
        let p = pages(20);
        let extras = ManifestExtras::default();
        assert_eq!(write(&p, &extras, &Limits::default()), write(&p, &extras, &Limits::default()));
        let empty = write(&[], &extras, &Limits::default());
        let manifest: Value = serde_json::from_slice(&empty["manifest.json"]).unwrap();
        assert_eq!(manifest["keys"], json!([""]));
        assert_eq!(manifest["pages"], 0);
        assert_eq!((&manifest["lang"], &manifest["rules"]), (&json!("en"), &Value::Null));
        let shard = format!("t-{}.json", manifest["terms"][0].as_str().unwrap());
        assert_eq!(empty[&shard].as_slice(), b"[]");
    }

    #[test]
    fn shard_boundaries_depend_on_nearby_terms_only() {
        let limits = Limits { term_shard: 8_000, ..Limits::default() };
        let entries: Vec<(usize, u64)> =
            (0..4_000u64).map(|i| (20 + (i as usize * 7) % 50, i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7)).collect();
        let before = cuts(&entries, &limits);
        let mut grown = entries.clone();
        grown[100].0 += 300;
        let after = cuts(&grown, &limits);
        assert!(before.iter().all(|&c| c == 0 || entries[c - 1..=c].len() == 2));
        let differ = |a: &[usize], b: &[usize]| a.iter().filter(|c| !b.contains(c)).count();
        assert!(differ(&before, &after) <= 3 && differ(&after, &before) <= 3, "{before:?}\n{after:?}");
        let mut size = 0;
        for (i, e) in entries.iter().enumerate() {
            if before.contains(&i) {
                size = 0;
            }
            size += e.0;
            assert!(size <= limits.term_shard);
        }
    }

    #[test]
    fn clip_cuts_at_a_word() {
        assert_eq!(clip("one two three four", 9), "one two");
        assert_eq!(clip("short", 100), "short");
    }
}
