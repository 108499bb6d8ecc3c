//! The rules compiler: turns the parsed file into the engines and the
//! per-rule data the review and the temperature read, with an error that
//! names the rule when a pattern or a name is wrong.

use super::matcher::{set, Elem, Engine};
use super::schema::RuleFile;
use super::vocab::{Vocab, ACRONYM, BREAKER, CONNECTOR, CONTRACTION, DIGITS, NEGATOR};
use super::{RewriteMode, Rules};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A finding rule, compiled.
pub(crate) struct FindingRule {
    pub code: crate::core::coach::Code,
    pub reason: String,
    pub rewrite: Option<String>,
    pub mode: RewriteMode,
    pub negatable: bool,
    pub unless_time: bool,
    /// How many sentences before or after a `cancel_if` match may sit (0: the same sentence only).
    pub cancel_reach: usize,
    pub cancel_moves: Vec<crate::core::coach::Move>,
}

/// A move rule, compiled.
pub(crate) struct MoveRule {
    pub mv: crate::core::coach::Move,
    pub negatable: bool,
}

/// A temperature cue rule.
pub(crate) struct CueRule {
    pub kind: &'static str,
    pub weight: i32,
    pub negatable: bool,
}

/// The cue kinds a rules file may use (they become `Cue::kind`).
pub(crate) const CUE_KINDS: [&str; 10] =
    ["capitals", "punctuation", "profanity", "threat", "absolute", "negative", "repetition", "waiting", "positive", "length"];

pub(super) fn cue_kind(s: &str) -> Option<&'static str> {
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
    pub(super) fn compile(src: &str) -> Result<Rules, String> {
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
        c.plain(&mut review, set::OPENERS, &file.apology.openers, "apology.openers")?;
        c.plain(&mut review, set::BARE_APOLOGY, &file.apology.bare, "apology.bare")?;

        let mut finding_rules = Vec::new();
        for (i, f) in file.findings.iter().enumerate() {
            let ctx = format!("findings[{i}]");
            let code = crate::core::coach::Code::parse(&f.code).ok_or_else(|| format!("{ctx}: unknown code {:?}", f.code))?;
            let mut cancel_moves = Vec::new();
            for m in &f.cancel_moves {
                cancel_moves.push(crate::core::coach::Move::parse(m).ok_or_else(|| format!("{ctx}: unknown move {m:?}"))?);
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
            let mv = crate::core::coach::Move::parse(&m.mv).ok_or_else(|| format!("{ctx}: unknown move {:?}", m.mv))?;
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
        let mut learned = Vec::new();
        for code in crate::core::coach::learned::CODES {
            let l = file.learned.get(code.as_str()).ok_or_else(|| format!("learned: no entry for {:?}", code.as_str()))?;
            learned.push(l.clone());
        }
        if let Some(k) = file.learned.keys().find(|k| !crate::core::coach::learned::CODES.iter().any(|c| c.as_str() == k.as_str())) {
            return Err(format!("learned: unknown code {k:?}"));
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
            learned,
            capitals: t.capitals,
            punctuation: t.punctuation,
            reference_words: t.reference_words,
            censored: t.censored,
            kind_caps,
            normalised_kinds,
            cue_rules,
            stems: OnceLock::new(),
        })
    }

    /// The cap of a cue kind's total weight (0: none).
    pub fn kind_cap(&self, kind: &str) -> i32 {
        self.kind_caps.iter().find(|(k, _)| *k == kind).map_or(0, |(_, v)| *v)
    }
}
