//! The sidebar's reducer: a thin `Reducible` over [`Session::apply`], plus the
//! playbook the session follows and what the host streams beside the session
//! (the thread, the draft in its reply box). Every change carries where it
//! came from, so the shell saves and sends only the agent's own changes (no
//! echo loops); what the host streams is never saved, except the readings it
//! brings, which are session actions like any other.

use crate::core::coach::Review;
use crate::core::coach_wire::{self, Request};
use crate::core::conversation::{Answer, Offer, Thread, Work};
use crate::core::playbook::{Channel, PhraseContext, Playbook};
use crate::core::protocol::{Capabilities, ThreadMessage};
use crate::core::session::{Action, Session, Temperature};
use crate::core::ticket;
use crate::core::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

/// Where the newest state came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Opened from storage or the host: already stored locally, and the
    /// bridge was told when the ticket opened.
    Opened,
    /// The agent changed it here: save locally, then send to the host.
    Local,
    /// Another tab wrote it: already stored by that tab.
    OtherTab,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SidebarState {
    pub session: Rc<Session>,
    pub playbook: Rc<Playbook>,
    pub origin: Origin,
    /// Grows with every accepted change of the session; effects key on it
    /// (what the host streams changes `live` only, and saves nothing).
    pub generation: u64,
    pub live: Rc<Live>,
}

/// What the host streams about the open ticket (protocol revision 2): the
/// thread as read so far and the draft in its reply box, with the coach's
/// review of it. Never saved.
///
/// The coach answers elsewhere (`web::coach_client`, a worker): the review
/// of the draft arrives later as [`Msg::Reviewed`], and the thread's
/// readings and moves wait in `jobs` until [`Msg::Coached`] brings them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    pub thread: Thread,
    /// The helpdesk's reply box, as last streamed.
    pub draft: String,
    /// The channel the draft is reviewed for.
    pub channel: Channel,
    pub review: Rc<Review>,
    /// The question `review` answers; when it is not [`Live::draft_request`],
    /// a newer review is on its way.
    pub reviewed: Option<Request>,
    /// A draft arrived for this ticket: the host streams its reply box, so
    /// the paste box gives way to the live coach.
    pub streaming: bool,
    /// Coach work for this ticket not yet answered, oldest first.
    pub jobs: Rc<Vec<Job>>,
    /// The serial the next job gets (it keeps growing across tickets).
    pub next_job: u64,
}

/// Work for the coach about the open ticket: the thread's messages to read
/// and review, or the host's last message to pre-fill the temperature.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub serial: u64,
    pub ticket_id: String,
    pub kind: JobKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JobKind {
    Thread(Vec<Work>),
    Prefill(String),
}

impl Job {
    /// The question for the coach.
    pub fn request(&self) -> Request {
        match &self.kind {
            JobKind::Thread(work) => Request::Batch { items: work.iter().map(Work::request).collect() },
            JobKind::Prefill(text) => Request::temperature(text),
        }
    }
}

/// The coach's answer to a [`Job`].
#[derive(Clone, Debug, PartialEq)]
pub enum Coached {
    Thread(Vec<Answer>),
    Prefill(Temperature),
    /// No answer (the coach is unavailable): the job is dropped.
    Nothing,
}

impl Coached {
    /// Reads the coach's answer (JSON) to `job`.
    pub fn read(job: &Job, json: &str) -> Coached {
        match &job.kind {
            JobKind::Thread(work) => match coach_wire::batch_from_json(json) {
                Ok(values) => Coached::Thread(work.iter().zip(values).map(|(w, v)| w.answer_from(v)).collect()),
                Err(_) => Coached::Nothing,
            },
            JobKind::Prefill(_) => coach_wire::reading_from_json(json).map(|r| Coached::Prefill(r.level)).unwrap_or(Coached::Nothing),
        }
    }
}

impl Live {
    pub fn new(thread: Thread) -> Self {
        Self { thread, ..Self::default() }
    }

    /// The check-offs on offer: from the agent's sent messages, and from the
    /// draft (the streamed one, else `paste`, the paste box's review).
    pub fn offers(&self, session: &Session, playbook: &Playbook, paste: &Review) -> Vec<Offer> {
        self.thread.offers(session, playbook, Some(if self.streaming { &*self.review } else { paste }))
    }

    /// The question the streamed draft asks the coach: the draft against the
    /// customer's words (the thread's newest customer message, else the one
    /// in the session); none for an empty draft.
    pub fn draft_request(&self, session: &Session) -> Option<Request> {
        if self.draft.trim().is_empty() {
            return None;
        }
        let message = self.thread.last_customer().map(|m| m.text.as_str()).or(Some(session.customer_message.as_str()));
        Some(Request::review(&self.draft, self.channel, message))
    }

    /// A newer review of the draft is on its way.
    pub fn reviewing(&self, session: &Session) -> bool {
        self.draft_request(session).is_some_and(|r| self.reviewed.as_ref() != Some(&r))
    }

    fn push_job(&mut self, ticket_id: &str, kind: JobKind) {
        let job = Job { serial: self.next_job, ticket_id: ticket_id.to_string(), kind };
        self.next_job += 1;
        Rc::make_mut(&mut self.jobs).push(job);
    }
}

pub enum Msg {
    /// The agent did something at a moment.
    Do(Action, Timestamp),
    /// A ticket was opened by the host's init, with its thread as already
    /// taken in, what the coach must still read of it, and the host's last
    /// message to read for the temperature when none is recorded.
    Open { session: Session, playbook: Rc<Playbook>, thread: Thread, work: Vec<Work>, prefill: Option<String> },
    /// Another tab's copy, already merged with ours, with its playbook when
    /// that tab moved the ticket to another one.
    Adopt(Session, Option<Rc<Playbook>>),
    /// The host's copy (another agent's), already merged with ours: saved
    /// here and sent on only when our side had changes the host lacks.
    FromHost(Session),
    /// The host's reply box changed (protocol revision 2).
    Draft { text: String, channel: Channel },
    /// The coach's review of the streamed draft, for the question it answers.
    Reviewed { request: Request, review: Review },
    /// Messages of the open ticket's thread arrived (protocol revision 2, or a
    /// live training run's customer lines).
    Thread { messages: Vec<ThreadMessage>, channel: Channel, at: Timestamp },
    /// The coach answered (or could not answer) the job with this serial.
    Coached { serial: u64, answer: Coached, at: Timestamp },
    /// The agent dismissed a check-off offer.
    Dismiss { offer: Offer, at: Timestamp },
    /// The agent chose another playbook.
    UsePlaybook(Rc<Playbook>, Timestamp),
}

impl SidebarState {
    pub fn new(session: Session, playbook: Rc<Playbook>) -> Self {
        let live = Rc::new(Live::new(Thread::new(session.ticket_id.clone())));
        Self { session: Rc::new(session), playbook, origin: Origin::Opened, generation: 0, live }
    }

    /// The same session (no save), with what the host streams changed.
    fn with_live(self: &Rc<Self>, live: Live) -> Rc<Self> {
        Rc::new(SidebarState { live: Rc::new(live), ..(**self).clone() })
    }
}

impl Reducible for SidebarState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let next = |session: Session, playbook: Rc<Playbook>, origin| {
            Rc::new(SidebarState { session: Rc::new(session), playbook, origin, generation: self.generation + 1, live: self.live.clone() })
        };
        match msg {
            Msg::Do(action, at) => {
                let mut session = (*self.session).clone();
                if session.apply(action, at) {
                    next(session, self.playbook.clone(), Origin::Local)
                } else {
                    self
                }
            }
            Msg::Open { session, playbook, thread, work, prefill } => {
                let mut live = Live { next_job: self.live.next_job, ..Live::new(thread) };
                let ticket = session.ticket_id.clone();
                if !work.is_empty() {
                    live.push_job(&ticket, JobKind::Thread(work));
                }
                if let Some(text) = prefill {
                    live.push_job(&ticket, JobKind::Prefill(text));
                }
                next(session, playbook, Origin::Opened).with_live(live)
            }
            Msg::Draft { text, channel } => {
                if self.live.streaming && self.live.draft == text && self.live.channel == channel {
                    return self;
                }
                let mut live = (*self.live).clone();
                live.thread.draft_changed(&text);
                live.draft = text;
                live.channel = channel;
                live.streaming = true;
                if live.draft.trim().is_empty() {
                    live.review = Rc::default();
                    live.reviewed = None;
                }
                self.with_live(live)
            }
            Msg::Reviewed { request, review } => {
                // An answer to an older draft (or context) is dropped.
                if self.live.draft_request(&self.session).as_ref() != Some(&request) {
                    return self;
                }
                let mut live = (*self.live).clone();
                live.review = Rc::new(review);
                live.reviewed = Some(request);
                self.with_live(live)
            }
            Msg::Thread { messages, channel, at } => {
                let mut live = (*self.live).clone();
                let mut session = (*self.session).clone();
                let before = live.thread.last_customer().map(|m| m.id.clone());
                let (_, work) = live.thread.take_unread(&messages, &session, channel);
                let mut changed = false;
                if let Some(m) = live.thread.last_customer().filter(|m| Some(&m.id) != before.as_ref()).cloned() {
                    // The draft answers a new message now: its question changes, and it is reviewed again.
                    changed |= session.apply(Action::SetCustomerMessage { text: m.text }, at);
                }
                if !work.is_empty() {
                    let ticket = session.ticket_id.clone();
                    live.push_job(&ticket, JobKind::Thread(work));
                }
                if changed {
                    next(session, self.playbook.clone(), Origin::Local).with_live(live)
                } else if live != *self.live {
                    self.with_live(live)
                } else {
                    self
                }
            }
            Msg::Coached { serial, answer, at } => {
                let Some(job) = self.live.jobs.iter().find(|j| j.serial == serial).cloned() else { return self };
                let mut live = (*self.live).clone();
                Rc::make_mut(&mut live.jobs).retain(|j| j.serial != serial);
                let mut session = (*self.session).clone();
                let changed = job.ticket_id == session.ticket_id
                    && match (&job.kind, answer) {
                        (JobKind::Thread(work), Coached::Thread(answers)) => {
                            live.thread.finish(work, &answers, &session, &self.playbook).is_some_and(|a| session.apply(a, at))
                        }
                        (JobKind::Prefill(_), Coached::Prefill(level)) => ticket::prefill_temperature(&mut session, level, at),
                        _ => false,
                    };
                if changed {
                    next(session, self.playbook.clone(), Origin::Local).with_live(live)
                } else {
                    self.with_live(live)
                }
            }
            Msg::Dismiss { offer, at } => {
                let mut live = (*self.live).clone();
                let mut session = (*self.session).clone();
                if live.thread.dismiss(&offer).is_some_and(|a| session.apply(a, at)) {
                    next(session, self.playbook.clone(), Origin::Local).with_live(live)
                } else {
                    self.with_live(live)
                }
            }
            Msg::FromHost(session) => {
                if session == *self.session {
                    return self;
                }
                next(session, self.playbook.clone(), Origin::Local)
            }
            Msg::Adopt(session, playbook) => {
                if session == *self.session {
                    return self;
                }
                next(session, playbook.unwrap_or_else(|| self.playbook.clone()), Origin::OtherTab)
            }
            Msg::UsePlaybook(playbook, at) => {
                let mut session = (*self.session).clone();
                if ticket::use_playbook(&mut session, &playbook, at) {
                    next(session, playbook, Origin::Local)
                } else if !Rc::ptr_eq(&playbook, &self.playbook) && session.playbook == playbook.id {
                    // Same id and steps, newer content (a custom playbook reloaded).
                    next(session, playbook, Origin::Opened)
                } else {
                    self
                }
            }
        }
    }
}

/// What the sidebar knows about the ticket's people and the host.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TicketInfo {
    pub names: PhraseContext,
    pub channel: Channel,
    pub theme: Option<String>,
    pub opened: bool,
    pub capabilities: Capabilities,
}
