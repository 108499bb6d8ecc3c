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

mod debrief;
mod engine;
mod scenario;
mod signal;
mod typed;

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

/// The scenarios that ship with the product, in picker order (easiest first).
pub const BUILT_IN: [(&str, &str); 8] = [
    ("missed-visit", include_str!("../../static/scenarios/missed-visit.json")),
    ("no-callback", include_str!("../../static/scenarios/no-callback.json")),
    ("partly-theirs", include_str!("../../static/scenarios/partly-theirs.json")),
    ("full-refund", include_str!("../../static/scenarios/full-refund.json")),
    ("verbal-promise", include_str!("../../static/scenarios/verbal-promise.json")),
    ("invoice-line", include_str!("../../static/scenarios/invoice-line.json")),
    ("repeat-failure", include_str!("../../static/scenarios/repeat-failure.json")),
    ("exec-escalation", include_str!("../../static/scenarios/exec-escalation.json")),
];

/// The scenarios written in Spanish and German, served as files under
/// `scenarios/<lang>/<id>.json` (never compiled in): the trainer fetches the
/// ones of its language ([`scenario_path`]).
pub const IN_LANG: [(Lang, &[&str]); 2] =
    [(Lang::Es, &["cita-incumplida", "cobro-duplicado"]), (Lang::De, &["verpasster-termin", "doppelte-abbuchung"])];

/// The ids of the scenarios served in `lang` (none for English, whose
/// scenarios are [`BUILT_IN`]).
pub fn ids_in(lang: Lang) -> &'static [&'static str] {
    IN_LANG.iter().find(|(l, _)| *l == lang).map(|(_, ids)| *ids).unwrap_or(&[])
}

/// Where the scenario `id` in `lang` is served, relative to the trainer's page.
pub fn scenario_path(id: &str, lang: Lang) -> String {
    format!("scenarios/{}/{id}.json", lang.tag())
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

/// Parses a built-in scenario. The files are validated by tests, so a failure
/// here is a build defect; it still yields an error rather than a panic.
pub fn built_in(id: &str) -> Option<Result<Scenario, ScenarioErrors>> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|(_, json)| parse_scenario(json))
}

/// Whether `id` belongs to a built-in scenario, compiled in or served in a
/// language (a file may not take it).
pub fn is_built_in(id: &str) -> bool {
    BUILT_IN.iter().any(|(i, _)| *i == id) || IN_LANG.iter().any(|(_, ids)| ids.contains(&id))
}

/// Every built-in scenario that parses, in picker order.
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
