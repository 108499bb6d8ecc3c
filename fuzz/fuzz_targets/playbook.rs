//! Custom playbooks (a file, a URL, a host's `custom_playbook`, storage):
//! parsed and validated; every phrase of an accepted one renders cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use turnaround::core::playbook::{parse, render, validate, PhraseContext};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(p) => {
            assert!(validate(&p).is_empty());
            let ctx = PhraseContext { customer: "Dana".into(), agent: String::new(), company: "\u{202E}Acme".into(), when: " ".into() };
            for phrase in p.steps.iter().flat_map(|s| &s.phrases) {
                let out = render(&phrase.text, &ctx);
                assert!(!out.contains(['{', '}']), "a brace left in {out:?}");
            }
        }
        Err(errs) => assert!(!errs.0.is_empty()),
    }
});
