//! The importer: reproducibility of `schemas/`, snapshots of real documents, and the rules
//! for unions, nullability, shared types and names.

use std::path::{Path, PathBuf};

use genmedia_generator::import::{self, Document, OutputFile};
use genmedia_generator::schema::model::{Constraints, TypeKind};
use genmedia_generator::schema::{self, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn imported_file<'a>(files: &'a [OutputFile], relative: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.relative == relative)
        .unwrap_or_else(|| panic!("{relative} was not produced"))
        .text
}

/// Loads what the importer produced, with the repository's providers, and fails on any problem.
fn check_imported(files: &[OutputFile]) -> genmedia_generator::schema::model::Catalog {
    let mut sources: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile {
            relative: f.relative.clone(),
            display: PathBuf::from(&f.relative),
            text: f.text.clone(),
        })
        .collect();
    sources.push(SourceFile {
        relative: "providers.yaml".into(),
        display: "providers.yaml".into(),
        text: std::fs::read_to_string(root().join("schemas/providers.yaml")).unwrap(),
    });
    schema::load_files(&sources).unwrap_or_else(|d| panic!("{d}"))
}

/// The import of every document in `upstream/fal/`, beside the hand-written schemas of
/// `schemas/`, as `cargo xtask import` makes it.
fn import_repository() -> (Vec<Document>, Vec<OutputFile>) {
    let docs = import::read_documents(&root(), "upstream/fal").unwrap();
    let mut diags = Vec::new();
    let hand_written: Vec<SourceFile> = schema::read_dir(&root().join("schemas"), &mut diags)
        .into_iter()
        .filter(|f| !f.text.starts_with(import::IMPORTED_HEADER))
        .collect();
    assert!(diags.is_empty(), "{diags:?}");
    let files = import::import_beside(&docs, &hand_written).unwrap_or_else(|d| panic!("{d}"));
    (docs, files)
}

/// Every document of `upstream/fal/` (fal's whole published catalogue and the seed pages'
/// documents) imports beside the hand-written schemas, whose own type names the shared types
/// avoid, and the result is `schemas/` byte for byte: nothing imported is missing, stale or
/// edited by hand.
#[test]
fn reimporting_every_document_reproduces_schemas_byte_for_byte() {
    let (docs, files) = import_repository();
    let produced: std::collections::BTreeSet<&str> =
        files.iter().map(|f| f.relative.as_str()).collect();
    for d in &docs {
        let name = d.path.file_name().unwrap().to_string_lossy();
        let relative = format!("{}.yaml", name.trim_end_matches(".json").replace("__", "/"));
        assert!(
            produced.contains(relative.as_str()),
            "{} imports as no {relative}",
            d.path.display()
        );
    }
    for f in &files {
        let on_disk = std::fs::read_to_string(root().join("schemas").join(&f.relative)).unwrap();
        assert!(
            on_disk == f.text,
            "schemas/{} differs from a fresh import: run `cargo xtask import`",
            f.relative
        );
    }
    let mut diags = Vec::new();
    for f in schema::read_dir(&root().join("schemas"), &mut diags) {
        assert!(
            !f.text.starts_with(import::IMPORTED_HEADER) || produced.contains(f.relative.as_str()),
            "schemas/{} says it is imported, but no document produces it",
            f.relative
        );
    }
    // And importing twice gives the same bytes.
    let (_, again) = import_repository();
    assert_eq!(again, files);
}

#[test]
fn snapshots_of_real_documents() {
    let (_, files) = import_repository();
    for id in [
        "fal-ai/luma-dream-machine/ray-2/reframe",
        "fal-ai/flux-kontext-lora/text-to-image",
        "sonauto/v2/text-to-music",
    ] {
        insta::assert_snapshot!(
            id.replace('/', "__"),
            imported_file(&files, &format!("{id}.yaml"))
        );
    }
}

/// A minimal fal document for `id` with the given input properties and extra components.
fn doc(id: &str, input_props: serde_json::Value, components: serde_json::Value) -> Document {
    let mut schemas = serde_json::json!({
        "DemoInput": { "type": "object", "properties": input_props, "required": ["prompt"] },
        "DemoOutput": { "type": "object", "properties": { "image": { "$ref": "#/components/schemas/File" } }, "required": ["image"] },
    });
    for (k, v) in components.as_object().unwrap() {
        schemas[k] = v.clone();
    }
    let text = serde_json::json!({
        "openapi": "3.0.4",
        "info": { "x-fal-metadata": { "endpointId": id } },
        "components": { "schemas": schemas },
    });
    Document {
        path: PathBuf::from(format!("upstream/fal/{}.json", id.replace('/', "__"))),
        text: text.to_string(),
        overlay: None,
    }
}

fn file_component(fields: &[&str]) -> serde_json::Value {
    let props: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|f| (f.to_string(), serde_json::json!({ "type": "string" })))
        .collect();
    serde_json::json!({ "title": "File", "type": "object", "properties": props, "required": ["url"], "x-fal-order-properties": fields })
}

#[test]
fn shared_types_are_deduplicated_and_clashing_shapes_get_family_names() {
    let prompt = serde_json::json!({ "prompt": { "type": "string" } });
    let docs = vec![
        doc(
            "acme/alpha",
            prompt.clone(),
            serde_json::json!({ "File": file_component(&["url", "content_type"]) }),
        ),
        // the same shape with another field order: the same type
        doc(
            "acme/beta",
            prompt.clone(),
            serde_json::json!({ "File": file_component(&["content_type", "url"]) }),
        ),
        // another shape under the same title
        doc(
            "other/gamma-model/edit",
            prompt,
            serde_json::json!({ "File": file_component(&["url", "file_data"]) }),
        ),
    ];
    let files = import::import(&docs).unwrap_or_else(|d| panic!("{d}"));
    let shared = imported_file(&files, "shared.yaml");
    assert_eq!(shared.matches("\n  File:\n").count(), 1, "{shared}");
    assert!(shared.contains("\n  GammaModelFile:\n"), "{shared}");
    assert!(imported_file(&files, "acme/alpha.yaml").contains("type: File\n"));
    assert!(imported_file(&files, "acme/beta.yaml").contains("type: File\n"));
    assert!(imported_file(&files, "other/gamma-model/edit.yaml").contains("type: GammaModelFile\n"));
}

#[test]
fn unions_nullables_enums_and_python_paths() {
    let props = serde_json::json!({
        "prompt": { "type": "string", "maxLength": 100 },
        "seed": { "anyOf": [{ "type": "integer" }, { "type": "null" }] },
        "image_size": {
            "anyOf": [
                { "$ref": "#/components/schemas/ImageSize" },
                { "type": "string", "enum": ["square_hd", "landscape_16_9"] }
            ],
            "default": "square_hd"
        },
        "bpm": { "anyOf": [{ "type": "integer" }, { "type": "string", "enum": ["auto"] }, { "type": "null" }], "default": "auto" },
        "image_urls": { "type": "array", "items": { "type": "string", "minLength": 1 }, "maxItems": 4 },
        "style": { "allOf": [{ "$ref": "#/components/schemas/registry__image__fast_sdxl__models__Style" }] },
        "timings": { "$ref": "#/components/schemas/Timings" }
    });
    let components = serde_json::json!({
        "File": file_component(&["url"]),
        "ImageSize": { "title": "ImageSize", "type": "object", "properties": { "width": { "type": "integer", "exclusiveMinimum": true, "minimum": 0 } } },
        "registry__image__fast_sdxl__models__Style": { "type": "object", "properties": { "name": { "type": "string" } } },
        "Timings": { "type": "object", "additionalProperties": true },
    });
    let files =
        import::import(&[doc("acme/demo", props, components)]).unwrap_or_else(|d| panic!("{d}"));
    insta::assert_snapshot!(imported_file(&files, "acme/demo.yaml"));
    insta::assert_snapshot!("unions_shared", imported_file(&files, "shared.yaml"));
    // Everything the importer writes passes the loader's checks.
    check_imported(&files);
}

/// OpenAPI 3.0's `nullable: true`, beside a type, an enum, a union or an `allOf` reference,
/// makes the field nullable, as JSON Schema's `anyOf: [T, null]` does; `false` changes nothing.
#[test]
fn openapi_nullable_makes_a_field_nullable() {
    let props = serde_json::json!({
        "prompt": { "type": "string" },
        "negative": { "type": "string", "nullable": true },
        "steps": { "type": "integer", "nullable": false },
        "mode": { "type": "string", "enum": ["a", "b"], "nullable": true },
        "size": { "anyOf": [{ "type": "integer" }, { "type": "string" }], "nullable": true },
        "file": { "allOf": [{ "$ref": "#/components/schemas/File" }], "nullable": true }
    });
    let components = serde_json::json!({ "File": file_component(&["url"]) });
    let files =
        import::import(&[doc("acme/demo", props, components)]).unwrap_or_else(|d| panic!("{d}"));
    let yaml = imported_file(&files, "acme/demo.yaml");
    for line in [
        "negative:\n        type: string?\n",
        "steps:\n        type: integer\n",
        "file:\n        type: File?\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in:\n{yaml}");
    }
    let catalog = check_imported(&files);
    let input = &catalog.endpoints[0].types.types[0];
    let genmedia_generator::schema::model::TypeKind::Object(fields) = &input.kind else {
        panic!("the input is an object");
    };
    for (name, nullable) in [
        ("prompt", false),
        ("negative", true),
        ("steps", false),
        ("mode", true),
        ("size", true),
        ("file", true),
    ] {
        let field = fields.iter().find(|f| f.name.value == name).unwrap();
        assert_eq!(
            matches!(
                field.ty.value,
                genmedia_generator::schema::model::TypeExpr::Nullable(_)
            ),
            nullable,
            "{name}: {}",
            field.ty.value
        );
    }
}

/// An integer field is an `i64`: a bound beyond that range (which the checker refuses) is left
/// out with a note, on the field and on a list's elements, so that one such document cannot
/// stop the import of every other; the bounds that fit stay.
#[test]
fn integer_bounds_beyond_64_bits_are_left_out_with_a_note() {
    let props = serde_json::json!({
        "prompt": { "type": "string" },
        "seed": { "type": "integer", "minimum": 0, "maximum": 1e20 },
        "ids": { "type": "array", "items": { "type": "integer", "minimum": -1e30, "maximum": 9 } },
        "scale": { "type": "number", "maximum": 1e20 }
    });
    let components = serde_json::json!({ "File": file_component(&["url"]) });
    let files =
        import::import(&[doc("acme/demo", props, components)]).unwrap_or_else(|d| panic!("{d}"));
    let catalog = check_imported(&files);
    let endpoint = catalog.endpoint("acme/demo").unwrap();
    let genmedia_generator::schema::model::TypeKind::Object(fields) = &endpoint.types.types[0].kind
    else {
        panic!("the input is an object");
    };
    let field = |name: &str| fields.iter().find(|f| f.name.value == name).unwrap();
    let bound = |n: &Option<genmedia_generator::schema::model::Located<serde_json::Number>>| {
        n.as_ref().map(|n| n.value.to_string())
    };
    let seed = &field("seed").constraints;
    assert_eq!(
        (bound(&seed.minimum), bound(&seed.maximum)),
        (Some("0".into()), None)
    );
    let ids = field("ids").constraints.items.as_deref().unwrap();
    assert_eq!(
        (bound(&ids.minimum), bound(&ids.maximum)),
        (None, Some("9".into()))
    );
    // A float may have any bound a float can hold.
    assert!(field("scale").constraints.maximum.is_some());
    let yaml = imported_file(&files, "acme/demo.yaml");
    for note in ["the bound `maximum: 1e+20`", "the bound `minimum: -1e+30`"] {
        assert!(yaml.contains(note), "{note} in:\n{yaml}");
    }
}

#[test]
fn a_broken_document_is_reported_with_its_location() {
    let bad = Document {
        path: "upstream/fal/broken.json".into(),
        text: "{\n  \"openapi\": 3,\n  oops\n}".into(),
        overlay: None,
    };
    let err = import::import(&[bad]).unwrap_err();
    insta::assert_snapshot!(err.to_string());
}

/// fal's documents may put a JSON-Schema constraint on a type it does not apply to. The
/// importer leaves each such constraint out, with a note naming the field and the constraint,
/// and keeps every constraint that applies once nullability is unwrapped or, under `items`, to
/// a list's elements; the checker used to refuse the imported schema, failing the import.
#[test]
fn constraints_that_do_not_suit_their_type_are_left_out_with_a_note() {
    let props = serde_json::json!({
        "prompt": { "type": "string", "minimum": 1, "maxLength": 500 },
        "steps": { "type": "integer", "minLength": 2, "maximum": 50 },
        "sync": { "type": "boolean", "maxItems": 3 },
        "seed": { "anyOf": [{ "type": "integer", "minimum": 0, "pattern": "^[0-9]+$" }, { "type": "null" }] },
        "weights": {
            "type": "array",
            "items": { "type": "number", "minimum": 0, "maxLength": 4 },
            "maxItems": 3,
            "minLength": 1
        },
        "tags": {
            "anyOf": [
                { "type": "array", "items": { "anyOf": [{ "type": "string", "minLength": 1 }, { "type": "null" }] }, "minItems": 1 },
                { "type": "null" }
            ]
        },
        "flags": { "type": "array", "items": { "type": "boolean", "minimum": 0 } },
        "extra": { "type": "object", "additionalProperties": { "type": "integer" }, "maxLength": 2 },
        "frames": { "enum": [8, 16], "minimum": 8 },
        "mode": { "enum": ["fast", "slow"], "minLength": 4 },
        "size": { "$ref": "#/components/schemas/ImageSize" }
    });
    let components = serde_json::json!({
        "File": file_component(&["url"]),
        "ImageSize": { "title": "ImageSize", "type": "object", "properties": {
            "width": { "type": "integer", "pattern": "^[0-9]+$", "exclusiveMinimum": 0 }
        } },
    });
    let files =
        import::import(&[doc("acme/demo", props, components)]).unwrap_or_else(|d| panic!("{d}"));
    let catalog = check_imported(&files);

    let endpoint = catalog.endpoint("acme/demo").unwrap();
    let fields = |owner: &str| match &endpoint
        .types
        .get(owner)
        .or_else(|| catalog.shared.get(owner))
        .unwrap()
        .kind
    {
        TypeKind::Object(fields) => fields.clone(),
        other => panic!("{owner} is not an object: {other:?}"),
    };
    let input = fields("DemoInput");
    let kept = |name: &str| {
        let f = input.iter().find(|f| f.name.value == name).unwrap();
        write_constraints(&f.constraints)
    };
    // What applies stays, nullable or not, on the field or on its elements.
    assert_eq!(kept("prompt"), "max_length: 500");
    assert_eq!(kept("steps"), "maximum: 50");
    assert_eq!(kept("sync"), "");
    assert_eq!(kept("seed"), "minimum: 0");
    assert_eq!(kept("weights"), "max_items: 3, items: { minimum: 0 }");
    assert_eq!(kept("tags"), "min_items: 1, items: { min_length: 1 }");
    assert_eq!(kept("flags"), "");
    assert_eq!(kept("extra"), "");
    assert_eq!(kept("frames"), "minimum: 8");
    assert_eq!(kept("mode"), "");
    let width = &fields("ImageSize")[0];
    assert_eq!(
        write_constraints(&width.constraints),
        "exclusive_minimum: 0"
    );

    // What does not apply is named in a note, field by field.
    let dropped: Vec<&str> = endpoint
        .notes
        .iter()
        .map(String::as_str)
        .filter(|n| n.contains("left out"))
        .collect();
    assert_eq!(
        dropped,
        [
            "Upstream gives field `prompt` of `DemoInput`, whose type is `string`, the constraint `minimum: 1`, which applies to integer and float values only; the constraint is left out.",
            "Upstream gives field `steps` of `DemoInput`, whose type is `integer`, the constraint `min_length: 2`, which applies to strings only; the constraint is left out.",
            "Upstream gives field `sync` of `DemoInput`, whose type is `boolean`, the constraint `max_items: 3`, which applies to lists only; the constraint is left out.",
            "Upstream gives field `seed` of `DemoInput`, whose type is `integer`, the constraint `pattern: \"^[0-9]+$\"`, which applies to strings only; the constraint is left out.",
            "Upstream gives field `weights` of `DemoInput`, whose type is `list<float>`, the constraint `min_length: 1`, which applies to strings only; the constraint is left out.",
            "Upstream gives the elements of field `weights` of `DemoInput`, whose type is `float`, the constraint `max_length: 4`, which applies to strings only; the constraint is left out.",
            "Upstream gives the elements of field `flags` of `DemoInput`, whose type is `boolean`, the constraint `minimum: 0`, which applies to integer and float values only; the constraint is left out.",
            "Upstream gives field `extra` of `DemoInput`, whose type is `map<integer>`, the constraint `max_length: 2`, which applies to strings only; the constraint is left out.",
            "Upstream gives field `mode` of `DemoInput`, whose type is `Mode`, the constraint `min_length: 4`, which applies to strings only; the constraint is left out.",
            "Upstream gives field `width` of `ImageSize`, whose type is `integer`, the constraint `pattern: \"^[0-9]+$\"`, which applies to strings only; the constraint is left out.",
        ],
        "{}",
        imported_file(&files, "acme/demo.yaml")
    );
}

/// The constraints of a field in one line, as schema files write them (`items` as a flow map).
fn write_constraints(k: &Constraints) -> String {
    let mut parts = Vec::new();
    for (key, n) in [
        ("minimum", &k.minimum),
        ("maximum", &k.maximum),
        ("exclusive_minimum", &k.exclusive_minimum),
        ("exclusive_maximum", &k.exclusive_maximum),
    ] {
        parts.extend(n.as_ref().map(|n| format!("{key}: {}", n.value)));
    }
    for (key, n) in [
        ("min_length", &k.min_length),
        ("max_length", &k.max_length),
        ("min_items", &k.min_items),
        ("max_items", &k.max_items),
    ] {
        parts.extend(n.as_ref().map(|n| format!("{key}: {}", n.value)));
    }
    parts.extend(
        k.pattern
            .as_ref()
            .map(|p| format!("pattern: {:?}", p.value)),
    );
    parts.extend(
        k.items
            .as_ref()
            .map(|i| format!("items: {{ {} }}", write_constraints(i))),
    );
    parts.join(", ")
}

/// JSON Schema's `multipleOf` becomes `multiple_of` through the constraint table: imported,
/// written, loaded, checked (a default must be a multiple) and generated as validation.
#[test]
fn multiple_of_goes_from_the_document_to_the_generated_validation() {
    let props = serde_json::json!({
        "prompt": { "type": "string" },
        "steps": { "type": "integer", "multipleOf": 4, "minimum": 4, "default": 8 },
        "scale": { "type": "number", "multipleOf": 0.5 },
        "frames": { "type": "array", "items": { "type": "integer", "multipleOf": 8 } }
    });
    let components = serde_json::json!({ "File": file_component(&["url"]) });
    let files =
        import::import(&[doc("acme/demo", props, components)]).unwrap_or_else(|d| panic!("{d}"));
    let yaml = imported_file(&files, "acme/demo.yaml");
    for line in [
        "        minimum: 4\n        multiple_of: 4\n",
        "        multiple_of: 0.5\n",
        "        items:\n          multiple_of: 8\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in:\n{yaml}");
    }
    let catalog = check_imported(&files);
    let input = &catalog.endpoints[0].types.types[0];
    let TypeKind::Object(fields) = &input.kind else {
        panic!("the input is an object");
    };
    let steps = fields.iter().find(|f| f.name.value == "steps").unwrap();
    assert_eq!(
        steps
            .constraints
            .multiple_of
            .as_ref()
            .map(|m| m.value.to_string()),
        Some("4".into())
    );

    let options = genmedia_generator::emit::Options {
        crate_prefix: "demo".into(),
    };
    let generated =
        genmedia_generator::emit::generate(&catalog, &options).unwrap_or_else(|d| panic!("{d}"));
    let module = generated
        .iter()
        .find(|f| f.path.ends_with("src/demo.rs"))
        .unwrap_or_else(|| {
            panic!(
                "no module: {:?}",
                generated.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        });
    assert!(
        module
            .contents
            .contains("check::multiple_of(&at.field(\"steps\"), *value, 4.0, errors)"),
        "{}",
        module.contents
    );
    assert!(
        module.contents.contains("/// Multiple of 0.5."),
        "{}",
        module.contents
    );
    let frames = module.contents.matches("check::multiple_of(").count();
    assert_eq!(
        frames, 3,
        "steps, scale and each of frames:\n{}",
        module.contents
    );

    // A default that is no multiple is refused where it is written.
    let bad = yaml.replace("default: 8", "default: 6");
    let mut sources: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile {
            relative: f.relative.clone(),
            display: PathBuf::from(&f.relative),
            text: if f.relative == "acme/demo.yaml" {
                bad.clone()
            } else {
                f.text.clone()
            },
        })
        .collect();
    sources.push(SourceFile {
        relative: "providers.yaml".into(),
        display: "providers.yaml".into(),
        text: std::fs::read_to_string(root().join("schemas/providers.yaml")).unwrap(),
    });
    let err = schema::load_files(&sources).unwrap_err().to_string();
    assert!(err.contains("not a multiple of `multiple_of` 4"), "{err}");
}
