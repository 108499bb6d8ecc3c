//! `turnaround`: the command-line tool over the pure core, for content authors
//! and teams cleaning up their canned replies.
//!
//! ```text
//! turnaround validate FILE...        check playbook and scenario files
//! turnaround schema [playbook|scenario]  print the JSON Schema of a file kind
//! turnaround coach [--temperature] [--lang en|es|de]   review a draft (or read a customer message) from stdin
//! turnaround coach --macros FILE     review a team's canned replies
//! ```
//!
//! Every command refuses an argument it does not know, with usage, exit 2.

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
    use turnaround::core::locale::Lang;
    use turnaround::core::{coach, playbook, trainer};

    const USAGE: &str = "usage:\n  turnaround validate FILE...            check playbooks and scenarios; language versions of one playbook (same id, another \"lang\") must have the same steps\n  turnaround schema [playbook|scenario]   print the JSON Schema\n  turnaround coach [--temperature] [--lang en|es|de] < draft.txt\n                                          review a draft, or read a customer message's temperature\n  turnaround coach --macros FILE.csv|FILE.json\n                                          review a team's canned replies\n\ncoach languages: en (English, the default), es (Spanish), de (German); the structural notes (missing thanks, apology, time; interrupting) are English only\n";

    /// The coach's languages; `--lang` refuses anything else by name.
    const COACH_LANGUAGES: [(&str, Lang); 3] = [("en", Lang::En), ("es", Lang::Es), ("de", Lang::De)];

    fn usage_error(err: &mut dyn Write, problem: &str) -> i32 {
        let _ = write!(err, "turnaround: {problem}\n\n{USAGE}");
        2
    }

    /// Runs one command; returns the exit code (0 ok, 1 invalid input, 2 usage).
    pub fn run(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        match args.first().map(String::as_str) {
            Some("validate") if args.len() > 1 => match args[1..].iter().find(|a| a.starts_with("--")) {
                Some(flag) => usage_error(err, &format!("validate takes files only, not {flag:?}")),
                None => validate(&args[1..], out, err),
            },
            Some("validate") => usage_error(err, "validate needs at least one file"),
            Some("schema") if args.len() > 2 => usage_error(err, &format!("schema takes one kind, not {:?}", args[2])),
            Some("schema") => schema(args.get(1).map(String::as_str).unwrap_or("playbook"), out, err),
            Some("coach") => coach_cmd(&args[1..], stdin, out, err),
            Some("--help" | "-h" | "help") => {
                let _ = write!(out, "{USAGE}");
                0
            }
            None => usage_error(err, "no command given"),
            Some(other) => usage_error(err, &format!("unknown command {other:?}")),
        }
    }

    fn validate(files: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let mut failed = 0;
        let mut playbooks: Vec<(&str, playbook::Playbook)> = Vec::new();
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
                        let summary = format!(
                            "playbook {:?} ({}), {} steps, {} phrases",
                            p.id,
                            p.lang.as_deref().unwrap_or("en"),
                            p.steps.len(),
                            p.steps.iter().map(|s| s.phrases.len()).sum::<usize>()
                        );
                        playbooks.push((file, p));
                        summary
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
        // Language versions of one playbook, checked against the first file given.
        for (i, (file, version)) in playbooks.iter().enumerate() {
            let Some((first_file, first)) = playbooks[..i].iter().find(|(_, p)| p.id == version.id) else { continue };
            let problems = playbook::same_steps(version, first);
            if !problems.is_empty() {
                failed += 1;
                for e in problems {
                    let _ = writeln!(err, "{file}: {e} (compared with {first_file})");
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

    /// What `turnaround coach` was asked for, once every argument is understood.
    struct CoachArgs<'a> {
        temperature: bool,
        macros: Option<&'a str>,
        lang: Lang,
    }

    fn coach_args(args: &[String]) -> Result<CoachArgs<'_>, String> {
        let mut parsed = CoachArgs { temperature: false, macros: None, lang: Lang::En };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--temperature" => parsed.temperature = true,
                "--macros" => parsed.macros = Some(rest.next().ok_or("--macros needs a file (.csv or .json)")?),
                "--lang" => {
                    let lang = rest.next().ok_or("--lang needs a language (en, es or de)")?;
                    parsed.lang = COACH_LANGUAGES
                        .iter()
                        .find(|(tag, _)| tag == lang)
                        .map(|(_, l)| *l)
                        .ok_or_else(|| format!("unknown coach language {lang:?} (known: en, es, de)"))?;
                }
                other => return Err(format!("coach does not know the argument {other:?}")),
            }
        }
        if parsed.temperature && parsed.macros.is_some() {
            return Err("--temperature and --macros do not go together".into());
        }
        if parsed.macros.is_some() && parsed.lang != Lang::En {
            return Err("--macros reviews English replies only for now".into());
        }
        Ok(parsed)
    }

    fn coach_cmd(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let args = match coach_args(args) {
            Ok(a) => a,
            Err(problem) => return usage_error(err, &problem),
        };
        if let Some(file) = args.macros {
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
        if let Err(e) = coach::lang::check(args.lang) {
            let _ = writeln!(err, "the {} coach's data does not read: {e}", args.lang.tag());
            return 1;
        }
        let json = if args.temperature {
            serde_json::to_string_pretty(&coach::lang::temperature(args.lang, &text))
        } else {
            serde_json::to_string_pretty(&coach::lang::review(args.lang, &text, &coach::ReviewContext::default()))
        };
        let _ = writeln!(out, "{}", json.unwrap_or_default());
        0
    }
}
