//! Another tab of this browser wrote the open ticket (the `storage` event).

use crate::core::session::Session;
use crate::core::ticket::from_other_tab;
use crate::ui::state::{Msg, SidebarState};
use crate::web::storage;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Takes the other tab's copy of the open ticket, merging only when this tab
/// has changes of its own that were never written (`last_written` is what
/// this tab last wrote).
///
/// ```ignore
/// let last_written = use_autosave(&state, &local, &host);
/// use_other_tab(&state, last_written);
/// ```
#[hook]
pub fn use_other_tab(state: &UseReducerHandle<SidebarState>, last_written: Rc<RefCell<Option<Session>>>) {
    let current = use_mut_ref(|| state.session.clone());
    *current.borrow_mut() = state.session.clone();
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = storage::on_other_tab(move |theirs| {
            let mine = current.borrow().clone();
            if let Some(next) = from_other_tab(&mine, theirs, last_written.borrow().as_ref()) {
                dispatcher.dispatch(Msg::Adopt(next));
            }
        });
        move || drop(listener)
    });
}
