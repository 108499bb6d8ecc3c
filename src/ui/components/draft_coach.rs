//! The helpdesk's own reply box, coached as the agent types (protocol
//! revision 2): each finding with its reason and "Use this", which puts the
//! rewrite back into the reply box where the host can (`set_draft`) and
//! copies it where it cannot, saying so; and the check-offs the agent's own
//! words offer.

use crate::core::coach::Review;
use crate::ui::components::coach_box::{apply_rewrite, finding_item};
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DraftCoachProps {
    /// The reply box as the host last sent it.
    pub draft: AttrValue,
    pub review: Rc<Review>,
    pub when: AttrValue,
    /// The host replaces its reply box's text (`capabilities.set_draft`).
    pub can_set: bool,
    /// The host streams its reply box (else only check-offs are on offer).
    pub streaming: bool,
    /// A review of the reply box as it is now is on its way (`review` is of an earlier text).
    #[prop_or_default]
    pub reviewing: bool,
    /// The coach could not start here: why.
    #[prop_or_default]
    pub unavailable: Option<AttrValue>,
    /// The whole new reply text, for the host or the clipboard.
    pub on_take: Callback<String>,
    /// The check-offs on offer, rendered by the caller.
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn DraftCoach(props: &DraftCoachProps) -> Html {
    let tr = use_tr();
    let draft = props.draft.as_str();
    let n = props.review.findings.len();
    let summary = if !props.streaming {
        String::new()
    } else if props.unavailable.is_some() && !draft.trim().is_empty() {
        tr.t("Not checked: the coach is unavailable.").to_string()
    } else if draft.trim().is_empty() {
        tr.t("Coaching your reply as you type it in the helpdesk.").to_string()
    } else if props.reviewing && n == 0 {
        tr.t("Reading\u{2026}").to_string()
    } else if n == 0 {
        tr.t("Nothing to fix so far.").to_string()
    } else {
        tr.n("{n} thing to fix.", "{n} things to fix.", n as u64, &[])
    };
    html! {
        <section class="ta-draft-coach" aria-labelledby="ta-draft-coach-h" data-draft-chars={draft.chars().count().to_string()}
            data-reviewing={props.reviewing.to_string()}>
            <h2 id="ta-draft-coach-h" class="ta-draft-coach-h">{ if props.streaming { tr.t("Your reply in the helpdesk") } else { tr.t("Your replies") } }<span class="ta-muted" aria-live="polite">{ summary }</span></h2>
            if let Some(why) = &props.unavailable {
                <p class="ta-coach-off">{ tr.say(&crate::ui::components::coach_box::coach_unavailable(why)) }</p>
            }
            if n > 0 {
                <ul class="ta-list ta-findings" aria-label={tr.t("What to fix in your reply")}>
                    { for (0..n).map(|i| row(i, draft, props, &tr)) }
                </ul>
            }
            { props.children.clone() }
        </section>
    }
}

fn row(i: usize, draft: &str, props: &DraftCoachProps, tr: &crate::core::i18n::Catalog) -> Html {
    let findings = &props.review.findings;
    // Only on the text the review was made for: a rewrite never undoes typing.
    let take = apply_rewrite(draft, &findings[i], &props.when)
        .filter(|_| !props.reviewing)
        .map(|text| props.on_take.reform(move |_| text.clone()));
    finding_item(tr, i, findings, draft, &props.when, if props.can_set { tr.t("Use this") } else { tr.t("Copy this") }, take)
}
