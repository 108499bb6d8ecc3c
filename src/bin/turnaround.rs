//! `turnaround`: the command-line tool over the pure core, for content authors
//! and teams cleaning up their canned replies.
//!
//! ```text
//! turnaround validate FILE...        check playbook and scenario files
//! turnaround schema [playbook|scenario]  print the JSON Schema of a file kind
//! turnaround coach [--temperature]   review a draft (or read a customer message) from stdin
//! ```

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = cli::run(&args, &mut std::io::stdin().lock(), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::exit(code);
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::{Read, Write};
    use turnaround::core::{coach, playbook, trainer};

    const USAGE: &str = "usage:\n  turnaround validate FILE...\n  turnaround schema [playbook|scenario]\n  turnaround coach [--temperature] < draft.txt\n  turnaround coach --macros FILE.csv|FILE.json\n";

    /// Runs one command; returns the exit code (0 ok, 1 invalid input, 2 usage).
    pub fn run(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        match args.first().map(String::as_str) {
            Some("validate") if args.len() > 1 => validate(&args[1..], out, err),
            Some("schema") => schema(args.get(1).map(String::as_str).unwrap_or("playbook"), out, err),
            Some("coach") => coach_cmd(&args[1..], stdin, out, err),
            Some("--help" | "-h" | "help") => {
                let _ = write!(out, "{USAGE}");
                0
            }
            _ => {
                let _ = write!(err, "{USAGE}");
                2
            }
        }
    }

    fn validate(files: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let mut failed = 0;
        for file in files {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(err, "{file}: cannot read: {e}");
                    failed += 1;
                    continue;
                }
            };
            // A scenario has dialogue nodes; anything else is read as a playbook.
            let is_scenario = serde_json::from_str::<serde_json::Value>(&text).ok().is_some_and(|v| v.get("nodes").is_some());
            let result = if is_scenario {
                trainer::parse_scenario(&text)
                    .map(|s| format!("scenario {:?}, {} nodes, {} outcomes", s.id, s.nodes.len(), s.outcomes.len()))
                    .map_err(|e| e.to_string())
            } else {
                playbook::parse(&text)
                    .map(|p| {
                        format!(
                            "playbook {:?}, {} steps, {} phrases",
                            p.id,
                            p.steps.len(),
                            p.steps.iter().map(|s| s.phrases.len()).sum::<usize>()
                        )
                    })
                    .map_err(|e| e.to_string())
            };
            match result {
                Ok(summary) => {
                    let _ = writeln!(out, "{file}: ok ({summary})");
                }
                Err(errors) => {
                    failed += 1;
                    for e in errors.lines() {
                        let _ = writeln!(err, "{file}: {e}");
                    }
                }
            }
        }
        i32::from(failed > 0)
    }

    fn schema(kind: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let schema = match kind {
            "playbook" => serde_json::to_string_pretty(&schemars::schema_for!(playbook::Playbook)).unwrap_or_default(),
            "scenario" => trainer::schema_json(),
            other => {
                let _ = writeln!(err, "unknown schema {other:?}; known: playbook, scenario");
                return 2;
            }
        };
        let _ = writeln!(out, "{}", schema.trim_end());
        0
    }

    fn coach_cmd(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        if let Some(i) = args.iter().position(|a| a == "--macros") {
            let Some(file) = args.get(i + 1) else {
                let _ = write!(err, "{USAGE}");
                return 2;
            };
            return match std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {file}: {e}"))
                .and_then(|t| coach::macros_report(&t))
            {
                Ok(table) => {
                    let _ = write!(out, "{table}");
                    0
                }
                Err(e) => {
                    let _ = writeln!(err, "{file}: {e}");
                    1
                }
            };
        }
        let mut text = String::new();
        if let Err(e) = stdin.read_to_string(&mut text) {
            let _ = writeln!(err, "cannot read stdin: {e}");
            return 1;
        }
        let json = if args.iter().any(|a| a == "--temperature") {
            serde_json::to_string_pretty(&coach::temperature(&text))
        } else {
            serde_json::to_string_pretty(&coach::review(&text, &coach::ReviewContext::default()))
        };
        let _ = writeln!(out, "{}", json.unwrap_or_default());
        0
    }
}
