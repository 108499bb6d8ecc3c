//! Small text helpers the shell and the pages share: one home for each, so
//! no page grows its own copy.

/// The first `n` lines of a multi-line error, joined with " · ", with a count of the rest.
pub fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= n {
        lines.join(" · ")
    } else {
        format!("{} · and {} more", lines[..n].join(" · "), lines.len() - n)
    }
}

/// The first word of a full name ("Ana Ruiz" → "Ana"), or "".
pub fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

/// A file-name-safe form of a name: lowercase letters, digits and dashes, at
/// most 40 characters; `fallback` when nothing is left.
pub fn slug(s: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in lower_latin(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(40).collect::<String>();
    if out.is_empty() {
        fallback.into()
    } else {
        out
    }
}

/// An id as words: "take-action" → "Take action".
pub fn humanize(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut c = words.chars();
    let mut out = String::with_capacity(words.len());
    if let Some(first) = c.next() {
        crate::core::case::push_upper(&mut out, first);
        out.push_str(c.as_str());
    }
    out
}

/// A message as a sentence: capital first letter, one full stop.
pub fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => {
            let mut out = String::with_capacity(s.len() + 1);
            push_upper_latin(&mut out, f);
            out.push_str(c.as_str().trim_end_matches('.'));
            out.push('.');
            out
        }
        None => String::new(),
    }
}

/// `s` in lower case, as `str::to_lowercase` writes it for ASCII, Latin-1 and
/// Latin Extended-A (U+0000 to U+017F: English, Spanish, German and the other
/// Latin-script languages of western and central Europe); a letter beyond
/// U+017F is kept as it is. For the interface's own words, e-mail addresses
/// and titles: a bundle that calls only this, never `to_lowercase`, carries
/// no Unicode case tables (27,988 B in the trainer's wasm). Free text in any
/// script (search over stored tickets) goes through [`crate::core::case`].
pub fn lower_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_lower_latin(&mut out, c);
    }
    out
}

/// Pushes `c` in lower case (see [`lower_latin`] for the letters it knows).
pub fn push_lower_latin(out: &mut String, c: char) {
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => n + 0x20,
        // Capital I with dot above: a small i and the combining dot, as Unicode has it.
        0x130 => {
            out.push_str("i\u{307}");
            return;
        }
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 0 => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 1 => n + 1,
        0x178 => 0xFF,
        _ => n,
    };
    out.push(char::from_u32(lower).unwrap_or(c));
}

/// Pushes `c` in upper case, as `char::to_uppercase` writes it for U+0000 to
/// U+017F (ß is "SS"); a letter beyond is kept as it is.
pub fn push_upper_latin(out: &mut String, c: char) {
    let n = c as u32;
    let upper = match n {
        0x61..=0x7A | 0xE0..=0xF6 | 0xF8..=0xFE => n - 0x20,
        0xB5 => 0x39C,
        0xDF => {
            out.push_str("SS");
            return;
        }
        0xFF => 0x178,
        0x131 => 0x49,
        0x149 => {
            out.push_str("\u{2BC}N");
            return;
        }
        0x17F => 0x53,
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 1 => n - 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 0 => n - 1,
        _ => n,
    };
    out.push(char::from_u32(upper).unwrap_or(c));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_counts_what_it_leaves_out() {
        assert_eq!(first_lines("a\nb\nc\nd", 2), "a · b · and 2 more");
        assert_eq!(first_lines("a\nb", 2), "a · b");
    }

    #[test]
    fn first_name_is_the_first_word() {
        assert_eq!(first_name("  Ana Ruiz "), "Ana");
        assert_eq!(first_name(""), "");
    }

    #[test]
    fn slug_keeps_letters_and_digits_and_falls_back() {
        assert_eq!(slug("Ana María Ruiz!", "trainee"), "ana-mar-a-ruiz");
        assert_eq!(slug("***", "trainee"), "trainee");
    }

    #[test]
    fn latin_case_matches_the_standard_library_up_to_latin_extended_a() {
        for c in (0..=0x17Fu32).filter_map(char::from_u32) {
            let (mut lower, mut upper) = (String::new(), String::new());
            push_lower_latin(&mut lower, c);
            push_upper_latin(&mut upper, c);
            assert_eq!(lower, c.to_lowercase().collect::<String>(), "lower case of U+{:04X}", c as u32);
            assert_eq!(upper, c.to_uppercase().collect::<String>(), "upper case of U+{:04X}", c as u32);
        }
    }

    #[test]
    fn latin_case_keeps_letters_beyond_latin_extended_a() {
        assert_eq!(lower_latin("ЖΩ Ǆ"), "ЖΩ Ǆ");
        let mut up = String::new();
        push_upper_latin(&mut up, 'ж');
        assert_eq!(up, "ж");
    }

    #[test]
    fn latin_lower_case_reads_english_spanish_and_german_words() {
        for word in ["Furious", "ÁNGEL Ñandú ÉXITO ÍNDICE ÓPTIMO ÚLTIMO Ü", "Wütend ÄRGERLICH Öl Straße", "Łódź Čeština Œuvre"]
        {
            assert_eq!(lower_latin(word), word.to_lowercase());
        }
        assert_eq!(lower_latin("Sam.Núñez@Example.COM"), "sam.núñez@example.com");
        assert_eq!(sentence("über die Grenze"), "Über die Grenze.");
        assert_eq!(sentence("ñandú"), "Ñandú.");
        assert_eq!(sentence("ß"), "SS.");
    }

    #[test]
    fn latin_lower_case_matches_every_catalog_text() {
        for (lang, json) in [("es", include_str!("../../static/i18n/es.json")), ("de", include_str!("../../static/i18n/de.json"))] {
            let catalog: serde_json::Value = serde_json::from_str(json).unwrap();
            let mut texts = Vec::new();
            collect_strings(&catalog, &mut texts);
            assert!(texts.len() > 100, "{lang}: the catalog has its texts");
            for t in texts {
                assert_eq!(lower_latin(t), t.to_lowercase(), "{lang}: {t}");
            }
        }
    }

    fn collect_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| {
                out.push(k);
                collect_strings(v, out)
            }),
            _ => {}
        }
    }

    #[test]
    fn humanize_and_sentence_read_as_words() {
        assert_eq!(humanize("take-action"), "Take action");
        assert_eq!(sentence("the run is over."), "The run is over.");
        assert_eq!(sentence(""), "");
    }
}
