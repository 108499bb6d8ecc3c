//! Timestamps from sessions, follow-ups and hosts: any text parses or is
//! refused; an accepted one's normal form reads back to the same moment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use turnaround::core::time::Timestamp;

const FIRST_MS: i64 = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const LAST_MS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

fuzz_target!(|data: &[u8]| {
    if let Ok(bytes) = <[u8; 8]>::try_from(data.get(..8).unwrap_or_default()) {
        let t = Timestamp(i64::from_le_bytes(bytes));
        let s = t.to_string();
        if (FIRST_MS..=LAST_MS).contains(&t.millis()) {
            assert_eq!(Timestamp::parse(&s), Some(t), "{s}");
        }
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(t) = Timestamp::parse(text) {
        if (FIRST_MS..=LAST_MS).contains(&t.millis()) {
            assert_eq!(Timestamp::parse(&t.to_string()), Some(t), "{text:?}");
        }
    }
    let _ = serde_json::from_value::<Timestamp>(serde_json::Value::String(text.to_string()));
});
