//! The review of a draft: phrase findings from the rules, the apology taken
//! back by "but", the codes and moves the learned model finds where the rules
//! found none, interrupting, the missing-step notes, the good moves, and the
//! sentence rewrites that one click can take.

use super::learned::{self, Model};
use super::rules::{set, Hit, RewriteMode, Rules, CONNECTOR};
use super::text::Text;
use super::{heat, Code, Finding, Move, MoveHit, Review, ReviewContext, Span};
use crate::core::playbook::Channel;
use crate::core::session::Temperature;

/// How a finding can be fixed, before rewrites are composed per sentence.
enum Fix {
    None,
    /// Replace bytes `start..end` (the phrase) with this text (`$0` = the phrase).
    Phrase {
        start: usize,
        end: usize,
        template: String,
    },
    /// Replace the whole sentence with this text.
    Sentence(String),
    /// Cut the connector of an apology taken back: bytes `cut_start..cut_end`,
    /// after the apology that ends at token `connector` (exclusive).
    But {
        cut_start: usize,
        cut_end: usize,
        connector: usize,
    },
    /// Insert this text at byte `at`.
    Insert {
        at: usize,
        text: String,
    },
}

struct Pending {
    code: Code,
    start: usize,
    end: usize,
    sentence: usize,
    reason: String,
    fix: Fix,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Findings that show the draft answers a complaint.
const COMPLAINT_CODES: [Code; 5] = [Code::Blame, Code::Dismissive, Code::ButApology, Code::NonApology, Code::PolicyWall];

/// The order in which sentence rewrites are joined.
const TEMPLATE_ORDER: [Code; 6] =
    [Code::NonApology, Code::Dismissive, Code::Blame, Code::NoOwnership, Code::PolicyWall, Code::VaguePromise];

/// Findings whose phrase cannot also be a good move.
const UNDOING_CODES: [Code; 5] = [Code::Blame, Code::Dismissive, Code::NonApology, Code::PolicyWall, Code::NoOwnership];

const ACKNOWLEDGING: [Move; 5] = [Move::Thanks, Move::Apology, Move::Empathy, Move::Paraphrase, Move::ForgivenessAsk];

pub(super) fn review(draft: &str, ctx: &ReviewContext, r: &Rules) -> Review {
    review_with(draft, ctx, r, learned::model().ok())
}

/// The review with the learned model, or with the rules alone (`None`).
pub(super) fn review_with(draft: &str, ctx: &ReviewContext, r: &Rules, model: Option<&Model>) -> Review {
    let text = Text::new(draft, r);
    let mut review = rules_review(&text, ctx, r);
    if let Some(m) = model {
        let hits = sentence_hits(&text, &review);
        let scores = m.sentence_scores(&text, r, &hits);
        by_model(&text, r, m, &scores, &mut review);
    }
    review
}

/// Which outputs of the learned model (phrase codes and moves) the rules
/// found in each sentence, as bits.
pub(super) fn sentence_hits(text: &Text, review: &Review) -> Vec<u32> {
    let mut hits = vec![0u32; text.sentences.len()];
    let mut mark = |pos: usize, o: usize| {
        if let Some(s) = sentence_at(text, pos) {
            hits[s] |= 1 << o;
        }
    };
    for f in &review.findings {
        if let Some(o) = learned::CODES.iter().position(|c| *c == f.code) {
            mark(f.span.start, o);
        }
    }
    for m in &review.moves {
        if let Some(o) = Move::ALL.iter().position(|x| *x == m.mv) {
            mark(m.span.start, learned::CODES.len() + o);
        }
    }
    hits
}

/// The sentence that holds byte `pos`.
fn sentence_at(text: &Text, pos: usize) -> Option<usize> {
    let k = text.sentences.partition_point(|s| s.start <= pos);
    k.checked_sub(1)
}

/// The learned model adds what the rules missed: a sentence the model
/// passes for a phrase code or a move where the rules found none gets a
/// finding (or a move) of its own, spanning the sentence. The rules' own
/// findings stay. The notes for a missing step follow: no `missing_thanks`
/// once thanks are found, and so on.
fn by_model(text: &Text, r: &Rules, m: &Model, scores: &[[i32; learned::OUTPUTS]], review: &mut Review) {
    let passes = |s: usize, o: usize| scores.get(s).is_some_and(|row| row[o] >= m.threshold[o]);
    // Whether a time is named is the rules' call (their time patterns): a
    // promise the model reads as timed does not silence `missing_time`.
    let rules_timed = review.moves.iter().any(|h| h.mv == Move::CommitWithTime);
    veto_rules(m, scores, review);
    for (s, sent) in text.sentences.iter().enumerate() {
        let Some(first) = (sent.first..sent.last).find(|&i| text.own(i)) else { continue };
        let last = (sent.first..sent.last).rev().find(|&i| text.own(i)).map_or(first + 1, |i| i + 1);
        let (start, end) = text.span(first, last);
        for (o, &code) in learned::CODES.iter().enumerate() {
            // A promise the rules already note has no time (`missing_time`) needs no second finding.
            // Nor a promise whose sentence names its time (a `commit_with_time` move).
            let overlaps_span = |a: Span| a.start < end && start < a.end;
            let noted = code == Code::VaguePromise
                && (review.findings.iter().any(|f| f.code == Code::MissingTime && overlaps_span(f.span))
                    || review.moves.iter().any(|h| h.mv == Move::CommitWithTime && overlaps_span(h.span)));
            if passes(s, o) && !noted && !review.findings.iter().any(|f| f.code == code) {
                let l = &r.learned[o];
                review.findings.push(Finding {
                    code,
                    span: Span { start, end },
                    reason: l.reason.clone(),
                    rewrite: l.rewrite.clone(),
                    rewrite_span: l.rewrite.as_ref().map(|_| Span { start: sent.start, end: sent.end }),
                    step: code.step(),
                });
            }
        }
        for (k, &mv) in Move::ALL.iter().enumerate() {
            // A move the sentence's own findings contradict is not added ("hopefully by
            // Friday" is no commitment; an apology taken back is no apology).
            let undone_by: &[Code] = match mv {
                Move::CommitWithTime => &[Code::VaguePromise],
                Move::Apology => &[Code::ButApology, Code::NonApology],
                Move::Ownership => &[Code::Blame, Code::NoOwnership],
                Move::Empathy => &[Code::Dismissive],
                _ => &[],
            };
            let contradicted = review.findings.iter().any(|f| undone_by.contains(&f.code) && f.span.start < end && start < f.span.end);
            if passes(s, learned::CODES.len() + k) && !contradicted && !review.moves.iter().any(|h| h.mv == mv) {
                review.moves.push(MoveHit { mv, span: Span { start, end }, step: mv.step() });
            }
        }
    }
    let has_move = |mv: Move| review.moves.iter().any(|h| h.mv == mv);
    let (thanked, apologised, timed) = (
        has_move(Move::Thanks),
        has_move(Move::Apology) || review.has(Code::ButApology) || review.has(Code::NonApology),
        rules_timed || review.has(Code::VaguePromise),
    );
    review.findings.retain(|f| match f.code {
        Code::MissingThanks => !thanked,
        Code::MissingApology => !apologised,
        Code::MissingTime => !timed,
        _ => true,
    });
    review.findings.sort_by_key(|f| (f.span.start, f.code));
    review.moves.sort_by_key(|h| (h.span.start, h.mv));
}

/// Drops the rules' findings of a phrase code where the draft's best
/// sentence scores below the model's veto for it: the model sees the rules'
/// hits among its features and has learned which of them are false alarms.
fn veto_rules(m: &Model, scores: &[[i32; learned::OUTPUTS]], review: &mut Review) {
    for (o, &code) in learned::CODES.iter().enumerate() {
        if m.veto[o] == i32::MIN {
            continue;
        }
        let best = scores.iter().map(|row| row[o]).max().unwrap_or(i32::MIN);
        if best < m.veto[o] {
            review.findings.retain(|f| f.code != code);
        }
    }
}

/// The review by the rules alone.
fn rules_review(text: &Text, ctx: &ReviewContext, r: &Rules) -> Review {
    if !text.tokens.iter().any(|t| t.own) {
        return Review::default();
    }
    let sent_of = |i: usize| text.tokens[i].sentence as usize;
    let nsent = text.sentences.len();

    // One pass finds every pattern of every set.
    // Room for most drafts' hits, small enough for the allocator's fast path.
    let mut found = Vec::with_capacity(16);
    r.review.scan(text.view(), &mut found);
    // Group the hits by set, keeping text order within a set (a counting sort).
    let mut bounds = [0usize; set::COUNT + 1];
    for h in &found {
        bounds[usize::from(h.set) + 1] += 1;
    }
    for k in 1..bounds.len() {
        bounds[k] += bounds[k - 1];
    }
    let mut all = found.clone();
    let mut next = bounds;
    for h in &found {
        all[next[usize::from(h.set)]] = *h;
        next[usize::from(h.set)] += 1;
    }
    let of = |s: u8| &all[bounds[usize::from(s)]..bounds[usize::from(s) + 1]];
    let hits_at = |s: u8, i: usize| of(s).iter().filter(move |h| h.start == i);

    // Times and promises.
    let times = of(set::TIME);
    let mut time_in = vec![false; nsent];
    for h in times {
        if let Some(s) = time_in.get_mut(sent_of(h.start)) {
            *s = true;
        }
    }
    let promises: Vec<Hit> = of(set::PROMISE).iter().copied().filter(|h| !text.negated(h.start, r.window)).collect();

    // Moves.
    let excepts = of(set::MOVE_EXCEPTS);
    let mut moves: Vec<(Move, Hit)> = of(set::MOVES)
        .iter()
        .filter(|h| {
            let rule = &r.move_rules[h.tag as usize];
            let negated = rule.negatable && text.negated(h.start, r.window);
            let excepted = excepts.iter().any(|e| e.tag == h.tag && overlaps((e.start, e.end), (h.start, h.end)));
            !negated && !excepted
        })
        .map(|h| (r.move_rules[h.tag as usize].mv, *h))
        .collect();
    // A promise or a schedule ("ships on Monday") with a time in its sentence.
    let scheduled = of(set::SCHEDULE).iter().filter(|h| !text.negated(h.start, r.window));
    for p in promises.iter().chain(scheduled) {
        let s = sent_of(p.start);
        if let Some(t) = times.iter().find(|t| sent_of(t.start) == s) {
            let (a, b) = (p.start.min(t.start), p.end.max(t.end));
            moves.push((Move::CommitWithTime, Hit { set: set::MOVES, tag: 0, start: a, end: b, focus_start: a, focus_end: b }));
        }
    }
    // Every apology word, even one taken back: it still acknowledges.
    let apologies: Vec<Hit> = moves.iter().filter(|(m, _)| *m == Move::Apology).map(|(_, h)| *h).collect();

    // Phrase findings.
    let cancels: Vec<&Hit> = of(set::CANCELS).iter().filter(|c| !text.negated(c.start, r.window)).collect();
    let mut pend: Vec<Pending> = Vec::new();
    for &h in of(set::FINDINGS) {
        let rule = &r.finding_rules[h.tag as usize];
        let s = sent_of(h.start);
        if rule.negatable && text.negated(h.start, r.window) {
            continue;
        }
        if rule.unless_time && time_in[s] {
            continue;
        }
        if cancels.iter().any(|c| c.tag == h.tag && sent_of(c.start).abs_diff(s) <= rule.cancel_reach) {
            continue;
        }
        if moves.iter().any(|(m, mh)| rule.cancel_moves.contains(m) && sent_of(mh.start) == s) {
            continue;
        }
        let (start, end) = text.span(h.focus_start, h.focus_end);
        let fix = match (&rule.rewrite, rule.mode) {
            (None, _) => Fix::None,
            (Some(t), RewriteMode::Phrase) => Fix::Phrase { start, end, template: t.clone() },
            (Some(t), RewriteMode::Sentence) => Fix::Sentence(t.clone()),
        };
        pend.push(Pending { code: rule.code, start, end, sentence: s, reason: rule.reason.clone(), fix });
    }
    // One finding per phrase and code: drop overlaps, keeping the longer.
    pend.sort_by_key(|p| (p.code, p.start, std::cmp::Reverse(p.end)));
    pend.dedup_by(|b, a| a.code == b.code && overlaps((a.start, a.end), (b.start, b.end)));

    // An apology taken back by "but" in the same sentence.
    let mut but_sentences = Vec::new();
    let mut undone: Vec<Hit> = Vec::new();
    for a in &apologies {
        let s = sent_of(a.start);
        if but_sentences.contains(&s) {
            continue;
        }
        let last = text.sentences.get(s).map_or(a.end, |x| x.last);
        let conn = (a.end..last).find(|&j| text.own(j) && r.vocab.flags(text.id(j)) & CONNECTOR != 0);
        let Some(j) = conn else {
            // Or the next sentence opens with a contrast ("I'm sorry. However, …").
            let Some(next) = text.sentences.get(s + 1) else { continue };
            let Some(f) = (next.first..next.last).find(|&i| text.own(i)) else { continue };
            let Some(h) = hits_at(set::OPENERS, f).max_by_key(|h| h.end) else { continue };
            if hits_at(set::BUT_EXCEPTIONS, f).next().is_some() || but_sentences.contains(&(s + 1)) {
                continue;
            }
            but_sentences.push(s);
            undone.push(*a);
            // The rewrite drops the opener and the comma after it.
            let open_end = text.tokens[h.end - 1].end;
            let rest = &text.src[open_end..];
            let cut_end = open_end + (rest.len() - rest.trim_start_matches([',', ';', ':', ' ', '\u{2014}', '\u{2013}', '-']).len());
            pend.push(Pending {
                code: Code::ButApology,
                start: text.tokens[a.start].start,
                end: open_end,
                sentence: s + 1,
                reason: r.but_reason.clone(),
                fix: Fix::Phrase { start: text.tokens[f].start, end: cut_end, template: String::new() },
            });
            continue;
        };
        if hits_at(set::BUT_EXCEPTIONS, j).next().is_some() {
            continue;
        }
        but_sentences.push(s);
        undone.push(*a);
        let cut_start = if j > 0 { text.tokens[j - 1].end } else { text.tokens[j].start };
        let cut_end = text.tokens[j].end;
        pend.push(Pending {
            code: Code::ButApology,
            start: text.tokens[a.start].start,
            end: cut_end,
            sentence: s,
            reason: r.but_reason.clone(),
            fix: Fix::But { cut_start, cut_end, connector: j },
        });
    }

    // The apology move is only the real thing: not a non-apology, not taken back.
    let non_apologies: Vec<(usize, usize)> = pend.iter().filter(|p| p.code == Code::NonApology).map(|p| (p.start, p.end)).collect();
    moves.retain(|(m, h)| {
        *m != Move::Apology || !(undone.contains(h) || non_apologies.iter().any(|&n| overlaps(n, text.span(h.start, h.end))))
    });

    // The opening: the first sentence that is not a greeting or an introduction.
    let acknowledges = |s: usize| {
        apologies.iter().any(|h| sent_of(h.start) == s) || moves.iter().any(|(m, h)| ACKNOWLEDGING.contains(m) && sent_of(h.start) == s)
    };
    let mut opening = None;
    let mut first_body = None;
    for (s, sent) in text.sentences.iter().enumerate() {
        let Some(first) = (sent.first..sent.last).find(|&i| text.own(i)) else {
            continue;
        };
        let n = (sent.first..sent.last).filter(|&i| text.own(i)).count();
        if hits_at(set::GREETINGS, first).next().is_some() && n <= 5 {
            continue;
        }
        first_body.get_or_insert(s);
        if acknowledges(s) {
            break;
        }
        if of(set::INTROS).iter().any(|h| (sent.first..sent.last).contains(&h.start)) {
            continue;
        }
        opening = Some(s);
        break;
    }

    let live = matches!(ctx.channel, Channel::Chat | Channel::Phone);
    let customer = ctx.customer_message.as_deref().filter(|m| !m.trim().is_empty());
    let customer_reading = customer.map(|m| heat::assess(m, r));
    let customer_upset = customer_reading.as_ref().is_some_and(|(x, _)| x.level >= Temperature::Upset);
    if live && customer_upset {
        if let Some(s) = opening {
            let sent = text.sentences[s];
            let solution = of(set::SOLUTION).iter().any(|h| (sent.first..sent.last).contains(&h.start));
            if solution || !sent.question {
                pend.push(Pending {
                    code: Code::Interrupting,
                    start: sent.start,
                    end: sent.end,
                    sentence: s,
                    reason: r.interrupting.reason.clone(),
                    fix: Fix::Insert { at: sent.start, text: r.interrupting.rewrite.clone() },
                });
            }
        }
    }

    // Missing steps.
    if text.own_words() >= r.min_words {
        // Blame, a brush-off, a refusal or a poor apology answer a complaint whatever the words.
        let answers_complaint = pend.iter().any(|p| COMPLAINT_CODES.contains(&p.code));
        let complaint = answers_complaint
            || match &customer_reading {
                Some((_, problem)) => customer_upset || *problem,
                None => !of(set::PROBLEM).is_empty(),
            };
        let at = first_body.map(|s| text.sentences[s]);
        if complaint {
            let has = |mv: Move| moves.iter().any(|(m, _)| *m == mv);
            if !has(Move::Thanks) {
                if let Some(sent) = at {
                    pend.push(Pending {
                        code: Code::MissingThanks,
                        start: sent.start,
                        end: sent.start,
                        sentence: usize::MAX,
                        reason: r.missing_thanks.reason.clone(),
                        fix: Fix::Insert { at: sent.start, text: r.missing_thanks.rewrite.clone() },
                    });
                }
            }
            let apologised = !apologies.is_empty() || pend.iter().any(|p| matches!(p.code, Code::ButApology | Code::NonApology));
            if !apologised {
                if let (Some(sent), Some(s)) = (at, first_body) {
                    // After an opening thanks, else at the start of the body.
                    let thanked = moves.iter().any(|(m, h)| *m == Move::Thanks && sent_of(h.start) == s);
                    let (pos, ins) = if thanked {
                        (sent.end, r.missing_apology.rewrite.clone())
                    } else {
                        (sent.start, r.missing_apology.rewrite.clone())
                    };
                    pend.push(Pending {
                        code: Code::MissingApology,
                        start: pos,
                        end: pos,
                        sentence: usize::MAX,
                        reason: r.missing_apology.reason.clone(),
                        fix: Fix::Insert { at: pos, text: ins },
                    });
                }
            }
        }
        let vague = pend.iter().any(|p| p.code == Code::VaguePromise);
        if complaint && !vague && times.is_empty() {
            if let Some(p) = promises.first() {
                // Insert the time at the end of the promise's clause.
                let clause = text.tokens[p.start].clause;
                let last = (p.start..text.tokens.len()).take_while(|&i| text.clause(i) == clause).last().unwrap_or(p.start);
                let at = text.tokens[last].end;
                let (start, end) = text.span(p.start, p.end);
                pend.push(Pending {
                    code: Code::MissingTime,
                    start,
                    end,
                    sentence: usize::MAX,
                    reason: r.missing_time.reason.clone(),
                    fix: Fix::Insert { at, text: r.missing_time.rewrite.clone() },
                });
            }
        }
    }

    // A move inside a bad phrase is not a good move ("you were told" is blame, not a
    // paraphrase), and a hedged promise is no commitment.
    moves.retain(|(m, h)| {
        let span = text.span(h.start, h.end);
        let s = sent_of(h.start);
        let inside_bad_phrase = pend.iter().any(|p| UNDOING_CODES.contains(&p.code) && overlaps((p.start, p.end), span));
        let hedged = *m == Move::CommitWithTime && pend.iter().any(|p| p.code == Code::VaguePromise && p.sentence == s);
        !inside_bad_phrase && !hedged
    });
    let bare = |f: usize, j: usize| hits_at(set::BARE_APOLOGY, f).any(|h| h.end == j);
    let findings = compose(text, pend, r, &bare);
    Review { findings, moves: move_hits(text, moves) }
}

fn move_hits(text: &Text, mut moves: Vec<(Move, Hit)>) -> Vec<MoveHit> {
    moves.sort_by_key(|(m, h)| (*m, h.start, std::cmp::Reverse(h.end)));
    moves.dedup_by(|b, a| a.0 == b.0 && overlaps((a.1.start, a.1.end), (b.1.start, b.1.end)));
    let mut out: Vec<MoveHit> = moves
        .into_iter()
        .map(|(mv, h)| {
            let (start, end) = text.span(h.start, h.end);
            MoveHit { mv, span: Span { start, end }, step: mv.step() }
        })
        .collect();
    out.sort_by_key(|m| (m.span.start, m.mv));
    out
}

/// Turns pending findings into findings, composing one rewrite per sentence
/// from every finding in it.
fn compose(text: &Text, pend: Vec<Pending>, r: &Rules, bare: &dyn Fn(usize, usize) -> bool) -> Vec<Finding> {
    let mut rewrites: Vec<(usize, String)> = Vec::new();
    let mut sentences: Vec<usize> =
        pend.iter().filter(|p| matches!(p.fix, Fix::Phrase { .. } | Fix::Sentence(_) | Fix::But { .. })).map(|p| p.sentence).collect();
    sentences.sort_unstable();
    sentences.dedup();
    for s in sentences {
        let Some(sent) = text.sentences.get(s) else {
            continue;
        };
        let here: Vec<&Pending> = pend.iter().filter(|p| p.sentence == s).collect();
        rewrites.push((s, sentence_rewrite(text, sent.start, sent.end, &here, r, bare)));
    }
    let mut out: Vec<Finding> = pend
        .into_iter()
        .map(|p| {
            let (rewrite, rewrite_span) = match p.fix {
                Fix::None => (None, None),
                Fix::Insert { at, text } => (Some(text), Some(Span { start: at, end: at })),
                _ => {
                    let sent = text.sentences.get(p.sentence);
                    let rw = rewrites.iter().find(|(s, _)| *s == p.sentence).map(|(_, t)| t.clone());
                    (rw, sent.map(|x| Span { start: x.start, end: x.end }))
                }
            };
            Finding {
                code: p.code,
                span: Span { start: p.start, end: p.end },
                reason: p.reason,
                rewrite,
                rewrite_span,
                step: p.code.step(),
            }
        })
        .collect();
    out.sort_by_key(|f| (f.span.start, f.code));
    out
}

fn sentence_rewrite(
    text: &Text,
    s_start: usize,
    s_end: usize,
    here: &[&Pending],
    r: &Rules,
    bare_at: &dyn Fn(usize, usize) -> bool,
) -> String {
    let src = text.src;
    let sentence = &src[s_start..s_end];
    let but = here.iter().find_map(|p| match p.fix {
        Fix::But { cut_start, cut_end, connector } => Some((cut_start, cut_end, connector)),
        _ => None,
    });
    // A bare "Sorry," before the connector becomes a full apology.
    let bare = but.is_some_and(|(_, _, j)| {
        let first = (0..j).rev().take_while(|&i| text.tokens[i].start >= s_start).last();
        first.is_some_and(|f| bare_at(f, j))
    });
    // Acknowledge first, then own, then offer: sentence templates in that order.
    let mut ordered: Vec<&&Pending> = here.iter().collect();
    ordered.sort_by_key(|p| TEMPLATE_ORDER.iter().position(|c| *c == p.code).unwrap_or(TEMPLATE_ORDER.len()));
    let mut templates: Vec<&str> = Vec::new();
    for p in ordered {
        if let Fix::Sentence(t) = &p.fix {
            if !templates.contains(&t.as_str()) {
                templates.push(t);
            }
        }
    }
    if !templates.is_empty() {
        let mut parts: Vec<String> = Vec::new();
        let non_apology = here.iter().any(|p| p.code == Code::NonApology);
        if let (Some((cut_start, _, _)), false) = (but, non_apology) {
            let prefix = if bare {
                r.bare_rewrite.clone()
            } else {
                src[s_start..cut_start.max(s_start)].trim_end_matches([',', ';', ':', ' ', '-', '\u{2014}', '\u{2013}']).to_string()
            };
            parts.push(end_sentence(&prefix));
        }
        parts.extend(templates.iter().map(|t| t.to_string()));
        return tidy(&parts.join(" "));
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // One time per sentence: only the last vague promise gets "by {when}".
    let last_vague = here.iter().filter(|p| p.code == Code::VaguePromise && matches!(p.fix, Fix::Phrase { .. })).map(|p| p.start).max();
    for p in here {
        if p.code == Code::VaguePromise && Some(p.start) != last_vague {
            continue;
        }
        match &p.fix {
            Fix::Phrase { start, end, template } => {
                let phrase = &src[*start..*end];
                edits.push((*start, *end, template.replace("$0", phrase)));
            }
            Fix::But { cut_start, cut_end, .. } => {
                if bare {
                    edits.push((s_start, *cut_end, format!("{}. ", r.bare_rewrite)));
                } else {
                    edits.push((*cut_start, *cut_end, ". ".to_string()));
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = sentence.to_string();
    let mut floor = s_end;
    for (a, b, rep) in edits {
        if b > floor || a < s_start || b > s_end {
            continue;
        }
        out.replace_range(a - s_start..b - s_start, &rep);
        floor = a;
    }
    tidy(&out)
}

fn end_sentence(s: &str) -> String {
    let t = s.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Spaces, stray punctuation and capitals after an edit.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && (out.ends_with(' ') || out.is_empty()) {
            continue;
        }
        if matches!(c, ',' | '.' | '!' | '?' | ';' | ':') && out.ends_with(' ') {
            out.pop();
        }
        if c == '.' && (out.ends_with(',') || out.ends_with(';')) {
            out.pop();
        }
        if matches!(c, '.' | ',') && out.ends_with(". ") {
            continue;
        }
        if c == '.' && out.ends_with('.') && !out.ends_with("..") {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_end();
    // Capitalise the start and each sentence after ". ", "! ", "? ".
    let mut res = String::with_capacity(trimmed.len());
    let mut cap = true;
    let mut stop = false;
    for c in trimmed.chars() {
        if cap && c.is_alphabetic() {
            res.extend(c.to_uppercase());
            cap = false;
            stop = false;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            stop = true;
        } else if c.is_whitespace() {
            cap |= stop;
        } else if !matches!(c, '"' | '\u{201c}' | '(') {
            cap = false;
            stop = false;
        }
        res.push(c);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidy_fixes_spacing_punctuation_and_capitals() {
        assert_eq!(tidy("sorry about this.  that's our policy ."), "Sorry about this. That's our policy.");
        assert_eq!(tidy("we will fix it by {when} ,."), "We will fix it by {when}.");
        assert_eq!(tidy("see example.com for more"), "See example.com for more");
    }
}
