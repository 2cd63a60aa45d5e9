//! Is it JSON at all? serde_json reads the whole document first, and a syntax error is told as the format
//! tells it: `invalid JSON at line 5, column 19: unknown escape`, at the line and the column (in characters,
//! as an editor counts them) of the character at fault. The same reading refuses a field written twice in
//! one object and nesting deeper than [`MAX_DEPTH`], which serde_json would accept.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::fields::shown;

/// Arrays and objects may nest this deep.
pub const MAX_DEPTH: usize = 64;

/// Checks that `text` is one JSON value with no repeated field and no deeper nesting than allowed.
pub fn check(text: &str) -> Result<(), String> {
    let mut reader = serde_json::Deserializer::from_str(text);
    Checked { depth: 0 }
        .deserialize(&mut reader)
        .and_then(|()| reader.end())
        .map_err(|e| {
            let (offset, reason) = explain(text, &e);
            let (line, column) = line_and_column(text, offset);
            format!("invalid JSON at line {line}, column {column}: {reason}")
        })
}

/// Reads any JSON value, checking as it goes what serde_json does not.
struct Checked {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Checked {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Checked {
    fn deeper<E: de::Error>(&self) -> Result<Checked, E> {
        if self.depth == MAX_DEPTH {
            return Err(E::custom(TOO_DEEP));
        }
        Ok(Checked { depth: self.depth + 1 })
    }
}

const TOO_DEEP: &str = "nested too deeply";
const TWICE: &str = " appears twice";

impl<'de> Visitor<'de> for Checked {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while seq.next_element_seed(Checked { depth: inner.depth })?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        let mut keys: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                return Err(de::Error::custom(format!("field \"{}\"{TWICE}", shown(&key))));
            }
            map.next_value_seed(Checked { depth: inner.depth })?;
            keys.push(key);
        }
        Ok(())
    }
}

/// The byte offset serde_json's (line, column) names: its column counts bytes from the line's start.
fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        n => text.match_indices('\n').nth(n - 2).map_or(text.len(), |(i, _)| i + 1),
    };
    (start + column).min(text.len())
}

/// The 1-based line and column of byte `offset`, the column counted in characters (a character cut by the
/// offset counts as one).
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let whole = floor_char_boundary(text, offset);
    let before = &text[..whole];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let cut = usize::from(whole < offset.min(text.len()));
    (line, before[line_start..].chars().count() + cut + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The last byte before `offset` that is not white space, with its position.
fn last_significant(text: &str, offset: usize) -> Option<(usize, u8)> {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, b)| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .map(|(i, b)| (i, *b))
}

/// Where the fault is and what it is, from serde_json's report: serde_json names the position after what it
/// read, in its own words; the format names the character at fault.
fn explain(text: &str, error: &serde_json::Error) -> (usize, String) {
    let bytes = text.as_bytes();
    let at = serde_offset(text, error.line(), error.column());
    let message = error.to_string();
    let reason = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
    let said = |offset: usize, what: &str| (offset, what.to_string());
    match reason {
        // serde_json may have read one character past the bracket or the field name at fault.
        r if r == TOO_DEEP => {
            let bracket = bytes[..at].iter().rposition(|b| matches!(b, b'[' | b'{')).unwrap_or(0);
            said(bracket, TOO_DEEP)
        }
        r if r.ends_with(TWICE) => said(bytes[..at].iter().rposition(|&b| b == b'"').map_or(at, |q| q + 1), r),
        "EOF while parsing a value" | "EOF while parsing a list" | "EOF while parsing an object" => at_the_end(text),
        "key must be a string" => said(at - 1, "expected a field name in double quotes"),
        "expected `:`" => said(at - 1, "expected ':' after a field name"),
        "expected `,` or `]`" => said(at - 1, "expected ',' or ']' in an array"),
        "expected `,` or `}`" => said(at - 1, "expected ',' or '}' in an object"),
        "trailing characters" => said(at - 1, "unexpected text after the JSON value"),
        "trailing comma" => match bytes.get(at - 1) {
            Some(b'}') => said(at - 1, "expected a field name in double quotes"),
            _ => said(at - 1, "expected a value"),
        },
        "expected value" => said(at - 1, "expected a value"),
        "expected ident" => said(word_start(bytes, at), "expected a value"),
        "invalid number" | "number out of range" => number_fault(bytes, at),
        r if r.starts_with("control character")
            || [
                "EOF while parsing a string",
                "invalid escape",
                "unexpected end of hex escape",
                "lone leading surrogate in hex escape",
                "invalid unicode code point",
            ]
            .contains(&r) =>
        {
            string_fault(bytes).unwrap_or((at, r.to_string()))
        }
        other => said(at, other),
    }
}

/// What the document lacks where it ends: by the innermost array or object still open, and what was last
/// written in it.
fn at_the_end(text: &str) -> (usize, String) {
    let bytes = text.as_bytes();
    let end = text.len();
    let said = |what: &str| (end, what.to_string());
    let last = last_significant(text, end);
    // A number cut short, such as "1e" or "-": the run of number characters it ends with starts a number.
    if let Some((i, b'-' | b'+' | b'.' | b'e' | b'E')) = last {
        let run = bytes[..=i]
            .iter()
            .rev()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'));
        let first = bytes[i + 1 - run.count()];
        if first == b'-' || first.is_ascii_digit() {
            return number_fault(bytes, end);
        }
    }
    match (open_container(bytes), last) {
        (_, None | Some((_, b':'))) => said("the document ends where a value was expected"),
        (Some(b'['), Some((_, b'[' | b','))) => said("the document ends where a value was expected"),
        (Some(b'['), _) => said("expected ',' or ']' in an array"),
        (Some(_), Some((_, b'{' | b','))) => said("expected a field name in double quotes"),
        (Some(_), Some((i, b'"'))) if string_is_key(text, i) => said("expected ':' after a field name"),
        (Some(_), _) => said("expected ',' or '}' in an object"),
        (None, _) => said("the document ends where a value was expected"),
    }
}

/// The innermost array (`[`) or object (`{`) still open at the end of `bytes`, which is valid JSON cut
/// short.
fn open_container(bytes: &[u8]) -> Option<u8> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => open.push(b),
            b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.last().copied()
}

/// The first fault in a string of `bytes`, read as the format reads strings: no control character, escapes
/// among `\" \\ / b f n r t` and `\uXXXX`, a high surrogate followed by a low one, and a closing quote.
fn string_fault(bytes: &[u8]) -> Option<(usize, String)> {
    let fault = |at: usize, what: &str| Some((at, what.to_string()));
    let hex = |i: usize| {
        bytes
            .get(i..i + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())
    };
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if !in_string {
            in_string = b == b'"';
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = false,
            b'\n' | b'\r' => return fault(i, "unterminated string: a line break before its closing quote"),
            0..=0x1f => return fault(i, "control character in a string"),
            b'\\' => {
                i += 1;
                match bytes.get(i) {
                    None => return fault(i, "unfinished escape"),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => {
                        let Some(first) = hex(i + 1) else {
                            return fault(i + 1, "expected four hex digits after \\u");
                        };
                        i += 4;
                        if (0xD800..0xDC00).contains(&first) {
                            if bytes.get(i + 1..i + 3) != Some(b"\\u") {
                                return fault(i + 1, "unpaired surrogate");
                            }
                            let Some(second) = hex(i + 3) else {
                                return fault(i + 3, "expected four hex digits after \\u");
                            };
                            i += 6;
                            if !(0xDC00..0xE000).contains(&second) {
                                return fault(i + 1, "unpaired surrogate");
                            }
                        } else if (0xDC00..0xE000).contains(&first) {
                            return fault(i + 1, "invalid code point");
                        }
                    }
                    Some(_) => return fault(i + 1, "unknown escape"),
                }
            }
            _ => {}
        }
        i += 1;
    }
    in_string.then(|| (bytes.len(), "unterminated string".to_string()))
}

/// Whether the string that ends at byte `close` is a field name: the string before a field's colon.
fn string_is_key(text: &str, close: usize) -> bool {
    let bytes = text.as_bytes();
    let mut i = close;
    // Back to the opening quote: a quote not escaped by an odd run of backslashes.
    loop {
        let Some(quote) = bytes[..i].iter().rposition(|&b| b == b'"') else {
            return false;
        };
        let backslashes = bytes[..quote].iter().rev().take_while(|&&b| b == b'\\').count();
        i = quote;
        if backslashes % 2 == 0 {
            break;
        }
    }
    matches!(last_significant(text, i), Some((_, b'{' | b',')))
}

/// Where the word that ends before byte `at` (such as `tru`) begins: serde_json has read the character that
/// did not fit the word too.
fn word_start(bytes: &[u8], at: usize) -> usize {
    let mut i = at.min(bytes.len());
    if i > 0 && !bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    while i > 0 && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    i
}

/// What is wrong with the number around byte `at`, by the grammar of JSON numbers.
fn number_fault(bytes: &[u8], at: usize) -> (usize, String) {
    let is_part = |b: &u8| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E');
    // serde_json may have read past the number that ends too soon: over white space, and one character more.
    let mut start = at.min(bytes.len());
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'\r') {
        start -= 1;
    }
    if start > 0 && !is_part(&bytes[start - 1]) {
        start -= 1;
        while start > 0 && matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'\r') {
            start -= 1;
        }
    }
    while start > 0 && is_part(&bytes[start - 1]) {
        start -= 1;
    }
    // A minus sign starts a number; a sign after an exponent's letter does not.
    while start < bytes.len() && bytes[start] != b'-' && !bytes[start].is_ascii_digit() {
        start += 1;
    }
    let digits = |i: usize| {
        bytes[i.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    let whole = digits(i);
    if whole == 0 {
        return (i, "expected digits".to_string());
    }
    if whole > 1 && bytes[i] == b'0' {
        return (i, "a number may not start with 0".to_string());
    }
    i += whole;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(i) == 0 {
            return (i, "expected digits after '.'".to_string());
        }
        i += digits(i);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(i) == 0 {
            return (i, "expected digits in the exponent".to_string());
        }
    }
    (start, "a number too large to read".to_string())
}
