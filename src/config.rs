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
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { smart_punctuation: true, highlight_code: true, raw_html: RawHtml::Allow }
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
    fn raw_html_policy_defaults_to_allow_and_names_bad_values() {
        assert_eq!(Config::parse("").unwrap().markdown.raw_html, RawHtml::Allow);
        let c = Config::parse("[markdown]\nraw_html = \"safe\"\n").unwrap();
        assert_eq!(c.markdown.raw_html, RawHtml::Safe);
        let err = Config::parse("[markdown]\nraw_html = \"strip\"\n").unwrap_err();
        assert!(err.message.contains("allow") && err.message.contains("deny"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 2);
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
