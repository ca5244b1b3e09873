//! `docent.toml` -> `Config`: site settings, validated, with unknown keys rejected.
//!
//! Parsing is pure (`Config::parse` takes the file's text); reading the file is the caller's job.
//! Problems come back as diagnostics that name the line of `docent.toml`. The tables with checks
//! of their own beyond serde's live in submodules (`languages`, `vars`, `feedback`, `offline`);
//! their types are re-exported here, so callers name them `config::X`.

mod feedback;
mod languages;
mod offline;
mod vars;

pub use feedback::FeedbackConfig;
pub use languages::{LanguageConfig, TextDirection};
pub use offline::OfflineConfig;

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
    /// The language of the content, as a BCP 47 tag (`en`, `es`): the default language, whose
    /// pages have no language suffix (`page.md`) and are published at `/`.
    pub language: String,
    /// `[languages.CODE]`: the site's languages. Other languages' pages sit beside their source
    /// (`page.es.md`) and are published under `/CODE/`; an entry for the default language only
    /// names it and overrides its strings.
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    /// The theme's name; `default` is embedded in the binary.
    pub theme: String,
    /// Links to the most common tasks, shown on the home page.
    pub quick_links: Vec<QuickLink>,
    pub markdown: MarkdownConfig,
    pub search: SearchConfig,
    pub videos: VideosConfig,
    pub security: SecurityConfig,
    pub content: ContentConfig,
    pub check: CheckConfig,
    pub offline: OfflineConfig,
    /// `[feedback]`: absent, no feedback form and no help desk link.
    pub feedback: Option<FeedbackConfig>,
    /// Free table for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// `[vars]`: site values that pages use as `:var[NAME]` in text and link targets. A value
    /// that starts with `TODO` or names a host under `.invalid` is a placeholder that `docent
    /// check` warns about (`markdown::vars::is_placeholder`).
    pub vars: std::collections::BTreeMap<String, String>,
    /// The line of `docent.toml` of each of `vars`, for diagnostics (not read from the file).
    #[serde(skip)]
    pub var_lines: std::collections::BTreeMap<String, u32>,
    /// "Edit this page" link of every page: `{path}` becomes the page's path under `content/`
    /// (`https://github.com/org/repo/edit/main/content/{path}`).
    pub edit_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Help".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            languages: Default::default(),
            theme: "default".into(),
            quick_links: Vec::new(),
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
            videos: VideosConfig::default(),
            security: SecurityConfig::default(),
            content: ContentConfig::default(),
            check: CheckConfig::default(),
            offline: OfflineConfig::default(),
            feedback: None,
            extra: Default::default(),
            vars: Default::default(),
            var_lines: Default::default(),
            edit_url: None,
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
    /// Groups of words or phrases a search treats as one (`[["mfa", "two-step"], …]`), applied
    /// by the client at query time.
    pub synonyms: Vec<Vec<String>>,
    /// Where the client posts queries that found nothing, scrubbed (opt-in; a URL or a path).
    pub report_url: Option<String>,
}

/// Markdown options.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks.
    pub highlight_code: bool,
    /// What happens to HTML written in Markdown (see `RawHtml`).
    pub raw_html: RawHtml,
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
            raw_html: RawHtml::Allow,
            title_from_heading: false,
            slugs: SlugStyle::Docent,
        }
    }
}

/// `[markdown] raw_html`: the policy for HTML tags written in Markdown. Whatever the policy,
/// `javascript:`, `vbscript:` and `data:` URLs (but images' `data:image/png` and the like) are errors.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept as written: every author is trusted (`<kbd>`, `<details>`, tables, even scripts).
    #[default]
    Allow,
    /// Kept through an allow-list of formatting elements and attributes (no scripts, event
    /// handlers, styles, forms, frames, `<base>` or `<meta>`); what it drops is reported by check.
    Safe,
    /// Shown as text (comments left out), and reported by check.
    Deny,
}

/// `[videos]`: settings for "Learn More" videos.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct VideosConfig {
    /// Hosts an external video (`url` in a video's sidecar) may come from; https only.
    pub allowed_hosts: Vec<String>,
}

/// `[security]`: what the site asks of the browsers that show it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Who may show the site's pages in a frame: the sources of a Content-Security-Policy
    /// `frame-ancestors` directive (`'self'`, `'none'`, `https://app.example.org`).
    pub frame_ancestors: FrameAncestors,
}

/// A checked `frame-ancestors` source list, kept as written (one space between sources).
/// Checked because it goes into a response header: a `;` or a line break would add directives
/// or headers of its own.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(transparent)]
pub struct FrameAncestors(String);

impl Default for FrameAncestors {
    fn default() -> Self {
        FrameAncestors("'self'".into())
    }
}

impl FrameAncestors {
    /// Checks a source list; the error says what is wrong and what is accepted.
    pub fn parse(text: &str) -> Result<FrameAncestors, String> {
        const ACCEPTED: &str = "write 'self', 'none', a scheme such as https:, or origins such as https://app.example.org, separated by spaces";
        let sources: Vec<&str> = text.split_ascii_whitespace().collect();
        if sources.is_empty() {
            return Err(format!("frame_ancestors is empty; to forbid every frame write \"'none'\" ({ACCEPTED})"));
        }
        for s in &sources {
            if matches!(*s, "self" | "none") {
                return Err(format!("frame_ancestors: `{s}` needs single quotes: '{s}'"));
            }
            if !is_frame_source(s) {
                return Err(format!("frame_ancestors: `{s}` is not a frame-ancestors source; {ACCEPTED}"));
            }
        }
        if sources.len() > 1 && sources.contains(&"'none'") {
            return Err("frame_ancestors: 'none' cannot be combined with other sources".into());
        }
        Ok(FrameAncestors(sources.join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FrameAncestors {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        FrameAncestors::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One CSP source allowed in `frame-ancestors`: `'self'`, `'none'`, a scheme (`https:`) or a
/// host source (`[scheme://]host[:port][/path]`, the host possibly starting with `*.`).
fn is_frame_source(s: &str) -> bool {
    if matches!(s, "'self'" | "'none'" | "*") {
        return true;
    }
    let is_scheme = |x: &str| {
        x.starts_with(|c: char| c.is_ascii_alphabetic())
            && x.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    if let Some(scheme) = s.strip_suffix(':') {
        return is_scheme(scheme);
    }
    let rest = match s.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => rest,
        Some(_) => return false,
        None => s,
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let (host, port) = authority.rsplit_once(':').map_or((authority, None), |(h, p)| (h, Some(p)));
    let host = host.strip_prefix("*.").unwrap_or(host);
    let host_ok = host == "*"
        || (!host.is_empty()
            && host
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    let port_ok =
        port.is_none_or(|p| p == "*" || (!p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit())));
    let path_ok = path.chars().all(|c| c.is_ascii_graphic() && !matches!(c, ';' | ',' | '\'' | '"'));
    host_ok && port_ok && path_ok
}

impl Config {
    /// Parses `docent.toml`'s text; the first error, if any (see `parse_all`; warnings are dropped).
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let (config, diags) = Config::parse_all(text);
        match diags.into_iter().find(|d| d.severity == crate::diagnostics::Severity::Error) {
            None => Ok(config),
            Some(d) => Err(d),
        }
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
                    vars::set_var_lines(&mut config, doc.get_ref(), &lines);
                    check_globs(&config, doc.get_ref(), &lines, &mut diags);
                    feedback::check_feedback(&config, doc.get_ref(), &lines, &mut diags);
                    languages::check_string_overrides(&config, doc.get_ref(), &lines, &mut diags);
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

    /// Each diagnostic's line and message, to compare with a list.
    pub(super) fn lines_and_messages(diags: &[Diagnostic]) -> Vec<(u32, &str)> {
        diags.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect()
    }

    #[test]
    fn unknown_key_is_an_error_naming_the_key_and_line() {
        let err = Config::parse("title = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert!(err.message.contains("colour"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 2);
    }

    #[test]
    fn frame_ancestors_default_and_valid_lists() {
        assert_eq!(Config::parse("").unwrap().security.frame_ancestors.as_str(), "'self'");
        for ok in [
            "'none'",
            "'self'  https://app.example.org",
            "https:",
            "*.example.org:443",
            "https://*.example.org:*/app/",
            "http://localhost:8000",
        ] {
            let c = Config::parse(&format!("[security]\nframe_ancestors = \"{ok}\"\n"));
            assert!(c.is_ok(), "{ok}: {:?}", c.err());
        }
        let c = Config::parse("[security]\nframe_ancestors = \"'self'  https://a.org\"\n").unwrap();
        assert_eq!(c.security.frame_ancestors.as_str(), "'self' https://a.org");
    }

    #[test]
    fn frame_ancestors_that_could_break_the_header_are_errors_naming_the_line() {
        for bad in [
            "",
            "self",
            "'self'; script-src *",
            "'unsafe-inline'",
            "'none' 'self'",
            "https://a.org,https://b.org",
            "https://a.org\\r\\nSet-Cookie: x=1",
            "https://exa mple.org/\\u0000",
            "javascript:alert(1)",
        ] {
            let text = format!("title = \"x\"\n[security]\nframe_ancestors = \"{bad}\"\n");
            let err = Config::parse(&text).expect_err(bad);
            assert_eq!(err.span.as_ref().unwrap().line, 3, "{bad}");
            assert!(err.message.contains("frame_ancestors"), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn raw_html_policy_defaults_to_allow_and_names_bad_values() {
        assert_eq!(Config::parse("").unwrap().markdown.raw_html, RawHtml::Allow);
        let c = Config::parse("[markdown]\nraw_html = \"safe\"\n").unwrap();
        assert_eq!(c.markdown.raw_html, RawHtml::Safe);
        let err = Config::parse("[markdown]\nraw_html = \"strip\"\n").unwrap_err();
        assert!(err.message.contains("allow") && err.message.contains("deny"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 2);
    }

    #[test]
    fn every_unknown_key_is_reported_at_its_line_with_a_suggestion() {
        let text = "titel = \"x\"\ncolour = \"red\"\n[markdown]\nsmart_punctuaton = false\nhighlight_code = false\n";
        let (config, diags) = Config::parse_all(text);
        assert_eq!(
            lines_and_messages(&diags),
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
        assert_eq!(
            lines_and_messages(&diags),
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
