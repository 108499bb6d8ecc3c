//! The evidence and scenario worksheet: what is known (fact) apart from what
//! is felt (opinion), and the candidate explanations struck out one by one as
//! the evidence contradicts them.

use crate::core::session::{Action, Evidence, EvidenceKind, Hypothesis, Session, Worksheet as Sheet};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::new_id;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorksheetProps {
    pub session: Rc<Session>,
}

/// "2 facts, 1 opinion; 1 of 3 scenarios left".
pub fn counts(tr: Tr, sheet: &Sheet) -> String {
    let facts = sheet.evidence.iter().filter(|f| f.kind == EvidenceKind::Fact).count() as u64;
    let opinions = sheet.evidence.len() as u64 - facts;
    let left = sheet.hypotheses.iter().filter(|s| !s.struck).count().to_string();
    let total = sheet.hypotheses.len() as u64;
    format!(
        "{}, {}; {}",
        tr.n("{n} fact", "{n} facts", facts, &[]),
        tr.n("{n} opinion", "{n} opinions", opinions, &[]),
        tr.n("{left} of {n} scenario left", "{left} of {n} scenarios left", total, &[("left", &left)])
    )
}

fn focus(target: &NodeRef) {
    if let Some(el) = target.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

fn input_value(e: InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
}

#[component]
pub fn Worksheet(props: &WorksheetProps) -> Html {
    let tr = use_tr();
    let uid = use_memo((), |_| new_id("ta-ws-"));
    let sheet = &props.session.worksheet;
    html! {
        <section class="ta-tool ta-worksheet" aria-labelledby={format!("{uid}-h")}>
            <h3 id={format!("{uid}-h")}>{ tr.t("Evidence and scenarios") }</h3>
            <p class="ta-muted ta-counts">{ counts(tr, sheet) }</p>
            <EvidenceList items={Rc::new(sheet.evidence.clone())} uid={(*uid).clone()} />
            <HypothesisList items={Rc::new(sheet.hypotheses.clone())} uid={(*uid).clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EvidenceListProps {
    items: Rc<Vec<Evidence>>,
    uid: AttrValue,
}

#[component]
fn EvidenceList(props: &EvidenceListProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let text = use_state(String::new);
    let kind = use_state_eq(|| EvidenceKind::Fact);
    let input_ref = use_node_ref();
    let input_id = format!("{}-fact", props.uid);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(input_value(e)))
    };
    let add = {
        let (text, kind, act, effect) = (text.clone(), kind.clone(), ctx.act.clone(), ctx.effect.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = text.trim().to_string();
            if t.is_empty() {
                effect.emit(Effect::Announce(crate::msg!("Type what you learned first.")));
                return;
            }
            act.emit(Action::AddEvidence { id: new_id("f-"), text: t, kind: *kind });
            effect.emit(Effect::Announce(if *kind == EvidenceKind::Fact {
                crate::msg!("Added as a fact.")
            } else {
                crate::msg!("Added as an opinion.")
            }));
            text.set(String::new());
        })
    };
    let choose = |k: EvidenceKind| {
        let kind = kind.clone();
        Callback::from(move |_| kind.set(k))
    };
    html! {
        <div class="ta-subtool">
            <h4>{ tr.t("What we know") }</h4>
            <form class="ta-add" onsubmit={add}>
                <div class="ta-field">
                    <label for={input_id.clone()}>{ tr.t("Something the customer or the records say") }</label>
                    <input id={input_id} ref={input_ref.clone()} type="text" value={(*text).clone()} oninput={on_text} autocomplete="off" />
                </div>
                <div class="ta-inline ta-spread">
                    <div class="ta-seg" role="group" aria-label={tr.t("Is it a fact or an opinion?")}>
                        <button type="button" class="ta-seg-btn" aria-pressed={(*kind == EvidenceKind::Fact).to_string()} onclick={choose(EvidenceKind::Fact)}>{ tr.t("Fact") }</button>
                        <button type="button" class="ta-seg-btn" aria-pressed={(*kind == EvidenceKind::Opinion).to_string()} onclick={choose(EvidenceKind::Opinion)}>{ tr.t("Opinion") }</button>
                    </div>
                    <button type="submit" class="ta-btn">{ tr.t("Add") }</button>
                </div>
            </form>
            if props.items.is_empty() {
                <p class="ta-muted">{ tr.t("Nothing noted yet. Keep facts (dates, amounts, what the records show) apart from opinions (how it felt, who they blame).") }</p>
            } else {
                <ul class="ta-list" aria-label={tr.t("Evidence")}>
                    { for props.items.iter().map(|f| html! { <EvidenceRow key={f.id.clone()} fact={f.clone()} after_remove={input_ref.clone()} /> }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EvidenceRowProps {
    fact: Evidence,
    /// Where focus goes once this row is removed.
    after_remove: NodeRef,
}

#[component]
fn EvidenceRow(props: &EvidenceRowProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let f = &props.fact;
    let (other, label, other_label) = match f.kind {
        EvidenceKind::Fact => (EvidenceKind::Opinion, "Fact", tr.t("Fact: mark as opinion instead")),
        EvidenceKind::Opinion => (EvidenceKind::Fact, "Opinion", tr.t("Opinion: mark as fact instead")),
    };
    let toggle = {
        let id = f.id.clone();
        ctx.act.reform(move |_| Action::SetEvidenceKind { id: id.clone(), kind: other })
    };
    let remove = {
        let (id, act, next) = (f.id.clone(), ctx.act.clone(), props.after_remove.clone());
        Callback::from(move |_| {
            act.emit(Action::RemoveEvidence { id: id.clone() });
            focus(&next);
        })
    };
    html! {
        <li class={classes!("ta-item", "ta-fact", format!("ta-kind-{}", crate::core::case::lower(label)))}>
            <span class="ta-item-text">{ &f.text }</span>
            <span class="ta-item-actions">
                <button type="button" class="ta-tag" onclick={toggle}
                    aria-label={other_label}>{ tr.t(label) }</button>
                <button type="button" class="ta-link" onclick={remove} aria-label={tr.f("Remove: {what}", &[("what", &f.text)])}>{ tr.t("Remove") }</button>
            </span>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct HypothesisListProps {
    items: Rc<Vec<Hypothesis>>,
    uid: AttrValue,
}

#[component]
fn HypothesisList(props: &HypothesisListProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let text = use_state(String::new);
    let input_ref = use_node_ref();
    let input_id = format!("{}-scn", props.uid);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(input_value(e)))
    };
    let add = {
        let (text, act, effect) = (text.clone(), ctx.act.clone(), ctx.effect.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = text.trim().to_string();
            if t.is_empty() {
                effect.emit(Effect::Announce(crate::msg!("Type a possible explanation first.")));
                return;
            }
            act.emit(Action::AddHypothesis { id: new_id("s-"), text: t });
            effect.emit(Effect::Announce(crate::msg!("Explanation added.")));
            text.set(String::new());
        })
    };
    html! {
        <div class="ta-subtool">
            <h4>{ tr.t("What could explain it") }</h4>
            <form class="ta-inline" onsubmit={add}>
                <div class="ta-field">
                    <label for={input_id.clone()}>{ tr.t("A possible explanation") }</label>
                    <input id={input_id} ref={input_ref.clone()} type="text" value={(*text).clone()} oninput={on_text} autocomplete="off" />
                </div>
                <button type="submit" class="ta-btn">{ tr.t("Add") }</button>
            </form>
            if props.items.is_empty() {
                <p class="ta-muted">{ tr.t("List every explanation you can think of, then rule out the ones the evidence contradicts.") }</p>
            } else {
                <ul class="ta-list" aria-label={tr.t("Possible explanations")}>
                    { for props.items.iter().map(|s| html! { <HypothesisRow key={s.id.clone()} hypothesis={s.clone()} uid={props.uid.clone()} after_remove={input_ref.clone()} /> }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HypothesisRowProps {
    hypothesis: Hypothesis,
    uid: AttrValue,
    /// Where focus goes once this row is removed.
    after_remove: NodeRef,
}

/// One scenario; "Rule out" opens a short form asking which evidence contradicts it.
#[component]
fn HypothesisRow(props: &HypothesisRowProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let striking = use_state_eq(|| false);
    let reason = use_state(String::new);
    // Focus follows the form: into the reason when it opens, back to the
    // row's first button when it closes (the button pressed has gone).
    let (reason_ref, button_ref, was_open) = (use_node_ref(), use_node_ref(), use_mut_ref(|| false));
    {
        let (reason_ref, button_ref) = (reason_ref.clone(), button_ref.clone());
        use_effect_with(*striking, move |open| {
            let target = if *open { Some(reason_ref) } else { std::mem::replace(&mut *was_open.borrow_mut(), false).then_some(button_ref) };
            if *open {
                *was_open.borrow_mut() = true;
            }
            if let Some(el) = target.and_then(|r| r.cast::<web_sys::HtmlElement>()) {
                let _ = el.focus();
            }
        });
    }
    let s = &props.hypothesis;
    let id = s.id.clone();
    let open = {
        let striking = striking.clone();
        Callback::from(move |_| striking.set(true))
    };
    let cancel = {
        let striking = striking.clone();
        Callback::from(move |_| striking.set(false))
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(input_value(e)))
    };
    let strike = {
        let (act, effect, id, reason, striking) = (ctx.act.clone(), ctx.effect.clone(), id.clone(), reason.clone(), striking.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            act.emit(Action::StrikeHypothesis { id: id.clone(), reason: reason.trim().to_string() });
            effect.emit(Effect::Announce(crate::msg!("Ruled out.")));
            reason.set(String::new());
            striking.set(false);
        })
    };
    let restore = {
        let id = id.clone();
        ctx.act.reform(move |_| Action::RestoreHypothesis { id: id.clone() })
    };
    let remove = {
        let (act, next) = (ctx.act.clone(), props.after_remove.clone());
        Callback::from(move |_| {
            act.emit(Action::RemoveHypothesis { id: id.clone() });
            focus(&next);
        })
    };
    let reason_id = format!("{}-why-{}", props.uid, s.id);
    html! {
        <li class={classes!("ta-item", "ta-scenario", s.struck.then_some("ta-ruled-out"))}>
            <div class="ta-item-body">
                <span class={classes!("ta-item-text", s.struck.then_some("ta-struck"))}>
                    if s.struck { <span class="ta-sr">{ tr.t("Ruled out: ") }</span> }
                    { &s.text }
                </span>
                if s.struck && !s.reason.is_empty() {
                    <span class="ta-reason">{ tr.f("Because: {why}", &[("why", &s.reason)]) }</span>
                }
                if *striking {
                    <form class="ta-strike-form" onsubmit={strike}>
                        <div class="ta-field">
                            <label for={reason_id.clone()}>{ tr.t("What rules it out?") }</label>
                            <input id={reason_id} type="text" ref={reason_ref} value={(*reason).clone()} oninput={on_reason} autocomplete="off" />
                        </div>
                        <div class="ta-actions">
                            <button type="button" class="ta-btn" onclick={cancel}>{ tr.t("Cancel") }</button>
                            <button type="submit" class="ta-btn ta-btn-primary">{ tr.t("Rule out") }</button>
                        </div>
                    </form>
                }
            </div>
            if !*striking {
                <span class="ta-item-actions">
                    if s.struck {
                        <button type="button" class="ta-link" ref={button_ref.clone()} onclick={restore} aria-label={tr.f("Put back: {what}", &[("what", &s.text)])}>{ tr.t("Put back") }</button>
                    } else {
                        <button type="button" class="ta-link" ref={button_ref.clone()} onclick={open} aria-label={tr.f("Rule out: {what}", &[("what", &s.text)])}>{ tr.t("Rule out") }</button>
                    }
                    <button type="button" class="ta-link" onclick={remove} aria-label={tr.f("Remove: {what}", &[("what", &s.text)])}>{ tr.t("Remove") }</button>
                </span>
            }
        </li>
    }
}
