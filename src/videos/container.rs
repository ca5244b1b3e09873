//! Container headers -> duration and picture size, without decoding anything.
//!
//! WebM (Matroska) is read by a small EBML reader written here: it needs only the EBML header,
//! the Segment's size (to tell a truncated file), `Info` (timestamp scale, duration) and the
//! first video `TrackEntry` (pixel width, height), all near the start of the file, and it checks
//! every size against the bytes it has, so a broken file is an error and never a panic or a huge
//! allocation. MP4 is read the same way by a small box reader (`Mp4Reader`): it seeks from box
//! header to box header, checks each declared size against its parent and the file, and reads
//! only `mvhd` (duration) and the video track's `tkhd` (picture size) and `hdlr` (track kind),
//! each capped at 64 KiB. Why our own: the `mp4` crate allocates every box's declared size (a
//! 4 KB file claiming 64 GiB aborted the build), and the boxes needed are three fixed layouts.
//! Takes any `Read + Seek` (a file at the edge, a
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

/// The largest MP4 box read into memory. `mvhd` and `tkhd` are about 100 bytes and `hdlr` a
/// few dozen plus a name; anything near this is a damaged or hostile file, not a video.
const MP4_HEADER_BOX_MAX: u64 = 64 * 1024;
/// How many MP4 box headers are looked at before giving up. The path read (top level, `moov`,
/// each `trak` and its `mdia`) has dozens of boxes in a real file; this bounds the time a file
/// made of millions of tiny boxes can take.
const MP4_BOXES_MAX: u32 = 10_000;
/// Box types that may open an MP4 (or QuickTime-derived) file.
const MP4_FIRST_BOXES: &[&[u8; 4]] = &[b"ftyp", b"styp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pdin"];

/// An MP4 box header: its type and where its body is (`body..end`, in file offsets).
struct Mp4Box {
    kind: [u8; 4],
    start: u64,
    body: u64,
    end: u64,
}

impl Mp4Box {
    fn name(&self) -> String {
        String::from_utf8_lossy(&self.kind).into_owned()
    }
}

/// Reads MP4 box headers through seeks, never trusting a declared size: every box must end
/// inside its parent (so inside the file), and only the few small boxes that hold the answer are
/// read into memory, each through a reader limited to its checked size.
struct Mp4Reader<R> {
    reader: R,
    len: u64,
    boxes: u32,
}

impl<R: Read + Seek> Mp4Reader<R> {
    /// The box starting at `pos`, which must end by `end` (its parent's end).
    fn header(&mut self, pos: u64, end: u64) -> Result<Mp4Box, String> {
        self.boxes += 1;
        if self.boxes > MP4_BOXES_MAX {
            return Err(format!("more than {MP4_BOXES_MAX} boxes before the video's header; the file is damaged"));
        }
        let len = self.len;
        let truncated = || format!("the file is truncated: a box at byte {pos} ends past the end ({len} bytes)");
        let mut head = [0u8; 16];
        let have = end.saturating_sub(pos);
        if have < 8 {
            return Err(truncated());
        }
        self.read_at(pos, &mut head[..8])?;
        let kind: [u8; 4] = head[4..8].try_into().expect("four bytes");
        let (size, header_len) = match u32::from_be_bytes(head[..4].try_into().expect("four bytes")) {
            0 => (have, 8),
            1 => {
                if have < 16 {
                    return Err(truncated());
                }
                self.read_at(pos + 8, &mut head[8..16])?;
                (u64::from_be_bytes(head[8..16].try_into().expect("eight bytes")), 16)
            }
            n => (u64::from(n), 8),
        };
        let name = String::from_utf8_lossy(&kind);
        if size < header_len {
            return Err(format!("the box `{name}` at byte {pos} declares {size} bytes, less than its own header"));
        }
        if size > have {
            return Err(format!(
                "the file is truncated or damaged: the box `{name}` at byte {pos} declares {size} bytes, \
                 but only {have} remain in {}",
                if end == self.len { format!("the file ({} bytes)", self.len) } else { "the box around it".into() }
            ));
        }
        Ok(Mp4Box { kind, start: pos, body: pos + header_len, end: pos + size })
    }

    /// The child boxes of `body..end` until `visit` returns false (headers only: bodies are skipped by seeking).
    fn children(
        &mut self,
        body: u64,
        end: u64,
        mut visit: impl FnMut(&mut Self, Mp4Box) -> Result<bool, String>,
    ) -> Result<(), String> {
        let mut pos = body;
        while pos < end {
            let child = self.header(pos, end)?;
            pos = child.end;
            if !visit(self, child)? {
                break;
            }
        }
        Ok(())
    }

    /// The first `want` bytes of a small box's body (all of it when shorter).
    fn body(&mut self, b: &Mp4Box, want: usize) -> Result<Vec<u8>, String> {
        let size = b.end - b.body;
        if b.end - b.start > MP4_HEADER_BOX_MAX {
            return Err(format!(
                "the box `{}` declares {} bytes, more than such a header ever needs ({} KiB)",
                b.name(),
                b.end - b.start,
                MP4_HEADER_BOX_MAX / 1024
            ));
        }
        let mut out = Vec::with_capacity(want.min(size as usize));
        self.reader.seek(SeekFrom::Start(b.body)).map_err(|e| e.to_string())?;
        self.reader.by_ref().take(size.min(want as u64)).read_to_end(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn read_at(&mut self, pos: u64, buf: &mut [u8]) -> Result<(), String> {
        self.reader.seek(SeekFrom::Start(pos)).map_err(|e| e.to_string())?;
        self.reader.read_exact(buf).map_err(|e| format!("reading byte {pos}: {e}"))
    }
}

/// A big-endian unsigned integer of `N` bytes at `at`, if the body is long enough.
fn be<const N: usize>(body: &[u8], at: usize) -> Option<u64> {
    let bytes = body.get(at..at + N)?;
    Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// Reads duration (`moov/mvhd`) and picture size (`tkhd` of the video track with the lowest id:
/// the display size a player shows) from an MP4 file's boxes.
fn probe_mp4<R: Read + Seek>(reader: R, len: u64) -> Result<Media, String> {
    let not_mp4 = |why: String| format!("not a readable MP4 file ({why}); the file may be damaged or not a video");
    let mut r = Mp4Reader { reader, len, boxes: 0 };
    let first = r.header(0, len).map_err(|_| not_mp4("it does not start with an MP4 box".into()))?;
    if !MP4_FIRST_BOXES.contains(&&first.kind) {
        return Err(not_mp4(format!("it starts with `{}`, not an MP4 box such as `ftyp`", first.name())));
    }
    let mut moov = None;
    r.children(0, len, |_, b| {
        let found = &b.kind == b"moov";
        if found {
            moov = Some(b);
        }
        Ok(!found)
    })
    .map_err(not_mp4)?;
    let moov = moov.ok_or_else(|| not_mp4("it has no `moov` box, which holds the header".into()))?;
    let (mut clock, mut video) = (None, None::<(u64, u32, u32)>);
    r.children(moov.body, moov.end, |r, b| {
        match &b.kind {
            b"mvhd" => clock = Some(mvhd(&r.body(&b, 32)?).ok_or("the `mvhd` box is too short")?),
            b"trak" => {
                if let Some(t) = video_track(r, &b)? {
                    video = Some(video.map_or(t, |v| if t.0 < v.0 { t } else { v }));
                }
            }
            _ => {}
        }
        Ok(true)
    })
    .map_err(not_mp4)?;
    let (timescale, duration) = clock.ok_or_else(|| not_mp4("its header has no `mvhd` box".into()))?;
    let (_, width, height) = video.ok_or("the MP4 file has no video track")?;
    if timescale == 0 {
        return Err("the MP4 header gives a time scale of 0".into());
    }
    let duration_ms = u128::from(duration) * 1000 / u128::from(timescale);
    if duration_ms == 0 {
        return Err("the MP4 header gives no duration".into());
    }
    if duration_ms >= 1_000_000_000_000 {
        return Err(format!("the MP4 header gives an impossible duration ({duration_ms} ms)"));
    }
    Ok(Media { duration_ms: duration_ms as u64, width, height })
}

/// (time scale, duration in that scale) from an `mvhd` body; an unknown duration (all ones) is 0.
fn mvhd(body: &[u8]) -> Option<(u32, u64)> {
    let (timescale, duration) = match body.first()? {
        1 => (be::<4>(body, 20)?, be::<8>(body, 24)?),
        _ => (be::<4>(body, 12)?, be::<4>(body, 16).map(|d| if d == u64::from(u32::MAX) { u64::MAX } else { d })?),
    };
    Some((timescale as u32, if duration == u64::MAX { 0 } else { duration }))
}

/// (track id, width, height) of a `trak` whose handler is `vide`; `None` for other tracks.
fn video_track<R: Read + Seek>(r: &mut Mp4Reader<R>, trak: &Mp4Box) -> Result<Option<(u64, u32, u32)>, String> {
    let (mut header, mut is_video) = (None, false);
    r.children(trak.body, trak.end, |r, b| {
        match &b.kind {
            b"tkhd" => header = Some(tkhd(&r.body(&b, 96)?).ok_or("a `tkhd` box is too short")?),
            b"mdia" => r.children(b.body, b.end, |r, m| {
                if &m.kind == b"hdlr" {
                    is_video = r.body(&m, 12)?.get(8..12) == Some(b"vide");
                }
                Ok(true)
            })?,
            _ => {}
        }
        Ok(true)
    })?;
    Ok(header.filter(|_| is_video))
}

/// (track id, width, height) from a `tkhd` body; sizes are 16.16 fixed point.
fn tkhd(body: &[u8]) -> Option<(u64, u32, u32)> {
    let (id, size_at) = match body.first()? {
        1 => (be::<4>(body, 20)?, 88),
        _ => (be::<4>(body, 12)?, 76),
    };
    Some((id, (be::<4>(body, size_at)? >> 16) as u32, (be::<4>(body, size_at + 4)? >> 16) as u32))
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
        assert!((70_000..130_000).contains(&media.duration_ms), "{media:?}");
        let captions = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("videos/reset-your-password.vtt"),
        )
        .unwrap();
        let last = crate::videos::vtt::parse_vtt(&captions).unwrap().last().unwrap().end_ms;
        assert!(last <= media.duration_ms + 500, "captions end at {last} ms, after the video ({media:?})");
    }

    #[test]
    fn every_real_video_reads_the_duration_and_size_it_always_had() {
        // The MP4 value was read by the `mp4` crate before the MP4 reader was replaced; the WebM
        // durations are ffprobe's for the files scripts/make-videos wrote.
        let expected = [
            ("videos/log-in-for-the-first-time.webm", Format::WebM, 100_535, 640, 360),
            ("videos/reset-your-password.webm", Format::WebM, 79_007, 640, 360),
            ("videos/update-clinic-information.webm", Format::WebM, 106_507, 640, 360),
            ("videos/use-the-help-icon.webm", Format::WebM, 74_507, 640, 360),
            ("tests/fixtures/media/tiny.mp4", Format::Mp4, 3_000, 160, 90),
        ];
        for (path, format, duration_ms, width, height) in expected {
            let file = std::fs::File::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
            let len = file.metadata().unwrap().len();
            let media = probe(format, std::io::BufReader::new(file), len).unwrap();
            assert_eq!(media, Media { duration_ms, width, height }, "{path}");
        }
    }

    #[test]
    fn a_real_mp4_file_gives_duration_and_size() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/tiny.mp4");
        let bytes = std::fs::read(path).unwrap();
        let media = probe(Format::Mp4, Cursor::new(&bytes), bytes.len() as u64).unwrap();
        assert_eq!((media.width, media.height), (160, 90));
        assert!((2900..3100).contains(&media.duration_ms), "{media:?}");
        for cut in [0, 7, 8, 31, 40, 100, 600, 1305] {
            let head = &bytes[..cut];
            let e = probe(Format::Mp4, Cursor::new(head), head.len() as u64).unwrap_err();
            assert!(e.contains("MP4"), "cut at {cut}: {e}");
        }
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

    /// The file of issue 15: `moov/trak/mdia/hdlr`, each with a 64-bit size reaching the end of a
    /// file that is then extended (sparse, a few KB on disk) to `len` bytes.
    fn nested_huge_boxes(len: u64) -> tempfile::NamedTempFile {
        let mut head = vec![0, 0, 0, 24];
        head.extend_from_slice(b"ftypisom\0\0\x02\0isommp41");
        for kind in [b"moov", b"trak", b"mdia", b"hdlr"] {
            let size = len - head.len() as u64;
            head.extend_from_slice(&1u32.to_be_bytes());
            head.extend_from_slice(kind);
            head.extend_from_slice(&size.to_be_bytes());
        }
        head.extend_from_slice(b"\0\0\0\0\0\0\0\0vide");
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &head).unwrap();
        file.as_file().set_len(len).unwrap();
        file
    }

    #[test]
    fn boxes_declaring_gigabytes_are_refused_without_reading_them() {
        for len in [4 << 30, 64 << 30] {
            let file = nested_huge_boxes(len);
            let f = std::fs::File::open(file.path()).unwrap();
            let e = probe(Format::Mp4, std::io::BufReader::new(f), len).unwrap_err();
            assert!(e.contains("the box `hdlr` declares") && e.contains("more than such a header ever needs"), "{e}");
        }
    }

    #[test]
    fn box_sizes_past_the_file_and_box_floods_are_errors() {
        let bytes =
            std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/tiny.mp4"))
                .unwrap();
        // `moov` (at byte 32) claiming more than the file holds.
        let mut b = bytes.clone();
        b[32..36].copy_from_slice(&u32::MAX.to_be_bytes());
        let e = probe(Format::Mp4, Cursor::new(&b), b.len() as u64).unwrap_err();
        assert!(e.contains("the box `moov` at byte 32 declares 4294967295 bytes"), "{e}");
        // A `trak` claiming more than its `moov`.
        let mut b = bytes.clone();
        b[148..152].copy_from_slice(&4000u32.to_be_bytes());
        let e = probe(Format::Mp4, Cursor::new(&b), b.len() as u64).unwrap_err();
        assert!(e.contains("the box around it"), "{e}");
        // A file of a million empty boxes stops at the box limit, without reading them all.
        let mut flood = b"\0\0\0\x08free".repeat(1_000_000);
        flood[..8].copy_from_slice(b"\0\0\0\x08ftyp");
        let e = probe(Format::Mp4, Cursor::new(&flood), flood.len() as u64).unwrap_err();
        assert!(e.contains("more than 10000 boxes"), "{e}");
    }
}
