//! The containers of a document (arrays, objects, and arrays of bounded length), and the visitor every
//! reader of one kind of JSON value uses to name the kind it found instead: "expected an array, found a
//! string".

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(feature = "schema")]
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
#[cfg(feature = "schema")]
use std::borrow::Cow;

/// An array of `T`: any other kind is named in the error.
#[derive(Clone, Debug, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Items<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
        }
        deserializer.deserialize_any(Kinded::new(Items(PhantomData), Kind::Array))
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for List<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("List_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": generator.subschema_for::<T>() })
    }
}

/// An array of at most `MAX` items of `T`. Past the limit, items are counted, not read, so the refusal
/// says how many there are and costs little.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounded<T, const MAX: usize>(pub Vec<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for Items<T, MAX> {
            type Value = Bounded<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while items.len() < MAX {
                    match seq.next_element()? {
                        Some(item) => items.push(item),
                        None => return Ok(Bounded(items)),
                    }
                }
                // Past the limit the items are only counted, so the message can say how many there are.
                let mut count = items.len();
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    count += 1;
                }
                if count > MAX {
                    return Err(de::Error::custom(format!(
                        "{count} events, more than the {MAX} allowed"
                    )));
                }
                Ok(Bounded(items))
            }
        }
        deserializer.deserialize_any(Kinded::new(Items::<T, MAX>(PhantomData), Kind::Array))
    }
}

impl<T: Serialize, const MAX: usize> Serialize for Bounded<T, MAX> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema, const MAX: usize> JsonSchema for Bounded<T, MAX> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Bounded_{}_of_{}", MAX, T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "maxItems": MAX, "items": generator.subschema_for::<T>() })
    }
}

/// An object read as `T`: any other kind is named in the error (serde would read an array as a struct's
/// fields in order).
#[derive(Clone, Debug, PartialEq)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        deserializer.deserialize_any(Kinded::new(Fields(PhantomData), Kind::Object))
    }
}

impl<T: Serialize> Serialize for Object<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for Object<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// The kind of JSON value a reader wants.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    String,
    Boolean,
    Array,
    Object,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::String => "expected a string",
            Kind::Boolean => "expected true or false",
            Kind::Array => "expected an array",
            Kind::Object => "expected an object",
        }
    }
}

/// A visitor that takes only `kind`, and names the kind it found otherwise: "expected a string, found a
/// number". What is nested below a value of the wrong kind is skipped, not read.
pub(super) struct Kinded<V> {
    inner: V,
    kind: Kind,
}

impl<V> Kinded<V> {
    pub(super) fn new(inner: V, kind: Kind) -> Self {
        Kinded { inner, kind }
    }

    fn wrong<E: de::Error>(&self, found: &str) -> E {
        E::custom(format!("{}, found {found}", self.kind.expected()))
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Kinded<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        match self.kind {
            Kind::Boolean => self.inner.visit_bool(v),
            _ => Err(self.wrong("a boolean")),
        }
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<V::Value, E> {
        Err(self.wrong("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<V::Value, E> {
        Err(self.wrong("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<V::Value, E> {
        Err(self.wrong("a number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        match self.kind {
            Kind::String => self.inner.visit_str(v),
            _ => Err(self.wrong("a string")),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        Err(self.wrong("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<V::Value, A::Error> {
        if self.kind == Kind::Array {
            return self.inner.visit_seq(seq);
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Err(self.wrong("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        if self.kind == Kind::Object {
            return self.inner.visit_map(map);
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Err(self.wrong("an object"))
    }
}
