//! The `markdown::Links` answer for a page of this site: author paths -> URLs under the base.

use crate::content::Site;
use crate::markdown::{Links, Rewritten};
use crate::resolve::SiteMap;
use crate::resolve::links::{LinkTarget, resolve_link};

pub struct SiteLinks<'a> {
    pub site: &'a Site,
    pub map: &'a SiteMap,
    pub base: &'a str,
    /// The page whose links these are.
    pub from: usize,
    /// `[check]`'s links that are mapped or left alone.
    pub policy: &'a super::link_policy::LinkPolicy,
}

impl Links for SiteLinks<'_> {
    fn rewrite(&self, dest: &str) -> Result<Rewritten, (String, String)> {
        let from = &self.site.pages[self.from].source;
        if let Some(url) = self.policy.apply(dest) {
            return Ok(Rewritten { url, anchor: None });
        }
        match resolve_link(self.map, from, dest) {
            LinkTarget::Page { page, anchor } => {
                let mut url = format!("{}{}", self.base, self.map.pages[page].url);
                if let Some(a) = &anchor {
                    url.push('#');
                    url.push_str(a);
                }
                Ok(Rewritten { url, anchor: anchor.filter(|a| !a.is_empty()).map(|a| (page, a)) })
            }
            LinkTarget::Asset { asset } => {
                Ok(Rewritten { url: format!("{}{}", self.base, self.site.assets[asset].output), anchor: None })
            }
            LinkTarget::Fragment(a) => {
                Ok(Rewritten { url: format!("#{a}"), anchor: (!a.is_empty()).then_some((self.from, a)) })
            }
            LinkTarget::SitePath(p) => {
                Ok(Rewritten { url: format!("{}{}", self.base, p.trim_start_matches('/')), anchor: None })
            }
            LinkTarget::External => Ok(Rewritten { url: dest.to_string(), anchor: None }),
            LinkTarget::Missing(path) => {
                let what = if path.ends_with(".md") || dest.contains(".md") { "no such page" } else { "no such file" };
                Err((
                    format!("link to {dest}: {what}"),
                    super::link_hints::missing_link_help(self.map, from, dest, &path),
                ))
            }
        }
    }

    fn video_embed(&self, name: &str) -> Result<String, (String, String)> {
        match self.site.videos.iter().find(|v| v.name == name) {
            Some(v) => Ok(crate::videos::html::embed_html(v, self.base)),
            None => Err(crate::videos::missing_video(self.site, name)),
        }
    }

    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        match resolve_link(self.map, &self.site.pages[self.from].source, dest) {
            LinkTarget::Asset { asset } => self.site.assets[asset].dimensions,
            _ => None,
        }
    }
}
