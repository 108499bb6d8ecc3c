//! The coach's word list: ids for the words the rules mention, word flags
//! (negator, breaker, connector, acronym, contraction), contraction
//! expansion, and the small hasher both lookups use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The word list every pattern and every token is looked up in. Words are
/// interned through a map while the rules compile, then frozen into a flat
/// open-addressing table that a lookup walks with one hash and one compare.
#[derive(Default)]
pub(crate) struct Vocab {
    pub(super) map: FnvMap<Box<str>, u32>,
    pub(super) flags: Vec<u8>,
    pub(super) contractions: FnvMap<Box<str>, Box<[Box<str>]>>,
    pub(super) is_words: FnvMap<Box<str>, ()>,
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
    // The last bytes, little-endian and zero-padded, read a byte at a time
    // (a copy of a variable length is a call to memcpy).
    let mut tail = 0u64;
    for (k, &x) in rest.iter().enumerate() {
        tail |= u64::from(x) << (8 * k);
    }
    h = (h.rotate_left(23) ^ tail ^ ((rest.len() as u64) << 59)).wrapping_mul(0x0100_0000_01b3_7f4b);
    h ^ (h >> 31)
}

/// `hash_word` of the lowercased word `src[start..end]`, a word of ASCII
/// letters and digits only (its lowercase is each byte `| 0x20`), read from
/// the source eight bytes at a time where eight are there to read, so a
/// token is hashed without being read again byte by byte.
#[inline(always)]
pub(crate) fn hash_ascii_word(src: &[u8], start: usize, end: usize) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut k = start;
    while k + 8 <= end {
        let mut b = [0u8; 8];
        b.copy_from_slice(&src[k..k + 8]);
        h = (h.rotate_left(23) ^ (u64::from_le_bytes(b) | LOWER)).wrapping_mul(0x0100_0000_01b3_7f4b);
        k += 8;
    }
    let n = end - k;
    let tail = if n == 0 {
        0
    } else if k + 8 <= src.len() {
        // Eight bytes are there: read them whole and keep the word's.
        let mut b = [0u8; 8];
        b.copy_from_slice(&src[k..k + 8]);
        let mask = u64::MAX >> (64 - 8 * n);
        (u64::from_le_bytes(b) | LOWER) & mask
    } else {
        let mut t = 0u64;
        for (j, &x) in src[k..end].iter().enumerate() {
            t |= u64::from(x | 0x20) << (8 * j);
        }
        t
    };
    h = (h.rotate_left(23) ^ tail ^ ((n as u64) << 59)).wrapping_mul(0x0100_0000_01b3_7f4b);
    h ^ (h >> 31)
}

impl Vocab {
    pub(super) fn intern(&mut self, w: &str) -> u32 {
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
        self.id_hashed(w, hash_word(w.as_bytes()))
    }

    /// The id of a lowercased word with no digits whose `hash_word` is `h`
    /// (`hash_ascii_word`), `UNKNOWN` for words no rule uses.
    #[inline]
    pub fn id_hashed(&self, w: &str, h: u64) -> u32 {
        if self.table.is_empty() {
            return self.map.get(w).copied().unwrap_or(UNKNOWN);
        }
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
    pub(super) fn freeze(&mut self) {
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

    /// Every word with its id, for tables built once over the word list.
    pub(crate) fn words(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.map.iter().map(|(w, &id)| (&**w, id))
    }

    /// Number of ids (`DIGITS` included).
    pub(crate) fn len(&self) -> usize {
        self.flags.len()
    }

    /// The flags (`NEGATOR`, `BREAKER`, …) of a token id.
    #[inline(always)]
    pub fn flags(&self, id: u32) -> u8 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    pub(super) fn set_flag(&mut self, w: &str, flag: u8) {
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
pub(super) fn has_id(ids: &[u32], id: u32) -> bool {
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

pub(super) fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{hash_ascii_word, hash_word};

    /// A word's hash read from the source (eight bytes at a time, past the
    /// word's end where the source goes on) is the hash of its lowercase.
    #[test]
    fn a_word_hashed_in_its_source_hashes_as_its_lowercase() {
        let src = "Sorry POLICY abcdefgh abcdefghi x Refundable Unacceptably0123 ZZ";
        let b = src.as_bytes();
        for start in 0..b.len() {
            for end in start + 1..=b.len() {
                let w = &b[start..end];
                if w.iter().all(u8::is_ascii_alphanumeric) {
                    assert_eq!(hash_ascii_word(b, start, end), hash_word(&w.to_ascii_lowercase()), "{:?}", &src[start..end]);
                }
            }
        }
    }
}
