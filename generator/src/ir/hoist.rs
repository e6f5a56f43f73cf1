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
use crate::schema::write;

/// The names to hoist among the endpoints `members` (indices into the catalog), sorted, each
/// with the definition that is hoisted (its canonical text, see [`uses`]).
pub fn hoistable(catalog: &Catalog, members: &[usize]) -> BTreeMap<String, String> {
    // name → canonical text → how many endpoints define it so
    let mut seen: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for &i in members {
        for t in &catalog.endpoints[i].types.types {
            *seen
                .entry(t.name.value.as_str())
                .or_default()
                .entry(canonical(t))
                .or_default() += 1;
        }
    }
    let mut hoisted: BTreeMap<String, String> = seen
        .into_iter()
        .filter_map(|(name, shapes)| {
            let (text, count) = shapes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            (count >= 2).then(|| (name.to_string(), text))
        })
        .collect();
    // Drop names whose hoisted definition refers, in an endpoint that uses it, to a local type
    // that endpoint does not take from the hoisted ones, until nothing changes.
    loop {
        let before = hoisted.len();
        let keep: BTreeMap<String, String> = hoisted
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
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        hoisted = keep;
        if hoisted.len() == before {
            break;
        }
    }
    hoisted
}

/// Whether an endpoint's definition `t` is the hoisted one of its name.
pub fn uses(hoisted: &BTreeMap<String, String>, t: &NamedType) -> bool {
    hoisted
        .get(&t.name.value)
        .is_some_and(|text| *text == canonical(t))
}

/// The definition as the schema writer prints it: equal text, equal meaning (spans ignored).
fn canonical(t: &NamedType) -> String {
    write::shared_file("", std::slice::from_ref(t))
}

fn references(t: &NamedType) -> Vec<String> {
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Object(fields) => {
            for f in fields {
                out.extend(f.ty.value.names().into_iter().map(str::to_string));
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                out.extend(v.ty.value.names().into_iter().map(str::to_string));
            }
        }
        TypeKind::Enum(_) => {}
    }
    out
}
