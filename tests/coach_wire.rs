//! The coach across the worker boundary: questions and answers as JSON, read
//! back into the core's own types exactly as the coach made them; a thread
//! taken in without the coach and finished with its answers ends where the
//! one-step `take` does; stale answers are known by their number.

use turnaround::core::coach::{review, temperature, ReviewContext};
use turnaround::core::coach_wire::{self, answer, Request, Sequencer, WireError};
use turnaround::core::conversation::{Answer, Thread, Work};
use turnaround::core::playbook::{built_in, Channel};
use turnaround::core::protocol::{Author, ThreadMessage};
use turnaround::core::session::{Session, Temperature};
use turnaround::core::ticket;
use turnaround::core::time::Timestamp;

fn t0() -> Timestamp {
    Timestamp::parse("2026-11-22T09:00:00Z").unwrap()
}

const DRAFTS: [&str; 4] = [
    "Sorry, but that's our policy. You'll have to contact the bank yourself.",
    "Thank you for telling me. I am sorry this happened; I will call you back by 4 pm today with the fix.",
    "Calm down, we'll look into it soon.",
    "",
];

#[test]
fn a_review_read_back_from_its_json_is_the_coachs_review() {
    for draft in DRAFTS {
        for message in [None, Some("THIS IS THE THIRD TIME!!! cancel my account")] {
            let want = review(draft, &ReviewContext { channel: Channel::Chat, customer_message: message.map(str::to_string) });
            let json = answer(&Request::review(draft, Channel::Chat, message).to_json());
            assert_eq!(coach_wire::review_from_json(&json).unwrap(), want, "{draft:?} / {message:?}");
        }
    }
}

#[test]
fn a_reading_read_back_from_its_json_is_the_coachs_reading() {
    for message in ["THIS IS THE THIRD TIME!!! cancel my account", "thanks, all good now", "", "I have waited two weeks. Unacceptable."] {
        let json = answer(&Request::temperature(message).to_json());
        assert_eq!(coach_wire::reading_from_json(&json).unwrap(), temperature(message), "{message:?}");
    }
}

#[test]
fn a_batch_is_answered_item_by_item_in_order() {
    let req = Request::Batch { items: vec![Request::temperature("I AM FURIOUS!!!"), Request::review(DRAFTS[0], Channel::Email, None)] };
    let items = coach_wire::batch_from_json(&answer(&req.to_json())).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(coach_wire::reading_from_value(items[0].clone()).unwrap(), temperature("I AM FURIOUS!!!"));
    assert_eq!(
        coach_wire::review_from_value(items[1].clone()).unwrap().codes(),
        review(DRAFTS[0], &ReviewContext { channel: Channel::Email, customer_message: None }).codes()
    );
}

#[test]
fn a_malformed_request_is_answered_with_an_error_not_a_panic() {
    for bad in ["", "{", "null", r#"{"op":"sing"}"#, r#"{"op":"review"}"#, "[1,2]"] {
        let json = answer(bad);
        assert!(matches!(coach_wire::review_from_json(&json), Err(WireError::Coach(_))), "{bad:?} → {json}");
    }
}

#[test]
fn an_unreadable_answer_is_an_error_and_unknown_codes_are_left_out() {
    assert!(matches!(coach_wire::review_from_json("not json"), Err(WireError::Unreadable(_))));
    assert!(matches!(coach_wire::reading_from_json(r#"{"score":"x"}"#), Err(WireError::Unreadable(_))));
    let newer = r#"{"findings":[{"code":"sarcasm","span":{"start":0,"end":1},"reason":"r"},{"code":"blame","span":{"start":0,"end":3},"reason":"r","rewrite":"x"}],"moves":[{"move":"hug","span":{"start":0,"end":1}}]}"#;
    let r = coach_wire::review_from_json(newer).unwrap();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].step, "own");
    assert!(r.moves.is_empty());
}

#[test]
fn an_answer_overtaken_in_its_slot_is_stale_and_one_without_a_slot_never_is() {
    let mut s = Sequencer::default();
    let first = s.issue(Some("draft"));
    let other = s.issue(Some("reading"));
    let thread = s.issue(None);
    assert!(s.is_current(Some("draft"), first));
    let second = s.issue(Some("draft"));
    assert!(!s.is_current(Some("draft"), first), "the first keystroke's review is stale");
    assert!(s.is_current(Some("draft"), second));
    assert!(s.is_current(Some("reading"), other), "another slot is not affected");
    assert!(s.is_current(None, thread));
}

fn msg(id: &str, from: Author, text: &str) -> ThreadMessage {
    ThreadMessage { id: id.into(), from, at: Some(t0()), text: text.into() }
}

#[test]
fn a_thread_finished_with_the_workers_answers_ends_where_take_does() {
    let p = built_in("six-step").unwrap().unwrap();
    let msgs = [
        msg("m-1", Author::Customer, "THIS IS THE THIRD TIME YOU CHARGED ME TWICE!!!"),
        msg("m-2", Author::Agent, "Thank you for your patience, Dana. I am sorry; please forgive us."),
        msg("m-3", Author::Note, "internal"),
        msg("m-4", Author::Customer, "ok, thanks, that helps"),
    ];
    let s = Session::new("4711", &p, t0());
    let mut direct = Thread::new("4711");
    let intake = direct.take(&msgs, &s, &p, Channel::Chat);

    let mut split = Thread::new("4711");
    let (counts, work) = split.take_unread(&msgs, &s, Channel::Chat);
    assert_eq!((counts.new_customer, counts.new_agent), (intake.new_customer, intake.new_agent));
    assert_eq!(work.len(), 3, "two messages to read, one to review; the note is only seen");
    // As the worker does it: one batch, answered as JSON.
    let batch = Request::Batch { items: work.iter().map(Work::request).collect() };
    let values = coach_wire::batch_from_json(&answer(&batch.to_json())).unwrap();
    let answers: Vec<Answer> = work.iter().zip(values).map(|(w, v)| w.answer_from(v)).collect();
    assert_eq!(split.finish(&work, &answers, &s, &p), intake.action);
    assert_eq!(split.offers(&s, &p, None), direct.offers(&s, &p, None));
    assert!(!split.offers(&s, &p, None).is_empty(), "the agent's thanks is offered");
}

#[test]
fn a_thread_the_coach_could_not_read_reads_nothing_and_checks_nothing() {
    let p = built_in("turnaround").unwrap().unwrap();
    let s = Session::new("4711", &p, t0());
    let mut th = Thread::new("4711");
    let (_, work) =
        th.take_unread(&[msg("m-1", Author::Customer, "I AM FURIOUS"), msg("m-2", Author::Agent, "Thanks!")], &s, Channel::Chat);
    let none = vec![Answer::None; work.len()];
    assert_eq!(th.finish(&work, &none, &s, &p), None);
    assert!(th.offers(&s, &p, None).is_empty());
    assert!(th.has_seen("m-1"), "taken in all the same: not read twice when the coach is back");
}

#[test]
fn the_prefill_waits_for_the_coach_and_never_overrides_the_agents_reading() {
    let p = built_in("turnaround").unwrap().unwrap();
    let init = turnaround::core::protocol::Init {
        ticket_id: "4711".into(),
        last_message: "THIS IS THE THIRD TIME!!!".into(),
        ..Default::default()
    };
    let mut s = Session::new("4711", &p, t0());
    let (_, prefill) = ticket::apply_host_context_unread(&mut s, &init, t0());
    assert_eq!(prefill.as_deref(), Some("THIS IS THE THIRD TIME!!!"));
    assert!(s.temperatures.is_empty(), "nothing recorded before the coach has read it");
    let mut agent_first = s.clone();
    assert!(ticket::prefill_temperature(&mut s, Temperature::Furious, t0()));
    assert_eq!(s.temperature(), Some(Temperature::Furious));
    agent_first.apply(turnaround::core::session::Action::RecordTemperature { level: Temperature::Calm }, t0());
    assert!(!ticket::prefill_temperature(&mut agent_first, Temperature::Furious, t0()), "the agent's reading stands");
    assert_eq!(agent_first.temperature(), Some(Temperature::Calm));
}

#[test]
fn an_english_request_reads_as_before_and_a_spanish_one_names_its_language() {
    use turnaround::core::locale::Lang;
    let en = Request::review("Sorry, but that's our policy.", Channel::Chat, None).to_json();
    assert!(!en.contains("lang"), "{en}");
    let es = Request::review("Lo siento, pero es nuestra política y no puedo hacer nada.", Channel::Chat, None).in_lang(Lang::Es);
    assert!(es.to_json().contains(r#""lang":"es""#), "{}", es.to_json());
    let got = coach_wire::review_from_json(&answer(&es.to_json())).unwrap();
    let want = turnaround::core::coach::lang::review(
        Lang::Es,
        "Lo siento, pero es nuestra política y no puedo hacer nada.",
        &ReviewContext { channel: Channel::Chat, customer_message: None },
    );
    assert_eq!(got, want);
    assert!(got.codes().iter().any(|c| c.as_str() == "but_apology"), "{got:?}");
    let batch =
        Request::Batch { items: vec![Request::temperature("ES IST SCHON DAS DRITTE MAL!!! Ich kündige sofort alles.")] }.in_lang(Lang::De);
    let items = coach_wire::batch_from_json(&answer(&batch.to_json())).unwrap();
    let reading = coach_wire::reading_from_value(items[0].clone()).unwrap();
    assert!(reading.level >= Temperature::Angry, "{reading:?}");
}

#[test]
fn the_worker_is_told_which_languages_to_fetch_and_bad_data_is_named() {
    // Natively the Spanish and German data are compiled in: nothing to fetch.
    assert_eq!(coach_wire::missing_languages(r#"{"op":"temperature","message":"hola","lang":"es"}"#), "");
    assert_eq!(coach_wire::missing_languages("not json"), "");
    let e = coach_wire::load_language("fr", "", b"").unwrap_err();
    assert!(e.contains("\"fr\""), "{e}");
    let fr = answer(r#"{"op":"temperature","message":"salut","lang":"fr"}"#);
    assert!(fr.contains("error") && fr.contains("no coach language"), "{fr}");
}
