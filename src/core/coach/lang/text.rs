//! A Spanish or German text as the coach reads it: word tokens folded the
//! way people type (accents optional, `ß` = `ss`, `ä` = `ae`, no `¿¡`), a
//! light stem per word, sentences, and which words are the writer's own
//! (not inside quotes, not a `>` line, not a quoted reply, not after the
//! sign-off).

use crate::core::locale::Lang;

/// One word of the text.
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// Lowercased and folded (`política` → `politica`, `Grüße` → `gruesse`).
    pub norm: String,
    /// The light stem of `norm` (see [`stem`]).
    pub stem: String,
    /// Written in capitals, two letters or more (`NADA`).
    pub shouted: bool,
    /// The writer's own words (see the module doc).
    pub own: bool,
}

/// One sentence: a range of tokens and of bytes.
pub(crate) struct Sentence {
    pub toks: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
    /// Ends with a question mark (or, in Spanish, opens with `¿`).
    pub question: bool,
    /// The writer's own tokens among `toks`, in order (found once here, as
    /// every reader of the sentence needs them).
    pub own: Vec<usize>,
}

/// The text, tokenised.
pub(crate) struct Doc {
    pub toks: Vec<Tok>,
    pub sentences: Vec<Sentence>,
    /// Byte ranges that are not the writer's own (quotes, `>` lines, the
    /// quoted reply, the signature).
    pub foreign: Vec<(usize, usize)>,
}

impl Doc {
    /// Tokenises `src`; `signoffs` are folded phrases that end the writer's
    /// own text when one makes up a line ("Atentamente", "Viele Grüße").
    pub fn new(src: &str, lang: Lang, signoffs: &[Vec<String>]) -> Doc {
        let foreign = foreign_ranges(src, lang, signoffs);
        let mut toks = Vec::new();
        let mut sentences = Vec::new();
        let (mut s_tok, mut s_start, mut opens_q) = (0, 0, false);
        let mut chars = src.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_alphanumeric() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let raw = &src[i..end];
                let norm = fold(raw, lang);
                let shouted = raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !raw.chars().any(char::is_lowercase);
                let own = !foreign.iter().any(|&(a, b)| i >= a && i < b);
                toks.push(Tok { start: i, end, stem: stem(&norm, lang), norm, shouted, own });
                continue;
            }
            let next_is_digit = chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit());
            let prev_is_digit = i > 0 && src.as_bytes()[i - 1].is_ascii_digit();
            let ends = match c {
                '.' | ',' if prev_is_digit && next_is_digit => false,
                '.' | '!' | '?' | '\n' | '…' | ';' => true,
                _ => false,
            };
            if c == '¿' && toks.len() == s_tok {
                opens_q = true;
            }
            if ends {
                if toks.len() > s_tok {
                    sentences.push(Sentence {
                        toks: s_tok..toks.len(),
                        start: s_start,
                        end: i + c.len_utf8(),
                        question: c == '?' || opens_q,
                        own: Vec::new(),
                    });
                }
                s_tok = toks.len();
                s_start = i + c.len_utf8();
                opens_q = false;
            }
        }
        if toks.len() > s_tok {
            sentences.push(Sentence { toks: s_tok..toks.len(), start: s_start, end: src.len(), question: opens_q, own: Vec::new() });
        }
        for s in &mut sentences {
            if let Some(t) = toks.get(s.toks.start) {
                s.start = t.start;
            }
            s.own = s.toks.clone().filter(|&i| toks[i].own).collect();
        }
        Doc { toks, sentences, foreign }
    }

    /// Number of the writer's own words.
    pub fn own_words(&self) -> usize {
        self.toks.iter().filter(|t| t.own).count()
    }

    /// Whether byte `i` is in the writer's own text.
    pub fn own_at(&self, i: usize) -> bool {
        !self.foreign.iter().any(|&(a, b)| i >= a && i < b)
    }
}

/// Lowercases and folds one word. Spanish: accents and `ñ` dropped, so
/// "politica" and "política" are one word. German: umlauts written out and
/// `ß` as `ss`, so "Grüße", "Gruesse" and "Grüsse" are one word; a
/// capitalised formal pronoun (`Sie`, `Ihnen`, `Ihr…`) becomes `sie_`
/// (etc.), told apart from "sie" (she, they); at a sentence's start the two
/// look alike, and a helpdesk reply means the formal one far more often.
pub(crate) fn fold(raw: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    for c in raw.chars().flat_map(char::to_lowercase) {
        match (lang, c) {
            (Lang::De, 'ä') => out.push_str("ae"),
            (Lang::De, 'ö') => out.push_str("oe"),
            (Lang::De, 'ü') => out.push_str("ue"),
            (Lang::De, 'ß') => out.push_str("ss"),
            (_, 'á' | 'à' | 'â') => out.push('a'),
            (_, 'é' | 'è' | 'ê') => out.push('e'),
            (_, 'í' | 'ì' | 'î') => out.push('i'),
            (_, 'ó' | 'ò' | 'ô') => out.push('o'),
            (_, 'ú' | 'ù' | 'û' | 'ü') => out.push('u'),
            (_, 'ñ') => out.push('n'),
            (_, 'ç') => out.push('c'),
            _ => out.push(c),
        }
    }
    let formal = lang == Lang::De
        && raw.starts_with(char::is_uppercase)
        && !raw.chars().skip(1).any(char::is_uppercase)
        && matches!(out.as_str(), "sie" | "ihnen" | "ihr" | "ihre" | "ihren" | "ihrem" | "ihrer" | "ihres");
    if formal {
        out.push('_');
    }
    out
}

/// Spanish endings, longest first: plurals, gender, the common verb endings
/// (voseo's "podés", "tenés" among them) and derivations.
const ES_SUFFIXES: [&str; 45] = [
    "amientos", "imientos", "amiento", "imiento", "aciones", "uciones", "adoras", "adores", "mente", "acion", "ucion", "ables", "ibles",
    "istas", "ieron", "iendo", "adora", "ador", "able", "ible", "ista", "ando", "aron", "aste", "iste", "amos", "emos", "imos", "aban",
    "aria", "eria", "idas", "idos", "ados", "adas", "ada", "ado", "ida", "ido", "ar", "er", "ir", "es", "os", "as",
];

/// German endings, longest first: plurals, cases, `-ung`/`-heit`/`-keit`, verb endings.
const DE_SUFFIXES: [&str; 22] = [
    "ungen", "heiten", "keiten", "ung", "heit", "keit", "lichen", "licher", "liche", "lich", "isch", "ern", "est", "end", "em", "en", "er",
    "es", "st", "e", "n", "s",
];

/// A light stem: the longest listed ending dropped when at least three
/// letters stay, then (Spanish) one final vowel or `s`, (German) one final
/// `t` after a stem of four or more. Not Snowball, but it joins the forms
/// that matter here ("kündigen"/"kündige", "disculpas"/"disculpe") at a
/// fraction of a stemmer's size in the worker.
pub(crate) fn stem(norm: &str, lang: Lang) -> String {
    let min = 3;
    let suffixes: &[&str] = match lang {
        Lang::Es => &ES_SUFFIXES,
        Lang::De => &DE_SUFFIXES,
        Lang::En => &[],
    };
    if norm.chars().any(|c| c.is_ascii_digit()) || norm.ends_with('_') {
        return norm.to_string();
    }
    let mut s = norm;
    if let Some(suf) = suffixes.iter().find(|suf| s.len() >= suf.len() + min && s.ends_with(*suf)) {
        s = &s[..s.len() - suf.len()];
    }
    if lang == Lang::Es && s.len() > min && s.ends_with(['a', 'e', 'o', 's']) {
        s = &s[..s.len() - 1];
    }
    if lang == Lang::De && s.len() > 4 && s.ends_with('t') && !s.ends_with("tt") {
        s = &s[..s.len() - 1];
    }
    s.to_string()
}

/// The byte ranges that are not the writer's own: text in double or
/// angle quotes (`"…"`, `“…”`, `„…“`, `«…»`), lines opening with `>`, from
/// a quoted reply's header line ("El … escribió:", "Am … schrieb …:") on,
/// and from a sign-off line on.
fn foreign_ranges(src: &str, lang: Lang, signoffs: &[Vec<String>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in src.char_indices() {
        match open {
            None if matches!(c, '"' | '“' | '„' | '«') => open = Some((i, c)),
            Some((a, o)) if closes(o, c) => {
                out.push((a, i + c.len_utf8()));
                open = None;
            }
            Some((_, _)) if c == '\n' => open = None,
            _ => {}
        }
    }
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('>') {
            out.push((at, at + line.len()));
        } else if is_reply_header(t) || is_signoff(t, lang, signoffs) {
            out.push((at, src.len()));
            break;
        }
        at += line.len();
    }
    out
}

fn closes(open: char, c: char) -> bool {
    match open {
        '"' => c == '"' || c == '”',
        '“' => c == '”' || c == '“',
        '„' => c == '“' || c == '”',
        '«' => c == '»',
        _ => false,
    }
}

/// "El lun, 3 mar 2025, Ana escribió:", "Am 3. März schrieb Jan Weber:".
fn is_reply_header(line: &str) -> bool {
    let l = line.to_lowercase();
    l.ends_with(':') && (l.contains("escribió") || l.contains("escribio") || l.contains("schrieb"))
}

/// A short line that is a sign-off phrase alone, with its comma.
fn is_signoff(line: &str, lang: Lang, signoffs: &[Vec<String>]) -> bool {
    let words: Vec<String> = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| fold(w, lang)).collect();
    !words.is_empty() && words.len() <= 4 && signoffs.contains(&words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_umlauts_are_optional() {
        assert_eq!(fold("Política", Lang::Es), "politica");
        assert_eq!(fold("Grüße", Lang::De), fold("Gruesse", Lang::De));
        assert_eq!(fold("Straße", Lang::De), "strasse");
        assert_eq!(stem("kuendige", Lang::De), stem("kuendigen", Lang::De));
        assert_eq!(stem("disculpas", Lang::Es), stem("disculpa", Lang::Es));
    }

    #[test]
    fn formal_sie_is_told_from_she() {
        let d = Doc::new("Können Sie mir helfen? Ob sie morgen kommt?", Lang::De, &[]);
        let norms: Vec<&str> = d.toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["koennen", "sie_", "mir", "helfen", "ob", "sie", "morgen", "kommt"]);
        assert_eq!(d.sentences.len(), 2);
        assert!(d.sentences[0].question);
    }

    #[test]
    fn quotes_replies_and_signatures_are_not_own_words() {
        let signoffs = vec![vec!["atentamente".to_string()]];
        let d = Doc::new("Usted dijo «es culpa suya» y lo entiendo.\nAtentamente,\nAna Pérez", Lang::Es, &signoffs);
        let own: Vec<&str> = d.toks.iter().filter(|t| t.own).map(|t| t.norm.as_str()).collect();
        assert_eq!(own, ["usted", "dijo", "y", "lo", "entiendo"]);
    }
}
