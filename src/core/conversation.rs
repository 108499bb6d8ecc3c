//! The ticket's thread as a host streams it (protocol revision 2), read for
//! the sidebar: which messages are new, the temperature of each customer
//! message (read once, by id), the curve of the readings and its words, and
//! the check-offs that the coach's moves in the agent's own words offer.
//!
//! Pure, like the rest of `core`: the time arrives as an argument and a
//! reading reaches the session only as an [`Action`] through `Session::apply`.
//! Nothing here checks a step: an offer waits for the agent to confirm it.

use crate::core::case;
use crate::core::coach::{self, Move, Review, ReviewContext};
use crate::core::coach_wire::{self, Request};
use crate::core::i18n::Catalog;
use crate::core::playbook::{Channel, Playbook};
use crate::core::protocol::{Author, ThreadMessage};
use crate::core::session::{Action, MessageReading, Session, Temperature, TemperatureReading};
use crate::core::time::Timestamp;
use std::collections::BTreeSet;

/// Ids of messages taken in, per ticket, kept for this many messages at most
/// (a thread longer than this is re-read from the start only for its moves;
/// readings are never taken twice, the session knows them).
const MAX_SEEN: usize = 20_000;

/// What the sidebar knows of the open ticket's thread. One per open ticket;
/// a ticket switch starts a new one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Thread {
    pub ticket_id: String,
    seen: BTreeSet<String>,
    /// The newest customer message with text: the coach's context.
    last_customer: Option<ThreadMessage>,
    /// Offers found in the agent's sent messages, in arrival order.
    from_messages: Vec<Found>,
    /// Draft offers the agent dismissed; forgotten when the draft is emptied
    /// (sent or cleared), because the draft is never saved.
    draft_dismissed: BTreeSet<String>,
    /// How many messages were taken in (for the sidebar's words).
    pub taken: usize,
}

/// A move found in one message (or the draft), for one step.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    source: Source,
    step: String,
    mv: Move,
}

/// Where an offer comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// An agent message of the thread, by id.
    Message(String),
    /// The draft in the host's reply box.
    Draft,
}

/// What a batch of messages brought.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Intake {
    /// The readings of the new customer messages, for `Session::apply`; none
    /// when there is nothing new to read.
    pub action: Option<Action>,
    /// Messages not seen before, by author.
    pub new_customer: usize,
    pub new_agent: usize,
}

/// What the coach must do for a thread: read a customer message, or review
/// an agent's sent message for its moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Work {
    Read { message_id: String, text: String, at: Option<Timestamp> },
    Moves { message_id: String, text: String, channel: Channel, customer_message: Option<String> },
}

/// The coach's answer to one [`Work`].
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Reading(Temperature),
    Review(Review),
    /// The coach could not answer (unavailable, or an unreadable answer).
    None,
}

impl Work {
    /// The question for the coach.
    pub fn request(&self) -> Request {
        match self {
            Work::Read { text, .. } => Request::temperature(text),
            Work::Moves { text, channel, customer_message, .. } => Request::review(text, *channel, customer_message.as_deref()),
        }
    }

    /// Reads the coach's answer to this work (as JSON, one item of a batch).
    pub fn answer_from(&self, value: serde_json::Value) -> Answer {
        match self {
            Work::Read { .. } => coach_wire::reading_from_value(value).map(|r| Answer::Reading(r.level)).unwrap_or(Answer::None),
            Work::Moves { .. } => coach_wire::review_from_value(value).map(Answer::Review).unwrap_or(Answer::None),
        }
    }

    /// Runs the coach here, in this thread.
    pub fn run(&self) -> Answer {
        match self {
            Work::Read { text, .. } => Answer::Reading(coach::temperature(text).level),
            Work::Moves { text, channel, customer_message, .. } => {
                Answer::Review(coach::review(text, &ReviewContext { channel: *channel, customer_message: customer_message.clone() }))
            }
        }
    }
}

/// A step the agent's own words seem to have done: "Looks done: you thanked them".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub step: String,
    /// What was done, in words ("you thanked them").
    pub what: &'static str,
    /// Where it was seen (several messages may show the same step).
    pub sources: Vec<Source>,
}

impl Offer {
    /// "Looks done: you thanked them".
    pub fn text(&self) -> String {
        format!("Looks done: {}", self.what)
    }

    /// Whether the draft is one of the sources.
    pub fn from_draft(&self) -> bool {
        self.sources.contains(&Source::Draft)
    }
}

/// The key a dismissed offer is kept under in the session, one per message and step.
pub fn offer_key(message_id: &str, step: &str) -> String {
    format!("{message_id}\u{1f}{step}")
}

/// The moves that offer a check-off, and their words. An apology offers one
/// only with its forgiveness ask (the six-step method's "apologise and ask
/// for forgiveness"); a plain apology is part of acknowledging, not a step done.
fn offered(review: &Review) -> Vec<(Move, &'static str)> {
    let kinds = review.move_kinds();
    let mut out = Vec::new();
    for m in kinds.iter().copied() {
        let what = match m {
            Move::Thanks => "you thanked them",
            Move::ForgivenessAsk if kinds.contains(&Move::Apology) => "you apologised and asked them to forgive you",
            Move::CommitWithTime => "you committed to a time",
            Move::FollowUpOffer => "you offered to follow up",
            _ => continue,
        };
        out.push((m, what));
    }
    out
}

fn what_of(m: Move) -> &'static str {
    match m {
        Move::Thanks => "you thanked them",
        Move::ForgivenessAsk => "you apologised and asked them to forgive you",
        Move::CommitWithTime => "you committed to a time",
        _ => "you offered to follow up",
    }
}

/// The steps of `playbook` a move belongs to. The built-in playbooks name
/// their steps differently; a custom playbook uses the `turnaround` names.
pub fn steps_of(playbook: &Playbook, m: Move) -> Vec<&str> {
    crate::core::trainer::steps_for(&playbook.id, m.into()).iter().copied().filter(|id| playbook.step(id).is_some()).collect()
}

impl Thread {
    pub fn new(ticket_id: impl Into<String>) -> Self {
        Self { ticket_id: ticket_id.into(), ..Self::default() }
    }

    /// The newest customer message, for the coach's context and the paste box.
    pub fn last_customer(&self) -> Option<&ThreadMessage> {
        self.last_customer.as_ref()
    }

    /// Whether a message was taken in.
    pub fn has_seen(&self, id: &str) -> bool {
        self.seen.contains(id)
    }

    /// Takes in messages of this ticket's thread, oldest first (the whole
    /// thread or what is new: a message whose id was seen is skipped either
    /// way). Each new customer message is read for its temperature unless the
    /// session already holds a reading of it; each new agent message is
    /// reviewed for the moves that offer check-offs. Notes are only marked seen.
    ///
    /// The coach runs here, in this call: the sidebar, whose coach runs
    /// elsewhere (a worker), uses [`Thread::take_unread`] and
    /// [`Thread::finish`] instead, which this is made of.
    pub fn take(&mut self, messages: &[ThreadMessage], session: &Session, playbook: &Playbook, channel: Channel) -> Intake {
        let (mut intake, work) = self.take_unread(messages, session, channel);
        let answers: Vec<Answer> = work.iter().map(Work::run).collect();
        intake.action = self.finish(&work, &answers, session, playbook);
        intake
    }

    /// Takes in messages like [`Thread::take`], without the coach: what the
    /// coach must read or review comes back as [`Work`], for [`Thread::finish`]
    /// once it is answered.
    pub fn take_unread(&mut self, messages: &[ThreadMessage], session: &Session, channel: Channel) -> (Intake, Vec<Work>) {
        let mut intake = Intake::default();
        let mut work = Vec::new();
        for m in messages {
            if self.seen.contains(&m.id) {
                continue;
            }
            if self.seen.len() >= MAX_SEEN {
                self.seen.clear();
            }
            self.seen.insert(m.id.clone());
            self.taken += 1;
            match m.from {
                Author::Customer => {
                    intake.new_customer += 1;
                    if m.text.trim().is_empty() {
                        continue;
                    }
                    let queued = work.iter().any(|w| matches!(w, Work::Read { message_id, .. } if *message_id == m.id));
                    if !session.has_reading_of(&m.id) && !queued {
                        work.push(Work::Read { message_id: m.id.clone(), text: m.text.clone(), at: m.at });
                    }
                    self.last_customer = Some(m.clone());
                }
                Author::Agent => {
                    intake.new_agent += 1;
                    work.push(Work::Moves {
                        message_id: m.id.clone(),
                        text: m.text.clone(),
                        channel,
                        customer_message: self.last_customer.as_ref().map(|c| c.text.clone()),
                    });
                }
                Author::Note => {}
            }
        }
        (intake, work)
    }

    /// The coach answered `work` (one answer each, in order): the moves of the
    /// agent's messages become offers here, and the readings of customer
    /// messages come back as one action for `Session::apply` (none when every
    /// one was read meanwhile, or none could be read).
    pub fn finish(&mut self, work: &[Work], answers: &[Answer], session: &Session, playbook: &Playbook) -> Option<Action> {
        let mut readings: Vec<MessageReading> = Vec::new();
        for (w, a) in work.iter().zip(answers) {
            match (w, a) {
                (Work::Read { message_id, at, .. }, Answer::Reading(level)) => {
                    if !session.has_reading_of(message_id) && !readings.iter().any(|r| r.message_id == *message_id) {
                        readings.push(MessageReading { message_id: message_id.clone(), level: *level, at: *at });
                    }
                }
                (Work::Moves { message_id, .. }, Answer::Review(review)) => {
                    for (mv, _) in offered(review) {
                        for step in steps_of(playbook, mv) {
                            self.from_messages.push(Found { source: Source::Message(message_id.clone()), step: step.to_string(), mv });
                        }
                    }
                }
                // A question the coach could not answer: that message stays unread.
                _ => {}
            }
        }
        (!readings.is_empty()).then_some(Action::ReadMessages { readings })
    }

    /// The check-offs to offer now: from the agent's sent messages and from
    /// the draft's review, one per step, in playbook order; never for a step
    /// already checked, never one the agent dismissed for the same message.
    pub fn offers(&self, session: &Session, playbook: &Playbook, draft: Option<&Review>) -> Vec<Offer> {
        let mut found: Vec<Found> = self.from_messages.clone();
        if let Some(r) = draft {
            for (mv, _) in offered(r) {
                for step in steps_of(playbook, mv) {
                    found.push(Found { source: Source::Draft, step: step.to_string(), mv });
                }
            }
        }
        let dismissed = |f: &Found| match &f.source {
            Source::Message(id) => session.dismissed_offers.contains(&offer_key(id, &f.step)),
            Source::Draft => self.draft_dismissed.contains(&f.step),
        };
        let mut out: Vec<Offer> = Vec::new();
        for step in &playbook.steps {
            if session.step(&step.id).is_some_and(|s| s.done) {
                continue;
            }
            let here: Vec<&Found> = found.iter().filter(|f| f.step == step.id && !dismissed(f)).collect();
            let Some(first) = here.last() else { continue };
            let mut sources: Vec<Source> = here.iter().map(|f| f.source.clone()).collect();
            sources.dedup();
            out.push(Offer { step: step.id.clone(), what: what_of(first.mv), sources });
        }
        out
    }

    /// The agent dismissed an offer: draft sources are forgotten here until the
    /// draft is emptied; message sources come back as an action, to keep in the session.
    pub fn dismiss(&mut self, offer: &Offer) -> Option<Action> {
        let mut keys = Vec::new();
        for s in &offer.sources {
            match s {
                Source::Draft => {
                    self.draft_dismissed.insert(offer.step.clone());
                }
                Source::Message(id) => keys.push(offer_key(id, &offer.step)),
            }
        }
        (!keys.is_empty()).then_some(Action::DismissOffers { keys })
    }

    /// The draft changed; an empty one (sent or cleared) forgets the draft's dismissals.
    pub fn draft_changed(&mut self, text: &str) {
        if text.trim().is_empty() {
            self.draft_dismissed.clear();
        }
    }
}

/// One point of the temperature curve, in a unit box: `x` from 0 (first
/// reading) to 1 (last), `y` from 0 (calm) to 1 (furious).
#[derive(Clone, Debug, PartialEq)]
pub struct CurvePoint {
    pub x: f32,
    pub y: f32,
    pub level: Temperature,
    pub at: Timestamp,
    /// Read from a customer message (else recorded by the agent).
    pub read: bool,
}

/// Most points drawn; older readings fall off the left.
pub const CURVE_POINTS: usize = 60;

/// The curve of the newest readings, evenly spaced in order (the
/// conversation's turns, not the clock: a night's pause would squash the rest).
pub fn curve(readings: &[TemperatureReading]) -> Vec<CurvePoint> {
    let start = readings.len().saturating_sub(CURVE_POINTS);
    let shown = &readings[start..];
    let n = shown.len();
    shown
        .iter()
        .enumerate()
        .map(|(i, r)| CurvePoint {
            x: if n > 1 { i as f32 / (n - 1) as f32 } else { 0.5 },
            y: r.level as u8 as f32 / 3.0,
            level: r.level,
            at: r.at,
            read: r.message_id.is_some(),
        })
        .collect()
}

/// Most changes named in [`describe`]; earlier ones are summed up.
const DESCRIBE_CHANGES: usize = 6;

/// The curve in words, for the text alternative: "came in furious at 09:12,
/// upset by 09:30". Each change of level is named once, with its time as
/// `time` writes it; empty when there is no reading.
pub fn describe(readings: &[TemperatureReading], time: impl Fn(Timestamp) -> String) -> String {
    describe_in(&Catalog::default(), readings, time)
}

/// [`describe`] in the language of `tr` (the sidebar's; exports stay English).
pub fn describe_in(tr: &Catalog, readings: &[TemperatureReading], time: impl Fn(Timestamp) -> String) -> String {
    let Some(first) = readings.first() else { return String::new() };
    let level = |t: Temperature| case::lower(tr.t(t.label()));
    let mut parts = vec![tr.f("came in {level} at {time}", &[("level", &level(first.level)), ("time", &time(first.at))])];
    let mut last = first.level;
    let mut changes = Vec::new();
    for r in &readings[1..] {
        if r.level != last {
            changes.push(tr.f("{level} by {time}", &[("level", &level(r.level)), ("time", &time(r.at))]));
            last = r.level;
        }
    }
    if changes.len() > DESCRIBE_CHANGES {
        let skipped = changes.len() - DESCRIBE_CHANGES;
        changes.drain(..skipped);
        parts.push(tr.n("{n} more change after that", "{n} more changes after that", skipped as u64, &[]));
    }
    parts.extend(changes);
    parts.join(", ")
}

/// `HH:MM` in UTC: the time format of exports, which have no local clock.
pub fn hh_mm_utc(t: Timestamp) -> String {
    let (_, _, _, h, m, _) = t.civil();
    format!("{h:02}:{m:02}")
}
