//! Which of a family's local types are emitted once, in the crate's `types` module, instead of
//! once per endpoint module.
//!
//! A name is hoisted when at least two endpoints of the family define it, every endpoint that
//! defines it defines it identically, and every local type it refers to is hoisted too (so the
//! hoisted copy means the same thing for every endpoint that re-exports it).

use std::collections::{BTreeMap, BTreeSet};

use crate::schema::model::{Catalog, NamedType, TypeKind};
use crate::schema::write;

/// The names to hoist among the endpoints `members` (indices into the catalog), sorted.
pub fn hoistable(catalog: &Catalog, members: &[usize]) -> Vec<String> {
    // name → (canonical text of each definition, how many endpoints define it)
    let mut seen: BTreeMap<&str, (BTreeSet<String>, usize)> = BTreeMap::new();
    for &i in members {
        for t in &catalog.endpoints[i].types.types {
            let entry = seen.entry(t.name.value.as_str()).or_default();
            entry.0.insert(canonical(t));
            entry.1 += 1;
        }
    }
    let mut names: BTreeSet<&str> = seen
        .iter()
        .filter(|(_, (texts, count))| texts.len() == 1 && *count >= 2)
        .map(|(name, _)| *name)
        .collect();
    // Drop names that refer to a local type that stays per endpoint, until nothing changes.
    loop {
        let before = names.len();
        let keep: BTreeSet<&str> = names
            .iter()
            .copied()
            .filter(|name| {
                members.iter().all(|&i| {
                    let file = &catalog.endpoints[i].types;
                    file.get(name).is_none_or(|t| {
                        references(t)
                            .iter()
                            .all(|r| file.get(r).is_none() || names.contains(r.as_str()))
                    })
                })
            })
            .collect();
        names = keep;
        if names.len() == before {
            break;
        }
    }
    names.into_iter().map(str::to_string).collect()
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
