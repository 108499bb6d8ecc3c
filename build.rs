//! Build step: turns the built-in content the trainer lists into Rust statics,
//! so its page shows every scenario's card and checks custom scenarios
//! against the built-in playbooks' steps without carrying (or parsing) any of
//! the files; the one a trainee picks is fetched then (`ui::pages::trainer`).
//!
//! Writes `$OUT_DIR/built_in_scenarios.rs` (included by `core::trainer`): the
//! list of built-in scenarios per language in picker order (this file is its
//! one home), each one's card (id, title, summary, channel, difficulty,
//! playbook, persona) and, behind the cargo feature `all-scenarios`, the
//! English files themselves. And `$OUT_DIR/built_in_steps.rs` (included by
//! `core::playbook`): the step ids of each English built-in playbook. And
//! `$OUT_DIR/case_tables.rs` (included by `core::case`): upper and lower case
//! as runs, read from this compiler's `std` (`build/case.rs`).
//! And `$OUT_DIR/turnaround.min.json`: the default playbook without the
//! file's indentation, the copy the sidebar's bundle carries.
//!
//! A file that lacks a field the cards need, or has one of the wrong type,
//! stops the build here with its path; the complete validation of every file
//! is `cargo test` (`tests/trainer.rs`, `tests/playbook.rs`), which also
//! keeps these statics equal to what the parser reads from the same files.

#[path = "build/case.rs"]
mod case;

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The built-in scenarios in picker order (easiest first), per language: the
/// files `static/scenarios/<id>.json` (English) and `static/scenarios/<lang>/<id>.json`.
const SCENARIOS: [(&str, &[&str]); 3] = [
    (
        "en",
        &[
            "missed-visit",
            "no-callback",
            "partly-theirs",
            "full-refund",
            "verbal-promise",
            "invoice-line",
            "repeat-failure",
            "exec-escalation",
        ],
    ),
    ("es", &["cita-incumplida", "cobro-duplicado"]),
    ("de", &["verpasster-termin", "doppelte-abbuchung"]),
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/case.rs");
    println!("cargo::rerun-if-changed=static/scenarios");
    println!("cargo::rerun-if-changed=static/playbooks");
    write(&out.join("built_in_scenarios.rs"), &scenarios(&root));
    write(&out.join("built_in_steps.rs"), &steps(&root));
    write(&out.join("case_tables.rs"), &case::tables());
    write(&out.join("turnaround.min.json"), &minified(&root.join("static/playbooks/turnaround.json")));
}

fn scenarios(root: &Path) -> String {
    let mut cards = String::new();
    let mut count = 0;
    for (lang, ids) in SCENARIOS {
        for id in ids {
            let path = scenario_file(root, lang, id);
            let v = read(&path);
            let field = |name: &str| text(&v, name, &path);
            let persona = |name: &str| text(&v["persona"], name, &path);
            assert_eq!(field("id"), *id, "{}: the id inside the file must be its name", path.display());
            let file_lang = v.get("lang").and_then(Value::as_str).unwrap_or("en");
            assert_eq!(file_lang, lang, "{}: written in {file_lang:?}, listed as {lang:?}", path.display());
            let difficulty = v["difficulty"].as_u64().filter(|d| *d <= 255).unwrap_or_else(|| panic!("{}: difficulty", path.display()));
            let channel = match field("channel") {
                "phone" => "Phone",
                "chat" => "Chat",
                "email" => "Email",
                other => panic!("{}: channel {other:?}", path.display()),
            };
            let company = v["persona"].get("company").and_then(Value::as_str).unwrap_or("");
            writeln!(
                cards,
                "    Card {{ id: B({id:?}), lang: Lang::{}, title: B({:?}), summary: B({:?}), channel: Channel::{channel}, \
                 difficulty: {difficulty}, playbook: B({:?}), persona_name: B({:?}), persona_role: B({:?}), persona_company: B({company:?}) }},",
                variant(lang),
                field("title"),
                field("summary"),
                field("playbook"),
                persona("name"),
                persona("role"),
            )
            .unwrap();
            count += 1;
        }
    }
    let english = SCENARIOS[0].1;
    let files: Vec<String> = english
        .iter()
        // The path from the crate's root at compile time, not this run's: a
        // target directory shared by two checkouts keeps working.
        .map(|id| format!("    ({id:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/static/scenarios/{id}.json\"))),"))
        .collect();
    let in_lang: Vec<String> = SCENARIOS[1..].iter().map(|(lang, ids)| format!("(Lang::{}, &{ids:?})", variant(lang))).collect();
    format!(
        "// Written by build.rs from static/scenarios/: do not edit.\n\
         use std::borrow::Cow::Borrowed as B;\n\n\
         /// The English built-in scenarios' files, in picker order, when compiled in\n\
         /// (cargo feature `all-scenarios`: the CLI, the tests); the trainer's bundle\n\
         /// carries none and fetches the one picked ([`scenario_path`]).\n\
         #[cfg(feature = \"all-scenarios\")]\n\
         pub const BUILT_IN: [(&str, &str); {n}] = [\n{files}\n];\n\
         #[cfg(not(feature = \"all-scenarios\"))]\n\
         pub const BUILT_IN: [(&str, &str); 0] = [];\n\n\
         /// The ids of the English built-in scenarios, in picker order.\n\
         pub const BUILT_IN_IDS: [&str; {n}] = {english:?};\n\n\
         /// The scenarios written in Spanish and German, served as files under\n\
         /// `scenarios/<lang>/<id>.json` (never compiled in).\n\
         pub const IN_LANG: [(Lang, &[&str]); {langs}] = [{in_lang}];\n\n\
         /// Every built-in scenario's card, English first, each language in picker order.\n\
         pub static CARDS: [Card; {count}] = [\n{cards}];\n",
        n = english.len(),
        files = files.join("\n"),
        langs = in_lang.len(),
        in_lang = in_lang.join(", "),
    )
}

fn steps(root: &Path) -> String {
    let dir = root.join("static/playbooks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut rows = String::new();
    for path in &files {
        let v = read(path);
        let steps = v["steps"].as_array().unwrap_or_else(|| panic!("{}: steps must be a list", path.display()));
        let ids: Vec<&str> = steps.iter().map(|s| text(s, "id", path)).collect();
        writeln!(rows, "    ({:?}, &{ids:?}),", text(&v, "id", path)).unwrap();
    }
    format!(
        "// Written by build.rs from static/playbooks/*.json: do not edit.\n\
         /// The step ids of every English built-in playbook, in order (sorted by id).\n\
         pub const BUILT_IN_STEPS: [(&str, &[&str]); {}] = [\n{rows}];\n",
        files.len()
    )
}

fn scenario_file(root: &Path, lang: &str, id: &str) -> PathBuf {
    match lang {
        "en" => root.join(format!("static/scenarios/{id}.json")),
        _ => root.join(format!("static/scenarios/{lang}/{id}.json")),
    }
}

fn variant(lang: &str) -> &'static str {
    match lang {
        "en" => "En",
        "es" => "Es",
        "de" => "De",
        other => panic!("no language {other:?}"),
    }
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(v: &'a Value, name: &str, path: &Path) -> &'a str {
    v.get(name).and_then(Value::as_str).unwrap_or_else(|| panic!("{}: {name} must be a text", path.display()))
}

/// The JSON file at `path` without its layout (keys in sorted order): the
/// same playbook to the parser, in about three quarters of the bytes.
fn minified(path: &Path) -> String {
    read(path).to_string()
}

/// Writes `text` only when it changed, so an unchanged build stays fresh.
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
