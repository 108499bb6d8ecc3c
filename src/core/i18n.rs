//! The interface's words per language: a [`Catalog`] keyed by the English
//! text itself. English needs no table (the key is the text), so the English
//! first load carries none; Spanish and German are JSON files
//! (`static/i18n/es.json`, `de.json`) that the shell fetches only for that
//! language and hands to [`Catalog::parse`].
//!
//! A value may hold `{name}` placeholders, filled by [`Catalog::f`]; a plural
//! is an object `{"one": …, "other": …}` keyed by the English "other" form
//! ([`Catalog::n`]; English, Spanish and German all say "one" for exactly 1).
//! Sentences the core builds in English (notices, merge and protocol
//! messages) are marked with [`msg!`](crate::msg) where they are written and
//! translated whole by [`Catalog::say`], which finds the template a sentence
//! was built from and translates its arguments too.
//!
//! ```
//! use turnaround::core::{i18n::Catalog, locale::Lang};
//! let es = Catalog::parse(Lang::Es, r#"{"Copy": "Copiar", "{n} steps": {"one": "{n} paso", "other": "{n} pasos"},
//!   "Not saved: {why}": "No guardado: {why}", "storage is full": "el almacenamiento está lleno"}"#).unwrap();
//! assert_eq!(es.t("Copy"), "Copiar");
//! assert_eq!(es.n("{n} step", "{n} steps", 1, &[]), "1 paso");
//! assert_eq!(es.say("Not saved: storage is full"), "No guardado: el almacenamiento está lleno");
//! assert_eq!(Catalog::default().f("Hi {who}", &[("who", "Kim")]), "Hi Kim");
//! ```

use crate::core::locale::Lang;
use serde_json::{Map, Value};

/// One translation: a text, or a text per plural form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    Text(&'a str),
    Plural { one: &'a str, other: &'a str },
}

/// The words of one language. The default is English: no table, every key is its own text.
///
/// The table is the parsed JSON object itself (the map type the sidebar's
/// other JSON already uses), checked once by [`Catalog::parse`]: a second
/// map type or a sorted copy would add code to every language's first load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    pub lang: Lang,
    table: Map<String, Value>,
}

impl Catalog {
    /// Reads a catalog file: one JSON object, each key an English text, each
    /// value a string or `{"one", "other"}`. Says which key is wrong.
    pub fn parse(lang: Lang, json: &str) -> Result<Catalog, String> {
        let table: Map<String, Value> =
            serde_json::from_str(json).map_err(|e| format!("the {} catalog is not a JSON object: {e}", lang.tag()))?;
        for (key, value) in &table {
            match value {
                Value::String(_) => {}
                Value::Object(o) if o.get("one").is_some_and(Value::is_string) && o.get("other").is_some_and(Value::is_string) => {}
                Value::Object(_) => return Err(format!("the {} catalog's entry {key:?} needs \"one\" and \"other\"", lang.tag())),
                _ => return Err(format!("the {} catalog's entry {key:?} is neither a text nor a plural", lang.tag())),
            }
        }
        Ok(Catalog { lang, table })
    }

    /// Every key with its translation (for the completeness test).
    pub fn keys(&self) -> impl Iterator<Item = (&String, Entry<'_>)> {
        self.table.keys().filter_map(|k| self.entry(k).map(|e| (k, e)))
    }

    fn entry(&self, key: &str) -> Option<Entry<'_>> {
        match self.table.get(key)? {
            Value::String(s) => Some(Entry::Text(s)),
            Value::Object(o) => Some(Entry::Plural { one: o.get("one")?.as_str()?, other: o.get("other")?.as_str()? }),
            _ => None,
        }
    }

    /// The text for `en`, or `en` itself where the catalog has none.
    pub fn t<'a>(&'a self, en: &'a str) -> &'a str {
        match self.entry(en) {
            Some(Entry::Text(s)) | Some(Entry::Plural { other: s, .. }) => s,
            None => en,
        }
    }

    /// [`Catalog::t`], then each `{name}` replaced by its argument.
    pub fn f(&self, en: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(en), args)
    }

    /// The form for `count` (`{n}` is the count), then the arguments.
    pub fn n(&self, one: &str, other: &str, count: u64, args: &[(&str, &str)]) -> String {
        let text = match self.entry(other) {
            Some(Entry::Plural { one: o, other: m }) => {
                if count == 1 {
                    o
                } else {
                    m
                }
            }
            Some(Entry::Text(s)) => s,
            None if count == 1 => one,
            None => other,
        };
        fill(&fill(text, &[("n", &count.to_string())]), args)
    }

    /// A whole sentence the core built in English, in this language: taken as
    /// it is when it is a key, else matched against the templates it may have
    /// been built from (the one with the most literal text wins), its
    /// arguments translated in turn. A sentence no template fits stays
    /// English (a gap the catalog test reports for every `msg!`).
    pub fn say(&self, sentence: &str) -> String {
        self.say_depth(sentence, 0)
    }

    fn say_depth(&self, sentence: &str, depth: u8) -> String {
        if let Some(Entry::Text(s)) = self.entry(sentence) {
            return s.to_string();
        }
        if self.table.is_empty() || depth > 3 {
            return sentence.to_string();
        }
        let best = self
            .table
            .keys()
            .filter(|k| k.contains('{'))
            .filter_map(|k| unfill(k, sentence).map(|args| (literal_len(k), k, args)))
            .max_by_key(|(len, _, _)| *len);
        let Some((_, template, args)) = best else { return sentence.to_string() };
        let said: Vec<(String, String)> = args.into_iter().map(|(k, v)| (k, self.say_depth(&v, depth + 1))).collect();
        let refs: Vec<(&str, &str)> = said.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        fill(self.t(template), &refs)
    }
}

/// `text` with each `{name}` replaced; an unknown name stays as written.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(k, _)| *k == name) => {
                out.push_str(args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The pieces of a template: literal text and placeholder names, alternating
/// (starting and ending with literal text, possibly empty).
fn pieces(template: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut lits, mut names) = (Vec::new(), Vec::new());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                lits.push(&rest[..open]);
                names.push(&rest[open + 1..open + close]);
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    lits.push(rest);
    (lits, names)
}

fn literal_len(template: &str) -> usize {
    pieces(template).0.iter().map(|l| l.len()).sum()
}

/// The arguments that turn `template` into `sentence`, if it was built from
/// it: each placeholder takes the shortest text up to the next literal piece
/// (the last one, all that is left before the closing piece).
fn unfill(template: &str, sentence: &str) -> Option<Vec<(String, String)>> {
    let (lits, names) = pieces(template);
    if names.is_empty() {
        return None;
    }
    let mut rest = sentence.strip_prefix(lits[0])?;
    let last = lits[lits.len() - 1];
    let mut args = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let next = lits[i + 1];
        let value = if i + 1 == names.len() {
            let v = rest.strip_suffix(last)?;
            rest = "";
            v
        } else {
            let at = rest.find(next).filter(|_| !next.is_empty())?;
            let v = &rest[..at];
            rest = &rest[at + next.len()..];
            v
        };
        if value.is_empty() {
            return None;
        }
        args.push((name.to_string(), value.to_string()));
    }
    rest.is_empty().then_some(args)
}

/// Marks a sentence shown to the agent that the core builds in English: the
/// same as `format!` (named placeholders only), and a template that the
/// catalogs must translate (`tests/i18n.rs` reads every `msg!` in `src/`).
#[macro_export]
macro_rules! msg {
    ($($t:tt)*) => {{
        #[allow(clippy::useless_format)]
        let said = format!($($t)*);
        said
    }};
}

/// Marks an English word the core hands out as a label (a temperature's
/// name) as a catalog key; the shell translates it with [`Catalog::t`].
pub const fn en(text: &'static str) -> &'static str {
    text
}
