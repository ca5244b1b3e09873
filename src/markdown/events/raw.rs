//! Raw HTML in the events pass: each unit (an HTML block, or one inline tag) is read by
//! `html::inspect`, its unsafe URLs become errors, its links are rewritten like Markdown's, its
//! ids become anchors, and the `raw_html` policy decides what is written (`safe` leaves a marker
//! that `sanitize::clean_page` fills once the page is complete).

use super::Pass;
use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::html::{self, Finding};
use crate::markdown::sanitize;
use crate::markdown::text::escape;
use crate::markdown::{Lint, LintKind};
use pulldown_cmark::{CowStr, Event};

impl<'a> Pass<'_, 'a> {
    /// One unit of raw HTML (an HTML block, or one inline tag): unsafe URLs are errors, and the
    /// `raw_html` policy decides what is written.
    pub(super) fn raw_html(&mut self, raw: CowStr<'a>, offset: usize, block: bool) {
        let policy = self.input.options.raw_html;
        let mut unit = html::inspect(&raw, policy);
        // Its links and image sources are rewritten and checked like Markdown's; its ids are anchors.
        let urls: Vec<String> = unit
            .links
            .clone()
            .into_iter()
            .map(|l| {
                let span = self.span_at(offset, l.line);
                self.rewrite_link_at(&l.dest, span, l.is_image)
            })
            .collect();
        unit.set_links(&urls);
        self.result.anchors.append(&mut unit.ids);
        let mut shown_as_text: Vec<String> = Vec::new();
        for finding in unit.findings {
            match finding {
                Finding::UnsafeUrl { line, what, url, kind } => {
                    let (message, help) = html::unsafe_url_message(&url, &what, kind);
                    let span = self.span_at(offset, line);
                    self.result.diagnostics.push(Diagnostic::error(span, message).with_help(help));
                }
                Finding::Dropped { what, .. } if policy == RawHtml::Deny => {
                    if !shown_as_text.contains(&what) {
                        shown_as_text.push(what);
                    }
                }
                Finding::Dropped { line, what } => {
                    let span = self.span_at(offset, line);
                    self.result.lints.push(Lint { kind: LintKind::RawHtmlDropped { what }, span });
                }
            }
        }
        if !shown_as_text.is_empty() {
            let what = shown_as_text.join(", ");
            self.result.lints.push(Lint { kind: LintKind::RawHtmlShownAsText { what }, span: self.span(offset) });
        }
        match (policy, self.marker) {
            (RawHtml::Safe, Some(marker)) => {
                let marker = sanitize::unit_marker(marker, self.raw_units.len());
                self.raw_units.push(unit.output);
                self.html(marker);
            }
            (RawHtml::Deny, _) if unit.output.trim().is_empty() => {}
            (RawHtml::Deny, _) if block => {
                self.html(format!("<pre class=\"raw-html\">{}</pre>\n", escape(unit.output.trim_end())))
            }
            (RawHtml::Deny, _) => self.emit(Event::Text(CowStr::from(unit.output))),
            _ if unit.output != *raw => self.emit(Event::Html(CowStr::from(unit.output))),
            _ if block => self.emit(Event::Html(raw)),
            _ => self.emit(Event::InlineHtml(raw)),
        }
    }

    /// The span of line `line` (from 0) of something that starts at `offset`.
    pub(super) fn span_at(&self, offset: usize, line: u32) -> Span {
        let mut span = self.span(offset);
        if line > 0 {
            span.line += line;
            span.col = 1;
        }
        span
    }

    /// Reports `dest` when it is a `javascript:`, `vbscript:` or `data:` URL (true).
    pub(super) fn unsafe_dest(&mut self, dest: &str, offset: usize, is_image: bool) -> bool {
        let Some(kind) = html::unsafe_url(dest, is_image) else { return false };
        let (message, help) = html::unsafe_url_message(dest, if is_image { "an image" } else { "a link" }, kind);
        let span = self.span(offset);
        self.result.diagnostics.push(Diagnostic::error(span, message).with_help(help));
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{MarkdownConfig, RawHtml};
    use crate::markdown::html;
    use crate::markdown::{LintKind, RenderedMarkdown};

    fn md_with(body: &str, raw_html: RawHtml) -> RenderedMarkdown {
        let options = MarkdownConfig { raw_html, ..MarkdownConfig::default() };
        super::super::tests::render_with(body, &options, false, None, &Default::default())
    }

    /// The HTML with runs of blank lines (left where raw blocks were dropped) made one newline.
    fn squeeze(html: &str) -> String {
        html.split('\n').filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n") + "\n"
    }

    /// Each lint of a render as `line: kind`.
    fn lint_lines(r: &RenderedMarkdown) -> Vec<String> {
        r.lints
            .iter()
            .map(|l| match &l.kind {
                LintKind::RawHtmlDropped { what } => format!("{}: dropped {what}", l.span.line),
                LintKind::RawHtmlShownAsText { what } => format!("{}: text {what}", l.span.line),
                other => format!("{}: {other:?}", l.span.line),
            })
            .collect()
    }

    const HOSTILE: &str = "Intro\n\n<script>alert(1)</script>\n\n<base href=\"https://evil.example/\">\n\nA <img src=\"d.png\" alt=\"d\" onerror=\"alert(1)\"> b\n\n<form action=\"https://evil.example\"><input name=\"pw\"></form>\n\n<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example\">\n\n<iframe src=\"https://evil.example\"></iframe>\n\nPress <kbd>Ctrl</kbd>.\n";

    #[test]
    fn raw_html_allow_keeps_everything_as_written() {
        let r = md_with(HOSTILE, RawHtml::Allow);
        for kept in [
            "<script>alert(1)</script>",
            "<base href",
            "onerror=",
            "<form action",
            "http-equiv",
            "<iframe",
            "<kbd>Ctrl</kbd>",
        ] {
            assert!(r.html.contains(kept), "{kept}: {}", r.html);
        }
        assert!(r.lints.is_empty() && r.diagnostics.is_empty());
    }

    #[test]
    fn raw_html_safe_drops_each_hostile_construct_and_says_where() {
        let r = md_with(HOSTILE, RawHtml::Safe);
        assert_eq!(
            squeeze(&r.html),
            "<p>Intro</p>\n<p>A <img src=\"d.png\" alt=\"d\"> b</p>\n<p>Press <kbd>Ctrl</kbd>.</p>\n"
        );
        assert_eq!(
            lint_lines(&r),
            vec![
                "7: dropped <script> with its content",
                "9: dropped <base> tag (its content is kept)",
                "11: dropped onerror attribute of <img>",
                "13: dropped <form> tag (its content is kept)",
                "13: dropped <input> tag (its content is kept)",
                "15: dropped <meta> tag (its content is kept)",
                "17: dropped <iframe> with its content",
            ]
        );
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn raw_html_deny_shows_it_as_text() {
        let r = md_with(
            "Press <kbd>Ctrl</kbd>.\n\n<details>\n<summary>More</summary>\n</details>\n\n<!-- a note -->\n",
            RawHtml::Deny,
        );
        assert_eq!(
            r.html,
            "<p>Press &lt;kbd&gt;Ctrl&lt;/kbd&gt;.</p>\n<pre class=\"raw-html\">&lt;details&gt;\n&lt;summary&gt;More&lt;/summary&gt;\n&lt;/details&gt;</pre>\n"
        );
        assert_eq!(lint_lines(&r), vec!["5: text <kbd>", "7: text <details>, <summary>"]);
        let r = md_with(HOSTILE, RawHtml::Deny);
        assert!(!r.html.contains("<script") && r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.html);
    }

    #[test]
    fn raw_html_safe_cleans_tags_that_span_blocks_and_inline_runs_together() {
        // <details> opened in one HTML block and closed in another, Markdown between.
        let r = md_with("<details>\n<summary>More</summary>\n\nThe *answer*.\n\n</details>\n", RawHtml::Safe);
        assert_eq!(squeeze(&r.html), "<details>\n<summary>More</summary>\n<p>The <em>answer</em>.</p>\n</details>\n");
        // An inline element with a handler, around Markdown.
        let r = md_with("Press <span onclick=\"alert(1)\">**Save**</span> now.\n", RawHtml::Safe);
        assert_eq!(r.html, "<p>Press <span><strong>Save</strong></span> now.</p>\n");
        // An inline script: the text between its tags goes too.
        let r = md_with("a <script>alert(1)</script> b\n", RawHtml::Safe);
        assert_eq!(r.html, "<p>a  b</p>\n");
        // A stray end tag cannot close the theme's elements; an unclosed one is closed.
        let r = md_with("</div></article>\n\nText\n\n<div class=\"box\">\n\nIn the box\n", RawHtml::Safe);
        assert_eq!(squeeze(&r.html), "<p>Text</p>\n<div class=\"box\">\n<p>In the box</p>\n</div>\n");
        // Raw HTML in headings, table cells, lists and quotes, with its lines.
        let r = md_with(
            "## Use <kbd onmouseover=\"x()\">F1</kbd>\n\n| a |\n|---|\n| <b style=\"x\">1</b> |\n\n- item\n\n  <div onclick=\"y()\">\n  in list\n  </div>\n\n> <img src=\"d.png\" alt=\"q\" onload=\"z()\">\n",
            RawHtml::Safe,
        );
        assert!(
            r.html.contains("<h2 id=\"use-f1\"><a class=\"heading-link\" href=\"#use-f1\">Use <kbd>F1</kbd></a></h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<td><b>1</b></td>"), "{}", r.html);
        assert!(!r.html.contains("onclick") && !r.html.contains("onload"), "{}", r.html);
        assert_eq!(
            lint_lines(&r),
            vec![
                "5: dropped onmouseover attribute of <kbd>",
                "9: dropped style attribute of <b>",
                "13: dropped onclick attribute of <div>",
                "17: dropped onload attribute of <img>",
            ]
        );
    }

    #[test]
    fn unsafe_urls_are_errors_in_links_images_and_raw_html_under_every_policy() {
        for policy in [RawHtml::Allow, RawHtml::Safe, RawHtml::Deny] {
            let r = md_with(
                "[a](javascript:alert(1)) ![b](data:text/html,x) <vbscript:msgbox>\n\n[c]\n\n![ok](data:image/png;base64,AAAA)\n\n<p>\n<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n</p>\n\n[c]: data:text/html;base64,PHNjcmlwdD4=\n",
                policy,
            );
            let found: Vec<(u32, &str)> =
                r.diagnostics.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect();
            assert_eq!(
                found,
                vec![
                    (5, "unsafe URL in a link: javascript:alert(1)"),
                    (5, "unsafe URL in an image: data:text/html,x"),
                    (5, "unsafe URL in a link: vbscript:msgbox"),
                    (7, "unsafe URL in a link: data:text/html;base64,PHNjcmlwdD4="),
                    (12, "unsafe URL in <a href>: jav\\tascript:alert(1)"),
                ],
                "{policy:?}"
            );
            assert!(r.diagnostics[0].help.as_deref().unwrap().contains("https://"));
            assert!(!r.html.contains("javascript:alert") && !r.html.contains("data:text"), "{policy:?}: {}", r.html);
        }
    }

    #[test]
    fn raw_html_safe_output_never_holds_scripts_handlers_or_frames() {
        let payloads = [
            "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
            "<img src=x onerror=alert(1)//",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<<script>script>alert(1)<</script>/script>",
            "<scr<script>ipt>alert(1)</script>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<a href=\"x.md\" onmouseover=\"alert(1)\">x</a>",
            "<details open ontoggle=alert(1)><summary>s</summary></details>",
            "<base href=\"//evil.example/\"><meta http-equiv=refresh content=\"0;url=//evil.example\"><link rel=stylesheet href=//evil.example>",
            "<textarea><img src=x onerror=alert(1)></textarea>",
            "<div title=\"",
            "<!-- <img src=x onerror=alert(1)> -->",
        ];
        for payload in payloads {
            for body in [
                format!("Before\n\n{payload}\n\nAfter *em* <b>b</b>\n"),
                format!("Inline {payload} text *em* and `code`.\n\n> quote {payload}\n\n| a |\n|---|\n| {payload} |\n"),
            ] {
                let r = md_with(&body, RawHtml::Safe);
                // Read the output as a browser would: no such element, attribute or URL.
                for (tag, attrs) in html::tags_of(&r.html) {
                    let bad_tag = [
                        "script", "iframe", "object", "style", "svg", "math", "base", "meta", "link", "form",
                        "textarea", "!--",
                    ];
                    assert!(!bad_tag.contains(&tag.as_str()), "<{tag}> in the output of {body:?}:\n{}", r.html);
                    for (k, v) in attrs {
                        let bad = k.starts_with("on")
                            || k == "style"
                            || k == "srcdoc"
                            || v.to_ascii_lowercase().contains("javascript");
                        assert!(!bad, "{k}={v:?} in the output of {body:?}:\n{}", r.html);
                    }
                }
                assert!(r.html.contains("Before") || r.html.contains("Inline"), "{}", r.html);
            }
        }
    }

    #[test]
    fn raw_html_links_and_images_are_rewritten_and_checked_like_markdown() {
        let body = "<a href=\"other.md#steps\">Steps</a> <A HREF='https://a.org'>a</A>\n\n<p align=\"center\">\n  <img src=\"missing.png\" alt=\"x\">\n</p>\n";
        for policy in [RawHtml::Allow, RawHtml::Safe] {
            let r = md_with(body, policy);
            assert!(r.html.contains("<a href=\"/other/#steps\""), "{policy:?}: {}", r.html);
            assert!(r.html.contains(">a</A>") || r.html.contains(">a</a>"), "{}", r.html);
            assert_eq!(r.anchor_refs.len(), 1);
            assert_eq!((r.anchor_refs[0].anchor.as_str(), r.anchor_refs[0].span.line), ("steps", 5));
            let dests: Vec<(&str, u32, bool)> =
                r.links.iter().map(|l| (l.dest.as_str(), l.span.line, l.is_image)).collect();
            assert_eq!(
                dests,
                vec![("other.md#steps", 5, false), ("https://a.org", 5, false), ("missing.png", 8, true)]
            );
            let found: Vec<(u32, &str)> =
                r.diagnostics.iter().map(|d| (d.span.as_ref().unwrap().line, d.message.as_str())).collect();
            assert_eq!(found, vec![(8, "image missing.png: no such page")], "{policy:?}");
        }
        // An unchanged tag stays as written.
        let r = md_with("<A HREF='https://a.org'>a</A>\n", RawHtml::Allow);
        assert_eq!(r.html, "<p><A HREF='https://a.org'>a</A></p>\n");
        // Shown as text, it is not a link.
        let r = md_with(body, RawHtml::Deny);
        assert!(r.links.is_empty() && r.diagnostics.is_empty());
    }

    #[test]
    fn raw_html_ids_are_anchors() {
        let body = "<a id=\"old-slug\"></a>\n\n## New title\n\nSee <span id=\"inline\">x</span> <a name=\"legacy\"></a>.\n\n<div id=\"\"></div>\n";
        let r = md_with(body, RawHtml::Allow);
        assert_eq!(r.anchors, vec!["old-slug", "inline", "legacy"]);
        assert!(r.has_anchor("old-slug") && r.has_anchor("new-title") && !r.has_anchor("nope"));
        assert_eq!(md_with(body, RawHtml::Safe).anchors, vec!["old-slug", "inline", "legacy"]);
        assert!(md_with(body, RawHtml::Deny).anchors.is_empty(), "text is not an anchor");
        assert!(md_with("<script>x</script><svg><g id=\"s\"></g></svg>\n", RawHtml::Safe).anchors.is_empty());
    }
}
