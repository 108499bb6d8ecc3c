//! The coach: a deterministic, private review of the agent's draft against the
//! checklist, and a temperature reading of the customer's message. Rules are
//! data (`static/coach/rules.json`, compiled in) and so are the weights of a
//! small learned model beside them (`static/coach/model.bin`, written by
//! `cargo run --release --example train_coach`); no network.
//!
//! Matching works on lowercased word tokens (contractions expanded, so
//! `don't` and `do not` are one rule), on whole-word boundaries, within one
//! sentence. A phrase is ignored when it is negated earlier in its clause
//! ("I'm not blaming you", "this is not your fault") and when it is not the
//! writer's own words: text inside double quotes, lines quoted with `>`, a
//! quoted reply (`On … wrote:`) and a signature.

mod heat;
pub mod lang;
mod learned;
mod lint;
mod macros;
mod rules;
mod text;

pub use macros::macros_report;

use crate::core::playbook::Channel;
use crate::core::session::Temperature;
use serde::Serialize;

/// A problem the coach finds in a draft. Codes are stable (tests, hosts, the trainer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Shifts the blame to the customer or to another team.
    Blame,
    /// Tells the customer how to feel ("calm down", "you're overreacting").
    Dismissive,
    /// An apology taken back by "but" or "however" in the same sentence.
    ButApology,
    /// An apology for the customer's feelings or a maybe ("sorry you feel that way", "sorry if").
    NonApology,
    /// Hides behind a rule without offering what can be done.
    PolicyWall,
    /// Hands the customer off ("not my department", "you'll have to contact").
    NoOwnership,
    /// A commitment with no time ("we'll look into it", "soon").
    VaguePromise,
    /// Answers before acknowledging the customer (see [`review`] for the exact definition).
    Interrupting,
    /// A complaint reply with no thanks.
    MissingThanks,
    /// A complaint reply with no apology.
    MissingApology,
    /// Promises action but never says when.
    MissingTime,
}

impl Code {
    /// Every code, in a stable order.
    pub const ALL: [Code; 11] = [
        Code::Blame,
        Code::Dismissive,
        Code::ButApology,
        Code::NonApology,
        Code::PolicyWall,
        Code::NoOwnership,
        Code::VaguePromise,
        Code::Interrupting,
        Code::MissingThanks,
        Code::MissingApology,
        Code::MissingTime,
    ];

    /// The stable snake_case code (`but_apology`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Blame => "blame",
            Code::Dismissive => "dismissive",
            Code::ButApology => "but_apology",
            Code::NonApology => "non_apology",
            Code::PolicyWall => "policy_wall",
            Code::NoOwnership => "no_ownership",
            Code::VaguePromise => "vague_promise",
            Code::Interrupting => "interrupting",
            Code::MissingThanks => "missing_thanks",
            Code::MissingApology => "missing_apology",
            Code::MissingTime => "missing_time",
        }
    }

    /// Parses a code written as by [`Code::as_str`].
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The `turnaround` playbook step the finding goes against.
    pub fn step(self) -> &'static str {
        match self {
            Code::Blame | Code::NoOwnership => "own",
            Code::Dismissive | Code::ButApology | Code::NonApology | Code::MissingApology => "acknowledge",
            Code::PolicyWall => "plan",
            Code::VaguePromise | Code::MissingTime => "commit",
            Code::Interrupting => "listen",
            Code::MissingThanks => "thank",
        }
    }
}

/// A good move the coach recognises, each mapped to a playbook step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Thanks,
    Apology,
    ForgivenessAsk,
    Empathy,
    Paraphrase,
    AskDetails,
    AskExpectations,
    CommitWithTime,
    FollowUpOffer,
    Ownership,
    ExplainFacts,
}

impl Move {
    /// Every move, in a stable order.
    pub const ALL: [Move; 11] = [
        Move::Thanks,
        Move::Apology,
        Move::ForgivenessAsk,
        Move::Empathy,
        Move::Paraphrase,
        Move::AskDetails,
        Move::AskExpectations,
        Move::CommitWithTime,
        Move::FollowUpOffer,
        Move::Ownership,
        Move::ExplainFacts,
    ];

    /// The stable snake_case name (`commit_with_time`).
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Thanks => "thanks",
            Move::Apology => "apology",
            Move::ForgivenessAsk => "forgiveness_ask",
            Move::Empathy => "empathy",
            Move::Paraphrase => "paraphrase",
            Move::AskDetails => "ask_details",
            Move::AskExpectations => "ask_expectations",
            Move::CommitWithTime => "commit_with_time",
            Move::FollowUpOffer => "follow_up_offer",
            Move::Ownership => "ownership",
            Move::ExplainFacts => "explain_facts",
        }
    }

    /// Parses a move written as by [`Move::as_str`].
    pub fn parse(s: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The `turnaround` playbook step this move belongs to.
    pub fn step(self) -> &'static str {
        match self {
            Move::Thanks => "thank",
            Move::Apology | Move::ForgivenessAsk | Move::Empathy | Move::Paraphrase => "acknowledge",
            Move::AskDetails | Move::AskExpectations => "ask",
            Move::CommitWithTime => "commit",
            Move::FollowUpOffer => "follow-up",
            Move::Ownership => "own",
            Move::ExplainFacts => "investigate",
        }
    }
}

/// Byte offsets into the draft, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The text this span covers in `src` (empty when it does not fit).
    pub fn text(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }

    /// An insertion point rather than a range.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// One problem in a draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    /// The phrase the finding is about; for a missing step (`missing_thanks`,
    /// `missing_apology`) an empty span where the step belongs.
    pub span: Span,
    /// One line, tied to the checklist.
    pub reason: String,
    /// Suggested text to put in place of `rewrite_span`, when the coach has one.
    /// `{when}` is the playbook placeholder for a time; `[option]` marks what
    /// only the agent can fill in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<String>,
    /// What the rewrite replaces: the finding's whole sentence (so several
    /// findings in one sentence share one rewrite), or an empty span where
    /// the rewrite is inserted (the text carries no surrounding spaces: the
    /// caller separates it from its neighbours).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite_span: Option<Span>,
    /// The `turnaround` playbook step the finding goes against.
    pub step: &'static str,
}

/// A good move found in a draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoveHit {
    #[serde(rename = "move")]
    pub mv: Move,
    pub span: Span,
    /// The `turnaround` playbook step this move belongs to.
    pub step: &'static str,
}

/// The coach's review of one draft: findings and moves, each in text order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Review {
    pub findings: Vec<Finding>,
    pub moves: Vec<MoveHit>,
}

impl Review {
    /// The distinct codes found, in [`Code::ALL`] order.
    pub fn codes(&self) -> Vec<Code> {
        Code::ALL.into_iter().filter(|c| self.findings.iter().any(|f| f.code == *c)).collect()
    }

    /// The distinct moves found, in [`Move::ALL`] order.
    pub fn move_kinds(&self) -> Vec<Move> {
        Move::ALL.into_iter().filter(|m| self.moves.iter().any(|h| h.mv == *m)).collect()
    }

    /// Whether a finding with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}

/// What the coach knows besides the draft.
#[derive(Clone, Debug, Default)]
pub struct ReviewContext {
    pub channel: Channel,
    /// The customer's last message, when known (for `interrupting`).
    pub customer_message: Option<String>,
}

/// Reviews a draft reply.
///
/// Phrase findings (`blame`, `dismissive`, `but_apology`, `non_apology`,
/// `policy_wall`, `no_ownership`, `vague_promise`) come from the rules file.
/// The others are defined here:
///
/// - `interrupting` applies to live channels (chat and phone) when the
///   customer's message is given and reads upset or worse. The draft's
///   opening sentence — the first one that is not a greeting ("Hi Sam,") or
///   an introduction ("my name is…") — must acknowledge the customer: thank
///   them, apologise, empathise or paraphrase their points. If it does not,
///   and it gives a solution, instruction, explanation or policy (anything
///   but a plain question), the draft answers before the customer's points
///   are acknowledged. The span is that opening sentence.
/// - The missing-step notes apply to drafts of at least `notes.min_words`
///   own words that answer a complaint. A draft answers a complaint when the
///   customer's message reads upset or worse or names a problem (the rules'
///   `problem` phrases); with no message, when the draft itself names one;
///   and always when it blames, brushes off, refuses (`policy_wall`) or
///   apologises badly (`but_apology`, `non_apology`). `missing_thanks`: no
///   thanks. `missing_apology`: no apology word, and no `but_apology` or
///   `non_apology` already about the apology. `missing_time`: the draft
///   promises an action ("I'll send…") but names no time anywhere, and no
///   `vague_promise` already says so.
///
/// Moves: a phrase inside a blame, brush-off, refusal, hand-off or
/// non-apology finding is not also a good move; an apology taken back by
/// "but" is not an `apology` move; `commit_with_time` is a promise or a
/// schedule ("ships on Monday") with a time in the same sentence, and not
/// when that sentence hedges ("hopefully").
///
/// Every finding with a phrase carries the rewrite of its whole sentence
/// (several findings in one sentence share it); missing steps and
/// `interrupting` carry text to insert.
pub fn review(draft: &str, ctx: &ReviewContext) -> Review {
    match rules::rules() {
        Ok(r) => lint::review(draft, ctx, r),
        Err(_) => Review::default(),
    }
}

/// Checks that the compiled-in rules parse and compile and the learned
/// weights read; the error names the rule or the line. (Without valid rules, [`review`] and [`temperature`] find nothing.)
pub fn check_rules() -> Result<(), String> {
    rules::rules().map_err(str::to_string)?;
    learned::model().map(|_| ()).map_err(str::to_string)
}

/// A reason the temperature reading went up or down.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cue {
    /// One of `capitals`, `punctuation`, `profanity`, `threat`, `absolute`,
    /// `negative`, `repetition`, `waiting`, `positive`, `length`, and
    /// `wording`: the learned model's correction, from the wording as a whole
    /// and the other cues together.
    pub kind: &'static str,
    /// The words behind the cue, as written.
    pub text: String,
    /// Points added to (or, when negative, taken from) the score.
    pub weight: i32,
}

/// How upset a message reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// 0 (calm) to 100 (furious).
    pub score: u8,
    pub level: Temperature,
    pub cues: Vec<Cue>,
}

/// Estimates how upset the customer is from their message.
///
/// Only the customer's own words count: quoted replies, `>` lines, text in
/// quotes and signatures are left out. Word-based cues (negative terms,
/// absolutes, thanks) are scaled down for long messages, so a long polite
/// message does not add up to fury; capitals, punctuation, threats,
/// profanity and repetition count as they are.
pub fn temperature(message: &str) -> Reading {
    match rules::rules() {
        Ok(r) => heat::reading(message, r),
        Err(_) => Reading { score: 0, level: Temperature::Calm, cues: Vec::new() },
    }
}

/// What the training command (`examples/train_coach.rs`) reads: the model's
/// features and the rules' findings without the model. Not a stable API.
#[doc(hidden)]
pub mod training {
    use super::{heat, learned, lint, rules, text::Text, Review, ReviewContext};

    /// The model's outputs, in the model file's names: seven phrase codes, then the moves.
    pub fn outputs() -> Vec<&'static str> {
        (0..learned::OUTPUTS).map(learned::output_name).collect()
    }

    /// Number of phrase-code outputs (they come first).
    pub const CODE_OUTPUTS: usize = learned::CODES.len();

    /// Whether a draft feature reads the sentence's neighbours rather than
    /// the sentence (`d …`, `p …`, `@d …`).
    pub fn is_context(feature: &str) -> bool {
        learned::features::is_context(feature)
    }

    /// The names of the temperature model's dense inputs.
    pub const DENSE: [&str; 12] = learned::DENSE;

    /// The feature names of each sentence of a draft (the rules' findings in
    /// it among them), and the review by the rules alone.
    pub fn draft_features(draft: &str, ctx: &ReviewContext) -> (Vec<Vec<String>>, Review) {
        match rules::rules() {
            Ok(r) => {
                let text = Text::new(draft, r);
                let review = lint::review_with(draft, ctx, r, None);
                let hits = lint::sentence_hits(&text, &review);
                (learned::draft_feature_names(&text, r, &hits), review)
            }
            Err(_) => (Vec::new(), Review::default()),
        }
    }

    /// The word feature names of a message and its dense inputs (from the rules' cues alone).
    pub fn message_features(message: &str) -> (Vec<String>, [f32; 12]) {
        match rules::rules() {
            Ok(r) => {
                let text = Text::new(message, r);
                let reading = heat::assess_with(message, r, None).0;
                (learned::message_feature_names(&text, r), learned::dense(&reading.cues, text.own_words()))
            }
            Err(_) => (Vec::new(), [0.0; 12]),
        }
    }

    /// The compact model file (what `static/coach/model.bin` holds) of a
    /// model's text form: the same features and weights, nothing rounded.
    pub fn compact_model(text: &str) -> Result<Vec<u8>, String> {
        learned::compact::encode(&learned::named::Named::parse(text)?)
    }

    /// The text form of a compact model file, features sorted by name, for a
    /// reviewer; `file` names it in the errors.
    pub fn model_text(bytes: &[u8], file: &str) -> Result<String, String> {
        learned::compact::decode(bytes, file).map(|m| m.to_text())
    }

    /// Whether two text forms hold the same model (comments and line order aside).
    pub fn same_model(a: &str, b: &str) -> Result<bool, String> {
        Ok(sorted(learned::named::Named::parse(a)?) == sorted(learned::named::Named::parse(b)?))
    }

    fn sorted(mut m: learned::named::Named) -> learned::named::Named {
        m.draft.sort_by(|a, b| a.0.cmp(&b.0));
        m.draft.iter_mut().for_each(|d| d.1.sort_unstable());
        m.heat.sort_by(|a, b| a.0.cmp(&b.0));
        m
    }

    /// A model file read for a trial (the training command's cross-validation).
    pub struct TrialModel(learned::Model);

    impl TrialModel {
        /// Reads model-file text; the error names the line.
        pub fn parse(src: &str) -> Result<TrialModel, String> {
            learned::Model::parse(src).map(TrialModel)
        }
    }

    /// The review with a trial model in place of the compiled-in one.
    pub fn review_with_model(draft: &str, ctx: &ReviewContext, m: &TrialModel) -> Review {
        match rules::rules() {
            Ok(r) => lint::review_with(draft, ctx, r, Some(&m.0)),
            Err(_) => Review::default(),
        }
    }

    /// The temperature reading with a trial model in place of the compiled-in one.
    pub fn temperature_with_model(message: &str, m: &TrialModel) -> super::Reading {
        match rules::rules() {
            Ok(r) => heat::assess_with(message, r, Some(&m.0)).0,
            Err(_) => super::Reading { score: 0, level: crate::core::session::Temperature::Calm, cues: Vec::new() },
        }
    }

    /// The review by the rules alone.
    pub fn review_by_rules(draft: &str, ctx: &ReviewContext) -> Review {
        match rules::rules() {
            Ok(r) => lint::review_with(draft, ctx, r, None),
            Err(_) => Review::default(),
        }
    }
}
