//! The files a pick waits for: the built-in scenario's file and the playbook
//! it trains, fetched from `scenarios/` and `playbooks/` (the page's bundle
//! carries neither) in the scenario's language, checked, and handed to the
//! state; a failure comes back with its reason and changes nothing else.

use super::state::{Fetch, Msg, TrainerState};
use crate::core::playbook::{self, Playbook};
use crate::core::trainer::{self, Scenario};
use crate::web::platform::{self, now};
use yew::prelude::*;

/// Fetches what [`TrainerState::fetch`] waits for, each time it names a new
/// pick (a failed one is fetched again when the trainer tries again, which
/// makes it a new pick).
///
/// ```ignore
/// let state = use_reducer(TrainerState::default);
/// use_pick_fetch(state.fetch.clone(), state.dispatcher());
/// ```
#[hook]
pub fn use_pick_fetch(fetch: Option<Fetch>, dispatcher: UseReducerDispatcher<TrainerState>) {
    use_effect_with(fetch, move |fetch| {
        if let Some(f) = fetch.clone().filter(|f| f.failed.is_none()) {
            wasm_bindgen_futures::spawn_local(async move {
                let msg = match files(&f).await {
                    Ok((file, playbook)) => Msg::Fetched { scenario: f.scenario, file, playbook, at: now() },
                    Err(reason) => Msg::FetchFailed { scenario: f.scenario, reason },
                };
                dispatcher.dispatch(msg);
            });
        }
    });
}

/// The scenario (when its file is wanted) and the playbook (when one is).
async fn files(f: &Fetch) -> Result<(Option<Box<Scenario>>, Option<Playbook>), String> {
    let unusable = |e: String| crate::msg!("its file is not usable: {e}");
    let file = if f.file {
        let text = platform::fetch_text(&trainer::scenario_path(&f.scenario, f.lang)).await?;
        Some(Box::new(trainer::read_served(&f.scenario, f.lang, &text).map_err(unusable)?))
    } else {
        None
    };
    let playbook = match &f.playbook {
        Some(id) => {
            let text = platform::fetch_text(&playbook::built_in_path(id, f.lang)).await?;
            Some(playbook::read_served(id, f.lang, &text).map_err(unusable)?)
        }
        None => None,
    };
    Ok((file, playbook))
}
