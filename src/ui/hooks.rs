//! Custom hooks: the shell's behaviour, each with its effects in one place, so
//! the sidebar page reads as wiring (see `docs/ARCHITECTURE.md` for the path
//! of a check-off through them).

mod use_after_first_paint;
mod use_autosave;
mod use_coach;
mod use_host_bridge;
mod use_host_copy;
mod use_host_stream;
mod use_lang;
mod use_library;
mod use_local_store;
mod use_notices;
mod use_other_tab;
mod use_playbook_fetch;
mod use_playbook_loader;
mod use_shell_effects;
mod use_theme;
mod use_ticket;
mod use_training_thread;

pub use use_after_first_paint::{use_after_first_paint, use_next_task};
pub use use_autosave::use_autosave;
pub use use_coach::{use_coach, use_coach_answer, use_live_coach, Answered, CoachHandle};
pub use use_host_bridge::{use_host_bridge, HostLink};
pub use use_host_copy::use_host_copy;
pub use use_host_stream::use_host_stream;
pub use use_lang::{channel_word, use_lang, use_locale, use_tr, Locale, Tr};
pub use use_library::{playbook_lang, prepare_library, use_library, with_prepared_library, SharedLibrary};
pub use use_local_store::{use_local_store, LocalStore};
pub use use_notices::{use_notices, Notice, NoticeList, Notices};
pub use use_other_tab::use_other_tab;
pub use use_playbook_fetch::{use_playbook_fetch, PlaybookFetch, Purpose, Wait};
pub use use_playbook_loader::use_playbook_loader;
pub use use_shell_effects::{use_shell_effects, ShellEffects};
pub use use_theme::use_theme;
pub use use_ticket::{prepare_ticket, use_host_open, use_ticket};
pub use use_training_thread::{use_training_thread, use_training_thread_writer};
