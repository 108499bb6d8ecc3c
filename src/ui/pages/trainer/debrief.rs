//! The debrief a trainer hands back: outcome, score and success, each step
//! covered or missed with its timing, the moves that helped and the mistakes
//! that hurt, the mood curve, the facts, what to try next time; a replay of
//! the run (`replay.rs`); and the exports (`exports.rs`), plus a
//! print view (see the `@media print` rules in `app.css`).

use super::exports::{export_cohort, export_json, export_xapi};
use super::parts::{clock, mark_word, MoodChart};
use super::replay::Replay;
use super::state::{Active, Msg};
use super::TrainerCtx;
use crate::core::text::lower_latin;
use crate::core::trainer::{Debrief, EndKind, Mode};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::{self, now};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DebriefProps {
    pub active: Rc<Active>,
    pub cohort: Vec<Rc<Debrief>>,
}

#[component]
pub fn DebriefView(props: &DebriefProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<TrainerCtx>() else { return html! {} };
    let d = {
        let active = props.active.clone();
        use_memo(props.active.id.clone(), move |_| active.debrief())
    };
    let status = use_state_eq(String::new);
    let replaying = use_state_eq(|| false);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let on_json = {
        let (d, status) = (d.clone(), status.setter());
        Callback::from(move |_| status.set(export_json(tr, &d)))
    };
    let on_csv = {
        let (cohort, status) = (props.cohort.clone(), status.setter());
        Callback::from(move |_| status.set(export_cohort(tr, &cohort)))
    };
    let on_xapi = {
        let (d, status) = (d.clone(), status.setter());
        let content = crate::core::locale::choose(props.active.run.scenario().lang.as_deref().unwrap_or_default()).lang;
        Callback::from(move |_| status.set(export_xapi(tr, &d, content)))
    };
    let on_print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            // A browser that refuses to print leaves the page as it was.
            let _ = w.print();
        }
    });
    let on_replay = {
        let replaying = replaying.clone();
        Callback::from(move |_| replaying.set(!*replaying))
    };
    let again = {
        let scenario = d.scenario.clone();
        ctx.send.reform(move |_| Msg::Start { scenario: scenario.clone(), id: platform::new_id("r"), at: now() })
    };
    let leave = ctx.send.reform(|_| Msg::Leave);

    let kind = d.outcome.unwrap_or(EndKind::GaveUp);
    let verdict = verdict(tr, d.success, kind);
    let parts = d.score_parts;
    let parts_text = score_parts_text(tr, d.mode, &parts);
    let found = d.facts.iter().filter(|f| f.found).count();
    let covered = d.steps.iter().filter(|s| s.covered).count();

    html! {
        <main class="ta-trainer ta-debrief" id="ta-main">
            <div class="ta-run-head">
                <div>
                    <h1 ref={heading} tabindex="-1">{ tr.f("Debrief: {title}", &[("title", &d.title)]) }</h1>
                    <p class="ta-run-meta">
                        <span class="ta-pill">{ if d.mode == Mode::Live { tr.t("Live") } else { tr.t("Solo") } }</span>
                        <span class="ta-pill">{ crate::ui::hooks::channel_word(&tr, d.channel) }</span>
                        <span>{ format!("{} · {} · {} · {}", super::parts::trainee_name(tr, &d.trainee), platform::local_words(d.started_at, platform::Clock::DateTime), clock(d.duration_ms), tr.n("{n} reply", "{n} replies", d.turns as u64, &[])) }</span>
                    </p>
                </div>
            </div>

            <section class={classes!("ta-verdict", if d.success { "ta-verdict-pass" } else { "ta-verdict-fail" })} aria-labelledby="ta-verdict-h">
                <p class="ta-score" id="ta-score"><span class="ta-score-n">{ d.score }</span><span class="ta-score-of">{ " / 100" }</span></p>
                <div class="ta-verdict-text">
                    <h2 id="ta-verdict-h">{ tr.say(&d.outcome_title) }</h2>
                    <p class="ta-verdict-line"><strong>{ if d.success { tr.t("Success") } else { tr.t("Not yet") } }</strong>{ tr.f(" · Outcome: {outcome} · {verdict}", &[("outcome", &lower_latin(tr.t(kind.label()))), ("verdict", &verdict)]) }</p>
                    <p class="ta-muted">{ parts_text }{ if parts.capped { tr.f(" Capped at {cap} because the customer was not turned around.", &[("cap", &crate::core::trainer::scoring::CAP_UNLESS_TURNED_AROUND.to_string())]) } else { String::new() } }</p>
                </div>
            </section>
            if !props.active.late.is_empty() {
                <section class="ta-notice ta-late" aria-labelledby="ta-late-h">
                    <h2 id="ta-late-h">{ tr.t("Sent after the role-play ended, so not counted") }</h2>
                    <ul>{ for props.active.late.iter().map(|text| html! { <li>{ text }</li> }) }</ul>
                </section>
            }

            <div class="ta-actions ta-actions-start ta-debrief-actions">
                <button type="button" class="ta-btn" aria-expanded={replaying.to_string()} aria-controls="ta-replay" onclick={on_replay}>{ tr.t("Replay") }</button>
                <button type="button" class="ta-btn" onclick={on_json}>{ tr.t("Export JSON") }</button>
                <button type="button" class="ta-btn" onclick={on_csv}>{ tr.n("Export CSV ({n} run)", "Export CSV ({n} runs)", props.cohort.len() as u64, &[]) }</button>
                <button type="button" class="ta-btn" onclick={on_xapi}>{ tr.t("Export xAPI statements") }</button>
                <button type="button" class="ta-btn" onclick={on_print}>{ tr.t("Print") }</button>
                <span class="ta-actions-gap"></span>
                <button type="button" class="ta-btn ta-btn-primary" onclick={again}>{ tr.t("Run it again") }</button>
                <button type="button" class="ta-btn" onclick={leave}>{ tr.t("Choose another scenario") }</button>
            </div>
            <p role="status" class="ta-status-line">{ (*status).clone() }</p>

            if *replaying { <Replay active={props.active.clone()} /> }

            <div class="ta-debrief-grid">
                <div class="ta-d-col ta-d-col-a">
                    <section class="ta-trainer-panel ta-d-steps" aria-labelledby="ta-steps-h">
                        <h2 id="ta-steps-h">{ tr.n("Steps: {covered} of {n} covered", "Steps: {covered} of {n} covered", d.steps.len() as u64, &[("covered", &covered.to_string())]) }</h2>
                        <table class="ta-table">
                            <thead><tr><th scope="col">{ tr.t("Step") }</th><th scope="col">{ tr.t("Result") }</th><th scope="col">{ tr.t("When") }</th></tr></thead>
                            <tbody>
                                { for d.steps.iter().map(|s| {
                                    let result = match (s.mark, s.covered) {
                                        (Some(m), _) => tr.t(mark_word(m)),
                                        (None, true) => tr.t(mark_word(crate::core::trainer::Mark::Done)),
                                        (None, false) => tr.t(mark_word(crate::core::trainer::Mark::Missed)),
                                    };
                                    let when = match (s.turn, s.after_ms) {
                                        (Some(t), Some(ms)) if d.mode == Mode::Solo => tr.f("reply {turn}, after {time}", &[("turn", &t.to_string()), ("time", &clock(ms))]),
                                        (_, Some(ms)) => tr.f("after {time}", &[("time", &clock(ms))]),
                                        _ => "—".to_string(),
                                    };
                                    html! {
                                        <tr key={s.step.clone()} class={if s.covered { "ta-row-ok" } else { "ta-row-miss" }}>
                                            <th scope="row">{ &s.title }{ if s.weight > 1 { format!(" (×{})", s.weight) } else { String::new() } }</th>
                                            <td><span class="ta-result-mark" aria-hidden="true">{ if s.covered { "✓ " } else { "✗ " } }</span>{ result }</td>
                                            <td>{ when }</td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </section>
                    <section class="ta-trainer-panel ta-d-tips" aria-labelledby="ta-tips-h">
                        <h2 id="ta-tips-h">{ tr.t("Try next time") }</h2>
                        <ol class="ta-tips-list">{ for d.tips.iter().map(|t| html! { <li>{ tr.say(t) }</li> }) }</ol>
                    </section>
                </div>
                <div class="ta-d-col ta-d-col-b">
                    if d.mode == Mode::Solo {
                        <section class="ta-trainer-panel ta-d-effects" aria-labelledby="ta-effects-h">
                            <h2 id="ta-effects-h">{ tr.t("What moved the customer") }</h2>
                            <div class="ta-effects">
                                <div>
                                    <h3 class="ta-small-h">{ tr.t("Helped") }</h3>
                                    if d.helped.is_empty() { <p class="ta-muted">{ tr.t("Nothing calmed them.") }</p> }
                                    <ul class="ta-effect-list ta-down">
                                        { for d.helped.iter().map(|e| html! { <li><span class="ta-delta">{ e.total }</span>{ format!(" {}", tr.say(&e.label)) }{ times(tr, e.count) }</li> }) }
                                    </ul>
                                </div>
                                <div>
                                    <h3 class="ta-small-h">{ tr.t("Hurt") }</h3>
                                    if d.hurt.is_empty() { <p class="ta-muted">{ tr.t("No mistakes. Well done.") }</p> }
                                    <ul class="ta-effect-list ta-up">
                                        { for d.hurt.iter().map(|e| html! { <li><span class="ta-delta">{ format!("+{}", e.total) }</span>{ format!(" {}", tr.say(&e.label)) }{ times(tr, e.count) }</li> }) }
                                    </ul>
                                </div>
                            </div>
                        </section>
                    }
                    <section class="ta-trainer-panel ta-d-timing" aria-labelledby="ta-timing-h">
                        <h2 id="ta-timing-h">{ tr.t("Timing") }</h2>
                        <dl class="ta-dl">
                            <dt>{ tr.t("Whole run") }</dt><dd>{ clock(d.timing.duration_ms) }</dd>
                            <dt>{ tr.t("Replies") }</dt><dd>{ d.timing.replies }</dd>
                            <dt>{ tr.t("Average reply") }</dt><dd>{ clock(d.timing.average_reply_ms) }</dd>
                            <dt>{ tr.t("Slowest reply") }</dt><dd>{ clock(d.timing.longest_reply_ms) }</dd>
                        </dl>
                    </section>
                </div>
                <div class="ta-d-col ta-d-col-c">
                    <section class="ta-trainer-panel ta-d-curve" aria-labelledby="ta-curve-h">
                        <h2 id="ta-curve-h">{ tr.f("Mood: {start} to {end}", &[("start", &d.mood_start.to_string()), ("end", &d.mood_end.to_string())]) }</h2>
                        <MoodChart curve={Rc::new(d.mood_curve.clone())} />
                    </section>
                    <section class="ta-trainer-panel ta-d-facts" aria-labelledby="ta-dfacts-h">
                        <h2 id="ta-dfacts-h">{ tr.n("Facts: {found} of {n} found", "Facts: {found} of {n} found", d.facts.len() as u64, &[("found", &found.to_string())]) }</h2>
                        if d.facts.is_empty() { <p class="ta-muted">{ tr.t("This scenario has no facts to find.") }</p> }
                        <ul class="ta-fact-results">
                            { for d.facts.iter().map(|f| html! {
                                <li key={f.id.clone()} class={if f.found { "ta-found" } else { "ta-not-found" }}>
                                    <span class="ta-result-mark">{ if f.found { tr.t("Found: ") } else { tr.t("Not found: ") } }</span>{ &f.text }
                                </li>
                            }) }
                        </ul>
                    </section>
                </div>





            </div>
        </main>
    }
}

fn times(tr: Tr, count: u32) -> String {
    if count > 1 {
        tr.n(" ({n} time)", " ({n} times)", u64::from(count), &[])
    } else {
        String::new()
    }
}

/// Whether the run passed, and why not, in one sentence.
fn verdict(tr: Tr, success: bool, kind: EndKind) -> String {
    let mark = crate::core::trainer::scoring::PASS_MARK.to_string();
    if success {
        tr.f("Passed: turned around with a score of at least {mark}.", &[("mark", &mark)])
    } else if kind == EndKind::TurnedAround {
        tr.f("Turned around, but below the pass mark of {mark}.", &[("mark", &mark)])
    } else {
        tr.t("Not passed: only a turned-around customer passes.").to_string()
    }
}

/// How the score was made up: the trainer's rubric (live), or steps, calm and clean (solo).
fn score_parts_text(tr: Tr, mode: Mode, parts: &crate::core::trainer::ScoreParts) -> String {
    use crate::core::trainer::scoring::{CALM, CLEAN, STEPS};
    let whole = |v: f64| format!("{v:.0}");
    match mode {
        Mode::Live => tr.f("Scored by the trainer on the rubric: {score} of 100.", &[("score", &whole(parts.steps))]),
        Mode::Solo => tr.f(
            "Steps {steps} of {steps_max} · calmer {calm} of {calm_max} · clean {clean} of {clean_max}.",
            &[
                ("steps", &whole(parts.steps)),
                ("steps_max", &whole(STEPS)),
                ("calm", &whole(parts.calm)),
                ("calm_max", &whole(CALM)),
                ("clean", &whole(parts.clean)),
                ("clean_max", &whole(CLEAN)),
            ],
        ),
    }
}
