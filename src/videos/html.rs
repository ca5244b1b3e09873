//! The HTML of a video player and of the "Learn More" embed. Pure; every value is escaped.
//!
//! The player is a native `<video>` (keyboard operable, captions through `<track>`, poster,
//! `preload="metadata"` so a page does not download whole videos). `video.js` in the theme adds
//! seeking from chapters, transcripts and `#t=` links; without it the player still plays.

use super::{Format, Video};
use crate::markdown::text_escape as esc;
use crate::resolve::{SiteMap, video_url};
use crate::strings::Strings;

/// A readable name for a caption language (the menu of the player shows it).
fn language_label(lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    let name = match primary.as_str() {
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "pt" => "Português",
        "it" => "Italiano",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "zh" => "中文",
        "ja" => "日本語",
        "ar" => "العربية",
        "ru" => "Русский",
        "vi" => "Tiếng Việt",
        "ht" => "Kreyòl ayisyen",
        _ => return lang.to_string(),
    };
    name.to_string()
}

/// URL of a source or file: external URLs as they are, local outputs under the base path.
fn url(map: &SiteMap, path: &str, external: bool) -> String {
    if external { path.to_string() } else { map.href(path) }
}

/// The `<video>` element with its sources and caption tracks. `id` is optional; its label and
/// the text for browsers that cannot play it come from `strings` (the page's language).
pub fn player_html(video: &Video, map: &SiteMap, id: Option<&str>, strings: &Strings) -> String {
    let mut h = String::new();
    h.push_str("<video class=\"video-player\" controls preload=\"metadata\" playsinline");
    if let Some(id) = id {
        h.push_str(&format!(" id=\"{}\"", esc(id)));
    }
    if let Some((w, ht)) = video.size {
        h.push_str(&format!(" width=\"{w}\" height=\"{ht}\""));
    }
    if let Some(p) = &video.poster {
        h.push_str(&format!(" poster=\"{}\"", esc(&url(map, p, false))));
    }
    h.push_str(&format!(
        " data-video=\"{}\" aria-label=\"{}\">",
        esc(&video.name),
        esc(&strings.fill("video_label", &[("title", &video.title)]))
    ));
    for s in &video.sources {
        let ty = s.format.map(|f: Format| format!(" type=\"{}\"", f.mime())).unwrap_or_default();
        h.push_str(&format!("<source src=\"{}\"{ty}>", esc(&url(map, &s.url, s.external))));
    }
    for (i, c) in video.captions.iter().enumerate() {
        h.push_str(&format!(
            "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\"{}>",
            esc(&url(map, &c.output, false)),
            esc(&c.lang),
            esc(&language_label(&c.lang)),
            if i == 0 { " default" } else { "" }
        ));
    }
    h.push_str(&esc(strings.get("video_fallback")));
    h.push_str("</video>");
    h
}

/// The embed for `::video[NAME]` in Markdown: the player and a "Learn More" link to its page.
pub fn embed_html(video: &Video, map: &SiteMap, strings: &Strings) -> String {
    let duration = video
        .duration_seconds()
        .map(|s| format!(" <span class=\"video-duration\">({})</span>", super::time::format_time(s)))
        .unwrap_or_default();
    format!(
        "<figure class=\"video-embed\">{}<figcaption><a class=\"learn-more\" href=\"{}\">{}</a>{duration}<span class=\"video-extras\">{}</span></figcaption></figure>\n",
        player_html(video, map, None, strings),
        esc(&map.href(&video_url(&video.name))),
        esc(&strings.fill("video_learn_more", &[("title", &video.title)])),
        esc(strings.get("video_extras"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::videos::{Captions, MediaSource};

    #[test]
    fn player_has_captions_poster_and_escaped_values() {
        let v = Video {
            name: "intro".into(),
            title: "A <b>\"title\"</b>".into(),
            sources: vec![MediaSource { url: "videos/intro.webm".into(), external: false, format: Some(Format::WebM) }],
            size: Some((640, 360)),
            poster: Some("videos/intro.png".into()),
            captions: vec![Captions { lang: "en".into(), output: "videos/intro.vtt".into(), cues: vec![] }],
            duration_ms: Some(95_000),
            ..Default::default()
        };
        let map = SiteMap { base: "/help/".into(), ..Default::default() };
        let h = player_html(&v, &map, Some("player"), &Strings::english());
        assert!(h.contains("preload=\"metadata\""));
        assert!(h.contains("poster=\"/help/videos/intro.png\""));
        assert!(h.contains("<source src=\"/help/videos/intro.webm\" type=\"video/webm\">"));
        assert!(h.contains(
            "<track kind=\"captions\" src=\"/help/videos/intro.vtt\" srclang=\"en\" label=\"English\" default>"
        ));
        assert!(h.contains("aria-label=\"Video: A &lt;b&gt;&quot;title&quot;&lt;/b&gt;\""), "{h}");
        let e = embed_html(&v, &map, &Strings::english());
        assert!(e.contains("href=\"/help/videos/intro/\">Learn More: A &lt;b&gt;"), "{e}");
        assert!(e.contains("(1:35)"));
    }
}
