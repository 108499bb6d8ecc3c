//! The role-play run: the simulated customer's state, the transitions that
//! replies cause, the transcript with visible reasons, and the search that
//! proves every outcome of a scenario can be reached.
//!
//! Time enters only as an argument; the same inputs at the same times always
//! give the same transcript, which is what makes a run replayable.

use super::scenario::{Node, OutcomeKind, Scenario, Target};
use super::signal::{steps_for, Mistake, Move, Signal};
use crate::core::coach::Review;
use crate::core::session::Temperature;
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::Arc;

/// Longest free-text reply kept, in characters.
pub const MAX_REPLY_CHARS: usize = 5_000;

/// How many states the reachability search may visit before it stops.
pub const SEARCH_BUDGET: usize = 200_000;

/// Solo: the engine plays the customer. Live: a trainer plays the customer and
/// scores the rubric while the trainee works in the real sidebar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Solo,
    Live,
}

/// How well a step was done, as the trainer marks it in live mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Missed,
    Partly,
    Done,
}

impl Mark {
    /// The share of the step's weight this mark earns.
    pub fn credit(self) -> f64 {
        match self {
            Mark::Missed => 0.0,
            Mark::Partly => 0.5,
            Mark::Done => 1.0,
        }
    }
}

/// A move or mistake the coach found in free text, with the words that carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub signal: Signal,
    /// The words in the reply, shown in the mood reason; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

/// Something the trainee (or, in live mode, the trainer) does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Input {
    /// Solo: pick reply `option` (an index into [`Run::options`]).
    Choose { option: usize },
    /// Solo: a typed reply, classified by the coach beforehand (see [`Input::free_text`]).
    FreeText {
        text: String,
        #[serde(default)]
        hits: Vec<Hit>,
    },
    /// Live: the trainer marks a rubric step.
    Mark { step: String, mark: Mark },
    /// Live: the trainer sets the customer's mood, 0 to 100.
    SetMood { mood: u8 },
    /// Live: the trainer ends the role-play with an outcome.
    End { kind: OutcomeKind },
    /// Either mode: stop here.
    GiveUp,
}

impl Input {
    /// A free-text reply from the coach's review of it.
    pub fn free_text(text: impl Into<String>, review: &Review) -> Input {
        let text = text.into();
        let quote = |start: usize, end: usize| text.get(start..end).unwrap_or("").to_string();
        let mut hits: Vec<Hit> = Vec::new();
        for m in &review.moves {
            hits.push(Hit { signal: Signal::Move(m.mv.into()), quote: quote(m.span.start, m.span.end) });
        }
        for f in &review.findings {
            hits.push(Hit { signal: Signal::Mistake(f.code.into()), quote: quote(f.span.start, f.span.end) });
        }
        Input::FreeText { text, hits }
    }
}

/// An input with the time it happened: what a recording stores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    /// When it happened, as given to [`Run::apply`].
    pub at: Timestamp,
    pub input: Input,
}

/// Why an input was refused. A refused input changes nothing and is not recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("the role-play is over")]
    Over,
    #[error("there is no reply {option}; this point has {count}")]
    NoSuchOption { option: usize, count: usize },
    #[error("that input is for {needed:?} mode; this run is {mode:?}")]
    WrongMode { needed: Mode, mode: Mode },
    #[error("step {step:?} is not on this scenario's rubric")]
    UnknownStep { step: String },
    #[error("a mood is 0 to 100, not {mood}")]
    MoodOutOfRange { mood: u8 },
    #[error("the reply is {len} characters; at most {max} are kept")]
    TooLong { len: usize, max: usize },
    #[error("the reply is empty")]
    EmptyReply,
    #[error("this scenario declares no {kind:?} outcome")]
    UndeclaredOutcome { kind: OutcomeKind },
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    TurnedAround,
    Escalated,
    Churned,
    /// The trainee stopped.
    GaveUp,
    /// The scenario's `max_turns` ran out with nothing decided.
    Unresolved,
}

impl EndKind {
    /// The stable name used in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            EndKind::TurnedAround => "turned_around",
            EndKind::Escalated => "escalated",
            EndKind::Churned => "churned",
            EndKind::GaveUp => "gave_up",
            EndKind::Unresolved => "unresolved",
        }
    }
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            EndKind::TurnedAround => crate::core::i18n::en("Turned around"),
            EndKind::Escalated => crate::core::i18n::en("Escalated"),
            EndKind::Churned => crate::core::i18n::en("Churned"),
            EndKind::GaveUp => crate::core::i18n::en("Gave up"),
            EndKind::Unresolved => crate::core::i18n::en("Unresolved"),
        }
    }
}

impl From<OutcomeKind> for EndKind {
    fn from(k: OutcomeKind) -> Self {
        match k {
            OutcomeKind::TurnedAround => EndKind::TurnedAround,
            OutcomeKind::Escalated => EndKind::Escalated,
            OutcomeKind::Churned => EndKind::Churned,
        }
    }
}

/// The end of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// How it ended.
    pub kind: EndKind,
    /// The scenario outcome's id, when one was reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The outcome's title, for the end screen.
    pub title: String,
    /// When it ended.
    pub at: Timestamp,
    /// Replies given by then.
    pub turn: u32,
}

/// One line of the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The reply this belongs to; 0 for the opening.
    pub turn: u32,
    /// When it happened (the time of the input that caused it).
    pub at: Timestamp,
    /// What happened.
    #[serde(flatten)]
    pub what: What,
}

/// What happened, for the chat view and the debrief.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum What {
    /// The customer speaks.
    Customer { text: String },
    /// The trainee replies; `option` when it was a multiple-choice reply.
    Agent {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        option: Option<usize>,
        /// The author's note on this reply, for the debrief.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback: Option<String>,
    },
    /// The mood moves, with its reason (`+15: "calm down" is dismissive`).
    Mood {
        /// The change (negative calms).
        delta: i32,
        /// The mood after it, 0 to 100.
        mood: u8,
        /// The change in words, for the meter.
        reason: String,
        /// The move or mistake behind it; none for an author's nudge or the trainer's setting.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<Signal>,
    },
    /// A playbook step is covered for the first time.
    Step { step: String },
    /// A fact comes out.
    Fact { id: String, text: String },
    /// Live: the trainer marks a rubric step.
    Mark { step: String, mark: Mark },
    /// The run ends.
    End { kind: EndKind, title: String },
}

/// The customer's mood after a turn: one point of the mood curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoodPoint {
    /// The reply it follows; 0 for the opening.
    pub turn: u32,
    pub at: Timestamp,
    /// 0 (calm) to 100 (furious).
    pub mood: u8,
}

/// A step covered, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    /// A step id of the scenario's playbook.
    pub step: String,
    /// The reply that covered it (live: the replies so far, always 0).
    pub turn: u32,
    pub at: Timestamp,
}

/// The level the sidebar's temperature control shows for a mood.
/// ([`Temperature::from_score`]: the coach's reading uses the same bands).
pub fn temperature_of(mood: u8) -> Temperature {
    Temperature::from_score(mood)
}

/// The part of a run the dialogue depends on: small, hashable, cloned by the search.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct State {
    node: usize,
    mood: u8,
    /// Times each move was made (capped), for diminishing returns.
    uses: [u8; 11],
    /// Covered steps, sorted.
    steps: Vec<String>,
    /// Discovered facts, by index.
    facts: u32,
    turn: u32,
}

/// One reply as the engine sees it, however it was given.
struct Turn<'a> {
    moves: Vec<(Move, &'a str)>,
    mistakes: Vec<(Mistake, &'a str)>,
    steps: &'a [String],
    nudge: Option<(i32, &'a str)>,
    next: Option<Target>,
}

/// Where the turn ended up.
enum Landing {
    /// At a node; `moved` is false when the conversation stayed put.
    Node { moved: bool },
    /// At an outcome (index into `scenario.outcomes`), or out of turns (`None`).
    End(Option<usize>),
}

fn move_index(m: Move) -> usize {
    Move::ALL.iter().position(|x| *x == m).unwrap_or(0)
}

/// The effect of the `nth` use (1-based) of a move: each repeat counts half as much as the one before.
pub fn diminished(effect: i32, nth: u32) -> i32 {
    let halvings = nth.saturating_sub(1).min(30);
    effect / (1i32 << halvings)
}

/// The bit for fact `i`; facts past the 32nd (more than validation allows) never come out.
fn bit(i: usize) -> u32 {
    u32::try_from(i).ok().and_then(|i| 1u32.checked_shl(i)).unwrap_or(0)
}

fn clamp_mood(m: i32) -> u8 {
    m.clamp(0, 100) as u8
}

/// How much more the current reply may lower the mood (see `Mood::calm_per_reply`).
struct CalmBudget(i32);

impl CalmBudget {
    /// Lets a raise through unchanged; lets a calming effect through up to what is left.
    fn take(&mut self, effect: i32) -> i32 {
        if effect >= 0 {
            return effect;
        }
        let allowed = effect.max(-self.0);
        self.0 += allowed;
        allowed
    }
}

/// Applies one reply to the state; `rec` receives each transcript item as it happens.
fn play(sc: &Scenario, st: &mut State, turn: &Turn<'_>, mistakes_now: &mut Vec<Mistake>, rec: &mut dyn FnMut(What)) -> Landing {
    st.turn += 1;
    let node = sc.nodes.get(st.node);
    let mut calm = CalmBudget(i32::from(sc.mood.calm_per_reply));
    let mut seen_moves: Vec<Move> = Vec::new();
    for &(m, quote) in &turn.moves {
        if seen_moves.contains(&m) {
            continue;
        }
        seen_moves.push(m);
        let base = sc.move_effect(node, m);
        if base == 0 {
            continue;
        }
        let slot = &mut st.uses[move_index(m)];
        let nth = slot.saturating_add(1).min(32);
        let repeated = diminished(base, u32::from(nth));
        let effect = calm.take(repeated);
        if effect == 0 && repeated != 0 {
            // The reply had already calmed them all it could: this move did not land, and does not wear out.
            continue;
        }
        *slot = nth;
        st.mood = clamp_mood(i32::from(st.mood).saturating_add(effect));
        let mut reason = Signal::Move(m).reason(effect, Some(quote));
        if effect != repeated {
            reason.push_str(" (one reply can only calm them so much)");
        } else if nth > 1 {
            reason.push_str(if effect == 0 { " (said too often to count any more)" } else { " (again, so it counts for less)" });
        }
        rec(What::Mood { delta: effect, mood: st.mood, reason, signal: Some(Signal::Move(m)) });
    }
    mistakes_now.clear();
    for &(m, quote) in &turn.mistakes {
        if mistakes_now.contains(&m) {
            continue;
        }
        mistakes_now.push(m);
        let effect = sc.mistake_effect(node, m);
        if effect == 0 {
            continue;
        }
        st.mood = clamp_mood(i32::from(st.mood).saturating_add(effect));
        rec(What::Mood {
            delta: effect,
            mood: st.mood,
            reason: Signal::Mistake(m).reason(effect, Some(quote)),
            signal: Some(Signal::Mistake(m)),
        });
    }
    if let Some((delta, why)) = turn.nudge {
        let delta = calm.take(delta);
        if delta != 0 {
            st.mood = clamp_mood(i32::from(st.mood).saturating_add(delta));
            let sign = if delta > 0 { "+" } else { "" };
            rec(What::Mood { delta, mood: st.mood, reason: format!("{sign}{delta}: {why}"), signal: None });
        }
    }
    let moved_steps = seen_moves.iter().flat_map(|m| steps_for(&sc.playbook, *m).iter().copied());
    for step in moved_steps.chain(turn.steps.iter().map(String::as_str)) {
        if let Err(at) = st.steps.binary_search_by(|s| s.as_str().cmp(step)) {
            st.steps.insert(at, step.to_string());
            rec(What::Step { step: step.to_string() });
        }
    }
    let node_id = node.map(|n| n.id.as_str()).unwrap_or("");
    for m in &seen_moves {
        let fact = sc.facts.iter().enumerate().find(|(i, f)| {
            f.trigger == *m && bit(*i) != 0 && st.facts & bit(*i) == 0 && (f.nodes.is_empty() || f.nodes.iter().any(|n| n == node_id))
        });
        if let Some((i, f)) = fact {
            st.facts |= bit(i);
            rec(What::Fact { id: f.id.clone(), text: f.text.clone() });
            if let Some(say) = &f.say {
                rec(What::Customer { text: say.clone() });
            }
        }
    }

    let before = st.node;
    match turn.next {
        Some(Target::Outcome(o)) => return Landing::End(Some(o)),
        Some(Target::Node(n)) => st.node = n,
        None => {}
    }
    if let Some(o) = first_met(sc, st, mistakes_now) {
        return Landing::End(Some(o));
    }
    if st.turn >= sc.max_turns {
        return Landing::End(None);
    }
    Landing::Node { moved: st.node != before }
}

/// The first outcome, in file order, whose conditions all hold.
fn first_met(sc: &Scenario, st: &State, mistakes_now: &[Mistake]) -> Option<usize> {
    sc.outcomes.iter().position(|o| {
        let Some(c) = &o.when else { return false };
        c.mood_at_most.is_none_or(|m| st.mood <= m)
            && c.mood_at_least.is_none_or(|m| st.mood >= m)
            && c.steps.iter().all(|s| st.steps.binary_search(s).is_ok())
            && c.facts.iter().all(|f| sc.facts.iter().position(|x| &x.id == f).is_some_and(|i| bit(i) != 0 && st.facts & bit(i) != 0))
            && (c.mistakes.is_empty() || c.mistakes.iter().any(|m| mistakes_now.contains(m)))
            && (c.nodes.is_empty() || sc.nodes.get(st.node).is_some_and(|n| c.nodes.contains(&n.id)))
            && c.turns_at_least.is_none_or(|t| st.turn >= t)
    })
}

/// The turn a multiple-choice reply makes.
fn choice_turn<'a>(sc: &'a Scenario, node: &'a Node, option: usize) -> Option<Turn<'a>> {
    let r = node.replies.get(option)?;
    Some(Turn {
        moves: r.moves.iter().map(|m| (*m, "")).collect(),
        mistakes: r.mistakes.iter().map(|m| (*m, "")).collect(),
        steps: &r.steps,
        nudge: r.nudge.as_ref().map(|n| (n.delta, n.reason.as_str())),
        next: sc.target(&r.next),
    })
}

/// The turn a classified free-text reply makes: the node's first matching rule picks the way on.
fn free_turn<'a>(sc: &'a Scenario, node: &'a Node, hits: &'a [Hit]) -> Turn<'a> {
    let moves: Vec<(Move, &str)> =
        hits.iter().filter_map(|h| if let Signal::Move(m) = h.signal { Some((m, h.quote.as_str())) } else { None }).collect();
    let mistakes: Vec<(Mistake, &str)> =
        hits.iter().filter_map(|h| if let Signal::Mistake(m) = h.signal { Some((m, h.quote.as_str())) } else { None }).collect();
    let rule = node.free_text.iter().find(|r| {
        r.moves.iter().all(|m| moves.iter().any(|(x, _)| x == m))
            && r.mistakes.iter().all(|m| mistakes.iter().any(|(x, _)| x == m))
            && (!r.clean || mistakes.is_empty())
    });
    let (steps, next): (&[String], Option<Target>) = match rule {
        Some(r) => (&r.steps, sc.target(&r.next)),
        None => (&[], node.otherwise.as_deref().and_then(|o| sc.target(o))),
    };
    Turn { moves, mistakes, steps, nudge: None, next }
}

/// A role-play in progress or finished: the state a trainer page renders.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    scenario: Arc<Scenario>,
    mode: Mode,
    trainee: String,
    started_at: Timestamp,
    last_at: Timestamp,
    state: State,
    transcript: Vec<Entry>,
    curve: Vec<MoodPoint>,
    covered: Vec<Covered>,
    marks: BTreeMap<String, Mark>,
    ending: Option<Ending>,
    inputs: Vec<Stamped>,
}

/// Everything needed to rebuild a run: store this, replay it later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    /// The scenario's id; replaying against another scenario is refused.
    pub scenario: String,
    pub mode: Mode,
    /// The trainee's name, as the trainer typed it.
    pub trainee: String,
    pub started_at: Timestamp,
    /// The accepted inputs, in order.
    pub inputs: Vec<Stamped>,
}

/// A recorded input that no longer applies (the scenario changed since).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("the recording is of scenario {recorded:?}, not {given:?}")]
    WrongScenario { recorded: String, given: String },
    #[error("input {index}: {error}")]
    Input { index: usize, error: RunError },
}

impl Run {
    /// Starts a role-play: the customer's opening line arrives at `at`.
    pub fn new(scenario: impl Into<Arc<Scenario>>, mode: Mode, trainee: impl Into<String>, at: Timestamp) -> Run {
        let scenario = scenario.into();
        let mood = scenario.mood.start.min(100);
        let mut run = Run {
            mode,
            trainee: trainee.into(),
            started_at: at,
            last_at: at,
            state: State { node: 0, mood, uses: [0; 11], steps: Vec::new(), facts: 0, turn: 0 },
            transcript: Vec::new(),
            curve: vec![MoodPoint { turn: 0, at, mood }],
            covered: Vec::new(),
            marks: BTreeMap::new(),
            ending: None,
            inputs: Vec::new(),
            scenario,
        };
        let opening = match mode {
            Mode::Solo => run.scenario.nodes.first().map(|n| n.line.clone()),
            Mode::Live => None,
        };
        if let Some(text) = opening {
            run.transcript.push(Entry { turn: 0, at, what: What::Customer { text } });
        }
        run
    }

    /// Rebuilds a run from its recording; the transcript is the same as the original's.
    pub fn replay(scenario: impl Into<Arc<Scenario>>, rec: &Recording) -> Result<Run, ReplayError> {
        let scenario = scenario.into();
        if scenario.id != rec.scenario {
            return Err(ReplayError::WrongScenario { recorded: rec.scenario.clone(), given: scenario.id.clone() });
        }
        let mut run = Run::new(scenario, rec.mode, rec.trainee.clone(), rec.started_at);
        for (index, s) in rec.inputs.iter().enumerate() {
            run.apply(s.input.clone(), s.at).map_err(|error| ReplayError::Input { index, error })?;
        }
        Ok(run)
    }

    /// Applies one input at time `at`. A refused input changes nothing. Times
    /// earlier than the previous input count as the previous input's time, so a
    /// clock that steps back cannot make durations negative.
    pub fn apply(&mut self, input: Input, at: Timestamp) -> Result<(), RunError> {
        if self.ending.is_some() {
            return Err(RunError::Over);
        }
        let at_clamped = at.max(self.last_at);
        self.check(&input)?;
        match &input {
            Input::Choose { .. } | Input::FreeText { .. } => self.reply(&input, at_clamped),
            Input::Mark { step, mark } => {
                self.marks.insert(step.clone(), *mark);
                self.push(at_clamped, What::Mark { step: step.clone(), mark: *mark });
                self.covered.retain(|c| &c.step != step);
                if *mark != Mark::Missed {
                    self.covered.push(Covered { step: step.clone(), turn: self.state.turn, at: at_clamped });
                }
            }
            Input::SetMood { mood } => {
                let delta = i32::from(*mood) - i32::from(self.state.mood);
                self.state.mood = *mood;
                let sign = if delta > 0 { "+" } else { "" };
                let change = format!("{sign}{delta}");
                self.push(at_clamped, What::Mood { delta, mood: *mood, reason: crate::msg!("{change}: set by the trainer"), signal: None });
                self.curve.push(MoodPoint { turn: self.state.turn, at: at_clamped, mood: *mood });
            }
            Input::End { kind } => {
                let outcome = self.scenario.outcomes.iter().find(|o| o.kind == *kind);
                let (id, title, line) = match outcome {
                    Some(o) => (Some(o.id.clone()), o.title.clone(), Some(o.line.clone())),
                    None => (None, EndKind::from(*kind).label().to_string(), None),
                };
                if let Some(line) = line {
                    self.push(at_clamped, What::Customer { text: line });
                }
                self.finish(EndKind::from(*kind), id, title, at_clamped);
            }
            Input::GiveUp => self.finish(EndKind::GaveUp, None, EndKind::GaveUp.label().to_string(), at_clamped),
        }
        self.last_at = at_clamped;
        self.inputs.push(Stamped { at, input });
        Ok(())
    }

    /// Why [`Run::apply`] would refuse `input` now, if it would: the page
    /// asks before sending a typed reply to the coach, so a reply that can
    /// never count stays in its box with the reason.
    pub fn refuses(&self, input: &Input) -> Option<RunError> {
        if self.ending.is_some() {
            return Some(RunError::Over);
        }
        self.check(input).err()
    }

    /// Refuses inputs that do not fit this run, before anything changes.
    fn check(&self, input: &Input) -> Result<(), RunError> {
        let need = |needed: Mode| if self.mode == needed { Ok(()) } else { Err(RunError::WrongMode { needed, mode: self.mode }) };
        match input {
            Input::Choose { option } => {
                need(Mode::Solo)?;
                let count = self.options().len();
                if *option >= count {
                    return Err(RunError::NoSuchOption { option: *option, count });
                }
            }
            Input::FreeText { text, .. } => {
                need(Mode::Solo)?;
                let len = text.chars().count();
                if text.trim().is_empty() {
                    return Err(RunError::EmptyReply);
                }
                if len > MAX_REPLY_CHARS {
                    return Err(RunError::TooLong { len, max: MAX_REPLY_CHARS });
                }
            }
            Input::Mark { step, .. } => {
                need(Mode::Live)?;
                if !self.scenario.rubric.iter().any(|r| &r.step == step) {
                    return Err(RunError::UnknownStep { step: step.clone() });
                }
            }
            Input::SetMood { mood } => {
                need(Mode::Live)?;
                if *mood > 100 {
                    return Err(RunError::MoodOutOfRange { mood: *mood });
                }
            }
            Input::End { kind } => {
                need(Mode::Live)?;
                if !self.scenario.outcomes.iter().any(|o| o.kind == *kind) {
                    return Err(RunError::UndeclaredOutcome { kind: *kind });
                }
            }
            Input::GiveUp => {}
        }
        Ok(())
    }

    /// A solo reply: the customer reacts, the conversation moves on, maybe ends.
    fn reply(&mut self, input: &Input, at: Timestamp) {
        let sc = Arc::clone(&self.scenario);
        let Some(node) = sc.nodes.get(self.state.node) else { return };
        let (turn, text, option, feedback) = match input {
            Input::Choose { option } => {
                let Some(turn) = choice_turn(&sc, node, *option) else { return };
                let r = &node.replies[*option];
                (turn, r.text.clone(), Some(*option), r.feedback.clone())
            }
            Input::FreeText { text, hits } => (free_turn(&sc, node, hits), text.clone(), None, None),
            _ => return,
        };
        let number = self.state.turn + 1;
        self.transcript.push(Entry { turn: number, at, what: What::Agent { text, option, feedback } });
        let mut items = Vec::new();
        let mut mistakes = Vec::new();
        let landing = play(&sc, &mut self.state, &turn, &mut mistakes, &mut |w| items.push(w));
        for what in items {
            if let What::Step { step } = &what {
                self.covered.push(Covered { step: step.clone(), turn: number, at });
            }
            self.transcript.push(Entry { turn: number, at, what });
        }
        self.curve.push(MoodPoint { turn: number, at, mood: self.state.mood });
        match landing {
            Landing::Node { moved } => {
                let line = match sc.nodes.get(self.state.node) {
                    Some(n) if moved => Some(n.line.clone()),
                    Some(n) => n.again.clone(),
                    None => None,
                };
                if let Some(text) = line {
                    self.push(at, What::Customer { text });
                }
            }
            Landing::End(Some(o)) => {
                let Some(o) = sc.outcomes.get(o) else { return };
                self.push(at, What::Customer { text: o.line.clone() });
                self.finish(o.kind.into(), Some(o.id.clone()), o.title.clone(), at);
            }
            Landing::End(None) => {
                self.finish(EndKind::Unresolved, None, crate::core::i18n::en("Out of time: nothing was settled").to_string(), at);
            }
        }
    }

    fn push(&mut self, at: Timestamp, what: What) {
        self.transcript.push(Entry { turn: self.state.turn, at, what });
    }

    fn finish(&mut self, kind: EndKind, outcome: Option<String>, title: String, at: Timestamp) {
        self.push(at, What::End { kind, title: title.clone() });
        self.ending = Some(Ending { kind, outcome, title, at, turn: self.state.turn });
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    /// The shared scenario, for starting another run of it cheaply.
    pub fn scenario_arc(&self) -> Arc<Scenario> {
        Arc::clone(&self.scenario)
    }
    /// Solo or live.
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// The trainee's name.
    pub fn trainee(&self) -> &str {
        &self.trainee
    }
    /// When the customer's opening arrived.
    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }
    /// The time of the last accepted input (the start, before any).
    pub fn last_at(&self) -> Timestamp {
        self.last_at
    }
    /// The customer's mood, 0 (calm) to 100 (furious).
    pub fn mood(&self) -> u8 {
        self.state.mood
    }
    /// The mood as the sidebar's temperature level.
    pub fn temperature(&self) -> Temperature {
        temperature_of(self.state.mood)
    }
    /// Replies given so far.
    pub fn turns(&self) -> u32 {
        self.state.turn
    }
    /// The current point of the dialogue (solo mode).
    pub fn node(&self) -> Option<&Node> {
        match self.mode {
            Mode::Solo => self.scenario.nodes.get(self.state.node),
            Mode::Live => None,
        }
    }
    /// The multiple-choice replies on offer now; empty when the run is over or live.
    pub fn options(&self) -> &[super::scenario::Reply] {
        match (&self.ending, self.node()) {
            (None, Some(n)) => &n.replies,
            _ => &[],
        }
    }
    /// Everything said and every reaction, in order.
    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }
    /// The mood after each turn, starting with the opening mood.
    pub fn mood_curve(&self) -> &[MoodPoint] {
        &self.curve
    }
    /// Steps covered, in the order they were first covered.
    pub fn covered(&self) -> &[Covered] {
        &self.covered
    }
    /// Live mode: the trainer's current mark for each step marked.
    pub fn marks(&self) -> &BTreeMap<String, Mark> {
        &self.marks
    }
    /// Ids of the facts discovered so far, in scenario order.
    pub fn facts_found(&self) -> Vec<&str> {
        self.scenario
            .facts
            .iter()
            .enumerate()
            .filter(|(i, _)| bit(*i) != 0 && self.state.facts & bit(*i) != 0)
            .map(|(_, f)| f.id.as_str())
            .collect()
    }
    /// How the run ended, once it has.
    pub fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }
    /// True once an outcome, the trainer, giving up or the turn limit ended it.
    pub fn is_over(&self) -> bool {
        self.ending.is_some()
    }
    /// The accepted inputs, with their times.
    pub fn inputs(&self) -> &[Stamped] {
        &self.inputs
    }
    /// What to store to replay this run later.
    pub fn recording(&self) -> Recording {
        Recording {
            scenario: self.scenario.id.clone(),
            mode: self.mode,
            trainee: self.trainee.clone(),
            started_at: self.started_at,
            inputs: self.inputs.clone(),
        }
    }
}

/// What the reachability search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exploration {
    /// For each reachable outcome id, a shortest list of reply choices that reaches it.
    pub paths: BTreeMap<String, Vec<usize>>,
    /// States visited.
    pub states: usize,
    /// True when the search saw every reachable state; false when it stopped
    /// early, because every outcome had a path or the budget ran out.
    pub exhausted: bool,
}

/// Breadth-first search over multiple-choice replies from the opening, up to `budget` states.
/// It stops early once every outcome has a path.
pub fn explore(sc: &Scenario, budget: usize) -> Exploration {
    let mut out = Exploration { exhausted: true, ..Default::default() };
    if sc.nodes.is_empty() {
        return out;
    }
    let start = State { node: 0, mood: sc.mood.start.min(100), uses: [0; 11], steps: Vec::new(), facts: 0, turn: 0 };
    let mut seen: HashSet<State> = HashSet::new();
    let mut queue: VecDeque<(State, Vec<usize>)> = VecDeque::new();
    seen.insert(start.clone());
    queue.push_back((start, Vec::new()));
    let mut scratch = Vec::new();
    while let Some((st, path)) = queue.pop_front() {
        if out.paths.len() == sc.outcomes.len() {
            out.exhausted = queue.is_empty();
            break;
        }
        if out.states >= budget {
            out.exhausted = false;
            break;
        }
        out.states += 1;
        let Some(node) = sc.nodes.get(st.node) else { continue };
        for option in 0..node.replies.len() {
            let Some(turn) = choice_turn(sc, node, option) else { continue };
            let mut next = st.clone();
            let landing = play(sc, &mut next, &turn, &mut scratch, &mut |_| {});
            let mut p = path.clone();
            p.push(option);
            match landing {
                Landing::End(Some(o)) => {
                    if let Some(o) = sc.outcomes.get(o) {
                        out.paths.entry(o.id.clone()).or_insert(p);
                    }
                }
                Landing::End(None) => {}
                Landing::Node { .. } => {
                    if seen.insert(next.clone()) {
                        queue.push_back((next, p));
                    }
                }
            }
        }
    }
    out
}

/// A shortest list of reply choices that ends the scenario at outcome `id`, if the search finds one.
pub fn find_path(sc: &Scenario, id: &str) -> Option<Vec<usize>> {
    explore(sc, SEARCH_BUDGET).paths.remove(id)
}
