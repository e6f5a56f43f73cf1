//! Reading inputs from JSON and validating them in one call.

use serde::de::DeserializeOwned;

use crate::validate::{Validate, ValidationErrors};

/// Why a JSON input was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The text is not JSON, or does not have the input's shape (a missing required field, a
    /// wrong type, an unknown enum value, `null` where it is not allowed).
    #[error("the input does not have the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// The input has the right shape but violates constraints.
    #[error("the input violates the schema: {0}")]
    Invalid(#[from] ValidationErrors),
}

/// Deserializes `json` into `T` and validates it.
pub fn from_str<T: DeserializeOwned + Validate>(json: &str) -> Result<T, InputError> {
    let value: T = serde_json::from_str(json)?;
    value.validate()?;
    Ok(value)
}

/// Deserializes a JSON value into `T` and validates it.
pub fn from_value<T: DeserializeOwned + Validate>(
    json: serde_json::Value,
) -> Result<T, InputError> {
    let value: T = serde_json::from_value(json)?;
    value.validate()?;
    Ok(value)
}
