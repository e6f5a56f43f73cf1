//! Where the types of `shared.yaml` are emitted, and which of them each crate needs.
//!
//! An application compiles the common crate and the families it uses, so the common crate
//! must not make it compile the whole catalogue's shared types:
//! - a shared type that the endpoints of only one family reach moves to that family's `types`
//!   module;
//! - every type left in the common crate sits behind a cargo feature of its own name, which
//!   turns on the features of the common types it refers to; each family crate turns on the
//!   features of the common types it names. Cargo unifies features, so a build compiles the
//!   common types of the families in it, and a workspace build all of them.

use std::collections::{BTreeMap, BTreeSet};

use super::usage::{edges, reachable};
use super::{Home, Ir, Scope, TypeId};

/// Moves the shared types one family uses into it, and fills [`Ir::common_uses`] and each
/// family's `common_uses`. Runs after the usage marks (it follows the same references).
pub fn place(ir: &mut Ir<'_>) {
    let edges = edges(ir);
    // common type → the families whose endpoints reach it
    let mut users: BTreeMap<TypeId, BTreeSet<usize>> = BTreeMap::new();
    for (f, fam) in ir.families.iter().enumerate() {
        for ep in &fam.endpoints {
            for root in [ep.input, ep.output] {
                for id in reachable(&edges, root) {
                    if ir.types[id.0].home == Home::Common {
                        users.entry(id).or_default().insert(f);
                    }
                }
            }
        }
    }
    // The family's own hoisted types never take a shared type's name: the checker refuses an
    // endpoint type named like a shared one.
    for (id, families) in users {
        if let [f] = families.into_iter().collect::<Vec<_>>()[..] {
            ir.types[id.0].home = Home::Hoisted(f);
            ir.families[f].hoisted.push(id);
        }
    }
    for fam in &mut ir.families {
        fam.hoisted
            .sort_by(|a, b| ir.types[a.0].name().cmp(ir.types[b.0].name()));
    }

    let common = |id: &TypeId| ir.types[id.0].home == Home::Common;
    let by_name = |ids: BTreeSet<TypeId>| {
        let mut ids: Vec<TypeId> = ids.into_iter().collect();
        ids.sort_by(|a, b| ir.types[a.0].name().cmp(ir.types[b.0].name()));
        ids
    };
    let mut common_uses = Vec::new();
    for (i, refs) in edges.iter().enumerate() {
        if common(&TypeId(i)) {
            let uses = by_name(refs.iter().copied().filter(common).collect());
            common_uses.push((TypeId(i), uses));
        }
    }
    common_uses.sort_by(|a, b| ir.types[a.0 .0].name().cmp(ir.types[b.0 .0].name()));
    let mut family_uses: Vec<BTreeSet<TypeId>> = vec![BTreeSet::new(); ir.families.len()];
    for (i, t) in ir.types.iter().enumerate() {
        if let Home::Module(f, _) | Home::Hoisted(f) = t.home {
            family_uses[f].extend(edges[i].iter().copied().filter(common));
        }
    }
    for (fam, uses) in ir.families.iter().zip(&mut family_uses) {
        // An endpoint whose input or output is itself a shared type names it in its marker.
        uses.extend(
            fam.endpoints
                .iter()
                .flat_map(|ep| [ep.input, ep.output])
                .filter(common),
        );
    }
    let family_uses: Vec<Vec<TypeId>> = family_uses.into_iter().map(by_name).collect();
    ir.common_uses = common_uses;
    for (fam, uses) in ir.families.iter_mut().zip(family_uses) {
        fam.common_uses = uses;
    }
}

/// Whether the type is a shared type emitted in a family's `types` module. Endpoint modules do
/// not re-export it: code outside that module names it by its path from the crate's name (the
/// crate declares `extern crate self as <its name>`), which also holds in its doctests.
pub fn moved(ir: &Ir<'_>, id: TypeId) -> bool {
    let t = ir.ty(id);
    t.scope == Scope::Shared && matches!(t.home, Home::Hoisted(_))
}
