//! The coach's own bundle (feature `view-coach`: `pkg/coach.js` and
//! `pkg/coach_bg.wasm`, no Yew): one wasm-bindgen export, run by
//! `static/coach-worker.js` in a Web Worker for the sidebar. A request and
//! its answer are JSON ([`crate::core::coach_wire`]).

use wasm_bindgen::prelude::wasm_bindgen;

/// Answers one coach request (a draft to review, a message to read, or a
/// batch of both) with JSON; a malformed request gets `{"error": …}`.
#[wasm_bindgen]
pub fn coach(request: &str) -> String {
    crate::core::coach_wire::answer(request)
}

/// The languages a request needs whose data is not loaded yet (tags joined
/// by commas, empty for none): the worker fetches those before [`coach`].
#[wasm_bindgen]
pub fn coach_missing(request: &str) -> String {
    crate::core::coach_wire::missing_languages(request)
}

/// Installs a language's fetched data (`coach/<tag>/cues.txt`, `coach/<tag>/model.bin`);
/// an error names the file (and the line of `cues.txt`).
#[wasm_bindgen]
pub fn coach_load(tag: &str, cues: &str, model: &[u8]) -> Result<(), String> {
    crate::core::coach_wire::load_language(tag, cues, model)
}
