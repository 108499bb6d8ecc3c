//! A ticket's turnaround session: its state, the actions that change it, the
//! rules between steps (the listen/acknowledge loop). Merging two copies is
//! `core::merge`.
//!
//! Time enters as an argument to [`Session::apply`], never from a clock, so every
//! rule here is deterministic and tested natively.

use crate::core::advisor::{MakeWhole, Question};
use crate::core::playbook::{Playbook, Tool};
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::core::merge::{merge, merge3, merge_text, same_content};

/// The session format this build writes (PROTOCOL.md, "Session, schema 1").
pub const SCHEMA: u32 = 1;

/// Largest note, fact or alert field kept, in characters.
pub const MAX_TEXT: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema: u32,
    pub ticket_id: String,
    pub playbook: String,
    pub rev: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub steps: Vec<StepState>,
    /// The step the agent is on (restored on reload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// The agent who owns the complaint.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handovers: Vec<Handover>,
    /// The temperature over time, oldest first: levels the agent recorded by
    /// hand and readings of the customer's messages (each naming its
    /// `message_id`, read once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub temperatures: Vec<TemperatureReading>,
    /// Check-off offers the agent dismissed, one key per message and step
    /// (see `conversation::offer_key`), so they do not come back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed_offers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    #[serde(default, skip_serializing_if = "MakeWhole::is_empty")]
    pub make_whole: MakeWhole,
    #[serde(default, skip_serializing_if = "Worksheet::is_empty")]
    pub worksheet: Worksheet,
    #[serde(default, skip_serializing_if = "ServiceAlert::is_empty")]
    pub alert: ServiceAlert,
    /// The reply the agent is drafting in the coach box.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub draft: String,
    /// The customer's last message, as the host sent it or the agent pasted it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_message: String,
    /// Step states of an earlier playbook, kept so that switching back restores them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_steps: Vec<StepState>,
    /// Fields written by a newer version or a host: kept and handed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    pub id: String,
    pub done: bool,
    pub done_at: Option<Timestamp>,
    /// When the step was last un-checked (a check's time is `done_at`), so a
    /// merge keeps the later of a check and an un-check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toggled_at: Option<Timestamp>,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl StepState {
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), done: false, done_at: None, toggled_at: None, note: String::new(), extra: Map::new() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
}

/// How upset the customer is, as the agent records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Temperature {
    Calm,
    Upset,
    Angry,
    Furious,
}

impl Temperature {
    pub const ALL: [Temperature; 4] = [Temperature::Calm, Temperature::Upset, Temperature::Angry, Temperature::Furious];
    pub fn label(self) -> &'static str {
        match self {
            Temperature::Calm => crate::core::i18n::en("Calm"),
            Temperature::Upset => crate::core::i18n::en("Upset"),
            Temperature::Angry => crate::core::i18n::en("Angry"),
            Temperature::Furious => crate::core::i18n::en("Furious"),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Temperature::Calm => "calm",
            Temperature::Upset => "upset",
            Temperature::Angry => "angry",
            Temperature::Furious => "furious",
        }
    }
    /// Calm enough to leave the listen/acknowledge loop.
    pub fn is_settled(self) -> bool {
        self <= Temperature::Upset
    }

    /// The product's one scale from a 0–100 score to a level: 0–24 calm,
    /// 25–49 upset, 50–74 angry, 75–100 furious (the coach's reading and the
    /// trainer's simulated mood both use it).
    pub fn from_score(score: u8) -> Temperature {
        match score {
            0..=24 => Temperature::Calm,
            25..=49 => Temperature::Upset,
            50..=74 => Temperature::Angry,
            _ => Temperature::Furious,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemperatureReading {
    pub level: Temperature,
    pub at: Timestamp,
    /// The customer message this was read from; none for a level the agent recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

impl TemperatureReading {
    /// A level the agent recorded by hand.
    pub fn recorded(level: Temperature, at: Timestamp) -> Self {
        Self { level, at, message_id: None }
    }
}

/// The coach's reading of one customer message, to keep in the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageReading {
    pub message_id: String,
    pub level: Temperature,
    /// When the message was written, when the host said; else when it arrived.
    pub at: Option<Timestamp>,
}

/// Most check-off dismissals kept; the oldest go first.
pub const MAX_DISMISSED: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub from: String,
    pub to: String,
    pub at: Timestamp,
    /// The customer was told, in real time, who has their case now.
    #[serde(default)]
    pub customer_told: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: String,
    pub text: String,
    pub due: Timestamp,
    pub created_at: Timestamp,
    #[serde(default)]
    pub done_at: Option<Timestamp>,
}

impl FollowUp {
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.done_at.is_none() && self.due < now
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    #[default]
    Fact,
    Opinion,
}

/// One item of evidence on the worksheet: a fact, or an opinion kept apart from the facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub kind: EvidenceKind,
}

/// A candidate explanation on the worksheet (LEAP's "scenarios"), struck out
/// when the evidence contradicts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hypothesis {
    pub id: String,
    pub text: String,
    /// Struck out: the evidence contradicts it.
    #[serde(default)]
    pub struck: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Evidence and candidate explanations (LEAP's gather-evidence and assess).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worksheet {
    #[serde(rename = "facts", default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(rename = "scenarios", default, skip_serializing_if = "Vec::is_empty")]
    pub hypotheses: Vec<Hypothesis>,
}

impl Worksheet {
    pub fn is_empty(&self) -> bool {
        self.evidence.is_empty() && self.hypotheses.is_empty()
    }
}

/// The service alert: the incident's documentation from start to finish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAlert {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub problem: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timeline: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub immediate_fix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prevention_ours: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prevention_customer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it was last sent to the host as an internal note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
}

/// A field of the service alert the agent edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertField {
    Problem,
    Timeline,
    RootCause,
    ImmediateFix,
    PreventionOurs,
    PreventionCustomer,
    Owner,
}

impl AlertField {
    pub const ALL: [AlertField; 7] = [
        AlertField::Problem,
        AlertField::Timeline,
        AlertField::RootCause,
        AlertField::ImmediateFix,
        AlertField::PreventionOurs,
        AlertField::PreventionCustomer,
        AlertField::Owner,
    ];
    pub fn label(self) -> &'static str {
        match self {
            AlertField::Problem => crate::core::i18n::en("Problem"),
            AlertField::Timeline => crate::core::i18n::en("Timeline"),
            AlertField::RootCause => crate::core::i18n::en("Root cause"),
            AlertField::ImmediateFix => crate::core::i18n::en("Immediate fix"),
            AlertField::PreventionOurs => crate::core::i18n::en("Prevention on our side"),
            AlertField::PreventionCustomer => crate::core::i18n::en("Prevention on the customer's side"),
            AlertField::Owner => crate::core::i18n::en("Owner"),
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            AlertField::Problem => "problem",
            AlertField::Timeline => "timeline",
            AlertField::RootCause => "root_cause",
            AlertField::ImmediateFix => "immediate_fix",
            AlertField::PreventionOurs => "prevention_ours",
            AlertField::PreventionCustomer => "prevention_customer",
            AlertField::Owner => "owner",
        }
    }
}

impl ServiceAlert {
    pub fn is_empty(&self) -> bool {
        AlertField::ALL.iter().all(|f| self.get(*f).is_empty()) && self.sent_at.is_none()
    }
    pub fn get(&self, field: AlertField) -> &str {
        match field {
            AlertField::Problem => &self.problem,
            AlertField::Timeline => &self.timeline,
            AlertField::RootCause => &self.root_cause,
            AlertField::ImmediateFix => &self.immediate_fix,
            AlertField::PreventionOurs => &self.prevention_ours,
            AlertField::PreventionCustomer => &self.prevention_customer,
            AlertField::Owner => &self.owner,
        }
    }
    /// Sets one field (no clipping: for merges of fields already kept).
    pub fn set(&mut self, field: AlertField, text: String) {
        *self.get_mut(field) = text;
    }
    fn get_mut(&mut self, field: AlertField) -> &mut String {
        match field {
            AlertField::Problem => &mut self.problem,
            AlertField::Timeline => &mut self.timeline,
            AlertField::RootCause => &mut self.root_cause,
            AlertField::ImmediateFix => &mut self.immediate_fix,
            AlertField::PreventionOurs => &mut self.prevention_ours,
            AlertField::PreventionCustomer => &mut self.prevention_customer,
            AlertField::Owner => &mut self.owner,
        }
    }
}

/// Something that happened in the sidebar. Ids of new items come in with the
/// action (made at the edge), so `apply` stays deterministic.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Check a step off; `advance_to` moves the focus on in the same change.
    CheckStep {
        step: String,
        advance_to: Option<String>,
    },
    UncheckStep {
        step: String,
    },
    SetNote {
        step: String,
        text: String,
    },
    Focus {
        step: String,
    },
    RecordTemperature {
        level: Temperature,
    },
    /// Readings of customer messages; a message already read is skipped, so
    /// each is read once. Kept in time order.
    ReadMessages {
        readings: Vec<MessageReading>,
    },
    /// The agent dismissed check-off offers (their keys); they do not come back.
    DismissOffers {
        keys: Vec<String>,
    },
    /// Changes the playbook; `steps` are the new playbook's step ids in order.
    SwitchPlaybook {
        playbook: String,
        steps: Vec<String>,
    },
    /// Brings the steps in line with a newer version of the same playbook
    /// (`steps`, its step ids in order), keeping every other state in `other_steps`.
    AlignSteps {
        steps: Vec<String>,
    },
    AnswerAdvisor {
        question: Question,
        answer: Option<bool>,
    },
    SetRemedy {
        text: String,
    },
    AddEvidence {
        id: String,
        text: String,
        kind: EvidenceKind,
    },
    SetEvidenceKind {
        id: String,
        kind: EvidenceKind,
    },
    RemoveEvidence {
        id: String,
    },
    AddHypothesis {
        id: String,
        text: String,
    },
    StrikeHypothesis {
        id: String,
        reason: String,
    },
    RestoreHypothesis {
        id: String,
    },
    RemoveHypothesis {
        id: String,
    },
    AddFollowUp {
        id: String,
        text: String,
        due: Timestamp,
    },
    CompleteFollowUp {
        id: String,
    },
    ReopenFollowUp {
        id: String,
    },
    RemoveFollowUp {
        id: String,
    },
    SetAlert {
        field: AlertField,
        text: String,
    },
    MarkAlertSent,
    /// The agent who opens a session owns it, unless someone already does.
    Claim {
        agent: String,
    },
    HandOver {
        to: String,
        customer_told: bool,
    },
    /// The host's view of the ticket (customer, subject) changed.
    SetContext {
        customer: Option<Customer>,
        subject: String,
    },
    SetDraft {
        text: String,
    },
    SetCustomerMessage {
        text: String,
    },
}

fn clip(text: String) -> String {
    if text.chars().count() <= MAX_TEXT {
        text
    } else {
        text.chars().take(MAX_TEXT).collect()
    }
}

impl Session {
    /// A fresh session for a ticket, with every step of the playbook unchecked.
    pub fn new(ticket_id: impl Into<String>, playbook: &Playbook, at: Timestamp) -> Self {
        Self {
            schema: SCHEMA,
            ticket_id: ticket_id.into(),
            playbook: playbook.id.clone(),
            rev: 0,
            created_at: at,
            updated_at: at,
            steps: playbook.steps.iter().map(|s| StepState::new(&s.id)).collect(),
            focus: None,
            customer: None,
            subject: String::new(),
            owner: String::new(),
            handovers: Vec::new(),
            temperatures: Vec::new(),
            dismissed_offers: Vec::new(),
            follow_ups: Vec::new(),
            make_whole: MakeWhole::default(),
            worksheet: Worksheet::default(),
            alert: ServiceAlert::default(),
            draft: String::new(),
            customer_message: String::new(),
            other_steps: Vec::new(),
            extra: Map::new(),
        }
    }

    pub fn step(&self, id: &str) -> Option<&StepState> {
        self.steps.iter().find(|s| s.id == id)
    }

    fn step_mut(&mut self, id: &str) -> Option<&mut StepState> {
        self.steps.iter_mut().find(|s| s.id == id)
    }

    pub fn done_count(&self) -> usize {
        self.steps.iter().filter(|s| s.done).count()
    }

    /// The newest temperature: the agent's last record or the last customer
    /// message read, whichever is later.
    pub fn temperature(&self) -> Option<Temperature> {
        self.temperatures.last().map(|r| r.level)
    }

    /// Whether the customer message `id` was read for its temperature.
    pub fn has_reading_of(&self, id: &str) -> bool {
        self.temperatures.iter().any(|r| r.message_id.as_deref() == Some(id))
    }

    /// Applies one action at time `at`. Returns false when nothing changed (no
    /// save, no render); otherwise `rev` grows by one and `updated_at` is `at`.
    pub fn apply(&mut self, action: Action, at: Timestamp) -> bool {
        let changed = self.apply_inner(action, at);
        if changed {
            self.rev = self.rev.saturating_add(1);
            self.updated_at = self.updated_at.max(at);
        }
        changed
    }

    fn apply_inner(&mut self, action: Action, at: Timestamp) -> bool {
        match action {
            Action::CheckStep { step, advance_to } => {
                let mut changed = false;
                if let Some(s) = self.step_mut(&step) {
                    if !s.done {
                        s.done = true;
                        s.done_at = Some(at);
                        changed = true;
                    }
                }
                if let Some(next) = advance_to {
                    if self.step(&next).is_some() && self.focus.as_deref() != Some(next.as_str()) {
                        self.focus = Some(next);
                        changed = true;
                    }
                }
                changed
            }
            Action::UncheckStep { step } => match self.step_mut(&step) {
                Some(s) if s.done => {
                    s.done = false;
                    s.done_at = None;
                    s.toggled_at = Some(at);
                    true
                }
                _ => false,
            },
            Action::SetNote { step, text } => match self.step_mut(&step) {
                Some(s) if s.note != text => {
                    s.note = clip(text);
                    true
                }
                _ => false,
            },
            Action::Focus { step } => {
                if self.step(&step).is_some() && self.focus.as_deref() != Some(step.as_str()) {
                    self.focus = Some(step);
                    true
                } else {
                    false
                }
            }
            Action::RecordTemperature { level } => {
                self.temperatures.push(TemperatureReading::recorded(level, at));
                true
            }
            Action::ReadMessages { readings } => {
                let mut changed = false;
                for r in readings {
                    if r.message_id.is_empty() || self.has_reading_of(&r.message_id) {
                        continue;
                    }
                    let reading = TemperatureReading { level: r.level, at: r.at.unwrap_or(at), message_id: Some(r.message_id) };
                    // In time order; after every reading of the same moment.
                    let i = self.temperatures.partition_point(|x| x.at <= reading.at);
                    self.temperatures.insert(i, reading);
                    changed = true;
                }
                changed
            }
            Action::DismissOffers { keys } => {
                let mut changed = false;
                for k in keys {
                    if !k.is_empty() && !self.dismissed_offers.contains(&k) {
                        self.dismissed_offers.push(k);
                        changed = true;
                    }
                }
                if self.dismissed_offers.len() > MAX_DISMISSED {
                    let extra = self.dismissed_offers.len() - MAX_DISMISSED;
                    self.dismissed_offers.drain(..extra);
                }
                changed
            }
            Action::SwitchPlaybook { playbook, steps } => {
                if playbook == self.playbook || steps.is_empty() {
                    return false;
                }
                let mut pool: Vec<StepState> = std::mem::take(&mut self.steps);
                pool.append(&mut self.other_steps);
                self.steps = steps
                    .iter()
                    .map(|id| match pool.iter().position(|s| &s.id == id) {
                        Some(i) => pool.remove(i),
                        None => StepState::new(id),
                    })
                    .collect();
                // Only states that hold something are worth keeping for a switch back.
                self.other_steps = pool.into_iter().filter(|s| s.done || !s.note.is_empty() || !s.extra.is_empty()).collect();
                self.playbook = playbook;
                self.focus = None;
                true
            }
            Action::AlignSteps { steps } => self.align_steps(&steps),
            Action::AnswerAdvisor { question, answer } => self.make_whole.answer(question, answer),
            Action::SetRemedy { text } => self.make_whole.set_remedy(clip(text)),
            Action::AddEvidence { id, text, kind } => {
                if text.trim().is_empty() || self.worksheet.evidence.iter().any(|f| f.id == id) {
                    return false;
                }
                self.worksheet.evidence.push(Evidence { id, text: clip(text), kind });
                true
            }
            Action::SetEvidenceKind { id, kind } => match self.worksheet.evidence.iter_mut().find(|f| f.id == id) {
                Some(f) if f.kind != kind => {
                    f.kind = kind;
                    true
                }
                _ => false,
            },
            Action::RemoveEvidence { id } => remove_by(&mut self.worksheet.evidence, |f| f.id == id),
            Action::AddHypothesis { id, text } => {
                if text.trim().is_empty() || self.worksheet.hypotheses.iter().any(|s| s.id == id) {
                    return false;
                }
                self.worksheet.hypotheses.push(Hypothesis { id, text: clip(text), struck: false, reason: String::new() });
                true
            }
            Action::StrikeHypothesis { id, reason } => match self.worksheet.hypotheses.iter_mut().find(|s| s.id == id) {
                Some(s) if !s.struck || s.reason != reason => {
                    s.struck = true;
                    s.reason = clip(reason);
                    true
                }
                _ => false,
            },
            Action::RestoreHypothesis { id } => match self.worksheet.hypotheses.iter_mut().find(|s| s.id == id) {
                Some(s) if s.struck => {
                    s.struck = false;
                    true
                }
                _ => false,
            },
            Action::RemoveHypothesis { id } => remove_by(&mut self.worksheet.hypotheses, |s| s.id == id),
            Action::AddFollowUp { id, text, due } => {
                if text.trim().is_empty() || self.follow_ups.iter().any(|f| f.id == id) {
                    return false;
                }
                self.follow_ups.push(FollowUp { id, text: clip(text), due, created_at: at, done_at: None });
                self.follow_ups.sort_by_key(|f| f.due);
                true
            }
            Action::CompleteFollowUp { id } => match self.follow_ups.iter_mut().find(|f| f.id == id) {
                Some(f) if f.done_at.is_none() => {
                    f.done_at = Some(at);
                    true
                }
                _ => false,
            },
            Action::ReopenFollowUp { id } => match self.follow_ups.iter_mut().find(|f| f.id == id) {
                Some(f) if f.done_at.is_some() => {
                    f.done_at = None;
                    true
                }
                _ => false,
            },
            Action::RemoveFollowUp { id } => remove_by(&mut self.follow_ups, |f| f.id == id),
            Action::SetAlert { field, text } => {
                let slot = self.alert.get_mut(field);
                if *slot == text {
                    return false;
                }
                *slot = clip(text);
                true
            }
            Action::MarkAlertSent => {
                self.alert.sent_at = Some(at);
                true
            }
            Action::Claim { agent } => {
                let agent = agent.trim().to_string();
                if agent.is_empty() || !self.owner.is_empty() {
                    return false;
                }
                self.owner = agent;
                true
            }
            Action::HandOver { to, customer_told } => {
                let to = to.trim().to_string();
                if to.is_empty() || to == self.owner {
                    return false;
                }
                let from = std::mem::replace(&mut self.owner, to.clone());
                self.handovers.push(Handover { from, to, at, customer_told });
                true
            }
            Action::SetDraft { text } => set_text(&mut self.draft, text),
            Action::SetCustomerMessage { text } => set_text(&mut self.customer_message, text),
            Action::SetContext { customer, subject } => {
                if self.customer == customer && self.subject == subject {
                    return false;
                }
                self.customer = customer;
                self.subject = subject;
                true
            }
        }
    }

    /// Where the agent is: the focused step, else the first unchecked one, else the last.
    pub fn current_step<'p>(&self, playbook: &'p Playbook) -> Option<&'p str> {
        let focused = self.focus.as_deref().and_then(|f| playbook.step(f));
        focused
            .or_else(|| playbook.steps.iter().find(|s| !self.step(&s.id).is_some_and(|st| st.done)))
            .or_else(|| playbook.steps.last())
            .map(|s| s.id.as_str())
    }

    /// Whether the customer is still too hot to leave the listen/acknowledge loop:
    /// the latest recorded temperature is angry or furious.
    pub fn needs_calming(&self) -> bool {
        self.temperature().is_some_and(|t| !t.is_settled())
    }

    /// The step that follows `from`. Inside the calm loop, while the customer is
    /// still angry or furious, "next" cycles among the loop's steps (listen,
    /// acknowledge, listen, …) instead of moving on: the LA-LA-LA of LAPTOP.
    pub fn next_step<'p>(&self, playbook: &'p Playbook, from: &str) -> Option<&'p str> {
        let i = playbook.step_index(from)?;
        let step = &playbook.steps[i];
        if step.tool == Some(Tool::CalmLoop) && self.needs_calming() {
            let loop_ids: Vec<&str> = playbook.steps.iter().filter(|s| s.tool == Some(Tool::CalmLoop)).map(|s| s.id.as_str()).collect();
            let pos = loop_ids.iter().position(|id| *id == from).unwrap_or(0);
            return Some(loop_ids[(pos + 1) % loop_ids.len()]);
        }
        // Skip checked steps ahead, so "next" lands on work still to do.
        playbook.steps[i + 1..]
            .iter()
            .find(|s| !self.step(&s.id).is_some_and(|st| st.done))
            .or_else(|| playbook.steps.get(i + 1))
            .map(|s| s.id.as_str())
    }

    /// The trend of the recorded temperatures: negative is cooling down.
    pub fn temperature_trend(&self) -> i32 {
        match (self.temperatures.first(), self.temperatures.last()) {
            (Some(a), Some(b)) if self.temperatures.len() > 1 => b.level as i32 - a.level as i32,
            _ => 0,
        }
    }

    /// The due time of the nearest open follow-up: what a phrase's `{when}` promises.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.follow_ups.iter().filter(|f| f.done_at.is_none()).map(|f| f.due).min()
    }

    /// The open follow-ups whose due time has passed.
    pub fn overdue(&self, now: Timestamp) -> impl Iterator<Item = &FollowUp> {
        self.follow_ups.iter().filter(move |f| f.is_overdue(now))
    }

    /// Brings `steps` in line with a playbook's step ids (in order), keeping
    /// every state that does not belong to it in `other_steps`. Reached only
    /// through [`Action::AlignSteps`], so the change bumps `rev` like any other.
    fn align_steps(&mut self, ids: &[String]) -> bool {
        if self.steps.iter().map(|s| s.id.as_str()).eq(ids.iter().map(String::as_str)) {
            return false;
        }
        let mut pool: Vec<StepState> = std::mem::take(&mut self.steps);
        pool.append(&mut self.other_steps);
        self.steps = ids
            .iter()
            .map(|id| match pool.iter().position(|s| s.id == *id) {
                Some(i) => pool.remove(i),
                None => StepState::new(id),
            })
            .collect();
        self.other_steps = pool;
        true
    }
}

fn set_text(slot: &mut String, text: String) -> bool {
    if *slot == text {
        return false;
    }
    *slot = clip(text);
    true
}

fn remove_by<T>(list: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> bool {
    let before = list.len();
    list.retain(|x| !pred(x));
    list.len() != before
}
