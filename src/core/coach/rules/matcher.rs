//! The pattern matcher: compiled patterns, the tokens they read, and the
//! engine that finds every match of every pattern set in one pass, indexed
//! by each pattern's first one to three words.

use super::vocab::{has_id, UNKNOWN};

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
pub(crate) enum Elem {
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
    /// Words the match needs besides its first: one id of each group must
    /// be among the sentence's own words (`Engine::index` fills it in).
    needs: Box<[Box<[u32]>]>,
    /// For a `stem*` pattern, its first element's stem.
    stem: Option<Box<str>>,
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
    /// Openers of the sentence after an apology that take it back ("However,", "That said,").
    pub const OPENERS: u8 = 14;
    /// Number of sets.
    pub const COUNT: usize = 15;
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
    /// The word ids that start a two- or three-word key, as bits: a token
    /// whose word starts none is not looked up in `keys`.
    key_first: Box<[u64]>,
    /// `stem*` patterns by the stem's first byte.
    prefix: Box<[Box<[u32]>]>,
    /// Patterns while the engine is built.
    building: Vec<Pattern>,
    /// Words of a sentence bitset (one bit per word id).
    words: usize,
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
    pub(super) fn push(&mut self, elems: Vec<Elem>, set: u8, tag: u32) {
        self.building.push(Pattern { elems: elems.into(), set, tag, needs: Box::default(), stem: None });
    }

    /// Builds the indexes once every pattern is in and the vocabulary is final.
    pub(super) fn index(&mut self, vocab_len: usize) {
        const MAX_KEYS: usize = 64;
        self.pats = std::mem::take(&mut self.building).into_boxed_slice();
        self.words = vocab_len.div_ceil(64);
        for pat in self.pats.iter_mut() {
            pat.needs = needs_of(&pat.elems);
            pat.stem = consumers(&pat.elems).next().and_then(|e| match e {
                Elem::Prefix(stem) => Some(stem.clone()),
                _ => None,
            });
        }
        let mut firsts: Vec<(u32, u32)> = Vec::new();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut key_first = vec![0u64; vocab_len.div_ceil(64)];
        let mut starts_key = |id: u32| {
            if let Some(w) = key_first.get_mut(id as usize / 64) {
                *w |= 1 << (id % 64);
            }
        };
        let mut prefix: Vec<Vec<u32>> = vec![Vec::new(); 256];
        for (p, pat) in self.pats.iter().enumerate() {
            let p = p as u32;
            let mut it = consumers(&pat.elems);
            let (a, b, c) = (it.next(), it.next(), it.next());
            match (a.and_then(ids_of), b.and_then(ids_of), c.and_then(ids_of)) {
                (Some(x), Some(y), Some(z)) if x.len() * y.len() * z.len() <= MAX_KEYS => {
                    for &i in x {
                        starts_key(i);
                        for &j in y {
                            keyed.extend(z.iter().map(|&k| (key3(i, j, k), p)));
                        }
                    }
                }
                (Some(x), Some(y), _) if x.len() * y.len() <= 4 * MAX_KEYS => {
                    for &i in x {
                        starts_key(i);
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
        self.key_first = key_first.into_boxed_slice();
    }

    /// Every match of every pattern, in token order. A pattern matches only
    /// the writer's own words, within one sentence.
    pub fn scan(&self, v: View, out: &mut Vec<Hit>) {
        // The word ids among each sentence's own words, one sentence at a
        // time: a pattern that needs a word its sentence lacks is not tried.
        let mut held = vec![0u64; self.words];
        let mut sentence_end = 0;
        for i in 0..v.toks.len() {
            if i == sentence_end {
                held.iter_mut().for_each(|w| *w = 0);
                let sent = v.toks[i].sentence;
                sentence_end = i + v.toks[i..].iter().take_while(|t| t.sentence == sent).count();
                for t in v.toks[i..sentence_end].iter().filter(|t| t.own) {
                    if let Some(w) = held.get_mut(t.id as usize / 64) {
                        *w |= 1 << (t.id % 64);
                    }
                }
            }
            self.scan_at(v, i, &held, out);
        }
    }

    fn scan_at(&self, v: View, i: usize, held: &[u64], out: &mut Vec<Hit>) {
        let t = v.toks[i];
        if !t.own {
            return;
        }
        let (sent, id) = (t.sentence, t.id);
        if (id as usize) < self.first.len() {
            let (a, n) = self.first[id as usize];
            for k in a..a + n {
                self.try_pattern(self.first_list[k as usize], v, i, sent, held, out);
            }
        }
        let starts_key = self.key_first.get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0);
        if starts_key && v.ok(i + 1, sent) && v.id(i + 1) != UNKNOWN {
            let id1 = v.id(i + 1);
            let mut keys = [key2(id, id1), u64::MAX];
            if v.ok(i + 2, sent) && v.id(i + 2) != UNKNOWN {
                keys[1] = key3(id, id1, v.id(i + 2));
            }
            for key in keys {
                let (a, n) = self.key_range(key);
                for k in a..a + n {
                    self.try_pattern(self.key_list[k as usize], v, i, sent, held, out);
                }
            }
        }
        if let Some(list) = self.prefix.get(usize::from(t.b0)) {
            let word = v.word(i);
            for &p in list.iter() {
                // The stem first: most words that share its first letter do not start with it.
                if self.pats[p as usize].stem.as_deref().is_none_or(|stem| word.starts_with(stem)) {
                    self.try_pattern(p, v, i, sent, held, out);
                }
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
    fn try_pattern(&self, p: u32, v: View, i: usize, sent: u32, held: &[u64], out: &mut Vec<Hit>) {
        let pat = &self.pats[p as usize];
        let has = |id: u32| held.get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0);
        if !pat.needs.iter().all(|group| group.iter().any(|&id| has(id))) {
            return;
        }
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
    pub(super) fn count(&self, set: u8) -> usize {
        self.pats.iter().filter(|p| p.set == set).count()
    }
}

/// The words a pattern cannot match without, besides its first element:
/// each plain word (`Word`) or short list of alternatives (`OneOf`) of the
/// pattern's own sequence, outside any optional part. Every such element
/// has to match one of the sentence's own words for the pattern to match
/// (`match_elems` consumes them in order, within the sentence).
fn needs_of(elems: &[Elem]) -> Box<[Box<[u32]>]> {
    const SHORT: usize = 8;
    consumers(elems).skip(1).filter_map(ids_of).filter(|ids| ids.len() <= SHORT).map(Box::from).collect()
}

/// A pattern's elements that consume a token (not its marks, its start
/// anchor or its look back), in order.
fn consumers(elems: &[Elem]) -> impl Iterator<Item = &Elem> {
    elems.iter().filter(|e| !matches!(e, Elem::Mark(_) | Elem::Start | Elem::NotPrev(_)))
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
