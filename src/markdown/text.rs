//! Small pure helpers for the Markdown renderer: escaping and bare-URL detection.

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Runs of whitespace turned into one space, with none at either end: what
/// `split_whitespace().collect::<Vec<_>>().join(" ")` gives, without a slice per word (on a
/// 50 MB page that list took 16 bytes a word, more than the text itself).
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Splits text into plain runs and bare URLs (`https://…`, `http://…`, `www.…`), as GFM's
/// extended autolinks do. Trailing punctuation is not part of a URL.
pub fn split_urls(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = find_url_start(rest) {
        let end = rest[start..].find(|c: char| c.is_whitespace() || c == '<').map_or(rest.len(), |e| start + e);
        let mut url_end = end;
        while url_end > start && rest[..url_end].ends_with(['.', ',', ':', ';', '!', '?', ')', '"', '\'']) {
            url_end -= 1;
        }
        let url = &rest[start..url_end];
        let min_len = if url.starts_with("www.") { 5 } else { 9 };
        if url.len() < min_len {
            parts.push((false, &rest[..end]));
            rest = &rest[end..];
            continue;
        }
        if start > 0 {
            parts.push((false, &rest[..start]));
        }
        parts.push((true, url));
        rest = &rest[url_end..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

fn find_url_start(s: &str) -> Option<usize> {
    ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| {
            s.match_indices(p)
                .find(|(i, _)| *i == 0 || !s[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '.'))
                .map(|(i, _)| i)
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_whitespace_is_split_and_join() {
        for t in ["", "  ", " a  b\n\tc ", "one", "x\u{a0}y  z"] {
            assert_eq!(collapse_whitespace(t), t.split_whitespace().collect::<Vec<_>>().join(" "), "{t:?}");
        }
    }

    #[test]
    fn bare_urls_split_out_without_trailing_punctuation() {
        assert_eq!(
            split_urls("See https://example.org/a. Or www.ct.gov!"),
            vec![
                (false, "See "),
                (true, "https://example.org/a"),
                (false, ". Or "),
                (true, "www.ct.gov"),
                (false, "!")
            ]
        );
        assert_eq!(split_urls("no urls"), vec![(false, "no urls")]);
    }

    #[test]
    fn escape_covers_quotes() {
        assert_eq!(escape("<a href=\"x\">'"), "&lt;a href=&quot;x&quot;&gt;&#39;");
    }
}
