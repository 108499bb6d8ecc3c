//! The Yew side. `pages` are what a URL opens (the embedded or standalone
//! sidebar, the trainer); `components` render state and dispatch actions;
//! `hooks` carry the shell's behaviour (saving, the host bridge, other tabs,
//! the theme) so a page is wiring. Rules live in `core`, side effects in `web`.

pub mod components;
pub mod context;
pub mod hooks;
pub mod pages;
pub mod state;
