//! WebVTT captions -> cues, checked.
//!
//! Takes a `.vtt` file's text (already decoded: UTF-8, LF line ends); gives its cues in order,
//! or the first problem with its line. Problems: no `WEBVTT` header, a malformed timing line, a
//! cue that ends before it starts, cues out of order or overlapping, a cue without text. Cue
//! markup is not interpreted: `cue_text` keeps WebVTT's own tags' text and shows any other tag
//! (`<script>`) as text, so a transcript never carries markup from a captions file. Pure.

/// One caption: from `start` to `end` (milliseconds), with its text (lines joined by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// The cue's payload as written (may hold WebVTT tags such as `<v Ann>` or `<i>`).
    pub text: String,
    /// 1-based line of the timing line in the file.
    pub line: u32,
}

/// A problem in a captions file, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VttError {
    pub line: u32,
    pub message: String,
    pub help: String,
}

fn err(line: usize, message: impl Into<String>, help: impl Into<String>) -> VttError {
    VttError { line: line as u32 + 1, message: message.into(), help: help.into() }
}

const TIMING_HELP: &str = "a cue's timing line looks like `00:01.000 --> 00:04.500` (minutes:seconds.milliseconds, or hours:minutes:seconds.milliseconds)";

/// Parses a WebVTT file. Returns the cues sorted as written (the file must already be in order).
pub fn parse_vtt(text: &str) -> Result<Vec<Cue>, VttError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let first = lines.first().copied().unwrap_or("");
    if !(first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t")) {
        return Err(err(
            0,
            "a captions file must start with the line `WEBVTT`",
            "add `WEBVTT` as the first line, then a blank line, then the cues",
        ));
    }
    let mut cues: Vec<Cue> = Vec::new();
    let mut i = 1;
    // The header block runs to the first blank line.
    while i < lines.len() && !lines[i].trim().is_empty() {
        if lines[i].contains("-->") {
            return Err(err(
                i,
                "a blank line is needed between `WEBVTT` and the first cue",
                "add an empty line after the header",
            ));
        }
        i += 1;
    }
    loop {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if i >= lines.len() {
            break;
        }
        let block_start = i;
        let mut end = i;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        let block = &lines[block_start..end];
        i = end;
        let head = block[0];
        if !head.contains("-->")
            && (head == "NOTE"
                || head.starts_with("NOTE ")
                || head.starts_with("NOTE\t")
                || head == "STYLE"
                || head == "REGION")
        {
            continue;
        }
        // A cue is an optional identifier line, then the timing line, then its text.
        let timing_at = if head.contains("-->") { 0 } else { 1 };
        let Some(timing) = block.get(timing_at).filter(|l| l.contains("-->")) else {
            return Err(err(block_start, "expected a cue timing line here", TIMING_HELP));
        };
        let line_no = block_start + timing_at;
        let (start_ms, end_ms) = parse_timing(timing).map_err(|m| err(line_no, m, TIMING_HELP))?;
        if end_ms <= start_ms {
            return Err(err(line_no, "this cue ends before it starts", "the second time must be later than the first"));
        }
        let payload = &block[timing_at + 1..];
        if payload.is_empty() {
            return Err(err(
                line_no,
                "this cue has no text",
                "write the spoken words on the lines after the timing line, or remove the cue",
            ));
        }
        if let Some(prev) = cues.last() {
            if start_ms < prev.start_ms {
                return Err(err(
                    line_no,
                    format!(
                        "cues out of order: this cue starts at {} but the one before (line {}) starts at {}",
                        clock(start_ms),
                        prev.line,
                        clock(prev.start_ms)
                    ),
                    "keep cues in the order they are spoken",
                ));
            }
            if start_ms < prev.end_ms {
                return Err(err(
                    line_no,
                    format!(
                        "this cue overlaps the one before (line {}), which ends at {}",
                        prev.line,
                        clock(prev.end_ms)
                    ),
                    "start this cue when the previous one ends, or end the previous one earlier",
                ));
            }
        }
        cues.push(Cue { start_ms, end_ms, text: payload.join("\n"), line: line_no as u32 + 1 });
    }
    Ok(cues)
}

fn parse_timing(line: &str) -> Result<(u64, u64), String> {
    let (a, rest) = line.split_once("-->").ok_or("no `-->` in the timing line")?;
    let b = rest.split_whitespace().next().unwrap_or("");
    let start = parse_timestamp(a.trim()).ok_or_else(|| format!("malformed start time `{}`", a.trim()))?;
    let end = parse_timestamp(b).ok_or_else(|| format!("malformed end time `{b}`"))?;
    Ok((start, end))
}

/// `mm:ss.ttt` or `hh:mm:ss.ttt` -> milliseconds.
fn parse_timestamp(s: &str) -> Option<u64> {
    let (clock, millis) = s.split_once('.')?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] if h.len() >= 2 => (*h, *m, *s),
        _ => return None,
    };
    let num = |p: &str| p.bytes().all(|b| b.is_ascii_digit()).then(|| p.parse::<u64>().ok()).flatten();
    let (h, m, sec) = (num(h)?, num(m)?, num(sec)?);
    if parts[parts.len() - 2].len() != 2 || parts[parts.len() - 1].len() != 2 || m > 59 || sec > 59 || h > 99_999 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + millis.parse::<u64>().ok()?)
}

fn clock(ms: u64) -> String {
    format!("{}.{:03}", super::time::format_time((ms / 1000) as u32), ms % 1000)
}

/// WebVTT's own tags, whose text is kept and whose markup is dropped in transcripts.
const CUE_TAGS: &[&str] = &["b", "i", "u", "c", "v", "lang", "ruby", "rt"];

/// A cue's plain text for a transcript: WebVTT's tags (`<v Ann>`, `<i>`, timestamps) are
/// dropped, keeping their text; any other `<...>` is kept as literal text; `&amp;`, `&lt;`,
/// `&gt;` and `&nbsp;` are decoded; lines are joined by spaces. Also says whether foreign markup
/// was seen. The result is text: escape it when writing HTML.
pub fn cue_text(payload: &str) -> (String, bool) {
    let mut out = String::with_capacity(payload.len());
    let mut foreign = false;
    let mut rest = payload;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        // A tag ends at the first `>` before any other `<`: looking further would scan the rest
        // of the cue again for every `<` (quadratic time on a line of `<`).
        let close = after.find(['<', '>']).filter(|&c| after.as_bytes()[c] == b'>');
        let tag = close.map(|c| &after[..c]).unwrap_or("");
        let name = tag.trim_start_matches('/').split(['.', ' ', '\t']).next().unwrap_or("");
        let is_timestamp = !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
        if close.is_some() && (CUE_TAGS.contains(&name) || is_timestamp) {
            rest = &after[tag.len() + 1..];
        } else {
            foreign = true;
            out.push('<');
            rest = after;
        }
    }
    out.push_str(rest);
    let decoded = out.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&amp;", "&");
    (decoded.split_whitespace().collect::<Vec<_>>().join(" "), foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_with_identifiers_notes_and_settings_parse() {
        let text = "WEBVTT - a title\nKind: captions\n\nNOTE a comment\nover two lines\n\n1\n00:00.000 --> 00:04.500 align:start\nHello\nthere.\n\n01:00:05.000 --> 01:00:06.000\n<v Ann>Bye</v>\n";
        let cues = parse_vtt(text).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(
            (cues[0].start_ms, cues[0].end_ms, cues[0].text.as_str(), cues[0].line),
            (0, 4500, "Hello\nthere.", 8)
        );
        assert_eq!(cues[1].start_ms, 3_605_000);
        assert_eq!(cue_text(&cues[1].text), ("Bye".to_string(), false));
    }

    #[test]
    fn missing_header_is_line_1() {
        let e = parse_vtt("00:00.000 --> 00:01.000\nHi\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn malformed_timings_name_their_line() {
        for bad in [
            "00:00 --> 00:01.000",
            "0:00.000 --> 00:01.000",
            "00:00.000 -> 00:01.000",
            "00:61.000 --> 01:02.000",
            "00:00.000 --> 00:01.00",
            "aa:00.000 --> 00:01.000",
        ] {
            let text = format!("WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\n{bad}\nHi\n");
            let e = parse_vtt(&text).unwrap_err();
            assert_eq!(e.line, 6, "{bad}: {e:?}");
        }
    }

    #[test]
    fn out_of_order_and_overlapping_cues_are_errors() {
        let e = parse_vtt("WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:01.000 --> 00:02.000\nb\n").unwrap_err();
        assert_eq!(e.line, 6);
        assert!(e.message.contains("out of order"), "{}", e.message);
        let e = parse_vtt("WEBVTT\n\n00:01.000 --> 00:06.000\na\n\n00:05.000 --> 00:07.000\nb\n").unwrap_err();
        assert!(e.message.contains("overlaps"), "{}", e.message);
        let e = parse_vtt("WEBVTT\n\n00:03.000 --> 00:02.000\na\n").unwrap_err();
        assert!(e.message.contains("ends before"), "{}", e.message);
    }

    #[test]
    fn script_and_unknown_markup_stay_text() {
        let (text, foreign) = cue_text("<script>alert(1)</script> <b>bold</b> &amp; 1 &lt; 2 <00:00:01.000>x");
        assert_eq!(text, "<script>alert(1)</script> bold & 1 < 2 x");
        assert!(foreign);
        assert_eq!(cue_text("a < b").0, "a < b");
    }

    #[test]
    fn a_tag_ends_before_the_next_less_than_sign() {
        assert_eq!(cue_text("<v Ann<i>hi</i>"), ("<v Annhi".to_string(), true));
        assert_eq!(cue_text("<<<<b>x</b>"), ("<<<x".to_string(), true));
        assert_eq!(cue_text("<i>a<</i>"), ("a<".to_string(), true));
    }

    #[test]
    fn the_committed_captions_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("videos");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "vtt") {
                let cues = parse_vtt(&std::fs::read_to_string(&path).unwrap()).unwrap();
                assert!(cues.len() > 10, "{}", path.display());
                assert!(cues.last().unwrap().end_ms >= 60_000, "{} is shorter than a minute", path.display());
                n += 1;
            }
        }
        assert!(n >= 3, "the example site has at least 3 captioned videos");
    }
}
