//! Trains the coach's learned model on the training corpus
//! (`tests/data/coach/train/`, never `heldout/`) and writes
//! `static/coach/model.bin` (the compact form the coach compiles in) and its
//! text form `target/coach/model.txt` (for reading; not committed):
//!
//! ```sh
//! cargo run --release --example train_coach            # writes static/coach/model.bin
//! cargo run --release --example train_coach -- --check # trains, compares, writes nothing
//! cargo run --release --example train_coach -- --dump  # prints model.bin's text form, trains nothing
//! cargo run --release --example train_coach -- --cv 5  # cross-validated scores, writes nothing
//! cargo run --release --example train_coach -- --cv 5 --curves # and each code's precision / recall with its threshold moved
//! cargo run --release --example train_coach -- --digest      # every training review and temperature, one line each
//! cargo run --release --example train_coach -- --repeat 3    # reviews the training drafts 3 times, prints nothing (add --rules: the rules alone)
//! ```
//!
//! `--digest` is how a speed change shows it changed no output (compare its
//! output before and after); `--repeat` is a steady load for a profiler
//! (`valgrind --tool=callgrind`, which counts instructions).
//!
//! `--cv K` measures the whole training, not one model: the training rounds
//! (a file's drafts and messages: `ours`, `t1`, `h2`, …) are dealt into K
//! folds, whole rounds to a fold (the largest first, each to the lightest
//! fold), so a fold is scored as a new writer's round would be; each fold is
//! scored by the coach (the rules and a model trained, thresholds and all, on
//! the other folds only), through the same `review` and `temperature` the
//! product runs. It prints per-code precision and recall, per-move recall,
//! the temperature's exact level, within one and Spearman, beside the same
//! numbers on the training data itself. Decisions are made on these numbers;
//! the held-out rounds are never read here.
//!
//! Deterministic: a fixed order (a seeded generator), no clock, no threads;
//! the same corpus gives the same file byte for byte.
//!
//! Drafts: one logistic model per phrase code and per move over a sentence's
//! features; a draft's score is its best sentence's (multiple-instance
//! learning: the label is the draft's, the finding is one sentence's).
//! Trained by AdaGrad, pruned to the strongest weights per output, quantized
//! to integers. Each output's threshold comes from five-fold cross-validation
//! on the training drafts: the lowest at which the rules and the model
//! together keep their out-of-fold precision at `precision_floor`.
//!
//! Messages: a four-level softmax (calm, upset, angry, furious) over the
//! message's words and word classes and the rules' cue sums, trained on the
//! labelled levels, pruned and quantized the same way; the score is the
//! expected band centre, kept inside the chosen level's band.

#![allow(clippy::needless_range_loop)] // small fixed-size arrays, indexed in step

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::collections::HashMap;
use std::fmt::Write as _;
use turnaround::core::coach::training;
use turnaround::core::coach::{Code, Move};

/// Out-of-fold precision the rules and the model together must keep, per
/// output, set on cross-validation (below); the first floors came from the
/// h1 checkpoint (spent, training data since).
fn precision_floor(name: &str) -> f64 {
    let set = knob(&format!("COACH_FLOOR_{name}"), f64::NAN);
    if !set.is_nan() {
        return set;
    }
    match name {
        // This round, with the veto (the model may overrule a rule's finding),
        // each chosen on cross-validation: the floor whose out-of-fold
        // precision stays at or above 0.90 with the most recall.
        "blame" => 0.92,
        "policy_wall" => 0.91,
        "no_ownership" => 0.92,
        "vague_promise" | "dismissive" | "but_apology" => 0.93,
        "non_apology" => 0.95,
        // Moves have a recall target and none for precision: where recall
        // lags, a lower floor (chosen on cross-validation).
        "empathy" | "ownership" | "follow_up_offer" => knob("COACH_MOVE_FLOOR", 0.75),
        // explain_facts: 0.75 held cross-validated recall at 0.70 (precision
        // 0.75); 0.65 reached 0.81 (precision 0.64) on the seventh round's
        // corpus, 0.77 (0.67) on the eighth's; 0.60 reaches 0.82 (0.61).
        "explain_facts" => 0.60,
        _ => 0.90,
    }
}

/// Moves a phrase code's threshold from where the inner folds put it, by
/// integer units (1/16 logit). The inner folds deal drafts, not rounds, so
/// they read a writer the model has seen; the operating point for a new
/// writer is read off `--cv 5 --curves` (whole rounds left out): the lowest
/// offset whose cross-validated precision stays at 0.91 or more.
/// `COACH_OFFSET_<code>=N` tries another.
fn operating_offset(name: &str) -> i32 {
    let chosen = match name {
        // With t15 in the corpus, -8 read dismissive 0.92 / 0.85 (0: 0.94 /
        // 0.83) and blame 0.89 / 0.61 (0: 0.91 / 0.58); on t15 on arrival it
        // took blame from 0.84 / 0.39 to 0.74 / 0.42, so blame stays at 0.
        // (t15 is in train/ since the local-precision condition of
        // `pick_threshold` steadied the retrain: see the corpus README.)
        "dismissive" => -8,
        _ => 0,
    };
    knob(&format!("COACH_OFFSET_{name}"), chosen)
}

const FOLDS: usize = 5;
const EPOCHS: usize = 20;
const RATE: f32 = 0.3;
const L2: f32 = 1e-4;
/// Weights kept per output, the strongest first.
const KEEP: usize = 5000;

fn keep() -> usize {
    knob("COACH_KEEP", KEEP)
}

/// A setting that an environment variable can override while experimenting
/// (the committed model is trained with the defaults).
fn knob<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
/// Whether a feature takes part in training: `COACH_DROP=" * ,c "` leaves out
/// every feature whose name holds one of those pieces (to weigh a kind of
/// feature on cross-validation without rebuilding the library).
fn kept(name: &str) -> bool {
    static DROP: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let drop = DROP
        .get_or_init(|| std::env::var("COACH_DROP").unwrap_or_default().split(',').filter(|s| !s.is_empty()).map(String::from).collect());
    !drop.iter().any(|d| name.contains(d.as_str()))
}

/// The model's lowest finds a threshold lets in, and the share of them that
/// must be true (`pick_threshold`): for a phrase code, and for a move.
const LOCAL_WINDOW: usize = 25;
const LOCAL_FLOOR: f64 = 0.5;
const LOCAL_FLOOR_MOVES: f64 = 0.3;

/// Integer units per logit.
const SCALE: f32 = 16.0;

const HEAT_EPOCHS: usize = 40;
const HEAT_KEEP: usize = 2000;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    list: Vec<String>,
}

impl Names {
    fn id(&mut self, name: String) -> u32 {
        if let Some(&i) = self.ids.get(&name) {
            return i;
        }
        let i = self.list.len() as u32;
        self.ids.insert(name.clone(), i);
        self.list.push(name);
        i
    }
}

struct Example {
    sentences: Vec<Vec<u32>>,
    /// Per output: the label, or `None` when the draft's file does not label it.
    labels: Vec<Option<bool>>,
    /// Per output: what the rules alone find.
    rules: Vec<bool>,
}

/// One output's weights, as floats while training.
struct Linear {
    w: Vec<f32>,
    b: f32,
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The outputs whose weights may read a sentence's neighbours (the draft's
/// other classes, the sentence before, rule findings elsewhere): blame only,
/// chosen on cross-validation and on t13 on arrival (the codes and the moves
/// lost precision when they read them too). `COACH_CTX_OUT=a,b` or `*` to try others.
const CONTEXT_OUTPUTS: &str = "blame";

/// Per feature id: whether it is a context feature (`training::is_context`).
static CONTEXT: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();

fn reads_context(o: usize) -> bool {
    let list: String = knob("COACH_CTX_OUT", String::from(CONTEXT_OUTPUTS));
    list == "*" || list.split(',').any(|n| n == training::outputs()[o])
}

fn train_output(data: &[Example], idx: &[usize], o: usize, nfeat: usize, seed: u64) -> Linear {
    // The context features take no weight for an output that does not read them.
    let mask = CONTEXT.get().filter(|_| !reads_context(o));
    let skip = |f: u32| mask.is_some_and(|m| m[f as usize]);
    let mut w = vec![0f32; nfeat];
    let mut g2 = vec![1e-2f32; nfeat];
    let (mut b, mut gb) = (0f32, 1e-2f32);
    let mut order: Vec<usize> = idx.iter().copied().filter(|&i| data[i].labels[o].is_some()).collect();
    let mut rng = Rng(seed ^ (o as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let (epochs, rate, l2) = (knob("COACH_EPOCHS", EPOCHS), knob("COACH_RATE", RATE), knob("COACH_L2", L2));
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &data[i];
            let y = if ex.labels[o] == Some(true) { 1.0 } else { 0.0 };
            // A soft maximum over the sentences (log-sum-exp): each sentence
            // takes the gradient in proportion to its share.
            let zs: Vec<f32> = ex
                .sentences
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        f32::NEG_INFINITY
                    } else {
                        b + s.iter().filter(|&&f| !skip(f)).map(|&f| w[f as usize]).sum::<f32>()
                    }
                })
                .collect();
            let top = zs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            if top == f32::NEG_INFINITY {
                continue;
            }
            let sum: f32 = zs.iter().map(|z| (z - top).exp()).sum();
            let z = top + sum.ln();
            let g = sigmoid(z) - y;
            for (s, zs_) in ex.sentences.iter().zip(&zs) {
                let share = (zs_ - top).exp() / sum;
                if share < 1e-3 {
                    continue;
                }
                let gs = g * share;
                for &f in s.iter().filter(|&&f| !skip(f)) {
                    let f = f as usize;
                    let grad = gs + l2 * w[f];
                    g2[f] += grad * grad;
                    w[f] -= rate * grad / g2[f].sqrt();
                }
            }
            gb += g * g;
            b -= rate * g / gb.sqrt();
        }
    }
    Linear { w, b }
}

/// An output's pruned, quantized weights: bias and (feature, weight).
struct Quantized {
    bias: i32,
    weights: Vec<(u32, i32)>,
}

fn quantize(l: &Linear) -> Quantized {
    let mut v: Vec<(u32, f32)> = l.w.iter().enumerate().filter(|(_, w)| w.abs() * SCALE >= 0.5).map(|(f, w)| (f as u32, *w)).collect();
    v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    v.truncate(keep());
    let weights = v.into_iter().map(|(f, w)| (f, (w * SCALE).round() as i32)).filter(|(_, w)| *w != 0).collect();
    Quantized { bias: (l.b * SCALE).round() as i32, weights }
}

/// The draft's integer score for an output: its best sentence's.
fn int_score(q: &HashMap<u32, i32>, bias: i32, ex: &Example) -> i32 {
    ex.sentences
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| bias + s.iter().map(|f| q.get(f).copied().unwrap_or(0)).sum::<i32>())
        .max()
        .unwrap_or(i32::MIN)
}

/// The lowest threshold at which the rules or the model together keep the
/// precision floor on the given (score, rules, label) triples (a floor no
/// higher than the rules' own precision less 0.02); when no threshold does,
/// never. A threshold alone must also keep `local_floor`: the share of true
/// finds among the lowest `COACH_LOCAL_WINDOW` of the model's own finds it
/// lets in. Returns the threshold, a veto (`i32::MIN`: none) and the
/// precision and recall they give.
///
/// For a phrase code (`veto_allowed`), the model may also overrule the rules:
/// a rule finding stands only where the draft's best sentence scores at least
/// the veto. The pair (threshold, veto) with the best recall that keeps the
/// floor itself wins over any threshold alone that needs the lowered floor;
/// that grid search does not apply the local floor.
fn pick_threshold(rows: &[(i32, bool, bool)], floor: f64, local_floor: f64, veto_allowed: bool) -> (i32, i32, f64, f64) {
    let mut cands: Vec<i32> = rows.iter().map(|r| r.0).filter(|&s| s > i32::MIN).collect();
    cands.sort_unstable();
    cands.dedup();
    let eval = |t: i32, v: i32| {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        for &(s, rule, y) in rows {
            let got = (rule && s >= v) || s >= t;
            match (y, got) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
        let p = if tp + fp == 0 { 1.0 } else { f64::from(tp) / f64::from(tp + fp) };
        let r = if tp + fn_ == 0 { 1.0 } else { f64::from(tp) / f64::from(tp + fn_) };
        (p, r)
    };
    let lowered = floor.min(eval(i32::MAX, i32::MIN).0 - 0.02);
    let mut best = (i32::MAX, i32::MIN, eval(i32::MAX, i32::MIN).0, eval(i32::MAX, i32::MIN).1);
    // The model's own finds (drafts the rules missed), highest score first:
    // a threshold must also keep the local precision among the lowest of
    // them it lets in, so it stops where a new find is as likely false as
    // true. The floor alone is met by overall precision, which the many easy
    // finds above keep high far down the curve; where it crosses the floor
    // is flat, and moved by several units between retrains of nearly the
    // same corpus. Where the local precision falls is steep, and steadier.
    let mut own: Vec<(i32, bool)> = rows.iter().filter(|r| !r.1 && r.0 > i32::MIN).map(|r| (r.0, r.2)).collect();
    own.sort_unstable_by(|a, b| b.cmp(a));
    let window = knob("COACH_LOCAL_WINDOW", LOCAL_WINDOW);
    let local = |t: i32| {
        let n = own.partition_point(|r| r.0 >= t);
        let seen = &own[n.saturating_sub(window)..n];
        if seen.is_empty() {
            1.0
        } else {
            seen.iter().filter(|r| r.1).count() as f64 / seen.len() as f64
        }
    };
    // From the highest threshold down: keep the lowest whose precision holds
    // and that buys recall (a lower threshold for no more recall only adds false alarms).
    for &t in cands.iter().rev() {
        let (p, r) = eval(t, i32::MIN);
        if p >= lowered && r > best.3 && local(t) >= local_floor {
            best = (t, i32::MIN, p, r);
        }
    }
    if !veto_allowed || best.2 >= floor {
        return best;
    }
    // Thresholds and vetoes from a grid of score quantiles (enough to find the pair, few enough to be quick).
    let grid: Vec<i32> = (0..=40).map(|q| cands[(cands.len() - 1) * q / 40]).chain([i32::MAX]).collect();
    let mut vetoed: Option<(i32, i32, f64, f64)> = None;
    for &v in &grid {
        for &t in grid.iter().filter(|&&t| t >= v) {
            let (p, r) = eval(t, v);
            if p >= floor && vetoed.is_none_or(|b| r > b.3) {
                vetoed = Some((t, v, p, r));
            }
        }
    }
    vetoed.unwrap_or(best)
}

struct HeatExample {
    words: Vec<(u32, f32)>,
    dense: [f32; 12],
    y: f32,
}

/// A four-level softmax over the same inputs: weights per level.
struct HeatCls {
    w: Vec<[f32; 4]>,
    d: [[f32; 4]; 12],
    b: [f32; 4],
}

const CENTERS: [f32; 4] = [12.0, 37.0, 62.0, 87.0];

fn cls_probs(m: &HeatCls, ex: &HeatExample) -> [f32; 4] {
    let mut z = m.b;
    for &(f, c) in &ex.words {
        for k in 0..4 {
            z[k] += m.w[f as usize][k] * c;
        }
    }
    for (j, x) in ex.dense.iter().enumerate() {
        for k in 0..4 {
            z[k] += m.d[j][k] * x;
        }
    }
    let top = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - top).exp()).collect();
    let s: f32 = e.iter().sum();
    [e[0] / s, e[1] / s, e[2] / s, e[3] / s]
}

fn train_heat_cls(data: &[HeatExample], idx: &[usize], nfeat: usize, l2: f32) -> HeatCls {
    let mut m = HeatCls { w: vec![[0.0; 4]; nfeat], d: [[0.0; 4]; 12], b: [0.0; 4] };
    let mut g2 = vec![[1e-2f32; 4]; nfeat];
    let mut gd = [[1e-2f32; 4]; 12];
    let mut gb = [1e-2f32; 4];
    let mut order = idx.to_vec();
    let mut rng = Rng(0x5eed_0043);
    let rate = 0.2;
    for _ in 0..knob("COACH_HEAT_EPOCHS", HEAT_EPOCHS) {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &data[i];
            let p = cls_probs(&m, ex);
            let y = level(f64::from(ex.y));
            for k in 0..4 {
                let g = p[k] - if k == y { 1.0 } else { 0.0 };
                for &(f, c) in &ex.words {
                    let f = f as usize;
                    let grad = g * c + l2 * m.w[f][k];
                    g2[f][k] += grad * grad;
                    m.w[f][k] -= rate * grad / g2[f][k].sqrt();
                }
                for j in 0..12 {
                    let grad = g * ex.dense[j];
                    gd[j][k] += grad * grad;
                    m.d[j][k] -= rate * grad / gd[j][k].sqrt();
                }
                gb[k] += g * g;
                m.b[k] -= rate * g / gb[k].sqrt();
            }
        }
    }
    m
}

/// Pruned and quantized: the strongest `HEAT_KEEP` words, in 1/`SCALE` logits per level.
struct HeatQ {
    bias: [i32; 4],
    dense: [[i32; 4]; 12],
    words: Vec<(u32, [i32; 4])>,
}

fn q4(v: [f32; 4]) -> [i32; 4] {
    v.map(|x| (x * SCALE).round() as i32)
}

fn quantize_heat(m: &HeatCls) -> HeatQ {
    let mut v: Vec<(u32, [f32; 4])> =
        m.w.iter().enumerate().map(|(f, w)| (f as u32, *w)).filter(|(_, w)| w.iter().any(|x| x.abs() * SCALE >= 0.5)).collect();
    let strength = |w: &[f32; 4]| w.iter().fold(0f32, |a, x| a.max(x.abs()));
    v.sort_by(|a, b| strength(&b.1).total_cmp(&strength(&a.1)).then(a.0.cmp(&b.0)));
    v.truncate(knob("COACH_HEAT_KEEP", HEAT_KEEP));
    HeatQ { bias: q4(m.b), dense: m.d.map(q4), words: v.into_iter().map(|(f, w)| (f, q4(w))).collect() }
}

/// The reading as the run time computes it: a level and a score inside its band.
fn heat_reading(q: &HeatQ, map: &HashMap<u32, [i32; 4]>, ex: &HeatExample) -> (usize, f64) {
    let mut z = [0f32; 4];
    for k in 0..4 {
        let mut t = q.bias[k] as f32;
        for &(f, c) in &ex.words {
            t += map.get(&f).map_or(0, |w| w[k]) as f32 * c;
        }
        for j in 0..12 {
            t += ex.dense[j] * q.dense[j][k] as f32;
        }
        z[k] = t / SCALE;
    }
    let top = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - top).exp()).collect();
    let sum: f32 = e.iter().sum();
    let expected: f32 = e.iter().zip(CENTERS).map(|(p, c)| p / sum * c).sum();
    let l = (0..4).fold(0, |b, k| if z[k] > z[b] { k } else { b });
    let lo = 25.0 * l as f32;
    (l, f64::from(expected.round().clamp(lo, lo + 24.0)))
}

fn level(score: f64) -> usize {
    match score as u32 {
        0..=24 => 0,
        25..=49 => 1,
        50..=74 => 2,
        _ => 3,
    }
}

/// Every training item, with its features and its round.
struct Corpus {
    names: Names,
    drafts: Vec<(corpus::Draft, Vec<Code>)>,
    data: Vec<Example>,
    /// The round (file name) of each draft, and of each message, as an index into `rounds`.
    round: Vec<usize>,
    messages: Vec<corpus::Message>,
    heat: Vec<HeatExample>,
    hround: Vec<usize>,
    rounds: Vec<String>,
}

fn load(outputs: &[&str]) -> Corpus {
    let n_out = outputs.len();
    let mut names = Names::default();
    let mut rounds: Vec<String> = Vec::new();
    let round_id = |name: &str, rounds: &mut Vec<String>| match rounds.iter().position(|r| r == name) {
        Some(i) => i,
        None => {
            rounds.push(name.to_string());
            rounds.len() - 1
        }
    };
    let (mut drafts, mut data, mut round) = (Vec::new(), Vec::new(), Vec::new());
    for f in corpus::draft_files(corpus::Split::Train) {
        let r_id = round_id(&f.name, &mut rounds);
        for d in f.drafts {
            let (features, r) = training::draft_features(&d.text, &d.context());
            let sentences: Vec<Vec<u32>> =
                features.into_iter().map(|s| s.into_iter().filter(|f| kept(f)).map(|f| names.id(f)).collect()).collect();
            let (codes, moves) = (r.codes(), r.move_kinds());
            let mut labels = Vec::with_capacity(n_out);
            let mut rules = Vec::with_capacity(n_out);
            for name in outputs {
                if let Some(c) = Code::parse(name) {
                    labels.push(f.codes.contains(&c).then(|| d.has_code(c)));
                    rules.push(codes.contains(&c));
                } else if let Some(m) = Move::parse(name) {
                    labels.push(Some(d.has_move(m)));
                    rules.push(moves.contains(&m));
                }
            }
            data.push(Example { sentences, labels, rules });
            round.push(r_id);
            drafts.push((d, f.codes.clone()));
        }
    }
    let (mut messages, mut heat, mut hround) = (Vec::new(), Vec::new(), Vec::new());
    for f in corpus::message_files(corpus::Split::Train) {
        let r_id = round_id(&f.name, &mut rounds);
        for m in f.messages {
            let (words, dense) = training::message_features(&m.text);
            let mut counts: Vec<(u32, f32)> = Vec::new();
            for w in words.into_iter().filter(|w| kept(w)) {
                let id = names.id(w);
                match counts.iter_mut().find(|(f, _)| *f == id) {
                    Some(c) => c.1 += 1.0,
                    None => counts.push((id, 1.0)),
                }
            }
            counts.sort_by_key(|c| c.0);
            heat.push(HeatExample { words: counts, dense, y: m.score as f32 });
            hround.push(r_id);
            messages.push(m);
        }
    }
    Corpus { names, drafts, data, round, messages, heat, hround, rounds }
}

/// Trains on the drafts `idx` and the messages `hidx` and returns the model
/// file's text; `log` prints the threshold table and the temperature's
/// inner cross-validation.
fn fit(c: &Corpus, outputs: &[&str], idx: &[usize], hidx: &[usize], log: bool) -> String {
    let n_out = outputs.len();
    let nfeat = c.names.list.len();
    let _ = CONTEXT.set(c.names.list.iter().map(|n| training::is_context(n)).collect());
    let data = &c.data;
    // Inner folds, for the thresholds: out-of-fold scores from models pruned
    // and quantized as the final one is.
    let mut fold_of = vec![usize::MAX; data.len()];
    if knob("COACH_INNER_ROUNDS", 0) == 1 {
        let present: Vec<usize> = idx.iter().map(|&i| c.round[i]).collect();
        let fold = deal(&present, c.rounds.len(), FOLDS);
        for &i in idx {
            fold_of[i] = fold[c.round[i]];
        }
    } else {
        let mut order = idx.to_vec();
        Rng(0xc0ac_4001).shuffle(&mut order);
        for (k, &i) in order.iter().enumerate() {
            fold_of[i] = k % FOLDS;
        }
    }
    let mut oof = vec![vec![i32::MIN; n_out]; data.len()];
    for k in 0..FOLDS {
        let train: Vec<usize> = idx.iter().copied().filter(|&i| fold_of[i] != k).collect();
        for o in 0..n_out {
            let q = quantize(&train_output(data, &train, o, nfeat, k as u64));
            let map: HashMap<u32, i32> = q.weights.iter().copied().collect();
            for &i in idx.iter().filter(|&&i| fold_of[i] == k) {
                oof[i][o] = int_score(&map, q.bias, &data[i]);
            }
        }
    }
    let mut thresholds = vec![i32::MAX; n_out];
    let mut vetoes = vec![i32::MIN; n_out];
    if log {
        println!("{:<17} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "output", "rules P", "rules R", "+model P", "+model R", "threshold", "veto");
    }
    for (o, name) in outputs.iter().enumerate() {
        let rows: Vec<(i32, bool, bool)> =
            idx.iter().filter_map(|&i| data[i].labels[o].map(|y| (oof[i][o], data[i].rules[o], y))).collect();
        let mut rule_only = corpus::Counts::default();
        for r in &rows {
            rule_only.add(r.2, r.1);
        }
        let veto_allowed = o < training::CODE_OUTPUTS && knob("COACH_VETO", 1) == 1;
        let local_floor = if o < training::CODE_OUTPUTS {
            knob("COACH_LOCAL_FLOOR", LOCAL_FLOOR)
        } else {
            knob("COACH_LOCAL_FLOOR_MOVES", LOCAL_FLOOR_MOVES)
        };
        let (t, v, p, r) = pick_threshold(&rows, precision_floor(name), local_floor, veto_allowed);
        let t = if t == i32::MAX { t } else { t.saturating_add(operating_offset(name)) };
        thresholds[o] = t;
        vetoes[o] = v;
        if log {
            println!(
                "{name:<17} {:>9.3} {:>9.3} {p:>9.3} {r:>9.3} {:>9} {:>9}",
                rule_only.precision(),
                rule_only.recall(),
                if t == i32::MAX { "never".into() } else { t.to_string() },
                if v == i32::MIN { "none".into() } else { v.to_string() }
            );
        }
    }
    let finals: Vec<Quantized> = (0..n_out).map(|o| quantize(&train_output(data, idx, o, nfeat, 99))).collect();

    // Messages.
    let heat = &c.heat;
    if log {
        let pred: Vec<f64> = hidx.iter().map(|&i| f64::from((heat[i].dense[10] * 100.0).round())).collect();
        let want: Vec<f64> = hidx.iter().map(|&i| f64::from(heat[i].y)).collect();
        let exact = (0..pred.len()).filter(|&i| level(pred[i]) == level(want[i])).count() as f64 / pred.len() as f64;
        println!("temperature, the rules' cues alone: exact {exact:.3}, Spearman {:.3}", corpus::spearman(&pred, &want));
    }
    let mut horder = hidx.to_vec();
    Rng(0x4ea7).shuffle(&mut horder);
    let mut best_l2 = (0.0f32, -1.0f64);
    for l2 in [0.0f32, 0.01, 0.05] {
        let mut got = vec![(0usize, 0f64); heat.len()];
        for k in 0..FOLDS {
            let train: Vec<usize> = horder.iter().enumerate().filter(|(j, _)| j % FOLDS != k).map(|(_, &i)| i).collect();
            let q = quantize_heat(&train_heat_cls(heat, &train, nfeat, l2));
            let map: HashMap<u32, [i32; 4]> = q.words.iter().copied().collect();
            for (_, &i) in horder.iter().enumerate().filter(|(j, _)| j % FOLDS == k) {
                got[i] = heat_reading(&q, &map, &heat[i]);
            }
        }
        let want: Vec<usize> = hidx.iter().map(|&i| level(f64::from(heat[i].y))).collect();
        let exact = hidx.iter().zip(&want).filter(|(&i, w)| got[i].0 == **w).count() as f64 / hidx.len() as f64;
        let within = hidx.iter().zip(&want).filter(|(&i, w)| got[i].0.abs_diff(**w) <= 1).count() as f64 / hidx.len() as f64;
        let rho = corpus::spearman(
            &hidx.iter().map(|&i| got[i].1).collect::<Vec<_>>(),
            &hidx.iter().map(|&i| f64::from(heat[i].y)).collect::<Vec<_>>(),
        );
        if log {
            println!("temperature, L2 {l2}: out-of-fold exact {exact:.3}, within one {within:.3}, Spearman {rho:.3}");
        }
        if exact + rho > best_l2.1 {
            best_l2 = (l2, exact + rho);
        }
    }
    let hq = quantize_heat(&train_heat_cls(heat, hidx, nfeat, best_l2.0));
    write_model(&c.names, outputs, &finals, &thresholds, &vetoes, &hq)
}

/// The model file: sorted by feature name, so a retrain diffs line by line.
fn write_model(names: &Names, outputs: &[&str], finals: &[Quantized], thresholds: &[i32], vetoes: &[i32], hq: &HeatQ) -> String {
    let mut per_feature: HashMap<u32, Vec<(usize, i32)>> = HashMap::new();
    for (o, q) in finals.iter().enumerate() {
        for &(f, w) in &q.weights {
            per_feature.entry(f).or_default().push((o, w));
        }
    }
    let mut rows: Vec<(&str, String)> = per_feature
        .iter()
        .map(|(f, ws)| {
            let mut ws = ws.clone();
            ws.sort_unstable();
            let cells: Vec<String> = ws.iter().map(|(o, w)| format!("{}={w}", outputs[*o])).collect();
            (names.list[*f as usize].as_str(), cells.join(" "))
        })
        .collect();
    rows.sort();
    let levels = ["calm", "upset", "angry", "furious"];
    let four = |w: &[i32; 4]| (0..4).filter(|&k| w[k] != 0).map(|k| format!("{}={}", levels[k], w[k])).collect::<Vec<_>>().join(" ");
    let mut heat_rows: Vec<(&str, String)> = hq.words.iter().map(|(f, w)| (names.list[*f as usize].as_str(), four(w))).collect();
    heat_rows.sort();
    let mut out = String::new();
    out.push_str("# The coach's learned weights. Written by `cargo run --release --example train_coach` from\n");
    out.push_str("# tests/data/coach/train/; do not edit by hand. Draft outputs: integer logits x 16 per sentence;\n");
    out.push_str("# an output fires where the rules found nothing and a sentence reaches its threshold; a phrase\n");
    out.push_str("# code's rule findings stand only where the draft's best sentence reaches its veto.\n");
    out.push_str("# Features: a stem, `! stem` (negated), `a b` (a pair), `^ a` / `^ a b` (the sentence opens so),\n");
    out.push_str("# `~ a` / `~ a b` (opens so right after an apology), `_` (any sentence).\n");
    out.push_str("# Temperature: a logit x 16 per level: heat_bias + words (`h`) + cue inputs (`d`); the level with the\n");
    out.push_str("# highest logit, the score its softmax's expected value (band centres 12/37/62/87) kept inside its band.\n");
    out.push_str("version\t1\n");
    let pairs = |v: &[(usize, i32)]| v.iter().map(|(o, x)| format!("{}={x}", outputs[*o])).collect::<Vec<_>>().join(" ");
    let _ = writeln!(out, "bias\t{}", pairs(&finals.iter().enumerate().map(|(o, q)| (o, q.bias)).collect::<Vec<_>>()));
    let th: Vec<(usize, i32)> = thresholds.iter().enumerate().filter(|(_, t)| **t != i32::MAX).map(|(o, t)| (o, *t)).collect();
    let _ = writeln!(out, "threshold\t{}", pairs(&th));
    let veto: Vec<(usize, i32)> = vetoes.iter().enumerate().filter(|(_, v)| **v != i32::MIN).map(|(o, v)| (o, *v)).collect();
    let _ = writeln!(out, "veto\t{}", pairs(&veto));
    for (name, cells) in &rows {
        let _ = writeln!(out, "f {name}\t{cells}");
    }
    let _ = writeln!(out, "heat_bias\t{}", four(&hq.bias));
    for (k, name) in training::DENSE.iter().enumerate() {
        let _ = writeln!(out, "d {name}\t{}", four(&hq.dense[k]));
    }
    for (name, w) in &heat_rows {
        let _ = writeln!(out, "h {name}\t{w}");
    }
    out
}

/// What the coach scores on a set of drafts and messages: per output
/// counts, and the temperature's (label, reading) pairs.
#[derive(Default)]
struct Tally {
    counts: Vec<corpus::Counts>,
    heat: Vec<(usize, f64, usize, f64)>,
}

/// Scores drafts `idx` and messages `hidx` with the coach running `model`.
fn tally(c: &Corpus, outputs: &[&str], model: &str, idx: &[usize], hidx: &[usize], t: &mut Tally, list_misses: bool) {
    let m = match training::TrialModel::parse(model) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    t.counts.resize(outputs.len(), corpus::Counts::default());
    // `COACH_MISSES=blame,empathy` lists the misses of those outputs (training items only).
    let show = std::env::var("COACH_MISSES").unwrap_or_default();
    let show: Vec<&str> = show.split(',').filter(|s| !s.is_empty()).collect();
    for &i in idx {
        let (d, labelled) = &c.drafts[i];
        let r = training::review_with_model(&d.text, &d.context(), &m);
        let (codes, moves) = (r.codes(), r.move_kinds());
        for (o, name) in outputs.iter().enumerate() {
            let (want, got) = if let Some(code) = Code::parse(name) {
                if !labelled.contains(&code) {
                    continue;
                }
                (d.has_code(code), codes.contains(&code))
            } else if let Some(mv) = Move::parse(name) {
                (d.has_move(mv), moves.contains(&mv))
            } else {
                continue;
            };
            t.counts[o].add(want, got);
            if list_misses && want != got && show.contains(name) {
                println!("{name} {} {}: {:?}", if got { "FP" } else { "FN" }, c.rounds[c.round[i]], d.text);
            }
        }
    }
    for &i in hidx {
        let msg = &c.messages[i];
        let r = training::temperature_with_model(&msg.text, &m);
        t.heat.push((level(msg.score), msg.score, r.level as usize, f64::from(r.score)));
        if list_misses && show.contains(&"temperature") && level(msg.score).abs_diff(r.level as usize) >= 1 {
            println!("temperature {} labelled {} read {}: {:?}", c.rounds[c.hround[i]], msg.score, r.score, msg.text);
        }
    }
}

/// `--cv K --curves`: each fold is scored again with every phrase code's
/// threshold moved by these (integer units, 1/16 logit; the veto stays), so
/// the cross-validated precision and recall of each code can be read
/// against its operating point.
const OFFSETS: [i32; 10] = [-64, -48, -32, -24, -16, -8, 0, 8, 16, 32];

/// The model text with each phrase code's threshold moved by `d` (an
/// output that never fires stays so).
fn shift_thresholds(model: &str, d: i32) -> String {
    let shift = |cell: &str| match cell.split_once('=') {
        Some((name, t)) if Code::parse(name).is_some() => match t.parse::<i32>() {
            Ok(t) => format!("{name}={}", t.saturating_add(d)),
            Err(_) => cell.to_string(),
        },
        _ => cell.to_string(),
    };
    model
        .lines()
        .map(|l| match l.strip_prefix("threshold\t") {
            Some(cells) => format!("threshold\t{}", cells.split(' ').map(shift).collect::<Vec<_>>().join(" ")),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The cross-validated precision / recall of each phrase code at each of `OFFSETS`.
fn print_curves(outputs: &[&str], tallies: &[Tally]) {
    print!("\n{:<17}", "threshold moved");
    for d in OFFSETS {
        print!(" | {d:>9}");
    }
    println!();
    for (o, name) in outputs.iter().enumerate().take(training::CODE_OUTPUTS) {
        print!("{name:<17}");
        for t in tallies {
            let k = t.counts[o];
            print!(" | {:.2} {:.2}", k.precision(), k.recall());
        }
        println!();
    }
}

/// Deals whole rounds into `k` folds, the largest round first, each to the
/// fold with the fewest items so far (drafts and messages counted together).
fn round_folds(c: &Corpus, k: usize) -> Vec<usize> {
    let items: Vec<usize> = c.round.iter().chain(&c.hround).copied().collect();
    deal(&items, c.rounds.len(), k)
}

/// The fold of each of `n` rounds, given the round of every item: the
/// largest round first, each to the fold with the fewest items so far.
fn deal(items: &[usize], n: usize, k: usize) -> Vec<usize> {
    let mut size = vec![0usize; n];
    for &r in items {
        size[r] += 1;
    }
    let mut by_size: Vec<usize> = (0..n).filter(|&r| size[r] > 0).collect();
    by_size.sort_by(|a, b| size[*b].cmp(&size[*a]).then(a.cmp(b)));
    let mut load = vec![0usize; k];
    let mut fold = vec![0usize; n];
    for r in by_size {
        let f = (0..k).min_by_key(|&f| (load[f], f)).unwrap_or(0);
        fold[r] = f;
        load[f] += size[r];
    }
    fold
}

fn print_tables(outputs: &[&str], cols: &[(&str, &Tally)]) {
    print!("{:<17}", "");
    for (name, _) in cols {
        print!(" | {name:^23}");
    }
    println!();
    print!("{:<17}", "output");
    for _ in cols {
        print!(" | {:>5} {:>5} {:>5} {:>5}", "P", "R", "tp", "fn");
    }
    println!();
    for (o, name) in outputs.iter().enumerate() {
        print!("{name:<17}");
        for (_, t) in cols {
            let k = t.counts[o];
            print!(" | {:>5.2} {:>5.2} {:>5} {:>5}", k.precision(), k.recall(), k.tp, k.fn_);
        }
        println!();
    }
    print!("{:<17}", "macro R (7 codes)");
    for (_, t) in cols {
        let r: f64 = (0..training::CODE_OUTPUTS).map(|o| t.counts[o].recall()).sum::<f64>() / training::CODE_OUTPUTS as f64;
        print!(" | {:>11.3} {:>11}", r, "");
    }
    println!();
    for (label, f) in [("exact level", 0), ("within one level", 1), ("Spearman", 2)] {
        print!("{:<17}", label);
        for (_, t) in cols {
            let n = t.heat.len().max(1) as f64;
            let v = match f {
                0 => t.heat.iter().filter(|h| h.0 == h.2).count() as f64 / n,
                1 => t.heat.iter().filter(|h| h.0.abs_diff(h.2) <= 1).count() as f64 / n,
                _ => corpus::spearman(&t.heat.iter().map(|h| h.3).collect::<Vec<_>>(), &t.heat.iter().map(|h| h.1).collect::<Vec<_>>()),
            };
            print!(" | {:>11.3} {:>11}", v, "");
        }
        println!();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let check = args.iter().any(|a| a == "--check");
    if args.iter().any(|a| a == "--dump") {
        return dump();
    }
    if args.iter().any(|a| a == "--digest") {
        return digest();
    }
    if let Some(n) = args.iter().position(|a| a == "--repeat").map(|i| args.get(i + 1).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1)) {
        return repeat(n, args.iter().any(|a| a == "--rules"));
    }
    let cv = args.iter().position(|a| a == "--cv").map(|i| args.get(i + 1).and_then(|v| v.parse::<usize>().ok()).unwrap_or(5));
    let outputs = training::outputs();
    let c = load(&outputs);
    let all: Vec<usize> = (0..c.data.len()).collect();
    let all_h: Vec<usize> = (0..c.heat.len()).collect();

    // `--round NAME`: trained on every other round, scored on that one.
    if let Some(name) = args.iter().position(|a| a == "--round").and_then(|i| args.get(i + 1)) {
        let Some(r) = c.rounds.iter().position(|x| x == name) else {
            eprintln!("no training round {name:?}");
            std::process::exit(2);
        };
        let (tr, te): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| c.round[i] != r);
        let (htr, hte): (Vec<usize>, Vec<usize>) = all_h.iter().partition(|&&i| c.hround[i] != r);
        let model = fit(&c, &outputs, &tr, &htr, false);
        let mut t = Tally::default();
        tally(&c, &outputs, &model, &te, &hte, &mut t, true);
        println!("\n{name}: {} drafts, {} messages, scored by a training on the other rounds", te.len(), hte.len());
        print_tables(&outputs, &[(name.as_str(), &t)]);
        return;
    }
    if let Some(k) = cv {
        let k = k.clamp(2, c.rounds.len().max(2));
        let fold = round_folds(&c, k);
        let mut cv_tally = Tally::default();
        let curves = args.iter().any(|a| a == "--curves");
        let mut curve_tallies: Vec<Tally> = OFFSETS.iter().map(|_| Tally::default()).collect();
        for f in 0..k {
            let members: Vec<&str> = (0..c.rounds.len()).filter(|&r| fold[r] == f).map(|r| c.rounds[r].as_str()).collect();
            let (tr, te): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| fold[c.round[i]] != f);
            let (htr, hte): (Vec<usize>, Vec<usize>) = all_h.iter().partition(|&&i| fold[c.hround[i]] != f);
            println!("fold {}: rounds {} ({} drafts, {} messages left out)", f + 1, members.join(", "), te.len(), hte.len());
            let model = fit(&c, &outputs, &tr, &htr, false);
            tally(&c, &outputs, &model, &te, &hte, &mut cv_tally, true);
            if curves {
                for (k, &d) in OFFSETS.iter().enumerate() {
                    tally(&c, &outputs, &shift_thresholds(&model, d), &te, &[], &mut curve_tallies[k], false);
                }
            }
        }
        let model = fit(&c, &outputs, &all, &all_h, false);
        let mut train_tally = Tally::default();
        tally(&c, &outputs, &model, &all, &all_h, &mut train_tally, false);
        println!("\n{} drafts, {} messages; {k} folds of whole rounds", c.data.len(), c.heat.len());
        print_tables(&outputs, &[("train", &train_tally), ("cross-validated", &cv_tally)]);
        if curves {
            print_curves(&outputs, &curve_tallies);
        }
        return;
    }

    let out = fit(&c, &outputs, &all, &all_h, true);
    println!(
        "{} drafts, {} messages, {} features named; kept {} feature lines, {} temperature words",
        c.data.len(),
        c.heat.len(),
        c.names.list.len(),
        out.lines().filter(|l| l.starts_with("f ")).count(),
        out.lines().filter(|l| l.starts_with("h ")).count(),
    );
    write_compact(&out, check);
}

/// Where the committed model goes (the compact form), and where its text
/// form goes for a reviewer (not committed).
const MODEL_BIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/coach/model.bin");
const MODEL_TEXT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/coach/model.txt");

/// `--dump`: prints the committed model's text form (features sorted by name).
fn dump() {
    let bytes = std::fs::read(MODEL_BIN).unwrap_or_else(|e| fail(&format!("{MODEL_BIN}: {e}")));
    print!("{}", training::model_text(&bytes, "static/coach/model.bin").unwrap_or_else(|e| fail(&e)));
}

/// `--digest`: every training draft's review (no context and its own) and
/// every training message's temperature, one line each, with the committed
/// model: two builds that print the same lines give the same coach.
fn digest() {
    let ctx = turnaround::core::coach::ReviewContext::default();
    for (d, _) in corpus::train_drafts() {
        println!("{:?}", turnaround::core::coach::review(&d.text, &ctx));
        println!("{:?}", turnaround::core::coach::review(&d.text, &d.context()));
    }
    for m in corpus::train_messages() {
        println!("{:?}", turnaround::core::coach::temperature(&m.text));
    }
}

/// `--repeat N`: reviews every training draft (no context) `n` times, for a
/// profiler; with `--rules`, by the rules alone.
fn repeat(n: usize, rules_only: bool) {
    let texts: Vec<String> = corpus::train_drafts().into_iter().map(|(d, _)| d.text).collect();
    let ctx = turnaround::core::coach::ReviewContext::default();
    let review = if rules_only { training::review_by_rules } else { turnaround::core::coach::review };
    for _ in 0..n {
        for t in &texts {
            std::hint::black_box(review(std::hint::black_box(t), &ctx));
        }
    }
}

/// Writes the trained model (`text`, the text form) as `static/coach/model.bin`
/// and its text form under `target/coach/`, after reading the compact file
/// back and checking it holds the same model; with `check`, compares with
/// the committed file instead and writes nothing.
fn write_compact(text: &str, check: bool) {
    let bin = training::compact_model(text).unwrap_or_else(|e| fail(&e));
    let back = training::model_text(&bin, "the new model.bin").unwrap_or_else(|e| fail(&e));
    if !training::same_model(text, &back).unwrap_or_else(|e| fail(&e)) {
        fail("the compact model does not read back to the trained one");
    }
    println!("static/coach/model.bin: {} bytes (text form {} bytes, in target/coach/model.txt)", bin.len(), text.len());
    if check {
        let same = std::fs::read(MODEL_BIN).is_ok_and(|old| old == bin);
        println!("{}", if same { "static/coach/model.bin is up to date" } else { "static/coach/model.bin differs from a fresh training" });
        if !same {
            std::process::exit(1);
        }
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/coach");
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(MODEL_TEXT, &back)) {
        fail(&format!("{MODEL_TEXT}: {e}"));
    }
    if let Err(e) = std::fs::write(MODEL_BIN, bin) {
        fail(&format!("{MODEL_BIN}: {e}"));
    }
}

fn fail(e: &str) -> ! {
    eprintln!("{e}");
    std::process::exit(1);
}
