//! The customer's temperature over the conversation: the newest reading in
//! words, and a small curve of the readings (SVG drawn here, no library) with
//! its text alternative ("came in furious at 09:12, upset by 09:30").

use crate::core::conversation::{curve, describe_in, CurvePoint};
use crate::core::session::Session;
use crate::ui::components::checklist::short_time;
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TemperatureCurveProps {
    pub session: Rc<Session>,
}

/// The drawing's own units; the SVG scales to the sidebar's width. Whole
/// numbers for the `viewBox`, written as integers: a float's `{}` would link
/// Rust's float printer into the sidebar for this alone (as [`tenths`] says).
const W_UNITS: u16 = 300;
const H_UNITS: u16 = 40;
const W: f32 = W_UNITS as f32;
const H: f32 = H_UNITS as f32;
const PAD: f32 = 5.0;

fn place(p: &CurvePoint) -> (f32, f32) {
    (PAD + p.x * (W - 2.0 * PAD), PAD + (1.0 - p.y) * (H - 2.0 * PAD))
}

#[component]
pub fn TemperatureCurve(props: &TemperatureCurveProps) -> Html {
    let tr = use_tr();
    let readings = &props.session.temperatures;
    let drawn = use_memo((readings.clone(), tr), |(r, tr)| (curve(r), describe_in(tr, r, short_time)));
    let Some(newest) = readings.last() else { return html! {} };
    let (points, words) = (&drawn.0, &drawn.1);
    let how = match newest.message_id {
        Some(_) => tr.f("read from their message at {time}", &[("time", &short_time(newest.at))]),
        None => tr.f("as you set it at {time}", &[("time", &short_time(newest.at))]),
    };
    let line: String = points.iter().map(place).map(|(x, y)| format!("{},{}", tenths(x), tenths(y))).collect::<Vec<_>>().join(" ");
    html! {
        <div class="ta-temp">
            <p class="ta-temp-now">{ tr.t("Customer: ") }<strong>{ tr.t(newest.level.label()) }</strong>{ format!(" ({how})") }</p>
            <figure class="ta-temp-curve">
                <svg viewBox={format!("0 0 {W_UNITS} {H_UNITS}")} role="img" aria-labelledby="ta-temp-words" focusable="false">
                    if points.len() > 1 { <polyline class="ta-temp-line" points={line} /> }
                    { for points.iter().map(|p| {
                        let (x, y) = place(p);
                        let class = classes!("ta-temp-pt", format!("ta-t-{}", p.level.as_str()), (!p.read).then_some("ta-by-hand"));
                        html! { <circle {class} cx={tenths(x)} cy={tenths(y)} r="3.5" /> }
                    }) }
                </svg>
                <figcaption id="ta-temp-words">{ tr.f("The customer {words}.", &[("words", words)]) }</figcaption>
            </figure>
        </div>
    }
}

/// A coordinate to one decimal ("12.5"), by integers: float formatting
/// (`{:.1}`) would link Rust's float printer into the sidebar for this alone.
fn tenths(v: f32) -> String {
    let t = (v * 10.0).round() as i32;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}
