//! Turnaround: a de-escalation copilot for support agents.
//!
//! `core` holds every rule and is pure; `web` (storage, the host bridge) and
//! `ui` (Yew components) are the browser shell, compiled only for wasm32.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The version hosts see in `ready`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
