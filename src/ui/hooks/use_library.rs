//! The playbooks on offer: the built-ins and the custom ones kept in storage
//! (a stored one that no longer validates is reported, not loaded).

use crate::core::locale::{choose, Lang};
use crate::core::text::first_lines;
use crate::core::ticket::Library;
use crate::ui::hooks::Notices;
use crate::web::platform;
use crate::web::storage::SharedStore;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The library, shared with the bridge's handlers (a host may add a playbook).
pub type SharedLibrary = Rc<RefCell<Library>>;

/// Builds the library once, when the page mounts.
///
/// ```ignore
/// let library = use_library(&local.store, &notices);
/// let choices = library.borrow().choices();
/// ```
#[hook]
pub fn use_library(store: &SharedStore, notices: &Notices) -> SharedLibrary {
    let (store, notices) = (store.clone(), notices.clone());
    use_mut_ref(move || {
        let mut lib = Library::in_lang(playbook_lang(None));
        for (key, parsed) in store.custom_playbooks().unwrap_or_default() {
            if let Err(e) = parsed.map_err(|e| e.to_string()).and_then(|p| lib.add_custom(p).map(|_| ())) {
                notices.warn(format!("A saved custom playbook ({key}) is not loaded: {}", first_lines(&e, 3)));
            }
        }
        lib
    })
}

/// The language the built-in playbooks (and the trainer's scenarios) are
/// shown in: the host's `init.locale` when it sends one, else the page's
/// `?locale=`, reduced to a language we have by [`choose`]. The one place
/// that decides it, so the interface's locale context can take it over.
pub fn playbook_lang(init_locale: Option<&str>) -> Lang {
    let asked = init_locale.filter(|t| !t.trim().is_empty()).map(str::to_string).or_else(|| platform::query_param("locale"));
    choose(&asked.unwrap_or_default()).lang
}
