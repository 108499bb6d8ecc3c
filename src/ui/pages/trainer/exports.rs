//! The debrief's exports, downloaded in the trainer's browser: the run as
//! JSON, the cohort's CSV, and xAPI statements for a learning record store,
//! each file named with the scenario, the trainee and the local time.

use crate::core::locale::Lang;
use crate::core::time::Timestamp;
use crate::core::trainer::{cohort_csv, debrief_json, Debrief};
use crate::core::xapi::{self, Actor};
use crate::ui::hooks::Tr;
use crate::web::platform::{self, now};
use std::rc::Rc;

/// `20261122-1005` in the trainer's local time.
fn file_stamp(at: Timestamp) -> String {
    platform::local(at).file_stamp()
}

/// A trainee's name for a file name.
fn slug(name: &str) -> String {
    crate::core::text::slug(name, "trainee")
}

/// The page's origin (`https://training.example.com`), the home page of a trainee's xAPI account.
fn origin() -> String {
    let o = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    if o.starts_with("http://") || o.starts_with("https://") {
        o
    } else {
        // A page opened from a file has the origin "null", which is no IRI.
        "http://localhost".into()
    }
}

/// Whether a trainee's name is an email address (then it identifies them in xAPI).
fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The learner for xAPI: by email when the name is one, else an account on this page's origin.
pub fn actor(trainee: &str) -> Actor {
    if looks_like_email(trainee) {
        Actor::email(trainee.trim(), trainee)
    } else {
        Actor::account(trainee, origin(), trainee)
    }
}

fn download(tr: Tr, filename: &str, mime: &str, contents: &str, what: &str) -> String {
    match platform::download(filename, mime, contents) {
        Ok(()) => tr.f("Downloaded {file} ({what}).", &[("file", filename), ("what", what)]),
        Err(e) => tr.f("Could not download {file}: {e}.", &[("file", filename), ("e", &tr.say(&e.to_string()))]),
    }
}

/// Downloads the CSV of every run finished in this tab; returns what happened, in words.
pub fn export_cohort(tr: Tr, cohort: &[Rc<Debrief>]) -> String {
    let all: Vec<Debrief> = cohort.iter().map(|d| (**d).clone()).collect();
    let what = tr.n("{n} run", "{n} runs", all.len() as u64, &[]);
    download(tr, &format!("turnaround-cohort-{}.csv", file_stamp(now())), "text/csv", &cohort_csv(&all), &what)
}

/// The debrief with what the core wrote in English (tips, the effects'
/// labels, a built-in outcome title) in the page's language, as the page
/// shows it; ids, codes and numbers stay as they are.
fn as_shown(tr: Tr, d: &Debrief) -> Debrief {
    let mut d = d.clone();
    d.outcome_title = tr.say(&d.outcome_title);
    for tip in &mut d.tips {
        *tip = tr.say(tip);
    }
    for e in d.helped.iter_mut().chain(d.hurt.iter_mut()) {
        e.label = tr.say(&e.label);
    }
    d
}

pub fn export_json(tr: Tr, d: &Debrief) -> String {
    download(
        tr,
        &format!("turnaround-debrief-{}-{}-{}.json", d.scenario, slug(&d.trainee), file_stamp(d.started_at)),
        "application/json",
        &debrief_json(&as_shown(tr, d)),
        tr.t("the debrief"),
    )
}

/// Downloads the run's xAPI statements (titled in the scenario's language `content`), with activity ids under the page's
/// `xapi_base` (or the documented default); says so when a given base was unusable.
pub fn export_xapi(tr: Tr, d: &Debrief, content: Lang) -> String {
    let asked = crate::web::config::Config::from_location().xapi_base;
    let base = xapi::base_or_default(asked.as_deref());
    let statements = xapi::statements_in(d, &actor(&d.trainee), &base, content);
    let what = tr.n("{n} xAPI statement", "{n} xAPI statements", statements.len() as u64, &[]);
    let said = download(
        tr,
        &format!("turnaround-xapi-{}-{}-{}.json", d.scenario, slug(&d.trainee), file_stamp(d.started_at)),
        "application/json",
        &xapi::statements_json(&statements),
        &what,
    );
    match asked {
        Some(a) if base == xapi::DEFAULT_BASE && a.trim().trim_end_matches('/') != xapi::DEFAULT_BASE => {
            let warned = tr.f(
                "The xapi_base {given} is not an http(s) address, so activity ids use {base}.",
                &[("given", &format!("{a:?}")), ("base", xapi::DEFAULT_BASE)],
            );
            format!("{said} {warned}")
        }
        _ => said,
    }
}
