//! Load: walk the site folder and read it into a `Site` model of plain data.
//!
//! This is the only stage (besides `output`) that touches the file system. It splits and parses
//! front matter, normalises text (BOM, CRLF), and lists assets, static files, templates and
//! videos. It does not compute URLs, resolve links or render anything: that is `resolve` and
//! `render`, which work on the model alone.

pub mod frontmatter;
pub mod load;
pub mod model;

pub use load::load_site;
pub use model::{Asset, FrontMatter, Page, Site};

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
