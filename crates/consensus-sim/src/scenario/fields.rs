//! The leaves and containers of a scenario document, each reading its own kind of JSON value and saying, in
//! the format's words, what is wrong with one that does not fit: `expected a whole number, found a string`,
//! `600001 is out of range (1 to 600000)`. The place (`timing.heartbeat_ms`) comes from the path the reader
//! tracks; these types give the reason. Numbers are read as written (serde_json's raw values), so an error
//! quotes them exactly and probabilities round-trip bit for bit.
//!
//! Each type also describes itself as a JSON Schema (with the `schema` feature), so the schema shipped for
//! editors says what the reader accepts.

use crate::protocol::detector::PhiSettings;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// User text as quoted in an error: at most 40 characters, so a hostile document cannot make a huge message.
pub fn shown(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

/// Reads a field that may be left out but, when written, is read as its type: `null` is not "left out", and
/// gets the type's own error ("expected a whole number, found null").
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// The kind of the JSON value written as `raw`, as an error names it.
pub fn kind(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn is_number(raw: &str) -> bool {
    kind(raw) == "a number"
}

/// A whole number in `min..=max`, from its text as written; the message quotes the text.
pub fn whole(raw: &str, min: u64, max: u64) -> Result<u64, String> {
    if !is_number(raw) {
        return Err(format!("expected a whole number, found {}", kind(raw)));
    }
    if raw.starts_with('-') {
        return Err(format!("{} is negative (expected {min} to {max})", shown(raw)));
    }
    if raw.contains(['.', 'e', 'E']) {
        return Err(format!("{} is not a whole number", shown(raw)));
    }
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{} is out of range ({min} to {max})", shown(raw))),
    }
}

/// Reads the next value as it is written.
fn raw<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<RawValue>, D::Error> {
    Box::<RawValue>::deserialize(deserializer)
}

/// Writes a value that is already JSON text.
fn write_raw<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    RawValue::from_string(text.to_string())
        .map_err(serde::ser::Error::custom)?
        .serialize(serializer)
}

pub use super::containers::{Bounded, List, Object};
use super::containers::{Kind, Kinded};

#[cfg(feature = "schema")]
mod schema {
    pub use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    pub use std::borrow::Cow;
}
#[cfg(feature = "schema")]
use schema::*;

/// A whole number from `MIN` to `MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Whole<const MIN: u64, const MAX: u64>(pub u64);

impl<'de, const MIN: u64, const MAX: u64> Deserialize<'de> for Whole<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = raw(deserializer)?;
        whole(raw.get(), MIN, MAX).map(Whole).map_err(de::Error::custom)
    }
}

impl<const MIN: u64, const MAX: u64> Serialize for Whole<MIN, MAX> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<const MIN: u64, const MAX: u64> JsonSchema for Whole<MIN, MAX> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Whole_{MIN}_to_{MAX}").into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": MIN, "maximum": MAX })
    }
}

/// A number kept as written, for a range the rest of the document decides (a node id, a count of nodes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(pub String);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = raw(deserializer)?;
        if is_number(raw.get()) {
            Ok(Number(raw.get().to_string()))
        } else {
            Err(de::Error::custom(format!(
                "expected a whole number, found {}",
                kind(raw.get())
            )))
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_raw(&self.0, serializer)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 1 })
    }
}

/// Text of at most `MAX` characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text<const MAX: usize>(pub String);

impl<'de, const MAX: usize> Deserialize<'de> for Text<MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Expect<const MAX: usize>;
        impl<const MAX: usize> Visitor<'_> for Expect<MAX> {
            type Value = Text<MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<MAX>, E> {
                if s.chars().count() > MAX {
                    Err(E::custom(format!("longer than {MAX} characters")))
                } else {
                    Ok(Text(s.to_string()))
                }
            }
        }
        deserializer.deserialize_any(Kinded::new(Expect::<MAX>, Kind::String))
    }
}

impl<const MAX: usize> Serialize for Text<MAX> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<const MAX: usize> JsonSchema for Text<MAX> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Text_{MAX}").into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "maxLength": MAX })
    }
}

/// `true` or `false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Expect;
        impl Visitor<'_> for Expect {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true or false")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Flag, E> {
                Ok(Flag(b))
            }
        }
        deserializer.deserialize_any(Kinded::new(Expect, Kind::Boolean))
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Flag {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Flag".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "boolean" })
    }
}

/// A probability from 0 to 1, exactly as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probability(pub f64);

impl<'de> Deserialize<'de> for Probability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = raw(deserializer)?;
        let text = raw.get();
        if !is_number(text) {
            return Err(de::Error::custom(format!(
                "expected a number from 0 to 1, found {}",
                kind(text)
            )));
        }
        match text.parse::<f64>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(Probability(p)),
            _ => Err(de::Error::custom(format!(
                "{} is not a probability (expected 0 to 1)",
                shown(text)
            ))),
        }
    }
}

impl Serialize for Probability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Probability {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Probability".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
    }
}

/// Phi accrual's threshold: a number from 0.5 to 50, kept in thousandths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold(pub u32);

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = raw(deserializer)?;
        let text = raw.get();
        if !is_number(text) {
            return Err(de::Error::custom(format!(
                "expected a number from 0.5 to 50, found {}",
                kind(text)
            )));
        }
        match text.parse::<f64>().ok().and_then(PhiSettings::threshold_milli_of) {
            Some(milli) => Ok(Threshold(milli)),
            None => Err(de::Error::custom(format!(
                "{} is not a phi threshold (expected 0.5 to 50)",
                shown(text)
            ))),
        }
    }
}

impl Serialize for Threshold {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_raw(&self.to_string(), serializer)
    }
}

impl std::fmt::Display for Threshold {
    /// As written: "8", "2.5", "0.125".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, milli) = (self.0 / 1000, self.0 % 1000);
        if milli == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{}", format!("{whole}.{milli:03}").trim_end_matches('0'))
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Threshold {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Threshold".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0.5, "maximum": 50 })
    }
}

/// `[min, max]` in milliseconds, each from `MIN` to ten minutes, min not above max.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MsRange<const MIN: u64>(pub u64, pub u64);

/// The longest timing value accepted, in ms: ten minutes.
pub const MAX_TIMING_MS: u64 = 600_000;

impl<'de, const MIN: u64> Deserialize<'de> for MsRange<MIN> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let List(bounds) = List::<Whole<MIN, MAX_TIMING_MS>>::deserialize(deserializer)?;
        let [Whole(min), Whole(max)] = bounds[..] else {
            return Err(de::Error::custom(format!(
                "expected [min, max], found {} numbers",
                bounds.len()
            )));
        };
        if min > max {
            return Err(de::Error::custom(format!("min {min} is greater than max {max}")));
        }
        Ok(MsRange(min, max))
    }
}

impl<const MIN: u64> Serialize for MsRange<MIN> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.0, self.1].serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<const MIN: u64> JsonSchema for MsRange<MIN> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("MsRange_{MIN}").into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "array",
            "description": "[min, max] in milliseconds",
            "items": { "type": "integer", "minimum": MIN, "maximum": MAX_TIMING_MS },
            "minItems": 2,
            "maxItems": 2
        })
    }
}

/// Any JSON value, kept as written: for a field whose meaning the rest of the document decides (a node,
/// named by id or by name).
#[derive(Clone, Debug)]
pub struct Raw(pub Box<RawValue>);

impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        raw(deserializer).map(Raw)
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Raw {
    /// The value of `json`, which must be valid JSON (the writer's own).
    pub fn of(json: String) -> Raw {
        Raw(RawValue::from_string(json).expect("the writer writes JSON"))
    }

    pub fn text(&self) -> &str {
        self.0.get()
    }
}
