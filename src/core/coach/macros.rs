//! Reviewing a whole library of canned replies (macros) at once, for
//! `turnaround coach --macros FILE`: JSON or CSV in, a plain-text table out.

use super::{review, Code, ReviewContext};

/// One canned reply: a display name and its text.
struct Macro {
    name: String,
    text: String,
}

/// Reviews every canned reply in a library and returns a plain-text table:
/// one row per reply with its name, the codes found and how many rewrites
/// the coach suggests, then a summary line.
///
/// The library is JSON — an array of strings or of objects with a `"text"`
/// field and an optional `"name"`, `"title"` or `"id"` (the array may also
/// sit under a top-level `"macros"` or `"replies"` key) — or CSV with a
/// header row that has a `text` column (and optionally `name`, `title` or
/// `id`), quoted as in RFC 4180. Errors say where: `item 3: …`, `line 7: …`.
pub fn macros_report(input: &str) -> Result<String, String> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let trimmed = input.trim_start();
    let macros = if trimmed.starts_with('[') || trimmed.starts_with('{') { from_json(input)? } else { from_csv(input)? };
    if macros.is_empty() {
        return Err("no replies found: expected a JSON array or a CSV file with a \"text\" column".into());
    }
    let ctx = ReviewContext::default();
    let mut rows: Vec<[String; 4]> = Vec::new();
    let (mut flagged, mut total_rewrites) = (0, 0);
    for (i, m) in macros.iter().enumerate() {
        let rv = review(&m.text, &ctx);
        let codes: Vec<&str> = rv.codes().into_iter().map(Code::as_str).collect();
        let mut spans: Vec<(usize, usize)> =
            rv.findings.iter().filter(|f| f.rewrite.is_some()).filter_map(|f| f.rewrite_span).map(|s| (s.start, s.end)).collect();
        spans.sort_unstable();
        spans.dedup();
        if !codes.is_empty() {
            flagged += 1;
        }
        total_rewrites += spans.len();
        rows.push([
            (i + 1).to_string(),
            clip(&m.name, 40),
            if codes.is_empty() { "-".to_string() } else { codes.join(", ") },
            spans.len().to_string(),
        ]);
    }
    let header = ["#", "name", "codes", "rewrites"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: [&str; 4], out: &mut String| {
        let mut l = String::new();
        for (k, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            // Numbers (the first and last columns) align right, text aligns left.
            if k == 0 || k == 3 {
                l.push_str(&" ".repeat(pad));
                l.push_str(cell);
            } else {
                l.push_str(cell);
                l.push_str(&" ".repeat(pad));
            }
            l.push_str("  ");
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line([&rule[0], &rule[1], &rule[2], &rule[3]], &mut out);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]], &mut out);
    }
    out.push_str(&format!("\n{} replies reviewed, {} with findings, {} suggested rewrites\n", rows.len(), flagged, total_rewrites));
    Ok(out)
}

/// A name for a table cell: one line, at most `max` characters.
fn clip(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        one
    } else {
        let mut c: String = one.chars().take(max.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

fn from_json(input: &str) -> Result<Vec<Macro>, String> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(input).map_err(|e| format!("invalid JSON: {e}"))?;
    let items = match &v {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("macros").or_else(|| o.get("replies")) {
            Some(Value::Array(a)) => a,
            _ => return Err("expected a JSON array of replies (or an object with a \"macros\" array)".into()),
        },
        _ => return Err("expected a JSON array of replies".into()),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        match item {
            Value::String(s) => out.push(Macro { name: format!("#{n}"), text: s.clone() }),
            Value::Object(o) => {
                let text = match o.get("text") {
                    Some(Value::String(s)) => s.clone(),
                    Some(_) => return Err(format!("item {n}: \"text\" must be a string")),
                    None => return Err(format!("item {n}: no \"text\" field")),
                };
                let name = ["name", "title", "id"]
                    .iter()
                    .find_map(|k| match o.get(*k) {
                        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                        Some(Value::Number(x)) => Some(x.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| format!("#{n}"));
                out.push(Macro { name, text });
            }
            _ => return Err(format!("item {n}: expected a string or an object with a \"text\" field")),
        }
    }
    Ok(out)
}

fn from_csv(input: &str) -> Result<Vec<Macro>, String> {
    let records = parse_csv(input)?;
    let mut it = records.into_iter();
    let Some((_, header)) = it.next() else {
        return Ok(Vec::new());
    };
    let col = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let text_col = col(&["text"]).ok_or("line 1: the header has no \"text\" column")?;
    let name_col = col(&["name"]).or_else(|| col(&["title"])).or_else(|| col(&["id"]));
    let mut out = Vec::new();
    for (k, (line, rec)) in it.enumerate() {
        if rec.len() == 1 && rec[0].is_empty() {
            continue; // a blank line
        }
        let text =
            rec.get(text_col).ok_or_else(|| format!("line {line}: {} fields, but \"text\" is column {}", rec.len(), text_col + 1))?;
        let name = name_col.and_then(|c| rec.get(c)).filter(|s| !s.trim().is_empty()).cloned().unwrap_or_else(|| format!("#{}", k + 1));
        out.push(Macro { name, text: text.clone() });
    }
    Ok(out)
}

/// RFC 4180 records, each with the line it starts on: fields separated by
/// commas, quoted with `"` (a doubled `""` inside is one quote), CRLF or LF.
fn parse_csv(input: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut rec: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut rec_line = 1usize;
    let mut quoted = false; // inside a quoted field
    let mut was_quoted = false; // the current field was quoted
    let mut quote_line = 1usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
                quote_line = line;
            }
            ',' => {
                rec.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                rec.push(std::mem::take(&mut field));
                was_quoted = false;
                records.push((rec_line, std::mem::take(&mut rec)));
                line += 1;
                rec_line = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {quote_line}: a quoted field is never closed"));
    }
    if !field.is_empty() || !rec.is_empty() || was_quoted {
        rec.push(field);
        records.push((rec_line, rec));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_newlines() {
        let recs = parse_csv("name,text\r\n\"A, b\",\"say \"\"hi\"\"\nthen\"\nc,d").unwrap();
        assert_eq!(recs[1], (2, vec!["A, b".to_string(), "say \"hi\"\nthen".to_string()]));
        assert_eq!(recs[2], (4, vec!["c".to_string(), "d".to_string()]));
    }

    #[test]
    fn an_unclosed_quote_is_located() {
        assert_eq!(parse_csv("text\n\"oops").unwrap_err(), "line 2: a quoted field is never closed");
    }
}
