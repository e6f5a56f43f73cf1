//! Every naming rule run on every name of the real catalogue under `schemas/`: each enum,
//! union, object, endpoint, family and provider. Each check is a function that lists problems,
//! also run on a few made-up values to show it catches what it is for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::imported;
use super::*;
use crate::ir::FieldShape;
use crate::schema::model::*;
use crate::schema::type_expr::is_type_name;

/// The catalogue under `schemas/`, loaded once for all the tests of this file.
fn catalogue() -> &'static Catalog {
    static CATALOGUE: OnceLock<Catalog> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        crate::schema::load_dir(&root)
            .unwrap_or_else(|d| panic!("the catalogue does not load:\n{d}"))
    })
}

/// Every named type of the catalogue: `shared.yaml`'s, then each endpoint's.
fn all_types(c: &Catalog) -> impl Iterator<Item = &NamedType> {
    c.shared
        .types
        .iter()
        .chain(c.endpoints.iter().flat_map(|e| &e.types.types))
}

/// The endpoints of the catalogue by family.
fn families(c: &Catalog) -> BTreeMap<&str, Vec<&Endpoint>> {
    let mut out: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for e in &c.endpoints {
        out.entry(family(&e.id.value)).or_default().push(e);
    }
    out
}

/// Why `name` cannot name a type, a variant or a marker (an UpperCamelCase identifier that
/// rustc's lint accepts), if it cannot.
fn camel_problem(name: &str) -> Option<String> {
    if syn::parse_str::<syn::Ident>(name).is_err() {
        Some(format!("`{name}` is not a Rust identifier"))
    } else if !is_variant_name(name) {
        Some(format!(
            "`{name}` is not UpperCamelCase as rustc's lint wants it"
        ))
    } else {
        None
    }
}

/// Why `name` cannot name a field, a module, a method or a local (a snake_case identifier that
/// rustc's lint accepts), if it cannot.
fn snake_problem(name: &str) -> Option<String> {
    let snake = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.starts_with(|c: char| c == '_' || c.is_ascii_digit());
    if syn::parse_str::<syn::Ident>(name).is_err() {
        Some(format!("`{name}` is not a Rust identifier"))
    } else if !snake {
        Some(format!(
            "`{name}` is not snake_case as rustc's lint wants it"
        ))
    } else {
        None
    }
}

/// Each name of `names` (name, what gives it) that an earlier one already has, in `within`.
fn repeats(within: &str, names: impl IntoIterator<Item = (String, String)>) -> Vec<String> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, what) in names {
        match seen.get(&name) {
            Some(first) => out.push(format!("{within}: {first} and {what} are both `{name}`")),
            None => {
                seen.insert(name, what);
            }
        }
    }
    out
}

fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems with {what}; the first:\n{}",
        problems.len(),
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The variant names of the enum `name` (given or derived): each value has one, a legal one,
/// and no two values have the same.
fn enum_problems(name: &str, values: &[EnumValue]) -> Vec<String> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for v in values {
        let what = format!("the value {}", v.value.value.to_json());
        match enum_value_rust_name(v) {
            None => out.push(format!("enum `{name}`: {what} has no Rust name")),
            Some(rust) => {
                out.extend(camel_problem(&rust).map(|p| format!("enum `{name}`, {what}: {p}")));
                names.push((rust, what));
            }
        }
    }
    out.extend(repeats(&format!("enum `{name}`"), names));
    out
}

/// The variant names of the union `name` (given or derived): legal, and distinct.
fn union_problems(name: &str, variants: &[Variant]) -> Vec<String> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for v in variants {
        let rust = union_variant_rust_name(v);
        let what = format!("the variant `{}`", v.ty.value);
        out.extend(camel_problem(&rust).map(|p| format!("union `{name}`, {what}: {p}")));
        names.push((rust, what));
    }
    out.extend(repeats(&format!("union `{name}`"), names));
    out
}

/// The names made from the fields of the object `name`: each field's Rust name, the local its
/// `Deserialize` reads it into and the accessor of its default are legal snake_case, and each
/// kind is distinct within the object.
fn object_problems(name: &str, fields: &[Field]) -> Vec<String> {
    let within = format!("object `{name}`");
    let mut out = Vec::new();
    let (mut rust_names, mut slots, mut accessors) = (Vec::new(), Vec::new(), Vec::new());
    for f in fields {
        let what = format!("the field `{}`", f.name.value);
        let Some(rust) = field_name(&f.name.value) else {
            out.push(format!("{within}: {what} has no Rust name"));
            continue;
        };
        let slot = read_slot_name(&rust);
        let accessor = or_default_name(&rust);
        for n in [&rust, &slot, &accessor] {
            out.extend(snake_problem(n).map(|p| format!("{within}, {what}: {p}")));
        }
        if f.default.as_ref().is_some_and(|d| !d.value.is_null()) {
            accessors.push((accessor, what.clone()));
        }
        slots.push((slot, what.clone()));
        rust_names.push((rust, what));
    }
    out.extend(repeats(&within, rust_names));
    out.extend(repeats(&format!("the `Deserialize` of {within}"), slots));
    out.extend(repeats(&format!("the accessors of {within}"), accessors));
    out
}

/// The builder of the endpoint input `name`: its type name is legal, every field's setter and
/// null setter are legal, and the methods it has (`build`, a setter per optional field, a
/// null setter per three-state field) are distinct.
fn builder_problems(name: &str, fields: &[Field]) -> Vec<String> {
    let builder = builder_name(name);
    let within = format!("the builder `{builder}`");
    let mut out: Vec<String> = camel_problem(&builder).into_iter().collect();
    let mut methods = vec![("build".to_string(), "`build()`".to_string())];
    for f in fields {
        let Some(rust) = field_name(&f.name.value) else {
            continue; // reported by `object_problems`
        };
        let null = null_setter_name(&rust);
        out.extend(snake_problem(&null).map(|p| format!("{within}: {p}")));
        if f.required {
            continue;
        }
        let wire = &f.name.value;
        methods.push((rust.clone(), format!("the setter of `{wire}`")));
        if FieldShape::of(f) == FieldShape::ThreeState {
            methods.push((null, format!("the null setter of `{wire}`")));
        }
    }
    out.extend(repeats(&within, methods));
    out
}

/// The names of one family's endpoints: each has a module name, a legal one, not `types` (the
/// crate's module of shared types), distinct in the family; each has a legal marker type,
/// which with the builder of its input (when the input is its own type) names no other type
/// of its module.
fn family_problems(family: &str, endpoints: &[&Endpoint]) -> Vec<String> {
    let within = format!("the family `{family}`");
    let mut out = Vec::new();
    let mut modules = Vec::new();
    for e in endpoints {
        let id = &e.id.value;
        let Some(module) = module_name(id) else {
            out.push(format!("{within}: `{id}` has no module name"));
            continue;
        };
        out.extend(snake_problem(&module).map(|p| format!("{within}, `{id}`: {p}")));
        if module == "types" {
            out.push(format!("{within}: `{id}` would be the module `types`"));
        }
        let Some(marker) = marker_name(&module) else {
            out.push(format!("{within}: `{id}` has no marker name"));
            continue;
        };
        out.extend(camel_problem(&marker).map(|p| format!("{within}, `{id}`: {p}")));
        let mut items: Vec<(String, String)> = e
            .types
            .types
            .iter()
            .map(|t| (t.name.value.clone(), format!("the type `{}`", t.name.value)))
            .collect();
        items.push((marker, "the marker type".to_string()));
        if e.types.get(&e.input.value).is_some() {
            items.push((
                builder_name(&e.input.value),
                "the input's builder".to_string(),
            ));
        }
        out.extend(repeats(&format!("the module of `{id}`"), items));
        modules.push((module, format!("`{id}`")));
    }
    out.extend(repeats(&within, modules));
    out
}

/// The crates of `families` with the prefix `prefix`, with the common and the catalog crate:
/// package, directory and library names are distinct, and each library name is a legal
/// identifier.
fn crate_problems(prefix: &str, families: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let (mut packages, mut dirs, mut libs) = (Vec::new(), Vec::new(), Vec::new());
    let crates = [COMMON_CRATE_DIR, CATALOG_CRATE_DIR]
        .map(|dir| (dir.to_string(), format!("the `{dir}` crate")))
        .into_iter()
        .chain(
            families
                .iter()
                .map(|f| (crate_dir(f), format!("the family `{f}`"))),
        );
    for (dir, what) in crates {
        let package = crate_package(prefix, &dir);
        let lib = lib_name(&package);
        out.extend(snake_problem(&lib).map(|p| format!("{what}: {p}")));
        packages.push((package, what.clone()));
        dirs.push((dir, what.clone()));
        libs.push((lib, what));
    }
    out.extend(repeats("packages", packages));
    out.extend(repeats("crate directories", dirs));
    out.extend(repeats("libraries", libs));
    out
}

/// The constants of the providers `names`: legal SCREAMING_SNAKE_CASE identifiers, distinct.
fn provider_problems(names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut consts = Vec::new();
    for name in names {
        let constant = provider_const(name);
        let shouty = constant
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && constant.starts_with(|c: char| c.is_ascii_uppercase());
        if syn::parse_str::<syn::Ident>(&constant).is_err() || !shouty {
            out.push(format!(
                "the provider `{name}` gets `{constant}`, not a constant's name"
            ));
        }
        consts.push((constant, format!("the provider `{name}`")));
    }
    out.extend(repeats("provider constants", consts));
    out
}

fn value(literal: Value, rust_name: Option<&str>) -> EnumValue {
    EnumValue {
        value: Located::synthetic(match literal {
            Value::Number(n) => EnumLiteral::Int(n.as_i64().unwrap_or_default()),
            other => EnumLiteral::Str(other.as_str().unwrap_or_default().to_string()),
        }),
        rust_name: rust_name.map(|n| Located::synthetic(n.to_string())),
        description: None,
    }
}

fn variant(ty: TypeExpr, rust_name: Option<&str>) -> Variant {
    Variant {
        ty: Located::synthetic(ty),
        rust_name: rust_name.map(|n| Located::synthetic(n.to_string())),
        tag_value: None,
    }
}

fn field(wire: &str, required: bool, ty: TypeExpr, default: Option<Value>) -> Field {
    Field {
        name: Located::synthetic(wire.to_string()),
        ty: Located::synthetic(ty),
        required,
        default: default.map(Located::synthetic),
        description: None,
        deprecated: false,
        constraints: Constraints::default(),
    }
}

fn nullable(ty: TypeExpr) -> TypeExpr {
    TypeExpr::Nullable(Box::new(ty))
}

#[test]
fn every_enum_of_the_catalogue_has_legal_distinct_variant_names() {
    let mut problems = Vec::new();
    let mut enums = 0;
    for t in all_types(catalogue()) {
        if let TypeKind::Enum(values) = &t.kind {
            enums += 1;
            problems.extend(enum_problems(&t.name.value, values));
        }
    }
    assert!(enums > 100, "only {enums} enums: is this the catalogue?");
    assert_no_problems("enum variant names", &problems);
    // What the check catches: two values that collide, a value with no name, a bad given name.
    let collide = [value(json!("a-b"), None), value(json!("a_b"), None)];
    assert_eq!(enum_problems("E", &collide).len(), 1);
    assert_eq!(enum_problems("E", &[value(json!("--"), None)]).len(), 1);
    assert_eq!(enum_problems("E", &[value(json!(1), Some("v_1"))]).len(), 1);
    let renamed = [value(json!("a-b"), None), value(json!("a_b"), Some("AB2"))];
    assert!(enum_problems("E", &renamed).is_empty());
}

#[test]
fn every_union_of_the_catalogue_has_legal_distinct_variant_names() {
    let mut problems = Vec::new();
    let mut unions = 0;
    for t in all_types(catalogue()) {
        if let TypeKind::Union(u) = &t.kind {
            unions += 1;
            problems.extend(union_problems(&t.name.value, &u.variants));
        }
    }
    assert!(unions > 10, "only {unions} unions: is this the catalogue?");
    assert_no_problems("union variant names", &problems);
    let collide = [
        variant(TypeExpr::String, None),
        variant(nullable(TypeExpr::String), None),
    ];
    assert_eq!(union_problems("U", &collide).len(), 1);
    let bad = [variant(TypeExpr::String, Some("Self"))];
    assert_eq!(union_problems("U", &bad).len(), 1);
}

#[test]
fn every_object_of_the_catalogue_has_legal_distinct_field_names() {
    let mut problems = Vec::new();
    let mut fields_seen = 0;
    for t in all_types(catalogue()) {
        if let TypeKind::Object(fields) = &t.kind {
            fields_seen += fields.len();
            problems.extend(object_problems(&t.name.value, fields));
        }
    }
    assert!(
        fields_seen > 1000,
        "only {fields_seen} fields: is this the catalogue?"
    );
    assert_no_problems("field names", &problems);
    let one = || Some(json!(1));
    let collide = [
        field("imageUrl", false, TypeExpr::String, one()),
        field("image_url", false, TypeExpr::String, one()),
    ];
    // The field names, the `Deserialize` locals and the accessors collide.
    assert_eq!(object_problems("O", &collide).len(), 3);
    assert_eq!(
        object_problems("O", &[field("--", true, TypeExpr::String, None)]).len(),
        1
    );
}

#[test]
fn every_endpoint_input_of_the_catalogue_has_a_legal_builder() {
    let c = catalogue();
    let mut problems = Vec::new();
    let mut inputs = BTreeSet::new();
    for e in &c.endpoints {
        let name = &e.input.value;
        let def = e.types.get(name).or_else(|| c.shared.get(name));
        if let Some(TypeKind::Object(fields)) = def.map(|t| &t.kind) {
            if inputs.insert((e.types.get(name).map(|_| &e.id.value), name)) {
                problems.extend(builder_problems(name, fields));
            }
        }
    }
    assert!(inputs.len() > 1000, "only {} inputs", inputs.len());
    assert_no_problems("builders", &problems);
    let seed = || nullable(TypeExpr::Integer);
    let collide = [
        field("seed", false, seed(), Some(json!(1))),
        field("seed_null", false, TypeExpr::Boolean, None),
        field("build", false, TypeExpr::Boolean, None),
    ];
    assert_eq!(builder_problems("Input", &collide).len(), 2);
    // A required field has no setter, a field whose default is null no null setter.
    let apart = [
        field("build", true, TypeExpr::Boolean, None),
        field("seed", false, seed(), None),
        field("seed_null", false, TypeExpr::Boolean, None),
    ];
    assert!(builder_problems("Input", &apart).is_empty());
}

#[test]
fn every_family_of_the_catalogue_has_legal_distinct_modules_and_markers() {
    let c = catalogue();
    let families = families(c);
    let mut problems = Vec::new();
    for (family, endpoints) in &families {
        problems.extend(family_problems(family, endpoints));
    }
    assert!(
        c.endpoints.len() > 1000,
        "only {} endpoints",
        c.endpoints.len()
    );
    assert_no_problems("modules and markers", &problems);
    let mut made_up = c.endpoints[0].clone();
    made_up.types = TypeFile::default();
    let with_id = |id: &str| {
        let mut e = made_up.clone();
        e.id = Located::synthetic(id.to_string());
        e
    };
    let (a, b, types) = (with_id("o/f/x-y"), with_id("o/f/x_y"), with_id("o/f/types"));
    assert_eq!(family_problems("o/f", &[&a, &b]).len(), 1);
    assert_eq!(family_problems("o/f", &[&types]).len(), 1);
    let mut clash = with_id("o/f/edit");
    clash.types.types.push(NamedType {
        name: Located::synthetic("Edit".to_string()),
        description: None,
        deprecated: false,
        kind: TypeKind::Object(Vec::new()),
    });
    assert_eq!(family_problems("o/f", &[&clash]).len(), 1);
}

#[test]
fn every_family_of_the_catalogue_gets_crate_names_of_its_own() {
    let c = catalogue();
    let families: Vec<&str> = families(c).into_keys().collect();
    assert!(families.len() > 100, "only {} families", families.len());
    assert_no_problems("crate names", &crate_problems("genmedia", &families));
    assert_eq!(crate_problems("genmedia", &["a/b-c", "a-b/c"]).len(), 3);
    assert_eq!(crate_problems("genmedia", &["x/common"]).len(), 0);
    assert_eq!(crate_problems("genmedia", &["common"]).len(), 3);
}

#[test]
fn every_provider_of_the_catalogue_gets_a_constant_of_its_own() {
    let names: Vec<&str> = catalogue()
        .providers
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(names.len() > 1);
    assert_no_problems("provider constants", &provider_problems(&names));
    assert_eq!(provider_problems(&["fal-ai", "fal_ai"]).len(), 1);
}

/// The importer's rules run again on the catalogue's value sets: the `rust_name`s it gives the
/// values of every enum and the variants of every union (as if none were written) leave
/// legal, distinct names.
#[test]
fn the_importer_names_every_value_set_of_the_catalogue_apart() {
    let mut problems = Vec::new();
    for t in all_types(catalogue()) {
        let name = &t.name.value;
        match &t.kind {
            TypeKind::Enum(values) => {
                let literals: Vec<EnumLiteral> =
                    values.iter().map(|v| v.value.value.clone()).collect();
                problems.extend(enum_problems(name, &imported::enum_values(&literals)));
            }
            TypeKind::Union(u) => {
                let mut variants = u.variants.clone();
                for v in &mut variants {
                    v.rust_name = None;
                }
                imported::dedupe_variant_names(&mut variants);
                problems.extend(union_problems(name, &variants));
            }
            TypeKind::Object(_) => {}
        }
    }
    assert_no_problems("the importer's variant names", &problems);
    // Derived names alone collide where the importer's do not.
    let literals = [
        EnumLiteral::Str("a-b".into()),
        EnumLiteral::Str("a_b".into()),
    ];
    let derived: Vec<EnumValue> = literals.iter().map(|l| value(l.to_json(), None)).collect();
    assert_eq!(enum_problems("E", &derived).len(), 1);
    assert!(enum_problems("E", &imported::enum_values(&literals)).is_empty());
}

/// Why a name the importer would write for a type is not a legal type name, if it is not.
fn type_name_problem(name: &str, from: &str) -> Option<String> {
    (!is_type_name(name)).then(|| format!("{from} gives the type name `{name}`"))
}

/// The importer's type names from every type, field and endpoint of the catalogue: a type's
/// name, each field's type name and the candidates of the enums and unions written on it, and
/// the input and output names of each endpoint (distinct, and not a shared type's) are legal.
#[test]
fn the_importer_makes_legal_type_names_from_every_name_of_the_catalogue() {
    let c = catalogue();
    let mut problems = Vec::new();
    for t in all_types(c) {
        let owner = &t.name.value;
        problems.extend(type_name_problem(&imported::type_name(owner), owner));
        let TypeKind::Object(fields) = &t.kind else {
            continue;
        };
        for f in fields {
            let from = format!("the field `{}` of `{owner}`", f.name.value);
            let camel = imported::type_name(&f.name.value);
            let preset = imported::preset_name(&camel);
            let names = [
                imported::enum_candidates(&camel, owner),
                imported::enum_candidates(&preset, owner),
                imported::union_candidates(&camel, Some(owner), owner),
            ];
            for name in names.iter().flatten() {
                problems.extend(type_name_problem(name, &from));
            }
        }
    }
    let shared: BTreeSet<String> = c
        .shared
        .types
        .iter()
        .map(|t| t.name.value.clone())
        .collect();
    for e in &c.endpoints {
        let io = imported::io_names([&e.input.value, &e.output.value], &shared);
        let from = format!("the endpoint `{}`", e.id.value);
        for name in &io {
            problems.extend(type_name_problem(name, &from));
            if shared.contains(name) {
                problems.push(format!(
                    "{from} names its input or output `{name}`, a shared type"
                ));
            }
        }
        if io[0] == io[1] {
            problems.push(format!("{from} names its input and output `{}`", io[0]));
        }
    }
    assert_no_problems("the importer's type names", &problems);
    assert!(type_name_problem(&imported::preset_name("size"), "a field").is_some());
}
