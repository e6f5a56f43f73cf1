//! Type-erased endpoints, so that a tool can look an endpoint up by its id at run time (each
//! generated family crate lists its own behind its cargo feature `catalog`, and the generated
//! `genmedia-catalog` crate gathers those lists).

use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::json::InputError;

/// One endpoint, with its types erased behind function pointers.
#[derive(Clone, Copy, Debug)]
pub struct EndpointInfo {
    /// The endpoint id.
    pub id: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// fal's category.
    pub category: &'static str,
    /// The provider's key.
    pub provider: &'static str,
    /// Whether the endpoint streams.
    pub streaming: bool,
    check_input: fn(&str) -> Result<Value, InputError>,
    check_output: fn(&str) -> Result<Value, serde_json::Error>,
}

impl EndpointInfo {
    /// The description of endpoint `E`. The crate that calls this compiles the serde code of
    /// `E`'s input and output (the functions behind [`check_input`](Self::check_input) and
    /// [`check_output`](Self::check_output)).
    pub const fn of<E: Endpoint>() -> Self {
        EndpointInfo {
            id: E::ID,
            title: E::TITLE,
            category: E::CATEGORY,
            provider: E::PROVIDER.name,
            streaming: E::STREAMING,
            check_input: check_input::<E>,
            check_output: check_output::<E>,
        }
    }

    /// Reads `json` as the endpoint's input and validates it; returns the input as it would be
    /// sent (unknown fields dropped, every value in its wire form).
    pub fn check_input(&self, json: &str) -> Result<Value, InputError> {
        (self.check_input)(json)
    }

    /// Reads `json` as the endpoint's output; returns it as the typed output serializes.
    pub fn check_output(&self, json: &str) -> Result<Value, serde_json::Error> {
        (self.check_output)(json)
    }
}

fn check_input<E: Endpoint>(json: &str) -> Result<Value, InputError> {
    let input: E::Input = crate::json::from_str(json)?;
    Ok(serde_json::to_value(input)?)
}

fn check_output<E: Endpoint>(json: &str) -> Result<Value, serde_json::Error> {
    let output: E::Output = serde_json::from_str(json)?;
    serde_json::to_value(output)
}
