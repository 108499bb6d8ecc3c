//! "Read aloud": the customer's lines spoken by the browser's speech
//! synthesis. Where the browser has none, the toggle is not shown.

use crate::ui::hooks::use_tr;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Whether this browser can speak (it has `speechSynthesis` and `SpeechSynthesisUtterance`).
pub fn available() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let has = |name: &str| js_sys::Reflect::get(&window, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined() && !v.is_null());
    has("speechSynthesis") && has("SpeechSynthesisUtterance")
}

/// Speaks one line after any already queued. Silently does nothing where the
/// browser refuses: reading aloud is a convenience, the text is on screen.
pub fn speak(text: &str) {
    if !available() {
        return;
    }
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else { return };
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        synth.speak(&utterance);
    }
}

/// Stops speaking and drops the queue.
pub fn stop() {
    if !available() {
        return;
    }
    if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
        synth.cancel();
    }
}

/// Speaks the lines that were added to `lines` since the last render, while `on`.
/// Turning it on does not replay the lines already on screen.
///
/// ```ignore
/// use_speak_new(customer_lines, ctx.read_aloud);
/// ```
#[hook]
pub fn use_speak_new(lines: Vec<String>, on: bool) {
    let spoken = use_mut_ref(|| 0usize);
    let was_on = use_mut_ref(|| on);
    use_effect(move || {
        let mut count = spoken.borrow_mut();
        let newly_on = on && !*was_on.borrow();
        *was_on.borrow_mut() = on;
        if on && !newly_on {
            for line in lines.iter().skip(*count) {
                speak(line);
            }
        }
        *count = lines.len();
    });
}

/// The read-aloud toggle, or nothing where the browser cannot speak.
#[component]
pub fn ReadAloudToggle() -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<super::TrainerCtx>() else { return html! {} };
    if !ctx.can_speak {
        return html! {};
    }
    let on = ctx.read_aloud;
    let toggle = ctx.set_read_aloud.reform(move |_| !on);
    html! {
        <button type="button" class="ta-btn ta-read-aloud" aria-pressed={on.to_string()} onclick={toggle}>
            { tr.t("Read aloud") }
        </button>
    }
}
