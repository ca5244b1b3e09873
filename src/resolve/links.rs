//! Link resolution: what a link written in a page points at.
//!
//! Authors link to files (`../login/reset.md#steps`, `reset/diagram.png`); readers follow URLs.
//! This module maps the first to the second, and says when the file does not exist.

use super::SiteMap;

/// What a link in Markdown points at.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another page (or this one), with an optional heading anchor.
    Page { page: usize, anchor: Option<String> },
    /// A file copied with the content.
    Asset { asset: usize },
    /// `#anchor` on the same page.
    Fragment(String),
    /// A path from the site root (`/videos/intro/`); prefixed with the base path, not checked here.
    SitePath(String),
    /// Another site, `mailto:`, `tel:` and the like: left alone.
    External,
    /// A relative path to nothing in the site: the resolved path, for the diagnostic.
    Missing(String),
    /// A page `docent build --role` left out: written as its text.
    LeftOut,
}

/// Resolves `dest`, written in the page whose source is `from` (`content/a/b.md`).
pub fn resolve_link(map: &SiteMap, from: &str, dest: &str) -> LinkTarget {
    if dest.is_empty() {
        return LinkTarget::Missing(String::new());
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Fragment(anchor.to_string());
    }
    if is_external(dest) {
        return LinkTarget::External;
    }
    if dest.starts_with('/') {
        return LinkTarget::SitePath(dest.to_string());
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let Some(joined) = join(dir, &path) else {
        return LinkTarget::Missing(path.to_string());
    };
    if let Some(&page) = map.by_source.get(&joined) {
        return LinkTarget::Page { page, anchor };
    }
    if let Some(&asset) = map.assets.get(&joined) {
        return LinkTarget::Asset { asset };
    }
    if map.left_out.contains(&joined) {
        return LinkTarget::LeftOut;
    }
    for index in ["_index.md", "index.md"] {
        if let Some(&page) = map.by_source.get(&format!("{}/{index}", joined.trim_end_matches('/'))) {
            return LinkTarget::Page { page, anchor };
        }
    }
    LinkTarget::Missing(joined)
}

/// True for links with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` when it climbs out.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `%20` -> ` ` (invalid UTF-8 shown as U+FFFD), as browsers decode a link's path.
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SiteMap {
        let mut m = SiteMap::default();
        m.by_source.insert("content/login/reset.md".into(), 0);
        m.by_source.insert("content/login/_index.md".into(), 1);
        m.by_source.insert("content/faq.md".into(), 2);
        m.assets.insert("content/login/reset/d.png".into(), 0);
        m
    }

    #[test]
    fn relative_md_links_resolve_with_anchor() {
        let m = map();
        assert_eq!(
            resolve_link(&m, "content/login/reset.md", "../faq.md#top"),
            LinkTarget::Page { page: 2, anchor: Some("top".into()) }
        );
        assert_eq!(resolve_link(&m, "content/faq.md", "login/reset.md"), LinkTarget::Page { page: 0, anchor: None });
        assert_eq!(resolve_link(&m, "content/faq.md", "login/"), LinkTarget::Page { page: 1, anchor: None });
        assert_eq!(resolve_link(&m, "content/login/reset.md", "reset/d.png"), LinkTarget::Asset { asset: 0 });
    }

    #[test]
    fn missing_and_external_links() {
        let m = map();
        assert_eq!(resolve_link(&m, "content/faq.md", "nope.md"), LinkTarget::Missing("content/nope.md".into()));
        assert_eq!(resolve_link(&m, "content/faq.md", "../../x.md"), LinkTarget::Missing("../../x.md".into()));
        assert_eq!(resolve_link(&m, "content/faq.md", "https://example.org/a.md"), LinkTarget::External);
        assert_eq!(resolve_link(&m, "content/faq.md", "mailto:a@b.c"), LinkTarget::External);
        assert_eq!(resolve_link(&m, "content/faq.md", "#x"), LinkTarget::Fragment("x".into()));
    }
}
