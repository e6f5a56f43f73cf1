//! The generated types against the real page examples: every input example deserializes into
//! its endpoint's input type, validates, and serializes back to the same JSON; every output
//! example deserializes into the output type. Examples that contradict their schema are listed
//! explicitly with the reason, and the test checks that they really are refused.

use std::path::Path;

use genmedia_generator::schema;
use serde_json::Value;

/// How a page example contradicts its schema, and what the generated types therefore do.
enum Contradiction {
    /// Refused; the error names the problem.
    Refused(&'static str),
    /// Accepted, but these fields, which the schema lacks, are dropped (as the server ignores
    /// them); everything else round-trips.
    Drops(&'static [&'static str]),
}

use Contradiction::{Drops, Refused};

/// The page examples that contradict their schema: (endpoint id, "input" or "output", example
/// index, what happens). The schemas follow upstream, the live API; each example's `note` in
/// `schemas/` says where the page differs. Most are output examples the page abbreviated: they
/// omit fields the schema requires and the server always sends.
const CONTRADICTIONS: &[(&str, &str, usize, Contradiction)] = &[
    // seeds/README: the moondream page returns `image` as a URL string, the schema an object.
    (
        "fal-ai/moondream3-preview/detect",
        "output",
        0,
        Refused("invalid type: string"),
    ),
    // The example's `audio` is one file object; upstream and the page's field list say a list.
    (
        "sonauto/v2/text-to-music",
        "output",
        0,
        Refused("expected a sequence"),
    ),
    // Page-only input fields upstream does not have.
    (
        "fal-ai/kandinsky5/text-to-video",
        "input",
        0,
        Drops(&["video_length"]),
    ),
    (
        "fal-ai/pixverse/v5/image-to-video",
        "input",
        0,
        Drops(&["aspect_ratio"]),
    ),
    // Abbreviated output examples.
    (
        "fal-ai/bytedance/omnihuman",
        "output",
        0,
        Refused("missing field `duration`"),
    ),
    (
        "fal-ai/flux-kontext-lora",
        "output",
        0,
        Refused("missing field `timings`"),
    ),
    (
        "fal-ai/flux-kontext-lora/inpaint",
        "output",
        0,
        Refused("missing field `timings`"),
    ),
    (
        "fal-ai/flux-kontext-lora/text-to-image",
        "output",
        0,
        Refused("missing field `timings`"),
    ),
    (
        "fal-ai/flux-krea-lora/stream",
        "output",
        0,
        Refused("missing field `width`"),
    ),
    (
        "fal-ai/flux-pro/kontext/max",
        "output",
        0,
        Refused("missing field `timings`"),
    ),
    (
        "fal-ai/flux-pro/kontext/max/multi",
        "output",
        0,
        Refused("missing field `width`"),
    ),
    (
        "fal-ai/flux-pro/kontext/max/text-to-image",
        "output",
        0,
        Refused("missing field `width`"),
    ),
    (
        "fal-ai/flux-pro/kontext/multi",
        "output",
        0,
        Refused("missing field `width`"),
    ),
    (
        "fal-ai/flux-pro/kontext/text-to-image",
        "output",
        0,
        Refused("missing field `width`"),
    ),
    (
        "fal-ai/imagen4/preview",
        "output",
        0,
        Refused("missing field `description`"),
    ),
    ("fal-ai/ovi", "output", 0, Refused("missing field `seed`")),
];

/// Equal as JSON, where numbers compare by value (`1` and `1.0` are one number: a float
/// field serializes `1` back as `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_page_example_round_trips_through_the_generated_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let catalog = schema::load_dir(&root).expect("schemas load");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut contradicted = Vec::new();
    for e in &catalog.endpoints {
        let id = e.id.value.as_str();
        let info = genmedia_catalog::find(id)
            .unwrap_or_else(|| panic!("{id} is not in the catalog crate"));
        for (i, x) in e.examples.iter().enumerate() {
            for (kind, text) in [("input", &x.input), ("output", &x.output)] {
                let Some(text) = text else { continue };
                let text = &text.value;
                let original: Value = serde_json::from_str(text).expect("examples are JSON");
                let result = match kind {
                    "input" => info.check_input(text).map_err(|e| e.to_string()),
                    _ => info.check_output(text).map_err(|e| e.to_string()),
                };
                let expected = CONTRADICTIONS
                    .iter()
                    .find(|(cid, ckind, ci, _)| *cid == id && *ckind == kind && *ci == i)
                    .map(|(_, _, _, c)| c);
                let place = format!("{id} {kind} example {i}");
                match (result, expected) {
                    (Err(err), Some(Refused(why))) if err.contains(why) => contradicted.push(place),
                    (Err(err), Some(Refused(why))) => {
                        failures.push(format!("{place} is refused, but not for `{why}`: {err}"))
                    }
                    (Ok(_), Some(Refused(why))) => failures.push(format!(
                        "{place} is listed as refused ({why}) but is accepted"
                    )),
                    (Ok(back), Some(Drops(fields))) => {
                        let mut trimmed = original.clone();
                        for f in *fields {
                            let present = trimmed.as_object_mut().and_then(|o| o.remove(*f));
                            assert!(present.is_some(), "{place}: `{f}` is not in the example");
                        }
                        if same_json(&trimmed, &back) {
                            contradicted.push(place);
                        } else {
                            failures.push(format!("{place} does not round-trip without {fields:?}: {back}"));
                        }
                    }
                    (Err(err), _) => failures.push(format!("{place}: {err}")),
                    (Ok(back), None) if kind == "input" && !same_json(&original, &back) => {
                        failures.push(format!(
                            "{place} does not serialize back to itself:\n  page: {original}\n  ours: {back}"
                        ))
                    }
                    (Ok(_), None) => {}
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(contradicted.len(), CONTRADICTIONS.len());
    assert!(checked >= 80, "only {checked} examples checked");
}

#[test]
fn the_catalog_crate_lists_every_endpoint_once_family_by_family() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let catalog = schema::load_dir(&root).expect("schemas load");
    let mut ids: Vec<&str> = catalog
        .endpoints
        .iter()
        .map(|e| e.id.value.as_str())
        .collect();
    ids.sort_unstable();
    for family in &genmedia_catalog::FAMILIES {
        assert!(!family.is_empty());
        assert!(family.is_sorted_by_key(|e| e.id), "a family sorted by id");
    }
    let mut listed: Vec<&str> = genmedia_catalog::all().map(|e| e.id).collect();
    assert_eq!(listed.len(), genmedia_catalog::COUNT);
    listed.sort_unstable();
    assert_eq!(listed, ids);
}
