//! The root: reads the URL, opens storage and (when embedded) the host bridge,
//! opens the ticket's session, and carries out the effects components ask for.

use crate::core::playbook::{self, Channel, PhraseContext, Playbook};
use crate::core::protocol::{self, HostMessage, Init, SyncState, Theme};
use crate::core::session::{merge, same_content, Action, Customer, Session};
use crate::core::store::{Store, StoreError};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::sidebar::Sidebar;
use crate::ui::state::{Msg, Origin, SidebarState};
use crate::ui::status::{StatusLine, StorageMode};
use crate::web::bridge::Bridge;
use crate::web::config::{Config, View};
use crate::web::platform::{self, now};
use crate::web::storage::{self, Browser};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let config = use_memo((), |_| Config::from_location());
    match config.view {
        View::Trainer => html! { <crate::ui::tools::trainer_page::TrainerPage /> },
        View::Sidebar => html! { <SidebarHost config={config.clone()} /> },
    }
}

/// The playbooks this sidebar can use: the built-ins, then custom ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub playbooks: Vec<Rc<Playbook>>,
}

impl Library {
    pub fn built_in() -> Self {
        Self { playbooks: playbook::built_ins().into_iter().map(Rc::new).collect() }
    }
    pub fn get(&self, id: &str) -> Option<Rc<Playbook>> {
        self.playbooks.iter().find(|p| p.id == id).cloned()
    }
    pub fn default_playbook(&self) -> Rc<Playbook> {
        self.get(playbook::DEFAULT_PLAYBOOK).or_else(|| self.playbooks.first().cloned()).unwrap_or_else(|| Rc::new(fallback_playbook()))
    }
    /// Adds or replaces a custom playbook; a built-in's id is refused.
    pub fn add_custom(&mut self, p: Playbook) -> Result<Rc<Playbook>, String> {
        if playbook::BUILT_IN.iter().any(|(id, _)| *id == p.id) {
            return Err(format!("id {:?} belongs to a built-in playbook; give your playbook an id of its own", p.id));
        }
        let p = Rc::new(p);
        match self.playbooks.iter_mut().find(|x| x.id == p.id) {
            Some(slot) => *slot = p.clone(),
            None => self.playbooks.push(p.clone()),
        }
        Ok(p)
    }
}

/// Used only if every built-in failed to parse (a build defect the tests catch).
fn fallback_playbook() -> Playbook {
    Playbook { id: "empty".into(), title: "No playbook".into(), summary: String::new(), source: String::new(), steps: Vec::new() }
}

/// What the sidebar knows about the ticket's people and the host.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TicketInfo {
    pub names: PhraseContext,
    pub channel: Channel,
    pub theme: Option<String>,
    pub opened: bool,
    pub capabilities: protocol::Capabilities,
}

#[derive(Properties, PartialEq)]
pub struct SidebarHostProps {
    pub config: Rc<Config>,
}

/// One notice in the status area, with an id so it can be dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: u32,
    pub text: String,
    pub warn: bool,
}

#[derive(Default, PartialEq)]
pub struct Notes {
    pub list: Vec<Note>,
    next: u32,
}

pub enum NoteMsg {
    Add(String, bool),
    Dismiss(u32),
}

impl Reducible for Notes {
    type Action = NoteMsg;
    fn reduce(self: Rc<Self>, msg: NoteMsg) -> Rc<Self> {
        let mut list = self.list.clone();
        let mut next = self.next;
        match msg {
            NoteMsg::Add(text, warn) => {
                if list.iter().any(|n| n.text == text) {
                    return self;
                }
                next += 1;
                list.push(Note { id: next, text, warn });
                if list.len() > 6 {
                    list.remove(0);
                }
            }
            NoteMsg::Dismiss(id) => list.retain(|n| n.id != id),
        }
        Rc::new(Notes { list, next })
    }
}

fn store_error_text(e: &StoreError) -> String {
    match e {
        StoreError::Quota => "Browser storage is full, so this ticket is kept in memory only. Export it (Session menu) before closing the tab; nothing was deleted to make room.".into(),
        StoreError::Unavailable(why) => format!("This ticket could not be saved in the browser ({why}); it is kept in memory. Export it before closing the tab."),
    }
}

/// Opens a ticket: the local copy and the host's copy meet, the winner is
/// written locally before anything else happens (so neither is lost).
fn open_ticket(store: &mut Store<Browser>, library: &Library, init: &Init) -> (Session, Rc<Playbook>, Vec<String>) {
    let at = now();
    let mut warnings = Vec::new();
    let local = match store.load(&init.ticket_id, at) {
        Ok(l) => {
            if let Some(n) = &l.notice {
                warnings.push(n.message());
            }
            l.session
        }
        Err(e) => {
            warnings.push(store_error_text(&e));
            None
        }
    };
    let wanted = init.playbook.as_deref();
    if let Some(id) = wanted {
        if library.get(id).is_none() {
            warnings.push(format!("The helpdesk asked for playbook {id:?}, which this sidebar does not have; using the default."));
        }
    }
    let winner = protocol::pick_winner(init.session.clone(), local);
    let mut session = match winner {
        Some(s) => s,
        None => {
            let pb = wanted.and_then(|id| library.get(id)).unwrap_or_else(|| library.default_playbook());
            Session::new(init.ticket_id.clone(), &pb, at)
        }
    };
    let playbook = library.get(&session.playbook).unwrap_or_else(|| {
        if !session.playbook.is_empty() {
            warnings.push(format!(
                "This ticket used playbook {:?}, which is not loaded here; showing the default. Its check-offs are kept.",
                session.playbook
            ));
        }
        library.default_playbook()
    });
    if session.playbook != playbook.id {
        let steps = playbook.steps.iter().map(|s| s.id.clone()).collect();
        session.apply(Action::SwitchPlaybook { playbook: playbook.id.clone(), steps }, at);
    } else if session.align_steps(&playbook) {
        session.rev += 1;
    }
    if let Err(e) = store.save(&session) {
        warnings.push(store_error_text(&e));
    }
    (session, playbook, warnings)
}

/// Brings a session up to date with what the host says about its ticket:
/// customer and subject, the owner, and the customer's last message (whose
/// reading pre-fills the temperature when none was recorded). True if changed.
fn apply_host_context(session: &mut Session, init: &Init, at: crate::core::time::Timestamp) -> bool {
    let rev = session.rev;
    session.apply(Action::SetContext { customer: customer_of(init), subject: init.subject.clone() }, at);
    session.apply(Action::Claim { agent: init.agent_name.clone() }, at);
    if !init.last_message.trim().is_empty() {
        let first_reading = session.temperatures.is_empty();
        session.apply(Action::SetCustomerMessage { text: init.last_message.clone() }, at);
        if first_reading {
            let level = crate::core::coach::temperature(&init.last_message).level;
            session.apply(Action::RecordTemperature { level }, at);
        }
    }
    session.rev != rev
}

fn customer_of(init: &Init) -> Option<Customer> {
    let c = Customer { id: init.customer_id.clone(), name: init.customer_name.clone(), email: init.customer_email.clone() };
    (c != Customer::default()).then_some(c)
}

#[component]
pub fn SidebarHost(props: &SidebarHostProps) -> Html {
    let config = props.config.clone();
    let storage_reason = use_mut_ref(|| None::<String>);
    let startup_warnings = use_mut_ref(Vec::<String>::new);
    let store: Rc<RefCell<Store<Browser>>> = {
        let reason = storage_reason.clone();
        use_mut_ref(move || {
            let (store, why) = storage::open();
            *reason.borrow_mut() = why;
            store
        })
    };
    let notes = use_reducer(Notes::default);
    let library = {
        let (store, startup) = (store.clone(), startup_warnings.clone());
        use_mut_ref(move || {
            let mut lib = Library::built_in();
            for (key, parsed) in store.borrow().custom_playbooks().unwrap_or_default() {
                match parsed.map_err(|e| e.to_string()).and_then(|p| lib.add_custom(p).map(|_| ())) {
                    Ok(()) => {}
                    Err(e) => startup.borrow_mut().push(format!("A saved custom playbook ({key}) is not loaded: {}", first_lines(&e, 3))),
                }
            }
            lib
        })
    };
    let sync = use_state_eq(|| SyncState::Idle);
    let quota_hit = use_state_eq(|| false);
    let bridge: Rc<RefCell<Option<Bridge>>> = use_mut_ref(|| None);
    // The session as last written by this tab, for telling our edits from theirs.
    let last_written = use_mut_ref(|| None::<Session>);
    let info = use_state(|| TicketInfo {
        channel: config.channel.unwrap_or_default(),
        theme: config.theme.clone(),
        opened: config.host.is_none(),
        ..TicketInfo::default()
    });
    let state = {
        let (store, library, config, startup_warnings) = (store.clone(), library.clone(), config.clone(), startup_warnings.clone());
        use_reducer(move || {
            let lib = library.borrow();
            if config.host.is_some() {
                // Embedded: nothing opens before the host's init.
                return SidebarState::new(Session::new("", &lib.default_playbook(), now()), lib.default_playbook());
            }
            let ticket = config.ticket.clone().unwrap_or_else(|| "practice".into());
            let init = Init { ticket_id: ticket, playbook: config.playbook.clone(), ..Init::default() };
            let (session, pb, warnings) = open_ticket(&mut store.borrow_mut(), &lib, &init);
            startup_warnings.borrow_mut().extend(warnings);
            SidebarState::new(session, pb)
        })
    };

    // Standalone start-up notices (storage blocked, URL problems).
    {
        let (notes, reason, config, startup_warnings) =
            (notes.dispatcher(), storage_reason.clone(), config.clone(), startup_warnings.clone());
        use_effect_with((), move |_| {
            for w in startup_warnings.borrow_mut().drain(..) {
                notes.dispatch(NoteMsg::Add(w, true));
            }
            if let Some(why) = reason.borrow().clone() {
                notes.dispatch(NoteMsg::Add(
                    format!(
                        "Browser storage is blocked here ({why}). Your work is kept in memory for this tab{}; export it before closing.",
                        if config.host.is_some() { " and sent to the helpdesk" } else { "" }
                    ),
                    true,
                ));
            }
            if let Some(w) = &config.warning {
                notes.dispatch(NoteMsg::Add(w.clone(), true));
            }
            // The first step is rendered and focusable: what the start-up benchmark times.
            platform::mark("turnaround:interactive");
        });
    }

    // Save and send the agent's changes: locally first, then to the host.
    {
        let (store, bridge, notes, quota_hit, last_written) =
            (store.clone(), bridge.clone(), notes.dispatcher(), quota_hit.clone(), last_written.clone());
        let (session, origin, generation) = (state.session.clone(), state.origin, state.generation);
        use_effect_with(generation, move |_| {
            if session.ticket_id.is_empty() {
                return;
            }
            match origin {
                Origin::Local => {
                    match store.borrow_mut().save(&session) {
                        Ok(()) => {
                            *last_written.borrow_mut() = Some((*session).clone());
                            quota_hit.set(false);
                        }
                        Err(e) => {
                            quota_hit.set(matches!(e, StoreError::Quota));
                            notes.dispatch(NoteMsg::Add(store_error_text(&e), true));
                        }
                    }
                    if let Some(b) = bridge.borrow().as_ref() {
                        b.session_changed(&session);
                    }
                }
                Origin::Opened => {
                    // Already stored; the bridge was told when the ticket opened.
                    *last_written.borrow_mut() = Some((*session).clone());
                }
                Origin::OtherTab => {
                    *last_written.borrow_mut() = Some((*session).clone());
                    store.borrow_mut().note_external(&session);
                    if let Some(b) = bridge.borrow().as_ref() {
                        b.session_changed(&session);
                    }
                }
            }
        });
    }

    // Another tab wrote this ticket: take its copy, merging only when this tab
    // has changes of its own that were never written.
    {
        let (dispatcher, current, last_written) = (state.dispatcher(), use_mut_ref(|| state.session.clone()), last_written.clone());
        *current.borrow_mut() = state.session.clone();
        use_effect_with((), move |_| {
            let listener = storage::on_other_tab(move |theirs| {
                let mine = current.borrow().clone();
                if theirs.ticket_id != mine.ticket_id || same_content(&theirs, &mine) && theirs.rev == mine.rev {
                    return;
                }
                let untouched = last_written.borrow().as_ref().is_some_and(|w| same_content(w, &mine));
                let next = if untouched { theirs } else { merge(&mine, &theirs) };
                dispatcher.dispatch(Msg::Adopt(next));
            });
            move || drop(listener)
        });
    }

    // The host bridge, when embedded.
    {
        let (bridge_slot, store, library, notes, info, sync, dispatcher, config) = (
            bridge.clone(),
            store.clone(),
            library.clone(),
            notes.dispatcher(),
            info.setter(),
            sync.setter(),
            state.dispatcher(),
            config.clone(),
        );
        use_effect_with((), move |_| {
            let Some(host) = config.host.clone() else { return };
            let bridge_for_msgs = bridge_slot.clone();
            let connected = Bridge::connect(
                host,
                move |msg| match msg {
                    HostMessage::Init { init, .. } => {
                        if let Some(custom) = init.custom_playbook.clone() {
                            if let Err(e) = library.borrow_mut().add_custom(custom) {
                                notes.dispatch(NoteMsg::Add(format!("The helpdesk's custom playbook was not loaded: {e}."), true));
                            }
                        }
                        let (mut session, playbook, warnings) = open_ticket(&mut store.borrow_mut(), &library.borrow(), &init);
                        for w in warnings {
                            notes.dispatch(NoteMsg::Add(w, true));
                        }
                        let theme = init.theme.as_ref().map(|t| if *t == Theme::Dark { "dark".to_string() } else { "light".to_string() });
                        info.set(TicketInfo {
                            names: PhraseContext {
                                customer: first_name(&init.customer_name),
                                agent: init.agent_name.clone(),
                                company: init.company.clone(),
                                when: String::new(),
                            },
                            channel: init.channel.unwrap_or_default(),
                            theme,
                            opened: true,
                            capabilities: init.capabilities,
                        });
                        let host_had_older = init.session.as_ref().is_none_or(|h| h.rev < session.rev);
                        // The host's view of the ticket goes into the session before it
                        // opens, so opening costs at most one save.
                        let opened_rev = session.rev;
                        if apply_host_context(&mut session, &init, now()) {
                            if let Err(e) = store.borrow_mut().save(&session) {
                                notes.dispatch(NoteMsg::Add(store_error_text(&e), true));
                            }
                        }
                        // The save state is reset here, in the handler: the old ticket's
                        // confirmed rev must never swallow the new ticket's saves.
                        if let Some(b) = bridge_for_msgs.borrow().as_ref() {
                            b.switch_ticket(&session);
                            if host_had_older || session.rev != opened_rev {
                                b.session_changed(&session);
                            }
                        }
                        dispatcher.dispatch(Msg::Open { session, playbook });
                    }
                    HostMessage::RequestState { id } => {
                        if let Some(b) = bridge_for_msgs.borrow().as_ref() {
                            b.answer_state(&id);
                        }
                    }
                    HostMessage::Ack { .. } => {}
                },
                move |s| sync.set(s),
            );
            *bridge_slot.borrow_mut() = connected;
        });
    }

    // Theme: the host's, the URL's, or the OS's.
    {
        let theme = info.theme.clone();
        use_effect_with(theme, |theme| {
            let value = theme.clone().unwrap_or_else(|| if platform::prefers_dark() { "dark".into() } else { "light".into() });
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-theme", &value);
            }
        });
    }

    // Tell the host our height after every render (the bridge drops repeats).
    {
        let bridge = bridge.clone();
        use_effect(move || {
            // Reading the height forces a layout: only when a host listens.
            if let Some(b) = bridge.borrow().as_ref() {
                if let Some(e) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                    b.resize(e.scroll_height().max(0) as u32);
                }
            }
        });
    }

    let status_text = use_state_eq(String::new);
    let effect = {
        let (bridge, status_text, ticket, dispatcher) =
            (bridge.clone(), status_text.setter(), state.session.ticket_id.clone(), state.dispatcher());
        let connected = config.host.is_some();
        let caps = info.capabilities;
        Callback::from(move |e: Effect| {
            let b = bridge.borrow().clone();
            match e {
                Effect::Insert(text) => match b.filter(|_| connected && caps.insert_text) {
                    Some(b) => {
                        b.insert_text(&ticket, &text);
                        status_text.set("Inserted into the reply.".into());
                    }
                    None if connected => copy_then_say(
                        text,
                        status_text.clone(),
                        "Copied: this helpdesk does not let Turnaround write into the reply, so paste it there.",
                    ),
                    None => copy_then_say(text, status_text.clone(), "Copied. Paste it into your reply."),
                },
                Effect::Copy(text) => copy_then_say(text, status_text.clone(), "Copied to the clipboard."),
                Effect::Note(md) => match b.filter(|_| connected && caps.note) {
                    Some(b) => {
                        b.note(&ticket, &md);
                        dispatcher.dispatch(Msg::Do(Action::MarkAlertSent, now()));
                        status_text.set("Service alert sent to the ticket as an internal note.".into());
                    }
                    None if connected => copy_then_say(
                        md,
                        status_text.clone(),
                        "Copied: this helpdesk does not take notes from Turnaround, so paste the service alert as an internal note.",
                    ),
                    None => copy_then_say(md, status_text.clone(), "No helpdesk is connected: the service alert was copied instead."),
                },
                Effect::FollowUp { due, text } => {
                    if let Some(b) = b.filter(|_| connected) {
                        b.follow_up(&ticket, due, &text);
                    }
                }
                Effect::Download { filename, mime, contents } => match platform::download(&filename, mime, &contents) {
                    Ok(()) => status_text.set(format!("Downloaded {filename}.")),
                    Err(e) => status_text.set(format!("Could not download {filename}: {e}.")),
                },
                Effect::Announce(text) => status_text.set(text),
            }
        })
    };

    let act = {
        let dispatcher = state.dispatcher();
        Callback::from(move |a: Action| dispatcher.dispatch(Msg::Do(a, now())))
    };
    let use_playbook = {
        let (dispatcher, library) = (state.dispatcher(), library.clone());
        Callback::from(move |id: String| {
            if let Some(p) = library.borrow().get(&id) {
                dispatcher.dispatch(Msg::UsePlaybook(p, now()));
            }
        })
    };
    let set_channel = {
        let info = info.clone();
        Callback::from(move |c: Channel| info.set(TicketInfo { channel: c, ..(*info).clone() }))
    };
    let dismiss = {
        let notes = notes.dispatcher();
        Callback::from(move |id: u32| notes.dispatch(NoteMsg::Dismiss(id)))
    };

    // A custom playbook from a file or a URL: validated, kept, and switched to;
    // an invalid one is refused with its located errors and changes nothing.
    let load_playbook = {
        let (library, store, notes, dispatcher, status_text) =
            (library.clone(), store.clone(), notes.dispatcher(), state.dispatcher(), status_text.setter());
        Callback::from(move |(source, json): (String, String)| {
            let parsed = playbook::parse(&json).map_err(|e| e.to_string()).and_then(|p| library.borrow_mut().add_custom(p));
            match parsed {
                Ok(p) => {
                    if let Err(e) = store.borrow_mut().save_playbook(&p) {
                        notes.dispatch(NoteMsg::Add(
                            format!("The playbook {:?} is in use but could not be kept for next time: {e}.", p.title),
                            true,
                        ));
                    }
                    status_text.set(format!("Loaded the playbook {:?} from {source}.", p.title));
                    dispatcher.dispatch(Msg::UsePlaybook(p, now()));
                }
                Err(e) => notes.dispatch(NoteMsg::Add(
                    format!("The playbook from {source} was not loaded; the current one stays in use. {}", first_lines(&e, 6)),
                    true,
                )),
            }
        })
    };
    {
        let (url, load, notes) = (config.playbook_url.clone(), load_playbook.clone(), notes.dispatcher());
        use_effect_with((), move |_| {
            if let Some(url) = url {
                wasm_bindgen_futures::spawn_local(async move {
                    match platform::fetch_text(&url).await {
                        Ok(text) => load.emit((url, text)),
                        Err(e) => notes.dispatch(NoteMsg::Add(
                            format!("The playbook at {url} could not be fetched ({e}); the current one stays in use."),
                            true,
                        )),
                    }
                });
            }
        });
    }

    let ctx = SidebarCtx {
        names: Rc::new(info.names.clone()),
        channel: info.channel,
        can_insert: config.host.is_some() && info.capabilities.insert_text,
        can_note: config.host.is_some() && info.capabilities.note,
        agent: info.names.agent.clone().into(),
        act,
        effect,
        store: crate::ui::context::StoreHandle(store.clone()),
        store_version: state.generation,
    };
    let storage_mode = if store.borrow().is_memory() {
        StorageMode::Memory
    } else if *quota_hit {
        StorageMode::Full
    } else {
        StorageMode::Saved
    };
    let playbooks: Vec<(String, String)> = library.borrow().playbooks.iter().map(|p| (p.id.clone(), p.title.clone())).collect();

    if !info.opened {
        return html! {
            <main class="ta-sidebar ta-waiting" aria-label="Turnaround">
                <p role="status">{ "Waiting for the helpdesk to open a ticket…" }</p>
                <StatusLine mode={storage_mode} sync={*sync} connected={config.host.is_some()} progress={AttrValue::from("")} message={AttrValue::from((*status_text).clone())} notes={notes.list.clone()} on_dismiss={dismiss} />
            </main>
        };
    }

    let sidebar = html! {
        <ContextProvider<SidebarCtx> context={ctx}>
            <Sidebar
                session={state.session.clone()}
                playbook={state.playbook.clone()}
                playbooks={Rc::new(playbooks)}
                on_playbook={use_playbook}
                on_channel={set_channel}
                status={html! {
                    <StatusLine mode={storage_mode} sync={*sync} connected={config.host.is_some()}
                        progress={AttrValue::from(format!("{} of {} steps done", state.session.done_count(), state.session.steps.len()))}
                        message={AttrValue::from((*status_text).clone())} notes={notes.list.clone()} on_dismiss={dismiss} />
                }}
            />
        </ContextProvider<SidebarCtx>>
    };
    if config.host.is_some() {
        return sidebar;
    }
    html! { <crate::ui::standalone::Standalone on_load_playbook={load_playbook}>{ sidebar }</crate::ui::standalone::Standalone> }
}

/// The first `n` lines of a multi-line error, with a count of the rest.
fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= n {
        lines.join(" · ")
    } else {
        format!("{} · and {} more", lines[..n].join(" · "), lines.len() - n)
    }
}

fn first_name(full: &str) -> String {
    full.split_whitespace().next().unwrap_or("").to_string()
}

fn copy_then_say(text: String, say: UseStateSetter<String>, ok: &'static str) {
    wasm_bindgen_futures::spawn_local(async move {
        if platform::copy(&text).await {
            say.set(ok.into());
        } else {
            say.set("The browser refused to copy. Select the text and copy it by hand.".into());
        }
    });
}
