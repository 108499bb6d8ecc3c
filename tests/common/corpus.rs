//! The one loader of the coach's labelled corpus (`tests/data/coach/`), for
//! the corpus tests, the bench and the training command: rounds of drafts and
//! messages found by globbing `train/*-drafts.json`, `train/*-messages.json`,
//! `heldout/*-drafts.json` and `heldout/*-messages.json`, and which codes each
//! file labels.
#![allow(dead_code)]

use serde::Deserialize;
use std::path::{Path, PathBuf};
use turnaround::core::coach::{Code, Move, ReviewContext};
use turnaround::core::playbook::Channel;
use turnaround::core::session::Temperature;

/// The codes a writer can label from the labelling guide's phrase table; the
/// structural codes (interrupting, missing steps) are labelled only where a
/// file uses them.
pub const PHRASE_CODES: [Code; 7] =
    [Code::Blame, Code::Dismissive, Code::ButApology, Code::NonApology, Code::PolicyWall, Code::NoOwnership, Code::VaguePromise];

/// One labelled draft.
#[derive(Clone, Debug, Deserialize)]
pub struct Draft {
    pub text: String,
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub moves: Vec<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub customer_message: Option<String>,
}

impl Draft {
    pub fn context(&self) -> ReviewContext {
        ReviewContext {
            channel: self.channel.as_deref().and_then(Channel::parse).unwrap_or_default(),
            customer_message: self.customer_message.clone(),
        }
    }

    pub fn has_code(&self, c: Code) -> bool {
        self.codes.iter().any(|x| x == c.as_str())
    }

    pub fn has_move(&self, m: Move) -> bool {
        self.moves.iter().any(|x| x == m.as_str())
    }
}

/// One labelled customer message.
#[derive(Clone, Debug, Deserialize)]
pub struct Message {
    pub text: String,
    pub level: String,
    pub score: f64,
}

impl Message {
    pub fn level(&self) -> Temperature {
        Temperature::ALL.into_iter().find(|t| t.as_str() == self.level).unwrap_or(Temperature::Calm)
    }
}

/// A file of drafts and the codes it labels (the phrase codes, plus every
/// structural code any of its drafts carries).
pub struct DraftFile {
    pub name: String,
    pub drafts: Vec<Draft>,
    pub codes: Vec<Code>,
}

pub struct MessageFile {
    pub name: String,
    pub messages: Vec<Message>,
}

/// Which half of the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Train,
    Heldout,
}

impl Split {
    fn dir(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Heldout => "heldout",
        }
    }
}

/// The corpus folder: `COACH_CORPUS` when set, else `tests/data/coach`.
pub fn root() -> PathBuf {
    std::env::var_os("COACH_CORPUS").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/coach"))
}

/// Files in `split` whose names end with `suffix`, sorted by name.
fn glob(split: Split, suffix: &str) -> Vec<PathBuf> {
    let dir = root().join(split.dir());
    let mut out: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn name_of(path: &Path, suffix: &str) -> String {
    let n = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    n.strip_suffix(suffix).unwrap_or(n).to_string()
}

/// Every `*-drafts.json` file of a split; panics on an unknown code or move.
pub fn draft_files(split: Split) -> Vec<DraftFile> {
    glob(split, "-drafts.json")
        .into_iter()
        .map(|p| {
            let drafts: Vec<Draft> = read(&p);
            for (i, d) in drafts.iter().enumerate() {
                for c in &d.codes {
                    assert!(Code::parse(c).is_some(), "{} item {}: unknown code {c:?}", p.display(), i + 1);
                }
                for m in &d.moves {
                    assert!(Move::parse(m).is_some(), "{} item {}: unknown move {m:?}", p.display(), i + 1);
                }
            }
            let codes = Code::ALL.into_iter().filter(|c| PHRASE_CODES.contains(c) || drafts.iter().any(|d| d.has_code(*c))).collect();
            DraftFile { name: name_of(&p, "-drafts.json"), drafts, codes }
        })
        .collect()
}

/// Every `*-messages.json` file of a split; panics on an unknown level.
pub fn message_files(split: Split) -> Vec<MessageFile> {
    glob(split, "-messages.json")
        .into_iter()
        .map(|p| {
            let messages: Vec<Message> = read(&p);
            for (i, m) in messages.iter().enumerate() {
                assert!(
                    Temperature::ALL.iter().any(|t| t.as_str() == m.level),
                    "{} item {}: unknown level {:?}",
                    p.display(),
                    i + 1,
                    m.level
                );
            }
            MessageFile { name: name_of(&p, "-messages.json"), messages }
        })
        .collect()
}

/// Every training draft, with the codes its file labels.
pub fn train_drafts() -> Vec<(Draft, Vec<Code>)> {
    draft_files(Split::Train).into_iter().flat_map(|f| f.drafts.into_iter().map(move |d| (d, f.codes.clone()))).collect()
}

/// Every training message.
pub fn train_messages() -> Vec<Message> {
    message_files(Split::Train).into_iter().flat_map(|f| f.messages).collect()
}

/// Ranks with ties sharing their average rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        return 0.0;
    }
    cov / (va.sqrt() * vb.sqrt())
}

/// Spearman's rank correlation.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    pearson(&ranks(a), &ranks(b))
}

/// True and false positives and false negatives of one code or move.
#[derive(Default, Clone, Copy, Debug)]
pub struct Counts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
}

impl Counts {
    pub fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fp)
        }
    }
    pub fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fn_)
        }
    }
    pub fn add(&mut self, expected: bool, found: bool) {
        match (expected, found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
}
