//! The help map: `/help-map.json` (schema `docent-help-map`, version 1, documented in the
//! README), which the widget fetches as data. On a site with `[languages]`, each entry carries
//! its other languages' entries in `languages` (an additive field: readers of the first form
//! ignore it; `languages::merge_help_map` fills it from each language's view). There is deliberately no script form of it: a
//! script from the help site would run in the application's pages.
//!
//! Takes the screen map, the site map and the rendered pages; gives the file's text. URLs
//! are relative to the site root (where the map lives), so one build works wherever it is
//! hosted. Summaries are plain text; the widget inserts them as text. Pure.

use super::screens::ScreenMap;
use crate::content::Site;
use crate::markdown::RenderedMarkdown;
use crate::resolve::SiteMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema's name and version: a consumer checks both before reading `screens`.
pub const FORMAT: &str = "docent-help-map";
pub const VERSION: u32 = 1;
/// Summaries longer than this many characters are cut at a word and end with `…`.
const SUMMARY_MAX: usize = 300;

#[derive(Debug, Serialize)]
pub struct HelpMap<'a> {
    pub format: &'static str,
    pub version: u32,
    /// The help site's title, language and configured base URL.
    pub title: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    /// The site's other languages (`[languages]`), in code order; absent for a site with one.
    /// Added in version 1 without a bump: readers of the first form ignore it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    pub screens: BTreeMap<&'a str, HelpEntry>,
}

/// One screen's help.
#[derive(Debug, Serialize)]
pub struct HelpEntry {
    /// The title of the page that explains the screen.
    pub title: String,
    /// The title of the heading, when the screen points at one (`id#anchor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The page (and `#anchor`), relative to the site root: `login/reset-password/#steps`.
    pub url: String,
    /// The stable redirect for this screen, relative to the site root: `help/ID/`.
    pub help_url: String,
    /// Plain text: the page's description, or else its first paragraph.
    pub summary: String,
    pub videos: Vec<VideoLink>,
    /// In a language's entry: true when the page is not translated yet (the URL is that
    /// language's page, which shows the default language's text with a notice).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
    /// The same entry in each other language, by code (`es`): title, summary and URLs of that
    /// language's page (under `CODE/`). Absent for a site with one language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, HelpEntry>,
}

impl HelpEntry {
    /// This entry with its URLs under `CODE/` (another language's view is resolved below its
    /// own base; the map's URLs are relative to the site root).
    pub fn under(mut self, code: &str) -> HelpEntry {
        self.url = format!("{code}/{}", self.url);
        self.help_url = format!("{code}/{}", self.help_url);
        for v in &mut self.videos {
            v.url = format!("{code}/{}", v.url);
        }
        self
    }
}

/// A "Learn More" video: named in the page's `videos` front matter, or a video whose sidecar
/// lists the screen.
#[derive(Debug, Serialize, PartialEq)]
pub struct VideoLink {
    pub name: String,
    /// The video's title (its name when the video is unknown).
    pub title: String,
    /// The video's page, relative to the site root: `videos/NAME/`.
    pub url: String,
    /// Whole seconds, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u64>,
}

fn video_link(site: &Site, name: &str) -> VideoLink {
    let video = site.videos.iter().find(|v| v.name == name);
    VideoLink {
        name: name.to_string(),
        title: video.map_or_else(|| name.to_string(), |v| v.title.clone()),
        url: crate::resolve::video_url(name),
        duration: video.and_then(|v| v.duration_ms).map(|ms| ms / 1000),
    }
}

/// Builds the map's value.
pub fn help_map<'a>(
    site: &'a Site,
    map: &SiteMap,
    screens: &'a ScreenMap,
    markdown: &[RenderedMarkdown],
) -> HelpMap<'a> {
    let entries = screens
        .screens
        .iter()
        .map(|(id, screen)| {
            let page = &site.pages[screen.page];
            let md = markdown.get(screen.page);
            let heading = screen
                .anchor
                .as_ref()
                .and_then(|a| md.and_then(|m| m.headings.iter().find(|h| &h.id == a)).map(|h| h.title.clone()));
            let url = match &screen.anchor {
                Some(a) => format!("{}#{a}", map.pages[screen.page].url),
                None => map.pages[screen.page].url.clone(),
            };
            let summary =
                page.front.description.clone().unwrap_or_else(|| md.map(|m| m.summary.clone()).unwrap_or_default());
            let mut videos: Vec<VideoLink> = page.front.videos.iter().map(|name| video_link(site, name)).collect();
            // Videos whose sidecar says they explain this screen join the page's own.
            for v in site.videos.iter().filter(|v| v.screens.iter().any(|s| s == id)) {
                if !videos.iter().any(|l| l.name == v.name) {
                    videos.push(video_link(site, &v.name));
                }
            }
            let entry = HelpEntry {
                title: map.pages[screen.page].title.clone(),
                heading,
                url,
                help_url: format!("help/{id}/"),
                summary: shorten(&summary),
                videos,
                fallback: page.fallback,
                languages: BTreeMap::new(),
            };
            (id.as_str(), entry)
        })
        .collect();
    HelpMap {
        format: FORMAT,
        version: VERSION,
        title: &site.config.title,
        language: &site.config.language,
        base_url: &site.config.base_url,
        languages: Vec::new(),
        screens: entries,
    }
}

/// `help-map.json`: pretty-printed, `<` escaped so the text is safe even if pasted into HTML.
pub fn to_json(map: &HelpMap) -> String {
    let json = serde_json::to_string_pretty(map).expect("the help map is plain strings and numbers");
    format!("{}\n", json.replace('<', "\\u003c"))
}

/// Collapses whitespace and cuts long text at a word boundary.
fn shorten(text: &str) -> String {
    shorten_to(text, SUMMARY_MAX)
}

/// Collapses whitespace and cuts text longer than `max` characters at a word boundary, with `…`.
pub(super) fn shorten_to(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { 0 } else { 1 } + w.chars().count();
        if out.chars().count() + extra > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let s = shorten(&long);
        assert!(s.ends_with("word…") && s.chars().count() <= SUMMARY_MAX + 1, "{s}");
        assert_eq!(shorten("  a\n b  "), "a b");
    }

    #[test]
    fn json_escapes_angle_brackets() {
        let (site, screens) = (crate::content::Site::default(), ScreenMap::default());
        let map = HelpMap { title: "</script>", ..help_map(&site, &SiteMap::default(), &screens, &[]) };
        let json = to_json(&map);
        assert!(json.contains("\"title\": \"\\u003c/script>\""), "{json}");
        assert!(!json.contains('<'), "{json}");
    }
}
