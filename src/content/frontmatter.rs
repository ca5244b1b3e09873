//! Front matter: split a Markdown file into its front matter and body, and parse the front matter.
//!
//! TOML sits between `+++` lines, YAML between `---` lines. Line numbers in diagnostics are lines
//! of the whole file, not of the front matter block.

use super::model::FrontMatter;
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use std::collections::BTreeMap;

/// A Markdown file split in two.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub front: Option<Block<'a>>,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: u32,
}

/// The front matter block: its format, its text and the file line of its first line.
#[derive(Debug, PartialEq)]
pub struct Block<'a> {
    pub format: Format,
    pub text: &'a str,
    pub first_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Splits `text` (LF line ends, no BOM) into front matter and body.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let (fence, format) = if text.starts_with("+++") {
        ("+++", Format::Toml)
    } else if text.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Ok(Split { front: None, body: text, body_line: 1 });
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != fence {
        return Err(Diagnostic::error(
            Span::new(file, 1, 1),
            format!("the front matter fence `{fence}` must be alone on its line"),
        )
        .with_help(format!("put `{fence}` on a line of its own, then the front matter, then another `{fence}` line")));
    }
    let start = (first_end + 1).min(text.len());
    let mut offset = start;
    for (line, l) in (2u32..).zip(text[start..].split_inclusive('\n')) {
        if l.trim_end() == fence {
            let body_start = offset + l.len();
            return Ok(Split {
                front: Some(Block { format, text: &text[start..offset], first_line: 2 }),
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(Span::new(file, 1, 1), format!("front matter opened with `{fence}` is never closed"))
        .with_help(format!("add a line with just `{fence}` after the last front matter line")))
}

/// Parses a front matter block into `FrontMatter`; errors name the file line and the key.
pub fn parse(file: &str, block: &Block) -> Result<FrontMatter, Diagnostic> {
    let help = "front matter keys: title, description, weight, draft, slug, aliases, template, screens, videos, roles, search, [extra]";
    match block.format {
        Format::Toml => toml::from_str(block.text).map_err(|e| {
            let (line, col) = e.span().map_or((0, 1), |s| LineIndex::new(block.text).position(s.start));
            let msg = e.message().lines().next().unwrap_or("invalid TOML").to_string();
            Diagnostic::error(Span::new(file, block.first_line + line.max(1) - 1, col), format!("front matter: {msg}"))
                .with_help(help)
        }),
        Format::Yaml => {
            if block.text.trim().is_empty() {
                return Ok(FrontMatter::default());
            }
            if let Some((line, col)) = yaml_too_deep(block.text) {
                return Err(Diagnostic::error(
                    Span::new(file, block.first_line + line, col),
                    format!("front matter: nested deeper than {MAX_YAML_DEPTH} levels"),
                )
                .with_help("front matter holds a few plain values and tables; flatten this one"));
            }
            serde_yaml::from_str(block.text).map_err(|e| {
                let (line, col) = e.location().map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                Diagnostic::error(
                    Span::new(file, block.first_line + line.max(1) - 1, col),
                    format!("front matter: {msg}"),
                )
                .with_help(help)
            })
        }
    }
}

/// Deeper YAML is refused before parsing: the parser takes time quadratic in the depth (16,000
/// `[` took over a second, 100,000 over a minute), and no front matter needs more. The TOML
/// parser refuses deep nesting by itself.
const MAX_YAML_DEPTH: usize = 64;

/// Where (0-based line, 1-based column) a YAML text first nests deeper than `MAX_YAML_DEPTH`,
/// counting block indentation levels, `- `/`? ` entries opened on one line, and `[`/`{` outside
/// quoted scalars and comments. Linear; it overestimates rather than misses, and only a text
/// that no author writes comes near the limit.
fn yaml_too_deep(text: &str) -> Option<(u32, u32)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut block = 0;
        if flow == 0 {
            let rest = line.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let indent = line.len() - rest.len();
            while indents.last().is_some_and(|&l| l >= indent) {
                indents.pop();
            }
            indents.push(indent);
            let mut r = rest;
            while let Some(t) = r.strip_prefix("- ").or_else(|| r.strip_prefix("? ")) {
                block += 1;
                r = t.trim_start_matches(' ');
            }
        }
        // Quoted scalars are read as ending on their line: lenient, never a false alarm.
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut last_token: Option<char> = None;
        let mut escaped = false;
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if prev.is_whitespace() => break,
                    // A quote opens a scalar only where a scalar can start.
                    '"' | '\'' if last_token.is_none_or(|t| "[{,:-?".contains(t)) => quote = Some(c),
                    // Inside a plain scalar (`title: a [b]`) a bracket is text.
                    '[' | '{' if flow > 0 || last_token.is_none_or(|t| ":-?".contains(t)) => {
                        flow += 1;
                        if indents.len() + block + flow > MAX_YAML_DEPTH {
                            return Some((i as u32, col as u32 + 1));
                        }
                    }
                    ']' | '}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            if !c.is_whitespace() {
                last_token = Some(c);
            }
            prev = c;
        }
        if indents.len() + block > MAX_YAML_DEPTH {
            return Some((i as u32, 1));
        }
    }
    None
}

/// The file line of each top-level key in a front matter block.
pub fn key_lines(block: &Block) -> BTreeMap<String, u32> {
    let mut lines = BTreeMap::new();
    for (i, l) in block.text.lines().enumerate() {
        if l.starts_with(char::is_whitespace) {
            continue;
        }
        let key: String = l.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !key.is_empty() {
            lines.entry(key).or_insert(block.first_line + i as u32);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_splits_with_body_line() {
        let s = split("a.md", "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let fm = parse("a.md", s.front.as_ref().unwrap()).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("a.md", "+++\ntitle = \"A\"\nBody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn unknown_key_names_key_and_file_line() {
        let s = split("a.md", "+++\ntitle = \"A\"\ncolour = 1\n+++\n").unwrap();
        let e = parse("a.md", s.front.as_ref().unwrap()).unwrap_err();
        assert!(e.message.contains("colour"), "{}", e.message);
        assert_eq!(e.span.unwrap().line, 3);
    }

    #[test]
    fn wrong_type_names_file_line() {
        let s = split("a.md", "+++\ntitle = \"A\"\n\nweight = \"heavy\"\n+++\n").unwrap();
        let e = parse("a.md", s.front.as_ref().unwrap()).unwrap_err();
        assert_eq!(e.span.unwrap().line, 4, "{}", e.message);
    }

    #[test]
    fn yaml_front_matter_parses_and_reports_lines() {
        let s = split("a.md", "---\ntitle: A\nscreens: [login]\n---\nBody").unwrap();
        let fm = parse("a.md", s.front.as_ref().unwrap()).unwrap();
        assert_eq!(fm.screens, vec!["login".to_string()]);
        let s = split("a.md", "---\ntitle: A\nbogus: 1\n---\n").unwrap();
        let e = parse("a.md", s.front.as_ref().unwrap()).unwrap_err();
        assert!(e.message.contains("bogus"), "{}", e.message);
        assert_eq!(e.span.unwrap().line, 3);
    }

    #[test]
    fn deep_yaml_is_refused_at_its_line_and_quickly() {
        let deep = format!("title: A\nextra:\n  x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!("---\n{deep}---\n");
        let s = split("a.md", &text).unwrap();
        let started = std::time::Instant::now();
        let e = parse("a.md", s.front.as_ref().unwrap()).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(e.message.contains("nested deeper than 64 levels"), "{}", e.message);
        assert_eq!(e.span.unwrap().line, 4);
        let dashes = format!("---\nextra:\n  x:\n    {}1\n---\n", "- ".repeat(100));
        let e = parse("a.md", split("a.md", &dashes).unwrap().front.as_ref().unwrap()).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
    }

    #[test]
    fn ordinary_yaml_with_brackets_in_text_is_not_too_deep() {
        assert_eq!(yaml_too_deep("title: \"[[[[\" [a, [b, {c: d}]]\nx: it's [[[ # [[[[\n"), None);
        let plain = format!("title: a {}\nscreens: [a]\n", "[".repeat(200));
        assert_eq!(yaml_too_deep(&plain), None);
        let quoted = format!("title: '{}'\nscreens: [a]\n", "[".repeat(200));
        assert_eq!(yaml_too_deep(&quoted), None);
        let nested: String = (0..20).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        assert_eq!(yaml_too_deep(&nested), None);
    }

    #[test]
    fn key_lines_are_file_lines() {
        let s = split("a.md", "+++\ntitle = \"A\"\nscreens = [\"x\"]\n+++\n").unwrap();
        let lines = key_lines(s.front.as_ref().unwrap());
        assert_eq!(lines["screens"], 3);
    }
}
