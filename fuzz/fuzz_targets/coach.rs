//! The coach: any draft and customer message (byte 0 separates them; the
//! first byte picks the channel). Spans must be char boundaries in the draft.
#![no_main]

use libfuzzer_sys::fuzz_target;
use turnaround::core::coach::{review, temperature, ReviewContext, Span};
use turnaround::core::playbook::Channel;

fn check(span: Span, draft: &str) {
    assert!(span.start <= span.end && span.end <= draft.len(), "span {span:?} outside {} bytes", draft.len());
    assert!(draft.is_char_boundary(span.start) && draft.is_char_boundary(span.end), "span {span:?} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (draft, message) = match text.split_once('\0') {
        Some((d, m)) => (d, Some(m.to_string())),
        None => (&*text, None),
    };
    let channel = Channel::ALL[usize::from(mode) % 3];
    let r = review(draft, &ReviewContext { channel, customer_message: message.clone() });
    for f in &r.findings {
        check(f.span, draft);
        if let Some(s) = f.rewrite_span {
            check(s, draft);
        }
    }
    for m in &r.moves {
        check(m.span, draft);
    }
    let reading = temperature(message.as_deref().unwrap_or(draft));
    assert!(reading.score <= 100);
});
