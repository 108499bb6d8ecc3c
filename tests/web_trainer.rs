//! Browser tests of the role-play trainer page (wasm-bindgen-test in headless
//! Chromium): each test mounts the page into its own fresh element and plays
//! through the DOM, checking against the pure engine run side by side.
#![cfg(target_arch = "wasm32")]

mod common;

use common::web::*;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use turnaround::core::locale::Lang;
use turnaround::core::playbook::{self, Playbook};
use turnaround::core::time::Timestamp;
use turnaround::core::trainer::{
    built_in, find_path, read_served, unread, Input, Mode, OutcomeKind, Read, Run, Scenario, What, BUILT_IN, MAX_REPLY_CHARS,
};
use turnaround::ui::pages::trainer::state::{Msg, TrainerState};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

/// Clicks the start button on a scenario's card.
fn start(root: &web_sys::Element, scenario: &str) {
    let heading = one(root, &format!("#ta-card-{scenario}"));
    let card = heading.closest(".ta-scenario").unwrap().unwrap();
    one(&card, ".ta-start").click();
}

/// Clicks the reply option whose text is `reply`, wherever the page shuffled it.
fn choose(root: &web_sys::Element, reply: &str) {
    let button = all(root, ".ta-option").into_iter().find(|b| b.text_content().unwrap_or_default().contains(reply));
    button.unwrap_or_else(|| panic!("no option {reply:?}:\n{}", text(root))).click();
}

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(built_in(id).unwrap().unwrap())
}

fn outcome_id(sc: &Scenario, kind: OutcomeKind) -> String {
    sc.outcomes.iter().find(|o| o.kind == kind).unwrap().id.clone()
}

/// Plays the engine's shortest path to `outcome` through the page, checking each
/// step against the same choices applied to a run in the test.
async fn play_to(root: &web_sys::Element, sc: &Arc<Scenario>, outcome: &str) -> Run {
    let path = find_path(sc, outcome).unwrap_or_else(|| panic!("no path to {outcome}"));
    let mut shadow = Run::new(Arc::clone(sc), Mode::Solo, "Test Trainee", Timestamp(0));
    for option in path {
        let reply = shadow.options()[option].text.clone();
        choose(root, &reply);
        settle().await;
        shadow.apply(Input::Choose { option }, Timestamp(0)).unwrap();
    }
    shadow
}

#[wasm_bindgen_test]
async fn choosing_replies_to_a_turnaround_ends_in_a_debrief_with_the_engines_score() {
    let root = mount_trainer();
    settle().await;
    assert_eq!(all(&root, ".ta-scenario").len(), BUILT_IN.len(), "every built-in is a card");
    type_into(&one(&root, "#ta-trainee"), "Test Trainee");
    settle().await;
    start(&root, "missed-visit");
    settle().await;
    let sc = scenario("missed-visit");
    assert!(text(&root).contains(&sc.nodes[0].line), "the opening line is in the chat");
    let shadow = play_to(&root, &sc, &outcome_id(&sc, OutcomeKind::TurnedAround)).await;
    assert!(shadow.is_over());
    let debrief = wait_for(&root, ".ta-debrief").await;
    let expected = shadow.debrief();
    assert_eq!(one(&debrief, ".ta-score-n").text_content().unwrap(), expected.score.to_string());
    assert!(text(&debrief).contains(&expected.outcome_title), "{}", text(&debrief));
    assert!(text(&debrief).contains("Test Trainee"));
    assert!(text(&debrief).contains(if expected.success { "Success" } else { "Not yet" }));
    assert_eq!(all(&debrief, ".ta-tips-list li").len(), expected.tips.len());
    assert!(root.query_selector(".ta-chart-svg polyline").unwrap().is_some(), "the mood curve is drawn");
}

#[wasm_bindgen_test]
async fn an_escalation_shows_as_not_passed() {
    let root = mount_trainer();
    settle().await;
    start(&root, "no-callback");
    settle().await;
    let sc = scenario("no-callback");
    let escalated = sc.outcomes.iter().find(|o| o.kind == OutcomeKind::Escalated && find_path(&sc, &o.id).is_some()).unwrap().id.clone();
    let shadow = play_to(&root, &sc, &escalated).await;
    let debrief = wait_for(&root, ".ta-debrief").await;
    assert_eq!(one(&debrief, ".ta-score-n").text_content().unwrap(), shadow.debrief().score.to_string());
    assert!(text(&debrief).contains("Not yet"));
    assert!(debrief.query_selector(".ta-verdict-fail").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_typed_reply_is_read_by_the_coach_and_the_customer_reacts() {
    let root = mount_trainer();
    settle().await;
    start(&root, "missed-visit");
    settle().await;
    let before = one(&root, ".ta-meter-value").text_content().unwrap();
    type_into(
        &one(&root, "#ta-typed-reply"),
        "Thank you for calling, and I'm so sorry we let you down today. I will sort this out myself.",
    );
    settle().await;
    one(&root, ".ta-typed button[type=submit]").click();
    // The coach answers on its own path (in this build, in the page), then the reply counts.
    wait_for(&root, ".ta-coach-notes").await;
    settle().await;
    assert!(root.query_selector(".ta-msg-waiting").unwrap().is_none(), "nothing left waiting for the coach");
    let agent = one(&root, ".ta-msg-agent");
    assert!(text(&agent).contains("(typed)"), "{}", text(&agent));
    assert!(text(&agent).contains("The coach heard"), "{}", text(&agent));
    assert!(root.query_selector(".ta-event-mood").unwrap().is_some(), "the mood moved with a reason");
    assert_ne!(one(&root, ".ta-meter-value").text_content().unwrap(), before);
    let field: web_sys::HtmlTextAreaElement = one(&root, "#ta-typed-reply").dyn_into().unwrap();
    assert_eq!(field.value(), "", "the box is cleared for the next reply");
}

/// The page's state after `msgs`, from a fresh trainer with a solo run of `scenario` started.
fn solo_state(scenario: &str, msgs: Vec<Msg>) -> Rc<TrainerState> {
    let start = Msg::Start { scenario: scenario.into(), id: "r1".into(), at: Timestamp(0) };
    std::iter::once(start).chain(msgs).fold(Rc::new(TrainerState::default()), |s, m| s.reduce(m))
}

fn typed(text: &str, at: i64) -> Msg {
    Msg::Typed { text: text.into(), at: Timestamp(at) }
}

fn read_as(serial: u64, text: &str, finding: &str) -> Msg {
    let read = Read { input: unread(text), findings: vec![finding.into()] };
    Msg::Read { run: "r1".into(), serial, read }
}

/// The typed replies in the run's transcript, in order.
fn agent_lines(state: &TrainerState) -> Vec<String> {
    let run = &state.active.as_ref().unwrap().run;
    run.transcript().iter().filter_map(|e| if let What::Agent { text, .. } = &e.what { Some(text.clone()) } else { None }).collect()
}

#[wasm_bindgen_test]
fn typed_replies_wait_for_the_coach_and_count_in_the_order_sent_each_once() {
    let waiting = solo_state("missed-visit", vec![typed("first reply", 1), typed("second reply", 2)]);
    let active = waiting.active.as_ref().unwrap();
    assert_eq!(active.outbox.waiting().len(), 2, "both replies are kept while the coach reads");
    assert_eq!(active.run.turns(), 0);
    let serials: Vec<u64> = active.outbox.waiting().iter().map(|w| w.serial).collect();
    // The second reading arrives first, the first one twice.
    let state = solo_state(
        "missed-visit",
        vec![
            typed("first reply", 1),
            typed("second reply", 2),
            read_as(serials[1], "second reply", "note 2"),
            read_as(serials[0], "first reply", "note 1"),
            read_as(serials[0], "first reply", "note 1 again"),
        ],
    );
    let active = state.active.as_ref().unwrap();
    assert_eq!(agent_lines(&state), ["first reply", "second reply"]);
    assert!(active.outbox.is_empty());
    assert_eq!(active.findings_for(1), Some(&["note 1".to_string()][..]));
    assert_eq!(active.findings_for(2), Some(&["note 2".to_string()][..]));
}

#[wasm_bindgen_test]
fn a_choice_waits_while_a_typed_reply_is_read_and_a_reading_for_another_run_is_ignored() {
    let state = solo_state(
        "missed-visit",
        vec![typed("first reply", 1), Msg::Play { input: Input::Choose { option: 0 }, at: Timestamp(2), findings: Vec::new() }],
    );
    assert!(state.refused.as_deref().unwrap_or_default().contains("still reading"), "{:?}", state.refused);
    assert_eq!(state.active.as_ref().unwrap().run.turns(), 0);
    let serial = state.active.as_ref().unwrap().outbox.newest();
    let stranger = Msg::Read { run: "another".into(), serial, read: Read { input: unread("x"), findings: Vec::new() } };
    let state = state.reduce(stranger);
    assert_eq!(state.active.as_ref().unwrap().outbox.waiting().len(), 1);
}

#[wasm_bindgen_test]
fn a_reply_read_after_the_run_ended_is_kept_apart_not_counted() {
    let state = solo_state("missed-visit", vec![typed("late reply", 1)]);
    let serial = state.active.as_ref().unwrap().outbox.newest();
    // End the run first, as if the reply before this one had ended it.
    let mut ended = (*state).clone();
    let mut active = (**ended.active.as_ref().unwrap()).clone();
    active.run.apply(Input::GiveUp, Timestamp(2)).unwrap();
    ended.active = Some(Rc::new(active));
    let state = Rc::new(ended).reduce(read_as(serial, "late reply", "n"));
    let active = state.active.as_ref().unwrap();
    assert_eq!(active.late, ["late reply"]);
    assert!(agent_lines(&state).is_empty());
}

#[wasm_bindgen_test]
fn a_reply_too_long_to_count_is_refused_before_the_coach_is_asked() {
    let state = solo_state("missed-visit", vec![typed(&"a".repeat(MAX_REPLY_CHARS + 1), 1)]);
    assert!(state.active.as_ref().unwrap().outbox.is_empty());
    assert!(state.refused.is_some());
}

fn pick(scenario: &str, id: &str) -> Msg {
    Msg::Start { scenario: scenario.into(), id: id.into(), at: Timestamp(0) }
}

/// The Spanish scenario and playbook files, as the page would fetch them.
fn spanish_files() -> (Box<Scenario>, Playbook) {
    let sc = read_served("cita-incumplida", Lang::Es, include_str!("../static/scenarios/es/cita-incumplida.json")).unwrap();
    let pb = playbook::read_served("turnaround", Lang::Es, include_str!("../static/playbooks/es/turnaround.json")).unwrap();
    (Box::new(sc), pb)
}

#[wasm_bindgen_test]
fn a_scenario_not_here_is_fetched_when_picked_and_a_failure_keeps_everything_else() {
    let state = Rc::new(TrainerState::in_lang(Lang::Es)).reduce(Msg::SetTrainee("Ana".into()));
    assert_eq!(state.library.len(), 2, "the Spanish cards are listed at once");
    assert!(state.library.iter().all(|i| i.scenario.is_none()), "no scenario is here before a pick");
    let waiting = state.reduce(pick("cita-incumplida", "r1"));
    let fetch = waiting.fetch.clone().expect("the pick waits for its files");
    assert!(fetch.file && fetch.failed.is_none());
    assert_eq!((fetch.lang, fetch.playbook.as_deref()), (Lang::Es, Some("turnaround")), "its playbook comes in its language");
    assert!(waiting.active.is_none());
    assert!(Rc::ptr_eq(&waiting, &waiting.clone().reduce(pick("cita-incumplida", "r9"))), "a second click while it comes changes nothing");

    let failed = waiting.reduce(Msg::FetchFailed { scenario: "cita-incumplida".into(), reason: "the server answered 404".into() });
    assert_eq!(failed.fetch.as_ref().and_then(|f| f.failed.as_deref()), Some("the server answered 404"));
    assert!(failed.active.is_none());
    assert_eq!((failed.trainee.as_str(), failed.library.len()), ("Ana", 2), "nothing else changed");

    let again = failed.reduce(pick("cita-incumplida", "r2"));
    assert!(again.fetch.as_ref().is_some_and(|f| f.failed.is_none() && f.run == "r2"), "trying again is a new fetch");
    let (sc, pb) = spanish_files();
    let started = again.reduce(Msg::Fetched { scenario: "cita-incumplida".into(), file: Some(sc), playbook: Some(pb), at: Timestamp(5) });
    let active = started.active.as_ref().expect("the run starts once its files are here");
    assert_eq!((active.id.as_str(), active.run.trainee(), active.run.started_at()), ("r2", "Ana", Timestamp(5)));
    assert_eq!(active.playbook.as_ref().and_then(|p| p.lang.as_deref()), Some("es"), "the checklist is the Spanish playbook's");
    assert!(started.fetch.is_none());

    let back = started.reduce(Msg::Leave).reduce(pick("cita-incumplida", "r3"));
    assert!(back.fetch.is_none(), "what was fetched is kept: no second fetch");
    assert_eq!(back.active.as_ref().map(|a| a.id.as_str()), Some("r3"));
}

#[wasm_bindgen_test]
fn the_answer_to_a_superseded_pick_is_kept_but_starts_nothing() {
    let state = Rc::new(TrainerState::in_lang(Lang::Es)).reduce(pick("cita-incumplida", "r1")).reduce(pick("cobro-duplicado", "r2"));
    assert_eq!(state.fetch.as_ref().map(|f| f.scenario.as_str()), Some("cobro-duplicado"), "the newer pick counts");
    let (sc, pb) = spanish_files();
    let late = state.reduce(Msg::Fetched { scenario: "cita-incumplida".into(), file: Some(sc), playbook: Some(pb), at: Timestamp(5) });
    assert!(late.active.is_none());
    assert!(late.scenario("cita-incumplida").unwrap().scenario.is_some(), "its file is kept for a later pick");
    let failed = late.reduce(Msg::FetchFailed { scenario: "cita-incumplida".into(), reason: "late".into() });
    assert!(failed.fetch.as_ref().is_some_and(|f| f.scenario == "cobro-duplicado" && f.failed.is_none()), "an old failure is ignored");
}

/// Hands `contents` to the page's scenario file picker, as if the trainer chose a file.
fn pick_file(root: &web_sys::Element, name: &str, contents: &str) {
    let input = one(root, "#ta-scenario-file");
    let file = web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&JsValue::from_str(contents)), name).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"DataTransfer".into()).unwrap().dyn_into().unwrap();
    let transfer = js_sys::Reflect::construct(&ctor, &js_sys::Array::new()).unwrap();
    let items = js_sys::Reflect::get(&transfer, &"items".into()).unwrap();
    let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into()).unwrap().dyn_into().unwrap();
    add.call1(&items, &file).unwrap();
    js_sys::Reflect::set(&input, &"files".into(), &js_sys::Reflect::get(&transfer, &"files".into()).unwrap()).unwrap();
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn an_invalid_scenario_file_shows_its_located_errors_and_changes_nothing() {
    let root = mount_trainer();
    settle().await;
    let cards = all(&root, ".ta-scenario").len();
    let mut bad: serde_json::Value = serde_json::from_str(BUILT_IN[0].1).unwrap();
    bad["id"] = "my-visit".into();
    bad["nodes"][0]["replies"][0]["next"] = "nowhere".into();
    pick_file(&root, "broken.json", &bad.to_string());
    let report = wait_for(&root, ".ta-load-bad").await;
    assert!(text(&report).contains("broken.json was not loaded"), "{}", text(&report));
    assert!(text(&report).contains("nodes[0].replies[0].next"), "the error names where: {}", text(&report));
    assert_eq!(all(&root, ".ta-scenario").len(), cards, "the list is unchanged");

    pick_file(&root, "not-json.json", "{ \"id\": ");
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    let report = wait_for(&root, ".ta-load-bad").await;
    assert!(text(&report).contains("not-json.json"), "{}", text(&report));
    assert_eq!(all(&root, ".ta-scenario").len(), cards);
}

#[wasm_bindgen_test]
async fn a_valid_scenario_file_joins_the_picker_and_can_be_played() {
    let root = mount_trainer();
    settle().await;
    let cards = all(&root, ".ta-scenario").len();
    let mut custom: serde_json::Value = serde_json::from_str(BUILT_IN[0].1).unwrap();
    custom["id"] = "our-own-visit".into();
    custom["title"] = "Our own missed visit".into();
    pick_file(&root, "ours.json", &custom.to_string());
    wait_for(&root, ".ta-load-ok").await;
    assert_eq!(all(&root, ".ta-scenario").len(), cards + 1);
    assert!(text(&root).contains("From ours.json"));
    start(&root, "our-own-visit");
    settle().await;
    assert!(text(&root).contains("Our own missed visit"));
    assert!(!all(&root, ".ta-option").is_empty());
}

#[wasm_bindgen_test]
async fn a_built_in_id_in_a_file_is_refused() {
    let root = mount_trainer();
    settle().await;
    pick_file(&root, "copy.json", BUILT_IN[0].1);
    let report = wait_for(&root, ".ta-load-bad").await;
    assert!(text(&report).contains("belongs to a built-in scenario"), "{}", text(&report));
}

#[wasm_bindgen_test]
async fn live_mode_scores_the_rubric_and_ends_with_the_trainers_outcome() {
    let root = mount_trainer();
    settle().await;
    one(&root, "input[name=ta-mode][value=live]").click();
    settle().await;
    start(&root, "missed-visit");
    settle().await;
    let sc = scenario("missed-visit");
    assert!(text(&root).contains(&sc.persona.wants), "the crib sheet shows what the customer wants");
    assert!(text(&root).contains(&sc.rubric[0].look_for), "each step says what to listen for");
    // The trainer says the opening, moves the mood, and marks every step covered but the last, which is partly.
    one(&root, ".ta-script-line").click();
    settle().await;
    assert!(text(&one(&root, ".ta-chat")).contains(&sc.nodes[0].line));
    let calm = all(&root, ".ta-mood-set button").into_iter().find(|b| b.text_content().unwrap() == "Calm").unwrap();
    calm.click();
    settle().await;
    assert_eq!(one(&root, ".ta-meter-value").text_content().unwrap(), "15");
    let items = all(&root, ".ta-rubric-item");
    assert_eq!(items.len(), sc.rubric.len());
    for (i, item) in items.iter().enumerate() {
        let label = if i + 1 == items.len() { "Partly" } else { "Covered" };
        all(item, "button").into_iter().find(|b| b.text_content().unwrap() == label).unwrap().click();
        settle().await;
    }
    assert_eq!(all(&root, ".ta-marks button[aria-pressed=true]").len(), sc.rubric.len());
    let end = all(&root, ".ta-end button").into_iter().find(|b| b.text_content().unwrap().starts_with("Turned around")).unwrap();
    end.click();
    settle().await;
    let debrief = wait_for(&root, ".ta-debrief").await;
    let total: u32 = sc.rubric.iter().map(|r| u32::from(r.weight)).sum();
    let last = u32::from(sc.rubric.last().unwrap().weight);
    let expected = ((f64::from(total - last) + f64::from(last) * 0.5) / f64::from(total) * 100.0).round() as u32;
    assert_eq!(one(&debrief, ".ta-score-n").text_content().unwrap(), expected.to_string());
    assert!(text(&debrief).contains("partly"));
}

#[wasm_bindgen_test]
async fn replay_steps_through_the_recorded_run() {
    let root = mount_trainer();
    settle().await;
    start(&root, "missed-visit");
    settle().await;
    let sc = scenario("missed-visit");
    let shadow = play_to(&root, &sc, &outcome_id(&sc, OutcomeKind::TurnedAround)).await;
    let debrief = wait_for(&root, ".ta-debrief").await;
    all(&debrief, "button").into_iter().find(|b| b.text_content().unwrap() == "Replay").unwrap().click();
    settle().await;
    let replay = one(&root, ".ta-replay");
    let steps = shadow.inputs().len();
    assert!(text(&replay).contains(&format!("Step 0 of {steps}")), "{}", text(&replay));
    assert_eq!(all(&replay, ".ta-msg-agent").len(), 0);
    let next = all(&replay, "button").into_iter().find(|b| b.text_content().unwrap() == "Next").unwrap();
    next.click();
    settle().await;
    assert!(text(&replay).contains(&format!("Step 1 of {steps}")));
    assert_eq!(all(&replay, ".ta-msg-agent").len(), 1);
    all(&replay, "button").into_iter().find(|b| b.text_content().unwrap() == "Last").unwrap().click();
    settle().await;
    assert_eq!(all(&replay, ".ta-msg-agent").len(), steps);
}
