//! Hints for a link to nothing: the file the author probably meant (a misspelt name, `X.html`
//! for the page `X.md` as in mdBook and GitHub links), and advice that fits what was linked (an
//! image is not a page). Pure: works on the source paths the `SiteMap` knows.

use crate::resolve::SiteMap;

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp"];

/// The help line for `dest`, written in the page `from` (`content/a/b.md`), which resolved to
/// `missing` (`content/a/x.md`), a path that is neither a page nor a file.
pub fn missing_link_help(map: &SiteMap, from: &str, dest: &str, missing: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "html" | "htm") {
        let stem = &missing[..missing.len() - ext.len() - 1];
        let candidates = [format!("{stem}.md"), format!("{}/_index.md", stem.trim_end_matches("/index"))];
        if let Some(page) = candidates.iter().find(|c| map.by_source.contains_key(c.as_str())) {
            return format!(
                "did you mean {}? Link to a page by its Markdown file; docent writes the page's URL",
                relative(dir, page)
            );
        }
    }
    let is_image = IMAGE_EXTENSIONS.contains(&ext.as_str());
    // Compared without `content/`, so that the allowance for typos follows the part an author wrote.
    let strip = |s: &str| s.strip_prefix("content/").unwrap_or(s).to_string();
    let assets = map.assets.keys().filter(|s| s.starts_with("content/")).map(|s| strip(s));
    let names: Vec<String> =
        if is_image { assets.collect() } else { map.by_source.keys().map(|s| strip(s)).chain(assets).collect() };
    let near = crate::explain::nearest(&strip(missing), names.iter().map(String::as_str));
    let guess = near.map(|n| format!("did you mean {}? ", relative(dir, &format!("content/{n}")))).unwrap_or_default();
    if is_image {
        format!(
            "{guess}images are found relative to this file's folder ({dir}/); put the image beside the page (for example in {dir}/) or fix the path"
        )
    } else {
        format!(
            "{guess}links are relative to this file's folder ({dir}/); check the file name, or link to a page as path/to/page.md"
        )
    }
}

/// `target` (a path from the site root) as a link from the folder `dir`.
fn relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SiteMap {
        let mut m = SiteMap::default();
        m.by_source.insert("content/login/reset-your-password.md".into(), 0);
        m.by_source.insert("content/guide/_index.md".into(), 1);
        m.by_source.insert("content/faq.md".into(), 2);
        m.assets.insert("content/login/diagram.png".into(), 0);
        m
    }

    #[test]
    fn a_misspelt_page_gets_its_likely_name_relative_to_the_page() {
        let h = missing_link_help(
            &map(),
            "content/faq.md",
            "login/reset-your-pasword.md",
            "content/login/reset-your-pasword.md",
        );
        assert!(h.starts_with("did you mean login/reset-your-password.md? links are relative"), "{h}");
        let h = missing_link_help(&map(), "content/login/x.md", "../fac.md", "content/fac.md");
        assert!(h.starts_with("did you mean ../faq.md?"), "{h}");
        let h = missing_link_help(&map(), "content/faq.md", "nothing-like-it.md", "content/nothing-like-it.md");
        assert!(h.starts_with("links are relative to this file's folder (content/)"), "{h}");
    }

    #[test]
    fn html_links_point_to_the_markdown_file() {
        let h = missing_link_help(
            &map(),
            "content/faq.md",
            "login/reset-your-password.html#a",
            "content/login/reset-your-password.html",
        );
        assert!(h.starts_with("did you mean login/reset-your-password.md?"), "{h}");
        let h = missing_link_help(&map(), "content/faq.md", "guide/index.html", "content/guide/index.html");
        assert!(h.starts_with("did you mean guide/_index.md?"), "{h}");
    }

    #[test]
    fn a_missing_image_gets_an_image_hint() {
        let h = missing_link_help(&map(), "content/login/a.md", "diagam.png", "content/login/diagam.png");
        assert!(h.starts_with("did you mean diagram.png? images are found relative"), "{h}");
        let h = missing_link_help(&map(), "content/a.md", "x.png", "content/x.png");
        assert!(h.starts_with("images are found relative to this file's folder (content/)"), "{h}");
    }
}
