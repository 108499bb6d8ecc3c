//! The coach across a boundary: what the sidebar asks the coach (a draft to
//! review with its context, a message to read for its temperature, or a batch
//! of both) and its answers, as JSON. The sidebar's bundle carries no coach
//! engine: it sends these to the coach's own wasm in a Web Worker
//! (`static/coach-worker.js`) and reads the answers back into the core's own
//! types ([`Review`], [`Reading`]). [`answer`] is the coach's side; it is the
//! only function here that runs the engine, so a bundle that never calls it
//! links none of the engine.
//!
//! A review or a reading may name its language (`"lang": "es"`; absent means
//! English, so English requests read exactly as before). The worker learns
//! from [`missing_languages`] which languages' data it must fetch and hand
//! to [`load_language`] before it answers (only that language's files, and
//! only the first time).
//!
//! Also here: the [`Sequencer`] that lets the sidebar drop an answer that a
//! newer question has overtaken (a keystroke's review arriving after the next
//! keystroke's).

use crate::core::coach::{self, Code, Cue, Finding, Move, MoveHit, Reading, Review, ReviewContext, Span};
use crate::core::locale::Lang;
use crate::core::playbook::Channel;
use crate::core::session::Temperature;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One question for the coach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Review a draft reply; answered with a [`Review`].
    Review {
        draft: String,
        #[serde(default)]
        channel: Channel,
        /// The customer's last message, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        customer_message: Option<String>,
        /// The draft's language (absent: English).
        #[serde(default, skip_serializing_if = "is_english", with = "lang_tag")]
        lang: Lang,
    },
    /// Read how upset a message is; answered with a [`Reading`].
    Temperature {
        message: String,
        /// The message's language (absent: English).
        #[serde(default, skip_serializing_if = "is_english", with = "lang_tag")]
        lang: Lang,
    },
    /// Several questions at once; answered with a JSON array of their answers, in order.
    Batch { items: Vec<Request> },
}

impl Request {
    /// The review of `draft` against the customer's message (empty: none).
    pub fn review(draft: &str, channel: Channel, customer_message: Option<&str>) -> Self {
        Request::Review {
            draft: draft.to_string(),
            channel,
            customer_message: customer_message.filter(|m| !m.trim().is_empty()).map(str::to_string),
            lang: Lang::En,
        }
    }

    /// The temperature of `message`.
    pub fn temperature(message: &str) -> Self {
        Request::Temperature { message: message.to_string(), lang: Lang::En }
    }

    /// The same question in `lang` (a batch: every item).
    pub fn in_lang(mut self, to: Lang) -> Self {
        match &mut self {
            Request::Review { lang, .. } | Request::Temperature { lang, .. } => *lang = to,
            Request::Batch { items } => *items = std::mem::take(items).into_iter().map(|i| i.in_lang(to)).collect(),
        }
        self
    }

    /// The languages this request asks for.
    fn languages(&self, into: &mut Vec<Lang>) {
        match self {
            Request::Review { lang, .. } | Request::Temperature { lang, .. } => {
                if !into.contains(lang) {
                    into.push(*lang);
                }
            }
            Request::Batch { items } => items.iter().for_each(|i| i.languages(into)),
        }
    }

    pub fn to_json(&self) -> String {
        // A request is strings and enums: serialising it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The coach's side: answers a request (JSON) with JSON. A request that does
/// not parse is answered with `{"error": "…"}`, never a panic.
pub fn answer(request: &str) -> String {
    match serde_json::from_str::<Request>(request) {
        Ok(r) => answer_value(&r).to_string(),
        Err(e) => serde_json::json!({ "error": format!("not a coach request: {e}") }).to_string(),
    }
}

/// The languages a request (JSON) needs whose data is not loaded yet, as
/// tags joined by commas (`"es"`; empty: none). A request that does not
/// parse needs nothing ([`answer`] will say what is wrong with it).
pub fn missing_languages(request: &str) -> String {
    let mut langs = Vec::new();
    if let Ok(r) = serde_json::from_str::<Request>(request) {
        r.languages(&mut langs);
    }
    langs.into_iter().filter(|l| !coach::lang::is_ready(*l)).map(Lang::tag).collect::<Vec<_>>().join(",")
}

/// Installs a language's coach data from its two files (`coach/<tag>/cues.txt`
/// and `coach/<tag>/model.bin`, fetched by the worker); the error names the
/// file (and the line of `cues.txt`), or the unknown tag.
pub fn load_language(tag: &str, cues: &str, model: &[u8]) -> Result<(), String> {
    let lang = Lang::ALL.into_iter().find(|l| l.tag() == tag).ok_or_else(|| format!("no coach language {tag:?}"))?;
    coach::lang::load(lang, cues, model)
}

fn is_english(l: &Lang) -> bool {
    *l == Lang::En
}

/// A language on the wire: its BCP 47 primary tag.
mod lang_tag {
    use crate::core::locale::Lang;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(l: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(l.tag())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let tag = String::deserialize(d)?;
        Lang::ALL.into_iter().find(|l| l.tag() == tag).ok_or_else(|| serde::de::Error::custom(format!("no coach language {tag:?}")))
    }
}

fn answer_value(r: &Request) -> serde_json::Value {
    match r {
        Request::Review { draft, channel, customer_message, lang } => {
            let ctx = ReviewContext { channel: *channel, customer_message: customer_message.clone() };
            serde_json::to_value(coach::lang::review(*lang, draft, &ctx)).unwrap_or_default()
        }
        Request::Temperature { message, lang } => serde_json::to_value(coach::lang::temperature(*lang, message)).unwrap_or_default(),
        Request::Batch { items } => serde_json::Value::Array(items.iter().map(answer_value).collect()),
    }
}

/// What went wrong reading an answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("the coach answered with an error: {0}")]
    Coach(String),
    #[error("the coach's answer could not be read: {0}")]
    Unreadable(String),
}

// The answers as they travel: the core's types with their `&'static str`
// fields (a finding's step, a cue's kind) as text, mapped back on arrival.

#[derive(Deserialize)]
struct WireReview {
    #[serde(default)]
    findings: Vec<WireFinding>,
    #[serde(default)]
    moves: Vec<WireMove>,
}

#[derive(Deserialize)]
struct WireSpan {
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct WireFinding {
    code: String,
    span: WireSpan,
    reason: String,
    #[serde(default)]
    rewrite: Option<String>,
    #[serde(default)]
    rewrite_span: Option<WireSpan>,
}

#[derive(Deserialize)]
struct WireMove {
    #[serde(rename = "move")]
    mv: String,
    span: WireSpan,
}

#[derive(Deserialize)]
struct WireReading {
    score: u8,
    level: Temperature,
    #[serde(default)]
    cues: Vec<WireCue>,
}

#[derive(Deserialize)]
struct WireCue {
    kind: String,
    text: String,
    weight: i32,
}

/// The kinds of cue the coach names (`Cue::kind`); another reads as `wording`.
const CUE_KINDS: [&str; 11] =
    ["capitals", "punctuation", "profanity", "threat", "absolute", "negative", "repetition", "waiting", "positive", "length", "wording"];

fn span(s: WireSpan) -> Span {
    Span { start: s.start, end: s.end }
}

fn error_of(v: &serde_json::Value) -> Option<WireError> {
    v.get("error").and_then(|e| e.as_str()).map(|e| WireError::Coach(e.to_string()))
}

/// Reads a review answer. A finding or move with a code this sidebar does
/// not know (a newer coach) is left out rather than failing the whole review.
pub fn review_from_value(v: serde_json::Value) -> Result<Review, WireError> {
    if let Some(e) = error_of(&v) {
        return Err(e);
    }
    let w: WireReview = serde_json::from_value(v).map_err(|e| WireError::Unreadable(e.to_string()))?;
    let findings = w
        .findings
        .into_iter()
        .filter_map(|f| {
            let code = Code::parse(&f.code)?;
            Some(Finding {
                code,
                span: span(f.span),
                reason: f.reason,
                rewrite: f.rewrite,
                rewrite_span: f.rewrite_span.map(span),
                step: code.step(),
            })
        })
        .collect();
    let moves = w
        .moves
        .into_iter()
        .filter_map(|m| {
            let mv = Move::parse(&m.mv)?;
            Some(MoveHit { mv, span: span(m.span), step: mv.step() })
        })
        .collect();
    Ok(Review { findings, moves })
}

/// Reads a temperature answer.
pub fn reading_from_value(v: serde_json::Value) -> Result<Reading, WireError> {
    if let Some(e) = error_of(&v) {
        return Err(e);
    }
    let w: WireReading = serde_json::from_value(v).map_err(|e| WireError::Unreadable(e.to_string()))?;
    let cues = w
        .cues
        .into_iter()
        .map(|c| Cue { kind: CUE_KINDS.into_iter().find(|k| *k == c.kind).unwrap_or("wording"), text: c.text, weight: c.weight })
        .collect();
    Ok(Reading { score: w.score.min(100), level: w.level, cues })
}

fn value_of(json: &str) -> Result<serde_json::Value, WireError> {
    serde_json::from_str(json).map_err(|e| WireError::Unreadable(e.to_string()))
}

/// Reads a review answer from its JSON.
pub fn review_from_json(json: &str) -> Result<Review, WireError> {
    review_from_value(value_of(json)?)
}

/// Reads a temperature answer from its JSON.
pub fn reading_from_json(json: &str) -> Result<Reading, WireError> {
    reading_from_value(value_of(json)?)
}

/// Reads a batch answer: one JSON value per item, in order.
pub fn batch_from_json(json: &str) -> Result<Vec<serde_json::Value>, WireError> {
    match value_of(json)? {
        serde_json::Value::Array(items) => Ok(items),
        other => Err(error_of(&other).unwrap_or_else(|| WireError::Unreadable("a batch answer is a list".into()))),
    }
}

/// Numbers questions and remembers the newest per slot (the streamed draft,
/// the paste box, the message reading), so an answer to an older question in
/// the same slot is known to be stale and dropped. Questions without a slot
/// (a thread's readings) are never stale.
#[derive(Clone, Debug, Default)]
pub struct Sequencer {
    next: u64,
    newest: HashMap<&'static str, u64>,
}

impl Sequencer {
    /// The number of a new question, the newest of its slot from now on.
    pub fn issue(&mut self, slot: Option<&'static str>) -> u64 {
        self.next += 1;
        if let Some(s) = slot {
            self.newest.insert(s, self.next);
        }
        self.next
    }

    /// Whether the answer to question `seq` in `slot` is still wanted.
    pub fn is_current(&self, slot: Option<&'static str>, seq: u64) -> bool {
        slot.is_none_or(|s| self.newest.get(s).is_none_or(|n| *n == seq))
    }
}
