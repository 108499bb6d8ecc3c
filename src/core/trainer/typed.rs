//! Typed replies on their way through the coach. The trainer page does not
//! carry the coach: it asks the coach's worker to read each typed reply
//! (`core::coach_wire`) and applies the reply to the run when the answer is
//! back. [`read_answer`] turns that answer into the engine's [`Input`];
//! [`Outbox`] holds the replies sent and not yet applied, so they reach the
//! run in the order they were sent, each exactly once, however the answers
//! arrive.

use super::engine::Input;
use crate::core::coach::Review;
use crate::core::coach_wire::{self, WireError};
use crate::core::time::Timestamp;

/// The engine's input for `text` from the coach's answer (the JSON of a
/// review), with the review itself for the page's list of findings.
pub fn read_answer(text: &str, answer: &str) -> Result<(Input, Review), WireError> {
    let review = coach_wire::review_from_json(answer)?;
    Ok((Input::free_text(text, &review), review))
}

/// A typed reply the coach could not read: it still counts as the trainee's
/// reply, with no move or mistake heard (the scenario's `otherwise` route).
pub fn unread(text: &str) -> Input {
    Input::FreeText { text: text.to_string(), hits: Vec::new() }
}

/// A typed reply sent and not yet applied to the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    /// Unique in its outbox: the coach's answer names it.
    pub serial: u64,
    pub text: String,
    /// The customer's last line when it was sent (the coach reads the reply against it).
    pub customer: Option<String>,
    /// When it was sent: the time the run records for it.
    pub at: Timestamp,
    read: Option<Read>,
}

/// What the coach made of a reply: the engine's input and the page's notes on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    pub input: Input,
    pub findings: Vec<String>,
}

/// The typed replies waiting for the coach, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    waiting: Vec<Waiting>,
    next: u64,
}

impl Outbox {
    /// Queues `text` and returns its serial (serials only grow).
    pub fn send(&mut self, text: &str, customer: Option<String>, at: Timestamp) -> u64 {
        self.next += 1;
        self.waiting.push(Waiting { serial: self.next, text: text.to_string(), customer, at, read: None });
        self.next
    }

    /// Records the coach's reading of reply `serial`. False when there is no
    /// such reply waiting or it was read already: a reply is read once.
    pub fn read(&mut self, serial: u64, read: Read) -> bool {
        match self.waiting.iter_mut().find(|w| w.serial == serial && w.read.is_none()) {
            Some(w) => {
                w.read = Some(read);
                true
            }
            None => false,
        }
    }

    /// Takes the replies that can be applied now: the read ones at the head
    /// of the queue, in the order they were sent. A read reply behind one
    /// still waiting stays, so the run never sees them out of order.
    pub fn take_ready(&mut self) -> Vec<(Waiting, Read)> {
        let ready = self.waiting.iter().take_while(|w| w.read.is_some()).count();
        self.waiting.drain(..ready).filter_map(|mut w| w.read.take().map(|r| (w, r))).collect()
    }

    /// The replies not applied yet, oldest first.
    pub fn waiting(&self) -> &[Waiting] {
        &self.waiting
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// The newest serial handed out (0: none yet).
    pub fn newest(&self) -> u64 {
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::trainer::{Mistake, Move, Signal};

    fn read(text: &str) -> Read {
        Read { input: unread(text), findings: Vec::new() }
    }

    #[test]
    fn an_answer_becomes_the_moves_and_mistakes_with_the_words_they_quote() {
        let text = "Thank you. Sorry, but that's policy.";
        let answer = r#"{"findings":[{"code":"but_apology","span":{"start":11,"end":21},"reason":"r"}],
            "moves":[{"move":"thanks","span":{"start":0,"end":9}}]}"#;
        let (input, review) = read_answer(text, answer).unwrap();
        assert_eq!(review.findings.len(), 1);
        let Input::FreeText { text: said, hits } = input else { panic!("a typed reply is free text") };
        assert_eq!(said, text);
        let signals: Vec<(Signal, &str)> = hits.iter().map(|h| (h.signal, h.quote.as_str())).collect();
        assert_eq!(signals, [(Signal::Move(Move::Thanks), "Thank you"), (Signal::Mistake(Mistake::ButApology), "Sorry, but")]);
    }

    #[test]
    fn a_code_this_page_does_not_know_is_left_out_and_a_span_past_the_end_quotes_nothing() {
        let answer = r#"{"findings":[{"code":"from_a_newer_coach","span":{"start":0,"end":2},"reason":"r"}],
            "moves":[{"move":"apology","span":{"start":3,"end":99}}]}"#;
        let (Input::FreeText { hits, .. }, _) = read_answer("so sorry", answer).unwrap() else { panic!("free text") };
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].signal, Signal::Move(Move::Apology));
        assert_eq!(hits[0].quote, "");
    }

    #[test]
    fn an_error_or_a_broken_answer_is_an_error_not_an_empty_reading() {
        assert!(matches!(read_answer("hi", r#"{"error":"no"}"#), Err(WireError::Coach(_))));
        assert!(matches!(read_answer("hi", "not json"), Err(WireError::Unreadable(_))));
        assert!(matches!(read_answer("hi", r#"{"moves":"thanks"}"#), Err(WireError::Unreadable(_))));
    }

    #[test]
    fn the_coachs_own_answer_reads_as_its_review_does() {
        for draft in ["Calm down, that's our policy.", "Thank you for waiting; I'm sorry. I'll call you by 3 pm today.", "ok"] {
            let request = coach_wire::Request::review(draft, Default::default(), None);
            let (input, _) = read_answer(draft, &coach_wire::answer(&request.to_json())).unwrap();
            let direct = crate::core::coach::review(draft, &Default::default());
            assert_eq!(input, Input::free_text(draft, &direct));
        }
    }

    #[test]
    fn an_unread_reply_counts_with_nothing_heard() {
        assert_eq!(unread("hello"), Input::FreeText { text: "hello".into(), hits: Vec::new() });
    }

    #[test]
    fn replies_reach_the_run_in_the_order_sent_whatever_order_the_answers_come_in() {
        let mut out = Outbox::default();
        let first = out.send("one", None, Timestamp(1));
        let second = out.send("two", Some("line".into()), Timestamp(2));
        assert!(out.read(second, read("two")));
        assert!(out.take_ready().is_empty(), "the second waits for the first");
        assert_eq!(out.waiting().len(), 2);
        assert!(out.read(first, read("one")));
        let ready: Vec<String> = out.take_ready().into_iter().map(|(w, _)| w.text).collect();
        assert_eq!(ready, ["one", "two"]);
        assert!(out.is_empty());
    }

    #[test]
    fn a_reply_is_read_once_and_an_unknown_serial_changes_nothing() {
        let mut out = Outbox::default();
        let s = out.send("one", None, Timestamp(1));
        assert!(out.read(s, read("one")));
        assert!(!out.read(s, read("again")), "a second answer to the same reply is refused");
        assert!(!out.read(s + 7, read("stranger")));
        let ready = out.take_ready();
        assert_eq!(ready.len(), 1);
        assert_eq!(ready[0].1, read("one"));
        assert!(!out.read(s, read("late")), "an applied reply cannot be read again");
        assert!(out.take_ready().is_empty());
    }

    #[test]
    fn serials_keep_growing_after_the_queue_empties() {
        let mut out = Outbox::default();
        let a = out.send("one", None, Timestamp(1));
        out.read(a, read("one"));
        out.take_ready();
        let b = out.send("two", None, Timestamp(2));
        assert!(b > a);
        assert_eq!(out.newest(), b);
    }
}
