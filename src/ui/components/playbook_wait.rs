//! A built-in playbook on its way from `playbooks/`, or one that could not be
//! fetched: what is happening, that nothing was changed, and another try.

use crate::ui::hooks::{Purpose, Wait};
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
    let w = &props.wait;
    let Some(reason) = &w.failed else {
        return html! { <p class="ta-notice ta-playbook-wait">{ coming(w) }</p> };
    };
    let retry = w.retry.reform(|_: MouseEvent| ());
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="ta-notice ta-notice-warn ta-playbook-wait" role="alert">
            <span>{ failed(w, reason) }</span>
            <span>
                <button type="button" class="ta-link" onclick={retry}>{ "Try again" }</button>
                if matches!(w.purpose, Purpose::Pick { .. }) {
                    { " " }<button type="button" class="ta-link" onclick={dismiss}>{ "Dismiss" }</button>
                }
            </span>
        </div>
    }
}

fn coming(w: &Wait) -> String {
    match &w.purpose {
        Purpose::Open => format!("Loading the playbook “{}” for this ticket…", w.title),
        Purpose::Pick { .. } => format!("Loading the playbook “{}”…", w.title),
        Purpose::OtherTab => format!("Another tab moved this ticket to the playbook “{}”; loading it…", w.title),
    }
}

fn failed(w: &Wait, reason: &str) -> String {
    let t = &w.title;
    match &w.purpose {
        Purpose::Open => format!(
            "The playbook “{t}” this ticket uses could not be loaded ({reason}; are you offline?). The ticket's work is kept as it was: nothing has been changed or saved."
        ),
        Purpose::Pick { current } => {
            format!("The playbook “{t}” could not be loaded ({reason}; are you offline?). “{current}” stays in use; nothing has changed.")
        }
        Purpose::OtherTab => format!(
            "Another tab moved this ticket to the playbook “{t}”, which could not be loaded here ({reason}; are you offline?). Nothing has changed; try again to follow it."
        ),
    }
}
