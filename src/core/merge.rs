//! The merge of two copies of one ticket's session (two tabs, or two agents
//! through the host's store) into one that loses nothing either side did,
//! and the words for what came in from the other side.
//!
//! With the copy both sides started from (the `base`, when known), a field
//! only one side changed takes that side's value, and a removal is honoured
//! when the other side left the item alone; without it, nothing is removed
//! and differing texts are both kept. Where both sides changed the same
//! thing: a check-off or un-check keeps the later one, a note keeps both texts
//! (marked, for the agent to tidy), lists are united by id, and the owner is
//! the later hand-over. The result is the same whichever copy comes first.

use crate::core::advisor::MakeWhole;
use crate::core::playbook::Playbook;
use crate::core::session::{AlertField, Evidence, FollowUp, Hypothesis, ServiceAlert, Session, StepState, TemperatureReading};
use crate::core::time::Timestamp;
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// The line between two versions of a text that both sides edited.
pub const SEAM: &str = "\n--- (kept from another copy) ---\n";

/// Merges two copies with no known common base: nothing is removed, and the
/// result holds everything either copy holds. See [`merge3`].
pub fn merge(a: &Session, b: &Session) -> Session {
    merge3(None, a, b)
}

/// Merges two copies of one ticket's session, given the copy both were built
/// on when it is known (the host copy a save's `base_rev` names).
///
/// The result's `rev` is above both, unless the result equals the copy with
/// the higher `rev` exactly, which it then keeps (hosts keep the higher rev).
/// `merge3(base, a, b) == merge3(base, b, a)`.
pub fn merge3(base: Option<&Session>, a: &Session, b: &Session) -> Session {
    let (newer, older) = order(a, b);
    let m = Merger { base, newer, older };
    let mut out = newer.clone();

    // The playbook: the side that switched it (from the base) leads, else the newer.
    let lead = match base {
        Some(x) if newer.playbook == x.playbook && older.playbook != x.playbook => older,
        _ => newer,
    };
    out.playbook = lead.playbook.clone();
    let (steps, other_steps) = m.steps(lead);
    out.steps = steps;
    out.other_steps = other_steps;

    out.schema = a.schema.max(b.schema);
    out.focus = m.pick(|s| &s.focus);
    out.customer = m.pick(|s| &s.customer);
    out.subject = m.pick(|s| &s.subject);
    out.customer_message = m.pick_text(|s| &s.customer_message, false);
    out.draft = m.pick_text(|s| &s.draft, true);

    out.temperatures = union_by(&newer.temperatures, &older.temperatures, same_reading);
    // Stable: readings of one moment keep their order (the last is the newest).
    out.temperatures.sort_by_key(|r| r.at);
    out.dismissed_offers = union_by(&newer.dismissed_offers, &older.dismissed_offers, |x, y| x == y);

    out.follow_ups = m.list(|s| &s.follow_ups, |f| &f.id, merge_follow_up);
    out.follow_ups.sort_by_key(|f| f.due);
    out.worksheet.evidence = m.list(|s| &s.worksheet.evidence, |f| &f.id, merge_evidence);
    out.worksheet.hypotheses = m.list(|s| &s.worksheet.hypotheses, |f| &f.id, merge_hypothesis);

    out.handovers = union_by(&newer.handovers, &older.handovers, |x, y| x == y);
    out.handovers.sort_by_key(|h| h.at);
    out.owner = m.owner(&out.handovers.last().map(|h| h.to.clone()));

    out.alert = m.alert();
    out.make_whole = m.make_whole();
    out.extra = m.extra(|s| &s.extra);

    out.created_at = a.created_at.min(b.created_at);
    out.ticket_id = newer.ticket_id.clone();
    // The merge never goes below either copy's rev: it keeps a copy's rev only
    // when it equals that copy and that copy is the higher; otherwise it is a
    // new change above both.
    let top = a.rev.max(b.rev);
    let same: Vec<&Session> = [a, b].into_iter().filter(|x| x.rev == top && same_content(&out, x)).collect();
    if let Some(latest) = same.iter().map(|x| x.updated_at).max() {
        out.rev = top;
        out.updated_at = latest;
    } else {
        out.rev = top.saturating_add(1);
        out.updated_at = a.updated_at.max(b.updated_at);
    }
    out
}

/// A merged copy laid on the playbook this sidebar shows (`playbook`, with
/// `steps`, its step ids in order), whichever playbook the merge chose: when
/// another agent's copy follows another playbook, this sidebar keeps its own
/// playbook, and the states of steps it does not have are set aside in
/// `other_steps` (as a playbook switch sets them aside), so nothing either
/// agent did is lost and a switch back finds them. `rev` and `updated_at`
/// stay: this adds nothing of ours, so a copy that was the host's stays the
/// host's and is not sent back (which would make two sidebars on two
/// playbooks answer each other's pushes for ever).
pub fn on_playbook(mut s: Session, playbook: &str, steps: &[String]) -> Session {
    if s.playbook == playbook && s.steps.iter().map(|x| &x.id).eq(steps.iter()) {
        return s;
    }
    let mut pool: Vec<StepState> = std::mem::take(&mut s.steps);
    pool.append(&mut s.other_steps);
    s.steps = steps
        .iter()
        .map(|id| match pool.iter().position(|x| &x.id == id) {
            Some(i) => pool.remove(i),
            None => StepState::new(id.as_str()),
        })
        .collect();
    // Kept: whatever holds something, an un-check's time included (a later merge weighs it).
    s.other_steps = pool.into_iter().filter(|x| x.done || x.toggled_at.is_some() || !x.note.is_empty() || !x.extra.is_empty()).collect();
    if s.focus.as_ref().is_some_and(|f| !steps.contains(f)) {
        s.focus = None;
    }
    s.playbook = playbook.to_string();
    s
}

/// Equal but for `rev` and `updated_at`.
pub fn same_content(a: &Session, b: &Session) -> bool {
    let mut b2 = b.clone();
    b2.rev = a.rev;
    b2.updated_at = a.updated_at;
    *a == b2
}

/// Two versions of a text with no common base: the one that contains the
/// other wins; otherwise both are kept, `first` first, with a visible seam.
pub fn merge_text(first: &str, second: &str) -> String {
    if first == second || first.contains(second) {
        first.to_string()
    } else if second.contains(first) {
        second.to_string()
    } else {
        format!("{first}{SEAM}{second}")
    }
}

/// Which copy counts as the newer: the later `updated_at`, then the higher
/// `rev`, then (for two different copies of one moment) the larger
/// serialization, so the order never depends on the argument order.
fn order<'s>(a: &'s Session, b: &'s Session) -> (&'s Session, &'s Session) {
    let by_time = (a.updated_at, a.rev).cmp(&(b.updated_at, b.rev));
    let ord = match by_time {
        Ordering::Equal => {
            let (ja, jb) = (serde_json::to_string(a).unwrap_or_default(), serde_json::to_string(b).unwrap_or_default());
            ja.cmp(&jb)
        }
        o => o,
    };
    if ord == Ordering::Less {
        (b, a)
    } else {
        (a, b)
    }
}

struct Merger<'s> {
    base: Option<&'s Session>,
    newer: &'s Session,
    older: &'s Session,
}

impl<'s> Merger<'s> {
    /// A value only one side changed takes that side's; both changed: the newer's.
    fn pick<T: PartialEq + Clone>(&self, get: impl Fn(&Session) -> &T) -> T {
        pick3(self.base.map(&get), get(self.newer), get(self.older)).unwrap_or_else(|| get(self.newer).clone())
    }

    /// Like [`Merger::pick`]; where both changed, `keep_both` keeps both texts
    /// and otherwise the newer's (or the other's when the newer's is empty).
    fn pick_text(&self, get: impl Fn(&Session) -> &String, keep_both: bool) -> String {
        let (n, o) = (get(self.newer), get(self.older));
        match pick3(self.base.map(&get), n, o) {
            Some(v) => v,
            None if keep_both => merge_text(n, o),
            None if n.is_empty() => o.clone(),
            None => n.clone(),
        }
    }

    /// The step states: the lead copy's steps in its order, every other state
    /// of either copy set aside in `other_steps`.
    fn steps(&self, lead: &Session) -> (Vec<StepState>, Vec<StepState>) {
        let find = |s: &'s Session, id: &str| -> Option<&'s StepState> { s.steps.iter().chain(&s.other_steps).find(|x| x.id == id) };
        let merged = |id: &str| -> StepState {
            let base = self.base.and_then(|b| find(b, id));
            match (find(self.newer, id), find(self.older, id)) {
                (Some(n), Some(o)) => merge_step(base, n, o),
                (Some(x), None) | (None, Some(x)) => x.clone(),
                (None, None) => StepState::new(id),
            }
        };
        let steps: Vec<StepState> = lead.steps.iter().map(|s| merged(&s.id)).collect();
        let mut other: Vec<StepState> = Vec::new();
        for s in self.newer.steps.iter().chain(&self.newer.other_steps).chain(&self.older.steps).chain(&self.older.other_steps) {
            if !steps.iter().chain(&other).any(|x| x.id == s.id) {
                let state = merged(&s.id);
                // Set-aside states are kept only when they hold something.
                if state.done
                    || !state.note.is_empty()
                    || !state.extra.is_empty()
                    || self.newer.other_steps.iter().chain(&self.older.other_steps).any(|x| x.id == s.id)
                {
                    other.push(state);
                }
            }
        }
        (steps, other)
    }

    /// Items of a list, united by id: an item only one side changed takes that
    /// side's version; an item one side removed is gone when the other left it
    /// as it was in the base (an edit beats a removal); both changed: `join`.
    fn list<T: PartialEq + Clone>(
        &self,
        get: impl Fn(&Session) -> &Vec<T>,
        id: impl Fn(&T) -> &String,
        join: impl Fn(Option<&T>, &T, &T) -> T,
    ) -> Vec<T> {
        let base = self.base.map(&get);
        let in_base = |x: &T| base.and_then(|b| b.iter().find(|y| id(y) == id(x)));
        let (n, o) = (get(self.newer), get(self.older));
        let mut out: Vec<T> = Vec::new();
        for x in n.iter().chain(o) {
            if out.iter().any(|y| id(y) == id(x)) {
                continue;
            }
            let b = in_base(x);
            let (xn, xo) = (n.iter().find(|y| id(y) == id(x)), o.iter().find(|y| id(y) == id(x)));
            match (xn, xo) {
                (Some(p), Some(q)) => out.push(join(b, p, q)),
                // Only one side has it: the other removed it if the base had it.
                (Some(only), None) | (None, Some(only)) => {
                    let removed_untouched = b.is_some_and(|b| b == only);
                    if !removed_untouched {
                        out.push(only.clone());
                    }
                }
                (None, None) => {}
            }
        }
        out
    }

    /// The owner: a change on one side only wins; both changed: whoever the
    /// later hand-over went to, else the newer's.
    fn owner(&self, last_handover_to: &Option<String>) -> String {
        let (n, o) = (&self.newer.owner, &self.older.owner);
        if let Some(v) = pick3(self.base.map(|b| &b.owner), n, o) {
            return v;
        }
        match last_handover_to {
            Some(to) if to == n || to == o => to.clone(),
            _ if n.is_empty() => o.clone(),
            _ => n.clone(),
        }
    }

    fn alert(&self) -> ServiceAlert {
        let mut out = self.newer.alert.clone();
        for field in AlertField::ALL {
            let (n, o) = (self.newer.alert.get(field), self.older.alert.get(field));
            let base = self.base.map(|b| b.alert.get(field));
            let v = match base {
                Some(b) if n == b => o.to_string(),
                Some(b) if o == b => n.to_string(),
                _ => merge_text(n, o),
            };
            out.set(field, v);
        }
        out.sent_at = self.newer.alert.sent_at.max(self.older.alert.sent_at);
        out
    }

    fn make_whole(&self) -> MakeWhole {
        let (n, o) = (&self.newer.make_whole, &self.older.make_whole);
        let base = self.base.map(|b| &b.make_whole);
        let mut out = MakeWhole::default();
        for q in n.answers.keys().chain(o.answers.keys()) {
            let get = |m: &MakeWhole| m.answers.get(q).copied();
            let v = pick3(base.map(|b| get(b)).as_ref(), &get(n), &get(o)).unwrap_or_else(|| get(n).or(get(o)));
            if let Some(v) = v {
                out.answers.insert(*q, v);
            }
        }
        out.remedy = match pick3(base.map(|b| &b.remedy), &n.remedy, &o.remedy) {
            Some(v) => v,
            None => merge_text(&n.remedy, &o.remedy),
        };
        out
    }

    /// Fields a newer version or a host added: a change on one side only wins,
    /// a key only one side has is kept (unless the other removed it untouched).
    fn extra(&self, get: impl Fn(&Session) -> &Map<String, Value>) -> Map<String, Value> {
        merge_map(self.base.map(&get), get(self.newer), get(self.older))
    }
}

fn merge_map(base: Option<&Map<String, Value>>, n: &Map<String, Value>, o: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for k in n.keys().chain(o.keys()) {
        if out.contains_key(k) {
            continue;
        }
        let b = base.and_then(|m| m.get(k));
        match (n.get(k), o.get(k)) {
            (Some(x), Some(y)) => {
                let v = pick3(b.map(Some).as_ref(), &Some(x), &Some(y)).flatten().unwrap_or(x);
                out.insert(k.clone(), v.clone());
            }
            (Some(only), None) | (None, Some(only)) => {
                if b != Some(only) {
                    out.insert(k.clone(), only.clone());
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The three-way pick: equal sides agree; a side equal to the base did not
/// change, so the other's change wins; `None` when both changed differently
/// (or there is no base to tell).
fn pick3<T: PartialEq + Clone>(base: Option<&T>, n: &T, o: &T) -> Option<T> {
    if n == o {
        return Some(n.clone());
    }
    match base {
        Some(b) if b == n => Some(o.clone()),
        Some(b) if b == o => Some(n.clone()),
        _ => None,
    }
}

/// When a step's checked state last changed: the later of its check and its
/// un-check (sessions from before un-checks were timed have only `done_at`).
fn toggled(s: &StepState) -> Option<Timestamp> {
    s.toggled_at.max(s.done_at)
}

fn merge_step(base: Option<&StepState>, n: &StepState, o: &StepState) -> StepState {
    let mut s = n.clone();
    let state = |x: &StepState| (x.done, x.done_at, x.toggled_at);
    let (done, done_at, toggled_at) = match pick3(base.map(state).as_ref(), &state(n), &state(o)) {
        Some(v) => v,
        None => {
            // Both changed: the later toggle wins; at the same moment (or with
            // no times at all) a check beats an un-check, so no check is lost.
            let key = |x: &StepState| (toggled(x), x.done);
            let winner = if key(o) > key(n) { o } else { n };
            let done_at = if n.done && o.done {
                match (n.done_at, o.done_at) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                }
            } else {
                winner.done_at
            };
            (winner.done, done_at, n.toggled_at.max(o.toggled_at))
        }
    };
    s.done = done;
    s.done_at = done_at;
    s.toggled_at = toggled_at;
    s.note = match pick3(base.map(|b| &b.note), &n.note, &o.note) {
        Some(v) => v,
        None => merge_text(&n.note, &o.note),
    };
    s.extra = merge_map(base.map(|b| &b.extra), &n.extra, &o.extra);
    s
}

fn merge_follow_up(base: Option<&FollowUp>, n: &FollowUp, o: &FollowUp) -> FollowUp {
    FollowUp {
        id: n.id.clone(),
        text: pick3(base.map(|b| &b.text), &n.text, &o.text).unwrap_or_else(|| merge_text(&n.text, &o.text)),
        due: pick3(base.map(|b| &b.due), &n.due, &o.due).unwrap_or(n.due),
        created_at: pick3(base.map(|b| &b.created_at), &n.created_at, &o.created_at).unwrap_or(n.created_at.min(o.created_at)),
        // Both changed: done in either stays done, at the earlier time.
        done_at: pick3(base.map(|b| &b.done_at), &n.done_at, &o.done_at).unwrap_or(match (n.done_at, o.done_at) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        }),
    }
}

fn merge_evidence(base: Option<&Evidence>, n: &Evidence, o: &Evidence) -> Evidence {
    Evidence {
        id: n.id.clone(),
        text: pick3(base.map(|b| &b.text), &n.text, &o.text).unwrap_or_else(|| merge_text(&n.text, &o.text)),
        kind: pick3(base.map(|b| &b.kind), &n.kind, &o.kind).unwrap_or(n.kind),
    }
}

fn merge_hypothesis(base: Option<&Hypothesis>, n: &Hypothesis, o: &Hypothesis) -> Hypothesis {
    Hypothesis {
        id: n.id.clone(),
        text: pick3(base.map(|b| &b.text), &n.text, &o.text).unwrap_or_else(|| merge_text(&n.text, &o.text)),
        struck: pick3(base.map(|b| &b.struck), &n.struck, &o.struck).unwrap_or(n.struck || o.struck),
        reason: pick3(base.map(|b| &b.reason), &n.reason, &o.reason).unwrap_or_else(|| merge_text(&n.reason, &o.reason)),
    }
}

/// A message read in both copies is one reading (its time may differ when
/// the host gave none); a level recorded by hand is one when all is equal.
fn same_reading(x: &TemperatureReading, y: &TemperatureReading) -> bool {
    match (&x.message_id, &y.message_id) {
        (Some(a), Some(b)) => a == b,
        _ => x == y,
    }
}

fn union_by<T: Clone>(first: &[T], second: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = first.to_vec();
    for x in second {
        if !out.iter().any(|y| same(x, y)) {
            out.push(x.clone());
        }
    }
    out
}

/// One thing that came in from the other side of a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    Checked(String),
    Unchecked(String),
    Noted(String),
    FollowUp,
    Worksheet,
    Alert,
    HandedOver(String),
    Temperature,
    Advisor,
    /// The other side's copy follows another playbook (its id); ours is kept.
    Playbook(String),
}

/// What the merged copy holds that ours did not: the changes that came in
/// from the other side, in a stable order.
pub fn incoming(ours: &Session, merged: &Session) -> Vec<Incoming> {
    let mut out = Vec::new();
    if merged.playbook != ours.playbook {
        out.push(Incoming::Playbook(merged.playbook.clone()));
    }
    for s in &merged.steps {
        let mine = ours.steps.iter().chain(&ours.other_steps).find(|x| x.id == s.id);
        match (mine.map(|m| m.done), s.done) {
            (Some(false) | None, true) => out.push(Incoming::Checked(s.id.clone())),
            (Some(true), false) => out.push(Incoming::Unchecked(s.id.clone())),
            _ => {}
        }
        if mine.map_or("", |m| m.note.as_str()) != s.note && !s.note.is_empty() {
            out.push(Incoming::Noted(s.id.clone()));
        }
    }
    if merged.follow_ups != ours.follow_ups {
        out.push(Incoming::FollowUp);
    }
    if merged.worksheet != ours.worksheet {
        out.push(Incoming::Worksheet);
    }
    if AlertField::ALL.iter().any(|f| merged.alert.get(*f) != ours.alert.get(*f)) {
        out.push(Incoming::Alert);
    }
    if merged.owner != ours.owner && !merged.owner.is_empty() {
        out.push(Incoming::HandedOver(merged.owner.clone()));
    }
    if merged.temperatures.iter().any(|r| !ours.temperatures.contains(r)) {
        out.push(Incoming::Temperature);
    }
    if merged.make_whole != ours.make_whole {
        out.push(Incoming::Advisor);
    }
    out
}

/// The sentence the sidebar shows for what came in: "Ana checked “Thank” and
/// “Listen”, added a note to “Plan” and changed the follow-ups." `who` is the
/// other agent's name where the host said it; else "Another agent". Step ids
/// are shown by their titles in `playbook`, in quotation marks, since titles
/// are phrases of their own ("Own it from the first word"). Empty when
/// nothing came in.
pub fn describe(changes: &[Incoming], who: Option<&str>, playbook: &Playbook) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let title = |id: &str| format!("“{}”", playbook.step(id).map_or(id, |s| s.title.as_str()));
    let ids = |f: &dyn Fn(&Incoming) -> Option<&String>| -> Vec<String> { changes.iter().filter_map(f).map(|id| title(id)).collect() };
    let mut parts: Vec<String> = Vec::new();
    let checked = ids(&|c| if let Incoming::Checked(id) = c { Some(id) } else { None });
    if !checked.is_empty() {
        parts.push(format!("checked {}", list(&checked)));
    }
    let unchecked = ids(&|c| if let Incoming::Unchecked(id) = c { Some(id) } else { None });
    if !unchecked.is_empty() {
        parts.push(format!("un-checked {}", list(&unchecked)));
    }
    let noted = ids(&|c| if let Incoming::Noted(id) = c { Some(id) } else { None });
    if !noted.is_empty() {
        let s = if noted.len() == 1 { "a note" } else { "notes" };
        parts.push(format!("added {s} to {}", list(&noted)));
    }
    for c in changes {
        match c {
            Incoming::FollowUp => parts.push("changed the follow-ups".into()),
            Incoming::Worksheet => parts.push("changed the evidence worksheet".into()),
            Incoming::Alert => parts.push("edited the service alert".into()),
            Incoming::HandedOver(to) => parts.push(format!("handed the case to {to}")),
            Incoming::Temperature => parts.push("recorded the temperature".into()),
            Incoming::Advisor => parts.push("answered the make-whole advisor".into()),
            Incoming::Playbook(id) => {
                parts.push(format!("works from another playbook, {id} (you stay on {}; their work there is kept)", playbook.title))
            }
            _ => {}
        }
    }
    let who = who.map(str::trim).filter(|w| !w.is_empty()).unwrap_or("Another agent");
    format!("{who} {}.", list(&parts))
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
