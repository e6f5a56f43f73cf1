//! Synthetic catalogues for the benchmarks: any number of endpoints made by varying the real
//! schemas, so that generation and compile time can be measured at the scale of fal's whole
//! catalogue (well over a thousand endpoints) without importing it.
//!
//! Endpoint `n` of a synthetic catalogue is the real endpoint `n % real` (in id order) with:
//!
//! - a new id, `synth/family-<k>/<the real id after its family>-<n>`, so every endpoint gets its
//!   own module and families have the sizes of [`FAMILY_SIZES`] (fal's catalogue has many
//!   one-endpoint families and a few large ones; the cycle averages 2.5 endpoints a family,
//!   about what fal's 1,289 documents in 532 families have);
//! - its own input and output type names (`S<n><name>`), as fal names them after the endpoint;
//! - a different field set: some optional input fields that no example uses are dropped, and up
//!   to three fields (numbers with bounds and defaults, strings with a length bound, booleans,
//!   lists of URLs) are added to the input, and sometimes one to the output;
//! - different enum sets: local string enums gain up to two values and may lose one that no
//!   default or example uses. Enums vary per family and definition, not per endpoint, so sibling
//!   endpoints that share an enum still share it (and the generator still hoists it).
//!
//! Endpoints lose their `poll` block (it names another endpoint and its exact types). The
//! providers and shared types are the real ones. Everything is a pure function of the
//! real files and the count: the same call gives the same files.

use std::path::PathBuf;

use serde_json::Value;

use genmedia_generator::schema::model::{
    Constraints, EnumLiteral, EnumValue, Field, Located, TypeExpr, TypeKind,
};
use genmedia_generator::schema::{self, write, SourceFile, PROVIDERS_FILE, SHARED_FILE};
use genmedia_generator::Diagnostics;

/// The sizes of consecutive synthetic families, repeated: 20 families, 50 endpoints.
pub const FAMILY_SIZES: &[usize] = &[1, 1, 2, 1, 3, 1, 1, 12, 1, 2, 1, 4, 1, 1, 5, 1, 2, 1, 8, 1];

/// The owner segment of every synthetic id.
pub const OWNER: &str = "synth";

/// A synthetic catalogue: schema files ready to load or to write under a directory.
#[derive(Clone, Debug)]
pub struct Synthetic {
    /// Every file, `providers.yaml` and `shared.yaml` included, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// How many endpoints the files define.
    pub endpoints: usize,
    /// How many families (generated crates, besides the common and catalog ones) they make.
    pub families: usize,
}

/// Makes a catalogue of `endpoints` endpoints from the real schema files `real` (as
/// [`schema::read_dir`] returns them); none when the real files define none. Fails when the
/// real files do not load.
pub fn catalogue(real: &[SourceFile], endpoints: usize) -> Result<Synthetic, Diagnostics> {
    let catalog = schema::load_files(real)?;
    let mut files: Vec<SourceFile> = real
        .iter()
        .filter(|f| f.relative == PROVIDERS_FILE || f.relative == SHARED_FILE)
        .map(|f| SourceFile {
            relative: f.relative.clone(),
            display: PathBuf::from(OWNER).join(&f.relative),
            text: f.text.clone(),
        })
        .collect();
    let bases = &catalog.endpoints;
    if bases.is_empty() {
        return Ok(Synthetic {
            files,
            endpoints: 0,
            families: 0,
        });
    }
    let shared: Vec<&str> = catalog
        .shared
        .types
        .iter()
        .map(|t| t.name.value.as_str())
        .collect();
    let mut family = 0;
    let mut left_in_family = FAMILY_SIZES[0];
    for n in 0..endpoints {
        if left_in_family == 0 {
            family += 1;
            left_in_family = FAMILY_SIZES[family % FAMILY_SIZES.len()];
        }
        left_in_family -= 1;
        let mut e = bases[n % bases.len()].clone();
        vary(&mut e, n, family, &shared);
        let relative = format!("{}.yaml", e.id.value);
        files.push(SourceFile {
            display: PathBuf::from(OWNER).join(&relative),
            relative,
            text: write::endpoint_file(&e),
        });
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(Synthetic {
        files,
        endpoints,
        families: if endpoints == 0 { 0 } else { family + 1 },
    })
}

/// splitmix64: a small, fixed pseudo-random sequence, so catalogues are reproducible.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A stable hash of a text (FNV-1a), to seed variations that depend on content.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn vary(
    e: &mut genmedia_generator::schema::model::Endpoint,
    n: usize,
    family: usize,
    shared: &[&str],
) {
    let real_id = e.id.value.clone();
    let real_family = e.family().to_string();
    let real_family = real_family.as_str();
    let rest = real_id[real_family.len()..].trim_start_matches('/');
    let rest = if rest.is_empty() {
        real_family.rsplit('/').next().unwrap_or(real_family)
    } else {
        rest
    };
    e.id.value = format!("{OWNER}/family-{family:04}/{rest}-{n}");
    e.title = format!("{} #{n}", e.title);
    e.header = Some(format!(
        "# Synthetic endpoint {n} for the benchmarks, varied from {real_id}."
    ));
    e.docs_url = None;
    e.source = None;
    e.notes.clear();
    // A poll block names another endpoint and its exact types, which the variations change.
    e.poll = None;

    // Own names for the input and output types, when they are local.
    let mut renames = Vec::new();
    for name in [&mut e.input, &mut e.output] {
        if e.types.get(&name.value).is_some() {
            let new = format!("S{n}{}", name.value);
            if !shared.contains(&new.as_str()) && e.types.get(&new).is_none() {
                renames.push((name.value.clone(), new.clone()));
                name.value = new;
            }
        }
    }
    for t in &mut e.types.types {
        if let Some((_, new)) = renames.iter().find(|(old, _)| *old == t.name.value) {
            t.name.value = new.clone();
        }
        match &mut t.kind {
            TypeKind::Object(fields) => {
                for f in fields {
                    rename(&mut f.ty.value, &renames);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    rename(&mut v.ty.value, &renames);
                }
            }
            TypeKind::Enum(_) => {}
        }
    }

    // What the examples and defaults use must stay.
    let example_text: String = e
        .examples
        .iter()
        .flat_map(|x| [&x.input, &x.output])
        .flatten()
        .map(|j| j.value.as_str())
        .collect();
    let example_fields: Vec<String> = e
        .examples
        .iter()
        .filter_map(|x| x.input.as_ref())
        .filter_map(|j| serde_json::from_str::<Value>(&j.value).ok())
        .filter_map(|v| v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()))
        .flatten()
        .collect();
    let defaults: Vec<Value> = e
        .types
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Object(fields) => Some(fields),
            _ => None,
        })
        .flatten()
        .filter_map(|f| f.default.as_ref())
        .flat_map(|d| leaves(&d.value))
        .collect();

    let mut rng = Rng::new(n as u64);
    let input = e.input.value.clone();
    let output = e.output.value.clone();
    for t in &mut e.types.types {
        if matches!(t.kind, TypeKind::Enum(_)) {
            // Seeded by family and definition: siblings that share an enum keep sharing it.
            let canonical = write::shared_file("", std::slice::from_ref(&*t));
            let mut enum_rng = Rng::new(hash(&canonical) ^ (family as u64).rotate_left(32));
            if let TypeKind::Enum(values) = &mut t.kind {
                vary_enum(values, &example_text, &defaults, &mut enum_rng);
            }
            continue;
        }
        let name = t.name.value.as_str();
        if let TypeKind::Object(fields) = &mut t.kind {
            if name == input {
                vary_input(fields, &example_fields, &mut rng);
            } else if name == output && rng.below(2) == 0 {
                add_field(fields, "request_seed", optional(TypeExpr::Integer));
            }
        }
    }
}

fn rename(expr: &mut TypeExpr, renames: &[(String, String)]) {
    match expr {
        TypeExpr::Named(name) => {
            if let Some((_, new)) = renames.iter().find(|(old, _)| old == name) {
                *name = new.clone();
            }
        }
        TypeExpr::List(inner) | TypeExpr::Map(inner) | TypeExpr::Nullable(inner) => {
            rename(inner, renames);
        }
        _ => {}
    }
}

/// An optional field of type `ty` with no description yet.
fn optional(ty: TypeExpr) -> Field {
    Field {
        name: Located::synthetic(String::new()),
        ty: Located::synthetic(ty),
        required: false,
        default: None,
        description: None,
        deprecated: false,
        constraints: Constraints::default(),
    }
}

/// Appends `field` as `name`, or as `name_2`, ... when the name is taken.
fn add_field(fields: &mut Vec<Field>, name: &str, mut field: Field) {
    let mut wire = name.to_string();
    let mut k = 2;
    while fields.iter().any(|f| f.name.value == wire) {
        wire = format!("{name}_{k}");
        k += 1;
    }
    field.name.value = wire;
    fields.push(field);
}

fn number(v: impl Into<serde_json::Number>) -> Option<Located<serde_json::Number>> {
    Some(Located::synthetic(v.into()))
}

/// The fields an input may gain: typical knobs of generative-media endpoints.
fn extra_field(kind: u64) -> (&'static str, Field) {
    match kind {
        0 => {
            let mut f = optional(TypeExpr::Integer);
            f.description = Some("How many results to generate.".into());
            f.default = Some(Located::synthetic(Value::from(1)));
            f.constraints.minimum = number(1);
            f.constraints.maximum = number(4);
            ("num_outputs", f)
        }
        1 => {
            let mut f = optional(TypeExpr::Float);
            f.description = Some("How closely the result follows the prompt.".into());
            f.default = Some(Located::synthetic(Value::from(3.5)));
            f.constraints.minimum = number(serde_json::Number::from_f64(1.0).expect("finite"));
            f.constraints.maximum = number(serde_json::Number::from_f64(20.0).expect("finite"));
            ("guidance_strength", f)
        }
        2 => {
            let mut f = optional(TypeExpr::Nullable(Box::new(TypeExpr::String)));
            f.description = Some("What the result should not contain.".into());
            f.constraints.max_length = Some(Located::synthetic(2000));
            ("negative_hint", f)
        }
        3 => {
            let mut f = optional(TypeExpr::Boolean);
            f.description = Some("Whether to check the result for unsafe content.".into());
            f.default = Some(Located::synthetic(Value::Bool(true)));
            ("enable_safety_check", f)
        }
        4 => {
            let mut f = optional(TypeExpr::List(Box::new(TypeExpr::FileUrl)));
            f.description = Some("Reference images that guide the style.".into());
            f.constraints.max_items = Some(Located::synthetic(4));
            ("style_reference_urls", f)
        }
        _ => {
            let mut f = optional(TypeExpr::Nullable(Box::new(TypeExpr::Integer)));
            f.description = Some("The same seed and input give the same result, when set.".into());
            f.constraints.minimum = number(0);
            ("variation_seed", f)
        }
    }
}

fn vary_input(fields: &mut Vec<Field>, example_fields: &[String], rng: &mut Rng) {
    fields.retain(|f| f.required || example_fields.contains(&f.name.value) || rng.below(4) != 0);
    for _ in 0..rng.below(4) {
        let (name, field) = extra_field(rng.below(6));
        add_field(fields, name, field);
    }
}

/// The scalars of a JSON value, however deep (a list default names enum values in its items).
fn leaves(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.iter().flat_map(leaves).collect(),
        Value::Object(map) => map.values().flat_map(leaves).collect(),
        scalar => vec![scalar.clone()],
    }
}

fn vary_enum(values: &mut Vec<EnumValue>, examples: &str, defaults: &[Value], rng: &mut Rng) {
    let strings = values
        .iter()
        .all(|v| matches!(v.value.value, EnumLiteral::Str(_)));
    if !strings {
        return;
    }
    if values.len() > 2 && rng.below(3) == 0 {
        let unused = values.iter().rposition(|v| {
            let json = v.value.value.to_json();
            !defaults.contains(&json) && !examples.contains(&json.to_string())
        });
        if let Some(i) = unused {
            values.remove(i);
        }
    }
    let seed = rng.next() % 1000;
    for k in 0..rng.below(3) {
        let wire = format!("variant-{seed}-{k}");
        values.push(EnumValue {
            value: Located::synthetic(EnumLiteral::Str(wire)),
            rust_name: None,
            description: None,
        });
    }
}
