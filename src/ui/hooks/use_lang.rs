//! The page's language and its words: decided once in [`use_locale`] (by
//! `core::locale::resolve`), written to `<html lang>`, its catalog fetched
//! (`i18n/<lang>.json`; English has none), and handed to every component
//! through a `ContextProvider<Tr>` that [`use_tr`] and [`use_lang`] read.

use crate::core::i18n::Catalog;
use crate::core::locale::{resolve, Choice, Lang, Sources};
use crate::web::config::Config;
use crate::web::platform;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The words of the page's language, shared by every component. A catalog
/// lives as long as the page (there are at most three, each loaded once), so
/// its texts are `&'static str`: a translated label costs a component what a
/// literal did, no copy per render.
#[derive(Clone, Copy, Debug)]
pub struct Tr(pub &'static Catalog);

impl Default for Tr {
    /// English: the built-in words, no table.
    fn default() -> Self {
        thread_local! {
            static ENGLISH: &'static Catalog = Box::leak(Box::default());
        }
        Tr(ENGLISH.with(|e| *e))
    }
}

impl PartialEq for Tr {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl std::ops::Deref for Tr {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        self.0
    }
}

impl Tr {
    /// [`Catalog::t`] for a literal: the text lives as long as the page.
    pub fn t(self, en: &'static str) -> &'static str {
        self.0.t(en)
    }
}

/// Catalogs fetched so far, by language: a second switch to a language reuses its catalog.
fn remember(catalog: Catalog) -> Tr {
    thread_local! {
        static LOADED: std::cell::RefCell<Vec<&'static Catalog>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LOADED.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(c) = l.iter().find(|c| c.lang == catalog.lang) {
            return Tr(c);
        }
        let c: &'static Catalog = Box::leak(Box::new(catalog));
        l.push(c);
        Tr(c)
    })
}

/// The words under the nearest `ContextProvider<Tr>`; English outside one
/// (a component rendered alone in a test).
///
/// ```ignore
/// let tr = use_tr();
/// html! { <button>{ tr.t("Copy") }</button> }
/// ```
#[hook]
pub fn use_tr() -> Tr {
    use_context::<Tr>().unwrap_or_default()
}

/// The page's language (what the catalog in context is for).
#[hook]
pub fn use_lang() -> Lang {
    use_tr().lang
}

/// The page's language, its words, and how the host changes it.
#[derive(Clone, PartialEq)]
pub struct Locale {
    pub lang: Lang,
    /// The catalog to provide: English until the language's own has arrived.
    pub tr: Tr,
    /// The host's `init.locale` (embedded sidebar): decides again with it,
    /// above the URL and the browser. An empty tag leaves those to decide.
    pub from_init: Callback<String>,
}

/// Decides the page's language from the URL's `?locale=` and the browser's
/// languages now, and again from the host's `init.locale` when one comes;
/// sets `document.documentElement.lang`; fetches that language's catalog;
/// hands a tag we lack (or a catalog that failed) to `say`, once per sentence.
///
/// ```ignore
/// let locale = use_locale(&config, notices.informer());
/// html! { <ContextProvider<Tr> context={locale.tr}>{ page }</ContextProvider<Tr>> }
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
    let tr = use_state(Tr::default);
    let said: Rc<RefCell<Vec<String>>> = use_mut_ref(Vec::new);
    let say_once = {
        let said = said.clone();
        Callback::from(move |n: String| {
            if !said.borrow().contains(&n) {
                said.borrow_mut().push(n.clone());
                say.emit(n);
            }
        })
    };
    use_catalog(choice.lang, tr.setter(), say_once.clone());
    use_effect_with((*choice).clone(), move |c: &Choice| {
        if let Some(n) = c.notice.clone() {
            say_once.emit(n);
        }
    });
    let shown = if tr.lang == choice.lang { *tr } else { Tr::default() };
    Locale { lang: choice.lang, tr: shown, from_init }
}

/// Sets `<html lang>` and fetches the catalog of `lang` whenever it changes
/// (English: the built-in words, nothing to fetch). A catalog that cannot be
/// fetched or read leaves English in place and says why.
#[hook]
fn use_catalog(lang: Lang, set: UseStateSetter<Tr>, say: Callback<String>) {
    use_effect_with(lang, move |&lang| {
        platform::set_root_attribute("lang", lang.tag());
        platform::set_page_lang(lang);
        if lang == Lang::En {
            set.set(Tr::default());
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("i18n/{}.json", lang.tag());
            match platform::fetch_text(&url).await.and_then(|text| Catalog::parse(lang, &text)) {
                Ok(catalog) => set.set(remember(catalog)),
                Err(e) => say.emit(format!("The {} interface could not be loaded ({e}); showing English.", lang.name())),
            }
        });
    });
}

/// A channel's name in the page's language (the sidebar's switch, the trainer's cards).
pub fn channel_word(tr: &Catalog, c: crate::core::playbook::Channel) -> &str {
    use crate::core::playbook::Channel;
    match c {
        Channel::Phone => tr.t("Phone"),
        Channel::Chat => tr.t("Chat"),
        Channel::Email => tr.t("Email"),
    }
}
