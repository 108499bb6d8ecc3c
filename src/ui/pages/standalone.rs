//! The standalone page (no host): a slim bar with the views and the custom
//! playbook picker around the sidebar preview.

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
                    Err(e) => read_error.set(format!("{name} could not be read: {e}.")),
                }
            });
        })
    };
    html! {
        <div class="ta-standalone">
            <header class="ta-topbar">
                <span class="ta-brand">{ "Turnaround" }</span>
                <nav aria-label="Views" class="ta-views">
                    <a href="index.html" aria-current="page">{ "Sidebar" }</a>
                    <a href="index.html?view=trainer">{ "Role-play trainer" }</a>
                    <a href="demo-helpdesk.html">{ "Demo helpdesk" }</a>
                </nav>
                <label class="ta-btn ta-file">
                    { "Load a playbook…" }
                    <input type="file" accept=".json,application/json" onchange={on_file} class="ta-file-input" />
                </label>
            </header>
            if !read_error.is_empty() { <p class="ta-notice ta-notice-warn" role="alert">{ (*read_error).clone() }</p> }
            <div class="ta-preview">{ props.children.clone() }</div>
        </div>
    }
}
