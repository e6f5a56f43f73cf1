//! Type-erased endpoints, so that a tool can look an endpoint up by its id at run time (each
//! generated family crate lists its own behind its cargo feature `catalog`, and the generated
//! `genmedia-catalog` crate gathers those lists).

use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::json::{InputError, JsonError};

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
    /// [`input_fields`](Self::input_fields) as a JSON array: one string literal in the
    /// generated code instead of a list that fills a page.
    input_fields: &'static str,
    check_input: fn(&str) -> Result<Value, InputError>,
    read_input: fn(&str) -> Result<Value, JsonError>,
    check_output: fn(&str) -> Result<Value, serde_json::Error>,
}

impl EndpointInfo {
    /// The description of endpoint `E`. The crate that calls this compiles the serde code of
    /// `E`'s input and output (the functions behind [`check_input`](Self::check_input) and
    /// [`check_output`](Self::check_output)).
    /// `input_fields` is [`input_fields`](Self::input_fields) as a JSON array of strings, which
    /// the generator writes. The endpoint is passed as its marker value, so that the generated
    /// list reads `EndpointInfo::of(dev::Dev, ...)`.
    pub const fn of<E: Endpoint + Copy>(_endpoint: E, input_fields: &'static str) -> Self {
        EndpointInfo {
            id: E::ID,
            title: E::TITLE,
            category: E::CATEGORY,
            provider: E::PROVIDER.name,
            streaming: E::STREAMING,
            input_fields,
            check_input: check_input::<E>,
            read_input: read_input::<E>,
            check_output: check_output::<E>,
        }
    }

    /// Reads `json` as the endpoint's input and validates it; returns the input as it would be
    /// sent (unknown fields dropped, every value in its wire form).
    pub fn check_input(&self, json: &str) -> Result<Value, InputError> {
        (self.check_input)(json)
    }

    /// Every field name of the input, at any depth (the fields of its objects, of the objects
    /// inside them, and so on), sorted: the vocabulary a "did you mean" picks from.
    pub fn input_fields(&self) -> Vec<String> {
        serde_json::from_str(self.input_fields).unwrap_or_default()
    }

    /// Reads `json` as the endpoint's input without validating it: its shape only (required
    /// fields, types, enum values, `null` where allowed). Returns the input as it would be
    /// sent, so that comparing it with `json` shows the fields the input does not know (they
    /// are dropped) wherever they are.
    pub fn read_input(&self, json: &str) -> Result<Value, JsonError> {
        (self.read_input)(json)
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

fn read_input<E: Endpoint>(json: &str) -> Result<Value, JsonError> {
    // The same deserializer as `check_input`'s: nothing more is compiled per input type.
    let input: E::Input = crate::json::read(json)?;
    Ok(serde_json::to_value(input)?)
}

fn check_output<E: Endpoint>(json: &str) -> Result<Value, serde_json::Error> {
    let output: E::Output = serde_json::from_str(json)?;
    serde_json::to_value(output)
}
