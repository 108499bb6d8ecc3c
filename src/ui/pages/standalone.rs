//! The standalone page (no host): a slim bar with the views and the custom
//! playbook picker around the sidebar preview.

use crate::ui::hooks::use_tr;
use crate::web::platform;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StandaloneProps {
    pub children: Html,
    /// (where it came from, its JSON)
    pub on_load_playbook: Callback<(String, String)>,
}

#[component]
pub fn Standalone(props: &StandaloneProps) -> Html {
    let tr = use_tr();
    let read_error = use_state_eq(String::new);
    let on_file = {
        let (load, read_error) = (props.on_load_playbook.clone(), read_error.setter());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (load, read_error) = (load.clone(), read_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match platform::read_file(&file).await {
                    Ok(text) => {
                        read_error.set(String::new());
                        load.emit((name, text));
                    }
                    Err(e) => read_error.set(crate::msg!("{name} could not be read: {e}.")),
                }
            });
        })
    };
    html! {
        <div class="ta-standalone">
            <header class="ta-topbar">
                <span class="ta-brand">{ tr.t("Turnaround") }</span>
                <nav aria-label={tr.t("Views")} class="ta-views">
                    <a href="index.html" aria-current="page">{ tr.t("Sidebar") }</a>
                    <a href="index.html?view=trainer">{ tr.t("Role-play trainer") }</a>
                    <a href="demo-helpdesk.html">{ tr.t("Demo helpdesk") }</a>
                </nav>
                <label class="ta-btn ta-file">
                    { tr.t("Load a playbook…") }
                    <input type="file" accept=".json,application/json" onchange={on_file} class="ta-file-input" />
                </label>
            </header>
            if !read_error.is_empty() { <p class="ta-notice ta-notice-warn" role="alert">{ tr.say(&read_error) }</p> }
            <div class="ta-preview">{ props.children.clone() }</div>
        </div>
    }
}
