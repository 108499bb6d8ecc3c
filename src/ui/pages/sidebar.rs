//! The sidebar page: wiring only. The hooks open storage and the library,
//! open the ticket (now, or on the host's `init`), save each change, follow
//! other tabs, talk to the host and carry out effects; this file hands their
//! results to the [`Sidebar`] component through [`SidebarCtx`].

use crate::core::playbook::Channel;
use crate::core::protocol::Init;
use crate::core::session::Action;
use crate::ui::components::playbook_wait::PlaybookWait;
use crate::ui::components::sidebar::Sidebar;
use crate::ui::components::status::StatusLine;
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::{
    use_autosave, use_coach, use_host_bridge, use_host_copy, use_host_open, use_host_stream, use_library, use_live_coach, use_local_store,
    use_locale, use_notices, use_other_tab, use_playbook_fetch, use_playbook_loader, use_shell_effects, use_theme, use_ticket,
    use_training_thread, LocalStore, Notices, PlaybookFetch, Purpose, SharedLibrary, Tr, Wait,
};
use crate::ui::pages::standalone::Standalone;
use crate::ui::state::SidebarState;
use crate::ui::state::{Msg, TicketInfo};
use crate::web::bridge::Bridge;
use crate::web::config::Config;
use crate::web::platform::{self, now};
use crate::web::storage::SharedStore;
use std::rc::Rc;
use yew::prelude::*;

/// Start-up work the first render would otherwise do, done in the tasks
/// before it, a piece in each: opening storage and building the library
/// (the custom-playbook scan); parsing the built-in playbook a ticket opens
/// with when the page is in English (the one this bundle carries; its parse
/// is kept); opening the standalone page's ticket. Each also compiles its
/// code on first use, so the first render's task, the longest of start-up,
/// sheds both. Calls `then` (the first render) in the task after the last.
pub fn prepare(config: Config, then: impl FnOnce() + 'static) {
    use crate::core::{locale::Lang, playbook};
    use crate::ui::hooks::{prepare_library, prepare_ticket, with_prepared_library};
    use gloo::timers::callback::Timeout;
    let store = SharedStore::prepare();
    let lang = crate::ui::hooks::playbook_lang(None);
    prepare_library(&store, lang);
    Timeout::new(0, move || {
        if lang == Lang::En {
            let _ = playbook::find_built_in(playbook::DEFAULT_PLAYBOOK);
        }
        Timeout::new(0, move || {
            with_prepared_library(|library| prepare_ticket(&config, &store, library));
            Timeout::new(0, then).forget();
        })
        .forget();
    })
    .forget();
}

#[derive(Properties, PartialEq)]
pub struct SidebarHostProps {
    pub config: Rc<Config>,
}

#[component]
pub fn SidebarHost(props: &SidebarHostProps) -> Html {
    let config = props.config.clone();
    let notices = use_notices();
    let locale = use_locale(&config, notices.informer());
    let local = use_local_store(&notices);
    let library = use_library(&local.store, &notices, locale.lang);
    let fetcher = use_playbook_fetch(&library);
    let state = use_ticket(&config, &local, &library, &fetcher);
    let info = use_state(|| TicketInfo {
        channel: config.channel.unwrap_or_default(),
        theme: config.theme.clone(),
        opened: config.host.is_none(),
        ..TicketInfo::default()
    });
    use_startup_notices(&config, &local, &notices);
    let on_init = with_locale(use_host_open(&local, &library, &fetcher, &state, info.setter()), &locale.from_init);
    let coach = use_coach();
    coach.coach.set_lang(locale.lang);
    use_live_coach(&state, &coach.coach);
    let on_stream = use_host_stream(&state, info.channel);
    let on_host_copy = use_host_copy(&state, &notices);
    let host = use_host_bridge(config.host.clone(), on_init, on_stream, on_host_copy);
    let last_written = use_autosave(&state, &local, &host);
    use_other_tab(&state, last_written, &library, &fetcher);
    use_training_thread(config.ticket.clone().filter(|_| config.host.is_none()), &state, info.channel);
    use_theme(info.theme.clone());
    use_top_on_open(state.session.ticket_id.clone());
    let effects = use_shell_effects(&host, info.capabilities, info.channel, &state);
    let load_playbook = use_playbook_loader(&local, &library, &state, config.playbook_url.clone(), effects.run.reform(Effect::Announce));

    let act = {
        let dispatcher = state.dispatcher();
        Callback::from(move |a: Action| dispatcher.dispatch(Msg::Do(a, now())))
    };
    let use_playbook = pick_playbook(&state, &library, &fetcher);
    let set_channel = {
        let info = info.clone();
        Callback::from(move |c: Channel| info.set(TicketInfo { channel: c, ..(*info).clone() }))
    };
    let dismiss_offer = {
        let dispatcher = state.dispatcher();
        Callback::from(move |offer| dispatcher.dispatch(Msg::Dismiss { offer, at: now() }))
    };

    let wait = fetcher.wait.clone();
    let status = |progress: String| {
        html! {
            <>
                if let Some(w) = wait.clone() {
                    <PlaybookWait wait={w} on_dismiss={fetcher.dismiss()} />
                }
                <StatusLine mode={local.mode()} sync={host.sync} connected={host.connected} progress={AttrValue::from(progress)}
                    message={effects.said.clone()} notices={notices.list()} on_dismiss={notices.on_dismiss()} />
            </>
        }
    };
    let provide = |page: Html| html! { <ContextProvider<Tr> context={locale.tr}>{ page }</ContextProvider<Tr>> };
    // A ticket waiting for its playbook's file shows nothing of itself (nor
    // of the ticket before it), so nothing is typed into the wrong copy.
    let placeholder = info.opened && state.session.ticket_id.is_empty();
    if wait.as_ref().is_some_and(Wait::blocks) || placeholder {
        return provide(html! {
            <main class="ta-sidebar ta-waiting" aria-label="Turnaround">
                { status(String::new()) }
            </main>
        });
    }
    if !info.opened {
        return provide(html! {
            <main class="ta-sidebar ta-waiting" aria-label="Turnaround">
                <p role="status">{ locale.tr.t("Waiting for the helpdesk to open a ticket…") }</p>
                { status(String::new()) }
            </main>
        });
    }
    let ctx = SidebarCtx {
        names: Rc::new(info.names.clone()),
        channel: info.channel,
        can_insert: host.connected && info.capabilities.insert_text,
        can_internal_note: host.connected && info.capabilities.note,
        can_set_draft: host.connected && info.capabilities.set_draft,
        agent: info.names.agent.clone().into(),
        act,
        effect: effects.run.clone(),
        store: local.store.clone(),
        // Changes only when an index line does: typing a note recomputes no history or binder results.
        store_version: local.store.index_version(),
        coach: coach.clone(),
    };
    // The noun agrees with the total ("1 of 6 steps done", "1 of 1 step done").
    let done = state.session.done_count().to_string();
    let progress = locale.tr.n("{done} of {n} step done", "{done} of {n} steps done", state.session.steps.len() as u64, &[("done", &done)]);
    let sidebar = html! {
        <ContextProvider<SidebarCtx> context={ctx}>
            <Sidebar session={state.session.clone()} playbook={state.playbook.clone()} live={state.live.clone()} on_dismiss_offer={dismiss_offer}
                playbooks={Rc::new(library.borrow().choices())}
                on_playbook={use_playbook} picker_key={picker_key(&state.playbook.id, wait.as_ref())} on_channel={set_channel} status={status(progress)} />
        </ContextProvider<SidebarCtx>>
    };
    if host.connected {
        return provide(sidebar);
    }
    provide(html! { <Standalone on_load_playbook={load_playbook}>{ sidebar }</Standalone> })
}

/// The host's `init` decides the language first (its `init.locale`), then
/// opens the ticket, so what the ticket brings is read in that language.
fn with_locale(open: Callback<(Box<Init>, Bridge)>, from_init: &Callback<String>) -> Callback<(Box<Init>, Bridge)> {
    let from_init = from_init.clone();
    Callback::from(move |(init, bridge): (Box<Init>, Bridge)| {
        from_init.emit(init.locale.clone());
        open.emit((init, bridge));
    })
}

/// The picker's callback: a playbook here is used at once; a built-in whose
/// file is not here is fetched first, the current one staying in use until
/// it arrives (and after a failed fetch).
fn pick_playbook(state: &UseReducerHandle<SidebarState>, library: &SharedLibrary, fetcher: &PlaybookFetch) -> Callback<String> {
    let (dispatcher, library, fetcher, current) = (state.dispatcher(), library.clone(), fetcher.clone(), state.playbook.title.clone());
    Callback::from(move |id: String| {
        let (here, missing) = {
            let lib = library.borrow();
            (lib.get(&id), lib.missing(&id))
        };
        if let Some(p) = here {
            // A pick still on its way must not land after this one.
            fetcher.cancel();
            dispatcher.dispatch(Msg::UsePlaybook(p, now()));
        } else if let Some(fetch) = missing {
            let dispatcher = dispatcher.clone();
            let then = Callback::from(move |p| dispatcher.dispatch(Msg::UsePlaybook(p, now())));
            fetcher.fetch_then(fetch, Purpose::Pick { current: current.clone() }, then);
        }
    })
}

/// Renews the picker when a pick's fetch fails or its message goes, so it
/// shows the playbook in use again rather than the one that did not come.
fn picker_key(playbook: &str, wait: Option<&Wait>) -> AttrValue {
    let phase = match wait {
        Some(w) if w.failed.is_some() => "failed",
        Some(_) => "coming",
        None => "",
    };
    AttrValue::from(format!("{playbook}:{phase}"))
}

/// Opening or switching a ticket shows the sidebar from its top; focus stays
/// where the agent has it (it moves only when the agent acts).
#[hook]
fn use_top_on_open(ticket_id: String) {
    use_effect_with(ticket_id, |_| platform::scroll_to_top());
}

/// Start-up notices the hooks cannot give themselves (storage blocked, a
/// problem with the URL), then the mark the start-up benchmark times.
#[hook]
fn use_startup_notices(config: &Config, local: &LocalStore, notices: &Notices) {
    let (embedded, warning, blocked, notices) = (config.host.is_some(), config.warning.clone(), local.blocked.clone(), notices.clone());
    use_effect_with((), move |_| {
        // The browser's own reason (a DOMException's words) means nothing to
        // the agent: what matters is where the work is kept instead.
        if blocked.is_some() {
            notices.warn(if embedded {
                crate::msg!("Browser storage is blocked for embedded apps here, so your work is kept by the helpdesk only; the status line says when it is saved.")
            } else {
                crate::msg!("Browser storage is blocked for this page, so your work is kept in this tab only: export it (Session menu) before closing.")
            });
        }
        if let Some(w) = warning {
            notices.warn(w);
        }
        // The first step is rendered and focusable: what the start-up benchmark times.
        platform::mark("turnaround:interactive");
    });
}
