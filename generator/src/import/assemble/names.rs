//! Names the importer makes: legal type names from upstream's names, and distinct Rust names
//! for the values of an enum and the variants of a union.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use crate::naming;
use crate::schema::model::*;

/// A name that is a legal type name: UpperCamelCase, starting with a letter.
pub(super) fn type_name(raw: &str) -> String {
    // Python module paths (`registry__image__fast_sdxl__models__Image`) keep their last part.
    let last = raw.rsplit("__").next().unwrap_or(raw);
    let mut name = last.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric());
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'T');
    }
    name
}

/// The first of `base`, `base2`, `base3`... (`base_2`... after a digit, as rustc's naming lint
/// wants) that is neither taken nor the name another member of the set gets by itself
/// (`natural`), so that a renamed member never takes a later one's name.
fn free_name(base: &str, taken: &BTreeSet<String>, natural: &BTreeSet<String>) -> String {
    let glue = if base.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    std::iter::once(base.to_string())
        .chain((2..).map(|n| format!("{base}{glue}{n}")))
        .find(|c| !taken.contains(c) && !natural.contains(c))
        .unwrap_or_default()
}

/// Gives a `rust_name` to each union variant whose derived name an earlier variant already has.
pub(super) fn dedupe_variant_names(vs: &mut [Variant]) {
    let natural: BTreeSet<String> = vs
        .iter()
        .map(|v| naming::union_variant_name(&v.ty.value))
        .collect();
    let mut seen = BTreeSet::new();
    for (i, v) in vs.iter_mut().enumerate() {
        let name = naming::union_variant_name(&v.ty.value);
        if !seen.insert(name.clone()) {
            let alt = free_name(&format!("{name}Alt{i}"), &seen, &natural);
            seen.insert(alt.clone());
            v.rust_name = Some(Located::synthetic(alt));
        }
    }
}

/// Enum values with a `rust_name` wherever the naming rule gives none or gives one twice; the
/// names given never repeat a name the rule gives another value.
pub(super) fn enum_values(values: &[crate::schema::model::EnumLiteral]) -> Vec<EnumValue> {
    let natural: BTreeSet<String> = values
        .iter()
        .filter_map(naming::enum_variant_name)
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if out.iter().any(|e: &EnumValue| &e.value.value == v) {
            continue; // a repeated value in the document says nothing new
        }
        let derived = naming::enum_variant_name(v);
        let rust_name = match &derived {
            Some(n) if !seen.contains(n) => None,
            Some(n) => Some(free_name(&format!("{n}Alt{i}"), &seen, &natural)),
            None if matches!(v, crate::schema::model::EnumLiteral::Str(s) if s.is_empty()) => {
                Some(free_name("Empty", &seen, &natural))
            }
            None => Some(free_name(&format!("Value{i}"), &seen, &natural)),
        };
        let final_name = rust_name.clone().or(derived).unwrap_or_default();
        seen.insert(final_name);
        out.push(EnumValue {
            value: Located::synthetic(v.clone()),
            rust_name: rust_name.map(Located::synthetic),
            description: None,
        });
    }
    out
}
