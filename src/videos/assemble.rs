//! One video's files, read by `load`, checked together into a `Video`.
//!
//! Takes the files found for one name (media with their probed headers, captions text, the
//! sidecar text, images beside them) and the site's settings; gives the `Video`, or `None`
//! when it cannot be shown, plus diagnostics naming the file and line of every problem:
//! missing captions (unless the sidecar says `speech = false`), malformed captions, a broken
//! or truncated media file, a bad external URL, chapters past the end. Pure.

use super::container::{Format, Media};
use super::sidecar::{Sidecar, parse_sidecar};
use super::vtt::{cue_text, parse_vtt};
use super::{Captions, MediaSource, Video, is_valid_name};
use crate::diagnostics::{Diagnostic, Span};

/// The files `load` found for one video name.
#[derive(Debug, Default)]
pub struct VideoFiles {
    pub name: String,
    pub media: Vec<MediaFile>,
    pub captions: Vec<CaptionsFile>,
    /// `videos/NAME.toml` and its text.
    pub sidecar: Option<(String, String)>,
    /// File names of every image in `videos/`, for posters.
    pub images: Vec<String>,
}

#[derive(Debug)]
pub struct MediaFile {
    pub format: Format,
    /// `videos/NAME.webm`
    pub source: String,
    /// What the header says, or what is wrong with it.
    pub probed: Result<Media, String>,
}

#[derive(Debug)]
pub struct CaptionsFile {
    /// `Some("fr")` for `NAME.fr.vtt`; `None` for `NAME.vtt` (the site's language).
    pub lang: Option<String>,
    /// `videos/NAME.fr.vtt`
    pub source: String,
    /// The decoded text, or why it could not be decoded.
    pub text: Result<String, Diagnostic>,
}

/// What the site settings say about videos.
pub struct VideoSettings<'a> {
    pub language: &'a str,
    pub allowed_hosts: &'a [String],
}

/// Checks one video's files together.
pub fn assemble(files: VideoFiles, settings: &VideoSettings) -> (Option<Video>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let name = files.name.clone();
    let first_source = files
        .media
        .first()
        .map(|m| m.source.clone())
        .or_else(|| files.sidecar.as_ref().map(|s| s.0.clone()))
        .or_else(|| files.captions.first().map(|c| c.source.clone()))
        .unwrap_or_else(|| format!("videos/{name}"));
    if !is_valid_name(&name) {
        diags
            .push(Diagnostic::error(Span::file(&first_source), format!("`{name}` is not a valid video name")).with_help(
            "rename the video's files: names are made of letters, digits, - and _ (no quotes, spaces, dots or slashes)",
        ));
        return (None, diags);
    }
    let sidecar = match &files.sidecar {
        Some((source, text)) => match parse_sidecar(source, text, settings.allowed_hosts) {
            Ok(s) => Some(s),
            Err(d) => {
                diags.extend(d);
                return (None, diags);
            }
        },
        None => None,
    };
    let sidecar_source = files.sidecar.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    let sc = sidecar.clone().unwrap_or(Sidecar { speech: true, ..Default::default() });

    let mut video = Video { name: name.clone(), source: first_source.clone(), ..Default::default() };
    match (&sc.url, files.media.is_empty()) {
        (Some((_, line)), false) => {
            diags.push(
                Diagnostic::error(
                    Span::new(&sidecar_source, *line, 1),
                    "this video has both a local file and an external `url`",
                )
                .with_help(format!("remove `url`, or remove {}", first_source)),
            );
        }
        (Some((url, _)), true) => {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let format = path.rsplit_once('.').and_then(|(_, ext)| Format::from_extension(&ext.to_ascii_lowercase()));
            video.sources.push(MediaSource { url: url.clone(), external: true, format });
            video.duration_ms = sc.duration.map(|s| s as u64 * 1000);
        }
        (None, true) => {
            diags.push(Diagnostic::error(Span::file(&first_source), format!("no video file for `{name}`")).with_help(
                format!("add videos/{name}.webm or videos/{name}.mp4, or an https `url` in videos/{name}.toml"),
            ));
            return (None, diags);
        }
        (None, false) => {}
    }
    for m in &files.media {
        match &m.probed {
            Ok(media) => {
                if video.duration_ms.is_none() {
                    video.duration_ms = Some(media.duration_ms);
                    video.size = Some((media.width, media.height));
                }
                video.sources.push(MediaSource { url: m.source.clone(), external: false, format: Some(m.format) });
            }
            Err(why) => {
                diags
                    .push(Diagnostic::error(Span::file(&m.source), format!("cannot read this video: {why}")).with_help(
                    "docent reads the duration and picture size from the file's header; export or copy the video again",
                ))
            }
        }
    }
    if video.sources.is_empty() {
        return (None, diags);
    }
    // WebM first: it plays in every browser, including builds without H.264.
    video.sources.sort_by_key(|s| (s.external, s.format != Some(Format::WebM)));

    read_captions(&files, settings, &sc, &mut video, &mut diags);
    if sc.speech && video.captions.is_empty() && !files.captions.iter().any(|c| c.text.is_err()) {
        diags.push(
            Diagnostic::error(Span::file(&first_source), format!("this video has no captions: videos/{name}.vtt is missing"))
                .with_help(format!(
                    "captions are required for accessibility: write videos/{name}.vtt (WebVTT), or set `speech = false` in videos/{name}.toml if nothing is said in it"
                )),
        );
    }
    let duration_s = video.duration_ms.map(|ms| ms as f64 / 1000.0);
    for c in &sc.chapters {
        if duration_s.is_some_and(|d| c.start as f64 >= d) {
            diags.push(
                Diagnostic::error(
                    Span::new(&sidecar_source, c.line, 1),
                    format!(
                        "chapter `{}` starts at {} s, after the video ends ({:.0} s)",
                        c.title,
                        c.start,
                        duration_s.unwrap_or(0.0)
                    ),
                )
                .with_help("check the chapter's start time"),
            );
        }
    }
    video.poster = poster(&files, &sc, &sidecar_source, &mut diags);
    video.title = sc.title.clone().unwrap_or_else(|| title_from_name(&name));
    video.description = sc.description.clone().unwrap_or_default();
    video.chapters = sc.chapters.clone();
    video.screens = sc.screens.clone();
    (Some(video), diags)
}

fn read_captions(
    files: &VideoFiles,
    settings: &VideoSettings,
    sc: &Sidecar,
    video: &mut Video,
    diags: &mut Vec<Diagnostic>,
) {
    let end_ms = video.duration_ms;
    for c in &files.captions {
        let lang = c.lang.clone().unwrap_or_else(|| settings.language.to_string());
        if !lang.split('-').all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric())) {
            diags.push(Diagnostic::error(Span::file(&c.source), format!("`{lang}` is not a language tag")).with_help(
                "name captions NAME.vtt (the site's language) or NAME.LANG.vtt with a tag such as fr or pt-BR",
            ));
            continue;
        }
        if video.captions.iter().any(|k| k.lang == lang) {
            diags.push(
                Diagnostic::error(Span::file(&c.source), format!("a second captions file for language `{lang}`"))
                    .with_help(format!(
                        "NAME.vtt already holds the site's language ({}); keep one of the two",
                        settings.language
                    )),
            );
            continue;
        }
        let text = match &c.text {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.clone());
                continue;
            }
        };
        match parse_vtt(text) {
            Ok(cues) => {
                for cue in &cues {
                    if cue_text(&cue.text).1 {
                        diags.push(
                            Diagnostic::warning(
                                Span::new(&c.source, cue.line + 1, 1),
                                "this cue contains markup that is not WebVTT's; it is shown as text",
                            )
                            .with_help("captions hold the words spoken; WebVTT allows only <b>, <i>, <u>, <c>, <v>, <lang>, <ruby>, <rt> and timestamps"),
                        );
                    }
                }
                if let (Some(last), Some(end), None) = (cues.last(), end_ms, &sc.url)
                    && last.end_ms > end + 1000
                {
                    diags.push(
                        Diagnostic::warning(Span::new(&c.source, last.line, 1), "this cue ends after the video does")
                            .with_help("check the captions belong to this video and its timings"),
                    );
                }
                if cues.is_empty() && sc.speech {
                    diags.push(
                        Diagnostic::error(Span::file(&c.source), "the captions file has no cues")
                            .with_help("write the spoken words as cues, or set `speech = false` in the sidecar"),
                    );
                    continue;
                }
                video.captions.push(Captions { lang, output: c.source.clone(), cues });
            }
            Err(e) => diags.push(
                Diagnostic::error(Span::new(&c.source, e.line, 1), format!("captions: {}", e.message))
                    .with_help(e.help),
            ),
        }
    }
    video.captions.sort_by_key(|c| (c.lang != settings.language, c.lang.clone()));
}

fn poster(files: &VideoFiles, sc: &Sidecar, sidecar_source: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match &sc.poster {
        Some((file, line)) => {
            if files.images.iter().any(|i| i == file) {
                Some(format!("videos/{file}"))
            } else {
                diags.push(
                    Diagnostic::error(
                        Span::new(sidecar_source, *line, 1),
                        format!("poster videos/{file} does not exist"),
                    )
                    .with_help("put the image in videos/ (png, jpg or webp), or remove `poster`"),
                );
                None
            }
        }
        None => ["png", "jpg", "jpeg", "webp"]
            .iter()
            .map(|ext| format!("{}.{ext}", files.name))
            .find(|f| files.images.contains(f))
            .map(|f| format!("videos/{f}")),
    }
}

/// `reset-password` -> `Reset password`.
fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n";

    fn files(sidecar: Option<&str>, captions: bool) -> VideoFiles {
        VideoFiles {
            name: "intro".into(),
            media: vec![MediaFile {
                format: Format::WebM,
                source: "videos/intro.webm".into(),
                probed: Ok(Media { duration_ms: 10_000, width: 640, height: 360 }),
            }],
            captions: if captions {
                vec![CaptionsFile { lang: None, source: "videos/intro.vtt".into(), text: Ok(VTT.into()) }]
            } else {
                vec![]
            },
            sidecar: sidecar.map(|s| ("videos/intro.toml".to_string(), s.to_string())),
            images: vec!["intro.png".into()],
        }
    }

    fn settings() -> VideoSettings<'static> {
        VideoSettings { language: "en", allowed_hosts: &[] }
    }

    #[test]
    fn a_video_with_captions_and_poster_assembles() {
        let (v, d) = assemble(files(None, true), &settings());
        assert!(d.is_empty(), "{d:?}");
        let v = v.unwrap();
        assert_eq!(v.title, "Intro");
        assert_eq!(v.poster.as_deref(), Some("videos/intro.png"));
        assert_eq!(v.captions[0].lang, "en");
        assert_eq!(v.duration_seconds(), Some(10));
    }

    #[test]
    fn captions_are_required_unless_there_is_no_speech() {
        let (_, d) = assemble(files(None, false), &settings());
        assert!(d[0].message.contains("no captions"), "{d:?}");
        let (v, d) = assemble(files(Some("speech = false\n"), false), &settings());
        assert!(d.is_empty() && v.is_some(), "{d:?}");
    }

    #[test]
    fn chapter_after_the_end_names_its_line() {
        let (_, d) = assemble(files(Some("[[chapters]]\nstart = \"0:30\"\ntitle = \"Late\"\n"), true), &settings());
        assert_eq!(d[0].span.as_ref().unwrap().line, 2, "{d:?}");
    }
}
