//! `sitemap.xml` (pages, video pages and the glossary page) and `robots.txt`.

use crate::content::Site;
use crate::markdown::text_escape as escape;
use crate::resolve::{GLOSSARY_URL, SiteMap, VIDEOS_URL, video_url};

/// Every page's URL, absolute when `base_url` names a host (as the sitemap protocol wants).
pub fn sitemap(site: &Site, map: &SiteMap) -> String {
    let prefix = site.config.absolute_base().map_or_else(|| site.config.base_path(), str::to_string);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<String> = map.pages.iter().map(|p| p.url.clone()).collect();
    if !site.videos.is_empty() {
        urls.push(VIDEOS_URL.into());
        urls.extend(site.videos.iter().map(|v| video_url(&v.name)));
    }
    if !site.glossary.is_empty() && !map.by_url.contains_key(GLOSSARY_URL) {
        urls.push(GLOSSARY_URL.into());
    }
    urls.sort_unstable();
    for url in urls {
        out.push_str(&format!("  <url><loc>{}{}</loc></url>\n", escape(&prefix), escape(&url)));
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`; it names the sitemap only when `base_url` names a host (the line must be absolute).
pub fn robots(site: &Site) -> String {
    match site.config.absolute_base() {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
