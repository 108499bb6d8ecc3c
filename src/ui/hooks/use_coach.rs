//! The coach from the UI: the page's one [`Coach`] (a worker started on
//! first use) and its status, an answer that follows a question as it
//! changes, and the streamed draft and thread sent to it and answered into
//! the sidebar's state.

use crate::core::coach_wire::{Request, WireError};
use crate::ui::state::{Coached, Msg, SidebarState};
use crate::web::coach_client::{Asked, Coach, CoachStatus};
use crate::web::platform::now;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The page's coach and what state it is in.
#[derive(Clone, PartialEq)]
pub struct CoachHandle {
    pub coach: Coach,
    pub status: CoachStatus,
}

impl CoachHandle {
    /// The reason the coach is unavailable here, if it is.
    pub fn failed(&self) -> Option<&str> {
        match &self.status {
            CoachStatus::Failed(why) => Some(why),
            _ => None,
        }
    }
}

/// The page's coach. Nothing is fetched until something asks it.
///
/// ```ignore
/// let coach = use_coach();
/// let answer = use_coach_answer(&coach.coach, "paste", request, coach_wire::review_from_json);
/// ```
#[hook]
pub fn use_coach() -> CoachHandle {
    let status = use_state_eq(CoachStatus::default);
    let coach = {
        let setter = status.setter();
        use_memo((), move |_| Coach::new(move |s| setter.set(s)))
    };
    CoachHandle { coach: (*coach).clone(), status: (*status).clone() }
}

/// The coach's answer to a question that changes (the paste box's draft, the
/// message pasted in): asked again whenever `request` changes, in `slot`, so
/// a slow answer to an older question is dropped.
#[derive(Clone, PartialEq)]
pub struct Answered<T> {
    /// The newest answer, and the question it answers (perhaps an older one).
    pub answer: Option<(Request, Rc<T>)>,
    /// A newer answer is on its way.
    pub pending: bool,
}

impl<T> Answered<T> {
    /// The answer, if it is to the question asked now.
    pub fn current(&self, request: Option<&Request>) -> Option<&Rc<T>> {
        self.answer.as_ref().filter(|(r, _)| Some(r) == request).map(|(_, v)| v)
    }
}

#[hook]
pub fn use_coach_answer<T: 'static>(
    coach: &Coach,
    slot: &'static str,
    request: Option<Request>,
    read: fn(&str) -> Result<T, WireError>,
) -> Answered<T> {
    let answer = use_state(|| None::<(Request, Rc<T>)>);
    {
        let (coach, answer) = (coach.clone(), answer.clone());
        use_effect_with(request.clone(), move |request| {
            if let Some(r) = request.clone() {
                spawn_local(async move {
                    // Stale or unavailable: nothing to show (the panel says
                    // why from the coach's status).
                    if let Ok(json) = coach.ask(Some(slot), &r).await {
                        if let Ok(v) = read(&json) {
                            answer.set(Some((r, Rc::new(v))));
                        }
                    }
                });
            }
        });
    }
    let pending =
        request.is_some() && answer.as_ref().map(|(r, _)| r) != request.as_ref() && !matches!(coach.status(), CoachStatus::Failed(_));
    Answered { answer: (*answer).clone(), pending }
}

/// Sends what the host streams to the coach: the draft in its reply box
/// (reviewed again when it or the customer's message changes; only the
/// newest review is kept) and the thread's jobs (readings, moves, the
/// temperature pre-fill), each answered into the state once.
///
/// ```ignore
/// use_live_coach(&state, &coach.coach);
/// ```
#[hook]
pub fn use_live_coach(state: &UseReducerHandle<SidebarState>, coach: &Coach) {
    let draft = state.live.draft_request(&state.session);
    {
        let (coach, dispatcher) = (coach.clone(), state.dispatcher());
        use_effect_with(draft, move |draft| {
            if let Some(request) = draft.clone() {
                spawn_local(async move {
                    if let Ok(json) = coach.ask(Some("draft"), &request).await {
                        if let Ok(review) = crate::core::coach_wire::review_from_json(&json) {
                            dispatcher.dispatch(Msg::Reviewed { request, review });
                        }
                    }
                });
            }
        });
    }
    // Jobs are sent once each, in order: `sent` is the next serial to send.
    let sent = use_mut_ref(|| 0u64);
    let (coach, dispatcher, jobs) = (coach.clone(), state.dispatcher(), state.live.jobs.clone());
    use_effect_with(state.live.next_job, move |_| {
        for job in jobs.iter().filter(|j| j.serial >= *sent.borrow()) {
            *sent.borrow_mut() = job.serial + 1;
            let (coach, dispatcher, job) = (coach.clone(), dispatcher.clone(), job.clone());
            spawn_local(async move {
                let answer = match coach.ask(None, &job.request()).await {
                    Ok(json) => Coached::read(&job, &json),
                    Err(Asked::Stale | Asked::Unavailable(_)) => Coached::Nothing,
                };
                dispatcher.dispatch(Msg::Coached { serial: job.serial, answer, at: now() });
            });
        }
    });
}
