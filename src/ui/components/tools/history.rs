//! The customer's earlier tickets, with their service alerts, and the binder:
//! a search over every service alert stored in this browser, to consult
//! before changing how the team works. Alerts are shown as plain text.

use crate::core::case;
use crate::core::session::Session;
use crate::core::store::IndexEntry;
use crate::ui::context::SidebarCtx;
use crate::ui::hooks::use_tr;
use crate::web::platform::{local_words, new_id, Clock};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub session: Rc<Session>,
}

/// How many binder results are shown at most.
const SEARCH_LIMIT: usize = 20;

/// The alert's Markdown as plain reading text: no `**`, `##` or escapes.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let line = line.trim_start_matches("## ");
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => out.extend(chars.next()),
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                }
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out.trim().to_string()
}

/// The part of `text` around the first word of `query` it contains, as
/// (before, match, after), with "…" where it was cut. Without a match: its start.
pub fn snippet(text: &str, query: &str) -> (String, String, String) {
    const BEFORE: usize = 40;
    const AFTER: usize = 90;
    let chars: Vec<char> = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let lower: Vec<char> = chars.iter().map(|&c| case::lower_char(c)).collect();
    let found = query.split_whitespace().find_map(|w| {
        let w: Vec<char> = w.chars().map(case::lower_char).collect();
        (!w.is_empty() && w.len() <= lower.len())
            .then(|| lower.windows(w.len()).position(|win| win == w.as_slice()).map(|i| (i, w.len())))
            .flatten()
    });
    let cut = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    match found {
        Some((i, n)) => {
            let start = i.saturating_sub(BEFORE);
            let end = (i + n + AFTER).min(chars.len());
            let lead = if start > 0 { "…" } else { "" };
            let tail = if end < chars.len() { "…" } else { "" };
            (format!("{lead}{}", cut(start, i).trim_start()), cut(i, i + n), format!("{}{tail}", cut(i + n, end).trim_end()))
        }
        None => {
            let end = (BEFORE + AFTER).min(chars.len());
            (format!("{}{}", cut(0, end), if end < chars.len() { "…" } else { "" }), String::new(), String::new())
        }
    }
}

#[component]
pub fn History(props: &HistoryProps) -> Html {
    html! {
        <>
            <EarlierTickets session={props.session.clone()} />
            <Binder current={AttrValue::from(props.session.ticket_id.clone())} />
        </>
    }
}

/// Earlier tickets of the same customer (by id, else email).
#[component]
fn EarlierTickets(props: &HistoryProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let customer = props.session.customer.clone().unwrap_or_default();
    let found = {
        let store = ctx.store.clone();
        let key = (ctx.store_version, props.session.ticket_id.clone(), customer.id.clone(), customer.email.clone());
        use_memo(key, move |(_, ticket, id, email)| {
            if id.is_empty() && email.is_empty() {
                return None;
            }
            Some(store.history(id, email, ticket))
        })
    };
    let (count, body) = match &*found {
        None => (
            None,
            html! { <p class="ta-muted">{ tr.t("This ticket has no customer id or email, so earlier tickets cannot be matched.") }</p> },
        ),
        Some(Err(e)) => (None, html! { <p class="ta-error">{ tr.f("Earlier tickets could not be read: {e}.", &[("e", e)]) }</p> }),
        Some(Ok(list)) if list.is_empty() => {
            (Some(0), html! { <p class="ta-muted">{ tr.t("None: this is the first ticket from this customer in this browser.") }</p> })
        }
        Some(Ok(list)) => (
            Some(list.len()),
            html! {
                <ul class="ta-list">
                    { for list.iter().map(|e| html! { <EarlierTicket key={e.ticket_id.clone()} entry={Rc::new(e.clone())} /> }) }
                </ul>
            },
        ),
    };
    let title = match count {
        Some(n) if n > 0 => tr.f("Earlier tickets from this customer ({n})", &[("n", &n.to_string())]),
        _ => tr.t("Earlier tickets from this customer").to_string(),
    };
    html! {
        <details class="ta-panel ta-history" open={count.is_some_and(|n| n > 0)}>
            <summary>{ title }</summary>
            <div class="ta-panel-body">{ body }</div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    entry: Rc<IndexEntry>,
}

#[component]
fn EarlierTicket(props: &EntryProps) -> Html {
    let tr = use_tr();
    let e = &props.entry;
    let subject = if e.subject.is_empty() { tr.f("Ticket {id}", &[("id", &e.ticket_id)]) } else { e.subject.clone() };
    html! {
        <li class="ta-entry">
            <span class="ta-entry-title">{ subject }</span>
            <span class="ta-muted">{ format!("#{} · {} · {}", e.ticket_id, local_words(e.updated_at, Clock::Date), tr.n("{done} of {n} step done", "{done} of {n} steps done", e.total as u64, &[("done", &e.done.to_string())])) }</span>
            if e.alert.is_empty() {
                <span class="ta-muted">{ tr.t("No service alert was written.") }</span>
            } else {
                <details class="ta-alert-text">
                    <summary>{ tr.t("Its service alert") }</summary>
                    <pre class="ta-pre" tabindex="0" aria-label={tr.t("Service alert text")}>{ plain(&e.alert) }</pre>
                </details>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct BinderProps {
    /// The ticket open now, marked in the results.
    current: AttrValue,
}

/// The team's binder: every stored service alert, searchable by words.
#[component]
fn Binder(props: &BinderProps) -> Html {
    let tr = use_tr();
    let Some(ctx) = use_context::<SidebarCtx>() else { return html! {} };
    let uid = use_memo((), |_| new_id("ta-bind-"));
    let query = use_state(String::new);
    let q = query.trim().to_string();
    let results = {
        let store = ctx.store.clone();
        use_memo((q.clone(), ctx.store_version), move |(q, _)| if q.is_empty() { None } else { Some(store.search(q, SEARCH_LIMIT)) })
    };
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let input_id = format!("{uid}-q");
    let (summary, list) = match &*results {
        None => {
            (tr.t("Type a word: a product, an error, a process. Read what happened before changing how we work.").to_string(), Vec::new())
        }
        Some(Err(e)) => (tr.f("The binder could not be read: {e}.", &[("e", &e.to_string())]), Vec::new()),
        Some(Ok(found)) if found.is_empty() => (tr.f("No service alert mentions \u{201c}{q}\u{201d}.", &[("q", &q)]), Vec::new()),
        Some(Ok(found)) => (
            match found.len() {
                n if n >= SEARCH_LIMIT => tr.f("The newest {n} matching service alerts:", &[("n", &n.to_string())]),
                n => tr.n("{n} service alert matches.", "{n} service alerts match.", n as u64, &[]),
            },
            found.clone(),
        ),
    };
    html! {
        <details class="ta-panel ta-binder">
            <summary>{ tr.t("Search service alerts") }</summary>
            <div class="ta-panel-body">
                <div class="ta-field">
                    <label for={input_id.clone()}>{ tr.t("Words to find in the team's service alerts") }</label>
                    <input id={input_id} type="search" value={(*query).clone()} oninput={on_input} autocomplete="off" />
                </div>
                <p class="ta-muted" aria-live="polite">{ summary }</p>
                if !list.is_empty() {
                    <ul class="ta-list">
                        { for list.into_iter().map(|e| {
                            let key = e.ticket_id.clone();
                            html! { <SearchResult {key} entry={Rc::new(e)} query={AttrValue::from(q.clone())} current={props.current.clone()} /> }
                        }) }
                    </ul>
                }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SearchResultProps {
    entry: Rc<IndexEntry>,
    query: AttrValue,
    current: AttrValue,
}

#[component]
fn SearchResult(props: &SearchResultProps) -> Html {
    let tr = use_tr();
    let e = &props.entry;
    let text = plain(&e.alert);
    let (before, hit, after) = snippet(&text, &props.query);
    let subject = if e.subject.is_empty() { tr.f("Ticket {id}", &[("id", &e.ticket_id)]) } else { e.subject.clone() };
    let this = props.current == e.ticket_id.as_str();
    html! {
        <li class="ta-entry">
            <span class="ta-entry-title">{ subject }</span>
            <span class="ta-muted">{ format!("#{} · {}{}", e.ticket_id, local_words(e.updated_at, Clock::Date), if this { tr.t(" · this ticket") } else { "" }) }</span>
            <p class="ta-snippet">{ before }if !hit.is_empty() { <mark>{ hit }</mark> }{ after }</p>
            <details class="ta-alert-text">
                <summary>{ tr.t("Whole alert") }</summary>
                <pre class="ta-pre" tabindex="0" aria-label={tr.t("Service alert text")}>{ text }</pre>
            </details>
        </li>
    }
}
