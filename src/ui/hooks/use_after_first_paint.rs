//! Rendering in two steps: what the agent needs first (the step in focus, the
//! checklist), then the rest in a task of its own, so the first render is
//! short and the page answers while the coach and the tools are built.

use yew::prelude::*;

/// False on the first render, true from the render that follows it, which
/// runs in a new task (a zero timeout), after the browser could paint.
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
            let timer = gloo::timers::callback::Timeout::new(0, move || ready.set(true));
            move || drop(timer)
        });
    }
    *ready
}
