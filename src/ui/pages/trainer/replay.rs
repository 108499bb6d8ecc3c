//! The replay of a finished run: rebuilt from its recording, stepped through
//! one input at a time beside the debrief.

use super::parts::{mark_word, ChatLog, MoodMeter};
use super::state::Active;
use crate::core::text::lower_latin;
use crate::core::trainer::{EndKind, Input, Recording, Run};
use crate::ui::hooks::{use_tr, Tr};
use std::rc::Rc;
use yew::prelude::*;

/// One recorded input, in words, for the replay.
fn describe(tr: Tr, active: &Active, input: &Input) -> String {
    match input {
        Input::Choose { .. } => tr.t("The trainee chose a reply.").into(),
        Input::FreeText { .. } => tr.t("The trainee typed a reply.").into(),
        Input::Mark { step, mark } => {
            tr.f("The trainer scored {step}: {mark}.", &[("step", &active.step_title(step)), ("mark", tr.t(mark_word(*mark)))])
        }
        Input::SetMood { mood } => tr.f("The trainer set the mood to {mood}.", &[("mood", &mood.to_string())]),
        Input::End { kind } => tr.f("The trainer ended it: {outcome}.", &[("outcome", &lower_latin(tr.t(EndKind::from(*kind).label())))]),
        Input::GiveUp => tr.t("The role-play was stopped.").into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ReplayProps {
    pub active: Rc<Active>,
}

/// The run rebuilt from its recording ([`Run::replay`]), one input at a time.
#[component]
pub fn Replay(props: &ReplayProps) -> Html {
    let tr = use_tr();
    let recording = props.active.run.recording();
    let total = recording.inputs.len();
    let step = use_state_eq(|| 0usize);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let k = (*step).min(total);
    let partial = Recording { inputs: recording.inputs[..k].to_vec(), ..recording.clone() };
    let rebuilt = Run::replay(props.active.run.scenario_arc(), &partial);
    // aria-disabled rather than disabled: the focus stays on a button that stops doing anything.
    let go = |to: usize| {
        let step = step.setter();
        Callback::from(move |_| step.set(to.min(total)))
    };
    let body = match rebuilt {
        Err(e) => html! { <p class="ta-error" role="alert">{ tr.f("This run cannot be replayed: {e}.", &[("e", &e.to_string())]) }</p> },
        Ok(run) => {
            let len = run.transcript().len();
            let said = props.active.said.iter().filter(|s| s.after <= len).cloned().collect();
            let what = if k == 0 {
                tr.t("The start: the customer's opening.").to_string()
            } else {
                describe(tr, &props.active, &recording.inputs[k - 1].input)
            };
            let mood = run.mood();
            let view = Rc::new(Active {
                id: format!("{}-replay", props.active.id),
                run,
                findings: props.active.findings.clone(),
                said,
                outbox: Default::default(),
                late: Vec::new(),
                playbook: props.active.playbook.clone(),
            });
            html! {
                <>
                    <p class="ta-replay-where" aria-live="polite">{ tr.f("Step {k} of {total}. {what}", &[("k", &k.to_string()), ("total", &total.to_string()), ("what", &what)]) }</p>
                    <div class="ta-replay-grid">
                        <ChatLog active={view} />
                        <div class="ta-trainer-panel">
                            <h3 id="ta-replay-mood-h">{ tr.t("Mood at this point") }</h3>
                            <MoodMeter {mood} labelled_by="ta-replay-mood-h" />
                        </div>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="ta-replay ta-trainer-panel" id="ta-replay" aria-labelledby="ta-replay-h">
            <h2 id="ta-replay-h" ref={heading} tabindex="-1">{ tr.t("Replay") }</h2>
            <div class="ta-actions ta-actions-start" role="group" aria-label={tr.t("Replay controls")}>
                <button type="button" class="ta-btn" onclick={go(0)} aria-disabled={(k == 0).to_string()}>{ tr.t("First") }</button>
                <button type="button" class="ta-btn" onclick={go(k.saturating_sub(1))} aria-disabled={(k == 0).to_string()}>{ tr.t("Previous") }</button>
                <button type="button" class="ta-btn ta-btn-primary" onclick={go(k + 1)} aria-disabled={(k == total).to_string()}>{ tr.t("Next") }</button>
                <button type="button" class="ta-btn" onclick={go(total)} aria-disabled={(k == total).to_string()}>{ tr.t("Last") }</button>
            </div>
            { body }
        </section>
    }
}
