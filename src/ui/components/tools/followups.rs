//! Follow-up commitments: what was promised and by when, in the agent's local
//! time; the list with due times in words; and the banner that makes overdue
//! ones impossible to miss.

use crate::core::session::{Action, FollowUp, Session};
use crate::core::time::{Timestamp, DAY, HOUR, MINUTE};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::{due_words, local, new_id, now, utc_offset_minutes};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FollowUpsProps {
    pub session: Rc<Session>,
}

/// Re-renders the component every half minute, so a follow-up turns overdue
/// on screen without the agent touching anything.
#[hook]
fn use_ticking_clock() {
    let tick = use_state_eq(now);
    let set = tick.setter();
    use_effect_with((), move |_| {
        let interval = gloo::timers::callback::Interval::new(30_000, move || set.set(now()));
        move || drop(interval)
    });
}

/// Puts keyboard focus on `target` when the element that had it is gone (the
/// button pressed removed itself), so a keyboard user never lands nowhere.
pub(crate) fn focus_if_lost(target: &NodeRef) {
    let doc = web_sys::window().and_then(|w| w.document());
    let lost = doc.as_ref().is_none_or(|d| d.active_element().is_none_or(|a| d.body().is_some_and(|b| a == *b.as_ref())));
    if lost {
        if let Some(el) = target.cast::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

fn offset(t: Timestamp) -> i64 {
    utc_offset_minutes(t) * MINUTE
}

/// A quick choice of due time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quick {
    Today17,
    In24Hours,
    Tomorrow9,
}

impl Quick {
    pub const ALL: [Quick; 3] = [Quick::Today17, Quick::In24Hours, Quick::Tomorrow9];

    pub fn label(self) -> &'static str {
        match self {
            Quick::Today17 => crate::core::i18n::en("Today 17:00"),
            Quick::In24Hours => crate::core::i18n::en("In 24 hours"),
            Quick::Tomorrow9 => crate::core::i18n::en("Tomorrow 09:00"),
        }
    }

    /// The due moment, in the agent's local time where it names a clock time.
    pub fn due(self, now: Timestamp) -> Timestamp {
        let local_midnight = |t: Timestamp| Timestamp(t.plus(offset(t)).millis().div_euclid(DAY) * DAY);
        let at_local = |local: Timestamp| local.plus(-offset(local.plus(-offset(now))));
        match self {
            Quick::Today17 => at_local(local_midnight(now).plus(17 * HOUR)),
            Quick::In24Hours => Timestamp(now.plus(DAY).millis().div_euclid(MINUTE) * MINUTE),
            Quick::Tomorrow9 => at_local(local_midnight(now).plus(DAY + 9 * HOUR)),
        }
    }
}

/// A `datetime-local` value ("2026-11-22T17:00") as a moment, read in the
/// agent's time zone.
pub fn parse_local(value: &str) -> Option<Timestamp> {
    let v = value.trim();
    let full = match v.len() {
        16 => format!("{v}:00Z"),
        19 => format!("{v}Z"),
        _ if v.len() > 19 => format!("{}Z", v.get(..19)?),
        _ => return None,
    };
    let as_utc = Timestamp::parse(&full)?;
    // The offset at the wall-clock moment, found from a first guess.
    let guess = as_utc.plus(-offset(as_utc));
    Some(as_utc.plus(-offset(guess)))
}

/// A moment as a `datetime-local` value in the agent's time zone.
pub fn format_local(t: Timestamp) -> String {
    local(t).input_value()
}

/// "was due 16:00 today" for a due time that has passed (in Spanish and
/// German the due words keep their own preposition).
pub fn was_due_words(tr: Tr, due: Timestamp, now: Timestamp) -> String {
    let words = due_words(due, now);
    tr.f("was due {when}", &[("when", words.strip_prefix("by ").unwrap_or(&words))])
}

#[component]
pub fn FollowUps(props: &FollowUpsProps) -> Html {
    let tr = use_tr();
    use_ticking_clock();
    let uid = use_memo((), |_| new_id("ta-fu-"));
    let what_ref = use_node_ref();
    let list = &props.session.follow_ups;
    let at = now();
    let open = list.iter().filter(|f| f.done_at.is_none()).count();
    let late = props.session.overdue(at).count();
    let summary = match (list.len(), open, late) {
        (0, _, _) => tr.t("No commitments yet.").to_string(),
        (_, 0, _) => tr.t("All kept.").to_string(),
        (_, o, 0) => tr.f("{open} open.", &[("open", &o.to_string())]),
        (_, o, l) => tr.f("{open} open, {late} overdue.", &[("open", &o.to_string()), ("late", &l.to_string())]),
    };
    html! {
        <section class="ta-tool ta-followups" aria-labelledby={format!("{uid}-h")}>
            <h3 id={format!("{uid}-h")}>{ tr.t("Follow-ups you promised") }</h3>
            <p class="ta-muted">{ summary }</p>
            if !list.is_empty() {
                <ul class="ta-list" aria-label={tr.t("Follow-ups")}>
                    { for list.iter().map(|f| html! { <FollowUpRow key={f.id.clone()} follow_up={f.clone()} now={at} after_remove={what_ref.clone()} /> }) }
                </ul>
            }
            <AddFollowUp uid={(*uid).clone()} what_ref={what_ref.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AddFollowUpProps {
    uid: AttrValue,
    what_ref: NodeRef,
}

/// The form: what, and when (a quick choice or any date and time).
#[component]
fn AddFollowUp(props: &AddFollowUpProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let text = use_state(String::new);
    let when = use_state(String::new);
    let error = use_state_eq(String::new);
    let (what_id, when_id, err_id) = (format!("{}-what", props.uid), format!("{}-when", props.uid), format!("{}-err", props.uid));
    let at = now();
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let on_when = {
        let when = when.clone();
        Callback::from(move |e: InputEvent| when.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let add = {
        let (text, when, error, act, effect) = (text.clone(), when.clone(), error.clone(), ctx.act.clone(), ctx.effect.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let what = text.trim().to_string();
            let due = parse_local(&when);
            let problem = match due {
                _ if what.is_empty() => Some(tr.t("Say what you promised.")),
                None => Some(tr.t("Pick when: a quick choice or a date and time.")),
                Some(d) if d <= now() => Some(tr.t("That time has already passed. Pick a later one.")),
                Some(_) => None,
            };
            if let Some(p) = problem {
                error.set(p.to_string());
                return;
            }
            let Some(due) = due else { return };
            act.emit(Action::AddFollowUp { id: new_id("u-"), text: what.clone(), due });
            effect.emit(Effect::FollowUp { due, text: what.clone() });
            let by = due_words(due, now());
            effect.emit(Effect::Announce(crate::msg!("Follow-up added: {what}, {by}.")));
            error.set(String::new());
            text.set(String::new());
            when.set(String::new());
        })
    };
    let quick = |q: Quick| {
        let when = when.clone();
        Callback::from(move |_| when.set(format_local(q.due(now()))))
    };
    let chosen = parse_local(&when);
    let has_error = !error.is_empty();
    html! {
        <form class="ta-add ta-followup-form" onsubmit={add} novalidate=true>
            <div class="ta-field">
                <label for={what_id.clone()}>{ tr.t("What you promised") }</label>
                <input id={what_id} ref={props.what_ref.clone()} type="text" value={(*text).clone()} oninput={on_text} autocomplete="off"
                    placeholder={tr.t("Call back with the refund status")}
                    aria-invalid={(has_error && text.trim().is_empty()).then_some("true")}
                    aria-describedby={has_error.then(|| err_id.clone())} />
            </div>
            <div class="ta-quick" role="group" aria-label={tr.t("Quick due times")}>
                { for Quick::ALL.iter().map(|q| {
                    let q = *q;
                    let passed = q.due(at) <= at;
                    let pressed = chosen.is_some_and(|c| c == q.due(at));
                    html! {
                        <button type="button" class="ta-when-btn" onclick={quick(q)} disabled={passed} aria-pressed={pressed.to_string()}>{ tr.t(q.label()) }</button>
                    }
                }) }
            </div>
            <div class="ta-inline">
                <div class="ta-field">
                    <label for={when_id.clone()}>{ tr.t("Due (your local time)") }</label>
                    <input id={when_id} type="datetime-local" value={(*when).clone()} oninput={on_when} />
                </div>
                <button type="submit" class="ta-btn ta-btn-primary">{ tr.t("Add follow-up") }</button>
            </div>
            if let Some(d) = chosen {
                <p class="ta-muted ta-due-words">{ tr.f("Due {when}", &[("when", &due_words(d, at))]) }</p>
            }
            if has_error {
                <p id={err_id} class="ta-error" role="alert">{ (*error).clone() }</p>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct FollowUpRowProps {
    follow_up: FollowUp,
    now: Timestamp,
    /// Where focus goes once this row is removed.
    after_remove: NodeRef,
}

#[component]
fn FollowUpRow(props: &FollowUpRowProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let f = &props.follow_up;
    let done = f.done_at.is_some();
    let late = f.is_overdue(props.now);
    let toggle = {
        let id = f.id.clone();
        ctx.act.reform(move |_| if done { Action::ReopenFollowUp { id: id.clone() } } else { Action::CompleteFollowUp { id: id.clone() } })
    };
    let remove = {
        let (id, act, next) = (f.id.clone(), ctx.act.clone(), props.after_remove.clone());
        Callback::from(move |_| {
            act.emit(Action::RemoveFollowUp { id: id.clone() });
            if let Some(el) = next.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let box_id = format!("ta-fu-{}", f.id);
    let due = if late { was_due_words(tr, f.due, props.now) } else { tr.f("due {when}", &[("when", &due_words(f.due, props.now))]) };
    html! {
        <li class={classes!("ta-item", "ta-followup", late.then_some("ta-item-late"), done.then_some("ta-item-done"))}>
            <div class="ta-item-body">
                <label class="ta-check" for={box_id.clone()}>
                    <input type="checkbox" id={box_id} checked={done} onchange={toggle} />
                    <span class={classes!("ta-item-text", done.then_some("ta-struck"))}>{ &f.text }</span>
                </label>
                <span class="ta-due">
                    if late { <strong class="ta-late-tag">{ tr.t("Overdue") }</strong>{ " · " } }
                    { if done { "kept".to_string() } else { due } }
                </span>
            </div>
            <button type="button" class="ta-link" onclick={remove} aria-label={tr.f("Remove follow-up: {what}", &[("what", &f.text)])}>{ tr.t("Remove") }</button>
        </li>
    }
}

/// A compact banner of the session's overdue follow-ups, shown whatever step
/// the agent is on.
#[component]
pub fn OverdueBanner(props: &FollowUpsProps) -> Html {
    let tr = use_tr();
    use_ticking_clock();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let at = now();
    let late: Vec<&FollowUp> = props.session.overdue(at).collect();
    if late.is_empty() {
        return html! {};
    }
    let title = tr.n("Overdue follow-up", "{n} overdue follow-ups", late.len() as u64, &[]);
    html! {
        <div class="ta-overdue" role="alert">
            <strong>{ title }</strong>
            <ul class="ta-overdue-list">
                { for late.iter().map(|f| {
                    let id = f.id.clone();
                    let done = ctx.act.reform(move |_| Action::CompleteFollowUp { id: id.clone() });
                    html! {
                        <li key={f.id.clone()}>
                            <span>{ &f.text }<span class="ta-muted">{ format!(" ({})", was_due_words(tr, f.due, at)) }</span></span>
                            <button type="button" class="ta-link" onclick={done} aria-label={tr.f("Mark done: {what}", &[("what", &f.text)])}>{ tr.t("Mark done") }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
