//! The sidebar's reducer: a thin `Reducible` over [`Session::apply`], plus the
//! playbook the session follows. Every change carries where it came from, so
//! the shell saves and sends only the agent's own changes (no echo loops).

use crate::core::playbook::{Channel, PhraseContext, Playbook};
use crate::core::protocol::Capabilities;
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
    /// Grows with every accepted change; effects key on it.
    pub generation: u64,
}

pub enum Msg {
    /// The agent did something at a moment.
    Do(Action, Timestamp),
    /// A ticket was opened (standalone, from storage, or the host's init).
    Open { session: Session, playbook: Rc<Playbook> },
    /// Another tab's copy, already merged with ours.
    Adopt(Session),
    /// The agent chose another playbook.
    UsePlaybook(Rc<Playbook>, Timestamp),
}

impl SidebarState {
    pub fn new(session: Session, playbook: Rc<Playbook>) -> Self {
        Self { session: Rc::new(session), playbook, origin: Origin::Opened, generation: 0 }
    }
}

impl Reducible for SidebarState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let next = |session: Session, playbook: Rc<Playbook>, origin| {
            Rc::new(SidebarState { session: Rc::new(session), playbook, origin, generation: self.generation + 1 })
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
            Msg::Open { session, playbook } => next(session, playbook, Origin::Opened),
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
