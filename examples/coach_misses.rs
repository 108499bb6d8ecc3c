//! Lists the coach's misses on the training corpus for one code or move (a
//! tool for rule writers; it never reads held-out data):
//! `cargo run --release --example coach_misses -- blame [--rules]`, or
//! `echo "draft" | cargo run --release --example coach_misses -- --text`.
#[path = "../tests/common/corpus.rs"]
mod corpus;
use turnaround::core::coach::{review, training, Code, Move};

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "blame".into());
    let rules_only = std::env::args().any(|a| a == "--rules");
    if name == "--text" {
        // One draft from stdin: the rules' codes, then the review's.
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text);
        let ctx = turnaround::core::coach::ReviewContext::default();
        println!("rules: {:?}\nreview: {:?}", training::review_by_rules(&text, &ctx).codes(), review(&text, &ctx).codes());
        return;
    }
    for (d, labelled) in corpus::train_drafts() {
        let r = if rules_only { training::review_by_rules(&d.text, &d.context()) } else { review(&d.text, &d.context()) };
        let (want, got) = if let Some(c) = Code::parse(&name) {
            if !labelled.contains(&c) {
                continue;
            }
            (d.has_code(c), r.has(c))
        } else if let Some(m) = Move::parse(&name) {
            (d.has_move(m), r.move_kinds().contains(&m))
        } else {
            panic!("unknown {name}")
        };
        if want != got {
            println!("{} {:?}", if got { "FP" } else { "FN" }, d.text);
        }
    }
}
