//! The pure core: every rule of the product. No web-sys, no gloo, no yew, no
//! clock and no randomness here: time and ids arrive as arguments, so every
//! rule is a plain native `#[test]` (the browser-only crates are not even
//! dependencies of a native build, so a stray import fails to compile).

pub mod advisor;
pub mod case;
pub mod coach;
pub mod coach_wire;
pub mod content;
pub mod conversation;
pub mod export;
pub mod i18n;
pub mod locale;
pub mod merge;
pub mod playbook;
pub mod protocol;
pub mod session;
pub mod store;
pub mod text;
pub mod ticket;
pub mod time;
pub mod trainer;
pub mod xapi;
