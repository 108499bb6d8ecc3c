//! The open ticket: the sidebar's state ([`SidebarState`]), opened at once
//! when standalone, or when the host's `init` arrives when embedded; in
//! either case after its playbook's file, when the bundle does not carry it.

use crate::core::conversation::Thread;
use crate::core::protocol::{Init, Theme};
use crate::core::session::Session;
use crate::core::ticket::{self, apply_host_context_unread, open_thread_unread};
use crate::ui::hooks::{playbook_lang, LocalStore, PlaybookFetch, Purpose, SharedLibrary};
use crate::ui::state::{Msg, SidebarState, TicketInfo};
use crate::web::bridge::Bridge;
use crate::web::config::Config;
use crate::web::platform::now;
use std::rc::Rc;
use yew::prelude::*;

/// The sidebar's state. Standalone, the URL's ticket (or "practice") opens
/// now and is written before the first render, or, when its playbook is a
/// file still to fetch, as soon as that is here (an empty placeholder
/// meanwhile); embedded, the placeholder waits for [`use_host_open`].
///
/// ```ignore
/// let fetcher = use_playbook_fetch(&library);
/// let state = use_ticket(&config, &local, &library, &fetcher);
/// state.dispatch(Msg::Do(Action::Focus { step }, now()));
/// ```
#[hook]
pub fn use_ticket(config: &Config, local: &LocalStore, library: &SharedLibrary, fetcher: &PlaybookFetch) -> UseReducerHandle<SidebarState> {
    let later = use_mut_ref(|| None::<Init>);
    let state = {
        let (config, local, library, later) = (config.clone(), local.clone(), library.clone(), later.clone());
        use_reducer(move || {
            let lib = library.borrow();
            let placeholder = || SidebarState::new(Session::new("", &lib.default_playbook(), now()), lib.default_playbook());
            if config.host.is_some() {
                // Embedded: nothing opens before the host's init.
                return placeholder();
            }
            let ticket = config.ticket.clone().unwrap_or_else(|| "practice".into());
            let init = Init { ticket_id: ticket, playbook: config.playbook.clone(), ..Init::default() };
            match local.store.open_ticket(&lib, &init, now()) {
                Ok(opened) => {
                    for w in opened.warnings {
                        local.notices().warn(w);
                    }
                    local.save(&opened.session);
                    SidebarState::new(opened.session, opened.playbook)
                }
                Err(not_loaded) => {
                    for w in not_loaded.warnings {
                        local.notices().warn(w);
                    }
                    *later.borrow_mut() = Some(init);
                    placeholder()
                }
            }
        })
    };
    let opener = Opener { local: local.clone(), library: library.clone(), fetcher: fetcher.clone(), dispatcher: state.dispatcher() };
    use_effect_with((), move |_| {
        if let Some(init) = later.borrow_mut().take() {
            opener.open_standalone(init);
        }
    });
    state
}

/// What opening a ticket needs, to try again once its playbook is fetched.
#[derive(Clone)]
struct Opener {
    local: LocalStore,
    library: SharedLibrary,
    fetcher: PlaybookFetch,
    dispatcher: UseReducerDispatcher<SidebarState>,
}

impl Opener {
    /// Opens the standalone page's ticket, fetching its playbook first when
    /// it is not here (the ticket is not touched until it is).
    fn open_standalone(&self, init: Init) {
        match self.local.store.open_ticket(&self.library.borrow(), &init, now()) {
            Ok(opened) => {
                for w in opened.warnings {
                    self.local.notices().warn(w);
                }
                self.local.save(&opened.session);
                let thread = Thread::new(opened.session.ticket_id.clone());
                self.dispatcher.dispatch(Msg::Open {
                    session: opened.session,
                    playbook: opened.playbook,
                    thread,
                    work: Vec::new(),
                    prefill: None,
                });
            }
            Err(not_loaded) => {
                for w in not_loaded.warnings {
                    self.local.notices().warn(w);
                }
                let this = self.clone();
                self.fetcher.fetch_then(not_loaded.fetch, Purpose::Open, Callback::from(move |_| this.open_standalone(init.clone())));
            }
        }
    }
}

/// What to do with the host's `init`: take its custom playbook and language,
/// open the ticket (host copy against local copy; its playbook fetched first
/// when it is a file not here yet), bring in the host's view of it and the
/// thread it opens with, write it once, and tell the bridge (which forgets
/// the old ticket's saves). The thread's readings and the temperature
/// pre-fill follow when the coach has read them (`use_live_coach`).
///
/// ```ignore
/// let on_init = use_host_open(&local, &library, &fetcher, &state, info.setter());
/// let host = use_host_bridge(config.host.clone(), on_init);
/// ```
#[hook]
pub fn use_host_open(
    local: &LocalStore,
    library: &SharedLibrary,
    fetcher: &PlaybookFetch,
    state: &UseReducerHandle<SidebarState>,
    info: UseStateSetter<TicketInfo>,
) -> Callback<(Box<Init>, Bridge)> {
    let opener = Opener { local: local.clone(), library: library.clone(), fetcher: fetcher.clone(), dispatcher: state.dispatcher() };
    use_callback((), move |(init, bridge): (Box<Init>, Bridge), _| {
        // A ticket still waiting for its playbook gives way to this one.
        opener.fetcher.cancel();
        if let Some(custom) = init.custom_playbook.clone() {
            if let Err(e) = opener.library.borrow_mut().add_custom(custom) {
                opener.local.notices().warn(crate::msg!("The helpdesk's custom playbook was not loaded: {e}."));
            }
        }
        opener.library.borrow_mut().set_lang(playbook_lang(Some(&init.locale)));
        opener.open_from_host(Rc::new(*init), bridge, info.clone());
    })
}

impl Opener {
    fn open_from_host(&self, init: Rc<Init>, bridge: Bridge, info: UseStateSetter<TicketInfo>) {
        let notices = self.local.notices();
        let at = now();
        let opened = match self.local.store.open_ticket(&self.library.borrow(), &init, at) {
            Ok(opened) => opened,
            Err(not_loaded) => {
                for w in not_loaded.warnings {
                    notices.warn(w);
                }
                let this = self.clone();
                let again = Callback::from(move |_| this.open_from_host(init.clone(), bridge.clone(), info.clone()));
                self.fetcher.fetch_then(not_loaded.fetch, Purpose::Open, again);
                return;
            }
        };
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
        self.local.save(&session);
        // The save state is reset here, in the handler: the old ticket's
        // confirmed rev must never swallow the new ticket's saves.
        bridge.switch_ticket(&session, init.session.as_ref(), &init.agent_name);
        if host_had_older || session.rev != opened_rev {
            bridge.session_changed(&session);
        }
        self.dispatcher.dispatch(Msg::Open { session, playbook: opened.playbook, thread, work, prefill });
    }
}
