//! The change report on real fal documents, each edited the way fal edits its schemas: every
//! kind of change is found, at its place, and classified as the generated API makes it.

use std::path::{Path, PathBuf};

use genmedia_generator::changes::{self, Change, Class, Kind, Report};
use genmedia_generator::emit::Options;
use genmedia_generator::import::{self, Document};
use genmedia_generator::schema::{self, model::Catalog, SourceFile};
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A document of `upstream/fal/` as JSON.
fn document(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("upstream/fal").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The checked catalog the importer makes of these documents.
fn catalog(documents: &[(&str, &Value)]) -> Catalog {
    let docs: Vec<Document> = documents
        .iter()
        .map(|(name, doc)| Document {
            path: PathBuf::from("upstream/fal").join(name),
            text: doc.to_string(),
            overlay: None,
        })
        .collect();
    let mut files: Vec<SourceFile> = import::import(&docs)
        .unwrap_or_else(|d| panic!("{d}"))
        .into_iter()
        .map(|f| SourceFile {
            display: PathBuf::from(&f.relative),
            relative: f.relative,
            text: f.text,
        })
        .collect();
    files.push(SourceFile {
        relative: "providers.yaml".into(),
        display: "providers.yaml".into(),
        text: std::fs::read_to_string(root().join("schemas/providers.yaml")).unwrap(),
    });
    schema::load_files(&files).unwrap_or_else(|d| panic!("{d}"))
}

fn compare(old: &[(&str, &Value)], new: &[(&str, &Value)]) -> Report {
    let (old, new) = (catalog(old), catalog(new));
    changes::compare(&old, &new, &options()).unwrap_or_else(|d| panic!("{d}"))
}

/// The crate prefix of the main job, which the report's package names carry.
fn options() -> Options {
    Options {
        crate_prefix: "genmedia".into(),
    }
}

const FLUX_DEV: &str = "fal-ai__flux__dev.json";

/// The report of one edit of `fal-ai/flux/dev`.
fn flux_dev_after(edit: impl FnOnce(&mut Value)) -> Report {
    let old = document(FLUX_DEV);
    let mut new = old.clone();
    edit(&mut new);
    compare(&[(FLUX_DEV, &old)], &[(FLUX_DEV, &new)])
}

/// The schema of a component of the document.
fn component<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

fn input_property<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut component(doc, "FluxDevInput")["properties"][name]
}

/// The one change at `path`, failing with the whole report otherwise.
fn only_change<'a>(report: &'a Report, path: &str) -> &'a Change {
    let at: Vec<&Change> = report.changes.iter().filter(|c| c.path == path).collect();
    assert_eq!(
        at.len(),
        1,
        "one change at {path}:\n{}",
        changes::text(report)
    );
    at[0]
}

#[test]
fn the_same_documents_give_no_change() {
    let doc = document(FLUX_DEV);
    let report = compare(&[(FLUX_DEV, &doc)], &[(FLUX_DEV, &doc)]);
    assert!(report.changes.is_empty(), "{}", changes::text(&report));
}

#[test]
fn a_new_description_is_no_change_of_the_api() {
    let report = flux_dev_after(|doc| {
        input_property(doc, "prompt")["description"] = json!("What to draw.");
    });
    assert!(report.changes.is_empty(), "{}", changes::text(&report));
}

#[test]
fn enum_values_added_are_additive_and_removed_are_breaking() {
    let report = flux_dev_after(|doc| {
        input_property(doc, "output_format")["enum"] = json!(["png", "webp"]);
        input_property(doc, "output_format")["default"] = json!("png");
    });
    let kinds: Vec<(&Kind, Class)> = report
        .changes
        .iter()
        .filter(|c| c.path == "input.output_format")
        .map(|c| (&c.kind, c.class))
        .collect();
    assert!(
        kinds.contains(&(&Kind::ValueRemoved("\"jpeg\"".into()), Class::Breaking)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(&Kind::ValueAdded("\"webp\"".into()), Class::Additive)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(
            &Kind::DefaultChanged {
                from: Some("\"jpeg\"".into()),
                to: Some("\"png\"".into())
            },
            Class::Additive
        )),
        "{kinds:?}"
    );
}

#[test]
fn fields_added_to_an_input_are_additive_unless_required() {
    let report = flux_dev_after(|doc| {
        let input = component(doc, "FluxDevInput");
        input["properties"]["negative_prompt"] = json!({"type": "string", "default": ""});
        input["properties"]["style"] = json!({"type": "string"});
        input["required"] = json!(["prompt", "style"]);
    });
    let optional = only_change(&report, "input.negative_prompt");
    assert_eq!(optional.kind, Kind::FieldAdded { required: false });
    assert_eq!(optional.class, Class::Additive);
    let required = only_change(&report, "input.style");
    assert_eq!(required.kind, Kind::FieldAdded { required: true });
    assert_eq!(required.class, Class::Breaking);
}

#[test]
fn a_field_added_to_a_nested_struct_is_breaking() {
    // `ImageSize` has no builder: code builds it with a struct literal, which a new field breaks.
    let report = flux_dev_after(|doc| {
        component(doc, "ImageSize")["properties"]["depth"] = json!({"type": "integer"});
    });
    let change = only_change(&report, "input.image_size<ImageSize>.depth");
    assert_eq!(change.kind, Kind::FieldAdded { required: false });
    assert_eq!(change.class, Class::Breaking);
    assert_eq!(change.owner_type, "ImageSize");
}

#[test]
fn removed_fields_and_removed_endpoints_are_breaking_and_new_endpoints_additive() {
    let report = flux_dev_after(|doc| {
        let input = component(doc, "FluxDevInput");
        input["properties"]
            .as_object_mut()
            .unwrap()
            .remove("sync_mode");
    });
    let removed = only_change(&report, "input.sync_mode");
    assert_eq!(
        (&removed.kind, removed.class),
        (&Kind::FieldRemoved, Class::Breaking)
    );

    let dev = document(FLUX_DEV);
    let schnell = document("fal-ai__flux__schnell.json");
    let report = compare(
        &[(FLUX_DEV, &dev)],
        &[("fal-ai__flux__schnell.json", &schnell)],
    );
    let by_endpoint = |id: &str| {
        let c: Vec<&Change> = report.changes.iter().filter(|c| c.endpoint == id).collect();
        assert_eq!(c.len(), 1, "{}", changes::text(&report));
        (c[0].kind.clone(), c[0].class, c[0].package.clone())
    };
    assert_eq!(
        by_endpoint("fal-ai/flux/dev"),
        (
            Kind::EndpointRemoved,
            Class::Breaking,
            "genmedia-fal-ai-flux".into()
        )
    );
    assert_eq!(
        by_endpoint("fal-ai/flux/schnell"),
        (
            Kind::EndpointAdded,
            Class::Additive,
            "genmedia-fal-ai-flux".into()
        )
    );
}

#[test]
fn a_field_that_becomes_required_or_optional_is_breaking() {
    let report = flux_dev_after(|doc| {
        component(doc, "FluxDevInput")["required"] = json!(["num_images"]);
    });
    let required = only_change(&report, "input.num_images");
    assert_eq!(
        (&required.kind, required.class),
        (&Kind::BecameRequired, Class::Breaking)
    );
    let optional = only_change(&report, "input.prompt");
    assert_eq!(
        (&optional.kind, optional.class),
        (&Kind::BecameOptional, Class::Breaking)
    );
}

#[test]
fn a_retyped_field_is_breaking() {
    let report = flux_dev_after(|doc| {
        input_property(doc, "num_inference_steps")["type"] = json!("number");
    });
    let change = only_change(&report, "input.num_inference_steps");
    assert_eq!(
        change.kind,
        Kind::TypeChanged {
            from: "integer".into(),
            to: "float".into()
        }
    );
    assert_eq!(change.class, Class::Breaking);
}

#[test]
fn narrower_bounds_are_breaking_and_wider_ones_additive() {
    let report = flux_dev_after(|doc| {
        input_property(doc, "num_images")["maximum"] = json!(2);
        input_property(doc, "guidance_scale")["maximum"] = json!(30);
        input_property(doc, "prompt")["maxLength"] = json!(2000);
        let steps = input_property(doc, "num_inference_steps");
        steps.as_object_mut().unwrap().remove("minimum");
    });
    let bound = |path: &str| {
        let c = only_change(&report, path);
        match &c.kind {
            Kind::BoundChanged {
                bound,
                from,
                to,
                narrower,
            } => (bound.clone(), from.clone(), to.clone(), *narrower, c.class),
            other => panic!("{path}: {other:?}"),
        }
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        bound("input.num_images"),
        (
            "maximum".into(),
            some("4"),
            some("2"),
            true,
            Class::Breaking
        )
    );
    assert_eq!(
        bound("input.guidance_scale"),
        (
            "maximum".into(),
            some("20"),
            some("30"),
            false,
            Class::Additive
        )
    );
    assert_eq!(
        bound("input.prompt"),
        (
            "max_length".into(),
            None,
            some("2000"),
            true,
            Class::Breaking
        )
    );
    assert_eq!(
        bound("input.num_inference_steps"),
        ("minimum".into(), some("1"), None, false, Class::Additive)
    );
    // A multiple set, or changed, may refuse values: the constraint table's direction says so.
    let report = flux_dev_after(|doc| {
        input_property(doc, "num_inference_steps")["multipleOf"] = json!(4);
    });
    let change = only_change(&report, "input.num_inference_steps");
    assert_eq!(
        change.kind,
        Kind::BoundChanged {
            bound: "multiple_of".into(),
            from: None,
            to: Some("4".into()),
            narrower: true
        }
    );
    assert_eq!(change.class, Class::Breaking);
}

#[test]
fn the_reports_name_every_change_and_count_the_classes() {
    let report = flux_dev_after(|doc| {
        input_property(doc, "num_images")["maximum"] = json!(2);
        input_property(doc, "acceleration")["enum"] = json!(["none", "regular", "high", "max"]);
    });
    let text = changes::text(&report);
    assert!(
        text.contains("fal-ai/flux/dev (genmedia-fal-ai-flux): breaking"),
        "{text}"
    );
    assert!(
        text.contains("breaking  input.num_images: maximum 4 → 2 (narrower)"),
        "{text}"
    );
    assert!(
        text.contains("additive  input.acceleration: value \"max\" added"),
        "{text}"
    );
    assert!(
        text.contains("2 changes to 1 endpoints: 1 breaking, 1 additive"),
        "{text}"
    );

    let json: Value = serde_json::from_str(&changes::json(&report)).unwrap();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["additive"], 1);
    let endpoint = &json["endpoints"][0];
    assert_eq!(endpoint["id"], "fal-ai/flux/dev");
    assert_eq!(endpoint["class"], "breaking");
    let value_added = endpoint["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "value_added")
        .expect("the added value is in the JSON report");
    assert_eq!(value_added["value"], "max");
    assert_eq!(value_added["class"], "additive");
}

/// `schemas/` with the seed pages' schemas (`tests/fixtures/seed-pages/`) in place of fal's.
fn seed_pages_state() -> Catalog {
    let mut diags = Vec::new();
    let mut files = schema::read_dir(&root().join("schemas"), &mut diags);
    for page in schema::read_dir(&root().join("tests/fixtures/seed-pages"), &mut diags) {
        files.retain(|f| f.relative != page.relative);
        files.push(page);
    }
    assert!(diags.is_empty(), "{diags:?}");
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    schema::load_files(&files).unwrap_or_else(|d| panic!("{d}"))
}

/// The real run of docs/versioning.md: the seed pages' older schemas against fal's documents.
/// The report names what the schema files' notes describe, classified by the rule, and the
/// docs show exactly what it prints.
#[test]
fn the_seed_pages_against_upstream_report_every_note_and_match_the_docs() {
    let (old, new) = (
        seed_pages_state(),
        schema::load_dir(&root().join("schemas")).unwrap(),
    );
    let report = changes::compare(&old, &new, &options()).unwrap_or_else(|d| panic!("{d}"));
    let text = changes::text(&report);

    let has = |endpoint: &str, line: &str| {
        let found = report.changes.iter().any(|c| {
            c.endpoint == endpoint && format!("{} {}", c.class.as_str(), c.describe()) == line
        });
        assert!(found, "{endpoint}: no `{line}` in\n{text}");
    };
    has(
        "fal-ai/imagen4/preview",
        "breaking input.negative_prompt: field removed",
    );
    has(
        "fal-ai/imagen4/preview",
        "additive input.safety_tolerance: optional field added",
    );
    has(
        "fal-ai/imagen4/preview",
        "breaking output.description: required field added",
    );
    has(
        "fal-ai/kandinsky5/text-to-video",
        "breaking input.resolution: type Resolution → string",
    );
    has(
        "fal-ai/pixverse/v5/image-to-video",
        "breaking output.video.file_data: field removed",
    );
    has(
        "fal-ai/sora-2/text-to-video/pro",
        "additive input.resolution: value \"true_1080p\" added",
    );
    has(
        "fal-ai/sora-2/text-to-video/pro",
        "breaking input.duration: value \"12\" removed",
    );
    has(
        "fal-ai/sora-2/text-to-video/pro",
        "additive input.duration: default \"4\" → 4",
    );
    has(
        "fal-ai/flux-krea-lora/stream",
        "additive output.images[].content_type: default \"image/jpeg\" → none",
    );
    has(
        "fal-ai/meshy/v5/multi-image-to-3d",
        "breaking output.model_urls.stl: optional field added",
    );
    let endpoints: std::collections::BTreeSet<&str> =
        report.changes.iter().map(|c| c.endpoint.as_str()).collect();
    assert_eq!(
        endpoints.len(),
        6,
        "only the six seed endpoints changed:\n{text}"
    );

    let docs = std::fs::read_to_string(root().join("docs/versioning.md")).unwrap();
    assert!(
        docs.contains(&format!("```text\n{text}```")),
        "docs/versioning.md does not show this report:\n{text}"
    );
}
