//! The generator library: loads and checks the normalized schemas under `schemas/`, imports
//! fal's OpenAPI documents into that format, and emits Rust from it.
//!
//! The public API is the entry points of each step and the types they take and return:
//! [`schema::load_dir`] (read and check), [`emit::generate`] (Rust files), [`import::import`]
//! (OpenAPI documents → schema files), [`changes::compare`] (what changed between two states)
//! and [`release`] (versions and changelogs); [`schema::model`] is the data they share, with
//! its vocabulary of constraints ([`schema::constraint`]), and [`schema::write`] writes a model
//! back as schema files, the inverse of loading. The modules below them (the IR, the naming
//! rules, the checker, the emitters' parts) are private.
//!
//! Data flows one way, each step owned by one module (paths under `generator/src/`):
//!
//! | step | module | gives |
//! |---|---|---|
//! | fal's OpenAPI documents → schema files | `import/` (`openapi.rs` reads one document, `assemble/` names and shares types across all and builds the files) | YAML text |
//! | YAML → model | `schema/load.rs` (with `schema/yaml.rs` for positions) | [`schema::model::Catalog`] |
//! | model → checked model | `schema/check/` (a file per concern: `endpoint.rs`, `types.rs`, `constraints.rs`, `values.rs`, `poll.rs`) | every problem, located, with its fix |
//! | checked model → resolved model | `ir/` (crates, modules, shared types, each type's members with Rust names and types resolved to ids (`members.rs`), routes, example values) | the IR the emitters read; they never look at the schemas, the checker or the catalog again, nor look a name up |
//! | resolved model → files | `emit/` (`object/`, `enums.rs`, `unions.rs`, `endpoint.rs` make syntax trees, built directly with `syntax.rs` for the code written once per field and as tokens for the rest; `crates.rs` formats files and `docs.rs` puts the doc texts in) | [`emit::GeneratedFile`]s |
//! | two resolved models → what changed | `changes/` | [`changes::Report`] |
//! | report and files → versions, changelogs | `release/` | `releases/` |
//!
//! Where to make a change:
//! - **a constraint kind** (`multiple_of`): a row of the table in [`schema::constraint`], whose
//!   docs list the few places that differ by kind;
//! - **a provider**: an entry of `schemas/providers.yaml` (read by `schema/load.rs`, checked
//!   by `schema/check/endpoint.rs`); the runtime's client knows fal's queue and the AI/ML API's routes;
//! - **a naming rule** (enum values, union variants, fields and the builder's methods, modules,
//!   crates, the importer's type names): `naming/`, a file per kind of name, whose rules are
//!   tested on every name of the catalogue and, with proptest, on arbitrary names;
//! - **what counts as a breaking change**: [`changes::classify`].

pub mod changes;
pub mod diagnostics;
pub mod emit;
pub mod import;
mod ir;
mod naming;
mod parallel;
pub mod release;
pub mod schema;

pub use diagnostics::{Diagnostic, Diagnostics, Span};
