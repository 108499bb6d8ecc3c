//! The Yew components. They render state and dispatch actions; rules live in
//! `core`, side effects in `web`.

pub mod app;
pub mod checklist;
pub mod coach_box;
pub mod context;
pub mod current_step;
pub mod phrases;
pub mod sidebar;
pub mod standalone;
pub mod state;
pub mod status;
pub mod temperature;
pub mod tools;

use wasm_bindgen::prelude::*;

/// The wasm entry point: mounts the app into `#turnaround`. A page without
/// that element (a test harness) mounts what it wants itself.
#[wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("turnaround"));
    if let Some(el) = root {
        crate::web::platform::install_panic_hook();
        crate::web::platform::mark("turnaround:start");
        el.set_text_content(None);
        yew::Renderer::<app::App>::with_root(el).render();
    }
}
