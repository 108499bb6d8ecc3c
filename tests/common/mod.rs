//! Helpers shared by the test files (each file that needs them says `mod common;`):
//! the coach's corpus loader, and the browser helpers of the wasm test files.

#[allow(dead_code)]
pub mod corpus;
#[cfg(target_arch = "wasm32")]
pub mod web;
