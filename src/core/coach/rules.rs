//! The coach's rules as data: `static/coach/rules.json`, parsed once and
//! compiled into small token-pattern sets indexed by their first word.
//!
//! # Pattern language
//!
//! A pattern is a space-separated sequence of elements, matched against the
//! lowercased word tokens of one sentence (contractions expanded, so `don't`
//! in a pattern and in a draft both become `do not`):
//!
//! | element      | matches                                                     |
//! | ------------ | ----------------------------------------------------------- |
//! | `word`       | that word                                                   |
//! | `a\|b\|c`    | one of these words                                          |
//! | `@class`     | one word of a class from the file's `classes` (`#` = digits)|
//! | `#`          | a number written in digits                                  |
//! | `stem*`      | any word starting with `stem`                               |
//! | `*`          | any one word                                                |
//! | `**`         | zero to three words                                         |
//! | `x?`         | an optional word (`x` is a word, alternatives or a class)   |
//! | `!x`         | the next word is not `x` (consumes nothing)                 |
//! | `^`          | the start of a sentence (consumes nothing)                  |
//! | `<!x`        | the word before the match is not `x` (first element only)   |
//! | `[` … `]`    | the part of the match a finding points at and a rewrite replaces (attached: `[soon]`) |
//!
//! Words are matched on whole-token boundaries, so `sorry` never matches
//! inside `sorrynotsorry`.

use serde::Deserialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Token id of any number written in digits.
pub(crate) const DIGITS: u32 = 0;
/// Token id of a word that no rule mentions.
pub(crate) const UNKNOWN: u32 = u32::MAX;

/// Word flag: negates what follows (`not`, `never`, …).
pub(crate) const NEGATOR: u8 = 1;
/// Word flag: ends a negation's reach (`but`, `unless`, …).
pub(crate) const BREAKER: u8 = 2;
/// Word flag: an apology connector that can take the apology back (`but`, `however`).
pub(crate) const CONNECTOR: u8 = 4;
/// Word flag: a common acronym written in capitals that is not shouting.
pub(crate) const ACRONYM: u8 = 8;
/// Word flag: a contraction written without its apostrophe (`dont`, `im`).
pub(crate) const CONTRACTION: u8 = 16;

const RULES_JSON: &str = include_str!("../../../static/coach/rules.json");

/// A small, fast, deterministic hasher for short words (eight bytes per round).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time: words are short, so this is one or two rounds.
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(0x0100_0000_01b3_7f4b);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(23) ^ u64::from_le_bytes(w) ^ (rest.len() as u64) << 59).wrapping_mul(0x0100_0000_01b3_7f4b);
        }
        self.0 = h ^ (h >> 31);
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

// ---------------------------------------------------------------------------
// The file's shape
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(rename = "_doc", default)]
    _doc: serde_json::Value,
    version: u32,
    normalise: NormaliseFile,
    classes: HashMap<String, Vec<String>>,
    negation: NegationFile,
    signoffs: Vec<String>,
    greetings: Vec<String>,
    intros: Vec<String>,
    time: Vec<String>,
    promise: Vec<String>,
    schedule: Vec<String>,
    problem: Vec<String>,
    solution: Vec<String>,
    apology: ApologyFile,
    findings: Vec<FindingFile>,
    notes: NotesFile,
    moves: Vec<MoveFile>,
    temperature: TemperatureFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormaliseFile {
    contractions: HashMap<String, String>,
    is_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NegationFile {
    negators: Vec<String>,
    breakers: Vec<String>,
    window: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApologyFile {
    connectors: Vec<String>,
    exceptions: Vec<String>,
    reason: String,
    bare: Vec<String>,
    bare_rewrite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingFile {
    code: String,
    reason: String,
    #[serde(default)]
    rewrite: Option<String>,
    #[serde(default)]
    mode: RewriteMode,
    #[serde(default = "yes")]
    negatable: bool,
    #[serde(default)]
    unless_time: bool,
    #[serde(default)]
    cancel_if: Vec<String>,
    #[serde(default)]
    cancel_reach: usize,
    #[serde(default)]
    cancel_moves: Vec<String>,
    patterns: Vec<String>,
}

fn yes() -> bool {
    true
}

/// How a finding's rewrite applies to its sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RewriteMode {
    /// The rewrite replaces the matched phrase (`$0` in it is the phrase).
    #[default]
    Phrase,
    /// The rewrite replaces the whole sentence.
    Sentence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    min_words: usize,
    interrupting: NoteFile,
    missing_thanks: NoteFile,
    missing_apology: NoteFile,
    missing_time: NoteFile,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoteFile {
    pub reason: String,
    pub rewrite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveFile {
    #[serde(rename = "move")]
    mv: String,
    #[serde(default = "yes")]
    negatable: bool,
    #[serde(default)]
    except: Vec<String>,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemperatureFile {
    levels: LevelsFile,
    capitals: CapitalsFile,
    punctuation: PunctuationFile,
    reference_words: f32,
    censored: i32,
    caps: HashMap<String, i32>,
    normalised: Vec<String>,
    acronyms: Vec<String>,
    cues: Vec<CueFile>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelsFile {
    pub upset: u8,
    pub angry: u8,
    pub furious: u8,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(crate) struct CapitalsFile {
    pub per_word: i32,
    pub word_cap: i32,
    pub shout_min_words: usize,
    pub shout_ratio: f32,
    pub shout_base: i32,
    pub shout_scale: i32,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(crate) struct PunctuationFile {
    pub run: i32,
    pub run_cap: i32,
    pub bang: i32,
    pub bang_cap: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    kind: String,
    weight: i32,
    #[serde(default = "yes")]
    negatable: bool,
    patterns: Vec<String>,
}

// ---------------------------------------------------------------------------
// Compiled rules
// ---------------------------------------------------------------------------

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
enum Elem {
    Word(u32),
    OneOf(Box<[u32]>),
    Prefix(Box<str>),
    Wild,
    Gap(u8),
    Opt(Box<Elem>),
    Not(Box<[u32]>),
    Mark(bool),
    Start,
    NotPrev(Box<[u32]>),
}

#[derive(Clone, Debug)]
struct Pattern {
    elems: Box<[Elem]>,
    set: u8,
    tag: u32,
}

/// A match of one pattern: which set and rule, the token range, and the
/// focus (the `[…]` part; the whole match when there is none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub set: u8,
    pub tag: u32,
    pub start: usize,
    pub end: usize,
    pub focus_start: usize,
    pub focus_end: usize,
}

/// The pattern sets, by purpose. The review engine holds every set but
/// `CUES`; the temperature engine holds `CUES` and `PROBLEM`.
pub(crate) mod set {
    pub const GREETINGS: u8 = 0;
    pub const INTROS: u8 = 1;
    pub const TIME: u8 = 2;
    pub const PROMISE: u8 = 3;
    pub const PROBLEM: u8 = 4;
    pub const SOLUTION: u8 = 5;
    pub const BUT_EXCEPTIONS: u8 = 6;
    pub const BARE_APOLOGY: u8 = 7;
    pub const FINDINGS: u8 = 8;
    pub const CANCELS: u8 = 9;
    pub const MOVES: u8 = 10;
    pub const MOVE_EXCEPTS: u8 = 11;
    pub const CUES: u8 = 12;
    pub const SCHEDULE: u8 = 13;
    /// Number of sets.
    pub const COUNT: usize = 14;
}

/// Patterns of several sets, indexed so that one pass over the tokens finds
/// every match: by their first one, two or three words (whichever the
/// pattern fixes), and by the first letter for `stem*` patterns.
#[derive(Default)]
pub(crate) struct Engine {
    pats: Box<[Pattern]>,
    /// Dense by the first word's id: a range of `first_list`.
    first: Box<[(u32, u32)]>,
    first_list: Box<[u32]>,
    /// By the first two (or three) words' ids, packed: an open-addressing
    /// table of (key, start, length) ranges of `key_list`; length 0 = empty.
    keys: Box<[(u64, u32, u32)]>,
    key_list: Box<[u32]>,
    /// `stem*` patterns by the stem's first byte.
    prefix: Box<[Box<[u32]>]>,
    /// Patterns while the engine is built.
    building: Vec<Pattern>,
}

/// Spreads a packed key over the table: one multiplication.
#[inline(always)]
fn mix(key: u64) -> u64 {
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// Ids are packed 21 bits apiece; a vocabulary never comes near 2 million words.
const ID_BITS: u32 = 21;
/// The tag bit of a three-word key, so it never equals a two-word key.
const TRIPLE: u64 = 1 << 63;

fn key2(a: u32, b: u32) -> u64 {
    (u64::from(a) << ID_BITS) | u64::from(b)
}

fn key3(a: u32, b: u32, c: u32) -> u64 {
    TRIPLE | (u64::from(a) << (2 * ID_BITS)) | (u64::from(b) << ID_BITS) | u64::from(c)
}

/// One word as the rules see it. A contraction yields two tokens that share
/// the original word's span (`don't` → `do`, `not`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// Span of the lowercased word in the text's lowercase buffer.
    pub lo: (u32, u32),
    pub id: u32,
    pub sentence: u32,
    pub clause: u32,
    /// The writer's own words: not inside quotes, a quoted reply or a signature.
    pub own: bool,
    /// Written in capitals (two letters or more, none lowercase).
    pub caps: bool,
    /// First byte of the lowercased word (for `stem*` patterns).
    pub b0: u8,
}

/// The tokens of a text and its lowercased words, as the matcher reads them.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub toks: &'a [Token],
    pub lower: &'a str,
}

impl View<'_> {
    /// Token `i` exists, is the writer's own word and is in sentence `sent`.
    #[inline(always)]
    fn ok(&self, i: usize, sent: u32) -> bool {
        i < self.toks.len() && {
            let t = &self.toks[i];
            t.own && t.sentence == sent
        }
    }

    #[inline(always)]
    fn id(&self, i: usize) -> u32 {
        self.toks[i].id
    }

    fn word(&self, i: usize) -> &str {
        let t = &self.toks[i];
        self.lower.get(t.lo.0 as usize..t.lo.1 as usize).unwrap_or("")
    }
}

fn ids_of(e: &Elem) -> Option<&[u32]> {
    match e {
        Elem::Word(id) => Some(std::slice::from_ref(id)),
        Elem::OneOf(ids) => Some(ids),
        _ => None,
    }
}

impl Engine {
    fn push(&mut self, elems: Vec<Elem>, set: u8, tag: u32) {
        self.building.push(Pattern { elems: elems.into(), set, tag });
    }

    /// Builds the indexes once every pattern is in and the vocabulary is final.
    fn index(&mut self, vocab_len: usize) {
        const MAX_KEYS: usize = 64;
        self.pats = std::mem::take(&mut self.building).into_boxed_slice();
        let mut firsts: Vec<(u32, u32)> = Vec::new();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut prefix: Vec<Vec<u32>> = vec![Vec::new(); 256];
        for (p, pat) in self.pats.iter().enumerate() {
            let p = p as u32;
            let mut it = pat.elems.iter().filter(|e| !matches!(e, Elem::Mark(_) | Elem::Start | Elem::NotPrev(_)));
            let (a, b, c) = (it.next(), it.next(), it.next());
            match (a.and_then(ids_of), b.and_then(ids_of), c.and_then(ids_of)) {
                (Some(x), Some(y), Some(z)) if x.len() * y.len() * z.len() <= MAX_KEYS => {
                    for &i in x {
                        for &j in y {
                            keyed.extend(z.iter().map(|&k| (key3(i, j, k), p)));
                        }
                    }
                }
                (Some(x), Some(y), _) if x.len() * y.len() <= 4 * MAX_KEYS => {
                    for &i in x {
                        keyed.extend(y.iter().map(|&j| (key2(i, j), p)));
                    }
                }
                (Some(x), _, _) => firsts.extend(x.iter().map(|&i| (i, p))),
                _ => {
                    if let Some(Elem::Prefix(stem)) = a {
                        if let Some(&b0) = stem.as_bytes().first() {
                            prefix[usize::from(b0)].push(p);
                        }
                    }
                }
            }
        }
        self.prefix = prefix.into_iter().map(Vec::into_boxed_slice).collect();
        firsts.sort_unstable();
        let mut first = vec![(0, 0); vocab_len];
        for (id, a, n) in runs(&firsts) {
            if let Some(slot) = first.get_mut(id as usize) {
                *slot = (a, n);
            }
        }
        self.first = first.into_boxed_slice();
        self.first_list = firsts.iter().map(|&(_, p)| p).collect();
        keyed.sort_unstable();
        keyed.dedup();
        self.key_list = keyed.iter().map(|&(_, p)| p).collect();
        let ranges = runs(&keyed);
        let size = (ranges.len() * 2 + 2).next_power_of_two();
        let mut table = vec![(0u64, 0u32, 0u32); size];
        for (key, a, n) in ranges {
            let mut slot = (mix(key) as usize) & (size - 1);
            while table[slot].2 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = (key, a, n);
        }
        self.keys = table.into_boxed_slice();
    }

    /// Every match of every pattern, in token order. A pattern matches only
    /// the writer's own words, within one sentence.
    pub fn scan(&self, v: View, out: &mut Vec<Hit>) {
        for i in 0..v.toks.len() {
            self.scan_at(v, i, out);
        }
    }

    fn scan_at(&self, v: View, i: usize, out: &mut Vec<Hit>) {
        let t = v.toks[i];
        if !t.own {
            return;
        }
        let (sent, id) = (t.sentence, t.id);
        if (id as usize) < self.first.len() {
            let (a, n) = self.first[id as usize];
            for k in a..a + n {
                self.try_pattern(self.first_list[k as usize], v, i, sent, out);
            }
        }
        if id != UNKNOWN && v.ok(i + 1, sent) && v.id(i + 1) != UNKNOWN {
            let id1 = v.id(i + 1);
            let mut keys = [key2(id, id1), u64::MAX];
            if v.ok(i + 2, sent) && v.id(i + 2) != UNKNOWN {
                keys[1] = key3(id, id1, v.id(i + 2));
            }
            for key in keys {
                let (a, n) = self.key_range(key);
                for k in a..a + n {
                    self.try_pattern(self.key_list[k as usize], v, i, sent, out);
                }
            }
        }
        if let Some(list) = self.prefix.get(usize::from(t.b0)) {
            for &p in list.iter() {
                self.try_pattern(p, v, i, sent, out);
            }
        }
    }

    /// The range of `key_list` for a packed key (empty when absent).
    #[inline(always)]
    fn key_range(&self, key: u64) -> (u32, u32) {
        let mask = self.keys.len().wrapping_sub(1);
        if self.keys.is_empty() {
            return (0, 0);
        }
        let mut slot = (mix(key) as usize) & mask;
        loop {
            let (k, a, n) = self.keys[slot];
            if n == 0 {
                return (0, 0);
            }
            if k == key {
                return (a, n);
            }
            slot = (slot + 1) & mask;
        }
    }

    #[inline(always)]
    fn try_pattern(&self, p: u32, v: View, i: usize, sent: u32, out: &mut Vec<Hit>) {
        let pat = &self.pats[p as usize];
        let mut marks = [usize::MAX, usize::MAX];
        if let Some(end) = match_elems(&pat.elems, v, i, sent, &mut marks) {
            if end > i {
                let fs = if marks[0] == usize::MAX { i } else { marks[0] };
                let fe = if marks[1] == usize::MAX { end } else { marks[1] };
                let (fs, fe) = if fe > fs { (fs, fe) } else { (i, end) };
                out.push(Hit { set: pat.set, tag: pat.tag, start: i, end, focus_start: fs, focus_end: fe });
            }
        }
    }

    #[cfg(test)]
    fn count(&self, set: u8) -> usize {
        self.pats.iter().filter(|p| p.set == set).count()
    }
}

/// Runs of equal keys in a sorted list: (key, start, length).
fn runs<K: Copy + PartialEq>(sorted: &[(K, u32)]) -> Vec<(K, u32, u32)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < sorted.len() {
        let key = sorted[k].0;
        let mut e = k;
        while e < sorted.len() && sorted[e].0 == key {
            e += 1;
        }
        out.push((key, k as u32, (e - k) as u32));
        k = e;
    }
    out
}

#[inline(always)]
fn elem_matches(e: &Elem, v: View, i: usize) -> bool {
    match e {
        Elem::Word(id) => v.id(i) == *id,
        Elem::OneOf(ids) => has_id(ids, v.id(i)),
        Elem::Prefix(p) => v.word(i).starts_with(&**p),
        Elem::Wild => true,
        _ => false,
    }
}

/// Matches `elems` from token `i`; the end of the match. Simple elements
/// advance in a loop; a gap or an optional word tries its choices recursively.
fn match_elems(elems: &[Elem], v: View, mut i: usize, sent: u32, marks: &mut [usize; 2]) -> Option<usize> {
    let mut k = 0;
    while k < elems.len() {
        match &elems[k] {
            Elem::Mark(open) => marks[usize::from(!*open)] = i,
            Elem::NotPrev(ids) => {
                if i > 0 && v.ok(i - 1, sent) && has_id(ids, v.id(i - 1)) {
                    return None;
                }
            }
            Elem::Start => {
                if i >= v.toks.len() || (i > 0 && v.toks[i - 1].sentence == v.toks[i].sentence) {
                    return None;
                }
            }
            Elem::Not(ids) => {
                if v.ok(i, sent) && has_id(ids, v.id(i)) {
                    return None;
                }
            }
            Elem::Gap(n) => {
                let rest = &elems[k + 1..];
                // Look ahead for the word after the gap before trying the rest there.
                let anchor = rest.iter().find(|e| !matches!(e, Elem::Mark(_)));
                let anchor = anchor.filter(|e| matches!(e, Elem::Word(_) | Elem::OneOf(_) | Elem::Prefix(_)));
                for g in 0..=usize::from(*n) {
                    if g > 0 && !v.ok(i + g - 1, sent) {
                        break;
                    }
                    if let Some(a) = anchor {
                        if !v.ok(i + g, sent) || !elem_matches(a, v, i + g) {
                            continue;
                        }
                    }
                    if let Some(end) = match_elems(rest, v, i + g, sent, marks) {
                        return Some(end);
                    }
                }
                return None;
            }
            Elem::Opt(inner) => {
                let rest = &elems[k + 1..];
                if v.ok(i, sent) && elem_matches(inner, v, i) {
                    if let Some(end) = match_elems(rest, v, i + 1, sent, marks) {
                        return Some(end);
                    }
                }
                return match_elems(rest, v, i, sent, marks);
            }
            e => {
                if !(v.ok(i, sent) && elem_matches(e, v, i)) {
                    return None;
                }
                i += 1;
            }
        }
        k += 1;
    }
    Some(i)
}

/// The word list every pattern and every token is looked up in. Words are
/// interned through a map while the rules compile, then frozen into a flat
/// open-addressing table that a lookup walks with one hash and one compare.
#[derive(Default)]
pub(crate) struct Vocab {
    map: FnvMap<Box<str>, u32>,
    flags: Vec<u8>,
    contractions: FnvMap<Box<str>, Box<[Box<str>]>>,
    is_words: FnvMap<Box<str>, ()>,
    /// Slot → (hash, word start in `words`, word length, id); `u32::MAX` id = empty.
    table: Box<[(u64, u32, u32, u32)]>,
    words: String,
}

/// The hash the frozen table uses: eight bytes per round.
#[inline(always)]
fn hash_word(w: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(b)).wrapping_mul(0x0100_0000_01b3_7f4b);
    }
    let rest = chunks.remainder();
    let mut b = [0u8; 8];
    b[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(23) ^ u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59)).wrapping_mul(0x0100_0000_01b3_7f4b);
    h ^ (h >> 31)
}

impl Vocab {
    fn intern(&mut self, w: &str) -> u32 {
        if is_digits(w) {
            return DIGITS;
        }
        if let Some(&id) = self.map.get(w) {
            return id;
        }
        let id = self.flags.len() as u32;
        self.map.insert(w.into(), id);
        self.flags.push(0);
        id
    }

    /// The id of a lowercased word, `DIGITS` for numbers, `UNKNOWN` for words no rule uses.
    pub fn id(&self, w: &str) -> u32 {
        if is_digits(w) {
            return DIGITS;
        }
        if self.table.is_empty() {
            return self.map.get(w).copied().unwrap_or(UNKNOWN);
        }
        let h = hash_word(w.as_bytes());
        let mask = self.table.len() - 1;
        let mut slot = (h as usize) & mask;
        loop {
            let (eh, start, len, id) = self.table[slot];
            if id == u32::MAX {
                return UNKNOWN;
            }
            if eh == h && len as usize == w.len() && same_bytes(&self.words.as_bytes()[start as usize..], w.as_bytes()) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Builds the lookup table once every word is in.
    fn freeze(&mut self) {
        let size = (self.map.len() * 2 + 2).next_power_of_two();
        let mut table = vec![(0u64, 0u32, 0u32, u32::MAX); size];
        let mut words = String::new();
        let mut entries: Vec<(&Box<str>, &u32)> = self.map.iter().collect();
        entries.sort_unstable_by_key(|(_, id)| **id);
        for (w, &id) in entries {
            let h = hash_word(w.as_bytes());
            let mut slot = (h as usize) & (size - 1);
            while table[slot].3 != u32::MAX {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = (h, words.len() as u32, w.len() as u32, id);
            words.push_str(w);
        }
        self.table = table.into_boxed_slice();
        self.words = words;
    }

    /// The flags (`NEGATOR`, `BREAKER`, …) of a token id.
    #[inline(always)]
    pub fn flags(&self, id: u32) -> u8 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    fn set_flag(&mut self, w: &str, flag: u8) {
        let id = self.intern(w);
        if let Some(f) = self.flags.get_mut(id as usize) {
            *f |= flag;
        }
    }

    /// Splits a lowercased word into the words the rules see: `don't` → `do not`,
    /// `we'll` → `we will`, `it's` → `it is`, `bank's` → `bank 's`.
    pub fn expand<'w>(&'w self, w: &'w str, out: &mut impl FnMut(&str)) {
        if let Some(parts) = self.contractions.get(w) {
            for p in parts.iter() {
                out(p);
            }
            return;
        }
        let b = w.as_bytes();
        // The last apostrophe splits a contraction: "we'll" → "we" + "'ll".
        let Some(q) = b.iter().rposition(|&c| c == b'\'') else {
            out(w);
            return;
        };
        let (base, tail) = (&w[..q], &w[q..]);
        let full = match tail {
            "'t" if base.ends_with('n') && base.len() > 1 => {
                out(&base[..base.len() - 1]);
                out("not");
                return;
            }
            "'ll" => "will",
            "'re" => "are",
            "'ve" => "have",
            "'m" => "am",
            "'d" => "would",
            "'s" if self.is_words.contains_key(base) => "is",
            "'s" => "'s",
            "'" => "",
            _ => {
                out(w);
                return;
            }
        };
        if base.is_empty() {
            out(w);
            return;
        }
        out(base);
        if !full.is_empty() {
            out(full);
        }
    }
}

/// Whether `a` starts with `b` (a plain loop: words are short).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() < b.len() {
        return false;
    }
    let mut k = 0;
    while k < b.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// Whether a sorted id list holds `id`: a plain scan for short lists.
#[inline(always)]
fn has_id(ids: &[u32], id: u32) -> bool {
    if ids.len() <= 8 {
        let mut k = 0;
        while k < ids.len() {
            if ids[k] == id {
                return true;
            }
            k += 1;
        }
        false
    } else {
        ids.binary_search(&id).is_ok()
    }
}

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// A finding rule, compiled.
pub(crate) struct FindingRule {
    pub code: super::Code,
    pub reason: String,
    pub rewrite: Option<String>,
    pub mode: RewriteMode,
    pub negatable: bool,
    pub unless_time: bool,
    /// How many sentences before or after a `cancel_if` match may sit (0: the same sentence only).
    pub cancel_reach: usize,
    pub cancel_moves: Vec<super::Move>,
}

/// A move rule, compiled.
pub(crate) struct MoveRule {
    pub mv: super::Move,
    pub negatable: bool,
}

/// A temperature cue rule.
pub(crate) struct CueRule {
    pub kind: &'static str,
    pub weight: i32,
    pub negatable: bool,
}

/// Every rule of the coach, ready to match.
pub(crate) struct Rules {
    pub vocab: Vocab,
    pub window: usize,
    pub signoffs: Vec<String>,
    /// Every set but `CUES`, for drafts.
    pub review: Engine,
    /// `CUES` and `PROBLEM`, for customer messages.
    pub heat: Engine,
    pub bare_rewrite: String,
    pub but_reason: String,
    /// By finding tag.
    pub finding_rules: Vec<FindingRule>,
    /// By move tag.
    pub move_rules: Vec<MoveRule>,
    pub min_words: usize,
    pub interrupting: NoteFile,
    pub missing_thanks: NoteFile,
    pub missing_apology: NoteFile,
    pub missing_time: NoteFile,
    pub levels: LevelsFile,
    pub capitals: CapitalsFile,
    pub punctuation: PunctuationFile,
    pub reference_words: f32,
    /// Weight of a censored swear word (`f***`).
    pub censored: i32,
    pub kind_caps: Vec<(&'static str, i32)>,
    pub normalised_kinds: Vec<&'static str>,
    /// By cue tag.
    pub cue_rules: Vec<CueRule>,
}

/// The cue kinds a rules file may use (they become `Cue::kind`).
pub(crate) const CUE_KINDS: [&str; 10] =
    ["capitals", "punctuation", "profanity", "threat", "absolute", "negative", "repetition", "waiting", "positive", "length"];

fn cue_kind(s: &str) -> Option<&'static str> {
    CUE_KINDS.iter().copied().find(|k| *k == s)
}

struct Compiler<'a> {
    vocab: Vocab,
    classes: &'a HashMap<String, Vec<String>>,
}

impl Compiler<'_> {
    fn words_of(&mut self, raw: &str) -> Vec<String> {
        let mut v = Vec::new();
        let lower = raw.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
        self.vocab.expand(&lower, &mut |w| v.push(w.to_string()));
        v
    }

    fn one_id(&mut self, raw: &str, ctx: &str) -> Result<u32, String> {
        let words = self.words_of(raw);
        match words.as_slice() {
            [w] => Ok(self.vocab.intern(w)),
            _ => Err(format!("{ctx}: {raw:?} is more than one word here")),
        }
    }

    fn class_ids(&mut self, name: &str, ctx: &str) -> Result<Vec<u32>, String> {
        let members = self.classes.get(name).ok_or_else(|| format!("{ctx}: unknown class @{name}"))?.clone();
        let mut ids = Vec::new();
        for m in &members {
            if m == "#" {
                ids.push(DIGITS);
            } else {
                ids.push(self.one_id(m, &format!("{ctx} (class @{name})"))?);
            }
        }
        Ok(ids)
    }

    fn single(&mut self, s: &str, ctx: &str) -> Result<Elem, String> {
        if s == "*" {
            return Ok(Elem::Wild);
        }
        if s == "#" {
            return Ok(Elem::Word(DIGITS));
        }
        if let Some(name) = s.strip_prefix('@').filter(|n| !n.contains('|')) {
            let mut ids = self.class_ids(name, ctx)?;
            ids.sort_unstable();
            ids.dedup();
            return Ok(Elem::OneOf(ids.into()));
        }
        if s.contains('|') {
            let mut ids = Vec::new();
            for alt in s.split('|') {
                if let Some(name) = alt.strip_prefix('@') {
                    ids.extend(self.class_ids(name, ctx)?);
                } else if alt == "#" {
                    ids.push(DIGITS);
                } else if alt.is_empty() {
                    return Err(format!("{ctx}: empty alternative in {s:?}"));
                } else {
                    ids.push(self.one_id(alt, ctx)?);
                }
            }
            ids.sort_unstable();
            ids.dedup();
            return Ok(Elem::OneOf(ids.into()));
        }
        if let Some(stem) = s.strip_suffix('*') {
            if stem.is_empty() || stem.contains('*') {
                return Err(format!("{ctx}: bad wildcard {s:?}"));
            }
            return Ok(Elem::Prefix(stem.to_lowercase().into()));
        }
        Ok(Elem::Word(self.one_id(s, ctx)?))
    }

    fn pattern(&mut self, src: &str, ctx: &str) -> Result<Vec<Elem>, String> {
        let mut elems = Vec::new();
        for raw in src.split_whitespace() {
            let mut s = raw;
            let open = s.starts_with('[');
            if open {
                s = &s[1..];
            }
            let close = s.ends_with(']');
            if close {
                s = &s[..s.len() - 1];
            }
            if open {
                elems.push(Elem::Mark(true));
            }
            if s.is_empty() {
            } else if s == "^" {
                elems.push(Elem::Start);
            } else if s == "**" {
                elems.push(Elem::Gap(3));
            } else if let Some(rest) = s.strip_prefix("<!") {
                if !elems.is_empty() {
                    return Err(format!("{ctx}: <! may only start a pattern"));
                }
                let mut ids = Vec::new();
                for alt in rest.split('|') {
                    ids.push(self.one_id(alt, ctx)?);
                }
                ids.sort_unstable();
                elems.push(Elem::NotPrev(ids.into()));
            } else if let Some(rest) = s.strip_prefix('!') {
                let mut ids = Vec::new();
                for alt in rest.split('|') {
                    ids.push(self.one_id(alt, ctx)?);
                }
                ids.sort_unstable();
                elems.push(Elem::Not(ids.into()));
            } else if let Some(inner) = s.strip_suffix('?').filter(|i| !i.is_empty()) {
                elems.push(Elem::Opt(Box::new(self.single(inner, ctx)?)));
            } else if s.contains('|') || s.starts_with('@') || s == "*" || s == "#" || s.ends_with('*') {
                elems.push(self.single(s, ctx)?);
            } else {
                for w in self.words_of(s) {
                    elems.push(Elem::Word(self.vocab.intern(&w)));
                }
            }
            if close {
                elems.push(Elem::Mark(false));
            }
        }
        if !elems.iter().any(|e| matches!(e, Elem::Word(_) | Elem::OneOf(_) | Elem::Prefix(_) | Elem::Wild)) {
            return Err(format!("{ctx}: pattern {src:?} matches nothing"));
        }
        Ok(elems)
    }

    fn add<'s>(
        &mut self,
        engine: &mut Engine,
        set: u8,
        patterns: impl IntoIterator<Item = (&'s str, u32)>,
        ctx: &str,
    ) -> Result<(), String> {
        for (src, tag) in patterns {
            let ctx = format!("{ctx}: {src:?}");
            let elems = self.pattern(src, &ctx)?;
            add_pattern(engine, elems, set, tag, &ctx)?;
        }
        Ok(())
    }

    fn plain(&mut self, engine: &mut Engine, set: u8, patterns: &[String], ctx: &str) -> Result<(), String> {
        self.add(engine, set, patterns.iter().map(|p| (p.as_str(), 0)), ctx)
    }
}

/// Adds a pattern; a leading optional word becomes two patterns (with and without it).
fn add_pattern(engine: &mut Engine, elems: Vec<Elem>, set: u8, tag: u32, ctx: &str) -> Result<(), String> {
    let lead = elems.iter().position(|e| !matches!(e, Elem::Mark(_) | Elem::Start | Elem::NotPrev(_))).unwrap_or(0);
    match elems.get(lead) {
        Some(Elem::Opt(inner)) => {
            let mut with = elems.clone();
            with[lead] = (**inner).clone();
            let mut without = elems.clone();
            without.remove(lead);
            add_pattern(engine, with, set, tag, ctx)?;
            add_pattern(engine, without, set, tag, ctx)
        }
        Some(Elem::Word(_) | Elem::OneOf(_) | Elem::Prefix(_)) => {
            engine.push(elems, set, tag);
            Ok(())
        }
        _ => Err(format!("{ctx}: a pattern must start with a word, a class or a stem")),
    }
}

impl Rules {
    fn compile(src: &str) -> Result<Rules, String> {
        let file: RuleFile = serde_json::from_str(src).map_err(|e| format!("static/coach/rules.json: {e}"))?;
        if file.version != 1 {
            return Err(format!("static/coach/rules.json: unsupported version {}", file.version));
        }
        let mut vocab = Vocab::default();
        // Id 0 is reserved for numbers written in digits.
        vocab.flags.push(0);
        for (k, v) in &file.normalise.contractions {
            let parts: Vec<Box<str>> = v.split_whitespace().map(Into::into).collect();
            if parts.is_empty() || parts.len() > 2 {
                return Err(format!("normalise.contractions: {k:?} must expand to one or two words"));
            }
            vocab.contractions.insert(k.to_lowercase().into(), parts.into());
        }
        for w in &file.normalise.is_words {
            vocab.is_words.insert(w.to_lowercase().into(), ());
        }
        let mut c = Compiler { vocab, classes: &file.classes };
        for k in file.normalise.contractions.keys() {
            c.vocab.set_flag(&k.to_lowercase(), CONTRACTION);
        }
        for w in &file.negation.negators {
            c.vocab.set_flag(w, NEGATOR);
        }
        for w in &file.negation.breakers {
            c.vocab.set_flag(w, BREAKER);
        }
        for w in &file.apology.connectors {
            c.vocab.set_flag(w, CONNECTOR);
        }
        for w in &file.temperature.acronyms {
            c.vocab.set_flag(&w.to_lowercase(), ACRONYM);
        }

        let mut review = Engine::default();
        let mut heat = Engine::default();
        c.plain(&mut review, set::GREETINGS, &file.greetings, "greetings")?;
        c.plain(&mut review, set::INTROS, &file.intros, "intros")?;
        c.plain(&mut review, set::TIME, &file.time, "time")?;
        c.plain(&mut review, set::PROMISE, &file.promise, "promise")?;
        c.plain(&mut review, set::SCHEDULE, &file.schedule, "schedule")?;
        c.plain(&mut review, set::PROBLEM, &file.problem, "problem")?;
        c.plain(&mut heat, set::PROBLEM, &file.problem, "problem")?;
        c.plain(&mut review, set::SOLUTION, &file.solution, "solution")?;
        c.plain(&mut review, set::BUT_EXCEPTIONS, &file.apology.exceptions, "apology.exceptions")?;
        c.plain(&mut review, set::BARE_APOLOGY, &file.apology.bare, "apology.bare")?;

        let mut finding_rules = Vec::new();
        for (i, f) in file.findings.iter().enumerate() {
            let ctx = format!("findings[{i}]");
            let code = super::Code::parse(&f.code).ok_or_else(|| format!("{ctx}: unknown code {:?}", f.code))?;
            let mut cancel_moves = Vec::new();
            for m in &f.cancel_moves {
                cancel_moves.push(super::Move::parse(m).ok_or_else(|| format!("{ctx}: unknown move {m:?}"))?);
            }
            finding_rules.push(FindingRule {
                code,
                reason: f.reason.clone(),
                rewrite: f.rewrite.clone(),
                mode: f.mode,
                negatable: f.negatable,
                unless_time: f.unless_time,
                cancel_reach: f.cancel_reach,
                cancel_moves,
            });
            c.add(&mut review, set::FINDINGS, f.patterns.iter().map(|p| (p.as_str(), i as u32)), &ctx)?;
            c.add(&mut review, set::CANCELS, f.cancel_if.iter().map(|p| (p.as_str(), i as u32)), &format!("{ctx}.cancel_if"))?;
        }

        let mut move_rules = Vec::new();
        for (i, m) in file.moves.iter().enumerate() {
            let ctx = format!("moves[{i}]");
            let mv = super::Move::parse(&m.mv).ok_or_else(|| format!("{ctx}: unknown move {:?}", m.mv))?;
            move_rules.push(MoveRule { mv, negatable: m.negatable });
            c.add(&mut review, set::MOVES, m.patterns.iter().map(|p| (p.as_str(), i as u32)), &ctx)?;
            c.add(&mut review, set::MOVE_EXCEPTS, m.except.iter().map(|p| (p.as_str(), i as u32)), &format!("{ctx}.except"))?;
        }

        let t = &file.temperature;
        let mut cue_rules = Vec::new();
        for (i, q) in t.cues.iter().enumerate() {
            let ctx = format!("temperature.cues[{i}]");
            let kind = cue_kind(&q.kind).ok_or_else(|| format!("{ctx}: unknown kind {:?}", q.kind))?;
            cue_rules.push(CueRule { kind, weight: q.weight, negatable: q.negatable });
            c.add(&mut heat, set::CUES, q.patterns.iter().map(|p| (p.as_str(), i as u32)), &ctx)?;
        }
        let mut kind_caps = Vec::new();
        for (k, v) in &t.caps {
            let kind = cue_kind(k).ok_or_else(|| format!("temperature.caps: unknown kind {k:?}"))?;
            kind_caps.push((kind, *v));
        }
        kind_caps.sort_unstable();
        let mut normalised_kinds = Vec::new();
        for k in &t.normalised {
            normalised_kinds.push(cue_kind(k).ok_or_else(|| format!("temperature.normalised: unknown kind {k:?}"))?);
        }
        let l = t.levels;
        if !(l.upset < l.angry && l.angry < l.furious && l.furious <= 100) {
            return Err("temperature.levels must rise: upset < angry < furious <= 100".into());
        }
        if file.negation.window == 0 || file.notes.min_words == 0 {
            return Err("negation.window and notes.min_words must be positive".into());
        }

        c.vocab.freeze();
        let vocab_len = c.vocab.flags.len();
        review.index(vocab_len);
        heat.index(vocab_len);
        Ok(Rules {
            vocab: c.vocab,
            window: file.negation.window,
            signoffs: file.signoffs.iter().map(|s| s.to_lowercase()).collect(),
            review,
            heat,
            bare_rewrite: file.apology.bare_rewrite,
            but_reason: file.apology.reason,
            finding_rules,
            move_rules,
            min_words: file.notes.min_words,
            interrupting: file.notes.interrupting,
            missing_thanks: file.notes.missing_thanks,
            missing_apology: file.notes.missing_apology,
            missing_time: file.notes.missing_time,
            levels: t.levels,
            capitals: t.capitals,
            punctuation: t.punctuation,
            reference_words: t.reference_words,
            censored: t.censored,
            kind_caps,
            normalised_kinds,
            cue_rules,
        })
    }

    /// The cap of a cue kind's total weight (0: none).
    pub fn kind_cap(&self, kind: &str) -> i32 {
        self.kind_caps.iter().find(|(k, _)| *k == kind).map_or(0, |(_, v)| *v)
    }
}

static RULES: OnceLock<Result<Rules, String>> = OnceLock::new();

/// The compiled-in rules, parsed on first use.
pub(crate) fn rules() -> Result<&'static Rules, &'static str> {
    RULES.get_or_init(|| Rules::compile(RULES_JSON)).as_ref().map_err(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_rules_compile() {
        let r = match Rules::compile(RULES_JSON) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(r.review.count(set::FINDINGS) > 50);
        assert!(r.review.count(set::MOVES) > 50);
    }

    #[test]
    fn a_pattern_starting_with_a_gap_is_refused() {
        let src = RULES_JSON.replacen("\"greetings\": [", "\"greetings\": [\"** hi\", ", 1);
        assert!(Rules::compile(&src).err().unwrap_or_default().contains("must start with a word"));
    }

    #[test]
    fn contractions_expand_in_patterns_and_text_alike() {
        let r = rules().unwrap();
        let mut v = Vec::new();
        r.vocab.expand("don't", &mut |w| v.push(w.to_string()));
        r.vocab.expand("it's", &mut |w| v.push(w.to_string()));
        r.vocab.expand("courier's", &mut |w| v.push(w.to_string()));
        r.vocab.expand("won't", &mut |w| v.push(w.to_string()));
        assert_eq!(v, ["do", "not", "it", "is", "courier", "'s", "will", "not"]);
    }
}
