//! Hand-written support for the crates `cargo xtask codegen` generates: the validation error
//! type and the checks behind every generated `validate()`, the [`Endpoint`] trait that lets a
//! client be generic over endpoints, and JSON helpers that read an input and validate it in one
//! call.
//!
//! Application code rarely names this crate: `genmedia-common` re-exports what it needs.

#![forbid(unsafe_code)]

pub mod catalog;
pub mod endpoint;
pub mod enums;
pub mod json;
pub mod serde_helpers;
pub mod validate;

pub use catalog::EndpointInfo;
pub use endpoint::{
    Auth, Endpoint, HttpMethod, InputLocation, Provider, Route, Routing, StreamingEndpoint,
};
pub use enums::UnknownValue;
pub use json::InputError;
pub use validate::{Constraint, Path, Pattern, Validate, ValidationErrors, Violation};
