//! The coach: a deterministic, private review of the agent's draft against the
//! checklist, and a temperature reading of the customer's message. Rules are
//! data (`static/coach/rules.json`, compiled in); no network, no model.

use crate::core::playbook::Channel;
use crate::core::session::Temperature;
use serde::Serialize;

/// A problem the coach finds in a draft. Codes are stable (tests, hosts, the trainer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Blame,
    Dismissive,
    ButApology,
    NonApology,
    PolicyWall,
    NoOwnership,
    VaguePromise,
    Interrupting,
    MissingThanks,
    MissingApology,
    MissingTime,
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

/// Byte offsets into the draft, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub span: Span,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoveHit {
    #[serde(rename = "move")]
    pub mv: Move,
    pub span: Span,
    /// The `turnaround` playbook step this move belongs to.
    pub step: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Review {
    pub findings: Vec<Finding>,
    pub moves: Vec<MoveHit>,
}

/// What the coach knows besides the draft.
#[derive(Clone, Debug, Default)]
pub struct ReviewContext {
    pub channel: Channel,
    /// The customer's last message, when known (for `interrupting`).
    pub customer_message: Option<String>,
}

/// Reviews a draft reply. (Rules land with the coach issue.)
pub fn review(_draft: &str, _ctx: &ReviewContext) -> Review {
    Review::default()
}

/// A reason the temperature reading went up or down.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cue {
    pub kind: &'static str,
    pub text: String,
    pub weight: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// 0 (calm) to 100 (furious).
    pub score: u8,
    pub level: Temperature,
    pub cues: Vec<Cue>,
}

/// Estimates how upset the customer is from their message. (Rules land with the coach issue.)
pub fn temperature(_message: &str) -> Reading {
    Reading { score: 0, level: Temperature::Calm, cues: Vec::new() }
}
