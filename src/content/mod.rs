//! Load: walk the site folder and read it into a `Site` model of plain data.
//!
//! This is the only stage (besides `output`) that touches the file system. It splits and parses
//! front matter, normalises text (BOM, CRLF), and lists assets, static files, templates and
//! videos. It does not compute URLs, resolve links or render anything: that is `resolve` and
//! `render`, which work on the model alone.

pub mod frontmatter;
pub mod load;
pub mod model;
mod videos;

pub use load::load_site;
pub use model::{Asset, FrontMatter, Page, Site};

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
