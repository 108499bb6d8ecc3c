//! The session reducer: every action, the listen/acknowledge loop, merges.

use turnaround::core::advisor::{Principle, Question};
use turnaround::core::playbook::built_in;
use turnaround::core::session::{merge, merge_text, Action, AlertField, Customer, EvidenceKind, Session, Temperature};
use turnaround::core::time::{Timestamp, HOUR, MINUTE};

fn t(min: i64) -> Timestamp {
    Timestamp::parse("2026-11-22T10:00:00Z").unwrap().plus(min * MINUTE)
}

fn laptop() -> turnaround::core::playbook::Playbook {
    built_in("laptop").unwrap().unwrap()
}

fn fresh() -> Session {
    Session::new("4711", &laptop(), t(0))
}

fn check(step: &str) -> Action {
    Action::CheckStep { step: step.into(), advance_to: None }
}

#[test]
fn a_new_session_lists_every_step_unchecked_in_order() {
    let s = fresh();
    assert_eq!(s.schema, 1);
    assert_eq!(s.rev, 0);
    let ids: Vec<&str> = s.steps.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["listen", "acknowledge", "plan", "take-action", "offer-thanks", "produce-documentation"]);
    assert!(s.steps.iter().all(|x| !x.done && x.done_at.is_none() && x.note.is_empty()));
}

#[test]
fn checking_a_step_records_when_and_bumps_rev() {
    let mut s = fresh();
    assert!(s.apply(check("listen"), t(1)));
    assert_eq!(s.rev, 1);
    assert_eq!(s.updated_at, t(1));
    let st = s.step("listen").unwrap();
    assert!(st.done);
    assert_eq!(st.done_at, Some(t(1)));
}

#[test]
fn checking_a_step_twice_changes_nothing_the_second_time() {
    let mut s = fresh();
    s.apply(check("listen"), t(1));
    assert!(!s.apply(check("listen"), t(2)));
    assert_eq!(s.rev, 1);
    assert_eq!(s.step("listen").unwrap().done_at, Some(t(1)));
}

#[test]
fn an_unknown_step_changes_nothing() {
    let mut s = fresh();
    assert!(!s.apply(check("nope"), t(1)));
    assert!(!s.apply(Action::SetNote { step: "nope".into(), text: "x".into() }, t(1)));
    assert_eq!(s.rev, 0);
}

#[test]
fn unchecking_clears_the_time() {
    let mut s = fresh();
    s.apply(check("listen"), t(1));
    assert!(s.apply(Action::UncheckStep { step: "listen".into() }, t(2)));
    assert_eq!(s.step("listen").unwrap().done_at, None);
    assert!(!s.apply(Action::UncheckStep { step: "listen".into() }, t(3)));
}

#[test]
fn check_and_advance_is_one_change() {
    let mut s = fresh();
    assert!(s.apply(Action::CheckStep { step: "listen".into(), advance_to: Some("acknowledge".into()) }, t(1)));
    assert_eq!(s.rev, 1);
    assert_eq!(s.focus.as_deref(), Some("acknowledge"));
}

#[test]
fn notes_are_set_and_an_equal_note_is_no_change() {
    let mut s = fresh();
    assert!(s.apply(Action::SetNote { step: "plan".into(), text: "refund line 3".into() }, t(1)));
    assert!(!s.apply(Action::SetNote { step: "plan".into(), text: "refund line 3".into() }, t(2)));
    assert_eq!(s.step("plan").unwrap().note, "refund line 3");
}

#[test]
fn a_huge_note_is_clipped_not_refused() {
    let mut s = fresh();
    s.apply(Action::SetNote { step: "plan".into(), text: "é".repeat(50_000) }, t(1));
    assert_eq!(s.step("plan").unwrap().note.chars().count(), turnaround::core::session::MAX_TEXT);
}

#[test]
fn temperatures_accumulate_and_show_a_trend() {
    let mut s = fresh();
    s.apply(Action::RecordTemperature { level: Temperature::Furious }, t(1));
    s.apply(Action::RecordTemperature { level: Temperature::Angry }, t(2));
    s.apply(Action::RecordTemperature { level: Temperature::Upset }, t(3));
    assert_eq!(s.temperature(), Some(Temperature::Upset));
    assert!(s.temperature_trend() < 0);
    assert_eq!(s.temperatures.len(), 3);
}

#[test]
fn the_loop_keeps_an_angry_customer_in_listen_and_acknowledge() {
    let p = laptop();
    let mut s = fresh();
    s.apply(Action::RecordTemperature { level: Temperature::Angry }, t(1));
    assert!(s.needs_calming());
    assert_eq!(s.next_step(&p, "listen"), Some("acknowledge"));
    assert_eq!(s.next_step(&p, "acknowledge"), Some("listen"), "LA-LA-LA: back to listening");
    s.apply(Action::RecordTemperature { level: Temperature::Upset }, t(2));
    assert!(!s.needs_calming());
    assert_eq!(s.next_step(&p, "acknowledge"), Some("plan"));
}

#[test]
fn with_no_reading_the_loop_does_not_hold() {
    let p = laptop();
    let s = fresh();
    assert_eq!(s.next_step(&p, "acknowledge"), Some("plan"));
}

#[test]
fn next_skips_steps_already_done() {
    let p = laptop();
    let mut s = fresh();
    s.apply(check("plan"), t(1));
    assert_eq!(s.next_step(&p, "acknowledge"), Some("take-action"));
    assert_eq!(s.current_step(&p), Some("listen"));
}

#[test]
fn the_current_step_is_the_focus_else_the_first_unchecked() {
    let p = laptop();
    let mut s = fresh();
    s.apply(check("listen"), t(1));
    assert_eq!(s.current_step(&p), Some("acknowledge"));
    s.apply(Action::Focus { step: "offer-thanks".into() }, t(2));
    assert_eq!(s.current_step(&p), Some("offer-thanks"));
}

#[test]
fn switching_playbooks_keeps_shared_steps_and_sets_the_rest_aside() {
    let leap = built_in("leap").unwrap().unwrap();
    let mut s = fresh();
    s.apply(check("listen"), t(1));
    s.apply(Action::SetNote { step: "plan".into(), text: "credit line 3".into() }, t(2));
    let steps = leap.steps.iter().map(|x| x.id.clone()).collect();
    assert!(s.apply(Action::SwitchPlaybook { playbook: "leap".into(), steps }, t(3)));
    assert_eq!(s.playbook, "leap");
    assert!(s.step("listen").unwrap().done, "listen is in both");
    assert_eq!(s.steps.len(), leap.steps.len());
    assert!(s.other_steps.iter().any(|x| x.id == "plan" && x.note == "credit line 3"), "nothing is lost");
    // And back again: the note returns.
    let steps = laptop().steps.iter().map(|x| x.id.clone()).collect();
    s.apply(Action::SwitchPlaybook { playbook: "laptop".into(), steps }, t(4));
    assert_eq!(s.step("plan").unwrap().note, "credit line 3");
}

#[test]
fn advisor_answers_lead_to_a_principle_and_an_editable_remedy() {
    let mut s = fresh();
    s.apply(Action::AnswerAdvisor { question: Question::VerbalAgreement, answer: Some(false) }, t(1));
    s.apply(Action::AnswerAdvisor { question: Question::OurError, answer: Some(true) }, t(2));
    s.apply(Action::AnswerAdvisor { question: Question::CustomerError, answer: Some(true) }, t(3));
    assert_eq!(s.make_whole.principle(), Some(Principle::ShareTheCost));
    assert!(s.apply(Action::SetRemedy { text: "Credit our half of the fee.".into() }, t(4)));
    assert_eq!(s.make_whole.remedy_text(), "Credit our half of the fee.");
    assert!(s.apply(Action::AnswerAdvisor { question: Question::CustomerError, answer: None }, t(5)));
    assert_eq!(s.make_whole.principle(), None);
    assert!(!s.apply(Action::AnswerAdvisor { question: Question::CustomerError, answer: None }, t(6)));
}

#[test]
fn facts_and_scenarios_are_added_struck_restored_and_removed() {
    let mut s = fresh();
    assert!(s.apply(Action::AddEvidence { id: "f1".into(), text: "Invoice shows two charges".into(), kind: EvidenceKind::Fact }, t(1)));
    assert!(!s.apply(Action::AddEvidence { id: "f1".into(), text: "dup".into(), kind: EvidenceKind::Fact }, t(1)), "ids are unique");
    assert!(!s.apply(Action::AddEvidence { id: "f2".into(), text: "   ".into(), kind: EvidenceKind::Fact }, t(1)), "no empty facts");
    assert!(s.apply(Action::SetEvidenceKind { id: "f1".into(), kind: EvidenceKind::Opinion }, t(2)));
    assert!(s.apply(Action::AddHypothesis { id: "s1".into(), text: "Payment retried by the bank".into() }, t(3)));
    assert!(s.apply(Action::StrikeHypothesis { id: "s1".into(), reason: "Bank log shows one attempt".into() }, t(4)));
    assert!(s.worksheet.hypotheses[0].struck);
    assert!(s.apply(Action::RestoreHypothesis { id: "s1".into() }, t(5)));
    assert!(!s.worksheet.hypotheses[0].struck);
    assert!(s.apply(Action::RemoveHypothesis { id: "s1".into() }, t(6)));
    assert!(s.apply(Action::RemoveEvidence { id: "f1".into() }, t(7)));
    assert!(s.worksheet.is_empty());
}

#[test]
fn follow_ups_sort_by_due_and_go_overdue() {
    let mut s = fresh();
    s.apply(Action::AddFollowUp { id: "a".into(), text: "Call back".into(), due: t(0).plus(24 * HOUR) }, t(1));
    s.apply(Action::AddFollowUp { id: "b".into(), text: "Email the fix".into(), due: t(30) }, t(2));
    assert_eq!(s.follow_ups[0].id, "b");
    assert_eq!(s.overdue(t(31)).count(), 1);
    assert!(s.apply(Action::CompleteFollowUp { id: "b".into() }, t(32)));
    assert_eq!(s.overdue(t(33)).count(), 0);
    assert!(s.apply(Action::ReopenFollowUp { id: "b".into() }, t(34)));
    assert!(s.apply(Action::RemoveFollowUp { id: "b".into() }, t(35)));
    assert_eq!(s.follow_ups.len(), 1);
}

#[test]
fn the_alert_is_edited_field_by_field_and_marked_sent() {
    let mut s = fresh();
    assert!(s.apply(Action::SetAlert { field: AlertField::RootCause, text: "Retry job ran twice".into() }, t(1)));
    assert!(!s.apply(Action::SetAlert { field: AlertField::RootCause, text: "Retry job ran twice".into() }, t(2)));
    assert!(s.apply(Action::MarkAlertSent, t(3)));
    assert_eq!(s.alert.sent_at, Some(t(3)));
    assert_eq!(s.alert.get(AlertField::RootCause), "Retry job ran twice");
}

#[test]
fn the_first_agent_owns_and_a_hand_over_is_recorded() {
    let mut s = fresh();
    assert!(s.apply(Action::Claim { agent: "Sam".into() }, t(1)));
    assert!(!s.apply(Action::Claim { agent: "Kim".into() }, t(2)), "ownership is not taken by opening");
    assert_eq!(s.owner, "Sam");
    assert!(s.apply(Action::HandOver { to: "Kim".into(), customer_told: true }, t(3)));
    assert_eq!(s.owner, "Kim");
    assert_eq!(s.handovers[0].from, "Sam");
    assert!(s.handovers[0].customer_told);
    assert!(!s.apply(Action::HandOver { to: "Kim".into(), customer_told: true }, t(4)), "not to oneself");
}

#[test]
fn context_changes_only_when_it_differs() {
    let mut s = fresh();
    let c = Some(Customer { id: "c1".into(), name: "Dana".into(), email: "d@example.com".into() });
    assert!(s.apply(Action::SetContext { customer: c.clone(), subject: "Billing".into() }, t(1)));
    assert!(!s.apply(Action::SetContext { customer: c, subject: "Billing".into() }, t(2)));
}

#[test]
fn a_session_round_trips_through_json_keeping_unknown_fields() {
    let json = r#"{"schema":1,"ticket_id":"4711","playbook":"laptop","rev":7,"created_at":"2026-11-22T10:00:00Z","updated_at":"2026-11-22T10:05:00Z",
      "steps":[{"id":"listen","done":true,"done_at":"2026-11-22T10:01:00Z","note":"double-billed in October","host_tag":"x"}],
      "host_field":{"a":[1,2]}}"#;
    let s: Session = serde_json::from_str(json).unwrap();
    let back = serde_json::to_value(&s).unwrap();
    assert_eq!(back["host_field"], serde_json::json!({"a":[1,2]}));
    assert_eq!(back["steps"][0]["host_tag"], "x");
    assert_eq!(back["steps"][0]["done_at"], "2026-11-22T10:01:00Z");
    assert_eq!(back["rev"], 7);
}

#[test]
fn an_unchecked_step_serialises_done_at_as_null() {
    let v = serde_json::to_value(fresh()).unwrap();
    assert!(v["steps"][0]["done_at"].is_null());
    assert_eq!(v["steps"][0]["note"], "");
}

// Merges.

#[test]
fn merge_keeps_a_step_checked_in_either_copy() {
    let mut a = fresh();
    let mut b = fresh();
    a.apply(check("listen"), t(1));
    b.apply(check("plan"), t(2));
    let m = merge(&a, &b);
    assert!(m.step("listen").unwrap().done && m.step("plan").unwrap().done);
    assert!(m.rev > a.rev && m.rev > b.rev);
}

#[test]
fn merge_never_drops_a_note() {
    let mut a = fresh();
    let mut b = fresh();
    a.apply(Action::SetNote { step: "plan".into(), text: "refund line 3".into() }, t(1));
    b.apply(Action::SetNote { step: "plan".into(), text: "customer wants a call".into() }, t(2));
    let m = merge(&a, &b);
    let note = &m.step("plan").unwrap().note;
    assert!(note.contains("refund line 3") && note.contains("customer wants a call"), "{note}");
}

#[test]
fn merging_a_copy_with_itself_changes_nothing() {
    let mut a = fresh();
    a.apply(check("listen"), t(1));
    let m = merge(&a, &a.clone());
    assert_eq!(m, a);
}

#[test]
fn merge_of_a_strict_descendant_is_the_descendant() {
    let mut a = fresh();
    a.apply(check("listen"), t(1));
    let mut b = a.clone();
    b.apply(Action::SetNote { step: "listen".into(), text: "more".into() }, t(2));
    let m = merge(&a, &b);
    assert_eq!(m, b, "no new rev when one copy already holds everything");
}

#[test]
fn merge_unites_lists() {
    let mut a = fresh();
    let mut b = fresh();
    a.apply(Action::AddFollowUp { id: "f1".into(), text: "Call".into(), due: t(60) }, t(1));
    b.apply(Action::AddFollowUp { id: "f2".into(), text: "Email".into(), due: t(30) }, t(2));
    a.apply(Action::RecordTemperature { level: Temperature::Angry }, t(3));
    b.apply(Action::RecordTemperature { level: Temperature::Calm }, t(4));
    let m = merge(&a, &b);
    assert_eq!(m.follow_ups.len(), 2);
    assert_eq!(m.temperatures.len(), 2);
    assert_eq!(m.temperature(), Some(Temperature::Calm));
}

#[test]
fn merge_text_prefers_the_copy_that_contains_the_other() {
    assert_eq!(merge_text("abc", "ab"), "abc");
    assert_eq!(merge_text("ab", "abc"), "abc");
    assert_eq!(merge_text("", "x"), "x");
}

#[test]
fn the_draft_and_the_customers_message_are_kept_in_the_session() {
    let mut s = fresh();
    assert!(s.apply(Action::SetDraft { text: "Thanks for waiting.".into() }, t(1)));
    assert!(!s.apply(Action::SetDraft { text: "Thanks for waiting.".into() }, t(2)));
    assert!(s.apply(Action::SetCustomerMessage { text: "Where is my refund?".into() }, t(3)));
    let back: Session = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back.draft, "Thanks for waiting.");
    assert_eq!(back.customer_message, "Where is my refund?");
}
