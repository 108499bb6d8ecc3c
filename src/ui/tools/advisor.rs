//! The advisor tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AdvisorProps {
    pub session: Rc<Session>,
}

#[component]
pub fn Advisor(_props: &AdvisorProps) -> Html {
    html! {}
}
