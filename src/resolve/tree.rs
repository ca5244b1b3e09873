//! The section tree: each page's parent section, each section's children, the reading order.

use super::SiteMap;
use crate::content::Site;
use std::collections::HashMap;

/// Sets `parent` and `children` of every page and fills `reading_order`.
/// A page's parent is the section of the nearest folder above it that has an `_index.md`.
pub(super) fn link_sections(site: &Site, map: &mut SiteMap) {
    let sections: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, p)| (p.rel.trim_end_matches("_index.md").trim_end_matches('/'), i))
        .collect();
    for (i, page) in site.pages.iter().enumerate() {
        let own_dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let mut dir = if page.is_section {
            if own_dir.is_empty() {
                continue; // the home page has no parent
            }
            own_dir.rsplit_once('/').map_or("", |(d, _)| d)
        } else {
            own_dir
        };
        let parent = loop {
            if let Some(&s) = sections.get(dir) {
                break Some(s);
            }
            if dir.is_empty() {
                break None;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        };
        map.pages[i].parent = parent;
        if let Some(p) = parent {
            map.pages[p].children.push(i);
        }
    }
    for i in 0..map.pages.len() {
        let mut children = std::mem::take(&mut map.pages[i].children);
        children.sort_by(|&a, &b| {
            let (pa, pb) = (&map.pages[a], &map.pages[b]);
            (pa.weight, &pa.title, &pa.url).cmp(&(pb.weight, &pb.title, &pb.url))
        });
        map.pages[i].children = children;
    }
    let mut order = Vec::with_capacity(map.pages.len());
    let mut roots: Vec<usize> = (0..map.pages.len()).filter(|&i| map.pages[i].parent.is_none()).collect();
    // Home first, then any other orphan tops (pages in folders without a home page).
    // Like children: by weight, then title.
    roots.sort_by(|&a, &b| {
        let (pa, pb) = (&map.pages[a], &map.pages[b]);
        (Some(a) != map.home, pa.weight, &pa.title, &pa.url).cmp(&(Some(b) != map.home, pb.weight, &pb.title, &pb.url))
    });
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(map.pages[i].children.iter().rev());
    }
    for (pos, &i) in order.iter().enumerate() {
        map.pages[i].position = pos;
    }
    map.reading_order = order;
}
