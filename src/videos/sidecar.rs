//! `videos/NAME.toml`, the optional sidecar of a video: its title, description, poster,
//! chapters, screens, an external URL instead of a local file, and whether it has speech.
//!
//! Takes the file's text; gives a checked `Sidecar` (chapter times parsed, the external URL
//! checked against the site's allow-list) or diagnostics naming lines of the file. Pure.

use super::time::parse_time;
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use serde::Deserialize;
use toml::Spanned;

/// The sidecar as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSidecar {
    title: Option<String>,
    description: Option<String>,
    poster: Option<Spanned<String>>,
    chapters: Vec<RawChapter>,
    screens: Vec<String>,
    url: Option<Spanned<String>>,
    duration: Option<Spanned<TimeValue>>,
    speech: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChapter {
    start: Spanned<TimeValue>,
    title: String,
    /// The title in other languages: `titles = { es = "…", pt = "…" }`.
    #[serde(default)]
    titles: std::collections::BTreeMap<String, String>,
}

/// A time as an integer (`95`) or a string (`"1:35"`, `"1m35s"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TimeValue {
    Seconds(u32),
    Text(String),
}

/// A chapter: where it starts (seconds) and its title.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Chapter {
    pub start: u32,
    pub title: String,
    /// The title in other languages, by code (`titles = { es = "…" }` in the sidecar); another
    /// language's video page shows its own and falls back to `title`.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub titles: std::collections::BTreeMap<String, String>,
    /// Line of the sidecar where its start is written.
    #[serde(skip)]
    pub line: u32,
}

/// A checked sidecar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sidecar {
    pub title: Option<String>,
    pub description: Option<String>,
    /// A file name under `videos/`, with its line.
    pub poster: Option<(String, u32)>,
    pub chapters: Vec<Chapter>,
    pub screens: Vec<String>,
    /// An https URL on an allowed host, played instead of a local file, with its line.
    pub url: Option<(String, u32)>,
    /// Duration in seconds, for external videos whose header docent does not read.
    pub duration: Option<u32>,
    /// False for videos without speech, which then need no captions.
    pub speech: bool,
}

/// Parses a sidecar. `allowed_hosts` is `[videos] allowed_hosts` of `docent.toml`.
pub fn parse_sidecar(source: &str, text: &str, allowed_hosts: &[String]) -> Result<Sidecar, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    let line_of = |span: std::ops::Range<usize>| lines.position(span.start).0;
    let raw: RawSidecar = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| lines.position(s.start));
        vec![
            Diagnostic::error(Span::new(source, line, col), e.message().lines().next().unwrap_or("").trim().to_string())
                .with_help("a video's sidecar accepts: title, description, poster, screens, url, duration, speech, [[chapters]] with start, title and titles = { es = \"…\" }"),
        ]
    })?;
    let mut diags = Vec::new();
    let mut time = |v: &Spanned<TimeValue>, what: &str| -> Option<u32> {
        match v.get_ref() {
            TimeValue::Seconds(s) => Some(*s),
            TimeValue::Text(t) => parse_time(t)
                .map_err(|m| {
                    diags.push(
                        Diagnostic::error(Span::new(source, line_of(v.span()), 1), format!("{what}: {m}"))
                            .with_help("times are seconds (95), minutes:seconds (\"1:35\") or \"1m35s\""),
                    )
                })
                .ok(),
        }
    };
    let mut chapters = Vec::new();
    for c in &raw.chapters {
        let line = line_of(c.start.span());
        if let Some(start) = time(&c.start, "chapter start") {
            let titles = c.titles.iter().map(|(k, v)| (k.clone(), v.trim().to_string())).collect();
            chapters.push(Chapter { start, title: c.title.trim().to_string(), titles, line });
        }
    }
    let duration = raw.duration.as_ref().and_then(|d| time(d, "duration"));
    for pair in chapters.windows(2) {
        if pair[1].start <= pair[0].start {
            diags.push(
                Diagnostic::error(
                    Span::new(source, pair[1].line, 1),
                    format!("chapter `{}` starts before or with the chapter above it", pair[1].title),
                )
                .with_help("list chapters in the order they play, each starting later than the one before"),
            );
        }
    }
    for c in &chapters {
        if c.title.is_empty() {
            diags.push(
                Diagnostic::error(Span::new(source, c.line, 1), "a chapter without a title")
                    .with_help("give every chapter a title: it is the text of its link"),
            );
        }
    }
    let url = raw.url.as_ref().map(|u| (u.get_ref().trim().to_string(), line_of(u.span())));
    if let Some((url, line)) = &url
        && let Err((message, help)) = check_external_url(url, allowed_hosts)
    {
        diags.push(Diagnostic::error(Span::new(source, *line, 1), message).with_help(help));
    }
    let poster = raw.poster.as_ref().map(|p| (p.get_ref().trim().to_string(), line_of(p.span())));
    if let Some((poster, line)) = &poster
        && !super::is_plain_file_name(poster)
    {
        diags.push(
            Diagnostic::error(Span::new(source, *line, 1), format!("poster `{poster}` must be a file name in videos/"))
                .with_help("put the image beside the video and write its name only, such as poster = \"intro.png\""),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Sidecar {
        title: raw.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        description: raw.description.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        poster,
        chapters,
        screens: raw.screens,
        url,
        duration,
        speech: raw.speech.unwrap_or(true),
    })
}

/// An external video must be https on a host the site allows (`[videos] allowed_hosts`).
pub fn check_external_url(url: &str, allowed_hosts: &[String]) -> Result<(), (String, String)> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Err((
            format!("external video URL `{url}` is not https"),
            "use an https:// URL: pages served over https cannot play video over plain http".into(),
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.is_empty() {
        return Err((
            format!("external video URL `{url}` has no plain host"),
            "write https://HOST/path/to/video.webm".into(),
        ));
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_ascii_lowercase();
    if !allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(&host)) {
        let allowed = if allowed_hosts.is_empty() { "none yet".to_string() } else { allowed_hosts.join(", ") };
        return Err((
            format!("external video host `{host}` is not in the site's allow-list (allowed: {allowed})"),
            format!("if you trust {host}, add it to docent.toml: [videos] allowed_hosts = [\"{host}\"]"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_take_every_time_format() {
        let text = "title = \"T\"\n[[chapters]]\nstart = 0\ntitle = \"A\"\n[[chapters]]\nstart = \"1:35\"\ntitle = \"B\"\n[[chapters]]\nstart = \"2m5s\"\ntitle = \"C\"\n";
        let s = parse_sidecar("videos/x.toml", text, &[]).unwrap();
        let starts: Vec<u32> = s.chapters.iter().map(|c| c.start).collect();
        assert_eq!(starts, vec![0, 95, 125]);
        assert_eq!(s.chapters[1].line, 6);
        assert!(s.speech);
    }

    #[test]
    fn bad_chapter_time_and_order_name_lines() {
        let text = "[[chapters]]\nstart = \"1:70\"\ntitle = \"A\"\n[[chapters]]\nstart = 30\ntitle = \"B\"\n[[chapters]]\nstart = 10\ntitle = \"C\"\n";
        let d = parse_sidecar("videos/x.toml", text, &[]).unwrap_err();
        let lines: Vec<u32> = d.iter().map(|d| d.span.as_ref().unwrap().line).collect();
        assert_eq!(lines, vec![2, 8], "{d:?}");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let d = parse_sidecar("videos/x.toml", "titel = \"x\"\n", &[]).unwrap_err();
        assert!(d[0].message.contains("titel"), "{:?}", d[0]);
    }

    #[test]
    fn external_urls_must_be_https_on_an_allowed_host() {
        let hosts = vec!["media.example.org".to_string()];
        assert!(check_external_url("https://media.example.org/a.webm", &hosts).is_ok());
        assert!(check_external_url("https://MEDIA.example.org:443/a.webm", &hosts).is_ok());
        assert!(check_external_url("http://media.example.org/a.webm", &hosts).unwrap_err().0.contains("not https"));
        assert!(check_external_url("https://evil.example.com/a.webm", &hosts).unwrap_err().0.contains("allow-list"));
        assert!(check_external_url("https://media.example.org@evil.example.com/a.webm", &hosts).is_err());
    }
}
