//! The role-play engine, natively: built-in scenarios, scripted paths to every
//! declared outcome, mood and scoring rules, replay, located validation errors,
//! and the CSV / JSON / xAPI exports.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Arc, LazyLock};
use turnaround::core::content::ContentError;
use turnaround::core::playbook;
use turnaround::core::time::{Timestamp, MINUTE, SECOND};
use turnaround::core::trainer::*;
use turnaround::core::xapi;

fn t0() -> Timestamp {
    Timestamp::parse("2026-11-22T10:00:00Z").expect("a valid time")
}

/// The built-in scenarios, parsed once (validation searches every outcome, which adds up in debug builds).
fn built_in_scenarios() -> Vec<Arc<Scenario>> {
    static PARSED: LazyLock<Vec<Arc<Scenario>>> = LazyLock::new(|| {
        BUILT_IN
            .iter()
            .map(|(id, json)| Arc::new(parse_scenario(json).unwrap_or_else(|e| panic!("built-in {id} is invalid:\n{e}"))))
            .collect()
    });
    PARSED.clone()
}

/// Plays `choices` from the start, one reply every 30 seconds.
fn play(sc: &Arc<Scenario>, choices: &[usize]) -> Run {
    let mut run = Run::new(Arc::clone(sc), Mode::Solo, "Sam Trainee", t0());
    for (i, &option) in choices.iter().enumerate() {
        let at = t0().plus((i as i64 + 1) * 30 * SECOND);
        run.apply(Input::Choose { option }, at).unwrap_or_else(|e| panic!("{}: choice {option} at step {i}: {e}", sc.id));
    }
    run
}

/// What a finished run ended in: the outcome id.
fn outcome_id(run: &Run) -> Option<String> {
    run.ending().and_then(|e| e.outcome.clone())
}

/// A key for the search below, built only from what a run shows through its public API.
fn key(run: &Run) -> String {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for e in run.transcript() {
        if let What::Mood { signal: Some(s), .. } = &e.what {
            *used.entry(format!("{s:?}")).or_default() += 1;
        }
    }
    let steps: Vec<&str> = {
        let mut v: Vec<&str> = run.covered().iter().map(|c| c.step.as_str()).collect();
        v.sort();
        v
    };
    format!("{:?}|{}|{}|{:?}|{:?}|{:?}", run.node().map(|n| n.id.clone()), run.mood(), run.turns(), steps, run.facts_found(), used)
}

/// Each ending reached, by outcome id ("(unresolved)" when none), with the choices that led there.
type Endings = BTreeMap<String, (Vec<usize>, Run)>;

/// Every ending of every built-in scenario, searched once and shared by the tests.
fn walks() -> &'static [(Arc<Scenario>, Endings)] {
    static WALKS: LazyLock<Vec<(Arc<Scenario>, Endings)>> = LazyLock::new(|| {
        built_in_scenarios()
            .into_iter()
            .map(|sc| {
                let w = walk(&sc);
                (sc, w)
            })
            .collect()
    });
    &WALKS
}

/// The test's own breadth-first search over `Run::apply`: every ending reached
/// by choosing replies, each with the first path that reached it.
fn walk(sc: &Arc<Scenario>) -> Endings {
    let mut found = Endings::new();
    let start = Run::new(Arc::clone(sc), Mode::Solo, "Sam Trainee", t0());
    let mut seen = HashSet::from([key(&start)]);
    let mut queue = VecDeque::from([(start, Vec::new())]);
    while let Some((run, path)) = queue.pop_front() {
        for option in 0..run.options().len() {
            let mut next = run.clone();
            let at = t0().plus((path.len() as i64 + 1) * 30 * SECOND);
            next.apply(Input::Choose { option }, at).expect("an offered option is accepted");
            let mut p = path.clone();
            p.push(option);
            if next.is_over() {
                let id = outcome_id(&next).unwrap_or_else(|| "(unresolved)".to_string());
                found.entry(id).or_insert((p, next));
            } else if seen.insert(key(&next)) {
                queue.push_back((next, p));
            }
        }
        assert!(seen.len() < 200_000, "{}: the search exploded", sc.id);
    }
    found
}

// ---------------------------------------------------------------- built-ins

#[test]
fn every_built_in_scenario_parses_validates_and_matches_its_file_name() {
    let mut ids = HashSet::new();
    for (id, json) in BUILT_IN {
        let sc = parse_scenario(json).unwrap_or_else(|e| panic!("{id}:\n{e}"));
        assert_eq!(sc.id, id, "the id inside the file matches its name");
        assert!(ids.insert(id), "{id} listed twice");
        assert!(built_in(id).is_some_and(|r| r.is_ok()));
    }
    assert_eq!(built_ins().len(), BUILT_IN.len());
    assert!(BUILT_IN.len() >= 8, "at least eight scenarios ship");
}

#[test]
fn built_ins_span_every_channel_and_difficulty_and_declare_the_required_outcomes() {
    let all = built_in_scenarios();
    for channel in playbook::Channel::ALL {
        assert!(all.iter().any(|s| s.channel == channel), "no {channel:?} scenario");
    }
    for difficulty in 1..=3 {
        assert!(all.iter().any(|s| s.difficulty == difficulty), "no difficulty {difficulty} scenario");
    }
    for sc in &all {
        let kinds = sc.outcome_kinds();
        assert!(kinds.contains(&OutcomeKind::TurnedAround) && kinds.contains(&OutcomeKind::Escalated), "{}: {kinds:?}", sc.id);
        assert!(playbook::built_in(&sc.playbook).is_some(), "{} trains an unknown playbook {}", sc.id, sc.playbook);
    }
}

#[test]
fn every_opening_offers_a_good_reply_and_a_tempting_mistake() {
    for sc in built_in_scenarios() {
        let opening = &sc.nodes[0];
        assert!(opening.replies.iter().any(|r| r.mistakes.is_empty() && !r.moves.is_empty()), "{}: no good opening reply", sc.id);
        assert!(opening.replies.iter().any(|r| !r.mistakes.is_empty()), "{}: no tempting mistake at the opening", sc.id);
    }
}

#[test]
fn every_built_in_scenario_reaches_each_declared_outcome_by_a_scripted_path() {
    for (sc, reached) in walks() {
        for outcome in &sc.outcomes {
            let (path, run) = reached.get(&outcome.id).unwrap_or_else(|| panic!("{}: no path reaches {}", sc.id, outcome.id));
            let ending = run.ending().expect("the run is over");
            assert_eq!(ending.kind, EndKind::from(outcome.kind), "{}: {path:?}", sc.id);
            // Replaying the same choices from scratch lands in the same place.
            let again = play(sc, path);
            assert_eq!(outcome_id(&again).as_deref(), Some(outcome.id.as_str()));
        }
    }
}

#[test]
fn the_engines_own_search_finds_paths_that_really_end_there() {
    for sc in built_in_scenarios() {
        let found = explore(&sc, SEARCH_BUDGET);
        for outcome in &sc.outcomes {
            let path = found.paths.get(&outcome.id).unwrap_or_else(|| panic!("{}: {} unreachable", sc.id, outcome.id));
            assert_eq!(outcome_id(&play(&sc, path)).as_deref(), Some(outcome.id.as_str()), "{}", sc.id);
            assert_eq!(find_path(&sc, &outcome.id).as_ref(), Some(path));
        }
    }
}

#[test]
fn every_built_in_scenario_can_be_won_and_the_win_scores_best() {
    for (sc, reached) in walks() {
        let mut best: Option<Debrief> = None;
        let mut worst_other: u8 = 0;
        for (_, run) in reached.values() {
            let d = run.debrief();
            if d.outcome == Some(EndKind::TurnedAround) {
                if best.as_ref().is_none_or(|b| d.score > b.score) {
                    best = Some(d);
                }
            } else {
                worst_other = worst_other.max(d.score);
            }
        }
        let best = best.unwrap_or_else(|| panic!("{}: never turned around", sc.id));
        assert!(best.success, "{}: the best turned-around path scores {} only", sc.id, best.score);
        assert!(best.score > worst_other, "{}: a failed ending outscored the best win", sc.id);
    }
}

#[test]
fn move_tables_name_only_steps_their_playbooks_have() {
    for p in playbook::built_ins() {
        for m in Move::ALL {
            for step in steps_for(&p.id, m) {
                assert!(p.step(step).is_some(), "{}: {m:?} maps to unknown step {step}", p.id);
            }
        }
    }
}

// ---------------------------------------------------------------- a small scenario for the rules

/// A minimal valid scenario; tests change what they need.
fn mini() -> Value {
    json!({
        "id": "mini",
        "title": "Mini",
        "summary": "A tiny scenario for rule tests.",
        "channel": "chat",
        "difficulty": 1,
        "playbook": "turnaround",
        "persona": { "name": "Alex", "role": "Customer", "situation": "Something broke.", "wants": "A fix." },
        "facts": [
            { "id": "when", "text": "It broke on Monday.", "trigger": "ask_details" },
            { "id": "where", "text": "It broke at the depot.", "trigger": "ask_details", "say": "At the depot, since you ask." },
            { "id": "later", "text": "Only in the second room.", "trigger": "ask_details", "nodes": ["second"] }
        ],
        "mood": { "start": 60, "moves": { "empathy": -9 }, "mistakes": { "blame": 20 } },
        "max_turns": 6,
        "nodes": [
            {
                "id": "first",
                "line": "It's broken again!",
                "replies": [
                    { "text": "I'm sorry.", "moves": ["apology"], "next": "first" },
                    { "text": "Calm down.", "mistakes": ["dismissive"], "next": "second" },
                    { "text": "I'll own this and call you at 3.", "moves": ["ownership", "commit_with_time", "apology", "empathy", "thanks"], "next": "second" },
                    { "text": "Here's a discount.", "nudge": { "delta": -4, "reason": "a small gesture" }, "steps": ["make-whole"], "next": "second" },
                    { "text": "Manager, then.", "mistakes": ["no_ownership"], "next": "handed-off" }
                ],
                "again": "And?",
                "free_text": [
                    { "mistakes": ["dismissive"], "next": "handed-off" },
                    { "moves": ["apology", "paraphrase"], "clean": true, "next": "second" },
                    { "moves": ["ask_details"], "next": "second", "steps": ["investigate"] }
                ],
                "mood": { "moves": { "thanks": -1 } }
            },
            {
                "id": "second",
                "line": "Go on.",
                "replies": [
                    { "text": "What happened, exactly?", "moves": ["ask_details"], "next": "second" },
                    { "text": "Thanks, I'll fix it by 5.", "moves": ["thanks", "commit_with_time"], "next": "second" },
                    { "text": "That's on you.", "mistakes": ["blame"], "next": "second" }
                ],
                "otherwise": "first"
            }
        ],
        "outcomes": [
            { "id": "calm", "kind": "turned_around", "title": "Calm", "line": "Thanks.", "when": { "mood_at_most": 20, "steps": ["commit"] } },
            { "id": "handed-off", "kind": "escalated", "title": "Handed off", "line": "Fine, your manager." },
            { "id": "boiling", "kind": "escalated", "title": "Boiling", "line": "MANAGER.", "when": { "mood_at_least": 100 } },
            { "id": "gone", "kind": "churned", "title": "Gone", "line": "Bye.", "when": { "turns_at_least": 5 } }
        ],
        "rubric": [
            { "step": "acknowledge", "look_for": "An apology", "weight": 2 },
            { "step": "commit", "look_for": "A time", "weight": 2 },
            { "step": "ask", "look_for": "A question", "tip": "Ask one question before you promise anything." },
            { "step": "make-whole", "look_for": "Something fair" }
        ]
    })
}

fn scenario(v: &Value) -> Arc<Scenario> {
    Arc::new(parse_scenario(&v.to_string()).unwrap_or_else(|e| panic!("{e}")))
}

fn solo(v: &Value) -> Run {
    Run::new(scenario(v), Mode::Solo, "Sam", t0())
}

fn moods(run: &Run) -> Vec<(i32, String)> {
    run.transcript()
        .iter()
        .filter_map(|e| if let What::Mood { delta, reason, .. } = &e.what { Some((*delta, reason.clone())) } else { None })
        .collect()
}

fn free(text: &str, hits: &[(Signal, &str)]) -> Input {
    Input::FreeText { text: text.into(), hits: hits.iter().map(|(s, q)| Hit { signal: *s, quote: (*q).to_string() }).collect() }
}

#[test]
fn the_mini_scenario_is_valid() {
    scenario(&mini());
}

// ---------------------------------------------------------------- mood rules

#[test]
fn a_move_lowers_the_mood_by_its_default_effect() {
    let mut run = solo(&mini());
    let start = run.mood();
    run.apply(Input::Choose { option: 0 }, t0()).unwrap();
    assert_eq!(i32::from(run.mood()), i32::from(start) + Move::Apology.default_effect());
}

#[test]
fn repeating_a_move_counts_half_as_much_each_time() {
    let mut run = solo(&mini());
    let mut deltas = Vec::new();
    for _ in 0..4 {
        let before = i32::from(run.mood());
        run.apply(Input::Choose { option: 0 }, t0()).unwrap();
        deltas.push(i32::from(run.mood()) - before);
    }
    let base = Move::Apology.default_effect();
    assert_eq!(deltas, (1..=4).map(|n| diminished(base, n)).collect::<Vec<_>>());
    assert!(deltas.windows(2).all(|w| w[1].abs() <= w[0].abs()));
    assert!(moods(&run)[1].1.contains("again"), "the reason says it was a repeat");
}

#[test]
fn node_reactions_beat_scenario_reactions_which_beat_the_defaults() {
    let sc = scenario(&mini());
    let first = sc.node("first");
    let second = sc.node("second");
    // thanks: overridden at node "first" only.
    assert_eq!(sc.move_effect(first, Move::Thanks), -1);
    assert_eq!(sc.move_effect(second, Move::Thanks), Move::Thanks.default_effect());
    // empathy and blame: overridden for the whole scenario.
    assert_eq!(sc.move_effect(second, Move::Empathy), -9);
    assert_eq!(sc.mistake_effect(second, Mistake::Blame), 20);
    assert_eq!(sc.mistake_effect(second, Mistake::Dismissive), Mistake::Dismissive.default_effect());
}

#[test]
fn one_reply_calms_by_at_most_the_scenarios_cap() {
    let v = mini();
    let sc = scenario(&v);
    let mut run = solo(&v);
    let start = run.mood();
    run.apply(Input::Choose { option: 2 }, t0()).unwrap();
    let uncapped: i32 = sc.nodes[0].replies[2].moves.iter().map(|m| sc.move_effect(sc.node("first"), *m)).sum();
    assert!(-uncapped > i32::from(sc.mood.calm_per_reply), "the reply is strong enough to hit the cap");
    assert_eq!(i32::from(start) - i32::from(run.mood()), i32::from(sc.mood.calm_per_reply));
    assert!(moods(&run).iter().any(|(_, r)| r.contains("only calm them so much")));
}

#[test]
fn a_mistake_raises_the_mood_with_a_visible_reason() {
    let mut run = solo(&mini());
    let start = run.mood();
    run.apply(Input::Choose { option: 1 }, t0()).unwrap();
    let effect = Mistake::Dismissive.default_effect();
    assert_eq!(i32::from(run.mood()), i32::from(start) + effect);
    assert_eq!(moods(&run), vec![(effect, format!("+{effect}: the reply is dismissive"))]);
}

#[test]
fn free_text_reasons_quote_the_words_the_coach_found() {
    let mut v = mini();
    v["nodes"][0]["free_text"] = json!([]);
    let mut run = solo(&v);
    run.apply(free("Please calm down, sir.", &[(Signal::Mistake(Mistake::Dismissive), "calm down")]), t0()).unwrap();
    let effect = Mistake::Dismissive.default_effect();
    assert_eq!(moods(&run)[0].1, format!("+{effect}: \"calm down\" is dismissive"));
}

#[test]
fn an_authors_nudge_moves_the_mood_with_its_reason_and_credits_its_steps() {
    let mut run = solo(&mini());
    let start = run.mood();
    run.apply(Input::Choose { option: 3 }, t0()).unwrap();
    assert_eq!(i32::from(run.mood()), i32::from(start) - 4);
    assert_eq!(moods(&run), vec![(-4, "-4: a small gesture".to_string())]);
    assert!(run.covered().iter().any(|c| c.step == "make-whole"));
}

#[test]
fn the_mood_stays_between_0_and_100() {
    // Unvalidated on purpose: at these starting moods some outcomes cannot be reached,
    // and the engine must still hold the range.
    for (start, option, expected) in [(95, 1, 100), (3, 0, 0)] {
        let mut v = mini();
        v["mood"]["start"] = json!(start);
        let sc: Scenario = serde_json::from_value(v).expect("well-typed");
        let mut run = Run::new(sc, Mode::Solo, "Sam", t0());
        run.apply(Input::Choose { option }, t0()).unwrap();
        assert_eq!(run.mood(), expected);
    }
}

#[test]
fn extreme_reactions_in_an_unvalidated_scenario_cannot_overflow() {
    let mut v = mini();
    v["mood"]["moves"] = json!({ "apology": i32::MIN, "empathy": i32::MAX });
    v["mood"]["mistakes"] = json!({ "dismissive": i32::MAX });
    let sc: Scenario = serde_json::from_value(v).expect("well-typed");
    let mut run = Run::new(sc, Mode::Solo, "Sam", t0());
    for option in [0, 0, 2, 1] {
        if run.apply(Input::Choose { option }, t0()).is_err() {
            break;
        }
        assert!(run.mood() <= 100);
    }
}

#[test]
fn the_temperature_follows_the_mood() {
    use turnaround::core::session::Temperature;
    assert_eq!(temperature_of(0), Temperature::Calm);
    assert_eq!(temperature_of(100), Temperature::Furious);
    let levels: Vec<Temperature> = (0..=100).map(temperature_of).collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "never cooler when angrier");
}

// ---------------------------------------------------------------- dialogue rules

#[test]
fn free_text_built_from_a_coach_review_keeps_every_hit_and_quotes_the_draft() {
    use turnaround::core::coach;
    // Whatever the coach finds, the conversion must keep all of it and quote only the draft.
    for draft in ["Sorry, but that's our policy.", "Thank you for telling me. I'll call you back by 3 pm today.", "Calm down.", "ok"] {
        let review = coach::review(draft, &coach::ReviewContext::default());
        let Input::FreeText { text, hits } = Input::free_text(draft, &review) else { panic!("free text expected") };
        assert_eq!(text, draft);
        assert_eq!(hits.len(), review.moves.len() + review.findings.len());
        assert!(hits.iter().all(|h| draft.contains(&h.quote)));
    }
}

#[test]
fn free_text_takes_the_first_matching_rule() {
    // Dismissive wins even with an apology in the same reply, because its rule comes first.
    let mut run = solo(&mini());
    run.apply(
        free("Sorry, calm down.", &[(Signal::Move(Move::Apology), "Sorry"), (Signal::Mistake(Mistake::Dismissive), "calm down")]),
        t0(),
    )
    .unwrap();
    assert_eq!(outcome_id(&run).as_deref(), Some("handed-off"));
}

#[test]
fn a_clean_rule_refuses_a_reply_with_any_mistake() {
    let hits = [(Signal::Move(Move::Apology), "sorry"), (Signal::Move(Move::Paraphrase), "so it broke")];
    let mut run = solo(&mini());
    run.apply(free("Sorry, so it broke.", &hits), t0()).unwrap();
    assert_eq!(run.node().map(|n| n.id.as_str()), Some("second"));

    let mut with_mistake = hits.to_vec();
    with_mistake.push((Signal::Mistake(Mistake::VaguePromise), "we'll look into it"));
    let mut run = solo(&mini());
    run.apply(free("Sorry, so it broke, we'll look into it.", &with_mistake), t0()).unwrap();
    assert_eq!(run.node().map(|n| n.id.as_str()), Some("first"), "no rule matched and the node has no `otherwise`");
}

#[test]
fn unmatched_free_text_follows_otherwise_or_stays_and_hears_again() {
    let mut run = solo(&mini());
    run.apply(free("Hmm.", &[]), t0()).unwrap();
    assert_eq!(run.node().map(|n| n.id.as_str()), Some("first"));
    assert!(matches!(&run.transcript().last().unwrap().what, What::Customer { text } if text == "And?"));

    run.apply(free("What happened?", &[(Signal::Move(Move::AskDetails), "What happened?")]), t0()).unwrap();
    assert_eq!(run.node().map(|n| n.id.as_str()), Some("second"));
    assert!(run.covered().iter().any(|c| c.step == "investigate"), "the rule's steps are credited");
    run.apply(free("Okay.", &[]), t0()).unwrap();
    assert_eq!(run.node().map(|n| n.id.as_str()), Some("first"), "`otherwise` of node second");
}

#[test]
fn asking_reveals_one_fact_per_reply_in_file_order_and_only_where_allowed() {
    let mut run = solo(&mini());
    run.apply(free("When?", &[(Signal::Move(Move::AskDetails), "When?")]), t0()).unwrap();
    assert_eq!(run.facts_found(), ["when"]);
    run.apply(Input::Choose { option: 0 }, t0()).unwrap(); // second: ask again
    assert_eq!(run.facts_found(), ["when", "where"]);
    assert!(run.transcript().iter().any(|e| matches!(&e.what, What::Customer { text } if text == "At the depot, since you ask.")));
    run.apply(Input::Choose { option: 0 }, t0()).unwrap();
    assert_eq!(run.facts_found(), ["when", "where", "later"], "`later` comes out only at node second");
}

#[test]
fn outcome_conditions_end_the_run_when_they_all_hold() {
    // Reply 2 brings the mood to 40 and covers `commit`.
    let mut v = mini();
    v["outcomes"][0]["when"] = json!({ "mood_at_most": 40, "steps": ["commit", "ask"] });
    let mut run = solo(&v);
    run.apply(Input::Choose { option: 2 }, t0()).unwrap();
    assert!(!run.is_over(), "`ask` is not covered yet");

    v["outcomes"][0]["when"] = json!({ "mood_at_most": 40, "steps": ["commit"] });
    let mut run = solo(&v);
    run.apply(Input::Choose { option: 2 }, t0()).unwrap();
    let ending = run.ending().expect("both conditions hold");
    assert_eq!((ending.kind, ending.outcome.as_deref()), (EndKind::TurnedAround, Some("calm")));
    let said: Vec<&str> =
        run.transcript().iter().filter_map(|e| if let What::Customer { text } = &e.what { Some(text.as_str()) } else { None }).collect();
    assert_eq!(said.last(), Some(&"Thanks."), "the outcome's line, not the next node's");
}

#[test]
fn a_next_naming_an_outcome_ends_the_run_there() {
    let mut run = solo(&mini());
    run.apply(Input::Choose { option: 4 }, t0()).unwrap();
    assert_eq!(run.ending().map(|e| e.kind), Some(EndKind::Escalated));
    assert_eq!(run.apply(Input::Choose { option: 0 }, t0()), Err(RunError::Over));
    assert!(run.options().is_empty());
}

#[test]
fn running_out_of_turns_is_unresolved() {
    let mut v = mini();
    v["outcomes"].as_array_mut().unwrap().remove(3);
    let sc = scenario(&v);
    let mut run = Run::new(Arc::clone(&sc), Mode::Solo, "Sam", t0());
    for _ in 0..sc.max_turns {
        run.apply(free("...", &[]), t0()).unwrap();
    }
    assert_eq!(run.ending().map(|e| e.kind), Some(EndKind::Unresolved));
}

#[test]
fn giving_up_ends_the_run_and_refused_inputs_change_nothing() {
    let mut run = solo(&mini());
    let before = run.clone();
    assert_eq!(run.apply(Input::Choose { option: 9 }, t0()), Err(RunError::NoSuchOption { option: 9, count: 5 }));
    assert_eq!(run.apply(free("   ", &[]), t0()), Err(RunError::EmptyReply));
    assert!(matches!(run.apply(free(&"x".repeat(MAX_REPLY_CHARS + 1), &[]), t0()), Err(RunError::TooLong { .. })));
    assert!(matches!(run.apply(Input::SetMood { mood: 10 }, t0()), Err(RunError::WrongMode { .. })));
    assert_eq!(run, before, "refused inputs are not recorded");
    run.apply(Input::GiveUp, t0().plus(MINUTE)).unwrap();
    assert_eq!(run.ending().map(|e| e.kind), Some(EndKind::GaveUp));
}

#[test]
fn a_clock_that_steps_back_cannot_make_negative_durations() {
    let mut run = solo(&mini());
    run.apply(Input::Choose { option: 0 }, t0().plus(MINUTE)).unwrap();
    run.apply(Input::Choose { option: 0 }, t0()).unwrap();
    let times: Vec<Timestamp> = run.transcript().iter().map(|e| e.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    assert!(run.debrief().duration_ms >= 0);
}

#[test]
fn live_mode_takes_marks_mood_and_an_ending_from_the_trainer() {
    let sc = scenario(&mini());
    let mut run = Run::new(Arc::clone(&sc), Mode::Live, "Sam", t0());
    assert!(run.transcript().is_empty(), "the trainer speaks the opening");
    assert!(matches!(run.apply(Input::Choose { option: 0 }, t0()), Err(RunError::WrongMode { .. })));
    assert_eq!(run.apply(Input::Mark { step: "nope".into(), mark: Mark::Done }, t0()), Err(RunError::UnknownStep { step: "nope".into() }));
    assert_eq!(run.apply(Input::SetMood { mood: 101 }, t0()), Err(RunError::MoodOutOfRange { mood: 101 }));
    run.apply(Input::Mark { step: "acknowledge".into(), mark: Mark::Done }, t0().plus(MINUTE)).unwrap();
    run.apply(Input::Mark { step: "commit".into(), mark: Mark::Partly }, t0().plus(2 * MINUTE)).unwrap();
    run.apply(Input::SetMood { mood: 30 }, t0().plus(2 * MINUTE)).unwrap();
    assert_eq!(run.mood(), 30);
    run.apply(Input::End { kind: OutcomeKind::TurnedAround }, t0().plus(3 * MINUTE)).unwrap();
    let d = run.debrief();
    assert_eq!(d.outcome, Some(EndKind::TurnedAround));
    // Rubric weights: acknowledge 2 (done), commit 2 (partly), ask 1, make-whole 1.
    let expected = (100.0 * (2.0 * Mark::Done.credit() + 2.0 * Mark::Partly.credit()) / 6.0_f64).round() as u8;
    assert_eq!(d.score, expected);
    assert_eq!(d.duration_ms, 3 * MINUTE);
    assert_eq!(d.steps.iter().find(|s| s.step == "commit").and_then(|s| s.mark), Some(Mark::Partly));
}

// ---------------------------------------------------------------- scoring and the debrief

fn step(weight: u8, covered: bool) -> StepResult {
    StepResult { step: "s".into(), title: "S".into(), weight, covered, mark: None, turn: None, after_ms: None }
}

#[test]
fn a_perfect_solo_run_scores_the_sum_of_its_parts() {
    let (score_now, parts) = score(Mode::Solo, &[step(2, true), step(1, true)], 80, 0, 0, Some(EndKind::TurnedAround));
    assert_eq!(f64::from(score_now), scoring::STEPS + scoring::CALM + scoring::CLEAN);
    assert!(!parts.capped);
}

#[test]
fn each_mistake_costs_points_and_missed_steps_count_by_weight() {
    let steps = [step(3, true), step(1, false)];
    let (clean, _) = score(Mode::Solo, &steps, 80, 0, 0, Some(EndKind::TurnedAround));
    let (one, _) = score(Mode::Solo, &steps, 80, 0, 1, Some(EndKind::TurnedAround));
    assert_eq!(f64::from(clean - one), scoring::MISTAKE_COST);
    let (_, parts) = score(Mode::Solo, &steps, 80, 0, 0, Some(EndKind::TurnedAround));
    assert_eq!(parts.steps, scoring::STEPS * 3.0 / 4.0);
}

#[test]
fn a_run_that_was_not_turned_around_is_capped_below_the_pass_mark() {
    for kind in [EndKind::Escalated, EndKind::Churned, EndKind::GaveUp, EndKind::Unresolved] {
        let (s, parts) = score(Mode::Solo, &[step(1, true)], 80, 0, 0, Some(kind));
        assert_eq!(s, scoring::CAP_UNLESS_TURNED_AROUND);
        assert!(parts.capped && s < scoring::PASS_MARK);
    }
}

#[test]
fn the_mood_part_rewards_how_far_the_customer_came_down() {
    let (_, half) = score(Mode::Solo, &[step(1, false)], 80, 40, 0, None);
    assert_eq!(half.calm, scoring::CALM / 2.0);
    let (_, worse) = score(Mode::Solo, &[step(1, false)], 40, 90, 0, None);
    assert_eq!(worse.calm, 0.0, "never negative");
}

#[test]
fn debriefs_list_steps_effects_curve_and_two_to_four_tips() {
    for (sc, reached) in walks() {
        for (path, run) in reached.values() {
            let d = run.debrief();
            assert!((scoring::MIN_TIPS..=scoring::MAX_TIPS).contains(&d.tips.len()), "{} {path:?}: {:?}", sc.id, d.tips);
            assert_eq!(d.steps.len(), sc.rubric.len());
            for s in &d.steps {
                assert_eq!(s.covered, run.covered().iter().any(|c| c.step == s.step));
                assert!(!s.title.is_empty());
            }
            assert!(d.helped.iter().all(|e| e.total < 0) && d.hurt.iter().all(|e| e.total > 0));
            assert_eq!(d.mood_curve.len() as u32, d.turns + 1);
            assert_eq!(d.mood_curve.last().map(|p| p.mood), Some(d.mood_end));
            assert_eq!(d.success, d.outcome == Some(EndKind::TurnedAround) && d.score >= scoring::PASS_MARK);
            assert!(d.score <= 100);
        }
    }
}

#[test]
fn mistakes_lead_the_tips_and_a_missed_steps_own_tip_is_used() {
    let mut run = solo(&mini());
    run.apply(Input::Choose { option: 1 }, t0()).unwrap(); // dismissive
    run.apply(Input::GiveUp, t0()).unwrap();
    let d = run.debrief();
    assert_eq!(d.tips[0], Mistake::Dismissive.tip());
    assert!(d.tips.iter().any(|t| t == "Ask one question before you promise anything."));
    assert_eq!(mistakes_made(&d), [Mistake::Dismissive]);
}

// ---------------------------------------------------------------- replay

#[test]
fn replaying_a_recording_gives_the_same_transcript_and_debrief() {
    for (sc, reached) in walks() {
        for (path, run) in reached.values() {
            let rec: Recording = serde_json::from_str(&serde_json::to_string(&run.recording()).unwrap()).unwrap();
            let again = Run::replay(Arc::clone(sc), &rec).unwrap_or_else(|e| panic!("{} {path:?}: {e}", sc.id));
            assert_eq!(again.transcript(), run.transcript());
            assert_eq!(again.debrief(), run.debrief());
        }
    }
}

#[test]
fn replay_keeps_free_text_and_clock_corrections() {
    let mut run = solo(&mini());
    run.apply(
        free("So sorry: it broke again.", &[(Signal::Move(Move::Apology), "So sorry"), (Signal::Move(Move::Paraphrase), "it broke again")]),
        t0().plus(MINUTE),
    )
    .unwrap();
    run.apply(Input::Choose { option: 1 }, t0()).unwrap();
    let again = Run::replay(run.scenario_arc(), &run.recording()).unwrap();
    assert_eq!(again, run);
}

#[test]
fn a_recording_of_another_scenario_is_refused() {
    let run = solo(&mini());
    let other = built_in_scenarios().remove(0);
    assert!(matches!(Run::replay(other, &run.recording()), Err(ReplayError::WrongScenario { .. })));
}

// ---------------------------------------------------------------- located validation errors

/// Parses `mini()` after `change`, and returns the error messages.
fn errors_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v = mini();
    change(&mut v);
    match parse_scenario(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

/// Each case: a change to a valid scenario, and the one error it must produce.
macro_rules! invalid_cases {
    ($($name:ident: $change:expr => $message:expr,)*) => {$(
        #[test]
        fn $name() {
            let errors = errors_after($change);
            assert!(errors.iter().any(|e| e == $message), "expected {:?}, got {errors:#?}", $message);
        }
    )*};
}

invalid_cases! {
    type_error_names_its_path:           |v| v["nodes"][1]["replies"][0]["moves"] = json!(["apology", "bribe"])
        => "nodes[1].replies[0].moves[1]: unknown variant `bribe`, expected one of `thanks`, `apology`, `forgiveness_ask`, `empathy`, `paraphrase`, `ask_details`, `ask_expectations`, `commit_with_time`, `follow_up_offer`, `ownership`, `explain_facts`",
    unknown_field_is_refused:            |v| v["persona"]["age"] = json!(40)
        => "persona.age: unknown field `age`, expected one of `name`, `role`, `company`, `situation`, `wants`",
    unknown_next_names_its_reply:        |v| v["nodes"][1]["replies"][2]["next"] = json!("calmer")
        => "nodes[1].replies[2].next: unknown node or outcome \"calmer\"",
    unknown_otherwise_is_located:        |v| v["nodes"][1]["otherwise"] = json!("nowhere")
        => "nodes[1].otherwise: unknown node or outcome \"nowhere\"",
    duplicate_ids_across_nodes_and_outcomes: |v| v["outcomes"][0]["id"] = json!("second")
        => "outcomes[0].id: id \"second\" is used twice (first at nodes[1].id)",
    bad_id_characters:                   |v| v["nodes"][1]["id"] = json!("Second Node")
        => "nodes[1].id: id \"Second Node\" may use only lowercase letters, digits and dashes",
    mood_out_of_range:                   |v| v["mood"]["start"] = json!(150)
        => "mood.start: 150 is out of range (0 to 100)",
    reaction_out_of_range:               |v| v["nodes"][0]["mood"]["mistakes"] = json!({ "blame": 300 })
        => "nodes[0].mood.mistakes.blame: 300 is out of range (-100 to 100)",
    difficulty_out_of_range:             |v| v["difficulty"] = json!(4)
        => "difficulty: 4 is out of range (1 to 3)",
    empty_text:                          |v| v["nodes"][0]["line"] = json!("  ")
        => "nodes[0].line: must not be empty",
    too_long_text:                       |v| v["title"] = json!("x".repeat(limits::MAX_TITLE + 1))
        => &format!("title: {} characters; at most {} are allowed", limits::MAX_TITLE + 1, limits::MAX_TITLE),
    too_many_replies:                    |v| v["nodes"][1]["replies"] = json!(vec![json!({ "text": "Hi", "next": "second" }); limits::MAX_REPLIES + 1])
        => &format!("nodes[1].replies: {} entries; at most {} are allowed", limits::MAX_REPLIES + 1, limits::MAX_REPLIES),
    node_without_replies:                |v| v["nodes"][1]["replies"] = json!([])
        => "nodes[1].replies: must not be empty",
    unknown_step_for_the_playbook:       |v| v["rubric"][1]["step"] = json!("grovel")
        => "rubric[1].step: playbook \"turnaround\" has no step \"grovel\"",
    unknown_fact_in_a_condition:         |v| v["outcomes"][0]["when"]["facts"] = json!(["secret"])
        => "outcomes[0].when.facts[0]: unknown fact \"secret\"",
    unknown_node_in_a_fact:              |v| v["facts"][2]["nodes"] = json!(["third"])
        => "facts[2].nodes[0]: unknown node \"third\"",
    empty_condition:                     |v| v["outcomes"][3]["when"] = json!({})
        => "outcomes[3].when: give at least one condition, or leave `when` out and reach this outcome by a `next`",
    missing_escalation:                  |v| { v["outcomes"][1]["kind"] = json!("churned"); v["outcomes"][2]["kind"] = json!("churned"); }
        => "outcomes: no escalated outcome; every scenario declares at least turned_around and escalated",
    unreachable_outcome:                 |v| v["outcomes"][0]["when"]["mood_at_most"] = json!(0)
        => "outcomes[0]: outcome \"calm\" cannot be reached by choosing replies",
}

#[test]
fn broken_json_reports_line_and_column() {
    let errors = parse_scenario("{ \"id\": \"x\",, }").unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert!(errors.to_string().contains("line 1 column"), "{errors}");
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let big = " ".repeat(limits::MAX_FILE_BYTES + 1);
    assert!(matches!(parse_scenario(&big).unwrap_err().0.as_slice(), [ScenarioError::Content(ContentError::TooLarge { .. })]));
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let errors = errors_after(|v| {
        v["difficulty"] = json!(9);
        v["nodes"][0]["replies"][0]["next"] = json!("nowhere");
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn a_custom_playbook_id_is_accepted_without_step_checks() {
    let errors = errors_after(|v| {
        v["playbook"] = json!("our-own");
        v["rubric"][0]["step"] = json!("smile");
    });
    assert!(errors.is_empty(), "{errors:#?}");
    let errors = errors_after(|v| v["playbook"] = json!("Our Own"));
    assert_eq!(errors, ["playbook: id \"Our Own\" may use only lowercase letters, digits and dashes"]);
}

#[test]
fn the_schema_describes_the_scenario_file() {
    let schema: Value = serde_json::from_str(&schema_json()).expect("valid JSON");
    for field in ["id", "persona", "mood", "nodes", "outcomes", "rubric"] {
        assert!(schema["properties"].get(field).is_some(), "schema lacks {field}");
    }
}

// ---------------------------------------------------------------- exports

fn finished_debriefs() -> Vec<Debrief> {
    walks().iter().flat_map(|(_, reached)| reached.values().map(|(_, run)| run.debrief())).collect()
}

#[test]
fn the_debrief_json_is_valid_and_complete() {
    for d in finished_debriefs().iter().take(5) {
        let v: Value = serde_json::from_str(&debrief_json(d)).expect("valid JSON");
        for field in ["scenario", "outcome", "score", "success", "steps", "helped", "hurt", "mood_curve", "tips", "timing", "transcript"] {
            assert!(v.get(field).is_some(), "debrief lacks {field}");
        }
        let back: Debrief = serde_json::from_value(v).expect("the debrief reads back");
        assert_eq!(&back, d);
    }
}

#[test]
fn the_cohort_csv_has_a_header_and_one_row_per_run() {
    let debriefs = finished_debriefs();
    let csv = cohort_csv(&debriefs);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), debriefs.len() + 1);
    assert_eq!(lines[0], CSV_HEADER.join(","));
    for (line, d) in lines[1..].iter().zip(&debriefs) {
        assert!(line.contains(&d.scenario) && line.contains(&format!(",{},", d.score)));
    }
}

#[test]
fn the_cohort_csv_quotes_cells_and_defuses_formulas() {
    let sc = built_in_scenarios().remove(0);
    let mut run = Run::new(sc, Mode::Solo, "=HYPERLINK(\"http://evil\"), \"x\"", t0());
    run.apply(Input::GiveUp, t0()).unwrap();
    let csv = cohort_csv(&[run.debrief()]);
    let row = csv.split("\r\n").nth(1).unwrap();
    assert!(row.starts_with("\"'=HYPERLINK(\"\"http://evil\"\"), \"\"x\"\"\","), "{row}");
}

#[test]
fn iso8601_durations() {
    for (ms, text) in [
        (0, "PT0S"),
        (252_000, "PT4M12S"),
        (3_723_000, "PT1H2M3S"),
        (3_600_000, "PT1H"),
        (4_500, "PT4.5S"),
        (61_250, "PT1M1.25S"),
        (-5, "PT0S"),
    ] {
        assert_eq!(xapi::iso8601_duration(ms), text, "{ms} ms");
    }
}

#[test]
fn xapi_statements_carry_the_required_fields() {
    let actor = xapi::Actor::email("Sam Trainee", "sam@example.com");
    let mut kinds = HashSet::new();
    for d in finished_debriefs() {
        let statements = xapi::statements(&d, &actor, "https://training.example.com/turnaround/");
        let v: Value = serde_json::from_str(&xapi::statements_json(&statements)).expect("valid JSON");
        let list = v.as_array().expect("an array");
        assert_eq!(list.len(), if d.outcome == Some(EndKind::GaveUp) { 1 } else { 2 });
        for s in list {
            assert_eq!(s["actor"]["mbox"], "mailto:sam@example.com");
            assert_eq!(s["actor"]["objectType"], "Agent");
            let verb = s["verb"]["id"].as_str().unwrap();
            assert!(verb.starts_with("http://adlnet.gov/expapi/verbs/"), "{verb}");
            assert!(s["verb"]["display"]["en-US"].is_string());
            kinds.insert(verb.to_string());
            assert_eq!(s["object"]["id"], format!("https://training.example.com/turnaround/scenarios/{}", d.scenario));
            assert_eq!(s["object"]["definition"]["name"]["en-US"], d.title.as_str());
            let scaled = s["result"]["score"]["scaled"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&scaled));
            assert_eq!(s["result"]["score"]["raw"].as_f64(), Some(f64::from(d.score)));
            assert_eq!(s["result"]["success"], d.success);
            let duration = s["result"]["duration"].as_str().unwrap();
            assert!(duration.starts_with("PT") && duration.ends_with(['S', 'M', 'H']), "{duration}");
            assert!(Timestamp::parse(s["timestamp"].as_str().unwrap()).is_some());
        }
    }
    assert!(kinds.contains("http://adlnet.gov/expapi/verbs/completed"));
    assert!(kinds.contains("http://adlnet.gov/expapi/verbs/passed"));
    assert!(kinds.contains("http://adlnet.gov/expapi/verbs/failed"));
}

#[test]
fn xapi_statement_ids_are_stable_uuids_and_one_run_shares_one_registration() {
    let actor = xapi::Actor::email("Sam Trainee", "sam@example.com");
    let is_uuid = |s: &str| {
        s.len() == 36 && s.chars().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
    };
    // Distinct attempts: one finished run per scenario (the walks of one scenario all start at t0).
    let mut ids = HashSet::new();
    let mut seen = HashSet::new();
    for d in finished_debriefs().into_iter().filter(|d| seen.insert(d.scenario.clone())) {
        let once = xapi::statements(&d, &actor, xapi::DEFAULT_BASE);
        let again = xapi::statements(&d, &actor, xapi::DEFAULT_BASE);
        assert_eq!(once, again, "re-exporting a run yields the same statements, ids included");
        let reg = &once[0].context.as_ref().unwrap().registration;
        assert!(is_uuid(reg), "{reg}");
        for s in &once {
            assert!(is_uuid(&s.id), "{}", s.id);
            assert_eq!(&s.id[14..15], "5", "a name-based (version 5) UUID");
            assert_eq!(&s.context.as_ref().unwrap().registration, reg, "one registration per attempt");
            assert_eq!(s.version, "1.0.3");
            assert!(ids.insert(s.id.clone()), "statement ids differ across attempts and verbs");
        }
    }
}

#[test]
fn another_attempt_or_trainee_is_another_registration() {
    let sam = xapi::Actor::email("Sam", "sam@example.com");
    let jo = xapi::Actor::email("Jo", "jo@example.com");
    let d = finished_debriefs().remove(0);
    let mut later = d.clone();
    later.started_at = later.started_at.plus(60_000);
    assert_ne!(xapi::registration(&d, &sam), xapi::registration(&later, &sam));
    assert_ne!(xapi::registration(&d, &sam), xapi::registration(&d, &jo));
}

#[test]
fn xapi_emails_are_lower_case_and_activity_ids_sit_under_the_chosen_base() {
    let a = xapi::Actor::email("Sam", " Sam.Lee@Example.COM ");
    assert_eq!(serde_json::to_value(&a).unwrap()["mbox"], "mailto:sam.lee@example.com");
    assert_eq!(xapi::Actor::email("Sam", "MAILTO:sam@example.com"), xapi::Actor::email("Sam", "sam@example.com"));
    assert_eq!(xapi::base_or_default(None), xapi::DEFAULT_BASE);
    assert_eq!(xapi::base_or_default(Some("not an iri")), xapi::DEFAULT_BASE);
    assert_eq!(xapi::base_or_default(Some("javascript:alert(1)")), xapi::DEFAULT_BASE);
    assert_eq!(xapi::base_or_default(Some("https://lrs.acme.example/turnaround/")), "https://lrs.acme.example/turnaround");
    let d = finished_debriefs().remove(0);
    let s = &xapi::statements(&d, &a, &xapi::base_or_default(None))[0];
    assert_eq!(s.object.id, format!("{}/scenarios/{}", xapi::DEFAULT_BASE, d.scenario));
}

#[test]
fn xapi_accounts_and_unfinished_runs() {
    let actor = xapi::Actor::account("Sam", "https://lms.example.com", "sam-42");
    let v = serde_json::to_value(&actor).unwrap();
    assert_eq!(v["account"]["homePage"], "https://lms.example.com");
    assert!(v.get("mbox").is_none(), "exactly one identifier");
    let run = Run::new(built_in_scenarios().remove(0), Mode::Solo, "Sam", t0());
    assert!(xapi::statements(&run.debrief(), &actor, "https://x.example").is_empty());
}

// ---------------------------------------------------------------- no panics

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn any_input() -> impl Strategy<Value = Input> {
        prop_oneof![
            (0usize..10).prop_map(|option| Input::Choose { option }),
            ("\\PC{0,40}", proptest::collection::vec((0usize..11, any::<bool>(), "\\PC{0,10}"), 0..5)).prop_map(|(text, hits)| {
                Input::FreeText {
                    text,
                    hits: hits
                        .into_iter()
                        .map(|(i, is_move, quote)| Hit {
                            signal: if is_move { Signal::Move(Move::ALL[i]) } else { Signal::Mistake(Mistake::ALL[i]) },
                            quote,
                        })
                        .collect(),
                }
            }),
            (0u8..=255).prop_map(|mood| Input::SetMood { mood }),
            Just(Input::GiveUp),
            Just(Input::End { kind: OutcomeKind::Churned }),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_inputs_keep_the_run_sound(which in 0usize..8, live in any::<bool>(), inputs in proptest::collection::vec((any_input(), -100_000i64..100_000), 0..30)) {
            let sc = built_in_scenarios().remove(which % BUILT_IN.len());
            let mode = if live { Mode::Live } else { Mode::Solo };
            let mut run = Run::new(Arc::clone(&sc), mode, "p", t0());
            for (input, offset) in inputs {
                let _ = run.apply(input, t0().plus(offset));
                prop_assert!(run.mood() <= 100);
            }
            let d = run.debrief();
            prop_assert!(d.score <= 100 && d.duration_ms >= 0);
            prop_assert_eq!(Run::replay(Arc::clone(&sc), &run.recording()).map(|r| r.transcript().to_vec()), Ok(run.transcript().to_vec()));
        }

        #[test]
        fn arbitrary_text_never_panics_the_parser(text in "\\PC{0,200}") {
            let _ = parse_scenario(&text);
        }
    }
}

#[test]
fn the_spanish_and_german_scenarios_are_served_files_that_validate_in_their_language() {
    use turnaround::core::locale::Lang;
    for (lang, ids) in IN_LANG {
        assert!(ids.len() >= 2, "at least two scenarios in {lang:?}");
        let dir = format!("{}/static/scenarios/{}", env!("CARGO_MANIFEST_DIR"), lang.tag());
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        on_disk.sort();
        let mut listed: Vec<String> = ids.iter().map(|id| format!("{id}.json")).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "{dir} holds exactly the listed scenarios");
        for &id in ids.iter() {
            let path = format!("{}/static/{}", env!("CARGO_MANIFEST_DIR"), scenario_path(id, lang));
            let text = std::fs::read_to_string(&path).unwrap();
            let sc = read_served(id, lang, &text).unwrap_or_else(|e| panic!("{path}:\n{e}"));
            let other = if lang == Lang::Es { Lang::De } else { Lang::Es };
            assert!(read_served(id, other, &text).unwrap_err().contains("not"), "{path} is refused as another language's");
            assert_eq!((sc.id.as_str(), sc.lang.as_deref()), (id, Some(lang.tag())), "{path}");
            assert!(is_built_in(id), "a file may not take a served scenario's id");
            assert!(!BUILT_IN.iter().any(|(b, _)| *b == id), "served, not compiled in");
        }
    }
}

#[test]
fn the_english_built_ins_are_the_listed_files_each_served_where_the_trainer_fetches_it() {
    use turnaround::core::locale::Lang;
    let dir = format!("{}/static/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BUILT_IN_IDS.iter().map(|id| format!("{id}.json")).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "{dir} holds exactly the listed scenarios");
    assert_eq!(BUILT_IN.map(|(id, _)| id), BUILT_IN_IDS, "compiled in, in the same order");
    for (id, json) in BUILT_IN {
        let path = format!("{}/static/{}", env!("CARGO_MANIFEST_DIR"), scenario_path(id, Lang::En));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), json, "{path}");
        assert!(read_served(id, Lang::En, json).is_ok());
        assert!(read_served(id, Lang::Es, json).unwrap_err().contains("not"), "an English file is refused as Spanish");
    }
}

#[test]
fn every_card_is_what_the_parser_reads_from_its_file_in_picker_order() {
    use turnaround::core::locale::Lang;
    for lang in Lang::ALL {
        let ids: Vec<String> = cards_in(lang).map(|c| c.id.to_string()).collect();
        let listed: Vec<&str> = match lang {
            Lang::En => BUILT_IN_IDS.to_vec(),
            other => IN_LANG.iter().find(|(l, _)| *l == other).map(|(_, ids)| ids.to_vec()).unwrap_or_default(),
        };
        assert_eq!(ids, listed, "{lang:?}: one card per listed scenario, in order");
        for card in cards_in(lang) {
            let path = format!("{}/static/{}", env!("CARGO_MANIFEST_DIR"), scenario_path(&card.id, lang));
            let sc = read_served(&card.id, lang, &std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{path}:\n{e}"));
            assert_eq!(*card, Card::of(&sc), "{path}");
        }
    }
    assert_eq!(CARDS.len(), BUILT_IN_IDS.len() + IN_LANG.iter().map(|(_, ids)| ids.len()).sum::<usize>());
    assert!(CARDS.iter().all(|c| is_built_in(&c.id)));
    assert!(!is_built_in("our-own-visit"));
}

#[test]
fn a_custom_scenario_for_a_built_in_playbook_is_checked_against_its_steps_without_the_playbook_file() {
    // The steps come from the table build.rs made, the same as the files'.
    for (id, steps) in playbook::BUILT_IN_STEPS {
        let p = playbook::built_in(id).unwrap().unwrap();
        let from_file: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(steps, from_file.as_slice(), "{id}");
        assert_eq!(playbook::built_in_steps(id), Some(steps));
    }
    let mut ids: Vec<&str> = playbook::BUILT_IN_STEPS.iter().map(|(id, _)| *id).collect();
    let mut titled: Vec<&str> = playbook::BUILT_IN_TITLES.iter().map(|(id, _)| *id).collect();
    ids.sort();
    titled.sort();
    assert_eq!(ids, titled, "every built-in playbook has its steps listed");
    assert_eq!(playbook::built_in_steps("our-own"), None, "a custom playbook's steps are not known");
}

#[test]
fn a_scenario_in_an_unknown_language_is_refused_with_its_path() {
    let mut v: Value = serde_json::from_str(BUILT_IN[0].1).unwrap();
    v["lang"] = json!("fr");
    let err = parse_scenario(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("lang: \"fr\" is not a language scenarios are written in"), "{err}");
}
