//! The worksheet tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorksheetProps {
    pub session: Rc<Session>,
}

#[component]
pub fn Worksheet(_props: &WorksheetProps) -> Html {
    html! {}
}
