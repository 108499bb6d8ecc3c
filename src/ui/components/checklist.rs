//! The compact checklist: every step on one line, checkable, the current one
//! marked with `aria-current="step"`.

use crate::core::playbook::Playbook;
use crate::core::session::Session;
use crate::core::time::Timestamp;
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub session: Rc<Session>,
    pub playbook: Rc<Playbook>,
    pub current: AttrValue,
    pub on_focus: Callback<String>,
    pub on_toggle: Callback<(String, bool)>,
}

#[component]
pub fn Checklist(props: &ChecklistProps) -> Html {
    let tr = use_tr();
    html! {
        <nav class="ta-checklist" aria-label={tr.t("Checklist")}>
            <ol>
                { for props.playbook.steps.iter().enumerate().map(|(i, step)| {
                    let state = props.session.step(&step.id);
                    let done = state.is_some_and(|s| s.done);
                    let done_at = state.and_then(|s| s.done_at);
                    let current = props.current == step.id.as_str();
                    let id = step.id.clone();
                    let focus = props.on_focus.reform({ let id = id.clone(); move |_| id.clone() });
                    let toggle = props.on_toggle.reform({ let id = id.clone(); move |_| (id.clone(), !done) });
                    let box_id = format!("ta-check-{}", step.id);
                    html! {
                        <li key={step.id.clone()} class={classes!("ta-row", done.then_some("ta-done"), current.then_some("ta-current"))}
                            aria-current={current.then_some("step")}>
                            <input type="checkbox" id={box_id.clone()} checked={done} onchange={toggle}
                                aria-label={tr.f("Step {n}: {title} — {state}", &[("n", &(i + 1).to_string()), ("title", &step.title), ("state", if done { tr.t("done") } else { tr.t("not done") })])} />
                            <button type="button" class="ta-row-go" onclick={focus} aria-describedby={box_id}>
                                <span class="ta-row-n" aria-hidden="true">{ i + 1 }</span>
                                <span class="ta-row-title">{ &step.title }</span>
                                if let Some(t) = done_at { <span class="ta-row-time">{ short_time(t) }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

/// "14:05" in the agent's time zone.
pub fn short_time(t: Timestamp) -> String {
    crate::web::platform::local_words(t, crate::web::platform::Clock::Time)
}
