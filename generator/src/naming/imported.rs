//! The names the importer writes into schema files: type names from upstream's names, the
//! candidate names of the types it defines, and distinct `rust_name`s for enum values and
//! union variants. Which type needs a name, and which candidate is free, the importer decides.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use super::variants::{enum_variant_name, union_variant_name};
use crate::schema::model::{EnumLiteral, EnumValue, Located, Variant};

/// The name the importer falls back to when a type has no candidate name at all.
pub(crate) const FALLBACK_TYPE_NAME: &str = "Type";

/// A name that is a legal type name: UpperCamelCase, starting with a letter.
pub(crate) fn type_name(raw: &str) -> String {
    // Python module paths (`registry__image__fast_sdxl__models__Image`) keep their last part.
    let last = raw.rsplit("__").next().unwrap_or(raw);
    let mut name = last.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric());
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'T');
    }
    name
}

/// `base2`, `base3`...: the numbered type names tried, in order, when every other candidate
/// for `base` is taken.
pub(crate) fn numbered(base: &str) -> impl Iterator<Item = String> + '_ {
    (2..).map(move |n| format!("{base}{n}"))
}

/// The names of an endpoint's input and output types: each component's type name, numbered
/// when a shared type (`shared_names`) or the other one has it.
pub(crate) fn io_names(components: [&str; 2], shared_names: &BTreeSet<String>) -> Vec<String> {
    let mut io_names: Vec<String> = Vec::new();
    for comp in components {
        let base = type_name(comp);
        let name = std::iter::once(base.clone())
            .chain(numbered(&base))
            .find(|c| !shared_names.contains(c) && !io_names.contains(c));
        io_names.push(name.unwrap_or(base));
    }
    io_names
}

/// The name of one shape of the components whose clean name is `clean`: the plain name for
/// the shape most endpoints use (`rank` 0); otherwise, or when that is taken (`used`), the
/// name prefixed with more and more of the id of the shape's first user after its owner
/// (`FluxImage`, `FluxDevImage` for `fal-ai/flux/dev`); failing those, a numbered one.
pub(crate) fn shape_name(
    clean: &str,
    rank: usize,
    first_id: &str,
    used: &BTreeSet<String>,
) -> String {
    let segments: Vec<&str> = first_id.split('/').collect();
    let mut candidates = Vec::new();
    if rank == 0 {
        candidates.push(clean.to_string());
    }
    for n in 2..=segments.len() {
        candidates.push(format!("{}{clean}", type_name(&segments[1..n].join("-"))));
    }
    candidates
        .into_iter()
        .find(|c| !used.contains(c))
        .unwrap_or_else(|| {
            numbered(clean)
                .find(|c| !used.contains(c))
                .unwrap_or_default()
        })
}

/// The owner's name without fal's `Input`/`Output` suffix, to prefix clashing field types.
fn owner_stem(owner: &str) -> &str {
    owner
        .strip_suffix("Input")
        .or_else(|| owner.strip_suffix("Output"))
        .unwrap_or(owner)
}

/// The candidate names of an enum written inline, named `base` after its field: `base`, then
/// `base` after the owner's stem (`Format`, `AudioSettingFormat` in `AudioSettingInput`).
pub(crate) fn enum_candidates(base: &str, owner: &str) -> Vec<String> {
    vec![base.to_string(), format!("{}{base}", owner_stem(owner))]
}

/// The base name of an enum among the variants of a union written inline on a field whose
/// type name is `field`: the field's presets (`ImageSize` → `ImageSizePreset`).
pub(crate) fn preset_name(field: &str) -> String {
    format!("{field}Preset")
}

/// The candidate names, in order, of a union written inline on a field whose type name is
/// `field` in the object `owner`: `<Field>`, `<Object>OrPreset` (after its first object
/// variant `object`, if any), `<Field>Choice` and `<Owner><Field>`.
pub(crate) fn union_candidates(field: &str, object: Option<&str>, owner: &str) -> Vec<String> {
    let mut candidates = vec![field.to_string()];
    candidates.extend(object.map(|obj| format!("{obj}OrPreset")));
    candidates.push(format!("{field}Choice"));
    candidates.push(format!("{}{field}", owner_stem(owner)));
    candidates
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

/// Gives a `rust_name` to each union variant whose derived name an earlier variant already has
/// (`StringAlt1`).
pub(crate) fn dedupe_variant_names(vs: &mut [Variant]) {
    let natural: BTreeSet<String> = vs.iter().map(|v| union_variant_name(&v.ty.value)).collect();
    let mut seen = BTreeSet::new();
    for (i, v) in vs.iter_mut().enumerate() {
        let name = union_variant_name(&v.ty.value);
        if !seen.insert(name.clone()) {
            let alt = free_name(&format!("{name}Alt{i}"), &seen, &natural);
            seen.insert(alt.clone());
            v.rust_name = Some(Located::synthetic(alt));
        }
    }
}

/// Enum values with a `rust_name` wherever the naming rule gives none or gives one twice
/// (`<Name>Alt<i>` for a repeated name, `Empty` for the empty string, `Value<i>` for another
/// value without a name); the names given never repeat a name the rule gives another value.
pub(crate) fn enum_values(values: &[EnumLiteral]) -> Vec<EnumValue> {
    let natural: BTreeSet<String> = values.iter().filter_map(enum_variant_name).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if out.iter().any(|e: &EnumValue| &e.value.value == v) {
            continue; // a repeated value in the document says nothing new
        }
        let derived = enum_variant_name(v);
        let rust_name = match &derived {
            Some(n) if !seen.contains(n) => None,
            Some(n) => Some(free_name(&format!("{n}Alt{i}"), &seen, &natural)),
            None if matches!(v, EnumLiteral::Str(s) if s.is_empty()) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::TypeExpr;

    #[test]
    fn type_names_from_upstream() {
        assert_eq!(
            type_name("registry__image__fast_sdxl__models__Image"),
            "Image"
        );
        assert_eq!(type_name("image_size"), "ImageSize");
        assert_eq!(type_name("2pass"), "T2pass");
        assert_eq!(type_name("ä"), "T");
    }

    #[test]
    fn candidates_of_inline_types() {
        assert_eq!(
            enum_candidates("Format", "AudioSettingInput"),
            ["Format", "AudioSettingFormat"]
        );
        assert_eq!(preset_name("ImageSize"), "ImageSizePreset");
        assert_eq!(
            union_candidates("ImageSize", Some("ImageSizeObject"), "FluxOutput"),
            [
                "ImageSize",
                "ImageSizeObjectOrPreset",
                "ImageSizeChoice",
                "FluxImageSize"
            ]
        );
        assert_eq!(
            union_candidates("Mask", None, "Edit"),
            ["Mask", "MaskChoice", "EditMask"]
        );
    }

    #[test]
    fn shapes_and_io_types_are_numbered_when_taken() {
        let used: BTreeSet<String> = ["Image", "FluxImage"].map(String::from).into();
        assert_eq!(
            shape_name("Image", 0, "fal-ai/flux/dev", &used),
            "FluxDevImage"
        );
        assert_eq!(shape_name("Image", 1, "fal-ai/flux", &used), "Image2");
        let shared: BTreeSet<String> = ["Input".to_string()].into();
        assert_eq!(io_names(["Input", "Input"], &shared), ["Input2", "Input3"]);
    }

    #[test]
    fn repeated_and_nameless_values_get_distinct_names() {
        let values = [
            EnumLiteral::Str("a-b".into()),
            EnumLiteral::Str("a_b".into()),
            EnumLiteral::Str(String::new()),
            EnumLiteral::Str("--".into()),
            EnumLiteral::Str("a-b".into()),
        ];
        let names: Vec<Option<String>> = enum_values(&values)
            .into_iter()
            .map(|v| v.rust_name.map(|n| n.value))
            .collect();
        assert_eq!(
            names,
            [
                None,
                Some("ABAlt1".into()),
                Some("Empty".into()),
                Some("Value3".into())
            ]
        );
        let mut variants: Vec<Variant> = [TypeExpr::String, TypeExpr::FileUrl, TypeExpr::String]
            .into_iter()
            .map(|t| Variant {
                ty: Located::synthetic(t),
                rust_name: None,
                tag_value: None,
            })
            .collect();
        dedupe_variant_names(&mut variants);
        let given: Vec<Option<&str>> = variants
            .iter()
            .map(|v| v.rust_name.as_ref().map(|n| n.value.as_str()))
            .collect();
        assert_eq!(given, [None, None, Some("StringAlt2")]);
    }
}
