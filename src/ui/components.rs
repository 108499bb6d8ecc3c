//! The sidebar's components: small, props in, callbacks out, shared data from
//! [`SidebarCtx`](crate::ui::context::SidebarCtx). No storage, no bridge here.

pub mod checklist;
pub mod coach_box;
pub mod current_step;
pub mod curve;
pub mod draft_coach;
pub mod offers;
pub mod phrases;
pub mod playbook_wait;
pub mod sidebar;
pub mod status;
pub mod temperature;
pub mod tools;
