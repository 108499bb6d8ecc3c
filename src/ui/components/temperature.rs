//! The customer's temperature: the agent records it as the call goes; the
//! trend shows whether listening and acknowledging are working.

use crate::core::session::{Action, Session, Temperature};
use crate::ui::context::SidebarCtx;
use crate::ui::hooks::use_tr;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TemperatureProps {
    pub session: std::rc::Rc<Session>,
}

#[component]
pub fn TemperatureControl(props: &TemperatureProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let current = props.session.temperature();
    let trend = props.session.temperature_trend();
    let trend_words = match (props.session.temperatures.len(), trend) {
        (0, _) => tr.t("Not recorded yet"),
        (1, _) => tr.t("First reading"),
        (_, t) if t < 0 => tr.t("Cooling down"),
        (_, t) if t > 0 => tr.t("Heating up"),
        _ => tr.t("No change"),
    };
    let history: Vec<Html> = props
        .session
        .temperatures
        .iter()
        .rev()
        .take(8)
        .rev()
        .map(|r| {
            html! {
                <span class={classes!("ta-dot", format!("ta-t-{}", r.level.as_str()))} title={tr.t(r.level.label()).to_string()}></span>
            }
        })
        .collect();
    html! {
        <fieldset class="ta-temperature">
            <legend>{ tr.t("Customer's temperature") }</legend>
            <div class="ta-seg" role="group" aria-label={tr.t("Record the customer's temperature")}>
                { for Temperature::ALL.iter().map(|t| {
                    let level = *t;
                    let pressed = current == Some(level);
                    let onclick = ctx.act.reform(move |_| Action::RecordTemperature { level });
                    html! {
                        <button type="button" class={classes!("ta-seg-btn", format!("ta-t-{}", level.as_str()))} aria-pressed={pressed.to_string()} {onclick}>
                            { tr.t(level.label()) }
                        </button>
                    }
                }) }
            </div>
            <p class="ta-trend"><span class="ta-dots" aria-hidden="true">{ for history }</span>{ trend_words }</p>
        </fieldset>
    }
}
