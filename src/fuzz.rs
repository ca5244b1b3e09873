//! Fuzz targets: every parser that reads bytes docent did not write, behind one function each.
//!
//! A target takes arbitrary bytes, runs one parser the way the build or the preview server does
//! (front matter, a Markdown page, WebVTT captions, a video sidecar, WebM and MP4 headers, an
//! HTTP request head) and checks what "no input crashes docent" means beyond not panicking: the
//! output stays within a fixed multiple of the input. A panic is left to unwind, so that the
//! caller sees it. Used by `tests/fuzz.rs` (seeded mutation, a fixed number of cases in `cargo
//! test`) and by the coverage-guided AFL++ harness in `fuzz/` (`scripts/fuzz`). Nothing in the
//! pipeline calls this module; it only exposes parsers that are already public, plus
//! `serve::http::parse_head`.

use crate::digest::Prehashed;
use crate::markdown::{LinkError, Links, MarkdownInput, Rewritten};
use crate::videos::container::{Format, probe};
use std::io::Cursor;

/// One parser under test.
pub struct Target {
    /// Also the name of its folders under `tests/fuzz/` (seeds, kept crashes).
    pub name: &'static str,
    /// Runs the parser on `input`; `Err` when it returned but broke a bound.
    pub run: fn(&[u8]) -> Result<(), String>,
    /// Byte strings that mean something to this parser, for the mutator to insert.
    pub tokens: &'static [&'static str],
}

/// Every target, in the order the pipeline meets them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "frontmatter",
        run: frontmatter,
        tokens: &[
            "+++\n",
            "---\n",
            "title = ",
            "\"",
            "'",
            "[",
            "]",
            "{",
            "}",
            "[[extra.a]]\n",
            "extra:\n",
            "- ",
            ": ",
            "&a ",
            "*a",
            "!!binary ",
            "\\u0000",
            "\n",
            "\r\n",
            "\u{feff}",
            "#",
            "weight = 99999999999999999999",
            "1e308",
            "screens = [\"a#b\"]\n",
            "aliases = [\"/a/\"]\n",
            "? ",
            "|\n  ",
            ">-\n  ",
            "\t",
            "'''",
            "\"\"\"",
        ],
    },
    Target {
        name: "markdown",
        run: markdown,
        tokens: &[
            "# ",
            "## ",
            "\n",
            "\n\n",
            "[x](",
            ")",
            "](a.md#",
            "![",
            "](img.png)",
            "<",
            ">",
            "<script>",
            "&amp;",
            "`",
            "```rust\n",
            "```\n",
            "~~~",
            "> ",
            "> [!NOTE]\n",
            "| a | b |\n",
            "|---|---|\n",
            "|",
            "- ",
            "1. ",
            "* ",
            "[^1]",
            "[^1]: ",
            "::video[intro]",
            "::video[",
            "{#id}",
            "\\",
            "***",
            "---\n",
            "<!--",
            "-->",
            "<details>",
            "https://example.org/",
            "javascript:",
            "[x]: /a/\n",
            "    ",
            "\t",
            "\u{0}",
            "é",
            "\u{200b}",
        ],
    },
    Target {
        name: "highlight",
        run: highlight,
        tokens: &[
            "\n",
            "    ",
            "\t",
            "- ",
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            "$(",
            "${",
            "`",
            "\"",
            "'",
            "\\",
            "<<EOF\n",
            "EOF\n",
            "r#\"",
            "\"#",
            "/*",
            "*/",
            "//",
            "--",
            "# ",
            "SELECT ",
            "fn ",
            "function ",
            "=>",
            "é",
            "\u{0}",
        ],
    },
    Target {
        name: "vtt",
        run: vtt,
        tokens: &[
            "WEBVTT\n\n",
            "WEBVTT",
            "\n\n",
            "\n",
            " --> ",
            "-->",
            "00:00.000",
            "00:01.500",
            "99:59:59.999",
            "0:",
            ".",
            ":",
            "<v Ann>",
            "</v>",
            "<i>",
            "</i>",
            "<b>",
            "<c.x>",
            "<00:00:01.000>",
            "<script>",
            "&amp;",
            "&",
            "NOTE ",
            "STYLE\n",
            "REGION\n",
            " align:start",
            "\r\n",
            "\u{feff}",
            "1\n",
        ],
    },
    Target {
        name: "sidecar",
        run: sidecar,
        tokens: &[
            "title = ",
            "\"",
            "[[chapters]]\n",
            "start = ",
            "\"1:35\"",
            "\"1m35s\"",
            "95",
            "-1",
            "4294967296",
            "\"99:99:99\"",
            "url = \"https://example.org/v.mp4\"\n",
            "url = \"http://",
            "duration = ",
            "speech = false\n",
            "screens = [",
            "]",
            "poster = \"",
            "\n",
            "'",
            "{",
            "}",
            "=",
            "1e999",
        ],
    },
    Target {
        name: "webm",
        run: webm,
        tokens: &[
            "\u{1a}\u{45}\u{df}\u{a3}",
            "\u{42}\u{82}",
            "webm",
            "\u{18}\u{53}\u{80}\u{67}",
            "\u{15}\u{49}\u{a9}\u{66}",
            "\u{16}\u{54}\u{ae}\u{6b}",
            "\u{ae}",
            "\u{e0}",
            "\u{b0}",
            "\u{ba}",
            "\u{44}\u{89}",
            "\u{1}",
            "\u{ff}",
            "\u{0}\u{0}\u{0}\u{0}",
        ],
    },
    Target {
        name: "mp4",
        run: mp4,
        tokens: &[
            "ftyp",
            "moov",
            "mvhd",
            "trak",
            "tkhd",
            "mdia",
            "hdlr",
            "vide",
            "soun",
            "mdat",
            "free",
            "\u{0}\u{0}\u{0}\u{1}",
            "\u{0}\u{0}\u{0}\u{0}",
            "\u{0}\u{0}\u{0}\u{8}",
            "\u{7f}\u{7f}\u{7f}\u{7f}",
        ],
    },
    Target {
        name: "http",
        run: http,
        tokens: &[
            "GET ",
            "HEAD ",
            "POST ",
            "/ ",
            "//search",
            "/%2e%2e/",
            "HTTP/1.1",
            "HTTP/1.0",
            "\r\n",
            "\r\n\r\n",
            "\n",
            "Host: ",
            "localhost:8080",
            "Content-Length: ",
            "Transfer-Encoding: chunked",
            "Connection: ",
            ": ",
            "\t",
            "\u{0}",
            "\u{7f}",
            "é",
            "Range: bytes=0-",
            "Origin: null",
        ],
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Fails when `produced` bytes exceed `factor` times the input plus `slack`: what a parser gives
/// back must stay proportional to what it was given.
/// The first byte picks the fence language (each tree-sitter grammar, and syntect's YAML and
/// Python, whose tree-sitter grammars are not used because they can abort); the rest is the code.
fn highlight(input: &[u8]) -> Result<(), String> {
    const LANGUAGES: &[&str] = &["bash", "json", "sql", "javascript", "rust", "yaml", "python", "toml"];
    let Some((&pick, code)) = input.split_first() else { return Ok(()) };
    let code = String::from_utf8_lossy(code);
    let lang = LANGUAGES[usize::from(pick) % LANGUAGES.len()];
    let Some(html) = crate::markdown::highlight::highlight(&code, lang) else {
        // Only a line too long for syntect leaves a known language plain.
        if code.lines().any(|line| line.len() > crate::markdown::highlight::SYNTECT_LINE_MAX) {
            return Ok(());
        }
        return Err(format!("{lang} is not highlighted"));
    };
    // A span per character at most, each character escaped: about 60 bytes a byte.
    bounded("highlighted HTML", html.len(), code.len(), 64, 1024)
}

fn bounded(what: &str, produced: usize, input: usize, factor: usize, slack: usize) -> Result<(), String> {
    if produced > input * factor + slack {
        return Err(format!("{what}: {produced} bytes from {input} bytes of input (more than {factor}x + {slack})"));
    }
    Ok(())
}

/// A page file as `content::load` reads it: decode (UTF-8, BOM, CRLF), split, parse the front matter.
fn frontmatter(input: &[u8]) -> Result<(), String> {
    let source = "content/fuzz.md";
    let Ok(text) = crate::content::load::decode(source, input) else { return Ok(()) };
    match crate::content::load::page_from_text(source, "fuzz.md", &text) {
        Ok(page) => bounded("page body", page.body.len(), input.len(), 1, 0),
        Err(d) => bounded("diagnostic", d.message.len(), input.len(), 1, 4096),
    }
}

/// Answers link questions without a site: even bytes of a destination resolve, odd ones do not,
/// so that both the rewriting and the diagnostic paths run.
struct AnyLinks;

impl Links for AnyLinks {
    fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
        if dest.len().is_multiple_of(2) {
            let anchor = dest.split_once('#').map(|(_, a)| ("content/page.md".to_string(), a.to_string()));
            Ok(Rewritten { url: format!("/{}/", dest.trim_matches('/')), anchor })
        } else {
            Err(LinkError { left_out: false, problem: "no such page".into(), help: "write the path of a page".into() })
        }
    }
    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        dest.len().is_multiple_of(3).then_some((640, 360))
    }
    fn video_embed(&self, name: &str) -> Result<String, LinkError> {
        if name == "intro" {
            Ok("<video></video>".into())
        } else {
            Err(LinkError { left_out: false, problem: "no such video".into(), help: String::new() })
        }
    }
}

/// A page body rendered as the build does (CommonMark + GFM, callouts, highlighting, links).
fn markdown(input: &[u8]) -> Result<(), String> {
    let body = String::from_utf8_lossy(input);
    let options = crate::config::MarkdownConfig::default();
    let out = crate::markdown::render(
        &MarkdownInput {
            source: "content/fuzz.md",
            body: &body,
            text_digest: 0,
            body_line: 1,
            options: Prehashed::of(&options),
            title_heading: false,
            audience: None,
            toolkit: Prehashed::of(&Default::default()),
            labels: Prehashed::of(&Default::default()),
        },
        &AnyLinks,
    );
    // Highlighted code wraps each token in spans (one `"` of Rust becomes some 100 bytes) and
    // escaping makes `"` six: a couple of hundred times the input is ordinary, more is a blow-up.
    bounded("HTML", out.html.len(), body.len(), 256, 64 * 1024)?;
    let text: usize = out.sections.iter().map(|s| s.text.len() + s.heading.len()).sum();
    bounded("search text", text, body.len(), 8, 4096)?;
    bounded("diagnostics", out.diagnostics.len(), body.len(), 1, 16)
}

/// Captions as `videos::load` and the transcript read them.
fn vtt(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    if let Ok(cues) = crate::videos::vtt::parse_vtt(&text) {
        let mut total = 0;
        for cue in &cues {
            let (shown, _) = crate::videos::vtt::cue_text(&cue.text);
            total += shown.len();
        }
        // Against the text: lossy decoding makes each invalid byte three.
        bounded("cue text", total, text.len(), 2, 0)?;
    }
    Ok(())
}

/// A video's `NAME.toml`.
fn sidecar(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let _ = crate::videos::sidecar::parse_sidecar("videos/fuzz.toml", &text, &["example.org".to_string()]);
    Ok(())
}

/// A WebM header, both as a whole short file and as the head of a much longer one.
fn webm(input: &[u8]) -> Result<(), String> {
    let _ = probe(Format::WebM, Cursor::new(input), input.len() as u64);
    let _ = crate::videos::container::probe_webm(input, 1 << 40);
    Ok(())
}

/// An MP4 file.
fn mp4(input: &[u8]) -> Result<(), String> {
    let _ = probe(Format::Mp4, Cursor::new(input), input.len() as u64);
    Ok(())
}

/// A request head as the preview server reads it: up to the blank line, then parsed.
fn http(input: &[u8]) -> Result<(), String> {
    let end = input.windows(4).position(|w| w == b"\r\n\r\n").map_or(input.len(), |p| p + 4);
    if let Ok((request, _)) = crate::serve::http::parse_head(&input[..end]) {
        let size: usize = request.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
        bounded("request", size + request.target.len() + request.method.len(), end, 1, 0)?;
    }
    Ok(())
}
