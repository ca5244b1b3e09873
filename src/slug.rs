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

/// A heading id as GitHub makes it (`[markdown] slugs = "github"`), so that links written for
/// GitHub's view of the files keep working: lowercase, each space a `-`, and every character
/// that is not a letter, digit, `-` or `_` dropped (so `Where's the -- operator?` gives
/// `wheres-the----operator`: runs are not collapsed).
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{github_slug, slugify};

    #[test]
    fn github_slugs_keep_every_dash_and_drop_punctuation() {
        assert_eq!(github_slug("Where's the --- operator?"), "wheres-the-----operator");
        assert_eq!(github_slug("Where's the `-` operator?"), "wheres-the---operator");
        assert_eq!(github_slug("snake_case & Café"), "snake_case--café");
    }

    #[test]
    fn slugs_collapse_punctuation_and_spaces() {
        assert_eq!(slugify("Reset your password!"), "reset-your-password");
        assert_eq!(slugify("  What's next? "), "what-s-next");
        assert_eq!(slugify("Two-step  code"), "two-step-code");
        assert_eq!(slugify("Café Ünïcode"), "café-ünïcode");
        assert_eq!(slugify("!!!"), "");
    }
}
