//! Runtime cost of the generated types, on the Luma Ray 2 image-to-video page example: building
//! and validating the input, serializing it, deserializing (and validating) it, and
//! deserializing a typical output, each next to a plain serde struct of the same shape that
//! carries no validation. An input with integers (FLUX.1 [dev]: a seed, counts and an image
//! size inside a union) measures the readers that take `2.0` as an integer.
//!
//! `cargo bench -p genmedia-benches --bench runtime`; a summary closes the output.

use std::hint::black_box;

use criterion::Criterion;
use genmedia_benches::{estimate_ns, human, print_table};
use genmedia_fal_ai_flux::dev::Input as FluxInput;
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
    AspectRatio, Duration, LumaDreamMachineRay2ImageToVideoInput as Input,
    LumaDreamMachineRay2ImageToVideoOutput as Output, Resolution,
};
use serde::{Deserialize, Serialize};

const PROMPT: &str = "A stylish woman walks down a Tokyo street filled with warm glowing neon and animated city signage.";
const IMAGE_URL: &str = "https://fal.media/files/elephant/8kkhB12hEZI2kkbU8pZPA_test.jpeg";
/// A typical output: the page's, with the file details the queue returns.
const OUTPUT_JSON: &str = r#"{"video":{"url":"https://v3.fal.media/files/zebra/9aDde3Te2kuJYHdR0Kz8R_output.mp4","content_type":"video/mp4","file_name":"output.mp4","file_size":4404019}}"#;

/// The input as one would write it by hand with serde alone: same fields, same wire names, no
/// validation, no builder.
#[derive(Serialize, Deserialize)]
struct PlainInput {
    prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end_image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aspect_ratio: Option<PlainAspectRatio>,
    #[serde(rename = "loop", default, skip_serializing_if = "Option::is_none")]
    loop_: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolution: Option<PlainResolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<PlainDuration>,
}

#[derive(Serialize, Deserialize, Clone, Copy)]
enum PlainAspectRatio {
    #[serde(rename = "16:9")]
    Ratio16x9,
    #[serde(rename = "9:16")]
    Ratio9x16,
    #[serde(rename = "4:3")]
    Ratio4x3,
    #[serde(rename = "3:4")]
    Ratio3x4,
    #[serde(rename = "21:9")]
    Ratio21x9,
    #[serde(rename = "9:21")]
    Ratio9x21,
}

#[derive(Serialize, Deserialize, Clone, Copy)]
enum PlainResolution {
    #[serde(rename = "540p")]
    V540p,
    #[serde(rename = "720p")]
    V720p,
    #[serde(rename = "1080p")]
    V1080p,
}

#[derive(Serialize, Deserialize, Clone, Copy)]
enum PlainDuration {
    #[serde(rename = "5s")]
    V5s,
    #[serde(rename = "9s")]
    V9s,
}

#[derive(Serialize, Deserialize)]
struct PlainOutput {
    video: PlainFile,
}

#[derive(Serialize, Deserialize)]
struct PlainFile {
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_size: Option<i64>,
}

/// FLUX.1 [dev]'s input with every integer field set.
const FLUX_JSON: &str = r#"{"prompt":"A red fox in the snow at dawn","image_size":{"width":1024,"height":768},"num_inference_steps":28,"seed":42,"guidance_scale":3.5,"num_images":2,"enable_safety_checker":true,"output_format":"jpeg"}"#;

/// The same input by hand with serde alone: the size as an untagged union too.
#[derive(Deserialize)]
#[allow(dead_code, reason = "read only, to measure reading")]
struct PlainFlux {
    prompt: String,
    image_size: Option<PlainSizeOrPreset>,
    num_inference_steps: Option<i64>,
    seed: Option<i64>,
    guidance_scale: Option<f64>,
    num_images: Option<i64>,
    enable_safety_checker: Option<bool>,
    output_format: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "read only, to measure reading")]
enum PlainSizeOrPreset {
    Size {
        width: Option<i64>,
        height: Option<i64>,
    },
    Preset(String),
}

fn build(prompt: &str, image_url: &str) -> Input {
    Input::builder(prompt)
        .image_url(image_url)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .resolution(Resolution::V540p)
        .duration(Duration::V5s)
        .build()
        .expect("the page example is valid")
}

fn plain(prompt: &str, image_url: &str) -> PlainInput {
    PlainInput {
        prompt: prompt.to_string(),
        image_url: Some(image_url.to_string()),
        end_image_url: None,
        aspect_ratio: Some(PlainAspectRatio::Ratio16x9),
        loop_: None,
        resolution: Some(PlainResolution::V540p),
        duration: Some(PlainDuration::V5s),
    }
}

fn benches(c: &mut Criterion) {
    let input = build(PROMPT, IMAGE_URL);
    let plain_input = plain(PROMPT, IMAGE_URL);
    let json = serde_json::to_string(&input).expect("serializes");
    assert_eq!(
        json,
        serde_json::to_string(&plain_input).expect("serializes"),
        "the plain struct has the same shape"
    );
    // The other variants exist only to give the plain enums their full shape.
    let _ = (
        [
            PlainAspectRatio::Ratio9x16,
            PlainAspectRatio::Ratio4x3,
            PlainAspectRatio::Ratio3x4,
            PlainAspectRatio::Ratio21x9,
            PlainAspectRatio::Ratio9x21,
        ],
        [PlainResolution::V720p, PlainResolution::V1080p],
        PlainDuration::V9s,
    );

    let mut group = c.benchmark_group("input");
    group.bench_function("build_and_validate", |b| {
        b.iter(|| build(black_box(PROMPT), black_box(IMAGE_URL)))
    });
    group.bench_function("plain_construct", |b| {
        b.iter(|| plain(black_box(PROMPT), black_box(IMAGE_URL)))
    });
    group.bench_function("validate", |b| b.iter(|| black_box(&input).validate()));
    group.bench_function("serialize", |b| {
        b.iter(|| serde_json::to_string(black_box(&input)))
    });
    group.bench_function("plain_serialize", |b| {
        b.iter(|| serde_json::to_string(black_box(&plain_input)))
    });
    group.bench_function("from_json", |b| {
        b.iter(|| Input::from_json(black_box(&json)))
    });
    group.bench_function("deserialize", |b| {
        b.iter(|| serde_json::from_str::<Input>(black_box(&json)))
    });
    group.bench_function("plain_deserialize", |b| {
        b.iter(|| serde_json::from_str::<PlainInput>(black_box(&json)))
    });
    group.finish();

    let mut group = c.benchmark_group("integer_input");
    FluxInput::from_json(FLUX_JSON).expect("the FLUX input is valid");
    group.bench_function("deserialize", |b| {
        b.iter(|| serde_json::from_str::<FluxInput>(black_box(FLUX_JSON)))
    });
    group.bench_function("from_json", |b| {
        b.iter(|| FluxInput::from_json(black_box(FLUX_JSON)))
    });
    group.bench_function("plain_deserialize", |b| {
        b.iter(|| serde_json::from_str::<PlainFlux>(black_box(FLUX_JSON)))
    });
    group.finish();

    let mut group = c.benchmark_group("output");
    group.bench_function("deserialize", |b| {
        b.iter(|| serde_json::from_str::<Output>(black_box(OUTPUT_JSON)))
    });
    group.bench_function("plain_deserialize", |b| {
        b.iter(|| serde_json::from_str::<PlainOutput>(black_box(OUTPUT_JSON)))
    });
    group.finish();
}

fn summary() {
    let mut rows = Vec::new();
    let pairs = [
        (
            "build + validate",
            "input/build_and_validate",
            "input/plain_construct",
        ),
        ("validate alone", "input/validate", ""),
        (
            "serialize to JSON",
            "input/serialize",
            "input/plain_serialize",
        ),
        (
            "deserialize input",
            "input/deserialize",
            "input/plain_deserialize",
        ),
        (
            "from_json (deserialize + validate)",
            "input/from_json",
            "input/plain_deserialize",
        ),
        (
            "deserialize input with integers",
            "integer_input/deserialize",
            "integer_input/plain_deserialize",
        ),
        (
            "from_json, input with integers",
            "integer_input/from_json",
            "integer_input/plain_deserialize",
        ),
        (
            "deserialize output",
            "output/deserialize",
            "output/plain_deserialize",
        ),
    ];
    for (what, generated, plain) in pairs {
        let Some(g) = estimate_ns(generated) else {
            continue;
        };
        let p = estimate_ns(plain);
        rows.push(vec![
            what.to_string(),
            human(g),
            p.map_or("-".into(), human),
            p.map_or("-".into(), |p| format!("{:+.0}%", (g / p - 1.0) * 100.0)),
        ]);
    }
    if !rows.is_empty() {
        print_table(
            "Generated types against a plain serde struct (Luma Ray 2 image-to-video example):",
            &["operation", "generated", "plain serde", "difference"],
            &rows,
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
    summary();
}
