//! The comparison itself: endpoints matched by id, then each endpoint's input and output walked
//! side by side, fields matched by wire name, enum values by value, union variants by tag or
//! type.

use std::collections::{BTreeMap, BTreeSet};

use super::{bounds, classify, Change, Kind};
use crate::ir::{
    shared, EndpointIr, FieldIr, Home, Ir, Kind as TypeKind, Ty, TypeId, UnionIr, VariantIr,
};

/// Every change between the two states, unsorted.
pub fn compare(old: &Ir<'_>, new: &Ir<'_>) -> Vec<Change> {
    let old_endpoints = endpoints(old);
    let new_endpoints = endpoints(new);
    let mut changes = Vec::new();
    for (id, &(f, e)) in &old_endpoints {
        let package = &old.families[f].names.package;
        match new_endpoints.get(id) {
            Some(&(nf, ne)) => {
                let mut walk = Walk {
                    old: Side::new(old, f, e),
                    new: Side::new(new, nf, ne),
                    endpoint: id,
                    package: &new.families[nf].names.package,
                    seen: BTreeSet::new(),
                    changes: &mut changes,
                };
                let (o, n) = (
                    &old.families[f].endpoints[e],
                    &new.families[nf].endpoints[ne],
                );
                walk.types(o.input, n.input, "input");
                walk.types(o.output, n.output, "output");
            }
            None => changes.push(endpoint_change(id, package, Kind::EndpointRemoved)),
        }
    }
    for (id, &(f, _)) in &new_endpoints {
        if !old_endpoints.contains_key(id) {
            let package = &new.families[f].names.package;
            changes.push(endpoint_change(id, package, Kind::EndpointAdded));
        }
    }
    changes
}

/// Each endpoint id with its family and index in it.
fn endpoints<'a>(ir: &'a Ir<'_>) -> BTreeMap<&'a str, (usize, usize)> {
    let mut map = BTreeMap::new();
    for (f, family) in ir.families.iter().enumerate() {
        for (e, ep) in family.endpoints.iter().enumerate() {
            map.insert(ep.def.id.value.as_str(), (f, e));
        }
    }
    map
}

fn endpoint_change(id: &str, package: &str, kind: Kind) -> Change {
    Change {
        endpoint: id.to_string(),
        package: package.to_string(),
        owner_package: package.to_string(),
        owner_type: String::new(),
        path: String::new(),
        class: classify(&kind, false),
        kind,
    }
}

/// One state's IR, seen from one endpoint.
struct Side<'a, 'c> {
    ir: &'a Ir<'c>,
    family: usize,
    endpoint: &'a EndpointIr<'c>,
}

impl<'a, 'c> Side<'a, 'c> {
    fn new(ir: &'a Ir<'c>, family: usize, endpoint: usize) -> Self {
        Side {
            ir,
            family,
            endpoint: &ir.families[family].endpoints[endpoint],
        }
    }

    /// How code that uses the endpoint names the type: the common crate's path, the family's
    /// `types` module for shared types moved there, else the endpoint's module (which
    /// re-exports the family's hoisted types).
    fn rust_path(&self, id: TypeId) -> String {
        let t = self.ir.ty(id);
        let family = &self.ir.families[self.family].names.lib;
        match t.home {
            Home::Common => format!("{}::{}", self.ir.common.lib, t.name()),
            Home::Hoisted(f) if shared::moved(self.ir, id) => {
                format!("{}::types::{}", self.ir.families[f].names.lib, t.name())
            }
            _ => format!("{family}::{}::{}", self.endpoint.module, t.name()),
        }
    }

    /// The package of the crate that defines the type.
    fn package_of(&self, id: TypeId) -> &'a str {
        match self.ir.ty(id).home {
            Home::Common => &self.ir.common.package,
            Home::Hoisted(f) | Home::Module(f, _) => &self.ir.families[f].names.package,
        }
    }
}

/// The walk of one endpoint present in both states.
struct Walk<'a, 'c, 'o> {
    old: Side<'a, 'c>,
    new: Side<'a, 'c>,
    endpoint: &'a str,
    package: &'a str,
    /// Type pairs already compared: a type reached twice (or through itself) is compared once,
    /// at the first path that reaches it.
    seen: BTreeSet<(TypeId, TypeId)>,
    changes: &'o mut Vec<Change>,
}

impl Walk<'_, '_, '_> {
    fn push(&mut self, owner: TypeId, path: &str, kind: Kind) {
        let info = self.new.ir.ty(owner);
        let in_open_struct = matches!(info.kind, TypeKind::Object(_)) && !info.is_non_exhaustive();
        self.changes.push(Change {
            endpoint: self.endpoint.to_string(),
            package: self.package.to_string(),
            owner_package: self.new.package_of(owner).to_string(),
            owner_type: info.name().to_string(),
            path: path.to_string(),
            class: classify(&kind, in_open_struct),
            kind,
        });
    }

    /// Compares the types at `path`: their Rust names, then what they hold.
    fn types(&mut self, o: TypeId, n: TypeId, path: &str) {
        if !self.seen.insert((o, n)) {
            return;
        }
        let (from, to) = (self.old.rust_path(o), self.new.rust_path(n));
        if from != to {
            self.push(n, path, Kind::TypeChanged { from, to });
        }
        let (old_ir, new_ir) = (self.old.ir, self.new.ir);
        match (&old_ir.ty(o).kind, &new_ir.ty(n).kind) {
            (TypeKind::Object(of), TypeKind::Object(nf)) => self.fields(of, n, nf, path),
            (TypeKind::Enum(ov), TypeKind::Enum(nv)) => {
                let old: Vec<String> = ov.iter().map(|v| v.value.to_json().to_string()).collect();
                let new: Vec<String> = nv.iter().map(|v| v.value.to_json().to_string()).collect();
                for v in old.iter().filter(|v| !new.contains(v)) {
                    self.push(n, path, Kind::ValueRemoved(v.clone()));
                }
                for v in new.iter().filter(|v| !old.contains(v)) {
                    self.push(n, path, Kind::ValueAdded(v.clone()));
                }
            }
            (TypeKind::Union(ou), TypeKind::Union(nu)) => self.variants(ou, n, nu, path),
            (ok, nk) => {
                let (from, to) = (kind_name(ok), kind_name(nk));
                self.push(
                    n,
                    path,
                    Kind::TypeChanged {
                        from: from.into(),
                        to: to.into(),
                    },
                );
            }
        }
    }

    fn fields(&mut self, old: &[FieldIr<'_>], n: TypeId, new: &[FieldIr<'_>], path: &str) {
        for of in old {
            let at = format!("{path}.{}", of.wire);
            match new.iter().find(|nf| nf.wire == of.wire) {
                Some(nf) => self.field(of, n, nf, &at),
                None => self.push(n, &at, Kind::FieldRemoved),
            }
        }
        for nf in new
            .iter()
            .filter(|nf| !old.iter().any(|of| of.wire == nf.wire))
        {
            let at = format!("{path}.{}", nf.wire);
            self.push(
                n,
                &at,
                Kind::FieldAdded {
                    required: nf.required(),
                },
            );
        }
    }

    fn field(&mut self, of: &FieldIr<'_>, n: TypeId, nf: &FieldIr<'_>, path: &str) {
        match (of.required(), nf.required()) {
            (false, true) => self.push(n, path, Kind::BecameRequired),
            (true, false) => self.push(n, path, Kind::BecameOptional),
            _ => {}
        }
        let (from, to) = (json(of.default), json(nf.default));
        if from != to {
            self.push(n, path, Kind::DefaultChanged { from, to });
        }
        for kind in bounds::compare(of.constraints, nf.constraints) {
            self.push(n, path, kind);
        }
        self.exprs(&of.ty, n, &nf.ty, path);
    }

    /// Compares two types at `path`, going into lists, maps and named types.
    fn exprs(&mut self, oe: &Ty, n: TypeId, ne: &Ty, path: &str) {
        match (oe, ne) {
            (Ty::List(a), Ty::List(b)) => self.exprs(a, n, b, &format!("{path}[]")),
            (Ty::Map(a), Ty::Map(b)) => self.exprs(a, n, b, &format!("{path}{{}}")),
            (Ty::Nullable(a), Ty::Nullable(b)) => self.exprs(a, n, b, path),
            (Ty::Named(a), Ty::Named(b)) => self.types(*a, *b, path),
            (a, b) if a == b => {}
            _ => {
                let kind = Kind::TypeChanged {
                    from: self.old.ir.written(oe),
                    to: self.new.ir.written(ne),
                };
                self.push(n, path, kind);
            }
        }
    }

    fn variants(&mut self, ou: &UnionIr<'_>, n: TypeId, nu: &UnionIr<'_>, path: &str) {
        let (old, new) = (self.old.ir, self.new.ir);
        let same = |ov: &VariantIr<'_>, nv: &VariantIr<'_>| match (ov.tag_value, nv.tag_value) {
            (Some(x), Some(y)) => x == y,
            _ => old.written(&ov.ty) == new.written(&nv.ty),
        };
        for ov in &ou.variants {
            match nu.variants.iter().find(|nv| same(ov, nv)) {
                Some(nv) => {
                    let at = format!("{path}<{}>", variant_name(new, nv));
                    self.exprs(&ov.ty, n, &nv.ty, &at);
                }
                None => self.push(n, path, Kind::VariantRemoved(variant_name(old, ov))),
            }
        }
        for nv in nu
            .variants
            .iter()
            .filter(|nv| !ou.variants.iter().any(|ov| same(ov, nv)))
        {
            self.push(n, path, Kind::VariantAdded(variant_name(new, nv)));
        }
    }
}

/// A variant as the change report names it: its type as the schema writes it, and its tag.
fn variant_name(ir: &Ir<'_>, v: &VariantIr<'_>) -> String {
    match v.tag_value {
        Some(tag) => format!("{} = {tag:?}", ir.written(&v.ty)),
        None => ir.written(&v.ty),
    }
}

fn kind_name(kind: &TypeKind<'_>) -> &'static str {
    match kind {
        TypeKind::Object(_) => "object",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
    }
}

fn json(value: Option<&serde_json::Value>) -> Option<String> {
    value.map(|v| v.to_string())
}
