//! Words for problems: what a reader of a diagnostic needs that the libraries do not give.
//!
//! `nearest` finds the name someone probably meant (`titel` -> `title`, a misspelt page), and
//! `type_error` turns serde's "invalid type: string "sixty", expected i64" into "`weight` must be a
//! whole number, found the text "sixty"". Pure string functions; nothing here knows the model.

/// The candidate closest to `word` when it is close enough to be a likely typo (an edit or
/// two, more for long names), else `None`. Ties go to the first candidate.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 4).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The names serde lists in "unknown field `x`, expected one of `a`, `b`" (or "expected `a`"),
/// with the unknown name first; `None` for other messages.
pub fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((name.to_string(), expected))
}

/// serde's message for a value of the wrong type, in words, naming `key`. Other messages are
/// returned as they are, after "`key`: ".
pub fn type_error(key: &str, message: &str) -> String {
    let message = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return format!("`{key}` must be {}, found {}", expected_words(expected), found_words(found));
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        return format!("`{key}` needs `{field}`");
    }
    format!("`{key}`: {message}")
}

/// How to write `key` with the type serde expected, in TOML (`key = 10`) or YAML (`key: 10`).
pub fn type_help(key: &str, message: &str, yaml: bool) -> Option<String> {
    let expected = message.lines().next()?.rsplit_once(", expected ")?.1.trim();
    let example = match expected_words(expected).as_str() {
        "a whole number" => "10",
        "true or false" => "true",
        "text in quotes" => "\"...\"",
        w if w.starts_with("a list") => "[\"first\", \"second\"]",
        _ => return None,
    };
    let eq = if yaml { ":" } else { " =" };
    Some(format!("write it as {key}{eq} {example}"))
}

fn expected_words(expected: &str) -> String {
    let words = match expected.trim() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "string" => "text in quotes",
        "a boolean" | "bool" => "true or false",
        "a sequence" => "a list, such as [\"a\", \"b\"]",
        "a map" => "a table",
        e if e.starts_with("struct ") => "a table",
        e => return e.to_string(),
    };
    words.to_string()
}

fn found_words(found: &str) -> String {
    let unquote = |s: &str| s.trim_matches('`').to_string();
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    if let Some(n) = found.strip_prefix("integer ").or_else(|| found.strip_prefix("floating point ")) {
        return format!("the number {}", unquote(n));
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return unquote(b);
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        "unit value" | "null" => "nothing".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let keys = ["title", "description", "weight", "draft"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("Weight", keys), Some("weight"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(
            nearest("reset-your-pasword.md", ["reset-your-password.md", "reset.md"]),
            Some("reset-your-password.md")
        );
    }

    #[test]
    fn unknown_field_lists_the_expected_names() {
        let (name, expected) = unknown_field("unknown field `titel`, expected one of `title`, `weight`").unwrap();
        assert_eq!(name, "titel");
        assert_eq!(expected, vec!["title", "weight"]);
        assert_eq!(unknown_field("unknown field `x`, expected `a`").unwrap().1, vec!["a"]);
        assert!(unknown_field("invalid type").is_none());
    }

    #[test]
    fn type_errors_are_words() {
        assert_eq!(
            type_error("weight", "invalid type: string \"sixty\", expected i64"),
            "`weight` must be a whole number, found the text \"sixty\""
        );
        assert_eq!(
            type_error("draft", "invalid type: integer `1`, expected a boolean"),
            "`draft` must be true or false, found the number 1"
        );
        assert_eq!(
            type_error("screens", "invalid type: string \"login\", expected a sequence"),
            "`screens` must be a list, such as [\"a\", \"b\"], found the text \"login\""
        );
        assert_eq!(
            type_help("weight", "invalid type: string \"sixty\", expected i64", false).unwrap(),
            "write it as weight = 10"
        );
        assert_eq!(
            type_help("draft", "invalid type: integer `1`, expected a boolean", true).unwrap(),
            "write it as draft: true"
        );
        assert_eq!(
            type_error("title", "invalid type: sequence, expected a string"),
            "`title` must be text in quotes, found a list"
        );
    }
}
