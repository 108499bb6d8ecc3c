//! The learned half of the coach: a linear model per phrase code and per
//! move over each sentence's features, and a linear reading of a message's
//! temperature over its words and the rules' cues. The weights are data,
//! `static/coach/model.bin` (the compact form, `learned/compact.rs`; its
//! text form, `learned/named.rs`, is what a reviewer reads), written by the
//! training command (`cargo run --release --example train_coach`) from the
//! training corpus, compiled in and read once; scoring is integer sums,
//! deterministic.

pub(crate) mod compact;
pub(crate) mod features;
pub(crate) mod named;
mod table;

use super::rules::Rules;
use super::text::Text;
use super::{Code, Cue, Move};
use features::{fixed_hashes, hash_parts, Sink};
use named::Named;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use table::Table;

/// The compiled-in model, in the compact form (`compact.rs`).
const MODEL_BIN: &[u8] = include_bytes!("../../../static/coach/model.bin");
const MODEL_FILE: &str = "static/coach/model.bin";

/// The model's outputs: the seven phrase codes, then the eleven moves.
pub(crate) const CODES: [Code; 7] =
    [Code::Blame, Code::Dismissive, Code::ButApology, Code::NonApology, Code::PolicyWall, Code::NoOwnership, Code::VaguePromise];
/// Number of outputs.
pub(crate) const OUTPUTS: usize = CODES.len() + Move::ALL.len();

/// The name of output `o` in the model file.
pub(crate) fn output_name(o: usize) -> &'static str {
    if o < CODES.len() {
        CODES[o].as_str()
    } else {
        Move::ALL[o - CODES.len()].as_str()
    }
}

/// The dense inputs of the temperature model, by name: the rules' cue sums
/// per kind (points / 25), their total (points / 100), and the message length.
pub(crate) const DENSE: [&str; 12] = [
    "capitals",
    "punctuation",
    "profanity",
    "threat",
    "absolute",
    "negative",
    "repetition",
    "waiting",
    "positive",
    "length",
    "rules",
    "words",
];

/// The dense inputs for a message, from the rules' cues and its own word count.
pub(crate) fn dense(cues: &[Cue], words: usize) -> [f32; 12] {
    let mut x = [0f32; 12];
    let mut total = 0;
    for c in cues {
        if let Some(k) = DENSE.iter().position(|d| *d == c.kind) {
            x[k] += c.weight as f32 / 25.0;
        }
        total += c.weight;
    }
    x[10] = total.clamp(0, 100) as f32 / 100.0;
    x[11] = ((words as f32) + 1.0).ln() / 5.0;
    x
}

/// Feature hashes are already well mixed: the map uses them as they are.
#[derive(Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type HashIndex<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

/// A draft feature's (output, weight) pairs in 8 bytes: up to two in its
/// table slot itself (most features have one or two), more as a range of
/// `Model::spilled`, so that most lookups read one slot and nothing else.
#[derive(Clone, Copy, Default)]
struct Pairs {
    len: u16,
    outputs: [u8; 2],
    /// The weights when `len <= 2`; else the range's start, low half first.
    weights: [i16; 2],
}

impl Pairs {
    fn new(ws: &[(u8, i16)], spilled: &mut Vec<(u8, i16)>) -> Pairs {
        let mut p = Pairs { len: ws.len().min(usize::from(u16::MAX)) as u16, ..Pairs::default() };
        if ws.len() <= 2 {
            for (k, &(o, w)) in ws.iter().enumerate() {
                p.outputs[k] = o;
                p.weights[k] = w;
            }
        } else {
            let start = spilled.len() as u32;
            p.weights = [start as u16 as i16, (start >> 16) as u16 as i16];
            spilled.extend_from_slice(&ws[..usize::from(p.len)]);
        }
        p
    }

    /// Calls `f` with each (output, weight).
    #[inline]
    fn each(&self, spilled: &[(u8, i16)], mut f: impl FnMut(u8, i16)) {
        let n = usize::from(self.len);
        if n <= 2 {
            for k in 0..n {
                f(self.outputs[k], self.weights[k]);
            }
        } else {
            let start = usize::from(self.weights[0] as u16) | usize::from(self.weights[1] as u16) << 16;
            for &(o, w) in spilled.get(start..start + n).unwrap_or(&[]) {
                f(o, w);
            }
        }
    }
}

/// The compiled-in model.
pub(crate) struct Model {
    /// Feature hash → its (output, weight) pairs.
    index: Table<Pairs>,
    /// The pairs of the features that have more than two.
    spilled: Vec<(u8, i16)>,
    /// The pairs of each of the draft's fixed features (`features::fixed_hashes`),
    /// looked up once: a sentence's class and context features cost no lookup.
    fixed: Box<[Option<Pairs>]>,
    bias: [i32; OUTPUTS],
    /// An output fires on a sentence whose score reaches its threshold.
    pub threshold: [i32; OUTPUTS],
    /// The rules' findings of an output stand only where the draft's best
    /// sentence scores at least this (`i32::MIN`: always): the model, which
    /// sees the rules' hits as features, learned when they are false alarms.
    pub veto: [i32; OUTPUTS],
    /// Temperature: a logit per level (calm, upset, angry, furious), in 1/16.
    heat_index: Table<[i32; 4]>,
    heat_bias: [i32; 4],
    heat_dense: [[i32; 4]; 12],
}

impl Model {
    /// Reads the text form (a trial model the training command wrote); the error names the line.
    pub(crate) fn parse(src: &str) -> Result<Model, String> {
        Named::parse(src).map(|n| Model::from_named(&n))
    }

    /// Reads the compact form; the error names `file` and the byte.
    pub(crate) fn from_compact(bytes: &[u8], file: &str) -> Result<Model, String> {
        compact::decode(bytes, file).map(|n| Model::from_named(&n))
    }

    /// Indexes a model by its names' hashes (a name's words joined by
    /// spaces hash as the words do, see `hash_parts`).
    fn from_named(n: &Named) -> Model {
        let mut spilled = Vec::new();
        let mut ranges = Vec::with_capacity(n.draft.len());
        for (name, ws) in &n.draft {
            ranges.push((hash_parts(&[name]), Pairs::new(ws, &mut spilled)));
        }
        let index: Table<Pairs> = Table::build(ranges);
        let fixed = fixed_hashes().iter().map(|&h| index.get(h).copied()).collect();
        let heat_index = Table::build(n.heat.iter().map(|(name, w)| (hash_parts(&[name]), *w)));
        Model {
            index,
            spilled,
            fixed,
            bias: n.bias,
            threshold: n.threshold,
            veto: n.veto,
            heat_index,
            heat_bias: n.heat_bias,
            heat_dense: n.heat_dense,
        }
    }

    /// Each sentence's score per output (in the file's integer units); a
    /// sentence with no own words scores `i32::MIN`.
    pub fn sentence_scores(&self, text: &Text, r: &Rules, hits: &[u32]) -> Vec<[i32; OUTPUTS]> {
        /// Sums the open sentence's row in place and pushes it when the next opens.
        struct Acc<'m> {
            m: &'m Model,
            out: Vec<[i32; OUTPUTS]>,
            row: [i32; OUTPUTS],
            /// A sentence is open, and whether it has had a feature.
            open: bool,
            any: bool,
        }
        impl Acc<'_> {
            #[inline(always)]
            fn add(&mut self, pairs: Option<Pairs>) {
                if let Some(pairs) = pairs {
                    let row = &mut self.row;
                    pairs.each(&self.m.spilled, |o, w| {
                        if let Some(x) = row.get_mut(usize::from(o)) {
                            *x += i32::from(w);
                        }
                    });
                }
                self.any = true;
            }
            fn close(&mut self) {
                if self.open {
                    self.out.push(if self.any { self.row } else { [i32::MIN; OUTPUTS] });
                }
            }
        }
        impl Sink for Acc<'_> {
            const NAMES: bool = false;
            #[inline]
            fn feature(&mut self, parts: &[&str]) {
                self.feature_hashed(hash_parts(parts), parts);
            }
            #[inline]
            fn feature_hashed(&mut self, hash: u64, _parts: &[&str]) {
                self.add(self.m.index.get(hash).copied());
            }
            #[inline]
            fn feature_fixed(&mut self, k: usize, _parts: &[&str]) {
                self.add(self.m.fixed.get(k).copied().flatten());
            }
            fn sentence(&mut self, _s: usize) {
                self.close();
                self.row = self.m.bias;
                self.open = true;
                self.any = false;
            }
        }
        let mut acc = Acc { m: self, out: Vec::with_capacity(text.sentences.len()), row: self.bias, open: false, any: false };
        features::draft_features(text, r, hits, &mut acc);
        acc.close();
        acc.out
    }

    /// The learned temperature score (0–100) of a message: the level with
    /// the highest logit, and within its band the softmax's expected band
    /// centre (12, 37, 62, 87), so that the score also ranks messages.
    pub fn heat(&self, text: &Text, r: &Rules, dense: &[f32; 12]) -> i32 {
        struct Acc<'m>(&'m Model, [i32; 4]);
        impl Sink for Acc<'_> {
            const NAMES: bool = false;
            #[inline]
            fn feature(&mut self, parts: &[&str]) {
                self.feature_hashed(hash_parts(parts), parts);
            }
            #[inline]
            fn feature_hashed(&mut self, hash: u64, _parts: &[&str]) {
                if let Some(w) = self.0.heat_index.get(hash) {
                    for (a, b) in self.1.iter_mut().zip(w) {
                        *a += b;
                    }
                }
            }
        }
        let mut acc = Acc(self, self.heat_bias);
        features::message_features(text, r, &mut acc);
        let mut z = [0f32; 4];
        for (k, zk) in z.iter_mut().enumerate() {
            let d: f32 = dense.iter().zip(&self.heat_dense).map(|(x, w)| x * w[k] as f32).sum();
            *zk = (acc.1[k] as f32 + d) / 16.0;
        }
        let top = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e = z.map(|v| (v - top).exp());
        let sum: f32 = e.iter().sum();
        let expected: f32 = e.iter().zip([12.0, 37.0, 62.0, 87.0]).map(|(p, c)| p / sum * c).sum();
        let level = (0..4).fold(0, |b, k| if z[k] > z[b] { k } else { b });
        let lo = 25.0 * level as f32;
        expected.round().clamp(lo, lo + 24.0) as i32
    }

    /// Whether the file had any temperature weights.
    pub fn has_heat(&self) -> bool {
        self.heat_index.len() > 0 || self.heat_dense.iter().any(|w| w.iter().any(|x| *x != 0))
    }
}

static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();

/// The compiled-in model, read on first use.
pub(crate) fn model() -> Result<&'static Model, &'static str> {
    MODEL.get_or_init(|| Model::from_compact(MODEL_BIN, MODEL_FILE)).as_ref().map_err(String::as_str)
}

/// The feature names of each sentence of a draft, for the training command.
pub(crate) fn draft_feature_names(text: &Text, r: &Rules, hits: &[u32]) -> Vec<Vec<String>> {
    struct Rows(Vec<Vec<String>>);
    impl Sink for Rows {
        fn feature(&mut self, parts: &[&str]) {
            if let Some(row) = self.0.last_mut() {
                row.push(parts.join(" "));
            }
        }
        fn sentence(&mut self, _s: usize) {
            self.0.push(Vec::new());
        }
    }
    let mut rows = Rows(Vec::new());
    features::draft_features(text, r, hits, &mut rows);
    rows.0
}

/// The word feature names of a message, for the training command.
pub(crate) fn message_feature_names(text: &Text, r: &Rules) -> Vec<String> {
    let mut v = Vec::new();
    features::message_features(text, r, &mut features::Names(&mut v));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_model_reads() {
        if let Err(e) = Model::from_compact(MODEL_BIN, MODEL_FILE) {
            panic!("{e}");
        }
    }

    /// The committed compact file and its text form hold one model: the
    /// text form, read and written compact again, gives the same bytes.
    #[test]
    fn the_compiled_in_model_and_its_text_form_are_one_model() {
        let text = compact::decode(MODEL_BIN, MODEL_FILE).map(|n| n.to_text()).unwrap_or_else(|e| panic!("{e}"));
        let again = Named::parse(&text).and_then(|n| compact::encode(&n)).unwrap_or_else(|e| panic!("{e}"));
        assert!(again == MODEL_BIN, "the text form writes {} bytes, the file has {}", again.len(), MODEL_BIN.len());
    }

    #[test]
    fn a_features_pairs_come_back_inline_or_spilled() {
        let mut spilled = vec![(9, 9); 70_000];
        for n in 0..6u8 {
            let ws: Vec<(u8, i16)> = (0..n).map(|k| (k * 3, -300 + i16::from(k))).collect();
            let p = Pairs::new(&ws, &mut spilled);
            let mut back = Vec::new();
            p.each(&spilled, |o, w| back.push((o, w)));
            assert_eq!(back, ws);
        }
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number() {
        let e = Model::parse("version\t1\nbias\tblame=oops\n").err().unwrap_or_default();
        assert!(e.contains("model.txt:2"), "{e}");
    }
}
