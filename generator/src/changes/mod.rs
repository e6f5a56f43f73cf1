//! What changed between two states of the schemas, endpoint by endpoint, and whether each
//! change can break code written against the generated crates.
//!
//! The comparison runs on the resolved model (the IR) of each state, not on the YAML: what a user
//! of a generated crate sees is Rust types, so two fields are the same when they have the same
//! wire name, and two types are the same when they are the same Rust type (name and crate).
//! [`classify`] is the one place that decides what breaks; `docs/versioning.md` explains it to
//! maintainers, and the release command ([`crate::release`]) bumps versions by it.

mod bounds;
mod render;
mod walk;

use crate::diagnostics::Diagnostics;
use crate::emit::Options;
use crate::ir::Ir;
use crate::schema::model::Catalog;

pub use render::{json, text};

/// Every change between two states, sorted by endpoint id, then by where in the endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// The changes; empty when the two states give the same Rust API.
    pub changes: Vec<Change>,
}

/// One change to one endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The endpoint id (`fal-ai/flux/dev`).
    pub endpoint: String,
    /// The package of the endpoint's crate.
    pub package: String,
    /// The package of the crate that defines the changed type: the endpoint's crate, or the
    /// common crate for a shared type (whose change then concerns both crates).
    pub owner_package: String,
    /// The changed type's name (empty for an endpoint added or removed).
    pub owner_type: String,
    /// Where in the endpoint, from its input or output (`input.loras[].scale`); empty for the
    /// endpoint itself.
    pub path: String,
    /// What changed.
    pub kind: Kind,
    /// Whether code written against the old crate may stop compiling or start failing.
    pub class: Class,
}

/// What changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A new endpoint.
    EndpointAdded,
    /// An endpoint that is gone.
    EndpointRemoved,
    /// A new field.
    FieldAdded {
        /// Whether it must be set.
        required: bool,
    },
    /// A field that is gone.
    FieldRemoved,
    /// A field, list element, map value or union variant of another type.
    TypeChanged {
        /// The old type, as schemas write it (`list<Image>`), or a Rust path for a renamed type.
        from: String,
        /// The new type.
        to: String,
    },
    /// An optional field that must now be set.
    BecameRequired,
    /// A required field that may now be left out.
    BecameOptional,
    /// A new enum value.
    ValueAdded(String),
    /// An enum value that is gone.
    ValueRemoved(String),
    /// A new union variant.
    VariantAdded(String),
    /// A union variant that is gone.
    VariantRemoved(String),
    /// The value the server uses when the field is left out.
    DefaultChanged {
        /// The old default as JSON, if there was one.
        from: Option<String>,
        /// The new default as JSON, if there is one.
        to: Option<String>,
    },
    /// A bound (`maximum`, `max_length`, `pattern`, ...) set, removed or moved.
    BoundChanged {
        /// The bound's key, as schemas write it (`items.max_length` for list elements).
        bound: String,
        /// The old value, if the bound was set.
        from: Option<String>,
        /// The new value, if the bound is set.
        to: Option<String>,
        /// Whether some value the old bound accepted is now refused.
        narrower: bool,
    },
}

/// How a change affects code written against the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Existing code keeps compiling and keeps passing validation: new endpoints, new optional
    /// fields of `#[non_exhaustive]` structs, new enum values and union variants, wider bounds,
    /// other defaults.
    Additive,
    /// Existing code may stop compiling or its inputs may start failing validation.
    Breaking,
}

impl Class {
    /// `additive` or `breaking`, as the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }
}

/// The one rule of what breaks. `in_open_struct`: the changed field belongs to a struct that is
/// not `#[non_exhaustive]`, which code may build with a struct literal.
pub fn classify(kind: &Kind, in_open_struct: bool) -> Class {
    match kind {
        Kind::EndpointAdded
        | Kind::ValueAdded(_)
        | Kind::VariantAdded(_)
        | Kind::DefaultChanged { .. } => Class::Additive,
        Kind::FieldAdded { required: false } if !in_open_struct => Class::Additive,
        Kind::BoundChanged { narrower, .. } => {
            if *narrower {
                Class::Breaking
            } else {
                Class::Additive
            }
        }
        // A new required field is a new argument of the builder; a field that became required
        // or optional changes between `T` and `Option<T>`; anything removed or retyped breaks
        // the code that names it.
        Kind::EndpointRemoved
        | Kind::FieldAdded { .. }
        | Kind::FieldRemoved
        | Kind::TypeChanged { .. }
        | Kind::BecameRequired
        | Kind::BecameOptional
        | Kind::ValueRemoved(_)
        | Kind::VariantRemoved(_) => Class::Breaking,
    }
}

impl Report {
    /// The most severe class of the changes that concern `package` (its endpoints' changes, and
    /// for the common crate those of its types); `None` when none does.
    pub fn class_of(&self, package: &str) -> Option<Class> {
        self.concerning(package).map(|c| c.class).max()
    }

    /// The changes that concern `package`.
    pub fn concerning<'a>(&'a self, package: &'a str) -> impl Iterator<Item = &'a Change> + 'a {
        self.changes
            .iter()
            .filter(move |c| c.package == package || c.owner_package == package)
    }
}

/// Compares two checked states of the schemas as the generator emits them with `options`
/// (types are matched by their Rust names and crates); fails when either cannot be generated.
pub fn compare(old: &Catalog, new: &Catalog, options: &Options) -> Result<Report, Diagnostics> {
    let old = Ir::build(old, &options.crate_prefix)?;
    let new = Ir::build(new, &options.crate_prefix)?;
    let mut changes = walk::compare(&old, &new);
    changes.sort_by(|a, b| (&a.endpoint, &a.path).cmp(&(&b.endpoint, &b.path)));
    Ok(Report { changes })
}
