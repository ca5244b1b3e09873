//! Slugs: the URL- and id-safe form of a name ("Reset your password!" -> "reset-your-password").
//!
//! One rule for page URLs and heading ids, so that authors can predict both: lowercase, every run
//! of characters that are not letters or digits becomes one `-`, no `-` at either end.

/// The slug of `text`. Letters outside ASCII are kept (lowercased), so non-English titles work.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_collapse_punctuation_and_spaces() {
        assert_eq!(slugify("Reset your password!"), "reset-your-password");
        assert_eq!(slugify("  What's next? "), "what-s-next");
        assert_eq!(slugify("Two-step  code"), "two-step-code");
        assert_eq!(slugify("Café Ünïcode"), "café-ünïcode");
        assert_eq!(slugify("!!!"), "");
    }
}
