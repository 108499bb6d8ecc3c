//! The open ticket: the sidebar's state ([`SidebarState`]), opened at once
//! when standalone, or when the host's `init` arrives when embedded; in
//! either case after its playbook's file, when the bundle does not carry it.

use crate::core::conversation::Thread;
use crate::core::locale::Lang;
use crate::core::protocol::{Init, Theme};
use crate::core::session::Session;
use crate::core::ticket::{self, apply_host_context_unread, open_thread_unread, Library, NotLoaded, Opened};
use crate::ui::hooks::{playbook_lang, LocalStore, PlaybookFetch, Purpose, SharedLibrary};
use crate::ui::state::{Msg, SidebarState, TicketInfo};
use crate::web::bridge::Bridge;
use crate::web::config::Config;
use crate::web::platform::now;
use crate::web::storage::SharedStore;
use std::cell::RefCell;
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
            let init = standalone_init(&config);
            let asked = (init.ticket_id.clone(), init.playbook.clone(), lib.lang());
            let prepared = PREPARED.with(|p| p.borrow_mut().take()).filter(|p| p.asked == asked);
            let opened = match prepared {
                Some(p) => p.opened,
                None => local.store.open_ticket(&lib, &init, now()),
            };
            match opened {
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

/// The standalone page's ticket: the URL's (or "practice"), with the URL's playbook.
fn standalone_init(config: &Config) -> Init {
    let ticket = config.ticket.clone().unwrap_or_else(|| "practice".into());
    Init { ticket_id: ticket, playbook: config.playbook.clone(), ..Init::default() }
}

/// The standalone ticket [`prepare_ticket`] opened before the first render.
struct PreparedTicket {
    /// The ticket and playbook asked for, and the library's language.
    asked: (String, Option<String>, Lang),
    opened: Result<Opened, NotLoaded>,
}

thread_local! {
    static PREPARED: RefCell<Option<PreparedTicket>> = const { RefCell::new(None) };
}

/// Opens the standalone page's ticket against the local copy in a task
/// before the first render (reading its stored record, merging, checking);
/// [`use_ticket`] takes the result when the page still asks for that ticket,
/// and writes it and shows its warnings then. Embedded, nothing opens before
/// the host's `init`, so there is nothing to do.
pub fn prepare_ticket(config: &Config, store: &SharedStore, library: &Library) {
    if config.host.is_some() {
        return;
    }
    let init = standalone_init(config);
    let opened = store.open_ticket(library, &init, now());
    let asked = (init.ticket_id, init.playbook, library.lang());
    PREPARED.with(|p| *p.borrow_mut() = Some(PreparedTicket { asked, opened }));
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
