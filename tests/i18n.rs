//! The catalogs (`static/i18n/es.json`, `de.json`) against the source: every
//! interface text the code asks for (`tr.t("…")`, `tr.f("…", …)`,
//! `tr.n("…", "…", …)`, and the core's `msg!("…")` sentences) is in every
//! language, translated (not left in English), with the same placeholders.

use std::collections::BTreeSet;
use std::path::Path;
use turnaround::core::i18n::{Catalog, Entry};
use turnaround::core::locale::Lang;

/// Words that are the same in English, Spanish and German by nature (product
/// and format names, "OK"); a value equal to its English key is a defect otherwise.
const SAME_BY_NATURE: &[&str] = &[
    "Turnaround",
    "OK",
    "JSON",
    "CSV",
    "Markdown",
    "xAPI",
    "{n}",
    "#{id}",
    "Chat",
    "Ticket {id}",
    "{title}: ",
    "Problem",
    "No",
    "Live",
    "ticket {id}",
    "{subject} (ticket {id})",
];

/// A key the source asks for, and whether it is a plural ("other" form).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Wanted {
    key: String,
    plural: bool,
    at: String,
}

fn rust_string(s: &str) -> Option<(String, usize)> {
    // s starts after the opening quote; returns the unescaped text and the bytes read.
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                'u' => {
                    // \u{201c}: the hex digits between the braces.
                    let hex: String = chars.by_ref().map(|(_, c)| c).skip(1).take_while(|c| *c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                '\n' => {
                    // A line continuation: skip the next line's indentation.
                    for (_, c) in chars.by_ref() {
                        if !c.is_whitespace() {
                            out.push(c);
                            break;
                        }
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn wanted_in(text: &str, file: &str, out: &mut Vec<Wanted>) {
    for (opener, plural) in
        [("tr.t(", false), ("tr.f(", false), ("tr_key(", false), ("tr.n(", true), ("msg!(", false), ("i18n::en(", false)]
    {
        let mut from = 0;
        while let Some(at) = text[from..].find(opener) {
            // The string may start on the next line (rustfmt breaks a long call after its parenthesis).
            let after = from + at + opener.len();
            let gap = text[after..].len() - text[after..].trim_start().len();
            if !text[after + gap..].starts_with('"') {
                from = after;
                continue;
            }
            let start = after + gap + 1;
            let Some((first, used)) = rust_string(&text[start..]) else { break };
            from = start + used;
            let line = text[..start].lines().count();
            let key = if plural {
                // The "other" form is the second string.
                let rest = &text[from..];
                let q = rest.find('"').expect("tr.n takes two strings");
                let (other, used2) = rust_string(&rest[q + 1..]).expect("a closed string");
                from += q + 1 + used2;
                let _ = first;
                other
            } else {
                first
            };
            out.push(Wanted { key, plural, at: format!("{file}:{line}") });
        }
    }
}

fn all_wanted() -> Vec<Wanted> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("core/i18n.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                wanted_in(&text, &path.display().to_string(), &mut out);
            }
        }
    }
    out.sort();
    out
}

fn catalog(lang: Lang) -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("static/i18n/{}.json", lang.tag()));
    Catalog::parse(lang, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.insert(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

#[test]
fn the_source_asks_for_interface_texts_at_all() {
    // Guards the scanner itself: if it found nothing, every check below would pass vacuously.
    let wanted = all_wanted();
    assert!(wanted.len() > 100, "only {} texts found", wanted.len());
    assert!(wanted.iter().any(|w| w.plural), "no plural found");
    assert!(wanted.iter().any(|w| w.at.contains("/core/")), "no core sentence found");
}

#[test]
fn every_text_is_in_spanish_and_german_translated_with_the_same_placeholders() {
    let wanted = all_wanted();
    let mut problems = Vec::new();
    for lang in [Lang::Es, Lang::De] {
        let cat = catalog(lang);
        for w in &wanted {
            let Some(entry) = cat.keys().find(|(k, _)| **k == w.key).map(|(_, e)| e) else {
                problems.push(format!("{}: missing {:?} ({})", lang.tag(), w.key, w.at));
                continue;
            };
            let forms: Vec<&str> = match (entry, w.plural) {
                (Entry::Plural { one, other }, true) => vec![one, other],
                (Entry::Text(s), false) => vec![s],
                _ => {
                    problems.push(format!(
                        "{}: {:?} should {}be a plural ({})",
                        lang.tag(),
                        w.key,
                        if w.plural { "" } else { "not " },
                        w.at
                    ));
                    continue;
                }
            };
            for form in forms {
                if form == w.key && !SAME_BY_NATURE.contains(&w.key.as_str()) {
                    problems.push(format!("{}: {:?} is left in English ({})", lang.tag(), w.key, w.at));
                }
                let want = placeholders(&w.key);
                let have = placeholders(form);
                if !have.is_subset(&want) || (!w.plural && have != want) {
                    problems.push(format!("{}: {:?} has placeholders {have:?}, English {want:?}", lang.tag(), w.key));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn no_catalog_holds_a_key_the_source_no_longer_asks_for() {
    let keys: BTreeSet<String> = all_wanted().into_iter().map(|w| w.key).collect();
    for lang in [Lang::Es, Lang::De] {
        let stale: Vec<String> = catalog(lang).keys().map(|(k, _)| k.clone()).filter(|k| !keys.contains(k)).collect();
        assert!(stale.is_empty(), "{}: keys nothing asks for: {stale:?}", lang.tag());
    }
}

#[test]
fn a_sentence_built_by_the_core_is_translated_whole_with_its_arguments() {
    let es = Catalog::parse(
        Lang::Es,
        r#"{"The helpdesk's custom playbook was not loaded: {e}.": "No se cargó el playbook propio del helpdesk: {e}.",
            "step {step} has no title": "el paso {step} no tiene título",
            "{n} of {total} steps done": {"one": "{n} de {total} pasos hecho", "other": "{n} de {total} pasos hechos"}}"#,
    )
    .unwrap();
    assert_eq!(
        es.say("The helpdesk's custom playbook was not loaded: step listen has no title."),
        "No se cargó el playbook propio del helpdesk: el paso listen no tiene título."
    );
    assert_eq!(es.say("Something no template fits."), "Something no template fits.");
    assert_eq!(es.n("{n} of {total} steps done", "{n} of {total} steps done", 1, &[("total", "5")]), "1 de 5 pasos hecho");
    assert_eq!(es.n("{n} of {total} steps done", "{n} of {total} steps done", 3, &[("total", "5")]), "3 de 5 pasos hechos");
    let en = Catalog::default();
    assert_eq!(en.n("{n} step", "{n} steps", 1, &[]), "1 step");
    assert_eq!(en.n("{n} step", "{n} steps", 0, &[]), "0 steps");
}

#[test]
fn a_broken_catalog_is_refused_with_the_key_that_is_wrong() {
    let err = Catalog::parse(Lang::De, r#"{"Copy": {"one": "Kopie"}}"#).unwrap_err();
    assert!(err.contains("\"Copy\"") && err.contains("\"other\""), "{err}");
    assert!(Catalog::parse(Lang::De, "[1]").unwrap_err().contains("de catalog"));
}

/// `I18N_KEYS=1 cargo test --test i18n print_keys -- --nocapture` lists what the catalogs need.
#[test]
fn print_keys() {
    if std::env::var("I18N_KEYS").is_ok() {
        for w in all_wanted() {
            println!("KEY\t{}\t{}\t{}", if w.plural { "P" } else { "T" }, serde_json::to_string(&w.key).unwrap(), w.at);
        }
    }
}
