//! What the checker would refuse in an imported type, left out with a note rather than failing
//! the import: constraints on types they do not apply to, integer bounds an `i64` cannot hold,
//! and defaults their own type rejects.

use crate::schema::check::{
    element_type, integer_bound_fits, unfit_constraints, value_fits, TypeLookup,
};
use crate::schema::model::*;

/// Looks a name up among the types being imported, then among the others.
struct Lookup<'a>(&'a [NamedType], &'a [NamedType]);

impl TypeLookup for Lookup<'_> {
    fn lookup(&self, name: &str) -> Option<&NamedType> {
        self.0.iter().chain(self.1).find(|t| t.name.value == name)
    }
}

/// fal's documents sometimes give a default their own type rejects (an integer field
/// defaulting to 1.5). Such a default is left out, with a note, rather than failing the import.
pub(super) fn drop_unfit_defaults(local: &mut [NamedType], shared: &[NamedType]) -> Vec<String> {
    let mut unfit = Vec::new();
    let lookup = Lookup(local, shared);
    for (ti, t) in local.iter().enumerate() {
        if let TypeKind::Object(fields) = &t.kind {
            for (fi, f) in fields.iter().enumerate() {
                if let Some(d) = &f.default {
                    if let Err(reason) = value_fits(&d.value, &f.ty.value, &f.constraints, &lookup)
                    {
                        unfit.push((ti, fi, format!(
                            "Upstream gives field `{}` of `{}` the default {}, which is {reason}; the default is left out.",
                            f.name.value, t.name.value, d.value
                        )));
                    }
                }
            }
        }
    }
    for (ti, fi, _) in &unfit {
        if let TypeKind::Object(fields) = &mut local[*ti].kind {
            fields[*fi].default = None;
        }
    }
    unfit.into_iter().map(|(_, _, note)| note).collect()
}

/// A constraint to leave out: where it is, and the note that says so.
struct Unfitting {
    /// The index of the object type, and of the field in it.
    ty: usize,
    field: usize,
    /// How many `items` down the field's constraints it is.
    depth: usize,
    key: &'static str,
    note: String,
}

/// fal's documents sometimes put a constraint on a type it does not apply to (`minLength` on an
/// integer, `maximum` on a string), or a bound an integer field (`i64`) cannot hold. Such a
/// constraint is left out, with a note naming the field and the constraint, rather than failing
/// the import; what applies where is the checker's rule ([`unfit_constraints`],
/// [`integer_bound_fits`]), so what is kept always passes it. Returns (type name, note) pairs.
pub(super) fn drop_unfit_constraints(
    types: &mut [NamedType],
    others: &[NamedType],
) -> Vec<(String, String)> {
    let mut unfit: Vec<Unfitting> = Vec::new();
    let lookup = Lookup(types, others);
    for (ti, t) in types.iter().enumerate() {
        let TypeKind::Object(fields) = &t.kind else {
            continue;
        };
        for (fi, f) in fields.iter().enumerate() {
            let mut what = format!("field `{}` of `{}`", f.name.value, t.name.value);
            let (mut k, mut ty) = (Some(&f.constraints), Some(f.ty.value.non_null()));
            let mut depth = 0;
            // The field's own constraints, then those under `items` on the elements' type.
            while let (Some(here), Some(here_ty)) = (k, ty) {
                for (key, note) in unfit_here(here, here_ty, &what, &lookup) {
                    unfit.push(Unfitting {
                        ty: ti,
                        field: fi,
                        depth,
                        key,
                        note,
                    });
                }
                k = here.items.as_deref();
                ty = element_type(here_ty);
                what = format!("the elements of {what}");
                depth += 1;
            }
        }
    }
    let mut notes = Vec::new();
    for u in unfit {
        if let TypeKind::Object(fields) = &mut types[u.ty].kind {
            remove_constraint(&mut fields[u.field].constraints, u.depth, u.key);
        }
        notes.push((types[u.ty].name.value.clone(), u.note));
    }
    notes
}

/// The constraints of `here`, on a value of type `here_ty` that notes call `what`, that the
/// checker would refuse: each key with the note that says it is left out.
fn unfit_here(
    here: &Constraints,
    here_ty: &TypeExpr,
    what: &str,
    lookup: &Lookup,
) -> Vec<(&'static str, String)> {
    let mut unfit = Vec::new();
    for u in unfit_constraints(here, here_ty, lookup) {
        let needs = u.needs.describe();
        let note = match u.value {
            Some(value) => format!(
                "Upstream gives {what}, whose type is `{here_ty}`, the constraint `{}: {value}`, which applies to {needs} only; the constraint is left out.",
                u.key
            ),
            None => format!(
                "Upstream gives {what}, whose type is `{here_ty}`, constraints on list elements (`{}`), which apply to {needs} only; they are left out.",
                u.key
            ),
        };
        unfit.push((u.key, note));
    }
    if matches!(here_ty, TypeExpr::Integer) {
        for (key, bound) in [
            ("minimum", &here.minimum),
            ("maximum", &here.maximum),
            ("exclusive_minimum", &here.exclusive_minimum),
            ("exclusive_maximum", &here.exclusive_maximum),
        ] {
            let Some(bound) = bound.as_ref().filter(|b| !integer_bound_fits(&b.value)) else {
                continue;
            };
            unfit.push((
                key,
                format!(
                    "Upstream gives {what}, whose type is `integer` (an `i64`), the bound `{key}: {}`, beyond what an `i64` holds; the bound is left out.",
                    bound.value
                ),
            ));
        }
    }
    unfit
}

/// Removes `key` from the constraints `depth` levels of `items` down, and an `items` that is
/// left empty (a schema file cannot write an empty one).
fn remove_constraint(k: &mut Constraints, depth: usize, key: &str) {
    if depth == 0 {
        k.remove(key);
        return;
    }
    if let Some(items) = &mut k.items {
        remove_constraint(items, depth - 1, key);
        if items.is_empty() {
            k.items = None;
        }
    }
}
