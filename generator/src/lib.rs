//! The generator library: loads and checks the normalized schemas under `schemas/`, imports
//! fal's OpenAPI documents into that format, and emits Rust from it.
//!
//! Data flows one way, each step owned by one module:
//!
//! | step | module | gives |
//! |---|---|---|
//! | fal's OpenAPI documents → schema files | [`import`] (`openapi.rs` reads one document, `assemble/` names and shares types across all and builds the files) | YAML text |
//! | YAML → model | [`schema::load`] (with [`schema::yaml`] for positions) | [`schema::model::Catalog`] |
//! | model → checked model | [`schema::check`] (a file per concern: `endpoint.rs`, `types.rs`, `constraints.rs`, `values.rs`, `poll.rs`) | every problem, located, with its fix |
//! | checked model → resolved model | [`ir`] (crates, modules, shared types, Rust names) | [`ir::Ir`] |
//! | resolved model → files | [`emit`] (`object.rs`, `enums.rs`, `unions.rs`, `endpoint.rs` make tokens; `crates.rs` formats files) | [`emit::GeneratedFile`]s |
//! | two resolved models → what changed | [`changes`] | [`changes::Report`] |
//! | report and files → versions, changelogs | [`release`] | `releases/` |
//!
//! Where to make a change:
//! - **a constraint kind** (`multiple_of`): a row of the table in [`schema::constraint`], whose
//!   docs list the few places that differ by kind;
//! - **a provider**: an entry of `schemas/providers.yaml` (read by [`schema::load`], checked
//!   by [`schema::check`]); the runtime's client knows fal's queue and the AI/ML API's routes;
//! - **a naming rule** (enum values, fields, modules, crates): [`naming`];
//! - **what counts as a breaking change**: [`changes::classify`].

pub mod changes;
pub mod diagnostics;
pub mod emit;
pub mod import;
mod ir;
pub mod naming;
mod parallel;
pub mod release;
pub mod schema;
pub mod synthetic;

pub use diagnostics::{Diagnostic, Diagnostics, Span};
