//! The model's lookup table from feature hashes to weights: read-only, open
//! addressing at most half full, each key beside its value, so that a
//! lookup (most of a sentence's features are in the model) reads one slot,
//! where a general hash map reads its control bytes and then its bucket.
//! Keys are the full 64-bit hashes: a lookup finds what a map would.

/// Fibonacci hashing: spreads a key's bits over the slot index.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

pub(crate) struct Table<V> {
    /// A key of 0 marks an empty slot; a key of 0 lives in `zero`.
    slots: Box<[(u64, V)]>,
    shift: u32,
    zero: Option<V>,
    len: usize,
}

impl<V: Copy + Default> Table<V> {
    /// The table of `entries`; a key given twice keeps its last value (as a
    /// map's `insert` would).
    pub fn build(entries: impl IntoIterator<Item = (u64, V)>) -> Table<V> {
        let entries: Vec<(u64, V)> = entries.into_iter().collect();
        let slots = (entries.len() * 2).max(16).next_power_of_two();
        let mut t =
            Table { slots: vec![(0, V::default()); slots].into_boxed_slice(), shift: 64 - slots.trailing_zeros(), zero: None, len: 0 };
        for (key, v) in entries {
            if key == 0 {
                t.len += usize::from(t.zero.is_none());
                t.zero = Some(v);
                continue;
            }
            let mask = slots - 1;
            let mut i = t.slot(key);
            while t.slots[i].0 != 0 && t.slots[i].0 != key {
                i = (i + 1) & mask;
            }
            t.len += usize::from(t.slots[i].0 == 0);
            t.slots[i] = (key, v);
        }
        t
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(SPREAD) >> self.shift) as usize
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<&V> {
        if key == 0 {
            return self.zero.as_ref();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = &self.slots[i];
            if *k == key {
                return Some(v);
            }
            if *k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn finds_every_key_and_no_other() {
        let keys: Vec<u64> = (0..5000u64).map(|k| k.wrapping_mul(0x1234_5678_9abc_def1) ^ (k << 7)).collect();
        let t = Table::build(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        assert_eq!(t.len(), keys.len());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(&(i as u32)));
        }
        for k in 0..5000u64 {
            let other = k.wrapping_mul(0x9999_7777_5555_3333) | 1;
            assert_eq!(t.get(other).is_some(), keys.contains(&other));
        }
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_and_zero_is_a_key() {
        let t = Table::build([(7u64, 1u8), (0, 2), (7, 3)]);
        assert_eq!((t.get(7), t.get(0), t.get(8), t.len()), (Some(&3), Some(&2), None, 2));
    }
}
