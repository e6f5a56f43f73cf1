//! Hand-written support for the crates `cargo xtask codegen` generates: the validation error
//! type and the checks behind every generated `validate()`, the [`Endpoint`] trait that lets a
//! client be generic over endpoints, and JSON helpers that read an input and validate it in one
//! call.
//!
//! Application code rarely names this crate: `genmedia-common` re-exports what it needs.

#![forbid(unsafe_code)]

pub mod catalog;
#[cfg(feature = "client")]
pub mod client;
pub mod de;
pub mod endpoint;
pub mod enums;
#[cfg(feature = "client")]
pub mod files;
pub mod json;
pub mod ser;
#[cfg(feature = "catalog")]
#[doc(hidden)]
pub mod shared;
pub mod validate;

pub use catalog::EndpointInfo;
pub use endpoint::{
    Auth, Endpoint, Follow, HttpMethod, InputLocation, Poll, Provider, QueueEndpoint, Route,
    Routing, StreamingEndpoint, Subscribe,
};
pub use enums::UnknownValue;
pub use json::{InputError, JsonError};
pub use validate::{Constraint, Path, Pattern, Validate, ValidationErrors, Violation};
