//! Which of a family's local types are emitted once, in the crate's `types` module, instead of
//! once per endpoint module.
//!
//! A name is hoisted when at least two endpoints of the family define it identically: the
//! definition most of them share (ties: the one whose text sorts first) is emitted once, and
//! each endpoint that defines the name that way uses it; an endpoint that defines the name
//! otherwise keeps its own definition in its module. A hoisted type's references must mean the
//! same for every endpoint that uses it: each local type it refers to is hoisted too, in the
//! definition those endpoints give it.

use std::collections::BTreeMap;

use crate::schema::model::{Catalog, NamedType, TypeKind};

/// The names to hoist among the endpoints `members` (indices into the catalog), each with the
/// definition that is hoisted: the one most of them give. Definitions are compared as the model
/// holds them, wherever written. On a tie (two definitions, each given by the same number of
/// endpoints), the one whose schema text sorts first: an arbitrary order, but the one the
/// released crates were generated with, so kept to keep them as they are.
pub fn hoistable<'c>(catalog: &'c Catalog, members: &[usize]) -> BTreeMap<&'c str, &'c NamedType> {
    // name → each distinct definition, in the order first met, with how many endpoints give it
    let mut seen: BTreeMap<&str, Vec<(&NamedType, usize)>> = BTreeMap::new();
    for &i in members {
        for t in &catalog.endpoints[i].types.types {
            let defs = seen.entry(t.name.value.as_str()).or_default();
            match defs.iter_mut().find(|(d, _)| *d == t) {
                Some((_, count)) => *count += 1,
                None => defs.push((t, 1)),
            }
        }
    }
    let mut hoisted: BTreeMap<&str, &NamedType> = seen
        .into_iter()
        .filter_map(|(name, defs)| {
            let most = defs.iter().map(|&(_, count)| count).max()?;
            if most < 2 {
                return None;
            }
            let mut tied = defs.into_iter().filter(|&(_, count)| count == most);
            let first = tied.next()?.0;
            let def = tied.fold(first, |best, (other, _)| {
                if text(other) < text(best) {
                    other
                } else {
                    best
                }
            });
            Some((name, def))
        })
        .collect();
    // Drop names whose hoisted definition refers, in an endpoint that uses it, to a local type
    // that endpoint does not take from the hoisted ones, until nothing changes.
    loop {
        let before = hoisted.len();
        let keep: BTreeMap<&str, &NamedType> = hoisted
            .iter()
            .filter(|(name, _)| {
                members.iter().all(|&i| {
                    let file = &catalog.endpoints[i].types;
                    file.get(name).is_none_or(|t| {
                        !uses(&hoisted, t)
                            || references(t)
                                .iter()
                                .all(|r| file.get(r).is_none_or(|local| uses(&hoisted, local)))
                    })
                })
            })
            .map(|(&n, &t)| (n, t))
            .collect();
        hoisted = keep;
        if hoisted.len() == before {
            break;
        }
    }
    hoisted
}

/// Whether an endpoint's definition `t` is the hoisted one of its name.
pub fn uses(hoisted: &BTreeMap<&str, &NamedType>, t: &NamedType) -> bool {
    hoisted.get(t.name.value.as_str()).is_some_and(|&d| d == t)
}

/// A definition as the schema writer prints it, for ties only.
fn text(t: &NamedType) -> String {
    crate::schema::write::shared_file("", std::slice::from_ref(t))
}

fn references(t: &NamedType) -> Vec<&str> {
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Object(fields) => {
            for f in fields {
                out.extend(f.ty.value.names());
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                out.extend(v.ty.value.names());
            }
        }
        TypeKind::Enum(_) => {}
    }
    out
}
