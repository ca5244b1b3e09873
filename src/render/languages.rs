//! What templates see of the site's languages: the language menu's links (the same page in each
//! language), the notice on an untranslated page, and the offer of the reader's language on the
//! default home page. Every page exists in every language at the same path under the language's
//! base, so a page's alternates are its URL under each base. Pure.

use crate::content::Site;
use crate::languages;
use crate::resolve::SiteMap;
use serde::Serialize;

use crate::strings::{Strings, has_table, strings_for};

/// Language `code`'s name as written inside a sentence of that language (`español`): its
/// table's `this_language` (or the site's override), else its name in itself (`العربية`).
fn name_in_text(config: &crate::config::Config, code: &str, strings: &Strings) -> String {
    let overridden =
        config.languages.iter().any(|(c, l)| c.eq_ignore_ascii_case(code) && l.strings.contains_key("this_language"));
    if has_table(code) || overridden {
        strings.get("this_language").to_string()
    } else {
        languages::language_name(config, code).to_string()
    }
}

/// One language's version of the current page.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Alternate {
    /// BCP 47 code (`es`), for `hreflang` and `lang`.
    pub code: String,
    /// The language's name in itself (`Español`).
    pub name: String,
    pub url: String,
    /// The URL for `<link rel="alternate">`: absolute when `base_url` names a host.
    pub absolute: String,
    /// True for the language the page is in.
    pub current: bool,
    /// True for the site's default language (`x-default`).
    pub default: bool,
    /// The home page's offer of this language, in this language (`This help is also available
    /// in …`) and its dismiss button.
    pub offer: String,
    pub offer_dismiss: String,
}

/// What every template sees of languages (empty `links` for a site with one language).
#[derive(Serialize, Debug)]
pub struct LanguageContext {
    /// The language of this page's view (`es`), and its writing direction (`ltr`, `rtl`).
    pub code: String,
    pub dir: &'static str,
    /// True in the default language's view.
    pub is_default: bool,
    /// The language menu's label.
    pub menu_label: String,
    pub links: Vec<Alternate>,
}

/// The languages of the page at `url` (relative to the map's base); `strings` are the page's.
pub fn language_context(site: &Site, map: &SiteMap, url: &str, strings: &Strings) -> LanguageContext {
    let config = &site.config;
    let code = site.language.clone().unwrap_or_else(|| config.language.clone());
    let dir = match languages::direction(config, &code) {
        crate::config::TextDirection::Rtl => "rtl",
        crate::config::TextDirection::Ltr => "ltr",
    };
    let others = languages::other_languages(config);
    let links = if others.is_empty() {
        Vec::new()
    } else {
        languages::all_languages(config)
            .into_iter()
            .map(|lang| {
                let default = lang == config.language;
                let rel = if default { url.to_string() } else { format!("{lang}/{url}") };
                let name = languages::language_name(config, lang).to_string();
                // The offer is written in the language it offers.
                let theirs = strings_for(lang, config);
                let in_text = name_in_text(config, lang, &theirs);
                Alternate {
                    code: lang.to_string(),
                    url: map.asset_href(&rel),
                    absolute: config.absolute_base().map_or_else(|| map.asset_href(&rel), |b| format!("{b}{rel}")),
                    current: lang == code,
                    default,
                    offer: theirs.fill("language_offer", &[("language", &in_text)]),
                    offer_dismiss: theirs.get("language_offer_dismiss").to_string(),
                    name,
                }
            })
            .collect()
    };
    let menu_label = strings.get("language_menu").to_string();
    LanguageContext { is_default: site.language.is_none(), code, dir, menu_label, links }
}

/// On an untranslated page: the notice in the reader's language and the language the text is
/// in (for `lang` on the content, so that screen readers switch voice).
#[derive(Serialize, Debug)]
pub struct FallbackContext {
    pub notice: String,
    pub lang: String,
}

/// The notice on page `page` when it is shown untranslated; `strings` are the page's (the
/// reader's language).
pub fn fallback_context(site: &Site, page: usize, strings: &Strings) -> Option<FallbackContext> {
    let config = &site.config;
    let code = site.language.as_deref()?;
    site.pages[page].fallback.then(|| FallbackContext {
        notice: strings.fill(
            "fallback_notice",
            &[
                ("language", &name_in_text(config, code, strings)),
                ("source", languages::language_name(config, &config.language)),
            ],
        ),
        lang: config.language.clone(),
    })
}
