//! Titles with inline code (`` The `docent` tool ``): titles come from front matter and headings
//! as Markdown-ish text, but show in places that are not Markdown (the menu, `<title>`, search).
//!
//! Only code spans are recognised, with CommonMark's rule (a run of n backticks closes at the
//! next run of exactly n); any other character is text, so a title such as `2 * 3` is unchanged.

use super::text::escape;

/// The title's parts in order: `(true, code)` for a code span, `(false, text)` otherwise.
fn parts(raw: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let (mut i, mut text_start) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let content_start = i + run;
        let mut j = content_start;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let n = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if n == run {
                    close = Some(j);
                    break;
                }
                j += n;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                if text_start < i {
                    out.push((false, &raw[text_start..i]));
                }
                let code = &raw[content_start..end];
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !code.trim().is_empty() => inner,
                    _ => code,
                };
                out.push((true, code));
                i = end + run;
                text_start = i;
            }
            None => i = content_start,
        }
    }
    if text_start < raw.len() {
        out.push((false, &raw[text_start..]));
    }
    out
}

/// The title as plain text, without backticks (for `<title>`, search and the help map).
pub fn plain(raw: &str) -> String {
    if !raw.contains('`') {
        return raw.to_string();
    }
    parts(raw).into_iter().map(|(_, t)| t).collect()
}

/// The title as HTML: text escaped, code spans as `<code>`.
pub fn html(raw: &str) -> String {
    parts(raw)
        .into_iter()
        .map(|(code, t)| if code { format!("<code>{}</code>", escape(t)) } else { escape(t) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_become_code_and_plain_text_loses_backticks() {
        assert_eq!(plain("The `docent check` command"), "The docent check command");
        assert_eq!(html("The `<b>` tag & `x`"), "The <code>&lt;b&gt;</code> tag &amp; <code>x</code>");
        assert_eq!(html("``a ` b`` c"), "<code>a ` b</code> c");
        assert_eq!(plain("an ` unclosed tick"), "an ` unclosed tick");
        assert_eq!(html("2 * 3"), "2 * 3");
        assert_eq!(plain("`` `x` ``"), "`x`");
    }
}
