//! Turnaround: a de-escalation copilot for support agents.
//!
//! `core` holds every rule and is pure; `web` (storage, the host bridge) and
//! `ui` (Yew hooks, components and pages) are the browser shell, compiled only
//! for wasm32. [`start`] is the wasm entry: it reads the URL, picks the page,
//! and mounts it. A map of the code is in `docs/ARCHITECTURE.md`.

// A one-view build (scripts/build.sh builds each view on its own) leaves the
// other view's helpers unused by design; the linker drops them.
#![cfg_attr(not(all(feature = "view-sidebar", feature = "view-trainer", feature = "coach-in-page")), allow(dead_code, unused_imports))]

pub mod core;

#[cfg(all(target_arch = "wasm32", feature = "view-coach"))]
pub mod coach_api;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The version hosts see in `ready`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The wasm entry point: mounts the page the URL asks for into `#turnaround`.
/// A page without that element (a test harness) mounts what it wants itself.
#[cfg(all(target_arch = "wasm32", any(feature = "view-sidebar", feature = "view-trainer")))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use web::config::Config;
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("turnaround"));
    let Some(el) = root else { return };
    web::platform::install_panic_hook();
    web::platform::mark("turnaround:start");
    el.set_text_content(None);
    let config = Config::from_location();
    // The first render in a task of its own: instantiating the wasm and
    // building the page were one long task (over 50 ms on every load).
    gloo::timers::callback::Timeout::new(0, move || mount(el, config)).forget();
}

/// Mounts the page of `config.view`, if this bundle carries it (each view is
/// its own bundle, chosen by `boot.js`; see `scripts/build.sh`).
#[cfg(all(target_arch = "wasm32", any(feature = "view-sidebar", feature = "view-trainer")))]
fn mount(el: web_sys::Element, config: web::config::Config) {
    use web::config::View;
    match config.view {
        #[cfg(feature = "view-trainer")]
        View::Trainer => {
            yew::Renderer::<ui::pages::trainer::TrainerPage>::with_root(el).render();
        }
        #[cfg(feature = "view-sidebar")]
        View::Sidebar => {
            // Storage, the playbook and the ticket in tasks of their own, then the first render.
            ui::pages::sidebar::prepare(config.clone(), move || mount_sidebar(el, config));
        }
        #[allow(unreachable_patterns)]
        _ => el.set_text_content(Some(
            "This page loaded the bundle of another view. Reload it; if this stays, the site serves an old boot.js.",
        )),
    }
}

/// Mounts the sidebar, a task after [`ui::pages::sidebar::prepare`].
#[cfg(all(target_arch = "wasm32", feature = "view-sidebar"))]
fn mount_sidebar(el: web_sys::Element, config: web::config::Config) {
    let props = ui::pages::sidebar::SidebarHostProps { config: std::rc::Rc::new(config) };
    yew::Renderer::<ui::pages::sidebar::SidebarHost>::with_root_and_props(el, props).render();
}
