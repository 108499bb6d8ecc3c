//! The merge of two agents' copies of one session: what each rule keeps, the
//! words for what came in, and property tests over generated pairs of copies
//! built from one base (commutative, lossless, idempotent).

use proptest::prelude::*;
use turnaround::core::merge::{describe, incoming, merge, merge3, on_playbook, Incoming, SEAM};
use turnaround::core::playbook::{built_in, Playbook};
use turnaround::core::session::{Action, AlertField, EvidenceKind, Session, StepState, Temperature};
use turnaround::core::time::{Timestamp, MINUTE};

fn t(min: i64) -> Timestamp {
    Timestamp::parse("2026-11-22T10:00:00Z").unwrap().plus(min * MINUTE)
}

fn laptop() -> &'static Playbook {
    static LAPTOP: std::sync::OnceLock<Playbook> = std::sync::OnceLock::new();
    LAPTOP.get_or_init(|| built_in("laptop").expect("laptop is built in").expect("laptop parses"))
}

fn fresh() -> Session {
    Session::new("4711", laptop(), t(0))
}

fn check(step: &str) -> Action {
    Action::CheckStep { step: step.into(), advance_to: None }
}

fn note(step: &str, text: &str) -> Action {
    Action::SetNote { step: step.into(), text: text.into() }
}

/// A base both agents opened, and each agent's copy after their own actions.
fn fork(base: &Session, ana: &[(Action, i64)], ben: &[(Action, i64)]) -> (Session, Session) {
    let (mut a, mut b) = (base.clone(), base.clone());
    for (act, at) in ana {
        a.apply(act.clone(), t(*at));
    }
    for (act, at) in ben {
        b.apply(act.clone(), t(*at));
    }
    (a, b)
}

#[test]
fn notes_written_on_the_same_step_by_both_agents_are_both_kept_and_marked() {
    let base = fresh();
    let (a, b) = fork(&base, &[(note("listen", "double-billed in October"), 1)], &[(note("listen", "wants a call back"), 2)]);
    let m = merge3(Some(&base), &a, &b);
    let n = &m.step("listen").unwrap().note;
    assert!(n.contains("double-billed in October") && n.contains("wants a call back") && n.contains(SEAM.trim()), "{n}");
}

#[test]
fn a_note_only_one_agent_edited_takes_that_agents_text_without_a_seam() {
    let mut base = fresh();
    base.apply(note("listen", "first"), t(0));
    let (a, b) = fork(&base, &[(note("listen", "first, then more"), 1)], &[(check("plan"), 2)]);
    let m = merge3(Some(&base), &a, &b);
    assert_eq!(m.step("listen").unwrap().note, "first, then more");
    assert!(m.step("plan").unwrap().done);
}

#[test]
fn an_edit_that_shortens_a_note_wins_over_a_side_that_left_it_alone() {
    let mut base = fresh();
    base.apply(note("listen", "a long note with a typo"), t(0));
    let (a, b) = fork(&base, &[(note("listen", "a long note"), 1)], &[(check("plan"), 2)]);
    assert_eq!(merge3(Some(&base), &a, &b).step("listen").unwrap().note, "a long note");
}

#[test]
fn check_offs_made_by_each_without_seeing_the_other_are_both_kept() {
    let base = fresh();
    let (a, b) = fork(&base, &[(check("listen"), 1)], &[(check("acknowledge"), 2)]);
    let m = merge3(Some(&base), &a, &b);
    assert!(m.step("listen").unwrap().done && m.step("acknowledge").unwrap().done);
    assert!(m.rev > a.rev && m.rev > b.rev);
}

#[test]
fn an_uncheck_later_than_the_other_sides_check_wins() {
    let mut base = fresh();
    base.apply(check("listen"), t(0));
    // Ana un-checks at 5; Ben had un-checked and re-checked at 2 and 3.
    let (a, b) = fork(
        &base,
        &[(Action::UncheckStep { step: "listen".into() }, 5)],
        &[(Action::UncheckStep { step: "listen".into() }, 2), (check("listen"), 3)],
    );
    assert!(!merge3(Some(&base), &a, &b).step("listen").unwrap().done);
    assert!(!merge(&a, &b).step("listen").unwrap().done, "without a base too: the later toggle wins");
}

#[test]
fn a_check_later_than_the_other_sides_uncheck_wins() {
    let mut base = fresh();
    base.apply(check("listen"), t(0));
    let (a, b) = fork(
        &base,
        &[(Action::UncheckStep { step: "listen".into() }, 1)],
        &[(Action::UncheckStep { step: "listen".into() }, 2), (check("listen"), 4)],
    );
    assert!(merge3(Some(&base), &a, &b).step("listen").unwrap().done);
}

#[test]
fn an_uncheck_by_one_side_is_kept_when_the_other_left_the_step_alone() {
    let mut base = fresh();
    base.apply(check("listen"), t(0));
    let (a, b) = fork(&base, &[(Action::UncheckStep { step: "listen".into() }, 1)], &[(check("plan"), 2)]);
    let m = merge3(Some(&base), &a, &b);
    assert!(!m.step("listen").unwrap().done && m.step("plan").unwrap().done);
}

#[test]
fn a_follow_up_removed_by_one_side_and_untouched_by_the_other_stays_removed() {
    let mut base = fresh();
    base.apply(Action::AddFollowUp { id: "f1".into(), text: "Call Dana".into(), due: t(60) }, t(0));
    let (a, b) = fork(
        &base,
        &[(Action::RemoveFollowUp { id: "f1".into() }, 1)],
        &[(Action::AddFollowUp { id: "f2".into(), text: "Email".into(), due: t(90) }, 2)],
    );
    let m = merge3(Some(&base), &a, &b);
    assert_eq!(m.follow_ups.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["f2"]);
    // Without the base nobody can tell a removal from an addition: nothing goes.
    assert_eq!(merge(&a, &b).follow_ups.len(), 2);
}

#[test]
fn a_follow_up_one_side_completed_and_the_other_removed_is_kept() {
    let mut base = fresh();
    base.apply(Action::AddFollowUp { id: "f1".into(), text: "Call Dana".into(), due: t(60) }, t(0));
    let (a, b) = fork(&base, &[(Action::RemoveFollowUp { id: "f1".into() }, 1)], &[(Action::CompleteFollowUp { id: "f1".into() }, 2)]);
    let m = merge3(Some(&base), &a, &b);
    assert!(m.follow_ups.iter().any(|f| f.id == "f1" && f.done_at.is_some()), "an edit beats a removal");
}

#[test]
fn alert_fields_worksheet_and_readings_are_united() {
    let base = fresh();
    let (a, b) = fork(
        &base,
        &[
            (Action::SetAlert { field: AlertField::Problem, text: "Double charge".into() }, 1),
            (Action::AddEvidence { id: "k1".into(), text: "charged 09:12 and 09:13".into(), kind: EvidenceKind::Fact }, 2),
        ],
        &[
            (Action::SetAlert { field: AlertField::RootCause, text: "payment retry".into() }, 1),
            (Action::RecordTemperature { level: Temperature::Calm }, 3),
        ],
    );
    let m = merge3(Some(&base), &a, &b);
    assert_eq!(m.alert.problem, "Double charge");
    assert_eq!(m.alert.root_cause, "payment retry");
    assert_eq!(m.worksheet.evidence.len(), 1);
    assert_eq!(m.temperature(), Some(Temperature::Calm));
}

#[test]
fn the_owner_is_the_later_hand_over() {
    let mut base = fresh();
    base.apply(Action::Claim { agent: "Sam".into() }, t(0));
    let (a, b) = fork(
        &base,
        &[(Action::HandOver { to: "Ana".into(), customer_told: true }, 1)],
        &[(Action::HandOver { to: "Ben".into(), customer_told: true }, 4)],
    );
    let m = merge3(Some(&base), &a, &b);
    assert_eq!(m.owner, "Ben");
    assert_eq!(m.handovers.len(), 2);
    assert_eq!(merge3(Some(&base), &b, &a).owner, "Ben");
}

#[test]
fn the_words_say_what_came_in_and_from_whom() {
    let base = fresh();
    let (mine, theirs) = fork(&base, &[(note("plan", "mine"), 1)], &[(check("listen"), 2), (note("acknowledge", "she wants a call"), 3)]);
    let m = merge3(Some(&base), &mine, &theirs);
    let came = incoming(&mine, &m);
    assert_eq!(came, [Incoming::Checked("listen".into()), Incoming::Noted("acknowledge".into())]);
    let listen = laptop().step("listen").unwrap().title.clone();
    let ack = laptop().step("acknowledge").unwrap().title.clone();
    assert_eq!(describe(&came, Some("Ana"), laptop()), format!("Ana checked “{listen}” and added a note to “{ack}”."));
    assert_eq!(describe(&came, None, laptop()), format!("Another agent checked “{listen}” and added a note to “{ack}”."));
    assert_eq!(describe(&[], Some("Ana"), laptop()), "");
}

fn leap_steps() -> Vec<String> {
    built_in("leap").unwrap().unwrap().steps.iter().map(|s| s.id.clone()).collect()
}

#[test]
fn a_copy_already_on_the_playbook_is_laid_on_it_unchanged() {
    let (a, _) = fork(&fresh(), &[(check("listen"), 1), (note("plan", "x"), 2)], &[]);
    let steps: Vec<String> = laptop().steps.iter().map(|s| s.id.clone()).collect();
    assert_eq!(on_playbook(a.clone(), "laptop", &steps), a);
}

#[test]
fn laying_a_copy_on_another_playbook_sets_its_other_steps_aside_and_keeps_its_rev() {
    let (mut a, _) = fork(&fresh(), &[(check("plan"), 1), (note("acknowledge", "she wants a call"), 2), (check("offer-thanks"), 3)], &[]);
    a.apply(Action::UncheckStep { step: "offer-thanks".into() }, t(4));
    a.focus = Some("plan".into());
    let laid = on_playbook(a.clone(), "leap", &leap_steps());
    assert_eq!(laid.playbook, "leap");
    assert_eq!(laid.steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), leap_steps());
    assert_eq!((laid.rev, laid.updated_at), (a.rev, a.updated_at), "nothing of anyone's added: the same copy, shown on other steps");
    assert_eq!(laid.focus, None, "plan is not a leap step");
    let aside = |id: &str| laid.other_steps.iter().find(|s| s.id == id).cloned();
    assert!(aside("plan").unwrap().done);
    assert_eq!(aside("acknowledge").unwrap().note, "she wants a call");
    assert!(aside("offer-thanks").unwrap().toggled_at.is_some(), "an un-check's time is kept for later merges");
    assert!(aside("take-action").is_none(), "an untouched step holds nothing to keep");
}

#[test]
fn the_words_name_the_other_agents_playbook_and_say_ours_stays() {
    let said = describe(&[Incoming::Playbook("leap".into()), Incoming::Checked("listen".into())], Some("Ana"), laptop());
    let listen = &laptop().step("listen").unwrap().title;
    assert_eq!(
        said,
        format!("Ana checked “{listen}” and works from another playbook, leap (you stay on {}; their work there is kept).", laptop().title)
    );
}

// ---------------------------------------------------------------------------
// Properties over generated copies of one base

const STEPS: [&str; 6] = ["listen", "acknowledge", "plan", "take-action", "offer-thanks", "produce-documentation"];
const TEXTS: [&str; 5] = ["", "refund line 3", "customer wants a call", "refund line 3, approved", "x"];

fn action() -> impl Strategy<Value = Action> {
    let step = prop::sample::select(STEPS.to_vec()).prop_map(String::from);
    let text = prop::sample::select(TEXTS.to_vec()).prop_map(String::from);
    let id = (0u8..3).prop_map(|i| format!("f{i}"));
    prop_oneof![
        step.clone().prop_map(|s| check(&s)),
        step.clone().prop_map(|step| Action::UncheckStep { step }),
        (step, text.clone()).prop_map(|(step, text)| Action::SetNote { step, text }),
        (id.clone(), text.clone(), 0i64..500).prop_map(|(id, text, due)| Action::AddFollowUp {
            id,
            text: format!("call {text}"),
            due: t(due)
        }),
        id.clone().prop_map(|id| Action::CompleteFollowUp { id }),
        id.clone().prop_map(|id| Action::RemoveFollowUp { id }),
        (id, text.clone()).prop_map(|(id, text)| Action::AddEvidence {
            id: format!("k{id}"),
            text: format!("fact {text}"),
            kind: EvidenceKind::Fact
        }),
        text.clone().prop_map(|text| Action::SetAlert { field: AlertField::Problem, text }),
        prop::sample::select(vec!["Ana", "Ben", "Cy"]).prop_map(|to| Action::HandOver { to: to.into(), customer_told: true }),
        prop::sample::select(Temperature::ALL.to_vec()).prop_map(|level| Action::RecordTemperature { level }),
    ]
}

/// Actions at strictly increasing minutes from `from`.
fn timeline(from: i64) -> impl Strategy<Value = Vec<(Action, i64)>> {
    prop::collection::vec((action(), 1i64..5), 0..8).prop_map(move |v| {
        let mut at = from;
        v.into_iter()
            .map(|(a, gap)| {
                at += gap;
                (a, at)
            })
            .collect()
    })
}

/// A base, then each agent's copy after their own actions (interleaved in time).
fn three() -> impl Strategy<Value = (Session, Session, Session)> {
    (timeline(0), timeline(100), timeline(100)).prop_map(|(pre, ana, ben)| {
        let mut base = fresh();
        for (a, at) in pre {
            base.apply(a, t(at));
        }
        let (a, b) = fork(&base, &ana, &ben);
        (base, a, b)
    })
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1_500);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn merging_is_the_same_whichever_copy_comes_first((base, a, b) in three()) {
        prop_assert_eq!(merge3(Some(&base), &a, &b), merge3(Some(&base), &b, &a));
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
    }

    #[test]
    fn merging_a_copy_with_itself_or_its_base_gives_that_copy((base, a, _b) in three()) {
        prop_assert_eq!(merge3(Some(&base), &a, &a), a.clone());
        let m = merge3(Some(&base), &base, &a);
        prop_assert!(turnaround::core::merge::same_content(&m, &a), "a copy merged with its own base is that copy");
        prop_assert_eq!(m.rev, a.rev.max(base.rev));
    }

    #[test]
    fn a_merge_loses_nothing_either_agent_did((base, a, b) in three()) {
        let m = merge3(Some(&base), &a, &b);
        prop_assert!(m.rev >= a.rev.max(b.rev));
        for side in [&a, &b] {
            let other = if std::ptr::eq(side, &a) { &b } else { &a };
            for s in &side.steps {
                let before = base.step(&s.id).unwrap();
                let out = m.step(&s.id).unwrap();
                // A note this side wrote is in the merge (alone, or beside the other side's).
                if s.note != before.note && !s.note.is_empty() {
                    prop_assert!(out.note.contains(&s.note), "note {:?} lost: {:?}", s.note, out.note);
                }
                // A check-off or un-check this side made survives unless the other side toggled the step later.
                let o = other.step(&s.id).unwrap();
                let state = |x: &StepState| (x.done, x.done_at, x.toggled_at);
                let key = |x: &StepState| (x.toggled_at.max(x.done_at), x.done);
                if state(s) != state(before) && (state(o) == state(before) || key(s) >= key(o)) {
                    prop_assert_eq!(out.done, s.done, "step {}: this side's later toggle was lost", &s.id);
                }
            }
            for r in &side.temperatures {
                prop_assert!(m.temperatures.contains(r), "reading {:?} lost", r);
            }
            for h in &side.handovers {
                prop_assert!(m.handovers.contains(h), "hand-over {:?} lost", h);
            }
            for f in &side.follow_ups {
                // Gone only when the other side removed it and this side left it as it was.
                let untouched = base.follow_ups.contains(f);
                let removed_there = !other.follow_ups.iter().any(|x| x.id == f.id);
                if !(untouched && removed_there) {
                    prop_assert!(m.follow_ups.iter().any(|x| x.id == f.id), "follow-up {} lost", &f.id);
                }
            }
            for k in &side.worksheet.evidence {
                prop_assert!(m.worksheet.evidence.iter().any(|x| x.id == k.id), "fact {} lost", &k.id);
            }
        }
    }

    #[test]
    fn laying_a_merge_on_another_playbook_loses_no_step_state_and_keeps_its_rev((base, a, b) in three()) {
        let m = merge3(Some(&base), &a, &b);
        let laid = on_playbook(m.clone(), "leap", &leap_steps());
        prop_assert_eq!(laid.rev, m.rev);
        for s in m.steps.iter().chain(&m.other_steps) {
            let holds = s.done || s.toggled_at.is_some() || !s.note.is_empty() || !s.extra.is_empty();
            let found = laid.steps.iter().chain(&laid.other_steps).find(|x| x.id == s.id);
            if holds {
                prop_assert_eq!(found, Some(s), "step {} lost or changed", &s.id);
            }
        }
        // And back: the same states on the steps they came from.
        let steps: Vec<String> = m.steps.iter().map(|s| s.id.clone()).collect();
        let back = on_playbook(laid, "laptop", &steps);
        for s in &m.steps {
            let holds = s.done || s.toggled_at.is_some() || !s.note.is_empty() || !s.extra.is_empty();
            if holds {
                prop_assert_eq!(back.step(&s.id), Some(s));
            }
        }
    }
}
