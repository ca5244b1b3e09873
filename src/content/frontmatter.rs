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

impl Block<'_> {
    /// The file line of the opening fence: after 1 when blank lines come before it.
    pub fn fence_line(&self) -> u32 {
        self.first_line - 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Toml,
    Yaml,
}

/// True for a line a reader sees as empty: spaces, tabs, or a stray byte order mark (files
/// pasted together keep the BOM of the second one).
fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// Splits `text` (LF line ends, no BOM) into front matter and body.
///
/// Front matter after blank lines at the top is still front matter: the intent is plain, and
/// Markdown would otherwise show it as a paragraph of text. A `---` block after blank lines is
/// taken only when it reads as YAML keys, because `---` is also a Markdown rule.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut start = 0;
    let mut fence_line = 1u32;
    for l in text.split_inclusive('\n') {
        if !is_blank(l) {
            break;
        }
        start += l.len();
        fence_line += 1;
    }
    let rest = &text[start..];
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{feff}']);
    let (fence, format) = if trimmed.starts_with("+++") {
        ("+++", Format::Toml)
    } else if trimmed.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Ok(Split { front: None, body: text, body_line: 1 });
    };
    let shifted = start > 0 || trimmed.len() != rest.len();
    let first_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..first_end].trim() != fence {
        if shifted {
            return Ok(Split { front: None, body: text, body_line: 1 });
        }
        return Err(Diagnostic::error(
            Span::new(file, 1, 1),
            format!("the front matter fence `{fence}` must be alone on its line"),
        )
        .with_help(format!("put `{fence}` on a line of its own, then the front matter, then another `{fence}` line")));
    }
    let block_start = start + (first_end + 1).min(rest.len());
    let mut offset = block_start;
    for (line, l) in (fence_line + 1..).zip(text[block_start..].split_inclusive('\n')) {
        if l.trim() == fence {
            let block = Block { format, text: &text[block_start..offset], first_line: fence_line + 1 };
            if shifted && format == Format::Yaml && !looks_like_yaml_keys(block.text) {
                break;
            }
            return Ok(Split { front: Some(block), body: &text[offset + l.len()..], body_line: line + 1 });
        }
        offset += l.len();
    }
    if shifted && format == Format::Yaml {
        return Ok(Split { front: None, body: text, body_line: 1 });
    }
    Err(Diagnostic::error(
        Span::new(file, fence_line, 1),
        format!("front matter opened with `{fence}` is never closed"),
    )
    .with_help(format!("add a line with just `{fence}` after the last front matter line")))
}

/// True when the first line of a `---` block is a YAML key (`title: ...`), not Markdown text.
fn looks_like_yaml_keys(block: &str) -> bool {
    let Some(first) = block.lines().find(|l| !is_blank(l)) else { return false };
    let key: String = first.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
    !key.is_empty() && first[key.len()..].starts_with(':')
}

/// A warning for front matter that does not start on the first line (see `split`).
pub fn late_fence_warning(file: &str, block: &Block) -> Option<Diagnostic> {
    let line = block.fence_line();
    (line > 1).then(|| {
        Diagnostic::warning(
            Span::new(file, line, 1),
            format!("front matter starts on line {line}, after blank lines; docent reads it, other Markdown tools show it as text"),
        )
        .with_help("delete the blank lines above the first fence, so that the file starts with it")
    })
}

/// What a front matter block held: the fields that could be read, and the problems.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Every valid field; an invalid one is left at its default.
    pub front: FrontMatter,
    /// Syntax errors and fields of the wrong type, each at its own line.
    pub problems: Vec<Diagnostic>,
    /// Keys docent does not know, as errors (`[content] unknown_keys` may lower them later).
    pub unknown_keys: Vec<Diagnostic>,
}

const KEYS_HELP: &str = "front matter keys: title, description, weight, draft, slug, aliases, template, screens, videos, roles, search, updated, translated_from, [extra]";

/// Parses a front matter block. Every problem is reported, not just the first: each key is
/// read on its own, so a misspelt key or a wrong type names its line and the rest still counts.
pub fn parse(file: &str, block: &Block) -> Parsed {
    // Deep YAML is refused before any parser sees it (see `MAX_YAML_DEPTH`).
    if block.format == Format::Yaml
        && let Some((line, col)) = yaml_too_deep(block.text)
    {
        let d = Diagnostic::error(
            Span::new(file, block.first_line + line, col),
            format!("front matter: nested deeper than {MAX_YAML_DEPTH} levels"),
        )
        .with_help("front matter holds a few plain values and tables; flatten this one");
        return Parsed { problems: vec![d], ..Default::default() };
    }
    // Most front matter is valid: read it in one go, and key by key only to explain a problem.
    let direct = match block.format {
        Format::Toml => toml::from_str::<FrontMatter>(block.text).ok(),
        Format::Yaml if block.text.trim().is_empty() => Some(FrontMatter::default()),
        Format::Yaml => serde_yaml::from_str::<FrontMatter>(block.text).ok(),
    };
    if let Some(front) = direct {
        return Parsed { front, ..Default::default() };
    }
    let mut parsed = Parsed::default();
    let fields = match fields(file, block) {
        Ok(f) => f,
        Err(d) => {
            parsed.problems.push(d);
            return parsed;
        }
    };
    let lines = key_lines(block);
    let mut valid = serde_json::Map::new();
    for (key, value) in fields {
        let span = Span::new(file, lines.get(&key).unwrap_or(block.first_line), 1);
        let one = serde_json::Value::Object([(key.clone(), value.clone())].into_iter().collect());
        let Err(e) = serde_json::from_value::<FrontMatter>(one) else {
            valid.insert(key, value);
            continue;
        };
        let message = e.to_string();
        if let Some((name, expected)) = crate::explain::unknown_field(&message) {
            let hint = match crate::explain::nearest(&name, expected.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? Your own keys go under [extra]; {KEYS_HELP}"),
                None => format!("your own keys go under [extra]; {KEYS_HELP}"),
            };
            parsed
                .unknown_keys
                .push(Diagnostic::error(span, format!("unknown front matter key `{name}`")).with_help(hint));
        } else {
            let help = crate::explain::type_help(&key, &message, block.format == Format::Yaml);
            parsed.problems.push(
                Diagnostic::error(span, format!("front matter: {}", crate::explain::type_error(&key, &message)))
                    .with_help(help.unwrap_or_else(|| KEYS_HELP.to_string())),
            );
        }
    }
    parsed.front = serde_json::from_value(serde_json::Value::Object(valid)).unwrap_or_default();
    crate::diagnostics::sort(&mut parsed.problems);
    crate::diagnostics::sort(&mut parsed.unknown_keys);
    parsed
}

/// The block's top-level keys and values; an error when it is not valid TOML or YAML.
fn fields(file: &str, block: &Block) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    let at = |line: u32, col: u32| Span::new(file, block.first_line + line.max(1) - 1, col);
    let value = match block.format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(block.text).map_err(|e| {
                let (line, col) = e.span().map_or((0, 1), |s| LineIndex::new(block.text).position(s.start));
                let msg = e.message().lines().next().unwrap_or("invalid TOML").to_string();
                Diagnostic::error(at(line, col), format!("front matter: {msg}")).with_help(KEYS_HELP)
            })?;
            serde_json::to_value(table)
        }
        Format::Yaml => {
            if block.text.trim().is_empty() {
                return Ok(Default::default());
            }
            let value: serde_yaml::Value = serde_yaml::from_str(block.text).map_err(|e| {
                let (line, col) = e.location().map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                Diagnostic::error(at(line, col), format!("front matter: {msg}")).with_help(KEYS_HELP)
            })?;
            serde_json::to_value(value)
        }
    };
    match value {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(serde_json::Value::Null) => Ok(Default::default()),
        _ => Err(Diagnostic::error(at(1, 1), "front matter must be a list of keys and values").with_help(format!(
            "write one `key = value` line (TOML) or `key: value` line (YAML) per setting; {KEYS_HELP}"
        ))),
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
pub fn key_lines(block: &Block) -> crate::content::KeyLines {
    let mut lines = BTreeMap::new();
    for (i, l) in block.text.lines().enumerate() {
        if l.starts_with(char::is_whitespace) {
            continue;
        }
        let l = l.strip_prefix('[').unwrap_or(l);
        let key: String = l.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
        if !key.is_empty() {
            lines.entry(key).or_insert(block.first_line + i as u32);
        }
    }
    crate::content::KeyLines::from(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(diags: &[Diagnostic]) -> Vec<(u32, &str)> {
        diags.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect()
    }

    #[test]
    fn toml_front_matter_splits_with_body_line() {
        let s = split("a.md", "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let fm = parse("a.md", s.front.as_ref().unwrap()).front;
        assert_eq!(fm.title.as_deref(), Some("A"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("a.md", "+++\ntitle = \"A\"\nBody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn front_matter_after_blank_lines_is_read_with_a_warning() {
        let text = "\n  \n\u{feff}\n+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split("a.md", text).unwrap();
        let block = s.front.as_ref().expect("front matter found");
        assert_eq!((block.first_line, s.body, s.body_line), (5, "Body\n", 7));
        assert_eq!(parse("a.md", block).front.title.as_deref(), Some("A"));
        let w = late_fence_warning("a.md", block).expect("a warning");
        assert_eq!(w.span.unwrap().line, 4);
        assert!(late_fence_warning("a.md", split("a.md", "+++\n+++\n").unwrap().front.as_ref().unwrap()).is_none());
        let s = split("a.md", "\n---\ntitle: A\n---\n").unwrap();
        assert_eq!(parse("a.md", s.front.as_ref().unwrap()).front.title.as_deref(), Some("A"));
    }

    #[test]
    fn markdown_rules_after_blank_lines_are_not_front_matter() {
        let text = "\n---\nSome text between rules.\n---\n";
        assert_eq!(split("a.md", text).unwrap(), Split { front: None, body: text, body_line: 1 });
        let text = "\n---\nJust a rule.\n";
        assert!(split("a.md", text).unwrap().front.is_none());
        let e = split("a.md", "\n\n+++\ntitle = \"A\"\n").unwrap_err();
        assert_eq!(e.span.unwrap().line, 3, "an unclosed +++ names its fence line");
    }

    #[test]
    fn every_unknown_key_is_named_at_its_line_with_a_suggestion() {
        let s = split("a.md", "+++\ntitel = \"A\"\ncolour = 1\nweight = 2\n+++\n").unwrap();
        let p = parse("a.md", s.front.as_ref().unwrap());
        assert_eq!(
            lines(&p.unknown_keys),
            vec![(2, "unknown front matter key `titel`"), (3, "unknown front matter key `colour`")]
        );
        assert!(p.unknown_keys[0].help.as_ref().unwrap().starts_with("did you mean `title`?"));
        assert!(p.problems.is_empty());
        assert_eq!(p.front.weight, Some(2), "the valid keys are kept");
    }

    #[test]
    fn every_wrong_type_is_named_in_words() {
        let s = split("a.md", "+++\ntitle = \"A\"\n\nweight = \"sixty\"\ndraft = 1\n+++\n").unwrap();
        let p = parse("a.md", s.front.as_ref().unwrap());
        assert_eq!(
            lines(&p.problems),
            vec![
                (4, "front matter: `weight` must be a whole number, found the text \"sixty\""),
                (5, "front matter: `draft` must be true or false, found the number 1"),
            ]
        );
        assert_eq!(p.front.title.as_deref(), Some("A"));
    }

    #[test]
    fn toml_syntax_errors_name_the_file_line() {
        let s = split("a.md", "+++\ntitle = \"A\"\nweight = = 2\n+++\n").unwrap();
        let p = parse("a.md", s.front.as_ref().unwrap());
        assert_eq!(p.problems[0].span.as_ref().unwrap().line, 3, "{}", p.problems[0].message);
    }

    #[test]
    fn yaml_front_matter_parses_and_reports_lines() {
        let s = split("a.md", "---\ntitle: A\nscreens: [login]\n---\nBody").unwrap();
        let fm = parse("a.md", s.front.as_ref().unwrap()).front;
        assert_eq!(fm.screens, vec!["login".to_string()]);
        let s = split("a.md", "---\ntitle: A\nbogus: 1\nweight: sixty\n---\n").unwrap();
        let p = parse("a.md", s.front.as_ref().unwrap());
        assert_eq!(lines(&p.unknown_keys), vec![(3, "unknown front matter key `bogus`")]);
        assert_eq!(
            lines(&p.problems),
            vec![(4, "front matter: `weight` must be a whole number, found the text \"sixty\"")]
        );
        let s = split("a.md", "---\n- a\n- b\n---\n").unwrap();
        assert!(parse("a.md", s.front.as_ref().unwrap()).problems[0].message.contains("keys and values"));
    }

    #[test]
    fn deep_yaml_is_refused_at_its_line_and_quickly() {
        let deep = format!("title: A\nextra:\n  x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!("---\n{deep}---\n");
        let s = split("a.md", &text).unwrap();
        let started = std::time::Instant::now();
        let e = parse("a.md", s.front.as_ref().unwrap()).problems.remove(0);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(e.message.contains("nested deeper than 64 levels"), "{}", e.message);
        assert_eq!(e.span.unwrap().line, 4);
        let dashes = format!("---\nextra:\n  x:\n    {}1\n---\n", "- ".repeat(100));
        let e = parse("a.md", split("a.md", &dashes).unwrap().front.as_ref().unwrap()).problems.remove(0);
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
        let s = split("a.md", "+++\ntitle = \"A\"\nscreens = [\"x\"]\n[extra]\n+++\n").unwrap();
        let lines = key_lines(s.front.as_ref().unwrap());
        assert_eq!(lines.get("screens"), Some(3));
        assert_eq!(lines.get("extra"), Some(4));
        assert_eq!(lines.get("title"), Some(2));
        assert_eq!(lines.get("weight"), None);
    }
}
