//! Types that contain themselves. A struct that holds itself by value (`Node { next: Node? }`,
//! or through a union) has infinite size (E0072): each such member is boxed. Lists and maps
//! already hold their elements on the heap, so only direct members count.

use super::usage::reachable;
use super::{Ir, Kind, Ty, TypeId};

/// Sets the `boxed` flag of every field and variant in `ir` ([`super::FieldIr::boxed`],
/// [`super::VariantIr::boxed`]): a member is boxed when the type it holds by value can reach its
/// owner by value again.
pub fn mark(ir: &mut Ir<'_>) {
    let direct: Vec<Vec<TypeId>> = ir
        .types
        .iter()
        .map(|t| held(&t.kind).flatten().collect())
        .collect();
    for (owner, info) in ir.types.iter_mut().enumerate() {
        let owner = TypeId(owner);
        let boxed: Vec<bool> = held(&info.kind)
            .map(|held| held.is_some_and(|held| reachable(&direct, held).contains(&owner)))
            .collect();
        let flags: Vec<&mut bool> = match &mut info.kind {
            Kind::Object(fields) => fields.iter_mut().map(|f| &mut f.boxed).collect(),
            Kind::Union(u) => u.variants.iter_mut().map(|v| &mut v.boxed).collect(),
            Kind::Enum(_) => Vec::new(),
        };
        for (flag, boxed) in flags.into_iter().zip(boxed) {
            *flag = boxed;
        }
    }
}

/// The type each member holds by value (nullability aside), in member order: fields of an
/// object, variants of a union.
fn held<'a>(kind: &'a Kind<'_>) -> Box<dyn Iterator<Item = Option<TypeId>> + 'a> {
    match kind {
        Kind::Object(fields) => Box::new(fields.iter().map(|f| by_value(&f.ty))),
        Kind::Union(u) => Box::new(u.variants.iter().map(|v| by_value(&v.ty))),
        Kind::Enum(_) => Box::new(std::iter::empty()),
    }
}

/// The named type a member of type `ty` holds in itself (not through a list or a map).
fn by_value(ty: &Ty) -> Option<TypeId> {
    match ty.non_null() {
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}
