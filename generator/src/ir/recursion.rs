//! Types that contain themselves. A struct that holds itself by value (`Node { next: Node? }`,
//! or through a union) has infinite size (E0072): each such member is boxed. Lists and maps
//! already hold their elements on the heap, so only direct members count.

use super::usage::reachable;
use super::{Ir, TypeId};
use crate::schema::model::{TypeExpr, TypeKind};

/// Fills the `boxed` flags of every object and union in `ir` (then [`super::FieldIr::boxed`]): a
/// member is boxed when the type it holds by value can reach its owner by value again.
pub fn mark(ir: &mut Ir<'_>) {
    let direct = direct_edges(ir);
    let boxed: Vec<Vec<bool>> = (0..ir.types.len())
        .map(|owner| {
            let owner = TypeId(owner);
            members(ir, owner)
                .map(|held| held.is_some_and(|held| reachable(&direct, held).contains(&owner)))
                .collect()
        })
        .collect();
    for (info, boxed) in ir.types.iter_mut().zip(boxed) {
        info.boxed = boxed;
    }
}

/// The type each member of `owner` holds by value (nullability aside), in member order:
/// fields of an object, variants of a union.
fn members<'a>(ir: &'a Ir<'_>, owner: TypeId) -> impl Iterator<Item = Option<TypeId>> + 'a {
    let info = ir.ty(owner);
    let types: Vec<&TypeExpr> = match &info.def.kind {
        TypeKind::Object(fields) => fields.iter().map(|f| &f.ty.value).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty.value).collect(),
        TypeKind::Enum(_) => Vec::new(),
    };
    types.into_iter().map(move |ty| match ty.non_null() {
        TypeExpr::Named(name) => ir.lookup(info.scope, name),
        _ => None,
    })
}

fn direct_edges(ir: &Ir<'_>) -> Vec<Vec<TypeId>> {
    (0..ir.types.len())
        .map(|t| members(ir, TypeId(t)).flatten().collect())
        .collect()
}
