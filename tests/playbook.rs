//! Playbooks: the built-ins, validation with located errors, placeholders.

use turnaround::core::content::ContentError;
use turnaround::core::playbook::{self, built_in, render, Channel, PhraseContext, PlaybookError, Tool, BUILT_IN};

const DESIGN_STEPS: [(&str, &[&str]); 4] = [
    ("laptop", &["listen", "acknowledge", "plan", "take-action", "offer-thanks", "produce-documentation"]),
    (
        "leap",
        &["listen", "empathize", "ask", "prioritize", "promise-update", "gather-evidence", "assess", "explain", "make-whole", "prevent"],
    ),
    ("six-step", &["thank", "acknowledge-ignorance", "empathize", "apologize", "take-action", "follow-up"]),
    (
        "ten-step",
        &[
            "own",
            "thank",
            "paraphrase",
            "ask-details",
            "sympathize",
            "dont-interrupt",
            "ask-expectations",
            "commit",
            "follow-up",
            "internal-action",
        ],
    ),
];

#[test]
fn every_built_in_playbook_validates() {
    for &(id, json) in BUILT_IN {
        match playbook::parse(json) {
            Ok(p) => assert_eq!(p.id, id),
            Err(e) => panic!("{id}: {e}"),
        }
    }
}

#[test]
fn step_ids_are_exactly_those_hosts_store() {
    for (id, steps) in DESIGN_STEPS {
        let p = built_in(id).unwrap().unwrap();
        let ids: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, steps, "{id}");
    }
}

#[test]
fn every_step_has_at_least_three_phrases_per_channel() {
    for &(id, json) in BUILT_IN {
        let p = playbook::parse(json).unwrap();
        for step in &p.steps {
            for c in Channel::ALL {
                let n = step.phrases_for(c).count();
                assert!(n >= 3, "{id}/{}: {n} {} phrases", step.id, c.as_str());
            }
        }
    }
}

#[test]
fn the_default_merges_the_tools_the_sidebar_offers() {
    let p = built_in("turnaround").unwrap().unwrap();
    for tool in [Tool::CalmLoop, Tool::MakeWhole, Tool::Worksheet, Tool::FollowUp, Tool::ServiceAlert, Tool::Ownership] {
        assert!(p.steps.iter().any(|s| s.tool == Some(tool)), "no step carries {tool:?}");
    }
    assert!(p.step("listen").is_some() && p.step("acknowledge").is_some());
}

#[test]
fn every_phrase_reads_naturally_with_and_without_names() {
    let full = PhraseContext { customer: "Dana".into(), agent: "Sam".into(), company: "Acme".into(), when: "by 16:00 today".into() };
    for &(id, json) in BUILT_IN {
        let p = playbook::parse(json).unwrap();
        for step in &p.steps {
            for ph in &step.phrases {
                for ctx in [PhraseContext::default(), full.clone()] {
                    let out = render(&ph.text, &ctx);
                    let at = format!("{id}/{}: {:?} -> {:?}", step.id, ph.text, out);
                    assert!(!out.contains('{') && !out.contains('}'), "{at}");
                    assert!(!out.contains("  ") && !out.contains(" ,") && !out.contains(" .") && !out.contains(",,"), "{at}");
                    assert!(!out.starts_with([',', '.', ' ']), "{at}");
                    assert!(out.chars().next().is_some_and(|c| !c.is_lowercase()), "{at}");
                }
            }
        }
    }
}

macro_rules! render_cases {
    ($($name:ident: $text:expr, $ctx:expr => $want:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(render($text, &$ctx), $want);
        }
    )*};
}

fn names() -> PhraseContext {
    PhraseContext { customer: "Dana".into(), agent: "Sam".into(), company: "Acme".into(), when: "by 16:00 today".into() }
}

render_cases! {
    fills_every_placeholder: "Hi {customer}, {agent} at {company} will call {when}.", names() => "Hi Dana, Sam at Acme will call by 16:00 today.";
    greeting_without_a_name_has_no_stray_comma: "Hi {customer}, thanks for waiting.", PhraseContext::default() => "Hi, thanks for waiting.";
    trailing_name_drops_cleanly: "Thanks for your patience, {customer}.", PhraseContext::default() => "Thanks for your patience.";
    leading_name_drops_and_capitalises: "{customer}, I hear you.", PhraseContext::default() => "I hear you.";
    fallback_is_used_when_unknown: "Hi {customer|there}!", PhraseContext::default() => "Hi there!";
    fallback_is_ignored_when_known: "Hi {customer|there}!", names() => "Hi Dana!";
    company_defaults_to_our_team: "Everyone at {company} is on it.", PhraseContext::default() => "Everyone at our team is on it.";
    when_defaults_to_an_agreed_time: "I will update you {when}.", PhraseContext::default() => "I will update you at a time we agree together.";
    whitespace_only_values_count_as_missing: "Hi {customer}.", PhraseContext { customer: "  ".into(), ..PhraseContext::default() } => "Hi.";
}

fn minimal(steps: &str) -> String {
    format!(r#"{{"id":"custom","title":"Custom","summary":"A test playbook.","steps":[{steps}]}}"#)
}

fn phrases(text: &str) -> String {
    let mut out = Vec::new();
    for c in ["phone", "chat", "email"] {
        for _ in 0..3 {
            out.push(format!(r#"{{"text":"{text}","channel":"{c}"}}"#));
        }
    }
    out.join(",")
}

fn step(id: &str, text: &str) -> String {
    format!(r#"{{"id":"{id}","title":"T","why":"W","how":"H","phrases":[{}]}}"#, phrases(text))
}

fn errors(json: &str) -> Vec<PlaybookError> {
    playbook::parse(json).expect_err("should be refused").0
}

#[test]
fn a_valid_minimal_playbook_parses() {
    let p = playbook::parse(&minimal(&step("a", "Hello {customer}."))).unwrap();
    assert_eq!(p.steps.len(), 1);
}

#[test]
fn an_unknown_placeholder_is_located() {
    let json = minimal(&format!("{},{}", step("a", "Hi."), step("b", "Hi {custmer}.")));
    let e = errors(&json);
    assert!(
        e.iter()
            .any(|e| e.to_string()
                == "steps[1].phrases[0].text: unknown placeholder {custmer} (known: {customer}, {agent}, {company}, {when})"),
        "{e:?}"
    );
}

#[test]
fn a_duplicate_step_id_names_both_places() {
    let e = errors(&minimal(&format!("{},{}", step("a", "Hi."), step("a", "Yo."))));
    assert!(
        e.iter().any(|e| matches!(e, PlaybookError::Content(ContentError::DuplicateId { path, first, .. }) if path == "steps[1].id" && first == "steps[0].id")),
        "{e:?}"
    );
}

#[test]
fn empty_text_is_refused_with_its_path() {
    let e = errors(&minimal(&step("a", "  ")));
    assert!(e.iter().any(|e| e.to_string() == "steps[0].phrases[0].text: must not be empty"), "{e:?}");
}

#[test]
fn a_missing_channel_is_reported_per_step() {
    let json = minimal(
        r#"{"id":"a","title":"T","why":"W","how":"H","phrases":[{"text":"x","channel":"chat"},{"text":"x","channel":"chat"},{"text":"x","channel":"chat"}]}"#,
    );
    let e = errors(&json);
    assert!(e.iter().any(|e| e.to_string().starts_with("steps[0].phrases: 0 phone phrase(s)")), "{e:?}");
    assert!(e.iter().any(|e| e.to_string().starts_with("steps[0].phrases: 0 email phrase(s)")), "{e:?}");
}

#[test]
fn a_bad_id_is_refused() {
    let e = errors(&minimal(&step("Not OK", "x")));
    assert!(e.iter().any(|e| matches!(e, PlaybookError::Content(ContentError::BadId { path, .. }) if path == "steps[0].id")), "{e:?}");
}

#[test]
fn oversized_text_is_refused() {
    let e = errors(&minimal(&step("a", &"x".repeat(2_001))));
    assert!(
        e.iter().any(|e| matches!(e, PlaybookError::Content(ContentError::TooLong { path, .. }) if path == "steps[0].phrases[0].text")),
        "{e:?}"
    );
}

#[test]
fn a_huge_file_is_refused_before_parsing() {
    let e = errors(&" ".repeat(600 * 1024));
    assert!(matches!(e[0], PlaybookError::Content(ContentError::TooLarge { .. })));
}

#[test]
fn a_wrong_type_is_located_by_json_path() {
    let json = minimal(r#"{"id":"a","title":"T","why":"W","how":"H","phrases":[{"text":"x","channel":"fax"}]}"#);
    let e = errors(&json);
    assert!(e[0].to_string().starts_with("steps[0].phrases[0].channel: unknown variant `fax`"), "{e:?}");
}

#[test]
fn an_unknown_field_is_refused_not_ignored() {
    let json = minimal(r#"{"id":"a","title":"T","why":"W","how":"H","phrasez":[]}"#);
    let e = errors(&json);
    assert!(e[0].to_string().contains("unknown field `phrasez`"), "{e:?}");
}

#[test]
fn broken_json_says_where() {
    let e = errors("{\"id\": \"x\",\n  \"title\": }");
    assert!(e[0].to_string().contains("line 2"), "{e:?}");
}

#[test]
fn a_stray_brace_is_refused() {
    let e = errors(&minimal(&step("a", "Hi }there.")));
    assert!(e.iter().any(|e| matches!(e, PlaybookError::BadBrace { .. })), "{e:?}");
}

#[test]
fn the_pickers_table_of_built_in_titles_matches_the_files() {
    use turnaround::core::playbook::{BUILT_IN, BUILT_IN_TITLES};
    assert_eq!(BUILT_IN_TITLES.len(), BUILT_IN.len());
    for ((id, title), (file_id, _)) in BUILT_IN_TITLES.iter().zip(BUILT_IN.iter()) {
        assert_eq!(id, file_id, "the same order as BUILT_IN");
        let p = turnaround::core::playbook::find_built_in(id).expect("parses");
        assert_eq!(&p.title, title, "{id}: the picker's title is the file's");
    }
    let choices = turnaround::core::ticket::Library::built_in().choices();
    assert_eq!(choices.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect::<Vec<_>>(), BUILT_IN_TITLES.to_vec());
}

#[test]
fn the_spanish_and_german_title_tables_match_the_files_served_for_them() {
    use turnaround::core::locale::Lang;
    use turnaround::core::playbook::{built_in_path, built_in_titles};
    for lang in [Lang::Es, Lang::De] {
        for (i, (id, title)) in built_in_titles(lang).iter().enumerate() {
            assert_eq!(*id, BUILT_IN_TITLES_IDS[i], "the same ids in the same order");
            let path = format!("{}/static/{}", env!("CARGO_MANIFEST_DIR"), built_in_path(id, lang));
            let p = playbook::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!((&p.title, p.lang.as_deref()), (&title.to_string(), Some(lang.tag())), "{path}");
        }
    }
}

const BUILT_IN_TITLES_IDS: [&str; 5] = ["turnaround", "laptop", "leap", "six-step", "ten-step"];
