//! The browser shell: every side effect of the product lives here. Storage
//! (localStorage with fallbacks), the host bridge (postMessage), the URL
//! configuration, the clock and the clipboard.

pub mod bridge;
pub mod coach_client;
pub mod config;
pub mod platform;
pub mod storage;
