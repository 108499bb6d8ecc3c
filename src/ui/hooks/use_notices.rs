//! The status area's notices: warnings the agent must read (storage full, a
//! playbook refused, a record set aside), each dismissable, repeats dropped,
//! the six newest kept.

use std::rc::Rc;
use yew::prelude::*;

/// One notice in the status area, with an id so it can be dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub text: String,
    pub warn: bool,
}

/// The notices on screen, oldest first.
#[derive(Default, PartialEq)]
pub struct NoticeList {
    pub list: Vec<Notice>,
    next: u32,
}

pub enum NoticeMsg {
    Add(String, bool),
    Dismiss(u32),
}

/// How many notices stay on screen; the oldest goes first.
const MAX_NOTICES: usize = 6;

impl Reducible for NoticeList {
    type Action = NoticeMsg;
    fn reduce(self: Rc<Self>, msg: NoticeMsg) -> Rc<Self> {
        let mut list = self.list.clone();
        let mut next = self.next;
        match msg {
            NoticeMsg::Add(text, warn) => {
                if list.iter().any(|n| n.text == text) {
                    return self;
                }
                next += 1;
                list.push(Notice { id: next, text, warn });
                if list.len() > MAX_NOTICES {
                    list.remove(0);
                }
            }
            NoticeMsg::Dismiss(id) => list.retain(|n| n.id != id),
        }
        Rc::new(NoticeList { list, next })
    }
}

/// A handle on the notices: read them, add a warning, dismiss one. Cheap to
/// clone into callbacks and effects (adding works from any copy).
#[derive(Clone, PartialEq)]
pub struct Notices(UseReducerHandle<NoticeList>);

impl Notices {
    /// Adds a warning (shown with `role="alert"`); the same text twice shows once.
    pub fn warn(&self, text: impl Into<String>) {
        self.0.dispatch(NoticeMsg::Add(text.into(), true));
    }
    /// Adds a notice that informs (shown with `role="status"`); the same text twice shows once.
    pub fn inform(&self, text: impl Into<String>) {
        self.0.dispatch(NoticeMsg::Add(text.into(), false));
    }
    /// [`Notices::inform`] as a callback, for a hook that only needs to speak.
    pub fn informer(&self) -> Callback<String> {
        let d = self.0.dispatcher();
        Callback::from(move |text: String| d.dispatch(NoticeMsg::Add(text, false)))
    }
    pub fn list(&self) -> Vec<Notice> {
        self.0.list.clone()
    }
    /// Dismisses a notice by id, for the status line's buttons.
    pub fn on_dismiss(&self) -> Callback<u32> {
        let d = self.0.dispatcher();
        Callback::from(move |id| d.dispatch(NoticeMsg::Dismiss(id)))
    }
}

/// The notices of a page.
///
/// ```ignore
/// let notices = use_notices();
/// notices.warn("Browser storage is full…");
/// html! { <StatusLine notices={notices.list()} on_dismiss={notices.on_dismiss()} … /> }
/// ```
#[hook]
pub fn use_notices() -> Notices {
    Notices(use_reducer(NoticeList::default))
}
