//! Located errors without a path-tracking reader: `core::content` reads a
//! file with plain serde_json and, only on a failure, finds the JSON path
//! from where serde_json stopped. Here every built-in playbook and scenario,
//! broken in each way a hand-edited file breaks (a value of the wrong type, a
//! field left out, a field added, the text cut off), must fail with exactly
//! the path and message serde_path_to_error gave (the reader used before),
//! and what reads must read the same.
#![cfg(not(target_arch = "wasm32"))]

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt::Debug;
use turnaround::core::content::{deserialize_located, path_at};
use turnaround::core::playbook::Playbook;
use turnaround::core::trainer::Scenario;

/// What the located reader gave before: serde_path_to_error over serde_json.
fn tracked<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "(top level)".to_string() } else { path };
        let inner = e.into_inner();
        let text = inner.to_string();
        let message = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => text,
            _ => text.rsplit_once(" at line ").map_or(text.clone(), |(head, _)| head.to_string()),
        };
        (path, message)
    })
}

fn files(dir: &str) -> Vec<(String, String)> {
    let root = format!("{}/static/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for sub in ["", "/es", "/de"] {
        let mut names: Vec<_> = std::fs::read_dir(format!("{root}{sub}")).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        for p in names.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

/// Every way of breaking `v` once: each value replaced by one of another
/// type, each field removed, a field added to each object.
fn broken(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut at: Vec<PathStep> = Vec::new();
    walk(v, v, &mut at, &mut out);
    out
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn get_mut<'a>(v: &'a mut Value, at: &[PathStep]) -> &'a mut Value {
    at.iter().fold(v, |v, s| match s {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(i) => &mut v[*i],
    })
}

fn walk(root: &Value, v: &Value, at: &mut Vec<PathStep>, out: &mut Vec<Value>) {
    let wrong = match v {
        Value::String(_) => json!(7),
        Value::Number(_) => json!("seven"),
        Value::Bool(_) | Value::Null => json!("yes"),
        Value::Array(_) => json!({ "not": "a list" }),
        Value::Object(_) => json!(["not", "an object"]),
    };
    let mut changed = root.clone();
    *get_mut(&mut changed, at) = wrong;
    out.push(changed);
    match v {
        Value::Object(map) => {
            let mut added = root.clone();
            get_mut(&mut added, at).as_object_mut().unwrap().insert("zz_added".into(), json!(1));
            out.push(added);
            for (k, child) in map {
                let mut removed = root.clone();
                get_mut(&mut removed, at).as_object_mut().unwrap().remove(k);
                out.push(removed);
                at.push(PathStep::Key(k.clone()));
                walk(root, child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(PathStep::Index(i));
                walk(root, child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// The two readers agree on `text`: the same value, or the same path and
/// message. Where the old reader wrote `?` for a key it could not name (an
/// unknown key of a map keyed by a move or mistake, a key cut off), the path
/// now names the key, or stops before it; the rest is the same.
fn agree<T: DeserializeOwned + PartialEq + Debug>(file: &str, text: &str) -> bool {
    let (now, before) = (deserialize_located::<T>(text), tracked::<T>(text));
    match (&now, &before) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{file}"),
        (Err((path, message)), Err((old_path, old_message))) if old_path.ends_with('?') => {
            assert_eq!(message, old_message, "{file}:\n{text}");
            let parent = old_path.trim_end_matches('?').trim_end_matches('.');
            assert!(path.starts_with(parent), "{file}: {path} for {old_path}:\n{text}");
        }
        _ => assert_eq!(now.as_ref().err(), before.as_ref().err(), "{file}:\n{text}"),
    }
    now.is_err()
}

fn every_break_is_located_as_before<T: DeserializeOwned + PartialEq + Debug>(dir: &str) {
    let mut failures = 0;
    for (n, (file, text)) in files(dir).into_iter().enumerate() {
        let v: Value = serde_json::from_str(&text).unwrap();
        // Every fourth break of each file, a different fourth in the next
        // (the files share their shape), for the time a debug build takes.
        for (i, b) in broken(&v).iter().enumerate().filter(|(i, _)| i % 4 == n % 4) {
            // As a person writes it (indented, one value a line), and (every
            // other one) on one line.
            failures += usize::from(agree::<T>(&file, &serde_json::to_string_pretty(b).unwrap()));
            if i % 8 < 4 {
                failures += usize::from(agree::<T>(&file, &b.to_string()));
            }
        }
        // Cut off anywhere: a syntax error, whose message keeps its line and column.
        for end in (0..text.len()).step_by(211).filter(|e| text.is_char_boundary(*e)) {
            assert!(agree::<T>(&file, &text[..end]), "{file} cut at {end} still reads");
        }
    }
    assert!(failures > 500, "the breaks fail to read ({failures})");
}

#[test]
fn every_broken_playbook_fails_at_the_same_path_with_the_same_message() {
    every_break_is_located_as_before::<Playbook>("playbooks");
}

#[test]
fn every_broken_scenario_fails_at_the_same_path_with_the_same_message() {
    every_break_is_located_as_before::<Scenario>("scenarios");
}

#[test]
fn a_path_is_the_key_or_index_being_read_or_the_container_just_closed() {
    let doc = r#"{"a": {"b": [1, {"c": true}]}, "d": "x"}"#;
    let at = |marker: &str| path_at(doc, doc.find(marker).unwrap() + marker.len(), false);
    assert_eq!(path_at(doc, 0, false), ".");
    assert_eq!(at(r#"{"a""#), "a", "a key is in the path once read");
    assert_eq!(at("[1"), "a.b[0]");
    assert_eq!(at("1, "), "a.b[1]", "a value of the wrong kind, before a byte of it is read");
    assert_eq!(path_at(doc, doc.find("1, ").unwrap() + 3, true), "a.b", "the text ends where the next element would begin");
    assert_eq!(at(r#"{"c": true"#), "a.b[1].c");
    assert_eq!(at(r#"true}"#), "a.b[1]", "an object that just closed (a field missing from it)");
    assert_eq!(at(r#"}]"#), "a.b");
    assert_eq!(at(r#""d": "x""#), "d");
    assert_eq!(path_at(doc, doc.len(), false), ".");
    assert_eq!(path_at(r#"{"we\"ird": 1"#, 13, false), "we\"ird", "escapes in a key are undone");
    assert_eq!(path_at(r#"{"a": "]}{", "#, 12, false), ".", "brackets inside a string are text");
}
