//! A built-in playbook on its way from `playbooks/`, or one that could not be
//! fetched: what is happening, that nothing was changed, and another try.

use crate::ui::hooks::{use_tr, Purpose, Tr, Wait};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybookWaitProps {
    pub wait: Wait,
    /// Keeps the current playbook after a failed pick (the message goes).
    pub on_dismiss: Callback<()>,
}

/// The line for a playbook fetch; a failure is an alert with "Try again".
/// While the file is on its way the line has no live role: the page keeps
/// one status region (the status line).
#[component]
pub fn PlaybookWait(props: &PlaybookWaitProps) -> Html {
    let tr = use_tr();
    let w = &props.wait;
    let Some(reason) = &w.failed else {
        return html! { <p class="ta-notice ta-playbook-wait">{ coming(tr, w) }</p> };
    };
    let retry = w.retry.reform(|_: MouseEvent| ());
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="ta-notice ta-notice-warn ta-playbook-wait" role="alert">
            <span>{ failed(tr, w, &tr.say(reason)) }</span>
            <span>
                <button type="button" class="ta-link" onclick={retry}>{ tr.t("Try again") }</button>
                if matches!(w.purpose, Purpose::Pick { .. }) {
                    { " " }<button type="button" class="ta-link" onclick={dismiss}>{ tr.t("Dismiss") }</button>
                }
            </span>
        </div>
    }
}

fn coming(tr: Tr, w: &Wait) -> String {
    let title = [("title", w.title.as_str())];
    match &w.purpose {
        Purpose::Open => tr.f("Loading the playbook “{title}” for this ticket…", &title),
        Purpose::Pick { .. } => tr.f("Loading the playbook “{title}”…", &title),
        Purpose::OtherTab => tr.f("Another tab moved this ticket to the playbook “{title}”; loading it…", &title),
    }
}

fn failed(tr: Tr, w: &Wait, reason: &str) -> String {
    let t = w.title.as_str();
    match &w.purpose {
        Purpose::Open => tr.f(
            "The playbook “{title}” this ticket uses could not be loaded ({reason}; are you offline?). The ticket's work is kept as it was: nothing has been changed or saved.",
            &[("title", t), ("reason", reason)],
        ),
        Purpose::Pick { current } => tr.f(
            "The playbook “{title}” could not be loaded ({reason}; are you offline?). “{current}” stays in use; nothing has changed.",
            &[("title", t), ("reason", reason), ("current", current)],
        ),
        Purpose::OtherTab => tr.f(
            "Another tab moved this ticket to the playbook “{title}”, which could not be loaded here ({reason}; are you offline?). Nothing has changed; try again to follow it.",
            &[("title", t), ("reason", reason)],
        ),
    }
}
