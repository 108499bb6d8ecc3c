//! What a reply does, as the trainer scores it: the good moves and the mistakes
//! the coach recognises, their default effect on the customer's mood, the
//! playbook steps each move covers, and the words the debrief uses for them.
//!
//! The names are the coach's (`coach::Move`, `coach::Code`) and convert from
//! them exhaustively, so a new coach variant fails to compile here until the
//! trainer knows how a customer reacts to it. They are our own types because
//! they are part of the scenario file format, which must stay stable and
//! deserializable whatever the coach's internals become.

use crate::core::coach;
use crate::core::i18n;
use serde::{Deserialize, Serialize};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A good move in a reply (the coach's `Move`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Move {
    /// Thanks the customer for raising it.
    Thanks,
    /// A sincere apology.
    Apology,
    /// Asks the customer to forgive the failure.
    ForgivenessAsk,
    /// Names the customer's feeling.
    Empathy,
    /// Restates the problem in the agent's own words.
    Paraphrase,
    /// Asks for the facts.
    AskDetails,
    /// Asks what remedy the customer expects, and by when.
    AskExpectations,
    /// Commits to a fix or an answer by a stated time.
    CommitWithTime,
    /// Offers to follow up after the fix.
    FollowUpOffer,
    /// Takes the problem on personally.
    Ownership,
    /// Explains what happened, facts apart from opinion.
    ExplainFacts,
}

/// A mistake in a reply (the coach's `Code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mistake {
    /// Shifts blame to the customer or another team.
    Blame,
    /// "Calm down", "relax", "you're overreacting".
    Dismissive,
    /// An apology undone by "but".
    ButApology,
    /// "Sorry you feel that way", "sorry if".
    NonApology,
    /// "It's our policy", "there's nothing I can do".
    PolicyWall,
    /// "Not my department", "you'll have to contact".
    NoOwnership,
    /// A commitment with no time.
    VaguePromise,
    /// Answers before the customer's points are acknowledged.
    Interrupting,
    /// No thanks where one was due.
    MissingThanks,
    /// No apology where one was due.
    MissingApology,
    /// No time in a commitment.
    MissingTime,
}

impl Move {
    /// Every move, in a stable order.
    pub const ALL: [Move; 11] = [
        Move::Thanks,
        Move::Apology,
        Move::ForgivenessAsk,
        Move::Empathy,
        Move::Paraphrase,
        Move::AskDetails,
        Move::AskExpectations,
        Move::CommitWithTime,
        Move::FollowUpOffer,
        Move::Ownership,
        Move::ExplainFacts,
    ];

    /// The stable name used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Thanks => "thanks",
            Move::Apology => "apology",
            Move::ForgivenessAsk => "forgiveness_ask",
            Move::Empathy => "empathy",
            Move::Paraphrase => "paraphrase",
            Move::AskDetails => "ask_details",
            Move::AskExpectations => "ask_expectations",
            Move::CommitWithTime => "commit_with_time",
            Move::FollowUpOffer => "follow_up_offer",
            Move::Ownership => "ownership",
            Move::ExplainFacts => "explain_facts",
        }
    }

    /// A short noun phrase for the debrief ("an apology").
    pub fn label(self) -> &'static str {
        match self {
            Move::Thanks => i18n::en("thanking them"),
            Move::Apology => i18n::en("an apology"),
            Move::ForgivenessAsk => i18n::en("asking forgiveness"),
            Move::Empathy => i18n::en("empathy"),
            Move::Paraphrase => i18n::en("paraphrasing the problem"),
            Move::AskDetails => i18n::en("asking for details"),
            Move::AskExpectations => i18n::en("asking what they expect"),
            Move::CommitWithTime => i18n::en("a commitment with a time"),
            Move::FollowUpOffer => i18n::en("offering a follow-up"),
            Move::Ownership => i18n::en("taking ownership"),
            Move::ExplainFacts => i18n::en("explaining the facts"),
        }
    }

    /// What a reply carrying this move does, to follow a quote or "the reply".
    fn predicate(self) -> &'static str {
        match self {
            Move::Thanks => i18n::en("thanks the customer"),
            Move::Apology => i18n::en("is an apology"),
            Move::ForgivenessAsk => i18n::en("asks for forgiveness"),
            Move::Empathy => i18n::en("shows empathy"),
            Move::Paraphrase => i18n::en("paraphrases the problem"),
            Move::AskDetails => i18n::en("asks for details"),
            Move::AskExpectations => i18n::en("asks what they expect"),
            Move::CommitWithTime => i18n::en("commits to a time"),
            Move::FollowUpOffer => i18n::en("offers a follow-up"),
            Move::Ownership => i18n::en("takes ownership"),
            Move::ExplainFacts => i18n::en("explains the facts"),
        }
    }

    /// How much this move changes the mood the first time, unless a scenario says otherwise.
    pub fn default_effect(self) -> i32 {
        match self {
            Move::Thanks => -6,
            Move::Apology => -8,
            Move::ForgivenessAsk => -5,
            Move::Empathy => -7,
            Move::Paraphrase => -8,
            Move::AskDetails => -4,
            Move::AskExpectations => -5,
            Move::CommitWithTime => -10,
            Move::FollowUpOffer => -5,
            Move::Ownership => -8,
            Move::ExplainFacts => -3,
        }
    }
}

impl Mistake {
    /// Every mistake, in a stable order.
    pub const ALL: [Mistake; 11] = [
        Mistake::Blame,
        Mistake::Dismissive,
        Mistake::ButApology,
        Mistake::NonApology,
        Mistake::PolicyWall,
        Mistake::NoOwnership,
        Mistake::VaguePromise,
        Mistake::Interrupting,
        Mistake::MissingThanks,
        Mistake::MissingApology,
        Mistake::MissingTime,
    ];

    /// The stable name used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Mistake::Blame => "blame",
            Mistake::Dismissive => "dismissive",
            Mistake::ButApology => "but_apology",
            Mistake::NonApology => "non_apology",
            Mistake::PolicyWall => "policy_wall",
            Mistake::NoOwnership => "no_ownership",
            Mistake::VaguePromise => "vague_promise",
            Mistake::Interrupting => "interrupting",
            Mistake::MissingThanks => "missing_thanks",
            Mistake::MissingApology => "missing_apology",
            Mistake::MissingTime => "missing_time",
        }
    }

    /// A short noun phrase for the debrief ("shifting blame").
    pub fn label(self) -> &'static str {
        match self {
            Mistake::Blame => i18n::en("shifting blame"),
            Mistake::Dismissive => i18n::en("dismissing their feelings"),
            Mistake::ButApology => i18n::en("an apology undone by \"but\""),
            Mistake::NonApology => i18n::en("a non-apology"),
            Mistake::PolicyWall => i18n::en("hiding behind policy"),
            Mistake::NoOwnership => i18n::en("passing the problem on"),
            Mistake::VaguePromise => i18n::en("a promise with no time"),
            Mistake::Interrupting => i18n::en("answering before acknowledging"),
            Mistake::MissingThanks => i18n::en("no thanks"),
            Mistake::MissingApology => i18n::en("no apology"),
            Mistake::MissingTime => i18n::en("no time given"),
        }
    }

    fn predicate(self) -> &'static str {
        match self {
            Mistake::Blame => i18n::en("shifts the blame"),
            Mistake::Dismissive => i18n::en("is dismissive"),
            Mistake::ButApology => i18n::en("undoes the apology with \"but\""),
            Mistake::NonApology => i18n::en("is a non-apology"),
            Mistake::PolicyWall => i18n::en("hides behind policy"),
            Mistake::NoOwnership => i18n::en("passes the problem on"),
            Mistake::VaguePromise => i18n::en("promises without a time"),
            Mistake::Interrupting => i18n::en("answers before acknowledging"),
            Mistake::MissingThanks => i18n::en("has no thanks"),
            Mistake::MissingApology => i18n::en("has no apology"),
            Mistake::MissingTime => i18n::en("gives no time"),
        }
    }

    /// How much this mistake raises the mood, unless a scenario says otherwise.
    pub fn default_effect(self) -> i32 {
        match self {
            Mistake::Blame => 15,
            Mistake::Dismissive => 18,
            Mistake::ButApology => 10,
            Mistake::NonApology => 12,
            Mistake::PolicyWall => 14,
            Mistake::NoOwnership => 14,
            Mistake::VaguePromise => 8,
            Mistake::Interrupting => 10,
            Mistake::MissingThanks => 0,
            Mistake::MissingApology => 3,
            Mistake::MissingTime => 2,
        }
    }

    /// One "try next time" line for the debrief.
    pub fn tip(self) -> &'static str {
        match self {
            Mistake::Blame => {
                i18n::en("Leave fault out of it: say what happened and what you will do, without pointing at the customer or a colleague.")
            }
            Mistake::Dismissive => i18n::en(
                "Never tell an upset customer to calm down; name the feeling instead (\"I can hear how frustrating this has been\").",
            ),
            Mistake::ButApology => i18n::en(
                "End the apology with a full stop. Whatever follows \"but\" cancels it; give the explanation in its own sentence, later.",
            ),
            Mistake::NonApology => {
                i18n::en("Apologise for what happened, not for how they feel about it: \"I'm sorry we missed the visit.\"")
            }
            Mistake::PolicyWall => {
                i18n::en("Replace \"it's our policy\" with what you can do: one concrete option is worth more than the rule.")
            }
            Mistake::NoOwnership => i18n::en("Keep the problem: if another team must act, hand over live and stay the customer's contact."),
            Mistake::VaguePromise => i18n::en("Put a time on every promise: \"by 3 pm today\", not \"we'll look into it\"."),
            Mistake::Interrupting => i18n::en("Acknowledge each point the customer made before you answer any of them."),
            Mistake::MissingThanks => {
                i18n::en("Open with a short, honest thank-you for raising it; it breaks the attack-and-defend rhythm.")
            }
            Mistake::MissingApology => i18n::en("Apologise sincerely for our part, once, and then stop talking."),
            Mistake::MissingTime => i18n::en("Give the customer a time they can hold you to."),
        }
    }
}

impl From<coach::Move> for Move {
    fn from(m: coach::Move) -> Self {
        match m {
            coach::Move::Thanks => Move::Thanks,
            coach::Move::Apology => Move::Apology,
            coach::Move::ForgivenessAsk => Move::ForgivenessAsk,
            coach::Move::Empathy => Move::Empathy,
            coach::Move::Paraphrase => Move::Paraphrase,
            coach::Move::AskDetails => Move::AskDetails,
            coach::Move::AskExpectations => Move::AskExpectations,
            coach::Move::CommitWithTime => Move::CommitWithTime,
            coach::Move::FollowUpOffer => Move::FollowUpOffer,
            coach::Move::Ownership => Move::Ownership,
            coach::Move::ExplainFacts => Move::ExplainFacts,
        }
    }
}

impl From<coach::Code> for Mistake {
    fn from(c: coach::Code) -> Self {
        match c {
            coach::Code::Blame => Mistake::Blame,
            coach::Code::Dismissive => Mistake::Dismissive,
            coach::Code::ButApology => Mistake::ButApology,
            coach::Code::NonApology => Mistake::NonApology,
            coach::Code::PolicyWall => Mistake::PolicyWall,
            coach::Code::NoOwnership => Mistake::NoOwnership,
            coach::Code::VaguePromise => Mistake::VaguePromise,
            coach::Code::Interrupting => Mistake::Interrupting,
            coach::Code::MissingThanks => Mistake::MissingThanks,
            coach::Code::MissingApology => Mistake::MissingApology,
            coach::Code::MissingTime => Mistake::MissingTime,
        }
    }
}

/// A move or a mistake: one thing a reply does that the customer reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Move(Move),
    Mistake(Mistake),
}

impl Signal {
    /// The debrief's noun phrase for it.
    pub fn label(self) -> &'static str {
        match self {
            Signal::Move(m) => m.label(),
            Signal::Mistake(m) => m.label(),
        }
    }

    /// The visible reason for a mood change: `+15: "calm down" is dismissive`.
    pub fn reason(self, delta: i32, quote: Option<&str>) -> String {
        let predicate = match self {
            Signal::Move(m) => m.predicate(),
            Signal::Mistake(m) => m.predicate(),
        };
        let sign = if delta > 0 { "+" } else { "" };
        let delta = format!("{sign}{delta}");
        match quote.map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) => {
                let quote = shorten(q, 60);
                crate::msg!("{delta}: \"{quote}\" {predicate}")
            }
            None => crate::msg!("{delta}: the reply {predicate}"),
        }
    }
}

/// Cuts a quote to at most `max` characters, on a character boundary.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The steps of a built-in playbook that a move covers. Custom playbooks use the
/// `turnaround` table, so their authors can name their steps the same way, or
/// credit steps explicitly with a reply's `steps`.
pub fn steps_for(playbook: &str, m: Move) -> &'static [&'static str] {
    use Move::*;
    match playbook {
        "laptop" => match m {
            Paraphrase | AskDetails => &["listen"],
            Empathy | Apology | ForgivenessAsk => &["acknowledge"],
            CommitWithTime | AskExpectations => &["plan"],
            FollowUpOffer | Ownership => &["take-action"],
            Thanks => &["offer-thanks"],
            ExplainFacts => &[],
        },
        "leap" => match m {
            Paraphrase => &["listen"],
            Empathy | Apology | ForgivenessAsk => &["empathize"],
            AskDetails => &["ask"],
            AskExpectations => &["prioritize"],
            CommitWithTime | FollowUpOffer => &["promise-update"],
            ExplainFacts => &["explain"],
            Thanks | Ownership => &[],
        },
        "six-step" => match m {
            Thanks => &["thank"],
            AskDetails => &["acknowledge-ignorance"],
            Empathy | Paraphrase => &["empathize"],
            Apology | ForgivenessAsk => &["apologize"],
            CommitWithTime | Ownership => &["take-action"],
            FollowUpOffer => &["follow-up"],
            AskExpectations | ExplainFacts => &[],
        },
        "ten-step" => match m {
            Ownership => &["own"],
            Thanks => &["thank"],
            Paraphrase => &["paraphrase"],
            AskDetails => &["ask-details"],
            Empathy | Apology | ForgivenessAsk => &["sympathize"],
            AskExpectations => &["ask-expectations"],
            CommitWithTime => &["commit"],
            FollowUpOffer => &["follow-up"],
            ExplainFacts => &[],
        },
        _ => match m {
            Ownership => &["own"],
            Thanks => &["thank"],
            Paraphrase => &["listen", "acknowledge"],
            Empathy | Apology | ForgivenessAsk => &["acknowledge"],
            AskDetails | AskExpectations => &["ask"],
            CommitWithTime => &["commit"],
            ExplainFacts => &["explain"],
            FollowUpOffer => &["follow-up"],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_the_coach() {
        for m in Move::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        for m in Mistake::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        assert_eq!(Move::from(coach::Move::CommitWithTime), Move::CommitWithTime);
        assert_eq!(Mistake::from(coach::Code::ButApology), Mistake::ButApology);
    }

    #[test]
    fn reasons_read_as_a_sentence() {
        assert_eq!(Signal::Mistake(Mistake::Dismissive).reason(15, Some("calm down")), "+15: \"calm down\" is dismissive");
        assert_eq!(Signal::Move(Move::Apology).reason(-8, None), "-8: the reply is an apology");
    }

    #[test]
    fn moves_map_to_steps_of_the_built_in_playbooks() {
        assert_eq!(steps_for("turnaround", Move::Ownership), ["own"]);
        assert_eq!(steps_for("ten-step", Move::AskDetails), ["ask-details"]);
        assert_eq!(steps_for("some-custom-one", Move::Thanks), ["thank"]);
    }
}
