//! Carrying out what components ask for ([`Effect`]): insert into the reply,
//! put a rewrite into the reply, copy, send the service alert as an internal
//! note, announce a follow-up, download a file, say something in the status line.

use crate::core::playbook::Channel;
use crate::core::protocol::Capabilities;
use crate::core::session::Action;
use crate::ui::context::Effect;
use crate::ui::hooks::HostLink;
use crate::ui::state::{Msg, SidebarState};
use crate::web::platform::{self, now};
use yew::prelude::*;

/// The effect callback components emit into, and the status line's latest words.
pub struct ShellEffects {
    pub run: Callback<Effect>,
    pub said: AttrValue,
}

/// Carries out effects for the open ticket: through the host where it takes
/// them, by the clipboard where it cannot (and says which).
///
/// ```ignore
/// let effects = use_shell_effects(&host, info.capabilities, info.channel, &state);
/// let ctx = SidebarCtx { effect: effects.run.clone(), /* … */ };
/// ```
#[hook]
pub fn use_shell_effects(host: &HostLink, caps: Capabilities, channel: Channel, state: &UseReducerHandle<SidebarState>) -> ShellEffects {
    let status_text = use_state_eq(String::new);
    let (bridge, say, ticket, dispatcher) =
        (host.bridge.clone(), status_text.setter(), state.session.ticket_id.clone(), state.dispatcher());
    let connected = host.connected;
    let run = Callback::from(move |e: Effect| {
        let b = bridge.borrow().clone();
        match e {
            Effect::SetDraft(text) => match b.filter(|_| connected && caps.set_draft) {
                Some(b) => {
                    b.set_draft(&ticket, &text);
                    // Coached at once; the host's echo of its reply box then changes nothing.
                    dispatcher.dispatch(Msg::Draft { text, channel });
                    say.set(crate::msg!("Your reply in the helpdesk now has the rewrite: read it, fill in any [brackets], then send."));
                }
                None => copy_then_say(
                    text,
                    say.clone(),
                    crate::msg!("Copied: this helpdesk does not let Turnaround change your reply, so paste it there."),
                ),
            },
            Effect::Insert(text) => match b.filter(|_| connected && caps.insert_text) {
                Some(b) => {
                    b.insert_text(&ticket, &text);
                    say.set(crate::msg!("Inserted into the reply."));
                }
                None if connected => copy_then_say(
                    text,
                    say.clone(),
                    crate::msg!("Copied: this helpdesk does not let Turnaround write into the reply, so paste it there."),
                ),
                None => copy_then_say(text, say.clone(), crate::msg!("Copied. Paste it into your reply.")),
            },
            Effect::Copy(text) => copy_then_say(text, say.clone(), crate::msg!("Copied to the clipboard.")),
            Effect::InternalNote(md) => match b.filter(|_| connected && caps.note) {
                Some(b) => {
                    b.internal_note(&ticket, &md);
                    dispatcher.dispatch(Msg::Do(Action::MarkAlertSent, now()));
                    say.set(crate::msg!("Service alert sent to the ticket as an internal note."));
                }
                None if connected => copy_then_say(
                    md,
                    say.clone(),
                    crate::msg!(
                        "Copied: this helpdesk does not take notes from Turnaround, so paste the service alert as an internal note."
                    ),
                ),
                None => copy_then_say(md, say.clone(), crate::msg!("No helpdesk is connected: the service alert was copied instead.")),
            },
            Effect::FollowUp { due, text } => {
                if let Some(b) = b.filter(|_| connected) {
                    b.follow_up(&ticket, due, &text);
                }
            }
            Effect::Download { filename, mime, contents } => match platform::download(&filename, mime, &contents) {
                Ok(()) => say.set(crate::msg!("Downloaded {filename}.")),
                Err(e) => say.set(crate::msg!("Could not download {filename}: {e}.")),
            },
            Effect::Announce(text) => say.set(text),
        }
    });
    ShellEffects { run, said: AttrValue::from((*status_text).clone()) }
}

/// Copies `text`, then says `ok` (or that the browser refused).
fn copy_then_say(text: String, say: UseStateSetter<String>, ok: String) {
    wasm_bindgen_futures::spawn_local(async move {
        if platform::copy(&text).await {
            say.set(ok);
        } else {
            say.set(crate::msg!("The browser refused to copy. Select the text and copy it by hand."));
        }
    });
}
