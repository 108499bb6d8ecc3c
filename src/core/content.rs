//! What every content file (a playbook, a scenario) is checked for, in one
//! place: the located JSON reader, the errors any file can have (size, empty
//! or over-long text, too many entries, ids), the checks that find them, and
//! the one-per-line rendering of an error list. Each file type adds its own
//! errors on top (placeholders for playbooks, targets for scenarios).

use serde::de::DeserializeOwned;
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
pub fn deserialize_located<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "(top level)".to_string() } else { path };
        (path, without_position(e.inner()))
    })
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
