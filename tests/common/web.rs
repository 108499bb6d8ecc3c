//! The browser tests' helpers (tests/web.rs, tests/web_tools.rs,
//! tests/web_trainer.rs): mount a page into a fresh element, let Yew settle,
//! find and drive elements as a person would, read what was stored.
#![allow(dead_code)] // each test file uses its own share of these

use std::rc::Rc;
use std::time::Duration;
use turnaround::core::playbook::{find_built_in, Playbook};
use turnaround::core::session::Session;
use turnaround::core::store::session_key;
use turnaround::ui::pages::sidebar::{SidebarHost, SidebarHostProps};
use turnaround::ui::pages::trainer::TrainerPage;
use turnaround::web::config::Config;
use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A ticket id no other test uses.
pub fn ticket(name: &str) -> String {
    format!("{name}-{}", js_sys::Math::random().to_bits())
}

fn fresh_root() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts the standalone sidebar on `ticket` into a fresh element.
pub fn mount_sidebar(ticket: &str, playbook: &str) -> web_sys::Element {
    let root = fresh_root();
    let config = Config { ticket: Some(ticket.to_string()), playbook: Some(playbook.to_string()), ..Config::default() };
    yew::Renderer::<SidebarHost>::with_root_and_props(root.clone(), SidebarHostProps { config: Rc::new(config) }).render();
    root
}

/// Mounts the trainer page into a fresh element.
pub fn mount_trainer() -> web_sys::Element {
    let root = fresh_root();
    yew::Renderer::<TrainerPage>::with_root(root.clone()).render();
    root
}

/// Lets Yew render and run effects.
pub async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(Duration::ZERO).await;
    }
}

/// Waits (briefly) until `selector` matches inside `root`: for work that crosses a promise, like reading a file.
pub async fn wait_for(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{selector} never appeared:\n{}", text(root));
}

/// Waits until the sidebar has drawn what it renders after its first paint
/// (the paste box and the session tools: overdue banner, history, binder).
/// `settle` is not enough there: that part waits for a frame, and a loaded
/// machine may draw it later than three zero timeouts.
pub async fn drawn(root: &web_sys::Element) {
    wait_for(root, ".ta-session-tools").await;
}

pub fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The one element under `root` matching `selector` (the first, if several do).
pub fn one(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}:\n{}", text(root))).dyn_into().unwrap()
}

/// Every element under `root` matching `selector`.
pub fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.dyn_into().unwrap()).collect()
}

/// The element under `scope` matching `selector` whose text is exactly `label`
/// (or whose aria-label is).
pub fn labelled(scope: &web_sys::Element, selector: &str, label: &str) -> Option<web_sys::HtmlElement> {
    all(scope, selector).into_iter().find(|b| text(b).trim() == label || b.get_attribute("aria-label").as_deref() == Some(label))
}

pub fn button(scope: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    labelled(scope, "button", label).unwrap_or_else(|| panic!("no button {label:?} in: {}", text(scope)))
}

pub fn disabled(el: &web_sys::HtmlElement) -> bool {
    el.has_attribute("disabled")
}

/// The form control labelled `label` (by its `<label for>`).
pub fn field(scope: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    let l = labelled(scope, "label", label).unwrap_or_else(|| panic!("no label {label:?} in: {}", text(scope)));
    let id = l.get_attribute("for").unwrap_or_else(|| panic!("label {label:?} names no control"));
    one(scope, &format!("[id='{id}']"))
}

/// Types into an input or textarea as a person would: the value, then a bubbling `input`.
pub fn type_into(el: &web_sys::HtmlElement, value: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else {
        panic!("not a text field");
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let e = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&e).unwrap();
}

/// A step's checkbox in the checklist.
pub fn checkbox(root: &web_sys::Element, step: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#ta-check-{step}")).unwrap().unwrap_or_else(|| panic!("no checkbox for {step}")).dyn_into().unwrap()
}

/// Opens a step by its checklist row, as an agent clicking it would.
pub async fn open_step(root: &web_sys::Element, step: &str) {
    let row = one(root, &format!("#ta-check-{step}")).parent_element().unwrap();
    one(&row, ".ta-row-go").click();
    settle().await;
}

/// The ticket's session as localStorage holds it, if it does.
pub fn stored(ticket: &str) -> Option<Session> {
    storage().get_item(&session_key(ticket)).unwrap().map(|raw| serde_json::from_str(&raw).unwrap())
}

/// A built-in playbook.
pub fn playbook(id: &str) -> Playbook {
    find_built_in(id).cloned().expect("a built-in playbook")
}

/// Writes a session through the product's own store (so the index knows it),
/// as an earlier visit would have left it.
pub fn seed(session: &Session) {
    let (store, blocked) = turnaround::web::storage::SharedStore::open();
    assert!(blocked.is_none(), "localStorage is available in the test browser");
    store.save(session).unwrap();
}

/// Fills localStorage to the brim; returns the keys it added, for removing them.
pub fn fill_storage() -> Vec<String> {
    let mut keys = Vec::new();
    let mut chunk = "x".repeat(1 << 20);
    let mut i = 0;
    while chunk.len() >= 16 {
        let key = format!("filler-{i}");
        if storage().set_item(&key, &chunk).is_ok() {
            keys.push(key);
            i += 1;
        } else {
            chunk.truncate(chunk.len() / 2);
        }
    }
    keys
}

/// Removes what [`fill_storage`] added.
pub fn drain_storage(keys: &[String]) {
    for k in keys {
        storage().remove_item(k).unwrap();
    }
}
