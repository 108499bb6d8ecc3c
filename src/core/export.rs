//! Renderings of a session for people and other systems: the service alert as
//! Markdown (the internal note) and JSON, and CSV cells.

use crate::core::advisor::Principle;
use crate::core::i18n::Catalog;
use crate::core::session::{AlertField, EvidenceKind, Session};
use serde_json::{json, Value};
use std::fmt::Write;

/// The service alert as Markdown, for an internal note and the binder.
pub fn alert_markdown(s: &Session) -> String {
    alert_markdown_in(&Catalog::default(), s)
}

/// [`alert_markdown`] with its labels and sentences in the language of `tr`
/// (the sidebar's, for the note it sends); times stay in UTC as written.
pub fn alert_markdown_in(tr: &Catalog, s: &Session) -> String {
    let mut out = String::new();
    let title = if s.subject.is_empty() {
        tr.f("ticket {id}", &[("id", &s.ticket_id)])
    } else {
        tr.f("{subject} (ticket {id})", &[("subject", &s.subject), ("id", &s.ticket_id)])
    };
    let _ = writeln!(out, "## {}", tr.f("Service alert: {title}", &[("title", &md_inline(&title))]));
    if let Some(c) = &s.customer {
        let who = [c.name.as_str(), c.email.as_str()].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>().join(", ");
        if !who.is_empty() {
            let _ = writeln!(out, "\n**{}** {}", tr.t("Customer:"), md_inline(&who));
        }
    }
    for field in AlertField::ALL {
        let text = s.alert.get(field);
        let text = text.trim();
        if text.contains('\n') {
            // A list or several lines: a block under the label, so it renders as written.
            let _ = writeln!(out, "\n**{}:**\n\n{text}", tr.t(field.label()));
        } else if !text.is_empty() {
            let _ = writeln!(out, "\n**{}:** {text}", tr.t(field.label()));
        }
    }
    if let Some(p) = s.make_whole.principle() {
        let _ = writeln!(out, "\n**{}** {} — {}", tr.t("Making it right:"), tr.t(p.title()), tr.say(s.make_whole.remedy_text()));
    }
    let facts: Vec<_> = s.worksheet.evidence.iter().collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "\n**{}**", tr.t("Evidence:"));
        for f in facts {
            let kind = if f.kind == EvidenceKind::Fact { tr.t("fact") } else { tr.t("opinion") };
            let _ = writeln!(out, "- ({kind}) {}", md_inline(&f.text));
        }
    }
    let ruled_out: Vec<_> = s.worksheet.hypotheses.iter().filter(|x| x.struck).collect();
    if !ruled_out.is_empty() {
        let _ = writeln!(out, "\n**{}**", tr.t("Ruled out:"));
        for x in ruled_out {
            let why = if x.reason.is_empty() { String::new() } else { format!(" — {}", md_inline(&x.reason)) };
            let _ = writeln!(out, "- {}{why}", md_inline(&x.text));
        }
    }
    if !s.temperatures.is_empty() {
        let words = crate::core::conversation::describe_in(tr, &s.temperatures, crate::core::conversation::hh_mm_utc);
        let _ = writeln!(out, "\n**{}** {}", tr.t("Temperature:"), tr.f("the customer {words} (UTC).", &[("words", &words)]));
        for r in s.temperatures.iter().rev().take(MAX_READINGS_LISTED).rev() {
            let how = match &r.message_id {
                Some(id) => tr.f("read from customer message {id}", &[("id", &md_inline(id))]),
                None => tr.t("recorded by the agent").to_string(),
            };
            let _ = writeln!(out, "- {} {} ({how})", r.at, r.level.as_str());
        }
    }
    if !s.follow_ups.is_empty() {
        let _ = writeln!(out, "\n**{}**", tr.t("Follow-ups:"));
        for f in &s.follow_ups {
            let mark = if f.done_at.is_some() { "x" } else { " " };
            let _ =
                writeln!(out, "- [{mark}] {}", tr.f("{what} (due {due})", &[("what", &md_inline(&f.text)), ("due", &f.due.to_string())]));
        }
    }
    out
}

pub const MAX_READINGS_LISTED: usize = 20;

/// Escapes the characters that would turn a customer's words into Markdown markup.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The service alert as a JSON object (for export and for other tools).
pub fn alert_json(s: &Session) -> Value {
    let mut alert = serde_json::to_value(&s.alert).unwrap_or(Value::Null);
    alert["ticket_id"] = json!(s.ticket_id);
    alert["subject"] = json!(s.subject);
    alert["customer"] = serde_json::to_value(&s.customer).unwrap_or(Value::Null);
    alert["principle"] = json!(s.make_whole.principle().map(Principle::title));
    alert["remedy"] = json!(s.make_whole.remedy_text());
    alert["worksheet"] = serde_json::to_value(&s.worksheet).unwrap_or(Value::Null);
    alert["follow_ups"] = serde_json::to_value(&s.follow_ups).unwrap_or(Value::Null);
    alert["temperatures"] = serde_json::to_value(&s.temperatures).unwrap_or(Value::Null);
    alert["updated_at"] = json!(s.updated_at);
    alert
}

/// One CSV cell, quoted when it needs to be, and defused against spreadsheet
/// formula injection (a leading `=`, `+`, `-` or `@` is prefixed with `'`).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A CSV line from cells.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    cells.iter().map(|c| csv_cell(c.as_ref())).collect::<Vec<_>>().join(",")
}
