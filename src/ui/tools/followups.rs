//! The followups tool.

use crate::core::session::Session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FollowUpsProps {
    pub session: Rc<Session>,
}

#[component]
pub fn FollowUps(_props: &FollowUpsProps) -> Html {
    html! {}
}

#[component]
pub fn OverdueBanner(_props: &FollowUpsProps) -> Html {
    html! {}
}
