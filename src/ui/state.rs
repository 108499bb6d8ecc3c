//! The sidebar's reducer: a thin `Reducible` over [`Session::apply`], plus the
//! playbook the session follows and what the host streams beside the session
//! (the thread, the draft in its reply box). Every change carries where it
//! came from, so the shell saves and sends only the agent's own changes (no
//! echo loops); what the host streams is never saved, except the readings it
//! brings, which are session actions like any other.

use crate::core::coach::{self, Review, ReviewContext};
use crate::core::conversation::{Offer, Thread};
use crate::core::playbook::{Channel, PhraseContext, Playbook};
use crate::core::protocol::{Capabilities, ThreadMessage};
use crate::core::session::{Action, Session};
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    pub thread: Thread,
    /// The helpdesk's reply box, as last streamed.
    pub draft: String,
    pub review: Rc<Review>,
    /// A draft arrived for this ticket: the host streams its reply box, so
    /// the paste box gives way to the live coach.
    pub streaming: bool,
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

    /// Reviews the draft against the customer's words: the thread's newest
    /// customer message, else the one in the session.
    fn review_draft(&mut self, session: &Session, channel: Channel) {
        self.review = Rc::new(if self.draft.trim().is_empty() {
            Review::default()
        } else {
            let message = self.thread.last_customer().map(|m| m.text.clone());
            let message = message.or_else(|| (!session.customer_message.trim().is_empty()).then(|| session.customer_message.clone()));
            coach::review(&self.draft, &ReviewContext { channel, customer_message: message })
        });
    }
}

pub enum Msg {
    /// The agent did something at a moment.
    Do(Action, Timestamp),
    /// A ticket was opened by the host's init, with its thread as already taken in.
    Open { session: Session, playbook: Rc<Playbook>, thread: Thread },
    /// Another tab's copy, already merged with ours.
    Adopt(Session),
    /// The host's copy (another agent's), already merged with ours: saved
    /// here and sent on only when our side had changes the host lacks.
    FromHost(Session),
    /// The host's reply box changed (protocol revision 2).
    Draft { text: String, channel: Channel },
    /// Messages of the open ticket's thread arrived (protocol revision 2, or a
    /// live training run's customer lines).
    Thread { messages: Vec<ThreadMessage>, channel: Channel, at: Timestamp },
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
            Msg::Open { session, playbook, thread } => next(session, playbook, Origin::Opened).with_live(Live::new(thread)),
            Msg::Draft { text, channel } => {
                if self.live.streaming && self.live.draft == text {
                    return self;
                }
                let mut live = (*self.live).clone();
                live.thread.draft_changed(&text);
                live.draft = text;
                live.streaming = true;
                live.review_draft(&self.session, channel);
                self.with_live(live)
            }
            Msg::Thread { messages, channel, at } => {
                let mut live = (*self.live).clone();
                let mut session = (*self.session).clone();
                let before = live.thread.last_customer().map(|m| m.id.clone());
                let intake = live.thread.take(&messages, &session, &self.playbook, channel);
                let mut changed = intake.action.is_some_and(|a| session.apply(a, at));
                if let Some(m) = live.thread.last_customer().filter(|m| Some(&m.id) != before.as_ref()).cloned() {
                    changed |= session.apply(Action::SetCustomerMessage { text: m.text }, at);
                    // The draft answers a new message now.
                    live.review_draft(&session, channel);
                }
                if changed {
                    next(session, self.playbook.clone(), Origin::Local).with_live(live)
                } else if live != *self.live {
                    self.with_live(live)
                } else {
                    self
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
            Msg::Adopt(session) => {
                if session == *self.session {
                    return self;
                }
                next(session, self.playbook.clone(), Origin::OtherTab)
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
