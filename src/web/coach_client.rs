//! The sidebar's one door to the coach. The coach is a wasm of its own
//! (`pkg/coach_bg.wasm`, feature `view-coach`) run in a Web Worker
//! (`coach-worker.js`), started the first time the sidebar asks it something
//! (a draft to review, a message to read), never at start-up: its engine and
//! data stay out of the sidebar's first bundle, and its work off the main
//! thread. Questions and answers are JSON (`core::coach_wire`); each question
//! is numbered, and an answer that a newer question in the same slot has
//! overtaken is dropped ([`Asked::Stale`]).
//!
//! If the worker cannot start (a CSP that forbids it, the files missing
//! offline), every question is answered [`Asked::Unavailable`] with the
//! reason, and [`CoachStatus::Failed`] tells the panels to say so; nothing
//! else in the sidebar depends on the coach. The reasons this file words are
//! `msg!` sentences, so a page translates them with its catalog. The trainer
//! page asks the same coach to read typed replies.
//!
//! With the `coach-in-page` feature (tests, one-bundle builds) the same
//! questions are answered by the coach compiled into this wasm, on the same
//! asynchronous path.

use crate::core::coach_wire::{Request, Sequencer};
use crate::core::locale::Lang;
use std::cell::RefCell;
use std::rc::Rc;

/// Where the coach is.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum CoachStatus {
    /// Not asked yet: nothing fetched.
    #[default]
    Idle,
    /// Its bundle is being fetched and compiled.
    Loading,
    Ready,
    /// It could not start; the reason, in words.
    Failed(String),
}

/// Why a question got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// A newer question in the same slot was asked meanwhile.
    Stale,
    /// The coach is not available here (the reason, in words).
    Unavailable(String),
}

/// A handle to the page's coach; clones share it.
#[derive(Clone)]
pub struct Coach {
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for Coach {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

struct Inner {
    seq: Sequencer,
    status: CoachStatus,
    on_status: Rc<dyn Fn(CoachStatus)>,
    /// The page's language: every question is asked in it.
    lang: Lang,
    #[cfg(not(feature = "coach-in-page"))]
    worker: Option<worker::Running>,
}

impl Coach {
    /// A coach that tells `on_status` whenever its status changes.
    pub fn new(on_status: impl Fn(CoachStatus) + 'static) -> Self {
        Self {
            inner: Rc::new(RefCell::new(Inner {
                seq: Sequencer::default(),
                status: CoachStatus::Idle,
                on_status: Rc::new(on_status),
                lang: Lang::En,
                #[cfg(not(feature = "coach-in-page"))]
                worker: None,
            })),
        }
    }

    /// The language the next questions are asked in (the page's, from its
    /// locale): the worker reads a Spanish draft with the Spanish rules.
    pub fn set_lang(&self, lang: Lang) {
        self.inner.borrow_mut().lang = lang;
    }

    pub fn status(&self) -> CoachStatus {
        self.inner.borrow().status.clone()
    }

    fn set_status(&self, status: CoachStatus) {
        let notify = {
            let mut inner = self.inner.borrow_mut();
            if inner.status == status {
                return;
            }
            inner.status = status.clone();
            inner.on_status.clone()
        };
        notify(status);
    }

    /// Asks the coach; the answer's JSON, or why there is none. In a `slot`
    /// (the streamed draft, the paste box, …) only the newest question's
    /// answer is delivered; without one (a thread's readings) every answer is.
    pub async fn ask(&self, slot: Option<&'static str>, request: &Request) -> Result<String, Asked> {
        let (seq, lang) = {
            let mut inner = self.inner.borrow_mut();
            (inner.seq.issue(slot), inner.lang)
        };
        // The caller keeps its own request to match the answer against; the
        // language travels only on the wire (English: as before, no field).
        let answer = self.send(seq, &request.clone().in_lang(lang)).await?;
        if self.inner.borrow().seq.is_current(slot, seq) {
            Ok(answer)
        } else {
            Err(Asked::Stale)
        }
    }

    #[cfg(feature = "coach-in-page")]
    async fn send(&self, _seq: u64, request: &Request) -> Result<String, Asked> {
        self.set_status(CoachStatus::Ready);
        Ok(crate::core::coach_wire::answer(&request.to_json()))
    }

    #[cfg(not(feature = "coach-in-page"))]
    async fn send(&self, seq: u64, request: &Request) -> Result<String, Asked> {
        if let CoachStatus::Failed(why) = self.status() {
            return Err(Asked::Unavailable(why));
        }
        if self.inner.borrow().worker.is_none() {
            self.set_status(CoachStatus::Loading);
            match worker::Running::start(self.clone()) {
                Ok(w) => self.inner.borrow_mut().worker = Some(w),
                Err(why) => {
                    self.fail(why.clone());
                    return Err(Asked::Unavailable(why));
                }
            }
        }
        let pending = {
            let inner = self.inner.borrow();
            let Some(w) = inner.worker.as_ref() else { return Err(Asked::Unavailable(crate::msg!("the coach stopped"))) };
            w.post(seq, &request.to_json())
        };
        pending.await
    }

    /// The worker failed: every waiting question is answered with the reason.
    #[cfg(not(feature = "coach-in-page"))]
    fn fail(&self, why: String) {
        let running = self.inner.borrow_mut().worker.take();
        self.set_status(CoachStatus::Failed(why.clone()));
        if let Some(w) = running {
            w.stop(&why);
        }
    }
}

#[cfg(not(feature = "coach-in-page"))]
mod worker {
    //! The worker and its messages: `{seq, request}` out; `{ready}`,
    //! `{fatal}`, or `{seq, answer}` / `{seq, error}` back.

    use super::{Asked, Coach, CoachStatus};
    use js_sys::{Function, Object, Promise, Reflect};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// The worker script, beside the page (`dist/coach-worker.js`; flat in
    /// the Zendesk app's assets, like the rest of the sidebar).
    const WORKER_URL: &str = "coach-worker.js";

    pub(super) struct Running {
        worker: web_sys::Worker,
        waiting: Waiting,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    /// The questions still waiting for an answer, by sequence number: a few at
    /// most, so a list (a hash map would add its own code to the sidebar).
    type Waiting = Rc<RefCell<Vec<(u64, Function)>>>;

    /// Takes the resolve function of question `seq` out of `waiting`.
    fn take(waiting: &Waiting, seq: u64) -> Option<Function> {
        let mut list = waiting.borrow_mut();
        let at = list.iter().position(|(s, _)| *s == seq)?;
        Some(list.swap_remove(at).1)
    }

    fn text(v: &JsValue) -> String {
        v.as_string().or_else(|| v.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_else(|| "unknown error".into())
    }

    fn field(v: &JsValue, name: &str) -> Option<JsValue> {
        Reflect::get(v, &JsValue::from_str(name)).ok().filter(|x| !x.is_undefined() && !x.is_null())
    }

    impl Running {
        pub(super) fn start(coach: Coach) -> Result<Running, String> {
            let opts = web_sys::WorkerOptions::new();
            opts.set_type(web_sys::WorkerType::Module);
            let worker = web_sys::Worker::new_with_options(WORKER_URL, &opts).map_err(|e| text(&e))?;
            let waiting: Waiting = Rc::default();
            let on_message = {
                let (coach, waiting) = (coach.clone(), waiting.clone());
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let data = e.data();
                    if field(&data, "ready").is_some() {
                        coach.set_status(CoachStatus::Ready);
                    } else if let Some(why) = field(&data, "fatal") {
                        let why = text(&why);
                        coach.fail(crate::msg!("its bundle did not start: {why}"));
                    } else if let Some(seq) = field(&data, "seq").and_then(|s| s.as_f64()) {
                        if let Some(resolve) = take(&waiting, seq as u64) {
                            // A resolve function cannot fail; nothing to report.
                            let _ = resolve.call1(&JsValue::NULL, &data);
                        }
                    }
                })
            };
            let on_error = {
                let coach = coach.clone();
                Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                    e.prevent_default();
                    let said = e.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty());
                    coach.fail(
                        said.unwrap_or_else(|| crate::msg!("its script could not be loaded (offline, or blocked by the page's policy)")),
                    );
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(Running { worker, waiting, _on_message: on_message, _on_error: on_error })
        }

        /// Posts one question; the future resolves with its answer.
        pub(super) fn post(&self, seq: u64, request: &str) -> impl std::future::Future<Output = Result<String, Asked>> {
            let waiting = self.waiting.clone();
            let promise = Promise::new(&mut |resolve, _reject| {
                waiting.borrow_mut().push((seq, resolve));
            });
            let message = Object::new();
            let posted = Reflect::set(&message, &"seq".into(), &JsValue::from_f64(seq as f64))
                .and_then(|_| Reflect::set(&message, &"request".into(), &JsValue::from_str(request)))
                .and_then(|_| self.worker.post_message(&message));
            let failed = posted.err().map(|e| text(&e));
            if failed.is_some() {
                take(&self.waiting, seq);
            }
            async move {
                if let Some(why) = failed {
                    return Err(Asked::Unavailable(why));
                }
                let data = JsFuture::from(promise).await.map_err(|e| Asked::Unavailable(text(&e)))?;
                if let Some(answer) = field(&data, "answer").and_then(|a| a.as_string()) {
                    Ok(answer)
                } else {
                    Err(Asked::Unavailable(field(&data, "error").map(|e| text(&e)).unwrap_or_else(|| "no answer".into())))
                }
            }
        }

        /// Ends the worker, answering every waiting question with `why`.
        pub(super) fn stop(self, why: &str) {
            self.worker.terminate();
            let answer = Object::new();
            // Setting a field on a fresh object cannot fail.
            let _ = Reflect::set(&answer, &"error".into(), &JsValue::from_str(why));
            let waiting: Vec<Function> = self.waiting.borrow_mut().drain(..).map(|(_, r)| r).collect();
            for resolve in waiting {
                let _ = resolve.call1(&JsValue::NULL, &answer);
            }
            // This may run inside one of the handlers (a `fatal` message):
            // a closure must not be freed while it runs, so they are kept.
            std::mem::forget(self._on_message);
            std::mem::forget(self._on_error);
        }
    }
}
