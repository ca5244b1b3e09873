//! The search tokenizer and stemmer: text -> the terms the index is keyed by.
//!
//! The browser client (`themes/default/static/search.js`) has the same rules, written again in
//! JavaScript; `tests/search_parity.rs` runs both over a word list and compares. Change one, change
//! the other. The rules are deliberately small (a light English stemmer, not Porter's): they only
//! need to make "passwords", "password" and "password's" one term, and be easy to keep identical
//! in two languages.
//!
//! - A word is a run of Unicode alphabetic or numeric characters (`char::is_alphanumeric`, which
//!   is `[\p{Alphabetic}\p{N}]` in JavaScript); apostrophes inside words are dropped first.
//! - Words are lowercased (`str::to_lowercase`, as `String.prototype.toLowerCase`), words of one
//!   character, stop words and words longer than `MAX_WORD` characters are dropped.
//! - `stem` trims English plural and verb endings from words of plain ASCII letters only.
//! - Words joined by hyphens ("drop-down", "e-mail", "two-step") are also indexed as one word
//!   ("dropdown", "email", "twostep"; `for_each_compound`), so that a reader who writes them
//!   together finds them. The client joins hyphenated query words the same way.

/// Words longer than this (in UTF-16 units, as JavaScript counts) are not indexed.
pub const MAX_WORD: usize = 40;

/// Words too common to help find a page. Kept short: "not", "new" and "how" stay searchable.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on", "or", "that",
    "the", "this", "to", "was", "with", "you", "your",
];

/// One word of a text: its term and where it is (byte offsets into the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// The terms of a text, in order, with repeats.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each term of a text, in order, with repeats: `terms` without a string per word
/// (the index tokenizes every page, and allocating each word was most of its time).
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut raw = String::new();
    let mut term = String::new();
    let mut in_word = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            in_word = true;
            raw.push(c);
        } else if is_apostrophe(c) && in_word {
            // Dropped: "user's" is "users".
        } else if in_word {
            in_word = false;
            if term_into(&raw, &mut term) {
                f(&term);
            }
            raw.clear();
        }
    }
}

/// Calls `f` with the term of each run of words joined by hyphens (`-`, U+2010, U+2011), written
/// as one word: "drop-down" gives "dropdown", "e-mail" gives "email". Runs with one word give
/// nothing (`for_each_term` has them).
pub fn for_each_compound(text: &str, mut f: impl FnMut(&str)) {
    if !text.contains(['-', '\u{2010}', '\u{2011}']) {
        return;
    }
    let mut joined = String::new();
    let mut parts = 0;
    let mut in_word = false;
    let mut after_hyphen = false;
    let mut term = String::new();
    let end = |joined: &mut String, parts: &mut usize, term: &mut String, f: &mut dyn FnMut(&str)| {
        if *parts > 1 && term_into(joined, term) {
            f(term);
        }
        joined.clear();
        *parts = 0;
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            if !in_word {
                if !after_hyphen {
                    end(&mut joined, &mut parts, &mut term, &mut f);
                }
                parts += 1;
            }
            in_word = true;
            after_hyphen = false;
            joined.push(c);
        } else if is_apostrophe(c) && in_word {
        } else if matches!(c, '-' | '\u{2010}' | '\u{2011}') && in_word {
            in_word = false;
            after_hyphen = true;
        } else {
            in_word = false;
            after_hyphen = false;
            end(&mut joined, &mut parts, &mut term, &mut f);
        }
    }
}

/// The compound terms of a text (`for_each_compound`), in order.
pub fn compounds(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_compound(text, |t| out.push(t.to_string()));
    out
}

/// What the index holds for a text: its terms, then its compounds.
pub fn for_each_index_term(text: &str, mut f: impl FnMut(&str)) {
    for_each_term(text, &mut f);
    for_each_compound(text, &mut f);
}

/// `[search] synonyms` as the client matches them: each phrase as its terms. Phrases without a
/// searchable word and repeats are left out, and so are groups left with fewer than two phrases
/// (an empty group, or a word listed as its own synonym, means nothing).
pub fn synonym_groups(groups: &[Vec<String>]) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for group in groups {
        let mut phrases: Vec<Vec<String>> = Vec::new();
        for phrase in group {
            let t = terms(phrase);
            if !t.is_empty() && !phrases.contains(&t) {
                phrases.push(t);
            }
        }
        if phrases.len() > 1 {
            out.push(phrases);
        }
    }
    out
}

/// What is wrong with `[search] synonyms` groups, one message each (`synonym_groups` leaves these
/// out, so a build still works): empty groups, phrases with no searchable word, groups of one.
pub fn synonym_problems(groups: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let n = i + 1;
        if group.is_empty() {
            out.push(format!("[search] synonyms group {n} is empty"));
            continue;
        }
        for phrase in group.iter().filter(|p| terms(p).is_empty()) {
            out.push(format!(
                "[search] synonyms group {n}: {phrase:?} has no searchable word (too short or too common)"
            ));
        }
        if synonym_groups(std::slice::from_ref(group)).is_empty() {
            out.push(format!("[search] synonyms group {n} {group:?} names one word or phrase: it has no synonym"));
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The indexable words of a text, with their positions.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let mut raw = String::new();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            raw.push(c);
        } else if is_apostrophe(c) && start.is_some() {
            // Dropped: "user's" is "users". An apostrophe not followed by a letter ends nothing either.
        } else if let Some(s) = start.take() {
            if let Some(term) = term_of(&raw) {
                out.push(Word { term, start: s, end: i });
            }
            raw.clear();
        }
    }
    out
}

/// The term of one word (already split), or `None` when the word is not indexed.
pub fn term_of(word: &str) -> Option<String> {
    let mut term = String::new();
    term_into(word, &mut term).then_some(term)
}

/// Writes the term of one word into `term` (reusing its memory); false when the word is not indexed.
fn term_into(word: &str, term: &mut String) -> bool {
    term.clear();
    // ASCII words (nearly all of them) lowercase in place and are as long in UTF-16 as in bytes.
    let len = if word.is_ascii() {
        term.push_str(word);
        term.make_ascii_lowercase();
        word.len()
    } else {
        term.push_str(&word.to_lowercase());
        term.encode_utf16().count()
    };
    if !(2..=MAX_WORD).contains(&len) || is_stop_word(term) {
        return false;
    }
    *term = stem_owned(std::mem::take(term));
    true
}

/// `STOP_WORDS.contains(word)`, without comparing against each one (this runs for every word).
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "with"
            | "you"
            | "your"
    )
}

/// Trims English endings from a lowercase word of ASCII letters: plurals, `-ing`, `-ed`, a final
/// `-e`. Other words come back unchanged.
pub fn stem(word: &str) -> String {
    stem_owned(word.to_string())
}

fn stem_owned(word: String) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word;
    }
    let mut w = word;
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("es") && ["x", "ch", "sh", "ss", "zz"].iter().any(|e| w[..w.len() - 2].ends_with(e)) {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    if w.ends_with("ied") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else {
        for suffix in ["ing", "ed"] {
            if let Some(base) = w.strip_suffix(suffix)
                && base.len() >= 3
                && base.bytes().any(is_vowel)
            {
                w = undouble(base);
                break;
            }
        }
    }
    if w.len() > 3 && w.ends_with('e') && !w.ends_with("ee") {
        w.truncate(w.len() - 1);
    }
    w
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// "resett" -> "reset", "stopp" -> "stop"; but "add", "staff", "still", "cross", "buzz" stay.
fn undouble(base: &str) -> String {
    let b = base.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && !b"lsfz".contains(&b[n - 1]) {
        base[..n - 1].to_string()
    } else {
        base.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmer_joins_forms_of_a_word() {
        for (forms, term) in [
            (&["password", "passwords", "password's"][..], "password"),
            (&["lock", "locked", "locking", "locks"], "lock"),
            (&["reset", "resets", "resetting"], "reset"),
            (&["clinic", "clinics"], "clinic"),
            (&["code", "codes", "coded", "coding"], "cod"),
            (&["verify", "verified", "verifies"], "verify"),
            (&["policy", "policies"], "policy"),
            (&["box", "boxes"], "box"),
            (&["match", "matches", "matching"], "match"),
        ] {
            for f in forms {
                assert_eq!(terms(f), vec![term.to_string()], "{f}");
            }
        }
        for kept in ["add", "staff", "status", "access", "string", "agree", "this1"] {
            assert_eq!(stem(kept), kept);
        }
        assert_eq!(stem("adding"), "add");
        assert_eq!(stem("caf\u{e9}s"), "caf\u{e9}s", "non-ASCII words are not stemmed");
    }

    #[test]
    fn tokenizer_splits_on_punctuation_and_drops_stop_words() {
        // One-letter words ("b") and stop words ("the") go; "you've" is one word.
        assert_eq!(terms("Two-step code: the <b>one</b> you've got!"), ["two", "step", "cod", "one", "youv", "got"]);
        assert_eq!(terms("__proto__ constructor toString"), ["proto", "constructor", "tostr"]);
        assert_eq!(terms("مرحبا بالعالم 😀 ÉCOLE"), ["مرحبا", "بالعالم", "école"]);
        assert!(terms(&"x".repeat(41)).is_empty());
        assert!(terms("* ^ ~ : \" '").is_empty());
    }

    #[test]
    fn hyphenated_words_are_also_one_word() {
        assert_eq!(compounds("Use the drop-down, your e-mail and two-step codes"), ["dropdown", "email", "twostep"]);
        assert_eq!(compounds("a - b, x-, -y, sign-in-page"), ["signinpag"]);
        assert!(compounds("no hyphen here").is_empty());
        let mut all = Vec::new();
        for_each_index_term("e-mail it", |t| all.push(t.to_string()));
        assert_eq!(all, ["mail", "email"]);
    }

    #[test]
    fn synonym_groups_are_terms_without_empty_or_lone_phrases() {
        let g = |groups: &[&[&str]]| {
            synonym_groups(&groups.iter().map(|g| g.iter().map(|p| p.to_string()).collect()).collect::<Vec<_>>())
        };
        assert_eq!(
            g(&[&["MFA", "two-step", "Verification codes"]]),
            [[vec!["mfa"], vec!["two", "step"], vec!["verification", "cod"]]]
        );
        assert!(g(&[&[], &["mfa", "MFA"], &["the", "mfa"], &[""]]).is_empty());
        let problems = synonym_problems(&[vec![], vec!["mfa".into(), "MFA".into()], vec!["the".into(), "mfa".into()]]);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("group 1 is empty") && problems[2].contains("\"the\" has no searchable word"));
        assert!(synonym_problems(&[vec!["mfa".into(), "two-step".into()]]).is_empty());
    }

    #[test]
    fn stop_word_test_matches_the_list() {
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w}");
        }
        assert!(!is_stop_word("not") && !is_stop_word("how") && !is_stop_word("new"));
    }

    #[test]
    fn words_know_where_they_are() {
        let text = "Reset your Password";
        let w = words(text);
        assert_eq!(w.len(), 2);
        assert_eq!(&text[w[1].start..w[1].end], "Password");
    }
}
