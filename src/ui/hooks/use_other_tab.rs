//! Another tab of this browser wrote the open ticket (the `storage` event).

use crate::core::session::Session;
use crate::core::ticket::from_other_tab;
use crate::ui::hooks::{PlaybookFetch, Purpose, SharedLibrary};
use crate::ui::state::{Msg, SidebarState};
use crate::web::storage;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Takes the other tab's copy of the open ticket, merging only when this tab
/// has changes of its own that were never written (`last_written` is what
/// this tab last wrote). When the other tab moved the ticket to a playbook
/// whose file is not here, this tab fetches it and follows once it is.
///
/// ```ignore
/// let last_written = use_autosave(&state, &local, &host);
/// use_other_tab(&state, last_written, &library, &fetcher);
/// ```
#[hook]
pub fn use_other_tab(
    state: &UseReducerHandle<SidebarState>,
    last_written: Rc<RefCell<Option<Session>>>,
    library: &SharedLibrary,
    fetcher: &PlaybookFetch,
) {
    let current = use_mut_ref(|| (state.session.clone(), state.playbook.id.clone()));
    *current.borrow_mut() = (state.session.clone(), state.playbook.id.clone());
    let (dispatcher, library, fetcher) = (state.dispatcher(), library.clone(), fetcher.clone());
    use_effect_with((), move |_| {
        let listener = storage::on_other_tab(move |theirs| {
            let (mine, playbook_id) = current.borrow().clone();
            let Some(next) = from_other_tab(&mine, theirs, last_written.borrow().as_ref()) else { return };
            if next.playbook == playbook_id {
                return dispatcher.dispatch(Msg::Adopt(next, None));
            }
            let (here, missing) = {
                let lib = library.borrow();
                (lib.get(&next.playbook), lib.missing(&next.playbook))
            };
            match missing {
                Some(fetch) => {
                    let dispatcher = dispatcher.clone();
                    let then = Callback::from(move |p| dispatcher.dispatch(Msg::Adopt(next.clone(), Some(p))));
                    fetcher.fetch_then(fetch, Purpose::OtherTab, then);
                }
                // A custom playbook this tab lacks: the copy is taken as before, on the playbook shown.
                None => dispatcher.dispatch(Msg::Adopt(next, here)),
            }
        });
        move || drop(listener)
    });
}
