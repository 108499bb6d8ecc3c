//! A scenario's card: what the trainer's picker shows of a scenario before
//! its dialogue is here. The built-ins' cards are statics made at build time
//! (`build.rs`, [`super::CARDS`]), so the page lists every scenario without
//! carrying or parsing one; a file the trainer loads gets its card from the
//! parsed scenario ([`Card::of`]).

use super::Scenario;
use crate::core::locale::{self, Lang};
use crate::core::playbook::Channel;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub id: Cow<'static, str>,
    /// The language the dialogue is written in.
    pub lang: Lang,
    pub title: Cow<'static, str>,
    pub summary: Cow<'static, str>,
    pub channel: Channel,
    /// 1 (gentle) to 3 (hard).
    pub difficulty: u8,
    /// The id of the playbook the scenario trains.
    pub playbook: Cow<'static, str>,
    pub persona_name: Cow<'static, str>,
    pub persona_role: Cow<'static, str>,
    /// Empty when the customer calls for no company.
    pub persona_company: Cow<'static, str>,
}

impl Card {
    /// The card of a parsed scenario.
    pub fn of(sc: &Scenario) -> Card {
        let owned = |s: &str| Cow::Owned(s.to_string());
        Card {
            id: owned(&sc.id),
            lang: locale::choose(sc.lang.as_deref().unwrap_or("en")).lang,
            title: owned(&sc.title),
            summary: owned(&sc.summary),
            channel: sc.channel,
            difficulty: sc.difficulty,
            playbook: owned(&sc.playbook),
            persona_name: owned(&sc.persona.name),
            persona_role: owned(&sc.persona.role),
            persona_company: owned(&sc.persona.company),
        }
    }
}

/// The built-in scenarios' cards in `lang`, in picker order.
pub fn cards_in(lang: Lang) -> impl Iterator<Item = &'static Card> {
    super::CARDS.iter().filter(move |c| c.lang == lang)
}
