//! Videos: "Learn More" videos with captions, chapters and transcripts.
//!
//! Pure: `content` reads the files of `videos/` and hands them here. `container` reads duration and picture size from WebM/MP4 headers, `vtt` parses captions,
//! `sidecar` parses `NAME.toml`, `time` parses and formats times, `mentions` finds page titles
//! spoken in a transcript, `assemble` checks one video's
//! files together into a `Video`, and `html` writes the player. The model is plain data that
//! `render` turns into `/videos/` and `/videos/NAME/`, and that search can index through
//! `Video::transcript_groups`. Nothing here reads or writes files or renders templates.

pub mod assemble;
pub mod container;
pub mod html;
pub mod mentions;
pub mod sidecar;
pub mod time;
pub mod vtt;

pub use container::{Format, Media};
pub use sidecar::Chapter;
pub use vtt::Cue;

/// One video of the site.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Video {
    /// The name shared by its files (`reset-password` for `videos/reset-password.webm`); its URL
    /// is `/videos/NAME/`.
    pub name: String,
    pub title: String,
    pub description: String,
    /// The file diagnostics about the video as a whole point at (`videos/NAME.webm`).
    pub source: String,
    /// Where the picture comes from: local files (best first) or an external URL.
    pub sources: Vec<MediaSource>,
    /// Duration in milliseconds, from the header (or the sidecar for external videos).
    pub duration_ms: Option<u64>,
    /// Picture size, from the header.
    pub size: Option<(u32, u32)>,
    /// Output path of the poster image (`videos/NAME.png`).
    pub poster: Option<String>,
    /// Caption tracks; the one in the site's language first.
    pub captions: Vec<Captions>,
    pub chapters: Vec<Chapter>,
    /// Screen IDs of the application this video explains.
    pub screens: Vec<String>,
}

/// A file (or URL) to play.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MediaSource {
    /// Output path relative to the base (`videos/NAME.webm`), or an absolute https URL.
    pub url: String,
    pub external: bool,
    #[serde(serialize_with = "format_mime")]
    pub format: Option<Format>,
}

/// A source's format as its MIME type (what the player's `type` attribute says).
fn format_mime<S: serde::Serializer>(format: &Option<Format>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&format.map(|f| f.mime()), s)
}

/// One captions file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Captions {
    /// BCP 47 language tag (`en`).
    pub lang: String,
    /// Output path relative to the base (`videos/NAME.vtt`).
    pub output: String,
    pub cues: Vec<Cue>,
}

/// A stretch of transcript for the search index: where it starts (whole seconds) and its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranscriptGroup {
    pub start: u32,
    pub text: String,
}

/// A transcript group ends at a chapter or when its text reaches this many characters.
const GROUP_CHARS: usize = 400;

impl Video {
    /// The captions of the site's language (the first track), if any.
    pub fn main_captions(&self) -> Option<&Captions> {
        self.captions.first()
    }

    /// Duration in whole seconds, rounded down as players show it.
    pub fn duration_seconds(&self) -> Option<u32> {
        self.duration_ms.map(|ms| (ms / 1000) as u32)
    }

    /// The transcript in groups of consecutive cues, each within one chapter and at most about
    /// 400 characters, as plain text: what search indexes, linking to `/videos/NAME/#t=START`.
    pub fn transcript_groups(&self) -> Vec<TranscriptGroup> {
        let Some(captions) = self.main_captions() else { return Vec::new() };
        let mut groups: Vec<TranscriptGroup> = Vec::new();
        let mut chapter_of_last = None;
        for cue in &captions.cues {
            let start = (cue.start_ms / 1000) as u32;
            let chapter = self.chapters.iter().rposition(|c| c.start <= start);
            let text = vtt::cue_text(&cue.text).0;
            match groups.last_mut() {
                Some(g) if chapter == chapter_of_last && g.text.len() < GROUP_CHARS => {
                    g.text.push(' ');
                    g.text.push_str(&text);
                }
                _ => groups.push(TranscriptGroup { start, text }),
            }
            chapter_of_last = chapter;
        }
        groups
    }
}

/// True for names docent accepts for videos: ASCII letters, digits, `-` and `_`, so a name is
/// safe in a URL, a file name and an HTML attribute (no quotes, no `/`, no `..`).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !name.starts_with('-')
}

/// A file name without folders (`intro.png`), for posters.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '"', '\'', '<', '>', '&', ':'])
        && name.split('.').all(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_quotes_slashes_or_dots_are_refused() {
        for bad in ["", "../x", "a/b", "it's", "a\"b", "a.b", "-x", "a b", "<x>"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
        assert!(is_valid_name("reset-password_2"));
    }

    #[test]
    fn transcript_groups_follow_chapters() {
        let cue = |s: u64, t: &str| Cue { start_ms: s * 1000, end_ms: s * 1000 + 900, text: t.into(), line: 1 };
        let v = Video {
            captions: vec![Captions {
                lang: "en".into(),
                output: String::new(),
                cues: vec![
                    cue(0, "One <b>two</b>."),
                    cue(3, "Three."),
                    cue(10, "Four."),
                    cue(12, "<script>x</script>"),
                ],
            }],
            chapters: vec![
                Chapter { start: 0, title: "A".into(), line: 1 },
                Chapter { start: 10, title: "B".into(), line: 1 },
            ],
            ..Default::default()
        };
        let g = v.transcript_groups();
        assert_eq!(
            g,
            vec![
                TranscriptGroup { start: 0, text: "One two. Three.".into() },
                TranscriptGroup { start: 10, text: "Four. <script>x</script>".into() },
            ]
        );
    }
}
