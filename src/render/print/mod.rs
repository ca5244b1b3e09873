//! The print pages: `print/` (the whole site) and `SECTION/print/` (one module), each every page
//! of it in menu order on one page, rendered with the theme's `print.html`.
//!
//! Takes the documents `resolve` listed (`SiteMap::prints`) and the pages' rendered Markdown;
//! gives output path -> HTML. Each page's HTML is rewritten for the document (`rewrite.rs`:
//! ids unique across pages, links between printed pages in-document, other links absolute and
//! printed, video players as QR codes). The cover carries the build date, which comes from the
//! sources, never from the clock (`build_date`), so that builds stay byte-identical.
//!
//! A document's HTML is reused from the memo when its `PrintInput` (all that its render reads)
//! and the templates digest the same: the key is complete by construction, like a page's.

mod plain;
pub mod rewrite;

use super::context::SiteContext;
use super::{Shared, Theme, memo};
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::digest::{Digested, Prehashed};
use crate::output::{OutputFile, SharedBytes};
use crate::resolve::{PrintDoc, SiteMap, video_url};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What `print.html` sees of the site and theme, the same for every document. One value in both
/// the input and the view (flattened, so the template's names stay `site`, `lang`, ...): what
/// the view shows is in the memo key by construction.
/// Its parts are the render's `Prehashed` ones: each document's key reads their digests (the
/// theme's ~160 strings were serialized again for each of a 10,000-page site's 500 documents on
/// every `serve` edit).
#[derive(Serialize, Clone, Copy)]
struct ThemeFrame<'a> {
    site: Prehashed<'a, SiteContext<'a>>,
    lang: Prehashed<'a, crate::strings::Language>,
    strings: Prehashed<'a, crate::strings::Strings>,
    assets: Prehashed<'a, BTreeMap<String, String>>,
}

/// Everything one print page's render reads: its memo key is this value's digest.
#[derive(Serialize)]
struct PrintInput<'a> {
    #[serde(flatten)]
    frame: ThemeFrame<'a>,
    menu_html: Digested<'a>,
    /// The module's title (plain and HTML), or the site's for the whole site.
    title: &'a str,
    title_html: &'a str,
    is_module: bool,
    /// The document's href (`/help/login/print/`).
    url: String,
    /// The module's page (href), or the home page; where "back to the site" goes.
    source_url: String,
    /// `YYYY-MM-DD`, from `SOURCE_DATE_EPOCH` or the newest page (`build_date`).
    date: Option<String>,
    /// What links and QR codes are made absolute with (`PrintLinks`).
    base: &'a str,
    site_url: Option<&'a str>,
    pages: Vec<PrintPage<'a>>,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    /// The page's anchor in the document (`p-3`); its ids become `p-3-ID`.
    anchor: String,
    /// URL relative to the base: what links to this page are recognised by.
    url: &'a str,
    /// Its absolute URL (or path), printed under its title.
    address: String,
    title: &'a str,
    title_html: &'a str,
    /// 0 for the document's first page, 1 for its children, and so on (for the contents).
    depth: usize,
    description: &'a str,
    content: Digested<'a>,
    videos: Vec<PrintVideo>,
}

/// A video the page lists in front matter: title, length, and its page's absolute URL.
#[derive(Serialize)]
struct PrintVideo {
    title: String,
    duration: String,
    url: String,
}

/// What `print.html` sees: the input with each page's HTML rewritten and QR codes made.
#[derive(Serialize)]
struct PrintView<'a> {
    #[serde(flatten)]
    frame: ThemeFrame<'a>,
    menu_html: &'a str,
    print: PrintDocView<'a>,
}

#[derive(Serialize)]
struct PrintDocView<'a> {
    title: &'a str,
    title_html: &'a str,
    is_module: bool,
    url: &'a str,
    source_url: &'a str,
    date: Option<&'a str>,
    /// The absolute URL of the site, when known (printed on the cover).
    site_url: Option<&'a str>,
    pages: Vec<PrintPageView<'a>>,
}

#[derive(Serialize)]
struct PrintPageView<'a> {
    anchor: &'a str,
    address: &'a str,
    title: &'a str,
    title_html: &'a str,
    depth: usize,
    description: &'a str,
    content: String,
    videos: Vec<PrintVideoView<'a>>,
}

#[derive(Serialize)]
struct PrintVideoView<'a> {
    title: &'a str,
    duration: &'a str,
    url: &'a str,
    qr_svg: String,
}

/// Every print page (output path -> what the tree lists: its HTML, or what the sink made of it),
/// reusing the memo's where nothing it reads changed; records their keys in `next_memo`.
pub(super) fn render_print_pages(
    shared: &Shared,
    memo: &memo::RenderMemo,
    next_memo: &mut memo::RenderMemo,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, OutputFile)> {
    let Shared { site, map, theme, language, .. } = *shared;
    if map.prints.is_empty() {
        return Vec::new();
    }
    let menu = super::nav::menu_without_current(map, &super::nav::MenuWords::of(&language.strings));
    let date = build_date(site);
    // Documents are independent: render them in parallel, and collect in `map.prints` order.
    let rendered: Vec<_> = map
        .prints
        .par_iter()
        .map(|doc| {
            let out_path = format!("{}index.html", doc.url);
            let result = catch_unwind(AssertUnwindSafe(|| {
                let bodies: Vec<_> = doc.pages.iter().map(|&i| shared.markdown[i].html()).collect();
                let input = print_input(shared, doc, &bodies, Digested::of(&menu), date.clone());
                let key = crate::digest::of_serialized(&(theme.templates_key, "print.html", &input));
                if let Some(file) = memo.page(&out_path, key) {
                    return (key, Ok(file));
                }
                let html = if doc.pages.iter().any(|&i| shared.kept_html[i].is_some()) {
                    // The key read the digests of the pages' HTML; the memo kept some of the
                    // texts in `serve`'s staging files.
                    match doc.pages.iter().map(|&i| shared.html(i)).collect::<Result<Vec<_>, _>>() {
                        Ok(full) => render_print(
                            theme,
                            site,
                            &print_input(shared, doc, &full, Digested::of(&menu), date.clone()),
                        ),
                        Err(d) => Err(d),
                    }
                } else {
                    render_print(theme, site, &input)
                };
                (key, html.map(|html| shared.put(&out_path, SharedBytes::new(html))))
            }));
            let (key, file) = result.unwrap_or_else(|_| {
                let source = doc.section.map_or("content/_index.md", |s| site.pages[s].source.as_str());
                (None, Err(super::internal_error(source)))
            });
            (out_path, key, file)
        })
        .collect();
    let mut out = Vec::new();
    for (out_path, key, html) in rendered {
        match html {
            Ok(html) => {
                if let Some(key) = key {
                    next_memo.pages.insert(out_path.clone(), key);
                }
                out.push((out_path, html));
            }
            Err(d) => diags.push(d),
        }
    }
    out
}

/// `bodies` are the Markdown HTML of `doc.pages`, in order.
fn print_input<'a>(
    shared: &Shared<'a>,
    doc: &'a PrintDoc,
    bodies: &'a [std::borrow::Cow<'a, str>],
    menu: Digested<'a>,
    date: Option<String>,
) -> PrintInput<'a> {
    let Shared { site, map, html_digests, .. } = *shared;
    let (title, title_html, source) = match doc.section {
        Some(s) => (map.pages[s].title.as_str(), map.pages[s].title_html.as_str(), s),
        None => (site.config.title.as_str(), "", map.home.unwrap_or(usize::MAX)),
    };
    let first_depth = doc.pages.first().map_or(0, |&p| map.depth(p));
    let pages = doc
        .pages
        .iter()
        .enumerate()
        .map(|(n, &i)| PrintPage {
            anchor: format!("p-{}", n + 1),
            url: &map.pages[i].url,
            address: map.absolute(&map.pages[i].url),
            title: &map.pages[i].title,
            title_html: &map.pages[i].title_html,
            depth: map.depth(i).saturating_sub(first_depth),
            description: site.pages[i].front.description.as_deref().unwrap_or(""),
            content: Digested::new(&bodies[n], html_digests[i]),
            videos: page_videos(site, map, i),
        })
        .collect();
    PrintInput {
        frame: ThemeFrame {
            site: shared.parts.site,
            lang: shared.parts.lang,
            strings: shared.parts.strings,
            assets: shared.parts.assets,
        },
        menu_html: menu,
        title,
        title_html,
        is_module: doc.section.is_some(),
        url: map.href(&doc.url),
        source_url: if source < map.pages.len() { map.page_href(source) } else { map.href("") },
        date,
        base: &map.base,
        site_url: map.site_url.as_deref(),
        pages,
    }
}

fn page_videos(site: &Site, map: &SiteMap, i: usize) -> Vec<PrintVideo> {
    site.pages[i]
        .front
        .videos
        .iter()
        .filter_map(|name| site.videos.iter().find(|v| &v.name == name))
        .map(|v| PrintVideo {
            title: v.title.clone(),
            duration: v.duration_seconds().map(crate::videos::time::format_time).unwrap_or_default(),
            url: map.absolute(&video_url(&v.name)),
        })
        .collect()
}

/// The HTML of one print page, from its input alone.
fn render_print(theme: &Theme, site: &Site, input: &PrintInput) -> Result<Vec<u8>, Diagnostic> {
    let links = rewrite::PrintLinks {
        base: input.base,
        site_url: input.site_url,
        printed: input.pages.iter().map(|p| (p.url, p.anchor.as_str())).collect(),
        qr_label: input.frame.strings.get("qr_label"),
    };
    let pages = input
        .pages
        .par_iter()
        .map(|p| PrintPageView {
            anchor: &p.anchor,
            address: &p.address,
            title: p.title,
            title_html: p.title_html,
            depth: p.depth,
            description: p.description,
            content: rewrite::rewrite_page(p.content.text(), &p.anchor, &links),
            videos: p
                .videos
                .iter()
                .map(|v| PrintVideoView {
                    title: &v.title,
                    duration: &v.duration,
                    url: &v.url,
                    qr_svg: crate::render::qr::svg(&v.url, input.frame.strings.get("qr_label")),
                })
                .collect(),
        })
        .collect();
    let view = PrintView {
        frame: input.frame,
        menu_html: input.menu_html.text(),
        print: PrintDocView {
            title: input.title,
            title_html: input.title_html,
            is_module: input.is_module,
            url: &input.url,
            source_url: &input.source_url,
            date: input.date.as_deref(),
            site_url: input.site_url,
            pages,
        },
    };
    // The pages' HTML, the contents list (a line per page) and the template's own markup.
    let size = view.print.pages.iter().map(|p| p.content.len() + p.title_html.len() * 2 + 512).sum::<usize>()
        + view.menu_html.len()
        + super::theme::TEMPLATE_BYTES;
    let ctx = tera::Context::from_serialize(&view).map_err(|e| super::theme::template_error(site, "print.html", &e))?;
    super::theme::render_sized(&theme.tera, "print.html", &ctx, size)
        .map_err(|e| super::theme::template_error(site, "print.html", &e))
}

/// The date on the covers, `YYYY-MM-DD` (UTC): `SOURCE_DATE_EPOCH`'s when set (the
/// reproducible-builds convention, `Site::build_date`), else the newest last-commit date of the
/// site's Markdown pages (`Site::commit_dates`, when the site is in git), else their newest
/// modification time. Never the clock: the same sources give the same bytes. `None` when
/// nothing dates the pages.
pub fn build_date(site: &Site) -> Option<String> {
    if let Some(date) = &site.build_date {
        return Some(date.clone());
    }
    let committed = site.pages.iter().filter_map(|p| site.commit_dates.get(&p.source)).max();
    if let Some(date) = committed {
        return Some(date.clone());
    }
    site.pages.iter().filter_map(|p| p.modified).max().map(iso_date)
}

/// `YYYY-MM-DD` of a count of seconds since 1970-01-01 UTC (the proleptic Gregorian calendar,
/// by the days-to-civil method: 400-year eras of 146,097 days).
pub fn iso_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64 + 719_468; // days since 0000-03-01
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153; // month counted from March
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc_days() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(951_868_799), "2000-02-29");
        assert_eq!(iso_date(951_868_800), "2000-03-01");
        assert_eq!(iso_date(1_798_761_599), "2026-12-31");
        assert_eq!(iso_date(4_107_542_400), "2100-03-01");
    }

    #[test]
    fn the_date_is_source_date_epoch_else_the_newest_commit_else_the_newest_page_never_the_clock() {
        let mut site = crate::content::test_site(&[("a.md", "+++\n+++\n"), ("b.md", "+++\n+++\n")]);
        assert_eq!(build_date(&site), None);
        site.pages[0].modified = Some(86_400 * 3);
        site.pages[1].modified = Some(86_400 * 2);
        assert_eq!(build_date(&site).as_deref(), Some("1970-01-04"));
        site.commit_dates = std::sync::Arc::new([("content/b.md".to_string(), "2020-05-01".to_string())].into());
        assert_eq!(build_date(&site).as_deref(), Some("2020-05-01"), "a commit date before mtimes");
        site.build_date = Some("1970-01-02".into());
        assert_eq!(build_date(&site).as_deref(), Some("1970-01-02"), "SOURCE_DATE_EPOCH before both");
    }
}
