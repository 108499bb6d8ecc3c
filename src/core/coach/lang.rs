//! The coach in Spanish and German: the same codes and moves as English, read
//! by a per-language learned model over each sentence's folded, stemmed words
//! and word classes, and a per-language temperature over the message's words,
//! its word cues (threats, profanity, politeness… in that language) and the
//! capitals and punctuation every language shares.
//!
//! A language's data is two files, `static/coach/<lang>/cues.txt` (word
//! lists, reasons and rewrites, by hand) and `static/coach/<lang>/model.bin`
//! (weights, by `examples/train_coach_lang.rs`, in the English model's
//! compact form; the trainer also writes its text form to
//! `target/coach/<lang>/model.txt` for a reviewer). Native builds (the CLI,
//! tests, the bench) compile them in; the coach's worker wasm does not (the
//! English first use must not grow): the worker fetches a language's files
//! the first time it is asked for that language and hands them to [`load`].
//!
//! ```
//! use turnaround::core::coach::{lang, Code, ReviewContext};
//! use turnaround::core::locale::Lang;
//! let r = lang::review(Lang::Es, "Lo siento, pero es nuestra política.", &ReviewContext::default());
//! assert!(r.has(Code::ButApology));
//! ```

mod pack;
mod text;

use super::learned::{dense, OUTPUTS};
use super::{Code, Cue, Finding, Move, MoveHit, Reading, Review, ReviewContext, Span};
use crate::core::locale::Lang;
use crate::core::session::Temperature;
use pack::{hash, Cues, Elem, Weights};
use std::sync::OnceLock;
use text::Doc;

/// One language's coach, ready to use.
pub(crate) struct Pack {
    lang: Lang,
    cues: Cues,
    weights: Weights,
    neg: Option<usize>,
    apology: Option<usize>,
    /// The class of phrases that clear the customer or own the fault ("no es
    /// culpa suya", "unser Fehler"): a sentence with one, not negated, raises no blame.
    cleared: Option<usize>,
    /// The class of phrases that offer a way out ("ausnahmsweise", "als
    /// Alternative", "lo que sí puedo hacer"): a rule stated with one in the
    /// same sentence or the next is no wall (the guide: a wall offers nothing).
    alternative: Option<usize>,
    /// The classes whose presence elsewhere in the draft a sentence's
    /// features carry (`o class`): owning the fault, clearing the customer,
    /// offering a way out, in another sentence, make a plain account of what
    /// happened, or a rule, read otherwise.
    context: Vec<usize>,
}

impl Pack {
    /// Reads a language's two files; the error names the file and line.
    fn parse(lang: Lang, cues: &str, model: &[u8]) -> Result<Pack, String> {
        let cues = Cues::parse(cues, lang)?;
        let weights = Weights::from_bin(model, lang)?;
        let class = |n: &str| cues.classes.iter().position(|c| c == n);
        Ok(Pack {
            lang,
            neg: class("neg"),
            apology: class("apology"),
            cleared: class("cleared"),
            alternative: class("alternative"),
            context: ["own", "cleared", "alternative"].iter().filter_map(|n| class(n)).collect(),
            cues,
            weights,
        })
    }
}

static ES: OnceLock<Pack> = OnceLock::new();
static DE: OnceLock<Pack> = OnceLock::new();

fn slot(lang: Lang) -> Option<&'static OnceLock<Pack>> {
    match lang {
        Lang::Es => Some(&ES),
        Lang::De => Some(&DE),
        Lang::En => None,
    }
}

/// The compiled-in files of a language (native builds only).
#[cfg(not(target_arch = "wasm32"))]
fn built_in(lang: Lang) -> Option<(&'static str, &'static [u8])> {
    match lang {
        Lang::Es => Some((include_str!("../../../static/coach/es/cues.txt"), include_bytes!("../../../static/coach/es/model.bin"))),
        Lang::De => Some((include_str!("../../../static/coach/de/cues.txt"), include_bytes!("../../../static/coach/de/model.bin"))),
        Lang::En => None,
    }
}

#[cfg(target_arch = "wasm32")]
fn built_in(_lang: Lang) -> Option<(&'static str, &'static [u8])> {
    None
}

/// Installs a language's coach from its two files (the worker's fetched
/// copies). Loading a language twice keeps the first; English needs nothing.
pub fn load(lang: Lang, cues: &str, model: &[u8]) -> Result<(), String> {
    let Some(slot) = slot(lang) else { return Ok(()) };
    if slot.get().is_none() {
        let _ = slot.set(Pack::parse(lang, cues, model)?);
    }
    Ok(())
}

/// Whether the language can be coached now (English always; Spanish and
/// German once compiled in or [`load`]ed).
pub fn is_ready(lang: Lang) -> bool {
    pack(lang).is_some() || lang == Lang::En
}

fn pack(lang: Lang) -> Option<&'static Pack> {
    let slot = slot(lang)?;
    if let Some(p) = slot.get() {
        return Some(p);
    }
    let (cues, model) = built_in(lang)?;
    let p = Pack::parse(lang, cues, model).ok()?;
    Some(slot.get_or_init(|| p))
}

/// Checks a language's compiled-in files parse; the error names the line.
pub fn check(lang: Lang) -> Result<(), String> {
    match built_in(lang) {
        Some((c, m)) => Pack::parse(lang, c, m).map(|_| ()),
        None => Ok(()),
    }
}

/// Reviews a draft in `lang` (English: [`super::review`]). Findings carry the
/// language's reason and its suggested sentence for the whole sentence;
/// the structural notes (`missing_*`, `interrupting`) are English only for now.
/// A language not loaded yet reviews as empty.
pub fn review(lang: Lang, draft: &str, ctx: &ReviewContext) -> Review {
    match (lang, pack(lang)) {
        (Lang::En, _) => super::review(draft, ctx),
        (_, Some(p)) => review_with(p, &p.weights, draft),
        (_, None) => Review::default(),
    }
}

/// Reads a message's temperature in `lang` (English: [`super::temperature`]).
pub fn temperature(lang: Lang, message: &str) -> Reading {
    match (lang, pack(lang)) {
        (Lang::En, _) => super::temperature(message),
        (_, Some(p)) => reading_with(p, &p.weights, message),
        (_, None) => Reading { score: 0, level: Temperature::Calm, cues: Vec::new() },
    }
}

/// The phrases (class or cue) found in a text, found once per text and
/// read by every feature, rule and cue after.
struct Hits {
    /// (start token, end token, phrase index), by start, longest first.
    spans: Vec<(usize, usize, usize)>,
    /// `spans[at[i]..at[i + 1]]` are the phrases starting at token `i`.
    at: Vec<usize>,
    /// For each sentence, its class phrases (start token, end token, class).
    classes: Vec<Vec<(usize, usize, usize)>>,
    /// For each class of `Pack::context`, in its order, how many sentences hold it.
    context_sentences: Vec<usize>,
}

/// Tries, at each own token, only the phrases whose first word can match it.
fn scan(doc: &Doc, p: &Pack) -> Hits {
    let starts = &p.cues.starts;
    let mut spans = Vec::new();
    for (i, t) in doc.toks.iter().enumerate() {
        if !t.own {
            continue;
        }
        let by_word = starts.phrase_word.get(&t.norm).map_or(&[][..], Vec::as_slice);
        let by_lead = t.norm.chars().next().and_then(|ch| starts.phrase_lead.get(&ch)).map_or(&[][..], Vec::as_slice);
        for &k in by_word.iter().chain(by_lead).chain(&starts.phrase_any) {
            let ph = &p.cues.phrases[k];
            let n = ph.pats.len();
            if i + n <= doc.toks.len() && ph.pats.iter().zip(&doc.toks[i..i + n]).all(|(pat, t)| t.own && pat.matches(&t.norm)) {
                spans.push((i, i + n, k));
            }
        }
    }
    spans.sort_unstable_by_key(|&(a, b, k)| (a, std::cmp::Reverse(b), k));
    let mut at = Vec::with_capacity(doc.toks.len() + 1);
    let mut x = 0;
    for i in 0..=doc.toks.len() {
        while x < spans.len() && spans[x].0 < i {
            x += 1;
        }
        at.push(x);
    }
    let classes = doc
        .sentences
        .iter()
        .map(|sent| {
            spans[at[sent.toks.start]..at[sent.toks.end]]
                .iter()
                .filter_map(|&(a, b, k)| p.cues.phrases[k].class.map(|c| (a, b, c)))
                .collect()
        })
        .collect::<Vec<Vec<(usize, usize, usize)>>>();
    let context_sentences = p.context.iter().map(|&c| classes.iter().filter(|cs| cs.iter().any(|&(_, _, x)| x == c)).count()).collect();
    Hits { spans, at, classes, context_sentences }
}

impl Hits {
    /// The phrases starting at tokens `range` (in `spans` order).
    fn starting(&self, range: std::ops::Range<usize>) -> &[(usize, usize, usize)] {
        &self.spans[self.at[range.start]..self.at[range.end]]
    }
}

/// A feature name written into one reused buffer, then handed on.
struct Emit<'f> {
    buf: String,
    f: &'f mut dyn FnMut(&str),
}

impl Emit<'_> {
    fn one(&mut self, parts: &[&str]) {
        self.buf.clear();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.buf.push(' ');
            }
            self.buf.push_str(p);
        }
        (self.f)(&self.buf);
    }
}

/// The features of sentence `s`: `_` (any sentence), `w stem`, `b a b` (a
/// pair), `! stem` (after a negation in the clause), `^ a` / `^ a b` (the
/// sentence opens so), `c class`, `cc a b` (class a before class b), `@class
/// stem` (the word after a class phrase), `p class` (the sentence before had
/// it), `~ a` (opens so right after an apology), `?` (a question).
/// The features of sentence `s`; `ruled` has the outputs (codes, then
/// moves) the rules found in it, each a feature `r name`, so the model
/// learns when to trust them (and the veto can drop their false alarms).
fn sentence_features(doc: &Doc, hits: &Hits, p: &Pack, s: usize, ruled: &[(usize, Span)], f: &mut dyn FnMut(&str)) -> bool {
    let sent = &doc.sentences[s];
    let own = &sent.own;
    if own.is_empty() {
        return false;
    }
    let mut e = Emit { buf: String::new(), f };
    let stem = |i: usize| doc.toks[i].stem.as_str();
    e.one(&["_"]);
    for (k, &(o, _)) in ruled.iter().enumerate() {
        if !ruled[..k].iter().any(|(x, _)| *x == o) {
            e.one(&["r", super::learned::output_name(o)]);
        }
    }
    let classes = &hits.classes[s];
    for (j, &i) in own.iter().enumerate() {
        e.one(&["w", stem(i)]);
        if let Some(&n) = own.get(j + 1) {
            e.one(&["b", stem(i), stem(n)]);
        }
        if negated(classes, p, i) {
            e.one(&["!", stem(i)]);
        }
    }
    e.one(&["^", stem(own[0])]);
    if let Some(&n) = own.get(1) {
        e.one(&["^", stem(own[0]), stem(n)]);
    }
    for (x, &(a, b, c)) in classes.iter().enumerate() {
        let name = p.cues.classes[c].as_str();
        e.one(&["c", name]);
        if b < sent.toks.end && doc.toks[b].own {
            e.one(&["@", name, stem(b)]);
        }
        for &(a2, _, c2) in &classes[x + 1..] {
            if c2 != c && a2 >= a {
                e.one(&["cc", name, p.cues.classes[c2].as_str()]);
            }
        }
    }
    if s > 0 {
        let prev = &hits.classes[s - 1];
        for &(_, _, c) in prev {
            e.one(&["p", p.cues.classes[c].as_str()]);
        }
        if prev.iter().any(|&(_, _, c)| Some(c) == p.apology) {
            e.one(&["~", stem(own[0])]);
        }
    }
    if sent.question {
        e.one(&["?"]);
    }
    for (&c, &holding) in p.context.iter().zip(&hits.context_sentences) {
        let here = usize::from(classes.iter().any(|&(_, _, x)| x == c));
        if holding > here {
            e.one(&["o", p.cues.classes[c].as_str()]);
        }
    }
    true
}

/// The features of a message for its temperature: `w stem`, `c class`, `k cue-kind`.
fn message_features(doc: &Doc, hits: &Hits, p: &Pack, f: &mut dyn FnMut(&str)) {
    let mut e = Emit { buf: String::new(), f };
    for t in doc.toks.iter().filter(|t| t.own) {
        e.one(&["w", &t.stem]);
    }
    for &(_, _, k) in &hits.spans {
        let ph = &p.cues.phrases[k];
        if let Some(c) = ph.class {
            e.one(&["c", &p.cues.classes[c]]);
        }
        if let Some((kind, _)) = ph.cue {
            e.one(&["k", kind]);
        }
    }
}

fn sentence_scores(doc: &Doc, hits: &Hits, p: &Pack, w: &Weights, ruled: &[Vec<(usize, Span)>]) -> Vec<[i32; OUTPUTS]> {
    (0..doc.sentences.len())
        .map(|s| {
            let mut acc = w.bias;
            let any = sentence_features(doc, hits, p, s, &ruled[s], &mut |name| {
                if let Some(ws) = w.index.get(&hash(name)) {
                    for &(o, v) in ws {
                        acc[usize::from(o)] += v;
                    }
                }
            });
            if any {
                acc
            } else {
                [i32::MIN; OUTPUTS]
            }
        })
        .collect()
}

/// Whether `elems` match the own tokens `own` from position `j` on.
fn match_at(elems: &[Elem], j: usize, own: &[usize], hits: &Hits, p: &Pack, doc: &Doc) -> bool {
    let Some((first, rest)) = elems.split_first() else { return true };
    match first {
        Elem::Gap => (0..=4).any(|g| j + g <= own.len() && match_at(rest, j + g, own, hits, p, doc)),
        _ if j >= own.len() => false,
        Elem::Pat(pat) => pat.matches(&doc.toks[own[j]].norm) && match_at(rest, j + 1, own, hits, p, doc),
        Elem::Class(c) => {
            hits.starting(own[j]..own[j] + 1).iter().filter(|&&(_, _, k)| p.cues.phrases[k].class == Some(*c)).any(|&(_, b, _)| {
                let next = own.partition_point(|&t| t < b);
                match_at(rest, next, own, hits, p, doc)
            })
        }
    }
}

/// The rules that can match in sentence `s`, in file order: those opening
/// with one of its own words or one of its classes, and those opening with a
/// prefix or a number one of its words can start. The others cannot match
/// anywhere in it.
fn candidate_rules(doc: &Doc, hits: &Hits, p: &Pack, s: usize) -> Vec<usize> {
    let starts = &p.cues.starts;
    let mut ks = Vec::new();
    for &i in &doc.sentences[s].own {
        let norm = &doc.toks[i].norm;
        if let Some(v) = starts.rule_word.get(norm) {
            ks.extend(v);
        }
        if let Some(v) = norm.chars().next().and_then(|ch| starts.rule_lead.get(&ch)) {
            ks.extend(v);
        }
    }
    for &(_, _, c) in &hits.classes[s] {
        ks.extend(&starts.rule_class[c]);
    }
    ks.extend(&starts.rule_any);
    ks.sort_unstable();
    ks.dedup();
    ks
}

/// Whether sentence `s` clears the customer or owns the fault: a phrase of
/// the `cleared` class with no negation in the three words before it (so
/// "no es culpa nuestra" and "nicht unser Fehler" still deflect).
fn clears(hits: &Hits, p: &Pack, s: usize) -> bool {
    has_unnegated(hits, p, s, p.cleared)
}

/// Whether sentence `s` or the next one offers a way out (a phrase of the
/// `alternative` class, not negated: "keine Alternative" offers none).
fn offers_way_out(hits: &Hits, p: &Pack, s: usize) -> bool {
    (s..(s + 2).min(hits.classes.len())).any(|t| has_unnegated(hits, p, t, p.alternative))
}

/// Whether sentence `s` has a phrase of `class` with no negation in the three words before it.
fn has_unnegated(hits: &Hits, p: &Pack, s: usize, class: Option<usize>) -> bool {
    let Some(class) = class else { return false };
    let classes = &hits.classes[s];
    classes.iter().any(|&(a, _, c)| c == class && !negated(classes, p, a))
}

/// Whether token `i` falls in a negation's reach: a `neg` phrase in the three
/// words before it, among a sentence's class hits `classes`.
fn negated(classes: &[(usize, usize, usize)], p: &Pack, i: usize) -> bool {
    classes.iter().any(|&(a, _, c)| Some(c) == p.neg && a < i && i <= a + 3)
}

/// The outputs (model order: codes, then moves) the rules find in sentence
/// `s`, each with the span it covers.
fn rule_hits(doc: &Doc, hits: &Hits, p: &Pack, s: usize, src: &str) -> Vec<(usize, Span)> {
    rule_hits_by(doc, hits, p, s, src).into_iter().map(|(o, span, _)| (o, span)).collect()
}

/// [`rule_hits`] with the index of the rule that found each output (the first in file order).
fn rule_hits_by(doc: &Doc, hits: &Hits, p: &Pack, s: usize, src: &str) -> Vec<(usize, Span, usize)> {
    let sent = &doc.sentences[s];
    let own = &sent.own;
    let mut out: Vec<(usize, Span, usize)> = Vec::new();
    for k in candidate_rules(doc, hits, p, s) {
        let rule = &p.cues.rules[k];
        let Some(code) = rule.output else { continue };
        if out.iter().any(|(c, _, _)| *c == code) {
            continue;
        }
        if rule.question && !sent.question {
            continue;
        }
        if rule.unless.is_some_and(|c| hits.classes[s].iter().any(|&(_, _, k)| k == c)) {
            continue;
        }
        if super::learned::CODES.get(code) == Some(&Code::Blame) && clears(hits, p, s) {
            continue;
        }
        if super::learned::CODES.get(code) == Some(&Code::PolicyWall) && offers_way_out(hits, p, s) {
            continue;
        }
        if !(0..own.len()).any(|j| match_at(&rule.before, j, own, hits, p, doc)) {
            continue;
        }
        let end = match &rule.after {
            None => sent.end,
            Some(after) => {
                let Some(next) = doc.sentences.get(s + 1) else { continue };
                if !match_at(after, 0, &next.own, hits, p, doc) {
                    continue;
                }
                next.end
            }
        };
        out.push((code, trimmed(src, sent.start, end), k));
    }
    out
}

fn trimmed(src: &str, start: usize, end: usize) -> Span {
    let t = &src[start..end];
    let lead = t.len() - t.trim_start().len();
    Span { start: start + lead, end: start + lead + t.trim().len() }
}

fn review_with(p: &Pack, w: &Weights, draft: &str) -> Review {
    let doc = Doc::new(draft, p.lang, &p.cues.signoffs);
    let hits = scan(&doc, p);
    let ruled: Vec<Vec<(usize, Span)>> = (0..doc.sentences.len()).map(|s| rule_hits(&doc, &hits, p, s, draft)).collect();
    let scores = sentence_scores(&doc, &hits, p, w, &ruled);
    let vetoed = vetoed(w, &scores);
    let mut review = Review::default();
    for (s, row) in scores.iter().enumerate() {
        let sent = &doc.sentences[s];
        let span = trimmed(draft, sent.start, sent.end);
        let mut fired = ruled[s].clone();
        fired.retain(|(o, _)| !vetoed[*o]);
        for (o, &score) in row.iter().enumerate() {
            if score != i32::MIN && score >= w.threshold[o] && !fired.iter().any(|(x, _)| *x == o) {
                fired.push((o, span));
            }
        }
        fired.sort_by_key(|(o, _)| *o);
        for (o, span) in fired {
            match o.checked_sub(super::learned::CODES.len()) {
                None => review.findings.push(finding(p, super::learned::CODES[o], span)),
                Some(m) => review.moves.push(MoveHit { mv: Move::ALL[m], span, step: Move::ALL[m].step() }),
            }
        }
    }
    // An apology taken back or hedged is not a good apology.
    if review.has(Code::ButApology) || review.has(Code::NonApology) {
        review.moves.retain(|m| m.mv != Move::Apology);
    }
    review
}

/// The outputs whose rule findings the model overrules: where the draft's
/// best sentence scores below the output's veto (codes only; the training
/// command sets a veto only where it keeps the precision floor).
fn vetoed(w: &Weights, scores: &[[i32; OUTPUTS]]) -> [bool; OUTPUTS] {
    let mut out = [false; OUTPUTS];
    for (o, v) in out.iter_mut().enumerate() {
        let best = scores.iter().map(|row| row[o]).max().unwrap_or(i32::MIN);
        *v = w.veto[o] != i32::MIN && best < w.veto[o];
    }
    out
}

fn finding(p: &Pack, code: Code, span: Span) -> Finding {
    let key = code.as_str();
    Finding {
        code,
        span,
        reason: p.cues.reasons.get(key).cloned().unwrap_or_default(),
        rewrite: p.cues.rewrites.get(key).cloned(),
        rewrite_span: p.cues.rewrites.contains_key(key).then_some(span),
        step: code.step(),
    }
}

/// The word cues of a message (longest phrase wins where two overlap; a
/// `negative` cue right after a negation does not count), then capitals and
/// repeated punctuation, read as in English.
fn cues_of(doc: &Doc, hits: &Hits, p: &Pack, message: &str) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    let mut covered = 0;
    for &(a, b, k) in &hits.spans {
        let Some((kind, weight)) = p.cues.phrases[k].cue else { continue };
        if a < covered {
            continue;
        }
        // Only a phrase starting up to three tokens before can end by `a` and reach it.
        let negated = kind == "negative"
            && hits
                .starting(a.saturating_sub(3)..a)
                .iter()
                .any(|&(na, nb, nk)| p.cues.phrases[nk].class == p.neg && nb <= a && a <= na + 3);
        if negated {
            continue;
        }
        covered = b;
        cues.push(Cue { kind, text: message[doc.toks[a].start..doc.toks[b - 1].end].to_string(), weight });
    }
    let words = doc.own_words();
    let shouted: Vec<&str> = doc.toks.iter().filter(|t| t.own && t.shouted).map(|t| &message[t.start..t.end]).collect();
    if !shouted.is_empty() {
        let ratio = shouted.len() as f32 / words.max(1) as f32;
        let weight = if shouted.len() >= 3 && ratio >= 0.3 {
            24 + (20.0 * ratio.min(1.0)).round() as i32
        } else {
            (8 * shouted.len() as i32).min(24)
        };
        cues.push(Cue { kind: "capitals", text: shouted.iter().take(6).copied().collect::<Vec<_>>().join(" "), weight });
    }
    let bytes = message.as_bytes();
    let (mut runs, mut bangs, mut i) = (0i32, 0i32, 0);
    while i < bytes.len() {
        if matches!(bytes[i], b'!' | b'?') && doc.own_at(i) {
            let n = bytes[i..].iter().take_while(|b| matches!(b, b'!' | b'?')).count();
            if n >= 2 {
                runs += 1;
            } else if bytes[i] == b'!' {
                bangs += 1;
            }
            i += n;
        } else {
            i += 1;
        }
    }
    if runs > 0 {
        cues.push(Cue { kind: "punctuation", text: "!!".to_string(), weight: (10 * runs).min(24) });
    }
    if bangs > 0 {
        cues.push(Cue { kind: "punctuation", text: "!".repeat(bangs.min(5) as usize), weight: (3 * bangs).min(9) });
    }
    cues
}

fn reading_with(p: &Pack, w: &Weights, message: &str) -> Reading {
    let doc = Doc::new(message, p.lang, &p.cues.signoffs);
    let hits = scan(&doc, p);
    let mut cues = cues_of(&doc, &hits, p, message);
    let mut total: i32 = cues.iter().map(|c| c.weight).sum();
    let x = dense(&cues, doc.own_words());
    let mut z = w.heat_bias;
    message_features(&doc, &hits, p, &mut |name| {
        if let Some(h) = w.heat_index.get(&hash(name)) {
            for (a, b) in z.iter_mut().zip(h) {
                *a += b;
            }
        }
    });
    let z: Vec<f32> =
        (0..4).map(|k| (z[k] as f32 + x.iter().zip(&w.heat_dense).map(|(x, d)| x * d[k] as f32).sum::<f32>()) / 16.0).collect();
    let top = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - top).exp()).collect();
    let sum: f32 = e.iter().sum();
    let expected: f32 = e.iter().zip([12.0, 37.0, 62.0, 87.0]).map(|(p, c)| p / sum * c).sum();
    let level = (0..4).fold(0, |b, k| if z[k] > z[b] { k } else { b });
    let lo = 25.0 * level as f32;
    let learned = expected.round().clamp(lo, lo + 24.0) as i32;
    if learned != total {
        let text = p.cues.reasons.get("wording").cloned().unwrap_or_default();
        cues.push(Cue { kind: "wording", text, weight: learned - total });
        total = learned;
    }
    let score = total.clamp(0, 100) as u8;
    Reading { score, level: Temperature::from_score(score), cues }
}

/// What the training command (`examples/train_coach_lang.rs`) reads. Not a stable API.
#[doc(hidden)]
pub mod training {
    use super::*;

    /// The feature names of each sentence of a draft (empty rows for sentences with no own words).
    pub fn draft_features(lang: Lang, draft: &str) -> Vec<Vec<String>> {
        let Some(p) = pack(lang) else { return Vec::new() };
        let doc = Doc::new(draft, lang, &p.cues.signoffs);
        let hits = scan(&doc, p);
        (0..doc.sentences.len())
            .map(|s| {
                let mut row = Vec::new();
                let ruled = rule_hits(&doc, &hits, p, s, draft);
                sentence_features(&doc, &hits, p, s, &ruled, &mut |n| row.push(n.to_string()));
                row
            })
            .collect()
    }

    /// Which outputs (codes, then moves) the rules alone find anywhere in a draft.
    pub fn rule_outputs(lang: Lang, draft: &str) -> Vec<bool> {
        let mut out = vec![false; OUTPUTS];
        let Some(p) = pack(lang) else { return out };
        let doc = Doc::new(draft, lang, &p.cues.signoffs);
        let hits = scan(&doc, p);
        for s in 0..doc.sentences.len() {
            for (o, _) in rule_hits(&doc, &hits, p, s, draft) {
                out[o] = true;
            }
        }
        out
    }

    /// The rules that fire in a draft: (output name, the rule's pattern as
    /// written), the first per output and sentence.
    pub fn rule_patterns(lang: Lang, draft: &str) -> Vec<(&'static str, String)> {
        let Some(p) = pack(lang) else { return Vec::new() };
        let doc = Doc::new(draft, lang, &p.cues.signoffs);
        let hits = scan(&doc, p);
        (0..doc.sentences.len())
            .flat_map(|s| rule_hits_by(&doc, &hits, p, s, draft))
            .map(|(o, _, k)| (super::super::learned::output_name(o), p.cues.rules[k].src.clone()))
            .collect()
    }

    /// The word features of a message and its dense inputs (from the word cues, capitals and punctuation).
    pub fn message_features(lang: Lang, message: &str) -> (Vec<String>, [f32; 12]) {
        let Some(p) = pack(lang) else { return (Vec::new(), [0.0; 12]) };
        let doc = Doc::new(message, lang, &p.cues.signoffs);
        let hits = scan(&doc, p);
        let mut v = Vec::new();
        super::message_features(&doc, &hits, p, &mut |n| v.push(n.to_string()));
        (v, dense(&cues_of(&doc, &hits, p, message), doc.own_words()))
    }

    /// A trial model (the training command's cross-validation).
    pub struct TrialModel(Weights, Lang);

    impl TrialModel {
        /// Reads model-file text; the error names the line.
        pub fn parse(lang: Lang, src: &str) -> Result<TrialModel, String> {
            Weights::parse(src, lang).map(|w| TrialModel(w, lang))
        }

        /// The review with this model in place of the compiled-in one.
        pub fn review(&self, draft: &str) -> Review {
            pack(self.1).map(|p| review_with(p, &self.0, draft)).unwrap_or_default()
        }

        /// The temperature with this model in place of the compiled-in one.
        pub fn temperature(&self, message: &str) -> Reading {
            match pack(self.1) {
                Some(p) => reading_with(p, &self.0, message),
                None => Reading { score: 0, level: Temperature::Calm, cues: Vec::new() },
            }
        }
    }
}
