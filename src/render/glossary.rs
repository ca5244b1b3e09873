//! The `/glossary/` page: every term of `glossary.toml` with its anchor, which the terms marked
//! in pages link to. Rendered with the theme's `glossary.html`; values go through tera's
//! escaping, so HTML in an entry shows as text.

use super::{SiteContext, Theme, base_context, nav};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::resolve::{GLOSSARY_URL as GLOSSARY_PATH, SiteMap};

/// The glossary page's output path and HTML, when the site has a glossary.
pub fn render_glossary_page(
    site: &Site,
    theme: &Theme,
    site_ctx: &SiteContext,
    map: &SiteMap,
    language: &crate::strings::Language,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    if site.glossary.is_empty() {
        return None;
    }
    if let Some(&page) = map.by_url.get(GLOSSARY_PATH) {
        diags.push(
            Diagnostic::error(
                Span::file(&site.pages[page].source),
                format!("this page is published at /{GLOSSARY_PATH}, where the glossary page goes"),
            )
            .with_help("give the page another name or `slug`; docent writes /glossary/ from glossary.toml"),
        );
        return None;
    }
    let mut ctx = base_context(theme, site_ctx, &[], language);
    ctx.insert("glossary", &site.glossary.entries);
    let languages = super::languages::language_context(site, map, crate::resolve::GLOSSARY_URL, &language.strings);
    ctx.insert("languages", &languages);
    ctx.insert("menu_html", &nav::menu_without_current(map, &nav::MenuWords::of(&language.strings)));
    match theme.tera.render("glossary.html", &ctx) {
        Ok(html) => Some((format!("{GLOSSARY_PATH}index.html"), html)),
        Err(e) => {
            diags.push(super::theme::template_error(site, "glossary.html", &e));
            None
        }
    }
}
