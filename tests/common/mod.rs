//! Helpers shared by the test files (each file that needs them says `mod common;`):
//! the coach's corpus loader, a counting storage backend, and the browser
//! helpers of the wasm test files.

#[allow(dead_code)]
pub mod corpus;
#[allow(dead_code)]
pub mod counting;
#[cfg(target_arch = "wasm32")]
pub mod web;
