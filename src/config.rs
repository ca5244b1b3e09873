//! `docent.toml` -> `Config`: site settings, validated, with unknown keys rejected.
//!
//! Parsing is pure (`Config::parse` takes the file's text); reading the file is the caller's job.
//! Problems come back as diagnostics that name the line of `docent.toml`.

use crate::diagnostics::{Diagnostic, LineIndex, Span};
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "docent.toml";

/// Site settings from `docent.toml`. Every field has a default, so an empty file is a valid site.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in the header and in every page title.
    pub title: String,
    /// One sentence about the site, for the home page and search engines.
    pub description: String,
    /// Where the site is published: `/`, `/help/` or `https://org.github.io/help/`.
    pub base_url: String,
    /// The language of the content, as a BCP 47 tag (`en`, `es`).
    pub language: String,
    /// The theme's name; `default` is embedded in the binary.
    pub theme: String,
    /// Links to the most common tasks, shown on the home page.
    pub quick_links: Vec<QuickLink>,
    pub markdown: MarkdownConfig,
    pub search: SearchConfig,
    pub videos: VideosConfig,
    pub content: ContentConfig,
    pub check: CheckConfig,
    /// Free table for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Help".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: "default".into(),
            quick_links: Vec::new(),
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
            videos: VideosConfig::default(),
            content: ContentConfig::default(),
            check: CheckConfig::default(),
            extra: Default::default(),
        }
    }
}

/// A home page link: `url` is a content path (`login/reset.md`) or a URL.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuickLink {
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    /// The line of `docent.toml` where this link is, for diagnostics (0 when not read from a file).
    #[serde(skip)]
    pub line: u32,
}

/// `[content]`: how strict loading is with pages written for other tools.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ContentConfig {
    /// Front matter keys docent does not know: `"error"` (the default) or `"warn"`.
    pub unknown_keys: Strictness,
}

/// `[check]`: links docent should not resolve, for content that is part of a larger publication.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Links matching one of these globs (`*` matches any characters) are written as they are
    /// and not checked (`"../std/*"`).
    pub ignore_links: Vec<String>,
    /// A link starting with a key is written as an external link: the key replaced by its value
    /// (`"../reference/" = "https://doc.rust-lang.org/reference/"`).
    pub link_prefixes: std::collections::BTreeMap<String, String>,
}

/// Whether a problem fails the build or is only reported.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Strictness {
    #[default]
    Error,
    Warn,
}

/// Search options (`[search]`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// The page a search that finds nothing suggests, as a content path
    /// (`getting-help/contact-the-help-desk.md`).
    pub help_page: Option<String>,
}

/// Markdown options.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks.
    pub highlight_code: bool,
    /// A page without a `title` takes it from a `# heading` on its first line (as mdBook and
    /// GitHub show such files); that heading is then not repeated in the body.
    pub title_from_heading: bool,
    /// How heading ids are made: `"docent"` (runs of punctuation become one `-`) or `"github"`.
    pub slugs: SlugStyle,
}

/// The rule for heading ids (`[markdown] slugs`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// `slug::slugify`: `What's next?` -> `what-s-next`.
    #[default]
    Docent,
    /// `slug::github_slug`: `What's next?` -> `whats-next`, as GitHub shows Markdown files.
    Github,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            title_from_heading: false,
            slugs: SlugStyle::Docent,
        }
    }
}

/// `[videos]`: settings for "Learn More" videos.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct VideosConfig {
    /// Hosts an external video (`url` in a video's sidecar) may come from; https only.
    pub allowed_hosts: Vec<String>,
}

impl Config {
    /// Parses `docent.toml`'s text; the first problem, if any (see `parse_all`).
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let (config, mut diags) = Config::parse_all(text);
        if diags.is_empty() { Ok(config) } else { Err(diags.swap_remove(0)) }
    }

    /// Parses `docent.toml`'s text, reporting every problem (each unknown key, each value of
    /// the wrong type) at its line, and giving the settings that were valid.
    pub fn parse_all(text: &str) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let lines = LineIndex::new(text);
        let at = |offset: Option<usize>| {
            let (line, col) = offset.map_or((1, 1), |o| lines.position(o));
            Span::new(CONFIG_FILE, line, col)
        };
        let mut doc = match toml::de::DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                diags.push(
                    Diagnostic::error(at(e.span().map(|s| s.start)), first_line(e.message()))
                        .with_help("see the README for the keys docent.toml accepts"),
                );
                return (Config::default(), diags);
            }
        };
        // serde stops at the first problem: report it, drop the value it is in, and read again.
        for _ in 0..MAX_CONFIG_PROBLEMS {
            let e = match Config::deserialize(toml::de::Deserializer::from(doc.clone())) {
                Ok(mut config) => {
                    config.base_url = normalize_base_url(&config.base_url);
                    set_quick_link_lines(&mut config, doc.get_ref(), &lines);
                    check_globs(&config, doc.get_ref(), &lines, &mut diags);
                    crate::diagnostics::sort(&mut diags);
                    return (config, diags);
                }
                Err(e) => e,
            };
            let offset = e.span().map(|s| s.start);
            let path = offset.and_then(|o| remove_at(doc.get_mut(), o));
            diags.push(config_problem(at(offset), path.as_deref(), e.message()));
            if path.is_none() {
                break;
            }
        }
        (Config::default(), diags)
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/`, `/help/`).
    /// Every link docent writes starts with it, so a site works under a sub-path.
    pub fn base_path(&self) -> String {
        let rest = match self.base_url.split_once("://") {
            Some((_, after)) => after.find('/').map_or("/", |i| &after[i..]),
            None => self.base_url.as_str(),
        };
        let trimmed = rest.trim_matches('/');
        if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") }
    }

    /// `base_url` when it names a host (needed for the sitemap's absolute URLs).
    pub fn absolute_base(&self) -> Option<&str> {
        self.base_url.contains("://").then_some(self.base_url.as_str())
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        "/".into()
    } else if url.ends_with('/') {
        url.into()
    } else {
        format!("{url}/")
    }
}

/// More problems than this in one `docent.toml` are not all listed (each costs a re-read).
const MAX_CONFIG_PROBLEMS: usize = 64;

/// One problem of `docent.toml`, in words, with a "did you mean" for a misspelt key.
fn config_problem(span: Span, path: Option<&[String]>, message: &str) -> Diagnostic {
    let message = first_line(message);
    let key = path.map(|p| p.join(".")).unwrap_or_default();
    if let Some((name, expected)) = crate::explain::unknown_field(&message) {
        let place = match path {
            Some(p) if p.len() > 1 => format!(" in [{}]", p[..p.len() - 1].join(".")),
            _ => String::new(),
        };
        let known = expected.join(", ");
        let help = match crate::explain::nearest(&name, expected.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? The keys here are: {known}"),
            None => format!("the keys here are: {known}; free settings for templates go under [extra]"),
        };
        return Diagnostic::error(span, format!("unknown key `{name}`{place} in docent.toml")).with_help(help);
    }
    let help = path
        .and_then(|p| crate::explain::type_help(p.last()?, &message, false))
        .unwrap_or_else(|| "see the README for the keys docent.toml accepts".to_string());
    let message = if key.is_empty() { message } else { crate::explain::type_error(&key, &message) };
    Diagnostic::error(span, message).with_help(help)
}

/// Removes the value that holds byte `at` of the file (the innermost key whose entry contains
/// it; an array of tables as a whole) and gives its key path, or `None` when nothing does.
fn remove_at(table: &mut toml::de::DeTable, at: usize) -> Option<Vec<String>> {
    use toml::de::DeValue;
    // The entry that starts last before `at` is the one `at` is in.
    let key = table
        .iter()
        .filter(|(k, v)| k.span().start <= at || v.span().start <= at)
        .max_by_key(|(k, _)| k.span().start)
        .map(|(k, _)| k.clone())?;
    let name = key.get_ref().to_string();
    if !key.span().contains(&at) {
        let inner = match table.get_mut(&key).map(|v| v.get_mut()) {
            Some(DeValue::Table(t)) => remove_at(t, at),
            Some(DeValue::Array(items)) => {
                items.iter_mut().filter(|i| i.span().start <= at).max_by_key(|i| i.span().start).and_then(|i| {
                    match i.get_mut() {
                        DeValue::Table(t) => remove_at(t, at),
                        _ => None,
                    }
                })
            }
            _ => None,
        };
        if let Some(mut path) = inner {
            path.insert(0, name);
            return Some(path);
        }
    }
    table.remove(&key);
    Some(vec![name])
}

/// Each `[check] ignore_links` entry must be a valid glob; a bad one is named at its line.
fn check_globs(config: &Config, doc: &toml::de::DeTable, lines: &LineIndex, diags: &mut Vec<Diagnostic>) {
    let items = doc.get("check").and_then(|c| c.get_ref().get("ignore_links")).and_then(|v| v.get_ref().as_array());
    for (i, pattern) in config.check.ignore_links.iter().enumerate() {
        if let Err(e) = globset::Glob::new(pattern) {
            let start = items.and_then(|a| a.get(i)).map_or(0, |v| v.span().start);
            let (line, col) = lines.position(start);
            diags.push(
                Diagnostic::error(
                    Span::new(CONFIG_FILE, line, col),
                    format!("`{pattern}` in ignore_links is not a glob: {}", e.kind()),
                )
                .with_help("write a path with `*` for any characters, such as \"../std/*\""),
            );
        }
    }
}

/// Records the line of each `[[quick_links]]` entry, so that a broken one is reported there.
fn set_quick_link_lines(config: &mut Config, doc: &toml::de::DeTable, lines: &LineIndex) {
    let Some(toml::de::DeValue::Array(items)) = doc.get("quick_links").map(|v| v.get_ref()) else { return };
    for (q, item) in config.quick_links.iter_mut().zip(items.iter()) {
        let start = match item.get_ref() {
            toml::de::DeValue::Table(t) => t.get("url").map_or(item.span().start, |v| v.span().start),
            _ => item.span().start,
        };
        q.line = lines.position(start).0;
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_naming_the_key_and_line() {
        let err = Config::parse("title = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert!(err.message.contains("colour"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 2);
    }

    #[test]
    fn every_unknown_key_is_reported_at_its_line_with_a_suggestion() {
        let text = "titel = \"x\"\ncolour = \"red\"\n[markdown]\nsmart_punctuaton = false\nhighlight_code = false\n";
        let (config, diags) = Config::parse_all(text);
        let found: Vec<(u32, &str)> =
            diags.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (1, "unknown key `titel` in docent.toml"),
                (2, "unknown key `colour` in docent.toml"),
                (4, "unknown key `smart_punctuaton` in [markdown] in docent.toml"),
            ]
        );
        assert!(diags[0].help.as_ref().unwrap().starts_with("did you mean `title`?"), "{:?}", diags[0].help);
        assert!(diags[2].help.as_ref().unwrap().starts_with("did you mean `smart_punctuation`?"));
        assert!(!config.markdown.highlight_code, "the valid settings are kept");
    }

    #[test]
    fn wrong_types_are_words_and_each_is_reported() {
        let text = "title = 5\n[markdown]\nhighlight_code = \"yes\"\n[[quick_links]]\ntitle = \"A\"\nurl = \"a.md\"\n";
        let (config, diags) = Config::parse_all(text);
        let found: Vec<(u32, &str)> =
            diags.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (1, "`title` must be text in quotes, found the number 5"),
                (3, "`markdown.highlight_code` must be true or false, found the text \"yes\""),
            ]
        );
        assert_eq!(config.quick_links[0].line, 6, "a quick link knows its line");
    }

    #[test]
    fn base_path_of_sub_path_site() {
        let c = Config::parse("base_url = \"https://org.github.io/help\"").unwrap();
        assert_eq!(c.base_url, "https://org.github.io/help/");
        assert_eq!(c.base_path(), "/help/");
        assert_eq!(Config::parse("").unwrap().base_path(), "/");
        assert_eq!(Config::parse("base_url = \"/docs\"").unwrap().base_path(), "/docs/");
    }
}
