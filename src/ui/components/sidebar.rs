//! The sidebar's layout and keyboard: header (ticket, playbook, channel), the
//! status area, the step in focus, the checklist, and the tools below.

use crate::core::coach::Review;
use crate::core::coach_wire::{self, Request};
use crate::core::conversation::Offer;
use crate::core::playbook::{Channel, Playbook};
use crate::core::session::{Action, Session};
use crate::ui::components::checklist::Checklist;
use crate::ui::components::current_step::CurrentStep;
use crate::ui::components::curve::TemperatureCurve;
use crate::ui::components::draft_coach::DraftCoach;
use crate::ui::components::offers::Offers;
use crate::ui::components::phrases::rendered;
use crate::ui::components::tools::{when_text, SessionTools};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::use_coach_answer;
use crate::ui::hooks::use_tr;
use crate::ui::hooks::{channel_word, Tr};
use crate::ui::state::Live;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    pub session: Rc<Session>,
    pub playbook: Rc<Playbook>,
    /// What the host streams: the thread, the draft in its reply box.
    pub live: Rc<Live>,
    pub on_dismiss_offer: Callback<Offer>,
    /// (id, title) of every playbook on offer.
    pub playbooks: Rc<Vec<(String, String)>>,
    pub on_playbook: Callback<String>,
    /// Renews the playbook picker when it changes (after a failed fetch, it
    /// shows the playbook in use again).
    #[prop_or_default]
    pub picker_key: AttrValue,
    pub on_channel: Callback<Channel>,
    pub status: Html,
}

/// Keys that act on the sidebar when no text field has focus, and what each
/// does (in the page's language).
pub fn shortcuts(tr: Tr) -> [(&'static str, &'static str); 7] {
    [
        ("n", tr.t("next step")),
        ("p", tr.t("previous step")),
        ("x", tr.t("check the step off (and move on)")),
        ("y", tr.t("yes, check off the first step that looks done")),
        ("1–9", tr.t("insert (or copy) phrase 1 to 9")),
        ("c", tr.t("copy the first phrase")),
        ("?", tr.t("show or hide these keys")),
    ]
}

#[component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let heading = use_node_ref();
    let show_keys = use_state_eq(|| false);
    // The header, the step and the checklist first; the coach and the tools
    // after the first frame, so each start-up task stays short.
    let later = crate::ui::hooks::use_after_first_paint();
    // Move keyboard focus to the step heading after the agent navigates, so a
    // screen reader follows; not on first render.
    let moved = use_mut_ref(|| false);
    let session = &props.session;
    let playbook = &props.playbook;
    let current_id = session.current_step(playbook).unwrap_or_default().to_string();
    let index = playbook.step_index(&current_id).unwrap_or(0);
    {
        let (heading, moved) = (heading.clone(), moved.clone());
        use_effect_with(current_id.clone(), move |_| {
            if std::mem::replace(&mut *moved.borrow_mut(), false) {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }

    let go = {
        let (act, moved) = (ctx.act.clone(), moved.clone());
        Callback::from(move |step: String| {
            *moved.borrow_mut() = true;
            act.emit(Action::Focus { step });
        })
    };
    let hold_text = if playbook.steps.get(index).and_then(|s| s.tool) == Some(crate::core::playbook::Tool::CalmLoop)
        && session.needs_calming()
    {
        tr.t("The customer is still angry: keep listening and acknowledging. Record the temperature again when it changes; the checklist moves on once they are calmer.")
    } else {
        ""
    };
    let next_id = session.next_step(playbook, &current_id).map(str::to_string);
    let on_done = {
        let (act, moved, current, next_id) = (ctx.act.clone(), moved.clone(), current_id.clone(), next_id.clone());
        let done = session.step(&current_id).is_some_and(|s| s.done);
        Callback::from(move |_| {
            *moved.borrow_mut() = true;
            if done {
                if let Some(n) = next_id.clone() {
                    act.emit(Action::Focus { step: n });
                }
            } else {
                act.emit(Action::CheckStep { step: current.clone(), advance_to: next_id.clone() });
            }
        })
    };
    let prev_id = index.checked_sub(1).and_then(|i| playbook.steps.get(i)).map(|s| s.id.clone());
    let on_back = {
        let (go, prev_id) = (go.clone(), prev_id.clone());
        Callback::from(move |_| {
            if let Some(p) = prev_id.clone() {
                go.emit(p);
            }
        })
    };
    let on_toggle = {
        let act = ctx.act.clone();
        Callback::from(move |(step, check): (String, bool)| {
            act.emit(if check { Action::CheckStep { step, advance_to: None } } else { Action::UncheckStep { step } });
        })
    };
    let when = when_text(session);
    let step = playbook.steps.get(index).cloned().map(Rc::new);
    let live = &props.live;
    // The paste box's draft, reviewed once here for the box and for the
    // check-offs it offers (by the coach's worker: nothing to review yet
    // asks nothing, so the coach is not fetched at start-up).
    let paste_request = (later && !session.draft.trim().is_empty())
        .then(|| Request::review(&session.draft, ctx.channel, Some(session.customer_message.as_str())));
    let paste = use_coach_answer(&ctx.coach.coach, "paste", paste_request.clone(), coach_wire::review_from_json);
    let paste_review: Rc<Review> = paste.current(paste_request.as_ref()).cloned().unwrap_or_default();
    let offers = Rc::new(live.offers(session, playbook, &paste_review));
    let confirm_offer = {
        let act = ctx.act.clone();
        Callback::from(move |step: String| act.emit(Action::CheckStep { step, advance_to: None }))
    };
    let take_rewrite = ctx.effect.reform(Effect::SetDraft);

    let onkeydown = {
        let (on_done, on_back, go, next_id, ctx2, show_keys) =
            (on_done.clone(), on_back.clone(), go.clone(), next_id.clone(), ctx.clone(), show_keys.clone());
        let first_offer = offers.first().map(|o| o.step.clone());
        let (step, when, current, done) =
            (step.clone(), when.clone(), current_id.clone(), session.step(&current_id).is_some_and(|s| s.done));
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() || typing_in_field(&e) {
                return;
            }
            let phrases = || step.as_ref().map(|s| rendered(s, &ctx2, &when)).unwrap_or_default();
            match e.key().as_str() {
                "n" | "j" => {
                    if let Some(n) = next_id.clone() {
                        go.emit(n);
                    }
                }
                "p" | "k" => on_back.emit(()),
                "x" => {
                    if done {
                        ctx2.act.emit(Action::UncheckStep { step: current.clone() });
                    } else {
                        on_done.emit(());
                    }
                }
                "y" => match first_offer.clone() {
                    Some(step) => ctx2.act.emit(Action::CheckStep { step, advance_to: None }),
                    None => return,
                },
                "c" => {
                    if let Some((t, _)) = phrases().into_iter().next() {
                        ctx2.effect.emit(Effect::Copy(t));
                    }
                }
                "?" => show_keys.set(!*show_keys),
                k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() && k != "0" => {
                    let n = (k.as_bytes()[0] - b'1') as usize;
                    if let Some((t, _)) = phrases().into_iter().nth(n) {
                        ctx2.effect.emit(Effect::Insert(t));
                    }
                }
                _ => return,
            }
            e.prevent_default();
        })
    };

    let on_playbook = props.on_playbook.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
    let customer = session.customer.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty());
    let title = if !session.subject.is_empty() { session.subject.clone() } else { tr.f("Ticket {id}", &[("id", &session.ticket_id)]) };
    let toggle_keys = {
        let show_keys = show_keys.clone();
        Callback::from(move |_| show_keys.set(!*show_keys))
    };

    html! {
        <main class="ta-sidebar" aria-label={tr.t("Turnaround")} {onkeydown}>
            <header class="ta-head">
                <div class="ta-ticket">
                    <h1 class="ta-title">{ title }</h1>
                    <p class="ta-sub">
                        if let Some(c) = customer { <span>{ c }</span> }
                        <span class="ta-id">{ format!("#{}", session.ticket_id) }</span>
                        if !session.owner.is_empty() { <span>{ tr.f("Owner: {name}", &[("name", &session.owner)]) }</span> }
                    </p>
                    <TemperatureCurve session={session.clone()} />
                </div>
                <div class="ta-pickers">
                    <label class="ta-pick">
                        <span>{ tr.t("Playbook") }</span>
                        <select key={props.picker_key.to_string()} onchange={on_playbook} aria-label={tr.t("Playbook")}>
                            { for props.playbooks.iter().map(|(id, title)| html! {
                                <option value={id.clone()} selected={*id == playbook.id}>{ title }</option>
                            }) }
                        </select>
                    </label>
                    <div class="ta-seg ta-channel" role="radiogroup" aria-label={tr.t("Channel")}>
                        { for Channel::ALL.iter().map(|c| {
                            let c = *c;
                            let checked = c == ctx.channel;
                            let onclick = props.on_channel.reform(move |_| c);
                            html! {
                                <button type="button" role="radio" aria-checked={checked.to_string()} class="ta-seg-btn" {onclick}>{ channel_word(&tr, c) }</button>
                            }
                        }) }
                    </div>
                </div>
                // A <progress> rather than a styled div: inline styles are barred by the CSP.
                <progress class="ta-progress" aria-hidden="true" max={session.steps.len().max(1).to_string()} value={session.done_count().to_string()}></progress>
            </header>
            { props.status.clone() }
            if live.streaming || !offers.is_empty() {
                <DraftCoach draft={AttrValue::from(live.draft.clone())} review={live.review.clone()} when={AttrValue::from(when.clone())}
                    reviewing={live.reviewing(session)} unavailable={ctx.coach.failed().map(AttrValue::from)}
                    can_set={ctx.can_set_draft} streaming={live.streaming} on_take={take_rewrite}>
                    <Offers offers={offers.clone()} playbook={playbook.clone()} on_confirm={confirm_offer} on_dismiss={props.on_dismiss_offer.clone()} />
                </DraftCoach>
            }
            if let Some(step) = step {
                <CurrentStep step={step} index={index} total={playbook.steps.len()} session={session.clone()} playbook={playbook.clone()}
                    heading={heading.clone()} when={AttrValue::from(when.clone())} on_done={on_done} on_back={on_back} hold={AttrValue::from(hold_text)} />
            }
            // The paste box, for hosts that do not stream their reply box (a task after the first paint).
            if later && !live.streaming {
                <crate::ui::components::coach_box::CoachBox session={session.clone()} review={paste.answer.clone()} reviewing={paste.pending} />
            }
            <Checklist session={session.clone()} playbook={playbook.clone()} current={AttrValue::from(current_id.clone())} on_focus={go} on_toggle={on_toggle} />
            if later {
                <SessionTools session={session.clone()} />
            }
            <footer class="ta-foot">
                <button type="button" class="ta-link" onclick={toggle_keys} aria-expanded={show_keys.to_string()}>{ tr.t("Keyboard shortcuts") }</button>
                if *show_keys {
                    <dl class="ta-keys">
                        { for shortcuts(tr).into_iter().map(|(k, what)| html! { <><dt><kbd>{ k }</kbd></dt><dd>{ what }</dd></> }) }
                    </dl>
                }
            </footer>
        </main>
    }
}

fn typing_in_field(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
}
