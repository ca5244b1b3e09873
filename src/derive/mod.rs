//! Derive: files computed from the whole site rather than from one page: redirect pages for
//! aliases, `sitemap.xml`, `robots.txt`, the URL manifest (`.docent/urls.json`), the search
//! index (`search/`), contextual help (`help/`: the screen map, `/help/ID/` redirects, the
//! help map and the widget), the response headers the site needs (`headers.rs`, `_headers`)
//! and, with `[offline]`, the web app manifest and service worker (`offline.rs`).
//!
//! Pure functions from the resolved model (and rendered pages) to output files.

pub mod headers;
pub mod help;
pub mod offline;
mod redirect;
pub mod search;
mod sitemap;
pub mod urls;

use crate::content::Site;
use crate::resolve::SiteMap;
pub use redirect::redirect_page;
use std::collections::BTreeMap;

/// A redirect page for each alias, by output path (relative to the map's base).
pub fn alias_pages(site: &Site, map: &SiteMap) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let code = site.language.as_deref().unwrap_or(&site.config.language);
    let language = crate::strings::Language::new(code, &site.config);
    for (alias, &page) in &map.aliases {
        let target = map.page_href(page);
        let path = if alias.ends_with('/') { format!("{alias}index.html") } else { alias.clone() };
        files.insert(path, redirect_page(&target, &map.pages[page].title, &language).into_bytes());
    }
    files
}

/// The derived files: output path -> bytes.
pub fn derive_files(site: &Site, map: &SiteMap) -> BTreeMap<String, Vec<u8>> {
    let mut files = alias_pages(site, map);
    files.insert("sitemap.xml".into(), sitemap::sitemap(site, map).into_bytes());
    files.insert("robots.txt".into(), sitemap::robots(site).into_bytes());
    // A site in several languages has its manifest made once every language is resolved
    // (`lib::build`): each language's pages and aliases are in it.
    if crate::languages::other_languages(&site.config).is_empty() {
        files.insert(urls::MANIFEST_PATH.into(), urls::manifest(&[(site, map)]).into_bytes());
    }
    files
}
