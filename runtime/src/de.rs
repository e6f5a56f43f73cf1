//! What the generated `Deserialize` impls of objects call.
//!
//! The generator writes each object's reading itself instead of deriving `Deserialize`: an
//! [`Object::read`] that finds each key's field in a list ([`Field`]) and reads the value by the
//! field's shape ([`value`], [`non_null`], [`present`]), behind a three-line `Deserialize` that
//! calls [`object`]. serde's derive also writes a field enum with its own visitor, a `visit_seq`
//! (JSON objects never arrive as arrays) and, for every field with its own deserializer (an
//! optional field that refuses `null`, a three-state field), a wrapper type with a
//! `Deserialize` impl, twice; that was about half of what a family crate compiled. The
//! behaviour is serde's: unknown fields are ignored, a repeated field or a missing required
//! one is an error, and each value's error carries its path.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};
use serde::Deserialize;

/// The serde names the generated code writes, so that it can say `de::MapAccess`.
pub use serde::de::{IgnoredAny, MapAccess};

/// A generated object, read from a map by its generated [`Object::read`].
pub trait Object<'de>: Sized {
    /// The type's name, for errors (`invalid type: ..., expected struct ImageSize`).
    const NAME: &'static str;
    /// The wire names of its fields, in order: [`Field`] reads a key as an index into them.
    const FIELDS: &'static [&'static str];

    /// Reads the object from the entries of a map.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// What the generated `Deserialize::deserialize` of an object calls: reads a map (a JSON
/// object) into `T`, and refuses anything else.
///
/// It asks for a map, not a struct: serde_json's `deserialize_struct` also takes a JSON array,
/// which an object never is here, and that branch was the largest part of the machine code
/// compiled for each object type (it is instantiated once per type).
#[inline]
pub fn object<'de, D: Deserializer<'de>, T: Object<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// Reads an object key as the index of its field in a list of wire names; `None` for a key
/// that names no field (its value is then skipped).
#[derive(Clone, Copy, Debug)]
pub struct Field(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Field {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// Fails when the field was already read: a key may appear once.
#[inline]
fn fresh<T, E: Error>(slot: &Option<T>, field: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(field)),
        None => Ok(()),
    }
}

/// Reads the value of the current key into the field's slot (a repeated key is an error).
#[inline]
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    field: &'static str,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`value`] for an optional field that is not nullable, in an input: `null` is refused
/// ([`NonNull`]).
#[inline]
pub fn non_null<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    field: &'static str,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(map.next_value_seed(NonNull::new())?);
    Ok(())
}

/// [`value`] for a field whose presence is kept apart from its value: an optional field of
/// type `any` (an explicit `null` is `Some(Value::Null)`) or a three-state one (`null` is
/// `Some(None)`). Absent, the field stays `None`.
#[inline]
pub fn present<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    field: &'static str,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// [`value`] with the value read by `R` instead of its type's `Deserialize` (see [`Read`]).
#[inline]
pub fn value_as<'de, R: Read<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<R::Value>,
    field: &'static str,
    _reader: R,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(map.next_value_seed(Seed::<R>(PhantomData))?);
    Ok(())
}

/// [`non_null`] with the value read by `R`.
#[inline]
pub fn non_null_as<'de, R: Read<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Option<R::Value>>,
    field: &'static str,
    _reader: R,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(Some(map.next_value_seed(NonNullAs::<R>(PhantomData))?));
    Ok(())
}

/// [`present`] with the value read by `R`.
#[inline]
pub fn present_as<'de, R: Read<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Option<R::Value>>,
    field: &'static str,
    _reader: R,
) -> Result<(), A::Error> {
    fresh(slot, field)?;
    *slot = Some(Some(map.next_value_seed(Seed::<R>(PhantomData))?));
    Ok(())
}

/// The value of a required field, or the error that it is missing.
#[inline]
pub fn required<T, E: Error>(slot: Option<T>, field: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(field))
}

/// Reads the value of an optional field that is not nullable: a value is `Some`, and an
/// explicit `null` is refused, as the server refuses it. The error is raised while reading the
/// value, so that it carries the field's path.
pub struct NonNull<T>(PhantomData<T>);

impl<T> NonNull<T> {
    /// The seed.
    #[inline]
    pub fn new() -> Self {
        NonNull(PhantomData)
    }
}

impl<T> Default for NonNull<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for NonNull<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        match Option::<T>::deserialize(deserializer)? {
            Some(value) => Ok(Some(value)),
            None => Err(D::Error::custom(
                "null is not allowed for this field; leave the field out instead",
            )),
        }
    }
}

/// How a value is read where its type's `Deserialize` would judge the JSON by its spelling
/// rather than by its meaning. JSON Schema (and fal's server) takes `2.0`, `2e0` and `-0` as
/// integers, but serde reads an `i64` from integer tokens only. The generator reads the fields
/// whose types hold integers with these readers, passed by value to [`value_as`] and its
/// siblings (`de::List(de::Int)` for a `Vec<i64>`); every other field through `Deserialize`.
pub trait Read<'de> {
    /// The Rust value read.
    type Value;

    /// Reads the value.
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error>;
}

/// `R`'s reading as a function, for serde's `deserialize_with` (the variants of a generated
/// union that hold integers: `#[serde(deserialize_with = "de::read::<de::Int, _>")]`).
#[inline]
pub fn read<'de, R: Read<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<R::Value, D::Error> {
    R::read(deserializer)
}

/// An `i64` from any JSON number with an integer value: `2`, `2.0`, `2e0`, `-0`. A fraction, or
/// a value beyond `i64`, is refused as serde refuses it.
#[derive(Clone, Copy, Debug)]
pub struct Int;

/// `null` as `None`, anything else read by the inner reader.
#[derive(Clone, Copy, Debug)]
pub struct Nullable<R>(pub R);

/// A JSON array, each element read by the inner reader.
#[derive(Clone, Copy, Debug)]
pub struct List<R>(pub R);

/// A JSON object, each value read by the inner reader.
#[derive(Clone, Copy, Debug)]
pub struct Map<R>(pub R);

impl<'de> Read<'de> for Int {
    type Value = i64;

    #[inline]
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        // `deserialize_any`, not `deserialize_i64`: the value may come from serde's buffer of
        // an untagged union, whose `deserialize_i64` refuses a float before asking the visitor.
        deserializer.deserialize_any(IntVisitor)
    }
}

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("i64")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        // 2^63 as a float is the first value beyond i64; -2^63 is i64::MIN itself.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
            Ok(v as i64)
        } else {
            Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
        }
    }
}

impl<'de, R: Read<'de>> Read<'de> for Nullable<R> {
    type Value = Option<R::Value>;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(NullableVisitor::<R>(PhantomData))
    }
}

struct NullableVisitor<R>(PhantomData<R>);

impl<'de, R: Read<'de>> Visitor<'de> for NullableVisitor<R> {
    type Value = Option<R::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        R::read(deserializer).map(Some)
    }
}

impl<'de, R: Read<'de>> Read<'de> for List<R> {
    type Value = Vec<R::Value>;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(ListVisitor::<R>(PhantomData))
    }
}

struct ListVisitor<R>(PhantomData<R>);

impl<'de, R: Read<'de>> Visitor<'de> for ListVisitor<R> {
    type Value = Vec<R::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        // As serde's own `Vec` impl: a size hint is trusted only so far.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed::<R>(PhantomData))? {
            out.push(item);
        }
        Ok(out)
    }
}

impl<'de, R: Read<'de>> Read<'de> for Map<R> {
    type Value = std::collections::BTreeMap<String, R::Value>;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(MapVisitor::<R>(PhantomData))
    }
}

struct MapVisitor<R>(PhantomData<R>);

impl<'de, R: Read<'de>> Visitor<'de> for MapVisitor<R> {
    type Value = std::collections::BTreeMap<String, R::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Seed::<R>(PhantomData))?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// A [`Read`] as a `DeserializeSeed`.
struct Seed<R>(PhantomData<R>);

impl<'de, R: Read<'de>> DeserializeSeed<'de> for Seed<R> {
    type Value = R::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
        R::read(deserializer)
    }
}

/// [`NonNull`] for a value read by `R`.
struct NonNullAs<R>(PhantomData<R>);

impl<'de, R: Read<'de>> DeserializeSeed<'de> for NonNullAs<R> {
    type Value = R::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
        match Nullable::<R>::read(deserializer)? {
            Some(value) => Ok(value),
            None => Err(D::Error::custom(
                "null is not allowed for this field; leave the field out instead",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written object as the generator writes them: `name` required, `size` optional and
    /// not nullable.
    #[derive(Debug, PartialEq)]
    struct Probe {
        name: String,
        size: Option<i64>,
    }

    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl<'de> Object<'de> for Probe {
        const NAME: &'static str = "Probe";
        const FIELDS: &'static [&'static str] = &["name", "size"];

        fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut size = None;
            while let Some(field) = map.next_key_seed(Field(Self::FIELDS))? {
                match field {
                    Some(0) => value(&mut map, &mut name, "name")?,
                    Some(1) => non_null(&mut map, &mut size, "size")?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Probe {
                name: required(name, "name")?,
                size: size.unwrap_or_default(),
            })
        }
    }

    fn read(json: &str) -> Result<Probe, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_by_name_and_ignores_unknown_ones() {
        let probe = read(r#"{"extra": [1, {"a": null}], "size": 3, "name": "x"}"#).unwrap();
        assert_eq!(
            probe,
            Probe {
                name: "x".into(),
                size: Some(3)
            }
        );
        assert_eq!(read(r#"{"name": "x"}"#).unwrap().size, None);
    }

    #[test]
    fn refuses_what_serde_refuses() {
        assert!(read(r#"{"size": 3}"#)
            .unwrap_err()
            .starts_with("missing field `name`"));
        assert!(read(r#"{"name": "x", "name": "y"}"#)
            .unwrap_err()
            .starts_with("duplicate field `name`"));
        assert!(read(r#"{"name": "x", "size": null}"#)
            .unwrap_err()
            .starts_with("null is not allowed for this field"));
        assert!(read(r#"["x", 3]"#)
            .unwrap_err()
            .starts_with("invalid type: sequence, expected struct Probe"));
    }

    /// Reads `json` with `R`, as a generated object reads a field's value.
    fn read_as<R: Read<'static>>(json: &'static str) -> Result<R::Value, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        R::read(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn an_integer_is_read_from_any_number_with_an_integer_value() {
        for (json, n) in [
            ("2", 2),
            ("2.0", 2),
            ("2e0", 2),
            ("20E-1", 2),
            ("-0", 0),
            ("-0.0", 0),
            ("-7.0", -7),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(read_as::<Int>(json), Ok(n), "{json}");
        }
        for json in [
            "2.5",
            "1e19",
            "9223372036854775808",
            "-1e300",
            r#""2""#,
            "true",
            "null",
        ] {
            let err = read_as::<Int>(json).unwrap_err();
            assert!(err.contains("expected i64"), "{json}: {err}");
        }
    }

    #[test]
    fn readers_nest_in_lists_maps_and_nullables() {
        assert_eq!(
            read_as::<List<Nullable<Int>>>("[1.0, null, 3e0]"),
            Ok(vec![Some(1), None, Some(3)])
        );
        let map = read_as::<Map<List<Int>>>(r#"{"a": [2.0], "b": []}"#).unwrap();
        assert_eq!(map["a"], vec![2]);
        assert!(map["b"].is_empty());
        assert!(read_as::<List<Int>>("[1, 1.5]")
            .unwrap_err()
            .contains("1.5"));
        assert!(read_as::<Nullable<Int>>("null").unwrap().is_none());
    }

    #[test]
    fn a_null_error_carries_the_field_path() {
        let mut de = serde_json::Deserializer::from_str(r#"{"name": "x", "size": null}"#);
        let err = serde_path_to_error::deserialize::<_, Probe>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "size");
    }
}
