//! `[languages.CODE]` of `docent.toml`: each language's name, writing direction and overrides
//! of the theme's strings, and their check: every override key must be a theme string, and a
//! language the theme has no table for is warned about. Which pages are translations is
//! `crate::languages`' business, not this module's.

use super::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use serde::{Deserialize, Serialize};

/// `[languages.CODE]`: one language of the site.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language menu (`Español`).
    pub name: Option<String>,
    /// Writing direction; when absent, right-to-left for Arabic, Hebrew, Persian and Urdu.
    pub dir: Option<TextDirection>,
    /// Theme strings to override for this language (`search_placeholder = "…"`).
    pub strings: std::collections::BTreeMap<String, String>,
}

/// Writing direction of a language (`dir = "rtl"`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

/// Each `[languages.CODE.strings]` key must be a theme string (an error at its line, with the
/// nearest key); a language without a built-in table whose overrides leave some strings in
/// English gets one warning, so that a site in Arabic knows its theme still speaks English.
pub(super) fn check_string_overrides(
    config: &Config,
    doc: &toml::de::DeTable,
    lines: &LineIndex,
    diags: &mut Vec<Diagnostic>,
) {
    let table_of = |code: &str| {
        let lang = doc.get("languages")?.get_ref().as_table()?.iter().find(|(k, _)| k.get_ref() == code)?;
        Some((lang.0.span().start, lang.1.get_ref().as_table()?.get("strings").and_then(|s| s.get_ref().as_table())))
    };
    let span_at = |offset: usize| {
        let (line, col) = lines.position(offset);
        Span::new(CONFIG_FILE, line, col)
    };
    for (code, lang) in &config.languages {
        let written = table_of(code);
        for key in lang.strings.keys().filter(|k| !crate::strings::is_key(k)) {
            let offset = written
                .and_then(|(_, strings)| strings?.iter().find(|(k, _)| k.get_ref() == key.as_str()))
                .map_or(0, |(k, _)| k.span().start);
            let help = match crate::explain::nearest(key, crate::strings::keys()) {
                Some(near) => format!("did you mean `{near}`? The README lists the theme strings"),
                None => "the theme strings are listed in the README (themes/default/strings/en.toml)".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    span_at(offset),
                    format!("`{key}` in [languages.{code}.strings] is not a theme string"),
                )
                .with_help(help),
            );
        }
    }
    let mut codes: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    codes.push(&config.language);
    codes.sort_unstable();
    codes.dedup();
    for code in codes.into_iter().filter(|c| !crate::strings::has_table(c)) {
        let overridden =
            config.languages.get(code).map_or(0, |l| l.strings.keys().filter(|k| crate::strings::is_key(k)).count());
        let missing = crate::strings::keys().count() - overridden;
        if missing > 0 {
            let offset = table_of(code)
                .map(|(start, _)| start)
                .or_else(|| (code == config.language).then(|| doc.get("language").map_or(0, |v| v.span().start)));
            let built_in: Vec<&str> = crate::strings::built_in_languages().collect();
            diags.push(
                Diagnostic::warning(
                    span_at(offset.unwrap_or(0)),
                    format!("the theme has no strings in `{code}`: {missing} of its texts (menu, search, notices) stay in English"),
                )
                .with_help(format!(
                    "translate them under [languages.{code}.strings] (keys in the README), or use a language with built-in strings: {}",
                    built_in.join(", ")
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_string_override_is_an_error_at_its_line_with_the_nearest_key() {
        let (config, diags) = Config::parse_all(
            "language = \"es\"\n[languages.es.strings]\nsearch_button = \"Ir\"\non_this_pag = \"x\"\n",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!(d.severity, crate::diagnostics::Severity::Error);
        assert_eq!(d.span.as_ref().unwrap().line, 4);
        assert!(d.message.contains("`on_this_pag` in [languages.es.strings]"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("did you mean `on_this_page`?"), "{:?}", d.help);
        assert_eq!(config.languages["es"].strings["search_button"], "Ir");
    }

    #[test]
    fn a_language_without_built_in_strings_is_warned_about_unless_every_string_is_given() {
        let (_, diags) = Config::parse_all("title = \"x\"\nlanguage = \"ar\"\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].severity, crate::diagnostics::Severity::Warning);
        assert_eq!(diags[0].span.as_ref().unwrap().line, 2);
        assert!(diags[0].message.contains("no strings in `ar`"), "{}", diags[0].message);
        assert!(Config::parse("language = \"ar\"\n").is_ok(), "a warning is not an error");
        let all: String = crate::strings::keys().map(|k| format!("{k} = \"ع\"\n")).collect();
        let (_, diags) = Config::parse_all(&format!("language = \"ar\"\n[languages.ar.strings]\n{all}"));
        assert!(diags.is_empty(), "{diags:?}");
        assert!(Config::parse_all("language = \"pt-BR\"\n").1.is_empty());
    }

    #[test]
    fn languages_take_a_name_a_direction_and_string_overrides() {
        let config = Config::parse(
            "language = \"en\"\n[languages.es]\nname = \"Español\"\n[languages.es.strings]\nsearch_button = \"Buscar\"\n[languages.ar]\ndir = \"rtl\"\n",
        )
        .unwrap();
        assert_eq!(config.languages["es"].name.as_deref(), Some("Español"));
        assert_eq!(config.languages["es"].strings["search_button"], "Buscar");
        assert_eq!(config.languages["ar"].dir, Some(TextDirection::Rtl));
        let err = Config::parse("[languages.es]\ndirection = \"rtl\"\n").unwrap_err();
        assert!(err.message.contains("direction"), "{}", err.message);
    }
}
