//! Shell, JSON, YAML, SQL, Python, JavaScript and Rust code is parsed with tree-sitter's
//! grammars instead of syntect's TextMate syntaxes: on a help site's code blocks tree-sitter is two
//! to four times faster (bench/NOTES.md, session 8), and syntect's regexes were a third of a large
//! build's time. Every other language stays with syntect.
//!
//! The look does not change engine with the language: each tree-sitter capture (`keyword`,
//! `string`, `function.builtin`…) is given the TextMate scope a syntect syntax gives the same kind
//! of token, and the themes style that scope, so both engines write the same classes and the
//! stylesheet is the same.
//!
//! A grammar's external scanner keeps its state in tree-sitter's 1,024-byte buffer, and the
//! YAML and Python scanners (tree-sitter-yaml 0.7, tree-sitter-python 0.25) check the buffer's end
//! only between two-byte writes: a block nested a few hundred levels deep writes past it and
//! aborts the process. Each grammar therefore says which code it can take (`Grammar::takes`), from
//! a bound on what its scanner can push; other code goes to syntect.

use std::sync::OnceLock;
use syntect::parsing::Scope;
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// Longer code goes to syntect. tree-sitter's time grows with the square of a block's nesting
/// depth (a JSON block of 10,000 `[` takes 90 ms, of 100,000 eight seconds), so a cap on the
/// bytes it is given bounds its worst case (about 50 ms a block) while every ordinary code block
/// fits; syntect's time is what it was for longer code.
pub(super) const MAX_BYTES: usize = 8 * 1024;

/// The captures the grammars' highlight queries use, with the TextMate scope each one means
/// (`None`: plain text). A capture not listed takes its longest listed prefix
/// (`punctuation.bracket` is `punctuation`), as tree-sitter matches them.
const CAPTURES: &[(&str, Option<&str>)] = &[
    ("attribute", Some("entity.other.attribute-name")),
    ("boolean", Some("constant.language")),
    ("comment", Some("comment")),
    ("conditional", Some("keyword.control")),
    ("constant", Some("constant.other")),
    ("constant.builtin", Some("constant.language")),
    ("constructor", Some("entity.name.type")),
    ("embedded", None),
    ("escape", Some("constant.character.escape")),
    ("field", None),
    ("float", Some("constant.numeric")),
    ("function", Some("entity.name.function")),
    ("function.builtin", Some("support.function")),
    ("function.call", Some("support.function")),
    ("function.macro", Some("support.function")),
    ("keyword", Some("keyword")),
    ("keyword.operator", Some("keyword.operator")),
    ("label", Some("entity.name.label")),
    ("number", Some("constant.numeric")),
    ("operator", Some("keyword.operator")),
    ("parameter", Some("variable.parameter")),
    ("property", None),
    ("punctuation", Some("punctuation")),
    ("storageclass", Some("storage.modifier")),
    ("string", Some("string.quoted")),
    ("string.special", Some("string.regexp")),
    ("string.special.key", Some("support.type.property-name")),
    ("tag", Some("entity.name.tag")),
    ("type", Some("entity.name.type")),
    ("type.builtin", Some("storage.type")),
    ("type.qualifier", Some("storage.modifier")),
    ("variable", None),
    ("variable.builtin", Some("variable.language")),
    ("variable.parameter", Some("variable.parameter")),
];

/// One grammar: its highlight configuration, per capture the scopes that style it, and the
/// code it can take.
pub(super) struct Grammar {
    config: HighlightConfiguration,
    scopes: Vec<Option<Scope>>,
    takes: fn(&str) -> bool,
}

impl Grammar {
    /// Whether this grammar can highlight `code` (else syntect does).
    pub(super) fn takes(&self, code: &str) -> bool {
        code.len() <= MAX_BYTES && (self.takes)(code)
    }
}

fn any_code(_: &str) -> bool {
    true
}

/// tree-sitter-yaml pushes an indentation level (four bytes of state) only in a scan that has
/// consumed one of `-`, `?`, `:`, `|`, `>`, and tree-sitter restores the state of the last token
/// before every scan, so the levels never outnumber those characters: at most 200 of them keep
/// the state within 10 + 4 × 200 bytes.
fn yaml_fits(code: &str) -> bool {
    code.bytes().filter(|b| matches!(b, b'-' | b'?' | b':' | b'|' | b'>')).count() <= 200
}

/// tree-sitter-python pushes an indentation level (two bytes) only in a scan that has consumed a
/// line break, besides at most 255 bytes of open string delimiters: at most 300 line breaks keep
/// the state within 2 + 255 + 2 × 300 bytes.
fn python_fits(code: &str) -> bool {
    code.bytes().filter(|&b| b == b'\n').count() <= 300
}

/// A grammar docent knows: the syntect syntaxes it stands for and how to make it.
struct Known {
    syntaxes: &'static [&'static str],
    make: fn() -> Grammar,
}

/// Each grammar is made the first time a code block needs it: compiling a highlight query takes
/// up to 60 ms (SQL's), which a site with code in one language should not pay for the others.
const KNOWN: [Known; 7] = [
    Known { syntaxes: &["Bourne Again Shell (bash)"], make: bash },
    Known { syntaxes: &["JSON"], make: json },
    Known { syntaxes: &["YAML"], make: yaml },
    Known { syntaxes: &["SQL"], make: sql },
    Known { syntaxes: &["Python"], make: python },
    // `js`, `jsx` and `mjs` name syntect's Babel syntax (JavaScript with JSX), which the grammar
    // also parses.
    Known { syntaxes: &["JavaScript", "JavaScript (Babel)"], make: javascript },
    Known { syntaxes: &["Rust"], make: rust },
];

/// The grammar for a syntect syntax's name, when tree-sitter highlights that language. Keyed by
/// syntect's name so that a fence's language is looked up exactly as before (extensions, names,
/// docent's aliases).
pub(super) fn grammar_for(syntax_name: &str) -> Option<&'static Grammar> {
    static MADE: [OnceLock<Grammar>; 7] = [const { OnceLock::new() }; 7];
    let i = KNOWN.iter().position(|known| known.syntaxes.contains(&syntax_name))?;
    Some(MADE[i].get_or_init(KNOWN[i].make))
}

fn grammar(
    language: tree_sitter_language::LanguageFn,
    name: &str,
    query: &str,
    overrides: &[(&str, &str)],
    takes: fn(&str) -> bool,
) -> Grammar {
    let mut config = HighlightConfiguration::new(language.into(), name, query, "", "")
        .expect("a grammar's own highlight query compiles");
    let captures: Vec<&str> = CAPTURES.iter().map(|(c, _)| *c).collect();
    config.configure(&captures);
    let scopes = CAPTURES
        .iter()
        .map(|(capture, scope)| {
            let scope = overrides.iter().find(|(c, _)| c == capture).map(|(_, s)| *s).or(*scope);
            scope.map(|s| Scope::new(s).expect("a valid scope name"))
        })
        .collect();
    Grammar { config, scopes, takes }
}

/// Variables (`$HOME`) read as variables; tree-sitter-bash calls them properties, and calls a
/// command's options (`--verbose`) constants: syntect's option scope.
fn bash() -> Grammar {
    let overrides = [("property", "variable.other"), ("constant", "variable.parameter.option")];
    grammar(tree_sitter_bash::LANGUAGE, "bash", tree_sitter_bash::HIGHLIGHT_QUERY, &overrides, any_code)
}

fn json() -> Grammar {
    grammar(tree_sitter_json::LANGUAGE, "json", tree_sitter_json::HIGHLIGHTS_QUERY, &[], any_code)
}

/// A mapping's keys are tags in YAML's TextMate syntax.
fn yaml() -> Grammar {
    let overrides = [("property", "entity.name.tag")];
    grammar(tree_sitter_yaml::LANGUAGE, "yaml", tree_sitter_yaml::HIGHLIGHTS_QUERY, &overrides, yaml_fits)
}

fn sql() -> Grammar {
    grammar(tree_sitter_sequel::LANGUAGE, "sql", tree_sitter_sequel::HIGHLIGHTS_QUERY, &[], any_code)
}

fn python() -> Grammar {
    grammar(tree_sitter_python::LANGUAGE, "python", tree_sitter_python::HIGHLIGHTS_QUERY, &[], python_fits)
}

fn javascript() -> Grammar {
    let query = format!("{}\n{}", tree_sitter_javascript::JSX_HIGHLIGHT_QUERY, tree_sitter_javascript::HIGHLIGHT_QUERY);
    grammar(tree_sitter_javascript::LANGUAGE, "javascript", &query, &[], any_code)
}

fn rust() -> Grammar {
    grammar(tree_sitter_rust::LANGUAGE, "rust", tree_sitter_rust::HIGHLIGHTS_QUERY, &[], any_code)
}

thread_local! {
    /// The parser and query cursors, kept between code blocks on each thread.
    static HIGHLIGHTER: std::cell::RefCell<Highlighter> = std::cell::RefCell::new(Highlighter::new());
}

/// Calls `text` with each run of `code` and the scopes it is under, outermost first; `None` when
/// tree-sitter could not highlight it (the caller falls back to syntect).
pub(super) fn for_each_run(grammar: &Grammar, code: &str, mut text: impl FnMut(&str, &[Scope])) -> Option<()> {
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        let events = highlighter.highlight(&grammar.config, code.as_bytes(), None, None, |_| None).ok()?;
        let mut stack: Vec<Scope> = Vec::new();
        // Captures that style nothing still nest: remember which pushed a scope.
        let mut pushed: Vec<bool> = Vec::new();
        for event in events {
            match event.ok()? {
                HighlightEvent::Source { start, end } => text(code.get(start..end)?, &stack),
                HighlightEvent::HighlightStart(h) => {
                    let scope = grammar.scopes.get(h.0).copied().flatten();
                    pushed.push(scope.is_some());
                    stack.extend(scope);
                }
                HighlightEvent::HighlightEnd => {
                    if pushed.pop()? {
                        stack.pop();
                    }
                }
            }
        }
        Some(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGUAGES: &[&str] = &["Bourne Again Shell (bash)", "JSON", "YAML", "SQL", "Python", "JavaScript", "Rust"];

    /// Runs `code` through `name`'s grammar when it takes it; every byte must come back.
    fn run(name: &str, code: &str) -> bool {
        let grammar = grammar_for(name).unwrap();
        if !grammar.takes(code) {
            return false;
        }
        let mut kept = String::new();
        if for_each_run(grammar, code, |piece, _| kept.push_str(piece)).is_some() {
            assert_eq!(kept, code, "{name}");
        }
        true
    }

    #[test]
    fn deep_nesting_up_to_the_cap_keeps_every_byte() {
        for opener in ["[", "(", "{", "$(", "- ", "? ", ": ", "\"", "/*", "`${", "<<EOF\n", "r#\"", "f\"{"] {
            for name in LANGUAGES {
                run(name, &opener.repeat(MAX_BYTES / opener.len()));
                run(name, &opener.repeat(200));
            }
        }
    }

    #[test]
    fn yaml_and_python_take_only_what_their_scanners_can_hold() {
        // These aborted the process (tree-sitter's "length <= 1024" assertion) before the bounds.
        assert!(!run("YAML", &"- ".repeat(1000)));
        assert!(run("YAML", &"- ".repeat(200)), "the deepest YAML the bound allows is highlighted");
        assert!(run("YAML", &format!("{}{}", "- ".repeat(100), ": ".repeat(100))));
        let python: String = (0..300).map(|i| format!("{}if a:\n", "\t".repeat(i % 24))).collect();
        assert!(run("Python", &python));
        let deep =
            format!("{}\n{}", "f\"{".repeat(255), (1..300).map(|i| " ".repeat(i / 12) + "x\n").collect::<String>());
        run("Python", &deep);
        assert!(!run("Python", &"x\n".repeat(301)));
        assert!(!run("JSON", &"[".repeat(MAX_BYTES + 1)), "longer code goes to syntect");
    }
}
