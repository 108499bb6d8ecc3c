//! Opening a ticket (core::ticket): the library refuses built-in ids, the
//! local and host copies meet, an older playbook version is aligned through
//! `Session::apply`, and the host's context pre-fills the temperature.

use turnaround::core::playbook::{find_built_in, Playbook};
use turnaround::core::protocol::Init;
use turnaround::core::session::{Action, Session, Temperature};
use turnaround::core::store::{Memory, Store};
use turnaround::core::ticket::{
    apply_host_context, customer_of, from_host, from_other_tab, open, open_thread, phrase_names, stamped, use_playbook, Library,
};
use turnaround::core::time::{Timestamp, MINUTE};

fn t(min: i64) -> Timestamp {
    Timestamp::parse("2026-11-22T10:00:00Z").unwrap().plus(min * MINUTE)
}

fn laptop() -> Playbook {
    find_built_in("laptop").cloned().unwrap()
}

fn custom(id: &str) -> Playbook {
    let mut p = laptop();
    p.id = id.into();
    p.title = "Our own".into();
    p
}

fn init(ticket: &str) -> Init {
    Init { ticket_id: ticket.into(), ..Init::default() }
}

#[test]
fn the_library_refuses_a_custom_playbook_with_a_built_in_id() {
    let mut lib = Library::built_in();
    let before = lib.clone();
    let err = lib.add_custom(custom("laptop")).unwrap_err();
    assert!(err.contains("belongs to a built-in playbook"), "{err}");
    assert_eq!(lib, before, "nothing changed");
}

#[test]
fn the_library_adds_then_replaces_a_custom_playbook_by_id() {
    let mut lib = Library::built_in();
    let n = lib.custom.len();
    lib.add_custom(custom("ours")).unwrap();
    let mut again = custom("ours");
    again.title = "Our own, v2".into();
    lib.add_custom(again).unwrap();
    assert_eq!(lib.custom.len(), n + 1);
    assert_eq!(lib.get("ours").unwrap().title, "Our own, v2");
    assert_eq!(lib.choices().last().unwrap(), &("ours".to_string(), "Our own, v2".to_string()));
}

#[test]
fn a_new_ticket_opens_on_the_playbook_the_host_asks_for_or_the_default() {
    let mut store = Store::new(Memory::new());
    let lib = Library::built_in();
    let asked = open(&mut store, &lib, &Init { playbook: Some("leap".into()), ..init("1") }, t(0)).expect("its playbook is here");
    assert_eq!(asked.session.playbook, "leap");
    assert!(asked.warnings.is_empty());
    let unknown = open(&mut store, &lib, &Init { playbook: Some("nope".into()), ..init("2") }, t(0)).expect("its playbook is here");
    assert_eq!(unknown.session.playbook, lib.default_playbook().id);
    assert!(unknown.warnings[0].contains("does not have"), "{:?}", unknown.warnings);
    assert_eq!(unknown.session.rev, 0, "opening a fresh ticket is no change");
}

#[test]
fn the_higher_rev_wins_and_the_hosts_copy_wins_a_tie() {
    let lib = Library::built_in();
    let mut store = Store::new(Memory::new());
    let mut local = Session::new("7", &laptop(), t(0));
    local.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, t(1));
    local.apply(Action::CheckStep { step: "acknowledge".into(), advance_to: None }, t(2));
    store.save(&local).unwrap();
    let mut host = Session::new("7", &laptop(), t(0));
    host.apply(Action::CheckStep { step: "plan".into(), advance_to: None }, t(3));
    let opened = open(&mut store, &lib, &Init { session: Some(host.clone()), ..init("7") }, t(4)).expect("its playbook is here");
    assert_eq!(opened.session, local, "rev 2 beats rev 1");
    host.apply(Action::CheckStep { step: "take-action".into(), advance_to: None }, t(5));
    let opened = open(&mut store, &lib, &Init { session: Some(host.clone()), ..init("7") }, t(6)).expect("its playbook is here");
    assert_eq!(opened.session, host, "equal revs: the host's copy");
}

#[test]
fn a_copy_written_against_an_older_playbook_is_aligned_through_apply() {
    let lib = Library::built_in();
    let mut store = Store::new(Memory::new());
    let mut old = Session::new("8", &laptop(), t(0));
    old.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, t(1));
    // An older version of the playbook had a step that is gone now.
    old.steps.push(turnaround::core::session::StepState::new("retired"));
    store.save(&old).unwrap();
    let opened = open(&mut store, &lib, &init("8"), t(5)).expect("its playbook is here");
    assert_eq!(opened.session.rev, old.rev + 1, "the alignment is a change like any other");
    assert_eq!(opened.session.updated_at, t(5));
    assert!(opened.session.step("listen").unwrap().done);
    assert!(opened.session.step("retired").is_none());
    assert!(opened.session.other_steps.iter().any(|s| s.id == "retired"), "kept for a switch back");
}

#[test]
fn using_a_playbook_switches_or_aligns_and_otherwise_changes_nothing() {
    let mut s = Session::new("9", &laptop(), t(0));
    assert!(!use_playbook(&mut s, &laptop(), t(1)), "same playbook, same steps");
    assert_eq!(s.rev, 0);
    assert!(use_playbook(&mut s, find_built_in("leap").unwrap(), t(2)));
    assert_eq!((s.playbook.as_str(), s.rev), ("leap", 1));
}

#[test]
fn the_hosts_last_message_pre_fills_the_temperature_only_when_none_is_recorded() {
    let furious = Init { last_message: "This is the THIRD time!!! Absolutely unacceptable, I want a refund NOW.".into(), ..init("10") };
    let mut s = Session::new("10", &laptop(), t(0));
    assert!(apply_host_context(&mut s, &furious, t(1)));
    assert_eq!(s.temperatures.len(), 1, "the first reading is recorded");
    assert!(s.temperature().unwrap() > Temperature::Calm);
    assert_eq!(s.customer_message, furious.last_message);

    let mut recorded = Session::new("10", &laptop(), t(0));
    recorded.apply(Action::RecordTemperature { level: Temperature::Calm }, t(1));
    apply_host_context(&mut recorded, &furious, t(2));
    assert_eq!(recorded.temperature(), Some(Temperature::Calm), "the agent's reading stands");
    assert_eq!(recorded.temperatures.len(), 1);
}

#[test]
fn the_hosts_context_is_applied_once_and_again_is_no_change() {
    let i = Init { agent_name: "Ana".into(), customer_name: "Dana Scully".into(), subject: "Double billed".into(), ..init("11") };
    let mut s = Session::new("11", &laptop(), t(0));
    assert!(apply_host_context(&mut s, &i, t(1)));
    let rev = s.rev;
    assert!(!apply_host_context(&mut s, &i, t(2)), "nothing new");
    assert_eq!(s.rev, rev);
    assert_eq!(s.owner, "Ana");
    assert_eq!(s.customer, customer_of(&i));
    assert_eq!(phrase_names(&i).customer, "Dana");
    assert_eq!(customer_of(&init("12")), None, "a host that names nobody");
}

#[test]
fn another_tabs_copy_is_taken_whole_when_this_tab_has_nothing_unwritten() {
    let mut mine = Session::new("13", &laptop(), t(0));
    mine.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, t(1));
    let written = mine.clone();
    let mut theirs = mine.clone();
    theirs.apply(Action::CheckStep { step: "plan".into(), advance_to: None }, t(2));
    assert_eq!(from_other_tab(&mine, theirs.clone(), Some(&written)), Some(theirs.clone()));
    assert_eq!(from_other_tab(&theirs, theirs.clone(), Some(&written)), None, "nothing new");
    let mut other_ticket = theirs.clone();
    other_ticket.ticket_id = "14".into();
    assert_eq!(from_other_tab(&mine, other_ticket, Some(&written)), None, "another ticket");
}

#[test]
fn another_tabs_copy_is_merged_when_this_tab_has_unwritten_changes() {
    let base = Session::new("15", &laptop(), t(0));
    let mut mine = base.clone();
    mine.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, t(1));
    let mut theirs = base.clone();
    theirs.apply(Action::CheckStep { step: "plan".into(), advance_to: None }, t(2));
    let next = from_other_tab(&mine, theirs.clone(), Some(&base)).unwrap();
    assert!(next.step("listen").unwrap().done, "ours kept");
    assert!(next.step("plan").unwrap().done, "theirs taken");
    assert!(next.rev > mine.rev.max(theirs.rev));
}

#[test]
fn a_thread_in_init_is_read_message_by_message_and_last_message_adds_no_reading_of_its_own() {
    use turnaround::core::protocol::{Author, ThreadMessage};
    let msg = |id: &str, from, text: &str| ThreadMessage { id: id.into(), from, at: None, text: text.into() };
    let i = Init {
        last_message: "I WANT A REFUND NOW!!!".into(),
        messages: vec![
            msg("m-1", Author::Customer, "Hello, a question about my invoice."),
            msg("m-2", Author::Agent, "Thank you for writing in."),
            msg("m-3", Author::Customer, "I WANT A REFUND NOW!!!"),
        ],
        ..init("13")
    };
    let mut s = Session::new("13", &laptop(), t(0));
    apply_host_context(&mut s, &i, t(1));
    assert!(s.temperatures.is_empty(), "the thread is read instead of last_message");
    let (thread, changed) = open_thread(&mut s, &i, &laptop(), t(1));
    assert!(changed);
    let ids: Vec<_> = s.temperatures.iter().map(|r| r.message_id.as_deref()).collect();
    assert_eq!(ids, [Some("m-1"), Some("m-3")]);
    assert_eq!(s.customer_message, "I WANT A REFUND NOW!!!");
    assert!(thread.has_seen("m-2"));
    // Opening the same thread again (a reload) reads nothing twice.
    let rev = s.rev;
    let (_, again) = open_thread(&mut s, &i, &laptop(), t(2));
    assert!(!again);
    assert_eq!(s.rev, rev);
}

fn check(step: &str) -> Action {
    Action::CheckStep { step: step.into(), advance_to: None }
}

fn ids(s: &Session) -> Vec<&str> {
    s.steps.iter().map(|x| x.id.as_str()).collect()
}

/// Another agent's sidebar switched the ticket to the leap playbook and
/// checked a step laptop does not have; returns (the copy both started from, theirs, that step).
fn switched_by_another_agent(ticket: &str) -> (Session, Session, String) {
    let base = Session::new(ticket, &laptop(), t(0));
    let leap = find_built_in("leap").unwrap();
    let mut theirs = base.clone();
    use_playbook(&mut theirs, leap, t(2));
    let first = leap.steps.iter().map(|s| s.id.clone()).find(|id| laptop().step(id).is_none()).expect("leap has a step of its own");
    theirs.apply(check(&first), t(3));
    (base, stamped(&theirs, "Ana Silva"), first)
}

#[test]
fn a_pushed_copy_on_another_playbook_keeps_ours_and_sets_their_steps_aside() {
    let (base, theirs, first) = switched_by_another_agent("30");
    let mut mine = base.clone();
    mine.apply(Action::SetNote { step: "listen".into(), text: "wants a call back".into() }, t(4));
    let (merged, said) = from_host(Some(&base), &mine, &theirs, &laptop());
    assert_eq!(merged.playbook, "laptop");
    assert_eq!(ids(&merged), ids(&mine), "our steps, in our order");
    assert_eq!(merged.step("listen").unwrap().note, "wants a call back");
    let aside = merged.other_steps.iter().find(|s| s.id == first).expect("their check-off set aside");
    assert!(aside.done);
    assert!(merged.rev > mine.rev.max(theirs.rev), "ours had a change: a new rev, to be saved");
    assert_eq!(said, "Ana Silva works from another playbook, leap (you stay on LAPTOP; their work there is kept).");
    // Switching to their playbook later finds their check-off.
    let mut back = merged.clone();
    use_playbook(&mut back, find_built_in("leap").unwrap(), t(5));
    assert!(back.step(&first).unwrap().done);
}

#[test]
fn a_copy_on_another_playbook_with_nothing_of_ours_keeps_the_hosts_rev_so_nothing_is_sent_back() {
    let (base, theirs, _) = switched_by_another_agent("31");
    let (merged, said) = from_host(Some(&base), &base, &theirs, &laptop());
    assert_eq!(merged.playbook, "laptop");
    assert_eq!(merged.rev, theirs.rev, "the host's copy, shown on our playbook: no save of ours");
    assert!(!said.is_empty());
    // The other sidebar, on leap, answers our later save the same way: no ping-pong.
    let mut ours_next = merged.clone();
    ours_next.apply(check("plan"), t(6));
    let (back, _) = from_host(Some(&theirs), &theirs, &stamped(&ours_next, "Sam"), find_built_in("leap").unwrap());
    assert_eq!(back.playbook, "leap");
    assert_eq!(back.rev, ours_next.rev);
    assert!(back.other_steps.iter().any(|s| s.id == "plan" && s.done), "our check-off kept on their side");
}

#[test]
fn a_conflicting_copy_without_a_known_base_on_another_playbook_also_keeps_ours() {
    let (_, theirs, first) = switched_by_another_agent("32");
    let mut mine = Session::new("32", &laptop(), t(0));
    mine.apply(check("listen"), t(9));
    let (merged, _) = from_host(None, &mine, &theirs, &laptop());
    assert_eq!((merged.playbook.as_str(), ids(&merged)), ("laptop", ids(&mine)));
    assert!(merged.step("listen").unwrap().done);
    assert!(merged.other_steps.iter().any(|s| s.id == first && s.done));
}

#[test]
fn another_tabs_removal_is_honoured_when_this_tab_last_wrote_the_copy_it_built_on() {
    let mut written = Session::new("33", &laptop(), t(0));
    written.apply(Action::AddFollowUp { id: "f-1".into(), text: "call back".into(), due: t(60) }, t(1));
    written.apply(Action::SetNote { step: "listen".into(), text: "first".into() }, t(1));
    // The other tab heard of that write, removed the follow-up and rewrote the note.
    let mut theirs = written.clone();
    theirs.apply(Action::RemoveFollowUp { id: "f-1".into() }, t(2));
    theirs.apply(Action::SetNote { step: "listen".into(), text: "rewritten".into() }, t(2));
    // This tab has a change it has not written yet.
    let mut mine = written.clone();
    mine.apply(check("plan"), t(3));
    let next = from_other_tab(&mine, theirs.clone(), Some(&written)).unwrap();
    assert!(next.follow_ups.is_empty(), "their removal stays");
    assert_eq!(next.step("listen").unwrap().note, "rewritten", "their rewrite, no seam");
    assert!(next.step("plan").unwrap().done, "ours kept");
    assert!(next.rev > mine.rev.max(theirs.rev));
}

#[test]
fn another_tabs_copy_that_cannot_be_built_on_our_last_write_is_merged_removing_nothing() {
    let mut written = Session::new("34", &laptop(), t(0));
    written.apply(Action::AddFollowUp { id: "f-1".into(), text: "call back".into(), due: t(60) }, t(1));
    written.apply(check("listen"), t(1));
    written.apply(check("plan"), t(1));
    // Written by the other tab before it heard of ours: its rev is not above ours.
    let mut theirs = Session::new("34", &laptop(), t(0));
    theirs.apply(Action::SetNote { step: "listen".into(), text: "theirs".into() }, t(2));
    assert!(theirs.rev <= written.rev);
    let mut mine = written.clone();
    mine.apply(Action::SetNote { step: "plan".into(), text: "mine".into() }, t(3));
    let next = from_other_tab(&mine, theirs, Some(&written)).unwrap();
    assert_eq!(next.follow_ups.len(), 1, "nothing of ours removed");
    assert!(next.step("listen").unwrap().done);
    assert_eq!(next.step("listen").unwrap().note, "theirs");
}

// Built-ins in another language are files the sidebar fetches: the library
// names what to fetch, takes only the file it asked for, and a ticket never
// opens (nor moves) before its playbook is here.

fn file(lang: &str, id: &str) -> String {
    let dir = if lang == "en" { String::new() } else { format!("{lang}/") };
    std::fs::read_to_string(format!("{}/static/playbooks/{dir}{id}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn spanish() -> Library {
    Library::in_lang(turnaround::core::locale::Lang::Es)
}

#[test]
fn a_built_in_in_another_language_is_missing_until_its_file_is_provided() {
    let mut lib = spanish();
    assert!(lib.get("leap").is_none());
    let fetch = lib.missing("leap").expect("a built-in to fetch");
    assert_eq!(fetch.path, "playbooks/es/leap.json");
    assert_eq!(lib.missing("six-step").unwrap().title, "Seis pasos", "named in Spanish while it comes");
    assert!(lib.missing("ours").is_none(), "a custom id is nothing to fetch");
    let p = lib.provide(&fetch, &file("es", "leap")).unwrap();
    assert_eq!(p.lang.as_deref(), Some("es"));
    assert_eq!(lib.get("leap").unwrap(), p);
    assert!(lib.missing("leap").is_none());
}

#[test]
fn provide_refuses_another_playbook_another_language_or_a_broken_file() {
    let mut lib = spanish();
    let before = lib.clone();
    let fetch = lib.missing("leap").unwrap();
    let other = lib.provide(&fetch, &file("es", "laptop")).unwrap_err();
    assert!(other.contains("\"laptop\"") && other.contains("not \"leap\""), "{other}");
    let english = lib.provide(&fetch, &file("en", "leap")).unwrap_err();
    assert!(english.contains("\"en\""), "{english}");
    let broken = lib.provide(&fetch, "<html>offline page</html>").unwrap_err();
    assert!(broken.contains("line 1"), "a located error: {broken}");
    assert!(lib.get("leap").is_none() && lib == before, "nothing was taken");
}

#[test]
fn the_picker_shows_the_titles_of_the_librarys_language_without_fetching() {
    let mut lib = spanish();
    let titles: Vec<String> = lib.choices().into_iter().map(|(_, t)| t).collect();
    assert_eq!(titles, ["Turnaround", "LAPTOP", "LEAP", "Seis pasos", "Diez pasos"]);
    lib.set_lang(turnaround::core::locale::Lang::De);
    assert_eq!(lib.choices()[4].1, "Zehn Schritte");
}

#[test]
fn a_ticket_whose_playbook_is_still_to_fetch_does_not_open_and_is_left_untouched() {
    let mut store = Store::new(Memory::new());
    let mut worked = Session::new("9", &find_built_in("leap").unwrap().clone(), t(0));
    worked.apply(Action::CheckStep { step: "listen".into(), advance_to: None }, t(1));
    worked.apply(Action::SetNote { step: "listen".into(), text: "Worked in English".into() }, t(2));
    store.save(&worked).unwrap();
    let mut lib = spanish();
    let waiting = open(&mut store, &lib, &init("9"), t(3)).unwrap_err();
    assert_eq!(waiting.fetch.path, "playbooks/es/leap.json", "the ticket's own playbook, not the default");
    assert_eq!(store.load("9", t(3)).unwrap().session.unwrap(), worked, "nothing written");
    let fetch = waiting.fetch;
    lib.provide(&fetch, &file("es", "leap")).unwrap();
    let opened = open(&mut store, &lib, &init("9"), t(4)).expect("here now");
    assert_eq!(opened.session.playbook, "leap", "never moved to the default");
    assert_eq!(opened.session.rev, worked.rev, "the same steps in Spanish: nothing to align");
    assert!(opened.session.step("listen").unwrap().done);
    assert_eq!(opened.playbook.lang.as_deref(), Some("es"));
    assert_eq!(opened.playbook.step("listen").unwrap().title, file_step_title("es", "leap", "listen"));
}

fn file_step_title(lang: &str, id: &str, step: &str) -> String {
    let p = turnaround::core::playbook::parse(&file(lang, id)).unwrap();
    p.step(step).unwrap().title.clone()
}

#[test]
fn a_new_ticket_waits_for_the_hosts_playbook_or_the_default_in_its_language() {
    let mut store = Store::new(Memory::new());
    let lib = spanish();
    let asked = open(&mut store, &lib, &Init { playbook: Some("six-step".into()), ..init("10") }, t(0)).unwrap_err();
    assert_eq!(asked.fetch.path, "playbooks/es/six-step.json");
    assert!(asked.warnings.is_empty());
    let plain = open(&mut store, &lib, &init("11"), t(0)).unwrap_err();
    assert_eq!(plain.fetch.path, "playbooks/es/turnaround.json");
    let unknown = open(&mut store, &lib, &Init { playbook: Some("nope".into()), ..init("12") }, t(0)).unwrap_err();
    assert_eq!(unknown.fetch.id, "turnaround");
    assert!(unknown.warnings[0].contains("does not have"), "said once, before the fetch: {:?}", unknown.warnings);
    assert!(store.load("10", t(0)).unwrap().session.is_none(), "nothing written before its playbook is here");
}
