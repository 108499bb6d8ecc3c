//! What every content file (a playbook, a scenario) is checked for, in one
//! place: the located JSON reader, the errors any file can have (size, empty
//! or over-long text, too many entries, ids), the checks that find them, and
//! the one-per-line rendering of an error list. Each file type adds its own
//! errors on top (placeholders for playbooks, targets for scenarios).

use serde::de::{Deserialize, DeserializeOwned};
use std::collections::HashMap;
use std::fmt;

/// A problem any content file can have, and where (a JSON path).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("{path}: {message}")]
    Json { path: String, message: String },
    #[error("the file is {size} bytes; a {kind} may be at most {max} bytes")]
    TooLarge { kind: &'static str, size: usize, max: usize },
    #[error("{path}: must not be empty")]
    Empty { path: String },
    #[error("{path}: {len} characters; at most {max} are allowed")]
    TooLong { path: String, len: usize, max: usize },
    #[error("{path}: {count} entries; at most {max} are allowed")]
    TooMany { path: String, count: usize, max: usize },
    #[error("{path}: id {id:?} may use only lowercase letters, digits and dashes")]
    BadId { path: String, id: String },
    #[error("{path}: id {id:?} is used twice (first at {first})")]
    DuplicateId { path: String, id: String, first: String },
}

/// Reads a content file of type `T`: refused whole when larger than
/// `max_bytes`, then deserialized with a located error, then `validate`d.
pub fn parse_file<T: DeserializeOwned, E: From<ContentError>>(
    json: &str,
    kind: &'static str,
    max_bytes: usize,
    validate: impl FnOnce(&T) -> Vec<E>,
) -> Result<T, Vec<E>> {
    if json.len() > max_bytes {
        return Err(vec![ContentError::TooLarge { kind, size: json.len(), max: max_bytes }.into()]);
    }
    let value: T = deserialize_located(json).map_err(|(path, message)| vec![ContentError::Json { path, message }.into()])?;
    let errors = validate(&value);
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

/// Deserializes a content file; a failure comes back as (JSON path, message),
/// the path `(top level)` when it is the document itself.
///
/// The path is found only on a failure, from where serde_json stopped
/// ([`path_at`]), so the read itself is plain serde_json: no path-tracking
/// wrapper around every type's deserializer (which doubled that code in the
/// wasm). Like the wrapper it replaced, nothing after the document is read.
pub fn deserialize_located<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_str(json);
    T::deserialize(&mut de).map_err(|e| {
        let at = byte_offset(json, e.line(), e.column());
        // The text itself is broken there when a reader of any JSON stops there too.
        let syntax = serde::de::IgnoredAny::deserialize(&mut serde_json::Deserializer::from_str(json)).err();
        let text_broken = syntax.is_some_and(|s| byte_offset(json, s.line(), s.column()) <= at);
        let path = path_at(json, at, text_broken);
        let path = if path == "." { "(top level)".to_string() } else { path };
        (path, without_position(&e))
    })
}

/// The byte offset of serde_json's position (line from 1, column = bytes of
/// that line already read).
fn byte_offset(json: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        n => json.match_indices('\n').nth(n - 2).map_or(json.len(), |(i, _)| i + 1),
    };
    (start + column).min(json.len())
}

/// The JSON path of what a reader of `json` stopped in after reading its
/// first `at` bytes, written as serde_path_to_error writes it (`.` for the
/// document, `nodes[2].replies[0].next`, `persona.name`).
///
/// When a value is wrong (`text_broken` false) that is the key or list index
/// whose value was being read, from the moment the key is read (an unknown
/// field is located at itself) and before a byte of a value of the wrong
/// kind is, or the object or list that had just closed (a field missing from
/// it). When the text itself is broken (cut off, a stray character), a key or
/// element is part of the path only while its value is being read (for a
/// key, from its colon on): between two of them the reader was in their
/// object or list.
pub fn path_at(json: &str, at: usize, text_broken: bool) -> String {
    #[derive(PartialEq)]
    enum Value {
        Before,
        Begun,
        Done,
    }
    /// An object (`index` is `None`) or a list, with where its current value is.
    struct Frame {
        key: Option<String>,
        index: Option<usize>,
        value: Value,
    }
    fn begin(stack: &mut [Frame]) {
        if let Some(top) = stack.last_mut().filter(|f| f.value == Value::Before) {
            top.value = Value::Begun;
        }
    }
    fn done(stack: &mut [Frame]) {
        if let Some(top) = stack.last_mut() {
            top.value = Value::Done;
        }
    }
    let bytes = &json.as_bytes()[..at.min(json.len())];
    let mut stack: Vec<Frame> = Vec::new();
    // Where a number or a literal (true, false, null) being read began.
    let mut scalar: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if scalar.is_some() {
            if !(b.is_ascii_whitespace() || matches!(b, b',' | b']' | b'}')) {
                i += 1;
                continue;
            }
            scalar = None;
            done(&mut stack);
        }
        match b {
            b'{' | b'[' => {
                begin(&mut stack);
                stack.push(Frame { key: None, index: (b == b'[').then_some(0), value: Value::Before });
            }
            b'}' | b']' => {
                stack.pop();
                done(&mut stack);
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.value = Value::Before;
                    match &mut top.index {
                        Some(n) => *n += 1,
                        None => top.key = None,
                    }
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let closed = i < bytes.len();
                match stack.last_mut() {
                    Some(top) if top.index.is_none() && top.key.is_none() => {
                        top.key = Some(unescape(&String::from_utf8_lossy(&bytes[start..i.min(bytes.len())])));
                    }
                    _ => {
                        begin(&mut stack);
                        if closed {
                            done(&mut stack);
                        }
                    }
                }
            }
            // After its colon a key's value is being read, though no byte of it is yet.
            b':' => begin(&mut stack),
            b if b.is_ascii_whitespace() => {}
            _ => {
                begin(&mut stack);
                scalar = Some(i);
            }
        }
        i += 1;
    }
    if let Some(start) = scalar {
        let token = &bytes[start..];
        if matches!(token, b"true" | b"false" | b"null") || token.last().is_some_and(u8::is_ascii_digit) {
            done(&mut stack);
        }
    }
    let mut path = String::new();
    for frame in stack.iter().filter(|f| !text_broken || f.value == Value::Begun) {
        match (&frame.key, frame.index) {
            (_, Some(n)) => path.push_str(&format!("[{n}]")),
            (Some(key), None) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            (None, None) => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A key's text as written between its quotes, escapes undone.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}

/// serde_json's message without its line and column, which a JSON path makes
/// redundant; kept when the JSON itself is broken, where they are the only locator.
fn without_position(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = e.to_string();
    match e.classify() {
        Category::Syntax | Category::Eof => text,
        _ => text.rsplit_once(" at line ").map_or(text.clone(), |(head, _)| head.to_string()),
    }
}

/// An id: present, at most `max` bytes, lowercase letters, digits and dashes.
pub fn check_id<E: From<ContentError>>(path: &str, id: &str, max: usize, errs: &mut Vec<E>) {
    if id.is_empty() {
        errs.push(ContentError::Empty { path: path.into() }.into());
    } else if id.len() > max {
        errs.push(ContentError::TooLong { path: path.into(), len: id.len(), max }.into());
    } else if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        errs.push(ContentError::BadId { path: path.into(), id: id.into() }.into());
    }
}

/// An id not seen before under `seen` (which remembers where each was first).
pub fn check_unique<'a, E: From<ContentError>>(seen: &mut HashMap<&'a str, String>, path: &str, id: &'a str, errs: &mut Vec<E>) {
    match seen.get(id) {
        Some(first) => errs.push(ContentError::DuplicateId { path: path.into(), id: id.into(), first: first.clone() }.into()),
        None => {
            seen.insert(id, path.into());
        }
    }
}

/// A text that must be there (not blank) and at most `max` characters.
pub fn check_text<E: From<ContentError>>(path: &str, text: &str, max: usize, errs: &mut Vec<E>) {
    if text.trim().is_empty() {
        errs.push(ContentError::Empty { path: path.into() }.into());
    } else {
        check_length(path, text, max, errs);
    }
}

/// A text of at most `max` characters (empty allowed).
pub fn check_length<E: From<ContentError>>(path: &str, text: &str, max: usize, errs: &mut Vec<E>) {
    let len = text.chars().count();
    if len > max {
        errs.push(ContentError::TooLong { path: path.into(), len, max }.into());
    }
}

/// A list of at most `max` entries.
pub fn check_count<E: From<ContentError>>(path: &str, count: usize, max: usize, errs: &mut Vec<E>) {
    if count > max {
        errs.push(ContentError::TooMany { path: path.into(), count, max }.into());
    }
}

/// Writes errors one per line: how every located-error list in the core reads.
pub fn fmt_lines<E: fmt::Display>(errors: &[E], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}
