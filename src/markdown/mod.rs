//! Markdown -> HTML for one page: CommonMark + GFM, heading ids, callouts, checked links,
//! lazy images with dimensions, highlighted code with a copy button.
//!
//! Takes a page's body and a `Links` resolver, gives `RenderedMarkdown`: the HTML, the headings
//! (for the table of contents and anchor checks), the anchors other pages must have, the plain
//! text by section (for search), a summary, diagnostics with file lines, and for `docent check`
//! every link as written plus lints (missing alt text, skipped heading levels, empty link text),
//! so that checking never parses HTML again. Pure: the resolver
//! answers from the resolved model; nothing here reads files.

mod events;
pub mod highlight;
mod text;
pub use text::escape as text_escape;

use crate::config::MarkdownConfig;
use crate::diagnostics::{Diagnostic, Span};
pub use events::render;

/// Answers questions about link targets, so that this module stays independent of the model.
pub trait Links {
    /// The URL to write for `dest` (as written by the author), or why there is none.
    fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError>;
    /// Width and height of an image asset, when known.
    fn image_size(&self, dest: &str) -> Option<(u32, u32)>;
    /// The HTML for `::video[NAME]`, or why there is none.
    fn video_embed(&self, name: &str) -> Result<String, LinkError> {
        Err(LinkError {
            problem: format!("cannot embed video `{name}` here"),
            help: "videos can be embedded in pages only".into(),
        })
    }
}

/// Why a link (or embed) points at nothing. The Markdown stage says where and what kind of link
/// (`link to ../a.md: no such page`, `image x.png: no such file`, `::video: ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    /// What is wrong with the target (`no such page`).
    pub problem: String,
    /// What the author can do about it.
    pub help: String,
}

/// A rewritten link: the URL to write and, for links into a page, the anchor to check later.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    pub url: String,
    /// The page and anchor the link needs to exist (checked once every page is rendered).
    pub anchor: Option<(usize, String)>,
}

/// A page's Markdown and where it came from: with the `Links` answers, all a render reads.
#[derive(serde::Serialize)]
pub struct MarkdownInput<'a> {
    pub source: &'a str,
    /// Not serialized: `text_digest` stands for it in memo keys.
    #[serde(skip)]
    pub body: &'a str,
    /// The digest of the file's text (`Page::digest`), which holds the body.
    pub text_digest: u64,
    pub body_line: u32,
    pub options: &'a MarkdownConfig,
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The text under one heading (or before the first), for the search index.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct TextSection {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

/// An anchor another page's link needs, with where the link is.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorRef {
    pub page: usize,
    pub anchor: String,
    pub span: Span,
}

/// A link or image as the author wrote it, and where: what `docent check` follows.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    /// The destination as written (`../a.md#steps`, `/help/login/`, `https://example.org`).
    pub dest: String,
    pub span: Span,
    pub is_image: bool,
}

/// Something a reader would stumble on, seen while rendering: reported by `docent check` as a
/// warning, never by `build`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lint {
    pub kind: LintKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LintKind {
    /// `![](x.png)`: screen readers announce nothing, or the file name.
    ImageWithoutAlt { dest: String },
    /// A heading more than one level below the one before it (the page title is level 1).
    SkippedHeadingLevel { from: u8, to: u8 },
    /// `[](x.md)` or a link whose only content is an image without alt text.
    EmptyLinkText { dest: String },
}

#[derive(Debug, Default, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub anchor_refs: Vec<AnchorRef>,
    pub sections: Vec<TextSection>,
    /// The first paragraph as plain text.
    pub summary: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Every link and image of the page, in order.
    pub links: Vec<LinkRef>,
    pub lints: Vec<Lint>,
}
