//! What the host streams about the open ticket (protocol revision 2): its
//! thread and its reply box, into the sidebar's state. The draft is never
//! saved; the readings a thread brings are session actions like any other.

use crate::core::playbook::Channel;
use crate::core::protocol::HostMessage;
use crate::ui::state::{Msg, SidebarState};
use crate::web::platform::now;
use yew::prelude::*;

/// The handler for `conversation` and `draft`, reviewing with the channel as
/// the agent last set it.
///
/// ```ignore
/// let host = use_host_bridge(config.host.clone(), on_init, use_host_stream(&state, info.channel));
/// ```
#[hook]
pub fn use_host_stream(state: &UseReducerHandle<SidebarState>, channel: Channel) -> Callback<HostMessage> {
    // The bridge keeps the first callback it is given: the channel it reads is the newest.
    let channel_now = use_mut_ref(|| channel);
    *channel_now.borrow_mut() = channel;
    let dispatcher = state.dispatcher();
    use_callback((), move |msg: HostMessage, _| {
        let channel = *channel_now.borrow();
        match msg {
            HostMessage::Conversation { conversation, .. } => {
                dispatcher.dispatch(Msg::Thread { messages: conversation.messages, channel, at: now() });
            }
            HostMessage::Draft { text, .. } => dispatcher.dispatch(Msg::Draft { text, channel }),
            _ => {}
        }
    })
}
