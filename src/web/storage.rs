//! localStorage as a [`Backend`] for the core's [`Store`], with the fallbacks
//! the product promises: blocked storage runs on memory, a full storage is
//! reported (never evicted), and other tabs' writes arrive as events.

use crate::core::session::Session;
use crate::core::store::{Backend, Memory, Store, StoreError, SESSION_PREFIX};
use gloo::events::EventListener;
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
        if let Ok(session) = serde_json::from_str::<Session>(&value) {
            callback(session);
        }
    }))
}
