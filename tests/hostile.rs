//! Hostile input: property tests over every parser of outside input (host
//! messages, stored records, playbooks, scenarios, phrase rendering, the
//! coach, timestamps, session merges). None may panic, whatever it is given;
//! where a stronger rule is cheap and true, it is checked too.
//!
//! Case counts are sized for `cargo test` in debug on two shared cores. Set
//! `TURNAROUND_PROPTEST_CASES=<n>` to run every property `n` times instead
//! (`scripts/fuzz.sh` does, with 100000). The cargo-fuzz targets in `fuzz/`
//! cover the same parsers with coverage guidance. Every failure either kind
//! of run found is a named regression test at the bottom of this file.

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError};
use serde_json::{json, Map, Value};
use turnaround::core::coach::{review, temperature, Review, ReviewContext, Span};
use turnaround::core::playbook::{self, render, Channel, PhraseContext};
use turnaround::core::protocol::{parse_host_message, parse_session, ErrorCode, HostMessage, MAX_MESSAGE_BYTES};
use turnaround::core::session::{
    merge, same_content, Evidence, EvidenceKind, FollowUp, Session, StepState, Temperature, TemperatureReading,
};
use turnaround::core::store::{session_key, Backend, Memory, StorageNotice, Store, INDEX_KEY, PLAYBOOK_PREFIX};
use turnaround::core::time::Timestamp;
use turnaround::core::trainer::{self, parse_scenario, Input, Mode, Run};

// ---------------------------------------------------------------------------
// Configuration

/// The case count of one property: its default, or `TURNAROUND_PROPTEST_CASES`.
fn cases(default: u32) -> u32 {
    std::env::var("TURNAROUND_PROPTEST_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        // A failure is turned into a named regression test below, by hand;
        // no `.proptest-regressions` files appear in the tree.
        failure_persistence: None,
        max_shrink_iters: 4_096,
        // ChaCha in an unoptimized build costs more than most parsers under test.
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Strategies: text

/// Characters that break naive text handling: direction overrides, combining
/// marks, emoji and joiners, characters whose lowercase or uppercase has a
/// different length ('İ', 'ß', 'ﬁ', 'ẞ'), final sigma, the byte order mark,
/// NUL, quotes, braces and the punctuation the coach and `render` look at.
const NASTY: &[char] = &[
    '\u{202E}',
    '\u{202D}',
    '\u{2066}',
    '\u{2069}',
    '\u{061C}',
    '\u{200F}',
    '\u{0301}',
    '\u{0308}',
    '\u{20DD}',
    '\u{200D}',
    '\u{200B}',
    '\u{FEFF}',
    '\u{00AD}',
    '😡',
    '👍',
    '🏳',
    '\u{FE0F}',
    '🇩',
    '🇪',
    'İ',
    'ı',
    'ß',
    'ẞ',
    'ﬁ',
    'ŉ',
    'Σ',
    'ς',
    'ǅ',
    'ع',
    'ש',
    'ك',
    '中',
    'ー',
    '\u{0000}',
    '\u{0007}',
    '\u{001B}',
    '\u{007F}',
    '\u{0085}',
    '\u{2028}',
    '\u{2029}',
    '\u{3000}',
    '\u{00A0}',
    '"',
    '\'',
    '\u{2019}',
    '\u{201C}',
    '\u{201D}',
    '\\',
    '{',
    '}',
    '|',
    '<',
    '>',
    '&',
    '\n',
    '\r',
    '\t',
    ' ',
    '.',
    '!',
    '?',
    ',',
    ';',
    ':',
    '-',
    '—',
    '…',
    '#',
    '@',
    '*',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{FFFD}',
    '０',
    '٣',
    '²',
];

fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        3 => prop::sample::select(NASTY),
        1 => any::<char>(),
    ]
}

/// Any short string, biased to the characters in [`NASTY`].
fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// Words the coach's rules and the temperature reading look for, and the
/// shapes of quoted replies and signatures.
const WORDS: &[&str] = &[
    "you",
    "the",
    "not",
    "to",
    "is",
    "we",
    "it",
    "have",
    "will",
    "that",
    "this",
    "can",
    "are",
    "do",
    "what",
    "your",
    "for",
    "would",
    "our",
    "be",
    "in",
    "if",
    "am",
    "no",
    "I",
    "I'm",
    "I'll",
    "we'll",
    "don't",
    "can't",
    "won't",
    "didn't",
    "cannot",
    "sorry",
    "but",
    "however",
    "policy",
    "fault",
    "blame",
    "calm",
    "down",
    "overreacting",
    "thank",
    "thanks",
    "apologise",
    "apologize",
    "department",
    "team",
    "contact",
    "soon",
    "asap",
    "look",
    "into",
    "later",
    "tomorrow",
    "Monday",
    "by",
    "5pm",
    "48",
    "hours",
    "minutes",
    "refund",
    "charged",
    "twice",
    "again",
    "never",
    "always",
    "lawyer",
    "sue",
    "cancel",
    "damn",
    "ridiculous",
    "unacceptable",
    "frustrating",
    "understand",
    "feel",
    "way",
    "upset",
    "Hi",
    "Hello",
    "Dear",
    "Sam,",
    "my",
    "name",
    "On",
    "wrote:",
    ">",
    "--",
    "\"",
    "Regards,",
    "Best,",
    "Sent",
    "from",
    "iPhone",
    "!!!",
    "???",
    "WHY",
    "NOW",
    "...",
    ":)",
    "{when}",
    "{customer}",
    "[option]",
    "$0",
    "**",
    "#",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", "", "\n", "\n\n", ", ", ". ", "! ", "? ", "\n> ", " \"", "\" ", "\r\n", "\t", "\u{3000}", "—"];

/// A message or draft: coach words mixed with nasty characters and line shapes.
fn prose(max_words: usize) -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => soup(6),
        1 => prop::sample::select(WORDS).prop_map(|w| w.to_uppercase()),
    ];
    prop::collection::vec((word, prop::sample::select(SEPARATORS)), 0..=max_words).prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(&w);
            s.push_str(sep);
        }
        s
    })
}

/// Text-level damage to a document: the shapes a truncated upload, a bad
/// editor or a hostile author produce.
#[derive(Clone, Debug)]
enum TextOp {
    /// Replace the character at (about) this position.
    Flip(usize, char),
    Truncate(usize),
    Insert(usize, String),
    Delete(usize, usize),
    /// Insert a second `"key": value` member before an occurrence of `"key":`.
    DuplicateKey(usize, &'static str, &'static str),
}

const DUP_KEYS: &[&str] = &[
    "id",
    "title",
    "steps",
    "text",
    "channel",
    "phrases",
    "schema",
    "ticket_id",
    "rev",
    "nodes",
    "replies",
    "next",
    "mood",
    "outcomes",
    "when",
    "playbook",
    "done",
];
const DUP_VALUES: &[&str] =
    &["\"x\"", "null", "1", "-1", "1e999", "18446744073709551616", "[]", "{}", "true", "\"\u{202E}\"", "[[[[[]]]]]"];
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    ",",
    ":",
    "null",
    "1e309",
    "-0",
    "{customer}",
    "{when|x}",
    "{",
    "}}",
    "\"id\":",
    "\u{202E}",
    "\u{0301}",
];

fn text_op() -> impl Strategy<Value = TextOp> {
    prop_oneof![
        4 => (any::<usize>(), nasty_char()).prop_map(|(i, c)| TextOp::Flip(i, c)),
        1 => any::<usize>().prop_map(TextOp::Truncate),
        2 => (any::<usize>(), prop_oneof![prop::sample::select(SNIPPETS).prop_map(str::to_string), soup(8)]).prop_map(|(i, s)| TextOp::Insert(i, s)),
        1 => (any::<usize>(), 0usize..64).prop_map(|(i, n)| TextOp::Delete(i, n)),
        2 => (any::<usize>(), prop::sample::select(DUP_KEYS), prop::sample::select(DUP_VALUES)).prop_map(|(i, k, v)| TextOp::DuplicateKey(i, k, v)),
    ]
}

/// The char boundary at or before `i % (len + 1)`.
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply_text_ops(mut s: String, ops: &[TextOp]) -> String {
    for op in ops {
        match op {
            TextOp::Flip(i, c) => {
                let at = boundary(&s, *i);
                if let Some(old) = s[at..].chars().next() {
                    s.replace_range(at..at + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
                }
            }
            TextOp::Truncate(i) => {
                let at = boundary(&s, *i);
                s.truncate(at);
            }
            TextOp::Insert(i, t) => {
                let at = boundary(&s, *i);
                s.insert_str(at, t);
            }
            TextOp::Delete(i, n) => {
                let a = boundary(&s, *i);
                let b = boundary(&s, a + n);
                if b > a {
                    s.replace_range(a..b, "");
                }
            }
            TextOp::DuplicateKey(i, key, value) => {
                let needle = format!("\"{key}\":");
                let hits: Vec<usize> = s.match_indices(&needle).map(|(at, _)| at).collect();
                if !hits.is_empty() {
                    let at = hits[i % hits.len()];
                    s.insert_str(at, &format!("\"{key}\": {value}, "));
                }
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Strategies: JSON

/// Keys the parsers look for, so arbitrary objects reach past the first check.
const KEYS: &[&str] = &[
    "protocol",
    "v",
    "type",
    "id",
    "re",
    "payload",
    "ticket",
    "subject",
    "customer",
    "name",
    "email",
    "agent",
    "company",
    "channel",
    "playbook",
    "theme",
    "session",
    "capabilities",
    "insert_text",
    "note",
    "custom_playbook",
    "schema",
    "ticket_id",
    "rev",
    "created_at",
    "updated_at",
    "steps",
    "done",
    "done_at",
    "focus",
    "temperatures",
    "level",
    "at",
    "follow_ups",
    "due",
    "text",
    "worksheet",
    "facts",
    "kind",
    "alert",
    "other_steps",
    "make_whole",
    "answers",
    "remedy",
    "handovers",
    "from",
    "to",
    "__proto__",
    "constructor",
    "",
    "\u{202E}",
];

const STRINGS: &[&str] = &[
    "turnaround",
    "init",
    "ack",
    "request_state",
    "save",
    "error",
    "ready",
    "4711",
    "w-17",
    "h-3",
    "phone",
    "chat",
    "email",
    "light",
    "dark",
    "laptop",
    "leap",
    "calm",
    "furious",
    "2026-11-22T10:00:00Z",
    "2026-02-30T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "0000-01-01T00:00:00Z",
    "",
    " ",
    "\u{0000}",
    "<script>alert(1)</script>",
    "{customer}",
    "listen",
];

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![0i64, 1, -1, 2, 64, 65, 128, 129, i64::MIN, i64::MAX]).prop_map(Value::from),
        prop::sample::select(vec![u64::MAX, u64::MAX - 1, 1 << 53, (1 << 53) + 1, u64::from(u32::MAX) + 1]).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![1.0f64, 1.5, -0.0, 1e308, -1e308, 5e-324])
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(STRINGS).prop_map(str::to_string),
        3 => soup(16),
        1 => (prop::sample::select(vec![63usize, 64, 65, 127, 128, 129, 255, 256, 257, 1_999, 2_000, 2_001]), prop::sample::select(vec!['a', 'é', '中', '😡', '\u{0301}']))
            .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect()),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => json_number(),
        4 => json_string().prop_map(Value::String),
    ]
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => prop::sample::select(KEYS).prop_map(str::to_string), 1 => soup(8)]
}

/// Any JSON value, at most five levels deep and about sixty nodes.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A change to one node of a JSON document.
#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    /// Remove the node from its parent (the root becomes null).
    Remove,
    /// The node's JSON text as a string: `4711` becomes `"4711"`.
    Stringify,
    /// Wrap the node in an array (true) or an object (false).
    Nest(bool),
    /// Add a member to an object or an element to an array.
    Insert(String, Value),
    /// Repeat an array's first element, or copy a member under a second key.
    Duplicate,
    /// Nest the node a hundred levels deep.
    Deep,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => json_leaf().prop_map(Mutation::Replace),
        1 => json_value().prop_map(Mutation::Replace),
        2 => Just(Mutation::Remove),
        1 => Just(Mutation::Stringify),
        1 => any::<bool>().prop_map(Mutation::Nest),
        2 => (json_key(), json_leaf()).prop_map(|(k, v)| Mutation::Insert(k, v)),
        1 => Just(Mutation::Duplicate),
        1 => Just(Mutation::Deep),
    ]
}

/// Up to `max` mutations, each aimed at a node chosen by its pre-order number.
fn mutations(max: usize) -> impl Strategy<Value = Vec<(usize, Mutation)>> {
    prop::collection::vec((any::<usize>(), mutation()), 0..=max)
}

fn nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(nodes).sum(),
        Value::Object(o) => o.values().map(nodes).sum(),
        _ => 0,
    }
}

fn apply_node(v: &mut Value, m: &Mutation) {
    match m {
        Mutation::Replace(x) => *v = x.clone(),
        Mutation::Remove => *v = Value::Null,
        Mutation::Stringify => *v = Value::String(v.to_string()),
        Mutation::Nest(true) => *v = Value::Array(vec![v.take()]),
        Mutation::Nest(false) => *v = json!({ "x": v.take() }),
        Mutation::Insert(k, x) => match v {
            Value::Object(o) => {
                o.insert(k.clone(), x.clone());
            }
            Value::Array(a) => a.push(x.clone()),
            other => *other = x.clone(),
        },
        Mutation::Duplicate => match v {
            Value::Array(a) if !a.is_empty() => a.push(a[0].clone()),
            Value::Object(o) => {
                if let Some((k, x)) = o.iter().next().map(|(k, x)| (format!("{k} "), x.clone())) {
                    o.insert(k, x);
                }
            }
            _ => {}
        },
        Mutation::Deep => {
            let mut x = v.take();
            for _ in 0..100 {
                x = Value::Array(vec![x]);
            }
            *v = x;
        }
    }
}

enum Walk {
    Here,
    Done,
    NotYet,
}

/// Finds node number `n` (pre-order, the root is 0) and applies `m` to it;
/// `Remove` is applied by the parent.
fn walk(v: &mut Value, n: &mut usize, m: &Mutation) -> Walk {
    if *n == 0 {
        return Walk::Here;
    }
    *n -= 1;
    match v {
        Value::Array(a) => {
            for i in 0..a.len() {
                match walk(&mut a[i], n, m) {
                    Walk::Here => {
                        if matches!(m, Mutation::Remove) {
                            a.remove(i);
                        } else {
                            apply_node(&mut a[i], m);
                        }
                        return Walk::Done;
                    }
                    Walk::Done => return Walk::Done,
                    Walk::NotYet => {}
                }
            }
        }
        Value::Object(o) => {
            let keys: Vec<String> = o.keys().cloned().collect();
            for k in keys {
                let Some(child) = o.get_mut(&k) else { continue };
                match walk(child, n, m) {
                    Walk::Here => {
                        if matches!(m, Mutation::Remove) {
                            o.remove(&k);
                        } else {
                            apply_node(child, m);
                        }
                        return Walk::Done;
                    }
                    Walk::Done => return Walk::Done,
                    Walk::NotYet => {}
                }
            }
        }
        _ => {}
    }
    Walk::NotYet
}

fn apply_mutations(mut v: Value, ms: &[(usize, Mutation)]) -> Value {
    for (at, m) in ms {
        let mut n = at % nodes(&v);
        if let Walk::Here = walk(&mut v, &mut n, m) {
            apply_node(&mut v, m);
        }
    }
    v
}

// ---------------------------------------------------------------------------
// Strategies: sessions

/// The laptop playbook, parsed once (parsing it per case would dominate the run).
fn laptop() -> &'static playbook::Playbook {
    static LAPTOP: std::sync::OnceLock<playbook::Playbook> = std::sync::OnceLock::new();
    LAPTOP.get_or_init(|| playbook::built_in("laptop").expect("laptop is built in").expect("laptop parses"))
}

/// A valid schema-1 session of ticket `4711`, with one step checked.
fn valid_session() -> Session {
    let mut s = Session::new("4711", laptop(), ts(0));
    s.rev = 3;
    s.steps[0].done = true;
    s.steps[0].done_at = Some(ts(60_000));
    s.steps[0].note = "double-billed in October".into();
    s
}

fn ts(ms: i64) -> Timestamp {
    Timestamp(1_795_341_600_000 + ms)
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        3 => (0i64..5).prop_map(|m| ts(m * 60_000)),
        1 => (-62_135_596_800_000i64..253_402_300_799_999).prop_map(Timestamp),
    ]
}

const STEP_IDS: &[&str] = &["listen", "acknowledge", "plan", "take-action", "offer-thanks", "produce-documentation", "x"];
const NOTES: &[&str] = &["", "a", "b", "ab", "double-billed", "\u{202E}note", "a\n--- (kept from another copy) ---\nb"];

fn step_state() -> impl Strategy<Value = StepState> {
    (prop::sample::select(STEP_IDS), any::<bool>(), prop::option::of(timestamp()), prop::sample::select(NOTES), any::<bool>()).prop_map(
        |(id, done, done_at, note, extra)| {
            let mut s = StepState::new(id);
            s.done = done;
            s.done_at = if done { done_at } else { None };
            s.note = note.to_string();
            if extra {
                s.extra.insert("host_field".into(), json!({ "kept": true }));
            }
            s
        },
    )
}

fn rev() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..8, 1 => Just(u64::MAX), 1 => Just(u64::MAX - 1), 1 => any::<u64>()]
}

fn temperature_level() -> impl Strategy<Value = Temperature> {
    prop::sample::select(Temperature::ALL.to_vec())
}

/// A session as a host might hand it back: any steps (duplicates too), any
/// revs (including `u64::MAX`), lists in any order.
fn any_session() -> impl Strategy<Value = Session> {
    (
        rev(),
        timestamp(),
        timestamp(),
        prop::collection::vec(step_state(), 0..6),
        prop::collection::vec(step_state(), 0..3),
        prop::collection::vec((temperature_level(), timestamp()), 0..3),
        prop::collection::vec((0u8..4, prop::sample::select(NOTES), timestamp(), prop::option::of(timestamp())), 0..3),
        prop::collection::vec((0u8..4, prop::sample::select(NOTES), any::<bool>()), 0..3),
        prop::option::of((json_key(), json_leaf())),
        prop::sample::select(vec!["", "a", "b"]),
    )
        .prop_map(|(rev, created, updated, steps, other, temps, follow_ups, facts, extra, problem)| {
            let mut s = Session::new("4711", laptop(), created);
            s.rev = rev;
            s.updated_at = updated;
            s.steps = steps;
            s.other_steps = other;
            s.temperatures = temps.into_iter().map(|(level, at)| TemperatureReading { level, at }).collect();
            s.follow_ups = follow_ups
                .into_iter()
                .map(|(id, text, due, done_at)| FollowUp {
                    id: format!("f{id}"),
                    text: text.to_string(),
                    due,
                    created_at: created,
                    done_at,
                })
                .collect();
            s.worksheet.evidence = facts
                .into_iter()
                .map(|(id, text, op)| Evidence {
                    id: format!("k{id}"),
                    text: text.to_string(),
                    kind: if op { EvidenceKind::Opinion } else { EvidenceKind::Fact },
                })
                .collect();
            if let Some((k, v)) = extra {
                // The typed fields own their names; an extra under one of them would not round-trip.
                if serde_json::to_value(&s).map(|j| j.get(&k).is_none()).unwrap_or(false) {
                    s.extra.insert(k, v);
                }
            }
            s.alert.problem = problem.to_string();
            s
        })
}

/// What the widget itself writes: step ids unique, `other_steps` disjoint
/// from `steps`, item ids unique, lists in the order `apply` keeps them.
fn tidy_session(mut s: Session) -> Session {
    let mut seen: Vec<String> = Vec::new();
    s.steps.retain(|x| {
        let new = !seen.contains(&x.id);
        seen.push(x.id.clone());
        new
    });
    s.other_steps.retain(|x| {
        let new = !seen.contains(&x.id);
        seen.push(x.id.clone());
        new
    });
    let mut ids: Vec<String> = Vec::new();
    s.follow_ups.retain(|f| {
        let new = !ids.contains(&f.id);
        ids.push(f.id.clone());
        new
    });
    s.worksheet.evidence.retain(|f| {
        let new = !ids.contains(&f.id);
        ids.push(f.id.clone());
        new
    });
    s.temperatures.sort_by_key(|r| r.at);
    s.follow_ups.sort_by_key(|f| f.due);
    s.handovers.sort_by_key(|h| h.at);
    s
}

fn well_formed_session() -> impl Strategy<Value = Session> {
    any_session().prop_map(tidy_session)
}

// ---------------------------------------------------------------------------
// Protocol: parse_host_message and parse_session

fn envelope(kind: &str, payload: Value) -> Value {
    json!({ "protocol": "turnaround", "v": 1, "type": kind, "id": "h-3", "payload": payload })
}

/// Valid (and nearly valid) messages to start mutating from.
fn base_messages() -> Vec<Value> {
    let session = serde_json::to_value(valid_session()).expect("a session serializes");
    let mut ack = envelope("ack", json!({}));
    ack["re"] = json!("w-17");
    vec![
        envelope("init", json!({ "ticket": { "id": "4711" } })),
        envelope(
            "init",
            json!({
                "ticket": { "id": "4711", "subject": "Double billed", "customer": { "id": "c-9", "name": "Dana Reyes", "email": "dana@example.com" } },
                "agent": { "name": "Sam" }, "company": "Acme", "channel": "phone", "playbook": "leap", "theme": "dark",
                "capabilities": { "insert_text": false, "note": true },
                "session": session.clone(),
            }),
        ),
        ack,
        envelope("request_state", json!({})),
        envelope("save", json!({ "ticket_id": "4711", "rev": 3, "session": session })),
        envelope("error", json!({ "code": "bad_message", "message": "no" })),
    ]
}

fn message_len(v: &Value) -> usize {
    serde_json::to_string(v).map_or(usize::MAX, |s| s.len())
}

fn valid_id_value(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str).filter(|s| (1..=64).contains(&s.chars().count()))
}

/// What must hold for every message, accepted or not.
fn check_message(msg: &Value, len: usize) -> Result<(), TestCaseError> {
    let first = parse_host_message(msg, len);
    let again = parse_host_message(msg, len);
    prop_assert_eq!(&first, &again, "parsing is deterministic");
    let id = if msg.is_object() { valid_id_value(msg) } else { None };
    match first {
        Err(r) => {
            // An error answer names the refused message exactly when its id is usable.
            prop_assert_eq!(r.re.as_deref(), id);
            prop_assert!(!r.message.is_empty());
            if len > MAX_MESSAGE_BYTES {
                prop_assert_eq!(r.code, ErrorCode::TooLarge);
            }
        }
        Ok(m) => {
            prop_assert!(len <= MAX_MESSAGE_BYTES);
            let got = match &m {
                HostMessage::Init { id, init } => {
                    prop_assert!((1..=128).contains(&init.ticket_id.chars().count()));
                    if let Some(s) = &init.session {
                        prop_assert_eq!(&s.ticket_id, &init.ticket_id, "a host's session belongs to the ticket");
                    }
                    id
                }
                HostMessage::Ack { id, re } => {
                    prop_assert!((1..=64).contains(&re.chars().count()));
                    id
                }
                HostMessage::RequestState { id } => id,
            };
            prop_assert_eq!(Some(got.as_str()), id);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(12_000))]

    #[test]
    fn any_json_value_is_answered_without_a_panic(v in json_value(), len in prop_oneof![4 => Just(None), 1 => (0usize..2 * MAX_MESSAGE_BYTES).prop_map(Some)]) {
        let len = len.unwrap_or_else(|| message_len(&v));
        check_message(&v, len)?;
        // A session from a host can be anything too.
        let _ = parse_session(&v, "4711");
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn any_envelope_around_any_payload_is_answered_without_a_panic(kind in prop::sample::select(vec!["init", "ack", "request_state", "save", "nope"]), payload in json_value(), re in prop::option::of(json_leaf())) {
        let mut v = envelope(kind, payload);
        if let Some(re) = re {
            v["re"] = re;
        }
        check_message(&v, message_len(&v))?;
    }
}

proptest! {
    #![proptest_config(config(12_000))]

    #[test]
    fn mutated_valid_messages_are_answered_without_a_panic(base in prop::sample::select(base_messages()), ms in mutations(4)) {
        let v = apply_mutations(base, &ms);
        check_message(&v, message_len(&v))?;
    }
}

proptest! {
    #![proptest_config(config(5_000))]

    #[test]
    fn a_valid_inits_ticket_id_and_subject_round_trip(
        ticket in prop::collection::vec(nasty_char(), 1..=128).prop_map(|v| v.into_iter().collect::<String>()),
        id in prop::collection::vec(nasty_char(), 1..=64).prop_map(|v| v.into_iter().collect::<String>()),
        subject in soup(40),
    ) {
        let mut v = envelope("init", json!({ "ticket": { "id": ticket, "subject": subject } }));
        v["id"] = json!(id);
        match parse_host_message(&v, message_len(&v)) {
            Ok(HostMessage::Init { id: got_id, init }) => {
                prop_assert_eq!(got_id, id);
                prop_assert_eq!(&init.ticket_id, &ticket);
                prop_assert_eq!(&init.subject, &subject);
            }
            other => prop_assert!(false, "a valid init was refused: {:?}", other),
        }
    }
}

proptest! {
    #![proptest_config(config(5_000))]

    #[test]
    fn mutated_sessions_from_a_host_are_checked_without_a_panic(s in any_session(), ms in mutations(3)) {
        let v = apply_mutations(serde_json::to_value(&s).expect("a session serializes"), &ms);
        if let Ok(got) = parse_session(&v, "4711") {
            prop_assert_eq!(got.ticket_id.as_str(), "4711");
            prop_assert_eq!(got.schema, 1);
        }
    }
}

// ---------------------------------------------------------------------------
// Store::load over arbitrary stored records

/// A stored record: arbitrary text, or a session (of this ticket, or not)
/// damaged as JSON or as text.
fn stored_record() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => soup(40),
        2 => (any_session(), mutations(3)).prop_map(|(s, ms)| apply_mutations(serde_json::to_value(&s).unwrap_or(Value::Null), &ms).to_string()),
        2 => (any_session(), prop::collection::vec(text_op(), 0..4)).prop_map(|(s, ops)| apply_text_ops(serde_json::to_string(&s).unwrap_or_default(), &ops)),
        1 => (any_session(), prop::sample::select(vec![json!(0), json!(2), json!(u64::MAX), json!("1"), json!(null), json!(-1), json!(1.5)])).prop_map(|(s, schema)| {
            let mut v = serde_json::to_value(&s).unwrap_or(Value::Null);
            v["schema"] = schema;
            v.to_string()
        }),
        1 => json_value().prop_map(|v| v.to_string()),
    ]
}

fn ticket_id() -> impl Strategy<Value = String> {
    prop_oneof![4 => Just("4711".to_string()), 1 => soup(12)]
}

/// Loads `raw` stored under `ticket`'s key, next to other arbitrary records,
/// and checks that the raw text is never lost.
fn check_load(ticket: &str, raw: &str, others: &[(String, String)], full: bool) -> Result<(), TestCaseError> {
    let key = session_key(ticket);
    let mut mem = Memory::new();
    for (k, v) in others {
        mem.set(k, v).expect("no quota yet");
    }
    mem.set(&key, raw).expect("no quota yet");
    if full {
        // Exactly full: moving the record aside cannot succeed.
        let used: usize = mem
            .keys()
            .unwrap_or_default()
            .iter()
            .map(|k| k.encode_utf16().count() + mem.get(k).ok().flatten().unwrap_or_default().encode_utf16().count())
            .sum();
        mem.quota = Some(used);
    }
    let mut st = Store::new(mem);
    let loaded = st.load(ticket, ts(0));
    prop_assert!(loaded.is_ok(), "the in-memory backend never fails: {:?}", loaded.err());
    let loaded = loaded.unwrap_or_default();
    match (&loaded.session, &loaded.notice) {
        (Some(s), None) => {
            prop_assert_eq!(&s.ticket_id, ticket);
            prop_assert_eq!(st.get_raw(&key).ok().flatten(), Some(raw.to_string()), "a readable record stays as it is");
        }
        (None, Some(StorageNotice::Quarantined { key: k, to, .. })) | (None, Some(StorageNotice::FromTheFuture { key: k, to, .. })) => {
            prop_assert_eq!(k, &key);
            prop_assert_eq!(st.get_raw(to).ok().flatten(), Some(raw.to_string()), "the quarantined copy is the raw text");
            prop_assert_eq!(st.get_raw(&key).ok().flatten(), None);
        }
        (None, Some(StorageNotice::Unreadable { key: k, .. })) => {
            prop_assert_eq!(k, &key);
            prop_assert!(loaded.locked);
            prop_assert_eq!(st.get_raw(&key).ok().flatten(), Some(raw.to_string()), "an unreadable record that cannot move stays in place");
        }
        other => prop_assert!(false, "a stored record is either a session or a notice: {:?}", other),
    }
    // Everything else that reads stored records copes with the same mess.
    prop_assert!(st.index().is_ok());
    prop_assert!(st.history("c-9", "dana@example.com", "").is_ok());
    prop_assert!(st.search("billed", 5).is_ok());
    prop_assert!(st.custom_playbooks().is_ok());
    prop_assert!(st.quarantined().is_ok());
    if !full && !loaded.locked {
        let fresh = Session::new(ticket, laptop(), ts(1));
        prop_assert!(st.save(&fresh).is_ok());
    }
    Ok(())
}

fn other_records() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop_oneof![
                Just(INDEX_KEY.to_string()),
                soup(6).prop_map(|s| format!("{PLAYBOOK_PREFIX}{s}")),
                soup(6).prop_map(|s| session_key(&s)),
                Just(session_key("other")),
            ],
            prop_oneof![2 => soup(30), 1 => json_value().prop_map(|v| v.to_string()), 1 => (any_session(), mutations(2)).prop_map(|(s, ms)| apply_mutations(serde_json::to_value(&s).unwrap_or(Value::Null), &ms).to_string())],
        ),
        0..3,
    )
}

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn a_stored_session_record_loads_or_is_set_aside_and_never_lost(ticket in ticket_id(), raw in stored_record(), others in other_records()) {
        check_load(&ticket, &raw, &others, false)?;
    }
}

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn an_unreadable_record_in_full_storage_stays_where_it_was(ticket in ticket_id(), raw in stored_record(), others in other_records()) {
        check_load(&ticket, &raw, &others, true)?;
    }
}

// ---------------------------------------------------------------------------
// Playbooks: parse and render

fn mutated_playbook_text() -> impl Strategy<Value = String> {
    let texts: Vec<&'static str> = playbook::BUILT_IN.iter().map(|(_, t)| *t).collect();
    prop_oneof![
        3 => (prop::sample::select(texts.clone()), prop::collection::vec(text_op(), 1..5)).prop_map(|(t, ops)| apply_text_ops(t.to_string(), &ops)),
        3 => (prop::sample::select(texts), mutations(4)).prop_map(|(t, ms)| apply_mutations(serde_json::from_str(t).unwrap_or(Value::Null), &ms).to_string()),
    ]
}

fn phrase_context() -> impl Strategy<Value = PhraseContext> {
    (soup(12), soup(12), soup(12), soup(12)).prop_map(|(customer, agent, company, when)| PhraseContext { customer, agent, company, when })
}

fn brace_free(ctx: &PhraseContext) -> PhraseContext {
    let clean = |s: &str| s.replace(['{', '}'], "");
    PhraseContext { customer: clean(&ctx.customer), agent: clean(&ctx.agent), company: clean(&ctx.company), when: clean(&ctx.when) }
}

fn check_playbook(text: &str, ctx: &PhraseContext) -> Result<(), TestCaseError> {
    match playbook::parse(text) {
        Ok(p) => {
            prop_assert!(playbook::validate(&p).is_empty(), "an accepted playbook validates");
            let ctx = brace_free(ctx);
            for step in &p.steps {
                for phrase in &step.phrases {
                    let out = render(&phrase.text, &ctx);
                    prop_assert!(!out.contains(['{', '}']), "render left a brace in {:?}", out);
                }
            }
        }
        Err(errs) => prop_assert!(!errs.0.is_empty(), "a refusal names at least one error"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn mutated_built_in_playbooks_are_parsed_without_a_panic(text in mutated_playbook_text(), ctx in phrase_context()) {
        check_playbook(&text, &ctx)?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn any_text_is_refused_as_a_playbook_without_a_panic(text in prop_oneof![soup(64), json_value().prop_map(|v| v.to_string())], ctx in phrase_context()) {
        check_playbook(&text, &ctx)?;
    }
}

proptest! {
    #![proptest_config(config(15_000))]

    #[test]
    fn render_never_leaves_a_brace_when_the_values_have_none(
        text in prop::collection::vec(prop_oneof![
            3 => soup(8),
            2 => prop::sample::select(vec!["{customer}", "{ agent }", "{company}", "{when}", "{when|soon}", "{customer|there}", "{nope}", "{", "}", "{{customer}}", "{customer", "customer}", "{|}", "{ }", "Hi {customer},"]).prop_map(str::to_string),
        ], 0..12).prop_map(|v| v.concat()),
        ctx in phrase_context(),
    ) {
        let out = render(&text, &brace_free(&ctx));
        prop_assert!(!out.contains(['{', '}']), "render left a brace in {:?}", out);
        // Arbitrary values (braces included) must not panic either.
        let _ = render(&text, &ctx);
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn render_puts_a_known_value_in_place(prefix in soup(12), suffix in soup(12), name in "[A-Z][a-z0-9]{0,10}", which in 0usize..4) {
        let key = ["customer", "agent", "company", "when"][which];
        let mut ctx = PhraseContext::default();
        *[&mut ctx.customer, &mut ctx.agent, &mut ctx.company, &mut ctx.when][which] = name.clone();
        let out = render(&format!("{prefix}{{{key}}}{suffix}"), &ctx);
        prop_assert!(out.contains(&name), "{:?} lost {:?}", out, name);
    }
}

// ---------------------------------------------------------------------------
// Timestamps

/// Strings shaped like RFC 3339 with every field pushed out of range now and
/// then, and damaged as text.
fn timestamp_like() -> impl Strategy<Value = String> {
    let field = |max: u32| prop_oneof![4 => 0..=max, 1 => prop::sample::select(vec![0u32, 99, 9999])];
    (
        field(9999),
        field(13),
        field(32),
        field(24),
        field(60),
        field(61),
        prop::option::of(prop::collection::vec(prop::char::range('0', '9'), 0..14).prop_map(|v| v.into_iter().collect::<String>())),
        prop::sample::select(vec!["Z", "z", "+00:00", "-05:00", "+14:00", "+23:59", "+24:00", "-00:60", "", "+0100", "+01:00:00", "Zjunk"]),
        prop::sample::select(vec!["T", "t", " ", "_"]),
        prop::collection::vec(text_op(), 0..2),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off, sep, ops)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            apply_text_ops(format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{off}"), &ops)
        })
}

/// 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z: what RFC 3339 can write.
const FIRST_MS: i64 = -62_167_219_200_000;
const LAST_MS: i64 = 253_402_300_799_999;

proptest! {
    #![proptest_config(config(30_000))]

    #[test]
    fn any_timestamp_like_text_parses_or_is_refused_without_a_panic(s in prop_oneof![3 => timestamp_like(), 1 => soup(40)]) {
        if let Some(t) = Timestamp::parse(&s) {
            if (FIRST_MS..=LAST_MS).contains(&t.millis()) {
                prop_assert_eq!(Timestamp::parse(&t.to_string()), Some(t), "the normal form of {:?} reads back", s);
            }
        }
        // Through serde too, as a session field.
        let _ = serde_json::from_value::<Timestamp>(Value::String(s));
    }
}

proptest! {
    #![proptest_config(config(50_000))]

    #[test]
    fn a_formatted_timestamp_parses_back_to_itself(ms in FIRST_MS..=LAST_MS) {
        let t = Timestamp(ms);
        prop_assert_eq!(Timestamp::parse(&t.to_string()), Some(t));
    }
}

proptest! {
    #![proptest_config(config(50_000))]

    #[test]
    fn any_timestamp_formats_without_a_panic(ms in any::<i64>()) {
        let _ = Timestamp(ms).to_string();
        let _ = Timestamp(ms).plus(ms);
    }
}

// ---------------------------------------------------------------------------
// Session merge

/// The ids of the steps a copy holds checked, in its playbook or set aside.
fn checked(s: &Session) -> Vec<&str> {
    s.steps.iter().chain(&s.other_steps).filter(|x| x.done).map(|x| x.id.as_str()).collect()
}

/// What `merge` documents: a result equal to one copy may keep that copy's
/// rev; any other result has a rev above both.
fn check_merge(a: &Session, b: &Session) -> Result<Session, TestCaseError> {
    let out = merge(a, b);
    let above = out.rev > a.rev.max(b.rev) || out.rev == u64::MAX;
    if same_content(&out, a) || same_content(&out, b) {
        prop_assert!(
            above || (same_content(&out, a) && out.rev == a.rev) || (same_content(&out, b) && out.rev == b.rev),
            "rev {} for a result equal to a copy",
            out.rev
        );
    } else {
        prop_assert!(above, "a new merged state gets a new rev, not {}", out.rev);
    }
    prop_assert_eq!(out.created_at, a.created_at.min(b.created_at));
    Ok(out)
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn merging_any_two_copies_does_not_panic(a in any_session(), b in any_session()) {
        check_merge(&a, &b)?;
        check_merge(&b, &a)?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn merging_a_copy_with_itself_changes_nothing(a in well_formed_session()) {
        prop_assert_eq!(merge(&a, &a), a);
    }
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn merge_keeps_every_checked_step_that_stays_in_the_playbook(a in well_formed_session(), b in well_formed_session()) {
        let out = check_merge(&a, &b)?;
        for s in a.steps.iter().chain(&b.steps).filter(|s| s.done) {
            if out.steps.iter().any(|x| x.id == s.id) {
                prop_assert!(out.steps.iter().any(|x| x.id == s.id && x.done), "step {:?} was checked in a copy but not in the merge", s.id);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    /// A state one copy set aside (`other_steps`, after a playbook switch)
    /// meets the other copy's state of the same step, wherever it is kept.
    #[test]
    fn merge_keeps_every_checked_step_of_both_copies(a in well_formed_session(), b in well_formed_session()) {
        let out = check_merge(&a, &b)?;
        for id in checked(&a).into_iter().chain(checked(&b)) {
            let kept = out.steps.iter().chain(&out.other_steps).any(|x| x.id == id && x.done);
            prop_assert!(kept, "step {:?} was checked in a copy but not in the merge", id);
        }
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    /// Fails today: when the copy with the newer `updated_at` but the lower
    /// `rev` already holds everything, the merge keeps that lower rev, and a
    /// host comparing revs (PROTOCOL.md) then prefers the other, older copy.
    #[test]
    fn a_merged_rev_is_never_below_either_copy(a in well_formed_session(), b in well_formed_session()) {
        let out = merge(&a, &b);
        prop_assert!(out.rev >= a.rev.max(b.rev), "merged rev {} is below {}", out.rev, a.rev.max(b.rev));
    }
}

// ---------------------------------------------------------------------------
// The coach: review and temperature

fn check_span(span: Span, draft: &str, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end <= draft.len(), "{} span {:?} is outside a draft of {} bytes", what, span, draft.len());
    prop_assert!(
        draft.is_char_boundary(span.start) && draft.is_char_boundary(span.end),
        "{} span {:?} splits a character of {:?}",
        what,
        span,
        draft
    );
    Ok(())
}

fn check_review(draft: &str, r: &Review) -> Result<(), TestCaseError> {
    for f in &r.findings {
        check_span(f.span, draft, f.code.as_str())?;
        if let Some(rs) = f.rewrite_span {
            check_span(rs, draft, "rewrite")?;
        }
    }
    for m in &r.moves {
        check_span(m.span, draft, m.mv.as_str())?;
    }
    Ok(())
}

fn review_context() -> impl Strategy<Value = ReviewContext> {
    (prop::sample::select(Channel::ALL.to_vec()), prop::option::of(prose(20)))
        .prop_map(|(channel, customer_message)| ReviewContext { channel, customer_message })
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn coach_review_spans_are_char_boundaries_within_the_draft(draft in prop_oneof![3 => prose(40), 1 => soup(60)], ctx in review_context()) {
        let r = review(&draft, &ctx);
        check_review(&draft, &r)?;
        prop_assert_eq!(review(&draft, &ctx), r, "review is deterministic");
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn temperature_reads_any_message_within_0_to_100(message in prop_oneof![3 => prose(40), 1 => soup(60)]) {
        let r = temperature(&message);
        prop_assert!(r.score <= 100);
        for cue in &r.cues {
            prop_assert!(!cue.kind.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------
// Scenarios (the trainer's custom files)

fn mutated_scenario_text() -> impl Strategy<Value = String> {
    let texts: Vec<&'static str> = trainer::BUILT_IN.iter().map(|(_, t)| *t).collect();
    prop_oneof![
        1 => (prop::sample::select(texts.clone()), prop::collection::vec(text_op(), 1..5)).prop_map(|(t, ops)| apply_text_ops(t.to_string(), &ops)),
        2 => (prop::sample::select(texts), mutations(4)).prop_map(|(t, ms)| apply_mutations(serde_json::from_str(t).unwrap_or(Value::Null), &ms).to_string()),
    ]
}

/// Parses a scenario; one that is accepted is also played to its end by
/// always choosing reply `pick`, then debriefed.
fn check_scenario(text: &str, pick: usize) -> Result<(), TestCaseError> {
    match parse_scenario(text) {
        Ok(sc) => {
            let mut run = Run::new(sc, Mode::Solo, "trainee", ts(0));
            for turn in 1..=60 {
                let n = run.options().len();
                if n == 0 || run.is_over() {
                    break;
                }
                let _ = run.apply(Input::Choose { option: pick % n }, ts(turn * 1_000));
            }
            let _ = run.apply(Input::GiveUp, ts(100_000));
            let _ = run.debrief();
        }
        Err(errs) => prop_assert!(!errs.0.is_empty(), "a refusal names at least one error"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn mutated_built_in_scenarios_are_parsed_without_a_panic(text in mutated_scenario_text(), pick in any::<usize>()) {
        check_scenario(&text, pick)?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn any_text_is_refused_as_a_scenario_without_a_panic(text in prop_oneof![soup(64), json_value().prop_map(|v| v.to_string())]) {
        check_scenario(&text, 0)?;
    }
}

// ---------------------------------------------------------------------------
// Regressions: every crash the properties or the fuzzers found, as a named case.

/// Found by `merging_any_two_copies_does_not_panic`: a host may hand back any
/// `rev`, and `rev + 1` overflowed (a panic in debug, a wrap to 0 in release,
/// which then lost to the host's copy). Fixed with `saturating_add`.
#[test]
fn merging_a_copy_whose_rev_is_the_largest_number_does_not_overflow() {
    let mut a = valid_session();
    a.rev = u64::MAX;
    a.steps[2].note = "only in the host's copy".into();
    let mut b = valid_session();
    b.steps[1].done = true;
    b.updated_at = ts(120_000);
    let out = merge(&a, &b);
    assert_eq!(out.rev, u64::MAX);
    assert!(out.steps[0].done && out.steps[1].done);
    assert_eq!(out.steps[2].note, "only in the host's copy");
}

/// The same overflow in `Session::apply`, one change after a host's copy
/// with `rev: u64::MAX` was opened.
#[test]
fn a_change_to_a_session_whose_rev_is_the_largest_number_does_not_overflow() {
    let mut s = valid_session();
    s.rev = u64::MAX;
    let v = serde_json::to_value(&s).expect("a session serializes");
    let mut s = parse_session(&v, "4711").expect("a host may send any rev");
    assert!(s.apply(turnaround::core::session::Action::UncheckStep { step: s.steps[0].id.clone() }, ts(1)));
    assert_eq!(s.rev, u64::MAX);
}

/// Found by `merge_keeps_every_checked_step_of_both_copies` (minimal case):
/// the newer copy switched playbooks and set `take-action` aside unchecked
/// (with a note); the older copy had checked it meanwhile. The check was lost
/// until `merge` pooled both lists of the older copy.
#[test]
fn a_check_in_one_copy_survives_a_playbook_switch_in_the_other() {
    let mut older = valid_session();
    older.steps = vec![StepState { done: true, done_at: Some(ts(60_000)), ..StepState::new("take-action") }];
    let mut newer = valid_session();
    newer.updated_at = ts(120_000);
    newer.steps = Vec::new();
    newer.other_steps = vec![StepState { note: "ask about the invoice".into(), ..StepState::new("take-action") }];
    let out = merge(&older, &newer);
    let kept = out.steps.iter().chain(&out.other_steps).find(|x| x.id == "take-action").expect("the step is kept");
    assert!(kept.done, "the check was lost: {kept:?}");
    assert_eq!(kept.note, "ask about the invoice");
}

/// Found by `a_merged_rev_is_never_below_either_copy`: the copy with the newer
/// clock (rev 0) already holds everything the other copy (rev 4) has, so the
/// merge is that copy, rev 0 included; a host comparing revs keeps rev 4.
#[test]
fn a_merge_equal_to_the_newer_copy_still_outranks_the_older_one() {
    let mut older = valid_session();
    older.rev = 4;
    older.steps[0].done = false;
    older.steps[0].done_at = None;
    let mut newer = valid_session();
    newer.rev = 0;
    newer.updated_at = ts(120_000);
    let out = merge(&older, &newer);
    assert!(out.rev > 4, "the merged copy has rev {}, below the older copy's 4", out.rev);
}
