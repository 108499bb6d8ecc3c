//! The playbooks on offer: the built-ins and the custom ones kept in storage
//! (a stored one that no longer validates is reported, not loaded).

use crate::core::locale::{resolve, Lang, Sources};
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

/// Builds the library once, when the page mounts, in the page's language
/// (`use_locale`'s; the host's `init` may change it, see [`playbook_lang`]).
///
/// ```ignore
/// let library = use_library(&local.store, &notices, locale.lang);
/// let choices = library.borrow().choices();
/// ```
#[hook]
pub fn use_library(store: &SharedStore, notices: &Notices, lang: Lang) -> SharedLibrary {
    let (store, notices) = (store.clone(), notices.clone());
    use_mut_ref(move || {
        let prepared = PREPARED.with(|p| p.borrow_mut().take()).filter(|(l, _, _)| *l == lang);
        let (lib, warnings) = prepared.map(|(_, lib, warnings)| (lib, warnings)).unwrap_or_else(|| build(&store, lang));
        for w in warnings {
            notices.warn(w);
        }
        lib
    })
}

thread_local! {
    /// The library [`prepare_library`] built before the first render (its
    /// language, the library, the warnings still to show).
    static PREPARED: RefCell<Option<(Lang, Library, Vec<String>)>> = const { RefCell::new(None) };
}

/// Builds the page's library in a task before the first render (the
/// custom-playbook scan reads and checks storage); [`use_library`] takes it
/// when the page's language is still `lang`, and shows its warnings then.
pub fn prepare_library(store: &SharedStore, lang: Lang) {
    let (lib, warnings) = build(store, lang);
    PREPARED.with(|p| *p.borrow_mut() = Some((lang, lib, warnings)));
}

/// Runs `f` on the library [`prepare_library`] built, if it is still waiting
/// for the first render.
pub fn with_prepared_library(f: impl FnOnce(&Library)) {
    PREPARED.with(|p| {
        if let Some((_, lib, _)) = p.borrow().as_ref() {
            f(lib);
        }
    });
}

/// The built-ins in `lang` and the custom playbooks in storage, with a
/// warning for each stored one that is not loaded.
fn build(store: &SharedStore, lang: Lang) -> (Library, Vec<String>) {
    let mut lib = Library::in_lang(lang);
    let mut warnings = Vec::new();
    for (key, parsed) in store.custom_playbooks().unwrap_or_default() {
        if let Err(e) = parsed.map_err(|e| e.to_string()).and_then(|p| lib.add_custom(p).map(|_| ())) {
            let why = first_lines(&e, 3);
            warnings.push(crate::msg!("A saved custom playbook ({key}) is not loaded: {why}"));
        }
    }
    (lib, warnings)
}

/// The language a host's `init` opens its ticket in: the decision
/// `use_locale` makes for that `init` (`core::locale::resolve` over
/// `init.locale`, the page's `?locale=` and the browser's languages), taken
/// here at once because the ticket, and its playbook's file, open in the
/// same callback, before the page's language context renders again.
pub fn playbook_lang(init_locale: Option<&str>) -> Lang {
    let sources =
        Sources { init: init_locale.map(str::to_string), query: platform::query_param("locale"), browser: platform::browser_languages() };
    resolve(&sources).lang
}
