//! The tools steps call for (make-whole advisor, evidence worksheet,
//! follow-ups, service alert, ownership) and the session-wide panels below the
//! checklist (history, the binder search, export).

pub mod advisor;
pub mod alert;
pub mod followups;
pub mod history;
pub mod ownership;
pub mod worksheet;

use crate::core::playbook::{Playbook, Tool};
use crate::core::session::Session;
use crate::web::platform::{due_words, now};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolPanelProps {
    pub tool: Tool,
    pub session: Rc<Session>,
    /// The session's playbook, as loaded (a built-in may be a fetched file).
    pub playbook: Rc<Playbook>,
}

/// The tool of the step in focus.
#[component]
pub fn ToolPanel(props: &ToolPanelProps) -> Html {
    let session = props.session.clone();
    match props.tool {
        Tool::MakeWhole => html! { <advisor::Advisor {session} /> },
        Tool::Worksheet => html! { <worksheet::Worksheet {session} /> },
        Tool::FollowUp => html! { <followups::FollowUps {session} /> },
        Tool::ServiceAlert => html! { <alert::AlertComposer {session} playbook={props.playbook.clone()} /> },
        Tool::Ownership => html! { <ownership::Ownership {session} /> },
        Tool::CalmLoop => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionToolsProps {
    pub session: Rc<Session>,
}

/// Panels that belong to the whole session rather than a step.
#[component]
pub fn SessionTools(props: &SessionToolsProps) -> Html {
    html! {
        <div class="ta-session-tools">
            <followups::OverdueBanner session={props.session.clone()} />
            <history::History session={props.session.clone()} />
        </div>
    }
}

/// What `{when}` reads as: the nearest open follow-up, in the agent's words
/// ("by 16:00 today", "by tomorrow 09:00", "by 24 Nov 14:00"), or empty.
pub fn when_text(session: &Session) -> String {
    session.next_due().map(|due| due_words(due, now())).unwrap_or_default()
}
