//! The video pages: `/videos/` (every video with its duration) and `/videos/NAME/` (player,
//! chapters, transcript), rendered with the theme's `videos.html` and `video.html`.
//!
//! Takes the site's videos (already checked by `videos::assemble`); gives output path -> HTML.
//! Transcript text comes from the captions as plain text and is escaped by the templates.

use super::Theme;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::resolve::{SiteMap, VIDEOS_URL, video_url};
use crate::strings::Strings;
use crate::videos::time::{format_time, spoken_duration};
use crate::videos::{Video, html, vtt};
use serde::Serialize;
use std::collections::BTreeMap;

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

fn video_context(video: &Video, map: &SiteMap, strings: &Strings) -> VideoContext {
    let transcript = video
        .main_captions()
        .map(|c| {
            c.cues
                .iter()
                .map(|cue| CueContext {
                    start: millis(cue.start_ms),
                    end: millis(cue.end_ms),
                    seconds: (cue.start_ms / 1000) as u32,
                    time: format_time((cue.start_ms / 1000) as u32),
                    text: vtt::cue_text(&cue.text).0,
                })
                .collect()
        })
        .unwrap_or_default();
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
    for video in &site.videos {
        let v = video_context(video, map, strings);
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
