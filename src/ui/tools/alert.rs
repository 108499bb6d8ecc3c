//! The alert tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertComposerProps {
    pub session: Rc<Session>,
}

#[component]
pub fn AlertComposer(_props: &AlertComposerProps) -> Html {
    html! {}
}
