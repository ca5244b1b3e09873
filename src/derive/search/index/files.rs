//! The index's files: the manifest, the term shards and the result shards, cut from the
//! `IndexMemo` that `super` keeps up to date. A shard whose content is the same as in the last
//! build keeps its bytes and name, so `docent serve` resends only what an edit changed.

use super::*;

/// The index's files (`manifest.json`, term and result shards), reusing and refilling `memo`.
/// A one-shot memo (`IndexMemo::one_shot`) empties the pages' `sections` as it reads them.
pub fn files(
    pages: &mut [SearchPage],
    lang: &'static Analysis,
    extras: &ManifestExtras,
    limits: &Limits,
    memo: &mut IndexMemo,
) -> BTreeMap<String, SharedBytes> {
    update(memo, pages, lang, MAX_POSTINGS, limits);
    let only = shard::section_roles(memo.pages.iter().map(|p| p.only.as_slice()));
    let _t = crate::timing::stage("search: shards");
    let mut files = BTreeMap::new();
    let (keys, hashes) = term_shards(memo, limits, &mut files);
    if memo.one_shot {
        memo.entries = Vec::new();
    }
    let (per, doc_hashes) = doc_shards(memo, limits, &mut files);
    let sections: u64 = memo.pages.iter().map(|p| u64::from(p.sections)).sum();
    let manifest = shard::manifest(pages, only, &keys, &hashes, per, &doc_hashes, sections, extras, limits);
    files.insert("manifest.json".into(), Arc::new(manifest));
    files
}

/// Cuts the ordered terms into shards (`shard::cuts`), reusing the bytes of a shard whose
/// entries are those of one of the last build's. Gives the shards' keys and hashes.
fn term_shards(
    memo: &mut IndexMemo,
    limits: &Limits,
    files: &mut BTreeMap<String, SharedBytes>,
) -> (Vec<String>, Vec<String>) {
    let entries = &memo.entries;
    let names = &memo.names;
    let name_digests = &memo.name_digests;
    let sizes: Vec<(usize, u64)> =
        memo.order.iter().map(|&g| (entries[g as usize].0.len() + 1, name_digests[g as usize])).collect();
    let cuts = shard::cuts(&sizes, limits);
    let ends = cuts.iter().skip(1).copied().chain(std::iter::once(memo.order.len()));
    let ranges: Vec<(usize, usize)> = cuts.iter().copied().zip(ends).collect();
    let old = std::mem::take(&mut memo.term_shards);
    let order = &memo.order;
    // A one-shot build with a spill writes each shard there as it is made, like the result
    // shards (at 100,000 pages the term shards were 49 MB on top of the entries they are cut
    // from, the search stage's peak).
    let spill = memo.spill.as_deref().filter(|_| memo.one_shot);
    // Each shard's digest, hash and bytes: in memory (`Ok`), or in the spill (`Err`).
    type Made = (u64, (String, Result<SharedBytes, crate::output::Staged>));
    let made: Vec<Made> = ranges
        .par_iter()
        .map(|&(a, b)| {
            let mut d = Digest::new();
            for &g in &order[a..b] {
                d.write_u64(entries[g as usize].1);
            }
            let digest = d.finish();
            if let Some((hash, bytes)) = old.get(&digest) {
                return (digest, (hash.clone(), Ok(bytes.clone())));
            }
            let mut bytes =
                Vec::with_capacity(order[a..b].iter().map(|&g| entries[g as usize].0.len() + 1).sum::<usize>() + 1);
            bytes.push(b'[');
            for (k, &g) in order[a..b].iter().enumerate() {
                if k > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(&entries[g as usize].0);
            }
            bytes.push(b']');
            let hash = shard::short_hash(&bytes);
            match spill.map(|files| files.put(&bytes)) {
                Some(Ok(staged)) => (digest, (hash, Err(staged))),
                _ => (digest, (hash, Ok(Arc::new(bytes)))),
            }
        })
        .collect();
    let mut keys = Vec::with_capacity(made.len());
    let mut hashes = Vec::with_capacity(made.len());
    for (k, &(a, _)) in ranges.iter().enumerate() {
        keys.push(if k == 0 { String::new() } else { names[order[a] as usize].to_string() });
    }
    for (digest, (hash, shard)) in made {
        hashes.push(hash.clone());
        match shard {
            Ok(bytes) => {
                files.insert(format!("t-{hash}.json"), bytes.clone());
                memo.term_shards.insert(digest, (hash, bytes));
            }
            Err(staged) => memo.spilled_files.push((format!("t-{hash}.json"), staged)),
        }
    }
    if keys.is_empty() {
        // An empty site still has one (empty) shard, so that the client's lookup finds a file.
        let bytes = b"[]".to_vec();
        let hash = shard::short_hash(&bytes);
        files.insert(format!("t-{hash}.json"), Arc::new(bytes));
        keys.push(String::new());
        hashes.push(hash);
    }
    (keys, hashes)
}

/// The result-document shards: `per` pages each, named by a hash per group of
/// `limits.docs_per_hash` shards; a group whose pages and `per` are unchanged keeps its bytes.
fn doc_shards(
    memo: &mut IndexMemo,
    limits: &Limits,
    files: &mut BTreeMap<String, SharedBytes>,
) -> (usize, Vec<String>) {
    let total: usize = memo.pages.iter().map(|p| p.doc_len()).sum();
    let per = (limits.doc_shard * memo.pages.len()).checked_div(total).unwrap_or(1).max(1);
    let group_pages = per * limits.docs_per_hash;
    let old = std::mem::take(&mut memo.doc_groups);
    // A one-shot build with a spill writes each shard there as soon as its group is made
    // (a 100,000-page site's result shards are 300 MB), and lists it in `spilled_files`.
    let spill = memo.spill.as_deref().filter(|_| memo.one_shot);
    type Group = (u64, (String, Vec<SharedBytes>), Vec<crate::output::Staged>);
    let made: Vec<Group> = memo
        .pages
        .par_chunks(group_pages)
        .map(|group| {
            let mut d = Digest::new();
            d.write_u64(per as u64);
            for p in group {
                d.write_u64(p.key);
            }
            let digest = d.finish();
            if let Some(g) = old.get(&digest) {
                return (digest, g.clone(), Vec::new());
            }
            let docs: Vec<Cow<[u8]>> = group.iter().map(|p| p.doc()).collect();
            let shards: Vec<Vec<u8>> =
                docs.chunks(per).map(|c| shard::doc_shard(c.iter().map(|d| d.as_ref()))).collect();
            drop(docs);
            let hash = shard::short_hash(&shards.concat());
            if let Some(files) = spill {
                let staged: Result<Vec<_>, _> = shards.iter().map(|s| files.put(s)).collect();
                if let Ok(staged) = staged {
                    return (digest, (hash, Vec::new()), staged);
                }
            }
            (digest, (hash, shards.into_iter().map(Arc::new).collect()), Vec::new())
        })
        .collect();
    let mut hashes = Vec::with_capacity(made.len());
    for (g, (digest, (hash, shards), staged)) in made.into_iter().enumerate() {
        for (k, s) in staged.into_iter().enumerate() {
            memo.spilled_files.push((format!("d-{hash}-{}.json", g * limits.docs_per_hash + k), s));
        }
        for (k, bytes) in shards.iter().enumerate() {
            files.insert(format!("d-{hash}-{}.json", g * limits.docs_per_hash + k), bytes.clone());
        }
        hashes.push(hash.clone());
        memo.doc_groups.insert(digest, (hash, shards));
    }
    (per, hashes)
}
