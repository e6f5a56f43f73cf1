//! Field names, and the names of what is generated for a field or an input: the builder type,
//! its setters, the accessors of defaults and the generated `Deserialize`'s locals.

use heck::ToSnakeCase;

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

/// The builder type of an endpoint's input type (`Input` → `InputBuilder`), emitted in the
/// input's module beside it.
pub fn builder_name(input: &str) -> String {
    format!("{input}Builder")
}

/// The builder method that sends a three-state field (nullable, with a default that is not
/// null) as `null`, from the field's Rust name without a keyword's trailing `_`
/// (`seed` → `seed_null`, `type_` → `type_null`).
pub fn null_setter_name(field: &str) -> String {
    format!("{}_null", field.trim_end_matches('_'))
}

/// The accessor of a field's value in effect (the one set, or the default), from the field's
/// Rust name without a keyword's trailing `_` (`seed` → `seed_or_default`, `type_` →
/// `type_or_default`).
pub fn or_default_name(field: &str) -> String {
    format!("{}_or_default", field.trim_end_matches('_'))
}

/// The local variable the generated `Deserialize` of an object reads a field into, from the
/// field's Rust name (`seed` → `read_seed`, `type_` → `read_type_`).
pub fn read_slot_name(field: &str) -> String {
    format!("read_{field}")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn generated_members_follow_the_field() {
        assert_eq!(builder_name("FluxProInput"), "FluxProInputBuilder");
        assert_eq!(null_setter_name("seed"), "seed_null");
        assert_eq!(null_setter_name("type_"), "type_null");
        assert_eq!(or_default_name("num_images"), "num_images_or_default");
        assert_eq!(or_default_name("loop_"), "loop_or_default");
        assert_eq!(read_slot_name("type_"), "read_type_");
    }
}
