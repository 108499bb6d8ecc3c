//! Browser tests (wasm-bindgen-test in headless Chromium): what only a browser
//! has. Each test mounts the sidebar into its own fresh element, on its own
//! ticket, so no test depends on another's DOM or storage.
#![cfg(target_arch = "wasm32")]

mod common;

use common::web::*;
use turnaround::core::store::{session_key, QUARANTINE_PREFIX};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn checking_a_step_in_the_dom_checks_it_and_stores_it() {
    let t = ticket("check");
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    let listen = checkbox(&root, "listen");
    assert!(!listen.checked());
    listen.click();
    settle().await;
    assert!(checkbox(&root, "listen").checked());
    assert!(text(&root).contains("1 of 6 steps done"), "{}", text(&root));
    let s = stored(&t).expect("the session is in localStorage");
    assert!(s.step("listen").unwrap().done);
    assert!(s.step("listen").unwrap().done_at.is_some());
    assert!(!s.step("acknowledge").unwrap().done);
}

#[wasm_bindgen_test]
async fn the_current_step_is_marked_for_assistive_technology() {
    let root = mount_sidebar(&ticket("aria"), "laptop");
    settle().await;
    let current = root.query_selector("[aria-current=step]").unwrap().expect("a current step");
    assert!(current.text_content().unwrap().contains("Listen"));
    assert!(root.query_selector("[role=status]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_set_aside_untouched_and_the_agent_is_told() {
    let t = ticket("corrupt");
    let junk = "{\"schema\": 1, \"ticket_id\": \"half a recor";
    storage().set_item(&session_key(&t), junk).unwrap();
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    assert!(text(&root).contains("could not be read"), "{}", text(&root));
    let keys: Vec<String> = (0..storage().length().unwrap()).filter_map(|i| storage().key(i).unwrap()).collect();
    let moved = keys.iter().find(|k| k.starts_with(QUARANTINE_PREFIX) && k.contains(&t)).expect("a quarantine key");
    assert_eq!(storage().get_item(moved).unwrap().as_deref(), Some(junk));
    // The ticket starts clean and works.
    checkbox(&root, "listen").click();
    settle().await;
    assert!(stored(&t).unwrap().step("listen").unwrap().done);
}

#[wasm_bindgen_test]
async fn a_record_from_a_newer_version_is_set_aside_not_overwritten() {
    let t = ticket("future");
    let future = format!("{{\"schema\": 7, \"ticket_id\": \"{t}\", \"whatever\": true}}");
    storage().set_item(&session_key(&t), &future).unwrap();
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    assert!(text(&root).contains("newer version"), "{}", text(&root));
    let keys: Vec<String> = (0..storage().length().unwrap()).filter_map(|i| storage().key(i).unwrap()).collect();
    assert!(keys
        .iter()
        .any(|k| k.starts_with(QUARANTINE_PREFIX) && k.contains(&t) && storage().get_item(k).unwrap().as_deref() == Some(future.as_str())));
}

#[wasm_bindgen_test]
async fn a_full_storage_keeps_the_work_in_memory_and_says_so() {
    let t = ticket("quota");
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    // Fill localStorage to the brim.
    let filler: Vec<String> = fill_storage();
    checkbox(&root, "listen").click();
    settle().await;
    let shown = text(&root);
    drain_storage(&filler);
    assert!(shown.contains("storage is full"), "{shown}");
    assert!(checkbox(&root, "listen").checked(), "the check-off stays on screen");
    // Nothing of ours was evicted to make room: the earlier record is still there.
    assert!(stored(&t).is_some());
}

#[wasm_bindgen_test]
async fn a_ticket_opened_with_storage_full_warns_and_never_says_saved() {
    let t = ticket("full-at-open");
    let filler = fill_storage();
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    let shown = text(&root);
    let status = one(&root, ".ta-save").text_content().unwrap_or_default();
    drain_storage(&filler);
    assert!(shown.contains("storage is full"), "{shown}");
    assert_eq!(status, "Not saved in this browser (storage full)", "{shown}");
    assert!(!shown.contains("Saved in this browser"), "{shown}");
    assert!(stored(&t).is_none(), "nothing was evicted to make room");
}

#[wasm_bindgen_test]
async fn blocked_storage_runs_on_memory_and_says_so() {
    // The localStorage getter throws, as in sandboxed and some third-party frames.
    let window = web_sys::window().unwrap();
    let original = js_sys::Reflect::get_own_property_descriptor(&window, &"localStorage".into()).unwrap();
    let thrower = js_sys::Function::new_no_args("throw new DOMException('The operation is insecure.', 'SecurityError')");
    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"get".into(), &thrower).unwrap();
    js_sys::Reflect::set(&desc, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&window, &"localStorage".into(), &desc);
    let root = mount_sidebar(&ticket("blocked"), "laptop");
    settle().await;
    checkbox(&root, "listen").click();
    settle().await;
    let shown = text(&root);
    // Put the real storage back before asserting, so other tests are unaffected.
    if original.is_undefined() {
        js_sys::Reflect::delete_property(&window, &"localStorage".into()).unwrap();
    } else {
        js_sys::Object::define_property(&window, &"localStorage".into(), &original.unchecked_into());
    }
    assert!(shown.contains("Browser storage is blocked"), "{shown}");
    assert!(shown.contains("Not saved in this browser"), "{shown}");
    assert!(checkbox(&root, "listen").checked());
}

#[wasm_bindgen_test]
async fn another_tab_checking_a_step_shows_up_here() {
    let t = ticket("tabs");
    let root = mount_sidebar(&t, "laptop");
    settle().await;
    checkbox(&root, "listen").click();
    settle().await;
    // The other tab's copy: listen (from us) and plan checked there.
    let mut theirs = stored(&t).unwrap();
    let at = theirs.updated_at.plus(1000);
    theirs.apply(turnaround::core::session::Action::CheckStep { step: "plan".into(), advance_to: None }, at);
    let raw = serde_json::to_string(&theirs).unwrap();
    storage().set_item(&session_key(&t), &raw).unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&session_key(&t)));
    init.set_new_value(Some(&raw));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    settle().await;
    assert!(checkbox(&root, "plan").checked());
    assert!(checkbox(&root, "listen").checked());
    // No echo: the stored copy is still exactly the other tab's.
    assert_eq!(stored(&t).unwrap(), theirs);
}

#[wasm_bindgen_test]
async fn the_paste_box_is_coached_through_the_coach_client_and_a_message_is_read() {
    // The sidebar asks the coach through web::coach_client on the same
    // asynchronous path as its worker (answered in this wasm here: coach-in-page).
    let root = mount_sidebar(&ticket("coach"), "turnaround");
    let draft = wait_for(&root, "#ta-draft").await.dyn_into::<web_sys::HtmlElement>().unwrap();
    type_into(&draft, "Sorry, but that's our policy.");
    let findings = wait_for(&root, ".ta-findings").await;
    assert!(text(&findings).contains("Policy wall"), "{}", text(&findings));
    // "Sorry, but" and the wall share one rewrite: it is offered once, and the
    // second finding points to it.
    assert_eq!(text(&findings).matches("Try: ").count(), 1, "{}", text(&findings));
    assert_eq!(text(&findings).matches("The rewrite above fixes this too.").count(), 1, "{}", text(&findings));
    type_into(&field(&root, "Customer's last message"), "THIS IS THE THIRD TIME!!! cancel my account");
    let reading = wait_for(&root, ".ta-reading").await;
    assert!(text(&reading).contains("Reads as furious"), "{}", text(&reading));
    // A clean draft, typed over the first: the older review is replaced, never kept.
    type_into(&draft, "Thank you for telling me. I am sorry this happened; I will call you back by 4 pm today with the fix.");
    let clean = wait_for(&root, ".ta-clean").await;
    assert!(text(&clean).contains("Nothing to fix"));
    assert!(root.query_selector(".ta-findings").unwrap().is_none());
}
