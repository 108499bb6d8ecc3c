//! The coach's rules as data: `static/coach/rules.json`, parsed once and
//! compiled into small token-pattern sets indexed by their first word. This
//! file holds the compiled [`Rules`] and their loading; the file's shape is in
//! `rules/schema.rs`, the compiler in `rules/compile.rs`, the matcher in
//! `rules/matcher.rs`, the word list in `rules/vocab.rs`.
//!
//! # Pattern language
//!
//! A pattern is a space-separated sequence of elements, matched against the
//! lowercased word tokens of one sentence (contractions expanded, so `don't`
//! in a pattern and in a draft both become `do not`):
//!
//! | element      | matches                                                     |
//! | ------------ | ----------------------------------------------------------- |
//! | `word`       | that word                                                   |
//! | `a\|b\|c`    | one of these words                                          |
//! | `@class`     | one word of a class from the file's `classes` (`#` = digits)|
//! | `#`          | a number written in digits                                  |
//! | `stem*`      | any word starting with `stem`                               |
//! | `*`          | any one word                                                |
//! | `**`         | zero to three words                                         |
//! | `x?`         | an optional word (`x` is a word, alternatives or a class)   |
//! | `!x`         | the next word is not `x` (consumes nothing)                 |
//! | `^`          | the start of a sentence (consumes nothing)                  |
//! | `<!x`        | the word before the match is not `x` (first element only)   |
//! | `[` … `]`    | the part of the match a finding points at and a rewrite replaces (attached: `[soon]`) |
//!
//! Words are matched on whole-token boundaries, so `sorry` never matches
//! inside `sorrynotsorry`.

mod compile;
mod matcher;
mod schema;
mod vocab;

pub(crate) use compile::{CueRule, FindingRule, MoveRule};
pub(crate) use matcher::{set, Engine, Hit, Token, View};
pub(crate) use schema::{CapitalsFile, LearnedFile, NoteFile, PunctuationFile, RewriteMode};
pub(crate) use vocab::{hash_ascii_word, FnvMap, Vocab, ACRONYM, BREAKER, CONNECTOR, CONTRACTION, DIGITS, NEGATOR, UNKNOWN};

use std::sync::OnceLock;

const RULES_JSON: &str = include_str!("../../../static/coach/rules.json");

/// Every rule of the coach, ready to match.
pub(crate) struct Rules {
    pub vocab: Vocab,
    pub window: usize,
    pub signoffs: Vec<String>,
    /// Every set but `CUES`, for drafts.
    pub review: Engine,
    /// `CUES` and `PROBLEM`, for customer messages.
    pub heat: Engine,
    pub bare_rewrite: String,
    pub but_reason: String,
    /// By finding tag.
    pub finding_rules: Vec<FindingRule>,
    /// By move tag.
    pub move_rules: Vec<MoveRule>,
    pub min_words: usize,
    pub interrupting: NoteFile,
    pub missing_thanks: NoteFile,
    pub missing_apology: NoteFile,
    pub missing_time: NoteFile,
    /// Reason and rewrite of a finding found only by the learned model, in `learned::CODES` order.
    pub learned: Vec<LearnedFile>,
    pub capitals: CapitalsFile,
    pub punctuation: PunctuationFile,
    pub reference_words: f32,
    /// Weight of a censored swear word (`f***`).
    pub censored: i32,
    pub kind_caps: Vec<(&'static str, i32)>,
    pub normalised_kinds: Vec<&'static str>,
    /// By cue tag.
    pub cue_rules: Vec<CueRule>,
    /// The learned model's stem of each word id, built on first use
    /// (`learned::features`): most tokens are words the rules know, and their
    /// stems need not be worked out again for every draft.
    pub stems: OnceLock<super::learned::features::StemCache>,
}

static RULES: OnceLock<Result<Rules, String>> = OnceLock::new();

/// The compiled-in rules, parsed on first use.
pub(crate) fn rules() -> Result<&'static Rules, &'static str> {
    RULES.get_or_init(|| Rules::compile(RULES_JSON)).as_ref().map_err(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_rules_compile() {
        let r = match Rules::compile(RULES_JSON) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(r.review.count(set::FINDINGS) > 50);
        assert!(r.review.count(set::MOVES) > 50);
    }

    #[test]
    fn a_pattern_starting_with_a_gap_is_refused() {
        let src = RULES_JSON.replacen("\"greetings\": [", "\"greetings\": [\"** hi\", ", 1);
        assert!(Rules::compile(&src).err().unwrap_or_default().contains("must start with a word"));
    }

    #[test]
    fn contractions_expand_in_patterns_and_text_alike() {
        let r = rules().unwrap();
        let mut v = Vec::new();
        r.vocab.expand("don't", &mut |w| v.push(w.to_string()));
        r.vocab.expand("it's", &mut |w| v.push(w.to_string()));
        r.vocab.expand("courier's", &mut |w| v.push(w.to_string()));
        r.vocab.expand("won't", &mut |w| v.push(w.to_string()));
        assert_eq!(v, ["do", "not", "it", "is", "courier", "'s", "will", "not"]);
    }
}
