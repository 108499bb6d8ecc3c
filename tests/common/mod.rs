//! Helpers shared by the test files (each file that needs them says `mod common;`).

#[cfg(target_arch = "wasm32")]
pub mod web;
