//! The `markdown::Links` answer for a page of this site: author paths -> URLs under the base.

use crate::content::Site;
use crate::markdown::{LinkError, Links, Rewritten};
use crate::resolve::SiteMap;
use crate::resolve::links::{LinkTarget, resolve_link};

pub struct SiteLinks<'a> {
    pub site: &'a Site,
    pub map: &'a SiteMap,
    /// The page whose links these are.
    pub from: usize,
}

impl Links for SiteLinks<'_> {
    fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
        let from = &self.site.pages[self.from].source;
        match resolve_link(self.map, from, dest) {
            LinkTarget::Page { page, anchor } => {
                let mut url = self.map.page_href(page);
                if let Some(a) = &anchor {
                    url.push('#');
                    url.push_str(a);
                }
                Ok(Rewritten { url, anchor: anchor.filter(|a| !a.is_empty()).map(|a| (page, a)) })
            }
            LinkTarget::Asset { asset } => {
                Ok(Rewritten { url: self.map.href(&self.site.assets[asset].output), anchor: None })
            }
            LinkTarget::Fragment(a) => {
                Ok(Rewritten { url: format!("#{a}"), anchor: (!a.is_empty()).then_some((self.from, a)) })
            }
            LinkTarget::SitePath(p) => Ok(Rewritten { url: self.map.href(p.trim_start_matches('/')), anchor: None }),
            LinkTarget::External => Ok(Rewritten { url: dest.to_string(), anchor: None }),
            LinkTarget::Missing(path) => {
                let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
                let what = if path.ends_with(".md") || dest.contains(".md") { "no such page" } else { "no such file" };
                Err(LinkError {
                    problem: what.into(),
                    help: format!(
                        "links are relative to this file's folder ({dir}/); check the file name, or link to a page as path/to/page.md"
                    ),
                })
            }
        }
    }

    fn video_embed(&self, name: &str) -> Result<String, LinkError> {
        match self.site.videos.iter().find(|v| v.name == name) {
            Some(v) => Ok(crate::videos::html::embed_html(v, self.map)),
            None => Err(crate::resolve::missing_video(self.site, name)),
        }
    }

    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        match resolve_link(self.map, &self.site.pages[self.from].source, dest) {
            LinkTarget::Asset { asset } => self.site.assets[asset].dimensions,
            _ => None,
        }
    }
}
