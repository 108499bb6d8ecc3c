//! Custom playbooks from a file or a URL: validated, kept, and switched to;
//! an invalid one is refused with its located errors and changes nothing.

use crate::core::playbook;
use crate::core::text::first_lines;
use crate::ui::hooks::{LocalStore, SharedLibrary};
use crate::ui::state::{Msg, SidebarState};
use crate::web::platform::{self, now};
use yew::prelude::*;

/// A callback taking (where it came from, its JSON); also fetches the
/// `playbook_url` of the page's URL once, when there is one. `announce` says
/// in the status line what was loaded.
///
/// ```ignore
/// let load = use_playbook_loader(&local, &library, &state, config.playbook_url.clone(), effects.run.reform(Effect::Announce));
/// html! { <Standalone on_load_playbook={load}>{ sidebar }</Standalone> }
/// ```
#[hook]
pub fn use_playbook_loader(
    local: &LocalStore,
    library: &SharedLibrary,
    state: &UseReducerHandle<SidebarState>,
    url: Option<String>,
    announce: Callback<String>,
) -> Callback<(String, String)> {
    let load = {
        let (local, library, dispatcher) = (local.clone(), library.clone(), state.dispatcher());
        Callback::from(move |(source, json): (String, String)| {
            let parsed = playbook::parse(&json).map_err(|e| e.to_string()).and_then(|p| library.borrow_mut().add_custom(p));
            match parsed {
                Ok(p) => {
                    let title = &p.title;
                    if let Err(e) = local.store.save_playbook(&p) {
                        local.notices().warn(crate::msg!("The playbook \"{title}\" is in use but could not be kept for next time: {e}."));
                    }
                    announce.emit(crate::msg!("Loaded the playbook \"{title}\" from {source}."));
                    dispatcher.dispatch(Msg::UsePlaybook(p, now()));
                }
                Err(e) => {
                    let why = first_lines(&e, 6);
                    local.notices().warn(crate::msg!("The playbook from {source} was not loaded; the current one stays in use. {why}"))
                }
            }
        })
    };
    {
        let (load, notices) = (load.clone(), local.notices().clone());
        use_effect_with((), move |_| {
            if let Some(url) = url {
                wasm_bindgen_futures::spawn_local(async move {
                    match platform::fetch_text(&url).await {
                        Ok(text) => load.emit((url, text)),
                        Err(e) => {
                            notices.warn(crate::msg!("The playbook at {url} could not be fetched ({e}); the current one stays in use."))
                        }
                    }
                });
            }
        });
    }
    load
}
