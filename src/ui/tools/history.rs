//! The history tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub session: Rc<Session>,
}

#[component]
pub fn History(_props: &HistoryProps) -> Html {
    html! {}
}
