//! How a field is represented in Rust: decided once, from the schema, for every emitter (the
//! struct, its reader, its builder, its accessors, the values of defaults and examples) and for
//! the IR's own check of the builder's method names.

use crate::schema::model::{Field, TypeExpr};

/// How a field is represented, from its requiredness, nullability and default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldShape {
    /// Required and not nullable: `T`.
    Plain,
    /// Required and nullable: `Option<T>`, always sent (`null` for `None`).
    RequiredNullable,
    /// Optional: `Option<T>`, left out when `None`. When the field is nullable its default is
    /// null (or absent), so `null` and absent mean the same and both read as `None`.
    Optional,
    /// Optional, nullable, with a default that is not null, so absent, `null` and a value are
    /// three different requests: `Option<Option<T>>`.
    ThreeState,
}

impl FieldShape {
    /// Whether requests must carry the field.
    pub fn is_required(self) -> bool {
        matches!(self, FieldShape::Plain | FieldShape::RequiredNullable)
    }

    /// The shape of `f`.
    pub fn of(f: &Field) -> FieldShape {
        let nullable = matches!(f.ty.value, TypeExpr::Nullable(_));
        let non_null_default = f.default.as_ref().is_some_and(|d| !d.value.is_null());
        match (f.required, nullable) {
            (true, false) => FieldShape::Plain,
            (true, true) => FieldShape::RequiredNullable,
            (false, true) if non_null_default => FieldShape::ThreeState,
            (false, _) => FieldShape::Optional,
        }
    }
}
