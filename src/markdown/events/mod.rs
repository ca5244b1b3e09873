//! The event pass: pulldown-cmark events in, rewritten events out, then HTML. The pass itself
//! (which event goes where, the page's summary and sections) is here; headings and their ids
//! (`headings.rs`), code blocks (`code.rs`), callouts, tables and footnotes (`containers.rs`),
//! links (`links.rs`), images and figures (`figure.rs`), `::video` embeds (`video.rs`), `:::`
//! blocks (`blocks.rs`), raw HTML (`raw.rs`), included files (`include.rs`), glossary terms and
//! vars (`terms.rs`) in the submodules.

use super::sanitize;
use super::{Links, Lint, LintKind, MarkdownInput, RenderedMarkdown, TextSection};
use crate::config::RawHtml;
use crate::diagnostics::{LineIndex, Span};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

mod blocks;
mod code;
mod containers;
mod figure;
mod headings;
mod include;
mod links;
mod raw;
mod terms;
mod video;

/// The Markdown extensions docent turns on (the same for pages and the files they include).
fn parser_options(input: &MarkdownInput) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if input.options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    opts
}

/// Renders one page's Markdown.
pub fn render(input: &MarkdownInput, links: &dyn Links) -> RenderedMarkdown {
    let opts = parser_options(input);
    let prepared = super::containers::prepare(input.body);
    let body = prepared.body.as_str();
    let mut pass = Pass {
        input,
        body,
        prepared: &prepared,
        links,
        lines: LineIndex::new(body),
        out: Vec::new(),
        result: RenderedMarkdown { sections: vec![TextSection::default()], ..Default::default() },
        heading: None,
        code: None,
        image: None,
        link_depth: 0,
        link: None,
        link_text_only: false,
        left_out_hit: false,
        last_heading_level: 1,
        heading_count: 0,
        footnotes: Default::default(),
        footnote: None,
        container_depth: 0,
        in_summary: false,
        ids: HashMap::new(),
        paragraph: None,
        raw_block: None,
        raw_units: Vec::new(),
        marker: (input.options.raw_html == RawHtml::Safe).then(|| sanitize::marker_for(body)),
        blocks: Vec::new(),
        skip: 0,
        fence: None,
        block_count: 0,
        figure: None,
        result_line: false,
        event_end: 0,
        frames: Vec::new(),
        includes: 0,
        terms_used: HashSet::new(),
        explained: HashSet::new(),
        term_count: 0,
    };
    pass.block_problems();
    let mut code = super::leftovers::CodeRanges::default();
    let events = pulldown_cmark::TextMergeWithOffset::new(Parser::new_ext(body, opts).into_offset_iter());
    for (event, range) in events {
        match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                code.spans.push((range.clone(), info.to_string()))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) | Event::Code(_) => {
                code.spans.push((range.clone(), String::new()))
            }
            _ => {}
        }
        if pass.fence_event(&event, range.start) || pass.skip > 0 {
            continue;
        }
        pass.event_end = range.end;
        pass.event(event, range.start);
    }
    pass.close_blocks();
    for (at, text, kind) in super::leftovers::find(body, &code) {
        pass.lint(LintKind::Leftover { text, kind }, at);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
    if let Some(marker) = pass.marker
        && !pass.raw_units.is_empty()
    {
        html = sanitize::clean_page(&html, marker, &pass.raw_units);
    }
    let mut result = pass.result;
    result.html = html;
    result.summary = result.summary.trim().to_string();
    blocks::drop_empty_sections(&mut result.sections);
    for s in &mut result.sections {
        s.text = super::text::collapse_whitespace(&s.text);
    }
    result.sections_digest = Some(super::sections_digest(&result.sections));
    result.toc_digest = crate::digest::of_serialized(&result.toc());
    result
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    offset: usize,
    /// The page's title, taken from this heading: not written.
    is_title: bool,
    custom_id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
}

struct PendingImage {
    dest: String,
    title: String,
    alt: String,
    offset: usize,
}

struct Pass<'i, 'a> {
    input: &'i MarkdownInput<'i>,
    /// The body with its `:::` fence lines set apart (`containers::prepare`): what is parsed.
    body: &'a str,
    prepared: &'a super::containers::Prepared,
    links: &'i dyn Links,
    lines: LineIndex<'i>,
    out: Vec<Event<'a>>,
    result: RenderedMarkdown,
    heading: Option<PendingHeading<'a>>,
    code: Option<(String, String)>,
    image: Option<PendingImage>,
    link_depth: usize,
    link: Option<links::OpenLink>,
    /// The open link's target is a page `docent build --role` left out: only its text is written.
    link_text_only: bool,
    /// Set by `rewrite_link_at` when a target was left out (read by the link that asked).
    left_out_hit: bool,
    /// Level of the last heading; the page title is the level 1 heading.
    last_heading_level: u8,
    /// Headings seen so far (the first may be the page's title).
    heading_count: usize,
    footnotes: super::footnotes::Footnotes,
    /// The footnote being defined.
    footnote: Option<String>,
    container_depth: usize,
    in_summary: bool,
    ids: HashMap<String, usize>,
    /// The open paragraph, which may turn out to be a `::video[NAME]` embed.
    paragraph: Option<OpenParagraph>,
    /// The HTML block being read (its lines come one event each) and where it starts.
    raw_block: Option<(String, usize)>,
    /// Under `raw_html = "safe"`: each raw HTML unit, cleaned with the whole page at the end, and
    /// the character that marks their places in the rendered page.
    raw_units: Vec<String>,
    marker: Option<char>,
    /// The open `:::` blocks, innermost last.
    blocks: Vec<blocks::OpenBlock>,
    /// Above 0 while inside an `only` block for another audience than the build's: the depth of
    /// blocks inside it, whose events are left out.
    skip: usize,
    /// The fence paragraph being read (its events are replaced by the block's HTML).
    fence: Option<super::containers::Fence>,
    /// Blocks opened so far, for ids.
    block_count: usize,
    /// A step's result written on its own line of a step (`<span class="step-result">`) is open.
    result_line: bool,
    /// The last image written, which becomes a figure when it is alone in its paragraph.
    figure: Option<figure::PendingFigure>,
    /// Where the event being handled ends, in the text being parsed.
    event_end: usize,
    /// The included files being rendered, innermost last (`events/include.rs`).
    frames: Vec<include::Frame>,
    /// Files included so far, to bound what one page can expand to.
    includes: usize,
    /// Glossary entries already marked on this page: only a term's first use is.
    terms_used: HashSet<usize>,
    /// Abbreviations the page has spelled out or been warned about.
    explained: HashSet<String>,
    /// Marked terms so far, numbering their explanations.
    term_count: usize,
}

/// Where a paragraph started: in the output, the search text and the summary.
struct OpenParagraph {
    out_len: usize,
    section_len: usize,
    summary_len: usize,
    offset: usize,
    /// Where its source ends, in the text being parsed.
    end: usize,
}

impl<'i, 'a> Pass<'i, 'a> {
    fn span(&self, offset: usize) -> Span {
        if let Some(frame) = self.frames.last() {
            return frame.span(offset);
        }
        let (line, col) = self.lines.position(offset);
        let line = self.prepared.original_line(line);
        Span::new(self.input.source, self.input.body_line + line - 1, col)
    }

    /// The Markdown being parsed: the page's body, or the included file being rendered.
    fn text(&self) -> &str {
        self.frames.last().map_or(self.body, |f| &f.text)
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    fn html(&mut self, html: String) {
        self.emit(Event::Html(CowStr::from(html)));
    }

    fn lint(&mut self, kind: LintKind, offset: usize) {
        let span = self.span(offset);
        self.result.lints.push(Lint { kind, span });
    }

    fn add_text(&mut self, text: &str) {
        if let Some(link) = &mut self.link {
            link.has_text |= !text.trim().is_empty();
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            return;
        }
        if let Some(img) = &mut self.image {
            img.alt.push_str(text);
            return;
        }
        if let Some(section) = self.result.sections.last_mut() {
            section.text.push_str(text);
        }
        if self.in_summary {
            self.result.summary.push_str(text);
        }
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        self.end_step_result_line(&event);
        if let Some((_, buf)) = &mut self.code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        if self.image.is_some() {
            match event {
                Event::Text(t) => {
                    let t = self.substitute_vars(t, offset);
                    self.add_text(&t)
                }
                Event::Code(t) => self.add_text(&t),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => self.start_heading(level, id, offset),
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let dest_url = self.substitute_vars(dest_url, offset);
                self.image = Some(PendingImage {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    offset,
                });
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.start_link(link_type, dest_url, title, id, offset)
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::BlockQuote(Some(kind))) => self.start_callout(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.end_container("</div>\n"),
            Event::Start(Tag::Table(_)) => self.start_table(event),
            Event::End(TagEnd::Table) => {
                self.emit(event);
                self.end_container("</div>\n");
            }
            Event::Start(Tag::FootnoteDefinition(name)) => self.start_footnote(&name),
            Event::End(TagEnd::FootnoteDefinition) => self.end_footnote(),
            Event::FootnoteReference(name) => {
                let html = self.footnotes.reference(&name);
                self.html(html);
            }
            Event::Start(Tag::BlockQuote(None) | Tag::List(_)) => {
                self.container_depth += 1;
                self.emit(event);
            }
            Event::End(TagEnd::BlockQuote(None) | TagEnd::List(_)) => {
                self.container_depth -= 1;
                self.emit(event);
            }
            Event::Start(Tag::Paragraph) => {
                self.in_summary = self.container_depth == 0 && self.result.summary.is_empty();
                self.paragraph = Some(OpenParagraph {
                    out_len: self.out.len(),
                    section_len: self.result.sections.last().map_or(0, |s| s.text.len()),
                    summary_len: self.result.summary.len(),
                    offset,
                    end: self.event_end,
                });
                self.emit(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.in_summary = false;
                if self.make_figure() {
                    return;
                }
                self.step_result();
                if self.include() || self.video_embed() {
                    return;
                }
                self.add_text(" ");
                self.emit(event);
            }
            Event::Text(text) => {
                let text = self.substitute_vars(text, offset);
                let text = self.step_result_line(text);
                self.add_text(&text);
                self.check_abbreviations(&text, offset);
                if self.link_depth == 0 && self.heading.is_none() && (text.contains("http") || text.contains("www.")) {
                    self.autolink(&text, offset);
                } else if self.link_depth == 0 && self.heading.is_none() {
                    self.mark_terms(text);
                } else {
                    self.emit(Event::Text(text));
                }
            }
            Event::Code(code) => {
                self.add_text(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            Event::End(TagEnd::Item) => {
                self.add_text(" ");
                self.emit(event);
            }
            Event::InlineHtml(html) => {
                // Raw HTML inside a link (`<b>`, `<img alt>`) is taken as visible content.
                if let Some(link) = &mut self.link {
                    link.has_text = true;
                }
                self.raw_html(html, offset, false);
            }
            Event::Start(Tag::HtmlBlock) => self.raw_block = Some((String::new(), offset)),
            Event::Html(html) if self.raw_block.is_some() => {
                if let Some((block, _)) = &mut self.raw_block {
                    block.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((block, start)) = self.raw_block.take() {
                    self.raw_html(CowStr::from(block), start, true);
                }
            }
            Event::Html(html) => self.raw_html(html, offset, true),
            other => self.emit(other),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::config::MarkdownConfig;
    use crate::digest::Prehashed;
    use crate::markdown::{LinkError, Rewritten};

    pub(super) struct TestLinks;
    impl Links for TestLinks {
        fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
            match dest {
                "other.md#steps" => Ok(Rewritten {
                    url: "/other/#steps".into(),
                    anchor: Some(("content/other.md".into(), "steps".into())),
                }),
                d if d.starts_with("missing") => {
                    Err(LinkError { left_out: false, problem: "no such page".into(), help: "fix it".into() })
                }
                d => Ok(Rewritten { url: d.into(), anchor: None }),
            }
        }
        fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
            // Only `form.png` has a larger copy.
            (!dest.contains('@') || dest == "form@2x.png").then_some((10, 20))
        }
        fn video_embed(&self, name: &str) -> Result<String, LinkError> {
            match name {
                "intro" => Ok("<figure>intro</figure>\n".into()),
                _ => Err(LinkError {
                    left_out: false,
                    problem: format!("no video named `{name}`"),
                    help: "add it".into(),
                }),
            }
        }
    }

    pub(super) fn md(body: &str) -> RenderedMarkdown {
        md_with(body, None, &Default::default())
    }

    /// `md` for one audience (`docent build --role`) and with site values and a glossary.
    pub(super) fn md_with(body: &str, audience: Option<&str>, toolkit: &crate::markdown::Toolkit) -> RenderedMarkdown {
        render_with(body, &MarkdownConfig::default(), false, audience, toolkit)
    }

    /// Renders `body` of `content/a.md` (starting at line 5) with these settings and `TestLinks`.
    pub(super) fn render_with(
        body: &str,
        options: &MarkdownConfig,
        title_heading: bool,
        audience: Option<&str>,
        toolkit: &crate::markdown::Toolkit,
    ) -> RenderedMarkdown {
        let labels = Default::default();
        let input = MarkdownInput {
            source: "content/a.md",
            body,
            text_digest: 0,
            body_line: 5,
            options: Prehashed::of(options),
            title_heading,
            audience,
            toolkit: Prehashed::of(toolkit),
            labels: Prehashed::of(&labels),
        };
        render(&input, &TestLinks)
    }

    #[test]
    fn images_are_lazy_with_dimensions() {
        let r = md("![A diagram](d.png)");
        assert!(
            r.html.contains("<img src=\"d.png\" alt=\"A diagram\" width=\"10\" height=\"20\" loading=\"lazy\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn gfm_tables_tasks_strikethrough_footnotes_autolinks() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1] https://example.org\n\n[^1]: A footnote.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("<a href=\"https://example.org\">https://example.org</a>"), "{}", r.html);
    }

    #[test]
    fn the_sections_and_toc_digests_are_made_of_the_final_sections_and_headings() {
        // The search index keys each page by this digest instead of its text (`serve`): it
        // must follow every part of the sections.
        let r = md("First para.\n\n## Steps\n\nDo   this.\n");
        assert_eq!(r.sections_digest, Some(crate::markdown::sections_digest(&r.sections)));
        for other in ["First para.\n\n## Steps\n\nDo that.\n", "First para.\n\n## Stops\n\nDo this.\n"] {
            assert_ne!(md(other).sections_digest, r.sections_digest, "{other}");
        }
        assert_eq!(r.toc_digest, crate::digest::of_serialized(&r.toc()));
        assert_ne!(md("## Stops\n\nDo this.\n").toc_digest, md("## Steps\n\nDo this.\n").toc_digest);
        let mut moved = r.sections.clone();
        let first = std::mem::take(&mut moved[0].text);
        moved[1].text.insert_str(0, &first);
        assert_ne!(crate::markdown::sections_digest(&moved), crate::markdown::sections_digest(&r.sections));
    }

    #[test]
    fn summary_and_sections_are_plain_text() {
        let r = md("First *para*.\n\n## Steps\n\nDo <b>this</b>.\n");
        assert_eq!(r.summary, "First para.");
        assert_eq!(r.sections[1].heading, "Steps");
        assert_eq!(r.sections[1].text, "Do this.");
    }

    #[test]
    fn lints_name_missing_alt_skipped_levels_and_empty_links() {
        let r = md(
            "## Two\n\n#### Four\n\n![](d.png) ![ok](d.png)\n\n[](other.md#steps) [![](d.png)](x) [![a](d.png)](y) <https://a.org>\n",
        );
        let found: Vec<(LintKind, u32, u32)> =
            r.lints.iter().map(|l| (l.kind.clone(), l.span.line, l.span.col)).collect();
        assert_eq!(
            found,
            vec![
                (LintKind::SkippedHeadingLevel { from: 2, to: 4 }, 7, 1),
                (LintKind::ImageWithoutAlt { dest: "d.png".into() }, 9, 1),
                (LintKind::EmptyLinkText { dest: "other.md#steps".into() }, 11, 1),
                (LintKind::ImageWithoutAlt { dest: "d.png".into() }, 11, 21),
                (LintKind::EmptyLinkText { dest: "x".into() }, 11, 20),
            ]
        );
        let dests: Vec<&str> = r.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, vec!["d.png", "d.png", "other.md#steps", "x", "d.png", "y", "d.png", "https://a.org"]);
        assert!(r.links[0].is_image && !r.links[2].is_image);
    }

    #[test]
    fn first_heading_below_h2_is_a_skip_from_the_title() {
        let r = md("### Three\n");
        assert_eq!(r.lints[0].kind, LintKind::SkippedHeadingLevel { from: 1, to: 3 });
        assert!(md("## Two\n### Three\n## Two\n").lints.is_empty());
    }

    #[test]
    fn a_title_heading_is_left_out_and_other_h1s_are_linted() {
        let r = render_with(
            "# Install\n\nText.\n\n## Steps\n",
            &MarkdownConfig::default(),
            true,
            None,
            &Default::default(),
        );
        assert!(!r.html.contains("Install"), "{}", r.html);
        assert!(r.lints.is_empty(), "{:?}", r.lints);
        assert_eq!(r.headings.len(), 1);
        let r = md("Intro.\n\n# Again\n");
        assert_eq!(r.lints[0].kind, LintKind::SecondTitle { title: "Again".into() });
        assert_eq!(r.lints[0].span.line, 7);
    }

    #[test]
    fn deeply_nested_input_does_not_overflow() {
        let deep = ">".repeat(5000) + " x\n";
        let _ = md(&deep);
        let lists: String = (0..3000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
        let _ = md(&lists);
        let _ = md(&"*_".repeat(20000));
    }
}
