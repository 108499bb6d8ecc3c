//! Upper and lower case for text in any script, exactly as the standard
//! library writes it (`str::to_lowercase`, `char::to_lowercase`,
//! `char::to_uppercase`), from the compact tables `build.rs` reads out of the
//! compiler's own `std` (`build/case.rs`). The sidebar needs case for free
//! text (the search over stored tickets, e-mail addresses, a playbook's
//! placeholder text) and would otherwise carry the standard library's case
//! tables, 27,988 B of its wasm; these are about a third of that. The tests
//! compare every char, and the final-sigma rule, against the standard library.

mod tables {
    include!(concat!(env!("OUT_DIR"), "/case_tables.rs"));
}
use tables::{LOWER, LOWER_MULTI, SIGMA, UPPER, UPPER_KEPT, UPPER_MULTI};

/// `s.to_lowercase()`.
pub fn lower(s: &str) -> String {
    // Most text is ASCII (the binder lowers every stored alert at its first
    // search): without the tables' binary search per char, as std does.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'Σ' {
            // As std: a capital sigma at the end of a word is a final sigma.
            let is_final = cased_beyond_ignorable(s[..i].chars().rev()) && !cased_beyond_ignorable(s[i + 'Σ'.len_utf8()..].chars());
            out.push(if is_final { 'ς' } else { 'σ' });
        } else {
            push_mapped(&mut out, c, LOWER, LOWER_MULTI);
        }
    }
    out
}

/// The first char of `c.to_lowercase()`.
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match LOWER_MULTI.iter().find(|(from, _)| *from == c) {
        Some((_, to)) => to.chars().next().unwrap_or(c),
        None => mapped(c, LOWER),
    }
}

/// Pushes `c.to_uppercase()`.
pub fn push_upper(out: &mut String, c: char) {
    push_mapped(out, c, UPPER, UPPER_MULTI);
}

/// Pushes `c.to_uppercase()` when `c.is_lowercase()`, else `c`: the capital
/// for a sentence's first letter, leaving title-case letters (ǅ) as they are.
pub fn push_capital(out: &mut String, c: char) {
    if UPPER_KEPT.contains(&c) {
        out.push(c);
    } else {
        push_upper(out, c);
    }
}

fn push_mapped(out: &mut String, c: char, runs: &[(u32, u16, u8, i32)], multi: &[(char, &str)]) {
    match multi.iter().find(|(from, _)| *from == c) {
        Some((_, to)) => out.push_str(to),
        None => out.push(mapped(c, runs)),
    }
}

/// `c` through the runs `(first, count, step, offset)`, or `c` when none holds it.
fn mapped(c: char, runs: &[(u32, u16, u8, i32)]) -> char {
    let n = c as u32;
    let Some(&(first, count, step, offset)) = runs.get(runs.partition_point(|r| r.0 <= n).wrapping_sub(1)) else { return c };
    let (gap, step) = (n - first, u32::from(step));
    if gap % step == 0 && gap / step < u32::from(count) {
        char::from_u32(n.wrapping_add_signed(offset)).unwrap_or(c)
    } else {
        c
    }
}

/// std's test beside a sigma: the first char that is not case-ignorable is cased.
fn cased_beyond_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| sigma_class(c) != IGNORABLE).is_some_and(|c| sigma_class(c) == CASED)
}

const IGNORABLE: u32 = 1;
const CASED: u32 = 2;

/// 1 for a case-ignorable char, 2 for a cased one that is not, 0 for the rest.
fn sigma_class(c: char) -> u32 {
    let n = c as u32;
    SIGMA[SIGMA.partition_point(|&p| p >> 2 <= n) - 1] & 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_char() -> impl Iterator<Item = char> {
        (0..=char::MAX as u32).filter_map(char::from_u32)
    }

    #[test]
    fn every_char_maps_as_std_does() {
        for c in every_char() {
            let mut upper = String::new();
            push_upper(&mut upper, c);
            assert_eq!(upper, c.to_uppercase().collect::<String>(), "upper case of U+{:04X}", c as u32);
            assert_eq!(lower(c.encode_utf8(&mut [0; 4])), c.to_lowercase().collect::<String>(), "lower case of U+{:04X}", c as u32);
            assert_eq!(Some(lower_char(c)), c.to_lowercase().next(), "first lower char of U+{:04X}", c as u32);
            let mut capital = String::new();
            push_capital(&mut capital, c);
            let want: String = if c.is_lowercase() { c.to_uppercase().collect() } else { c.into() };
            assert_eq!(capital, want, "capital of U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_sigma_beside_every_char_is_as_std_has_it() {
        for c in every_char() {
            for s in [format!("{c}Σ"), format!("A{c}Σ"), format!("AΣ{c}"), format!("AΣ{c}A"), format!("Σ{c}")] {
                assert_eq!(lower(&s), s.to_lowercase(), "{s:?}");
            }
        }
    }

    #[test]
    fn words_are_as_std_has_them() {
        for s in ["ὈΔΥΣΣΕΎΣ", "ΣΑΣ ΣΑΣ.", "Straße İstanbul", "Ñandú Łódź", "ǅemal", "", "ΑΣ'Σ", "A\u{0301}Σ"] {
            assert_eq!(lower(s), s.to_lowercase(), "{s:?}");
        }
    }
}
