//! Another agent's copy of the open ticket, from the host: a `conflict` (the
//! host refused our save) or a pushed `session` (someone else saved).

use crate::core::session::Session;
use crate::core::ticket::{from_host, stamped};
use crate::ui::hooks::Notices;
use crate::ui::state::{Msg, SidebarState};
use crate::web::bridge::Bridge;
use yew::prelude::*;

/// Merges the host's copy into ours on the copy both were built on, adopts
/// the merge (which is saved and sent only when our side had changes the
/// host lacks) and says in words what came in ("Ana checked “Thank” and added
/// a note to “Listen”").
///
/// ```ignore
/// let on_host_copy = use_host_copy(&state, &notices);
/// let host = use_host_bridge(config.host.clone(), on_init, on_stream, on_host_copy);
/// ```
#[hook]
pub fn use_host_copy(state: &UseReducerHandle<SidebarState>, notices: &Notices) -> Callback<(Session, Bridge)> {
    // The bridge keeps the first callback it is given: read the newest state.
    let current = use_mut_ref(|| (state.session.clone(), state.playbook.clone()));
    *current.borrow_mut() = (state.session.clone(), state.playbook.clone());
    let (dispatcher, notices) = (state.dispatcher(), notices.clone());
    use_callback((), move |(host, bridge): (Session, Bridge), _| {
        let (mine, playbook) = current.borrow().clone();
        let base = bridge.rebase(&host);
        let (merged, said) = from_host(base.as_ref(), &mine, &host, &playbook);
        if merged == stamped(&host, "") {
            bridge.host_holds(merged.rev);
        }
        if !said.is_empty() {
            notices.inform(said);
        }
        dispatcher.dispatch(Msg::FromHost(merged));
    })
}
