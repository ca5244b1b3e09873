//! Container headers -> duration and picture size, without decoding anything.
//!
//! WebM (Matroska) is read by a small EBML reader written here: it needs only the EBML header,
//! the Segment's size (to tell a truncated file), `Info` (timestamp scale, duration) and the
//! first video `TrackEntry` (pixel width, height), all near the start of the file, and it checks
//! every size against the bytes it has, so a broken file is an error and never a panic or a huge
//! allocation. MP4 is read with the `mp4` crate. Takes any `Read + Seek` (a file at the edge, a
//! byte slice in tests); gives `Media` or a message saying what is wrong.

use std::io::{Read, Seek, SeekFrom};

/// What the header says about a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Media {
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
}

/// The container formats docent reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WebM,
    Mp4,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "webm" => Some(Format::WebM),
            "mp4" | "m4v" => Some(Format::Mp4),
            _ => None,
        }
    }
    /// The MIME type for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::WebM => "video/webm",
            Format::Mp4 => "video/mp4",
        }
    }
}

/// How much of a WebM file is read to find `Info` and `Tracks`.
const WEBM_HEAD: u64 = 512 * 1024;

/// Reads the duration and picture size from the header of a `len`-byte file.
pub fn probe<R: Read + Seek>(format: Format, mut reader: R, len: u64) -> Result<Media, String> {
    match format {
        Format::WebM => {
            let mut head = Vec::new();
            reader.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
            reader.take(WEBM_HEAD).read_to_end(&mut head).map_err(|e| e.to_string())?;
            probe_webm(&head, len)
        }
        Format::Mp4 => probe_mp4(reader, len),
    }
}

fn probe_mp4<R: Read + Seek>(reader: R, len: u64) -> Result<Media, String> {
    let not_mp4 = |why: String| format!("not a readable MP4 file ({why}); the file may be truncated or not a video");
    // The crate is trusted to return errors, but a panic on a hostile file must not end the build.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mp4::Mp4Reader::read_header(reader, len)))
        .map_err(|_| not_mp4("the MP4 reader gave up".into()))?
        .map_err(|e| not_mp4(e.to_string()))?;
    let mut tracks: Vec<_> = parsed.tracks().iter().collect();
    tracks.sort_by_key(|(id, _)| **id);
    let video = tracks
        .iter()
        .map(|(_, t)| t)
        .find(|t| matches!(t.track_type(), Ok(mp4::TrackType::Video)))
        .ok_or("the MP4 file has no video track")?;
    let duration_ms = parsed.duration().as_millis() as u64;
    if duration_ms == 0 {
        return Err("the MP4 header gives no duration".into());
    }
    Ok(Media { duration_ms, width: video.width() as u32, height: video.height() as u32 })
}

mod id {
    pub const EBML: u64 = 0x1A45DFA3;
    pub const DOC_TYPE: u64 = 0x4282;
    pub const SEGMENT: u64 = 0x18538067;
    pub const INFO: u64 = 0x1549A966;
    pub const TIMESTAMP_SCALE: u64 = 0x2AD7B1;
    pub const DURATION: u64 = 0x4489;
    pub const TRACKS: u64 = 0x1654AE6B;
    pub const TRACK_ENTRY: u64 = 0xAE;
    pub const TRACK_TYPE: u64 = 0x83;
    pub const VIDEO: u64 = 0xE0;
    pub const PIXEL_WIDTH: u64 = 0xB0;
    pub const PIXEL_HEIGHT: u64 = 0xBA;
    pub const CLUSTER: u64 = 0x1F43B675;
}

/// An EBML element: its id, and where its data is in the buffer (`size` is `None` when unknown).
struct Element {
    id: u64,
    data: usize,
    size: Option<u64>,
}

/// Reads a variable-length integer at `pos`: (value with the length marker removed, raw, length).
fn vint(buf: &[u8], pos: usize) -> Option<(u64, u64, usize)> {
    let first = *buf.get(pos)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 {
        return None;
    }
    let bytes = buf.get(pos..pos + len)?;
    let raw = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64);
    let value = raw & (u64::MAX >> (64 - 7 * len));
    Some((value, raw, len))
}

fn element(buf: &[u8], pos: usize) -> Option<Element> {
    let (_, id, id_len) = vint(buf, pos)?;
    if id_len > 4 {
        return None;
    }
    let (size, _, size_len) = vint(buf, pos + id_len)?;
    let unknown = size == u64::MAX >> (64 - 7 * size_len);
    Some(Element { id, data: pos + id_len + size_len, size: (!unknown).then_some(size) })
}

/// The children of the element whose data is `buf[start..end]`, stopping at the end of the buffer.
fn children(buf: &[u8], start: usize, end: usize) -> impl Iterator<Item = Element> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let e = element(buf, pos)?;
        pos = match e.size {
            Some(s) => e.data.checked_add(usize::try_from(s).ok()?)?,
            None => end,
        };
        Some(e)
    })
}

/// The data of an element, if the whole of it is in the buffer.
fn data<'b>(buf: &'b [u8], e: &Element) -> Option<&'b [u8]> {
    buf.get(e.data..e.data.checked_add(usize::try_from(e.size?).ok()?)?)
}

fn uint(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64))
}

fn float(bytes: &[u8]) -> Option<f64> {
    match bytes.len() {
        4 => Some(f32::from_be_bytes(bytes.try_into().ok()?) as f64),
        8 => Some(f64::from_be_bytes(bytes.try_into().ok()?)),
        _ => None,
    }
}

/// Reads a WebM file's header from its first bytes (`head`) and its full length.
pub fn probe_webm(head: &[u8], len: u64) -> Result<Media, String> {
    const NOT_WEBM: &str =
        "not a WebM file: it does not start with an EBML header; the file may be damaged or not a video";
    let header = element(head, 0).filter(|e| e.id == id::EBML).ok_or(NOT_WEBM)?;
    let header_data = data(head, &header).ok_or(NOT_WEBM)?;
    let doc_type = children(header_data, 0, header_data.len())
        .find(|e| e.id == id::DOC_TYPE)
        .and_then(|e| data(header_data, &e))
        .map(|d| String::from_utf8_lossy(d).trim_end_matches('\0').to_string());
    match doc_type.as_deref() {
        Some("webm" | "matroska") => {}
        other => return Err(format!("not a WebM file: its EBML document type is {other:?}, not \"webm\"")),
    }
    let seg_pos = header.data + header_data.len();
    let truncated = || format!("the file is truncated: its header ends early ({len} bytes); render or copy it again");
    let segment = element(head, seg_pos).ok_or_else(truncated)?;
    if segment.id != id::SEGMENT {
        return Err("not a WebM file: no Segment after the EBML header".into());
    }
    if let Some(size) = segment.size {
        let expected = segment.data as u64 + size;
        if expected > len {
            return Err(format!(
                "the file is truncated: its header says {expected} bytes but the file has {len}; render or copy it again"
            ));
        }
    }
    let seg_end = segment.size.map_or(head.len(), |s| (segment.data as u64 + s).min(head.len() as u64) as usize);
    let (mut scale, mut duration, mut size) = (1_000_000u64, None, None);
    for e in children(head, segment.data, seg_end) {
        match e.id {
            id::INFO => {
                let info = data(head, &e).ok_or_else(truncated)?;
                for c in children(info, 0, info.len()) {
                    match c.id {
                        id::TIMESTAMP_SCALE => scale = data(info, &c).and_then(uint).unwrap_or(scale),
                        id::DURATION => duration = data(info, &c).and_then(float),
                        _ => {}
                    }
                }
            }
            id::TRACKS => {
                let tracks = data(head, &e).ok_or_else(truncated)?;
                size = children(tracks, 0, tracks.len())
                    .filter(|t| t.id == id::TRACK_ENTRY)
                    .filter_map(|t| data(tracks, &t))
                    .find_map(video_size);
            }
            id::CLUSTER => break,
            _ => {}
        }
        if duration.is_some() && size.is_some() {
            break;
        }
    }
    let duration =
        duration.ok_or("the WebM header gives no duration; remux the file (ffmpeg -i in.webm -c copy out.webm)")?;
    let (width, height) = size.ok_or("the WebM file has no video track with a picture size")?;
    let duration_ms = duration * scale as f64 / 1e6;
    if !(duration_ms.is_finite() && duration_ms > 0.0 && duration_ms < 1e12) {
        return Err(format!("the WebM header gives an impossible duration ({duration_ms} ms)"));
    }
    Ok(Media { duration_ms: duration_ms.round() as u64, width, height })
}

/// Width and height of a `TrackEntry`'s data, if it is a video track.
fn video_size(entry: &[u8]) -> Option<(u32, u32)> {
    let mut is_video = false;
    let mut dims = None;
    for c in children(entry, 0, entry.len()) {
        match c.id {
            id::TRACK_TYPE => is_video = data(entry, &c).and_then(uint) == Some(1),
            id::VIDEO => {
                let v = data(entry, &c)?;
                let get =
                    |want| children(v, 0, v.len()).find(|e| e.id == want).and_then(|e| data(v, &e)).and_then(uint);
                dims = Some((u32::try_from(get(id::PIXEL_WIDTH)?).ok()?, u32::try_from(get(id::PIXEL_HEIGHT)?).ok()?));
            }
            _ => {}
        }
    }
    if is_video { dims } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn committed(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("videos").join(name)).unwrap()
    }

    #[test]
    fn the_committed_webm_files_give_duration_and_size() {
        let bytes = committed("reset-your-password.webm");
        let media = probe(Format::WebM, Cursor::new(&bytes), bytes.len() as u64).unwrap();
        assert_eq!((media.width, media.height), (640, 360));
        assert!((100_000..130_000).contains(&media.duration_ms), "{media:?}");
        let captions = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("videos/reset-your-password.vtt"),
        )
        .unwrap();
        let last = crate::videos::vtt::parse_vtt(&captions).unwrap().last().unwrap().end_ms;
        assert!(last <= media.duration_ms + 500, "captions end at {last} ms, after the video ({media:?})");
    }

    #[test]
    fn a_real_mp4_file_gives_duration_and_size() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/tiny.mp4");
        let bytes = std::fs::read(path).unwrap();
        let media = probe(Format::Mp4, Cursor::new(&bytes), bytes.len() as u64).unwrap();
        assert_eq!((media.width, media.height), (160, 90));
        assert!((2900..3100).contains(&media.duration_ms), "{media:?}");
        let half = &bytes[..bytes.len() / 2];
        assert!(probe(Format::Mp4, Cursor::new(half), half.len() as u64).is_err());
    }

    #[test]
    fn truncated_and_foreign_files_are_errors_not_panics() {
        let bytes = committed("reset-your-password.webm");
        for cut in [0, 3, 20, 40, 200, 4000, bytes.len() / 2, bytes.len() - 1] {
            let head = &bytes[..cut];
            let e = probe(Format::WebM, Cursor::new(head), head.len() as u64).unwrap_err();
            assert!(e.contains("truncated") || e.contains("not a WebM"), "cut at {cut}: {e}");
        }
        let e = probe(Format::WebM, Cursor::new(b"hello, world"), 12).unwrap_err();
        assert!(e.contains("not a WebM"), "{e}");
        let e = probe(Format::Mp4, Cursor::new(b"hello, world, this is text"), 26).unwrap_err();
        assert!(e.contains("MP4"), "{e}");
        let e = probe(Format::Mp4, Cursor::new(&bytes), bytes.len() as u64).unwrap_err();
        assert!(e.contains("MP4"), "{e}");
    }

    #[test]
    fn every_byte_flip_of_a_header_is_handled() {
        let bytes = committed("use-the-help-icon.webm");
        let head = &bytes[..600.min(bytes.len())];
        for i in 0..head.len() {
            for flip in [0xff, 0x80, 0x01] {
                let mut b = head.to_vec();
                b[i] ^= flip;
                let _ = probe_webm(&b, bytes.len() as u64);
            }
        }
    }
}
