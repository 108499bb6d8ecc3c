//! "Check my reply": the coach reviews the agent's draft as it is typed,
//! shows each finding with its reason and a one-click rewrite, names the good
//! moves, and reads the customer's last message for its temperature.

use crate::core::coach::{Code, Finding, Review};
use crate::core::coach_wire::{self, Request};
use crate::core::i18n::Catalog;
use crate::core::session::{Action, Session};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::use_coach_answer;
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CoachBoxProps {
    pub session: Rc<Session>,
    /// The coach's newest review of the draft and the question it answers
    /// (asked by the sidebar, which also offers check-offs from it).
    pub review: Option<(Request, Rc<Review>)>,
    /// A review of the draft as it is now is on its way.
    pub reviewing: bool,
}

/// A short human name for a finding's code.
pub fn code_label(code: Code) -> &'static str {
    match code {
        Code::Blame => crate::core::i18n::en("Blame"),
        Code::Dismissive => crate::core::i18n::en("Dismissive"),
        Code::ButApology => crate::core::i18n::en("\u{201c}Sorry, but\u{2026}\u{201d}"),
        Code::NonApology => crate::core::i18n::en("Non-apology"),
        Code::PolicyWall => crate::core::i18n::en("Policy wall"),
        Code::NoOwnership => crate::core::i18n::en("Passing it on"),
        Code::VaguePromise => crate::core::i18n::en("Promise with no time"),
        Code::Interrupting => crate::core::i18n::en("Answers before acknowledging"),
        Code::MissingThanks => crate::core::i18n::en("No thanks"),
        Code::MissingApology => crate::core::i18n::en("No apology"),
        Code::MissingTime => crate::core::i18n::en("No time given"),
    }
}

/// A rewrite with its `{when}` filled: the nearest follow-up's time when one
/// is set, else a marker the agent must fill in.
pub fn fill_when(rewrite: &str, when: &str) -> String {
    let time = when.strip_prefix("by ").unwrap_or(when);
    rewrite.replace("{when}", if time.is_empty() { "[a time you can keep]" } else { time })
}

/// The draft with a finding's rewrite put in place (its sentence, or its span).
pub fn apply_rewrite(draft: &str, f: &Finding, when: &str) -> Option<String> {
    let rewrite = fill_when(f.rewrite.as_deref()?, when);
    let span = f.rewrite_span.unwrap_or(f.span);
    let (head, tail) = (draft.get(..span.start)?, draft.get(span.end..)?);
    let sep_before = if !head.is_empty() && !head.ends_with(char::is_whitespace) && span.is_empty() { " " } else { "" };
    let sep_after = if span.is_empty() && !tail.is_empty() && !tail.starts_with(char::is_whitespace) { " " } else { "" };
    Some(format!("{head}{sep_before}{rewrite}{sep_after}{tail}"))
}

#[component]
pub fn CoachBox(props: &CoachBoxProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let session = &props.session;
    let reading_request = (!session.customer_message.trim().is_empty()).then(|| Request::temperature(&session.customer_message));
    let reading = use_coach_answer(&ctx.coach.coach, "reading", reading_request.clone(), coach_wire::reading_from_json);
    let reading_pending = reading.pending;
    // The newest reading, kept while a newer one is on its way (a message is
    // pasted, then edited): it is replaced, not blanked, so nothing jumps.
    let reading = reading_request.as_ref().and(reading.answer.as_ref()).map(|(_, r)| r.clone());
    // The review shown: the newest, of the draft it was made for; its
    // rewrites are offered only when that is the draft as it is now.
    let (reviewed_draft, review) = match &props.review {
        Some((Request::Review { draft, .. }, r)) if !session.draft.trim().is_empty() => (draft.clone(), r.clone()),
        _ => (String::new(), Rc::new(Review::default())),
    };
    let fresh = !props.reviewing && reviewed_draft == session.draft;
    let unavailable = ctx.coach.failed().map(str::to_string);
    let on_draft =
        ctx.act.reform(|e: InputEvent| Action::SetDraft { text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value() });
    let on_message = ctx
        .act
        .reform(|e: InputEvent| Action::SetCustomerMessage { text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value() });
    let insert = {
        let (effect, draft) = (ctx.effect.clone(), session.draft.clone());
        Callback::from(move |_| effect.emit(Effect::Insert(draft.clone())))
    };
    let record = reading.as_ref().filter(|_| !reading_pending).map(|r| {
        let level = r.level;
        ctx.act.reform(move |_| Action::RecordTemperature { level })
    });
    let draft = session.draft.clone();
    let when = crate::ui::components::tools::when_text(session);

    html! {
        <details class="ta-panel ta-coach" open=true>
            <summary>{ tr.t("Check my reply") }</summary>
            <div class="ta-field">
                <label for="ta-customer-msg">{ tr.t("Customer's last message") }</label>
                <textarea id="ta-customer-msg" rows="2" value={session.customer_message.clone()} oninput={on_message}
                    placeholder={tr.t("Paste what the customer wrote, to read their temperature")} />
            </div>
            if let Some(why) = unavailable.clone() {
                <p class="ta-coach-off">{ tr.say(&coach_unavailable(&why)) }</p>
            }
            if reading_pending && reading.is_none() {
                <p class="ta-muted ta-coach-wait">{ tr.t("Reading the message\u{2026}") }</p>
            }
            if let Some(r) = reading.as_ref() {
                <div class={classes!("ta-reading", format!("ta-t-{}", r.level.as_str()))} aria-busy={reading_pending.to_string()}>
                    <p><strong>{ tr.f("Reads as {level}", &[("level", &crate::core::case::lower(tr.t(r.level.label())))]) }</strong>{ tr.f(" ({score} of 100)", &[("score", &r.score.to_string())]) }</p>
                    if !r.cues.is_empty() {
                        <ul class="ta-cues">
                            { for r.cues.iter().filter(|c| c.weight != 0).take(6).map(|c| html! {
                                <li>{ format!("{} {:+}: ", c.kind, c.weight) }<q>{ c.text.clone() }</q></li>
                            }) }
                        </ul>
                    }
                    if let Some(onclick) = record {
                        if session.temperature() != Some(r.level) {
                            <button type="button" class="ta-btn" {onclick}>{ tr.f("Record \u{201c}{level}\u{201d} as the temperature", &[("level", tr.t(r.level.label()))]) }</button>
                        }
                    }
                </div>
            }
            <div class="ta-field">
                <label for="ta-draft">{ tr.t("Your draft reply") }</label>
                <textarea id="ta-draft" rows="4" value={draft.clone()} oninput={on_draft}
                    placeholder={tr.t("Type or paste your reply; the coach checks it as you write")} />
            </div>
            <div aria-live="polite" class="ta-review" aria-busy={props.reviewing.to_string()}>
                if !draft.trim().is_empty() && reviewed_draft.is_empty() && unavailable.is_none() {
                    <p class="ta-muted ta-coach-wait">{ tr.t("Reading your draft\u{2026}") }</p>
                }
                if !reviewed_draft.is_empty() {
                    if review.findings.is_empty() {
                        if fresh { <p class="ta-clean">{ tr.t("Nothing to fix in this draft.") }</p> }
                    } else {
                        <ul class="ta-list ta-findings" aria-label={tr.t("What to fix")}>
                            { for (0..review.findings.len()).map(|i| finding_row(&tr, i, &review.findings, &reviewed_draft, fresh, &when, &ctx)) }
                        </ul>
                    }
                    if !review.moves.is_empty() {
                        <p class="ta-moves">
                            <span class="ta-label">{ tr.t("Good moves: ") }</span>
                            { for review.move_kinds().into_iter().map(|m| html! { <span class="ta-chip">{ m.as_str().replace('_', " ") }</span> }) }
                        </p>
                    }
                }
            </div>
            if !draft.trim().is_empty() {
                <div class="ta-actions">
                    <button type="button" class="ta-btn ta-btn-primary" onclick={insert}>{ if ctx.can_insert { tr.t("Insert draft into the reply") } else { tr.t("Copy draft") } }</button>
                </div>
            }
        </details>
    }
}

/// What the panels say when the coach could not start here.
pub fn coach_unavailable(why: &str) -> String {
    crate::msg!("The coach could not load here: {why}. Drafts and messages are not checked; your checklist, notes and saving work as before. Reload to try again.")
}

/// One finding of `draft` (the draft it was made for); "Use this" only when
/// that is the draft as it is now (`fresh`), so a rewrite never undoes typing.
fn finding_row(tr: &Catalog, i: usize, findings: &[Finding], draft: &str, fresh: bool, when: &str, ctx: &SidebarCtx) -> Html {
    let f = &findings[i];
    let take = apply_rewrite(draft, f, when).filter(|_| fresh).map(|text| ctx.act.reform(move |_| Action::SetDraft { text: text.clone() }));
    finding_item(tr, i, findings, draft, when, tr.t("Use this"), take)
}

/// Whether finding `i` offers the same rewrite as one before it (two findings
/// in one sentence often do): the rewrite is then said once.
fn repeats_rewrite(findings: &[Finding], i: usize) -> bool {
    let f = &findings[i];
    f.rewrite.is_some() && findings[..i].iter().any(|e| e.rewrite == f.rewrite)
}

/// One finding as both coach panels (the paste box and the helpdesk's reply
/// box) show it: its label, the words it covers, why, the rewrite (or a
/// pointer to the same rewrite above), and a button labelled `verb` when
/// there is something to `take`.
pub fn finding_item(
    tr: &Catalog,
    i: usize,
    findings: &[Finding],
    draft: &str,
    when: &str,
    verb: &str,
    take: Option<Callback<MouseEvent>>,
) -> Html {
    let f = &findings[i];
    let quoted = f.span.text(draft).to_string();
    html! {
        <li class="ta-item ta-finding" key={format!("{i}-{}", f.code.as_str())} data-code={f.code.as_str()}>
            <div>
                <p class="ta-finding-head"><strong>{ tr.t(code_label(f.code)) }</strong>
                    if !quoted.is_empty() { { " \u{2014} " }<q>{ quoted }</q> }
                </p>
                <p class="ta-finding-why">{ &f.reason }</p>
                if repeats_rewrite(findings, i) {
                    <p class="ta-finding-fix">{ tr.t("The rewrite above fixes this too.") }</p>
                } else if let Some(r) = &f.rewrite {
                    <p class="ta-finding-fix">{ tr.t("Try: ") }{ fill_when(r, when) }</p>
                }
            </div>
            if let Some(onclick) = take {
                <button type="button" class="ta-btn" {onclick}>{ verb }<span class="ta-sr">{ tr.f(" rewrite for {code}", &[("code", tr.t(code_label(f.code)))]) }</span></button>
            }
        </li>
    }
}
