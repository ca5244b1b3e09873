//! The events pass's toolkit steps on text: `:var[NAME]` substitution, glossary terms marked at
//! their first use, and abbreviations the page uses before it spells them out. Code never comes
//! here (code spans and blocks are separate events), so neither variables nor terms touch it.

use super::super::glossary::{abbreviations, term_html};
use super::super::vars;
use super::{LintKind, Pass};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event};

impl<'a> Pass<'_, 'a> {
    /// `text` with its variables replaced; each unknown one is an error at its place.
    pub(super) fn substitute_vars(&mut self, text: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let known = &self.input.toolkit.vars;
        let (replaced, unknown) = vars::substitute(&text, known);
        for u in unknown {
            // A merged text or a link target starts at `offset`; the name is usually found
            // right there in the source, else the start is near enough.
            let at = self.text().get(offset..).and_then(|rest| rest.find(&format!(":var[{}]", u.name)));
            let span = self.span(at.map_or(offset, |i| offset + i));
            let help = vars::unknown_help(&u.name, known);
            self.result
                .diagnostics
                .push(Diagnostic::error(span, format!("unknown variable `{}`", u.name)).with_help(help));
        }
        match replaced {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(s) => CowStr::from(s),
        }
    }

    /// Warns once per abbreviation that the page uses before spelling it out, in a site with a
    /// glossary (a site without one has not asked for the check).
    pub(super) fn check_abbreviations(&mut self, text: &str, offset: usize) {
        let glossary = &self.input.toolkit.glossary;
        if glossary.is_empty() || self.heading.as_ref().is_some_and(|h| h.is_title) {
            return;
        }
        for (at, word, spelled_out) in abbreviations(text) {
            if glossary.knows(word) || self.explained.contains(word) {
                continue;
            }
            self.explained.insert(word.to_string());
            if !spelled_out {
                self.lint(LintKind::AbbreviationNotExplained { abbreviation: word.to_string() }, offset + at);
            }
        }
    }

    /// Emits `text`, with the first use on the page of each glossary term marked.
    pub(super) fn mark_terms(&mut self, text: CowStr<'a>) {
        let glossary = &self.input.toolkit.glossary;
        let found: Vec<(usize, usize, usize)> =
            glossary.find(&text).into_iter().filter(|&(_, _, entry)| !self.terms_used.contains(&entry)).collect();
        if found.is_empty() {
            self.emit(Event::Text(text));
            return;
        }
        let mut rest = 0;
        for (start, end, entry) in found {
            if !self.terms_used.insert(entry) {
                continue; // the same term twice in this text: only the first is marked
            }
            if start > rest {
                self.emit(Event::Text(CowStr::from(text[rest..start].to_string())));
            }
            self.term_count += 1;
            let html = term_html(
                &self.input.toolkit.glossary.entries[entry],
                &text[start..end],
                &self.input.toolkit.glossary_url,
                self.term_count,
            );
            self.html(html);
            rest = end;
        }
        if rest < text.len() {
            self.emit(Event::Text(CowStr::from(text[rest..].to_string())));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::glossary::Glossary;
    use crate::markdown::{LintKind, RenderedMarkdown, Toolkit};

    fn toolkit() -> Toolkit {
        let (glossary, diags) = Glossary::parse(
            "[CVP]\nfull = \"Connecticut Vaccine Program\"\ndefinition = \"The state <i>program</i>.\"\n\n[\"CVP Portal\"]\ndefinition = \"Its website.\"\n",
        );
        assert!(diags.is_empty());
        let vars = [("helpdesk_url".to_string(), "https://help.example.org/new".to_string())].into();
        Toolkit { vars, glossary, glossary_url: "/glossary/".into() }
    }

    fn md(body: &str) -> RenderedMarkdown {
        super::super::tests::md_with(body, None, &toolkit())
    }

    #[test]
    fn variables_fill_text_and_link_targets_but_not_code() {
        let r = md(
            "Go to :var[helpdesk_url] or [the desk](:var[helpdesk_url]).\n\n`:var[helpdesk_url]`\n\n```\n:var[helpdesk_url]\n```\n",
        );
        assert!(r.html.contains("<a href=\"https://help.example.org/new\">the desk</a>"), "{}", r.html);
        assert!(r.html.contains("Go to <a href=\"https://help.example.org/new\">"), "autolinked: {}", r.html);
        assert!(r.html.contains("<code>:var[helpdesk_url]</code>"), "{}", r.html);
        assert!(r.html.contains("<code>:var[helpdesk_url]\n</code>"), "{}", r.html);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn an_unknown_variable_is_an_error_at_its_line_with_the_nearest_names() {
        let r = md("Intro.\n\nCall :var[helpdesk_ulr] today.\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.span.as_ref().unwrap().line, d.span.as_ref().unwrap().col), (7, 6));
        assert_eq!(d.message, "unknown variable `helpdesk_ulr`");
        assert!(d.help.as_deref().unwrap().contains("`helpdesk_url`"), "{d:?}");
    }

    #[test]
    fn only_the_first_use_of_a_term_is_marked_never_in_code_links_or_headings() {
        let r = md("## The CVP\n\nUse `CVP` and [CVP](x.md). The CVP Portal is the CVP site. CVP again.\n");
        assert_eq!(r.html.matches("class=\"term\"").count(), 2, "{}", r.html);
        assert!(r.html.contains("<a class=\"term-link\" href=\"/glossary/#cvp-portal\""), "{}", r.html);
        assert!(r.html.contains("<abbr>CVP</abbr></a>"), "{}", r.html);
        assert!(r.html.contains("The state &lt;i&gt;program&lt;/i&gt;."), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"the-cvp\"><a class=\"heading-link\" href=\"#the-cvp\">The CVP</a></h2>"));
        assert!(r.html.contains("<code>CVP</code>"));
        assert_eq!(
            r.sections.last().unwrap().text.matches("Connecticut").count(),
            0,
            "definitions stay out of search text"
        );
    }

    #[test]
    fn abbreviations_must_be_spelled_out_before_use_when_not_in_the_glossary() {
        let r = md("Turn on 2FA. The Vaccines for Children (VFC) program; VFC again. CVP is fine.\n");
        let kinds: Vec<&LintKind> = r.lints.iter().map(|l| &l.kind).collect();
        assert_eq!(kinds, vec![&LintKind::AbbreviationNotExplained { abbreviation: "2FA".into() }]);
        assert_eq!(r.lints[0].span.col, 9);
    }
}
