//! What the page's URL asks for: the host origin (embedded sidebar), the view,
//! a custom playbook URL, a ticket for the standalone preview, the language.

use crate::core::playbook::Channel;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The sidebar, embedded in a host or previewed standalone.
    #[default]
    Sidebar,
    /// The role-play trainer.
    Trainer,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The exact origin of the embedding page, from `host=`; None runs standalone.
    pub host: Option<String>,
    pub view: View,
    pub playbook_url: Option<String>,
    pub playbook: Option<String>,
    pub ticket: Option<String>,
    pub channel: Option<Channel>,
    pub theme: Option<String>,
    /// The trainer's xAPI activity IRI base (`xapi_base=`), as given.
    pub xapi_base: Option<String>,
    /// The language asked for with `?locale=` (a BCP 47 tag, as given).
    pub locale: Option<String>,
    /// A problem with the URL, said in words.
    pub warning: Option<String>,
}

impl Config {
    /// Reads the configuration from a query string (`?host=…&view=…`).
    pub fn from_query(query: &str) -> Self {
        let mut c = Config::default();
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else { return c };
        if let Some(host) = params.get("host") {
            match normalize_origin(&host) {
                Some(origin) => c.host = Some(origin),
                None => c.warning = Some(crate::msg!("The host address {host:?} is not an origin like https://helpdesk.example.com, so this sidebar runs on its own and sends nothing.")),
            }
        }
        c.view = match params.get("view").as_deref() {
            Some("trainer") => View::Trainer,
            _ => View::Sidebar,
        };
        c.playbook_url = params.get("playbook_url").filter(|s| !s.is_empty());
        c.playbook = params.get("playbook").filter(|s| !s.is_empty());
        c.ticket = params.get("ticket").filter(|s| !s.is_empty() && s.chars().count() <= 128);
        c.channel = params.get("channel").and_then(|s| Channel::parse(&s));
        c.theme = params.get("theme").filter(|t| t == "light" || t == "dark");
        c.locale = params.get("locale").filter(|s| !s.trim().is_empty());
        c.xapi_base = params.get("xapi_base").filter(|s| !s.trim().is_empty());
        c
    }

    pub fn from_location() -> Self {
        let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        Self::from_query(&query)
    }
}

/// An origin exactly as `MessageEvent.origin` reports it (scheme, host, port),
/// or None for anything that is not one (a path, a wildcard, `null`).
pub fn normalize_origin(s: &str) -> Option<String> {
    let url = web_sys::Url::new(s).ok()?;
    let origin = url.origin();
    let scheme_ok = matches!(url.protocol().as_str(), "http:" | "https:");
    // Refuse anything with more than an origin in it, so a typo is not silently widened.
    let bare = s.trim_end_matches('/') == origin;
    (scheme_ok && bare && origin != "null").then_some(origin)
}
