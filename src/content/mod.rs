//! Load: walk the site folder and read it into a `Site` model of plain data.
//!
//! This is the only stage (besides `output`) that touches the file system. It splits and parses
//! front matter, normalises text (BOM, CRLF), and lists assets, static files, templates and
//! videos. It does not compute URLs, resolve links or render anything: that is `resolve` and
//! `render`, which work on the model alone.

pub mod audience;
pub mod frontmatter;
pub mod load;
pub mod model;
pub mod svg;
pub mod toolkit;
mod videos;

pub use load::{load_site, load_site_leaving_bodies};
pub use model::{Asset, FrontMatter, KeyLines, Page, Site, Translation};

/// The front matter keys docent does not know, as `[content] unknown_keys` says: errors (the
/// default) or warnings, for content written for another tool. Either way the keys are ignored.
pub fn unknown_key_diagnostics(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    let warn = site.config.content.unknown_keys == crate::config::Strictness::Warn;
    let keys = site.pages.iter().flat_map(|p| p.unknown_keys.iter().cloned());
    keys.map(|mut d| {
        if warn {
            d.severity = crate::diagnostics::Severity::Warning;
            d.message.push_str(" (ignored)");
        }
        d
    })
    .collect()
}

/// Gives a site without `content/_index.md` a home page, so that `/` is not a 404 and the menu
/// has a root: titled and described from `docent.toml`, listing the top pages and sections (the
/// theme's `index.html` lists a home page's children). A warning says how to write a real one.
pub fn add_generated_home(site: &mut Site) -> Option<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Diagnostic, Span};
    let warning = || {
        Diagnostic::warning(
            Span::file("content/_index.md"),
            "the site has no home page; docent made one that lists the top pages",
        )
        .with_help("add content/_index.md with a title and a few words of welcome; its body shows above the list")
    };
    match site.pages.binary_search_by(|p| p.source.as_str().cmp("content/_index.md")) {
        Ok(i) => site.pages[i].generated.then(warning),
        Err(i) => {
            let front = FrontMatter {
                title: Some(site.config.title.clone()),
                description: Some(site.config.description.clone()).filter(|d| !d.is_empty()),
                ..Default::default()
            };
            let page = Page {
                source: "content/_index.md".into(),
                rel: "_index.md".into(),
                is_section: true,
                front,
                body_line: 1,
                generated: true,
                digest: crate::digest::Digest::of(site.config.title.as_bytes()),
                ..Default::default()
            };
            site.pages.insert(i, page);
            Some(warning())
        }
    }
}

/// A site of Markdown files given as (path under `content/`, text), for unit tests of the
/// stages after loading.
#[cfg(test)]
pub fn test_site(files: &[(&str, &str)]) -> Site {
    let pages = files
        .iter()
        .map(|(rel, text)| load::page_from_text(&format!("content/{rel}"), rel, text).expect("valid test page"))
        .collect();
    Site { pages, ..Default::default() }
}
