//! Rendering in steps: what the agent needs first (the header, the step in
//! focus, the checklist), then the step's tool in the next task, then the
//! coach and the session tools once the browser has drawn a frame, so no one
//! task of start-up is long and the first frame lays out what it shows first.

use crate::web::platform::{after_next_frame, FrameWait};
use yew::prelude::*;

/// False on the first render, true from the render that follows it, which
/// runs in the next task (a zero timeout), most often before the first frame.
///
/// ```ignore
/// let soon = use_next_task();
/// html! { <>{ text }if soon { <ToolPanel /> }</> }
/// ```
#[hook]
pub fn use_next_task() -> bool {
    let ready = use_state_eq(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let timer = gloo::timers::callback::Timeout::new(0, move || ready.set(true));
            move || drop(timer)
        });
    }
    *ready
}

/// False until the browser has drawn a frame after the first render, true
/// from a render in a task after that frame (or after a short wait where the
/// page draws no frames, as a hidden frame does).
///
/// ```ignore
/// let later = use_after_first_paint();
/// html! { <>{ step }if later { <Tools /> }</> }
/// ```
#[hook]
pub fn use_after_first_paint() -> bool {
    let ready = use_state_eq(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let wait: FrameWait = after_next_frame(move || ready.set(true));
            move || drop(wait)
        });
    }
    *ready
}
