//! A live run: the trainer plays the customer from a crib sheet (persona,
//! situation, facts, endings), says the customer's lines (the scenario's or
//! their own), sets the mood, and scores each rubric step while the trainee
//! works in the real sidebar, opened in a second window so the crib sheet stays
//! on the trainer's screen only.

use super::parts::{mark_word, mood_word, ChatLog, MoodMeter};
use super::speech::{use_speak_new, ReadAloudToggle};
use super::state::{Active, Msg};
use super::TrainerCtx;
use crate::core::store::CheckOffs;
use crate::core::text::lower_latin;
use crate::core::trainer::{EndKind, Input, Mark, OutcomeKind};
use crate::ui::hooks::use_training_thread_writer;
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::now;
use crate::web::storage;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LiveProps {
    pub active: Rc<Active>,
    pub refused: Option<AttrValue>,
}

/// The trainee's check-offs in the sidebar session for `ticket`, as that
/// window last saved it (only those fields are read).
#[hook]
fn use_trainee_sidebar(ticket: String) -> Option<Rc<CheckOffs>> {
    let seen = use_state_eq(|| None::<Rc<CheckOffs>>);
    {
        let seen = seen.setter();
        use_effect_with(ticket, move |ticket| {
            // Nothing there yet is the usual case: the trainee has not opened the sidebar.
            if let Some(c) = storage::stored_check_offs(ticket) {
                seen.set(Some(Rc::new(c)));
            }
            let listener = storage::on_check_offs(ticket, move |c| seen.set(Some(Rc::new(c))));
            move || drop(listener)
        });
    }
    (*seen).clone()
}

/// An outcome's title, led by its kind unless the title already says it.
pub fn outcome_text(tr: Tr, kind: OutcomeKind, title: &str) -> String {
    let label = tr.t(EndKind::from(kind).label());
    if lower_latin(title).starts_with(&lower_latin(label)) {
        title.to_string()
    } else {
        format!("{label}: {title}")
    }
}

/// The moods the trainer can set in one click (their words are the temperature's labels).
const LEVELS: [(&str, u8); 4] = [("Calm", 15), ("Upset", 40), ("Angry", 65), ("Furious", 90)];

#[component]
pub fn LiveRun(props: &LiveProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<TrainerCtx>() else { return html! {} };
    let active = &props.active;
    let run = &active.run;
    let sc = run.scenario();
    let own_line = use_state(String::new);
    let heading = use_node_ref();
    let sidebar = use_trainee_sidebar(active.ticket());

    use_speak_new(active.said.iter().map(|s| s.text.clone()).collect(), ctx.read_aloud);
    // The customer's lines go to the trainee's sidebar as its thread.
    use_training_thread_writer(active.ticket(), active.said.iter().map(|s| (s.at, s.text.clone())).collect());
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let say = |text: String| ctx.send.reform(move |_: MouseEvent| Msg::Say { text: text.clone(), at: now() });
    let play = |input: Input| ctx.send.reform(move |_: MouseEvent| Msg::Play { input: input.clone(), at: now(), findings: Vec::new() });
    let on_own = {
        let own_line = own_line.clone();
        Callback::from(move |e: InputEvent| own_line.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
    };
    let say_own = {
        let (send, own_line) = (ctx.send.clone(), own_line.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if own_line.trim().is_empty() {
                return;
            }
            send.emit(Msg::Say { text: (*own_line).clone(), at: now() });
            own_line.set(String::new());
        })
    };

    // The customer's scripted lines, for the trainer to say in one click.
    let mut lines: Vec<(String, String)> = Vec::new();
    for (i, n) in sc.nodes.iter().enumerate() {
        let when =
            if i == 0 { tr.t("Opening").to_string() } else { tr.f("Line {n} · {id}", &[("n", &(i + 1).to_string()), ("id", &n.id)]) };
        lines.push((when, n.line.clone()));
    }
    for f in &sc.facts {
        if let Some(say) = &f.say {
            lines.push((tr.f("When the trainee brings out {fact}", &[("fact", &f.id)]), say.clone()));
        }
    }
    let mood = run.mood();
    let unscored = sc.rubric.iter().filter(|r| !run.marks().contains_key(&r.step)).count();
    let sidebar_href = format!("index.html?ticket={}&playbook={}&channel={}", active.ticket(), sc.playbook, sc.channel.as_str());

    html! {
        <main class="ta-trainer ta-run ta-live-run" id="ta-main">
            <div class="ta-run-head">
                <div>
                    <h1 ref={heading} tabindex="-1">{ &sc.title }</h1>
                    <p class="ta-run-meta">
                        <span class="ta-pill">{ tr.t("Live") }</span>
                        <span class="ta-pill">{ crate::ui::hooks::channel_word(&tr, sc.channel) }</span>
                        <span>{ tr.f("You play {customer}. Trainee: {trainee}.", &[("customer", &sc.persona.name), ("trainee", &super::parts::trainee_name(tr, run.trainee()))]) }</span>
                    </p>
                </div>
                <div class="ta-run-tools">
                    <ReadAloudToggle />
                    <a class="ta-btn" href={sidebar_href} target="_blank" rel="noopener">
                        { tr.t("Open the trainee's sidebar") }<span class="ta-sr">{ tr.t(" (new window)") }</span>
                    </a>
                </div>
            </div>
            <p class="ta-brief ta-private">{ tr.t("This screen is your crib sheet: keep it off the projector. Give the trainee the sidebar window.") }</p>

            <div class="ta-live-grid">
                <aside class="ta-crib" aria-labelledby="ta-crib-h">
                    <h2 id="ta-crib-h">{ tr.t("Crib sheet") }</h2>
                    <dl class="ta-crib-list">
                        <dt>{ tr.t("You are") }</dt>
                        <dd>{ format!("{}, {}{}", sc.persona.name, sc.persona.role, if sc.persona.company.is_empty() { String::new() } else { format!(", {}", sc.persona.company) }) }</dd>
                        <dt>{ tr.t("What happened") }</dt>
                        <dd>{ &sc.persona.situation }</dd>
                        <dt>{ tr.t("What you want") }</dt>
                        <dd>{ &sc.persona.wants }</dd>
                    </dl>
                    <h3>{ tr.t("Facts to give only when asked") }</h3>
                    <ul class="ta-crib-facts">
                        { for sc.facts.iter().map(|f| html! {
                            <li key={f.id.clone()}>{ &f.text }<span class="ta-muted">{ tr.f(" (brought out by {trigger})", &[("trigger", tr.t(f.trigger.label()))]) }</span></li>
                        }) }
                    </ul>
                    <h3>{ tr.t("How it can end") }</h3>
                    <ul class="ta-crib-ends">
                        { for sc.outcomes.iter().map(|o| html! {
                            <li key={o.id.clone()}>{ outcome_text(tr, o.kind, &o.title) }</li>
                        }) }
                    </ul>
                </aside>

                <section class="ta-live-talk" aria-labelledby="ta-talk-h">
                    <h2 id="ta-talk-h">{ tr.t("The conversation") }</h2>
                    <ChatLog active={active.clone()} feedback={false} />
                    <section class="ta-mood-strip" aria-labelledby="ta-live-mood-h">
                        <h3 id="ta-live-mood-h">{ tr.f("{customer}'s mood", &[("customer", &sc.persona.name)]) }</h3>
                        <MoodMeter {mood} labelled_by="ta-live-mood-h" />
                        <div class="ta-mood-set" role="group" aria-label={tr.t("Set the mood")}>
                            <button type="button" class="ta-btn" onclick={play(Input::SetMood { mood: mood.saturating_sub(10) })} disabled={mood == 0}>{ tr.t("Calmer (−10)") }</button>
                            { for LEVELS.iter().map(|(word, value)| html! {
                                <button type="button" class="ta-btn" aria-pressed={(mood_word(mood) == *word).to_string()} onclick={play(Input::SetMood { mood: *value })}>{ tr.t(word) }</button>
                            }) }
                            <button type="button" class="ta-btn" onclick={play(Input::SetMood { mood: mood.saturating_add(10).min(100) })} disabled={mood == 100}>{ tr.t("Angrier (+10)") }</button>
                        </div>
                    </section>
                    <form class="ta-typed" onsubmit={say_own}>
                        <label for="ta-live-line" class="ta-typed-label">{ tr.t("Say as the customer") }</label>
                        <textarea id="ta-live-line" rows="2" value={(*own_line).clone()} oninput={on_own} />
                        <div class="ta-typed-foot">
                            <span class="ta-hint">{ tr.t("Kept in the conversation on this screen (and read aloud when that is on).") }</span>
                            <button type="submit" class="ta-btn ta-btn-primary" disabled={own_line.trim().is_empty()}>{ tr.t("Say it") }</button>
                        </div>
                    </form>
                    <details class="ta-script" open=true>
                        <summary>{ tr.f("The scenario's lines ({n})", &[("n", &lines.len().to_string())]) }</summary>
                        <ul class="ta-script-list">
                            { for lines.iter().map(|(when, text)| html! {
                                <li>
                                    <span class="ta-muted ta-small">{ when }</span>
                                    <button type="button" class="ta-script-line" onclick={say(text.clone())}>{ text }</button>
                                </li>
                            }) }
                        </ul>
                    </details>

                </section>

                <section class="ta-rubric" aria-labelledby="ta-rubric-h">
                    <h2 id="ta-rubric-h">{ tr.t("Score each step") }</h2>
                    if let Some(why) = &props.refused { <p class="ta-error" role="alert">{ tr.say(why) }</p> }
                    <p class="ta-muted ta-small">
                        { match &sidebar {
                            Some(_) => tr.t("The trainee's sidebar is open: its check-offs show under each step."),
                            None => tr.t("Once the trainee opens the sidebar, its check-offs show under each step."),
                        } }
                    </p>
                    <ol class="ta-rubric-list">
                        { for sc.rubric.iter().map(|item| {
                            let current = run.marks().get(&item.step).copied();
                            let title = active.step_title(&item.step);
                            let hid = format!("ta-rubric-{}", item.step);
                            let checked = sidebar.as_ref().and_then(|s| s.done(&item.step));
                            html! {
                                <li key={item.step.clone()} class={classes!("ta-rubric-item", current.map(|m| format!("ta-marked-{}", mark_word(m))))}>
                                    <h3 id={hid.clone()}>{ &title }{ if item.weight > 1 { format!(" (×{})", item.weight) } else { String::new() } }</h3>
                                    <p class="ta-look-for"><span class="ta-muted">{ tr.t("Listen for: ") }</span>{ &item.look_for }</p>
                                    <div class="ta-seg ta-marks" role="group" aria-labelledby={hid}>
                                        { for [Mark::Done, Mark::Partly, Mark::Missed].into_iter().map(|mark| {
                                            let pressed = current == Some(mark);
                                            let step = item.step.clone();
                                            let word = match mark { Mark::Done => tr.t("Covered"), Mark::Partly => tr.t("Partly"), Mark::Missed => tr.t("Missed") };
                                            html! {
                                                <button type="button" class={classes!("ta-seg-btn", format!("ta-mark-{}", mark_word(mark)))} aria-pressed={pressed.to_string()}
                                                    onclick={play(Input::Mark { step, mark })}>{ word }</button>
                                            }
                                        }) }
                                    </div>
                                    if let Some(done) = checked {
                                        <p class="ta-small ta-muted">{ if done { tr.t("Sidebar: checked by the trainee") } else { tr.t("Sidebar: not checked") } }</p>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                </section>
            </div>

            <section class="ta-end" aria-labelledby="ta-end-h">
                <h2 id="ta-end-h">{ tr.t("End the role-play") }</h2>
                if unscored > 0 {
                    <p class="ta-muted">{ tr.n("{n} step is not scored yet; unscored steps count as missed.", "{n} steps are not scored yet; unscored steps count as missed.", unscored as u64, &[]) }</p>
                }
                <div class="ta-actions ta-actions-start">
                    { for sc.outcome_kinds().into_iter().map(|kind| {
                        let title = sc.outcomes.iter().find(|o| o.kind == kind).map(|o| o.title.clone()).unwrap_or_default();
                        let class = if kind == OutcomeKind::TurnedAround { "ta-btn ta-btn-primary" } else { "ta-btn" };
                        html! {
                            <button type="button" {class} onclick={play(Input::End { kind })}>
                                { outcome_text(tr, kind, &title) }
                            </button>
                        }
                    }) }
                    <button type="button" class="ta-btn" onclick={play(Input::GiveUp)}>{ tr.t("Stop without an outcome") }</button>
                </div>
            </section>
        </main>
    }
}
