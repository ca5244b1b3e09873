//! The events pass's include step: a paragraph that is only `::include[PATH]` or
//! `::include[PATH#heading]` is replaced by the events of that file (or section), parsed on its
//! own and fed through the same pass, so that headings, terms, variables, links and search text
//! work as if the author had pasted it. Problems inside an included file point at that file's
//! lines; cycles and missing files name the chain of includes.

use super::super::include::{place, relocate, section, target_path};
use super::Pass;
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use pulldown_cmark::Parser;
use std::sync::Arc;

/// How deep includes may nest, and how many files one page may include in all: a page of a few
/// lines must not expand to millions (a file included twice by a file included twice...).
const MAX_DEPTH: usize = 16;
const MAX_INCLUDES: usize = 1_000;

/// An included file being rendered.
pub(super) struct Frame {
    /// Its path from the site root (`snippets/shared/steps.md`).
    source: String,
    /// The Markdown it included (the whole file or a heading's section), with its `:::` fence
    /// lines set apart (`containers::prepare`), as the page's body is.
    pub(super) text: Arc<str>,
    /// The line of the file where `text` starts.
    first_line: u32,
    /// The fences of `text` and the map from its lines back to the file's.
    pub(super) prepared: crate::markdown::containers::Prepared,
    /// Where the include that brought it in is.
    included_at: Span,
}

impl Frame {
    pub(super) fn span(&self, offset: usize) -> Span {
        let (line, col) = LineIndex::new(&self.text).position(offset);
        Span::new(&self.source, self.first_line + self.prepared.original_line(line) - 1, col)
    }
}

impl Pass<'_, '_> {
    /// Replaces a paragraph that is only `::include[...]` with the file it names; true when it
    /// was one (rendered, or reported).
    pub(super) fn include(&mut self) -> bool {
        let Some(p) = &self.paragraph else { return false };
        if self.heading.is_some() {
            return false;
        }
        let written = self.text().get(p.offset..p.end).unwrap_or("").trim();
        let Some(target) = written.strip_prefix("::include[").and_then(|r| r.strip_suffix(']')) else {
            return false;
        };
        if target.contains(['\n', '[', ']']) {
            return false;
        }
        let target = target.trim().to_string();
        let Some(p) = self.paragraph.take() else { return false };
        self.out.truncate(p.out_len);
        if let Some(s) = self.result.sections.last_mut() {
            s.text.truncate(p.section_len);
        }
        self.result.summary.truncate(p.summary_len);
        let at = self.span(p.offset);
        if let Err(d) = self.render_include(&target, at.clone()) {
            self.result.diagnostics.push(d.with_chain(&self.chain(), &at));
        }
        true
    }

    fn render_include(&mut self, target: &str, at: Span) -> Result<(), IncludeProblem> {
        let anchor = target.split_once('#').map(|(_, a)| a);
        let path = target_path(target).map_err(|why| IncludeProblem::new(at.clone(), target, why, None))?;
        if self.frames.len() >= MAX_DEPTH || self.includes >= MAX_INCLUDES {
            let why = format!("more than {MAX_DEPTH} levels deep or {MAX_INCLUDES} files on one page");
            return Err(IncludeProblem::new(at, target, why, Some("include fewer files".into())));
        }
        let snippet =
            self.links.snippet(&path).map_err(|e| IncludeProblem::new(at.clone(), target, e.problem, Some(e.help)))?;
        let on_stack = snippet.source == self.input.source || self.frames.iter().any(|f| f.source == snippet.source);
        if on_stack {
            let mut chain = self.chain();
            chain.push(format!("{}:{} includes {}", at.file, at.line, snippet.source));
            return Err(IncludeProblem {
                span: at,
                message: format!("include cycle: {}", chain.join(", ")),
                help: Some("an included file cannot include itself or a file that includes it".into()),
                chained: true,
            });
        }
        let range = match anchor.filter(|a| !a.is_empty()) {
            None => 0..snippet.text.len(),
            Some(anchor) => {
                let slug = |title: &str, custom: Option<&str>| {
                    custom.map_or_else(|| super::headings::heading_slug(&self.input.options, title), str::to_string)
                };
                section(&snippet.text, anchor, slug).map_err(|headings| {
                    let mut budget = super::super::HINT_BUDGET;
                    let help = super::super::no_such_heading_help(anchor, &headings, &mut budget);
                    let why = format!("{} has no heading #{anchor}", snippet.source);
                    IncludeProblem::new(at.clone(), target, why, Some(help))
                })?
            }
        };
        self.includes += 1;
        let first_line = snippet.first_line + snippet.text[..range.start].matches('\n').count() as u32;
        // `:::` blocks work in an included file as in a page: its fences are its own.
        let prepared = crate::markdown::containers::prepare(&snippet.text[range]);
        let text: Arc<str> = Arc::from(prepared.body.as_str());
        let line_of = |line: u32| Span::new(&snippet.source, first_line + line - 1, 1);
        for p in &prepared.problems {
            let d = if p.warning {
                Diagnostic::warning(line_of(p.line), &p.message)
            } else {
                Diagnostic::error(line_of(p.line), &p.message)
            };
            self.result.diagnostics.push(d.with_help(p.help.clone()));
        }
        self.result.only_roles.extend(prepared.only_roles.iter().map(|(r, line)| (r.clone(), line_of(*line))));
        self.frames.push(Frame {
            source: snippet.source.clone(),
            text: text.clone(),
            first_line,
            prepared,
            included_at: at,
        });
        let opts = super::parser_options(self.input);
        let events = pulldown_cmark::TextMergeWithOffset::new(Parser::new_ext(&text, opts).into_offset_iter());
        let (depth, skip) = (self.blocks.len(), self.skip);
        for (event, r) in events {
            let event = event.into_static();
            if self.fence_event(&event, r.start) || self.skip > 0 {
                continue;
            }
            self.event_end = r.end;
            self.event(event, r.start);
        }
        // A block the file left open (reported above) ends with it.
        while self.blocks.len() > depth {
            self.close_block();
        }
        self.skip = skip;
        self.frames.pop();
        Ok(())
    }

    /// The includes that led here: `content/a.md:3 includes snippets/b.md`, outermost first.
    fn chain(&self) -> Vec<String> {
        self.frames
            .iter()
            .map(|f| format!("{}:{} includes {}", f.included_at.file, f.included_at.line, f.source))
            .collect()
    }

    /// A link target as the page must write it: targets in an included file are written
    /// relative to that file.
    pub(super) fn relocate(&self, dest: &str) -> String {
        match self.frames.last() {
            Some(f) => relocate(dest, place(&f.source), place(self.input.source)),
            None => dest.to_string(),
        }
    }
}

/// Why an include failed, before the chain of includes is added.
struct IncludeProblem {
    span: Span,
    message: String,
    help: Option<String>,
    /// The message already names the chain (a cycle).
    chained: bool,
}

impl IncludeProblem {
    fn new(span: Span, target: &str, why: String, help: Option<String>) -> IncludeProblem {
        IncludeProblem { span, message: format!("::include[{target}]: {why}"), help, chained: false }
    }

    fn with_chain(self, chain: &[String], _at: &Span) -> Diagnostic {
        let mut message = self.message;
        if !self.chained && !chain.is_empty() {
            message.push_str(&format!(" (via {})", chain.join(", ")));
        }
        let d = Diagnostic::error(self.span, message);
        match self.help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use crate::config::MarkdownConfig;
    use crate::digest::Prehashed;
    use crate::markdown::{LinkError, Links, MarkdownInput, RenderedMarkdown, Rewritten, Snippet};

    /// Files by path under content/ or snippets/.
    struct Files(Vec<(&'static str, &'static str)>);
    impl Links for Files {
        fn rewrite(&self, dest: &str) -> Result<Rewritten, LinkError> {
            Ok(Rewritten { url: format!("/r/{dest}"), anchor: None })
        }
        fn image_size(&self, _: &str) -> Option<(u32, u32)> {
            None
        }
        fn snippet(&self, path: &str) -> Result<Snippet, LinkError> {
            for root in ["content", "snippets"] {
                let source = format!("{root}/{path}");
                if let Some((_, text)) = self.0.iter().find(|(p, _)| *p == source) {
                    return Ok(Snippet { source, text: (*text).into(), first_line: 1 });
                }
            }
            Err(LinkError {
                left_out: false,
                problem: "no such file".into(),
                help: format!("looked for content/{path}"),
            })
        }
    }

    fn md(source: &str, body: &str, files: &Files) -> RenderedMarkdown {
        let options = MarkdownConfig::default();
        let toolkit = Default::default();
        let labels = Default::default();
        let input = MarkdownInput {
            source,
            body,
            text_digest: 0,
            body_line: 1,
            options: Prehashed::of(&options),
            title_heading: false,
            toolkit: Prehashed::of(&toolkit),
            audience: None,
            labels: Prehashed::of(&labels),
        };
        render(&input, files)
    }

    #[test]
    fn an_include_renders_the_file_with_its_links_relative_to_it() {
        let files = Files(vec![(
            "snippets/shared/request.md",
            "## Send a request\n\nChoose **Immunizations**, see [reset](../login/reset.md) and ![form](form.png).\n",
        )]);
        let r = md("content/forms/new.md", "Intro.\n\n::include[shared/request.md]\n\nAfter.\n", &files);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(!r.html.contains("::include"), "{}", r.html);
        assert!(r.html.contains("<strong>Immunizations</strong>"), "{}", r.html);
        assert!(r.html.contains("href=\"/r/../login/reset.md\""), "{}", r.html);
        assert!(r.html.contains("src=\"/r/../shared/form.png\""), "{}", r.html);
        assert_eq!(r.headings[0].id, "send-a-request");
        let lines: Vec<(&str, u32)> = r.links.iter().map(|l| (l.span.file.as_str(), l.span.line)).collect();
        assert_eq!(lines, vec![("snippets/shared/request.md", 3), ("snippets/shared/request.md", 3)]);
    }

    #[test]
    fn blocks_in_an_included_file_work_and_their_problems_name_its_lines() {
        let files = Files(vec![
            ("snippets/steps.md", "Intro.\n\n::: steps\n1. Open the form.\n   Result: It opens.\n2. Send it.\n:::\n"),
            ("snippets/open.md", "## Part\n\nText.\n\n::: details More\nHidden.\n"),
        ]);
        let r = md("content/a.md", "Before.\n\n::include[steps.md]\n\nAfter.\n", &files);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.html.contains("<div class=\"steps\">"), "{}", r.html);
        assert!(!r.html.contains(":::"), "{}", r.html);
        assert!(r.html.contains("After."), "{}", r.html);
        // An unclosed block in a section include is reported at the file's own line.
        let r = md("content/a.md", "::include[open.md#part]\n", &files);
        let d = r.diagnostics.iter().find(|d| d.message.contains("never closed") || d.message.contains("not closed"));
        let d = d.unwrap_or_else(|| panic!("{:?}", r.diagnostics));
        let span = d.span.as_ref().unwrap();
        assert_eq!((span.file.as_str(), span.line), ("snippets/open.md", 5), "{d:?}");
    }

    #[test]
    fn a_section_include_takes_that_heading_s_text_only() {
        let files = Files(vec![("content/faq.md", "## One\n\nFirst.\n\n## Two\n\nSecond.\n")]);
        let r = md("content/a.md", "::include[faq.md#two]\n", &files);
        assert!(r.html.contains("Second.") && !r.html.contains("First."), "{}", r.html);
        let r = md("content/a.md", "Text\n\n::include[faq.md#three]\n", &files);
        let d = &r.diagnostics[0];
        assert_eq!(d.message, "::include[faq.md#three]: content/faq.md has no heading #three");
        assert_eq!(d.span.as_ref().unwrap().line, 3);
        assert_eq!(d.help.as_deref(), Some("headings there: one, two"));
    }

    #[test]
    fn cycles_name_the_chain_of_files_and_lines() {
        let files =
            Files(vec![("snippets/a.md", "A\n\n::include[b.md]\n"), ("snippets/b.md", "B\n\n\n::include[a.md]\n")]);
        let r = md("content/page.md", "::include[a.md]\n", &files);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!(
            d.message,
            "include cycle: content/page.md:1 includes snippets/a.md, snippets/a.md:3 includes snippets/b.md, snippets/b.md:4 includes snippets/a.md"
        );
        assert_eq!((d.span.as_ref().unwrap().file.as_str(), d.span.as_ref().unwrap().line), ("snippets/b.md", 4));
        let files = Files(vec![("content/self.md", "x\n\n::include[self.md]\n")]);
        let r = md("content/self.md", "x\n\n::include[self.md]\n", &files);
        assert!(r.diagnostics[0].message.starts_with("include cycle: content/self.md:3 includes content/self.md"));
    }

    #[test]
    fn missing_files_and_escapes_are_errors_naming_where() {
        let files = Files(vec![("snippets/a.md", "A\n\n::include[gone.md]\n")]);
        let r = md("content/page.md", "::include[a.md]\n", &files);
        let d = &r.diagnostics[0];
        assert_eq!(d.message, "::include[gone.md]: no such file (via content/page.md:1 includes snippets/a.md)");
        assert_eq!((d.span.as_ref().unwrap().file.as_str(), d.span.as_ref().unwrap().line), ("snippets/a.md", 3));
        let r = md("content/page.md", "::include[../docent.toml]\n", &files);
        assert_eq!(
            r.diagnostics[0].message,
            "::include[../docent.toml]: `../docent.toml` leaves content/ (and snippets/)"
        );
        let r = md("content/page.md", "Say ::include[a.md] inline.\n", &files);
        assert!(r.diagnostics.is_empty() && r.html.contains("::include[a.md]"), "only a paragraph of its own");
    }

    #[test]
    fn errors_inside_an_included_file_point_at_its_lines() {
        let files = Files(vec![("snippets/a.md", "One.\n\nTwo :var[nope].\n")]);
        let r = md("content/page.md", "Intro\n\n::include[a.md]\n", &files);
        let span = r.diagnostics[0].span.clone().unwrap();
        assert_eq!((span.file.as_str(), span.line, span.col), ("snippets/a.md", 3, 5));
    }
}
