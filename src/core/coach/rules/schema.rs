//! The shape of `static/coach/rules.json`: what the file may say, checked
//! by serde (unknown fields are refused), before anything is compiled.

use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    #[serde(rename = "_doc", default)]
    pub(super) _doc: serde_json::Value,
    pub(super) version: u32,
    pub(super) normalise: NormaliseFile,
    pub(super) classes: HashMap<String, Vec<String>>,
    pub(super) negation: NegationFile,
    pub(super) signoffs: Vec<String>,
    pub(super) greetings: Vec<String>,
    pub(super) intros: Vec<String>,
    pub(super) time: Vec<String>,
    pub(super) promise: Vec<String>,
    pub(super) schedule: Vec<String>,
    pub(super) problem: Vec<String>,
    pub(super) solution: Vec<String>,
    pub(super) apology: ApologyFile,
    pub(super) findings: Vec<FindingFile>,
    pub(super) notes: NotesFile,
    pub(super) moves: Vec<MoveFile>,
    pub(super) temperature: TemperatureFile,
    pub(super) learned: HashMap<String, LearnedFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NormaliseFile {
    pub(super) contractions: HashMap<String, String>,
    pub(super) is_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NegationFile {
    pub(super) negators: Vec<String>,
    pub(super) breakers: Vec<String>,
    pub(super) window: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ApologyFile {
    pub(super) connectors: Vec<String>,
    pub(super) exceptions: Vec<String>,
    /// Openers of the next sentence that take an apology back.
    pub(super) openers: Vec<String>,
    pub(super) reason: String,
    pub(super) bare: Vec<String>,
    pub(super) bare_rewrite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FindingFile {
    pub(super) code: String,
    pub(super) reason: String,
    #[serde(default)]
    pub(super) rewrite: Option<String>,
    #[serde(default)]
    pub(super) mode: RewriteMode,
    #[serde(default = "yes")]
    pub(super) negatable: bool,
    #[serde(default)]
    pub(super) unless_time: bool,
    #[serde(default)]
    pub(super) cancel_if: Vec<String>,
    #[serde(default)]
    pub(super) cancel_reach: usize,
    #[serde(default)]
    pub(super) cancel_moves: Vec<String>,
    pub(super) patterns: Vec<String>,
}

pub(super) fn yes() -> bool {
    true
}

/// How a finding's rewrite applies to its sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RewriteMode {
    /// The rewrite replaces the matched phrase (`$0` in it is the phrase).
    #[default]
    Phrase,
    /// The rewrite replaces the whole sentence.
    Sentence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NotesFile {
    pub(super) min_words: usize,
    pub(super) interrupting: NoteFile,
    pub(super) missing_thanks: NoteFile,
    pub(super) missing_apology: NoteFile,
    pub(super) missing_time: NoteFile,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoteFile {
    pub reason: String,
    pub rewrite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MoveFile {
    #[serde(rename = "move")]
    pub(super) mv: String,
    #[serde(default = "yes")]
    pub(super) negatable: bool,
    #[serde(default)]
    pub(super) except: Vec<String>,
    pub(super) patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TemperatureFile {
    pub(super) capitals: CapitalsFile,
    pub(super) punctuation: PunctuationFile,
    pub(super) reference_words: f32,
    pub(super) censored: i32,
    pub(super) caps: HashMap<String, i32>,
    pub(super) normalised: Vec<String>,
    pub(super) acronyms: Vec<String>,
    pub(super) cues: Vec<CueFile>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(crate) struct CapitalsFile {
    pub per_word: i32,
    pub word_cap: i32,
    pub shout_min_words: usize,
    pub shout_ratio: f32,
    pub shout_base: i32,
    pub shout_scale: i32,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(crate) struct PunctuationFile {
    pub run: i32,
    pub run_cap: i32,
    pub bang: i32,
    pub bang_cap: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CueFile {
    pub(super) kind: String,
    pub(super) weight: i32,
    #[serde(default = "yes")]
    pub(super) negatable: bool,
    pub(super) patterns: Vec<String>,
}

/// What a finding found only by the learned model says, per phrase code.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct LearnedFile {
    pub reason: String,
    #[serde(default)]
    pub rewrite: Option<String>,
}
