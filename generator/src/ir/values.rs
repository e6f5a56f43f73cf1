//! What the emitters ask of JSON values against the model's types: which variant of an
//! untagged union a value takes, and the example an endpoint's docs show (a page's, or one made
//! up from the schema) with whether it fits. The checker answers; the emitters only ask here.

use serde_json::Value;

use super::{made_up, EndpointIr, Ir, Scope, TypeInfo};
use crate::schema::check::{value_fits, TypeLookup};
use crate::schema::model::{self, Constraints, NamedType, TypeExpr, TypeKind};

/// The input example of an endpoint's docs.
#[derive(Clone, Debug)]
pub struct Example<'c> {
    /// The page example it comes from; `None` when it is made up from the schema.
    pub page: Option<&'c model::Example>,
    /// The input, a JSON object.
    pub json: Value,
    /// Whether the input fits the schema (a page's example may contradict it).
    pub fits: bool,
}

impl<'c> Ir<'c> {
    /// The variant of the untagged union `info` that `value` takes: the first whose type it
    /// fits, as serde's untagged deserializer tries them.
    pub fn union_variant(&self, info: &TypeInfo<'_>, value: &Value) -> Option<usize> {
        let TypeKind::Union(u) = &info.def.kind else {
            return None;
        };
        let lookup = self.lookup_in(info.scope);
        let none = Constraints::default();
        u.variants
            .iter()
            .position(|v| value_fits(value, &v.ty.value, &none, &lookup).is_ok())
    }

    /// The example of an endpoint's input: the first page example that is a JSON object, or
    /// else one made up from the schema's required fields.
    pub fn example(&self, ep: &EndpointIr<'c>) -> Option<Example<'c>> {
        let lookup = self.lookup_in(Scope::Endpoint(ep.index));
        let input = TypeExpr::Named(self.ty(ep.input).name().to_string());
        let page = ep.def.examples.iter().find_map(|x| {
            let json: Value = serde_json::from_str(&x.input.as_ref()?.value).ok()?;
            json.is_object().then_some((x, json))
        });
        let (page, json) = match page {
            Some((x, json)) => (Some(x), json),
            None => (None, made_up::value_of(&input, &lookup)?),
        };
        let fits = value_fits(&json, &input, &Constraints::default(), &lookup).is_ok();
        Some(Example { page, json, fits })
    }

    fn lookup_in(&self, scope: Scope) -> ScopeLookup<'_, 'c> {
        ScopeLookup { ir: self, scope }
    }
}

/// Looks names up in one scope of the model, for the checker's [`value_fits`].
struct ScopeLookup<'a, 'c> {
    ir: &'a Ir<'c>,
    scope: Scope,
}

impl TypeLookup for ScopeLookup<'_, '_> {
    fn lookup(&self, name: &str) -> Option<&NamedType> {
        self.ir
            .lookup(self.scope, name)
            .map(|id| self.ir.ty(id).def)
    }
}
