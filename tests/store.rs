//! Storage rules over the in-memory backend: quarantine, migrations, quota,
//! the index, history and the binder search.

use serde_json::{json, Value};
use turnaround::core::playbook::built_in;
use turnaround::core::session::{Action, AlertField, Customer, Session};
use turnaround::core::store::{
    self, migrate, session_key, Backend, Memory, MigrateError, StorageNotice, Store, StoreError, INDEX_KEY, QUARANTINE_PREFIX,
};
use turnaround::core::time::Timestamp;

mod common;
use common::counting::Counting;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-22T10:00:00Z").unwrap()
}

fn session(ticket: &str, email: &str) -> Session {
    let mut s = Session::new(ticket, &built_in("laptop").unwrap().unwrap(), now());
    s.customer = Some(Customer { id: String::new(), name: "Dana".into(), email: email.into() });
    s
}

#[test]
fn a_saved_session_loads_back() {
    let mut st = Store::new(Memory::new());
    let mut s = session("1", "d@example.com");
    s.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, now());
    st.save(&s).unwrap();
    let l = st.load("1", now()).unwrap();
    assert_eq!(l.session, Some(s));
    assert!(l.notice.is_none());
}

#[test]
fn the_trainers_reader_of_check_offs_reads_what_the_sidebar_saved_and_no_more() {
    let mut st = Store::new(Memory::new());
    let mut s = session("training-r1", "d@example.com");
    s.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, now());
    st.save(&s).unwrap();
    let raw = st.backend.get(&session_key("training-r1")).unwrap().unwrap();
    let c = store::check_offs_from_str(&raw).expect("a saved session's check-offs read");
    assert_eq!(c.ticket_id, "training-r1");
    assert_eq!(c.steps.len(), s.steps.len());
    assert_eq!(c.done("listen"), Some(true));
    assert_eq!(c.done("acknowledge"), Some(false));
    assert_eq!(c.done("nope"), None);
    let mut future: Value = serde_json::from_str(&raw).unwrap();
    future["schema"] = json!(99);
    assert_eq!(store::check_offs_from_str(&future.to_string()), None, "a newer sidebar's record is left alone");
    assert_eq!(store::check_offs_from_str("{\"steps\": 3}"), None);
}

#[test]
fn a_missing_ticket_loads_as_nothing() {
    let mut st = Store::new(Memory::new());
    let l = st.load("nope", now()).unwrap();
    assert!(l.session.is_none() && l.notice.is_none());
}

fn quarantined(st: &Store<Memory>) -> Vec<(String, String)> {
    st.quarantined()
        .unwrap()
        .into_iter()
        .map(|k| {
            let v = st.get_raw(&k).unwrap().unwrap();
            (k, v)
        })
        .collect()
}

#[test]
fn invalid_json_is_moved_aside_untouched() {
    let mut m = Memory::new();
    m.set(&session_key("1"), "{not json").unwrap();
    let mut st = Store::new(m);
    let l = st.load("1", now()).unwrap();
    assert!(l.session.is_none());
    assert!(matches!(l.notice, Some(StorageNotice::Quarantined { .. })));
    assert_eq!(st.get_raw(&session_key("1")).unwrap(), None, "the original key is free for a clean start");
    let q = quarantined(&st);
    assert_eq!(q.len(), 1);
    assert!(q[0].0.starts_with(QUARANTINE_PREFIX));
    assert_eq!(q[0].1, "{not json");
}

#[test]
fn a_future_schema_is_moved_aside_and_named() {
    let mut m = Memory::new();
    m.set(&session_key("1"), r#"{"schema": 2, "ticket_id": "1"}"#).unwrap();
    let mut st = Store::new(m);
    let l = st.load("1", now()).unwrap();
    assert!(matches!(l.notice, Some(StorageNotice::FromTheFuture { schema: 2, .. })));
    assert!(l.notice.unwrap().message().contains("newer version"));
}

#[test]
fn valid_json_that_is_not_a_session_is_moved_aside() {
    let mut m = Memory::new();
    m.set(&session_key("1"), r#"{"schema": 1, "ticket_id": "1", "steps": "nope"}"#).unwrap();
    let mut st = Store::new(m);
    assert!(matches!(st.load("1", now()).unwrap().notice, Some(StorageNotice::Quarantined { .. })));
}

#[test]
fn a_record_filed_under_the_wrong_ticket_is_moved_aside() {
    let mut m = Memory::new();
    m.set(&session_key("1"), &serde_json::to_string(&session("2", "")).unwrap()).unwrap();
    let mut st = Store::new(m);
    assert!(matches!(st.load("1", now()).unwrap().notice, Some(StorageNotice::Quarantined { .. })));
}

#[test]
fn quarantine_never_overwrites_an_earlier_quarantine() {
    let mut m = Memory::new();
    m.set(&session_key("1"), "bad one").unwrap();
    let mut st = Store::new(m);
    st.load("1", now()).unwrap();
    st.backend.set(&session_key("1"), "bad two").unwrap();
    st.load("1", now()).unwrap();
    let mut values: Vec<String> = quarantined(&st).into_iter().map(|(_, v)| v).collect();
    values.sort();
    assert_eq!(values, ["bad one", "bad two"]);
}

#[test]
fn when_quarantine_cannot_be_written_the_record_is_left_and_the_key_locked() {
    let mut m = Memory::with_quota(64);
    m.set(&session_key("1"), "corrupt but precious!!").unwrap();
    let mut st = Store::new(m);
    let l = st.load("1", now()).unwrap();
    assert!(l.locked);
    assert!(matches!(l.notice, Some(StorageNotice::Unreadable { .. })));
    assert_eq!(st.get_raw(&session_key("1")).unwrap().as_deref(), Some("corrupt but precious!!"));
    assert!(st.save(&session("1", "")).is_err(), "never overwritten");
    assert_eq!(st.get_raw(&session_key("1")).unwrap().as_deref(), Some("corrupt but precious!!"));
}

#[test]
fn a_full_storage_reports_quota_and_evicts_nothing() {
    let mut st = Store::new(Memory::with_quota(3_000));
    let small = session("1", "");
    st.save(&small).unwrap();
    let mut big = session("2", "");
    big.apply(Action::SetNote { step: "plan".into(), text: "x".repeat(5_000) }, now());
    assert_eq!(st.save(&big), Err(StoreError::Quota));
    assert!(st.load("1", now()).unwrap().session.is_some(), "the other ticket is still there");
}

#[test]
fn migrations_run_in_order_up_to_the_target() {
    fn one_to_two(mut v: Value) -> Result<Value, String> {
        v["added_in_2"] = json!(true);
        Ok(v)
    }
    fn two_to_three(mut v: Value) -> Result<Value, String> {
        let was = v["added_in_2"].as_bool().ok_or("2 missing")?;
        v["added_in_3"] = json!(was);
        Ok(v)
    }
    let out = migrate(json!({ "schema": 1 }), 3, &[one_to_two, two_to_three]).unwrap();
    assert_eq!(out, json!({ "schema": 3, "added_in_2": true, "added_in_3": true }));
    assert_eq!(migrate(json!({ "schema": 4 }), 3, &[one_to_two, two_to_three]), Err(MigrateError::Future(4)));
    assert_eq!(migrate(json!({}), 3, &[]), Err(MigrateError::NoSchema));
    assert_eq!(migrate(json!({ "schema": 1 }), 2, &[]), Err(MigrateError::NoPath(1)));
    assert!(store::SESSION_MIGRATIONS.is_empty(), "schema 1 is the first format");
}

#[test]
fn history_finds_the_same_customer_by_email_newest_first() {
    let mut st = Store::new(Memory::new());
    let mut a = session("1", "Dana@Example.com");
    a.updated_at = now().plus(1);
    let mut b = session("2", "dana@example.com");
    b.updated_at = now().plus(2);
    st.save(&a).unwrap();
    st.save(&b).unwrap();
    st.save(&session("3", "other@example.com")).unwrap();
    let h = st.history("", "DANA@example.com", "9").unwrap();
    let ids: Vec<&str> = h.iter().map(|e| e.ticket_id.as_str()).collect();
    assert_eq!(ids, ["2", "1"]);
    assert_eq!(st.history("", "dana@example.com", "2").unwrap().len(), 1, "the current ticket is left out");
}

#[test]
fn the_binder_finds_alerts_by_every_word() {
    let mut st = Store::new(Memory::new());
    let mut a = session("1", "");
    a.apply(Action::SetAlert { field: AlertField::RootCause, text: "Nightly retry job charged cards twice".into() }, now());
    st.save(&a).unwrap();
    let mut b = session("2", "");
    b.apply(Action::SetAlert { field: AlertField::Problem, text: "Technician missed the visit".into() }, now());
    st.save(&b).unwrap();
    st.save(&session("3", "")).unwrap();
    let hits = st.search("retry TWICE", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].ticket_id, "1");
    assert_eq!(st.search("", 10).unwrap().len(), 2, "only sessions with an alert");
}

#[test]
fn an_unreadable_index_is_rebuilt_from_the_sessions() {
    let mut st = Store::new(Memory::new());
    st.save(&session("1", "a@example.com")).unwrap();
    st.backend.set(INDEX_KEY, "garbage").unwrap();
    let mut fresh = Store::new(st.backend.clone());
    assert_eq!(fresh.history("", "a@example.com", "").unwrap().len(), 1);
}

#[test]
fn typing_a_note_does_not_rewrite_the_index_on_every_keystroke() {
    let mut st = Store::new(Counting::default());
    let mut s = session("1", "a@example.com");
    st.save(&s).unwrap();
    let after_first = st.backend.index_writes;
    for (i, c) in "refund line three".chars().enumerate() {
        let note = format!("{}{c}", s.step("plan").unwrap().note);
        s.apply(Action::SetNote { step: "plan".into(), text: note }, now().plus(i as i64 * 200));
        st.save(&s).unwrap();
    }
    assert_eq!(st.backend.index_writes, after_first, "only the time moved, by seconds");
    // A change the index shows (the alert) is written at once.
    s.apply(Action::SetAlert { field: AlertField::Problem, text: "Double charge".into() }, now().plus(5_000));
    st.save(&s).unwrap();
    assert_eq!(st.backend.index_writes, after_first + 1);
    assert_eq!(st.search("double", 5).unwrap().len(), 1);
    // And after a minute the time is brought up to date.
    s.apply(Action::SetNote { step: "plan".into(), text: "later".into() }, now().plus(120_000));
    st.save(&s).unwrap();
    assert_eq!(st.backend.index_writes, after_first + 2);
}
