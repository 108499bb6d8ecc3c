//! Sessions from a host or another tab: two JSON sessions in a row, checked
//! as a host's copy and merged both ways.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use turnaround::core::protocol::parse_session;
use turnaround::core::session::{merge, same_content, Session};

fn check(a: &Session, b: &Session) {
    let out = merge(a, b);
    if same_content(&out, a) {
        assert_eq!(out.rev, a.rev);
    } else if same_content(&out, b) {
        assert_eq!(out.rev, b.rev);
    } else {
        assert!(out.rev > a.rev.max(b.rev) || out.rev == u64::MAX);
    }
    assert_eq!(out.created_at, a.created_at.min(b.created_at));
}

fuzz_target!(|data: &[u8]| {
    let values: Vec<Value> = serde_json::Deserializer::from_slice(data).into_iter::<Value>().take(2).map_while(Result::ok).collect();
    let sessions: Vec<Session> = values.iter().filter_map(|v| parse_session(v, "4711").ok()).collect();
    if let [a, b] = sessions.as_slice() {
        check(a, b);
        check(b, a);
    }
    if let Some(a) = sessions.first() {
        let _ = merge(a, a);
    }
});
