//! The step in focus: what to do and why, its tool, its phrases, its note, and
//! the buttons that move on.

use crate::core::playbook::{Playbook, Step, Tool};
use crate::core::session::{Action, Session};
use crate::ui::components::phrases::Phrases;
use crate::ui::components::temperature::TemperatureControl;
use crate::ui::components::tools::ToolPanel;
use crate::ui::context::SidebarCtx;
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CurrentStepProps {
    pub step: Rc<Step>,
    pub index: usize,
    pub total: usize,
    pub session: Rc<Session>,
    /// The playbook the step belongs to (a tool names its steps).
    pub playbook: Rc<Playbook>,
    pub heading: NodeRef,
    pub when: AttrValue,
    pub on_done: Callback<()>,
    pub on_back: Callback<()>,
    /// Shown when the listen/acknowledge loop holds the agent.
    #[prop_or_default]
    pub hold: AttrValue,
}

#[component]
pub fn CurrentStep(props: &CurrentStepProps) -> Html {
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let step = &props.step;
    let state = props.session.step(&step.id);
    let done = state.is_some_and(|s| s.done);
    let note = state.map(|s| s.note.clone()).unwrap_or_default();
    let on_note = {
        let (act, id) = (ctx.act.clone(), step.id.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value();
            act.emit(Action::SetNote { step: id.clone(), text });
        })
    };
    let uncheck = {
        let (act, id) = (ctx.act.clone(), step.id.clone());
        Callback::from(move |_| act.emit(Action::UncheckStep { step: id.clone() }))
    };
    let done_click = props.on_done.reform(|_| ());
    let back_click = props.on_back.reform(|_| ());
    let note_id = format!("ta-note-{}", step.id);
    let tr = use_tr();
    // The step's tool in the task after the step itself (start-up's first
    // render stays short; it lands before the first frame most of the time).
    let soon = crate::ui::hooks::use_next_task();
    html! {
        <section class="ta-card" aria-labelledby="ta-step-title">
            <p class="ta-step-of">{ tr.f("Step {n} of {total}", &[("n", &(props.index + 1).to_string()), ("total", &props.total.to_string())]) }
                if done { <span class="ta-badge">{ tr.t("Done") }</span> }
            </p>
            <h2 id="ta-step-title" tabindex="-1" ref={props.heading.clone()}>{ &step.title }</h2>
            <p class="ta-why">{ &step.why }</p>
            <p class="ta-how">{ &step.how }</p>
            if !props.hold.is_empty() { <p class="ta-hold" role="note">{ &props.hold }</p> }
            if !step.dos.is_empty() || !step.avoid.is_empty() {
                <details class="ta-tips-box">
                <summary>{ tr.f("Do and avoid ({dos} + {avoid})", &[("dos", &step.dos.len().to_string()), ("avoid", &step.avoid.len().to_string())]) }</summary>
                <div class="ta-tips">
                    if !step.dos.is_empty() {
                        <div><h3>{ tr.t("Do") }</h3><ul class="ta-do">{ for step.dos.iter().map(|t| html! { <li>{ t }</li> }) }</ul></div>
                    }
                    if !step.avoid.is_empty() {
                        <div><h3>{ tr.t("Avoid") }</h3><ul class="ta-avoid">{ for step.avoid.iter().map(|t| html! { <li>{ t }</li> }) }</ul></div>
                    }
                </div>
                </details>
            }
            if step.tool == Some(Tool::CalmLoop) { <TemperatureControl session={props.session.clone()} /> }
            <Phrases step={step.clone()} when={props.when.clone()} />
            if let Some(tool) = step.tool.filter(|t| *t != Tool::CalmLoop && soon) { <ToolPanel {tool} session={props.session.clone()} playbook={props.playbook.clone()} /> }
            <div class="ta-field">
                <label for={note_id.clone()}>{ tr.t("Note for this step") }</label>
                <textarea id={note_id} class="ta-note" rows="2" value={note} oninput={on_note}
                    placeholder={tr.t("What the customer said, what you agreed…")} />
            </div>
            <div class="ta-actions">
                <button type="button" class="ta-btn" onclick={back_click} disabled={props.index == 0}>{ tr.t("Back") }<kbd aria-hidden="true">{ "p" }</kbd></button>
                if done {
                    <button type="button" class="ta-btn" onclick={uncheck}>{ tr.t("Uncheck") }<kbd aria-hidden="true">{ "x" }</kbd></button>
                }
                <button type="button" class="ta-btn ta-btn-primary ta-next" onclick={done_click}>
                    { if done { tr.t("Next step") } else if props.index + 1 == props.total { tr.t("Done") } else { tr.t("Done, next step") } }
                    <kbd aria-hidden="true">{ if done { "n" } else { "x" } }</kbd>
                </button>
            </div>
        </section>
    }
}
