//! Check-offs the coach offers from the agent's own words: "Looks done: you
//! thanked them", with one click (or the `y` key, for the first) to check the
//! step, and "Not yet" to dismiss it. Nothing is checked behind the agent's back.

use crate::core::conversation::Offer;
use crate::core::playbook::Playbook;
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OffersProps {
    pub offers: Rc<Vec<Offer>>,
    pub playbook: Rc<Playbook>,
    /// The step to check.
    pub on_confirm: Callback<String>,
    pub on_dismiss: Callback<Offer>,
}

#[component]
pub fn Offers(props: &OffersProps) -> Html {
    let tr = use_tr();
    if props.offers.is_empty() {
        return html! {};
    }
    html! {
        <ul class="ta-offers" aria-label={tr.t("Steps that look done")}>
            { for props.offers.iter().enumerate().map(|(i, o)| {
                let title = props.playbook.step(&o.step).map(|s| s.title.clone()).unwrap_or_else(|| o.step.clone());
                let confirm = props.on_confirm.reform({ let s = o.step.clone(); move |_| s.clone() });
                let dismiss = props.on_dismiss.reform({ let o = o.clone(); move |_| o.clone() });
                html! {
                    <li class="ta-offer" key={o.step.clone()}>
                        <span class="ta-offer-text"><strong>{ tr.f("{title}: ", &[("title", &title)]) }</strong>{ tr.say(&o.text()) }</span>
                        <button type="button" class="ta-btn ta-btn-primary" onclick={confirm}>
                            { tr.f("Check off \u{201c}{title}\u{201d}", &[("title", &title)]) }
                            if i == 0 { <kbd aria-hidden="true">{ "y" }</kbd> }
                        </button>
                        <button type="button" class="ta-btn" onclick={dismiss}>{ tr.t("Not yet") }<span class="ta-sr">{ tr.f(": leave \u{201c}{title}\u{201d} unchecked", &[("title", &title)]) }</span></button>
                    </li>
                }
            }) }
        </ul>
    }
}
