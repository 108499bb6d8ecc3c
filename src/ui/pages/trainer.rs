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
//! page's language, and only once a trainee sends a typed reply. Nor are the
//! built-in scenarios and playbooks: the picker lists the scenarios' cards
//! (made at build time), and the one picked is fetched with its playbook
//! (`fetch.rs`).

mod debrief;
mod exports;
mod fetch;
mod live;
mod parts;
mod picker;
mod replay;
mod solo;
mod speech;
pub mod state;

use crate::ui::hooks::{use_coach, use_locale, use_theme, Tr};
use crate::web::coach_client::Coach;
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
    // The built-in scenarios listed are the page language's.
    let lang = locale.lang;
    let coach = use_coach();
    coach.coach.set_lang(lang);
    let state = use_reducer(move || TrainerState::in_lang(lang));
    fetch::use_pick_fetch(state.fetch.clone(), state.dispatcher());
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
                load={state.load.clone()} cohort={state.cohort.clone()} focus={state.last_scenario.clone().map(AttrValue::from)}
                fetch={state.fetch.clone()} />
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
                { body }
            </div>
        </ContextProvider<TrainerCtx>>
        </ContextProvider<Tr>>
    }
}
