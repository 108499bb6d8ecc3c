//! The command-line tool: exit codes and messages content authors rely on.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits before reading stdin: a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("turnaround-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn validate_passes_every_built_in_playbook() {
    let (code, out, err) = run(
        &[
            "validate",
            "static/playbooks/turnaround.json",
            "static/playbooks/laptop.json",
            "static/playbooks/leap.json",
            "static/playbooks/six-step.json",
            "static/playbooks/ten-step.json",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches(": ok").count(), 5, "{out}");
}

#[test]
fn validate_prints_located_errors_and_exits_one() {
    let bad = temp_file(
        "bad.json",
        r#"{"id":"x","title":"X","summary":"S","steps":[{"id":"a","title":"T","why":"W","how":"H","phrases":[{"text":"Hi {custmer}","channel":"chat"}]}]}"#,
    );
    let (code, _, err) = run(&["validate", bad.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("steps[0].phrases[0].text: unknown placeholder {custmer}"), "{err}");
    assert!(err.contains("steps[0].phrases: 0 phone phrase(s)"), "{err}");
}

#[test]
fn validate_of_a_missing_file_exits_one() {
    let (code, _, err) = run(&["validate", "no/such/file.json"], "");
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn schema_prints_a_json_schema() {
    let (code, out, _) = run(&["schema"], "");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["properties"]["steps"].is_object(), "{out}");
    assert_eq!(
        v,
        serde_json::from_str::<serde_json::Value>(include_str!("../static/schema/playbook.schema.json")).unwrap(),
        "static/schema/playbook.schema.json is stale: run `cargo run --bin turnaround -- schema > static/schema/playbook.schema.json`"
    );
}

#[test]
fn no_arguments_print_usage_and_exit_two() {
    let (code, _, err) = run(&[], "");
    assert_eq!(code, 2);
    assert!(err.contains("usage"));
}

#[test]
fn validate_recognises_scenarios_and_locates_their_errors() {
    let (code, out, err) = run(&["validate", "static/scenarios/missed-visit.json"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok (scenario \"missed-visit\""), "{out}");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("static/scenarios/missed-visit.json").unwrap()).unwrap();
    v["nodes"][0]["replies"][0]["next"] = serde_json::json!("nowhere-at-all");
    let bad = temp_file("bad-scenario.json", &v.to_string());
    let (code, _, err) = run(&["validate", bad.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("nodes[0].replies[0].next") && err.contains("nowhere-at-all"), "{err}");
}

#[test]
fn the_published_scenario_schema_is_current() {
    let (code, out, _) = run(&["schema", "scenario"], "");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::from_str::<serde_json::Value>(include_str!("../static/schema/scenario.schema.json")).unwrap(),
        "run `cargo run --bin turnaround -- schema scenario > static/schema/scenario.schema.json`"
    );
}

#[test]
fn coach_reviews_stdin_and_reads_temperature() {
    let (code, out, _) = run(&["coach"], "Sorry, but that's our policy.");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"but_apology"), "{out}");
    let (code, out, _) = run(&["coach", "--temperature"], "THIS IS THE THIRD TIME!!! cancel my account");
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["level"], "furious", "{out}");
}

#[test]
fn coach_macros_prints_a_table_for_a_csv_library() {
    let csv = temp_file("macros.csv", "name,text\nrefund,\"Sorry, but refunds take 10 days. It's our policy.\"\nthanks,Thank you for your patience; I will call you by 3 pm today.\n");
    let (code, out, err) = run(&["coach", "--macros", csv.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("refund") && out.contains("but_apology"), "{out}");
    let (code, _, _) = run(&["coach", "--macros", "no/such.csv"], "");
    assert_eq!(code, 1);
}

#[test]
fn coach_refuses_an_argument_it_does_not_know_instead_of_ignoring_it() {
    let (code, out, err) = run(&["coach", "--anything"], "Sorry, but that's policy.");
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("coach does not know the argument \"--anything\""), "{err}");
    assert!(err.contains("usage:"), "{err}");
}

#[test]
fn coach_says_which_languages_it_reads_and_refuses_the_others() {
    let (code, out, err) = run(&["coach", "--lang", "es"], "Lo siento, pero es nuestra política y no puedo hacer nada.");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("but_apology") && out.contains("policy_wall"), "{out}");
    let (code, out, err) = run(&["coach", "--lang", "de", "--temperature"], "ES IST SCHON DAS DRITTE MAL!!! Ich kündige sofort alles.");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"angry\"") || out.contains("\"furious\""), "{out}");
    let (code, _, err) = run(&["coach", "--lang", "de", "--macros", "replies.csv"], "");
    assert_eq!(code, 2);
    assert!(err.contains("English replies only"), "{err}");
    let (code, _, err) = run(&["coach", "--lang", "klingon"], "x");
    assert_eq!(code, 2);
    assert!(err.contains("unknown coach language \"klingon\""), "{err}");
    let (code, _, err) = run(&["coach", "--lang"], "x");
    assert_eq!(code, 2);
    assert!(err.contains("--lang needs a language"), "{err}");
    let (code, out, err) = run(&["coach", "--lang", "en"], "Sorry, but that's our policy.");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("but_apology"), "{out}");
    let (_, help, _) = run(&["--help"], "");
    assert!(help.contains("--lang en|es|de"), "{help}");
    assert!(help.contains("es (Spanish)") && help.contains("de (German)"), "{help}");
}

#[test]
fn unknown_commands_and_stray_flags_are_named() {
    let (code, _, err) = run(&["frobnicate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("unknown command \"frobnicate\""), "{err}");
    let (code, _, err) = run(&["validate", "--strict", "static/playbooks/laptop.json"], "");
    assert_eq!(code, 2);
    assert!(err.contains("validate takes files only, not \"--strict\""), "{err}");
}

#[test]
fn validate_checks_a_playbooks_language_and_that_language_versions_have_the_same_steps() {
    let english = std::fs::read_to_string("static/playbooks/laptop.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&english).unwrap();
    value["lang"] = "fr".into();
    let french = temp_file("laptop-fr.json", &value.to_string());
    let (code, _, err) = run(&["validate", french.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("lang: \"fr\" is not a language playbooks are written in"), "{err}");

    value["lang"] = "es".into();
    let same = temp_file("laptop-es.json", &value.to_string());
    let (code, out, err) = run(&["validate", "static/playbooks/laptop.json", same.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("playbook \"laptop\" (es)"), "{out}");

    let steps = value["steps"].as_array_mut().unwrap();
    steps.swap(0, 1);
    let swapped = temp_file("laptop-es-swapped.json", &value.to_string());
    let (code, _, err) = run(&["validate", "static/playbooks/laptop.json", swapped.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("steps[0].id: es version differs from the en version of \"laptop\""), "{err}");
    assert!(err.contains("compared with static/playbooks/laptop.json"), "{err}");
}

#[test]
fn the_spanish_and_german_built_ins_validate_and_keep_the_english_steps() {
    for lang in ["es", "de"] {
        for id in ["turnaround", "laptop", "leap", "six-step", "ten-step"] {
            let english = format!("static/playbooks/{id}.json");
            let version = format!("static/playbooks/{lang}/{id}.json");
            let (code, out, err) = run(&["validate", &english, &version], "");
            assert_eq!(code, 0, "{version}: {err}");
            assert!(out.contains(&format!("playbook \"{id}\" ({lang})")), "{out}");
        }
    }
}
