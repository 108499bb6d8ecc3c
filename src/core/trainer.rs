//! The role-play trainer: scenario files, the simulated customer, scoring and
//! the debrief. Pure: the page in `ui::pages::trainer` renders it.
//!
//! A trainer page holds a [`Run`]: it shows [`Run::transcript`], the mood
//! ([`Run::mood`], [`Run::mood_curve`]) and the replies on offer
//! ([`Run::options`]), and dispatches [`Input`]s with the time they happened
//! through [`Run::apply`]. When [`Run::is_over`], [`Run::debrief`] gives the
//! debrief; [`debrief_json`], [`cohort_csv`] and `core::xapi` export it.
//! [`Run::recording`] and [`Run::replay`] store and rebuild a run.
//!
//! A scenario file (`static/scenarios/<id>.json`, schema from [`schema_json`])
//! is a list of `nodes`: the customer's `line` and multiple-choice `replies`,
//! each tagged with the coach's `moves` and `mistakes` and a `next` node or
//! outcome, plus `free_text` rules that route a typed reply by what the coach
//! found in it. The customer's `mood` (0 calm to 100 furious) moves by each
//! move's and mistake's reaction (built-in defaults, the scenario's, a node's),
//! repeated moves count half as much each time, and one reply can calm by at
//! most `mood.calm_per_reply`. `outcomes` end the run when a `next` names them
//! or when their `when` conditions (mood, steps covered, facts found,
//! mistakes, node, turns) all hold after a reply. Every outcome must be
//! reachable by choosing replies; [`parse_scenario`] proves it with a search.

use crate::core::locale::Lang;
use crate::core::playbook::Channel;

mod card;
mod debrief;
mod engine;
mod scenario;
mod signal;
mod typed;

pub use card::{cards_in, Card};
pub use debrief::{
    cohort_csv, debrief_json, mistakes_made, score, scoring, Debrief, FactResult, MoodEffect, ScoreParts, StepResult, Timing, CSV_HEADER,
};
pub use engine::{
    diminished, explore, find_path, temperature_of, Covered, EndKind, Ending, Entry, Exploration, Hit, Input, Mark, Mode, MoodPoint,
    Recording, ReplayError, Run, RunError, Stamped, What, MAX_REPLY_CHARS, SEARCH_BUDGET,
};
pub use scenario::{
    limits, parse_scenario, validate, Conditions, Fact, Mood, Node, Nudge, Outcome, OutcomeKind, Persona, Reactions, Reply, RubricItem,
    Rule, Scenario, ScenarioError, ScenarioErrors, Target,
};
pub use signal::{steps_for, Mistake, Move, Signal};
pub use typed::{read_answer, unread, Outbox, Read, Waiting};

// The built-in scenarios: their list per language (`BUILT_IN_IDS`,
// `IN_LANG`), their cards (`CARDS`) and, with the cargo feature
// `all-scenarios`, the English files (`BUILT_IN`), written by build.rs.
include!(concat!(env!("OUT_DIR"), "/built_in_scenarios.rs"));

/// Where the built-in scenario `id` in `lang` is served, relative to the
/// trainer's page: `scenarios/<id>.json` in English, `scenarios/<lang>/<id>.json`
/// otherwise (the layout of `static/scenarios/`, which the build copies to `dist/`).
pub fn scenario_path(id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("scenarios/{id}.json"),
        other => format!("scenarios/{}/{id}.json", other.tag()),
    }
}

/// Reads the served file of scenario `id` in `lang`: it must validate and be
/// the scenario and language asked for, or the reason is returned.
pub fn read_served(id: &str, lang: Lang, text: &str) -> Result<Scenario, String> {
    let sc = parse_scenario(text).map_err(|e| e.to_string())?;
    let got = sc.lang.as_deref().unwrap_or("en");
    if sc.id != id || got != lang.tag() {
        return Err(format!("the file holds scenario {:?} in {got:?}, not {id:?} in {:?}", sc.id, lang.tag()));
    }
    Ok(sc)
}

/// Parses a built-in scenario compiled into this build (none in the trainer's
/// bundle, which fetches them). The files are validated by tests, so a
/// failure here is a build defect; it still yields an error rather than a panic.
pub fn built_in(id: &str) -> Option<Result<Scenario, ScenarioErrors>> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|(_, json)| parse_scenario(json))
}

/// Whether `id` belongs to a built-in scenario in any language, compiled in
/// or not (a file may not take it).
pub fn is_built_in(id: &str) -> bool {
    CARDS.iter().any(|c| c.id == id)
}

/// Every built-in scenario compiled into this build that parses, in picker order.
pub fn built_ins() -> Vec<Scenario> {
    BUILT_IN.iter().filter_map(|(_, json)| parse_scenario(json).ok()).collect()
}

/// The JSON Schema of a scenario file, for editors and `turnaround schema scenario`.
#[cfg(not(target_arch = "wasm32"))]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Scenario);
    // A schema is plain JSON values; serializing it cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
