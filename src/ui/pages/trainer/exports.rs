//! The debrief's exports, downloaded in the trainer's browser: the run as
//! JSON, the cohort's CSV, and xAPI statements for a learning record store,
//! each file named with the scenario, the trainee and the local time.

use crate::core::time::Timestamp;
use crate::core::trainer::{cohort_csv, debrief_json, Debrief};
use crate::core::xapi::{self, Actor};
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

/// The page's origin (`https://training.example.com`), for the xAPI account and activity ids.
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

fn download(filename: &str, mime: &str, contents: &str, what: &str) -> String {
    match platform::download(filename, mime, contents) {
        Ok(()) => format!("Downloaded {filename} ({what})."),
        Err(e) => format!("Could not download {filename}: {e}."),
    }
}

/// Downloads the CSV of every run finished in this tab; returns what happened, in words.
pub fn export_cohort(cohort: &[Rc<Debrief>]) -> String {
    let all: Vec<Debrief> = cohort.iter().map(|d| (**d).clone()).collect();
    let what = format!("{} run{}", all.len(), if all.len() == 1 { "" } else { "s" });
    download(&format!("turnaround-cohort-{}.csv", file_stamp(now())), "text/csv", &cohort_csv(&all), &what)
}

pub fn export_json(d: &Debrief) -> String {
    download(
        &format!("turnaround-debrief-{}-{}-{}.json", d.scenario, slug(&d.trainee), file_stamp(d.started_at)),
        "application/json",
        &debrief_json(d),
        "the debrief",
    )
}

pub fn export_xapi(d: &Debrief) -> String {
    let base = format!("{}/turnaround", origin());
    let statements = xapi::statements(d, &actor(&d.trainee), &base);
    let what = format!("{} xAPI statement{}", statements.len(), if statements.len() == 1 { "" } else { "s" });
    download(
        &format!("turnaround-xapi-{}-{}-{}.json", d.scenario, slug(&d.trainee), file_stamp(d.started_at)),
        "application/json",
        &xapi::statements_json(&statements),
        &what,
    )
}
