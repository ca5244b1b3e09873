//! Theme strings: every word the default theme shows, per language.
//!
//! The tables are `themes/default/strings/CODE.toml` (en, es, fr, pt), compiled in. `strings_for`
//! gives one language's strings: its table (English for a language without one), then the
//! site's `[languages.CODE.strings]` overrides. `Language` is what a page's templates see: code,
//! direction, strings, and the few strings the theme's scripts need as a JSON block. Pure;
//! unknown override keys are reported by `config` (which asks `is_key`).

use crate::config::{Config, TextDirection};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The built-in tables: language code -> TOML text. English is the reference.
const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/strings/en.toml")),
    ("es", include_str!("../themes/default/strings/es.toml")),
    ("fr", include_str!("../themes/default/strings/fr.toml")),
    ("pt", include_str!("../themes/default/strings/pt.toml")),
];

/// The strings the theme's scripts show (search results, the copy button). Only these go into
/// each page's JSON block, so pages carry a few hundred bytes, not the whole table.
pub const SCRIPT_KEYS: &[&str] = &[
    "copied",
    "copy",
    "copy_failed",
    "figure_close",
    "figure_enlarge",
    "search_best",
    "search_no_match",
    "search_no_match_help",
    "search_no_results",
    "search_pages_one",
    "search_pages_other",
    "search_result_roles",
    "search_results_label",
    "search_results_one",
    "search_results_other",
    "search_see_all",
    "search_status_role",
    "search_unavailable",
];

/// Languages written right to left, by primary subtag: the direction when `dir` is not set.
const RIGHT_TO_LEFT: &[&str] = &["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

fn tables() -> &'static BTreeMap<&'static str, BTreeMap<String, String>> {
    static TABLES_PARSED: OnceLock<BTreeMap<&'static str, BTreeMap<String, String>>> = OnceLock::new();
    TABLES_PARSED.get_or_init(|| {
        TABLES
            .iter()
            .map(|(code, text)| (*code, toml::from_str(text).expect("the built-in string tables are valid (tested)")))
            .collect()
    })
}

/// The codes that have a built-in table.
pub fn built_in_languages() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(code, _)| *code)
}

/// Every key a table has (the English table's, which all tables match).
pub fn keys() -> impl Iterator<Item = &'static str> {
    tables()["en"].keys().map(String::as_str)
}

/// True when `key` names a theme string.
pub fn is_key(key: &str) -> bool {
    tables()["en"].contains_key(key)
}

/// The primary subtag in lower case: `pt-BR` -> `pt`, `ES` -> `es`.
pub fn primary_subtag(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase()
}

/// True when `code` (any case or region) has a built-in table.
pub fn has_table(code: &str) -> bool {
    tables().contains_key(primary_subtag(code).as_str())
}

/// One language's theme strings, key -> text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The English table as it is (no overrides): for tests and tools that have no site.
    pub fn english() -> Strings {
        Strings(tables()["en"].clone())
    }

    /// The text of `key`. Every key of the English table is present; a key that is not (a bug in
    /// docent's code, caught by tests) gives the key itself rather than a crash.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        debug_assert!(self.0.contains_key(key), "no theme string `{key}`");
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value (values are not re-scanned).
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.get(key);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.split_once('}').and_then(|(name, tail)| Some((args.iter().find(|(n, _)| *n == name)?.1, tail)))
            {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The strings the theme's scripts need, as JSON safe inside `<script type="application/json">`
    /// (`<` is escaped, so no value can close the element).
    pub fn script_json(&self) -> String {
        let subset: BTreeMap<&str, &str> = SCRIPT_KEYS.iter().map(|k| (*k, self.get(k))).collect();
        serde_json::to_string(&subset).expect("a map of strings always serializes").replace('<', "\\u003c")
    }
}

/// The strings of language `code` on this site: the built-in table of its primary subtag
/// (English when there is none), then the site's `[languages.CODE.strings]` (the code matched
/// without regard to case). Keys that are not theme strings are ignored here: `config` reports them.
pub fn strings_for(code: &str, config: &Config) -> Strings {
    let mut strings = Strings::english();
    if let Some(table) = tables().get(primary_subtag(code).as_str()) {
        strings.0.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for (lang, settings) in &config.languages {
        if lang.eq_ignore_ascii_case(code) {
            for (key, text) in &settings.strings {
                if let Some(slot) = strings.0.get_mut(key) {
                    slot.clone_from(text);
                }
            }
        }
    }
    strings
}

/// The writing direction of language `code`: its `dir` in `[languages.CODE]`, else right to left
/// for Arabic, Hebrew, Persian, Urdu and the other languages in `RIGHT_TO_LEFT`.
pub fn direction_for(code: &str, config: &Config) -> TextDirection {
    let set = config.languages.iter().find(|(lang, _)| lang.eq_ignore_ascii_case(code)).and_then(|(_, l)| l.dir);
    set.unwrap_or_else(|| {
        if RIGHT_TO_LEFT.contains(&primary_subtag(code).as_str()) { TextDirection::Rtl } else { TextDirection::Ltr }
    })
}

/// A page's language as its template sees it: `lang.code`, `lang.dir`, `lang.script_json`, and
/// the strings (given to templates as `strings`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// The BCP 47 tag, as configured (`es`, `pt-BR`).
    pub code: String,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'static str,
    #[serde(skip)]
    pub strings: Strings,
    /// `Strings::script_json`, made once per language rather than per page.
    pub script_json: String,
}

impl Language {
    /// Language `code` on this site (see `strings_for` and `direction_for`).
    pub fn new(code: &str, config: &Config) -> Language {
        let strings = strings_for(code, config);
        let dir = match direction_for(code, config) {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
        };
        Language { code: code.to_string(), dir, script_json: strings.script_json(), strings }
    }

    /// The site's default language (`language` in docent.toml).
    pub fn default_of(config: &Config) -> Language {
        Language::new(&config.language, config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_the_english_keys_and_no_empty_value() {
        let en: Vec<&String> = tables()["en"].keys().collect();
        assert!(en.len() > 40, "the English table looks truncated");
        for (code, table) in tables() {
            let keys: Vec<&String> = table.keys().collect();
            let missing: Vec<_> = en.iter().filter(|k| !table.contains_key(k.as_str())).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !tables()["en"].contains_key(k.as_str())).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{code}: missing {missing:?}, extra {extra:?}");
            for (k, v) in table {
                assert!(!v.trim().is_empty(), "{code}: `{k}` is empty");
            }
        }
    }

    #[test]
    fn placeholders_are_the_same_in_every_language() {
        let names = |text: &str| {
            let mut n: Vec<String> =
                text.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name.to_string()).collect();
            n.sort();
            n
        };
        for (code, table) in tables() {
            for (k, v) in table {
                assert_eq!(names(v), names(&tables()["en"][k]), "{code}: `{k}` = {v:?}");
            }
        }
    }

    #[test]
    fn script_keys_are_theme_strings_and_every_one_the_scripts_use() {
        for k in SCRIPT_KEYS {
            assert!(is_key(k), "{k}");
        }
        // Each `ui("key")` in the theme's scripts must be in SCRIPT_KEYS, or the page lacks it.
        for (name, js) in [
            ("search.js", include_str!("../themes/default/static/search.js")),
            ("docent.js", include_str!("../themes/default/static/docent.js")),
        ] {
            for used in js.split("ui(\"").skip(1).filter_map(|s| s.split_once('"')).map(|(k, _)| k) {
                assert!(SCRIPT_KEYS.contains(&used), "{name} uses `{used}`, which is not in SCRIPT_KEYS");
            }
        }
    }

    #[test]
    fn a_language_takes_its_table_then_the_sites_overrides() {
        let config = Config::parse("language = \"es\"\n[languages.es.strings]\nsearch_button = \"Ir\"\n").unwrap();
        let es = strings_for("es", &config);
        assert_eq!(es.get("on_this_page"), "En esta página");
        assert_eq!(es.get("search_button"), "Ir");
        assert_eq!(strings_for("pt-BR", &config).get("on_this_page"), "Nesta página");
        assert_eq!(strings_for("de", &config).get("on_this_page"), "On this page");
        assert_eq!(strings_for("ES", &config).get("search_button"), "Ir");
    }

    #[test]
    fn right_to_left_by_default_for_arabic_hebrew_persian_urdu_unless_set() {
        let config = Config::parse("[languages.he]\ndir = \"ltr\"\n").unwrap();
        assert_eq!(direction_for("ar", &config), TextDirection::Rtl);
        assert_eq!(direction_for("fa-IR", &config), TextDirection::Rtl);
        assert_eq!(direction_for("ur", &config), TextDirection::Rtl);
        assert_eq!(direction_for("he", &config), TextDirection::Ltr);
        assert_eq!(direction_for("en", &config), TextDirection::Ltr);
        assert_eq!(Language::new("ar", &Config::default()).dir, "rtl");
    }

    #[test]
    fn fill_replaces_placeholders_and_script_json_cannot_close_its_element() {
        let s = Strings::english();
        assert_eq!(s.fill("footnote_back", &[("n", "3")]), "Back to reference 3");
        assert_eq!(s.fill("video_label", &[("title", "{title} {n}")]), "Video: {title} {n}");
        let mut config = Config::default();
        config.languages.entry("en".into()).or_default().strings.insert("copy".into(), "</script><b>".into());
        let json = strings_for("en", &config).script_json();
        assert!(!json.contains('<'), "{json}");
        let back: BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back["copy"], "</script><b>");
        assert_eq!(back.len(), SCRIPT_KEYS.len());
    }
}
