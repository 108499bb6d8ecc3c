//! Custom trainer scenarios: parsed and validated (reachability included); an
//! accepted one is played to its end, picking replies from the input's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use turnaround::core::time::Timestamp;
use turnaround::core::trainer::{parse_scenario, Input, Mode, Run};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_scenario(text) {
        Ok(sc) => {
            let picks = data.iter().rev().take(60).copied().collect::<Vec<u8>>();
            let mut run = Run::new(sc, Mode::Solo, "trainee", Timestamp(0));
            for (turn, pick) in picks.into_iter().enumerate() {
                let n = run.options().len();
                if n == 0 || run.is_over() {
                    break;
                }
                let _ = run.apply(Input::Choose { option: usize::from(pick) % n }, Timestamp(turn as i64 * 1_000));
            }
            let _ = run.apply(Input::GiveUp, Timestamp(1_000_000));
            let _ = run.debrief();
        }
        Err(errs) => assert!(!errs.0.is_empty()),
    }
});
