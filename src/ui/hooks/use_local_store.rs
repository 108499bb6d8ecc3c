//! Browser storage for the sidebar, with the one save-then-warn helper: every
//! local write of a session goes through [`LocalStore::save`], so the status
//! line and the notices always agree with what the last write did.

use crate::core::session::Session;
use crate::core::store::StoreError;
use crate::ui::components::status::StorageMode;
use crate::ui::hooks::Notices;
use crate::web::storage::SharedStore;
use std::rc::Rc;
use yew::prelude::*;

/// The page's store, whether the last write filled it up, and why it runs on
/// memory (if it does).
#[derive(Clone, PartialEq)]
pub struct LocalStore {
    pub store: SharedStore,
    /// Why browser storage is blocked here, when it is.
    pub blocked: Option<Rc<str>>,
    full: UseStateHandle<bool>,
    notices: Notices,
}

impl LocalStore {
    /// Writes a session locally. A failure is said in words and shown in the
    /// status line (full storage as "storage full"); nothing is evicted. True if written.
    pub fn save(&self, session: &Session) -> bool {
        match self.store.save(session) {
            Ok(()) => {
                self.full.set(false);
                true
            }
            Err(e) => {
                self.full.set(matches!(e, StoreError::Quota));
                self.notices.warn(e.for_agent());
                false
            }
        }
    }

    /// The notices this store's warnings go to.
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// Where the work is, for the status line.
    pub fn mode(&self) -> StorageMode {
        if self.store.is_memory() {
            StorageMode::Memory
        } else if *self.full {
            StorageMode::Full
        } else {
            StorageMode::Saved
        }
    }
}

/// Opens browser storage once for the page (memory where it is blocked).
///
/// ```ignore
/// let notices = use_notices();
/// let local = use_local_store(&notices);
/// if !local.save(&session) { /* already said in the status line */ }
/// ```
#[hook]
pub fn use_local_store(notices: &Notices) -> LocalStore {
    let opened = use_memo((), |_| {
        let (store, why) = SharedStore::open_prepared();
        (store, why.map(Rc::from))
    });
    let full = use_state_eq(|| false);
    LocalStore { store: opened.0.clone(), blocked: opened.1.clone(), full, notices: notices.clone() }
}
