//! The service-alert composer: the incident's documentation from start to
//! finish, drafted from the session on request, previewed as the Markdown the
//! team will read, sent as an internal note and downloaded as Markdown or JSON.

use crate::core::export::{alert_json, alert_markdown_in};
use crate::core::playbook::Playbook;
use crate::core::session::{Action, AlertField, Session};
use crate::core::text::humanize;
use crate::core::time::Timestamp;
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::{use_tr, Tr};
use crate::web::platform::{local_words, new_id, Clock};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertComposerProps {
    pub session: Rc<Session>,
    /// Names the steps in the drafted timeline.
    pub playbook: Rc<Playbook>,
}

/// "22 Nov 14:05" in the agent's time zone.
pub fn local_stamp(t: Timestamp) -> String {
    local_words(t, Clock::DayMonthTime)
}

fn hint(field: AlertField) -> &'static str {
    match field {
        AlertField::Problem => crate::core::i18n::en("What went wrong, as the customer lived it"),
        AlertField::Timeline => crate::core::i18n::en("From the first moment to now, one line per event"),
        AlertField::RootCause => crate::core::i18n::en("Why it happened, as far as the evidence shows"),
        AlertField::ImmediateFix => crate::core::i18n::en("What we did for this customer"),
        AlertField::PreventionOurs => crate::core::i18n::en("What we change so it does not happen again"),
        AlertField::PreventionCustomer => crate::core::i18n::en("What the customer can do differently, if anything"),
        AlertField::Owner => crate::core::i18n::en("Who sees this through"),
    }
}

/// Drafts for the alert's empty fields, from what the session already holds:
/// the subject, a timeline of check-offs, notes, temperature readings,
/// hand-overs and promises, the one scenario left standing, the remedy and the
/// owner. Fields that have text are never touched.
pub fn drafts(tr: Tr, s: &Session, playbook: &Playbook, stamp: impl Fn(Timestamp) -> String) -> Vec<(AlertField, String)> {
    let titles = Some(playbook).filter(|p| p.id == s.playbook);
    let title = |id: &str| titles.and_then(|p| p.step(id)).map(|st| st.title.clone()).unwrap_or_else(|| humanize(id));
    let mut out = Vec::new();
    let mut offer = |field: AlertField, text: String| {
        if s.alert.get(field).trim().is_empty() && !text.trim().is_empty() {
            out.push((field, text));
        }
    };
    offer(AlertField::Problem, s.subject.clone());

    let mut events: Vec<(Timestamp, String)> = vec![(s.created_at, tr.t("Turnaround opened on this ticket").into())];
    for st in &s.steps {
        if let Some(at) = st.done_at.filter(|_| st.done) {
            let note = if st.note.trim().is_empty() { String::new() } else { format!(": {}", one_line(&st.note)) };
            events.push((at, tr.f("{step} done{note}", &[("step", &title(&st.id)), ("note", &note)])));
        }
    }
    events.extend(s.temperatures.iter().map(|r| {
        let level = crate::core::case::lower(tr.t(r.level.label()));
        let said = match r.message_id {
            Some(_) => tr.f("Customer {level} (read from their message)", &[("level", &level)]),
            None => tr.f("Customer {level} (recorded)", &[("level", &level)]),
        };
        (r.at, said)
    }));
    events.extend(s.handovers.iter().map(|h| {
        let from = if h.from.is_empty() { tr.t("no one").to_string() } else { h.from.clone() };
        let told = if h.customer_told { tr.t(", customer told") } else { "" };
        (h.at, tr.f("Handed over from {from} to {to}{told}", &[("from", &from), ("to", &h.to), ("told", told)]))
    }));
    for f in &s.follow_ups {
        events.push((f.created_at, tr.f("Promised: {what} (due {due})", &[("what", &one_line(&f.text)), ("due", &stamp(f.due))])));
        if let Some(done) = f.done_at {
            events.push((done, tr.f("Kept: {what}", &[("what", &one_line(&f.text))])));
        }
    }
    events.sort_by_key(|(at, _)| *at);
    let mut lines: Vec<String> = events.into_iter().map(|(at, what)| format!("- {} {what}", stamp(at))).collect();
    for st in s.steps.iter().filter(|st| !st.done && !st.note.trim().is_empty()) {
        lines.push(tr.f("- Note ({step}): {note}", &[("step", &title(&st.id)), ("note", &one_line(&st.note))]));
    }
    if lines.len() > 1 {
        offer(AlertField::Timeline, lines.join("\n"));
    }

    let standing: Vec<_> = s.worksheet.hypotheses.iter().filter(|x| !x.struck).collect();
    if standing.len() == 1 && standing.len() < s.worksheet.hypotheses.len() {
        offer(
            AlertField::RootCause,
            tr.f("Most likely: {cause} (every other explanation was ruled out by the evidence)", &[("cause", &standing[0].text)]),
        );
    }
    if let Some(p) = s.make_whole.principle() {
        offer(AlertField::ImmediateFix, format!("{}: {}", tr.t(p.title()), tr.say(s.make_whole.remedy_text())));
    }
    offer(AlertField::Owner, s.owner.clone());
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A ticket id made safe for a file name.
fn file_stem(ticket: &str) -> String {
    let clean: String = ticket.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).take(60).collect();
    if clean.is_empty() {
        "ticket".into()
    } else {
        clean
    }
}

#[component]
pub fn AlertComposer(props: &AlertComposerProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let uid = use_memo((), |_| new_id("ta-al-"));
    let s = &props.session;
    let markdown = alert_markdown_in(&tr, s);

    let fill = {
        let (session, playbook, act, effect) = (s.clone(), props.playbook.clone(), ctx.act.clone(), ctx.effect.clone());
        Callback::from(move |_| {
            let found = drafts(tr, &session, &playbook, local_stamp);
            let n = found.len();
            for (field, text) in found {
                act.emit(Action::SetAlert { field, text });
            }
            effect.emit(Effect::Announce(match n {
                0 => crate::msg!("Nothing to fill: the empty fields have nothing in the session to draw on yet."),
                1 => crate::msg!("Filled 1 empty field from the session. Check it before sending."),
                n => crate::msg!("Filled {n} empty fields from the session. Check them before sending."),
            }));
        })
    };
    let send = {
        let (md, effect) = (markdown.clone(), ctx.effect.clone());
        Callback::from(move |_| effect.emit(Effect::InternalNote(md.clone())))
    };
    let stem = file_stem(&s.ticket_id);
    let download_md = {
        let (md, effect, filename) = (markdown.clone(), ctx.effect.clone(), format!("service-alert-{stem}.md"));
        Callback::from(move |_| effect.emit(Effect::Download { filename: filename.clone(), mime: "text/markdown", contents: md.clone() }))
    };
    let download_json = {
        let (json, effect, filename) =
            (serde_json::to_string_pretty(&alert_json(s)).unwrap_or_default(), ctx.effect.clone(), format!("service-alert-{stem}.json"));
        Callback::from(move |_| {
            effect.emit(Effect::Download { filename: filename.clone(), mime: "application/json", contents: json.clone() })
        })
    };
    let filled = AlertField::ALL.iter().filter(|f| !s.alert.get(**f).trim().is_empty()).count();

    html! {
        <section class="ta-tool ta-alert" aria-labelledby={format!("{uid}-h")}>
            <h3 id={format!("{uid}-h")}>{ tr.t("Service alert") }</h3>
            <p class="ta-muted">{ tr.f("{filled} of {total} parts written. The team reads this before changing how we work.", &[("filled", &filled.to_string()), ("total", &AlertField::ALL.len().to_string())]) }</p>
            <div class="ta-actions ta-actions-start">
                <button type="button" class="ta-btn" onclick={fill}>{ tr.t("Fill from session") }</button>
            </div>
            { for AlertField::ALL.iter().map(|f| html! {
                <AlertFieldInput field={*f} value={AttrValue::from(s.alert.get(*f).to_string())} uid={(*uid).clone()} />
            }) }
            <details class="ta-note-preview">
                <summary>{ tr.t("Preview the note") }</summary>
                <pre class="ta-pre" tabindex="0" aria-label={tr.t("The note as it will be sent")}>{ markdown }</pre>
            </details>
            if let Some(at) = s.alert.sent_at {
                <p class="ta-sent">{ tr.f("Sent to the ticket as a note at {time}.", &[("time", &local_stamp(at))]) }</p>
            }
            <div class="ta-actions">
                <button type="button" class="ta-btn ta-btn-primary" onclick={send}>
                    { if ctx.can_internal_note { if s.alert.sent_at.is_some() { tr.t("Send again as internal note") } else { tr.t("Send as internal note") } } else { tr.t("Copy as note") } }
                </button>
            </div>
            <div class="ta-actions">
                <button type="button" class="ta-btn" onclick={download_md}>{ tr.t("Download Markdown") }</button>
                <button type="button" class="ta-btn" onclick={download_json}>{ tr.t("Download JSON") }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AlertFieldInputProps {
    field: AlertField,
    value: AttrValue,
    uid: AttrValue,
}

#[component]
fn AlertFieldInput(props: &AlertFieldInputProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let field = props.field;
    let id = format!("{}-{}", props.uid, field.key());
    // Tall enough for what is written (about 38 characters a line at 320 px).
    let wanted: usize = props.value.lines().map(|l| 1 + l.chars().count() / 38).sum();
    let rows = match field {
        AlertField::Owner => 1,
        AlertField::Timeline => wanted.clamp(3, 12),
        _ => wanted.clamp(2, 8),
    }
    .to_string();
    let on_input = ctx
        .act
        .reform(move |e: InputEvent| Action::SetAlert { field, text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value() });
    html! {
        <div class="ta-field">
            <label for={id.clone()}>{ tr.t(field.label()) }</label>
            <textarea id={id} rows={rows} value={props.value.clone()} oninput={on_input} placeholder={tr.t(hint(field)).to_string()}
                data-field={field.key()} />
        </div>
    }
}
