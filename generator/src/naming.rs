//! The one place that turns wire names into Rust names.
//!
//! Enum variants follow this rule (documented in the README):
//! 1. An aspect ratio `W:H` becomes `RatioWxH` (`"16:9"` → `Ratio16x9`).
//! 2. Otherwise the value is cut into runs of ASCII letters and digits; each run that starts
//!    with a letter is UpperCamelCased (`realistic_image/hdr` → `RealisticImageHdr`), a run that
//!    starts with a digit is kept as written (`1K`, `540p`); two runs that would join digit to
//!    digit are separated by `_` (`v4.5` → `V4_5`, `portrait_4_3` → `Portrait4_3`).
//! 3. A name that starts with a digit gets the prefix `V` (`540p` → `V540p`, `"5s"` → `V5s`,
//!    integer `1` → `V1`; a negative integer `-1` → `Minus1`).
//! 4. `Self`, the one UpperCamelCase keyword, becomes `SelfValue`.
//! 5. A value with no ASCII letter or digit has no name: the schema must give it a `rust_name`.

use heck::ToUpperCamelCase;

use crate::schema::model::{EnumLiteral, TypeExpr};

/// The Rust variant name for an enum value, or `None` when the value needs a `rust_name`.
pub fn enum_variant_name(value: &EnumLiteral) -> Option<String> {
    match value {
        EnumLiteral::Int(i) if *i < 0 => Some(format!("Minus{}", i.unsigned_abs())),
        EnumLiteral::Int(i) => Some(format!("V{i}")),
        EnumLiteral::Str(text) => string_variant_name(text),
    }
}

fn string_variant_name(text: &str) -> Option<String> {
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
    fn the_lint_rule_rejects_bad_underscores() {
        assert!(!is_variant_name("Foo_Bar"));
        assert!(!is_variant_name("foo"));
        assert!(!is_variant_name("V4__5"));
        assert!(is_variant_name("V4_5"));
    }
}
