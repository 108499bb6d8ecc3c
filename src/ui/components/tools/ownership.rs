//! Ownership: the first person who hears the complaint owns it, and hands it
//! over only in real time, with the customer told who has it now.

use crate::core::session::{Action, Handover, Session};
use crate::ui::components::tools::alert::local_stamp;
use crate::ui::components::tools::followups::focus_if_lost;
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::new_id;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OwnershipProps {
    pub session: Rc<Session>,
}

/// What the agent says so the customer knows who has their case now.
pub fn handover_phrase(tr: Tr, customer: &str, owner: &str) -> String {
    let args = [("owner", owner)];
    let rest = tr.f("{owner} is looking after your case personally from now on, and will keep you updated until it is sorted.", &args);
    if customer.is_empty() {
        rest
    } else {
        format!("{customer}, {rest}")
    }
}

fn input_value(e: InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
}

#[component]
pub fn Ownership(props: &OwnershipProps) -> Html {
    let tr = use_tr();
    let uid = use_memo((), |_| new_id("ta-own-"));
    let s = &props.session;
    // Taking ownership or handing over replaces the button pressed: focus
    // lands on the owner line instead of nowhere. Only then: not when the
    // sidebar opens, nor when a ticket opens with its owner (focus moves only
    // when the agent acts; the sidebar opens at its top).
    let owner_ref = use_node_ref();
    let seen = use_mut_ref(|| None::<(String, String)>);
    {
        let owner_ref = owner_ref.clone();
        use_effect_with((s.ticket_id.clone(), s.owner.clone()), move |now| {
            let before = seen.replace(Some(now.clone()));
            if before.is_some_and(|(ticket, owner)| ticket == now.0 && owner != now.1) {
                focus_if_lost(&owner_ref);
            }
        });
    }
    html! {
        <section class="ta-tool ta-ownership" aria-labelledby={format!("{uid}-h")}>
            <h3 id={format!("{uid}-h")}>{ tr.t("Who owns this complaint") }</h3>
            if s.owner.is_empty() {
                <Claim uid={(*uid).clone()} />
            } else {
                <p class="ta-owner" tabindex="-1" ref={owner_ref.clone()}>{ tr.t("Owner: ") }<strong>{ &s.owner }</strong></p>
                if let Some(last) = s.handovers.last().filter(|h| h.to == s.owner) {
                    <TellCustomer owner={AttrValue::from(last.to.clone())} />
                }
                <HandOverForm owner={AttrValue::from(s.owner.clone())} uid={(*uid).clone()} owner_ref={owner_ref.clone()} />
            }
            if !s.handovers.is_empty() {
                <HandoverList handovers={Rc::new(s.handovers.clone())} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UidProps {
    uid: AttrValue,
}

/// Nobody owns it yet: the agent takes it (by the name the host gave, or typed).
#[component]
fn Claim(props: &UidProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let name = use_state(String::new);
    let known = ctx.agent.to_string();
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(input_value(e)))
    };
    let claim = {
        let (act, effect, name, known) = (ctx.act.clone(), ctx.effect.clone(), name.clone(), known.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let agent = if known.is_empty() { name.trim().to_string() } else { known.clone() };
            if agent.is_empty() {
                effect.emit(Effect::Announce(crate::msg!("Type your name to take ownership.")));
                return;
            }
            effect.emit(Effect::Announce(crate::msg!("{agent} owns this complaint now.")));
            act.emit(Action::Claim { agent });
        })
    };
    let name_id = format!("{}-me", props.uid);
    html! {
        <form class="ta-add" onsubmit={claim}>
            <p class="ta-muted">{ tr.t("Nobody owns it yet. Whoever hears the complaint first owns it.") }</p>
            if known.is_empty() {
                <div class="ta-inline">
                    <div class="ta-field">
                        <label for={name_id.clone()}>{ tr.t("Your name") }</label>
                        <input id={name_id} type="text" value={(*name).clone()} oninput={on_name} autocomplete="name" />
                    </div>
                    <button type="submit" class="ta-btn ta-btn-primary">{ tr.t("Take ownership") }</button>
                </div>
            } else {
                <button type="submit" class="ta-btn ta-btn-primary">{ tr.f("Take ownership as {known}", &[("known", &known)]) }</button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct HandOverFormProps {
    owner: AttrValue,
    uid: AttrValue,
    /// The owner line, where focus goes after the hand-over (the button pressed is disabled again).
    owner_ref: NodeRef,
}

/// Hands the case over; only possible once the agent confirms the customer
/// was told, live, who has it now.
#[component]
fn HandOverForm(props: &HandOverFormProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let to = use_state(String::new);
    let told = use_state_eq(|| false);
    let (to_id, told_id, why_id) = (format!("{}-to", props.uid), format!("{}-told", props.uid), format!("{}-why", props.uid));
    let name = to.trim().to_string();
    let same = name == props.owner.as_str();
    let ready = !name.is_empty() && !same && *told;
    let on_to = {
        let to = to.clone();
        Callback::from(move |e: InputEvent| to.set(input_value(e)))
    };
    let on_told = {
        let told = told.clone();
        Callback::from(move |e: Event| told.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let submit = {
        let (act, effect, to, told, owner_ref) = (ctx.act.clone(), ctx.effect.clone(), to.clone(), told.clone(), props.owner_ref.clone());
        let name = name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !ready {
                return;
            }
            act.emit(Action::HandOver { to: name.clone(), customer_told: true });
            effect.emit(Effect::Announce(crate::msg!("Handed over to {name}.")));
            to.set(String::new());
            told.set(false);
            if let Some(el) = owner_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    html! {
        <form class="ta-handover" onsubmit={submit}>
            <h4>{ tr.t("Hand it over") }</h4>
            <p id={why_id.clone()} class="ta-muted">{ tr.t("Only while the customer is still with you, so they hear the new name from you.") }</p>
            <div class="ta-field">
                <label for={to_id.clone()}>{ tr.t("New owner") }</label>
                <input id={to_id} type="text" value={(*to).clone()} oninput={on_to} autocomplete="off" aria-describedby={why_id.clone()} />
            </div>
            if same {
                <p class="ta-muted">{ tr.f("{name} already owns it.", &[("name", &name)]) }</p>
            }
            if !name.is_empty() && !same {
                <TellCustomer owner={AttrValue::from(name.clone())} />
            }
            <label class="ta-check" for={told_id.clone()}>
                <input type="checkbox" id={told_id} checked={*told} onchange={on_told} />
                <span>{ tr.t("I told the customer, live, who has their case now") }</span>
            </label>
            <div class="ta-actions">
                <button type="submit" class="ta-btn ta-btn-primary" disabled={!ready} aria-describedby={why_id}>{ tr.t("Hand over") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct TellCustomerProps {
    owner: AttrValue,
}

/// The reminder, with a phrase to insert.
#[component]
fn TellCustomer(props: &TellCustomerProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let phrase = handover_phrase(tr, &ctx.names.customer, &props.owner);
    let insert = {
        let phrase = phrase.clone();
        ctx.effect.reform(move |_| Effect::Insert(phrase.clone()))
    };
    html! {
        <div class="ta-remind">
            <p class="ta-label">{ tr.t("Tell the customer who has their case:") }</p>
            <p class="ta-phrase-text">{ phrase }</p>
            <button type="button" class="ta-btn" onclick={insert}>{ if ctx.can_insert { tr.t("Insert phrase") } else { tr.t("Copy phrase") } }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HandoverListProps {
    handovers: Rc<Vec<Handover>>,
}

#[component]
fn HandoverList(props: &HandoverListProps) -> Html {
    let tr = use_tr();
    html! {
        <div>
            <h4>{ tr.t("Earlier owners") }</h4>
            <ul class="ta-list">
                { for props.handovers.iter().rev().map(|h| {
                    let from = if h.from.is_empty() { tr.t("no one").to_string() } else { h.from.clone() };
                    html! {
                        <li class="ta-item">
                            <span>{ format!("{from} → {}", h.to) }</span>
                            <span class="ta-muted">{ format!("{}{}", local_stamp(h.at), if h.customer_told { tr.t(", customer told") } else { tr.t(", customer not told") }) }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
