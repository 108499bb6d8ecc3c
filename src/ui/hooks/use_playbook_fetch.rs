//! Built-in playbooks the sidebar's bundle does not carry (every one but the
//! English default): fetched from `playbooks/` when a ticket, the host, the
//! agent or another tab asks for one, handed to the library, then used. A
//! failed fetch changes nothing and offers another try.

use crate::core::playbook::Playbook;
use crate::core::ticket::Fetch;
use crate::ui::hooks::SharedLibrary;
use crate::web::platform;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Why a playbook is being fetched, which decides what the page shows meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// A ticket opens on it: nothing of the ticket is shown until it is here.
    Open,
    /// The agent picked it; the playbook in use (its title) stays until then.
    Pick { current: String },
    /// Another tab moved the open ticket to it: this tab waits to follow,
    /// so nothing is typed into a copy that is already out of date.
    OtherTab,
}

/// A playbook file on its way, or one that could not be fetched.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    /// The playbook's title, in the language asked for.
    pub title: String,
    pub purpose: Purpose,
    /// Why the last try failed; `None` while the file is on its way.
    pub failed: Option<String>,
    /// Fetches it again.
    pub retry: Callback<()>,
}

impl Wait {
    /// The sidebar is hidden while this lasts (a ticket waits on it).
    pub fn blocks(&self) -> bool {
        matches!(self.purpose, Purpose::Open | Purpose::OtherTab)
    }
}

/// The page's fetches of built-in playbooks: at most one counts at a time
/// (a newer request supersedes an older one, whose answer then only fills
/// the library).
#[derive(Clone)]
pub struct PlaybookFetch {
    pub wait: Option<Wait>,
    setter: UseStateSetter<Option<Wait>>,
    library: SharedLibrary,
    latest: Rc<Cell<u64>>,
}

struct Job {
    fetch: Fetch,
    purpose: Purpose,
    then: Callback<Rc<Playbook>>,
}

impl PlaybookFetch {
    /// Fetches `fetch`, then hands the playbook to `then`; meanwhile and on a
    /// failure, [`PlaybookFetch::wait`] says so.
    pub fn fetch_then(&self, fetch: Fetch, purpose: Purpose, then: Callback<Rc<Playbook>>) {
        run(self.clone(), Rc::new(Job { fetch, purpose, then }));
    }

    /// Forgets any fetch under way or failed (another ticket opens).
    pub fn cancel(&self) {
        self.latest.set(self.latest.get() + 1);
        self.setter.set(None);
    }

    /// Dismisses a failed fetch's message (the agent keeps the current playbook).
    pub fn dismiss(&self) -> Callback<()> {
        let this = self.clone();
        Callback::from(move |_| this.cancel())
    }
}

fn run(this: PlaybookFetch, job: Rc<Job>) {
    let serial = this.latest.get() + 1;
    this.latest.set(serial);
    this.setter.set(Some(Wait { title: job.fetch.title.clone(), purpose: job.purpose.clone(), failed: None, retry: Callback::noop() }));
    wasm_bindgen_futures::spawn_local(async move {
        let result = match platform::fetch_text(&job.fetch.path).await {
            Ok(text) => this.library.borrow_mut().provide(&job.fetch, &text).map_err(|e| crate::msg!("its file is not usable: {e}")),
            Err(e) => Err(e),
        };
        if this.latest.get() != serial {
            return;
        }
        match result {
            Ok(p) => {
                this.setter.set(None);
                job.then.emit(p);
            }
            Err(reason) => {
                let retry = {
                    let (this, job) = (this.clone(), job.clone());
                    Callback::from(move |_| run(this.clone(), job.clone()))
                };
                let wait = Wait { title: job.fetch.title.clone(), purpose: job.purpose.clone(), failed: Some(reason), retry };
                this.setter.set(Some(wait));
            }
        }
    });
}

/// The page's fetcher of built-in playbooks.
///
/// ```ignore
/// let fetcher = use_playbook_fetch(&library);
/// if let Some(fetch) = library.borrow().missing("leap") {
///     fetcher.fetch_then(fetch, Purpose::Pick { current: "Turnaround".into() }, use_it);
/// }
/// ```
#[hook]
pub fn use_playbook_fetch(library: &SharedLibrary) -> PlaybookFetch {
    let wait = use_state(|| None);
    let serial = use_memo((), |_| Rc::new(Cell::new(0u64)));
    PlaybookFetch { wait: (*wait).clone(), setter: wait.setter(), library: library.clone(), latest: (*serial).clone() }
}
