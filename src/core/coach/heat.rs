//! The temperature of a customer's message: word cues from the rules
//! (threats, profanity, negative terms, absolutes, repetition, waiting,
//! thanks), capitals and repeated punctuation, over the customer's own words
//! only, with word cues scaled down for long messages; then, when the
//! learned model has temperature weights, its reading of the wording and the
//! cues together, added as a `wording` cue so that the cues still sum to the score.

use super::learned::{self, Model};
use super::rules::{set, Hit, Rules};
use super::text::Text;
use super::{Cue, Reading};
use crate::core::session::Temperature;

/// The reading of a message.
pub(super) fn reading(message: &str, r: &Rules) -> Reading {
    assess(message, r).0
}

/// The reading of a message, and whether it names a problem, with the learned model.
pub(super) fn assess(message: &str, r: &Rules) -> (Reading, bool) {
    assess_with(message, r, learned::model().ok())
}

/// The reading of a message, and whether it names a problem (the rules'
/// `problem` phrases), from one pass over its words.
pub(super) fn assess_with(message: &str, r: &Rules, model: Option<&Model>) -> (Reading, bool) {
    let text = Text::new(message, r);
    let words = text.own_words();
    let mut cues: Vec<Cue> = Vec::new();

    // Word cues: the longest match wins where two overlap ("cancel my account" over "cancel").
    let mut hits = Vec::new();
    r.heat.scan(text.view(), &mut hits);
    let problem = hits.iter().any(|h| h.set == set::PROBLEM);
    hits.retain(|h| {
        if h.set != set::CUES {
            return false;
        }
        let rule = &r.cue_rules[h.tag as usize];
        !(rule.negatable && text.negated(h.start, r.window))
    });
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if kept.last().is_none_or(|k| h.start >= k.end) {
            kept.push(h);
        }
    }
    let factor = if words as f32 > r.reference_words { (r.reference_words / words as f32).sqrt() } else { 1.0 };
    let mut sums: Vec<(&'static str, i32)> = Vec::new();
    let mut scaled_loss = 0f32;
    for h in kept {
        let rule = &r.cue_rules[h.tag as usize];
        let idx = match sums.iter().position(|(k, _)| *k == rule.kind) {
            Some(i) => i,
            None => {
                sums.push((rule.kind, 0));
                sums.len() - 1
            }
        };
        let sum = &mut sums[idx].1;
        let cap = r.kind_cap(rule.kind);
        let w = rule.weight;
        let eff = match (cap, w >= 0) {
            (0, _) => w,
            (c, true) => w.min(c - *sum).max(0),
            (c, false) => w.max(c - *sum).min(0),
        };
        if eff == 0 {
            continue;
        }
        *sum += eff;
        if r.normalised_kinds.contains(&rule.kind) {
            scaled_loss += eff as f32 * (1.0 - factor);
        }
        cues.push(Cue { kind: rule.kind, text: text.slice(h.start, h.end).to_string(), weight: eff });
    }
    // Censored swearing ("f***", "sh*t") counts as profanity.
    let cap = r.kind_cap("profanity");
    let mut sum = sums.iter().find(|(k, _)| *k == "profanity").map_or(0, |(_, s)| *s);
    for (i, t) in text.tokens.iter().enumerate() {
        if t.own && text.word(i).contains('*') {
            let eff = if cap > 0 { r.censored.min(cap - sum).max(0) } else { r.censored };
            if eff > 0 {
                sum += eff;
                cues.push(Cue { kind: "profanity", text: message[t.start..t.end].to_string(), weight: eff });
            }
        }
    }
    let loss = scaled_loss.round() as i32;
    if loss != 0 {
        cues.push(Cue { kind: "length", text: format!("{words} words"), weight: -loss });
    }

    // Capitals: shouting (many words) or emphasis (a few).
    let shouted: Vec<&str> = text.shouted().map(|t| &message[t.start..t.end]).collect();
    if !shouted.is_empty() {
        let c = r.capitals;
        let ratio = shouted.len() as f32 / words.max(1) as f32;
        let weight = if shouted.len() >= c.shout_min_words && ratio >= c.shout_ratio {
            c.shout_base + (c.shout_scale as f32 * ratio.min(1.0)).round() as i32
        } else {
            (c.per_word * shouted.len() as i32).min(c.word_cap)
        };
        let mut sample: Vec<&str> = shouted.iter().copied().take(6).collect();
        if shouted.len() > 6 {
            sample.push("…");
        }
        cues.push(Cue { kind: "capitals", text: sample.join(" "), weight });
    }

    // Repeated punctuation ("!!!", "?!") and single exclamation marks.
    let p = r.punctuation;
    let (mut runs, mut bangs) = (Vec::new(), 0i32);
    let bytes = message.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'!' | b'?') && text.own_at(i) {
            let n = bytes[i..].iter().take_while(|b| matches!(b, b'!' | b'?')).count();
            if n >= 2 {
                runs.push(&message[i..i + n]);
            } else if bytes[i] == b'!' {
                bangs += 1;
            }
            i += n;
        } else {
            i += 1;
        }
    }
    if !runs.is_empty() {
        let weight = (p.run * runs.len() as i32).min(p.run_cap);
        let mut sample: Vec<&str> = runs.iter().copied().take(4).collect();
        if runs.len() > 4 {
            sample.push("…");
        }
        cues.push(Cue { kind: "punctuation", text: sample.join(" "), weight });
    }
    if bangs > 0 {
        cues.push(Cue { kind: "punctuation", text: "!".repeat(bangs.min(5) as usize), weight: (p.bang * bangs).min(p.bang_cap) });
    }

    let mut total: i32 = cues.iter().map(|c| c.weight).sum();
    if let Some(m) = model.filter(|m| m.has_heat()) {
        let learned = m.heat(&text, r, &learned::dense(&cues, words));
        if learned != total.clamp(0, 100) || total != total.clamp(0, 100) {
            cues.push(Cue { kind: "wording", text: "the message as a whole".to_string(), weight: learned - total });
            total = learned;
        }
    }
    let score = total.clamp(0, 100) as u8;
    let level = Temperature::from_score(score);
    (Reading { score, level, cues }, problem)
}
