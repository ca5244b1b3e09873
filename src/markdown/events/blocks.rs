//! `:::` blocks in the events pass: the fence paragraphs `containers::prepare` set apart become
//! the blocks' HTML, and the text inside `only` blocks becomes search sections for their roles.
//!
//! - `steps`: `<div class="steps">` around the author's ordered list; a line or paragraph starting with
//!   `Result:` (or `Resultado:`, `Résultat :`) is the step's result, shown apart.
//! - `tabs`: `<div class="tabs">` of `<section class="tab-panel">`, each headed by its title
//!   (`h2`-`h6`, one below the heading before). The theme script makes them a tablist; without
//!   it they are headed sections one after the other.
//! - `details`: `<details>` with the title as `<summary>`.
//! - `only`: `<div class="only">` labelled with its roles; in a `--role` build, the block for
//!   that role is written without label or wrapper and blocks for other roles are left out.

use super::Pass;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::TextSection;
use crate::markdown::containers::{Container, Fence};
use crate::markdown::text::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// How a result paragraph in a step starts (one word per language docent's theme speaks).
const RESULT_WORDS: &[&str] = &["Result:", "Resultado:", "Résultat :", "Résultat:"];

/// A block being written.
pub(super) struct OpenBlock {
    kind: Container,
    /// Where its fence is, for problems found when it closes.
    offset: usize,
    /// Steps: a numbered list was seen.
    seen: bool,
    /// An `only` block written without wrapper (a `--role` build for its audience).
    bare: bool,
    /// Tabs: the open panel's place in the output, where its content starts, and its title's id.
    panel: Option<(usize, usize, String)>,
}

impl<'a> Pass<'_, 'a> {
    /// The problems `containers::prepare` found, as diagnostics, and the roles `only` blocks name.
    pub(super) fn block_problems(&mut self) {
        let at = |line: u32| Span::new(self.input.source, self.input.body_line + line - 1, 1);
        for p in &self.prepared.problems {
            let d = if p.warning {
                Diagnostic::warning(at(p.line), &p.message)
            } else {
                Diagnostic::error(at(p.line), &p.message)
            };
            self.result.diagnostics.push(d.with_help(p.help.clone()));
        }
        self.result.only_roles = self.prepared.only_roles.iter().map(|(r, line)| (r.clone(), at(*line))).collect();
    }

    /// Handles the events of fence paragraphs (true: the event is used up) and notes ordered
    /// lists inside `steps`.
    pub(super) fn fence_event(&mut self, event: &Event<'a>, offset: usize) -> bool {
        if let Some(fence) = &self.fence {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                let fence = fence.clone();
                self.fence = None;
                self.fence_done(fence, offset);
            }
            return true;
        }
        match event {
            Event::Start(Tag::Paragraph) if self.code.is_none() => {
                // The fences of the included file being read, else the page's.
                let fences = self.frames.last().map_or(&self.prepared.fences, |f| &f.prepared.fences);
                if let Some(fence) = fences.get(&offset) {
                    self.fence = Some(fence.clone());
                    return true;
                }
            }
            Event::Start(Tag::List(Some(_))) if self.skip == 0 => {
                if let Some(b) = self.blocks.last_mut().filter(|b| b.kind == Container::Steps) {
                    b.seen = true;
                }
            }
            _ => {}
        }
        false
    }

    fn fence_done(&mut self, fence: Fence, offset: usize) {
        if self.skip > 0 {
            match fence {
                Fence::Open(_) => self.skip += 1,
                Fence::Close => self.skip -= 1,
                Fence::Tab(_) => {}
            }
            return;
        }
        match fence {
            Fence::Open(kind) => self.open_block(kind, offset),
            Fence::Tab(title) => self.start_tab(&title, offset),
            Fence::Close => self.close_block(),
        }
    }

    fn open_block(&mut self, kind: Container, offset: usize) {
        self.block_count += 1;
        self.container_depth += 1;
        let mut bare = false;
        match &kind {
            Container::Steps => self.html("<div class=\"steps\">\n".into()),
            Container::Tabs => self.html(format!("<div class=\"tabs\" id=\"tabs-{}\">\n", self.block_count)),
            Container::Details { summary } => {
                let (html, plain) = self.inline_html(summary, offset);
                self.add_text(&plain);
                self.add_text(" ");
                self.html(format!("<details class=\"details\"><summary>{html}</summary>\n"));
            }
            Container::Only { roles } => match self.input.audience {
                Some(a) if roles.iter().any(|r| r == a) => bare = true,
                Some(_) => {
                    self.container_depth -= 1;
                    self.skip = 1;
                    return;
                }
                None => {
                    let label = self.input.labels.only_for.replace("{roles}", &escape(&roles.join(", ")));
                    self.html(format!(
                        "<div class=\"only\" data-roles=\"{}\"><p class=\"only-label\">{label}</p>\n",
                        escape(&roles.join(","))
                    ));
                    self.continue_section(roles.clone());
                }
            },
        }
        self.blocks.push(OpenBlock { kind, offset, seen: false, bare, panel: None });
    }

    fn start_tab(&mut self, title: &str, offset: usize) {
        if !self.blocks.last().is_some_and(|b| b.kind == Container::Tabs) {
            return;
        }
        self.end_panel();
        let start = self.out.len();
        let (html, plain) = self.inline_html(title, offset);
        let base = crate::slug::slugify(&plain);
        let id = self.unique_id(if base.is_empty() { "tab".into() } else { base });
        self.result.anchors.push(id.clone());
        self.add_text(&plain);
        self.add_text(" ");
        let level = (self.last_heading_level + 1).clamp(2, 6);
        self.html(format!(
            "<section class=\"tab-panel\"><h{level} class=\"tab-title\" id=\"{}\">{html}</h{level}>\n",
            escape(&id)
        ));
        if let Some(block) = self.blocks.last_mut() {
            block.panel = Some((start, self.out.len(), id));
        }
    }

    /// Ends the open tab. A tab left empty (its content was all for another audience, in a
    /// `--role` build) is removed rather than shown as an empty panel.
    fn end_panel(&mut self) {
        let Some((start, body, id)) = self.blocks.last_mut().and_then(|b| b.panel.take()) else { return };
        if self.out.len() == body && self.input.audience.is_some() {
            self.out.truncate(start);
            self.result.anchors.retain(|a| *a != id);
        } else {
            self.html("</section>\n".into());
        }
    }

    pub(super) fn close_block(&mut self) {
        if self.blocks.last().is_some_and(|b| b.kind == Container::Tabs) {
            self.end_panel();
        }
        let Some(block) = self.blocks.pop() else { return };
        self.container_depth = self.container_depth.saturating_sub(1);
        match block.kind {
            Container::Steps => {
                if !block.seen {
                    let span = self.span(block.offset);
                    self.result.diagnostics.push(
                        Diagnostic::warning(span, "`::: steps` has no numbered list")
                            .with_help("write the steps as a list `1. …`, `2. …` inside the block"),
                    );
                }
                self.html("</div>\n".into());
            }
            Container::Tabs => self.html("</div>\n".into()),
            Container::Details { .. } => self.html("</details>\n".into()),
            Container::Only { .. } if block.bare => {}
            Container::Only { .. } => {
                self.html("</div>\n".into());
                let roles = self.only_roles();
                self.continue_section(roles);
            }
        }
    }

    /// Closes what the page left open (fence lines the parser read as something else, such as
    /// inside an HTML comment), so that the page's HTML stays well formed.
    pub(super) fn close_blocks(&mut self) {
        self.skip = 0;
        while !self.blocks.is_empty() {
            self.close_block();
        }
    }

    /// The roles of the innermost labelled `only` block (empty outside any).
    pub(super) fn only_roles(&self) -> Vec<String> {
        self.blocks
            .iter()
            .rev()
            .find_map(|b| match &b.kind {
                Container::Only { roles } if !b.bare => Some(roles.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Starts a search section under the same heading as the current one, for other roles.
    fn continue_section(&mut self, roles: Vec<String>) {
        let last = self.result.sections.last().cloned().unwrap_or_default();
        self.result.sections.push(TextSection { id: last.id, heading: last.heading, text: String::new(), roles });
    }

    /// In a `steps` block, marks a paragraph that starts with `Result:` as the step's result.
    pub(super) fn step_result(&mut self) {
        if self.heading.is_some() || !self.blocks.iter().any(|b| b.kind == Container::Steps) {
            return;
        }
        let Some(start) = self.paragraph.as_ref().map(|p| p.out_len) else { return };
        let Some(Event::Text(text)) = self.out.get(start + 1) else { return };
        let Some(word) = RESULT_WORDS.iter().find(|w| text.starts_with(**w)) else { return };
        let rest = text[word.len()..].to_string();
        let label = format!("<p class=\"step-result\"><span class=\"step-result-label\">{}</span>", escape(word));
        self.out[start] = Event::Html(CowStr::from(label));
        self.out[start + 1] = Event::Text(CowStr::from(rest));
    }
}

impl<'a> Pass<'_, 'a> {
    /// In a `steps` block, a line of a step that starts with `Result:` (a tight list has no
    /// paragraphs): the line break before it opens the result, and the text loses the word,
    /// which the label shows.
    pub(super) fn step_result_line(&mut self, text: CowStr<'a>) -> CowStr<'a> {
        if self.heading.is_some() || self.result_line || !self.blocks.iter().any(|b| b.kind == Container::Steps) {
            return text;
        }
        if !matches!(self.out.last(), Some(Event::SoftBreak)) {
            return text;
        }
        let Some(word) = RESULT_WORDS.iter().find(|w| text.starts_with(**w)) else { return text };
        let label = format!("<span class=\"step-result\"><span class=\"step-result-label\">{}</span>", escape(word));
        self.out.pop();
        self.out.push(Event::Html(CowStr::from(label)));
        self.result_line = true;
        CowStr::from(text[word.len()..].to_string())
    }

    /// Closes a result line where its paragraph or step ends, or a nested list starts.
    pub(super) fn end_step_result_line(&mut self, event: &Event<'a>) {
        if self.result_line
            && matches!(
                event,
                Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_) | Tag::Paragraph)
            )
        {
            self.result_line = false;
            self.out.push(Event::Html(CowStr::from("</span>")));
        }
    }
}

/// Drops the sections an `only` block left empty (the rest of a section after a block that
/// ends it, say), keeping each heading's own section even when it has no text.
pub(super) fn drop_empty_sections(sections: &mut Vec<TextSection>) {
    let mut kept: Vec<TextSection> = Vec::with_capacity(sections.len());
    for s in sections.drain(..) {
        let first_of_heading = s.id.is_some() && kept.last().is_none_or(|k| k.id != s.id);
        if first_of_heading || !s.text.trim().is_empty() {
            kept.push(s);
        }
    }
    *sections = kept;
}

#[cfg(test)]
mod tests {
    use crate::config::MarkdownConfig;
    use crate::digest::Prehashed;
    use crate::markdown::events::tests::{TestLinks, md};
    use crate::markdown::{MarkdownInput, RenderedMarkdown, render};

    fn md_for(body: &str, audience: &str) -> RenderedMarkdown {
        crate::markdown::events::tests::md_with(body, Some(audience), &Default::default())
    }

    #[test]
    fn steps_are_a_numbered_procedure_with_results() {
        let r = md("::: steps\n1. Open the form.\n\n   Result: The form opens.\n2. Send it.\n:::\n");
        assert!(r.html.starts_with("<div class=\"steps\">\n<ol>"), "{}", r.html);
        assert!(
            r.html.contains(
                "<p class=\"step-result\"><span class=\"step-result-label\">Result:</span> The form opens.</p>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.trim_end().ends_with("</ol>\n</div>"), "{}", r.html);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(!r.sections[0].text.contains(":::"), "{:?}", r.sections);
        let r = md("Result: not in steps.\n");
        assert!(!r.html.contains("step-result"));
    }

    #[test]
    fn a_result_line_in_a_tight_list_is_shown_apart() {
        let r = md("::: steps\n1. Open the form.\n   Result: The form opens.\n2. Send it.\n   - a detail\n:::\n");
        assert!(
            r.html.contains(
                "<li>Open the form.<span class=\"step-result\"><span class=\"step-result-label\">Result:</span> The form opens.</span></li>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<li>Send it.\n<ul>"), "{}", r.html);
        let r = md("1. Open.\n   Result: not in steps.\n");
        assert!(!r.html.contains("step-result"), "{}", r.html);
    }

    #[test]
    fn a_steps_block_without_a_list_is_a_warning() {
        let r = md("\n::: steps\nJust a paragraph.\n:::\n");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.diagnostics[0].message, "`::: steps` has no numbered list");
        assert_eq!(r.diagnostics[0].span.as_ref().unwrap().line, 6);
    }

    #[test]
    fn tabs_are_headed_sections_with_steps_inside() {
        let r = md(
            "## Send a request\n\n::: tabs\n== Clinic staff\n::: steps\n1. Go.\n:::\n== School *nurse*\nAsk the **RN**.\n:::\n\nAfter.\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let expected = "<div class=\"tabs\" id=\"tabs-1\">\n<section class=\"tab-panel\"><h3 class=\"tab-title\" \
                        id=\"clinic-staff\">Clinic staff</h3>\n<div class=\"steps\">\n<ol>\n<li>Go.</li>\n</ol>\n</div>\n\
                        </section>\n<section class=\"tab-panel\"><h3 class=\"tab-title\" id=\"school-nurse\">School \
                        <em>nurse</em></h3>\n<p>Ask the <strong>RN</strong>.</p>\n</section>\n</div>\n<p>After.</p>";
        assert!(r.html.contains(expected), "{}", r.html);
        assert!(r.has_anchor("school-nurse"));
        assert_eq!(r.headings.len(), 1, "tab titles are not in the table of contents");
        assert!(r.sections[0].text.contains("School nurse Ask the RN."), "{:?}", r.sections);
    }

    #[test]
    fn details_have_a_summary() {
        let r = md("::: details Why is my account `locked`?\nToo many tries.\n:::\n");
        assert!(
            r.html.contains(
                "<details class=\"details\"><summary>Why is my account <code>locked</code>?</summary>\n<p>Too many tries.</p>\n</details>"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn only_blocks_are_labelled_and_their_text_carries_the_roles() {
        let body =
            "Intro.\n\n::: only roles=\"school nurse\"\nAsk your **RN**.\n\n## Nurse steps\n\nMore.\n:::\n\nFor all.\n";
        let r = md(body);
        assert!(
            r.html.contains(
                "<div class=\"only\" data-roles=\"school nurse\"><p class=\"only-label\">For: school nurse</p>\n<p>Ask your"
            ),
            "{}",
            r.html
        );
        let found: Vec<(Option<&str>, &str, Vec<String>)> =
            r.sections.iter().map(|s| (s.id.as_deref(), s.text.as_str(), s.roles.clone())).collect();
        let nurse = vec!["school nurse".to_string()];
        assert_eq!(
            found,
            vec![
                (None, "Intro.", vec![]),
                (None, "Ask your RN.", nurse.clone()),
                (Some("nurse-steps"), "More.", nurse.clone()),
                (Some("nurse-steps"), "For all.", vec![]),
            ]
        );
        assert_eq!(r.only_roles.len(), 1);
        assert_eq!(r.only_roles[0].1.line, 7);
        // A build for school nurses shows the block bare; one for clinic staff leaves it out.
        let r = md_for(body, "school nurse");
        assert!(!r.html.contains("only-label") && r.html.contains("Ask your"), "{}", r.html);
        let r = md_for(body, "clinic staff");
        assert!(!r.html.contains("Ask your") && !r.html.contains("More."), "{}", r.html);
        assert!(r.html.contains("For all."), "{}", r.html);
        assert!(r.headings.is_empty(), "{:?}", r.headings);
    }

    #[test]
    fn the_only_label_is_in_the_pages_language() {
        let config = crate::config::Config::parse("language = \"fr\"\n").unwrap();
        let labels = crate::markdown::Labels::new(&crate::strings::strings_for("fr", &config));
        let options = MarkdownConfig::default();
        let toolkit = Default::default();
        let input = MarkdownInput {
            source: "content/a.md",
            body: "::: only roles=\"infirmière scolaire\"\nx\n:::\n",
            text_digest: 0,
            body_line: 5,
            options: Prehashed::of(&options),
            title_heading: false,
            audience: None,
            toolkit: Prehashed::of(&toolkit),
            labels: Prehashed::of(&labels),
        };
        let r = render(&input, &TestLinks);
        assert!(r.html.contains("<p class=\"only-label\">Pour\u{a0}: infirmière scolaire</p>"), "{}", r.html);
    }

    #[test]
    fn a_tab_left_empty_in_a_role_build_is_removed() {
        let body =
            "::: tabs\n== Clinic staff\nSend it.\n== School nurse\n::: only roles=\"school nurse\"\nAsk.\n:::\n:::\n";
        let r = md_for(body, "clinic staff");
        assert!(!r.html.contains("School nurse") && r.html.contains("Send it."), "{}", r.html);
        assert!(!r.has_anchor("school-nurse"));
        assert_eq!(r.html.matches("<section").count(), r.html.matches("</section>").count(), "{}", r.html);
        let r = md(body);
        assert!(r.html.contains("School nurse"), "the full site keeps every tab: {}", r.html);
    }

    #[test]
    fn block_problems_name_their_line() {
        let r = md("Intro\n\n::: tabs\nNo titles.\n");
        let found: Vec<(&str, u32)> =
            r.diagnostics.iter().map(|d| (d.message.as_str(), d.span.as_ref().unwrap().line)).collect();
        assert_eq!(found, vec![("`::: tabs` has no tab titles", 7), ("`::: tabs` is never closed", 7)]);
        assert!(r.html.trim_end().ends_with("</div>"), "{}", r.html);
        let r = md("\n::: warning\nx\n:::\n");
        assert_eq!(r.diagnostics[0].message, "unknown block `::: warning`");
        assert_eq!(r.diagnostics[0].span.as_ref().unwrap().line, 6);
    }

    #[test]
    fn lines_after_blocks_keep_their_numbers() {
        let r = md("::: details A\nText\n:::\nSee [x](missing.md).\n");
        assert_eq!(r.diagnostics[0].span.as_ref().unwrap().line, 8, "{:?}", r.diagnostics);
    }
}
