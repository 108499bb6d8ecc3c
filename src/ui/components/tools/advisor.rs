//! The make-whole advisor: yes/no questions, one at a time, that lead to a
//! fairness principle and a remedy the agent can edit and insert.

use crate::core::advisor::{MakeWhole, Principle, Question};
use crate::core::session::{Action, Session};
use crate::ui::context::{Effect, SidebarCtx};
use crate::ui::hooks::use_tr;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AdvisorProps {
    pub session: Rc<Session>,
}

/// The answered questions that still lead somewhere, in the order they were
/// asked. An answer left over from an earlier path (say, after "change answer"
/// on the first question) is kept in the session but not shown.
pub fn answered_path(mw: &MakeWhole) -> Vec<(Question, bool)> {
    let mut walk = MakeWhole::default();
    let mut out = Vec::new();
    while let Some(q) = walk.next_question() {
        let Some(a) = mw.answers.get(&q).copied() else { break };
        walk.answer(q, Some(a));
        out.push((q, a));
    }
    out
}

/// A question in two or three words, for the list of answers given.
fn short(q: Question) -> &'static str {
    match q {
        Question::VerbalAgreement => crate::core::i18n::en("Unwritten promise"),
        Question::OurError => crate::core::i18n::en("Our mistake"),
        Question::CustomerError => crate::core::i18n::en("Customer's part"),
        Question::SingleLine => crate::core::i18n::en("Only one invoice line"),
    }
}

#[component]
pub fn Advisor(props: &AdvisorProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let uid = use_memo((), |_| crate::web::platform::new_id("ta-adv-"));
    let mw = &props.session.make_whole;
    let path = answered_path(mw);
    let next = mw.next_question();
    let principle = mw.principle();
    // The suggested remedy in the page's language until the agent edits it.
    let remedy = match principle {
        Some(p) if mw.remedy.is_empty() => tr.t(p.default_remedy()).to_string(),
        _ => mw.remedy_text().to_string(),
    };
    // After an answer the button pressed may vanish; keyboard focus then moves
    // to what replaced it (the next question, or the outcome), never to nowhere.
    let (question_ref, outcome_ref, moved) = (use_node_ref(), use_node_ref(), use_mut_ref(|| false));
    {
        let (question_ref, outcome_ref, moved) = (question_ref.clone(), outcome_ref.clone(), moved.clone());
        use_effect_with((next, principle), move |_| {
            if std::mem::replace(&mut *moved.borrow_mut(), false) {
                let target = if outcome_ref.get().is_some() { outcome_ref } else { question_ref };
                if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    let answer = {
        let (act, moved) = (ctx.act.clone(), moved.clone());
        Callback::from(move |(question, answer): (Question, Option<bool>)| {
            *moved.borrow_mut() = true;
            act.emit(Action::AnswerAdvisor { question, answer });
        })
    };
    let start_over = {
        let (act, answered, edited) = (ctx.act.clone(), mw.answers.keys().copied().collect::<Vec<_>>(), !mw.remedy.is_empty());
        let moved = moved.clone();
        Callback::from(move |_| {
            *moved.borrow_mut() = true;
            for question in &answered {
                act.emit(Action::AnswerAdvisor { question: *question, answer: None });
            }
            if edited {
                act.emit(Action::SetRemedy { text: String::new() });
            }
        })
    };

    html! {
        <section class="ta-tool ta-advisor" aria-labelledby={format!("{uid}-h")}>
            <h3 id={format!("{uid}-h")}>{ tr.t("Make it right: what is fair?") }</h3>
            if !path.is_empty() {
                <ul class="ta-list ta-answers">
                    { for path.iter().map(|(q, a)| html! { <AnsweredRow question={*q} answer={*a} on_answer={answer.clone()} /> }) }
                </ul>
            }
            if let Some(q) = next {
                <QuestionRow question={q} number={path.len() + 1} on_answer={answer.clone()} id={format!("{uid}-q")} focus={question_ref.clone()} />
            }
            if let Some(p) = principle {
                <Outcome principle={p} remedy={AttrValue::from(remedy)} edited={!mw.remedy.is_empty()} id={format!("{uid}-remedy")} focus={outcome_ref.clone()} />
            }
            if !mw.is_empty() {
                <div class="ta-actions">
                    <button type="button" class="ta-btn" onclick={start_over}>{ tr.t("Start over") }</button>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AnsweredRowProps {
    question: Question,
    answer: bool,
    on_answer: Callback<(Question, Option<bool>)>,
}

#[component]
fn AnsweredRow(props: &AnsweredRowProps) -> Html {
    let tr = use_tr();
    let q = props.question;
    let change = props.on_answer.reform(move |_| (q, None));
    html! {
        <li class="ta-item" title={tr.t(q.text())}>
            <span>{ format!("{}: ", tr.t(short(q))) }<strong>{ if props.answer { tr.t("Yes") } else { tr.t("No") } }</strong></span>
            <button type="button" class="ta-link" onclick={change}
                aria-label={tr.f("Change answer to: {question}", &[("question", tr.t(q.text()))])}>{ tr.t("Change answer") }</button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct QuestionRowProps {
    question: Question,
    number: usize,
    id: AttrValue,
    /// Where keyboard focus lands when this question replaces an answered one.
    focus: NodeRef,
    on_answer: Callback<(Question, Option<bool>)>,
}

#[component]
fn QuestionRow(props: &QuestionRowProps) -> Html {
    let tr = use_tr();
    let q = props.question;
    let yes = props.on_answer.reform(move |_| (q, Some(true)));
    let no = props.on_answer.reform(move |_| (q, Some(false)));
    html! {
        <div class="ta-question" role="group" aria-labelledby={props.id.clone()}>
            <p id={props.id.clone()} class="ta-question-text" tabindex="-1" ref={props.focus.clone()}>
                <span class="ta-muted">{ tr.f("Question {n}: ", &[("n", &props.number.to_string())]) }</span>{ tr.t(q.text()) }
            </p>
            <div class="ta-actions ta-actions-start">
                <button type="button" class="ta-btn" onclick={yes}>{ tr.t("Yes") }</button>
                <button type="button" class="ta-btn" onclick={no}>{ tr.t("No") }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OutcomeProps {
    principle: Principle,
    remedy: AttrValue,
    /// The agent changed the suggested remedy.
    edited: bool,
    id: AttrValue,
    /// Where keyboard focus lands when the answers decide.
    focus: NodeRef,
}

#[component]
fn Outcome(props: &OutcomeProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let on_input =
        ctx.act.reform(|e: InputEvent| Action::SetRemedy { text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value() });
    let insert = {
        let remedy = props.remedy.to_string();
        ctx.effect.reform(move |_| Effect::Insert(remedy.clone()))
    };
    let reset = ctx.act.reform(|_| Action::SetRemedy { text: String::new() });
    html! {
        <div class="ta-outcome">
            <p class="ta-principle" tabindex="-1" ref={props.focus.clone()}>
                <span class="ta-label">{ tr.t("Fair outcome") }</span>{ tr.t(props.principle.title()) }
            </p>
            <p class="ta-rationale">{ tr.t(props.principle.rationale()) }</p>
            <div class="ta-field">
                <label for={props.id.clone()}>{ tr.t("Remedy to offer (edit to fit)") }</label>
                <textarea id={props.id.clone()} rows="3" value={props.remedy.clone()} oninput={on_input} />
            </div>
            <div class="ta-actions">
                if props.edited {
                    <button type="button" class="ta-btn" onclick={reset}>{ tr.t("Use the suggestion") }</button>
                }
                <button type="button" class="ta-btn ta-btn-primary" onclick={insert}>
                    { if ctx.can_insert { tr.t("Insert remedy") } else { tr.t("Copy remedy") } }
                </button>
            </div>
        </div>
    }
}
