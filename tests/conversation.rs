//! The streamed thread: which messages are new, their readings (once per
//! id, through `Session::apply`), the curve and its words, and the check-offs
//! offered from the agent's own words (never checked behind their back).

use turnaround::core::coach::{review, ReviewContext};
use turnaround::core::conversation::{curve, describe, hh_mm_utc, offer_key, steps_of, Offer, Source, Thread, CURVE_POINTS};
use turnaround::core::playbook::{built_in, Channel, Playbook};
use turnaround::core::protocol::{Author, ThreadMessage};
use turnaround::core::session::{Action, Session, Temperature, TemperatureReading};
use turnaround::core::time::{Timestamp, MINUTE};

fn t(min: i64) -> Timestamp {
    Timestamp::parse("2026-11-22T09:00:00Z").unwrap().plus(min * MINUTE)
}

fn playbook(id: &str) -> Playbook {
    built_in(id).unwrap().unwrap()
}

fn m(id: &str, from: Author, at: Option<i64>, text: &str) -> ThreadMessage {
    ThreadMessage { id: id.into(), from, at: at.map(t), text: text.into() }
}

fn customer(id: &str, at: i64, text: &str) -> ThreadMessage {
    m(id, Author::Customer, Some(at), text)
}

fn agent(id: &str, text: &str) -> ThreadMessage {
    m(id, Author::Agent, None, text)
}

struct Fixture {
    p: Playbook,
    s: Session,
    th: Thread,
}

impl Fixture {
    fn new(pb: &str) -> Self {
        let p = playbook(pb);
        let s = Session::new("4711", &p, t(0));
        Self { p, s, th: Thread::new("4711") }
    }

    /// Takes messages in and applies what they bring, as the sidebar does.
    fn take(&mut self, msgs: &[ThreadMessage]) -> bool {
        let intake = self.th.take(msgs, &self.s, &self.p, Channel::Chat);
        intake.action.is_some_and(|a| self.s.apply(a, t(100)))
    }

    fn offers(&self) -> Vec<Offer> {
        self.th.offers(&self.s, &self.p, None)
    }

    fn offered_steps(&self) -> Vec<String> {
        self.offers().into_iter().map(|o| o.step).collect()
    }
}

const FURIOUS: &str = "THIS IS THE THIRD TIME YOU CHARGED ME TWICE. I WILL SUE YOU IF IT IS NOT FIXED TODAY!!!";
const UPSET: &str = "I'm a bit disappointed that the refund is taking so long.";

#[test]
fn every_customer_message_is_read_once_by_id() {
    let mut f = Fixture::new("turnaround");
    assert!(f.take(&[customer("m-1", 12, FURIOUS)]));
    assert_eq!(f.s.temperature(), Some(Temperature::Furious));
    assert_eq!(f.s.rev, 1);
    // The whole thread again (replace), and the same message in a later batch: nothing new.
    assert!(!f.take(&[customer("m-1", 12, FURIOUS)]));
    assert_eq!(f.s.rev, 1, "rev changes only when something was read");
    assert!(f.take(&[customer("m-1", 12, FURIOUS), customer("m-2", 30, UPSET)]));
    assert_eq!(f.s.temperatures.len(), 2);
    assert_eq!(f.s.temperature(), Some(Temperature::Upset));
    assert_eq!(f.s.temperatures[1].message_id.as_deref(), Some("m-2"));
}

#[test]
fn a_message_the_session_already_read_is_not_read_again_after_a_reload() {
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("m-1", 12, FURIOUS)]);
    // A reload: a fresh thread, the saved session.
    f.th = Thread::new("4711");
    let intake = f.th.take(&[customer("m-1", 12, FURIOUS)], &f.s, &f.p, Channel::Chat);
    assert_eq!(intake.action, None);
    assert_eq!(intake.new_customer, 1, "it is new to the thread, but already read");
    assert_eq!(f.th.last_customer().map(|c| c.id.as_str()), Some("m-1"), "and still the coach's context");
}

#[test]
fn duplicates_within_one_batch_are_read_once() {
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("m-1", 1, FURIOUS), customer("m-1", 1, FURIOUS)]);
    assert_eq!(f.s.temperatures.len(), 1);
}

#[test]
fn notes_and_agent_messages_are_never_read_for_the_temperature() {
    let mut f = Fixture::new("turnaround");
    let intake = f.th.take(&[m("n-1", Author::Note, Some(1), FURIOUS), agent("a-1", FURIOUS)], &f.s, &f.p, Channel::Chat);
    assert_eq!(intake.action, None);
    assert_eq!((intake.new_customer, intake.new_agent), (0, 1));
    assert!(f.th.has_seen("n-1"));
    assert!(f.th.last_customer().is_none());
}

#[test]
fn an_empty_customer_message_is_seen_but_not_read() {
    let mut f = Fixture::new("turnaround");
    assert!(!f.take(&[customer("m-1", 1, "   ")]));
    assert!(f.th.has_seen("m-1"));
}

#[test]
fn the_newest_customer_message_is_the_coachs_context() {
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("m-1", 1, FURIOUS), agent("a-1", "On it."), customer("m-2", 3, UPSET)]);
    assert_eq!(f.th.last_customer().unwrap().text, UPSET);
}

#[test]
fn the_agents_thanks_offers_the_thank_step_and_nothing_is_checked() {
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("m-1", 1, FURIOUS), agent("a-1", "Thank you for raising this, Dana.")]);
    let offers = f.offers();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].step, "thank");
    assert_eq!(offers[0].text(), "Looks done: you thanked them");
    assert_eq!(offers[0].sources, vec![Source::Message("a-1".into())]);
    assert!(!f.s.step("thank").unwrap().done, "only the agent checks a step");
}

#[test]
fn the_offered_moves_map_to_their_steps() {
    let mut f = Fixture::new("turnaround");
    f.take(&[
        agent("a-1", "I am so sorry. Please forgive us for the trouble."),
        agent("a-2", "I will call you back by 5pm today."),
        agent("a-3", "I'd like to check in with you tomorrow to make sure everything works."),
    ]);
    assert_eq!(f.offered_steps(), ["acknowledge", "commit", "follow-up"], "in playbook order");
    let texts: Vec<String> = f.offers().iter().map(Offer::text).collect();
    assert!(texts.contains(&"Looks done: you apologised and asked them to forgive you".to_string()));
    assert!(texts.contains(&"Looks done: you committed to a time".to_string()));
    assert!(texts.contains(&"Looks done: you offered to follow up".to_string()));
}

#[test]
fn a_plain_apology_offers_no_check_off() {
    let mut f = Fixture::new("turnaround");
    f.take(&[agent("a-1", "I am so sorry about the double charge.")]);
    assert!(!f.offered_steps().contains(&"acknowledge".to_string()));
}

#[test]
fn a_checked_step_is_not_offered() {
    let mut f = Fixture::new("turnaround");
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    f.s.apply(Action::CheckStep { step: "thank".into(), advance_to: None }, t(5));
    assert!(f.offers().is_empty());
}

#[test]
fn a_dismissed_offer_does_not_come_back_for_the_same_message() {
    let mut f = Fixture::new("turnaround");
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    let offer = f.offers().remove(0);
    let action = f.th.dismiss(&offer).expect("a message's dismissal is kept in the session");
    assert_eq!(action, Action::DismissOffers { keys: vec![offer_key("a-1", "thank")] });
    assert!(f.s.apply(action, t(6)));
    assert!(f.offers().is_empty());
    // The same message again, and after a reload: still dismissed.
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    assert!(f.offers().is_empty());
    f.th = Thread::new("4711");
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    assert!(f.offers().is_empty(), "the session remembers");
    // A new message that thanks them offers it again.
    f.take(&[agent("a-2", "Thanks again for your patience.")]);
    assert_eq!(f.offered_steps(), ["thank"]);
}

#[test]
fn the_draft_offers_check_offs_too_and_its_dismissals_are_never_saved() {
    let mut f = Fixture::new("turnaround");
    let draft = review("Thank you for your patience, Dana.", &ReviewContext::default());
    let offers = f.th.offers(&f.s, &f.p, Some(&draft));
    assert_eq!(offers.len(), 1);
    assert!(offers[0].from_draft());
    assert_eq!(f.th.dismiss(&offers[0]), None, "nothing for the session");
    assert!(f.th.offers(&f.s, &f.p, Some(&draft)).is_empty(), "gone while the draft lasts");
    f.th.draft_changed("Thank you for your patience, Dana, and");
    assert!(f.th.offers(&f.s, &f.p, Some(&draft)).is_empty());
    f.th.draft_changed("");
    assert_eq!(f.th.offers(&f.s, &f.p, Some(&draft)).len(), 1, "a new draft starts afresh");
    assert_eq!(f.s.rev, 0);
}

#[test]
fn a_step_shown_in_a_message_and_the_draft_is_one_offer_with_both_sources() {
    let mut f = Fixture::new("turnaround");
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    let draft = review("Thanks again, Dana.", &ReviewContext::default());
    let offers = f.th.offers(&f.s, &f.p, Some(&draft));
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].sources, vec![Source::Message("a-1".into()), Source::Draft]);
    let action = f.th.dismiss(&offers[0]).unwrap();
    f.s.apply(action, t(2));
    assert!(f.th.offers(&f.s, &f.p, Some(&draft)).is_empty());
}

#[test]
fn each_built_in_playbook_names_its_own_steps() {
    let thanks = turnaround::core::coach::Move::Thanks;
    assert_eq!(steps_of(&playbook("laptop"), thanks), ["offer-thanks"]);
    assert_eq!(steps_of(&playbook("six-step"), thanks), ["thank"]);
    assert_eq!(steps_of(&playbook("ten-step"), thanks), ["thank"]);
    assert!(steps_of(&playbook("leap"), thanks).is_empty(), "LEAP has no thank step");
    let mut f = Fixture::new("laptop");
    f.take(&[agent("a-1", "Thank you for raising this.")]);
    assert_eq!(f.offered_steps(), ["offer-thanks"]);
}

// The curve and its words.

fn readings(levels: &[(Temperature, i64, bool)]) -> Vec<TemperatureReading> {
    levels
        .iter()
        .enumerate()
        .map(|(i, &(level, min, read))| TemperatureReading { level, at: t(min), message_id: read.then(|| format!("m-{i}")) })
        .collect()
}

#[test]
fn the_curve_spaces_readings_evenly_from_calm_to_furious() {
    use Temperature::*;
    let c = curve(&readings(&[(Furious, 12, true), (Angry, 20, true), (Calm, 30, false)]));
    assert_eq!(c.len(), 3);
    assert_eq!((c[0].x, c[0].y), (0.0, 1.0));
    assert_eq!(c[1].x, 0.5);
    assert!((c[1].y - 2.0 / 3.0).abs() < 1e-6);
    assert_eq!((c[2].x, c[2].y), (1.0, 0.0));
    assert!(c[0].read && !c[2].read, "the agent's own record is marked apart");
    assert_eq!(curve(&readings(&[(Upset, 1, true)]))[0].x, 0.5, "one point sits in the middle");
    assert!(curve(&[]).is_empty());
}

#[test]
fn the_curve_keeps_the_newest_points() {
    let many: Vec<(Temperature, i64, bool)> = (0..200).map(|i| (Temperature::ALL[i % 4], i as i64, true)).collect();
    let r = readings(&many);
    let c = curve(&r);
    assert_eq!(c.len(), CURVE_POINTS);
    assert_eq!(c.last().unwrap().at, r.last().unwrap().at);
}

#[test]
fn the_curve_in_words_names_each_change_once() {
    use Temperature::*;
    let r = readings(&[(Furious, 12, true), (Furious, 20, true), (Upset, 30, true)]);
    assert_eq!(describe(&r, hh_mm_utc), "came in furious at 09:12, upset by 09:30");
    assert_eq!(describe(&readings(&[(Calm, 5, false)]), hh_mm_utc), "came in calm at 09:05");
    assert_eq!(describe(&[], hh_mm_utc), "");
}

#[test]
fn a_long_curve_in_words_stays_short() {
    let many: Vec<(Temperature, i64, bool)> =
        (0..40).map(|i| (if i % 2 == 0 { Temperature::Angry } else { Temperature::Calm }, i, true)).collect();
    let words = describe(&readings(&many), hh_mm_utc);
    assert!(words.starts_with("came in angry at 09:00, 33 more changes after that, "), "{words}");
    assert_eq!(words.matches(" by ").count(), 6);
}

#[test]
fn a_200_message_thread_is_read_in_one_change() {
    let mut f = Fixture::new("turnaround");
    let thread: Vec<ThreadMessage> = (0..200)
        .map(|i| {
            if i % 2 == 0 {
                customer(&format!("c-{i}"), i, if i % 4 == 0 { FURIOUS } else { UPSET })
            } else {
                agent(&format!("a-{i}"), "Thank you, I am on it.")
            }
        })
        .collect();
    assert!(f.take(&thread));
    assert_eq!(f.s.rev, 1);
    assert_eq!(f.s.temperatures.len(), 100);
    assert_eq!(f.th.taken, 200);
    assert_eq!(f.offered_steps(), ["thank"], "one offer per step, whatever the number of messages");
    assert_eq!(f.offers()[0].sources.len(), 100);
}

#[test]
fn the_service_alert_and_its_json_carry_the_readings() {
    use turnaround::core::export::{alert_json, alert_markdown};
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("m-1", 12, FURIOUS), customer("m-2", 30, UPSET)]);
    f.s.apply(Action::RecordTemperature { level: Temperature::Calm }, t(45));
    let md = alert_markdown(&f.s);
    assert!(md.contains("**Temperature:** the customer came in furious at 09:12, upset by 09:30, calm by 09:45 (UTC)."), "{md}");
    assert!(md.contains("- 2026-11-22T09:12:00Z furious (read from customer message m-1)"), "{md}");
    assert!(md.contains("- 2026-11-22T09:45:00Z calm (recorded by the agent)"), "{md}");
    let j = alert_json(&f.s);
    assert_eq!(j["temperatures"][0]["message_id"], "m-1");
    assert_eq!(j["temperatures"][2].get("message_id"), None);
}

#[test]
fn a_message_id_in_the_markdown_alert_cannot_become_markup() {
    use turnaround::core::export::alert_markdown;
    let mut f = Fixture::new("turnaround");
    f.take(&[customer("[x](javascript:alert(1))", 12, FURIOUS)]);
    assert!(alert_markdown(&f.s).contains("message \\[x\\](javascript:alert(1))"));
}
