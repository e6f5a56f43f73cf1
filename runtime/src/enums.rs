//! Support for generated enums: the error of `FromStr`, and serde for integer enums (serde's
//! derive can rename variants only to strings).

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _};

/// A string or number that is none of an enum's values; the error of every generated `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name.
    pub type_name: &'static str,
    /// The value that was given.
    pub value: String,
    /// Every value the enum knows.
    pub expected: Vec<String>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a value of {}; expected one of {}",
            self.value,
            self.type_name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

/// A generated enum: its wire values are known at compile time.
pub trait WireEnum: Sized + Clone + 'static {
    /// The enum's name, for messages.
    const NAME: &'static str;
    /// Every value the schema knows, in schema order.
    const ALL: &'static [Self];
    /// The wire value as text (a number for integer enums).
    fn wire(&self) -> String;
}

/// The value of `E` whose wire form is `text`, or the error that lists the known ones.
pub fn parse<E: WireEnum>(text: &str) -> Result<E, UnknownValue> {
    E::ALL
        .iter()
        .find(|v| v.wire() == text)
        .cloned()
        .ok_or_else(|| unknown::<E>(text.to_string()))
}

/// The error for a value of `E` that the schema does not know.
pub fn unknown<E: WireEnum>(value: String) -> UnknownValue {
    UnknownValue {
        type_name: E::NAME,
        value,
        expected: E::ALL.iter().map(WireEnum::wire).collect(),
    }
}

/// Deserializes an integer enum: the number must be one of `E::ALL`'s, unless `fallback` turns
/// an unknown number into a catch-all value (for outputs).
pub fn deserialize_int<'de, D, E>(
    deserializer: D,
    value_of: fn(&E) -> i64,
    fallback: Option<fn(i64) -> E>,
) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    E: WireEnum,
{
    let n = i64::deserialize(deserializer)?;
    if let Some(v) = E::ALL.iter().find(|v| value_of(v) == n) {
        return Ok(v.clone());
    }
    match fallback {
        Some(other) => Ok(other(n)),
        None => Err(D::Error::custom(unknown::<E>(n.to_string()))),
    }
}
