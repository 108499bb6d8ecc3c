//! The step's phrases for the chosen channel, filled with the ticket's names,
//! each with "insert into reply" and "copy".

use crate::core::playbook::{render_in, Step, Tone};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::use_tr;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PhrasesProps {
    pub step: std::rc::Rc<Step>,
    /// What `{when}` becomes (the nearest follow-up), when known.
    #[prop_or_default]
    pub when: AttrValue,
}

/// The phrases of a step as they will be inserted.
pub fn rendered(step: &Step, ctx: &SidebarCtx, when: &str) -> Vec<(String, Tone)> {
    let mut names = (*ctx.names).clone();
    if names.when.is_empty() {
        names.when = when.to_string();
    }
    // The built-in playbooks follow the page's language, so a missing time
    // reads in it too (not "at a time we agree together" in a Spanish phrase).
    let lang = crate::web::platform::page_lang();
    step.phrases_for(ctx.channel).map(|p| (render_in(&p.text, &names, lang), p.tone)).collect()
}

#[component]
pub fn Phrases(props: &PhrasesProps) -> Html {
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let list = rendered(&props.step, &ctx, &props.when);
    let tr = use_tr();
    let insert_label = if ctx.can_insert { tr.t("Insert") } else { tr.t("Copy") };
    html! {
        <section class="ta-phrases" aria-labelledby="ta-phrases-h">
            <h3 id="ta-phrases-h">{ tr.f("Say it ({channel})", &[("channel", &crate::core::case::lower(crate::ui::hooks::channel_word(&tr, ctx.channel)))]) }</h3>
            <ol>
                { for list.into_iter().enumerate().map(|(i, (text, tone))| {
                    let insert = ctx.effect.reform({ let t = text.clone(); move |_| Effect::Insert(t.clone()) });
                    let copy = ctx.effect.reform({ let t = text.clone(); move |_| Effect::Copy(t.clone()) });
                    html! {
                        <li class={classes!("ta-phrase", (tone == Tone::Warm).then_some("ta-warm"))}>
                            <p class="ta-phrase-text">{ text.clone() }</p>
                            <div class="ta-phrase-actions">
                                // The visible word starts the accessible name (WCAG 2.5.3); the
                                // rest is for screen readers only.
                                <button type="button" class="ta-btn ta-btn-primary" onclick={insert}>
                                    { insert_label }
                                    <span class="ta-sr">{ tr.f(" phrase {n}", &[("n", &(i + 1).to_string())]) }{ if ctx.can_insert { tr.t(" into the reply") } else { "" } }</span>
                                </button>
                                if ctx.can_insert {
                                    <button type="button" class="ta-btn" onclick={copy}>{ tr.t("Copy") }<span class="ta-sr">{ tr.f(" phrase {n}", &[("n", &(i + 1).to_string())]) }</span></button>
                                }
                                if i < 9 { <kbd class="ta-key-hint" aria-hidden="true" title={tr.t("Keyboard shortcut")}>{ i + 1 }</kbd> }
                            </div>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
