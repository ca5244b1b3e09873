//! The `markdown::Links` answer for a page of this site: author paths -> URLs under the base.

use crate::content::{Asset, Page};
use crate::markdown::{LinkError, Links, Rewritten, Snippet};
use crate::resolve::SiteMap;
use crate::resolve::links::{LinkTarget, resolve_link};
use crate::videos::Video;
use serde::Serialize;

/// Everything a page's links are answered from. `SiteLinks` reads nothing else (besides which
/// page asks), so the digest of this value covers every answer it can give (`memo`).
#[derive(Serialize)]
pub struct LinkWorld<'a> {
    pub map: &'a SiteMap,
    pub assets: &'a [Asset],
    pub videos: &'a [Video],
    /// The theme strings of the pages' language (the words of a video embed).
    pub strings: &'a crate::strings::Strings,
    /// `[check]`'s links that are mapped or left alone (made from `config.check`, which the
    /// memo's world key digests in its place).
    #[serde(skip)]
    pub policy: &'a super::link_policy::LinkPolicy,
    /// Pages and snippets, which includes read. Not digested (it is every text of the site):
    /// the memo asks each recorded include again instead (`memo::Asked::Snippet`).
    #[serde(skip)]
    pub pages: &'a [Page],
    #[serde(skip)]
    pub snippets: &'a std::collections::BTreeMap<String, String>,
}

pub struct SiteLinks<'a> {
    pub world: &'a LinkWorld<'a>,
    /// The source path of the page whose links these are.
    pub source: &'a str,
}

impl Links for SiteLinks<'_> {
    fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
        let (map, from) = (self.world.map, self.source);
        if let Some(url) = self.world.policy.apply(dest) {
            return Ok(Rewritten { url, anchor: None });
        }
        match resolve_link(map, from, dest) {
            LinkTarget::Page { page, anchor } => {
                let mut url = map.page_href(page);
                if let Some(a) = &anchor {
                    url.push('#');
                    url.push_str(a);
                }
                let target = || self.world.pages.get(page).map(|p| p.source.clone()).unwrap_or_default();
                Ok(Rewritten { url, anchor: anchor.filter(|a| !a.is_empty()).map(|a| (target(), a)) })
            }
            LinkTarget::Asset { asset } => {
                Ok(Rewritten { url: map.asset_href(&self.world.assets[asset].output), anchor: None })
            }
            LinkTarget::Fragment(a) => {
                Ok(Rewritten { url: format!("#{a}"), anchor: (!a.is_empty()).then(|| (self.source.to_string(), a)) })
            }
            LinkTarget::SitePath(p) => Ok(Rewritten { url: map.asset_href(p.trim_start_matches('/')), anchor: None }),
            LinkTarget::External => Ok(Rewritten { url: dest.to_string(), anchor: None }),
            LinkTarget::LeftOut => Err(LinkError {
                left_out: true,
                problem: "a page left out of this audience's site".into(),
                help: String::new(),
            }),
            LinkTarget::Missing(path) => {
                let what = if path.ends_with(".md") || dest.contains(".md") { "no such page" } else { "no such file" };
                Err(LinkError {
                    left_out: false,
                    problem: what.into(),
                    help: super::link_hints::missing_link_help(map, from, dest, &path),
                })
            }
        }
    }

    fn video_embed(&self, name: &str) -> Result<String, LinkError> {
        match self.world.videos.iter().find(|v| v.name == name) {
            Some(v) => Ok(crate::videos::html::embed_html(v, self.world.map, self.world.strings)),
            None => Err(crate::resolve::missing_video(self.world.videos, name)),
        }
    }

    fn snippet(&self, path: &str) -> Result<Snippet, LinkError> {
        let in_content = format!("content/{path}");
        if let Ok(i) = self.world.pages.binary_search_by(|p| p.source.as_str().cmp(&in_content)) {
            let page = &self.world.pages[i];
            return Ok(Snippet { source: in_content, text: page.body.as_str().into(), first_line: page.body_line });
        }
        let in_snippets = format!("snippets/{path}");
        if let Some(text) = self.world.snippets.get(&in_snippets) {
            return Ok(Snippet { source: in_snippets, text: text.as_str().into(), first_line: 1 });
        }
        let problem = if path.ends_with(".md") { "no such file" } else { "only Markdown files (.md) can be included" };
        let nearest = crate::explain::nearest(
            path,
            self.world
                .pages
                .iter()
                .filter_map(|p| p.source.strip_prefix("content/"))
                .chain(self.world.snippets.keys().filter_map(|s| s.strip_prefix("snippets/"))),
        );
        let mut help = format!("looked for {in_content} and {in_snippets}");
        if let Some(n) = nearest {
            help.push_str(&format!("; did you mean {n}?"));
        }
        Err(LinkError { left_out: false, problem: problem.into(), help })
    }

    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        match resolve_link(self.world.map, self.source, dest) {
            LinkTarget::Asset { asset } => self.world.assets[asset].dimensions,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What page `from` is told for each of `dests`, in a site of `files`.
    fn answers(files: &[(&str, &str)], from: &str, dests: &[&str]) -> Vec<Result<Rewritten, LinkError>> {
        let site = crate::content::test_site(files);
        let (map, _) = crate::resolve::resolve(&site);
        let (strings, policy) =
            (crate::strings::Strings::english(), super::super::link_policy::LinkPolicy::new(&Default::default()));
        let world = LinkWorld {
            map: &map,
            assets: &site.assets,
            videos: &site.videos,
            strings: &strings,
            policy: &policy,
            pages: &site.pages,
            snippets: &site.snippets,
        };
        let links = SiteLinks { world: &world, source: from };
        dests.iter().map(|d| links.rewrite(d)).collect()
    }

    #[test]
    fn links_name_their_target_page_by_path_so_a_page_added_elsewhere_keeps_every_answer() {
        let mut files = vec![("a.md", "A"), ("b.md", "## Steps\n"), ("c.md", "[b](b.md#steps) [here](#top)")];
        let dests = ["b.md#steps", "#here", "b.md"];
        let before = answers(&files, "content/c.md", &dests);
        let anchor = before[0].as_ref().map(|r| r.anchor.clone()).ok().flatten();
        assert_eq!(anchor, Some(("content/b.md".to_string(), "steps".to_string())));
        let own = before[1].as_ref().map(|r| r.anchor.clone()).ok().flatten();
        assert_eq!(own, Some(("content/c.md".to_string(), "here".to_string())));
        files.insert(0, ("0-first.md", "New"));
        assert_eq!(answers(&files, "content/c.md", &dests), before, "`docent serve` keeps c's render");
    }
}
