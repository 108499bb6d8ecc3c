//! `turnaround`: the command-line tool over the pure core, for content authors
//! and teams cleaning up their canned replies.
//!
//! ```text
//! turnaround validate FILE...        check playbook (and scenario) files
//! turnaround schema [playbook]       print the JSON Schema of a playbook file
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
    use turnaround::core::{coach, playbook};

    const USAGE: &str = "usage:\n  turnaround validate FILE...\n  turnaround schema [playbook]\n  turnaround coach [--temperature] < draft.txt\n";

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
            match playbook::parse(&text) {
                Ok(p) => {
                    let phrases: usize = p.steps.iter().map(|s| s.phrases.len()).sum();
                    let _ = writeln!(out, "{file}: ok (playbook {:?}, {} steps, {phrases} phrases)", p.id, p.steps.len());
                }
                Err(errors) => {
                    failed += 1;
                    for e in errors.0 {
                        let _ = writeln!(err, "{file}: {e}");
                    }
                }
            }
        }
        i32::from(failed > 0)
    }

    fn schema(kind: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let schema = match kind {
            "playbook" => schemars::schema_for!(playbook::Playbook),
            other => {
                let _ = writeln!(err, "unknown schema {other:?}; known: playbook");
                return 2;
            }
        };
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
        0
    }

    fn coach_cmd(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
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
