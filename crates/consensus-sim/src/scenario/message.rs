//! Errors as the format words them: the place, as a path through the document (`events[3].node`), and the
//! reason. serde_path_to_error tracks the place while serde reads; serde's own words for a missing, unknown or
//! repeated field become the format's here, once for every document type.

use serde::de::DeserializeOwned;
use serde_path_to_error::{Path, Segment};

use super::fields::shown;

/// `path` extended by the field `key`, as an error names it.
pub fn join(path: &str, key: &str) -> String {
    let key = if key.is_empty() { "\"\"".to_string() } else { shown(key) };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

/// `reason` at `path`: "events[3].node: node 7 does not exist (nodes = 5)".
pub fn at(path: &str, reason: impl std::fmt::Display) -> String {
    if path.is_empty() {
        format!("{reason}")
    } else {
        format!("{path}: {reason}")
    }
}

/// A path as the format writes it: fields joined by dots, array positions in brackets.
fn path_text(path: &Path) -> String {
    let mut text = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => text.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => text = join(&text, key),
            Segment::Unknown => text = join(&text, "?"),
        }
    }
    text
}

/// serde_json's message without the position it appends ("… at line 3 column 7").
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) if error.line() > 0 => text[..i].to_string(),
        _ => text,
    }
}

/// Reads `text` as a `T`, after its syntax has been checked, so every error is about what a value means.
/// `prefix` is the place of `text` in a larger document ("events[2].quiz"), or empty.
pub fn read<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, String> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut reader) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let path = path_text(error.path());
    let path = match (prefix.is_empty(), path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => path,
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    };
    let reason = without_position(error.inner());
    // serde's own words for a struct's fields, in the format's.
    let quoted = |word: &str| {
        reason
            .strip_prefix(word)
            .and_then(|rest| rest.strip_prefix('`'))
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(field) = quoted("missing field ") {
        return Err(at(&join(&path, &field), "missing (this field is required)"));
    }
    if quoted("unknown field ").is_some() {
        // The path already ends with the field's name.
        return Err(at(&path, "unknown field"));
    }
    Err(at(&path, reason))
}
