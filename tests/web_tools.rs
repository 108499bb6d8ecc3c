//! Browser tests of the step tools (wasm-bindgen-test in headless Chromium),
//! driven through the DOM as an agent would: the make-whole advisor, the
//! evidence worksheet, follow-ups and the overdue banner, the service alert,
//! ownership and hand-over, history and the binder search. Each test mounts
//! the sidebar into its own fresh element, on its own ticket.
#![cfg(target_arch = "wasm32")]

mod common;

use common::web::*;
use turnaround::core::session::{Action, AlertField, Customer, EvidenceKind, Session};
use turnaround::core::time::{Timestamp, HOUR};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_advisor_reaches_a_principle_by_answering_and_the_remedy_is_editable() {
    let t = ticket("advisor");
    let root = mount_sidebar(&t, "leap");
    settle().await;
    open_step(&root, "make-whole").await;
    let tool = || one(&root, ".ta-advisor");
    assert!(text(&tool()).contains("promise something"), "{}", text(&tool()));
    // No verbal promise, our error, not the customer's, one inflated line.
    for answer in ["No", "Yes", "No", "Yes"] {
        button(&tool(), answer).click();
        settle().await;
    }
    let shown = text(&tool());
    assert!(shown.contains("Cover the difference on that line"), "{shown}");
    let remedy = field(&tool(), "Remedy to offer (edit to fit)");
    assert_eq!(
        remedy.dyn_ref::<web_sys::HtmlTextAreaElement>().unwrap().value(),
        "Credit the difference between the charged and the correct amount on the affected line."
    );
    // Focus followed the answers to the outcome, not into nowhere.
    assert!(document().active_element().is_some_and(|a| a.class_name().contains("ta-principle")));
    type_into(&remedy, "Credit the third licence on invoice 4411.");
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.make_whole.remedy, "Credit the third licence on invoice 4411.");
    assert_eq!(s.make_whole.answers.len(), 4);

    // Changing the first answer asks it again and hides the outcome.
    button(&tool(), "Change answer to: Did someone on our side promise something to the customer that was never written down?").click();
    settle().await;
    assert!(!text(&tool()).contains("Cover the difference"), "{}", text(&tool()));
    button(&tool(), "Yes").click();
    settle().await;
    assert!(text(&tool()).contains("Honour the spoken promise"), "{}", text(&tool()));

    button(&tool(), "Start over").click();
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert!(s.make_whole.is_empty(), "{:?}", s.make_whole);
    assert!(text(&tool()).contains("Question 1"));
}

#[wasm_bindgen_test]
async fn the_worksheet_adds_facts_and_strikes_a_scenario_with_a_reason() {
    let t = ticket("worksheet");
    let root = mount_sidebar(&t, "leap");
    settle().await;
    open_step(&root, "gather-evidence").await;
    let tool = || one(&root, ".ta-worksheet");
    type_into(&field(&tool(), "Something the customer or the records say"), "Invoice 4411 lists 3 licences");
    button(&tool(), "Add").click();
    settle().await;
    type_into(&field(&tool(), "Something the customer or the records say"), "Support never answers");
    button(&tool(), "Opinion").click();
    settle().await;
    button(&tool(), "Add").click();
    settle().await;
    type_into(&field(&tool(), "A possible explanation"), "Billing used the old price list");
    one(&tool(), "form.ta-inline button[type=submit]").click();
    settle().await;
    type_into(&field(&tool(), "A possible explanation"), "The customer added a licence");
    one(&tool(), "form.ta-inline button[type=submit]").click();
    settle().await;
    assert!(text(&tool()).contains("1 fact, 1 opinion; 2 of 2 scenarios left"), "{}", text(&tool()));

    button(&tool(), "Rule out: The customer added a licence").click();
    settle().await;
    type_into(&field(&tool(), "What rules it out?"), "The audit log shows no change by them");
    one(&tool(), ".ta-strike-form button[type=submit]").click();
    settle().await;
    let shown = text(&tool());
    assert!(shown.contains("1 of 2 scenarios left"), "{shown}");
    assert!(shown.contains("Because: The audit log shows no change by them"), "{shown}");
    assert!(one(&tool(), ".ta-ruled-out .ta-struck").text_content().unwrap().contains("The customer added a licence"));

    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.worksheet.evidence.len(), 2);
    assert_eq!(s.worksheet.evidence[1].kind, EvidenceKind::Opinion);
    let struck = s.worksheet.hypotheses.iter().find(|x| x.struck).expect("one struck scenario");
    assert_eq!(struck.text, "The customer added a licence");
    assert_eq!(struck.reason, "The audit log shows no change by them");

    // Toggling a fact's kind, then putting the scenario back.
    button(&tool(), "Fact: mark as opinion instead").click();
    button(&tool(), "Put back: The customer added a licence").click();
    settle().await;
    assert!(text(&tool()).contains("0 facts, 2 opinions; 2 of 2 scenarios left"), "{}", text(&tool()));

    // Removing keeps the keyboard in the tool: focus goes to the add field.
    button(&tool(), "Remove: Support never answers").click();
    settle().await;
    assert_eq!(stored(&t).expect("the session is in localStorage").worksheet.evidence.len(), 1);
    let input = field(&tool(), "Something the customer or the records say");
    assert!(document().active_element().is_some_and(|a| a == *input.as_ref()));
}

#[wasm_bindgen_test]
async fn a_follow_up_added_with_a_quick_time_shows_in_the_list_with_its_due_time() {
    let t = ticket("followup");
    let root = mount_sidebar(&t, "leap");
    drawn(&root).await;
    open_step(&root, "promise-update").await;
    let tool = || one(&root, ".ta-followups");
    // Without a time it asks for one and adds nothing.
    type_into(&field(&tool(), "What you promised"), "Call back with the corrected invoice");
    button(&tool(), "Add follow-up").click();
    settle().await;
    assert!(text(&tool()).contains("Pick when"), "{}", text(&tool()));
    assert!(stored(&t).expect("the session is in localStorage").follow_ups.is_empty());

    button(&tool(), "Tomorrow 09:00").click();
    settle().await;
    assert!(text(&tool()).contains("Due by tomorrow 09:00"), "{}", text(&tool()));
    button(&tool(), "Add follow-up").click();
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.follow_ups.len(), 1);
    let f = &s.follow_ups[0];
    assert_eq!(f.text, "Call back with the corrected invoice");
    let now = turnaround::web::platform::now();
    assert!(f.due > now && f.due.millis() - now.millis() <= 33 * HOUR, "{} vs {now}", f.due);
    let list = one(&tool(), ".ta-list");
    assert!(text(&list).contains("Call back with the corrected invoice"));
    assert!(text(&list).contains("due by tomorrow 09:00"), "{}", text(&list));
    assert!(root.query_selector(".ta-overdue").unwrap().is_none(), "nothing is overdue yet");

    // Checking it off marks it kept.
    one(&list, "input[type=checkbox]").click();
    settle().await;
    assert!(stored(&t).expect("the session is in localStorage").follow_ups[0].done_at.is_some());
    assert!(text(&one(&tool(), ".ta-list")).contains("kept"));
}

#[wasm_bindgen_test]
async fn an_overdue_follow_up_shows_the_banner_and_stands_out_in_the_list() {
    let t = ticket("overdue");
    let pb = playbook("leap");
    let now = turnaround::web::platform::now();
    let mut s = Session::new(&t, &pb, now.plus(-3 * HOUR));
    s.apply(
        Action::AddFollowUp { id: "u-late".into(), text: "Send the refund confirmation".into(), due: now.plus(-HOUR) },
        now.plus(-2 * HOUR),
    );
    s.apply(
        Action::AddFollowUp { id: "u-later".into(), text: "Check the next invoice".into(), due: now.plus(5 * HOUR) },
        now.plus(-2 * HOUR),
    );
    seed(&s);
    let root = mount_sidebar(&t, "leap");
    drawn(&root).await;
    let banner = one(&root, ".ta-overdue[role=alert]");
    assert!(text(&banner).contains("Overdue follow-up"), "{}", text(&banner));
    assert!(text(&banner).contains("Send the refund confirmation"));
    assert!(!text(&banner).contains("Check the next invoice"));

    open_step(&root, "promise-update").await;
    let late = one(&root, ".ta-followups .ta-item-late");
    assert!(text(&late).contains("Send the refund confirmation"));
    assert!(text(&late).contains("Overdue"), "{}", text(&late));
    assert_eq!(root.query_selector_all(".ta-followups .ta-item-late").unwrap().length(), 1);

    // Done from the banner: the banner goes.
    button(&one(&root, ".ta-overdue"), "Mark done: Send the refund confirmation").click();
    settle().await;
    assert!(root.query_selector(".ta-overdue").unwrap().is_none());
    assert!(stored(&t).expect("the session is in localStorage").follow_ups.iter().find(|f| f.id == "u-late").unwrap().done_at.is_some());
}

#[wasm_bindgen_test]
async fn alert_fields_persist_and_the_markdown_preview_shows_them() {
    let t = ticket("alert");
    let root = mount_sidebar(&t, "leap");
    settle().await;
    open_step(&root, "prevent").await;
    let tool = || one(&root, ".ta-alert");
    type_into(&field(&tool(), "Problem"), "Billed for three licences instead of two");
    settle().await;
    type_into(&field(&tool(), "Prevention on our side"), "Price list check before each invoice run");
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.alert.get(AlertField::Problem), "Billed for three licences instead of two");
    assert_eq!(s.alert.get(AlertField::PreventionOurs), "Price list check before each invoice run");
    let preview = text(&one(&tool(), ".ta-note-preview pre"));
    assert!(preview.contains("**Problem:** Billed for three licences instead of two"), "{preview}");
    assert!(preview.contains("Price list check before each invoice run"), "{preview}");
    // Without a host the note is copied, and the button says so.
    assert!(labelled(&tool(), "button", "Copy as note").is_some());

    // Fill from session drafts only the empty fields.
    let check = one(&root, "#ta-check-listen");
    check.click();
    settle().await;
    button(&tool(), "Fill from session").click();
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.alert.problem, "Billed for three licences instead of two", "a written field is never overwritten");
    assert!(s.alert.timeline.contains("Turnaround opened"), "{}", s.alert.timeline);
    assert!(s.alert.timeline.contains("done"), "{}", s.alert.timeline);

    // The stored copy survives a remount.
    let again = mount_sidebar(&t, "leap");
    settle().await;
    open_step(&again, "prevent").await;
    let problem = field(&one(&again, ".ta-alert"), "Problem");
    assert_eq!(problem.dyn_ref::<web_sys::HtmlTextAreaElement>().unwrap().value(), "Billed for three licences instead of two");
}

#[wasm_bindgen_test]
async fn a_hand_over_needs_the_customer_told_box_checked() {
    let t = ticket("own");
    let root = mount_sidebar(&t, "turnaround");
    settle().await;
    // "own" is the first step of the turnaround playbook, so its tool shows at once.
    let tool = || one(&root, ".ta-ownership");
    assert!(text(&tool()).contains("Nobody owns it yet"));
    type_into(&field(&tool(), "Your name"), "Dana");
    // Pressed from the keyboard: the button has focus, then goes away.
    let take = button(&tool(), "Take ownership");
    take.focus().unwrap();
    take.click();
    settle().await;
    assert_eq!(stored(&t).expect("the session is in localStorage").owner, "Dana");
    assert!(document().active_element().is_some_and(|a| a.class_name() == "ta-owner"), "focus lands on the owner line, not nowhere");

    type_into(&field(&tool(), "New owner"), "Sam Lee");
    settle().await;
    let hand = button(&tool(), "Hand over");
    assert!(disabled(&hand), "not before the customer is told");
    assert!(text(&tool()).contains("Sam Lee is looking after your case"), "{}", text(&tool()));
    hand.click();
    settle().await;
    assert_eq!(stored(&t).expect("the session is in localStorage").owner, "Dana");

    one(&tool(), ".ta-handover input[type=checkbox]").click();
    settle().await;
    let hand = button(&tool(), "Hand over");
    assert!(!disabled(&hand));
    hand.click();
    settle().await;
    let s = stored(&t).expect("the session is in localStorage");
    assert_eq!(s.owner, "Sam Lee");
    assert_eq!(s.handovers.len(), 1);
    assert_eq!((s.handovers[0].from.as_str(), s.handovers[0].to.as_str(), s.handovers[0].customer_told), ("Dana", "Sam Lee", true));
    let shown = text(&tool());
    assert!(shown.contains("Owner: Sam Lee"), "{shown}");
    assert!(shown.contains("Dana → Sam Lee"), "{shown}");
    // The form is reset, so a second hand-over needs the box checked again.
    assert!(disabled(&button(&tool(), "Hand over")));
}

#[wasm_bindgen_test]
async fn history_lists_the_customers_earlier_ticket_and_the_binder_finds_its_alert() {
    let now = turnaround::web::platform::now();
    let pb = playbook("leap");
    let word = format!("zebra{}", js_sys::Math::random().to_bits() % 1_000_000);
    let email = format!("ada-{word}@example.com");
    let customer = |id: &str| Some(Customer { id: id.into(), name: "Ada Byron".into(), email: email.clone() });
    let set = |s: &mut Session, subject: &str, cust: Option<Customer>| {
        s.apply(Action::SetContext { customer: cust, subject: subject.into() }, now);
    };

    let old_t = ticket("hist-old");
    let mut old = Session::new(&old_t, &pb, now.plus(-48 * HOUR));
    set(&mut old, "Double charge in March", customer(""));
    old.apply(
        Action::SetAlert { field: AlertField::RootCause, text: format!("The payment retry ran twice after a {word} gateway timeout") },
        now.plus(-47 * HOUR),
    );
    old.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, now.plus(-47 * HOUR));
    seed(&old);

    let other_t = ticket("hist-other");
    let mut other = Session::new(&other_t, &pb, now.plus(-24 * HOUR));
    set(&mut other, "Someone else's ticket", Some(Customer { id: String::new(), name: "Bob".into(), email: "bob@example.com".into() }));
    seed(&other);

    // The ticket open now: same customer by email (the host gave it earlier).
    let t = ticket("hist-now");
    let mut current = Session::new(&t, &pb, now);
    set(&mut current, "Wrong licence count", customer("c-1"));
    seed(&current);

    let root = mount_sidebar(&t, "leap");
    drawn(&root).await;
    let panel = one(&root, "details.ta-panel.ta-history");
    assert!(panel.has_attribute("open"), "earlier tickets are shown open when there are some");
    let shown = text(&panel);
    assert!(shown.contains("Earlier tickets from this customer (1)"), "{shown}");
    assert!(shown.contains("Double charge in March"), "{shown}");
    assert!(shown.contains("1 of 10 steps done"), "{shown}");
    assert!(!shown.contains("Someone else's ticket"), "{shown}");
    assert!(!shown.contains("Wrong licence count"), "the current ticket is not its own history");
    let alert = one(&panel, "pre");
    assert!(text(&alert).contains(&format!("retry ran twice after a {word} gateway")), "{}", text(&alert));
    assert_eq!(alert.child_element_count(), 0, "the alert is plain text, no markup");

    let binder = one(&root, "details.ta-binder");
    type_into(&field(&binder, "Words to find in the team's service alerts"), &word.to_uppercase());
    settle().await;
    let shown = text(&binder);
    assert!(shown.contains("1 service alert matches."), "{shown}");
    assert!(shown.contains("Double charge in March"), "{shown}");
    assert_eq!(text(&one(&binder, ".ta-snippet mark")), word);

    type_into(&field(&binder, "Words to find in the team's service alerts"), &format!("{word} nothinglikethis"));
    settle().await;
    assert!(text(&binder).contains("No service alert mentions"), "{}", text(&binder));
}

#[wasm_bindgen_test]
async fn user_text_in_tools_is_shown_as_text_never_as_markup() {
    let t = ticket("markup");
    let pb = playbook("leap");
    let now = turnaround::web::platform::now();
    let mut s = Session::new(&t, &pb, now);
    let evil = "<img src=x onerror=alert(1)><b>bold</b>";
    s.apply(Action::AddEvidence { id: "f-1".into(), text: evil.into(), kind: EvidenceKind::Fact }, now);
    s.apply(Action::SetAlert { field: AlertField::Problem, text: evil.into() }, now);
    s.apply(Action::AddFollowUp { id: "u-1".into(), text: evil.into(), due: Timestamp(now.millis() - HOUR) }, now);
    seed(&s);
    let root = mount_sidebar(&t, "leap");
    settle().await;
    open_step(&root, "gather-evidence").await;
    assert!(text(&root).contains(evil));
    open_step(&root, "prevent").await;
    assert!(text(&one(&root, ".ta-note-preview pre")).contains("<img src=x"));
    assert!(root.query_selector("img, b").unwrap().is_none(), "no element was made from the customer's text");
}
