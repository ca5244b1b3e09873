//! The values templates see. Plain serializable structs, built from the model for one page.

use crate::content::Site;
use crate::digest::{Digested, Prehashed};
use crate::markdown::{Heading, RenderedMarkdown};
use crate::resolve::SiteMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything a page's template sees. The tera context is made from this value alone, and the
/// page's memo key is its digest (`render::memo`), so nothing reaches a template unkeyed.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// The parts every page of a render shares are `Prehashed`: digested once for all the keys.
    pub site: Prehashed<'a, SiteContext<'a>>,
    /// Plain name (`style.css`) -> hashed URL path of each theme file.
    pub assets: Prehashed<'a, BTreeMap<String, String>>,
    pub quick_links: Prehashed<'a, [LinkContext<'a>]>,
    pub page: PageContext<'a>,
    pub menu_html: Digested<'a>,
    /// The language menu and this page in every language (`render::languages`).
    pub languages: super::languages::LanguageContext,
    /// The page's language: `lang.code`, `lang.dir` (`ltr`/`rtl`), `lang.script_json` (the
    /// strings the theme's scripts read, for a `<script type="application/json">` block).
    pub lang: Prehashed<'a, crate::strings::Language>,
    /// The theme strings of the page's language (`strings.on_this_page`).
    pub strings: Prehashed<'a, crate::strings::Strings>,
}

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The language of the pages being rendered (the default, or the view's: `es`).
    pub language: &'a str,
    /// Every link to a shared file starts with this (`/` or `/help/`): theme files, assets.
    pub base_path: &'a str,
    /// This language's home, where its pages' links start (`base_path`, or `/es/` under it).
    pub home_path: &'a str,
    pub base_url: &'a str,
    /// `[offline] enabled` (and not a preview): the manifest, the worker and the save buttons.
    pub offline: bool,
    /// The site has videos (the save buttons then offer to save them too).
    pub has_videos: bool,
    /// `[feedback]`: the helpful form and the help desk link.
    pub feedback: Option<&'a crate::config::FeedbackConfig>,
}

/// A link to a page in lists (children, breadcrumbs, previous and next, quick links). Borrows
/// the map's titles and the page's summary: every page's key builds a few of these on each
/// `serve` rebuild.
#[derive(Serialize, Clone)]
pub struct LinkContext<'a> {
    pub title: Cow<'a, str>,
    /// The title with inline code as `<code>` (escaped: safe to insert as HTML).
    pub title_html: Cow<'a, str>,
    pub url: String,
    pub description: Cow<'a, str>,
}

/// A link in a page's lists (`PageContext::children`, ...) with its digest (`of_serialized`),
/// or, in a view made only for the page's memo key, the digest alone: `serve` digests each
/// page's link once per rebuild (`link_digests`) instead of building and hashing it again in
/// the key of every page that lists it. Serialized for templates it is the link; digested, the
/// digest, whichever of the two it holds, so a key-only view and a full one have the same key.
pub enum Linked<'a> {
    Link(LinkContext<'a>, Option<u64>),
    Digest(Option<u64>),
}

impl<'a> Linked<'a> {
    pub fn of(link: LinkContext<'a>) -> Linked<'a> {
        let digest = crate::digest::of_serialized(&link);
        Linked::Link(link, digest)
    }

    /// The link itself (`None` in a key-only view).
    pub fn link(&self) -> Option<&LinkContext<'a>> {
        match self {
            Linked::Link(link, _) => Some(link),
            Linked::Digest(_) => None,
        }
    }
}

impl Serialize for Linked<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let digest = match self {
            Linked::Link(link, _) if s.is_human_readable() => return link.serialize(s),
            Linked::Link(_, digest) | Linked::Digest(digest) => digest,
        };
        match digest {
            Some(digest) if !s.is_human_readable() => s.serialize_newtype_struct("Linked", digest),
            // A key-only view is never shown; a link that could not be digested has no key.
            _ => Err(S::Error::custom("a link without its value or digest")),
        }
    }
}

/// A page's table of contents with the digest the Markdown stage made of it
/// (`RenderedMarkdown::toc_digest`): serialized for templates it is the headings; digested, the
/// digest (made here when the Markdown result has none), like `Digested` for a text.
pub struct Toc<'a> {
    pub headings: Vec<&'a Heading>,
    pub digest: Option<u64>,
}

impl Serialize for Toc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        if s.is_human_readable() {
            return self.headings.serialize(s);
        }
        match self.digest.or_else(|| crate::digest::of_serialized(&self.headings)) {
            Some(digest) => s.serialize_newtype_struct("Toc", &digest),
            None => Err(S::Error::custom("a table of contents without a digest")),
        }
    }
}

/// The digest of each page's link (`Linked`), same index as `Site::pages`.
pub fn link_digests(site: &Site, map: &SiteMap, md: &[RenderedMarkdown]) -> Vec<Option<u64>> {
    use rayon::prelude::*;
    (0..map.pages.len()).into_par_iter().map(|i| crate::digest::of_serialized(&link(site, map, md, i))).collect()
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    /// The title with inline code as `<code>` (escaped: safe to insert as HTML).
    pub title_html: &'a str,
    pub description: &'a str,
    /// The description, or the first paragraph when there is none.
    pub summary: &'a str,
    pub url: String,
    pub content: Digested<'a>,
    /// h2 and h3 headings, for the on-page table of contents.
    pub toc: Toc<'a>,
    pub is_home: bool,
    pub is_section: bool,
    pub children: Vec<Linked<'a>>,
    pub breadcrumbs: Vec<Linked<'a>>,
    pub prev: Option<Linked<'a>>,
    pub next: Option<Linked<'a>>,
    pub roles: &'a [String],
    pub screens: &'a [String],
    pub source: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The videos named in front matter (`videos = [...]`), in that order.
    pub videos: Vec<super::videos::VideoCard>,
    /// Set when the page is shown untranslated in another language's view.
    pub fallback: Option<super::languages::FallbackContext>,
    /// The print page of this module (or, on the home page, of the whole site), if any.
    pub print_url: Option<String>,
    /// When the page last changed (`YYYY-MM-DD`): front matter `updated`, else the last commit
    /// of its source, else `SOURCE_DATE_EPOCH`'s date; none when nothing says.
    pub updated: Option<&'a str>,
    /// "Edit this page": `edit_url` from docent.toml with the page's path in it.
    pub edit_url: Option<String>,
}

pub fn site_context<'a>(site: &'a Site, map: &'a SiteMap) -> SiteContext<'a> {
    SiteContext {
        title: &site.config.title,
        description: &site.config.description,
        language: site.language.as_deref().unwrap_or(&site.config.language),
        base_path: &map.root,
        home_path: &map.base,
        base_url: &site.config.base_url,
        offline: site.config.offline.enabled,
        has_videos: !site.videos.is_empty(),
        feedback: site.config.feedback.as_ref(),
    }
}

/// The summary shown for a page in lists: its description, else its first paragraph.
pub fn summary_of<'a>(site: &'a Site, md: &'a [RenderedMarkdown], i: usize) -> &'a str {
    site.pages[i].front.description.as_deref().filter(|d| !d.is_empty()).unwrap_or(&md[i].summary)
}

pub fn link<'a>(site: &'a Site, map: &'a SiteMap, md: &'a [RenderedMarkdown], i: usize) -> LinkContext<'a> {
    LinkContext {
        title: Cow::Borrowed(&map.pages[i].title),
        title_html: Cow::Borrowed(&map.pages[i].title_html),
        url: map.page_href(i),
        description: Cow::Borrowed(summary_of(site, md, i)),
    }
}

/// The context of page `i`, with its Markdown HTML (`content`: only its digest when the page
/// is not rendered, see `render::render_pages`); with `link_digests`, for a key only.
pub fn page_context<'a>(
    site: &'a Site,
    map: &'a SiteMap,
    md: &'a [RenderedMarkdown],
    i: usize,
    content: Digested<'a>,
    link_digests: Option<&[Option<u64>]>,
) -> PageContext<'a> {
    let page = &site.pages[i];
    let info = &map.pages[i];
    let order = &map.reading_order;
    let pos = info.position;
    // With `link_digests`, a key-only view: each link is its page's digest.
    let linked = |j: usize| match link_digests {
        Some(digests) => Linked::Digest(digests[j]),
        None => Linked::of(link(site, map, md, j)),
    };
    let prev = pos.checked_sub(1).and_then(|p| order.get(p)).map(|&p| linked(p));
    let next = order.get(pos + 1).map(|&n| linked(n));
    PageContext {
        title: &info.title,
        title_html: &info.title_html,
        description: page.front.description.as_deref().unwrap_or(""),
        summary: summary_of(site, md, i),
        url: map.page_href(i),
        content,
        toc: Toc { headings: md[i].toc(), digest: md[i].toc_digest },
        is_home: map.home == Some(i),
        is_section: page.is_section,
        children: info.children.iter().map(|&c| linked(c)).collect(),
        breadcrumbs: map.ancestors(i).into_iter().map(linked).collect(),
        prev,
        next,
        roles: &page.front.roles,
        screens: &page.front.screens,
        source: &page.source,
        extra: &page.front.extra,
        videos: page
            .front
            .videos
            .iter()
            .filter_map(|name| site.videos.iter().find(|v| &v.name == name))
            .map(|v| super::videos::card(v, map))
            .collect(),
        // Set by `render::page_view`, which has the page's strings.
        fallback: None,
        print_url: map.print_of(i).map(|d| map.href(&d.url)),
        updated: page
            .front
            .updated
            .as_deref()
            .or_else(|| site.commit_dates.get(&page.source).map(String::as_str))
            .or(site.build_date.as_deref())
            .filter(|_| !page.generated),
        edit_url: site.config.edit_url.as_ref().filter(|_| !page.generated).map(|t| edit_url(t, &page.rel)),
    }
}

/// The `edit_url` template with `{path}` replaced by the page's path under `content/`,
/// percent-encoded where a URL needs it (spaces, `#`, `?`).
pub fn edit_url(template: &str, rel: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const PATH: &AsciiSet =
        &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'%');
    template.replace("{path}", &utf8_percent_encode(rel, PATH).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::of_serialized;

    #[test]
    fn a_key_only_link_has_the_key_of_the_link_and_is_never_shown() {
        let link = LinkContext {
            title: "Reset".into(),
            title_html: "Reset".into(),
            url: "/a/".into(),
            description: "How".into(),
        };
        let full = Linked::of(link.clone());
        let key_only = Linked::Digest(of_serialized(&link));
        assert_eq!(of_serialized(&full), of_serialized(&key_only));
        // Every field of the link reaches the key of a page that lists it.
        for other in [
            LinkContext { description: "Why".into(), ..link.clone() },
            LinkContext { title: "Reset it".into(), ..link.clone() },
            LinkContext { url: "/b/".into(), ..link.clone() },
        ] {
            assert_ne!(of_serialized(&Linked::of(other)), of_serialized(&full));
        }
        assert_eq!(serde_json::to_value(&full).unwrap()["url"], "/a/");
        assert!(serde_json::to_value(&key_only).is_err(), "a key-only view cannot reach a template");
        assert_eq!(of_serialized(&Linked::Digest(None)), None, "no digest, no key");
    }

    #[test]
    fn a_toc_digests_as_its_headings_with_or_without_the_markdown_digest() {
        let h = |title: &str| Heading { level: 2, id: title.to_lowercase(), title: title.into() };
        let (steps, notes) = (h("Steps"), h("Notes"));
        let toc = |headings: Vec<&Heading>| {
            let digest = of_serialized(&headings);
            of_serialized(&Toc { headings, digest })
        };
        assert_eq!(toc(vec![&steps]), of_serialized(&Toc { headings: vec![&steps], digest: None }));
        assert_ne!(toc(vec![&steps]), toc(vec![&notes]));
        assert_ne!(toc(vec![&steps]), toc(vec![&steps, &notes]));
        let shown = serde_json::to_value(Toc { headings: vec![&steps], digest: Some(1) }).unwrap();
        assert_eq!(shown[0]["title"], "Steps");
    }
}
