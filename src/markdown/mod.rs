//! Markdown -> HTML for one page: CommonMark + GFM, heading ids, callouts, checked links,
//! lazy images with dimensions, highlighted code with a copy button.
//!
//! Takes a page's body and a `Links` resolver, gives `RenderedMarkdown`: the HTML, the headings
//! (for the table of contents and anchor checks), the anchors other pages must have, the plain
//! text by section (for search), a summary, diagnostics with file lines, and for `docent check`
//! every link as written plus lints (missing alt text, skipped heading levels, empty link text),
//! so that checking never parses HTML again. Pure: the resolver
//! answers from the resolved model; nothing here reads files.

pub mod containers;
mod events;
mod footnotes;
pub mod glossary;
pub mod highlight;
mod html;
pub mod include;
pub mod leftovers;
mod sanitize;
mod text;
pub mod title;
pub mod vars;
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
            left_out: false,
            problem: format!("cannot embed video `{name}` here"),
            help: "videos can be embedded in pages only".into(),
        })
    }
    /// The file `::include[PATH]` names (`PATH` made plain by `include::normalize`): from
    /// `content/PATH`, else `snippets/PATH`.
    fn snippet(&self, path: &str) -> Result<Snippet, LinkError> {
        Err(LinkError {
            left_out: false,
            problem: format!("cannot include `{path}` here"),
            help: "includes work in pages only".into(),
        })
    }
}

/// A file an include names: where it is, its Markdown and the line of the file that starts it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// Path from the site root (`snippets/shared/steps.md`, `content/faq.md`).
    pub source: String,
    /// The Markdown (a page's body, without its front matter).
    pub text: std::sync::Arc<str>,
    pub first_line: u32,
}

/// What the authoring toolkit gives every page: the site's `[vars]`, its glossary, and the
/// address of the glossary page. One value for the whole site, part of every page's memo key.
#[derive(Debug, Default, serde::Serialize)]
pub struct Toolkit {
    pub vars: std::collections::BTreeMap<String, String>,
    pub glossary: glossary::Glossary,
    /// The glossary page's href (`/help/glossary/`), which marked terms link to.
    pub glossary_url: String,
}

/// Why a link (or embed) points at nothing. The Markdown stage says where and what kind of link
/// (`link to ../a.md: no such page`, `image x.png: no such file`, `::video: ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    /// The target is a page `docent build --role` left out: the link is written as its text,
    /// and nothing is reported.
    pub left_out: bool,
    /// What is wrong with the target (`no such page`).
    pub problem: String,
    /// What the author can do about it.
    pub help: String,
}

/// A rewritten link: the URL to write and, for links into a page, the anchor to check later.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    pub url: String,
    /// The page (its source path) and anchor the link needs to exist (checked once every page
    /// is rendered). A path, not the page's place in the site, so that a page added elsewhere
    /// gives the same answer and `docent serve` can keep this page's render.
    pub anchor: Option<(String, String)>,
}

use crate::digest::Prehashed;

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
    /// What every page of a site shares (`options`, `toolkit`, `labels`) is `Prehashed`: a
    /// page's memo key reads its digest, made once per render, instead of hashing the
    /// glossary and the site's variables again for each page.
    pub options: Prehashed<'a, MarkdownConfig>,
    /// The first heading is the page's title (shown by the template): leave it out.
    pub title_heading: bool,
    /// The audience of a `docent build --role` site: `only` blocks for other roles are left
    /// out, and those for this one are shown without their label. `None`: every block, labelled.
    pub audience: Option<&'a str>,
    pub toolkit: Prehashed<'a, Toolkit>,
    /// The words this stage writes, in the page's language.
    pub labels: Prehashed<'a, Labels>,
}

/// The words the Markdown stage writes into a page (callout titles, the copy button, labels for
/// screen readers), from the theme strings of the page's language; HTML-escaped once here.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Labels {
    /// Note, Tip, Important, Warning, Caution.
    pub callouts: [String; 5],
    pub table: String,
    /// With `{n}`, the note's number.
    pub footnote_back: String,
    pub copy: String,
    /// The label of an `only` block, with `{roles}`.
    pub only_for: String,
}

impl Labels {
    pub fn new(strings: &crate::strings::Strings) -> Labels {
        let e = |key| text::escape(strings.get(key));
        Labels {
            callouts: ["callout_note", "callout_tip", "callout_important", "callout_warning", "callout_caution"].map(e),
            table: e("table_label"),
            footnote_back: e("footnote_back"),
            copy: e("copy"),
            only_for: e("only_for"),
        }
    }
}

impl Default for Labels {
    /// English, as the built-in table has it.
    fn default() -> Labels {
        Labels::new(&crate::strings::Strings::english())
    }
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// How many headings a "no such heading" hint lists: the nearest to the anchor written.
const HINT_HEADINGS: usize = 5;
/// Headings compared, over all the hints of one check: past this, hints stop suggesting, so a
/// page of thousands of headings and thousands of broken anchors still takes bounded time.
pub const HINT_BUDGET: usize = 2_000_000;

/// The help line of a link to a heading that `headings` lacks: all of them when there are a few,
/// else the few nearest to `anchor` by edit distance (a page of 8,000 headings once printed every
/// one for every broken link). Each call spends `headings.len()` of `budget`.
pub fn no_such_heading_help(anchor: &str, headings: &[Heading], budget: &mut usize) -> String {
    let mut ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    match ids.len() {
        0 => "that page has no headings".to_string(),
        n if n <= HINT_HEADINGS => format!("headings there: {}", ids.join(", ")),
        n if *budget < n => format!("that page has {n} headings; none has the id {anchor}"),
        n => {
            *budget -= n;
            // Bounded lengths keep each comparison cheap whatever the ids hold.
            let clip = |s: &str| s.chars().take(64).collect::<String>();
            let wanted = clip(anchor);
            let mut scored: Vec<(usize, &str)> =
                ids.iter().map(|id| (strsim::levenshtein(&wanted, &clip(id)), *id)).collect();
            scored.sort_unstable();
            let nearest: Vec<&str> = scored.iter().take(HINT_HEADINGS).map(|(_, id)| *id).collect();
            format!("nearest of the {n} headings there: {}", nearest.join(", "))
        }
    }
}

/// The text under one heading (or before the first), for the search index.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct TextSection {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
    /// The audiences this text is for, when it is inside a `::: only` block (else empty: all).
    pub roles: Vec<String>,
}

/// The sections `RenderedMarkdown::spill_text` wrote (`bytes`, read from its handle). The
/// encoding is this process's own, between two of its stages: the number of sections, then
/// each section's id, heading, text and audiences, each string as its length (4 bytes,
/// little-endian; `u32::MAX` for no id) then its UTF-8 bytes. `None` if the bytes are not what
/// `spill_text` wrote.
pub fn read_spilled_sections(bytes: &[u8]) -> Option<Vec<TextSection>> {
    fn number(rest: &mut &[u8]) -> Option<u32> {
        let (n, tail) = rest.split_first_chunk::<4>()?;
        *rest = tail;
        Some(u32::from_le_bytes(*n))
    }
    fn string(rest: &mut &[u8], len: u32) -> Option<String> {
        let (text, tail) = (rest.get(..len as usize)?, rest.get(len as usize..)?);
        *rest = tail;
        String::from_utf8(text.to_vec()).ok()
    }
    let mut rest = bytes;
    let count = number(&mut rest)?;
    let mut sections = Vec::with_capacity(count.min(1 << 16) as usize);
    for _ in 0..count {
        let id = match number(&mut rest)? {
            u32::MAX => None,
            len => Some(string(&mut rest, len)?),
        };
        let len = number(&mut rest)?;
        let heading = string(&mut rest, len)?;
        let len = number(&mut rest)?;
        let text = string(&mut rest, len)?;
        let roles = (0..number(&mut rest)?)
            .map(|_| {
                let len = number(&mut rest)?;
                string(&mut rest, len)
            })
            .collect::<Option<Vec<String>>>()?;
        sections.push(TextSection { id, heading, text, roles });
    }
    rest.is_empty().then_some(sections)
}

/// A digest of a page's text sections (ids, headings, audiences and texts), made once with them
/// (`RenderedMarkdown::sections_digest`) so that the search index's page keys need not hash
/// every page's text after each `serve` edit. Long texts go four words at a time.
pub fn sections_digest(sections: &[TextSection]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::digest::Digest::new();
    h.write_u64(sections.len() as u64);
    for s in sections {
        (&s.id, &s.heading, &s.roles).hash(&mut h);
        h.write_u64(crate::digest::text_digest(s.text.as_bytes()));
    }
    h.finish()
}

/// An anchor another page's link needs, with where the link is.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorRef {
    /// The source path of the page (`content/login.md`).
    pub page: String,
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
    /// Raw HTML that `[markdown] raw_html = "safe"` drops (`<script> with its content`,
    /// `onclick attribute of <span>`).
    RawHtmlDropped { what: String },
    /// Raw HTML that `[markdown] raw_html = "deny"` shows as text (`<kbd>`).
    RawHtmlShownAsText { what: String },
    /// A `# heading` in the body: a second h1 under the page title the template shows.
    SecondTitle { title: String },
    /// Syntax another tool would have run (`{{#include x}}`, `{{< ref >}}`), shown as text.
    Leftover { text: String, kind: leftovers::Leftover },
    /// An abbreviation used before the page spells it out, in a site with a glossary that
    /// does not define it.
    AbbreviationNotExplained { abbreviation: String },
}

#[derive(Debug, Default, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub anchor_refs: Vec<AnchorRef>,
    pub sections: Vec<TextSection>,
    /// `sections_digest(&sections)`, made when the sections are final (`render`); `None` where
    /// a result was made otherwise (the index then hashes the sections itself).
    pub sections_digest: Option<u64>,
    /// `of_serialized` of the table of contents (`toc`), made with the headings (`render`):
    /// what the page's memo key reads for them. `None` where a result was made otherwise.
    pub toc_digest: Option<u64>,
    /// The first paragraph as plain text.
    pub summary: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Every link and image of the page, in order.
    pub links: Vec<LinkRef>,
    pub lints: Vec<Lint>,
    /// Anchors written in raw HTML (`<a id="old-slug"></a>`, any `id`, `<a name>`), which links
    /// may point at like headings.
    pub anchors: Vec<String>,
    /// The roles `::: only` blocks name, where: checked against the roles pages declare.
    pub only_roles: Vec<(String, Span)>,
    /// `html`, LZ4-compressed, once `pack_html` moved it here; `html` is then empty.
    pub(crate) packed_html: Vec<u8>,
    /// The sections, once `spill_text` wrote them to a build's temporary files (`sections`
    /// is then empty; `read_spilled_sections` reads them back).
    pub spilled_text: Option<crate::output::Staged>,
}

impl RenderedMarkdown {
    /// The headings of the on-page table of contents: h2 and h3.
    pub fn toc(&self) -> Vec<&Heading> {
        self.headings.iter().filter(|h| h.level == 2 || h.level == 3).collect()
    }

    /// True when `#id` leads somewhere on this page: a heading, or an id in raw HTML.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.anchors.iter().any(|a| a == id)
    }

    /// Compresses the HTML in memory (LZ4, about a quarter of the bytes), for a build that
    /// holds every page's result until the last page renders: at 100,000 pages the HTML alone
    /// was a gigabyte. `html()` gives it back.
    pub fn pack_html(&mut self) {
        self.packed_html = lz4_flex::compress_prepend_size(std::mem::take(&mut self.html).as_bytes());
    }

    /// The page's HTML, unpacked if `pack_html` packed it.
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        if self.packed_html.is_empty() {
            return std::borrow::Cow::Borrowed(&self.html);
        }
        let bytes = lz4_flex::decompress_size_prepended(&self.packed_html).expect("HTML this process packed");
        std::borrow::Cow::Owned(String::from_utf8(bytes).expect("HTML this process packed"))
    }

    /// The length of the page's HTML, packed or not.
    pub fn html_len(&self) -> usize {
        match self.packed_html.get(..4) {
            Some(n) => u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize,
            None => self.html.len(),
        }
    }

    /// Moves the sections (their texts were 730 MB at 100,000 pages; ids, headings and
    /// audiences a further 56 MB) to `files` until the search index reads them back
    /// (`read_spilled_sections`, in `SearchPage::with_text`). Only for a result whose
    /// `sections_digest` was made: the index's page key reads it instead of the sections.
    /// Nothing moves if the write fails.
    pub fn spill_text(&mut self, files: &crate::output::StagingFiles) {
        if self.sections_digest.is_none() || self.sections.is_empty() {
            return;
        }
        let size: usize = self
            .sections
            .iter()
            .map(|s| 16 + s.heading.len() + s.text.len() + s.id.as_ref().map_or(0, String::len))
            .sum();
        let mut bytes = Vec::with_capacity(4 + size);
        let string = |bytes: &mut Vec<u8>, s: &str| {
            bytes.extend_from_slice(&(s.len() as u32).to_le_bytes());
            bytes.extend_from_slice(s.as_bytes());
        };
        bytes.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        for s in &self.sections {
            match &s.id {
                Some(id) => string(&mut bytes, id),
                None => bytes.extend_from_slice(&u32::MAX.to_le_bytes()),
            }
            string(&mut bytes, &s.heading);
            string(&mut bytes, &s.text);
            bytes.extend_from_slice(&(s.roles.len() as u32).to_le_bytes());
            for role in &s.roles {
                string(&mut bytes, role);
            }
        }
        if let Ok(staged) = files.put(&bytes) {
            self.sections = Vec::new();
            self.spilled_text = Some(staged);
        }
    }

    /// Frees the page's HTML, packed or not.
    /// Frees all but what the search index reads (`sections`, `sections_digest`,
    /// `spilled_text`): for a build whose pages are rendered and checked.
    pub fn keep_search_text(&mut self) {
        let RenderedMarkdown { sections, sections_digest, spilled_text, .. } = std::mem::take(self);
        *self = RenderedMarkdown { sections, sections_digest, spilled_text, ..Default::default() };
    }

    pub fn drop_html(&mut self) {
        self.html = String::new();
        self.packed_html = Vec::new();
    }

    /// Gives back the room the buffers grew into while rendering. A site's results are held
    /// until its last page renders, and the HTML's buffer alone doubles past its first guess on
    /// a page with code: at 100,000 pages that slack was most of the build's memory.
    pub fn shrink_to_fit(&mut self) {
        self.html.shrink_to_fit();
        for s in &mut self.sections {
            s.text.shrink_to_fit();
            s.heading.shrink_to_fit();
        }
        self.sections.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.anchor_refs.shrink_to_fit();
        self.links.shrink_to_fit();
        self.lints.shrink_to_fit();
        self.anchors.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_html_gives_back_the_same_text_and_length() {
        let html = "<p>Élan ".repeat(500) + "<code>x</code>";
        let mut md = RenderedMarkdown { html: html.clone(), ..Default::default() };
        md.pack_html();
        assert!(md.html.is_empty() && md.packed_html.len() < html.len() / 4, "{}", md.packed_html.len());
        assert_eq!(md.html(), html);
        assert_eq!(md.html_len(), html.len());
        md.drop_html();
        assert_eq!((md.html(), md.html_len()), ("".into(), 0));
    }

    #[test]
    fn spilled_text_reads_back_into_the_same_sections() {
        let section = |id: Option<&str>, text: &str| TextSection {
            id: id.map(String::from),
            heading: id.unwrap_or("").into(),
            text: text.into(),
            roles: vec!["nurse".into()],
        };
        let sections =
            vec![section(None, "Intro é"), section(Some("empty"), ""), section(Some("steps"), "Click Save.")];
        let mut md = RenderedMarkdown { sections: sections.clone(), ..Default::default() };
        let files = crate::output::StagingFiles::new().unwrap();
        md.spill_text(&files);
        assert!(md.spilled_text.is_none(), "a result without its sections' digest keeps its text");
        md.sections_digest = Some(sections_digest(&md.sections));
        md.spill_text(&files);
        let staged = md.spilled_text.clone().expect("spilled");
        assert!(md.sections.is_empty(), "the sections wait on disk");
        let bytes = staged.read().unwrap();
        assert_eq!(read_spilled_sections(&bytes), Some(sections.clone()));
        // Bytes cut short, or with more after them, are refused.
        assert_eq!(read_spilled_sections(&bytes[..bytes.len() - 1]), None);
        assert_eq!(read_spilled_sections(&[bytes.as_slice(), &[0]].concat()), None);
        assert_eq!(read_spilled_sections(&[]), None);
    }

    #[test]
    fn no_such_heading_help_lists_a_few_or_the_nearest() {
        let h = |id: &str| Heading { level: 2, id: id.into(), title: id.into() };
        let mut budget = HINT_BUDGET;
        assert_eq!(no_such_heading_help("x", &[], &mut budget), "that page has no headings");
        assert_eq!(no_such_heading_help("x", &[h("b"), h("a")], &mut budget), "headings there: a, b");
        let many: Vec<Heading> = (0..8000).map(|i| h(&format!("h{i}"))).chain([h("steps")]).collect();
        let help = no_such_heading_help("stepz", &many, &mut budget);
        assert!(help.starts_with("nearest of the 8001 headings there: steps, "), "{help}");
        assert_eq!(help.matches(", ").count(), 4, "{help}");
        let mut spent = 10;
        assert_eq!(no_such_heading_help("x", &many, &mut spent), "that page has 8001 headings; none has the id x");
    }
}
