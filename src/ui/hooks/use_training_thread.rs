//! A live training run's customer lines, from the trainer's window to the
//! trainee's sidebar (another window of this site), as the sidebar's thread:
//! the trainee's sidebar follows them the way it follows a helpdesk's thread
//! (the temperature, the coach's context, check-offs), and coaches what the
//! trainee types against them.

use crate::core::playbook::Channel;
use crate::core::protocol::{Author, ThreadMessage};
use crate::core::time::Timestamp;
use crate::ui::state::{Msg, SidebarState};
use crate::web::platform::now;
use crate::web::storage;
use yew::prelude::*;

/// In the trainee's sidebar (standalone, ticket `training-…`): takes the
/// run's customer lines in, now and whenever the trainer's window writes them.
///
/// ```ignore
/// use_training_thread(config.ticket.clone().filter(|_| config.host.is_none()), &state, info.channel);
/// ```
#[hook]
pub fn use_training_thread(ticket: Option<String>, state: &UseReducerHandle<SidebarState>, channel: Channel) {
    let channel_now = use_mut_ref(|| channel);
    *channel_now.borrow_mut() = channel;
    let dispatcher = state.dispatcher();
    use_effect_with(ticket, move |ticket| {
        let listener = ticket.as_ref().filter(|t| t.starts_with("training-")).and_then(|t| {
            let take = move |messages: Vec<ThreadMessage>| {
                if !messages.is_empty() {
                    dispatcher.dispatch(Msg::Thread { messages, channel: *channel_now.borrow(), at: now() });
                }
            };
            take(storage::training_thread(t));
            storage::on_training_thread(t, take)
        });
        move || drop(listener)
    });
}

/// In the trainer's window: writes the run's customer lines (when each was
/// said, and what) for the trainee's sidebar whenever they change.
///
/// ```ignore
/// use_training_thread_writer(active.ticket(), active.said.iter().map(|s| (s.at, s.text.clone())).collect());
/// ```
#[hook]
pub fn use_training_thread_writer(ticket: String, lines: Vec<(Timestamp, String)>) {
    use_effect_with((ticket, lines), |(ticket, lines)| {
        let thread: Vec<ThreadMessage> = lines
            .iter()
            .enumerate()
            .map(|(i, (at, text))| ThreadMessage { id: format!("said-{i}"), from: Author::Customer, at: Some(*at), text: text.clone() })
            .collect();
        // Storage blocked or full costs the trainee's sidebar its thread only;
        // the run, kept in this page, goes on.
        let _ = storage::write_training_thread(ticket, &thread);
    });
}
