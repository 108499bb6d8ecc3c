//! A language's coach data: the word lists (`static/coach/<lang>/cues.txt`,
//! written by hand) and the learned weights (`static/coach/<lang>/model.bin`,
//! written by `cargo run --release --example train_coach_lang -- --lang <lang>`).
//!
//! `cues.txt`, one entry a line (`#` starts a comment), fields split by a tab:
//!
//! | line | meaning |
//! | --- | --- |
//! | `class NAME` ⇥ `phrase \| phrase …` | a word class the model sees (`apology`, `contrast`, `neg`, `you`, …) |
//! | `cue KIND WEIGHT` ⇥ `phrase \| …` | a temperature cue of that kind and weight |
//! | `signoff` ⇥ `phrase \| …` | a line that ends the writer's own text |
//! | `rule CODE` ⇥ `pattern \| …` | a finding (or, with a move's name, a move) the sentence has when a pattern matches (below) |
//! | `reason CODE` ⇥ text | the finding's reason, in the language |
//! | `rewrite CODE` ⇥ text | the finding's suggested sentence |
//!
//! A phrase is words in the folded spelling (see `text::fold`); `word*`
//! matches any word starting so, `*word` any word ending so (the tail of a
//! German compound), `*word*` any word containing it, `#` any number.
//!
//! A rule's pattern is a phrase whose elements may also be `@class` (a phrase
//! of that class), `**` (zero to four words), `~` (the sentence ends here and
//! the next one opens with the rest) and, last, `!@class` (the sentence has
//! no phrase of that class: "pronto" is a vague promise unless a time is
//! named); `?` anywhere: the sentence is a question. Rules are what carries over to wordings the model never saw;
//! they are written from the language, not from the corpus's sentences.

use super::text::fold;
use crate::core::coach::learned::{HashIndex, DENSE, OUTPUTS};
use crate::core::locale::Lang;
use std::collections::HashMap;

/// One element of a phrase.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Pat {
    Word(String),
    Prefix(String),
    /// `*word`: a word ending so (German compounds: `*bedingungen` is
    /// "Reisebedingungen", "Versicherungsbedingungen"…).
    Suffix(String),
    /// `*word*`: a word containing it (`*richtlinie*`: "Förderrichtlinien").
    Infix(String),
    Number,
}

impl Pat {
    pub fn matches(&self, norm: &str) -> bool {
        match self {
            Pat::Word(w) => w == norm,
            Pat::Prefix(p) => norm.starts_with(p.as_str()),
            Pat::Suffix(p) => norm.ends_with(p.as_str()),
            Pat::Infix(p) => norm.contains(p.as_str()),
            Pat::Number => norm.starts_with(|c: char| c.is_ascii_digit()),
        }
    }
}

/// One element of a rule.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Elem {
    Pat(Pat),
    Class(usize),
    Gap,
}

/// A finding rule: `before` in a sentence, then (with `~`) `after` opening the next.
pub(crate) struct Rule {
    /// The model output (codes, then moves) the rule finds; `None` for a
    /// code the model has no output for (the rule never fires).
    pub output: Option<usize>,
    pub before: Vec<Elem>,
    pub after: Option<Vec<Elem>>,
    pub unless: Option<usize>,
    /// The sentence must be a question (`?` in the pattern).
    pub question: bool,
    /// The pattern as written (for the training command's list of misses).
    pub src: String,
}

/// A phrase and what it stands for: a class (index into `Pack::classes`) or a cue.
pub(crate) struct Phrase {
    pub pats: Vec<Pat>,
    pub class: Option<usize>,
    pub cue: Option<(&'static str, i32)>,
}

/// The cue kinds a `cue` line may name (the English coach's own, so the
/// sidebar and the learned model's dense inputs read them alike).
const CUE_KINDS: [&str; 8] = ["profanity", "threat", "absolute", "negative", "repetition", "waiting", "positive", "capitals"];

/// The word lists of one language.
pub(crate) struct Cues {
    pub classes: Vec<String>,
    pub phrases: Vec<Phrase>,
    pub signoffs: Vec<Vec<String>>,
    pub reasons: HashMap<String, String>,
    pub rewrites: HashMap<String, String>,
    pub rules: Vec<Rule>,
    /// Which phrases and rules can start at a word, built once at load.
    pub starts: Starts,
}

/// The phrases and rules indexed by what their first element needs, so a
/// text is matched only against those that can start at each of its words.
/// Every list is in file order, as the matcher's results depend on it.
#[derive(Default)]
pub(crate) struct Starts {
    /// Phrases opening with this exact word.
    pub phrase_word: HashMap<String, Vec<usize>>,
    /// Phrases opening with a prefix or a number, by the first character a
    /// word must have to match (a number: each digit).
    pub phrase_lead: HashMap<char, Vec<usize>>,
    /// Rules opening with this exact word.
    pub rule_word: HashMap<String, Vec<usize>>,
    /// Rules opening with a phrase of this class (by class index).
    pub rule_class: Vec<Vec<usize>>,
    /// Rules opening with a prefix or a number, by first character as above.
    pub rule_lead: HashMap<char, Vec<usize>>,
    /// Phrases and rules opening with `*word` or `*word*`: tried at every word.
    pub phrase_any: Vec<usize>,
    pub rule_any: Vec<usize>,
}

impl Starts {
    fn new(c: &Cues) -> Starts {
        let mut s = Starts { rule_class: vec![Vec::new(); c.classes.len()], ..Starts::default() };
        for (k, ph) in c.phrases.iter().enumerate() {
            match ph.pats.first() {
                Some(Pat::Word(w)) => s.phrase_word.entry(w.clone()).or_default().push(k),
                Some(Pat::Suffix(_) | Pat::Infix(_)) => s.phrase_any.push(k),
                Some(pat) => lead_chars(pat).for_each(|ch| s.phrase_lead.entry(ch).or_default().push(k)),
                None => {}
            }
        }
        for (k, rule) in c.rules.iter().enumerate() {
            match rule.before.first() {
                Some(Elem::Pat(Pat::Word(w))) => s.rule_word.entry(w.clone()).or_default().push(k),
                Some(Elem::Class(cl)) => s.rule_class[*cl].push(k),
                Some(Elem::Pat(Pat::Suffix(_) | Pat::Infix(_))) => s.rule_any.push(k),
                Some(Elem::Pat(pat)) => lead_chars(pat).for_each(|ch| s.rule_lead.entry(ch).or_default().push(k)),
                Some(Elem::Gap) | None => {}
            }
        }
        s
    }
}

/// The first characters a word can have and match `pat` (a prefix's own
/// first character, any digit for a number). Parsing has refused an empty prefix.
fn lead_chars(pat: &Pat) -> impl Iterator<Item = char> + '_ {
    let (prefix, digits) = match pat {
        Pat::Word(w) | Pat::Prefix(w) => (w.chars().next(), None),
        Pat::Suffix(_) | Pat::Infix(_) => (None, None),
        Pat::Number => (None, Some('0'..='9')),
    };
    prefix.into_iter().chain(digits.into_iter().flatten())
}

fn parse_phrase(p: &str, lang: Lang) -> Vec<Pat> {
    p.split_whitespace()
        .map(|w| {
            if w == "#" {
                Pat::Number
            } else if let Some(mid) = w.strip_prefix('*').and_then(|m| m.strip_suffix('*')) {
                Pat::Infix(fold(mid, lang))
            } else if let Some(end) = w.strip_prefix('*') {
                Pat::Suffix(fold(end, lang))
            } else if let Some(pre) = w.strip_suffix('*') {
                Pat::Prefix(fold(pre, lang))
            } else {
                Pat::Word(fold(w, lang))
            }
        })
        .collect()
}

impl Cues {
    /// Reads a `cues.txt`; the error names the line.
    pub fn parse(src: &str, lang: Lang) -> Result<Cues, String> {
        let mut c = Cues {
            classes: Vec::new(),
            phrases: Vec::new(),
            signoffs: Vec::new(),
            reasons: HashMap::new(),
            rewrites: HashMap::new(),
            rules: Vec::new(),
            starts: Starts::default(),
        };
        let mut rules = Vec::new();
        let file = format!("static/coach/{}/cues.txt", lang.tag());
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("{file}:{}: {why}: {line:?}", n + 1);
            let (head, rest) = line.split_once('\t').ok_or_else(|| bad("expected a tab after the entry's name"))?;
            let rest = rest.trim();
            let mut words = head.split_whitespace();
            let phrases = || rest.split('|').map(str::trim).filter(|p| !p.is_empty());
            match (words.next(), words.next(), words.next()) {
                (Some("class"), Some(name), None) => {
                    let k = c.classes.len();
                    c.classes.push(name.to_string());
                    for p in phrases() {
                        c.phrases.push(Phrase { pats: parse_phrase(p, lang), class: Some(k), cue: None });
                    }
                }
                (Some("cue"), Some(kind), Some(w)) => {
                    let kind = CUE_KINDS.into_iter().find(|k| *k == kind).ok_or_else(|| bad("unknown cue kind"))?;
                    let w: i32 = w.parse().map_err(|_| bad("the weight is not a whole number"))?;
                    for p in phrases() {
                        c.phrases.push(Phrase { pats: parse_phrase(p, lang), class: None, cue: Some((kind, w)) });
                    }
                }
                (Some("signoff"), None, None) => {
                    for p in phrases() {
                        c.signoffs.push(p.split_whitespace().map(|w| fold(w, lang)).collect());
                    }
                }
                (Some("rule"), Some(code), None) => {
                    for p in phrases() {
                        rules.push((n + 1, code.to_string(), p.to_string()));
                    }
                }
                (Some("reason"), Some(code), None) => {
                    c.reasons.insert(code.to_string(), rest.to_string());
                }
                (Some("rewrite"), Some(code), None) => {
                    c.rewrites.insert(code.to_string(), rest.to_string());
                }
                _ => return Err(bad("unknown entry")),
            }
        }
        for (n, code, p) in rules {
            let rule = c.rule(&code, &p, lang).map_err(|why| format!("{file}:{n}: {why}: {p:?}"))?;
            c.rules.push(rule);
        }
        let bare = |x: &Pat| matches!(x, Pat::Prefix(w) | Pat::Suffix(w) | Pat::Infix(w) if w.is_empty());
        if let Some(p) = c.phrases.iter().find(|p| p.pats.is_empty() || p.pats.iter().any(bare)) {
            return Err(format!("{file}: an empty phrase or a bare `*` ({:?})", p.pats));
        }
        c.starts = Starts::new(&c);
        Ok(c)
    }
}

impl Cues {
    fn rule(&self, code: &str, src: &str, lang: Lang) -> Result<Rule, String> {
        if crate::core::coach::Code::parse(code).is_none() && crate::core::coach::Move::parse(code).is_none() {
            return Err(format!("unknown code or move {code:?}"));
        }
        let class = |name: &str| self.classes.iter().position(|c| c == name).ok_or_else(|| format!("unknown class @{name}"));
        let (mut before, mut after, mut unless) = (Vec::new(), None::<Vec<Elem>>, None);
        let mut question = false;
        for w in src.split_whitespace() {
            let e = if w == "?" {
                question = true;
                continue;
            } else if let Some(name) = w.strip_prefix("!@") {
                unless = Some(class(name)?);
                continue;
            } else if w == "~" {
                after = Some(Vec::new());
                continue;
            } else if w == "**" {
                Elem::Gap
            } else if let Some(name) = w.strip_prefix('@') {
                Elem::Class(class(name)?)
            } else {
                Elem::Pat(parse_phrase(w, lang).remove(0))
            };
            match after.as_mut() {
                Some(a) => a.push(e),
                None => before.push(e),
            }
        }
        if before.first().is_none_or(|e| *e == Elem::Gap) {
            return Err("a rule starts with a word or a class".into());
        }
        Ok(Rule { output: output(code), before, after, unless, question, src: src.to_string() })
    }
}

/// FNV-1a: the model's feature names are looked up by this hash.
pub(crate) fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

const LEVELS: [&str; 4] = ["calm", "upset", "angry", "furious"];

/// The learned weights of one language (same line format as the English
/// `static/coach/model.txt`).
#[derive(Default, PartialEq)]
pub(crate) struct Weights {
    pub index: HashIndex<Vec<(u8, i32)>>,
    pub bias: [i32; OUTPUTS],
    pub threshold: [i32; OUTPUTS],
    /// Per code: a rule finding stands only where the draft's best sentence
    /// scores at least this (`i32::MIN`: no veto).
    pub veto: [i32; OUTPUTS],
    pub heat_index: HashIndex<[i32; 4]>,
    pub heat_bias: [i32; 4],
    pub heat_dense: [[i32; 4]; 12],
}

fn output(name: &str) -> Option<usize> {
    (0..OUTPUTS).find(|&o| crate::core::coach::learned::output_name(o) == name)
}

impl Weights {
    /// Reads a `model.bin` (the compact form of `learned/compact.rs`, the
    /// English model's); the error names the file.
    pub fn from_bin(bytes: &[u8], lang: Lang) -> Result<Weights, String> {
        let file = format!("static/coach/{}/model.bin", lang.tag());
        let n = crate::core::coach::learned::compact::decode(bytes, &file)?;
        let mut m = Weights {
            bias: n.bias,
            threshold: n.threshold,
            veto: n.veto,
            heat_bias: n.heat_bias,
            heat_dense: n.heat_dense,
            ..Weights::default()
        };
        for (name, ws) in &n.draft {
            m.index.insert(hash(name), ws.iter().map(|&(o, w)| (o, i32::from(w))).collect());
        }
        for (name, levels) in &n.heat {
            m.heat_index.insert(hash(name), *levels);
        }
        Ok(m)
    }

    /// Reads the text form (`target/coach/<lang>/model.txt`); the error names the line.
    pub fn parse(src: &str, lang: Lang) -> Result<Weights, String> {
        let mut m = Weights { threshold: [i32::MAX; OUTPUTS], veto: [i32::MIN; OUTPUTS], ..Weights::default() };
        let file = format!("static/coach/{}/model.txt", lang.tag());
        for (n, line) in src.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || format!("{file}:{}: cannot read {line:?}", n + 1);
            let (head, rest) = line.split_once('\t').ok_or_else(bad)?;
            let pairs = || -> Result<Vec<(&str, i32)>, String> {
                rest.split_whitespace()
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').ok_or_else(bad)?;
                        Ok((k, v.parse::<i32>().map_err(|_| bad())?))
                    })
                    .collect()
            };
            let levels = || -> Result<[i32; 4], String> {
                let mut out = [0; 4];
                for (k, v) in pairs()? {
                    out[LEVELS.iter().position(|l| *l == k).ok_or_else(bad)?] = v;
                }
                Ok(out)
            };
            let outputs = |into: &mut [i32; OUTPUTS]| -> Result<(), String> {
                for (k, v) in pairs()? {
                    into[output(k).ok_or_else(bad)?] = v;
                }
                Ok(())
            };
            if let Some(name) = head.strip_prefix("f ") {
                let mut ws = Vec::new();
                for (k, v) in pairs()? {
                    ws.push((output(k).ok_or_else(bad)? as u8, v));
                }
                m.index.insert(hash(name), ws);
            } else if let Some(name) = head.strip_prefix("h ") {
                m.heat_index.insert(hash(name), levels()?);
            } else if let Some(name) = head.strip_prefix("d ") {
                m.heat_dense[DENSE.iter().position(|d| *d == name).ok_or_else(bad)?] = levels()?;
            } else {
                match head {
                    "version" if rest.trim() == "1" => {}
                    "bias" => outputs(&mut m.bias)?,
                    "threshold" => outputs(&mut m.threshold)?,
                    "veto" => outputs(&mut m.veto)?,
                    "heat_bias" => m.heat_bias = levels()?,
                    _ => return Err(bad()),
                }
            }
        }
        Ok(m)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `model.bin` read directly and by way of its text form give one model.
    #[test]
    fn the_compact_model_reads_as_its_text_form_does() {
        for (lang, bytes) in [
            (Lang::Es, &include_bytes!("../../../../static/coach/es/model.bin")[..]),
            (Lang::De, &include_bytes!("../../../../static/coach/de/model.bin")[..]),
        ] {
            let direct = Weights::from_bin(bytes, lang).unwrap();
            let text = crate::core::coach::learned::compact::decode(bytes, "model.bin").unwrap().to_text();
            let via_text = Weights::parse(&text, lang).unwrap();
            assert!(!direct.index.is_empty() && !direct.heat_index.is_empty());
            assert!(direct == via_text, "{lang:?}: the two readings differ");
        }
    }
}
