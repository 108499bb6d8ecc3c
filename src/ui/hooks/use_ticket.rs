//! The open ticket: the sidebar's state ([`SidebarState`]), opened at once
//! when standalone, or when the host's `init` arrives when embedded.

use crate::core::protocol::{Init, Theme};
use crate::core::session::Session;
use crate::core::ticket::{self, apply_host_context_unread, open_thread_unread};
use crate::ui::hooks::{LocalStore, SharedLibrary};
use crate::ui::state::{Msg, SidebarState, TicketInfo};
use crate::web::bridge::Bridge;
use crate::web::config::Config;
use crate::web::platform::now;
use yew::prelude::*;

/// The sidebar's state. Standalone, the URL's ticket (or "practice") opens
/// now and is written before the first render; embedded, an empty placeholder
/// waits for [`use_host_open`].
///
/// ```ignore
/// let state = use_ticket(&config, &local, &library);
/// state.dispatch(Msg::Do(Action::Focus { step }, now()));
/// ```
#[hook]
pub fn use_ticket(config: &Config, local: &LocalStore, library: &SharedLibrary) -> UseReducerHandle<SidebarState> {
    let (config, local, library) = (config.clone(), local.clone(), library.clone());
    use_reducer(move || {
        let lib = library.borrow();
        if config.host.is_some() {
            // Embedded: nothing opens before the host's init.
            return SidebarState::new(Session::new("", &lib.default_playbook(), now()), lib.default_playbook());
        }
        let ticket = config.ticket.clone().unwrap_or_else(|| "practice".into());
        let init = Init { ticket_id: ticket, playbook: config.playbook.clone(), ..Init::default() };
        let opened = local.store.open_ticket(&lib, &init, now());
        for w in opened.warnings {
            local.notices().warn(w);
        }
        local.save(&opened.session);
        SidebarState::new(opened.session, opened.playbook)
    })
}

/// What to do with the host's `init`: take its custom playbook, open the
/// ticket (host copy against local copy), bring in the host's view of it and
/// the thread it opens with, write it once, and tell the bridge (which
/// forgets the old ticket's saves). The thread's readings and the
/// temperature pre-fill follow when the coach has read them (`use_live_coach`).
///
/// ```ignore
/// let on_init = use_host_open(&local, &library, &state, info.setter());
/// let host = use_host_bridge(config.host.clone(), on_init);
/// ```
#[hook]
pub fn use_host_open(
    local: &LocalStore,
    library: &SharedLibrary,
    state: &UseReducerHandle<SidebarState>,
    info: UseStateSetter<TicketInfo>,
) -> Callback<(Box<Init>, Bridge)> {
    let (local, library, dispatcher) = (local.clone(), library.clone(), state.dispatcher());
    use_callback((), move |(init, bridge): (Box<Init>, Bridge), _| {
        let notices = local.notices();
        if let Some(custom) = init.custom_playbook.clone() {
            if let Err(e) = library.borrow_mut().add_custom(custom) {
                notices.warn(crate::msg!("The helpdesk's custom playbook was not loaded: {e}."));
            }
        }
        let at = now();
        let opened = local.store.open_ticket(&library.borrow(), &init, at);
        for w in opened.warnings {
            notices.warn(w);
        }
        let mut session = opened.session;
        info.set(TicketInfo {
            names: ticket::phrase_names(&init),
            channel: init.channel.unwrap_or_default(),
            theme: init.theme.as_ref().map(|t| if *t == Theme::Dark { "dark".to_string() } else { "light".to_string() }),
            opened: true,
            capabilities: init.capabilities,
        });
        let host_had_older = init.session.as_ref().is_none_or(|h| h.rev < session.rev);
        // The host's view of the ticket, and the readings of the thread it
        // opens with, go into the session before it opens, so opening costs
        // at most one save.
        let opened_rev = session.rev;
        // What the coach must read (the thread, the last message) is read
        // after the ticket opens, by the coach's worker, and saved then.
        let (_, prefill) = apply_host_context_unread(&mut session, &init, at);
        let (thread, work, _) = open_thread_unread(&mut session, &init, at);
        local.save(&session);
        // The save state is reset here, in the handler: the old ticket's
        // confirmed rev must never swallow the new ticket's saves.
        bridge.switch_ticket(&session, init.session.as_ref(), &init.agent_name);
        if host_had_older || session.rev != opened_rev {
            bridge.session_changed(&session);
        }
        dispatcher.dispatch(Msg::Open { session, playbook: opened.playbook, thread, work, prefill });
    })
}
