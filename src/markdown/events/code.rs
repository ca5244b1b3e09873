//! Code blocks: highlighted (or escaped) in a scrolling `<pre>` with the copy button docent.js
//! shows, and their text added to the section for search.

use super::super::highlight::highlight;
use super::super::text::escape;
use super::Pass;

impl Pass<'_, '_> {
    pub(super) fn end_code_block(&mut self) {
        let Some((lang, code)) = self.code.take() else { return };
        if let Some(section) = self.result.sections.last_mut() {
            section.text.push(' ');
            section.text.push_str(&code);
            section.text.push(' ');
        }
        let highlighted = if self.input.options.highlight_code { highlight(&code, &lang) } else { None };
        let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let class = if token.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(token)) };
        let body = highlighted.unwrap_or_else(|| escape(&code));
        let copy = &self.input.labels.copy;
        self.html(format!(
            "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden>{copy}</button><pre class=\"hl-code\" tabindex=\"0\"><code{class}>{body}</code></pre></div>\n"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn code_is_highlighted_with_copy_button() {
        let r = md("```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("copy-code"));
        assert!(r.html.contains("<span class=\"hl"), "{}", r.html);
        let r = md("```\n<script>\n```\n");
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn console_blocks_keep_dollar_prompts_readable() {
        let r = md("```console\n$ docent build\nBuilt 3 pages\n$ echo \"$HOME\"\n```\n");
        assert!(r.html.contains("class=\"language-console\""), "{}", r.html);
        assert!(r.html.contains("<span class=\"h"), "{}", r.html);
        // The prompt stays in the text a reader sees, and no part of it is flagged as an error.
        let text: String = r.html.split('<').map(|part| part.split_once('>').map_or(part, |(_, t)| t)).collect();
        assert!(text.contains("$ docent build\nBuilt 3 pages\n$ echo"), "{text}");
        // Both themes paint invalid code with a background (InspiredGitHub #f5f5f5 on red).
        assert!(!r.html.contains("hlb") && !r.html.contains("hdb"), "{}", r.html);
    }
}
