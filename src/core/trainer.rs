//! The role-play trainer: scenario files, the simulated customer, scoring and
//! the debrief. Pure: the page in `ui::tools::trainer_page` renders it.
