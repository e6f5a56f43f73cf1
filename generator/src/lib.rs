//! The generator library: loads and checks the normalized schemas under `schemas/`, imports
//! fal's OpenAPI documents into that format, and (next) emits Rust from it.
//!
//! Data flows one way: YAML files → [`schema::model::Catalog`] (checked) → emitted files.

pub mod diagnostics;
pub mod emit;
pub mod import;
pub mod ir;
pub mod naming;
pub mod schema;

pub use diagnostics::{Diagnostic, Diagnostics, Span};
