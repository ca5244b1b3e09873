//! Site variables: `:var[NAME]` in a page's text or link targets becomes the value of `NAME`
//! from `[vars]` in `docent.toml`.
//!
//! The syntax is an inline directive like `::video[NAME]` and `::include[FILE]`, chosen because
//! it cannot be mistaken for other tools' templates (`{{ x }}`, `{% x %}`, Hugo's `{{< x >}}`,
//! which `check` reports as leftovers) nor for code: the events pass applies it to text and link
//! targets only, never to code spans or blocks. Pure string functions; the values come from the
//! caller.

use std::borrow::Cow;
use std::collections::BTreeMap;

const OPEN: &str = ":var[";

/// A `:var[NAME]` whose name `[vars]` lacks: where it is in the text, and the name.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownVar {
    pub offset: usize,
    pub name: String,
}

/// `text` with each `:var[NAME]` replaced by its value; an unknown name is left as written and
/// reported. Only names of letters, digits, `_` and `-` count, so prose like `:var[see above]`
/// stays text.
pub fn substitute<'t>(text: &'t str, vars: &BTreeMap<String, String>) -> (Cow<'t, str>, Vec<UnknownVar>) {
    if !text.contains(OPEN) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = 0;
    let mut search = 0;
    while let Some(i) = text[search..].find(OPEN).map(|i| i + search) {
        let name_start = i + OPEN.len();
        let name_len = text[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(text.len() - name_start);
        let name = &text[name_start..name_start + name_len];
        search = name_start;
        if name.is_empty() || !text[name_start + name_len..].starts_with(']') {
            continue;
        }
        let end = name_start + name_len + 1;
        match vars.get(name) {
            Some(value) => {
                out.push_str(&text[rest..i]);
                out.push_str(value);
                rest = end;
            }
            None => unknown.push(UnknownVar { offset: i, name: name.to_string() }),
        }
        search = end;
    }
    out.push_str(&text[rest..]);
    (Cow::Owned(out), unknown)
}

/// The help line for an unknown variable: the nearest names `[vars]` has.
pub fn unknown_help(name: &str, vars: &BTreeMap<String, String>) -> String {
    if vars.is_empty() {
        return format!("docent.toml has no [vars]; add `{name} = \"...\"` under [vars]");
    }
    let mut names: Vec<(usize, &str)> = vars.keys().map(|k| (strsim::levenshtein(name, k), k.as_str())).collect();
    names.sort_unstable();
    let nearest: Vec<String> = names.iter().take(3).map(|(_, n)| format!("`{n}`")).collect();
    format!("nearest names under [vars] in docent.toml: {}", nearest.join(", "))
}

/// True for a value an author has not filled in yet: it starts with `TODO`, or is a URL whose
/// host ends in `.invalid` (a name reserved never to resolve, RFC 2606:
/// `https://helpdesk.example.invalid/`). `docent check` warns about each such variable.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with("TODO") {
        return true;
    }
    let after_scheme = v.split_once("://").map_or(v, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#', ':']).next().unwrap_or("");
    host.to_ascii_lowercase().trim_end_matches('.').ends_with(".invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        [("helpdesk_url", "https://help.example.org/"), ("hours", "8 to 5")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn known_variables_are_replaced_and_unknown_ones_reported_in_place() {
        let (text, unknown) = substitute("Open :var[helpdesk_url] (:var[hours]).", &vars());
        assert_eq!(text, "Open https://help.example.org/ (8 to 5).");
        assert!(unknown.is_empty());
        let (text, unknown) = substitute("Call :var[helpdesk_ulr] now", &vars());
        assert_eq!(text, "Call :var[helpdesk_ulr] now");
        assert_eq!(unknown, vec![UnknownVar { offset: 5, name: "helpdesk_ulr".into() }]);
        assert!(unknown_help("helpdesk_ulr", &vars()).contains("`helpdesk_url`"));
    }

    #[test]
    fn prose_that_is_not_a_variable_stays_text() {
        for t in [":var[see above]", ":var[]", ":var[x", "no var", "a:var [x]"] {
            let (text, unknown) = substitute(t, &vars());
            assert_eq!(text, t);
            assert!(unknown.is_empty(), "{t}");
        }
    }

    #[test]
    fn placeholders_are_todo_or_invalid_hosts() {
        assert!(is_placeholder("TODO: the real address"));
        assert!(is_placeholder("https://helpdesk.example.invalid/new"));
        assert!(is_placeholder("portal.example.invalid"));
        assert!(!is_placeholder("https://help.example.org/"));
        assert!(!is_placeholder("Monday to Friday"));
    }
}
