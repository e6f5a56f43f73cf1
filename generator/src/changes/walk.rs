//! The comparison itself: endpoints matched by id, then each endpoint's input and output walked
//! side by side, fields matched by wire name, enum values by value, union variants by tag or
//! type.

use std::collections::{BTreeMap, BTreeSet};

use super::{bounds, classify, Change, Kind};
use crate::ir::{shared, EndpointIr, Home, Ir, TypeId};
use crate::schema::model::{Field, TypeExpr, TypeKind, Union, Variant};

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

    /// The type a name written in the scope of type `within` refers to.
    fn lookup(&self, within: TypeId, name: &str) -> Option<TypeId> {
        self.ir.lookup(self.ir.ty(within).scope, name)
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
        let in_open_struct =
            matches!(info.def.kind, TypeKind::Object(_)) && !info.is_non_exhaustive();
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
        let (od, nd) = (self.old.ir.ty(o).def, self.new.ir.ty(n).def);
        match (&od.kind, &nd.kind) {
            (TypeKind::Object(of), TypeKind::Object(nf)) => self.fields(o, of, n, nf, path),
            (TypeKind::Enum(ov), TypeKind::Enum(nv)) => {
                let old: Vec<String> = ov
                    .iter()
                    .map(|v| v.value.value.to_json().to_string())
                    .collect();
                let new: Vec<String> = nv
                    .iter()
                    .map(|v| v.value.value.to_json().to_string())
                    .collect();
                for v in old.iter().filter(|v| !new.contains(v)) {
                    self.push(n, path, Kind::ValueRemoved(v.clone()));
                }
                for v in new.iter().filter(|v| !old.contains(v)) {
                    self.push(n, path, Kind::ValueAdded(v.clone()));
                }
            }
            (TypeKind::Union(ou), TypeKind::Union(nu)) => self.variants(o, ou, n, nu, path),
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

    fn fields(&mut self, o: TypeId, old: &[Field], n: TypeId, new: &[Field], path: &str) {
        for of in old {
            let at = format!("{path}.{}", of.name.value);
            match new.iter().find(|nf| nf.name.value == of.name.value) {
                Some(nf) => self.field(o, of, n, nf, &at),
                None => self.push(n, &at, Kind::FieldRemoved),
            }
        }
        for nf in new
            .iter()
            .filter(|nf| !old.iter().any(|of| of.name.value == nf.name.value))
        {
            let at = format!("{path}.{}", nf.name.value);
            self.push(
                n,
                &at,
                Kind::FieldAdded {
                    required: nf.required,
                },
            );
        }
    }

    fn field(&mut self, o: TypeId, of: &Field, n: TypeId, nf: &Field, path: &str) {
        match (of.required, nf.required) {
            (false, true) => self.push(n, path, Kind::BecameRequired),
            (true, false) => self.push(n, path, Kind::BecameOptional),
            _ => {}
        }
        let (from, to) = (json(&of.default), json(&nf.default));
        if from != to {
            self.push(n, path, Kind::DefaultChanged { from, to });
        }
        for kind in bounds::compare(&of.constraints, &nf.constraints) {
            self.push(n, path, kind);
        }
        self.exprs(o, &of.ty.value, n, &nf.ty.value, path);
    }

    /// Compares two type expressions at `path`, going into lists, maps and named types.
    fn exprs(&mut self, o: TypeId, oe: &TypeExpr, n: TypeId, ne: &TypeExpr, path: &str) {
        match (oe, ne) {
            (TypeExpr::List(a), TypeExpr::List(b)) => self.exprs(o, a, n, b, &format!("{path}[]")),
            (TypeExpr::Map(a), TypeExpr::Map(b)) => self.exprs(o, a, n, b, &format!("{path}{{}}")),
            (TypeExpr::Nullable(a), TypeExpr::Nullable(b)) => self.exprs(o, a, n, b, path),
            (TypeExpr::Named(a), TypeExpr::Named(b)) => {
                match (self.old.lookup(o, a), self.new.lookup(n, b)) {
                    (Some(ot), Some(nt)) => self.types(ot, nt, path),
                    // The loader has checked every reference: a miss is a bug, shown as a
                    // change rather than lost.
                    _ => self.retyped(n, oe, ne, path),
                }
            }
            (a, b) if a == b => {}
            _ => self.retyped(n, oe, ne, path),
        }
    }

    fn retyped(&mut self, n: TypeId, oe: &TypeExpr, ne: &TypeExpr, path: &str) {
        let kind = Kind::TypeChanged {
            from: oe.to_string(),
            to: ne.to_string(),
        };
        self.push(n, path, kind);
    }

    fn variants(&mut self, o: TypeId, ou: &Union, n: TypeId, nu: &Union, path: &str) {
        for ov in &ou.variants {
            match nu.variants.iter().find(|nv| same_variant(ov, nv)) {
                Some(nv) => {
                    let at = format!("{path}<{}>", variant_name(nv));
                    self.exprs(o, &ov.ty.value, n, &nv.ty.value, &at);
                }
                None => self.push(n, path, Kind::VariantRemoved(variant_name(ov))),
            }
        }
        for nv in nu
            .variants
            .iter()
            .filter(|nv| !ou.variants.iter().any(|ov| same_variant(ov, nv)))
        {
            self.push(n, path, Kind::VariantAdded(variant_name(nv)));
        }
    }
}

/// Variants match by their tag value in a tagged union, else by their type.
fn same_variant(a: &Variant, b: &Variant) -> bool {
    match (&a.tag_value, &b.tag_value) {
        (Some(x), Some(y)) => x.value == y.value,
        _ => a.ty.value == b.ty.value,
    }
}

fn variant_name(v: &Variant) -> String {
    match &v.tag_value {
        Some(tag) => format!("{} = {:?}", v.ty.value, tag.value),
        None => v.ty.value.to_string(),
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Object(_) => "object",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
    }
}

fn json(value: &Option<crate::schema::model::Located<serde_json::Value>>) -> Option<String> {
    value.as_ref().map(|v| v.value.to_string())
}
