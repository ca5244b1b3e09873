//! Each language's analysis for search: its stop words, the question words a query may drop,
//! whether an apostrophe splits words, and its stemmer.
//!
//! Takes a language tag (`es`, `pt-BR`) and gives an `Analysis`; `text.rs` applies it, and the
//! manifest carries it to the browser client (`Analysis::rules`), which applies the same data with
//! the same interpreter. English's stemmer is code (it was first, and is built into the client, so
//! an English index ships no rules); Spanish, Portuguese and French are suffix tables.
//!
//! Why light stemmers written here rather than Snowball's (the `rust-stemmers` crate): the client
//! must give exactly the index's terms, so it needs the same stemmer in JavaScript. A Snowball
//! port from npm (`snowball-stemmers`, ISC) agreed with `rust-stemmers` on our word lists, but it
//! is 867 KB (66 KB gzip) for all languages, and the theme is embedded in the binary: shipping it
//! means either copying another project's code into `themes/` or a build that needs npm. A table
//! of a few dozen suffixes per language is a few hundred bytes in the manifest, one interpreter
//! serves every language, and `tests/search_parity.rs` checks both sides word by word. The rules
//! only need to make a word's inflections meet (plural, gender, the common verb forms and a few
//! derivations), not to find linguistic roots: a term is a key, never shown.
//!
//! Not here: accent folding (`text::fold`, the same for every language).

use serde_json::{Value, json};

/// One suffix rule: a word that ends with `suffix`, and keeps at least `min` letters without
/// it, ends with `replacement` instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub suffix: &'static str,
    pub replacement: &'static str,
    pub min: usize,
}

/// How one language's words become terms.
#[derive(Debug, PartialEq)]
pub struct Analysis {
    /// `en`, `es`, `pt`, `fr`, or `none` for a language without rules (words are only folded).
    pub name: &'static str,
    /// Words not indexed, folded, sorted (for `binary_search`).
    stop: &'static [&'static str],
    /// Question and filler words a query drops when it has other words (client only).
    filler: &'static [&'static str],
    /// An apostrophe ends a word (French `l'accès` is `accès`); otherwise it is dropped
    /// (English `user's` is `users`).
    pub split_apostrophes: bool,
    /// Suffix rules in steps: in each step, the first rule that applies, then the next step.
    steps: &'static [&'static [Rule]],
}

const fn r(suffix: &'static str, replacement: &'static str, min: usize) -> Rule {
    Rule { suffix, replacement, min }
}

/// English: the stemmer is `text::stem`, and the filler words are the client's own list.
pub static ENGLISH: Analysis =
    Analysis { name: "en", stop: super::text::STOP_WORDS, filler: &[], split_apostrophes: false, steps: &[] };

/// A language without rules: words are lowercased and folded, nothing else.
pub static NONE: Analysis = Analysis { name: "none", stop: &[], filler: &[], split_apostrophes: false, steps: &[] };

/// Spanish. Plurals to the singular (`-es`, `-as`, `-os` lose the `s`), then the final vowel
/// (gender: usuario, usuaria), then verb forms and derivations that share a stem (registrar,
/// registrado, registrando, registran, registro; vacunación, vacunar), then a final `z` as `c`
/// (luz, luces).
pub static SPANISH: Analysis = Analysis {
    name: "es",
    stop: &[
        "al", "con", "de", "del", "el", "en", "es", "esta", "este", "la", "las", "le", "les", "lo", "los", "para",
        "por", "que", "se", "su", "sus", "un", "una", "unas", "unos", "usted",
    ],
    filler: &[
        "como", "cual", "cuales", "cuando", "debo", "donde", "favor", "gracias", "hago", "hay", "hola", "me", "mi",
        "mis", "necesito", "puede", "puedo", "quien", "quiero", "tengo", "yo",
    ],
    split_apostrophes: false,
    steps: &[
        &[r("es", "e", 2), r("as", "a", 2), r("os", "o", 2)],
        &[r("mente", "", 4)],
        &[r("a", "", 3), r("o", "", 3), r("e", "", 3)],
        &[
            r("imient", "", 3),
            r("amient", "", 3),
            r("acion", "", 3),
            r("icion", "", 3),
            r("iend", "", 3),
            r("and", "", 3),
            // "-ado" but not "-ido": too many stems end in "id" (olvidar, olvido; validar, valida).
            r("ad", "", 3),
            r("ar", "", 3),
            r("er", "", 3),
            r("ir", "", 3),
            r("an", "", 3),
            r("en", "", 3),
        ],
        &[r("z", "c", 2)],
    ],
};

/// Portuguese. Plurals (`-ões`, `-ães` as `-ão`, `-ais` as `-al`, `-ns` as `-m`, `-res`, `-zes`,
/// `-ses`, a final `s` after a vowel), a final `-il` as `-el` (útil, úteis), verb forms and
/// derivations (redefinir, redefinida, redefinição), then the final vowel.
pub static PORTUGUESE: Analysis = Analysis {
    name: "pt",
    stop: &[
        "ao", "aos", "as", "com", "da", "das", "de", "do", "dos", "em", "na", "nas", "no", "nos", "os", "para", "pela",
        "pelo", "por", "que", "se", "seu", "seus", "sua", "suas", "um", "uma", "umas", "uns", "voce",
    ],
    filler: &[
        "como", "devo", "eu", "faco", "favor", "meu", "meus", "minha", "minhas", "obrigada", "obrigado", "ola", "onde",
        "pode", "posso", "preciso", "quais", "qual", "quando", "quem", "quero", "tenho",
    ],
    split_apostrophes: false,
    steps: &[
        &[
            r("oes", "ao", 2),
            r("aes", "ao", 2),
            r("ais", "al", 2),
            r("eis", "el", 2),
            r("ois", "ol", 2),
            r("uis", "ul", 2),
            r("ns", "m", 2),
            r("res", "r", 2),
            r("zes", "z", 2),
            r("ses", "s", 2),
            r("as", "a", 2),
            r("es", "e", 2),
            r("os", "o", 2),
        ],
        &[r("il", "el", 2)],
        &[
            r("amento", "", 3),
            r("imento", "", 3),
            r("mente", "", 4),
            r("acao", "", 3),
            r("icao", "", 3),
            r("ando", "", 3),
            r("endo", "", 3),
            r("indo", "", 3),
            r("ado", "", 3),
            r("ada", "", 3),
            r("ido", "", 3),
            r("ida", "", 3),
            r("ar", "", 3),
            r("er", "", 3),
            r("ir", "", 3),
            r("ou", "", 3),
        ],
        &[r("a", "", 3), r("o", "", 3), r("e", "", 3)],
    ],
};

/// French. Plurals (`-eaux`, `-aux` as `-al`, a final `x` or `s`; `-ss` kept), then feminine,
/// participle, infinitive and a few derivations to one stem (utilisateur, utilisatrice;
/// réinitialiser, réinitialisé, réinitialisation; vérifier, vérification; infirmier, infirmière).
/// Apostrophes split words, so the elided article of `l'accès` is dropped as a one-letter word.
pub static FRENCH: Analysis = Analysis {
    name: "fr",
    stop: &[
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "jusqu", "la",
        "le", "les", "leur", "leurs", "lorsqu", "ou", "par", "pour", "puisqu", "qu", "que", "qui", "sa", "se", "ses",
        "son", "sur", "un", "une", "vos", "votre", "vous",
    ],
    filler: &[
        "besoin", "bonjour", "comment", "dois", "faire", "fais", "je", "ma", "merci", "mes", "moi", "mon", "peut",
        "peux", "pourquoi", "puis", "quand", "quel", "quelle", "quelles", "quels", "svp", "veux",
    ],
    split_apostrophes: true,
    steps: &[
        &[r("eaux", "eau", 2), r("aux", "al", 2), r("ss", "ss", 0), r("x", "", 3), r("s", "", 3)],
        &[
            r("atrice", "", 3),
            r("ateur", "", 3),
            r("ication", "i", 3),
            r("ation", "", 3),
            r("ement", "", 3),
            r("euse", "eu", 3),
            r("iere", "i", 3),
            r("ee", "", 3),
            r("er", "", 3),
            r("ez", "", 3),
            r("e", "", 3),
        ],
    ],
};

/// Every analysis with rules, for tests and the parity check.
pub static ALL: [&Analysis; 4] = [&ENGLISH, &SPANISH, &PORTUGUESE, &FRENCH];

/// The analysis for a language tag: its primary subtag, in any case (`es-MX`, `PT-br`);
/// `NONE` for a language without rules.
pub fn for_tag(tag: &str) -> &'static Analysis {
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    ALL.into_iter().find(|a| a.name == primary).unwrap_or(&NONE)
}

impl Analysis {
    pub fn is_english(&self) -> bool {
        self.name == "en"
    }

    /// True for a stop word (folded, lowercase) of a language with its own list.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop.binary_search(&word).is_ok()
    }

    /// Applies the suffix steps to a lowercase word of ASCII letters; other words, and all words
    /// of a language without steps, come back unchanged.
    pub fn stem_with_rules(&self, mut word: String) -> String {
        if self.steps.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return word;
        }
        for step in self.steps {
            if let Some(rule) = step.iter().find(|r| word.ends_with(r.suffix) && word.len() - r.suffix.len() >= r.min) {
                word.truncate(word.len() - rule.suffix.len());
                word.push_str(rule.replacement);
            }
        }
        word
    }

    /// The analysis as the client reads it from the manifest: `null` for English (built into
    /// the client, so an English index costs no bytes for it), otherwise
    /// `{"stop": [...], "filler": [...], "split": bool, "steps": [[[suffix, replacement, min], ...], ...]}`.
    pub fn rules(&self) -> Value {
        if self.is_english() {
            return Value::Null;
        }
        let steps: Vec<Value> =
            self.steps.iter().map(|s| s.iter().map(|r| json!([r.suffix, r.replacement, r.min])).collect()).collect();
        json!({ "stop": self.stop, "filler": self.filler, "split": self.split_apostrophes, "steps": steps })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_choose_by_primary_subtag_in_any_case() {
        assert_eq!(for_tag("es").name, "es");
        assert_eq!(for_tag("es-MX").name, "es");
        assert_eq!(for_tag("PT-br").name, "pt");
        assert_eq!(for_tag("fr_CA").name, "fr");
        assert_eq!(for_tag("en-GB").name, "en");
        assert_eq!(for_tag("de").name, "none");
        assert_eq!(for_tag("").name, "none");
    }

    #[test]
    fn word_lists_are_sorted_folded_and_lowercase() {
        for a in ALL {
            for list in [a.stop, a.filler] {
                assert!(list.windows(2).all(|w| w[0] < w[1]), "{}: {list:?} is sorted without repeats", a.name);
                assert!(list.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())), "{}: {list:?}", a.name);
            }
        }
    }

    #[test]
    fn no_rule_is_hidden_by_an_earlier_one() {
        // The first rule that applies wins, so a rule after a shorter suffix it ends with (and
        // whose stem limit is no stricter) could never apply.
        for a in ALL {
            for step in a.steps {
                for (i, later) in step.iter().enumerate() {
                    for earlier in &step[..i] {
                        let hidden = later.suffix.ends_with(earlier.suffix)
                            && later.suffix.len() - earlier.suffix.len() + later.min >= earlier.min;
                        assert!(!hidden, "{}: {later:?} is hidden by {earlier:?}", a.name);
                    }
                }
            }
        }
    }

    #[test]
    fn rules_serialise_for_the_client_except_english() {
        assert_eq!(ENGLISH.rules(), Value::Null);
        let es = SPANISH.rules();
        assert_eq!(es["steps"][0][0], json!(["es", "e", 2]));
        assert_eq!(es["split"], json!(false));
        assert_eq!(FRENCH.rules()["split"], json!(true));
        assert_eq!(NONE.rules(), json!({"stop": [], "filler": [], "split": false, "steps": []}));
    }
}
