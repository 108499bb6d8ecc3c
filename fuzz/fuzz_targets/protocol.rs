//! Host messages: any JSON the accepted origin may post, as the whole message
//! or inside a valid envelope (so the payload checks are reached at once).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use turnaround::core::protocol::{parse_host_message, ErrorCode, HostMessage, MAX_MESSAGE_BYTES};

fn envelope(payload: Value) -> Value {
    json!({ "protocol": "turnaround", "v": 1, "type": "init", "id": "h-3", "payload": payload })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(v) = serde_json::from_slice::<Value>(rest) else { return };
    let msg = match mode % 4 {
        0 => v,
        1 => envelope(v),
        2 => envelope(json!({ "ticket": { "id": "4711" }, "session": v })),
        _ => envelope(json!({ "ticket": { "id": "4711" }, "custom_playbook": v })),
    };
    let len = serde_json::to_string(&msg).map_or(usize::MAX, |s| s.len());
    let first = parse_host_message(&msg, len);
    assert_eq!(first, parse_host_message(&msg, len), "parsing is deterministic");
    let id = msg.get("id").and_then(Value::as_str).filter(|s| (1..=64).contains(&s.chars().count()));
    match first {
        Err(r) => {
            assert_eq!(r.re.as_deref(), id, "an error names the message exactly when its id is usable");
            if len > MAX_MESSAGE_BYTES {
                assert_eq!(r.code, ErrorCode::TooLarge);
            }
        }
        Ok(HostMessage::Init { init, .. }) => {
            if let Some(s) = &init.session {
                assert_eq!(s.ticket_id, init.ticket_id, "a host's session belongs to the ticket");
            }
        }
        Ok(_) => {}
    }
});
