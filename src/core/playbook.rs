//! Playbooks: the checklists agents follow, their validation with located errors,
//! and the filling of phrase placeholders. Built-in playbooks are JSON under
//! `static/playbooks/` (the default compiled in, the rest fetched where the
//! sidebar runs); custom ones are parsed and validated the same way.

use crate::core::content::{self, check_count, check_id, check_length, check_text, check_unique, ContentError};
use crate::core::locale::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A checklist for turning an upset customer around.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Stable id, stored by hosts: lowercase letters, digits and dashes.
    pub id: String,
    /// Short name shown in the picker.
    pub title: String,
    /// One paragraph: what this checklist is for and how it is built.
    pub summary: String,
    /// Where the checklist comes from (a framework's name, or "custom").
    #[serde(default)]
    pub source: String,
    /// The language of its text, one of [`LANGUAGES`]; absent means English.
    /// Every language version of a playbook keeps its `id` and step ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// The languages a playbook's text may be written in (BCP 47 primary tags).
pub const LANGUAGES: [&str; 3] = ["en", "es", "de"];

/// One step of a playbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id within the playbook, stored by hosts.
    pub id: String,
    /// Short imperative title ("Listen").
    pub title: String,
    /// One line: why this step turns the customer around.
    pub why: String,
    /// What to do, readable in five seconds.
    pub how: String,
    /// Concrete things to do.
    #[serde(default, rename = "do")]
    pub dos: Vec<String>,
    /// Tempting mistakes to avoid.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// A tool the sidebar opens for this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Tool>,
    /// Suggested phrasing, at least three per channel.
    pub phrases: Vec<Phrase>,
}

/// A tool a step carries in the sidebar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    /// Listen and acknowledge repeat until the customer is calmer: the temperature control.
    CalmLoop,
    /// The make-whole advisor (fairness principles and a remedy).
    MakeWhole,
    /// Evidence (fact or opinion) and candidate scenarios struck out against it.
    Worksheet,
    /// Follow-up commitments with due times.
    FollowUp,
    /// The service-alert composer.
    ServiceAlert,
    /// Ownership and hand-over.
    Ownership,
}

/// A suggested sentence for one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// The text, with placeholders `{customer}`, `{agent}`, `{company}`, `{when}`.
    pub text: String,
    pub channel: Channel,
    #[serde(default)]
    pub tone: Tone,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    #[default]
    Chat,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Chat, Channel::Email];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::Phone => "Phone",
            Channel::Chat => "Chat",
            Channel::Email => "Email",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    #[default]
    Neutral,
    Warm,
}

/// The placeholders a phrase may use.
pub const PLACEHOLDERS: [&str; 4] = ["customer", "agent", "company", "when"];

/// Bounds that keep a custom playbook from freezing the sidebar.
pub mod limits {
    pub const MAX_FILE_BYTES: usize = 512 * 1024;
    pub const MAX_STEPS: usize = 40;
    pub const MAX_PHRASES_PER_STEP: usize = 60;
    pub const MAX_TEXT: usize = 2_000;
    pub const MAX_SUMMARY: usize = 4_000;
    pub const MAX_ID: usize = 64;
    pub const MAX_TIPS: usize = 20;
    pub const MIN_PHRASES_PER_CHANNEL: usize = 3;
}

/// What is wrong with a playbook, and where (a JSON path).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaybookError {
    /// What any content file can get wrong (size, text, ids).
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error("{path}: unknown placeholder {{{name}}} (known: {{customer}}, {{agent}}, {{company}}, {{when}})")]
    UnknownPlaceholder { path: String, name: String },
    #[error("{path}: unclosed or stray brace")]
    BadBrace { path: String },
    #[error("{path}: {count} {channel} phrase(s); every step needs at least {min} for each channel")]
    ChannelShort { path: String, channel: &'static str, count: usize, min: usize },
    #[error("lang: {lang:?} is not a language playbooks are written in (known: en, es, de)")]
    UnknownLang { lang: String },
    #[error("{path}: {lang} version differs from the {other} version of {id:?}: {difference}")]
    VersionMismatch { path: String, id: String, lang: String, other: String, difference: String },
}

/// Every error found in one playbook, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaybookErrors(pub Vec<PlaybookError>);

impl fmt::Display for PlaybookErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        content::fmt_lines(&self.0, f)
    }
}

impl std::error::Error for PlaybookErrors {}

/// Parses and validates a playbook file.
pub fn parse(json: &str) -> Result<Playbook, PlaybookErrors> {
    content::parse_file(json, "playbook", limits::MAX_FILE_BYTES, validate).map_err(PlaybookErrors)
}

/// Checks everything serde cannot: ids, placeholders, sizes, channel coverage.
pub fn validate(p: &Playbook) -> Vec<PlaybookError> {
    use limits::*;
    let mut errs = Vec::new();
    check_id("id", &p.id, MAX_ID, &mut errs);
    check_text("title", &p.title, 120, &mut errs);
    check_text("summary", &p.summary, MAX_SUMMARY, &mut errs);
    check_length("source", &p.source, 200, &mut errs);
    if let Some(lang) = p.lang.as_deref().filter(|l| !LANGUAGES.contains(l)) {
        errs.push(PlaybookError::UnknownLang { lang: lang.into() });
    }
    if p.steps.is_empty() {
        errs.push(ContentError::Empty { path: "steps".into() }.into());
    }
    check_count("steps", p.steps.len(), MAX_STEPS, &mut errs);
    let mut seen = HashMap::new();
    for (i, step) in p.steps.iter().enumerate() {
        let at = format!("steps[{i}]");
        check_id(&format!("{at}.id"), &step.id, MAX_ID, &mut errs);
        check_unique(&mut seen, &format!("{at}.id"), &step.id, &mut errs);
        check_text(&format!("{at}.title"), &step.title, 80, &mut errs);
        check_text(&format!("{at}.why"), &step.why, 300, &mut errs);
        check_text(&format!("{at}.how"), &step.how, MAX_TEXT, &mut errs);
        for (name, list) in [("do", &step.dos), ("avoid", &step.avoid)] {
            check_count(&format!("{at}.{name}"), list.len(), MAX_TIPS, &mut errs);
            for (j, tip) in list.iter().enumerate() {
                check_text(&format!("{at}.{name}[{j}]"), tip, 300, &mut errs);
            }
        }
        check_count(&format!("{at}.phrases"), step.phrases.len(), MAX_PHRASES_PER_STEP, &mut errs);
        for (j, phrase) in step.phrases.iter().enumerate() {
            let path = format!("{at}.phrases[{j}].text");
            check_text(&path, &phrase.text, MAX_TEXT, &mut errs);
            check_placeholders(&path, &phrase.text, &mut errs);
        }
        for channel in Channel::ALL {
            let count = step.phrases.iter().filter(|ph| ph.channel == channel).count();
            if count < MIN_PHRASES_PER_CHANNEL {
                errs.push(PlaybookError::ChannelShort {
                    path: format!("{at}.phrases"),
                    channel: channel.as_str(),
                    count,
                    min: MIN_PHRASES_PER_CHANNEL,
                });
            }
        }
    }
    errs
}

fn check_placeholders(path: &str, text: &str, errs: &mut Vec<PlaybookError>) {
    for token in tokens(text) {
        match token {
            Token::Placeholder { name, .. } if !PLACEHOLDERS.contains(&name) => {
                errs.push(PlaybookError::UnknownPlaceholder { path: path.into(), name: name.into() });
            }
            Token::Broken => errs.push(PlaybookError::BadBrace { path: path.into() }),
            _ => {}
        }
    }
}

enum Token<'a> {
    Text(&'a str),
    /// `{name}` or `{name|fallback}`.
    Placeholder {
        name: &'a str,
        fallback: Option<&'a str>,
    },
    Broken,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                out.push(Token::Text(rest));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => {
                out.push(Token::Text(&rest[..i]));
                out.push(Token::Broken);
                rest = &rest[i + 1..];
            }
            Some(i) => {
                out.push(Token::Text(&rest[..i]));
                let after = &rest[i + 1..];
                match after.find(['{', '}']) {
                    Some(j) if after.as_bytes()[j] == b'}' => {
                        let inner = &after[..j];
                        let (name, fallback) = match inner.split_once('|') {
                            Some((n, f)) => (n.trim(), Some(f)),
                            None => (inner.trim(), None),
                        };
                        out.push(Token::Placeholder { name, fallback });
                        rest = &after[j + 1..];
                    }
                    _ => {
                        out.push(Token::Broken);
                        rest = after;
                    }
                }
            }
        }
    }
    out
}

/// The values placeholders are filled with; empty means unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhraseContext {
    pub customer: String,
    pub agent: String,
    pub company: String,
    pub when: String,
}

impl PhraseContext {
    fn value(&self, name: &str) -> &str {
        match name {
            "customer" => self.customer.trim(),
            "agent" => self.agent.trim(),
            "company" => self.company.trim(),
            "when" => self.when.trim(),
            _ => "",
        }
    }
}

/// What an unknown value turns into when the phrase gives no `{name|fallback}`:
/// names drop out (and the punctuation around them is tidied), the company becomes
/// "our team", and a time becomes a promise to agree one, in the phrase's language.
fn default_fallback(name: &str, lang: Lang) -> &'static str {
    match (name, lang) {
        ("company", Lang::En) => "our team",
        ("company", Lang::Es) => "nuestro equipo",
        ("company", Lang::De) => "unser Team",
        ("when", Lang::En) => "at a time we agree together",
        ("when", Lang::Es) => "en el momento que acordemos",
        ("when", Lang::De) => "zu einem gemeinsam vereinbarten Zeitpunkt",
        _ => "",
    }
}

/// Fills an English phrase's placeholders. A missing value reads as natural
/// text: no leftover braces, no "Hi ,", no double spaces.
pub fn render(text: &str, ctx: &PhraseContext) -> String {
    render_in(text, ctx, Lang::En)
}

/// [`render`] for a phrase written in `lang`: the defaults for an unknown
/// company or time are in that language, and Spanish opening marks (`¿`, `¡`)
/// are tidied like any other punctuation.
pub fn render_in(text: &str, ctx: &PhraseContext, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for token in tokens(text) {
        match token {
            Token::Text(t) => out.push_str(t),
            Token::Placeholder { name, fallback } => {
                let v = ctx.value(name);
                if !v.is_empty() {
                    out.push_str(v);
                } else {
                    out.push_str(fallback.unwrap_or_else(|| default_fallback(name, lang)));
                }
            }
            Token::Broken => {}
        }
    }
    tidy(&out)
}

/// Repairs the punctuation a dropped name leaves behind.
fn tidy(s: &str) -> String {
    let mut out = s.to_string();
    loop {
        let before = out.len();
        for (from, to) in [
            ("  ", " "),
            (" ,", ","),
            (" .", "."),
            (" !", "!"),
            (" ?", "?"),
            (",,", ","),
            (",.", "."),
            (",!", "!"),
            (",?", "?"),
            ("( )", ""),
            ("()", ""),
            ("¿ ", "¿"),
            ("¡ ", "¡"),
            ("¿,", "¿"),
            ("¡,", "¡"),
            ("¡!", ""),
        ] {
            out = out.replace(from, to);
        }
        if out.len() == before {
            break;
        }
    }
    let trimmed = out.trim().trim_start_matches([',', ' ']);
    // A sentence that began with a dropped name starts with a capital again,
    // after a Spanish opening mark if there is one.
    let (mark, rest) = match trimmed.chars().next() {
        Some(m @ ('¿' | '¡')) => (Some(m), &trimmed[m.len_utf8()..]),
        _ => (None, trimmed),
    };
    let mut out: String = mark.map(String::from).unwrap_or_default();
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if trimmed.len() != s.trim().len() => {
            crate::core::case::push_capital(&mut out, c);
            out.push_str(chars.as_str());
        }
        _ => out.push_str(rest),
    }
    out
}

/// The playbooks compiled into this build, English, in picker order. The
/// sidebar's bundle carries only the default (its first screen needs it, and
/// nothing else does); the other built-ins, and every Spanish and German
/// version, are files under `playbooks/` it fetches when a ticket or the agent
/// asks for one ([`built_in_path`]). The trainer's bundle carries none: it
/// fetches the one the picked scenario trains. The CLI and the tests carry
/// every English one (cargo feature `all-playbooks`).
#[cfg(feature = "all-playbooks")]
pub const BUILT_IN: &[(&str, &str)] = &[
    ("turnaround", include_str!("../../static/playbooks/turnaround.json")),
    ("laptop", include_str!("../../static/playbooks/laptop.json")),
    ("leap", include_str!("../../static/playbooks/leap.json")),
    ("six-step", include_str!("../../static/playbooks/six-step.json")),
    ("ten-step", include_str!("../../static/playbooks/ten-step.json")),
];
#[cfg(all(feature = "view-sidebar", not(feature = "all-playbooks")))]
pub const BUILT_IN: &[(&str, &str)] = &[("turnaround", DEFAULT_MINIFIED)];
/// The default playbook as build.rs writes it for the sidebar: the file
/// without its indentation (9 KB less in the wasm), read the same.
#[cfg(any(test, all(feature = "view-sidebar", not(feature = "all-playbooks"))))]
const DEFAULT_MINIFIED: &str = include_str!(concat!(env!("OUT_DIR"), "/turnaround.min.json"));
#[cfg(not(any(feature = "view-sidebar", feature = "all-playbooks")))]
pub const BUILT_IN: &[(&str, &str)] = &[];

include!(concat!(env!("OUT_DIR"), "/built_in_steps.rs"));

/// The step ids of the built-in playbook `id`, in order, whether or not this
/// build carries its file (made at build time from the English files, whose
/// steps every language's version shares: [`same_steps`]).
pub fn built_in_steps(id: &str) -> Option<&'static [&'static str]> {
    BUILT_IN_STEPS.iter().find(|(i, _)| *i == id).map(|(_, steps)| *steps)
}

/// Reads the served file of the built-in `id` in `lang`: it must parse,
/// validate, and be the playbook and language asked for, or the reason is returned.
pub fn read_served(id: &str, lang: Lang, json: &str) -> Result<Playbook, String> {
    let p = parse(json).map_err(|e| e.to_string())?;
    let got = p.lang.as_deref().unwrap_or("en");
    if p.id != id || got != lang.tag() {
        return Err(format!("the file holds playbook {:?} in {got:?}, not {id:?} in {:?}", p.id, lang.tag()));
    }
    Ok(p)
}

/// The id of the playbook a new session starts with.
pub const DEFAULT_PLAYBOOK: &str = "turnaround";

/// Parses a built-in playbook compiled into this build. The files are
/// validated by tests, so a failure here is a build defect; it still yields
/// an error rather than a panic.
pub fn built_in(id: &str) -> Option<Result<Playbook, PlaybookErrors>> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|(_, json)| parse(json))
}

/// Every built-in's id and title in English, in picker order: what a picker
/// shows without parsing or fetching any of them (a test keeps it equal to the files).
pub const BUILT_IN_TITLES: [(&str, &str); 5] =
    [("turnaround", "Turnaround"), ("laptop", "LAPTOP"), ("leap", "LEAP"), ("six-step", "Six steps"), ("ten-step", "Ten steps")];

/// The same in Spanish and German (the files under `playbooks/es/` and
/// `playbooks/de/`), so a picker in those languages needs no fetch either.
const BUILT_IN_TITLES_ES: [(&str, &str); 5] =
    [("turnaround", "Turnaround"), ("laptop", "LAPTOP"), ("leap", "LEAP"), ("six-step", "Seis pasos"), ("ten-step", "Diez pasos")];
const BUILT_IN_TITLES_DE: [(&str, &str); 5] =
    [("turnaround", "Turnaround"), ("laptop", "LAPTOP"), ("leap", "LEAP"), ("six-step", "Sechs Schritte"), ("ten-step", "Zehn Schritte")];

/// The built-ins' ids and titles in `lang`, in picker order.
pub fn built_in_titles(lang: Lang) -> &'static [(&'static str, &'static str); 5] {
    match lang {
        Lang::En => &BUILT_IN_TITLES,
        Lang::Es => &BUILT_IN_TITLES_ES,
        Lang::De => &BUILT_IN_TITLES_DE,
    }
}

/// Where the built-in `id` in `lang` is served, relative to the sidebar's
/// page: `playbooks/<id>.json` in English, `playbooks/<lang>/<id>.json` otherwise
/// (the same layout as `static/playbooks/`, which the build copies to `dist/`).
pub fn built_in_path(id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("playbooks/{id}.json"),
        other => format!("playbooks/{}/{id}.json", other.tag()),
    }
}

/// Every built-in playbook compiled into this build that parses, in picker
/// order, each parsed once (by [`find_built_in`]); the trainer and scenario
/// validation use it.
pub fn built_ins() -> &'static [Playbook] {
    static PARSED: std::sync::OnceLock<Vec<Playbook>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| BUILT_IN.iter().filter_map(|(id, _)| find_built_in(id).cloned()).collect())
}

/// The compiled-in built-in playbook with this id, parsed the first time it
/// is asked for and only then: the sidebar opens with the one its ticket uses.
pub fn find_built_in(id: &str) -> Option<&'static Playbook> {
    static EACH: [std::sync::OnceLock<Option<Playbook>>; 5] = [const { std::sync::OnceLock::new() }; 5];
    let i = BUILT_IN.iter().position(|(b, _)| *b == id)?;
    EACH[i].get_or_init(|| parse(BUILT_IN[i].1).ok()).as_ref()
}

/// Checks that two language versions of one playbook have the same shape:
/// the same `id`, and the same steps (ids, order and tools), because hosts store
/// step ids and a session must open in any language. Returns what differs.
pub fn same_steps(version: &Playbook, other: &Playbook) -> Vec<PlaybookError> {
    let lang = |p: &Playbook| p.lang.clone().unwrap_or_else(|| "en".into());
    let mismatch = |path: String, difference: String| PlaybookError::VersionMismatch {
        path,
        id: other.id.clone(),
        lang: lang(version),
        other: lang(other),
        difference,
    };
    let mut errs = Vec::new();
    if version.id != other.id {
        errs.push(mismatch("id".into(), format!("id {:?}", version.id)));
        return errs;
    }
    if version.steps.len() != other.steps.len() {
        errs.push(mismatch("steps".into(), format!("{} steps instead of {}", version.steps.len(), other.steps.len())));
    }
    for (i, (a, b)) in version.steps.iter().zip(&other.steps).enumerate() {
        if a.id != b.id {
            errs.push(mismatch(format!("steps[{i}].id"), format!("step {:?} where the other has {:?}", a.id, b.id)));
        } else if a.tool != b.tool {
            errs.push(mismatch(format!("steps[{i}].tool"), format!("tool {:?} where the other has {:?}", a.tool, b.tool)));
        }
    }
    errs
}

/// Whether `id` belongs to a built-in playbook, compiled in or served as a
/// file (a custom one may not take it).
pub fn is_built_in(id: &str) -> bool {
    BUILT_IN_TITLES.iter().any(|(i, _)| *i == id)
}

impl Playbook {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}

impl Step {
    /// This step's phrases for one channel, in file order.
    pub fn phrases_for(&self, channel: Channel) -> impl Iterator<Item = &Phrase> {
        self.phrases.iter().filter(move |p| p.channel == channel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebars_minified_default_reads_as_the_file() {
        let file = include_str!("../../static/playbooks/turnaround.json");
        assert!(DEFAULT_MINIFIED.len() < file.len());
        assert_eq!(parse(DEFAULT_MINIFIED).ok(), parse(file).ok());
        assert!(parse(file).is_ok());
    }
}
