//! The host protocol: every message type, every malformed variant, the save
//! state machine. What hosts depend on.

use serde_json::{json, Value};
use turnaround::core::playbook::{built_in, Channel};
use turnaround::core::protocol::{
    self, check_open_ticket, parse_host_message, pick_winner, Author, ErrorCode, HostMessage, SaveSync, SyncState, Theme, ACK_TIMEOUT_MS,
    MAX_MESSAGES, MAX_RETRIES, SAVE_COALESCE_MS,
};
use turnaround::core::session::Session;
use turnaround::core::time::Timestamp;

fn env(kind: &str, payload: Value) -> Value {
    json!({ "protocol": "turnaround", "v": 1, "type": kind, "id": "h-1", "payload": payload })
}

fn parse(v: &Value) -> Result<HostMessage, protocol::Rejection> {
    parse_host_message(v, serde_json::to_string(v).unwrap().len())
}

fn code(v: &Value) -> ErrorCode {
    parse(v).expect_err("should be refused").code
}

fn session(ticket: &str, rev: u64) -> Session {
    let mut s = Session::new(ticket, &built_in("laptop").unwrap().unwrap(), Timestamp(0));
    s.rev = rev;
    s
}

#[test]
fn a_full_init_is_read_field_by_field() {
    let s = session("4711", 3);
    let m = parse(&env("init", json!({
        "ticket": { "id": "4711", "subject": "Double billed", "customer": { "id": "c-9", "name": "Dana Reyes", "email": "dana@example.com" } },
        "agent": { "name": "Sam" }, "company": "Acme", "channel": "phone", "playbook": "leap", "theme": "dark",
        "session": serde_json::to_value(&s).unwrap()
    }))).unwrap();
    let HostMessage::Init { id, init } = m else { panic!("not an init") };
    assert_eq!(id, "h-1");
    assert_eq!(init.ticket_id, "4711");
    assert_eq!(init.subject, "Double billed");
    assert_eq!(
        (init.customer_id.as_str(), init.customer_name.as_str(), init.customer_email.as_str()),
        ("c-9", "Dana Reyes", "dana@example.com")
    );
    assert_eq!(init.agent_name, "Sam");
    assert_eq!(init.company, "Acme");
    assert_eq!(init.channel, Some(Channel::Phone));
    assert_eq!(init.playbook.as_deref(), Some("leap"));
    assert_eq!(init.theme, Some(Theme::Dark));
    assert_eq!(init.session, Some(s));
    assert!(init.capabilities.insert_text && init.capabilities.note);
    assert!(!init.capabilities.set_draft, "set_draft defaults to false");
    assert!(init.messages.is_empty());
}

#[test]
fn a_minimal_init_needs_only_a_ticket_id() {
    let m = parse(&env("init", json!({ "ticket": { "id": "1" } }))).unwrap();
    let HostMessage::Init { init, .. } = m else { panic!() };
    assert_eq!(init.session, None);
    assert_eq!(init.channel, None);
}

#[test]
fn null_optional_fields_count_as_absent() {
    assert!(
        parse(&env("init", json!({ "ticket": { "id": "1", "subject": null, "customer": null }, "agent": null, "session": null }))).is_ok()
    );
}

#[test]
fn extra_fields_are_tolerated_for_forward_compatibility() {
    let mut m = env("init", json!({ "ticket": { "id": "1", "priority": "high" }, "future_field": [1, 2] }));
    m["trace"] = json!("abc");
    assert!(parse(&m).is_ok());
}

#[test]
fn ack_and_request_state_parse() {
    let mut ack = env("ack", json!({}));
    ack["re"] = json!("w-4");
    assert_eq!(parse(&ack).unwrap(), HostMessage::Ack { id: "h-1".into(), re: "w-4".into() });
    assert_eq!(parse(&env("request_state", json!({}))).unwrap(), HostMessage::RequestState { id: "h-1".into() });
}

macro_rules! refused {
    ($($name:ident: $msg:expr => $code:ident;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(code(&$msg), ErrorCode::$code);
        }
    )*};
}

fn with(mut v: Value, key: &str, val: Value) -> Value {
    v[key] = val;
    v
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

fn init_ok() -> Value {
    env("init", json!({ "ticket": { "id": "1" } }))
}

refused! {
    a_string_is_not_a_message: json!("{\"protocol\":\"turnaround\"}") => BadMessage;
    an_array_is_not_a_message: json!([1, 2]) => BadMessage;
    null_is_not_a_message: Value::Null => BadMessage;
    another_protocol_is_refused: with(init_ok(), "protocol", json!("other")) => BadMessage;
    a_missing_protocol_is_refused: without(init_ok(), "protocol") => BadMessage;
    version_two_is_unsupported: with(init_ok(), "v", json!(2)) => UnsupportedVersion;
    version_zero_is_unsupported: with(init_ok(), "v", json!(0)) => UnsupportedVersion;
    a_string_version_is_malformed: with(init_ok(), "v", json!("1")) => BadMessage;
    a_missing_version_is_malformed: without(init_ok(), "v") => BadMessage;
    an_unknown_type_is_named: with(init_ok(), "type", json!("delete_everything")) => UnknownType;
    a_widget_only_type_from_the_host_is_unknown: with(init_ok(), "type", json!("save")) => UnknownType;
    a_numeric_type_is_malformed: with(init_ok(), "type", json!(3)) => BadMessage;
    a_missing_id_is_malformed: without(init_ok(), "id") => BadMessage;
    an_empty_id_is_malformed: with(init_ok(), "id", json!("")) => BadMessage;
    a_65_char_id_is_malformed: with(init_ok(), "id", json!("x".repeat(65))) => BadMessage;
    a_numeric_id_is_malformed: with(init_ok(), "id", json!(7)) => BadMessage;
    a_non_string_re_is_malformed: with(init_ok(), "re", json!(5)) => BadMessage;
    a_missing_payload_is_malformed: without(init_ok(), "payload") => BadMessage;
    an_array_payload_is_malformed: with(init_ok(), "payload", json!([])) => BadMessage;
    init_without_ticket: env("init", json!({})) => BadMessage;
    init_with_numeric_ticket_id: env("init", json!({ "ticket": { "id": 4711 } })) => BadMessage;
    init_with_empty_ticket_id: env("init", json!({ "ticket": { "id": "" } })) => BadMessage;
    init_with_129_char_ticket_id: env("init", json!({ "ticket": { "id": "x".repeat(129) } })) => BadMessage;
    init_with_ticket_as_string: env("init", json!({ "ticket": "4711" })) => BadMessage;
    init_with_numeric_subject: env("init", json!({ "ticket": { "id": "1", "subject": 5 } })) => BadMessage;
    init_with_a_huge_name: env("init", json!({ "ticket": { "id": "1", "customer": { "name": "x".repeat(10_000) } } })) => BadMessage;
    init_with_customer_as_array: env("init", json!({ "ticket": { "id": "1", "customer": [] } })) => BadMessage;
    init_with_unknown_channel: env("init", json!({ "ticket": { "id": "1" }, "channel": "fax" })) => BadMessage;
    init_with_unknown_theme: env("init", json!({ "ticket": { "id": "1" }, "theme": "neon" })) => BadMessage;
    init_with_session_as_string: env("init", json!({ "ticket": { "id": "1" }, "session": "{}" })) => BadMessage;
    init_with_a_session_of_another_ticket: env("init", json!({ "ticket": { "id": "1" }, "session": serde_json::to_value(session("2", 1)).unwrap() })) => BadMessage;
    init_with_a_schema_2_session: env("init", json!({ "ticket": { "id": "1" }, "session": with(serde_json::to_value(session("1", 1)).unwrap(), "schema", json!(2)) })) => BadMessage;
    init_with_a_broken_session: env("init", json!({ "ticket": { "id": "1" }, "session": { "schema": 1, "ticket_id": "1" } })) => BadMessage;
    init_with_bad_capabilities: env("init", json!({ "ticket": { "id": "1" }, "capabilities": { "insert_text": "no" } })) => BadMessage;
    init_with_an_invalid_custom_playbook: env("init", json!({ "ticket": { "id": "1" }, "custom_playbook": { "id": "x", "title": "X", "summary": "S", "steps": [] } })) => BadMessage;
    ack_without_re: env("ack", json!({})) => BadMessage;
}

#[test]
fn an_error_names_the_id_of_the_refused_message() {
    let r = parse(&with(init_ok(), "type", json!("nope"))).unwrap_err();
    assert_eq!(r.re.as_deref(), Some("h-1"));
    let p = protocol::error(&r);
    assert_eq!(p["code"], "unknown_type");
    assert_eq!(p["re"], "h-1");
    assert!(p["message"].as_str().unwrap().contains("nope"));
}

#[test]
fn an_error_without_a_usable_id_has_no_re() {
    let r = parse(&without(init_ok(), "id")).unwrap_err();
    assert_eq!(r.re, None);
    assert!(protocol::error(&r).get("re").is_none());
}

#[test]
fn a_message_over_one_mebibyte_is_too_large() {
    let r = parse_host_message(&init_ok(), protocol::MAX_MESSAGE_BYTES + 1).unwrap_err();
    assert_eq!(r.code, ErrorCode::TooLarge);
    assert_eq!(r.re.as_deref(), Some("h-1"));
    assert!(parse_host_message(&init_ok(), protocol::MAX_MESSAGE_BYTES).is_ok());
}

#[test]
fn an_invalid_custom_playbook_error_is_located() {
    let r = parse(&env(
        "init",
        json!({ "ticket": { "id": "1" }, "custom_playbook": { "id": "x", "title": "X", "summary": "S", "steps": [] } }),
    ))
    .unwrap_err();
    assert!(r.message.contains("payload.custom_playbook.steps: must not be empty"), "{}", r.message);
}

#[test]
fn capabilities_default_to_everything_and_can_be_turned_off() {
    let HostMessage::Init { init, .. } =
        parse(&env("init", json!({ "ticket": { "id": "1" }, "capabilities": { "insert_text": false } }))).unwrap()
    else {
        panic!()
    };
    assert!(!init.capabilities.insert_text);
    assert!(init.capabilities.note);
}

#[test]
fn outgoing_messages_have_the_documented_shape() {
    let s = session("4711", 7);
    let m = protocol::envelope("save", "w-1", None, protocol::save(&s, 0));
    assert_eq!(m["protocol"], "turnaround");
    assert_eq!(m["v"], 1);
    assert_eq!(m["type"], "save");
    assert_eq!(m["id"], "w-1");
    assert!(m.get("re").is_none());
    assert_eq!(m["payload"]["ticket_id"], "4711");
    assert_eq!(m["payload"]["rev"], 7);
    assert_eq!(m["payload"]["session"]["steps"].as_array().unwrap().len(), 6);
    let r = protocol::ready("0.1.0");
    assert_eq!(
        r,
        json!({ "widget": "turnaround", "version": "0.1.0", "protocols": [1], "features": ["conversation", "draft", "set_draft", "conflict", "session_push"] })
    );
    assert_eq!(protocol::note("1", "# hi"), json!({ "ticket_id": "1", "format": "markdown", "text": "# hi" }));
    assert_eq!(protocol::insert_text("1", "Hello"), json!({ "ticket_id": "1", "text": "Hello" }));
    assert_eq!(protocol::resize(420), json!({ "height": 420 }));
    let due = Timestamp::parse("2026-11-23T09:00:00Z").unwrap();
    assert_eq!(protocol::follow_up("1", due, "Call"), json!({ "ticket_id": "1", "due": "2026-11-23T09:00:00Z", "text": "Call" }));
    let answer = protocol::envelope("save", "w-2", Some("h-9"), protocol::save(&s, 0));
    assert_eq!(answer["re"], "h-9");
}

#[test]
fn the_higher_rev_wins_and_the_host_wins_a_tie() {
    let host = session("1", 5);
    let mut local = session("1", 5);
    local.subject = "local".into();
    assert_eq!(pick_winner(Some(host.clone()), Some(local.clone())).unwrap().subject, "", "tie: host");
    local.rev = 6;
    assert_eq!(pick_winner(Some(host.clone()), Some(local.clone())).unwrap().rev, 6);
    assert_eq!(pick_winner(None, Some(local)).unwrap().rev, 6);
    assert_eq!(pick_winner(Some(host), None).unwrap().rev, 5);
    assert_eq!(pick_winner(None, None), None);
}

// The save state machine.

fn at(ms: i64) -> Timestamp {
    Timestamp(1_000_000 + ms)
}

#[test]
fn a_change_is_sent_at_once_and_acked() {
    let mut s = SaveSync::default();
    assert_eq!(s.state(), SyncState::Idle);
    s.changed(1);
    assert!(s.poll(at(0), "w-1"));
    assert_eq!(s.state(), SyncState::Pending);
    assert!(s.ack("w-1"));
    assert_eq!(s.state(), SyncState::Confirmed);
    assert_eq!(s.deadline(), None);
}

#[test]
fn changes_are_coalesced_to_one_save_per_250_ms() {
    let mut s = SaveSync::default();
    s.changed(1);
    assert!(s.poll(at(0), "w-1"));
    s.changed(2);
    s.changed(3);
    assert!(!s.poll(at(100), "w-2"), "too soon");
    assert_eq!(s.deadline(), Some(at(SAVE_COALESCE_MS)));
    assert!(s.poll(at(SAVE_COALESCE_MS), "w-2"), "the newest state goes out once");
    assert!(!s.poll(at(SAVE_COALESCE_MS + 10), "w-3"));
}

#[test]
fn an_unacked_save_is_resent_five_times_then_reported() {
    let mut s = SaveSync::default();
    s.changed(1);
    assert!(s.poll(at(0), "w-1"));
    let mut t = 0;
    for i in 0..MAX_RETRIES {
        assert!(!s.poll(at(t + ACK_TIMEOUT_MS - 1), "x"), "not before 2 s");
        t += ACK_TIMEOUT_MS;
        assert!(s.poll(at(t), &format!("w-r{i}")), "retry {i}");
        assert_eq!(s.state(), SyncState::Pending);
    }
    t += ACK_TIMEOUT_MS;
    assert!(!s.poll(at(t), "w-last"));
    assert_eq!(s.state(), SyncState::Unconfirmed);
    assert_eq!(s.deadline(), None, "stops until the next change");
    // The next change tries again.
    s.changed(2);
    assert_eq!(s.state(), SyncState::Pending);
    assert!(s.poll(at(t + 1), "w-next"));
    assert!(s.ack("w-next"));
    assert_eq!(s.state(), SyncState::Confirmed);
}

#[test]
fn a_late_ack_of_an_earlier_try_still_counts() {
    let mut s = SaveSync::default();
    s.changed(1);
    s.poll(at(0), "w-1");
    s.poll(at(ACK_TIMEOUT_MS), "w-2");
    assert!(s.ack("w-1"));
    assert_eq!(s.state(), SyncState::Confirmed);
}

#[test]
fn an_ack_of_an_older_rev_leaves_the_newer_pending() {
    let mut s = SaveSync::default();
    s.changed(1);
    s.poll(at(0), "w-1");
    s.changed(2);
    s.poll(at(SAVE_COALESCE_MS), "w-2");
    assert!(s.ack("w-1"));
    assert_eq!(s.state(), SyncState::Pending);
    assert!(s.ack("w-2"));
    assert_eq!(s.state(), SyncState::Confirmed);
}

#[test]
fn an_ack_of_nothing_we_sent_is_ignored() {
    let mut s = SaveSync::default();
    s.changed(1);
    s.poll(at(0), "w-1");
    assert!(!s.ack("w-999"));
    assert_eq!(s.state(), SyncState::Pending);
}

#[test]
fn a_flood_is_cut_to_the_burst_then_the_rate() {
    use turnaround::core::protocol::{RateLimit, RATE_BURST, RATE_PER_SECOND};
    let mut r = RateLimit::default();
    let let_through = (0..10_000).filter(|_| r.allow(at(0))).count();
    assert_eq!(let_through, RATE_BURST as usize);
    assert_eq!(r.dropped, 10_000 - u64::from(RATE_BURST));
    // One second later, a second's worth more.
    let more = (0..10_000).filter(|_| r.allow(at(1_000))).count();
    assert_eq!(more, RATE_PER_SECOND as usize);
}

#[test]
fn a_normal_host_is_never_limited() {
    use turnaround::core::protocol::RateLimit;
    let mut r = RateLimit::default();
    // An ack every 250 ms and a request now and then, for an hour.
    assert!((0..14_400).all(|i| r.allow(at(i * 250))));
}

#[test]
fn the_customers_last_message_is_read_and_bounded() {
    let HostMessage::Init { init, .. } =
        parse(&env("init", json!({ "ticket": { "id": "1", "last_message": "THIS IS THE THIRD TIME" } }))).unwrap()
    else {
        panic!()
    };
    assert_eq!(init.last_message, "THIS IS THE THIRD TIME");
    assert_eq!(code(&env("init", json!({ "ticket": { "id": "1", "last_message": "x".repeat(20_001) } }))), ErrorCode::BadMessage);
}

// ---------------------------------------------------------------------------
// Revision 2, first part: the conversation, the draft, set_draft, features.

fn msg(id: &str, from: &str, text: &str) -> Value {
    json!({ "id": id, "from": from, "text": text })
}

fn conversation(messages: Vec<Value>) -> Value {
    env("conversation", json!({ "ticket_id": "4711", "messages": messages }))
}

fn draft(text: Value) -> Value {
    env("draft", json!({ "ticket_id": "4711", "text": text }))
}

fn conversation_of(v: &Value) -> protocol::Conversation {
    match parse(v).unwrap() {
        HostMessage::Conversation { conversation, .. } => conversation,
        other => panic!("not a conversation: {other:?}"),
    }
}

#[test]
fn a_conversation_is_read_message_by_message() {
    let c = conversation_of(&env(
        "conversation",
        json!({ "ticket_id": "4711", "replace": true, "messages": [
            { "id": "m-1", "from": "customer", "at": "2026-11-22T09:12:00Z", "text": "I was charged TWICE." },
            { "id": "m-2", "from": "agent", "text": "Thank you for telling us." },
            { "id": "m-3", "from": "note", "at": "2026-11-22T09:20:00+01:00", "text": "refund queued" },
        ] }),
    ));
    assert_eq!(c.ticket_id, "4711");
    assert!(c.replace);
    assert_eq!(c.messages.len(), 3);
    assert_eq!(c.messages[0].id, "m-1");
    assert_eq!(c.messages[0].from, Author::Customer);
    assert_eq!(c.messages[0].at, Timestamp::parse("2026-11-22T09:12:00Z"));
    assert_eq!(c.messages[0].text, "I was charged TWICE.");
    assert_eq!((c.messages[1].from, c.messages[1].at), (Author::Agent, None));
    assert_eq!(c.messages[2].from, Author::Note);
    assert_eq!(c.messages[2].at, Timestamp::parse("2026-11-22T08:20:00Z"), "an offset is honoured");
}

#[test]
fn replace_defaults_to_false_and_an_empty_list_is_fine() {
    let c = conversation_of(&conversation(vec![]));
    assert!(!c.replace);
    assert!(c.messages.is_empty());
}

#[test]
fn a_draft_is_read_and_an_empty_one_is_valid() {
    assert_eq!(
        parse(&draft(json!("Sorry, but that's our policy"))).unwrap(),
        HostMessage::Draft { id: "h-1".into(), ticket_id: "4711".into(), text: "Sorry, but that's our policy".into() }
    );
    assert!(matches!(parse(&draft(json!(""))).unwrap(), HostMessage::Draft { text, .. } if text.is_empty()));
}

#[test]
fn the_limits_are_exact() {
    let at_limit: Vec<Value> = (0..MAX_MESSAGES).map(|i| msg(&format!("m-{i}"), "customer", "hi")).collect();
    assert_eq!(conversation_of(&conversation(at_limit.clone())).messages.len(), 500);
    let mut over = at_limit;
    over.push(msg("m-500", "customer", "hi"));
    let r = parse(&conversation(over)).unwrap_err();
    assert_eq!(r.code, ErrorCode::BadMessage);
    assert!(r.message.contains("at most 500"), "{}", r.message);

    assert!(parse(&conversation(vec![msg("m", "customer", &"é".repeat(20_000))])).is_ok(), "characters, not bytes");
    let r = parse(&conversation(vec![msg("m", "customer", "x"), msg("n", "customer", &"x".repeat(20_001))])).unwrap_err();
    assert!(r.message.contains("payload.messages[1].text"), "located: {}", r.message);

    assert!(parse(&draft(json!("ü".repeat(100_000)))).is_ok());
    assert_eq!(code(&draft(json!("x".repeat(100_001)))), ErrorCode::BadMessage);

    assert!(parse(&conversation(vec![msg(&"i".repeat(128), "agent", "ok")])).is_ok());
    assert_eq!(code(&conversation(vec![msg(&"i".repeat(129), "agent", "ok")])), ErrorCode::BadMessage);
    assert_eq!(code(&conversation(vec![msg("", "agent", "ok")])), ErrorCode::BadMessage);
}

refused! {
    conversation_without_ticket_id: env("conversation", json!({ "messages": [] })) => BadMessage;
    conversation_with_numeric_ticket_id: env("conversation", json!({ "ticket_id": 4711, "messages": [] })) => BadMessage;
    conversation_with_empty_ticket_id: env("conversation", json!({ "ticket_id": "", "messages": [] })) => BadMessage;
    conversation_with_129_char_ticket_id: env("conversation", json!({ "ticket_id": "x".repeat(129), "messages": [] })) => BadMessage;
    conversation_without_messages: env("conversation", json!({ "ticket_id": "4711" })) => BadMessage;
    conversation_with_messages_as_object: env("conversation", json!({ "ticket_id": "4711", "messages": {} })) => BadMessage;
    conversation_with_messages_null: env("conversation", json!({ "ticket_id": "4711", "messages": null })) => BadMessage;
    conversation_with_a_string_replace: env("conversation", json!({ "ticket_id": "4711", "messages": [], "replace": "yes" })) => BadMessage;
    a_message_that_is_a_string: conversation(vec![json!("hello")]) => BadMessage;
    a_message_without_id: conversation(vec![json!({ "from": "customer", "text": "hi" })]) => BadMessage;
    a_message_with_numeric_id: conversation(vec![json!({ "id": 17, "from": "customer", "text": "hi" })]) => BadMessage;
    a_message_without_from: conversation(vec![json!({ "id": "m", "text": "hi" })]) => BadMessage;
    a_message_from_the_end_user: conversation(vec![msg("m", "end-user", "hi")]) => BadMessage;
    a_message_from_a_capitalised_customer: conversation(vec![msg("m", "Customer", "hi")]) => BadMessage;
    a_message_from_a_number: conversation(vec![json!({ "id": "m", "from": 0, "text": "hi" })]) => BadMessage;
    a_message_without_text: conversation(vec![json!({ "id": "m", "from": "customer" })]) => BadMessage;
    a_message_with_html_as_an_object: conversation(vec![json!({ "id": "m", "from": "customer", "text": { "html": "<p>hi</p>" } })]) => BadMessage;
    a_message_with_a_bad_time: conversation(vec![json!({ "id": "m", "from": "customer", "text": "hi", "at": "yesterday" })]) => BadMessage;
    a_message_with_a_numeric_time: conversation(vec![json!({ "id": "m", "from": "customer", "text": "hi", "at": 1795000000 })]) => BadMessage;
    draft_without_ticket_id: env("draft", json!({ "text": "hi" })) => BadMessage;
    draft_without_text: env("draft", json!({ "ticket_id": "4711" })) => BadMessage;
    draft_with_null_text: draft(Value::Null) => BadMessage;
    draft_with_numeric_text: draft(json!(5)) => BadMessage;
    init_with_messages_as_string: env("init", json!({ "ticket": { "id": "1", "messages": "hi" } })) => BadMessage;
    init_with_a_bad_message: env("init", json!({ "ticket": { "id": "1", "messages": [msg("m", "bot", "hi")] } })) => BadMessage;
    init_with_501_messages: env("init", json!({ "ticket": { "id": "1", "messages": (0..501).map(|i| msg(&i.to_string(), "customer", "x")).collect::<Vec<_>>() } })) => BadMessage;
    init_with_a_string_set_draft: env("init", json!({ "ticket": { "id": "1" }, "capabilities": { "set_draft": "true" } })) => BadMessage;
    set_draft_from_the_host_is_unknown: env("set_draft", json!({ "ticket_id": "4711", "text": "x" })) => UnknownType;
}

#[test]
fn unknown_fields_in_revision_2_payloads_are_ignored() {
    let c = conversation_of(&env(
        "conversation",
        json!({ "ticket_id": "4711", "cursor": "abc", "messages": [
            { "id": "m", "from": "customer", "text": "hi", "html": "<p>hi</p>", "attachments": [], "author": { "id": 9 } },
        ] }),
    ));
    assert_eq!(c.messages[0].text, "hi");
    assert!(parse(&env("draft", json!({ "ticket_id": "4711", "text": "x", "html": "<p>x</p>" }))).is_ok());
}

#[test]
fn null_at_counts_as_absent() {
    let c = conversation_of(&conversation(vec![json!({ "id": "m", "from": "agent", "text": "hi", "at": null })]));
    assert_eq!(c.messages[0].at, None);
}

#[test]
fn errors_in_a_message_are_located_and_name_its_index() {
    let r = parse(&conversation(vec![msg("a", "customer", "x"), msg("b", "agent", "y"), msg("c", "robot", "z")])).unwrap_err();
    assert!(r.message.contains("payload.messages[2].from"), "{}", r.message);
    assert!(r.message.contains("robot"), "{}", r.message);
    assert_eq!(r.re.as_deref(), Some("h-1"));
    let r = parse(&env("init", json!({ "ticket": { "id": "1", "messages": [msg("a", "customer", "x"), json!(3)] } }))).unwrap_err();
    assert!(r.message.contains("payload.ticket.messages[1]"), "{}", r.message);
}

#[test]
fn init_carries_the_thread_and_the_set_draft_capability() {
    let HostMessage::Init { init, .. } = parse(&env(
        "init",
        json!({ "ticket": { "id": "4711", "messages": [msg("m-1", "customer", "Where is my refund?"), msg("m-2", "agent", "Looking now.")] },
                "capabilities": { "set_draft": true } }),
    ))
    .unwrap() else {
        panic!()
    };
    assert_eq!(init.messages.len(), 2);
    assert_eq!(init.messages[1].from, Author::Agent);
    assert!(init.capabilities.set_draft);
    assert!(init.capabilities.insert_text && init.capabilities.note, "the others keep their defaults");
}

#[test]
fn another_tickets_conversation_or_draft_is_refused_with_its_id() {
    let c = parse(&conversation(vec![msg("m", "customer", "hi")])).unwrap();
    let d = parse(&draft(json!("hi"))).unwrap();
    for m in [&c, &d] {
        assert_eq!(check_open_ticket(m, Some("4711")), Ok(()));
        let r = check_open_ticket(m, Some("4712")).unwrap_err();
        assert_eq!(r.code, ErrorCode::BadMessage);
        assert_eq!(r.re.as_deref(), Some("h-1"));
        assert!(r.message.contains("\"4712\""), "{}", r.message);
        let r = check_open_ticket(m, None).unwrap_err();
        assert_eq!(r.code, ErrorCode::BadMessage);
        assert!(r.message.contains("send init first"), "{}", r.message);
    }
    // The other types name no ticket.
    assert_eq!(check_open_ticket(&parse(&env("request_state", json!({}))).unwrap(), None), Ok(()));
    assert_eq!(check_open_ticket(&parse(&init_ok()).unwrap(), Some("9")), Ok(()));
}

#[test]
fn set_draft_and_ready_have_the_documented_shape() {
    assert_eq!(protocol::set_draft("4711", "Thank you"), json!({ "ticket_id": "4711", "text": "Thank you" }));
    let m = protocol::envelope("set_draft", "w-3", None, protocol::set_draft("4711", "Thank you"));
    assert_eq!(m["type"], "set_draft");
    let r = protocol::ready("1.2.3");
    assert_eq!(r["features"], json!(protocol::FEATURES));
    // Everything revision 2 adds, now that conflicts and pushes are handled too.
    assert_eq!(protocol::FEATURES, ["conversation", "draft", "set_draft", "conflict", "session_push"]);
}

#[test]
fn a_conversation_over_one_mebibyte_is_too_large() {
    let v = conversation(vec![msg("m", "customer", "x")]);
    assert_eq!(parse_host_message(&v, protocol::MAX_MESSAGE_BYTES + 1).unwrap_err().code, ErrorCode::TooLarge);
}

// Revision 2, second part: two agents on one ticket.

#[test]
fn a_save_carries_the_rev_of_the_host_copy_it_was_built_on() {
    let s = session("4711", 7);
    assert_eq!(protocol::save(&s, 5)["base_rev"], 5);
    assert_eq!(protocol::save(&s, 0)["base_rev"], 0, "0 when the host had no copy");
}

#[test]
fn conflict_and_session_parse_with_the_hosts_copy() {
    let copy = serde_json::to_value(session("4711", 9)).unwrap();
    let mut c = env("conflict", json!({ "ticket_id": "4711", "session": copy.clone() }));
    c["re"] = json!("w-3");
    let HostMessage::Conflict { re, ticket_id, session, .. } = parse(&c).unwrap() else { panic!("not a conflict") };
    assert_eq!((re.as_str(), ticket_id.as_str(), session.rev), ("w-3", "4711", 9));
    let HostMessage::SessionPush { ticket_id, session, .. } =
        parse(&env("session", json!({ "ticket_id": "4711", "session": copy }))).unwrap()
    else {
        panic!("not a session push")
    };
    assert_eq!((ticket_id.as_str(), session.rev), ("4711", 9));
}

#[test]
fn malformed_conflicts_and_pushes_are_bad_messages() {
    let copy = serde_json::to_value(session("4711", 9)).unwrap();
    let other = serde_json::to_value(session("4712", 9)).unwrap();
    // A conflict must say which save it refuses.
    assert_eq!(code(&env("conflict", json!({ "ticket_id": "4711", "session": copy.clone() }))), ErrorCode::BadMessage);
    for kind in ["conflict", "session"] {
        let mut cases = vec![
            json!({ "session": copy.clone() }),
            json!({ "ticket_id": 4711, "session": copy.clone() }),
            json!({ "ticket_id": "4711" }),
            json!({ "ticket_id": "4711", "session": "{}" }),
            json!({ "ticket_id": "4711", "session": other.clone() }),
            json!({ "ticket_id": "4711", "session": { "schema": 2, "ticket_id": "4711" } }),
        ];
        for payload in cases.drain(..) {
            let mut m = env(kind, payload.clone());
            m["re"] = json!("w-3");
            assert_eq!(code(&m), ErrorCode::BadMessage, "{kind} {payload}");
        }
    }
}

#[test]
fn a_conflict_or_push_for_another_ticket_is_refused() {
    let copy = serde_json::to_value(session("4712", 9)).unwrap();
    let m = parse(&env("session", json!({ "ticket_id": "4712", "session": copy }))).unwrap();
    assert_eq!(check_open_ticket(&m, Some("4711")).unwrap_err().code, ErrorCode::BadMessage);
    assert!(check_open_ticket(&m, Some("4712")).is_ok());
}

#[test]
fn base_rev_follows_the_init_copy_then_every_ack() {
    let mut sync = SaveSync::default();
    assert_eq!(sync.base_rev(), 0);
    sync.based_on(4);
    assert_eq!(sync.base_rev(), 4);
    sync.changed(5);
    assert!(sync.poll(at(0), "w-1"));
    assert_eq!(sync.base_rev(), 4, "not until the host acks");
    assert!(sync.ack("w-1"));
    assert_eq!(sync.base_rev(), 5);
}

#[test]
fn a_conflict_ends_the_refused_save_and_rebases_on_the_hosts_copy() {
    let mut sync = SaveSync::default();
    sync.based_on(4);
    sync.changed(5);
    assert!(sync.poll(at(0), "w-1"));
    assert!(!sync.conflict("w-9", 6), "a conflict about nothing we sent is ignored");
    assert!(sync.conflict("w-1", 6));
    assert_eq!(sync.base_rev(), 6);
    // The merge (rev 7) goes out with the next save slot, built on the host's 6.
    sync.changed(7);
    assert!(!sync.poll(at(10), "w-2"), "saves stay coalesced");
    assert!(sync.poll(at(SAVE_COALESCE_MS), "w-2"));
    assert!(sync.ack("w-2"));
    assert_eq!(sync.state(), SyncState::Confirmed);
    assert_eq!(sync.base_rev(), 7);
}

#[test]
fn a_pushed_copy_moves_the_base_forward_never_back() {
    let mut sync = SaveSync::default();
    sync.based_on(4);
    sync.pushed(8);
    assert_eq!(sync.base_rev(), 8);
    sync.pushed(6);
    assert_eq!(sync.base_rev(), 8);
    // Adopting the pushed copy as it is sends nothing; a change of ours on top does.
    sync.changed(8);
    assert_eq!(sync.state(), SyncState::Confirmed);
    assert!(!sync.poll(at(0), "w-1"));
    sync.changed(9);
    assert!(sync.poll(at(0), "w-1"));
}

#[test]
fn a_thread_written_as_json_reads_back_by_the_same_rules() {
    let c = conversation_of(&conversation(vec![
        json!({ "id": "said-0", "from": "customer", "at": "2026-11-22T09:12:00Z", "text": "NOBODY CAME!!!" }),
        msg("said-1", "agent", "Sorry."),
    ]));
    let back = protocol::parse_thread(&protocol::thread_json(&c.messages)).unwrap();
    assert_eq!(back, c.messages);
    assert!(protocol::parse_thread(&json!([msg("x", "robot", "hi")])).unwrap_err().contains("messages[0].from"));
}
