//! Scenario files: the simulated customer, the branching dialogue, the mood
//! rules and the outcomes, with validation that names the JSON path of every
//! problem (`nodes[3].replies[1].next: unknown node or outcome "calmer"`).

use super::engine;
use super::signal::{Mistake, Move};
use crate::core::content::{self, ContentError};
use crate::core::playbook::{self, Channel};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A role-play: who the customer is, what went wrong, how they react, and how it can end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Where an editor finds the schema (`turnaround schema scenario`); ignored otherwise.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable id: lowercase letters, digits and dashes (the file is `<id>.json`).
    pub id: String,
    /// Short name shown in the picker.
    pub title: String,
    /// One paragraph for the trainer: what happened and what the scenario practises.
    pub summary: String,
    /// Where the conversation happens; the dialogue is written for it.
    pub channel: Channel,
    /// 1 (gentle) to 3 (hard).
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 3)))]
    pub difficulty: u8,
    /// The id of the playbook the scenario trains and is scored against.
    pub playbook: String,
    /// The language the dialogue is written in, one of the playbooks'
    /// languages (`en`, `es`, `de`); absent means English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The customer.
    pub persona: Persona,
    /// Things the trainee can find out by asking.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// How upset the customer is at the start, and how they react to each kind of reply.
    pub mood: Mood,
    /// Replies after which an undecided conversation ends as unresolved.
    #[serde(default = "default_max_turns")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 40)))]
    pub max_turns: u32,
    /// The dialogue. The first node is the opening: its line is the customer's first message.
    pub nodes: Vec<Node>,
    /// How the conversation can end. At least one `turned_around` and one `escalated`.
    pub outcomes: Vec<Outcome>,
    /// The playbook steps this scenario scores, with what the trainer listens for in live mode.
    pub rubric: Vec<RubricItem>,
}

fn default_max_turns() -> u32 {
    14
}

/// The customer the trainee is talking to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// What the customer is called in the chat.
    pub name: String,
    /// Their job or relationship to us ("Office manager", "Homeowner").
    pub role: String,
    /// Their company, if they call for one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub company: String,
    /// What happened to them, as the trainer briefs the trainee.
    pub situation: String,
    /// What they want out of this conversation.
    pub wants: String,
}

/// Something the trainee can discover by making a move (usually `ask_details`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Unique among the facts.
    pub id: String,
    /// The fact, as the trainee's notes show it.
    pub text: String,
    /// The move that brings it out. Each reply reveals at most one new fact per move it makes.
    pub trigger: Move,
    /// Where it can come out: node ids; empty means anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
    /// What the customer says when it comes out, if they say it aloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
}

/// The customer's starting mood and the scenario's reactions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Mood {
    /// 0 (calm) to 100 (furious).
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(max = 100)))]
    pub start: u8,
    /// The most one reply can lower the mood by: anger cools over several exchanges, not one.
    #[serde(default = "default_calm_per_reply")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 100)))]
    pub calm_per_reply: u8,
    /// How much each move changes the mood the first time (negative calms); unlisted moves keep the built-in default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(extend("propertyNames" = {"$ref": "#/$defs/Move"})))]
    pub moves: BTreeMap<Move, i32>,
    /// How much each mistake raises the mood; unlisted mistakes keep the built-in default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(extend("propertyNames" = {"$ref": "#/$defs/Mistake"})))]
    pub mistakes: BTreeMap<Mistake, i32>,
}

fn default_calm_per_reply() -> u8 {
    20
}

/// Reactions that apply at one node only, over the scenario's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reactions {
    /// How much each move changes the mood here, over the scenario's reaction.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(extend("propertyNames" = {"$ref": "#/$defs/Move"})))]
    pub moves: BTreeMap<Move, i32>,
    /// How much each mistake raises the mood here, over the scenario's reaction.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(extend("propertyNames" = {"$ref": "#/$defs/Mistake"})))]
    pub mistakes: BTreeMap<Mistake, i32>,
}

impl Reactions {
    fn is_empty(&self) -> bool {
        self.moves.is_empty() && self.mistakes.is_empty()
    }
}

/// One point of the conversation: the customer says `line`, the trainee answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique among nodes and outcomes (both can be a `next`).
    pub id: String,
    /// What the customer says on arriving here.
    pub line: String,
    /// What the customer says when the conversation stays here (a reply whose `next` is this node,
    /// or free text that no rule matched); without it they just wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub again: Option<String>,
    /// The multiple-choice replies: good ones and tempting mistakes, in the order shown.
    pub replies: Vec<Reply>,
    /// Where free-text replies lead, by the moves and mistakes the coach finds; the first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub free_text: Vec<Rule>,
    /// Where free text that matches no rule leads; without it the conversation stays here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
    /// Reactions that differ at this point of the conversation.
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub mood: Reactions,
}

/// A multiple-choice reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// What the trainee says.
    pub text: String,
    /// The good moves it makes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Move>,
    /// The mistakes it makes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<Mistake>,
    /// Playbook steps it covers beyond those its moves cover (e.g. `make-whole`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// An extra mood change for this reply, with its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nudge: Option<Nudge>,
    /// A note for the debrief: why this reply helps or hurts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// The node (or outcome) the conversation goes to.
    pub next: String,
}

/// A mood change an author attaches to one reply or rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Nudge {
    /// -100 to 100; negative calms.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -100, max = 100)))]
    pub delta: i32,
    /// Shown beside the change ("offers the refund before hearing them out").
    pub reason: String,
}

/// Where a free-text reply leads when it makes all `moves` and all `mistakes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Moves the reply must all make.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Move>,
    /// Mistakes the reply must all make.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<Mistake>,
    /// Matches only a reply with no mistakes at all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clean: bool,
    /// Playbook steps a matching reply covers beyond those its moves cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// The node (or outcome) the conversation goes to.
    pub next: String,
}

/// The three ways a scenario can end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The customer is calm, heard, and has a plan they trust.
    TurnedAround,
    /// The customer demands a manager (or goes over our heads).
    Escalated,
    /// The customer leaves us.
    Churned,
}

impl OutcomeKind {
    /// Every kind, in a stable order.
    pub const ALL: [OutcomeKind; 3] = [OutcomeKind::TurnedAround, OutcomeKind::Escalated, OutcomeKind::Churned];
    /// The stable name used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::TurnedAround => "turned_around",
            OutcomeKind::Escalated => "escalated",
            OutcomeKind::Churned => "churned",
        }
    }
}

/// One way the conversation ends: reached by a `next` naming it, or when its conditions all hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Unique among nodes and outcomes.
    pub id: String,
    pub kind: OutcomeKind,
    /// Shown at the end ("Escalated: she asked for your manager").
    pub title: String,
    /// The customer's last words.
    pub line: String,
    /// Checked after every reply, in file order; without it, only a `next` reaches this outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Conditions>,
}

/// Conditions that must all hold after a reply; at least one must be given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// The mood is at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(max = 100)))]
    pub mood_at_most: Option<u8>,
    /// The mood is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(max = 100)))]
    pub mood_at_least: Option<u8>,
    /// These playbook steps are all covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// These facts are all discovered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// The last reply made one of these mistakes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<Mistake>,
    /// The conversation is at one of these nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
    /// At least this many replies were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turns_at_least: Option<u32>,
}

impl Conditions {
    fn is_empty(&self) -> bool {
        self.mood_at_most.is_none()
            && self.mood_at_least.is_none()
            && self.steps.is_empty()
            && self.facts.is_empty()
            && self.mistakes.is_empty()
            && self.nodes.is_empty()
            && self.turns_at_least.is_none()
    }
}

/// A scored playbook step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    /// A step id of the scenario's playbook.
    pub step: String,
    /// What the trainer listens for in live mode.
    pub look_for: String,
    /// A "try next time" line for this scenario when the step is missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<String>,
    /// 1 to 5: how much the step counts in the score.
    #[serde(default = "default_weight")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 5)))]
    pub weight: u8,
}

fn default_weight() -> u8 {
    1
}

/// Where a `next` leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An index into `nodes`.
    Node(usize),
    /// An index into `outcomes`.
    Outcome(usize),
}

impl Scenario {
    /// Resolves a node or outcome id.
    pub fn target(&self, id: &str) -> Option<Target> {
        if let Some(i) = self.nodes.iter().position(|n| n.id == id) {
            return Some(Target::Node(i));
        }
        self.outcomes.iter().position(|o| o.id == id).map(Target::Outcome)
    }
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
    /// The outcome with this id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }
    /// The kinds of ending this scenario declares, each once, in `OutcomeKind` order.
    pub fn outcome_kinds(&self) -> Vec<OutcomeKind> {
        OutcomeKind::ALL.into_iter().filter(|k| self.outcomes.iter().any(|o| o.kind == *k)).collect()
    }
    /// The reaction to a move at a node: the node's, else the scenario's, else the built-in default.
    pub fn move_effect(&self, node: Option<&Node>, m: Move) -> i32 {
        node.and_then(|n| n.mood.moves.get(&m)).or_else(|| self.mood.moves.get(&m)).copied().unwrap_or_else(|| m.default_effect())
    }
    /// The reaction to a mistake at a node, resolved the same way.
    pub fn mistake_effect(&self, node: Option<&Node>, m: Mistake) -> i32 {
        node.and_then(|n| n.mood.mistakes.get(&m)).or_else(|| self.mood.mistakes.get(&m)).copied().unwrap_or_else(|| m.default_effect())
    }
}

/// Bounds that keep a custom scenario from freezing the page.
pub mod limits {
    pub const MAX_FILE_BYTES: usize = 256 * 1024;
    pub const MAX_ID: usize = 64;
    pub const MAX_TITLE: usize = 120;
    pub const MAX_TEXT: usize = 1_000;
    pub const MAX_SUMMARY: usize = 2_000;
    pub const MAX_NODES: usize = 60;
    pub const MAX_REPLIES: usize = 8;
    pub const MAX_RULES: usize = 16;
    pub const MAX_FACTS: usize = 24;
    pub const MAX_OUTCOMES: usize = 12;
    pub const MAX_RUBRIC: usize = 16;
    pub const MAX_LIST: usize = 16;
    pub const MAX_TURNS: u32 = 40;
    pub const MAX_EFFECT: i32 = 100;
    pub const MAX_WEIGHT: u8 = 5;
}

/// What is wrong with a scenario, and where (a JSON path).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// What any content file can get wrong (size, text, ids).
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error("{path}: {value} is out of range ({min} to {max})")]
    OutOfRange { path: String, value: i64, min: i64, max: i64 },
    #[error("{path}: unknown node or outcome {target:?}")]
    UnknownTarget { path: String, target: String },
    #[error("{path}: unknown node {node:?}")]
    UnknownNode { path: String, node: String },
    #[error("{path}: unknown fact {fact:?}")]
    UnknownFact { path: String, fact: String },
    #[error("{path}: playbook {playbook:?} has no step {step:?}")]
    UnknownStep { path: String, step: String, playbook: String },
    #[error("{path}: give at least one condition, or leave `when` out and reach this outcome by a `next`")]
    EmptyCondition { path: String },
    #[error("outcomes: no {kind} outcome; every scenario declares at least turned_around and escalated")]
    MissingOutcome { kind: &'static str },
    #[error("{path}: outcome {id:?} cannot be reached by choosing replies{note}")]
    Unreachable { path: String, id: String, note: String },
    #[error("lang: {lang:?} is not a language scenarios are written in (known: en, es, de)")]
    UnknownLang { lang: String },
}

/// Every error found in one scenario, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        content::fmt_lines(&self.0, f)
    }
}

impl std::error::Error for ScenarioErrors {}

/// Parses and validates a scenario file: type errors first (with their JSON path),
/// then everything serde cannot check, including that every outcome is reachable.
pub fn parse_scenario(json: &str) -> Result<Scenario, ScenarioErrors> {
    content::parse_file(json, "scenario", limits::MAX_FILE_BYTES, validate).map_err(ScenarioErrors)
}

/// Checks everything serde cannot. Reachability is checked only when the rest
/// is sound, because the search needs every `next` to resolve.
pub fn validate(s: &Scenario) -> Vec<ScenarioError> {
    let mut v = Validator { errs: Vec::new(), steps: playbook::built_in_steps(&s.playbook) };
    v.structure(s);
    if v.errs.is_empty() {
        v.reachability(s);
    }
    v.errs
}

struct Validator {
    errs: Vec<ScenarioError>,
    /// The step ids of the scenario's playbook when it is a built-in; `None`
    /// for a custom one (its steps are not checked).
    steps: Option<&'static [&'static str]>,
}

impl Validator {
    fn push(&mut self, e: ScenarioError) {
        self.errs.push(e);
    }

    fn structure(&mut self, s: &Scenario) {
        use limits::*;
        self.id("id", &s.id);
        self.text("title", &s.title, MAX_TITLE);
        self.text("summary", &s.summary, MAX_SUMMARY);
        self.range("difficulty", i64::from(s.difficulty), 1, 3);
        self.id("playbook", &s.playbook);
        if let Some(lang) = s.lang.as_deref().filter(|l| !playbook::LANGUAGES.contains(l)) {
            self.push(ScenarioError::UnknownLang { lang: lang.into() });
        }
        self.text("persona.name", &s.persona.name, MAX_TITLE);
        self.text("persona.role", &s.persona.role, MAX_TITLE);
        content::check_length("persona.company", &s.persona.company, MAX_TITLE, &mut self.errs);
        self.text("persona.situation", &s.persona.situation, MAX_SUMMARY);
        self.text("persona.wants", &s.persona.wants, MAX_TEXT);
        self.range("mood.start", i64::from(s.mood.start), 0, 100);
        self.range("mood.calm_per_reply", i64::from(s.mood.calm_per_reply), 1, 100);
        self.effects("mood", &s.mood.moves, &s.mood.mistakes);
        self.range("max_turns", i64::from(s.max_turns), 1, i64::from(MAX_TURNS));

        // Node and outcome ids share one namespace: both can be a `next`.
        let mut targets: HashMap<&str, String> = HashMap::new();
        self.count("nodes", s.nodes.len(), MAX_NODES);
        if s.nodes.is_empty() {
            self.push(ContentError::Empty { path: "nodes".into() }.into());
        }
        for (i, n) in s.nodes.iter().enumerate() {
            self.unique(&mut targets, &format!("nodes[{i}].id"), &n.id);
        }
        self.count("outcomes", s.outcomes.len(), MAX_OUTCOMES);
        for (i, o) in s.outcomes.iter().enumerate() {
            self.unique(&mut targets, &format!("outcomes[{i}].id"), &o.id);
        }
        let mut facts: HashMap<&str, String> = HashMap::new();
        self.count("facts", s.facts.len(), MAX_FACTS);
        for (i, f) in s.facts.iter().enumerate() {
            let at = format!("facts[{i}]");
            self.unique(&mut facts, &format!("{at}.id"), &f.id);
            self.text(&format!("{at}.text"), &f.text, MAX_TEXT);
            self.nodes_exist(s, &format!("{at}.nodes"), &f.nodes);
            if let Some(say) = &f.say {
                self.text(&format!("{at}.say"), say, MAX_TEXT);
            }
        }

        for (i, n) in s.nodes.iter().enumerate() {
            let at = format!("nodes[{i}]");
            self.text(&format!("{at}.line"), &n.line, MAX_TEXT);
            if let Some(again) = &n.again {
                self.text(&format!("{at}.again"), again, MAX_TEXT);
            }
            self.effects(&format!("{at}.mood"), &n.mood.moves, &n.mood.mistakes);
            if n.replies.is_empty() {
                self.push(ContentError::Empty { path: format!("{at}.replies") }.into());
            }
            self.count(&format!("{at}.replies"), n.replies.len(), MAX_REPLIES);
            for (j, r) in n.replies.iter().enumerate() {
                let at = format!("{at}.replies[{j}]");
                self.text(&format!("{at}.text"), &r.text, MAX_TEXT);
                self.count(&format!("{at}.moves"), r.moves.len(), MAX_LIST);
                self.count(&format!("{at}.mistakes"), r.mistakes.len(), MAX_LIST);
                self.steps_exist(&format!("{at}.steps"), &r.steps, &s.playbook);
                if let Some(nudge) = &r.nudge {
                    self.range(&format!("{at}.nudge.delta"), i64::from(nudge.delta), -i64::from(MAX_EFFECT), i64::from(MAX_EFFECT));
                    self.text(&format!("{at}.nudge.reason"), &nudge.reason, MAX_TEXT);
                }
                if let Some(feedback) = &r.feedback {
                    self.text(&format!("{at}.feedback"), feedback, MAX_TEXT);
                }
                self.target(s, &format!("{at}.next"), &r.next);
            }
            self.count(&format!("{at}.free_text"), n.free_text.len(), MAX_RULES);
            for (j, rule) in n.free_text.iter().enumerate() {
                let at = format!("{at}.free_text[{j}]");
                self.count(&format!("{at}.moves"), rule.moves.len(), MAX_LIST);
                self.count(&format!("{at}.mistakes"), rule.mistakes.len(), MAX_LIST);
                self.steps_exist(&format!("{at}.steps"), &rule.steps, &s.playbook);
                self.target(s, &format!("{at}.next"), &rule.next);
            }
            if let Some(otherwise) = &n.otherwise {
                self.target(s, &format!("{at}.otherwise"), otherwise);
            }
        }

        for (i, o) in s.outcomes.iter().enumerate() {
            let at = format!("outcomes[{i}]");
            self.text(&format!("{at}.title"), &o.title, MAX_TITLE);
            self.text(&format!("{at}.line"), &o.line, MAX_TEXT);
            let Some(c) = &o.when else { continue };
            let at = format!("{at}.when");
            if c.is_empty() {
                self.push(ScenarioError::EmptyCondition { path: at.clone() });
            }
            if let Some(m) = c.mood_at_most {
                self.range(&format!("{at}.mood_at_most"), i64::from(m), 0, 100);
            }
            if let Some(m) = c.mood_at_least {
                self.range(&format!("{at}.mood_at_least"), i64::from(m), 0, 100);
            }
            if let Some(t) = c.turns_at_least {
                self.range(&format!("{at}.turns_at_least"), i64::from(t), 1, i64::from(MAX_TURNS));
            }
            self.steps_exist(&format!("{at}.steps"), &c.steps, &s.playbook);
            self.count(&format!("{at}.mistakes"), c.mistakes.len(), MAX_LIST);
            self.nodes_exist(s, &format!("{at}.nodes"), &c.nodes);
            self.count(&format!("{at}.facts"), c.facts.len(), MAX_LIST);
            for (j, f) in c.facts.iter().enumerate() {
                if !s.facts.iter().any(|x| &x.id == f) {
                    self.push(ScenarioError::UnknownFact { path: format!("{at}.facts[{j}]"), fact: f.clone() });
                }
            }
        }
        for kind in [OutcomeKind::TurnedAround, OutcomeKind::Escalated] {
            if !s.outcomes.iter().any(|o| o.kind == kind) {
                self.push(ScenarioError::MissingOutcome { kind: kind.as_str() });
            }
        }

        if s.rubric.is_empty() {
            self.push(ContentError::Empty { path: "rubric".into() }.into());
        }
        self.count("rubric", s.rubric.len(), MAX_RUBRIC);
        let mut rubric: HashMap<&str, String> = HashMap::new();
        for (i, item) in s.rubric.iter().enumerate() {
            let at = format!("rubric[{i}]");
            self.unique(&mut rubric, &format!("{at}.step"), &item.step);
            self.steps_exist(&format!("{at}.step"), std::slice::from_ref(&item.step), &s.playbook);
            self.text(&format!("{at}.look_for"), &item.look_for, MAX_TEXT);
            if let Some(tip) = &item.tip {
                self.text(&format!("{at}.tip"), tip, MAX_TEXT);
            }
            self.range(&format!("{at}.weight"), i64::from(item.weight), 1, i64::from(MAX_WEIGHT));
        }
    }

    fn reachability(&mut self, s: &Scenario) {
        let found = engine::explore(s, engine::SEARCH_BUDGET);
        for (i, o) in s.outcomes.iter().enumerate() {
            if !found.paths.contains_key(&o.id) {
                let note = if found.exhausted { String::new() } else { format!(" (search stopped after {} states)", found.states) };
                self.push(ScenarioError::Unreachable { path: format!("outcomes[{i}]"), id: o.id.clone(), note });
            }
        }
    }

    fn id(&mut self, path: &str, id: &str) {
        content::check_id(path, id, limits::MAX_ID, &mut self.errs);
    }

    fn unique<'a>(&mut self, seen: &mut HashMap<&'a str, String>, path: &str, id: &'a str) {
        self.id(path, id);
        content::check_unique(seen, path, id, &mut self.errs);
    }

    fn text(&mut self, path: &str, text: &str, max: usize) {
        content::check_text(path, text, max, &mut self.errs);
    }

    fn count(&mut self, path: &str, count: usize, max: usize) {
        content::check_count(path, count, max, &mut self.errs);
    }

    fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.push(ScenarioError::OutOfRange { path: path.into(), value, min, max });
        }
    }

    fn effects(&mut self, path: &str, moves: &BTreeMap<Move, i32>, mistakes: &BTreeMap<Mistake, i32>) {
        let max = i64::from(limits::MAX_EFFECT);
        for (m, d) in moves {
            self.range(&format!("{path}.moves.{}", m.as_str()), i64::from(*d), -max, max);
        }
        for (m, d) in mistakes {
            self.range(&format!("{path}.mistakes.{}", m.as_str()), i64::from(*d), -max, max);
        }
    }

    fn target(&mut self, s: &Scenario, path: &str, target: &str) {
        if s.target(target).is_none() {
            self.push(ScenarioError::UnknownTarget { path: path.into(), target: target.into() });
        }
    }

    fn nodes_exist(&mut self, s: &Scenario, path: &str, nodes: &[String]) {
        self.count(path, nodes.len(), limits::MAX_LIST);
        for (j, n) in nodes.iter().enumerate() {
            if s.node(n).is_none() {
                self.push(ScenarioError::UnknownNode { path: format!("{path}[{j}]"), node: n.clone() });
            }
        }
    }

    fn steps_exist(&mut self, path: &str, steps: &[String], playbook: &str) {
        self.count(path, steps.len(), limits::MAX_LIST);
        for (j, step) in steps.iter().enumerate() {
            let at = if path.ends_with(".step") { path.to_string() } else { format!("{path}[{j}]") };
            if step.is_empty() {
                self.push(ContentError::Empty { path: at }.into());
            } else if let Some(known) = self.steps {
                if !known.contains(&step.as_str()) {
                    self.push(ScenarioError::UnknownStep { path: at, step: step.clone(), playbook: playbook.into() });
                }
            }
        }
    }
}
