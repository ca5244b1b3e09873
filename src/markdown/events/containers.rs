//! Blocks that wrap other blocks: callouts (`> [!WARNING]`, titled in the page's language),
//! tables (in a labelled region that scrolls on a phone) and footnote definitions. Each counts
//! as a container, so a paragraph inside one is not taken for the page's summary.

use super::Pass;
use pulldown_cmark::{BlockQuoteKind, Event};

impl<'a> Pass<'_, 'a> {
    pub(super) fn start_callout(&mut self, kind: BlockQuoteKind) {
        self.container_depth += 1;
        let (class, index) = callout(kind);
        let label = &self.input.labels.callouts[index];
        self.html(format!(
            "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
        ));
    }

    pub(super) fn start_table(&mut self, event: Event<'a>) {
        self.container_depth += 1;
        self.html(format!(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
            self.input.labels.table
        ));
        self.emit(event);
    }

    pub(super) fn start_footnote(&mut self, name: &str) {
        self.container_depth += 1;
        let html = self.footnotes.start(name);
        self.footnote = Some(name.to_string());
        self.html(html);
    }

    pub(super) fn end_footnote(&mut self) {
        let name = self.footnote.take().unwrap_or_default();
        let html = self.footnotes.end(&name, &self.input.labels.footnote_back);
        self.end_container(&html);
    }

    /// Closes a callout, table or footnote with `html`.
    pub(super) fn end_container(&mut self, html: &str) {
        self.container_depth -= 1;
        self.html(html.to_string());
    }
}

/// A callout's class and the index of its title in `Labels::callouts`.
fn callout(kind: BlockQuoteKind) -> (&'static str, usize) {
    match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn callouts_render_with_title() {
        let r = md("> [!WARNING]\n> Do not register twice.\n");
        assert!(r.html.contains("callout-warning"), "{}", r.html);
        assert!(r.html.contains("<p class=\"callout-title\">Warning</p>"));
    }

    #[test]
    fn footnotes_link_back_to_where_they_are_cited() {
        let r = md("Text[^a] and more[^a].\n\n[^a]: The note.\n");
        assert!(
            r.html.contains("<sup class=\"footnote-reference\" id=\"fnref-a\"><a href=\"#fn-a\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"fnref-a-2\""), "{}", r.html);
        assert!(r.html.contains("<div class=\"footnote-definition\" id=\"fn-a\">"), "{}", r.html);
        assert!(
            r.html.contains(
                "<a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a></div>"
            ),
            "{}",
            r.html
        );
    }
}
