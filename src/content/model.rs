//! The site model: what `load` read, as plain data. No I/O, no URLs yet.

use crate::config::Config;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Everything a build needs, read from disk once.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The site's folder; used only by the edges (copying assets).
    pub root: PathBuf,
    pub config: Config,
    /// Pages and section index pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Files copied as they are: assets beside pages and everything under `static/`.
    pub assets: Vec<Asset>,
    /// The site's own templates (`templates/NAME`), overriding the theme's file by file.
    pub templates: BTreeMap<String, String>,
    /// Where each of `templates` was read (`templates/page.html`, or
    /// `themes/NAME/templates/page.html`), for diagnostics.
    pub template_files: BTreeMap<String, String>,
    /// "Learn More" videos under `videos/`, sorted by name; their files are in `assets`.
    pub videos: Vec<crate::videos::Video>,
    /// Files of the theme's `static/` folder when the site has its own `themes/NAME/`.
    pub theme_static: BTreeMap<String, Vec<u8>>,
    /// Translations (`page.es.md`), moved out of `pages` by `languages::split` at the start of a
    /// build; each knows its language and the page it translates.
    pub translations: Vec<Page>,
    /// The language this model is a view of: `None` for the default language (and for a site
    /// with one language), `Some("es")` for the pages published under `/es/`
    /// (`languages::view`).
    pub language: Option<String>,
    /// The one audience this build is for (`docent build --role`): pages for other roles are
    /// left out and `::: only` blocks for them removed. `None`: every audience.
    pub audience: Option<String>,
    /// The source paths of the pages `docent build --role` left out (`content/clinics/a.md`):
    /// links to them are written as their text, not as errors, since the author meant them for
    /// another audience.
    pub left_out: std::collections::BTreeSet<String>,
    /// Markdown under `snippets/` that pages include (not published): source path -> text.
    pub snippets: BTreeMap<String, String>,
    /// Terms and abbreviations from `glossary.toml`.
    pub glossary: crate::markdown::glossary::Glossary,
    /// The date (`YYYY-MM-DD`) of the last commit of each source file, when the site is in git.
    pub commit_dates: std::sync::Arc<BTreeMap<String, String>>,
    /// The date of pages git does not date: from `SOURCE_DATE_EPOCH`, when it is set.
    pub build_date: Option<String>,
}

/// One Markdown file: a page, or a section's `_index.md`.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Path relative to the site root, with `/` separators (`content/login/reset.md`).
    pub source: String,
    /// Path relative to `content/` (`login/reset.md`).
    pub rel: String,
    /// True for `_index.md`: the page of a section (a module of the menu).
    pub is_section: bool,
    pub front: FrontMatter,
    /// Line of each front matter key in the file, for diagnostics about its value.
    pub key_lines: KeyLines,
    /// Front matter keys docent does not know, as errors; `unknown_key_diagnostics` reports
    /// them as `[content] unknown_keys` says.
    pub unknown_keys: Vec<crate::diagnostics::Diagnostic>,
    /// The Markdown after the front matter, with LF line ends and no BOM.
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: u32,
    /// The text of a `# heading` on the body's first non-blank line: the page's title when front
    /// matter has none and `[markdown] title_from_heading` is on (see `Page::title_heading`).
    pub heading_title: Option<String>,
    /// True for a page docent made rather than read (the home page of a site without
    /// `content/_index.md`); `check` does not lint it.
    pub generated: bool,
    /// `digest::Digest` of the file's text: pages with equal digests have equal front matter and
    /// body (`serve` compares pages by it instead of by their text).
    pub digest: u64,
    /// For a translation (`login/reset.es.md`): its language and the page it translates.
    pub translation: Option<Translation>,
    /// In another language's view: true when this is the default language's page shown because
    /// it has no translation yet (the theme then shows a notice and marks the text's language).
    pub fallback: bool,
    /// The file's modification time (seconds since 1970), when known: the newest page dates the
    /// print pages when `SOURCE_DATE_EPOCH` is not set.
    pub modified: Option<u64>,
    /// Set when `load_site_leaving_bodies` left `body` on disk (`docent build`: a 100,000-page
    /// site's Markdown is most of a gigabyte): the `digest::Digest` of the file's text, with
    /// which render reads the body again (`load::read_body`) and makes sure it is the same.
    /// `body` is then empty.
    pub body_on_disk: Option<u64>,
    /// `digest::of_serialized` of (`front`, `key_lines`), made when the page is read: what
    /// `resolve::input_key` reads of the front matter (`None`: it digests them itself).
    pub front_digest: Option<u64>,
}

/// The file line of each top-level front matter key, sorted by key. A page keeps it from load
/// to the end of rendering, for diagnostics: as a `BTreeMap` it took about 380 bytes a page
/// (39 MB at 100,000 pages), this about 130. It serializes as the map did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyLines(Box<[(Box<str>, u32)]>);

impl KeyLines {
    pub fn get(&self, key: &str) -> Option<u32> {
        self.0.binary_search_by(|(k, _)| (**k).cmp(key)).ok().map(|i| self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl From<BTreeMap<String, u32>> for KeyLines {
    fn from(lines: BTreeMap<String, u32>) -> KeyLines {
        KeyLines(lines.into_iter().map(|(k, line)| (k.into_boxed_str(), line)).collect())
    }
}

impl Serialize for KeyLines {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, line)| (&**k, line)))
    }
}

/// What makes a file a translation: the language (from its name) and the source of the
/// default-language page it translates (`content/login/reset.md`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Translation {
    pub lang: String,
    pub of: String,
}

impl Page {
    /// The heading that gives this page its title and is left out of its body, if any.
    pub fn title_heading(&self, config: &Config) -> Option<&str> {
        if config.markdown.title_from_heading && self.front.title.is_none() {
            self.heading_title.as_deref()
        } else {
            None
        }
    }

    /// The line of a front matter key, or of the file's first line when the key is absent.
    pub fn key_line(&self, key: &str) -> u32 {
        self.key_lines.get(key).unwrap_or(1)
    }
}

/// Front matter: TOML between `+++` lines or YAML between `---` lines. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Order within the section: lower first, then by title.
    pub weight: Option<i64>,
    pub draft: bool,
    /// Replaces the last part of the URL.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// A template name instead of `page.html` or `section.html`.
    pub template: Option<String>,
    /// Screen IDs this page explains, each optionally `id#heading-anchor`.
    pub screens: Vec<String>,
    /// Video names under `videos/`.
    pub videos: Vec<String>,
    /// Audiences this page is for.
    pub roles: Vec<String>,
    /// False leaves the page out of the search index.
    pub search: Option<bool>,
    /// In a translation: the content hash of the source page it was translated from
    /// (`languages::source_hash`); `docent check` warns when the source has changed since.
    pub translated_from: Option<String>,
    /// Free table for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// When the page last changed (`YYYY-MM-DD`), instead of its last commit's date. TOML's
    /// unquoted dates are read too.
    #[serde(deserialize_with = "date_text")]
    pub updated: Option<String>,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Path relative to the site root, for diagnostics and link resolution (`content/a/b.png`).
    pub source: String,
    /// Path relative to the output folder (`a/b.png`).
    pub output: String,
    /// Width and height for images whose header could be read.
    pub dimensions: Option<(u32, u32)>,
}

/// A date as text, from a string or a TOML date (which serde sees as a one-key table).
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date, YYYY-MM-DD")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut text = None;
            while let Some((_, value)) = map.next_entry::<String, serde_json::Value>()? {
                text = Some(match value {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                });
            }
            Ok(text)
        }
    }
    d.deserialize_any(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve` digests (front matter, key lines) to know when to resolve again: the compact form
    /// reads and serializes as the map it replaces.
    #[test]
    fn key_lines_read_and_serialize_as_the_map() {
        let map: BTreeMap<String, u32> =
            [("title", 2), ("screens", 5), ("aliases", 3)].into_iter().map(|(k, line)| (k.to_string(), line)).collect();
        let lines = KeyLines::from(map.clone());
        for (key, &line) in &map {
            assert_eq!(lines.get(key), Some(line));
        }
        assert_eq!(lines.get("weight"), None);
        assert!(lines.contains_key("screens") && !lines.contains_key("screen"));
        assert_eq!(serde_json::to_string(&lines).unwrap(), serde_json::to_string(&map).unwrap());
        assert_eq!(KeyLines::default().get("title"), None);
    }
}
