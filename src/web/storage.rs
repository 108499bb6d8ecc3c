//! localStorage as a [`Backend`] for the core's [`Store`], with the fallbacks
//! the product promises: blocked storage runs on memory, a full storage is
//! reported (never evicted), and other tabs' writes arrive as events.

use crate::core::playbook::{Playbook, PlaybookErrors};
use crate::core::protocol::{self, Init, ThreadMessage};
use crate::core::session::Session;
use crate::core::store::{
    check_offs_from_str, session_key, Backend, CheckOffs, IndexEntry, Memory, Store, StoreError, SESSION_PREFIX, TRAINING_THREAD_PREFIX,
};
use crate::core::ticket::{self, Library, NotLoaded, Opened};
use crate::core::time::Timestamp;
use gloo::events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// localStorage, or memory where the browser will not give us localStorage.
pub enum Browser {
    Local(web_sys::Storage),
    Memory(Memory),
}

fn js_error(e: &wasm_bindgen::JsValue) -> StoreError {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StoreError::Quota
    } else {
        let msg = js_sys::Reflect::get(e, &"message".into()).ok().and_then(|n| n.as_string()).unwrap_or(name);
        StoreError::Unavailable(msg)
    }
}

impl Backend for Browser {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Browser::Local(s) => s.get_item(key).map_err(|e| js_error(&e)),
            Browser::Memory(m) => m.get(key),
        }
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            Browser::Local(s) => s.set_item(key, value).map_err(|e| js_error(&e)),
            Browser::Memory(m) => m.set(key, value),
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        match self {
            Browser::Local(s) => s.remove_item(key).map_err(|e| js_error(&e)),
            Browser::Memory(m) => m.remove(key),
        }
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Browser::Local(s) => {
                let n = s.length().map_err(|e| js_error(&e))?;
                Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).collect())
            }
            Browser::Memory(m) => m.keys(),
        }
    }
}

/// Opens browser storage. Where localStorage is blocked (its getter throws in
/// sandboxed and some third-party iframes, or it is missing), the store runs on
/// memory and the reason comes back to be shown.
pub fn open() -> (Store<Browser>, Option<String>) {
    let Some(window) = web_sys::window() else {
        return (Store::new(Browser::Memory(Memory::new())), Some("there is no browser window".into()));
    };
    match window.local_storage() {
        Ok(Some(storage)) => (Store::new(Browser::Local(storage)), None),
        Ok(None) => (Store::new(Browser::Memory(Memory::new())), Some("this browser offers no local storage".into())),
        Err(e) => {
            let reason = match js_error(&e) {
                StoreError::Unavailable(m) if !m.is_empty() => m,
                _ => "the browser blocks storage for this embedded page".into(),
            };
            (Store::new(Browser::Memory(Memory::new())), Some(reason))
        }
    }
}

impl Store<Browser> {
    pub fn is_memory(&self) -> bool {
        matches!(self.backend, Browser::Memory(_))
    }
}

/// The page's one store, shared by the shell's hooks and the panels that read
/// history. The UI never holds a [`Store`]: it calls these, and only the
/// sidebar's save helper writes sessions.
#[derive(Clone)]
pub struct SharedStore(Rc<RefCell<Store<Browser>>>, Rc<IndexFlush>);

/// When the index lines saved with [`Store::save_deferring_index`] are written:
/// [`FLUSH_AFTER_MS`] after the last save, and when the page is hidden or left.
#[derive(Default)]
struct IndexFlush {
    timer: RefCell<Option<gloo::timers::callback::Timeout>>,
    /// A failed timed flush, told with the next save (the timer has no one to tell).
    error: RefCell<Option<StoreError>>,
    listeners: RefCell<Vec<EventListener>>,
}

/// The pause after a save before the index is written: typing never waits for
/// a 1.5 MB index write, and opening a ticket neither reads nor writes it.
pub const FLUSH_AFTER_MS: u32 = 2_000;

impl PartialEq for SharedStore {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

thread_local! {
    /// The page's store, opened by [`SharedStore::prepare`] before the first
    /// render and taken once by the sidebar's store hook.
    static PREPARED: RefCell<Option<(SharedStore, Option<String>)>> = const { RefCell::new(None) };
}

impl SharedStore {
    /// Opens browser storage (see [`open`]); the reason comes back when it runs on memory.
    pub fn open() -> (Self, Option<String>) {
        let (store, why) = open();
        let shared = Self(Rc::new(RefCell::new(store)), Rc::new(IndexFlush::default()));
        shared.flush_when_hidden();
        (shared, why)
    }

    /// Opens the store in a task of its own, before the first render, so the
    /// first render's task (already the longest of start-up) does not also pay
    /// for it; [`SharedStore::open_prepared`] then hands out this one.
    pub fn prepare() -> Self {
        let opened = Self::open();
        let store = opened.0.clone();
        PREPARED.with(|p| *p.borrow_mut() = Some(opened));
        store
    }

    /// The store [`SharedStore::prepare`] opened, else one opened now.
    pub fn open_prepared() -> (Self, Option<String>) {
        PREPARED.with(|p| p.borrow_mut().take()).unwrap_or_else(Self::open)
    }

    /// Writes pending index lines when the page is hidden or left, the last
    /// moments a page is sure to run.
    fn flush_when_hidden(&self) {
        let Some(window) = web_sys::window() else { return };
        let store = Rc::downgrade(&self.0);
        let flush = move || {
            if let Some(store) = store.upgrade() {
                if let Ok(mut s) = store.try_borrow_mut() {
                    // The page is going away and no one is left to tell; the
                    // sessions are written already, and the next save of that
                    // ticket writes its index line again.
                    let _ = s.flush_index();
                }
            }
        };
        let on_hide = flush.clone();
        let mut listeners = self.1.listeners.borrow_mut();
        listeners.push(EventListener::new(&window, "pagehide", move |_| on_hide()));
        if let Some(doc) = window.document() {
            let d = doc.clone();
            listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                if d.visibility_state() == web_sys::VisibilityState::Hidden {
                    flush();
                }
            }));
        }
    }

    /// Counts changes of the index lines (see [`Store::index_version`]):
    /// what history and the binder key their results on.
    pub fn index_version(&self) -> u64 {
        self.0.try_borrow().map(|s| s.index_version()).unwrap_or_default()
    }

    /// Storage is blocked: the work lives in memory only.
    pub fn is_memory(&self) -> bool {
        self.0.borrow().is_memory()
    }

    /// Opens a ticket against the local copy (see [`ticket::open`]); nothing
    /// is written yet, and nothing at all when its playbook is still to fetch.
    pub fn open_ticket(&self, library: &Library, init: &Init, at: Timestamp) -> Result<Opened, NotLoaded> {
        ticket::open(&mut self.0.borrow_mut(), library, init, at)
    }

    /// A ticket's session as stored, if it can be read (what cannot is set
    /// aside as [`Store::load`] does).
    pub fn stored_session(&self, ticket_id: &str, at: Timestamp) -> Option<Session> {
        self.0.borrow_mut().load(ticket_id, at).ok().and_then(|l| l.session)
    }

    /// Writes a session now and its index line after a pause
    /// ([`FLUSH_AFTER_MS`]); the line is in history and the binder at once.
    /// A failed write of the index is returned by the next save.
    pub fn save(&self, session: &Session) -> Result<(), StoreError> {
        self.0.borrow_mut().save_deferring_index(session)?;
        self.schedule_flush();
        match self.1.error.borrow_mut().take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn schedule_flush(&self) {
        let (store, flush) = (Rc::downgrade(&self.0), Rc::downgrade(&self.1));
        let timer = gloo::timers::callback::Timeout::new(FLUSH_AFTER_MS, move || {
            let (Some(store), Some(flush)) = (store.upgrade(), flush.upgrade()) else { return };
            let Ok(mut s) = store.try_borrow_mut() else { return };
            if let Err(e) = s.flush_index() {
                *flush.error.borrow_mut() = Some(e);
            }
        });
        // Replacing the timer cancels the one before.
        *self.1.timer.borrow_mut() = Some(timer);
    }

    /// Another tab wrote `session`: the index in memory follows.
    pub fn note_external(&self, session: &Session) {
        self.0.borrow_mut().note_external(session)
    }

    /// Keeps a custom playbook for the next visit.
    pub fn save_playbook(&self, playbook: &Playbook) -> Result<(), StoreError> {
        self.0.borrow_mut().save_playbook(playbook)
    }

    /// The custom playbooks kept earlier, each parsed again.
    pub fn custom_playbooks(&self) -> Result<Vec<(String, Result<Playbook, PlaybookErrors>)>, StoreError> {
        self.0.borrow().custom_playbooks()
    }

    /// Earlier sessions of the same customer, newest first.
    pub fn history(&self, customer_id: &str, email: &str, except: &str) -> Result<Vec<IndexEntry>, String> {
        self.with(|s| s.history(customer_id, email, except))
    }

    /// The binder search over stored service alerts.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<IndexEntry>, String> {
        self.with(|s| s.search(query, limit))
    }

    fn with<T>(&self, f: impl FnOnce(&mut Store<Browser>) -> Result<T, StoreError>) -> Result<T, String> {
        let mut s = self.0.try_borrow_mut().map_err(|_| "storage is busy; try again in a moment".to_string())?;
        f(&mut s).map_err(|e| e.to_string())
    }
}

/// The customer's lines of a live training run, as the trainer's window last
/// wrote them for the trainee's sidebar (nothing when there are none, or when
/// what is stored does not read as a thread).
pub fn training_thread(ticket_id: &str) -> Vec<ThreadMessage> {
    let (store, _) = open();
    let text = store.backend.get(&format!("{TRAINING_THREAD_PREFIX}{ticket_id}")).ok().flatten();
    text.and_then(|t| read_thread(&t)).unwrap_or_default()
}

/// Writes a live training run's customer lines for the trainee's sidebar.
pub fn write_training_thread(ticket_id: &str, messages: &[ThreadMessage]) -> Result<(), StoreError> {
    let (mut store, _) = open();
    store.backend.set(&format!("{TRAINING_THREAD_PREFIX}{ticket_id}"), &protocol::thread_json(messages).to_string())
}

/// Listens for the trainer's window writing a run's customer lines.
pub fn on_training_thread(ticket_id: &str, callback: impl Fn(Vec<ThreadMessage>) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let key = format!("{TRAINING_THREAD_PREFIX}{ticket_id}");
    Some(EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
        if e.key().as_deref() == Some(key.as_str()) {
            if let Some(messages) = e.new_value().and_then(|t| read_thread(&t)) {
                callback(messages);
            }
        }
    }))
}

fn read_thread(text: &str) -> Option<Vec<ThreadMessage>> {
    serde_json::from_str(text).ok().and_then(|v| protocol::parse_thread(&v).ok())
}

/// The trainee's check-offs in the session stored for `ticket_id`, read
/// straight from localStorage (the trainer only reads them: see
/// [`CheckOffs`](crate::core::store::CheckOffs)).
pub fn stored_check_offs(ticket_id: &str) -> Option<CheckOffs> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(&session_key(ticket_id)).ok()?.as_deref().and_then(check_offs_from_str).filter(|c| c.ticket_id == ticket_id)
}

/// Listens for another window's write of the session of `ticket_id` and
/// hands over its check-offs.
pub fn on_check_offs(ticket_id: &str, callback: impl Fn(CheckOffs) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let (key, ticket_id) = (session_key(ticket_id), ticket_id.to_string());
    Some(EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
        if e.key().as_deref() == Some(key.as_str()) {
            if let Some(c) = e.new_value().as_deref().and_then(check_offs_from_str).filter(|c| c.ticket_id == ticket_id) {
                callback(c);
            }
        }
    }))
}

/// Listens for another tab's write of a session (the `storage` event).
/// The callback gets the session as that tab wrote it, already parsed; records
/// it cannot parse are ignored here (they are quarantined when next loaded).
pub fn on_other_tab(callback: impl Fn(Session) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
        let Some(key) = e.key() else { return };
        if !key.starts_with(SESSION_PREFIX) {
            return;
        }
        let Some(value) = e.new_value() else { return };
        if let Some(session) = crate::core::store::session_from_str(&value) {
            callback(session);
        }
    }))
}
