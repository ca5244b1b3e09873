//! Contextual help: what an application needs to open the right page of the guide from each of
//! its screens.
//!
//! Takes the site, its `SiteMap` and the rendered pages (for headings and summaries); gives the
//! screen map (`screens.rs`) and the files built from it: a redirect page `/help/ID/` per screen
//! (the URL an application hard-codes), `_redirects` (real 301s on hosts that read it),
//! `/help-map.json` (`map.rs`), the printable desk cards `/help/cards/` (`cards.rs`), and the
//! widget `/docent-help.js` with its
//! Subresource Integrity hash in `/docent-help.js.sri`. `coverage.rs` compares the screen map
//! with an application's list of screens for `docent check`. Pure: nothing here reads or writes
//! files; the widget's source is compiled in.

mod cards;
mod coverage;
mod map;
mod screens;

pub use coverage::{AppScreen, check_screens, parse_screen_list};
pub use map::{FORMAT, HelpEntry, HelpMap, VERSION, VideoLink, help_map, to_json};
pub use screens::{Screen, ScreenMap, is_valid_screen_id, screen_map};

use crate::content::Site;
use crate::derive::redirect::redirect_page_with_script;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::RenderedMarkdown;
use crate::render::Rendered;
use crate::resolve::SiteMap;
use base64::Engine as _;
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;

/// The widget, as shipped: plain JavaScript, not content-hashed (applications include it by
/// this stable URL), and the same for every site (it finds its site from its own URL).
pub const WIDGET: &str = include_str!("../../../themes/default/widget/docent-help.js");

/// The Subresource Integrity value of the widget (`sha384-…`), for `<script integrity>`.
pub fn widget_integrity() -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(WIDGET.as_bytes())))
}

/// The screen map and every file of contextual help; the map's problems are added to `diags`.
pub fn derive_help(
    site: &Site,
    map: &SiteMap,
    rendered: &Rendered,
    diags: &mut Vec<Diagnostic>,
) -> (ScreenMap, BTreeMap<String, Vec<u8>>) {
    let screens = screen_map(site, &rendered.markdown);
    diags.extend(screens.problems.iter().cloned());
    let script = rendered.theme.assets.get("docent-redirect.js").map(|s| map.asset_href(s));
    let mut files = help_files(site, map, &screens, &rendered.markdown, script.as_deref(), diags);
    if let Some(url) = &map.cards {
        let entries = help_map(site, map, &screens, &rendered.markdown).screens;
        let language =
            crate::strings::Language::new(site.language.as_deref().unwrap_or(&site.config.language), &site.config);
        match cards::cards_page(site, map, &entries, &rendered.theme, &language) {
            Ok(html) => {
                files.insert(format!("{url}index.html"), html.into_bytes());
            }
            Err(d) => diags.push(d),
        }
    }
    (screens, files)
}

/// Every file of contextual help, by output path. `redirect_script` is the URL of the script
/// redirect pages load (the theme's `docent-redirect.js`), if there is one. Problems that are
/// not in `screens.problems` (a redirect that would replace a page) go to `diags`.
pub fn help_files(
    site: &Site,
    map: &SiteMap,
    screens: &ScreenMap,
    markdown: &[RenderedMarkdown],
    redirect_script: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut rules = String::from("# Written by docent: stable help URLs for application screens.\n");
    let code = site.language.as_deref().unwrap_or(&site.config.language);
    let language = crate::strings::Language::new(code, &site.config);
    for (id, screen) in &screens.screens {
        let url = format!("help/{id}/");
        if let Some(&other) = map.by_url.get(&url).or_else(|| map.aliases.get(&url)) {
            diags.push(
                Diagnostic::error(
                    Span::new(&screen.source, screen.line, 1),
                    format!("the help URL of screen `{id}`, /{url}, is also the URL of {}", site.pages[other].source),
                )
                .with_help("/help/ID/ URLs belong to screens: move or rename that page (or its alias)"),
            );
            continue;
        }
        let mut target = map.page_href(screen.page);
        if let Some(a) = &screen.anchor {
            target.push('#');
            target.push_str(a);
        }
        let title = &map.pages[screen.page].title;
        let html = redirect_page_with_script(&target, title, &language, redirect_script);
        files.insert(format!("{url}index.html"), html.into_bytes());
        rules.push_str(&format!("{} {target} 301\n", map.href(&url)));
    }
    if let Some(own) = site.assets.iter().find(|a| a.output == "_redirects") {
        diags.push(
            Diagnostic::warning(
                Span::file(&own.source),
                "this file replaces the _redirects docent writes, so /help/ID/ URLs get no 301 rules",
            )
            .with_help(format!("add docent's rules to it:\n{}", rules.trim_end().replace('\n', "\n    "))),
        );
    } else {
        files.insert("_redirects".into(), rules.into_bytes());
    }
    let help_map = help_map(site, map, screens, markdown);
    files.insert("help-map.json".into(), map::to_json(&help_map).into_bytes());
    files.insert("docent-help.js".into(), WIDGET.as_bytes().to_vec());
    files.insert("docent-help.js.sri".into(), format!("{}\n", widget_integrity()).into_bytes());
    files
}

#[cfg(test)]
mod tests {
    #[test]
    fn integrity_is_sha384_base64() {
        let sri = super::widget_integrity();
        assert!(sri.starts_with("sha384-") && sri.len() == 7 + 64, "{sri}");
    }
}
