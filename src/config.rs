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
    pub security: SecurityConfig,
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
            security: SecurityConfig::default(),
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
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { smart_punctuation: true, highlight_code: true }
    }
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
    /// Parses `docent.toml`'s text. Errors name the line and the key.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| LineIndex::new(text).position(s.start));
            Diagnostic::error(Span::new(CONFIG_FILE, line, col), first_line(e.message()))
                .with_help("see the README for the keys docent.toml accepts")
        })?;
        config.base_url = normalize_base_url(&config.base_url);
        Ok(config)
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
    fn base_path_of_sub_path_site() {
        let c = Config::parse("base_url = \"https://org.github.io/help\"").unwrap();
        assert_eq!(c.base_url, "https://org.github.io/help/");
        assert_eq!(c.base_path(), "/help/");
        assert_eq!(Config::parse("").unwrap().base_path(), "/");
        assert_eq!(Config::parse("base_url = \"/docs\"").unwrap().base_path(), "/docs/");
    }
}
