//! Saving the agent's changes: locally first, then to the host.

use crate::core::session::Session;
use crate::ui::hooks::{HostLink, LocalStore};
use crate::ui::state::{Origin, SidebarState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// After every accepted change (`generation`), writes the agent's own changes
/// through [`LocalStore::save`] and hands them to the bridge; a ticket just
/// opened is already written, another tab's copy already stored by that tab.
/// Returns the session as last written by this tab, for telling our edits
/// from theirs ([`use_other_tab`](super::use_other_tab)).
///
/// ```ignore
/// let last_written = use_autosave(&state, &local, &host);
/// use_other_tab(&state, last_written);
/// ```
#[hook]
pub fn use_autosave(state: &UseReducerHandle<SidebarState>, local: &LocalStore, host: &HostLink) -> Rc<RefCell<Option<Session>>> {
    let last_written = use_mut_ref(|| None::<Session>);
    let (local, bridge, written) = (local.clone(), host.bridge.clone(), last_written.clone());
    let (session, origin, generation) = (state.session.clone(), state.origin, state.generation);
    use_effect_with(generation, move |_| {
        if session.ticket_id.is_empty() {
            return;
        }
        match origin {
            Origin::Local => {
                if local.save(&session) {
                    *written.borrow_mut() = Some((*session).clone());
                }
                if let Some(b) = bridge.borrow().as_ref() {
                    b.session_changed(&session);
                }
            }
            Origin::Opened => {
                // Already stored; the bridge was told when the ticket opened.
                *written.borrow_mut() = Some((*session).clone());
            }
            Origin::OtherTab => {
                *written.borrow_mut() = Some((*session).clone());
                local.store.note_external(&session);
                if let Some(b) = bridge.borrow().as_ref() {
                    b.session_changed(&session);
                }
            }
        }
    });
    last_written
}
