//! The role-play trainer page (`index.html?view=trainer`): pick a scenario,
//! run it solo (the engine plays the customer) or live (the trainer does),
//! then hand over a debrief and exports. The rules are `core::trainer`'s; this
//! page renders a [`Run`](crate::core::trainer::Run) and sends it inputs.
//!
//! The checklist: in solo mode a read-only list beside the chat shows the
//! scenario's playbook with the steps the trainee's replies covered (the
//! engine's own record, so it is exactly what is scored). In live mode the
//! trainee works in the real sidebar, opened in a second window on the ticket
//! `training-<run id>`, so the trainer's screen (with the crib sheet) stays
//! private; the trainer page follows that sidebar's check-offs through storage.
//!
//! The coach that reads typed replies is not in this page's bundle: the page
//! asks the same worker the sidebar uses (`web::coach_client`), in the
//! page's language, and only once a trainee sends a typed reply.

mod debrief;
mod exports;
mod live;
mod parts;
mod picker;
mod replay;
mod solo;
mod speech;
pub mod state;

use crate::core::locale::Lang;
use crate::core::trainer;
use crate::ui::hooks::{use_coach, use_locale, use_theme, Tr};
use crate::web::coach_client::Coach;
use crate::web::platform;
use state::{Msg, TrainerState};
use yew::prelude::*;

/// What every part of the page reads: how to send a message, and the read-aloud setting.
#[derive(Clone, PartialEq)]
pub struct TrainerCtx {
    pub send: Callback<Msg>,
    /// The browser can speak (speechSynthesis exists).
    pub can_speak: bool,
    /// The trainer turned "Read aloud" on.
    pub read_aloud: bool,
    pub set_read_aloud: Callback<bool>,
    /// Reads typed replies; its worker starts with the first one.
    pub coach: Coach,
}

#[component]
pub fn TrainerPage() -> Html {
    // Theme and language: the URL's, or the OS's and the browser's (as the sidebar does).
    let asked = use_memo((), |_| crate::web::config::Config::from_location());
    use_theme(asked.theme.clone());
    let lang_notice = use_state_eq(String::new);
    let locale = use_locale(&asked, lang_notice.setter().to_callback());
    // The built-in scenarios follow the page's language (Spanish and German ones are fetched).
    let lang = locale.lang;
    let coach = use_coach();
    coach.coach.set_lang(lang);
    let state = use_reducer(move || TrainerState::in_lang(lang));
    use_served_scenarios(lang, state.dispatcher());
    let read_aloud = use_state_eq(|| false);
    let can_speak = use_memo((), |_| speech::available());

    let ctx = TrainerCtx {
        send: {
            let d = state.dispatcher();
            Callback::from(move |m: Msg| d.dispatch(m))
        },
        can_speak: *can_speak,
        read_aloud: *read_aloud && *can_speak,
        set_read_aloud: {
            let r = read_aloud.setter();
            Callback::from(move |on: bool| {
                if !on {
                    speech::stop();
                }
                r.set(on)
            })
        },
        coach: coach.coach.clone(),
    };

    let body = match &state.active {
        None => html! {
            <picker::Picker library={state.library.clone()} trainee={AttrValue::from(state.trainee.clone())} mode={state.mode}
                load={state.load.clone()} cohort={state.cohort.clone()} focus={state.last_scenario.clone().map(AttrValue::from)} />
        },
        Some(active) if active.run.is_over() => html! {
            <debrief::DebriefView key={active.id.clone()} active={active.clone()} cohort={state.cohort.clone()} />
        },
        Some(active) if active.run.mode() == crate::core::trainer::Mode::Live => html! {
            <live::LiveRun key={active.id.clone()} active={active.clone()} refused={state.refused.clone().map(AttrValue::from)} />
        },
        Some(active) => html! {
            <solo::SoloRun key={active.id.clone()} active={active.clone()} refused={state.refused.clone().map(AttrValue::from)} />
        },
    };

    html! {
        <ContextProvider<Tr> context={locale.tr}>
        <ContextProvider<TrainerCtx> context={ctx}>
            <div class="ta-standalone ta-trainer-page">
                <header class="ta-topbar">
                    <span class="ta-brand">{ "Turnaround" }</span>
                    <nav aria-label={locale.tr.t("Views")} class="ta-views">
                        <a href="index.html">{ locale.tr.t("Sidebar") }</a>
                        <a href="index.html?view=trainer" aria-current="page">{ locale.tr.t("Role-play trainer") }</a>
                        <a href="demo-helpdesk.html">{ locale.tr.t("Demo helpdesk") }</a>
                    </nav>
                </header>
                if !lang_notice.is_empty() {
                    <p role="status" class="ta-status-line">{ (*lang_notice).clone() }</p>
                }
                if let Some(notice) = state.served_notice.clone() {
                    <p class="ta-notice ta-served-notice" role={state.served_failed.then_some("alert")}>{ locale.tr.say(&notice) }</p>
                }
                { body }
            </div>
        </ContextProvider<TrainerCtx>>
        </ContextProvider<Tr>>
    }
}

/// Fetches the scenarios served in `lang` (Spanish and German ones are files,
/// not compiled in), once, and hands them to the page together.
#[hook]
fn use_served_scenarios(lang: Lang, dispatcher: UseReducerDispatcher<TrainerState>) {
    use_effect_with(lang, move |lang| {
        let lang = *lang;
        if lang != Lang::En {
            wasm_bindgen_futures::spawn_local(async move {
                let (mut scenarios, mut failed) = (Vec::new(), Vec::new());
                for id in trainer::ids_in(lang) {
                    let read = platform::fetch_text(&trainer::scenario_path(id, lang))
                        .await
                        .and_then(|text| trainer::read_served(id, lang, &text));
                    match read {
                        Ok(sc) => scenarios.push(sc),
                        Err(e) => failed.push(format!("{id}: {e}")),
                    }
                }
                let mut trained: Vec<String> = scenarios.iter().map(|sc: &trainer::Scenario| sc.playbook.clone()).collect();
                trained.sort();
                trained.dedup();
                provide_playbooks(lang, &trained, &mut failed).await;
                dispatcher.dispatch(Msg::Served { scenarios, failed });
            });
        }
    });
}

/// Fetches the built-in playbooks `ids` in `lang` and puts them in place of
/// the English ones the bundle carries: the scenarios in that language train
/// them, and their step titles and tips belong on its checklist and debrief.
async fn provide_playbooks(lang: Lang, ids: &[String], failed: &mut Vec<String>) {
    for id in ids.iter().filter(|id| crate::core::playbook::is_built_in(id)) {
        let read = platform::fetch_text(&crate::core::playbook::built_in_path(id, lang))
            .await
            .and_then(|text| crate::core::playbook::parse(&text).map_err(|e| e.to_string()));
        match read {
            Ok(p) => parts::provide_playbook(p),
            Err(e) => failed.push(format!("{id}: {e}")),
        }
    }
}
