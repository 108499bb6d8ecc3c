//! Turnaround: a de-escalation copilot for support agents.
//!
//! `core` holds every rule and is pure; `web` (storage, the host bridge) and
//! `ui` (Yew hooks, components and pages) are the browser shell, compiled only
//! for wasm32. [`start`] is the wasm entry: it reads the URL, picks the page,
//! and mounts it. A map of the code is in `docs/ARCHITECTURE.md`.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The version hosts see in `ready`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The wasm entry point: mounts the page the URL asks for into `#turnaround`.
/// A page without that element (a test harness) mounts what it wants itself.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use ui::pages::{sidebar, trainer};
    use web::config::{Config, View};
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("turnaround"));
    let Some(el) = root else { return };
    web::platform::install_panic_hook();
    web::platform::mark("turnaround:start");
    el.set_text_content(None);
    let config = Config::from_location();
    match config.view {
        View::Trainer => {
            yew::Renderer::<trainer::TrainerPage>::with_root(el).render();
        }
        View::Sidebar => {
            let props = sidebar::SidebarHostProps { config: std::rc::Rc::new(config) };
            yew::Renderer::<sidebar::SidebarHost>::with_root_and_props(el, props).render();
        }
    }
}
