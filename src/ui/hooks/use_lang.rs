//! The page's language: decided once in [`use_locale`] (by
//! `core::locale::resolve`), written to `<html lang>`, and handed to every
//! component through a `ContextProvider<Lang>` that [`use_lang`] reads.

use crate::core::locale::{resolve, Lang, Sources};
use crate::web::config::Config;
use crate::web::platform;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The language under the nearest `ContextProvider<Lang>`; English outside one
/// (a component rendered alone in a test).
///
/// ```ignore
/// let lang = use_lang();
/// ```
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The page's language and how the host changes it.
#[derive(Clone, PartialEq)]
pub struct Locale {
    pub lang: Lang,
    /// The host's `init.locale` (embedded sidebar): decides again with it,
    /// above the URL and the browser. An empty tag leaves those to decide.
    pub from_init: Callback<String>,
}

/// Decides the page's language from the URL's `?locale=` and the browser's
/// languages now, and again from the host's `init.locale` when one comes;
/// sets `document.documentElement.lang`; hands a tag we lack to `say`
/// (the status line), once per tag, however many inits repeat it.
///
/// ```ignore
/// let locale = use_locale(&config, notices.informer());
/// html! { <ContextProvider<Lang> context={locale.lang}>{ page }</ContextProvider<Lang>> }
/// ```
#[hook]
pub fn use_locale(config: &Config, say: Callback<String>) -> Locale {
    let base = Sources { init: None, query: config.locale.clone(), browser: platform::browser_languages() };
    let choice = {
        let base = base.clone();
        use_state_eq(move || resolve(&base))
    };
    let from_init = {
        let setter = choice.setter();
        use_callback((), move |tag: String, _| setter.set(resolve(&Sources { init: Some(tag), ..base.clone() })))
    };
    use_effect_with(choice.lang, |lang| platform::set_root_attribute("lang", lang.tag()));
    let said: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    use_effect_with(choice.notice.clone(), move |notice| {
        if let Some(n) = notice.clone().filter(|n| said.borrow().as_ref() != Some(n)) {
            *said.borrow_mut() = Some(n.clone());
            say.emit(n);
        }
    });
    Locale { lang: choice.lang, from_init }
}
