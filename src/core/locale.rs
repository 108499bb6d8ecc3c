//! Which language the product speaks: a BCP 47 tag from the host (`init.locale`),
//! the page's `?locale=` or the browser, reduced to a language Turnaround has.
//!
//! ```
//! use turnaround::core::locale::{choose, Lang};
//! assert_eq!(choose("es-MX").lang, Lang::Es);
//! assert_eq!(choose("de").lang, Lang::De);
//! let fallback = choose("pt-BR");
//! assert_eq!(fallback.lang, Lang::En);
//! assert!(fallback.notice.unwrap().contains("pt-BR"));
//! ```

/// A language the interface, the playbooks and the coach can be in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Es,
    De,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::De];

    /// The BCP 47 primary tag, as written in `document.documentElement.lang`
    /// and a playbook's `lang`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::De => "de",
        }
    }

    /// The language's own name, for a picker.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::De => "Deutsch",
        }
    }
}

/// The outcome of [`choose`]: the language to use, and a sentence for the
/// status line when the request could not be met (said once, in English,
/// because the requested language is the one we lack).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub lang: Lang,
    pub notice: Option<String>,
}

/// Reduces a BCP 47 tag to a language we have: the primary subtag decides,
/// case-insensitively (`es-MX`, `ES`, `es_419` → Spanish). An empty tag means
/// English without a word; an unknown or malformed one means English, said once.
pub fn choose(tag: &str) -> Choice {
    let tag = tag.trim();
    if tag.is_empty() {
        return Choice { lang: Lang::En, notice: None };
    }
    let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    match Lang::ALL.into_iter().find(|l| l.tag() == primary) {
        Some(lang) if well_formed(tag) => Choice { lang, notice: None },
        _ => {
            let shown: String = tag.chars().take(35).collect();
            Choice { lang: Lang::En, notice: Some(format!("The interface is not available in \"{shown}\" yet; showing English.")) }
        }
    }
}

/// The shape of a language tag: letters, then subtags of letters and digits
/// (1 to 8 each), joined by `-` (or `_`, which browsers and some hosts send).
fn well_formed(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary_ok = parts.next().is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Where a page can learn its language, strongest first: the host's
/// `init.locale` (embedded sidebar), the page's own `?locale=`, then the
/// browser's languages (`navigator.languages`, most preferred first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    pub init: Option<String>,
    pub query: Option<String>,
    pub browser: Vec<String>,
}

/// The one decision of the product's language, for every page. A tag that
/// was asked for explicitly (by the host or the URL) is taken as asked, and an
/// unknown one is said once; the browser's list is a preference, so its first
/// language we have wins, and English is said only when none of them is ours.
///
/// ```
/// use turnaround::core::locale::{resolve, Lang, Sources};
/// let browser = vec!["pt-BR".to_string(), "de-AT".to_string()];
/// assert_eq!(resolve(&Sources { browser: browser.clone(), ..Sources::default() }).lang, Lang::De);
/// let host = Sources { init: Some("es-MX".into()), browser, ..Sources::default() };
/// assert_eq!(resolve(&host).lang, Lang::Es);
/// ```
pub fn resolve(sources: &Sources) -> Choice {
    let asked = [&sources.init, &sources.query].into_iter().flatten().find(|t| !t.trim().is_empty());
    if let Some(tag) = asked {
        return choose(tag);
    }
    let mut wanted = sources.browser.iter().filter(|t| !t.trim().is_empty());
    let first = wanted.clone().next();
    match wanted.find_map(|t| Some(choose(t)).filter(|c| c.notice.is_none())) {
        Some(found) => found,
        None => first.map_or(Choice { lang: Lang::En, notice: None }, |t| choose(t)),
    }
}
