//! The scenario picker: the trainee's name, solo or live, the scenarios as
//! cards, and "Load a scenario file…" (an invalid file shows its located
//! errors and changes nothing). A picked built-in whose files are on their
//! way says so on its card; one that could not be fetched says why there,
//! with another try, and nothing else changes.

use super::exports::export_cohort;
use super::parts::{difficulty_word, playbook_title};
use super::state::{Fetch, Item, LoadReport, Msg};
use super::TrainerCtx;
use crate::core::trainer::{Debrief, Mode};
use crate::ui::hooks::use_tr;
use crate::web::platform::{self, now};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub library: Vec<Item>,
    pub trainee: AttrValue,
    pub mode: Mode,
    pub load: Option<LoadReport>,
    pub cohort: Vec<Rc<Debrief>>,
    /// The scenario whose start button takes the focus (coming back from a run).
    pub focus: Option<AttrValue>,
    /// The pick waiting for its files, or whose files could not be had.
    pub fetch: Option<Fetch>,
}

#[component]
pub fn Picker(props: &PickerProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<TrainerCtx>() else { return html! {} };
    let status = use_state_eq(String::new);
    let report_ref = use_node_ref();
    let focus_ref = use_node_ref();

    // The picker is on screen and usable: what the start-up benchmark times.
    use_effect_with((), |_| platform::mark("turnaround:interactive"));
    {
        let focus_ref = focus_ref.clone();
        use_effect_with(props.focus.clone(), move |_| {
            if let Some(el) = focus_ref.cast::<web_sys::HtmlElement>() {
                // Focus is a convenience for keyboard users coming back from a run.
                let _ = el.focus();
            }
        });
    }
    {
        // A load report takes the focus, so a keyboard or screen-reader user hears it.
        let report_ref = report_ref.clone();
        use_effect_with(props.load.clone(), move |load| {
            if load.is_some() {
                if let Some(el) = report_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    let on_name = ctx.send.reform(|e: InputEvent| Msg::SetTrainee(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
    let on_mode = |mode: Mode| ctx.send.reform(move |_: Event| Msg::SetMode(mode));
    let on_file = {
        let send = ctx.send.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let send = send.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match platform::read_file(&file).await {
                    Ok(text) => send.emit(Msg::Loaded { file: name, text }),
                    Err(error) => send.emit(Msg::Unreadable { file: name, error }),
                }
            });
        })
    };
    let export = {
        let (cohort, status) = (props.cohort.clone(), status.setter());
        Callback::from(move |_| status.set(export_cohort(tr, &cohort)))
    };

    html! {
        <main class="ta-trainer" id="ta-main">
            <div class="ta-trainer-head">
                <h1>{ tr.t("Role-play trainer") }</h1>
                <p class="ta-lede">{ tr.t("Rehearse a turnaround with a simulated customer, or play the customer yourself. Every run ends with a debrief scored against the playbook the agents use.") }</p>
            </div>

            <section class="ta-setup" aria-labelledby="ta-setup-h">
                <h2 id="ta-setup-h">{ tr.t("Who is training, and how") }</h2>
                <div class="ta-setup-grid">
                    <div class="ta-field ta-trainee-field">
                        <label for="ta-trainee">{ tr.t("Trainee's name or email") }</label>
                        <input id="ta-trainee" type="text" autocomplete="off" maxlength="120" value={props.trainee.clone()} oninput={on_name}
                            aria-describedby="ta-trainee-hint" />
                        <span id="ta-trainee-hint" class="ta-hint">{ tr.t("Shown on the debrief and in the exports. An email address identifies the learner in xAPI.") }</span>
                    </div>
                    <fieldset class="ta-modes">
                        <legend>{ tr.t("Mode") }</legend>
                        <label class={classes!("ta-mode", (props.mode == Mode::Solo).then_some("ta-mode-on"))}>
                            <input type="radio" name="ta-mode" value="solo" checked={props.mode == Mode::Solo} onchange={on_mode(Mode::Solo)} />
                            <span><strong>{ tr.t("Solo") }</strong><span class="ta-mode-desc">{ tr.t("The trainee talks to a simulated customer and picks or types replies.") }</span></span>
                        </label>
                        <label class={classes!("ta-mode", (props.mode == Mode::Live).then_some("ta-mode-on"))}>
                            <input type="radio" name="ta-mode" value="live" checked={props.mode == Mode::Live} onchange={on_mode(Mode::Live)} />
                            <span><strong>{ tr.t("Live") }</strong><span class="ta-mode-desc">{ tr.t("You play the customer from a crib sheet and score each step while the trainee uses the real sidebar.") }</span></span>
                        </label>
                    </fieldset>
                </div>
            </section>

            <section class="ta-scenarios" aria-labelledby="ta-scenarios-h">
                <div class="ta-section-head">
                    <h2 id="ta-scenarios-h">{ tr.t("Choose a scenario") }</h2>
                    <label class="ta-btn ta-file">
                        { tr.t("Load a scenario file…") }
                        <input type="file" accept=".json,application/json" onchange={on_file} class="ta-file-input" id="ta-scenario-file" />
                    </label>
                </div>
                if let Some(report) = &props.load {
                    <div ref={report_ref} tabindex="-1" class={classes!("ta-load-report", if report.ok { "ta-load-ok" } else { "ta-load-bad" })}
                        role={if report.ok { "status" } else { "alert" }}>
                        if report.ok {
                            <p>{ tr.say(&report.lines[0]) }</p>
                        } else {
                            <p class="ta-load-title">{ tr.f("{file} was not loaded; the list is unchanged. Fix these and load it again:", &[("file", &report.file)]) }</p>
                            <ul class="ta-load-errors">{ for report.lines.iter().map(|l| html! { <li><code>{ l }</code></li> }) }</ul>
                        }
                    </div>
                }
                <ul class="ta-cards">
                    { for props.library.iter().map(|item| {
                        let card = &item.card;
                        let id = card.id.to_string();
                        let focus = props.focus.as_deref() == Some(id.as_str());
                        let fetch = props.fetch.as_ref().filter(|f| f.scenario == id);
                        let start = ctx.send.reform(move |_| Msg::Start { scenario: id.clone(), id: platform::new_id("r"), at: now() });
                        let heading = format!("ta-card-{}", card.id);
                        html! {
                            <li key={card.id.to_string()} class="ta-scenario">
                                <h3 id={heading}>{ &*card.title }</h3>
                                <p class="ta-tags">
                                    <span class="ta-pill">{ crate::ui::hooks::channel_word(&tr, card.channel) }</span>
                                    <span class={classes!("ta-pill", format!("ta-diff-{}", card.difficulty))}>{ tr.f("{level} ({n} of 3)", &[("level", tr.t(difficulty_word(card.difficulty))), ("n", &card.difficulty.to_string())]) }</span>
                                    <span class="ta-pill">{ tr.f("Playbook: {title}", &[("title", &playbook_title(&card.playbook, card.lang))]) }</span>
                                    if let Some(file) = &item.file { <span class="ta-pill ta-pill-file">{ tr.f("From {file}", &[("file", file)]) }</span> }
                                </p>
                                <p class="ta-persona"><strong>{ &*card.persona_name }</strong>{ format!(", {}", card.persona_role) }{ if card.persona_company.is_empty() { String::new() } else { format!(", {}", card.persona_company) } }</p>
                                <p class="ta-summary">{ &*card.summary }</p>
                                if let Some(f) = fetch { <FetchLine title={AttrValue::from(card.title.to_string())} failed={f.failed.clone().map(AttrValue::from)} retry={start.clone()} /> }
                                <div class="ta-card-foot">
                                    <button type="button" class="ta-btn ta-btn-primary ta-start" ref={if focus { focus_ref.clone() } else { NodeRef::default() }} onclick={start}
                                        aria-busy={fetch.is_some_and(|f| f.failed.is_none()).then_some("true")}>
                                        { tr.t("Start") }<span class="ta-sr">{ format!(": {}", card.title) }</span>
                                    </button>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            </section>

            if !props.cohort.is_empty() {
                <section class="ta-cohort" aria-labelledby="ta-cohort-h">
                    <h2 id="ta-cohort-h">{ tr.t("This session's results") }</h2>
                    <p>{ tr.n("{n} finished run in this tab. It is kept until the tab closes: export it before you leave.", "{n} finished runs in this tab. They are kept until the tab closes: export them before you leave.", props.cohort.len() as u64, &[]) }</p>
                    <table class="ta-table">
                        <caption class="ta-sr">{ tr.t("Finished runs") }</caption>
                        <thead><tr><th scope="col">{ tr.t("Trainee") }</th><th scope="col">{ tr.t("Scenario") }</th><th scope="col">{ tr.t("Mode") }</th><th scope="col">{ tr.t("Outcome") }</th><th scope="col">{ tr.t("Score") }</th></tr></thead>
                        <tbody>
                            { for props.cohort.iter().map(|d| html! {
                                <tr>
                                    <td>{ super::parts::trainee_name(tr, &d.trainee) }</td>
                                    <td>{ &d.title }</td>
                                    <td>{ if d.mode == Mode::Live { tr.t("Live") } else { tr.t("Solo") } }</td>
                                    <td>{ d.outcome.map_or(tr.t("In progress"), |k| k.label()) }</td>
                                    <td>{ d.score }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <div class="ta-actions ta-actions-start">
                        <button type="button" class="ta-btn" onclick={export}>{ tr.t("Export cohort CSV") }</button>
                    </div>
                    <p role="status" class="ta-status-line">{ (*status).clone() }</p>
                </section>
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct FetchLineProps {
    title: AttrValue,
    /// Why the files could not be had; `None` while they are on their way.
    failed: Option<AttrValue>,
    retry: Callback<MouseEvent>,
}

/// A picked scenario's files on their way, or why they could not be had
/// (an alert with another try; nothing else on the page changed).
#[component]
fn FetchLine(props: &FetchLineProps) -> Html {
    let tr = use_tr();
    let title = props.title.as_str();
    let Some(reason) = &props.failed else {
        return html! { <p class="ta-fetch ta-muted ta-small" role="status">{ tr.f("Loading the scenario “{title}”…", &[("title", title)]) }</p> };
    };
    html! {
        <div class="ta-notice ta-notice-warn ta-fetch ta-fetch-failed" role="alert">
            <span>{ tr.f(
                "The scenario “{title}” could not be loaded ({reason}; are you offline?). Nothing has changed: the trainee, the mode and this session's results are kept.",
                &[("title", title), ("reason", &tr.say(reason))],
            ) }</span>
            { " " }<button type="button" class="ta-link" onclick={props.retry.clone()}>{ tr.t("Try again") }</button>
        </div>
    }
}
