//! The checked-in `schemas/` directory: it loads cleanly and covers every seed endpoint.

use std::path::Path;

use genmedia_generator::schema;

fn schemas_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// Every endpoint id the seed pages name, and the AI/ML API endpoints of the protocol notes.
const SEED_ENDPOINTS: &[&str] = &[
    // seeds/003: 41 pages, 40 distinct ids (flux-pro/kontext/max/text-to-image twice; the
    // kling video-to-audio id line misspelled as `al-ai/...`).
    "fal-ai/imagen4/preview",
    "fal-ai/flux-pro/kontext/max/text-to-image",
    "fal-ai/flux-krea-lora/stream",
    "fal-ai/recraft/v3/text-to-image",
    "fal-ai/hidream-i1-full",
    "creatify/lipsync",
    "fal-ai/kandinsky5/text-to-video",
    "fal-ai/pixverse/v5/image-to-video",
    "fal-ai/dreamomni2/edit",
    "fal-ai/moondream3-preview/detect",
    "fal-ai/sora-2/text-to-video/pro",
    "fal-ai/ovi",
    "fal-ai/luma-dream-machine",
    "fal-ai/luma-dream-machine/image-to-video",
    "fal-ai/luma-dream-machine/ray-2",
    "fal-ai/luma-dream-machine/ray-2-flash",
    "fal-ai/luma-dream-machine/ray-2-flash/image-to-video",
    "fal-ai/luma-dream-machine/ray-2-flash/modify",
    "fal-ai/luma-dream-machine/ray-2-flash/reframe",
    "fal-ai/luma-dream-machine/ray-2/image-to-video",
    "fal-ai/luma-dream-machine/ray-2/modify",
    "fal-ai/luma-dream-machine/ray-2/reframe",
    "fal-ai/flux-kontext-lora/inpaint",
    "fal-ai/flux-kontext-lora",
    "fal-ai/flux-kontext-lora/text-to-image",
    "fal-ai/minimax-music/v1.5",
    "fal-ai/minimax-music",
    "fal-ai/kling-video/video-to-audio",
    "fal-ai/meshy/v5/multi-image-to-3d",
    "fal-ai/kling-video/v2.1/master/image-to-video",
    "fal-ai/kling-video/v2.1/master/text-to-video",
    "fal-ai/flux-pro/kontext/max",
    "fal-ai/flux-pro/kontext/max/multi",
    "fal-ai/flux-pro/kontext/multi",
    "fal-ai/flux-pro/kontext/text-to-image",
    "decart/lucy-5b/image-to-video",
    "fal-ai/wan-trainer/t2v-14b",
    "fal-ai/wan-trainer/t2v",
    "fal-ai/wan-trainer/i2v-720p",
    "fal-ai/bytedance/omnihuman",
    // the headless text-to-music schema inside the minimax-music/v1.5 page
    "sonauto/v2/text-to-music",
    // seeds/002
    "luma/agent/ray/v3.2/text-to-video",
    // seeds/004 and the AI/ML API protocol notes
    "aimlapi/luma-ai/generation/create",
    "aimlapi/luma-ai/generation/fetch",
    "aimlapi/luma-ai/generation/fetch-many",
];

#[test]
fn every_schema_loads_and_every_seed_endpoint_is_present() {
    let catalog = schema::load_dir(&schemas_dir())
        .unwrap_or_else(|d| panic!("schemas/ must load cleanly:\n{d}"));
    let ids: Vec<&str> = catalog
        .endpoints
        .iter()
        .map(|e| e.id.value.as_str())
        .collect();
    for id in SEED_ENDPOINTS {
        assert!(
            ids.contains(id),
            "seed endpoint {id} is missing from schemas/"
        );
    }
}

#[test]
fn every_seed_endpoint_keeps_the_pages_examples() {
    let catalog = schema::load_dir(&schemas_dir()).unwrap();
    for id in SEED_ENDPOINTS {
        let e = catalog.endpoint(id).unwrap();
        assert!(!e.examples.is_empty(), "{} has no example", e.id.value);
        assert!(
            e.examples.iter().any(|x| x.input.is_some()),
            "{} has no input example",
            e.id.value
        );
    }
}

#[test]
fn streaming_endpoints_are_marked() {
    let catalog = schema::load_dir(&schemas_dir()).unwrap();
    let mut streaming: Vec<&str> = catalog
        .endpoints
        .iter()
        .filter(|e| e.streaming)
        .map(|e| e.id.value.as_str())
        .collect();
    streaming.sort();
    assert_eq!(
        streaming,
        [
            "fal-ai/flux-kontext-lora",
            "fal-ai/flux-kontext-lora/inpaint",
            "fal-ai/flux-kontext-lora/text-to-image",
            "fal-ai/flux-krea-lora/stream",
            "fal-ai/hidream-i1-full",
        ]
    );
}
