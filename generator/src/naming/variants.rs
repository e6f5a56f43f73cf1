//! Enum and union variant names: derived from the value or the type, or the `rust_name` given.

use heck::ToUpperCamelCase;

use crate::schema::model::{EnumLiteral, EnumValue, TypeExpr, Variant};

/// The Rust variant name for an enum value, or `None` when the value needs a `rust_name`.
pub fn enum_variant_name(value: &EnumLiteral) -> Option<String> {
    match value {
        EnumLiteral::Int(i) if *i < 0 => Some(format!("Minus{}", i.unsigned_abs())),
        EnumLiteral::Int(i) => Some(format!("V{i}")),
        EnumLiteral::Str(text) => string_variant_name(text),
    }
}

/// The enum rule on a text (rules 1 to 5 of the module docs), which marker names share.
pub(super) fn string_variant_name(text: &str) -> Option<String> {
    if let Some((w, h)) = text.split_once(':') {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(w) && digits(h) {
            return Some(format!("Ratio{w}x{h}"));
        }
    }
    let mut name = String::new();
    for run in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let piece = if run.starts_with(|c: char| c.is_ascii_digit()) {
            run.to_string()
        } else {
            run.to_upper_camel_case()
        };
        if name.ends_with(|c: char| c.is_ascii_digit())
            && piece.starts_with(|c: char| c.is_ascii_digit())
        {
            name.push('_');
        }
        name.push_str(&piece);
    }
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Value");
    }
    Some(name)
}

/// The Rust name of an enum value: its `rust_name` when the schema gives one, else the one
/// [`enum_variant_name`] derives from the value; `None` when neither exists. Whether a given
/// name is legal is the checker's to report ([`is_variant_name`]).
pub fn enum_value_rust_name(v: &EnumValue) -> Option<String> {
    match &v.rust_name {
        Some(given) => Some(given.value.clone()),
        None => enum_variant_name(&v.value.value),
    }
}

/// The Rust variant name of an untagged union's variant, derived from its type.
pub fn union_variant_name(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::String => "String".into(),
        TypeExpr::Integer => "Integer".into(),
        TypeExpr::Float => "Float".into(),
        TypeExpr::Boolean => "Boolean".into(),
        TypeExpr::FileUrl => "Url".into(),
        TypeExpr::Any => "Json".into(),
        TypeExpr::List(t) => format!("{}List", union_variant_name(t)),
        TypeExpr::Map(t) => format!("{}Map", union_variant_name(t)),
        TypeExpr::Named(n) => n.clone(),
        TypeExpr::Nullable(t) => union_variant_name(t),
    }
}

/// The Rust name of a union's variant: its `rust_name` when the schema gives one, else the one
/// [`union_variant_name`] derives from its type.
pub fn union_variant_rust_name(v: &Variant) -> String {
    match &v.rust_name {
        Some(given) => given.value.clone(),
        None => union_variant_name(&v.ty.value),
    }
}

/// Whether `name` is a legal UpperCamelCase Rust identifier that rustc's naming lint accepts.
pub fn is_variant_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = matches!(chars.next(), Some(c) if c.is_ascii_uppercase());
    let rest_ok = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // rustc's non_camel_case_types lint rejects `_` next to a letter and `__`.
    let bytes = name.as_bytes();
    let underscores_ok = bytes.windows(2).all(|w| match w {
        [b'_', b] | [b, b'_'] => b.is_ascii_digit(),
        _ => true,
    });
    first_ok && rest_ok && underscores_ok && !name.ends_with('_') && name != "Self"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::Located;

    fn s(v: &str) -> Option<String> {
        enum_variant_name(&EnumLiteral::Str(v.to_string()))
    }

    #[test]
    fn names_every_awkward_value_of_the_seeds() {
        let cases = [
            ("16:9", "Ratio16x9"),
            ("21:9", "Ratio21x9"),
            ("540p", "V540p"),
            ("1080p", "V1080p"),
            ("5s", "V5s"),
            ("1K", "V1K"),
            ("1", "V1"),
            ("v4.5", "V4_5"),
            ("portrait_4_3", "Portrait4_3"),
            ("landscape_16_9", "Landscape16_9"),
            ("realistic_image/hdr", "RealisticImageHdr"),
            ("chat_0407_5-1", "Chat0407_5_1"),
            ("IN_QUEUE", "InQueue"),
            ("ray-flash-2", "RayFlash2"),
            ("jpeg", "Jpeg"),
            ("self", "SelfValue"),
            ("auto", "Auto"),
        ];
        for (value, expected) in cases {
            assert_eq!(s(value).as_deref(), Some(expected), "value {value:?}");
            assert!(
                is_variant_name(expected),
                "{expected} must pass the lint rule"
            );
        }
    }

    #[test]
    fn integers_and_empty_values() {
        assert_eq!(
            enum_variant_name(&EnumLiteral::Int(4)).as_deref(),
            Some("V4")
        );
        assert_eq!(
            enum_variant_name(&EnumLiteral::Int(-2)).as_deref(),
            Some("Minus2")
        );
        assert_eq!(s(""), None);
        assert_eq!(s("--"), None);
        assert_eq!(s("été"), Some("T".to_string()));
    }

    #[test]
    fn union_variants_are_named_after_their_types() {
        let t = crate::schema::type_expr::parse("list<Image?>").unwrap();
        assert_eq!(union_variant_name(&t), "ImageList");
        assert_eq!(union_variant_name(&TypeExpr::Integer), "Integer");
    }

    #[test]
    fn a_given_name_wins_over_the_derived_one() {
        let value = |rust_name: Option<&str>, literal: &str| EnumValue {
            value: Located::synthetic(EnumLiteral::Str(literal.to_string())),
            rust_name: rust_name.map(|n| Located::synthetic(n.to_string())),
            description: None,
        };
        assert_eq!(
            enum_value_rust_name(&value(None, "16:9")).as_deref(),
            Some("Ratio16x9")
        );
        assert_eq!(
            enum_value_rust_name(&value(Some("Wide"), "16:9")).as_deref(),
            Some("Wide")
        );
        assert_eq!(enum_value_rust_name(&value(None, "--")), None);
        assert_eq!(
            enum_value_rust_name(&value(Some("Dashes"), "--")).as_deref(),
            Some("Dashes")
        );
        let variant = |rust_name: Option<&str>| Variant {
            ty: Located::synthetic(TypeExpr::List(Box::new(TypeExpr::String))),
            rust_name: rust_name.map(|n| Located::synthetic(n.to_string())),
            tag_value: None,
        };
        assert_eq!(union_variant_rust_name(&variant(None)), "StringList");
        assert_eq!(union_variant_rust_name(&variant(Some("Texts"))), "Texts");
    }

    #[test]
    fn the_lint_rule_rejects_bad_underscores() {
        assert!(!is_variant_name("Foo_Bar"));
        assert!(!is_variant_name("foo"));
        assert!(!is_variant_name("V4__5"));
        assert!(is_variant_name("V4_5"));
    }
}
