//! The host bridge, when embedded: connect, hand `init` on, answer
//! `request_state`, report the save state, and tell the host our height.

use crate::core::protocol::{HostMessage, Init, SyncState};
use crate::web::bridge::Bridge;
use crate::web::platform;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The connection (none when standalone, or before it is made) and the save
/// state the host has confirmed.
#[derive(Clone, PartialEq)]
pub struct HostLink {
    pub bridge: Rc<RefCell<Option<Bridge>>>,
    pub sync: SyncState,
    /// A host origin was given: the sidebar is embedded.
    pub connected: bool,
}

/// Connects to `host` (an exact origin) when there is one. Each `init` goes to
/// `on_init` with the bridge, so the handler can reset its save state.
///
/// ```ignore
/// let on_init = use_host_open(&local, &library, &state, info.setter());
/// let host = use_host_bridge(config.host.clone(), on_init);
/// if let Some(b) = host.bridge.borrow().as_ref() { b.insert_text(&ticket, &text) }
/// ```
#[hook]
pub fn use_host_bridge(host: Option<String>, on_init: Callback<(Box<Init>, Bridge)>) -> HostLink {
    let bridge: Rc<RefCell<Option<Bridge>>> = use_mut_ref(|| None);
    let sync = use_state_eq(|| SyncState::Idle);
    let connected = host.is_some();
    {
        let (slot, set_sync) = (bridge.clone(), sync.setter());
        use_effect_with((), move |_| {
            let Some(host) = host else { return };
            let for_msgs = slot.clone();
            let connected = Bridge::connect(
                host,
                move |msg| {
                    let Some(b) = for_msgs.borrow().clone() else { return };
                    match msg {
                        HostMessage::Init { init, .. } => on_init.emit((init, b)),
                        HostMessage::RequestState { id } => b.answer_state(&id),
                        HostMessage::Ack { .. } => {}
                    }
                },
                move |s| set_sync.set(s),
            );
            *slot.borrow_mut() = connected;
        });
    }
    // Tell the host our height after every render (the bridge drops repeats).
    {
        let bridge = bridge.clone();
        use_effect(move || {
            // Reading the height forces a layout: only when a host listens.
            if let Some(b) = bridge.borrow().as_ref() {
                if let Some(h) = platform::content_height() {
                    b.resize(h);
                }
            }
        });
    }
    HostLink { bridge, sync: *sync, connected }
}
