//! Storage at scale: opening a ticket and typing must not read or rewrite the
//! whole index (1.5 MB with 2,000 sessions). Deferred index lines, their
//! flush, the index version views key on, and the binder's cached text.

use turnaround::core::playbook::built_in;
use turnaround::core::session::{Action, AlertField, Customer, Session};
use turnaround::core::store::{session_key, Backend, Store};
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

/// A store whose index already holds `n` sessions, reopened as a new page would.
fn big_store(n: usize) -> Store<Counting> {
    let mut st = Store::new(Counting::default());
    for i in 0..n {
        st.save(&session(&format!("old-{i}"), &format!("c{}@example.com", i % 7))).unwrap();
    }
    let mut fresh = Store::new(st.backend.clone());
    fresh.backend.index_reads.set(0);
    fresh.backend.index_writes = 0;
    fresh
}

#[test]
fn opening_a_new_ticket_writes_its_session_and_neither_reads_nor_writes_the_index() {
    let mut st = big_store(20);
    let s = session("new", "new@example.com");
    st.save_deferring_index(&s).unwrap();
    assert!(st.backend.get(&session_key("new")).unwrap().is_some(), "the session is written at once");
    assert_eq!((st.backend.index_reads.get(), st.backend.index_writes), (0, 0));
    assert!(st.index_pending());
}

#[test]
fn a_deferred_line_is_in_history_and_the_binder_before_it_is_written() {
    let mut st = big_store(5);
    let mut s = session("new", "c1@example.com");
    s.apply(Action::SetAlert { field: AlertField::Problem, text: "Quasar invoice doubled".into() }, now());
    st.save_deferring_index(&s).unwrap();
    assert!(st.history("", "c1@example.com", "").unwrap().iter().any(|e| e.ticket_id == "new"));
    assert_eq!(st.search("quasar", 5).unwrap().len(), 1);
    assert_eq!(st.backend.index_writes, 0);
}

#[test]
fn flushing_writes_the_deferred_lines_once_and_a_second_flush_writes_nothing() {
    let mut st = big_store(5);
    st.save_deferring_index(&session("new", "n@example.com")).unwrap();
    st.flush_index().unwrap();
    assert_eq!(st.backend.index_writes, 1);
    st.flush_index().unwrap();
    assert_eq!(st.backend.index_writes, 1);
    assert!(!st.index_pending());
    let mut reopened = Store::new(st.backend.clone());
    assert!(reopened.history("", "n@example.com", "").unwrap().iter().any(|e| e.ticket_id == "new"));
}

#[test]
fn typing_a_note_with_deferred_saves_changes_no_index_line_and_no_version() {
    let mut st = big_store(5);
    let mut s = session("old-1", "c1@example.com");
    st.save_deferring_index(&s).unwrap();
    st.flush_index().unwrap();
    let (writes, version) = (st.backend.index_writes, st.index_version());
    for (i, c) in "refund line three".chars().enumerate() {
        let note = format!("{}{c}", s.step("plan").unwrap().note);
        s.apply(Action::SetNote { step: "plan".into(), text: note }, now().plus(i as i64 * 200));
        st.save_deferring_index(&s).unwrap();
        st.flush_index().unwrap();
    }
    assert_eq!(st.backend.index_writes, writes, "only the time moved, by seconds");
    assert_eq!(st.index_version(), version, "a view keyed on the version does not recompute");
}

#[test]
fn a_change_the_index_shows_bumps_the_version_and_the_binder_sees_it() {
    let mut st = big_store(3);
    let mut s = session("old-0", "c0@example.com");
    assert!(st.search("nightly", 5).unwrap().is_empty());
    let before = st.index_version();
    s.apply(Action::SetAlert { field: AlertField::RootCause, text: "Nightly retry job".into() }, now());
    st.save_deferring_index(&s).unwrap();
    assert!(st.index_version() > before);
    assert_eq!(st.search("NIGHTLY retry", 5).unwrap().len(), 1, "the cached binder text was rebuilt");
    st.save(&s).unwrap();
    assert_eq!(st.search("nightly", 5).unwrap().len(), 1);
}

#[test]
fn another_tabs_session_bumps_the_version_of_a_loaded_index() {
    let mut st = big_store(2);
    st.index().unwrap();
    let before = st.index_version();
    let mut other = session("other-tab", "x@example.com");
    other.apply(Action::SetAlert { field: AlertField::Problem, text: "Lantern outage".into() }, now());
    st.note_external(&other);
    assert!(st.index_version() > before);
    assert_eq!(st.search("lantern", 5).unwrap().len(), 1);
}
