//! Every semantic rule of the schema format, applied after the files have been parsed.
//!
//! [`check`] is the entry point; it ties together the rules, grouped by what they look at:
//! - `endpoint.rs`: an endpoint file as a whole (its id, provider, input and output, examples);
//! - `types.rs`: named types (references, fields, enums, unions and the Rust names they get);
//! - `constraints.rs`: which constraints apply to which types, and whether they can be met;
//! - `values.rs`: whether a value (a default, a fixed poll input) fits a type and its constraints;
//! - `poll.rs`: the `poll:` block, which names another endpoint and fields of both.
//!
//! The rules that the importer and the generator share are re-exported here.

use std::path::Path;

use serde_json::Value;

use super::load::Parsed;
use super::model::*;
use crate::diagnostics::{Diagnostic, Span};

mod constraints;
mod endpoint;
mod poll;
mod types;
mod values;

pub use constraints::{element_type, integer_bound_fits, unfit_constraints, Bounds};
pub use values::{is_multiple, value_fits};

/// Where a name is looked up: an endpoint's own types, then the shared ones.
struct Scope<'a> {
    local: Option<&'a TypeFile>,
    shared: &'a TypeFile,
}

impl<'a> Scope<'a> {
    fn get(&self, name: &str) -> Option<&'a NamedType> {
        self.local
            .and_then(|l| l.get(name))
            .or_else(|| self.shared.get(name))
    }
}

/// Collects the diagnostics of every rule.
struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        file: &Path,
        span: Span,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) {
        let mut d = Diagnostic::new(file, span, message);
        d.help = help.into();
        self.diags.push(d);
    }
}

/// Applies every rule, adding a diagnostic per violation.
pub fn check(parsed: &Parsed, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker { diags };
    let shared_scope = Scope {
        local: None,
        shared: &parsed.shared,
    };
    types::check_types(&mut c, &parsed.shared, &shared_scope);
    for (relative, endpoint) in &parsed.endpoints {
        endpoint::check_endpoint(&mut c, relative, endpoint, parsed);
    }
}

/// A JSON value as messages quote it.
fn compact(v: &Value) -> String {
    v.to_string()
}

/// Looks a type name up; lets `value_fits` serve the checker and the generator alike.
pub trait TypeLookup {
    /// The type with this name, if any.
    fn lookup(&self, name: &str) -> Option<&NamedType>;
}

impl TypeLookup for Scope<'_> {
    fn lookup(&self, name: &str) -> Option<&NamedType> {
        self.get(name)
    }
}
