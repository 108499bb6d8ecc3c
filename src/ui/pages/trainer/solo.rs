//! A solo run: the simulated customer's chat, the reply choices and a
//! free-text box the coach classifies, the mood meter with its reasons, the
//! facts found and the playbook checklist.
//!
//! The coach is not in this page's bundle: a typed reply waits in the run's
//! outbox (shown as sent) while the coach's worker reads it
//! ([`use_read_typed`]), and reaches the run with its reading.

use super::parts::{shuffled, ChatLog, CoveredChecklist, FactsFound, MoodMeter};
use super::speech::{use_speak_new, ReadAloudToggle};
use super::state::{Active, Msg};
use super::TrainerCtx;
use crate::core::coach;
use crate::core::coach_wire::Request;
use crate::core::text::lower_latin;
use crate::core::trainer::{read_answer, unread, Input, Move, Read, What, MAX_REPLY_CHARS};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::coach_client::{Asked, Coach};
use crate::web::platform::now;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SoloProps {
    pub active: Rc<Active>,
    pub refused: Option<AttrValue>,
}

/// What the coach found in a typed reply, as short lines for the chat.
fn coach_findings(tr: Tr, review: &coach::Review) -> Vec<String> {
    let mut findings = Vec::new();
    let moves: Vec<&str> = review.move_kinds().into_iter().map(|m| tr.t(Move::from(m).label())).collect();
    if !moves.is_empty() {
        findings.push(tr.f("The coach heard {moves}.", &[("moves", &moves.join(", "))]));
    }
    // The coach reads in the page's language, so its reasons are in it already.
    for f in &review.findings {
        findings.push(f.reason.clone());
    }
    if findings.is_empty() {
        findings.push(tr.t("The coach found no move it knows in this reply.").to_string());
    }
    findings
}

/// The coach's reading of a typed reply, from its answer or, when there is
/// none, the reply counted with nothing heard and a note that says why.
async fn read_typed(coach: &Coach, tr: Tr, request: &Request, text: &str) -> Read {
    let why = match coach.ask(None, request).await {
        Ok(json) => match read_answer(text, &json) {
            Ok((input, review)) => return Read { input, findings: coach_findings(tr, &review) },
            Err(e) => e.to_string(),
        },
        Err(Asked::Unavailable(why)) => why,
        // Only a question in a slot can be overtaken; this one has none.
        Err(Asked::Stale) => crate::msg!("a newer question took its place"),
    };
    let note = crate::msg!("The coach could not read this reply ({why}), so it counted as a reply with no moves heard. Reload the page to try the coach again.");
    Read { input: unread(text), findings: vec![tr.say(&note)] }
}

/// Sends each typed reply in the run's outbox to the coach, once, in the
/// order sent, and hands each reading back to the page.
#[hook]
fn use_read_typed(active: &Rc<Active>, coach: &Coach, send: &Callback<Msg>) {
    let tr = use_tr();
    let sent = use_mut_ref(|| 0u64);
    let (active, coach, send) = (active.clone(), coach.clone(), send.clone());
    use_effect_with(active.outbox.newest(), move |_| {
        let channel = active.run.scenario().channel;
        for w in active.outbox.waiting().iter().filter(|w| w.serial > *sent.borrow()) {
            *sent.borrow_mut() = w.serial;
            let request = Request::review(&w.text, channel, w.customer.as_deref());
            let (coach, send, run, serial, text) = (coach.clone(), send.clone(), active.id.clone(), w.serial, w.text.clone());
            spawn_local(async move {
                let read = read_typed(&coach, tr, &request, &text).await;
                send.emit(Msg::Read { run, serial, read });
            });
        }
    });
}

#[component]
pub fn SoloRun(props: &SoloProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<TrainerCtx>() else { return html! {} };
    let run = &props.active.run;
    let sc = run.scenario();
    let draft = use_state(String::new);
    let heading = use_node_ref();
    let first_option = use_node_ref();

    use_speak_new(props.active.customer_lines().map(str::to_string).collect(), ctx.read_aloud);
    use_read_typed(&props.active, &ctx.coach, &ctx.send);
    let reading = !props.active.outbox.is_empty();
    {
        // At the start the title takes the focus; after each reply, the first option.
        let (heading, first_option) = (heading.clone(), first_option.clone());
        use_effect_with(run.turns(), move |turns| {
            let target = if *turns == 0 { heading.cast::<web_sys::HtmlElement>() } else { first_option.cast::<web_sys::HtmlElement>() };
            if let Some(el) = target {
                // Focus placement is a convenience; a refusal leaves it where it was.
                let _ = el.focus();
            }
        });
    }

    let last_customer = props.active.last_customer_line();
    let last_turn = run.turns();
    let reasons: Vec<(i32, String)> = run
        .transcript()
        .iter()
        .filter(|e| e.turn == last_turn && last_turn > 0)
        .filter_map(|e| if let What::Mood { delta, reason, .. } = &e.what { Some((*delta, reason.clone())) } else { None })
        .collect();
    let announce = {
        let said = last_customer.clone().map(|l| format!("{}: {l} ", sc.persona.name)).unwrap_or_default();
        let level = lower_latin(tr.t(super::parts::mood_word(run.mood())));
        format!("{said}{}", tr.f("Mood {mood} of 100, {level}.", &[("mood", &run.mood().to_string()), ("level", &level)]))
    };

    let send_typed = {
        let (send, draft) = (ctx.send.clone(), draft.clone());
        Callback::from(move |_: ()| {
            let text = (*draft).trim().to_string();
            if text.is_empty() {
                return;
            }
            // A reply too long to count stays in the box beside the reason.
            if text.chars().count() <= MAX_REPLY_CHARS {
                draft.set(String::new());
            }
            send.emit(Msg::Typed { text, at: now() });
        })
    };
    let on_submit = send_typed.reform(|e: SubmitEvent| e.prevent_default());
    let on_keydown = {
        let send_typed = send_typed.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                send_typed.emit(());
            }
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
    };
    let give_up = {
        let send = ctx.send.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(tr.t("Stop this role-play here? The debrief will show it as given up.")).ok())
                .unwrap_or(true);
            if sure {
                send.emit(Msg::Play { input: Input::GiveUp, at: now(), findings: Vec::new() });
            }
        })
    };

    let options = run.options();
    let node_id = run.node().map(|n| n.id.clone()).unwrap_or_default();
    let order = shuffled(&format!("{}:{}:{}", props.active.id, run.turns(), node_id), options.len());

    html! {
        <main class="ta-trainer ta-run" id="ta-main">
            <div class="ta-run-head">
                <div>
                    <h1 ref={heading} tabindex="-1">{ &sc.title }</h1>
                    <p class="ta-run-meta">
                        <span class="ta-pill">{ tr.t("Solo") }</span>
                        <span class="ta-pill">{ crate::ui::hooks::channel_word(&tr, sc.channel) }</span>
                        <span>{ tr.f("{trainee} is talking to {customer}, {role}.", &[("trainee", &super::parts::trainee_name(tr, run.trainee())), ("customer", &sc.persona.name), ("role", &sc.persona.role)]) }</span>
                    </p>
                </div>
                <div class="ta-run-tools">
                    <ReadAloudToggle />
                    <button type="button" class="ta-btn" onclick={give_up} disabled={reading}>{ tr.t("Stop here") }</button>
                </div>
            </div>
            <div class="ta-solo-grid">
                <div class="ta-solo-chat">
                    <section class="ta-mood-strip" aria-labelledby="ta-mood-h">
                        <h2 id="ta-mood-h">{ tr.f("{customer}'s mood", &[("customer", &sc.persona.name)]) }</h2>
                        <MoodMeter mood={run.mood()} labelled_by="ta-mood-h" />
                        if !reasons.is_empty() {
                            <ul class="ta-reasons" aria-label={tr.t("What your last reply did")}>
                                { for reasons.iter().map(|(delta, reason)| html! {
                                    <li class={if *delta > 0 { "ta-up" } else { "ta-down" }}>{ tr.say(reason) }</li>
                                }) }
                            </ul>
                        }
                    </section>
                    <ChatLog active={props.active.clone()} brief={AttrValue::from(sc.persona.situation.clone())} />
                    <p class="ta-sr" aria-live="polite" aria-atomic="true">{ announce }</p>
                </div>

                <section class="ta-reply" aria-labelledby="ta-reply-h">
                    <h2 id="ta-reply-h">{ tr.t("Your reply") }</h2>
                    if let Some(why) = &props.refused { <p class="ta-error" role="alert">{ tr.say(why) }</p> }
                    if reading { <p class="ta-hint ta-reading-hint">{ tr.t("The coach is reading your reply; the choices come back once the customer answers.") }</p> }
                    <ol class="ta-options" aria-label={tr.t("Replies to choose from")}>
                        { for order.iter().enumerate().map(|(shown, &option)| {
                            let choose = ctx.send.reform(move |_| Msg::Play { input: Input::Choose { option }, at: now(), findings: Vec::new() });
                            let node_ref = if shown == 0 { first_option.clone() } else { NodeRef::default() };
                            html! {
                                <li key={format!("{node_id}-{}-{option}", run.turns())}>
                                    <button type="button" class="ta-option" ref={node_ref} onclick={choose} disabled={reading}>
                                        <span class="ta-option-n" aria-hidden="true">{ shown + 1 }</span>
                                        <span class="ta-option-text">{ &options[option].text }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                    <form class="ta-typed" onsubmit={on_submit}>
                        <label for="ta-typed-reply" class="ta-typed-label">{ tr.t("Or answer in your own words") }</label>
                        <textarea id="ta-typed-reply" rows="3" maxlength={MAX_REPLY_CHARS.to_string()} value={(*draft).clone()} oninput={on_draft} onkeydown={on_keydown}
                            aria-describedby="ta-typed-hint" />
                        <div class="ta-typed-foot">
                            <span id="ta-typed-hint" class="ta-hint">{ tr.t("The coach reads your reply and the customer reacts to what it finds. Ctrl+Enter sends.") }</span>
                            <button type="submit" class="ta-btn ta-btn-primary" disabled={draft.trim().is_empty()}>{ tr.t("Send reply") }</button>
                        </div>
                    </form>
                </section>

                <aside class="ta-run-side" aria-label={tr.t("Progress")}>
                    <CoveredChecklist active={props.active.clone()} />
                    <FactsFound active={props.active.clone()} />
                </aside>
            </div>
        </main>
    }
}
