//! Phrase rendering: any phrase text with any placeholder values (names and
//! companies come from the host). Fields are separated by byte 0.
#![no_main]

use libfuzzer_sys::fuzz_target;
use turnaround::core::playbook::{render, PhraseContext};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let phrase = parts.next().unwrap_or_default().to_string();
    let mut next = || parts.next().unwrap_or_default().to_string();
    let ctx = PhraseContext { customer: next(), agent: next(), company: next(), when: next() };
    let out = render(&phrase, &ctx);
    let values_have_braces = [&ctx.customer, &ctx.agent, &ctx.company, &ctx.when].iter().any(|v| v.contains(['{', '}']));
    if !values_have_braces {
        assert!(!out.contains(['{', '}']), "a brace left in {out:?}");
    }
});
