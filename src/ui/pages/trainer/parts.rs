//! Pieces the run, live and debrief views share: the chat transcript, the
//! mood meter and curve, the playbook checklist, the facts found, and small
//! formatting helpers.

use super::state::Active;
use crate::core::locale::Lang;
use crate::core::playbook;
use crate::core::text::lower_latin;
use crate::core::trainer::{temperature_of, Mark, MoodPoint, What};
use crate::ui::hooks::{use_tr, Tr};
use std::rc::Rc;
use yew::prelude::*;

/// A built-in playbook's title in `lang` (from the title tables, no file
/// needed), or the id of a custom one.
pub fn playbook_title(id: &str, lang: Lang) -> String {
    playbook::built_in_titles(lang).iter().find(|(i, _)| *i == id).map_or_else(|| id.to_string(), |(_, title)| title.to_string())
}

/// The trainee's name as typed, or the placeholder for none in the page's
/// language (only that exact placeholder: a typed name is never translated).
pub fn trainee_name(tr: Tr, name: &str) -> String {
    if name == super::state::UNNAMED {
        tr.t(super::state::UNNAMED).to_string()
    } else {
        name.to_string()
    }
}

/// Milliseconds as `m:ss`.
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// "1 (gentle)", "2 (moderate)", "3 (hard)".
pub fn difficulty_word(d: u8) -> &'static str {
    match d {
        0 | 1 => crate::core::i18n::en("Gentle"),
        2 => crate::core::i18n::en("Moderate"),
        _ => crate::core::i18n::en("Hard"),
    }
}

/// The level word for a mood, 0 calm to 100 furious.
pub fn mood_word(mood: u8) -> &'static str {
    temperature_of(mood).label()
}

/// A mark in words (also the mark's CSS class; the page shows it through the catalog).
pub fn mark_word(mark: Mark) -> &'static str {
    match mark {
        Mark::Done => crate::core::i18n::en("covered"),
        Mark::Partly => crate::core::i18n::en("partly"),
        Mark::Missed => crate::core::i18n::en("missed"),
    }
}

/// A stable shuffle of `n` reply options for one point of one run, so the
/// good reply is not always first; entry `i` is the scenario's index shown `i`th.
pub fn shuffled(seed: &str, n: usize) -> Vec<usize> {
    // FNV-1a of the seed, then xorshift: deterministic, so a re-render keeps the order.
    let mut x = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)) | 1;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let j = (x % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

#[derive(Properties, PartialEq)]
pub struct MeterProps {
    pub mood: u8,
    /// The id of the element naming the meter.
    pub labelled_by: AttrValue,
}

/// The customer's mood as a `<meter>` (0 calm to 100 furious) with its level word.
#[component]
pub fn MoodMeter(props: &MeterProps) -> Html {
    let tr = use_tr();
    let level = temperature_of(props.mood);
    html! {
        <div class="ta-meter">
            <meter class="ta-mood-meter" min="0" max="100" low="25" high="50" optimum="0" value={props.mood.to_string()}
                aria-labelledby={props.labelled_by.clone()} aria-valuetext={tr.f("{mood} of 100, {level}", &[("mood", &props.mood.to_string()), ("level", tr.t(level.label()))])}>
                { tr.f("{mood} of 100", &[("mood", &props.mood.to_string())]) }
            </meter>
            <p class="ta-meter-text">
                <strong class="ta-meter-value">{ props.mood }</strong>
                <span class="ta-muted">{ " / 100 · " }</span>
                <strong class={classes!("ta-level", format!("ta-level-{}", level.as_str()))}>{ tr.t(level.label()) }</strong>
            </p>
            <p class="ta-scale ta-muted" aria-hidden="true"><span>{ tr.t("0 calm") }</span><span>{ tr.t("100 furious") }</span></p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChatProps {
    pub active: Rc<Active>,
    /// Show the author's note under each chosen reply (solo and replay).
    #[prop_or(true)]
    pub feedback: bool,
    /// The situation, shown as the chat's first item (solo).
    #[prop_or_default]
    pub brief: Option<AttrValue>,
}

/// The conversation as a chat: the customer's and the trainee's lines, with
/// the mood changes, steps covered and facts found between them.
#[component]
pub fn ChatLog(props: &ChatProps) -> Html {
    let tr = use_tr();
    let scroller = use_node_ref();
    let run = &props.active.run;
    let count = run.transcript().len() + props.active.said.len() + props.active.outbox.waiting().len();
    {
        let scroller = scroller.clone();
        use_effect_with(count, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let sc = run.scenario();
    let customer = sc.persona.name.clone();
    let trainee = trainee_name(tr, run.trainee());
    let mut items: Vec<Html> = Vec::new();
    if let Some(brief) = &props.brief {
        items.push(html! {
            <li key="brief" class="ta-event ta-brief-item"><span class="ta-event-tag">{ tr.t("The situation") }</span><span>{ brief }</span></li>
        });
    }
    let said = |after: usize, items: &mut Vec<Html>| {
        for (i, s) in props.active.said.iter().enumerate().filter(|(_, s)| s.after == after) {
            items.push(html! {
                <li key={format!("said-{i}")} class="ta-msg ta-msg-customer">
                    <span class="ta-who">{ tr.f("{customer} (played by the trainer)", &[("customer", &customer)]) }</span>
                    <p class="ta-msg-text">{ &s.text }</p>
                </li>
            });
        }
    };
    for (i, e) in run.transcript().iter().enumerate() {
        said(i, &mut items);
        let key = format!("e-{i}");
        let item = match &e.what {
            What::Customer { text } => html! {
                <li {key} class="ta-msg ta-msg-customer">
                    <span class="ta-who">{ &customer }</span>
                    <p class="ta-msg-text">{ text }</p>
                </li>
            },
            What::Agent { text, feedback, option } => {
                let findings = props.active.findings_for(e.turn).map(<[String]>::to_vec).unwrap_or_default();
                html! {
                    <li {key} class="ta-msg ta-msg-agent">
                        <span class="ta-who">{ tr.f("{trainee}, reply {turn}", &[("trainee", &trainee), ("turn", &e.turn.to_string())]) }{ if option.is_none() { tr.t(" (typed)") } else { "" } }</span>
                        <p class="ta-msg-text">{ text }</p>
                        if props.feedback {
                            if let Some(f) = feedback { <p class="ta-feedback"><span class="ta-feedback-label">{ tr.t("Why: ") }</span>{ f }</p> }
                            if !findings.is_empty() {
                                <ul class="ta-coach-notes" aria-label={tr.t("What the coach found in this reply")}>
                                    { for findings.iter().map(|n| html! { <li>{ n }</li> }) }
                                </ul>
                            }
                        }
                    </li>
                }
            }
            What::Mood { delta, mood, reason, .. } => {
                let said = tr.say(reason);
                let why = said.split_once(": ").map_or(said.as_str(), |(_, r)| r).to_string();
                let sign = if *delta > 0 { "+" } else { "" };
                let dir = if *delta > 0 { "ta-up" } else { "ta-down" };
                html! {
                    <li {key} class={classes!("ta-event", "ta-event-mood", dir)}>
                        <span class="ta-delta">{ tr.f("Mood {sign}{delta}", &[("delta", &delta.to_string()), ("sign", sign)]) }</span>
                        <span>{ why }</span>
                        <span class="ta-muted">{ tr.f("(now {mood}, {level})", &[("mood", &mood.to_string()), ("level", &lower_latin(tr.t(mood_word(*mood))))]) }</span>
                    </li>
                }
            }
            What::Step { step } => html! {
                <li {key} class="ta-event ta-event-step"><span class="ta-event-tag">{ tr.t("Step covered") }</span>{ props.active.step_title(step) }</li>
            },
            What::Fact { text, .. } => html! {
                <li {key} class="ta-event ta-event-fact"><span class="ta-event-tag">{ tr.t("Fact found") }</span>{ text }</li>
            },
            What::Mark { step, mark } => html! {
                <li {key} class="ta-event ta-event-mark"><span class="ta-event-tag">{ tr.t("Scored") }</span>{ format!("{}: {}", props.active.step_title(step), tr.t(mark_word(*mark))) }</li>
            },
            What::End { title, .. } => html! {
                <li {key} class="ta-event ta-event-end"><span class="ta-event-tag">{ tr.t("Ended") }</span>{ tr.say(title) }</li>
            },
        };
        items.push(item);
    }
    said(run.transcript().len(), &mut items);
    // Typed replies the coach is still reading: sent, not yet answered.
    for (w, turn) in props.active.outbox.waiting().iter().zip(run.turns() + 1..) {
        items.push(html! {
            <li key={format!("w-{}", w.serial)} class="ta-msg ta-msg-agent ta-msg-waiting">
                <span class="ta-who">{ tr.f("{trainee}, reply {turn}", &[("trainee", &trainee), ("turn", &turn.to_string())]) }{ tr.t(" (typed)") }</span>
                <p class="ta-msg-text">{ &w.text }</p>
                <p class="ta-muted ta-small" role="status">{ tr.t("The coach is reading this reply…") }</p>
            </li>
        });
    }
    html! {
        <div class="ta-chat" ref={scroller} tabindex="0" role="region" aria-label={tr.t("Conversation")}>
            <ol class="ta-chat-list">{ for items }</ol>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub active: Rc<Active>,
}

/// The scenario's playbook, read-only, with the steps the replies covered.
#[component]
pub fn CoveredChecklist(props: &ChecklistProps) -> Html {
    let tr = use_tr();
    let run = &props.active.run;
    let sc = run.scenario();
    let steps: Vec<(String, String)> = match &props.active.playbook {
        Some(p) => p.steps.iter().map(|s| (s.id.clone(), s.title.clone())).collect(),
        None => sc.rubric.iter().map(|r| (r.step.clone(), r.step.clone())).collect(),
    };
    let title = props.active.playbook.as_ref().map_or_else(|| sc.playbook.clone(), |p| p.title.clone());
    let done = run.covered().len();
    html! {
        <section class="ta-trainer-panel ta-covered" aria-labelledby="ta-covered-h">
            <h2 id="ta-covered-h">{ tr.f("Checklist: {playbook}", &[("playbook", &title)]) }</h2>
            <p class="ta-muted ta-small">{ tr.n("{done} of {n} step covered by your replies", "{done} of {n} steps covered by your replies", steps.len() as u64, &[("done", &done.to_string())]) }</p>
            <ol class="ta-ck-list">
                { for steps.iter().map(|(id, title)| {
                    let covered = run.covered().iter().find(|c| &c.step == id);
                    let scored = sc.rubric.iter().any(|r| &r.step == id);
                    html! {
                        <li key={id.clone()} class={classes!("ta-ck", covered.is_some().then_some("ta-ck-done"))}>
                            <span class="ta-ck-mark" aria-hidden="true">{ if covered.is_some() { "✓" } else { "○" } }</span>
                            <span class="ta-ck-title">{ title }</span>
                            <span class="ta-ck-when">
                                { match covered { Some(c) => tr.f("covered, reply {turn}", &[("turn", &c.turn.to_string())]), None => tr.t("not yet").to_string() } }
                            </span>
                            if !scored { <span class="ta-ck-unscored">{ tr.t("not scored here") }</span> }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct FactsProps {
    pub active: Rc<Active>,
}

/// The facts the trainee brought out by asking; the rest stay hidden.
#[component]
pub fn FactsFound(props: &FactsProps) -> Html {
    let tr = use_tr();
    let run = &props.active.run;
    let sc = run.scenario();
    let found = run.facts_found();
    let facts: Vec<&crate::core::trainer::Fact> = sc.facts.iter().filter(|f| found.contains(&f.id.as_str())).collect();
    html! {
        <section class="ta-trainer-panel" aria-labelledby="ta-facts-h">
            <h2 id="ta-facts-h">{ tr.t("Facts found") }</h2>
            <p class="ta-muted ta-small">{ tr.f("{found} of {total}. Ask the customer to bring out the rest.", &[("found", &found.len().to_string()), ("total", &sc.facts.len().to_string())]) }</p>
            if !facts.is_empty() {
                <ul class="ta-fact-list">{ for facts.iter().map(|f| html! { <li key={f.id.clone()}>{ &f.text }</li> }) }</ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub curve: Rc<Vec<MoodPoint>>,
}

/// The mood curve: an SVG line (furious at the top, calm at the bottom) with the
/// temperature bands behind it, and the same values as a list.
#[component]
pub fn MoodChart(props: &ChartProps) -> Html {
    let tr = use_tr();
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 92.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 34.0;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let y = |mood: f64| TOP + (100.0 - mood) / 100.0 * ph;
    let n = props.curve.len();
    let x = |i: usize| if n <= 1 { LEFT + pw / 2.0 } else { LEFT + pw * i as f64 / (n - 1) as f64 };
    let points: Vec<String> = props.curve.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(f64::from(p.mood)))).collect();
    let label = |p: &MoodPoint| {
        if p.turn == 0 {
            tr.t("At the start").to_string()
        } else {
            tr.f("After reply {turn}", &[("turn", &p.turn.to_string())])
        }
    };
    let bands = [("furious", 75.0, 100.0), ("angry", 50.0, 75.0), ("upset", 25.0, 50.0), ("calm", 0.0, 25.0)];
    html! {
        <figure class="ta-chart">
            <svg class="ta-chart-svg" viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="ta-chart-title" focusable="false">
                <title id="ta-chart-title">{ tr.t("Mood curve: the customer's mood after each reply, 0 calm to 100 furious; the values are listed below.") }</title>
                { for bands.iter().map(|(name, lo, hi)| html! {
                    <g>
                        <rect class={format!("ta-band ta-band-{name}")} x={LEFT.to_string()} y={format!("{:.1}", y(*hi))} width={pw.to_string()} height={format!("{:.1}", y(*lo) - y(*hi))} />
                        <text class="ta-axis" x={(LEFT - 8.0).to_string()} y={format!("{:.1}", (y(*lo) + y(*hi)) / 2.0 + 5.0)} text-anchor="end">{ tr.t(mood_word(((lo + hi) / 2.0) as u8)) }</text>
                    </g>
                }) }
                { for props.curve.iter().enumerate().map(|(i, p)| html! {
                    <text class="ta-axis" x={format!("{:.1}", x(i))} y={(H - 10.0).to_string()} text-anchor="middle">{ if p.turn == 0 && i == 0 { tr.t("At the start").to_string() } else { p.turn.to_string() } }</text>
                }) }
                <polyline class="ta-curve" points={points.join(" ")} />
                { for props.curve.iter().enumerate().map(|(i, p)| html! {
                    <circle class="ta-curve-dot" cx={format!("{:.1}", x(i))} cy={format!("{:.1}", y(f64::from(p.mood)))} r="5" />
                }) }
            </svg>
            <figcaption>
                <span class="ta-muted ta-small">{ tr.t("Across: replies. Up: angrier.") }</span>
                <ol class="ta-curve-list">
                    { for props.curve.iter().map(|p| html! {
                        <li>{ format!("{}: {} ({})", label(p), p.mood, lower_latin(tr.t(mood_word(p.mood)))) }</li>
                    }) }
                </ol>
            </figcaption>
        </figure>
    }
}
