//! serde adapters the generated fields use to keep "absent" and "null" apart.

use serde::de::{Deserialize, Deserializer, Error as _};

/// For an optional field that is not nullable: absent is `None` (through `#[serde(default)]`),
/// a value is `Some`, and an explicit `null` is rejected, as the server rejects it.
pub fn non_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(D::Error::custom(
            "null is not allowed for this field; leave the field out instead",
        )),
    }
}

/// For an optional, nullable field whose default is not null: absent is `None` (through
/// `#[serde(default)]`), `null` is `Some(None)`, a value is `Some(Some(value))`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For an optional field of type `any`: absent is `None`, anything present (`null` included)
/// is `Some`, so an explicit `null` survives a round trip.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// For a required, nullable field: it must be present, as `null` or a value. (serde reads a
/// missing `Option` field as `None` unless the field has its own deserializer, so this one
/// exists to keep "required" required.)
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}
