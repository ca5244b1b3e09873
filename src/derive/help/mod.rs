//! Contextual help: what an application needs to open the right page of the guide from each of
//! its screens.
//!
//! Takes the site, its `SiteMap` and the rendered pages (for headings and summaries); gives the
//! screen map (`screens.rs`) and the files built from it: a redirect page `/help/ID/` per screen
//! (the URL an application hard-codes), `_redirects` (real 301s on hosts that read it),
//! `/help-map.json` (`map.rs`), and the widget `/docent-help.js` with its
//! Subresource Integrity hash in `/docent-help.js.sri`. `coverage.rs` compares the screen map
//! with an application's list of screens for `docent check`. Pure: nothing here reads or writes
//! files; the widget's source is compiled in.

mod coverage;
mod map;
mod screens;

pub use coverage::{AppScreen, check_screens, parse_screen_list};
pub use map::{FORMAT, HelpEntry, HelpMap, VERSION, VideoLink, help_map};
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
    diags.extend(video_screen_problems(site, &screens));
    let script = rendered.theme.assets.get("docent-redirect.js").map(|s| format!("{}{s}", site.config.base_path()));
    let files = help_files(site, map, &screens, &rendered.markdown, script.as_deref(), diags);
    (screens, files)
}

/// A video's sidecar may attach it to screens that pages explain; a screen no page explains has
/// no help page to open, so it is reported (a warning: the video itself still works).
fn video_screen_problems(site: &Site, screens: &ScreenMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for video in &site.videos {
        let sidecar = format!("videos/{}.toml", video.name);
        for id in &video.screens {
            let span = crate::diagnostics::Span::file(&sidecar);
            if !screens::is_valid_screen_id(id) {
                diags.push(
                    Diagnostic::error(span, format!("screen ID `{id}` has characters other than a-z, 0-9 and -"))
                        .with_help("screen IDs are lowercase letters, digits and -, as the application uses them"),
                );
            } else if !screens.screens.contains_key(id) {
                diags.push(
                    Diagnostic::warning(
                        span,
                        format!("video `{}` explains screen `{id}`, but no page does", video.name),
                    )
                    .with_help(format!("add \"{id}\" to the `screens` of the page that explains that screen")),
                );
            }
        }
    }
    diags
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
    let base = site.config.base_path();
    let mut files = BTreeMap::new();
    let mut rules = String::from("# Written by docent: stable help URLs for application screens.\n");
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
        let page = &map.pages[screen.page];
        let target = match &screen.anchor {
            Some(a) => format!("{base}{}#{a}", page.url),
            None => format!("{base}{}", page.url),
        };
        let html = redirect_page_with_script(&target, &page.title, &site.config.language, redirect_script);
        files.insert(format!("{url}index.html"), html.into_bytes());
        rules.push_str(&format!("{base}{url} {target} 301\n"));
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
