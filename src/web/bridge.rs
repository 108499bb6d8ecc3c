//! The postMessage transport for [`crate::core::protocol`]: origin and source
//! checks, the `ready` handshake, coalesced saves with ack and retry, and the
//! widget's other messages. What a message means is decided in the core; this
//! file only moves it.

use crate::core::protocol::{self, HostMessage, RateLimit, Rejection, SaveSync, SyncState, READY_MAX};
use crate::core::session::Session;
use crate::core::time::Timestamp;
use crate::web::platform::now;
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};

/// A connection to the embedding page. Dropping it stops listening.
#[derive(Clone)]
pub struct Bridge {
    inner: Rc<Inner>,
}

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

struct Inner {
    host: String,
    parent: web_sys::Window,
    next_id: Cell<u64>,
    sync: RefCell<SaveSync>,
    latest: RefCell<Option<Session>>,
    /// The host's copy our session is built on (the `init` session, the last
    /// acked save, or the host's copy from a conflict or a push): the base of
    /// a three-way merge.
    base_copy: RefCell<Option<Session>>,
    /// Saves in flight by message id, to know which copy an ack confirms.
    sent: RefCell<Vec<(String, Session)>>,
    /// The agent's name, stamped on each save so another sidebar can say who changed the ticket.
    agent: RefCell<String>,
    save_timer: RefCell<Option<Timeout>>,
    ready_timer: RefCell<Option<Interval>>,
    ready_sent: Cell<u32>,
    initialized: Cell<bool>,
    last_height: Cell<u32>,
    on_message: Box<dyn Fn(HostMessage)>,
    on_sync: Box<dyn Fn(SyncState)>,
    listener: RefCell<Option<EventListener>>,
    rate: RefCell<RateLimit>,
}

impl Bridge {
    /// Starts talking to `host` (an exact origin): listens for its messages and
    /// announces `ready` now and once a second until `init` arrives.
    pub fn connect(host: String, on_message: impl Fn(HostMessage) + 'static, on_sync: impl Fn(SyncState) + 'static) -> Option<Bridge> {
        let window = web_sys::window()?;
        let parent = window.parent().ok().flatten()?;
        let inner = Rc::new(Inner {
            host,
            parent,
            next_id: Cell::new(0),
            sync: RefCell::new(SaveSync::default()),
            latest: RefCell::new(None),
            base_copy: RefCell::new(None),
            sent: RefCell::new(Vec::new()),
            agent: RefCell::new(String::new()),
            save_timer: RefCell::new(None),
            ready_timer: RefCell::new(None),
            ready_sent: Cell::new(0),
            initialized: Cell::new(false),
            last_height: Cell::new(0),
            on_message: Box::new(on_message),
            on_sync: Box::new(on_sync),
            listener: RefCell::new(None),
            rate: RefCell::new(RateLimit::default()),
        });
        let weak = Rc::downgrade(&inner);
        let listener = EventListener::new(&window, "message", move |e| {
            if let (Some(inner), Some(e)) = (weak.upgrade(), e.dyn_ref::<web_sys::MessageEvent>()) {
                Inner::receive(&inner, e);
            }
        });
        *inner.listener.borrow_mut() = Some(listener);
        let bridge = Bridge { inner };
        bridge.send_ready();
        let weak = Rc::downgrade(&bridge.inner);
        *bridge.inner.ready_timer.borrow_mut() = Some(Interval::new(protocol::READY_INTERVAL_MS as u32, move || {
            if let Some(inner) = weak.upgrade() {
                Bridge { inner }.send_ready();
            }
        }));
        Some(bridge)
    }

    pub fn host(&self) -> &str {
        &self.inner.host
    }

    fn send_ready(&self) {
        let i = &self.inner;
        if i.initialized.get() || i.ready_sent.get() >= READY_MAX {
            i.ready_timer.borrow_mut().take();
            return;
        }
        i.ready_sent.set(i.ready_sent.get() + 1);
        i.post("ready", None, protocol::ready(crate::VERSION));
    }

    /// The session changed (and is already written locally): it must reach the host.
    pub fn session_changed(&self, session: &Session) {
        *self.inner.latest.borrow_mut() = Some(session.clone());
        self.inner.sync.borrow_mut().changed(session.rev);
        Inner::pump(&self.inner);
    }

    /// A new ticket: forget the old one's pending saves. `host_copy` is the
    /// session the host's `init` carried (our saves are built on it); `agent`
    /// the name the host gave the agent.
    pub fn switch_ticket(&self, session: &Session, host_copy: Option<&Session>, agent: &str) {
        {
            let mut sync = self.inner.sync.borrow_mut();
            sync.reset();
            sync.based_on(host_copy.map_or(0, |h| h.rev));
        }
        self.inner.save_timer.borrow_mut().take();
        *self.inner.latest.borrow_mut() = Some(session.clone());
        *self.inner.base_copy.borrow_mut() = host_copy.cloned();
        self.inner.sent.borrow_mut().clear();
        *self.inner.agent.borrow_mut() = agent.to_string();
        (self.inner.on_sync)(SyncState::Idle);
    }

    /// The host's copy arrived (a `conflict` or a `session` push, already
    /// checked against the save state): returns the copy ours was built on,
    /// for the merge, and makes `host` the new base of what we send.
    pub fn rebase(&self, host: &Session) -> Option<Session> {
        self.inner.base_copy.replace(Some(host.clone()))
    }

    /// The host's copy (a `conflict` or a push) is what this sidebar now
    /// holds, byte for byte but the sender's name: nothing is left to send,
    /// so its rev counts as acknowledged (a conflict whose merge adds nothing
    /// of ours costs the host no write).
    pub fn host_holds(&self, rev: u64) {
        self.inner.sync.borrow_mut().pushed(rev);
        (self.inner.on_sync)(self.inner.sync.borrow().state());
    }

    /// Answers `request_state`: the current session, at once.
    pub fn answer_state(&self, re: &str) {
        let latest = self.inner.latest.borrow().clone();
        if let Some(s) = latest {
            let id = self.inner.post_save(Some(re), &s);
            // The answer is a save like any other: an ack of it counts.
            let mut sync = self.inner.sync.borrow_mut();
            sync.changed(s.rev);
            sync.poll(Timestamp(i64::MAX), &id);
        }
    }

    pub fn insert_text(&self, ticket_id: &str, text: &str) {
        self.inner.post("insert_text", None, protocol::insert_text(ticket_id, text));
    }

    /// Sends the service alert as an internal note (the protocol's `note` message).
    /// The agent took a rewrite of the streamed draft: the host replaces its
    /// reply box's text (only for a host whose `capabilities.set_draft` is
    /// true; the caller checks).
    pub fn set_draft(&self, ticket_id: &str, text: &str) {
        self.inner.post("set_draft", None, protocol::set_draft(ticket_id, text));
    }

    pub fn internal_note(&self, ticket_id: &str, markdown: &str) {
        self.inner.post("note", None, protocol::note(ticket_id, markdown));
    }

    pub fn follow_up(&self, ticket_id: &str, due: Timestamp, text: &str) {
        self.inner.post("follow_up", None, protocol::follow_up(ticket_id, due, text));
    }

    /// Tells the host the content height, when it changed.
    pub fn resize(&self, height: u32) {
        if self.inner.last_height.replace(height) != height {
            self.inner.post("resize", None, protocol::resize(height));
        }
    }

    pub fn sync_state(&self) -> SyncState {
        self.inner.sync.borrow().state()
    }
}

impl Inner {
    /// Posts a save of `s`, stamped with the agent and carrying the base rev,
    /// and remembers the copy until the host answers.
    fn post_save(&self, re: Option<&str>, s: &Session) -> String {
        let stamped = crate::core::ticket::stamped(s, &self.agent.borrow());
        let base_rev = self.sync.borrow().base_rev();
        let id = self.post("save", re, protocol::save(&stamped, base_rev));
        let mut sent = self.sent.borrow_mut();
        sent.push((id.clone(), s.clone()));
        if sent.len() > 16 {
            sent.remove(0);
        }
        id
    }

    fn next_id(&self) -> String {
        let n = self.next_id.get() + 1;
        self.next_id.set(n);
        format!("w-{n}")
    }

    /// Posts one message to the parent, to the host origin only (never "*").
    fn post(&self, kind: &str, re: Option<&str>, payload: Value) -> String {
        let id = self.next_id();
        let msg = protocol::envelope(kind, &id, re, payload);
        // A structured clone of a plain object, as the protocol says: built by
        // JSON.parse so no Rust-side type leaks into the host's world.
        if let Ok(text) = serde_json::to_string(&msg) {
            if let Ok(obj) = js_sys::JSON::parse(&text) {
                let _ = self.parent.post_message(&obj, &self.host);
            }
        }
        id
    }

    fn receive(this: &Rc<Inner>, e: &web_sys::MessageEvent) {
        // Only our parent, and only from the exact host origin; anything else is
        // dropped without an answer.
        let from_parent = e.source().is_some_and(|s| js_sys::Object::is(&s, this.parent.as_ref()));
        if !from_parent || e.origin() != this.host {
            return;
        }
        if !this.rate.borrow_mut().allow(now()) {
            return;
        }
        match decode(&e.data()) {
            Ok(msg) => this.handle(msg),
            Err(rejection) => {
                this.post("error", rejection.re.as_deref(), protocol::error(&rejection));
            }
        }
    }

    fn handle(self: &Rc<Self>, msg: HostMessage) {
        match &msg {
            HostMessage::Init { .. } => {
                self.initialized.set(true);
                self.ready_timer.borrow_mut().take();
            }
            HostMessage::Ack { re, .. } => {
                if let Some(copy) = self.sent.borrow().iter().find(|(id, _)| id == re).map(|(_, s)| s.clone()) {
                    let newer = self.base_copy.borrow().as_ref().is_none_or(|b| copy.rev >= b.rev);
                    if newer {
                        *self.base_copy.borrow_mut() = Some(copy);
                    }
                }
                if self.sync.borrow_mut().ack(re) {
                    (self.on_sync)(self.sync.borrow().state());
                    Inner::pump(self);
                }
                return;
            }
            HostMessage::RequestState { .. } => {}
            // Revision 2: only about the open ticket; anything else is refused
            // and changes nothing.
            HostMessage::Conversation { .. }
            | HostMessage::Draft { .. }
            | HostMessage::Conflict { .. }
            | HostMessage::SessionPush { .. } => {
                let open = self.latest.borrow().as_ref().map(|s| s.ticket_id.clone());
                if let Err(r) = protocol::check_open_ticket(&msg, open.as_deref()) {
                    self.post("error", r.re.as_deref(), protocol::error(&r));
                    return;
                }
                match &msg {
                    // The save it refuses is no longer in flight; what we send
                    // next is built on the host's copy. A conflict about a save
                    // we never sent (or already settled) changes nothing.
                    HostMessage::Conflict { re, session, .. } => {
                        if !self.sync.borrow_mut().conflict(re, session.rev) {
                            return;
                        }
                        (self.on_sync)(self.sync.borrow().state());
                    }
                    HostMessage::SessionPush { session, .. } => self.sync.borrow_mut().pushed(session.rev),
                    _ => {}
                }
            }
        }
        (self.on_message)(msg);
    }

    /// Sends what the save state machine says is due, and sets a timer for the next deadline.
    fn pump(this: &Rc<Inner>) {
        let t = now();
        let id = format!("w-{}", this.next_id.get() + 1);
        let due = this.sync.borrow_mut().poll(t, &id);
        if due {
            let latest = this.latest.borrow().clone();
            if let Some(s) = latest {
                let sent = this.post_save(None, &s);
                debug_assert_eq!(sent, id);
            }
        }
        (this.on_sync)(this.sync.borrow().state());
        let deadline = this.sync.borrow().deadline();
        let timer = deadline.map(|d| {
            let wait = (d.millis().saturating_sub(now().millis())).clamp(0, 60_000) as u32;
            let weak: Weak<Inner> = Rc::downgrade(this);
            Timeout::new(wait, move || {
                if let Some(inner) = weak.upgrade() {
                    Inner::pump(&inner);
                }
            })
        });
        *this.save_timer.borrow_mut() = timer;
    }
}

/// Turns a received `data` into a host message, measuring its serialized size
/// before copying it into wasm memory.
fn decode(data: &JsValue) -> Result<HostMessage, Rejection> {
    let id = js_sys::Reflect::get(data, &"id".into()).ok().and_then(|v| v.as_string());
    let id = id.as_deref().filter(|s| s.len() <= 256);
    let text = match js_sys::JSON::stringify(data) {
        Ok(t) => JsValue::from(t).dyn_into::<js_sys::JsString>().ok(),
        Err(_) => return Err(protocol::unreadable("it has a cycle or a value JSON cannot hold", id)),
    };
    let Some(text) = text else {
        return Err(protocol::unreadable("it is undefined or a function", id));
    };
    // UTF-16 length never exceeds the UTF-8 length, so this refuses a huge
    // message without copying it.
    let units = text.length() as usize;
    if units > protocol::MAX_MESSAGE_BYTES {
        return Err(protocol::too_large(units, id));
    }
    let text = String::from(text);
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => protocol::parse_host_message(&value, text.len()),
        Err(e) => Err(protocol::unreadable(&e.to_string(), id)),
    }
}
