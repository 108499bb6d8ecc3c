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
    for c in s.chars().flat_map(char::to_lowercase) {
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
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A message as a sentence: capital first letter, one full stop.
pub fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str().trim_end_matches('.')),
        None => String::new(),
    }
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
    fn humanize_and_sentence_read_as_words() {
        assert_eq!(humanize("take-action"), "Take action");
        assert_eq!(sentence("the run is over."), "The run is over.");
        assert_eq!(sentence(""), "");
    }
}
