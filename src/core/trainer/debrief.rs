//! Scoring and the debrief of a run: steps covered or missed, timing, the moves
//! that helped and hurt, the mood curve, what to try next time; and its exports
//! as JSON and as one CSV row per run for a cohort.

use super::engine::{EndKind, Entry, Mark, Mode, MoodPoint, Run, What};
use super::signal::{Mistake, Signal};
use crate::core::export::csv_row;
use crate::core::playbook::{self, Channel, Playbook};
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The weights of the solo score. Live runs are scored on the rubric alone.
pub mod scoring {
    /// Points for covering the rubric's steps (weighted).
    pub const STEPS: f64 = 60.0;
    /// Points for how far the mood came down from the start.
    pub const CALM: f64 = 25.0;
    /// Points for a run without mistakes; each mistake costs [`MISTAKE_COST`].
    pub const CLEAN: f64 = 15.0;
    pub const MISTAKE_COST: f64 = 5.0;
    /// A run that did not end turned around scores at most this.
    pub const CAP_UNLESS_TURNED_AROUND: u8 = 59;
    /// Success: turned around with at least this score.
    pub const PASS_MARK: u8 = 60;
    /// Most "try next time" tips in a debrief, and fewest.
    pub const MAX_TIPS: usize = 4;
    pub const MIN_TIPS: usize = 2;
    /// A chat reply slower than this earns a timing tip.
    pub const SLOW_CHAT_REPLY_MS: i64 = 90_000;
}

/// Everything a trainer hands back after a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub scenario: String,
    pub title: String,
    pub summary: String,
    pub playbook: String,
    pub channel: Channel,
    pub difficulty: u8,
    pub mode: Mode,
    pub trainee: String,
    /// How it ended; `None` while the run is still going.
    pub outcome: Option<EndKind>,
    pub outcome_title: String,
    /// Turned around with a score of at least the pass mark.
    pub success: bool,
    /// 0 to 100.
    pub score: u8,
    pub score_parts: ScoreParts,
    pub started_at: Timestamp,
    pub ended_at: Timestamp,
    pub duration_ms: i64,
    pub turns: u32,
    /// Each rubric step, covered or missed, in rubric order.
    pub steps: Vec<StepResult>,
    /// Moves (and nudges) that calmed the customer, biggest effect first.
    pub helped: Vec<MoodEffect>,
    /// Mistakes (and nudges) that made it worse, biggest effect first.
    pub hurt: Vec<MoodEffect>,
    pub mood_start: u8,
    pub mood_end: u8,
    pub mood_curve: Vec<MoodPoint>,
    pub facts: Vec<FactResult>,
    pub timing: Timing,
    /// Two to four things to try next time.
    pub tips: Vec<String>,
    pub transcript: Vec<Entry>,
}

/// How the score was made (points, before any cap).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// Points for rubric steps covered (live: the whole score, from the marks).
    pub steps: f64,
    /// Points for how far the mood came down (solo).
    pub calm: f64,
    /// Points for a run without mistakes (solo).
    pub clean: f64,
    /// True when the cap for a run that was not turned around applied.
    pub capped: bool,
}

/// One rubric step in the debrief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub step: String,
    pub title: String,
    pub weight: u8,
    pub covered: bool,
    /// Live mode: the trainer's mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    /// The reply that first covered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<u32>,
    /// When it was first covered, after the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_ms: Option<i64>,
}

/// The summed effect of one kind of move, mistake or nudge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoodEffect {
    /// What it was, in words ("an apology", or a nudge's reason).
    pub label: String,
    /// The move or mistake; none for an author's nudge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<Signal>,
    /// Times it moved the mood.
    pub count: u32,
    /// Its summed effect on the mood (negative calmed).
    pub total: i32,
}

/// A fact of the scenario, found or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactResult {
    pub id: String,
    pub text: String,
    /// The trainee brought it out by asking.
    pub found: bool,
}

/// How long the run took and how quickly the trainee answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    /// From the opening to the end (or the last input, while the run goes on).
    pub duration_ms: i64,
    /// Replies the trainee gave.
    pub replies: u32,
    /// From the customer's line to the trainee's reply, on average.
    pub average_reply_ms: i64,
    /// The slowest reply.
    pub longest_reply_ms: i64,
}

impl Run {
    /// The debrief, with step titles from the built-in playbook the scenario names (if it is one).
    pub fn debrief(&self) -> Debrief {
        let built_in = playbook::built_in(&self.scenario().playbook).and_then(Result::ok);
        self.debrief_with(built_in.as_ref())
    }

    /// The debrief, with step titles and guidance from `playbook` (a custom one, say).
    pub fn debrief_with(&self, playbook: Option<&Playbook>) -> Debrief {
        let sc = self.scenario();
        let ending = self.ending();
        let ended_at = ending.map_or(self.last_at(), |e| e.at);
        let step_of = |id: &str| playbook.and_then(|p| p.step(id));

        let steps: Vec<StepResult> = sc
            .rubric
            .iter()
            .map(|item| {
                let covered = self.covered().iter().find(|c| c.step == item.step);
                StepResult {
                    step: item.step.clone(),
                    title: step_of(&item.step).map_or_else(|| item.step.clone(), |s| s.title.clone()),
                    weight: item.weight,
                    covered: covered.is_some(),
                    mark: self.marks().get(&item.step).copied(),
                    turn: covered.map(|c| c.turn),
                    after_ms: covered.map(|c| c.at.millis() - self.started_at().millis()),
                }
            })
            .collect();

        // Live runs have no reply effects: the trainer sets the mood directly.
        let (helped, hurt) = if self.mode() == Mode::Solo { effects(self.transcript()) } else { (Vec::new(), Vec::new()) };
        let mistakes: u32 = hurt.iter().filter(|e| matches!(e.signal, Some(Signal::Mistake(_)))).map(|e| e.count).sum();
        let mood_start = self.mood_curve().first().map_or(self.mood(), |p| p.mood);
        let mood_end = self.mood();
        let kind = ending.map(|e| e.kind);
        let (score, parts) = score(self.mode(), &steps, mood_start, mood_end, mistakes, kind);
        let success = kind == Some(EndKind::TurnedAround) && score >= scoring::PASS_MARK;
        let found = self.facts_found();
        let facts: Vec<FactResult> =
            sc.facts.iter().map(|f| FactResult { id: f.id.clone(), text: f.text.clone(), found: found.contains(&f.id.as_str()) }).collect();
        let timing = timing(self.transcript(), self.started_at(), ended_at);

        let mut debrief = Debrief {
            scenario: sc.id.clone(),
            title: sc.title.clone(),
            summary: sc.summary.clone(),
            playbook: sc.playbook.clone(),
            channel: sc.channel,
            difficulty: sc.difficulty,
            mode: self.mode(),
            trainee: self.trainee().to_string(),
            outcome: kind,
            outcome_title: ending.map_or_else(|| crate::core::i18n::en("In progress").to_string(), |e| e.title.clone()),
            success,
            score,
            score_parts: parts,
            started_at: self.started_at(),
            ended_at,
            duration_ms: timing.duration_ms,
            turns: self.turns(),
            steps,
            helped,
            hurt,
            mood_start,
            mood_end,
            mood_curve: self.mood_curve().to_vec(),
            facts,
            timing,
            tips: Vec::new(),
            transcript: self.transcript().to_vec(),
        };
        debrief.tips = tips(self, &debrief, playbook);
        debrief
    }
}

/// The score and its parts. Solo: steps, calm and clean points; live: the rubric alone.
pub fn score(mode: Mode, steps: &[StepResult], mood_start: u8, mood_end: u8, mistakes: u32, outcome: Option<EndKind>) -> (u8, ScoreParts) {
    let total_weight: f64 = steps.iter().map(|s| f64::from(s.weight)).sum();
    let share = |credit: &dyn Fn(&StepResult) -> f64| {
        if total_weight > 0.0 {
            steps.iter().map(|s| f64::from(s.weight) * credit(s)).sum::<f64>() / total_weight
        } else {
            0.0
        }
    };
    let mut parts = ScoreParts::default();
    let raw = match mode {
        Mode::Live => {
            parts.steps = 100.0 * share(&|s| s.mark.map_or(0.0, Mark::credit));
            parts.steps
        }
        Mode::Solo => {
            parts.steps = scoring::STEPS * share(&|s| if s.covered { 1.0 } else { 0.0 });
            let calm = if mood_start == 0 { 1.0 } else { (f64::from(mood_start) - f64::from(mood_end)) / f64::from(mood_start) };
            parts.calm = scoring::CALM * calm.clamp(0.0, 1.0);
            parts.clean = (scoring::CLEAN - scoring::MISTAKE_COST * f64::from(mistakes)).max(0.0);
            parts.steps + parts.calm + parts.clean
        }
    };
    let mut score = raw.round().clamp(0.0, 100.0) as u8;
    if outcome != Some(EndKind::TurnedAround) && score > scoring::CAP_UNLESS_TURNED_AROUND {
        score = scoring::CAP_UNLESS_TURNED_AROUND;
        parts.capped = true;
    }
    (score, parts)
}

/// Sums the mood changes of a solo transcript by what caused them: each move, mistake or nudge.
fn effects(transcript: &[Entry]) -> (Vec<MoodEffect>, Vec<MoodEffect>) {
    let mut all: Vec<MoodEffect> = Vec::new();
    for e in transcript {
        let What::Mood { delta, reason, signal, .. } = &e.what else { continue };
        let label = match signal {
            Some(s) => s.label().to_string(),
            None => reason.split_once(": ").map_or(reason.as_str(), |(_, r)| r).to_string(),
        };
        match all.iter_mut().find(|x| x.signal == *signal && x.label == label) {
            Some(x) => {
                x.count += 1;
                x.total += delta;
            }
            None => all.push(MoodEffect { label, signal: *signal, count: 1, total: *delta }),
        }
    }
    let mut helped: Vec<MoodEffect> = all.iter().filter(|e| e.total < 0).cloned().collect();
    let mut hurt: Vec<MoodEffect> = all.into_iter().filter(|e| e.total > 0).collect();
    helped.sort_by_key(|e| e.total);
    hurt.sort_by_key(|e| std::cmp::Reverse(e.total));
    (helped, hurt)
}

fn timing(transcript: &[Entry], started: Timestamp, ended: Timestamp) -> Timing {
    let mut t = Timing { duration_ms: (ended.millis() - started.millis()).max(0), ..Default::default() };
    let mut since = started;
    let mut total = 0i64;
    for e in transcript {
        match &e.what {
            What::Agent { .. } => {
                let gap = (e.at.millis() - since.millis()).max(0);
                t.replies += 1;
                total += gap;
                t.longest_reply_ms = t.longest_reply_ms.max(gap);
                since = e.at;
            }
            What::Customer { .. } => since = e.at,
            _ => {}
        }
    }
    if t.replies > 0 {
        t.average_reply_ms = total / i64::from(t.replies);
    }
    t
}

/// Two to four things to try next time, most useful first: the costliest
/// mistakes, the heaviest missed steps, a step taken too early, facts never
/// asked for, slow replies; a clean run gets stretch goals.
fn tips(run: &Run, d: &Debrief, playbook: Option<&Playbook>) -> Vec<String> {
    let sc = run.scenario();
    let mut tips: Vec<String> = Vec::new();
    for e in &d.hurt {
        if let Some(Signal::Mistake(m)) = e.signal {
            tips.push(m.tip().to_string());
        }
    }
    let mut missed: Vec<(usize, &super::scenario::RubricItem)> = sc
        .rubric
        .iter()
        .enumerate()
        .filter(|(_, item)| !d.steps.iter().any(|s| s.step == item.step && s.covered && s.mark != Some(Mark::Missed)))
        .collect();
    missed.sort_by_key(|(i, item)| (std::cmp::Reverse(item.weight), *i));
    for (_, item) in missed {
        let tip = match (&item.tip, playbook.and_then(|p| p.step(&item.step))) {
            (Some(tip), _) => tip.clone(),
            (None, Some(step)) => step.how.clone(),
            (None, None) => {
                let (look_for, step) = (item.look_for.trim_end_matches('.'), &item.step);
                crate::msg!("Next time: {look_for} ({step}).")
            }
        };
        tips.push(tip);
    }
    if let Some(p) = playbook {
        let order: Vec<(usize, u32, &str)> =
            run.covered().iter().filter_map(|c| p.step_index(&c.step).map(|i| (i, c.turn, c.step.as_str()))).collect();
        // Only a jump of three or more steps counts: neighbours often share a reply.
        let early = order
            .iter()
            .find_map(|&(i, turn, step)| order.iter().find(|&&(j, t, _)| j + 3 <= i && t > turn).map(|&(_, _, before)| (step, before)));
        if let (Some((step, before)), true) = (early, run.mode() == Mode::Solo) {
            if let (Some(a), Some(b)) = (p.step(step), p.step(before)) {
                let (first, then, why) = (&b.title, &a.title, &b.why);
                tips.push(crate::msg!("Try \"{first}\" before \"{then}\": {why}"));
            }
        }
    }
    if let Some(f) = d.facts.iter().find(|f| !f.found) {
        let fact = &f.text;
        tips.push(crate::msg!("Ask one more question before you commit; you never found out: {fact}"));
    }
    if d.channel == Channel::Chat && d.timing.longest_reply_ms > scoring::SLOW_CHAT_REPLY_MS {
        let secs = d.timing.longest_reply_ms / 1000;
        tips.push(crate::msg!("In chat, answer within a minute or say you are checking: your slowest reply took {secs} s."));
    }
    if tips.len() < scoring::MIN_TIPS {
        tips.push(crate::msg!("Play it again in your own words: type your replies and let the coach classify them."));
        tips.push(if sc.difficulty < 3 {
            crate::msg!("Try a harder scenario next.")
        } else {
            crate::msg!("Try it live, with a colleague playing the customer.")
        });
    }
    let mut unique: Vec<String> = Vec::new();
    for t in tips {
        if !unique.contains(&t) {
            unique.push(t);
        }
    }
    unique.truncate(scoring::MAX_TIPS);
    unique
}

/// The debrief as pretty JSON, for download and for a print view.
pub fn debrief_json(d: &Debrief) -> String {
    // A Debrief holds only strings, numbers, plain enums and string-keyed maps,
    // which serde_json always serializes; the fallback exists to avoid a panic path.
    serde_json::to_string_pretty(d).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

/// The columns of [`cohort_csv`].
pub const CSV_HEADER: [&str; 14] = [
    "trainee",
    "scenario",
    "title",
    "mode",
    "outcome",
    "success",
    "score",
    "duration_s",
    "started_at",
    "turns",
    "steps_covered",
    "steps_missed",
    "mistakes",
    "mood_end",
];

/// One CSV row per run, with a header: a cohort's results for a spreadsheet.
/// Cells are quoted and defused against formula injection by `export::csv_row`.
pub fn cohort_csv(debriefs: &[Debrief]) -> String {
    let mut out = csv_row(&CSV_HEADER);
    out.push_str("\r\n");
    for d in debriefs {
        let covered: Vec<&str> = d.steps.iter().filter(|s| s.covered).map(|s| s.step.as_str()).collect();
        let missed: Vec<&str> = d.steps.iter().filter(|s| !s.covered).map(|s| s.step.as_str()).collect();
        let mistakes: Vec<&str> =
            d.hurt.iter().filter_map(|e| if let Some(Signal::Mistake(m)) = e.signal { Some(m.as_str()) } else { None }).collect();
        let row = [
            d.trainee.clone(),
            d.scenario.clone(),
            d.title.clone(),
            match d.mode {
                Mode::Solo => "solo".to_string(),
                Mode::Live => "live".to_string(),
            },
            d.outcome.map_or("in_progress", EndKind::as_str).to_string(),
            d.success.to_string(),
            d.score.to_string(),
            (d.duration_ms / 1000).to_string(),
            d.started_at.to_string(),
            d.turns.to_string(),
            covered.join(" "),
            missed.join(" "),
            mistakes.join(" "),
            d.mood_end.to_string(),
        ];
        out.push_str(&csv_row(&row));
        out.push_str("\r\n");
    }
    out
}

/// The mistakes that pushed the mood up, for tests and summaries.
pub fn mistakes_made(d: &Debrief) -> Vec<Mistake> {
    d.hurt.iter().filter_map(|e| if let Some(Signal::Mistake(m)) = e.signal { Some(m) } else { None }).collect()
}
