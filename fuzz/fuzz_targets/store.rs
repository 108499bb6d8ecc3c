//! Stored records: whatever another tab, an older or newer version, or a
//! hostile script left in localStorage under the session key, the index and
//! a custom playbook key. Nothing may panic and the raw session record is
//! never lost: it loads, or is moved aside, or stays where it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use turnaround::core::playbook::{built_in, Playbook};
use turnaround::core::session::Session;
use turnaround::core::store::{session_key, Backend, Memory, StorageNotice, Store, INDEX_KEY, PLAYBOOK_PREFIX};
use turnaround::core::time::Timestamp;

/// Parsed once: parsing a playbook per input would be most of each run.
fn laptop() -> Option<&'static Playbook> {
    static LAPTOP: OnceLock<Option<Playbook>> = OnceLock::new();
    LAPTOP.get_or_init(|| built_in("laptop").and_then(Result::ok)).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    // localStorage holds UTF-16; the browser shell hands Rust its lossy UTF-8.
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.splitn(3, '\u{1}');
    let raw = parts.next().unwrap_or_default();
    let index = parts.next();
    let playbook = parts.next();
    let ticket = if mode & 1 == 0 { "4711" } else { "t.\u{202E}1" };
    let full = mode & 2 != 0;

    let key = session_key(ticket);
    let mut mem = Memory::new();
    if let Some(index) = index {
        mem.set(INDEX_KEY, index).ok();
    }
    if let Some(p) = playbook {
        mem.set(&format!("{PLAYBOOK_PREFIX}custom"), p).ok();
    }
    mem.set(&key, raw).ok();
    if full {
        let used = mem.keys().unwrap_or_default().iter().map(|k| k.encode_utf16().count() + mem.get(k).ok().flatten().unwrap_or_default().encode_utf16().count()).sum();
        mem.quota = Some(used);
    }
    let mut st = Store::new(mem);
    let loaded = st.load(ticket, Timestamp(1_795_341_600_000)).expect("the in-memory backend never fails");
    match (&loaded.session, &loaded.notice) {
        (Some(s), None) => {
            assert_eq!(s.ticket_id, ticket);
            assert_eq!(st.get_raw(&key).ok().flatten().as_deref(), Some(raw));
        }
        (None, Some(StorageNotice::Quarantined { to, .. })) | (None, Some(StorageNotice::FromTheFuture { to, .. })) => {
            assert_eq!(st.get_raw(to).ok().flatten().as_deref(), Some(raw));
            assert_eq!(st.get_raw(&key).ok().flatten(), None);
        }
        (None, Some(StorageNotice::Unreadable { .. })) => assert_eq!(st.get_raw(&key).ok().flatten().as_deref(), Some(raw)),
        other => panic!("neither a session nor a notice: {other:?}"),
    }
    st.index().expect("the index reads or rebuilds");
    st.history("c-9", "dana@example.com", "").expect("history reads");
    st.search("billed", 5).expect("search reads");
    st.custom_playbooks().expect("custom playbooks read");
    if !full && !loaded.locked {
        if let Some(p) = laptop() {
            st.save(&Session::new(ticket, p, Timestamp(1_795_341_660_000))).expect("a save fits");
        }
    }
});
