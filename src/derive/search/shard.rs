//! The index on disk: a manifest, term shards and result-document shards, all JSON.
//!
//! - `search/manifest.json` (fixed name, small): `{"v":1, "keys":[first term of each term shard],
//!   "terms":[hash of each term shard], "per": pages per document shard, "group": document shards
//!   per hash, "docs":[one hash per group], "pages": count, "roles":[[role, page ids]],
//!   "help": [title, url] of the page to suggest when nothing is found, or null, "syn": the
//!   `[search] synonyms` as `[[[term, …] per phrase] per group]` (`text::synonym_groups`)}`.
//!   "report": `[search] report_url` or null. "only": `[[page id, section number, [role, …]], …]`
//!   for the sections inside `::: only` blocks, which a role filter keeps only for those roles.
//!   Version 2 added "syn", "report" and the compound terms of hyphenated words (`text::for_each_compound`).
//! - `search/t-HASH.json`: a flat array `[term, postings, term, postings, …]`, terms sorted by
//!   UTF-16 code units (JavaScript's string order), a shard holding every term from its key up to
//!   the next shard's key. Postings are a string of base-64 varints: for each section, the page id
//!   minus the previous one, the section's number within its page, then one score character.
//! - `search/d-HASH-N.json`: document shard `N` (pages `N·per` to `N·per + per - 1`), an array of
//!   `[title, url, breadcrumb, roles, [[anchor, heading, text], …]]`. Document shards share a hash
//!   per group of `group` shards, so the manifest stays small on sites of 10,000 pages while every
//!   file name still changes when its content does (hosts can cache them forever).
//!
//! Every name is derived from content, and everything is iterated in order: same input, same bytes.

use super::SearchPage;
use super::index::{Index, Posting};
use rayon::prelude::*;
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

/// The postings string of one term.
pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 3);
    let mut last = 0;
    for p in postings {
        push_varint(&mut out, p.page - last);
        push_varint(&mut out, p.section);
        out.push(DIGITS[usize::from(p.score.min(63))] as char);
        last = p.page;
    }
    out
}

/// Decodes a postings string (the client does the same); for tests.
pub fn decode_postings(s: &str) -> Vec<Posting> {
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
    out
}

/// First 10 hex digits of SHA-256.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
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

/// Writes the manifest and shards.
pub fn write(
    pages: &[SearchPage],
    index: &Index,
    help: Option<(String, String)>,
    synonyms: &[Vec<Vec<String>>],
    report: Option<&str>,
    limits: &Limits,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();

    let mut terms: Vec<(&String, &Vec<Posting>)> = index.iter().collect();
    terms.sort_by(|a, b| utf16_order(a.0, b.0));
    let mut keys = Vec::new();
    let mut hashes = Vec::new();
    let mut shard: Vec<Value> = Vec::new();
    let mut size = 0;
    let mut flush = |shard: &mut Vec<Value>, files: &mut BTreeMap<String, Vec<u8>>| {
        let bytes = serde_json::to_vec(&Value::Array(std::mem::take(shard))).expect("JSON of strings");
        let hash = short_hash(&bytes);
        files.insert(format!("search/t-{hash}.json"), bytes);
        hashes.push(hash);
    };
    for (term, postings) in terms {
        let encoded = encode_postings(postings);
        if size > 0 && size + encoded.len() > limits.term_shard {
            flush(&mut shard, &mut files);
            size = 0;
        }
        if size == 0 {
            keys.push(if keys.is_empty() { String::new() } else { term.clone() });
        }
        size += term.len() + encoded.len() + 6;
        shard.push(Value::String(term.clone()));
        shard.push(Value::String(encoded));
    }
    if size > 0 || keys.is_empty() {
        if keys.is_empty() {
            keys.push(String::new());
        }
        flush(&mut shard, &mut files);
    }

    // Each document is serialised once (in parallel); a shard is their JSON array, `[a,b,…]`.
    let docs: Vec<Vec<u8>> =
        pages.par_iter().map(|p| serde_json::to_vec(&doc(p, limits.section_text)).expect("JSON of strings")).collect();
    let total: usize = docs.iter().map(Vec::len).sum();
    let per = (limits.doc_shard * docs.len()).checked_div(total).unwrap_or(1).max(1);
    let shards: Vec<Vec<u8>> = docs
        .chunks(per)
        .map(|c| {
            let mut bytes = Vec::with_capacity(c.iter().map(|d| d.len() + 1).sum::<usize>() + 1);
            bytes.push(b'[');
            for (i, d) in c.iter().enumerate() {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(d);
            }
            bytes.push(b']');
            bytes
        })
        .collect();
    let mut doc_hashes = Vec::new();
    for (g, group) in shards.chunks(limits.docs_per_hash).enumerate() {
        let hash = short_hash(&group.concat());
        for (k, bytes) in group.iter().enumerate() {
            files.insert(format!("search/d-{hash}-{}.json", g * limits.docs_per_hash + k), bytes.clone());
        }
        doc_hashes.push(hash);
    }

    let mut by_role: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        for r in &p.roles {
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
    let only: Vec<Value> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.sections.iter().enumerate().filter(|(_, s)| !s.roles.is_empty()).map(move |(n, s)| json!([i, n, s.roles]))
        })
        .collect();
    let manifest = json!({
        "v": 2, "keys": keys, "terms": hashes, "per": per, "group": limits.docs_per_hash,
        "docs": doc_hashes, "pages": pages.len(), "roles": roles, "help": help,
        "syn": synonyms, "report": report, "only": only,
    });
    files.insert("search/manifest.json".into(), serde_json::to_vec(&manifest).expect("JSON"));
    files
}

fn doc(page: &SearchPage, text_limit: usize) -> Value {
    let sections: Vec<Value> = page
        .sections
        .iter()
        .map(|s| json!([s.anchor.as_deref().unwrap_or(""), s.heading, clip(&s.text, text_limit)]))
        .collect();
    json!([page.title, page.url, page.breadcrumb, page.roles, sections])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::search::{SearchSection, index};

    #[test]
    fn postings_round_trip_through_varints() {
        let postings = vec![
            Posting { page: 0, section: 0, score: 5 },
            Posting { page: 0, section: 40, score: 63 },
            Posting { page: 31, section: 1, score: 1 },
            Posting { page: 70_000, section: 2, score: 30 },
        ];
        let s = encode_postings(&postings);
        assert!(s.bytes().all(|b| DIGITS.contains(&b)));
        assert_eq!(decode_postings(&s), postings);
    }

    fn pages(n: usize) -> Vec<SearchPage> {
        (0..n)
            .map(|i| SearchPage {
                title: format!("Topic {i} word{i}"),
                url: format!("/p{i}/"),
                roles: if i % 2 == 0 { vec!["school nurse".into()] } else { vec![] },
                sections: vec![SearchSection {
                    anchor: None,
                    heading: String::new(),
                    text: "clinic ".repeat(50),
                    roles: vec![],
                }],
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn shards_split_by_size_and_cover_every_term_in_order() {
        let pages = pages(300);
        let index = index::build(&pages);
        let limits = Limits { term_shard: 2_000, doc_shard: 1_500, section_text: 100, docs_per_hash: 4 };
        let files = write(&pages, &index, None, &[], None, &limits);
        let manifest: Value = serde_json::from_slice(&files["search/manifest.json"]).unwrap();
        let keys: Vec<&str> = manifest["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
        assert!(keys.len() > 3, "{keys:?}");
        assert_eq!(keys[0], "");
        assert!(keys.windows(2).all(|w| utf16_order(w[0], w[1]).is_lt()));
        let mut seen = 0;
        for (i, hash) in manifest["terms"].as_array().unwrap().iter().enumerate() {
            let shard: Vec<String> =
                serde_json::from_slice(&files[&format!("search/t-{}.json", hash.as_str().unwrap())]).unwrap();
            for term in shard.iter().step_by(2) {
                assert!(utf16_order(term, keys[i]).is_ge());
                assert!(keys.get(i + 1).is_none_or(|next| utf16_order(term, next).is_lt()));
                seen += 1;
            }
        }
        assert_eq!(seen, index.len());
        let per = manifest["per"].as_u64().unwrap() as usize;
        let groups = manifest["docs"].as_array().unwrap();
        for page in [0, 150, 299] {
            let n = page / per;
            let name = format!("search/d-{}-{n}.json", groups[n / 4].as_str().unwrap());
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
        assert_eq!(
            write(&p, &index::build(&p), None, &[], None, &Limits::default()),
            write(&p, &index::build(&p), None, &[], None, &Limits::default())
        );
        let empty = write(&[], &Index::new(), None, &[], None, &Limits::default());
        let manifest: Value = serde_json::from_slice(&empty["search/manifest.json"]).unwrap();
        assert_eq!(manifest["keys"], json!([""]));
        assert_eq!(manifest["pages"], 0);
    }

    #[test]
    fn clip_cuts_at_a_word() {
        assert_eq!(clip("one two three four", 9), "one two");
        assert_eq!(clip("short", 100), "short");
    }
}
