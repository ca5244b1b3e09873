//! Links the build cannot check by itself: site paths (`/help/ID/`, `/videos/NAME/`, `/img/x.png`)
//! checked against the finished output tree, and pages nothing leads to (orphans).

use crate::Build;
use crate::diagnostics::{Diagnostic, Span};
use crate::render::nav;
use crate::resolve::links::{LinkTarget, resolve_link};

/// One language's pages as built: the default's, then each other language's (`[languages]`),
/// whose pages are under `prefix` (`es/`) in the build's tree.
struct View<'a> {
    site: &'a crate::content::Site,
    map: &'a crate::resolve::SiteMap,
    markdown: &'a [crate::markdown::RenderedMarkdown],
    prefix: String,
}

fn views(build: &Build) -> Vec<View<'_>> {
    let default = View { site: &build.site, map: &build.map, markdown: &build.markdown, prefix: String::new() };
    let others = build.languages.iter().map(|l| View {
        site: &l.site,
        map: &l.map,
        markdown: &l.markdown,
        prefix: format!("{}/", l.code),
    });
    std::iter::once(default).chain(others).collect()
}

/// Each page's links, in every language: `each(view, page, link)`. Another language's page that
/// is not translated is the default's page again: its links are the default's, seen once.
fn for_each_link<'a>(views: &'a [View<'a>], mut each: impl FnMut(&'a View<'a>, usize, &'a crate::markdown::LinkRef)) {
    for view in views {
        for (i, _) in view.site.pages.iter().enumerate().filter(|(_, page)| !page.fallback) {
            for link in view.markdown.get(i).into_iter().flat_map(|md| md.links.iter()) {
                each(view, i, link);
            }
        }
    }
}

/// Every link written as a path from the site root must lead to a file of the built site, and its
/// anchor to a heading when it leads to a content page.
pub fn check_site_paths(build: &Build) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let policy = crate::render::link_policy::LinkPolicy::new(&build.site.config.check);
    let mut budget = crate::markdown::HINT_BUDGET;
    let views = views(build);
    for_each_link(&views, |view, i, link| {
        if policy.apply(&link.dest).is_some() {
            return;
        }
        if let LinkTarget::SitePath(path) = resolve_link(view.map, &view.site.pages[i].source, &link.dest)
            && let Some(d) = check_site_path(build, &views, &path, link.is_image, &link.span, &mut budget)
        {
            diags.push(d);
        }
    });
    diags
}

fn check_site_path(
    build: &Build,
    views: &[View<'_>],
    dest: &str,
    is_image: bool,
    span: &Span,
    budget: &mut usize,
) -> Option<Diagnostic> {
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let rel = path.split('?').next().unwrap_or(path).trim_start_matches('/');
    let what = if is_image { "image" } else { "link to" };
    match output_file(build, rel) {
        None => {
            let help = if let Some(id) = rel.strip_prefix("help/") {
                format!(
                    "no page lists the screen `{}` in its `screens`; add it to the page that explains that screen",
                    id.trim_end_matches('/')
                )
            } else if let Some(name) = rel.strip_prefix("videos/").filter(|n| !n.is_empty()) {
                format!(
                    "there is no video `{}` under videos/ (its page would be /videos/NAME/)",
                    name.trim_end_matches('/')
                )
            } else {
                "a path from the site's root names a file of the built site (docent adds the base path); \
                 to link to a page, link to its file instead: path/to/page.md"
                    .to_string()
            };
            Some(Diagnostic::error(span.clone(), format!("{what} {dest}: not in the built site")).with_help(help))
        }
        Some(file) => {
            let anchor = anchor.filter(|a| !a.is_empty() && !a.starts_with("t="))?;
            let url = file.strip_suffix("index.html")?;
            // The language whose pages the file is one of: the longest prefix (the default's is "").
            let view = views.iter().filter(|v| url.starts_with(&v.prefix)).max_by_key(|v| v.prefix.len())?;
            let page = *view.map.by_url.get(&url[view.prefix.len()..])?;
            let md = view.markdown.get(page)?;
            if md.has_anchor(anchor) || matches!(anchor, "main" | "top" | "menu") {
                return None;
            }
            let help = crate::markdown::no_such_heading_help(anchor, &md.headings, budget);
            Some(
                Diagnostic::error(
                    span.clone(),
                    format!("link to #{anchor} in {}: no such heading", view.site.pages[page].source),
                )
                .with_help(help),
            )
        }
    }
}

/// The output file a site path (relative to the base) is served from, as a static host does.
fn output_file(build: &Build, rel: &str) -> Option<String> {
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}/index.html")]
    };
    candidates.into_iter().find(|c| build.tree.files.contains_key(c))
}

/// Pages that no other page links to (in its text, or as a quick link) and that the menu does
/// not show: a reader can only reach them by knowing the URL.
pub fn check_orphans(build: &Build) -> Vec<Diagnostic> {
    let (site, map) = (&build.site, &build.map);
    let mut linked = nav::shown_in_menu(map);
    if let Some(h) = map.home {
        linked[h] = true;
    }
    for (i, page) in site.pages.iter().enumerate() {
        for link in &build.markdown[i].links {
            let target = match resolve_link(map, &page.source, &link.dest) {
                LinkTarget::Page { page, .. } => Some(page),
                LinkTarget::SitePath(p) => {
                    let rel = p.split(['#', '?']).next().unwrap_or("").trim_start_matches('/');
                    map.by_url.get(rel).copied()
                }
                _ => None,
            };
            if let Some(t) = target.filter(|&t| t != i) {
                linked[t] = true;
            }
        }
    }
    for &p in map.quick_links.iter().flatten() {
        linked[p] = true;
    }
    linked
        .iter()
        .enumerate()
        .filter(|&(_, &l)| !l)
        .map(|(i, _)| {
            Diagnostic::warning(
                Span::file(&site.pages[i].source),
                "orphan page: no page links here and the menu does not show it",
            )
            .with_help("link to it from a related page, or delete it if readers no longer need it")
        })
        .collect()
}

/// Every `http:`/`https:` link of the site with where it is written, in page order, in every
/// language.
pub fn external_links(build: &Build) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    let views = views(build);
    for_each_link(&views, |view, i, link| {
        let lower = link.dest.to_ascii_lowercase();
        if (lower.starts_with("http://") || lower.starts_with("https://"))
            && resolve_link(view.map, &view.site.pages[i].source, &link.dest) == LinkTarget::External
        {
            found.push((link.dest.clone(), link.span.clone()));
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(files: &[(&str, &str)]) -> Build {
        crate::build_site(crate::content::test_site(files), Vec::new(), &Default::default())
    }

    /// Takes page `i` out of the menu, as a menu that does not list every page would.
    fn hide_from_menu(b: &mut Build, i: usize) {
        for p in &mut b.map.pages {
            p.children.retain(|&c| c != i);
        }
        b.map.pages[i].parent = None;
    }

    #[test]
    fn page_outside_the_menu_that_nothing_links_to_is_an_orphan() {
        let mut b = build(&[
            ("_index.md", "+++\ntitle = \"H\"\n+++\n"),
            ("a.md", "+++\ntitle = \"A\"\n+++\n"),
            ("b.md", "+++\ntitle = \"B\"\n+++\nSee [a](a.md).\n"),
            ("c.md", "+++\ntitle = \"C\"\n+++\nSee [myself](c.md).\n"),
        ]);
        assert!(check_orphans(&b).is_empty(), "the menu shows every page");
        for i in 1..4 {
            hide_from_menu(&mut b, i);
        }
        let orphans: Vec<String> = check_orphans(&b).iter().map(|d| d.span.as_ref().unwrap().file.clone()).collect();
        assert_eq!(orphans, vec!["content/b.md", "content/c.md"], "a is linked from b; c links only to itself");
    }

    #[test]
    fn site_path_to_a_missing_heading_lists_the_headings() {
        let b = build(&[
            (
                "_index.md",
                "+++\ntitle = \"H\"\n+++\n[ok](/a/#steps) [bad](/a/#nope) [file](/sitemap.xml) [no](/nope.png)\n",
            ),
            ("a.md", "+++\ntitle = \"A\"\n+++\n## Steps\n"),
        ]);
        let diags = check_site_paths(&b);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["link to #nope in content/a.md: no such heading", "link to /nope.png: not in the built site"]
        );
        assert_eq!(diags[0].help.as_deref(), Some("headings there: steps"));
    }
}
