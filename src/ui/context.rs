//! What many components read: the ticket's people, the channel, the host's
//! abilities, and the callbacks for effects (insert, copy, note, announce).

use crate::core::playbook::{Channel, PhraseContext};
use crate::core::session::Action;
use crate::web::storage::SharedStore;
use std::rc::Rc;
use yew::prelude::*;

/// An effect a component asks the shell to carry out.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Put text into the host's reply box (or copy it, without a host).
    Insert(String),
    /// Replace the host's reply box's text with a rewrite of the draft it
    /// streamed (`set_draft`), or copy it where the host cannot.
    SetDraft(String),
    /// Copy text to the clipboard.
    Copy(String),
    /// Send the service alert to the host as an internal note (the protocol's `note`).
    InternalNote(String),
    /// Tell the host about a follow-up commitment.
    FollowUp { due: crate::core::time::Timestamp, text: String },
    /// Offer a file for download.
    Download { filename: String, mime: &'static str, contents: String },
    /// Say something in the status line.
    Announce(String),
}

/// Shared by every sidebar component through a `ContextProvider`.
#[derive(Clone, PartialEq)]
pub struct SidebarCtx {
    pub names: Rc<PhraseContext>,
    pub channel: Channel,
    /// A host is connected and will take `insert_text`.
    pub can_insert: bool,
    /// A host is connected and will take the service alert as an internal note (`note`).
    pub can_internal_note: bool,
    /// A host is connected and replaces its reply box's text on `set_draft`.
    pub can_set_draft: bool,
    pub agent: AttrValue,
    /// Session actions; the shell adds the time.
    pub act: Callback<Action>,
    pub effect: Callback<Effect>,
    /// Storage, for history and the binder search (reads only; writes go
    /// through actions and the shell).
    pub store: SharedStore,
    /// Bumped whenever the index may have changed, so readers re-query.
    pub store_version: u64,
    /// The coach (a worker, started on first use) and its status.
    pub coach: crate::ui::hooks::CoachHandle,
}
