//! `/help/cards/`: a printable desk card per screen of the application, so that staff at a desk
//! can open a screen's help from a phone.
//!
//! Takes the screen map and the help map's entries (title, heading, summary, videos); gives the
//! page's HTML, rendered with the theme's `cards.html`. Each card holds the screen's name, a
//! one-line summary, a QR code of its `/help/ID/` URL and, when the screen has one, of its first
//! "Learn More" video's page, each with the URL printed under it. The URLs are absolute when
//! `base_url` names a host; without one they are paths, and the page says so on screen (a
//! phone cannot open a path). Pure.

use super::map::{HelpEntry, shorten_to};
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::render::{Theme, qr};
use crate::resolve::SiteMap;
use crate::strings::Language;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A card's summary is cut to about one printed line of the card.
const CARD_SUMMARY_MAX: usize = 140;

#[derive(Serialize)]
struct CardsView<'a> {
    site: &'a crate::render::SiteContext<'a>,
    lang: &'a Language,
    strings: &'a crate::strings::Strings,
    assets: &'a BTreeMap<String, String>,
    menu_html: String,
    cards: CardsDoc<'a>,
}

#[derive(Serialize)]
struct CardsDoc<'a> {
    /// The site's absolute URL, when `base_url` names a host.
    site_url: Option<&'a str>,
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct Card {
    id: String,
    title: String,
    heading: Option<String>,
    summary: String,
    help_url: String,
    help_qr: String,
    video: Option<CardVideo>,
}

#[derive(Serialize)]
struct CardVideo {
    title: String,
    duration: String,
    url: String,
    qr_svg: String,
}

/// The cards page's HTML, or why the theme could not render it.
pub fn cards_page(
    site: &Site,
    map: &SiteMap,
    entries: &BTreeMap<&str, HelpEntry>,
    theme: &Theme,
    language: &Language,
) -> Result<String, Diagnostic> {
    let qr_label = language.strings.get("qr_label");
    // In parallel: each card makes one or two QR codes, the costly part of this page.
    let entries: Vec<_> = entries.iter().collect();
    let cards = entries
        .into_par_iter()
        .map(|(id, entry)| {
            let help_url = map.absolute(&entry.help_url);
            let video = entry.videos.first().map(|v| {
                let url = map.absolute(&v.url);
                CardVideo {
                    title: v.title.clone(),
                    duration: v
                        .duration
                        .map(|d| crate::videos::time::format_time(u32::try_from(d).unwrap_or(u32::MAX)))
                        .unwrap_or_default(),
                    qr_svg: qr::svg(&url, qr_label),
                    url,
                }
            });
            Card {
                id: id.to_string(),
                title: entry.title.clone(),
                heading: entry.heading.clone(),
                summary: shorten_to(&entry.summary, CARD_SUMMARY_MAX),
                help_qr: qr::svg(&help_url, qr_label),
                help_url,
                video,
            }
        })
        .collect();
    let site_ctx = crate::render::site_context(site, map);
    let view = CardsView {
        site: &site_ctx,
        lang: language,
        strings: &language.strings,
        assets: &theme.assets,
        menu_html: crate::render::nav::menu_without_current(map, &crate::render::nav::MenuWords::of(&language.strings)),
        cards: CardsDoc { site_url: map.site_url.as_deref(), cards },
    };
    let error = |e: &tera::Error| crate::render::theme::template_error(site, "cards.html", e);
    let ctx = tera::Context::from_serialize(&view).map_err(|e| error(&e))?;
    theme.tera.render("cards.html", &ctx).map_err(|e| error(&e))
}
