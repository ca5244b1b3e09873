//! Page-level warnings: what rendering noticed (images without alt text, skipped heading levels,
//! links without text), pages without a title or description, and very long pages.

use crate::Build;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::LintKind;

/// Pages with more words than this are hard to use as help; they should be split.
pub const LONG_PAGE_WORDS: usize = 5_000;

pub fn check_pages(build: &Build) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (i, page) in build.site.pages.iter().enumerate().filter(|(_, p)| !p.generated) {
        let md = &build.markdown[i];
        for lint in &md.lints {
            diags.push(lint_warning(&lint.kind, lint.span.clone(), page.front.title.is_some()));
        }
        let file = Span::file(&page.source);
        let title = page.front.title.as_deref().or_else(|| page.title_heading(&build.site.config));
        if title.is_none_or(|t| t.trim().is_empty()) {
            diags.push(
                Diagnostic::warning(
                    file.clone(),
                    format!("page has no title; the menu and the browser tab show \"{}\"", build.map.pages[i].title),
                )
                .with_help("add a title to the front matter: title = \"Reset your password\""),
            );
        }
        if page.front.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            diags.push(
                Diagnostic::warning(file.clone(), "page has no description")
                    .with_help("add one sentence that says what the page helps with: description = \"...\"; search results and section lists show it"),
            );
        }
        let words: usize = md.sections.iter().map(|s| s.text.split_whitespace().count()).sum();
        if words > LONG_PAGE_WORDS {
            diags.push(
                Diagnostic::warning(file, format!("very long page: {words} words (more than {LONG_PAGE_WORDS})"))
                    .with_help("split it into pages of one task each, in a section (a folder with _index.md)"),
            );
        }
    }
    diags
}

fn lint_warning(kind: &LintKind, span: Span, has_title: bool) -> Diagnostic {
    use crate::markdown::leftovers::Leftover;
    match kind {
        LintKind::Leftover { text, kind } => {
            let (what, help) = match kind {
                Leftover::MdbookDirective => (
                    "an mdBook directive",
                    "docent does not run mdBook's preprocessor: paste the text it would include here, or link to the file",
                ),
                Leftover::HugoShortcode => (
                    "a Hugo shortcode",
                    "docent does not run shortcodes: write what it would produce in Markdown (a link, an image, a callout)",
                ),
                Leftover::TemplateTag => (
                    "template syntax",
                    "docent does not run Zola or Jinja shortcodes in pages: write it in Markdown; if the braces are meant as text, put them in a code block, or write \\{{ to escape them",
                ),
            };
            Diagnostic::warning(span, format!("{what} shown as text: {text}")).with_help(help)
        }
        LintKind::AbbreviationNotExplained { abbreviation } => Diagnostic::warning(
            span,
            format!("abbreviation {abbreviation} is used before the page spells it out"),
        )
        .with_help(format!(
            "write it out at its first use, \"Full Name ({abbreviation})\", or add [{abbreviation}] with `full = \"...\"` to glossary.toml so every page explains it"
        )),
        LintKind::SecondTitle { title } => {
            let help = if has_title {
                format!("the front matter `title` is the page's h1; remove this heading, or make it `## {title}`")
            } else {
                "with `[markdown] title_from_heading = true` in docent.toml, a `# heading` on a page's first line is its title; or add a front matter `title` and remove this line".to_string()
            };
            Diagnostic::warning(span, format!("second h1 `# {title}`: the page's title is already its h1")).with_help(help)
        }
        LintKind::ImageWithoutAlt { dest } => Diagnostic::warning(span, format!("image {dest} has no alt text"))
            .with_help(format!(
                "say what the image shows between the brackets, ![Password reset form]({dest}); screen readers read it aloud"
            )),
        LintKind::SkippedHeadingLevel { from, to } => {
            let next = from + 1;
            Diagnostic::warning(span, format!("heading level skipped: h{from} to h{to}")).with_help(format!(
                "use h{next} (`{} `) here; the page title is h1, so a page's headings start at ##",
                "#".repeat(next as usize)
            ))
        }
        LintKind::EmptyLinkText { dest } => Diagnostic::warning(span, format!("link to {dest} has no text"))
            .with_help(format!("write where the link leads between the brackets: [Reset your password]({dest})")),
        LintKind::RawHtmlDropped { what } => {
            Diagnostic::warning(span, format!("raw HTML dropped by raw_html = \"safe\": {what}")).with_help(
                "\"safe\" keeps formatting (<kbd>, <details>, tables, links, images) but no scripts, event handlers, styles, forms, frames, <base> or <meta>; remove it, or set raw_html = \"allow\" under [markdown] in docent.toml if every author is trusted",
            )
        }
        LintKind::RawHtmlShownAsText { what } => {
            Diagnostic::warning(span, format!("raw HTML shown as text by raw_html = \"deny\": {what}")).with_help(
                "write it in Markdown, or set raw_html = \"safe\" (formatting tags only) or \"allow\" under [markdown] in docent.toml",
            )
        }
    }
}
