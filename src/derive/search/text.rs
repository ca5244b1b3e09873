//! The search tokenizer and stemmer: text in one language -> the terms the index is keyed by.
//!
//! The browser client (`themes/default/static/search.js`) has the same rules, written again in
//! JavaScript; `tests/search_parity.rs` runs both over word lists in every language and compares.
//! Change one, change the other. The rules are deliberately small (light stemmers, not Porter's or
//! Snowball's; see `lang.rs` for why): they only need to make "passwords", "password" and
//! "password's" (or "contraseñas" and "contraseña") one term, and be easy to keep identical in two
//! programming languages.
//!
//! - A word is a run of Unicode alphabetic or numeric characters and combining marks
//!   (`is_word_char`, which is `[\p{Alphabetic}\p{N}\p{M}]` in JavaScript); apostrophes inside words are dropped first, or end
//!   the word in languages that elide (`Analysis::split_apostrophes`, French).
//! - Words are lowercased (`str::to_lowercase`, as `String.prototype.toLowerCase`) and folded
//!   (`fold`: accents off Latin letters, so "contraseña" is "contrasena" in every language); words
//!   of one character, stop words and words longer than `MAX_WORD` characters are dropped.
//! - `stem` trims English plural and verb endings from words of plain ASCII letters only; other
//!   languages' suffix tables (`lang.rs`) apply to the same words.
//! - Words joined by hyphens ("drop-down", "e-mail", "two-step") are also indexed as one word
//!   ("dropdown", "email", "twostep"; `for_each_compound`), so that a reader who writes them
//!   together finds them. The client joins hyphenated query words the same way.

use super::lang::Analysis;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in UTF-16 units, as JavaScript counts) are not indexed.
pub const MAX_WORD: usize = 40;

/// English words too common to help find a page. Kept short: "not", "new" and "how" stay searchable.
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
pub fn terms(text: &str, lang: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, lang, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each term of a text, in order, with repeats: `terms` without a string per word
/// (the index tokenizes every page, and allocating each word was most of its time).
pub fn for_each_term(text: &str, lang: &Analysis, mut f: impl FnMut(&str)) {
    let mut raw = String::new();
    let mut term = String::new();
    let mut in_word = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_word_char(c) {
            in_word = true;
            raw.push(c);
        } else if is_apostrophe(c) && in_word && !lang.split_apostrophes {
            // Dropped: "user's" is "users".
        } else if in_word {
            in_word = false;
            if term_into(&raw, lang, &mut term) {
                f(&term);
            }
            raw.clear();
        }
    }
}

/// Calls `f` with the term of each run of words joined by hyphens (`-`, U+2010, U+2011), written
/// as one word: "drop-down" gives "dropdown", "e-mail" gives "email". Runs with one word give
/// nothing (`for_each_term` has them).
pub fn for_each_compound(text: &str, lang: &Analysis, mut f: impl FnMut(&str)) {
    if !text.contains(['-', '\u{2010}', '\u{2011}']) {
        return;
    }
    let mut joined = String::new();
    let mut parts = 0;
    let mut in_word = false;
    let mut after_hyphen = false;
    let mut term = String::new();
    let end = |joined: &mut String, parts: &mut usize, term: &mut String, f: &mut dyn FnMut(&str)| {
        if *parts > 1 && term_into(joined, lang, term) {
            f(term);
        }
        joined.clear();
        *parts = 0;
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_word_char(c) {
            if !in_word {
                if !after_hyphen {
                    end(&mut joined, &mut parts, &mut term, &mut f);
                }
                parts += 1;
            }
            in_word = true;
            after_hyphen = false;
            joined.push(c);
        } else if is_apostrophe(c) && in_word && !lang.split_apostrophes {
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
pub fn compounds(text: &str, lang: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for_each_compound(text, lang, |t| out.push(t.to_string()));
    out
}

/// What the index holds for a text: its terms, then its compounds.
pub fn for_each_index_term(text: &str, lang: &Analysis, mut f: impl FnMut(&str)) {
    for_each_term(text, lang, &mut f);
    for_each_compound(text, lang, &mut f);
}

/// `[search] synonyms` as the client matches them: each phrase as its terms. Phrases without a
/// searchable word and repeats are left out, and so are groups left with fewer than two phrases
/// (an empty group, or a word listed as its own synonym, means nothing).
pub fn synonym_groups(groups: &[Vec<String>], lang: &Analysis) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for group in groups {
        let mut phrases: Vec<Vec<String>> = Vec::new();
        for phrase in group {
            let t = terms(phrase, lang);
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
pub fn synonym_problems(groups: &[Vec<String>], lang: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let n = i + 1;
        if group.is_empty() {
            out.push(format!("[search] synonyms group {n} is empty"));
            continue;
        }
        for phrase in group.iter().filter(|p| terms(p, lang).is_empty()) {
            out.push(format!(
                "[search] synonyms group {n}: {phrase:?} has no searchable word (too short or too common)"
            ));
        }
        if synonym_groups(std::slice::from_ref(group), lang).is_empty() {
            out.push(format!("[search] synonyms group {n} {group:?} names one word or phrase: it has no synonym"));
        }
    }
    out
}

/// Letters, digits and combining marks (so that a word written decomposed, "informacio\u{301}n",
/// stays one word, and so do words of scripts whose vowel signs are marks).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The indexable words of a text, with their positions.
pub fn words(text: &str, lang: &Analysis) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let mut raw = String::new();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if is_word_char(c) {
            start.get_or_insert(i);
            raw.push(c);
        } else if is_apostrophe(c) && start.is_some() && !lang.split_apostrophes {
            // Dropped: "user's" is "users". An apostrophe not followed by a letter ends nothing either.
        } else if let Some(s) = start.take() {
            if let Some(term) = term_of(&raw, lang) {
                out.push(Word { term, start: s, end: i });
            }
            raw.clear();
        }
    }
    out
}

/// The term of one word (already split), or `None` when the word is not indexed.
pub fn term_of(word: &str, lang: &Analysis) -> Option<String> {
    let mut term = String::new();
    term_into(word, lang, &mut term).then_some(term)
}

/// Writes the term of one word into `term` (reusing its memory); false when the word is not indexed.
fn term_into(word: &str, lang: &Analysis, term: &mut String) -> bool {
    term.clear();
    // ASCII words (nearly all of them) lowercase in place, need no folding and are as long in
    // UTF-16 as in bytes.
    let len = if word.is_ascii() {
        term.push_str(word);
        term.make_ascii_lowercase();
        word.len()
    } else {
        term.push_str(&fold(&word.to_lowercase()));
        term.encode_utf16().count()
    };
    let stop = if lang.is_english() { is_stop_word(term) } else { lang.is_stop_word(term) };
    if !(2..=MAX_WORD).contains(&len) || stop {
        return false;
    }
    let word = std::mem::take(term);
    *term = if lang.is_english() { stem_owned(word) } else { lang.stem_with_rules(word) };
    true
}

/// Folds a lowercase word for matching: combining marks after a plain Latin letter go ("é" is
/// "e", "ñ" is "n", "ç" is "c", in precomposed or decomposed form), and "œ", "æ" are written
/// out. Other scripts keep their marks (they are letters there), and the result is NFC. The
/// client does the same with `normalize("NFD")`, one regular expression and `normalize("NFC")`.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let mut bare = String::with_capacity(word.len());
    let mut after_letter = false;
    for c in word.nfd() {
        if after_letter && is_combining_mark(c) {
            continue;
        }
        after_letter = c.is_ascii_lowercase();
        match c {
            '\u{153}' => bare.push_str("oe"),
            '\u{e6}' => bare.push_str("ae"),
            _ => bare.push(c),
        }
    }
    bare.nfc().collect()
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
    use crate::derive::search::lang::{ENGLISH as EN, FRENCH, SPANISH};

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
                assert_eq!(terms(f, &EN), vec![term.to_string()], "{f}");
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
        assert_eq!(
            terms("Two-step code: the <b>one</b> you've got!", &EN),
            ["two", "step", "cod", "one", "youv", "got"]
        );
        assert_eq!(terms("__proto__ constructor toString", &EN), ["proto", "constructor", "tostr"]);
        assert_eq!(terms("مرحبا بالعالم 😀 ÉCOLE", &EN), ["مرحبا", "بالعالم", "ecol"]);
        assert!(terms(&"x".repeat(41), &EN).is_empty());
        assert!(terms("* ^ ~ : \" '", &EN).is_empty());
    }

    #[test]
    fn hyphenated_words_are_also_one_word() {
        assert_eq!(
            compounds("Use the drop-down, your e-mail and two-step codes", &EN),
            ["dropdown", "email", "twostep"]
        );
        assert_eq!(compounds("a - b, x-, -y, sign-in-page", &EN), ["signinpag"]);
        assert!(compounds("no hyphen here", &EN).is_empty());
        let mut all = Vec::new();
        for_each_index_term("e-mail it", &EN, |t| all.push(t.to_string()));
        assert_eq!(all, ["mail", "email"]);
    }

    #[test]
    fn synonym_groups_are_terms_without_empty_or_lone_phrases() {
        let g = |groups: &[&[&str]]| {
            synonym_groups(&groups.iter().map(|g| g.iter().map(|p| p.to_string()).collect()).collect::<Vec<_>>(), &EN)
        };
        assert_eq!(
            g(&[&["MFA", "two-step", "Verification codes"]]),
            [[vec!["mfa"], vec!["two", "step"], vec!["verification", "cod"]]]
        );
        assert!(g(&[&[], &["mfa", "MFA"], &["the", "mfa"], &[""]]).is_empty());
        let problems =
            synonym_problems(&[vec![], vec!["mfa".into(), "MFA".into()], vec!["the".into(), "mfa".into()]], &EN);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("group 1 is empty") && problems[2].contains("\"the\" has no searchable word"));
        assert!(synonym_problems(&[vec!["mfa".into(), "two-step".into()]], &EN).is_empty());
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
        let w = words(text, &EN);
        assert_eq!(w.len(), 2);
        assert_eq!(&text[w[1].start..w[1].end], "Password");
    }

    #[test]
    fn accents_fold_in_every_language_precomposed_or_not() {
        for lang in [&EN, &SPANISH, &FRENCH] {
            assert_eq!(terms("Contraseña", lang), terms("contrasena", lang), "{}", lang.name);
            assert_eq!(terms("Información", lang), terms("INFORMACION", lang), "{}", lang.name);
            assert_eq!(terms("Informaci\u{f3}n", lang), terms("Informacio\u{301}n", lang), "{}", lang.name);
        }
        assert_eq!(fold("c\u{153}ur \u{e6}quo na\u{ef}ve gar\u{e7}on"), "coeur aequo naive garcon");
        // Marks are letters in other scripts, and Hangul stays composed.
        assert_eq!(fold("हिन्दी 한국어"), "हिन्दी 한국어");
        assert_eq!(fold("i\u{307}stanbul"), "istanbul");
    }

    #[test]
    fn spanish_inflections_meet_and_stop_words_go() {
        let one = |forms: &[&str]| {
            let t: Vec<Vec<String>> = forms.iter().map(|f| terms(f, &SPANISH)).collect();
            assert!(t.iter().all(|x| x.len() == 1 && *x == t[0]), "{forms:?} give {t:?}");
        };
        one(&["contraseña", "contraseñas", "CONTRASEÑA", "contrasenas"]);
        one(&["información", "informaciones", "informar"]);
        one(&["usuario", "usuarios", "usuaria", "usuarias"]);
        one(&["bloquear", "bloqueada", "bloqueados", "bloqueo", "bloqueó"]);
        one(&["registrar", "registrado", "registro", "registros", "registrando"]);
        one(&["vacuna", "vacunas", "vacunación", "vacunar", "vacunado"]);
        one(&["luz", "luces"]);
        one(&["enlace", "enlaces"]);
        one(&["país", "países"]);
        one(&["restablecer", "restablecimiento"]);
        one(&["olvidar", "olvidó", "olvido", "olvidado"]);
        one(&["caducar", "caducan", "caduca", "caducado"]);
        assert_eq!(terms("el usuario de la clínica y los pacientes", &SPANISH), ["usuari", "clinic", "pacient"]);
        assert_ne!(terms("vacuna", &SPANISH), terms("vacía", &SPANISH));
    }

    #[test]
    fn french_apostrophes_split_elided_words() {
        assert_eq!(
            terms("l'accès d'un utilisateur qu'il connaît", &FRENCH),
            terms("accès utilisateur connaît", &FRENCH)
        );
        assert_eq!(terms("l\u{2019}utilisatrice", &FRENCH), terms("utilisateurs", &FRENCH));
        assert_eq!(terms("vérification vérifiée", &FRENCH), terms("vérifier vérifier", &FRENCH));
        assert_eq!(words("l'accès", &FRENCH)[0].start, 2);
        assert_eq!(compounds("mot-de-passe l'e-mail", &FRENCH), ["motdepass", "email"]);
        // English keeps "user's" as one word.
        assert_eq!(terms("user's", &EN), ["user"]);
    }
}
