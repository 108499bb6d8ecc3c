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
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
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
    let (code, out, err) = run(&["validate", "static/playbooks/turnaround.json", "static/playbooks/laptop.json", "static/playbooks/leap.json", "static/playbooks/six-step.json", "static/playbooks/ten-step.json"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches(": ok").count(), 5, "{out}");
}

#[test]
fn validate_prints_located_errors_and_exits_one() {
    let bad = temp_file("bad.json", r#"{"id":"x","title":"X","summary":"S","steps":[{"id":"a","title":"T","why":"W","how":"H","phrases":[{"text":"Hi {custmer}","channel":"chat"}]}]}"#);
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
    assert_eq!(v, serde_json::from_str::<serde_json::Value>(include_str!("../static/schema/playbook.schema.json")).unwrap(), "static/schema/playbook.schema.json is stale: run `cargo run --bin turnaround -- schema > static/schema/playbook.schema.json`");
}

#[test]
fn no_arguments_print_usage_and_exit_two() {
    let (code, _, err) = run(&[], "");
    assert_eq!(code, 2);
    assert!(err.contains("usage"));
}
