//! Property tests (proptest) of the naming rules on arbitrary names: every enum value, field,
//! module and marker name is a legal identifier, and a set of enum values gets distinct
//! variant names in the generated enum, or a diagnostic at the first value that clashes. A
//! default run is short (see [`config`]); `PROPTEST_CASES=N cargo test -p genmedia-generator
//! naming::properties` runs N cases of each.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::select;

use super::{enum_variant_name, field_name, is_variant_name, marker_name, module_name};
use crate::emit::{self, Options};
use crate::schema::model::EnumLiteral;
use crate::schema::{self, SourceFile};

/// The cases of one property: `default_cases`, or `PROPTEST_CASES` when it is set.
fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

/// The repository's `providers.yaml`.
fn providers() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/providers.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A schema file held in memory, shown as `schemas/<relative>`.
fn file(relative: &str, text: &str) -> SourceFile {
    SourceFile {
        relative: relative.to_string(),
        display: PathBuf::from("schemas").join(relative),
        text: text.to_string(),
    }
}

/// Enum values that often collide: short runs of letters, digits and separators, some
/// non-ASCII, some integers.
fn enum_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![4 => str_literal(), 1 => int_literal()]
}

fn str_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![
        6 => "[aAbB1-3_:./ -]{0,5}".prop_map(EnumLiteral::Str),
        2 => "[a-zA-Z0-9_:.é中 -]{0,12}".prop_map(EnumLiteral::Str),
        1 => select(vec!["self", "Self", "unknown", "Unknown", "", "--", "16:9", "v4.5", "v4_5", "empty", "Empty", "value0", "Value1", "a alt 2", "minus 1"]).prop_map(|s| EnumLiteral::Str(s.to_string())),
    ]
}

fn int_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![-3i64..12, Just(i64::MIN), Just(i64::MAX)].prop_map(EnumLiteral::Int)
}

/// Whether `name` is an identifier Rust accepts where a type or variant name goes (syn
/// refuses keywords) and that rustc's naming lints accept.
fn assert_variant_identifier(name: &str, from: &EnumLiteral) {
    assert!(
        syn::parse_str::<syn::Ident>(name).is_ok(),
        "{from:?} gives `{name}`, not an identifier"
    );
    assert!(
        is_variant_name(name),
        "{from:?} gives `{name}`, which is not UpperCamelCase"
    );
}

/// The enum `Mode` with `values`, one per line from line `FIRST_VALUE_LINE`, in an endpoint
/// whose input has a field of that type.
fn enum_endpoint(values: &[EnumLiteral]) -> String {
    let mut text = String::from(
        "id: acme/widgets/edit\nprovider: fal\ntitle: Edit\ncategory: text-to-image\ninput: Input\noutput: Output\ntypes:\n  Input:\n    fields:\n      mode: { type: Mode }\n  Output:\n    fields: {}\n  Mode:\n    enum:\n",
    );
    for v in values {
        text.push_str("      - ");
        text.push_str(&match v {
            EnumLiteral::Int(i) => i.to_string(),
            EnumLiteral::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        });
        text.push('\n');
    }
    text
}

/// The line of the first value in [`enum_endpoint`].
const FIRST_VALUE_LINE: u32 = 15;

/// The variants of `enum Mode` in the generated module.
fn generated_variants(files: &[emit::GeneratedFile]) -> Vec<String> {
    let module = files
        .iter()
        .find(|f| f.path == "acme-widgets/src/edit.rs")
        .expect("the endpoint's module");
    let parsed = syn::parse_file(&module.contents).expect("the module parses");
    parsed
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "Mode" => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .expect("enum Mode")
}

proptest! {
    #![proptest_config(config(256))]

    /// Every value gets a legal UpperCamelCase identifier, or none exactly when it has no
    /// ASCII letter or digit.
    #[test]
    fn every_enum_value_name_is_a_legal_identifier(value in enum_literal()) {
        match enum_variant_name(&value) {
            Some(name) => assert_variant_identifier(&name, &value),
            None => prop_assert!(
                matches!(&value, EnumLiteral::Str(s) if !s.chars().any(|c| c.is_ascii_alphanumeric())),
                "{:?} has a letter or digit but no name", value
            ),
        }
    }

    /// Field and module names are legal snake_case identifiers, never keywords.
    #[test]
    fn field_and_module_names_are_legal_identifiers(wire in "[a-zA-Z0-9_ .:/é-]{0,10}") {
        for name in [field_name(&wire), module_name(&format!("acme/w/{wire}"))].into_iter().flatten() {
            prop_assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{:?} gives `{}`", wire, name);
            prop_assert!(!name.contains("__") && !name.chars().any(|c| c.is_ascii_uppercase()), "{:?} gives `{}`, not snake_case", wire, name);
        }
        if let Some(module) = module_name(&format!("acme/w/{wire}")) {
            let marker = marker_name(&module).expect("a module name gives a marker name");
            assert_variant_identifier(&marker, &EnumLiteral::Str(module));
        }
    }

    /// A set of enum values in a schema: when every value has a name of its own, the schema
    /// loads and the generated enum has exactly those variants; otherwise the loader refuses
    /// it with a diagnostic at the offending value.
    #[test]
    fn enum_value_sets_get_unique_names_or_a_located_clash(values in prop::collection::vec(enum_literal(), 1..8)) {
        let text = enum_endpoint(&values);
        let files = vec![file("acme/widgets/edit.yaml", &text), file("providers.yaml", &providers())];
        // What the rule promises: the first value that repeats a value, has no name, or
        // repeats a name is reported at its line.
        let mut names: Vec<String> = Vec::new();
        let mut first_problem = None;
        for (i, v) in values.iter().enumerate() {
            let repeated = values[..i].contains(v);
            match enum_variant_name(v) {
                Some(n) if !repeated && !names.contains(&n) => names.push(n),
                _ => {
                    first_problem.get_or_insert(i);
                }
            }
        }
        let mixed = values.iter().any(|v| matches!(v, EnumLiteral::Int(_)))
            && values.iter().any(|v| matches!(v, EnumLiteral::Str(_)));
        match schema::load_files(&files) {
            Ok(catalog) => {
                prop_assert!(first_problem.is_none() && !mixed, "loaded although value {:?} has no name of its own:\n{}", first_problem, text);
                let out = emit::generate(&catalog, &Options { crate_prefix: "genmedia".into() })
                    .unwrap_or_else(|d| panic!("{d}\n{text}"));
                let variants = generated_variants(&out);
                prop_assert_eq!(&variants, &names);
                for (name, v) in variants.iter().zip(&values) {
                    assert_variant_identifier(name, v);
                }
            }
            Err(d) => {
                for one in &d.0 {
                    prop_assert!(
                        one.file == Path::new("schemas/acme/widgets/edit.yaml") && one.span.line > 0,
                        "not located in the schema: {}", one
                    );
                }
                if let Some(i) = first_problem {
                    let line = FIRST_VALUE_LINE + i as u32;
                    prop_assert!(
                        d.0.iter().any(|one| one.span.line == line && one.message.contains("enum `Mode`")),
                        "no diagnostic at line {} for {:?}:\n{}\n{}", line, values[i], d, text
                    );
                } else {
                    prop_assert!(mixed, "refused a set whose names are all distinct:\n{}\n{}", d, text);
                }
            }
        }
    }

}
