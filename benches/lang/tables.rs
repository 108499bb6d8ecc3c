//! The Spanish and German coach measured as the English one is: train and
//! held-out side by side (`tests/data/coach/<lang>/train/` and `heldout/`),
//! per code precision and recall, per move recall, the temperature's exact
//! level, within one and Spearman; the size of each language's data (fetched
//! by the worker, not compiled into it) and the speed.
//!
//! VADER reads English only, so there is no peer here; the baseline printed
//! instead is our own word lists alone: the sum of the cue points of a
//! message (threats, profanity, negative words, politeness; capitals and
//! punctuation), without the learned model.

use super::corpus::{spearman, Counts};
use std::hint::black_box;
use turnaround::core::coach::lang::training::message_features;
use turnaround::core::coach::{lang, Code, Move, ReviewContext};
use turnaround::core::locale::Lang;
use turnaround::core::session::Temperature;

struct Draft {
    text: String,
    codes: Vec<String>,
    moves: Vec<String>,
}

struct Message {
    text: String,
    level: Temperature,
}

fn files(dir: &str, suffix: &str) -> Vec<(String, Vec<serde_json::Value>)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    paths.retain(|p: &std::path::PathBuf| p.to_string_lossy().ends_with(suffix));
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let src = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let v: Vec<serde_json::Value> = serde_json::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?").trim_end_matches(suffix).to_string();
            (name, v)
        })
        .collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn drafts(dir: &str) -> (Vec<String>, Vec<Draft>) {
    let fs = files(dir, "-drafts.json");
    let names = fs.iter().map(|(n, _)| n.clone()).collect();
    let ds = fs
        .into_iter()
        .flat_map(|(_, v)| v)
        .map(|d| Draft { text: d["text"].as_str().unwrap_or("").to_string(), codes: strings(&d["codes"]), moves: strings(&d["moves"]) })
        .collect();
    (names, ds)
}

fn messages(dir: &str) -> (Vec<String>, Vec<Message>) {
    let fs = files(dir, "-messages.json");
    let names = fs.iter().map(|(n, _)| n.clone()).collect();
    let ms = fs
        .into_iter()
        .flat_map(|(_, v)| v)
        .map(|m| {
            let l = m["level"].as_str().unwrap_or("");
            let level = Temperature::ALL.into_iter().find(|t| t.as_str() == l).unwrap_or_else(|| panic!("unknown level {l:?}"));
            Message { text: m["text"].as_str().unwrap_or("").to_string(), level }
        })
        .collect();
    (names, ms)
}

struct Scores {
    codes: Vec<Counts>,
    moves: Vec<Counts>,
}

const CODES: [Code; 7] =
    [Code::Blame, Code::Dismissive, Code::ButApology, Code::NonApology, Code::PolicyWall, Code::NoOwnership, Code::VaguePromise];

fn score(l: Lang, ds: &[Draft]) -> Scores {
    let mut s = Scores { codes: vec![Counts::default(); 7], moves: vec![Counts::default(); Move::ALL.len()] };
    for d in ds {
        let r = lang::review(l, &d.text, &ReviewContext::default());
        for (c, k) in CODES.iter().zip(&mut s.codes) {
            k.add(d.codes.iter().any(|x| x == c.as_str()), r.has(*c));
        }
        let got = r.move_kinds();
        for (m, k) in Move::ALL.iter().zip(&mut s.moves) {
            k.add(d.moves.iter().any(|x| x == m.as_str()), got.contains(m));
        }
    }
    s
}

struct Heat {
    n: usize,
    exact: f64,
    within_one: f64,
    rho: f64,
    lexicon_rho: f64,
}

fn heat(l: Lang, ms: &[Message]) -> Heat {
    let idx = |t: Temperature| Temperature::ALL.iter().position(|x| *x == t).unwrap_or(0);
    let (mut exact, mut within, mut want, mut got, mut lex) = (0, 0, Vec::new(), Vec::new(), Vec::new());
    for m in ms {
        let r = lang::temperature(l, &m.text);
        let (a, b) = (idx(m.level), idx(r.level));
        exact += usize::from(a == b);
        within += usize::from(a.abs_diff(b) <= 1);
        want.push(a as f64);
        got.push(f64::from(r.score));
        lex.push(f64::from(message_features(l, &m.text).1[10]));
    }
    let n = ms.len().max(1) as f64;
    Heat {
        n: ms.len(),
        exact: exact as f64 / n,
        within_one: within as f64 / n,
        rho: spearman(&want, &got),
        lexicon_rho: spearman(&want, &lex),
    }
}

fn cell(k: &Counts, show: bool) -> String {
    if show {
        format!("{:>5.2} {:>5.2} {:>4} {:>4} {:>4}", k.precision(), k.recall(), k.tp, k.fp, k.fn_)
    } else {
        format!("{:>26}", "-")
    }
}

/// Prints the Spanish and German sections of the bench.
pub fn print_languages() {
    for l in [Lang::Es, Lang::De] {
        print_language(l);
    }
}

fn print_language(l: Lang) {
    let root = format!("{}/tests/data/coach/{}", env!("CARGO_MANIFEST_DIR"), l.tag());
    let (tn, td) = drafts(&format!("{root}/train"));
    let (hn, hd) = drafts(&format!("{root}/heldout"));
    let (tmn, tm) = messages(&format!("{root}/train"));
    let (hmn, hm) = messages(&format!("{root}/heldout"));
    let (tr, ho) = (score(l, &td), score(l, &hd));
    let has_held = !hd.is_empty();
    println!(
        "\n{} coach findings ({}). train: {} drafts ({}); held-out: {} drafts ({})",
        l.name(),
        l.tag(),
        td.len(),
        tn.join(", "),
        hd.len(),
        if hn.is_empty() { "none".to_string() } else { hn.join(", ") }
    );
    println!("{:<16} | {:^26} | {:^26}", "", "train", "held-out");
    println!(
        "{:<16} | {:>5} {:>5} {:>4} {:>4} {:>4} | {:>5} {:>5} {:>4} {:>4} {:>4}",
        "code", "P", "R", "tp", "fp", "fn", "P", "R", "tp", "fp", "fn"
    );
    for (i, c) in CODES.iter().enumerate() {
        println!("{:<16} | {} | {}", c.as_str(), cell(&tr.codes[i], true), cell(&ho.codes[i], has_held));
    }
    let mean = |s: &Scores| s.codes.iter().map(|k| k.recall()).sum::<f64>() / 7.0;
    println!("{:<16} | {:>11.2} {:>14} | {:>11.2}", "macro R (7)", mean(&tr), "", if has_held { mean(&ho) } else { f64::NAN });
    println!(
        "{:<16} | {:>5} {:>5} {:>4} {:>4} {:>4} | {:>5} {:>5} {:>4} {:>4} {:>4}",
        "move", "P", "R", "tp", "fp", "fn", "P", "R", "tp", "fp", "fn"
    );
    for (i, m) in Move::ALL.iter().enumerate() {
        println!("{:<16} | {} | {}", m.as_str(), cell(&tr.moves[i], true), cell(&ho.moves[i], has_held));
    }
    let (th, hh) = (heat(l, &tm), heat(l, &hm));
    println!(
        "\n{} temperature. train: {} messages ({}); held-out: {} messages ({})",
        l.name(),
        th.n,
        tmn.join(", "),
        hh.n,
        if hmn.is_empty() { "none".to_string() } else { hmn.join(", ") }
    );
    println!("{:<30} | {:>8} | {:>8}", "", "train", "held-out");
    for (name, a, b) in [
        ("exact level", th.exact, hh.exact),
        ("within one level", th.within_one, hh.within_one),
        ("Spearman", th.rho, hh.rho),
        ("word lists alone, Spearman", th.lexicon_rho, hh.lexicon_rho),
    ] {
        println!("{name:<30} | {a:>8.3} | {b:>8.3}");
    }
    println!("(no VADER here: it reads English only; the baseline is our own cue points summed, no learned model)");

    println!("\n{} data, fetched by the worker on the first {} question (not in the wasm)", l.name(), l.tag());
    for f in ["cues.txt", "model.bin"] {
        let path = format!("static/coach/{}/{f}", l.tag());
        let raw = std::fs::metadata(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).map_or(0, |m| m.len());
        println!("{path:<40} {raw:>8} B raw {:>8} B gzip", super::gzip_size(&path).unwrap_or(0));
    }
    let texts: Vec<&str> = td.iter().map(|d| d.text.as_str()).collect();
    let plain = ReviewContext::default();
    let (median, fastest) = super::speed(&texts, |t| {
        black_box(lang::review(l, black_box(t), &plain));
    });
    let msgs: Vec<&str> = tm.iter().map(|m| m.text.as_str()).collect();
    let (tmed, tfast) = super::speed(&msgs, |t| {
        black_box(lang::temperature(l, black_box(t)));
    });
    println!("us per 1,000 characters (median, fastest): review() {median:.1}, {fastest:.1}; temperature() {tmed:.1}, {tfast:.1}");
}
