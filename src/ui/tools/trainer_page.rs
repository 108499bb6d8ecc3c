//! The role-play trainer page.

use yew::prelude::*;

#[component]
pub fn TrainerPage() -> Html {
    html! { <main class="ta-trainer"><h1>{ "Role-play trainer" }</h1></main> }
}
