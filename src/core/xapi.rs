//! xAPI statements for a learning record store, written with serde (the xAPI
//! crates on crates.io are GPL).
//!
//! One finished run becomes a `completed` statement and a `passed` or
//! `failed` one (a run the trainee gave up on gets only `failed`, with
//! `completion: false`). Durations are ISO 8601 (`PT4M12S`); scores carry
//! `scaled` in 0..1.
//!
//! Nothing doubles when a file is imported twice: every statement has an
//! `id` that is a name-based UUID (version 5) of the attempt and the verb, and
//! the attempt's `context.registration` is one of the scenario, the trainee
//! and the start time, so exporting the same run again gives the same ids.
//! Activity ids live under an IRI base the organisation chooses
//! ([`DEFAULT_BASE`] otherwise), never under whatever origin serves the page.

use crate::core::locale::Lang;
use crate::core::text::lower_latin;
use crate::core::time::Timestamp;
use crate::core::trainer::{Debrief, EndKind, Mode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A language map: `{"en-US": "completed"}`.
pub type LanguageMap = BTreeMap<String, String>;

/// The language our display strings are in.
pub const LANGUAGE: &str = "en-US";

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";

/// The activity IRI base when the organisation set none: the same scenario is
/// the same activity wherever the trainer is served. (`.invalid` is reserved
/// and never resolves: set your own base, an IRI you control, with the
/// trainer's `xapi_base` parameter.)
pub const DEFAULT_BASE: &str = "https://turnaround.invalid/xapi";

/// The namespace of our name-based UUIDs (a fixed, random UUID of our own).
const NAMESPACE: uuid::Uuid = uuid::uuid!("6c1d7b0e-3f52-4a8e-9b6f-2d41c8a97e15");

/// The activity type of a role-play scenario.
pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";

/// One xAPI statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Stable per attempt and verb (see the module doc).
    pub id: String,
    pub actor: Actor,
    pub verb: Verb,
    pub object: Activity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<XResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    pub timestamp: Timestamp,
    pub version: String,
}

/// The learner: a name and exactly one identifier (an mbox or an account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(rename = "objectType")]
    pub object_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub id: ActorId,
}

/// The inverse functional identifier of an actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorId {
    /// `mailto:` and an email address.
    #[serde(rename = "mbox")]
    Mbox(String),
    /// An account on a system (an LMS, a helpdesk).
    #[serde(rename = "account")]
    Account(Account),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

impl Actor {
    /// A learner known by email, lower-cased so one person is one actor
    /// (`Sam@Example.com` and `sam@example.com`); `mailto:` is added when missing.
    pub fn email(name: impl Into<String>, email: &str) -> Actor {
        let email = lower_latin(email.trim());
        let email = email.strip_prefix("mailto:").unwrap_or(&email);
        let mbox = format!("mailto:{email}");
        Actor { object_type: "Agent".into(), name: non_empty(name.into()), id: ActorId::Mbox(mbox) }
    }
    /// A learner known by an account on a system (`home_page` is that system's URL).
    pub fn account(name: impl Into<String>, home_page: impl Into<String>, account: impl Into<String>) -> Actor {
        Actor {
            object_type: "Agent".into(),
            name: non_empty(name.into()),
            id: ActorId::Account(Account { home_page: home_page.into(), name: account.into() }),
        }
    }
}

fn non_empty(s: String) -> Option<String> {
    if s.trim().is_empty() {
        None
    } else {
        Some(s)
    }
}

/// What the learner did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verb {
    pub id: String,
    pub display: LanguageMap,
}

impl Verb {
    fn adl(name: &str) -> Verb {
        Verb { id: format!("http://adlnet.gov/expapi/verbs/{name}"), display: lang(name) }
    }
    pub fn completed() -> Verb {
        Verb::adl("completed")
    }
    pub fn passed() -> Verb {
        Verb::adl("passed")
    }
    pub fn failed() -> Verb {
        Verb::adl("failed")
    }
}

fn lang(text: &str) -> LanguageMap {
    BTreeMap::from([(LANGUAGE.to_string(), text.to_string())])
}

/// The scenario as an xAPI activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub id: String,
    pub definition: Definition,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub name: LanguageMap,
    pub description: LanguageMap,
    #[serde(rename = "type")]
    pub kind: String,
}

/// The score, success, completion and duration of the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct XResult {
    pub score: Score,
    pub success: bool,
    pub completion: bool,
    /// ISO 8601, e.g. `PT4M12S`.
    pub duration: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0 to 1.
    pub scaled: f64,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// One attempt: the statements of one run share it.
    pub registration: String,
    pub platform: String,
    pub language: String,
    /// Keyed by IRIs under the activity base.
    pub extensions: BTreeMap<String, Value>,
}

/// A duration in milliseconds as ISO 8601 (`PT1H2M3S`, `PT4.5S`, `PT0S`), to the
/// centisecond xAPI keeps. Negative durations count as zero.
pub fn iso8601_duration(ms: i64) -> String {
    let cs = ms.max(0) / 10;
    let (h, rest) = (cs / 360_000, cs % 360_000);
    let (m, rest) = (rest / 6_000, rest % 6_000);
    let (s, frac) = (rest / 100, rest % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || frac > 0 || (h == 0 && m == 0) {
        if frac == 0 {
            out.push_str(&format!("{s}S"));
        } else {
            let frac = format!("{frac:02}");
            out.push_str(&format!("{s}.{}S", frac.trim_end_matches('0')));
        }
    }
    out
}

/// The IRI of a scenario under an activity base the organisation controls
/// (for example `https://training.example.com/turnaround`).
pub fn activity_id(base: &str, scenario: &str) -> String {
    format!("{}/scenarios/{scenario}", base.trim_end_matches('/'))
}

/// The attempt's registration: a name-based UUID of the scenario, the
/// trainee's identifier and the start time, so a re-export is the same attempt.
pub fn registration(d: &Debrief, actor: &Actor) -> String {
    let who = match &actor.id {
        ActorId::Mbox(m) => m.clone(),
        ActorId::Account(a) => format!("{}|{}", a.home_page, a.name),
    };
    let name = format!("registration|{}|{}|{}", d.scenario, who, d.started_at.millis());
    uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()).hyphenated().to_string()
}

/// A statement's id: a name-based UUID of its registration and verb.
pub fn statement_id(registration: &str, verb: &Verb) -> String {
    let name = format!("statement|{registration}|{}", verb.id);
    uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()).hyphenated().to_string()
}

/// The base an organisation gave, when it is an http(s) IRI; else [`DEFAULT_BASE`].
pub fn base_or_default(base: Option<&str>) -> String {
    match base.map(str::trim) {
        Some(b) if (b.starts_with("https://") || b.starts_with("http://")) && b.len() > 8 && !b.contains(char::is_whitespace) => {
            b.trim_end_matches('/').to_string()
        }
        _ => DEFAULT_BASE.to_string(),
    }
}

/// One statement about a run, with the given verb.
pub fn statement(d: &Debrief, actor: &Actor, base: &str, verb: Verb) -> Statement {
    let base = base.trim_end_matches('/');
    let registration = registration(d, actor);
    let ext = |name: &str| format!("{base}/extensions/{name}");
    let covered: Vec<&str> = d.steps.iter().filter(|s| s.covered).map(|s| s.step.as_str()).collect();
    let missed: Vec<&str> = d.steps.iter().filter(|s| !s.covered).map(|s| s.step.as_str()).collect();
    let mut extensions = BTreeMap::new();
    extensions.insert(ext("outcome"), Value::from(d.outcome.map_or("in_progress", EndKind::as_str)));
    extensions.insert(ext("mode"), Value::from(if d.mode == Mode::Live { "live" } else { "solo" }));
    extensions.insert(ext("playbook"), Value::from(d.playbook.clone()));
    extensions.insert(ext("steps-covered"), Value::from(covered));
    extensions.insert(ext("steps-missed"), Value::from(missed));
    extensions.insert(ext("mood-end"), Value::from(d.mood_end));
    Statement {
        id: statement_id(&registration, &verb),
        actor: actor.clone(),
        verb,
        object: Activity {
            object_type: "Activity".into(),
            id: activity_id(base, &d.scenario),
            definition: Definition { name: lang(&d.title), description: lang(&d.summary), kind: SIMULATION.into() },
        },
        result: Some(XResult {
            score: Score { scaled: (f64::from(d.score) / 100.0).clamp(0.0, 1.0), raw: f64::from(d.score), min: 0.0, max: 100.0 },
            success: d.success,
            completion: d.outcome.is_some_and(|k| k != EndKind::GaveUp),
            duration: iso8601_duration(d.duration_ms),
        }),
        context: Some(Context { registration, platform: "Turnaround".into(), language: LANGUAGE.into(), extensions }),
        timestamp: d.ended_at,
        version: XAPI_VERSION.into(),
    }
}

/// The statements for a finished run: `completed` then `passed` or `failed`;
/// only `failed` when the trainee gave up; none while the run is going.
pub fn statements(d: &Debrief, actor: &Actor, base: &str) -> Vec<Statement> {
    match d.outcome {
        None => Vec::new(),
        Some(EndKind::GaveUp) => vec![statement(d, actor, base, Verb::failed())],
        Some(_) => {
            let verdict = if d.success { Verb::passed() } else { Verb::failed() };
            vec![statement(d, actor, base, Verb::completed()), statement(d, actor, base, verdict)]
        }
    }
}

/// [`statements`] for a run whose scenario is written in `content`: its title
/// and summary are tagged with that language (not `en-US`), and each verb's
/// display carries its word in that language beside the English one. Ids stay
/// as they are: the same attempt is the same statement in any language.
pub fn statements_in(d: &Debrief, actor: &Actor, base: &str, content: Lang) -> Vec<Statement> {
    let mut out = statements(d, actor, base);
    if content == Lang::En {
        return out;
    }
    let tag = content.tag().to_string();
    for s in &mut out {
        s.object.definition.name = BTreeMap::from([(tag.clone(), d.title.clone())]);
        s.object.definition.description = BTreeMap::from([(tag.clone(), d.summary.clone())]);
        if let Some(c) = &mut s.context {
            c.language = tag.clone();
        }
        if let Some(word) = verb_word(&s.verb.id, content) {
            s.verb.display.insert(tag.clone(), word.to_string());
        }
    }
    out
}

/// An ADL verb in Spanish or German, as a learning record store shows it.
fn verb_word(id: &str, lang: Lang) -> Option<&'static str> {
    let word = match (id.rsplit('/').next()?, lang) {
        ("completed", Lang::Es) => "completó",
        ("passed", Lang::Es) => "aprobó",
        ("failed", Lang::Es) => "no aprobó",
        ("completed", Lang::De) => "abgeschlossen",
        ("passed", Lang::De) => "bestanden",
        ("failed", Lang::De) => "nicht bestanden",
        _ => return None,
    };
    Some(word)
}

/// Statements as a JSON array, ready to POST to an LRS's `statements` endpoint.
pub fn statements_json(statements: &[Statement]) -> String {
    // Plain strings, numbers and string-keyed maps: serialization cannot fail.
    serde_json::to_string_pretty(statements).unwrap_or_else(|_| "[]".to_string())
}
