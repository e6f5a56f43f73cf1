//! What the generated `Serialize` impls of objects call.
//!
//! The generator writes each object's writing itself instead of deriving `Serialize`: one call
//! per field ([`field`], or [`optional`] for a field left out when `None`) between [`object`]
//! and [`end`]. serde's derive writes the same calls out in full, with an `if`/`else` and a
//! term of the length for each optional field, which rustc type-checks and borrow-checks once
//! per object; the `fal-ai/flux` family took 5–19% less CPU to compile this way. The JSON is the derive's:
//! fields in declaration order, `None` optional fields left out, and the exact field count
//! given to the serializer (formats that write it up front need it).

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// Starts writing an object named `name` with `required` fields that are always written and
/// one more for each `true` in `present` (the optional fields that are set).
#[inline]
pub fn object<S: Serializer>(
    serializer: S,
    name: &'static str,
    required: usize,
    present: &[bool],
) -> Result<S::SerializeStruct, S::Error> {
    let len = required + present.iter().filter(|p| **p).count();
    serializer.serialize_struct(name, len)
}

/// Writes a field that is always written (`null` for a required nullable field's `None`).
#[inline]
pub fn field<W: SerializeStruct, T: Serialize + ?Sized>(
    out: &mut W,
    name: &'static str,
    value: &T,
) -> Result<(), W::Error> {
    out.serialize_field(name, value)
}

/// Writes an optional field, or leaves it out when it is `None` (a three-state field's
/// `Some(None)` is written as `null`).
#[inline]
pub fn optional<W: SerializeStruct, T: Serialize>(
    out: &mut W,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), W::Error> {
    match value {
        Some(value) => out.serialize_field(name, value),
        None => out.skip_field(name),
    }
}

/// Ends the object.
#[inline]
pub fn end<W: SerializeStruct>(out: W) -> Result<W::Ok, W::Error> {
    out.end()
}
