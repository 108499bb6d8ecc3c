//! Text analysis for the coach: lowercased word tokens with byte spans into
//! the original, sentence and clause numbers, and which words are not the
//! writer's own (inline quotes, quoted replies, signatures).

use super::rules::{hash_ascii_word, Rules, Token, View, Vocab, ACRONYM, BREAKER, CONTRACTION, NEGATOR};

/// A sentence: byte span from its first visible character to its last
/// (terminal punctuation included) and its tokens.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub last: usize,
    pub question: bool,
}

/// A draft or message, analysed.
pub(crate) struct Text<'a> {
    pub src: &'a str,
    /// `src` with its ASCII letters lowercased, where an ASCII word's
    /// lowercase is read in place; then the lowercase of every other word
    /// (non-ASCII, or a contraction expanded), appended.
    lower: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Byte ranges that are not the writer's own words, sorted.
    pub not_own: Vec<(usize, usize)>,
    vocab: &'a Vocab,
    /// Reused buffer for contraction expansions.
    scratch: String,
}

impl<'a> Text<'a> {
    /// Tokenises `src` with the rules' vocabulary.
    pub fn new(src: &'a str, rules: &'a Rules) -> Self {
        let not_own = not_own_regions(src, &rules.signoffs);
        let mut lower = String::with_capacity(src.len() + 16);
        lower.push_str(src);
        lower.make_ascii_lowercase();
        let mut t = Text {
            src,
            lower,
            tokens: Vec::with_capacity(src.len() / 4 + 4),
            sentences: Vec::with_capacity(src.len() / 40 + 2),
            not_own,
            vocab: &rules.vocab,
            scratch: String::new(),
        };
        t.scan();
        t.reported_speech();
        t
    }

    /// Reported speech is not the writer's own either: after "you said",
    /// "you wrote", "you mentioned", "you were told", "the note says" (not
    /// "as you said"), the rest of the clause is someone else's words.
    fn reported_speech(&mut self) {
        const REPORT: [&str; 12] =
            ["said", "say", "says", "wrote", "write", "writes", "mentioned", "mention", "told", "claimed", "asked", "stated"];
        const SPEAKERS: [&str; 8] = ["you", "note", "notes", "email", "message", "ticket", "letter", "colleague"];
        for s in 0..self.sentences.len() {
            let sent = self.sentences[s];
            let mut cut = None;
            for i in sent.first..sent.last.saturating_sub(1) {
                if !self.own(i) || !SPEAKERS.contains(&self.word(i)) {
                    continue;
                }
                // "you said", "you were told", "the note says", "you've written": the reporting verb within two words.
                let verb = (i + 1..(i + 3).min(sent.last)).find(|&j| REPORT.contains(&self.word(j)));
                let Some(j) = verb else { continue };
                if i > sent.first && self.word(i - 1) == "as" {
                    continue;
                }
                cut = Some(j + 1);
                break;
            }
            // To the end of the clause ("You mentioned X, and I'm sorry": the apology is the writer's).
            if let Some(c) = cut.filter(|&c| c < sent.last) {
                let clause = self.tokens[c].clause;
                for t in self.tokens[c..sent.last].iter_mut().take_while(|t| t.clause == clause) {
                    t.own = false;
                }
            }
        }
    }

    /// The tokens and their lowercased words, for the matcher.
    pub fn view(&self) -> View<'_> {
        View { toks: &self.tokens, lower: &self.lower }
    }

    /// The lowercased word of token `i` (contractions expanded).
    pub fn word(&self, i: usize) -> &str {
        self.tokens.get(i).and_then(|t| self.lower.get(t.lo.0 as usize..t.lo.1 as usize)).unwrap_or("")
    }

    /// Token `i` is the writer's own word.
    pub fn own(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.own)
    }

    /// The word id of token `i`.
    pub fn id(&self, i: usize) -> u32 {
        self.tokens.get(i).map_or(super::rules::UNKNOWN, |t| t.id)
    }

    /// The clause number of token `i`.
    pub fn clause(&self, i: usize) -> u32 {
        self.tokens.get(i).map_or(u32::MAX, |t| t.clause)
    }

    /// The original text of tokens `a..b` (`b` exclusive).
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        if a >= b || b > self.tokens.len() {
            return "";
        }
        self.src.get(self.tokens[a].start..self.tokens[b - 1].end).unwrap_or("")
    }

    /// Byte span of tokens `a..b`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b || b > self.tokens.len() {
            return (0, 0);
        }
        (self.tokens[a].start, self.tokens[b - 1].end)
    }

    /// Whether token `i` is negated: a negator earlier in its clause, within
    /// `window` words, with no breaker (`but`, `unless`, …) in between.
    /// A match that starts with a negator ("not our fault") carries its own negation.
    pub fn negated(&self, i: usize, window: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        if self.vocab.flags(t.id) & NEGATOR != 0 {
            return false;
        }
        let mut j = i;
        let mut seen = 0;
        while j > 0 && seen < window {
            j -= 1;
            let u = &self.tokens[j];
            if u.sentence != t.sentence || u.clause != t.clause || !u.own {
                break;
            }
            // The tokens of one contraction share a span: count them once.
            if u.start != self.tokens[j + 1].start {
                seen += 1;
            }
            let f = self.vocab.flags(u.id);
            if f & BREAKER != 0 {
                break;
            }
            if f & NEGATOR != 0 {
                return true;
            }
        }
        false
    }

    /// `negated(i, window)` for every token at once, in one forward pass
    /// (the learned model asks it of every own token; a look back per token
    /// cost a walk of up to `window` tokens each). For each token, the
    /// nearest earlier token of its clause that stops the look back (not
    /// own, a breaker, a negator) decides, if it is near enough.
    pub fn negations(&self, window: usize) -> Vec<bool> {
        let n = self.tokens.len();
        let mut out = vec![false; n];
        // The look back's word count over tokens 0..i (the tokens of one
        // contraction count once), and the token that stops the look back:
        // whether it negates, and the count over tokens 0..=it.
        let mut steps = 0usize;
        let mut stop: Option<(bool, usize)> = None;
        for (i, t) in self.tokens.iter().enumerate() {
            let same_clause = i > 0 && self.tokens[i - 1].sentence == t.sentence && self.tokens[i - 1].clause == t.clause;
            if !same_clause {
                stop = None;
            }
            let flags = self.vocab.flags(t.id);
            out[i] = flags & NEGATOR == 0 && stop.is_some_and(|(negates, at)| negates && steps - at < window);
            let fresh = self.tokens.get(i + 1).is_some_and(|next| next.start != t.start);
            steps += usize::from(fresh);
            if !t.own || flags & (BREAKER | NEGATOR) != 0 {
                stop = Some((t.own && flags & BREAKER == 0 && flags & NEGATOR != 0, steps));
            }
        }
        out
    }

    /// Number of own words (contractions count once).
    pub fn own_words(&self) -> usize {
        let mut n = 0;
        let mut last = usize::MAX;
        for t in &self.tokens {
            if t.own && t.start != last {
                n += 1;
            }
            last = t.start;
        }
        n
    }

    /// Own words written in capitals that are not common acronyms.
    pub fn shouted(&self) -> impl Iterator<Item = &Token> + '_ {
        let mut last = usize::MAX;
        self.tokens.iter().filter(move |t| {
            let fresh = t.start != last;
            last = t.start;
            fresh && t.own && t.caps && self.vocab.flags(t.id) & ACRONYM == 0
        })
    }

    /// Whether byte `pos` is in the writer's own words.
    pub fn own_at(&self, pos: usize) -> bool {
        !self.not_own.iter().any(|&(a, b)| a <= pos && pos < b)
    }

    fn scan(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut region = 0usize;
        let mut sentence = 0u32;
        let mut clause = 0u32;
        let mut cur = Sentence { start: usize::MAX, ..Sentence::default() };
        let mut pending = false; // sentence punctuation seen
        let mut brk = false; // the next visible character starts a new sentence
        let mut prev_space = true;
        let mut i = 0usize;
        while i < src.len() {
            let c = match bytes[i] {
                b if b < 0x80 => char::from(b),
                _ => match src[i..].chars().next() {
                    Some(c) => c,
                    None => break,
                },
            };
            let clen = c.len_utf8();
            if c.is_alphanumeric() {
                if brk {
                    self.close(&mut cur, &mut sentence);
                    clause += 1;
                    brk = false;
                }
                pending = false;
                let plain = plain_word(bytes, i);
                let end = plain.map_or_else(|| word_end(src, i), |w| w.end);
                if cur.start == usize::MAX {
                    cur.start = i;
                    cur.first = self.tokens.len();
                }
                while region < self.not_own.len() && self.not_own[region].1 <= i {
                    region += 1;
                }
                let own = !(region < self.not_own.len() && self.not_own[region].0 <= i);
                match plain {
                    Some(w) if !w.digits => {
                        // ASCII letters only: the lowercase is in place, and the word's
                        // hash is read from the source (each byte's lowercase is `| 0x20`).
                        let id = self.vocab.id_hashed(&self.lower[i..end], hash_ascii_word(bytes, i, end));
                        let caps = w.letters >= 2 && !w.lowercase;
                        let b0 = bytes[i] | 0x20;
                        let tok = Token { start: i, end, lo: (i as u32, end as u32), id, sentence, clause, own, caps, b0 };
                        self.push_lowered(tok, false);
                    }
                    _ => self.push_word(i, end, sentence, clause, own),
                }
                cur.end = end;
                prev_space = false;
                i = end;
                continue;
            }
            if c.is_whitespace() {
                if c == '\n' {
                    if cur.start != usize::MAX {
                        brk = true;
                    }
                } else if pending {
                    brk = true;
                }
                prev_space = true;
                i += clen;
                continue;
            }
            // Punctuation or a symbol.
            if brk {
                self.close(&mut cur, &mut sentence);
                clause += 1;
                brk = false;
            }
            if cur.start == usize::MAX {
                cur.start = i;
                cur.first = self.tokens.len();
            }
            cur.end = i + clen;
            match c {
                '.' | '!' | '?' | '\u{2026}' => {
                    pending = true;
                    if c == '?' {
                        cur.question = true;
                    }
                    clause += 1;
                }
                ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}' | '\u{2014}' | '\u{2013}' => {
                    clause += 1
                }
                '-' => {
                    let next_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
                    if prev_space && next_space {
                        clause += 1;
                    }
                }
                _ => {}
            }
            prev_space = false;
            i += clen;
        }
        self.close(&mut cur, &mut sentence);
    }

    fn close(&mut self, cur: &mut Sentence, sentence: &mut u32) {
        if cur.start != usize::MAX {
            cur.last = self.tokens.len();
            self.sentences.push(*cur);
            *sentence += 1;
        }
        *cur = Sentence { start: usize::MAX, ..Sentence::default() };
    }

    fn push_word(&mut self, start: usize, end: usize, sentence: u32, clause: u32, own: bool) {
        // Split at digit/letter boundaries: "5pm" → "5" "pm", "24h" → "24" "h".
        let word = &self.src[start..end];
        if !word.bytes().any(|b| b.is_ascii_digit()) {
            self.push_part(start, end, sentence, clause, own);
            return;
        }
        // A word with digits is a code or a time ("SPRING10", "5PM"), not shouting.
        let first_token = self.tokens.len();
        let mut part_start = start;
        let mut prev_digit: Option<bool> = None;
        for (off, c) in word.char_indices() {
            let d = c.is_ascii_digit();
            if let Some(p) = prev_digit {
                if p != d && c.is_alphanumeric() {
                    self.push_part(part_start, start + off, sentence, clause, own);
                    part_start = start + off;
                }
            }
            if c.is_alphanumeric() {
                prev_digit = Some(d);
            }
        }
        self.push_part(part_start, end, sentence, clause, own);
        for t in &mut self.tokens[first_token..] {
            t.caps = false;
        }
    }

    fn push_part(&mut self, start: usize, end: usize, sentence: u32, clause: u32, own: bool) {
        let part = &self.src[start..end];
        let mut lo = (start, end);
        let mut letters = 0;
        let mut upper = true;
        let mut apostrophe = false;
        if part.is_ascii() {
            // Fast path: the lowercase is in place.
            for &b in part.as_bytes() {
                if b.is_ascii_alphabetic() {
                    letters += 1;
                    upper &= b.is_ascii_uppercase();
                }
                apostrophe |= b == b'\'';
            }
        } else {
            lo.0 = self.lower.len();
            // Curly apostrophes become straight ones: check the slow way.
            apostrophe = true;
            for c in part.chars() {
                match c {
                    '\u{2019}' | '\u{2018}' | '`' => self.lower.push('\''),
                    _ => {
                        if c.is_alphabetic() {
                            letters += 1;
                            upper &= !c.is_lowercase();
                        }
                        self.lower.extend(c.to_lowercase());
                    }
                }
            }
            lo.1 = self.lower.len();
        }
        let caps = letters >= 2 && upper;
        let w = &self.lower[lo.0..lo.1];
        let id = self.vocab.id(w);
        let b0 = w.as_bytes().first().copied().unwrap_or(0);
        let tok = Token { start, end, lo: (lo.0 as u32, lo.1 as u32), id, sentence, clause, own, caps, b0 };
        self.push_lowered(tok, apostrophe);
    }

    /// Pushes `tok`, a word with its lowercase and its word id, or, for a
    /// contraction, the tokens it expands to.
    #[inline(always)]
    fn push_lowered(&mut self, tok: Token, apostrophe: bool) {
        // Fast path: a plain word is its own token.
        if !apostrophe && self.vocab.flags(tok.id) & CONTRACTION == 0 {
            self.tokens.push(tok);
        } else {
            self.push_expanded(tok);
        }
    }

    /// The tokens a contraction's word expands to (most words expand to themselves).
    #[inline(never)]
    fn push_expanded(&mut self, tok: Token) {
        let vocab = self.vocab;
        let (lo_start, lo_end) = (tok.lo.0 as usize, tok.lo.1 as usize);
        let mut parts: [(usize, usize); 2] = [(0, 0); 2];
        let mut n = 0;
        let mut extra = std::mem::take(&mut self.scratch);
        extra.clear();
        {
            let w = &self.lower[lo_start..lo_end];
            // Expansions go into a scratch buffer.
            vocab.expand(w, &mut |p| {
                if n < 2 {
                    parts[n] = (extra.len(), extra.len() + p.len());
                    extra.push_str(p);
                }
                n += 1;
            });
        }
        let base = self.lower.len();
        if n == 1 && extra[..] == self.lower[lo_start..lo_end] {
            let id = vocab.id(&extra);
            self.tokens.push(Token { id, ..tok });
        } else {
            self.lower.push_str(&extra);
            for &(a, b) in parts.iter().take(n.min(2)) {
                let w = &extra[a..b];
                let id = vocab.id(w);
                let b0 = w.as_bytes().first().copied().unwrap_or(0);
                self.tokens.push(Token { lo: ((base + a) as u32, (base + b) as u32), id, b0, ..tok });
            }
        }
        self.scratch = extra;
    }
}

/// A word of ASCII letters and digits only, ended by a space or plain
/// punctuation (most words): where it ends, and what `push_part` would
/// count in it, read in the one pass that finds its end.
#[derive(Clone, Copy)]
struct Plain {
    end: usize,
    digits: bool,
    letters: usize,
    lowercase: bool,
}

/// The plain word at `i`, or `None` when `word_end`'s slower rules apply
/// (an apostrophe, an asterisk, a letter outside ASCII).
#[inline]
fn plain_word(bytes: &[u8], i: usize) -> Option<Plain> {
    let (mut j, mut digits, mut letters, mut lowercase) = (i, false, 0, false);
    while let Some(&b) = bytes.get(j) {
        if b.is_ascii_lowercase() {
            lowercase = true;
            letters += 1;
        } else if b.is_ascii_uppercase() {
            letters += 1;
        } else if b.is_ascii_digit() {
            digits = true;
        } else {
            break;
        }
        j += 1;
    }
    let ends_plainly = bytes.get(j).is_none_or(|&b| b < 0x80 && b != b'\'' && b != b'*');
    (j > i && ends_plainly).then_some(Plain { end: j, digits, letters, lowercase })
}

/// End of the word that starts at `i`: letters and digits, apostrophes
/// between letters, and the asterisks of a censored word (`f***`, `sh*t`).
fn word_end(src: &str, i: usize) -> usize {
    // Fast path: a run of ASCII letters and digits ended by a space or plain punctuation.
    let bytes = src.as_bytes();
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j > i && bytes.get(j).is_none_or(|&b| b < 0x80 && b != b'\'' && b != b'*') {
        return j;
    }
    let mut end = i;
    let mut chars = src[i..].char_indices().peekable();
    let mut letters = 0usize;
    while let Some((off, c)) = chars.next() {
        if c.is_alphanumeric() {
            letters += 1;
            end = i + off + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        if matches!(c, '\'' | '\u{2019}') && next.is_some_and(char::is_alphabetic) {
            end = i + off + c.len_utf8();
            continue;
        }
        if c == '*' && letters <= 4 {
            // A run of asterisks inside or at the end of a short word.
            let rest = &src[i + off..];
            let run = rest.bytes().take_while(|&b| b == b'*').count();
            let after = rest[run..].chars().next();
            if after.is_some_and(char::is_alphabetic) || (run >= 2 && !after.is_some_and(char::is_alphanumeric)) {
                end = i + off + run;
                for _ in 1..run {
                    chars.next();
                }
                continue;
            }
        }
        break;
    }
    end.max(i + src[i..].chars().next().map_or(1, char::len_utf8))
}

/// Byte ranges that are not the writer's own words: lines quoted with `>`,
/// a quoted reply (`On … wrote:`, `-----Original Message-----`, `From:`
/// headers) and everything after it, a signature (`-- `, `Sent from my …`,
/// a sign-off line such as `Best regards,` near the end), and text inside
/// double quotes (“…”, "…", «…») within a line.
fn not_own_regions(src: &str, signoffs: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let lines: Vec<(usize, &str)> = line_spans(src);
    // Where the quoted reply starts, if any.
    let mut cut = src.len();
    for (k, &(pos, line)) in lines.iter().enumerate() {
        let t = line.trim();
        let on = starts_ci(t, "on ");
        let wrote = ends_ci(t, "wrote:") && (on || (k > 0 && starts_ci(lines[k - 1].1.trim_start(), "on ")));
        let original = t.starts_with("--") && t.to_lowercase().contains("original message");
        let header = starts_ci(t, "from:")
            && lines.iter().skip(k + 1).take(4).any(|(_, l)| {
                let l = l.trim_start();
                ["sent:", "date:", "subject:", "to:"].iter().any(|p| starts_ci(l, p))
            });
        if wrote || original || header {
            cut = if wrote && !on && k > 0 { lines[k - 1].0 } else { pos };
            break;
        }
    }
    // Signature: the first signature marker before the cut.
    let nonempty: Vec<(usize, &str)> = lines.iter().copied().filter(|&(p, l)| p < cut && !l.trim().is_empty()).collect();
    let mut sig = cut;
    let mut bare = String::new();
    for (rank, &(pos, line)) in nonempty.iter().enumerate() {
        let t = line.trim();
        let dashes = line.trim_end_matches(['\r', '\n']) == "-- " || t == "--";
        let device = ["sent from my", "sent from mail for", "get outlook for"].iter().any(|p| starts_ci(t, p));
        let from_end = nonempty.len() - rank;
        let signoff = rank > 0 && from_end <= 6 && t.len() <= 40 && (t.ends_with(',') || from_end > 1) && {
            words_lowercased(t.trim_end_matches([',', '.', '!', ' ']), &mut bare);
            signoffs.contains(&bare)
        };
        if dashes || device || signoff {
            sig = pos;
            break;
        }
    }
    // Lines quoted with '>' and inline quotes, in the own part. Most drafts
    // hold no quote mark at all: one pass over the whole text, branch-free
    // (so it reads many bytes a step), saves looking in each line.
    let quotes = has_quote_lead(src.as_bytes());
    for &(pos, line) in &lines {
        if pos >= sig {
            break;
        }
        if line.trim_start().starts_with('>') {
            out.push((pos, pos + line.len()));
            continue;
        }
        if quotes {
            inline_quotes(line, pos, &mut out);
        }
    }
    if sig < src.len() {
        out.push((sig, src.len()));
    }
    out.sort_unstable();
    // Merge overlaps so a forward scan can use them.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (a, b) in out {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// `s` lowercased, its words joined by single spaces, into `out` (one
/// buffer for every line, where a line's own copies cost three allocations).
fn words_lowercased(s: &str, out: &mut String) {
    out.clear();
    // An ASCII line is lowercased word by word as it is copied; any other
    // is lowercased whole first (the ASCII pass then changes nothing).
    let lower = if s.is_ascii() { std::borrow::Cow::Borrowed(s) } else { std::borrow::Cow::Owned(s.to_lowercase()) };
    for (k, w) in lower.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let from = out.len();
        out.push_str(w);
        out[from..].make_ascii_lowercase();
    }
}

fn starts_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn ends_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn line_spans(src: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        v.push((pos, line));
        pos += line.len();
    }
    v
}

/// Whether `b` holds a byte a quote mark starts with: '"' or the lead
/// bytes of “ ” (E2) and « » (C2). Read whole, without an early exit.
fn has_quote_lead(b: &[u8]) -> bool {
    b.iter().fold(false, |seen, &x| seen | (x == b'"') | (x == 0xE2) | (x == 0xC2))
}

/// Pairs of double quotes within one line; an unpaired quote is ignored.
fn inline_quotes(line: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    if !has_quote_lead(line.as_bytes()) {
        return;
    }
    let mut open: Option<(usize, char)> = None;
    for (off, c) in line.char_indices() {
        match (open, c) {
            (None, '"' | '\u{201c}' | '\u{ab}') => {
                // A straight quote right after a digit is inches (27"), not a quote.
                let after_digit = c == '"' && line[..off].chars().next_back().is_some_and(|p| p.is_ascii_digit());
                if !after_digit {
                    open = Some((off, c));
                }
            }
            (Some((s, '"')), '"') | (Some((s, '\u{201c}')), '\u{201d}') | (Some((s, '\u{ab}')), '\u{bb}') => {
                out.push((base + s, base + off + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::rules;
    use super::*;

    fn words(src: &str) -> Vec<String> {
        let r = rules().unwrap();
        let t = Text::new(src, r);
        (0..t.tokens.len()).map(|i| t.word(i).to_string()).collect()
    }

    #[test]
    fn contractions_and_curly_apostrophes_expand() {
        assert_eq!(words("I’m sure it’s fine, don't worry"), ["i", "am", "sure", "it", "is", "fine", "do", "not", "worry"]);
    }

    #[test]
    fn times_split_at_digits() {
        assert_eq!(words("by 5pm, within 24h"), ["by", "5", "pm", "within", "24", "h"]);
    }

    #[test]
    fn censored_words_stay_whole() {
        assert_eq!(words("what the f*** is this sh*t"), ["what", "the", "f***", "is", "this", "sh*t"]);
    }

    #[test]
    fn sentences_split_on_punctuation_and_newlines() {
        let r = rules().unwrap();
        let t = Text::new("Hi Sam,\nSorry. It costs 2.50 now! Ok?", r);
        let s: Vec<&str> = t.sentences.iter().map(|s| &t.src[s.start..s.end]).collect();
        assert_eq!(s, ["Hi Sam,", "Sorry.", "It costs 2.50 now!", "Ok?"]);
    }

    #[test]
    fn quoted_reply_and_signature_are_not_own() {
        let src = "Thanks for waiting.\n\nBest regards,\nAna\n\nOn Mon, 3 May, Bob wrote:\n> calm down";
        let r = rules().unwrap();
        let t = Text::new(src, r);
        let own: Vec<&str> = t.tokens.iter().filter(|t| t.own).map(|t| &src[t.start..t.end]).collect();
        assert_eq!(own, ["Thanks", "for", "waiting"]);
    }

    /// The forward pass and the look back agree on every token, windows
    /// small and large, across clauses, contractions, breakers and quotes.
    #[test]
    fn negations_in_one_pass_are_the_look_back() {
        let r = rules().unwrap();
        for src in [
            "I don't think it's not your fault, but we never lost it.",
            "It wasn't the courier who lost it; nobody didn't try. Not us, not them!",
            "We can't and won't refund, unless you \"never received\" it; don't worry",
            "no no no. never ever blame you, not at all, isn't it",
            "Hi,\nI'm not sure we haven't been clear\n> not my words\nThanks",
        ] {
            let t = Text::new(src, r);
            for window in [0, 1, 2, 3, r.window, 10] {
                let fast = t.negations(window);
                let slow: Vec<bool> = (0..t.tokens.len()).map(|i| t.negated(i, window)).collect();
                assert_eq!(fast, slow, "{src:?} window {window}");
                assert!(window != r.window || fast.contains(&true), "{src:?}: nothing negated");
            }
        }
    }

    #[test]
    fn inline_quotes_are_not_own() {
        let src = "You said \u{201c}calm down\u{201d} was rude and \"relax\" too.";
        let r = rules().unwrap();
        let t = Text::new(src, r);
        let own: Vec<&str> = t.tokens.iter().filter(|t| t.own).map(|t| &src[t.start..t.end]).collect();
        assert_eq!(own, ["You", "said", "was", "rude", "and", "too"]);
    }
}
