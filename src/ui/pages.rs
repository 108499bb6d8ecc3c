//! What a URL opens, one page each, each with its own imports so a page can
//! later be built into a bundle of its own: the sidebar (embedded in a host,
//! or previewed standalone inside the [`standalone`] frame) and the trainer.

#[cfg(feature = "view-sidebar")]
pub mod sidebar;
#[cfg(feature = "view-sidebar")]
pub mod standalone;
#[cfg(feature = "view-trainer")]
pub mod trainer;
