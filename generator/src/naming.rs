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

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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

/// Words Rust reserves (strict, reserved and edition-dependent keywords); a field or module
/// with such a name gets a trailing `_` (`type` → `type_`), its wire name kept by serde.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is reserved by Rust.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The snake_case Rust name of an object field: heck's snake case of the wire name
/// (`imageUrl` → `image_url`), a `_` suffix for keywords (`loop` → `loop_`), an `n` prefix
/// when it would start with a digit (`1st` → `n1st`). `None` when the name has no ASCII letter
/// or digit.
pub fn field_name(wire: &str) -> Option<String> {
    snake_identifier(wire)
}

/// The family of an endpoint: the owner and the first segment of its alias
/// (`fal-ai/luma-dream-machine/ray-2/image-to-video` → `fal-ai/luma-dream-machine`). Every
/// endpoint of a family lives in one crate.
pub fn family(id: &str) -> &str {
    match id.match_indices('/').nth(1) {
        Some((cut, _)) => &id[..cut],
        None => id,
    }
}

/// Why `prefix` cannot begin the generated package names, if it cannot. A package name is
/// ASCII letters, digits, `-` and `_`, and starts with a letter; its library name (with `_` for
/// `-`) must be a Rust identifier.
pub fn crate_prefix_problem(prefix: &str) -> Option<String> {
    let starts_with_letter = prefix
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let bad = prefix
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    match bad {
        Some(c) => Some(format!(
            "the crate prefix {prefix:?} contains {c:?}: use ASCII letters, digits, `-` and `_`"
        )),
        None if !starts_with_letter => Some(format!(
            "the crate prefix {prefix:?} must start with an ASCII letter"
        )),
        None => None,
    }
}

/// The package name of a family's crate: the prefix and the family, lowercase, with every run
/// of other characters as one `-` (`fal-ai/flux-pro` → `genmedia-fal-ai-flux-pro`).
pub fn crate_package(prefix: &str, family: &str) -> String {
    format!("{prefix}-{}", kebab(family))
}

/// The directory of a family's crate under the output directory (`fal-ai-flux-pro`).
pub fn crate_dir(family: &str) -> String {
    kebab(family)
}

/// The constant of a provider in the common crate's `providers` module (`fal` → `FAL`,
/// `aimlapi` → `AIMLAPI`).
pub fn provider_const(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// The library name Rust code uses for a package (`genmedia-fal-ai-flux-pro` →
/// `genmedia_fal_ai_flux_pro`).
pub fn lib_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The module of an endpoint inside its family's crate: the segments after the family, each
/// lowercased with every run of other characters as `_`, joined by `_`
/// (`ray-2/image-to-video` → `ray_2_image_to_video`, `v2.1/master/text-to-video` →
/// `v2_1_master_text_to_video`). The endpoint whose id is the family itself is named after the
/// family's last segment (`fal-ai/luma-dream-machine` → `luma_dream_machine`). A name that
/// would start with a digit gets a `v` (`2.0/x` → `v2_0_x`), a keyword a trailing `_`.
pub fn module_name(id: &str) -> Option<String> {
    let fam = family(id);
    let rest = id[fam.len()..].trim_start_matches('/');
    let source = if rest.is_empty() {
        fam.rsplit('/').next().unwrap_or(fam)
    } else {
        rest
    };
    let mut name = String::new();
    for run in source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(&run.to_ascii_lowercase());
    }
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'v');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    Some(name)
}

/// The marker type of an endpoint: its module name in UpperCamelCase, by the enum rule
/// (`ray_2_image_to_video` → `Ray2ImageToVideo`, `v2_1_master_text_to_video` →
/// `V2_1MasterTextToVideo`).
pub fn marker_name(module: &str) -> Option<String> {
    string_variant_name(module)
}

fn kebab(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

fn snake_identifier(wire: &str) -> Option<String> {
    let mut name = wire.to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    // Dropping a non-ASCII word can leave `__` (`a é b` → `a__b`), which rustc's snake_case
    // lint refuses: keep one `_`.
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    let name = name.trim_matches('_').to_string();
    if name.is_empty() {
        return None;
    }
    let mut name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    if is_keyword(&name) {
        name.push('_');
    }
    Some(name)
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

    #[test]
    fn crates_modules_and_markers_follow_the_id() {
        let cases = [
            (
                "fal-ai/luma-dream-machine/ray-2/image-to-video",
                "fal-ai/luma-dream-machine",
                "ray_2_image_to_video",
                "Ray2ImageToVideo",
            ),
            (
                "fal-ai/luma-dream-machine",
                "fal-ai/luma-dream-machine",
                "luma_dream_machine",
                "LumaDreamMachine",
            ),
            (
                "fal-ai/luma-dream-machine/ray-2-flash",
                "fal-ai/luma-dream-machine",
                "ray_2_flash",
                "Ray2Flash",
            ),
            (
                "fal-ai/kling-video/v2.1/master/image-to-video",
                "fal-ai/kling-video",
                "v2_1_master_image_to_video",
                "V2_1MasterImageToVideo",
            ),
            (
                "fal-ai/wan-trainer/i2v-720p",
                "fal-ai/wan-trainer",
                "i2v_720p",
                "I2v720p",
            ),
            (
                "luma/agent/ray/v3.2/text-to-video",
                "luma/agent",
                "ray_v3_2_text_to_video",
                "RayV3_2TextToVideo",
            ),
            (
                "sonauto/v2/text-to-music",
                "sonauto/v2",
                "text_to_music",
                "TextToMusic",
            ),
            ("x/y/2.0/type", "x/y", "v2_0_type", "V2_0Type"),
            ("x/y/type", "x/y", "type_", "Type"),
        ];
        for (id, fam, module, marker) in cases {
            assert_eq!(family(id), fam, "{id}");
            assert_eq!(module_name(id).as_deref(), Some(module), "{id}");
            assert_eq!(marker_name(module).as_deref(), Some(marker), "{id}");
            assert!(is_variant_name(marker), "{marker}");
        }
        assert_eq!(
            crate_package("genmedia", "fal-ai/flux-pro"),
            "genmedia-fal-ai-flux-pro"
        );
        assert_eq!(crate_dir("aimlapi/luma-ai"), "aimlapi-luma-ai");
        assert_eq!(
            lib_name("genmedia-aimlapi-luma-ai"),
            "genmedia_aimlapi_luma_ai"
        );
    }

    #[test]
    fn field_names_are_snake_case_and_never_keywords() {
        let cases = [
            ("prompt", "prompt"),
            ("imageUrl", "image_url"),
            ("loop", "loop_"),
            ("type", "type_"),
            ("self", "self_"),
            ("frame0", "frame0"),
            ("1st", "n1st"),
            ("Content-Type", "content_type"),
            ("a é b", "a_b"),
            ("x__y", "x_y"),
        ];
        for (wire, rust) in cases {
            assert_eq!(field_name(wire).as_deref(), Some(rust), "{wire}");
        }
        assert_eq!(field_name("--"), None);
    }
}
