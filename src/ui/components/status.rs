//! The status area: progress, where the work is saved, the host's confirmation,
//! the latest announcement (a `role="status"` live region) and notices.

use crate::core::i18n::Catalog;
use crate::core::protocol::SyncState;
use crate::ui::hooks::use_tr;
use crate::ui::hooks::Notice;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageMode {
    /// Written to browser storage.
    Saved,
    /// Storage is blocked: memory only.
    Memory,
    /// Storage is full: memory only until space frees up.
    Full,
}

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub mode: StorageMode,
    pub sync: SyncState,
    pub connected: bool,
    pub progress: AttrValue,
    pub message: AttrValue,
    pub notices: Vec<Notice>,
    pub on_dismiss: Callback<u32>,
}

/// Says, truthfully and in words, where the agent's work is.
pub fn save_words(mode: StorageMode, sync: SyncState, connected: bool, tr: &Catalog) -> (String, &'static str) {
    let (words, kind) = save_words_en(mode, sync, connected);
    (tr.t(words).to_string(), kind)
}

/// [`save_words`] before translation: the English text is the catalog's key.
fn save_words_en(mode: StorageMode, sync: SyncState, connected: bool) -> (&'static str, &'static str) {
    let local = match mode {
        StorageMode::Saved => tr_key("Saved in this browser"),
        StorageMode::Memory => tr_key("Not saved in this browser (storage blocked)"),
        StorageMode::Full => tr_key("Not saved in this browser (storage full)"),
    };
    if !connected {
        return (local, if mode == StorageMode::Saved { "ok" } else { "warn" });
    }
    match sync {
        SyncState::Idle | SyncState::Confirmed => (
            if mode == StorageMode::Saved { tr_key("Saved here and in the helpdesk") } else { tr_key("Saved in the helpdesk only") },
            if mode == StorageMode::Saved { "ok" } else { "warn" },
        ),
        SyncState::Pending => (tr_key("Saving to the helpdesk…"), "busy"),
        SyncState::Unconfirmed => (
            tr_key("The helpdesk has not confirmed the save. Your work is kept here and will be sent again with your next change."),
            "warn",
        ),
    }
}

#[component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let tr = use_tr();
    let (words, kind) = save_words(props.mode, props.sync, props.connected, &tr);
    html! {
        <div class="ta-status">
            <div role="status" aria-live="polite" class="ta-live">
                if !props.progress.is_empty() { <span class="ta-progress-text">{ &props.progress }</span> }
                <span class={classes!("ta-save", format!("ta-save-{kind}"))} data-sync={format!("{:?}", props.sync).to_ascii_lowercase()}>{ words }</span>
                if !props.message.is_empty() { <span class="ta-message">{ tr.say(&props.message) }</span> }
            </div>
            if !props.notices.is_empty() {
                <ul class="ta-notices" aria-label={tr.t("Notices")}>
                    { for props.notices.iter().map(|n| {
                        let id = n.id;
                        let dismiss = props.on_dismiss.reform(move |_| id);
                        html! {
                            <li class={classes!("ta-notice", n.warn.then_some("ta-notice-warn"))}>
                                <span role="alert">{ tr.say(&n.text) }</span>
                                <button type="button" class="ta-link" onclick={dismiss} aria-label={tr.t("Dismiss this notice")}>{ tr.t("Dismiss") }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// Marks an English text as a catalog key where it is written (the catalog
/// test reads a `tr_key` call like a `tr.t` call) and translated later.
const fn tr_key(en: &'static str) -> &'static str {
    en
}
