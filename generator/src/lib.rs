//! The generator library: loads and checks the normalized schemas under `schemas/`, imports
//! fal's OpenAPI documents into that format, and emits Rust from it.
//!
//! Data flows one way: YAML files → [`schema::model::Catalog`] (checked) → [`ir::Ir`] (names
//! and places final) → [`emit::generate`] (formatted files, as path → contents).

pub mod changes;
pub mod diagnostics;
pub mod emit;
pub mod import;
pub mod ir;
pub mod naming;
mod parallel;
pub mod release;
pub mod schema;
pub mod synthetic;

pub use diagnostics::{Diagnostic, Diagnostics, Span};
