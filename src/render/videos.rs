//! The video pages: `/videos/` (every video with its duration) and `/videos/NAME/` (player,
//! chapters, transcript), rendered with the theme's `videos.html` and `video.html`.
//!
//! Takes the site's videos (already checked by `videos::assemble`) and the `SiteMap` (each
//! video's written guides, the page titles a transcript may mention); gives output path ->
//! HTML. Transcript text comes from the captions as plain text: the templates escape `text`,
//! and `html` is escaped here, with the page titles it mentions linked.

use super::Theme;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::markdown::text_escape as escape;
use crate::resolve::{SiteMap, VIDEOS_URL, video_url};
use crate::strings::Strings;
use crate::videos::mentions::Titles;
use crate::videos::time::{format_time, spoken_duration};
use crate::videos::{Video, html, vtt};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A video in lists (the `/videos/` page, a page's `videos`).
#[derive(Serialize, Clone)]
pub struct VideoCard {
    pub name: String,
    pub title: String,
    pub description: String,
    pub url: String,
    /// `2:03`, or empty when unknown.
    pub duration: String,
    /// `2 min 3 s`, for screen readers.
    pub duration_spoken: String,
    pub poster: String,
}

#[derive(Serialize)]
struct ChapterContext {
    start: u32,
    time: String,
    title: String,
}

#[derive(Serialize)]
struct CueContext {
    /// Seconds, with milliseconds (`5.087`): where the player seeks.
    start: String,
    end: String,
    /// Whole seconds, for the `#t=` link.
    seconds: u32,
    time: String,
    text: String,
    /// The text as HTML, page titles it mentions linked to their pages (`videos::mentions`).
    html: String,
    /// True when `html` holds a link (the cue is then not one seek link as a whole).
    links: bool,
}

/// A page that lists the video in its front matter (a written guide for it).
#[derive(Serialize)]
struct GuideLink {
    title: String,
    title_html: String,
    url: String,
}

#[derive(Serialize)]
struct VideoContext {
    #[serde(flatten)]
    card: VideoCard,
    player_html: String,
    chapters: Vec<ChapterContext>,
    transcript: Vec<CueContext>,
    transcript_lang: String,
    screens: Vec<String>,
    /// The pages that list this video, in menu order.
    guides: Vec<GuideLink>,
}

#[derive(Serialize)]
struct PageLike {
    title: String,
    summary: String,
    url: String,
}

pub fn card(video: &Video, map: &SiteMap) -> VideoCard {
    let seconds = video.duration_seconds();
    VideoCard {
        name: video.name.clone(),
        title: video.title.clone(),
        description: video.description.clone(),
        url: map.href(&video_url(&video.name)),
        duration: seconds.map(format_time).unwrap_or_default(),
        duration_spoken: seconds.map(spoken_duration).unwrap_or_default(),
        poster: video.poster.as_ref().map(|p| map.href(p)).unwrap_or_default(),
    }
}

fn millis(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// A cue's text as HTML: escaped, each page title it mentions a link to that page.
fn linked_text(text: &str, titles: &Titles, map: &SiteMap) -> (String, bool) {
    let mentions = titles.find(text);
    let mut html = String::with_capacity(text.len());
    let mut at = 0;
    for m in &mentions {
        html.push_str(&escape(&text[at..m.range.start]));
        let _ = write!(html, "<a href=\"{}\">{}</a>", escape(&map.page_href(m.title)), escape(&text[m.range.clone()]));
        at = m.range.end;
    }
    html.push_str(&escape(&text[at..]));
    (html, !mentions.is_empty())
}

fn video_context(video: &Video, map: &SiteMap, titles: &Titles, strings: &Strings) -> VideoContext {
    let transcript = video
        .main_captions()
        .map(|c| {
            c.cues
                .iter()
                .map(|cue| {
                    let text = vtt::cue_text(&cue.text).0;
                    let (html, links) = linked_text(&text, titles, map);
                    CueContext {
                        start: millis(cue.start_ms),
                        end: millis(cue.end_ms),
                        seconds: (cue.start_ms / 1000) as u32,
                        time: format_time((cue.start_ms / 1000) as u32),
                        text,
                        html,
                        links,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let guides = map.video_guides.get(&video.name).map_or(&[][..], Vec::as_slice);
    VideoContext {
        card: card(video, map),
        player_html: html::player_html(video, map, Some("player"), strings),
        chapters: video
            .chapters
            .iter()
            .map(|c| ChapterContext { start: c.start, time: format_time(c.start), title: c.title.clone() })
            .collect(),
        transcript,
        transcript_lang: video.main_captions().map(|c| c.lang.clone()).unwrap_or_default(),
        screens: video.screens.clone(),
        guides: guides
            .iter()
            .map(|&i| GuideLink {
                title: map.pages[i].title.clone(),
                title_html: map.pages[i].title_html.clone(),
                url: map.page_href(i),
            })
            .collect(),
    }
}

/// Renders `/videos/` and each `/videos/NAME/`; nothing when the site has no videos.
pub fn render_video_pages(
    site: &Site,
    map: &SiteMap,
    theme: &Theme,
    mut ctx: tera::Context,
    strings: &Strings,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if site.videos.is_empty() {
        return out;
    }
    let mut render = |template: &str, ctx: &tera::Context, path: String| match theme.tera.render(template, ctx) {
        Ok(html) => {
            out.insert(path, html.into_bytes());
        }
        Err(e) => diags.push(super::theme::template_error(site, template, &e)),
    };
    let cards: Vec<VideoCard> = site.videos.iter().map(|v| card(v, map)).collect();
    // The breadcrumb root has the name it has on every other page: the home page's title.
    let home_title_html = map
        .pages
        .iter()
        .find(|p| p.url.is_empty())
        .map_or_else(|| crate::markdown::title::html(&site.config.title), |p| p.title_html.clone());
    ctx.insert("home_title_html", &home_title_html);
    ctx.insert(
        "page",
        &PageLike {
            title: strings.get("videos_title").into(),
            summary: strings.get("videos_summary").into(),
            url: map.href(VIDEOS_URL),
        },
    );
    ctx.insert("videos", &cards);
    render("videos.html", &ctx, format!("{VIDEOS_URL}index.html"));
    // Page titles, same index as `map.pages`: what a transcript may mention.
    let titles = Titles::new(map.pages.iter().map(|p| p.title.as_str()));
    for video in &site.videos {
        let v = video_context(video, map, &titles, strings);
        let summary = if video.description.is_empty() {
            strings.fill("video_label", &[("title", &video.title)])
        } else {
            video.description.clone()
        };
        ctx.insert("page", &PageLike { title: video.title.clone(), summary, url: v.card.url.clone() });
        ctx.insert("video", &v);
        render("video.html", &ctx, format!("{}index.html", video_url(&video.name)));
    }
    out
}
