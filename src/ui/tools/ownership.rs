//! The ownership tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OwnershipProps {
    pub session: Rc<Session>,
}

#[component]
pub fn Ownership(_props: &OwnershipProps) -> Html {
    html! {}
}
