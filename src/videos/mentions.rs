//! Page titles spoken in a transcript ("see the page called Forgot your username"), found so
//! that the video page can link them to the page.
//!
//! Takes the site's page titles once (`Titles::new`) and a cue's plain text; gives the byte
//! ranges of the titles it mentions. A mention is the whole title, compared without regard
//! to case and with any run of spaces matching one space, starting and ending at word
//! boundaries (a title inside a longer word is not one); where titles overlap, the longest
//! one starting first wins. Pure: knows no URLs and writes no HTML.

use std::collections::HashMap;
use std::ops::Range;

/// The titles to look for, by their first word (lowercase), longest first within a word.
#[derive(Debug, Default)]
pub struct Titles {
    by_first_word: HashMap<String, Vec<(String, usize)>>,
}

/// A title found in a text: where, and which title (its index in the list given to `new`).
#[derive(Debug, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub title: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Lowercase, with whitespace runs as one space and none at the ends.
fn normalize(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ").chars().flat_map(char::to_lowercase).collect()
}

/// The first word of `text` lowercased (up to the first character that is not a letter or
/// digit). Lowercased first, so that a title and the text agree where lowercasing adds a mark.
fn first_word(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).take_while(|&c| is_word_char(c)).collect()
}

impl Titles {
    /// `titles[i]` is the plain-text title of target `i`. Titles that do not start with a
    /// letter or digit cannot be told from surrounding text, and one-word titles ("Home",
    /// "Inicio") are too common in speech to be a page's name: both are left out.
    pub fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_first_word: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, title) in titles.into_iter().enumerate() {
            let norm = normalize(title);
            let word = first_word(&norm);
            if !word.is_empty() && norm.contains(' ') {
                by_first_word.entry(word).or_default().push((norm, i));
            }
        }
        for list in by_first_word.values_mut() {
            // Longest first, so the first match is the longest; then by index, for determinism.
            list.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.1.cmp(&b.1)));
        }
        Titles { by_first_word }
    }

    /// Every mention of a title in `text`, in order, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut found = Vec::new();
        if self.by_first_word.is_empty() {
            return found;
        }
        let mut prev: Option<char> = None;
        let mut skip_to = 0;
        for (at, c) in text.char_indices() {
            let starts_word = is_word_char(c) && !prev.is_some_and(is_word_char);
            prev = Some(c);
            if at < skip_to || !starts_word {
                continue;
            }
            let Some(candidates) = self.by_first_word.get(&first_word(&text[at..])) else { continue };
            if let Some((end, title)) =
                candidates.iter().find_map(|(t, i)| matches_at(&text[at..], t).map(|len| (at + len, *i)))
            {
                found.push(Mention { range: at..end, title });
                skip_to = end;
            }
        }
        found
    }
}

/// The byte length of the mention of `title` (normalised) at the start of `text`, if it is
/// one: the same letters in any case, a space matching any run of whitespace, and no letter
/// or digit right after it.
fn matches_at(text: &str, title: &str) -> Option<usize> {
    let mut want = title.chars().peekable();
    let mut chars = text.char_indices().peekable();
    while want.peek().is_some() {
        let (_, c) = chars.next()?;
        if c.is_whitespace() {
            if want.next() != Some(' ') {
                return None;
            }
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            continue;
        }
        for lower in c.to_lowercase() {
            if want.next() != Some(lower) {
                return None;
            }
        }
    }
    match chars.peek() {
        Some(&(end, c)) => (!(is_word_char(c) && title.chars().last().is_some_and(is_word_char))).then_some(end),
        None => Some(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(titles: &[&str], text: &'a str) -> Vec<(&'a str, usize)> {
        Titles::new(titles.iter().copied()).find(text).into_iter().map(|m| (&text[m.range], m.title)).collect()
    }

    #[test]
    fn a_title_is_found_in_any_case_across_line_breaks() {
        let titles = ["Forgot your username", "Reset your password"];
        assert_eq!(
            spans(&titles, "If you lost it, see the page called forgot\nyour  username."),
            vec![("forgot\nyour  username", 0)]
        );
        assert_eq!(spans(&titles, "RESET YOUR PASSWORD, then log in."), vec![("RESET YOUR PASSWORD", 1)]);
    }

    #[test]
    fn a_one_word_title_is_not_a_mention() {
        assert_eq!(spans(&["Inicio", "Log in"], "Abra la página de inicio de sesión y log in."), vec![("log in", 1)]);
    }

    #[test]
    fn a_title_inside_another_word_is_not_a_mention() {
        let titles = ["Log in", "Get help"];
        assert_eq!(spans(&titles, "Relog in, or get helpdesk; Log ins, get helpful."), vec![]);
        assert_eq!(spans(&titles, "Open Log in (or Get help)."), vec![("Log in", 0), ("Get help", 1)]);
        assert_eq!(spans(&titles, "über-Log in"), vec![("Log in", 0)], "a hyphen is a word boundary");
        assert_eq!(spans(&["Your lock"], "Your blocked, your unlocked, your lockout"), vec![]);
    }

    #[test]
    fn the_longest_title_wins_and_mentions_do_not_overlap() {
        let titles = ["Your password", "Password questions", "Set up password questions"];
        assert_eq!(
            spans(&titles, "Set up password questions first; password questions help; your password."),
            vec![("Set up password questions", 2), ("password questions", 1), ("your password", 0)]
        );
    }

    #[test]
    fn titles_ending_in_punctuation_and_odd_text_are_safe() {
        assert_eq!(spans(&["What is CT WiZ?"], "Read What is CT WiZ? first"), vec![("What is CT WiZ?", 0)]);
        assert_eq!(spans(&["İstanbul office"], "see İstanbul office"), vec![("İstanbul office", 0)]);
        assert_eq!(spans(&["", "  ", "?"], "anything ?"), vec![]);
        assert_eq!(spans(&["a"], ""), vec![]);
        assert_eq!(spans(&["Reset it"], "reset  it"), vec![("reset  it", 0)]);
    }
}
