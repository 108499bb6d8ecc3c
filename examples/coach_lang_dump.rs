//! Prints every output of the Spanish and German coach over the training
//! corpus (`tests/data/coach/<lang>/train/`), one JSON line per draft or
//! message: the review, the temperature and what the training command reads.
//! Run it before and after a change to the coach's internals and `diff` the
//! two files: a change meant only for speed must leave them byte-identical.
//!
//! `cargo run --release --example coach_lang_dump > before.jsonl`

use turnaround::core::coach::lang::{self, training};
use turnaround::core::coach::ReviewContext;
use turnaround::core::locale::Lang;

/// The texts of every `*-{kind}.json` file of a language's training folder, in file order.
fn texts(l: Lang, kind: &str) -> Vec<String> {
    let dir = format!("{}/tests/data/coach/{}/train", env!("CARGO_MANIFEST_DIR"), l.tag());
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")).flatten().map(|e| e.path()).collect();
    paths.retain(|p| p.to_string_lossy().ends_with(&format!("-{kind}.json")));
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let src = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let v: Vec<serde_json::Value> = serde_json::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            v.into_iter().map(|x| x["text"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

fn main() {
    let ctx = ReviewContext::default();
    for l in [Lang::Es, Lang::De] {
        for t in texts(l, "drafts") {
            let line = serde_json::json!({
                "lang": l.tag(),
                "review": lang::review(l, &t, &ctx),
                "features": training::draft_features(l, &t),
                "rules": training::rule_outputs(l, &t),
            });
            println!("{line}");
        }
        for t in texts(l, "messages") {
            let (features, dense) = training::message_features(l, &t);
            let line = serde_json::json!({
                "lang": l.tag(),
                "temperature": lang::temperature(l, &t),
                "features": features,
                "dense": dense,
            });
            println!("{line}");
        }
    }
}
