//! The make-whole advisor: a few yes/no questions that lead to one fairness
//! principle and a proposed remedy the agent can edit.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A question the advisor asks, in the order it asks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// Did someone on our side agree something with the customer that was never written down?
    VerbalAgreement,
    /// Did we (our people, systems or process) make a mistake?
    OurError,
    /// Did the customer miss or do something that contributed?
    CustomerError,
    /// Is the damage one invoice line that our mistake made larger?
    SingleLine,
}

impl Question {
    pub const ALL: [Question; 4] = [Question::VerbalAgreement, Question::OurError, Question::CustomerError, Question::SingleLine];

    pub fn text(self) -> &'static str {
        match self {
            Question::VerbalAgreement => {
                crate::core::i18n::en("Did someone on our side promise something to the customer that was never written down?")
            }
            Question::OurError => crate::core::i18n::en("Did we get something wrong: a person, a system or a step of our process?"),
            Question::CustomerError => crate::core::i18n::en("Did the customer miss or do something that contributed to the problem?"),
            Question::SingleLine => crate::core::i18n::en("Is the damage limited to one line of an invoice that our mistake made larger?"),
        }
    }
}

/// The fairness principle the answers lead to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Principle {
    /// An undocumented verbal agreement counts for the customer.
    HonourVerbalAgreement,
    /// Our error inflated one invoice line: we cover that line's difference.
    CoverLineDifference,
    /// Both sides erred: each covers its own part.
    ShareTheCost,
    /// Our error alone: we put it right at our cost.
    WeCoverIt,
    /// We followed our process and the customer missed something: they bear
    /// the correction cost, with our help.
    CustomerBearsWithOurHelp,
    /// Nobody erred: explain the facts and help as a goodwill gesture.
    GoodwillOnly,
}

impl Principle {
    pub fn title(self) -> &'static str {
        match self {
            Principle::HonourVerbalAgreement => crate::core::i18n::en("Honour the spoken promise"),
            Principle::CoverLineDifference => crate::core::i18n::en("Cover the difference on that line"),
            Principle::ShareTheCost => crate::core::i18n::en("Each side covers its own part"),
            Principle::WeCoverIt => crate::core::i18n::en("We put it right at our cost"),
            Principle::CustomerBearsWithOurHelp => crate::core::i18n::en("The customer covers the correction, with our help"),
            Principle::GoodwillOnly => crate::core::i18n::en("Explain the facts, help as goodwill"),
        }
    }

    pub fn rationale(self) -> &'static str {
        match self {
            Principle::HonourVerbalAgreement => crate::core::i18n::en("A promise made out loud counts even though nobody wrote it down: the customer relied on it, and we let it go unrecorded."),
            Principle::CoverLineDifference => crate::core::i18n::en("Our mistake inflated one line, so we refund what that line was overcharged. The rest of the invoice was correct and stands."),
            Principle::ShareTheCost => crate::core::i18n::en("Both sides contributed. We cover the part our mistake caused; the customer covers theirs. Say plainly which is which."),
            Principle::WeCoverIt => crate::core::i18n::en("The customer did nothing wrong. We fix it fully, at our cost, and say so without hedging."),
            Principle::CustomerBearsWithOurHelp => crate::core::i18n::en("We followed our process and the customer missed a step. They bear the cost of correcting it, and we make the correction as easy and cheap as we can."),
            Principle::GoodwillOnly => crate::core::i18n::en("Nobody made a mistake. Lay out the facts calmly, then offer what help you can as a gesture, not as an admission."),
        }
    }

    pub fn default_remedy(self) -> &'static str {
        match self {
            Principle::HonourVerbalAgreement => {
                crate::core::i18n::en("Confirm in writing what was promised and deliver it as the customer understood it.")
            }
            Principle::CoverLineDifference => {
                crate::core::i18n::en("Credit the difference between the charged and the correct amount on the affected line.")
            }
            Principle::ShareTheCost => crate::core::i18n::en("Credit the part our mistake caused; help the customer put their part right."),
            Principle::WeCoverIt => crate::core::i18n::en("Fix the problem at no cost to the customer and confirm when it is done."),
            Principle::CustomerBearsWithOurHelp => {
                crate::core::i18n::en("Walk the customer through the correction and waive anything we reasonably can to make it easier.")
            }
            Principle::GoodwillOnly => {
                crate::core::i18n::en("Explain what happened and offer a small goodwill gesture if the relationship merits it.")
            }
        }
    }
}

/// The advisor's state inside a session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeWhole {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<Question, bool>,
    /// The remedy as the agent edited it; empty means the principle's default.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remedy: String,
}

impl MakeWhole {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.remedy.is_empty()
    }

    pub(crate) fn answer(&mut self, q: Question, a: Option<bool>) -> bool {
        let before = self.answers.get(&q).copied();
        if before == a {
            return false;
        }
        match a {
            Some(v) => self.answers.insert(q, v),
            None => self.answers.remove(&q),
        };
        true
    }

    pub(crate) fn set_remedy(&mut self, text: String) -> bool {
        if self.remedy == text {
            return false;
        }
        self.remedy = text;
        true
    }

    /// The next question worth asking, or None when the answers decide a principle.
    pub fn next_question(&self) -> Option<Question> {
        let a = |q| self.answers.get(&q).copied();
        match a(Question::VerbalAgreement) {
            None => return Some(Question::VerbalAgreement),
            Some(true) => return None,
            Some(false) => {}
        }
        let ours = match a(Question::OurError) {
            None => return Some(Question::OurError),
            Some(v) => v,
        };
        match a(Question::CustomerError) {
            None => return Some(Question::CustomerError),
            Some(true) => return None,
            Some(false) => {}
        }
        if ours && a(Question::SingleLine).is_none() {
            return Some(Question::SingleLine);
        }
        None
    }

    /// The principle the answers lead to, once they decide one.
    pub fn principle(&self) -> Option<Principle> {
        if self.next_question().is_some() {
            return None;
        }
        let a = |q| self.answers.get(&q).copied().unwrap_or(false);
        Some(if a(Question::VerbalAgreement) {
            Principle::HonourVerbalAgreement
        } else if a(Question::OurError) && a(Question::CustomerError) {
            Principle::ShareTheCost
        } else if a(Question::CustomerError) {
            Principle::CustomerBearsWithOurHelp
        } else if a(Question::OurError) && a(Question::SingleLine) {
            Principle::CoverLineDifference
        } else if a(Question::OurError) {
            Principle::WeCoverIt
        } else {
            Principle::GoodwillOnly
        })
    }

    /// The remedy to show: the agent's edit, else the principle's default.
    pub fn remedy_text(&self) -> &str {
        if !self.remedy.is_empty() {
            &self.remedy
        } else {
            self.principle().map_or("", Principle::default_remedy)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(answers: &[(Question, bool)]) -> Option<Principle> {
        let mut mw = MakeWhole::default();
        for (q, a) in answers {
            mw.answer(*q, Some(*a));
        }
        mw.principle()
    }

    use Question::*;

    #[test]
    fn a_verbal_agreement_decides_at_once_for_the_customer() {
        assert_eq!(decide(&[(VerbalAgreement, true)]), Some(Principle::HonourVerbalAgreement));
    }

    #[test]
    fn both_sides_erring_shares_the_cost() {
        assert_eq!(decide(&[(VerbalAgreement, false), (OurError, true), (CustomerError, true)]), Some(Principle::ShareTheCost));
    }

    #[test]
    fn the_customer_missing_a_step_bears_the_correction_with_help() {
        assert_eq!(
            decide(&[(VerbalAgreement, false), (OurError, false), (CustomerError, true)]),
            Some(Principle::CustomerBearsWithOurHelp)
        );
    }

    #[test]
    fn one_inflated_line_is_covered_not_the_whole_invoice() {
        assert_eq!(
            decide(&[(VerbalAgreement, false), (OurError, true), (CustomerError, false), (SingleLine, true)]),
            Some(Principle::CoverLineDifference)
        );
        assert_eq!(
            decide(&[(VerbalAgreement, false), (OurError, true), (CustomerError, false), (SingleLine, false)]),
            Some(Principle::WeCoverIt)
        );
    }

    #[test]
    fn nobody_at_fault_means_goodwill_only() {
        assert_eq!(decide(&[(VerbalAgreement, false), (OurError, false), (CustomerError, false)]), Some(Principle::GoodwillOnly));
    }

    #[test]
    fn undecided_answers_ask_the_next_question() {
        let mut mw = MakeWhole::default();
        assert_eq!(mw.next_question(), Some(VerbalAgreement));
        mw.answer(VerbalAgreement, Some(false));
        assert_eq!(mw.next_question(), Some(OurError));
        assert_eq!(mw.principle(), None);
        assert_eq!(mw.remedy_text(), "");
    }

    #[test]
    fn an_edited_remedy_replaces_the_default() {
        let mut mw = MakeWhole::default();
        mw.answer(VerbalAgreement, Some(true));
        assert_eq!(mw.remedy_text(), Principle::HonourVerbalAgreement.default_remedy());
        mw.set_remedy("Ship the promised adapter free.".into());
        assert_eq!(mw.remedy_text(), "Ship the promised adapter free.");
    }
}
