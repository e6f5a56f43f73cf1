//! The compiled fixture crates (`tests/fixtures/generated/`), through their public API only:
//! every constraint kind rejects with the right path, constraint and value; `null`, unknown
//! fields, unset optional fields and defaults behave as documented; enums, unions, keyword
//! fields and the three-state nullable field serialize as the wire expects.

use fixture_acme_widgets::text_to_image::{
    ImageResolution, Lora, ModelVersion, OutputFormat, Steps, Style, TempoOrAuto, TextToImageInput,
    TextToImageOutput, Variations,
};
use fixture_acme_widgets::v2_1_image_to_video::{
    AspectRatio, Duration, ImageToVideoEvent, ImageToVideoInput, MotionSettings, MotionType,
    Resolution, Status, V2_1ImageToVideo,
};
// Shared types only acme's endpoints use live in its `types` module; those of both families
// in the common crate.
use fixture_acme_widgets::types::{ImageSizeOrPreset, ImageSizePreset, Timings};
use fixture_common::{
    Constraint, Endpoint, ImageSize, InputError, StreamingEndpoint, ValidationErrors,
};
use fixture_demo_http::jobs_create::{
    CreateJobInput, GenerationKeyframe, ImageKeyframe, Job, JobState, JobsCreate, Keyframe,
};
use fixture_demo_http::jobs_fetch::{FetchJobInput, JobsFetch};
use serde_json::{json, Value};

/// The violations as (path, constraint, offending value), in the order they were found.
fn violations<T: std::fmt::Debug>(
    result: Result<T, ValidationErrors>,
) -> Vec<(String, Constraint, Value)> {
    result
        .expect_err("the input should be refused")
        .into_iter()
        .map(|v| (v.path, v.constraint, v.value))
        .collect()
}

fn one(path: &str, constraint: Constraint, value: Value) -> Vec<(String, Constraint, Value)> {
    vec![(path.to_string(), constraint, value)]
}

/// A text-to-image input with only its required fields.
fn t2i() -> fixture_acme_widgets::text_to_image::TextToImageInputBuilder {
    TextToImageInput::builder("a lighthouse", None)
}

/// An image-to-video input with only its required fields.
fn i2v() -> fixture_acme_widgets::v2_1_image_to_video::ImageToVideoInputBuilder {
    ImageToVideoInput::builder("waves", vec!["https://cdn.example.com/a.png".to_string()])
}

fn size(width: Option<i64>, height: Option<i64>) -> ImageSize {
    ImageSize { width, height }
}

// ---- every constraint kind ------------------------------------------------------------------

#[test]
fn minimum_and_maximum() {
    assert_eq!(
        violations(t2i().num_inference_steps(0).build()),
        one("num_inference_steps", Constraint::Minimum(1.0), json!(0))
    );
    assert_eq!(
        violations(t2i().num_inference_steps(51).build()),
        one("num_inference_steps", Constraint::Maximum(50.0), json!(51))
    );
    // The path is the wire name (`guidanceScale`), not the Rust one.
    assert_eq!(
        violations(t2i().guidance_scale(20.5).build()),
        one("guidanceScale", Constraint::Maximum(20.0), json!(20.5))
    );
    assert_eq!(
        violations(t2i().guidance_scale(-0.5).build()),
        one("guidanceScale", Constraint::Minimum(0.0), json!(-0.5))
    );
    // `multiple_of: 0.5`, with binary floats' rounding allowed for.
    assert_eq!(
        violations(t2i().guidance_scale(7.3).build()),
        one("guidanceScale", Constraint::MultipleOf(0.5), json!(7.3))
    );
    assert!(t2i().guidance_scale(7.5).build().is_ok());
    assert!(t2i().guidance_scale(0.1 + 0.2 + 2.2).build().is_ok());
    // The bounds themselves are accepted.
    assert!(t2i()
        .num_inference_steps(1)
        .guidance_scale(20.0)
        .build()
        .is_ok());
}

#[test]
fn exclusive_minimum_and_exclusive_maximum() {
    assert_eq!(
        violations(t2i().strength(0.0).build()),
        one("strength", Constraint::ExclusiveMinimum(0.0), json!(0.0))
    );
    assert_eq!(
        violations(t2i().strength(1.0).build()),
        one("strength", Constraint::ExclusiveMaximum(1.0), json!(1.0))
    );
    assert!(t2i().strength(0.999).build().is_ok());
}

#[test]
fn bounds_inside_a_shared_object_and_a_union_report_the_nested_path() {
    assert_eq!(
        violations(t2i().image_size(size(Some(0), Some(512))).build()),
        one(
            "image_size.width",
            Constraint::ExclusiveMinimum(0.0),
            json!(0)
        )
    );
    assert_eq!(
        violations(t2i().crop(size(None, Some(20_000))).build()),
        one("crop.height", Constraint::Maximum(14142.0), json!(20_000))
    );
    // A preset has nothing to check.
    assert!(t2i().image_size(ImageSizePreset::SquareHd).build().is_ok());
}

#[test]
fn min_length_max_length_and_pattern() {
    assert_eq!(
        violations(TextToImageInput::builder("", None).build()),
        one("prompt", Constraint::MinLength(1), json!(""))
    );
    let long = "é".repeat(2001);
    assert_eq!(
        violations(TextToImageInput::builder(long.as_str(), None).build()),
        one("prompt", Constraint::MaxLength(2000), json!(long))
    );
    // Characters, not bytes: 2000 two-byte characters are fine.
    assert!(TextToImageInput::builder("é".repeat(2000), None)
        .build()
        .is_ok());
    assert_eq!(
        violations(t2i().webhook_tag("Not A Tag").build()),
        one(
            "webhook_tag",
            Constraint::Pattern("^[a-z0-9-]+$"),
            json!("Not A Tag")
        )
    );
    assert!(t2i().webhook_tag("release-42").build().is_ok());
    // A pattern on a camelCase field of an HTTP endpoint, and on a required string.
    let start = ImageKeyframe {
        url: "https://cdn.example.com/a.png".into(),
        weight: None,
    };
    assert_eq!(
        violations(
            CreateJobInput::builder("fox", start)
                .callback_url("http://insecure.example.com")
                .build()
        ),
        one(
            "callbackUrl",
            Constraint::Pattern("^https://"),
            json!("http://insecure.example.com")
        )
    );
    assert_eq!(
        violations(FetchJobInput::builder("not-an-id").build()),
        one(
            "job_id",
            Constraint::Pattern("^[0-9a-f-]{36}$"),
            json!("not-an-id")
        )
    );
}

#[test]
fn min_items_max_items_and_element_bounds() {
    assert_eq!(
        violations(ImageToVideoInput::builder("waves", Vec::<String>::new()).build()),
        one("image_urls", Constraint::MinItems(1), json!(0))
    );
    let five = vec!["https://cdn.example.com/a.png".to_string(); 5];
    assert_eq!(
        violations(ImageToVideoInput::builder("waves", five).build()),
        one("image_urls", Constraint::MaxItems(4), json!(5))
    );
    let urls = vec![
        "https://cdn.example.com/0.png".to_string(),
        "https://cdn.example.com/1.png".to_string(),
        "ftp://cdn.example.com/2.png".to_string(),
        format!("https://cdn.example.com/{}.png", "x".repeat(200)),
    ];
    assert_eq!(
        violations(ImageToVideoInput::builder("waves", urls.clone()).build()),
        vec![
            (
                "image_urls[2]".to_string(),
                Constraint::Pattern("^https://"),
                json!(urls[2])
            ),
            (
                "image_urls[3]".to_string(),
                Constraint::MaxLength(200),
                json!(urls[3])
            ),
        ]
    );
    assert_eq!(
        violations(t2i().tags(vec!["ok".to_string(), String::new()]).build()),
        one("tags[1]", Constraint::MinLength(1), json!(""))
    );
    assert_eq!(
        violations(t2i().tags(vec!["t".to_string(); 6]).build()),
        one("tags", Constraint::MaxItems(5), json!(6))
    );
}

#[test]
fn nested_list_elements_are_checked_at_their_own_path() {
    let trajectory = vec![vec![0.5, 0.5], vec![0.1], vec![0.2, 1.5]];
    assert_eq!(
        violations(i2v().trajectory(trajectory).build()),
        vec![
            (
                "trajectory[1]".to_string(),
                Constraint::MinItems(2),
                json!(1)
            ),
            (
                "trajectory[2][1]".to_string(),
                Constraint::Maximum(1.0),
                json!(1.5)
            ),
        ]
    );
    // Nullable elements: `null` passes, a value is checked.
    let captions = vec![None, Some("c".repeat(41))];
    assert_eq!(
        violations(i2v().captions(captions).build()),
        one(
            "captions[1]",
            Constraint::MaxLength(40),
            json!("c".repeat(41))
        )
    );
}

#[test]
fn objects_in_lists_and_maps_are_checked_at_their_own_path() {
    let loras = vec![
        Lora {
            path: "https://cdn.example.com/a.safetensors".into(),
            scale: Some(1.0),
        },
        Lora {
            path: "https://cdn.example.com/b.safetensors".into(),
            scale: Some(4.5),
        },
    ];
    assert_eq!(
        violations(t2i().loras(loras).build()),
        one("loras[1].scale", Constraint::Maximum(4.0), json!(4.5))
    );
    let sizes = std::collections::BTreeMap::from([
        ("fine".to_string(), size(Some(10), Some(10))),
        ("huge wall".to_string(), size(Some(20_000), None)),
    ]);
    assert_eq!(
        violations(t2i().named_sizes(sizes).build()),
        one(
            "named_sizes[\"huge wall\"].width",
            Constraint::Maximum(14142.0),
            json!(20_000)
        )
    );
}

#[test]
fn nullable_fields_are_checked_when_they_hold_a_value() {
    assert_eq!(
        violations(i2v().fps(0).build()),
        one("fps", Constraint::Minimum(1.0), json!(0))
    );
    assert!(i2v().fps_null().build().is_ok());
    assert_eq!(
        violations(i2v().camera("c".repeat(21)).build()),
        one("camera", Constraint::MaxLength(20), json!("c".repeat(21)))
    );
    assert_eq!(
        violations(
            i2v()
                .motion(MotionSettings {
                    strength: Some(2.0)
                })
                .build()
        ),
        one("motion.strength", Constraint::Maximum(1.0), json!(2.0))
    );
}

#[test]
fn variants_of_a_tagged_union_are_checked() {
    let start = ImageKeyframe {
        url: "ftp://cdn.example.com/a.png".into(),
        weight: Some(1.5),
    };
    let end = GenerationKeyframe { id: "short".into() };
    assert_eq!(
        violations(CreateJobInput::builder("fox", start).end(end).build()),
        vec![
            (
                "start.url".to_string(),
                Constraint::Pattern("^https://"),
                json!("ftp://cdn.example.com/a.png")
            ),
            (
                "start.weight".to_string(),
                Constraint::Maximum(1.0),
                json!(1.5)
            ),
            (
                "end.id".to_string(),
                Constraint::MinLength(36),
                json!("short")
            ),
        ]
    );
}

#[test]
fn every_violation_is_listed_in_field_order() {
    let input = TextToImageInput::builder("", Some(7_i64))
        .num_inference_steps(100)
        .strength(1.0)
        .tags(vec![String::new()])
        .webhook_tag("UPPER")
        .image_size(size(Some(-1), Some(99_999)));
    let errors = input.clone().build().unwrap_err();
    let found: Vec<(&str, &Constraint)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.constraint))
        .collect();
    assert_eq!(
        found,
        [
            ("prompt", &Constraint::MinLength(1)),
            ("image_size.width", &Constraint::ExclusiveMinimum(0.0)),
            ("image_size.height", &Constraint::Maximum(14142.0)),
            ("num_inference_steps", &Constraint::Maximum(50.0)),
            ("strength", &Constraint::ExclusiveMaximum(1.0)),
            ("tags[0]", &Constraint::MinLength(1)),
            ("webhook_tag", &Constraint::Pattern("^[a-z0-9-]+$")),
        ]
    );
    let text = errors.to_string();
    assert!(text.starts_with("7 constraints are violated:"), "{text}");
    assert!(
        text.contains("image_size.height must be at most 14142, got 99999"),
        "{text}"
    );
    // validate() on the value agrees with build(); from_json reports the same list.
    let json = r#"{"prompt": "", "seed": 7, "num_inference_steps": 100, "strength": 1.0,
        "tags": [""], "webhook_tag": "UPPER", "image_size": {"width": -1, "height": 99999}}"#;
    match TextToImageInput::from_json(json) {
        Err(InputError::Invalid(e)) => assert_eq!(e, errors),
        other => panic!("expected the violations, got {other:?}"),
    }
}

// ---- null, unknown fields, unset fields and defaults ----------------------------------------

#[test]
fn null_is_refused_on_optional_fields_that_are_not_nullable() {
    for field in ["num_inference_steps", "image_size", "style", "tags", "self"] {
        let json = format!(r#"{{"prompt": "p", "seed": 1, "{field}": null}}"#);
        match TextToImageInput::from_json(&json) {
            Err(InputError::Json(e)) => {
                assert!(
                    e.to_string().contains("null is not allowed"),
                    "{field}: {e}"
                )
            }
            other => panic!("{field}: expected a JSON error, got {other:?}"),
        }
    }
    match CreateJobInput::from_json(
        r#"{"prompt": "p", "start": {"type": "generation", "id": "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63"}, "end": null}"#,
    ) {
        Err(InputError::Json(_)) => {}
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

#[test]
fn null_is_accepted_on_nullable_fields() {
    let input =
        TextToImageInput::from_json(r#"{"prompt": "p", "seed": null, "negativePrompt": null}"#)
            .unwrap();
    assert_eq!(input.seed, None);
    assert_eq!(input.negative_prompt, None);
    // Optional and nullable with a null default: `null` and absent are the same request.
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"prompt": "p", "seed": null})
    );
    let input = ImageToVideoInput::from_json(
        r#"{"prompt": "p", "image_urls": ["https://a.example.com/x.png"],
            "notes": null, "fps": null, "camera": null, "motion": null,
            "captions": [null], "extra": null}"#,
    )
    .unwrap();
    assert_eq!(input.notes, None);
    assert_eq!(input.fps, Some(None));
    assert_eq!(input.camera, Some(None));
    assert_eq!(input.motion, Some(None));
    assert_eq!(input.captions, Some(vec![None]));
    // `any` keeps an explicit null.
    assert_eq!(input.extra, Some(Value::Null));
    // Outputs accept null where the schema allows it.
    let event: ImageToVideoEvent =
        serde_json::from_str(r#"{"status": "queued", "progress": null, "debug": null}"#).unwrap();
    assert_eq!(event.progress, None);
    assert_eq!(event.debug, None);
}

#[test]
fn unknown_input_fields_are_ignored() {
    let input = TextToImageInput::from_json(
        r#"{"prompt": "p", "seed": 3, "future_knob": {"a": 1}, "num_inference_steps": 12}"#,
    )
    .unwrap();
    assert_eq!(input.num_inference_steps, Some(12));
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"prompt": "p", "num_inference_steps": 12, "seed": 3})
    );
    let info = fixture_catalog::find("demo/http/jobs/fetch").unwrap();
    assert_eq!(
        info.check_input(r#"{"job_id": "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63", "verbose": true}"#)
            .unwrap(),
        json!({"job_id": "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63"})
    );
}

#[test]
fn unset_optional_fields_are_left_out_and_defaults_are_known() {
    let input = t2i().build().unwrap();
    // The server applies the defaults: nothing optional is sent; the required-nullable seed is.
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"prompt": "a lighthouse", "seed": null})
    );
    assert_eq!(
        input.image_size_or_default(),
        ImageSizeOrPreset::Preset(ImageSizePreset::Landscape4_3)
    );
    assert_eq!(input.crop_or_default(), size(Some(512), Some(512)));
    assert_eq!(input.num_inference_steps_or_default(), 28);
    assert_eq!(input.guidance_scale_or_default(), 3.5);
    assert_eq!(input.strength_or_default(), 0.8);
    assert_eq!(input.style_or_default(), Style::Any);
    assert_eq!(input.resolution_or_default(), ImageResolution::V1K);
    assert_eq!(input.variations_or_default(), Variations::V1);
    assert_eq!(input.model_version_or_default(), ModelVersion::V4_5);
    assert_eq!(input.steps_or_default(), Steps::V4);
    assert_eq!(input.output_format_or_default(), OutputFormat::Jpeg);
    assert!(input.enable_safety_checker_or_default());
    assert_eq!(input.tags_or_default(), ["cinematic"]);
    assert!(input.loras_or_default().is_empty());

    // A value that is set wins.
    let input = t2i()
        .num_inference_steps(12)
        .style(Style::DigitalIllustration)
        .tags(vec!["noir".to_string()])
        .image_size(ImageSizePreset::Square)
        .build()
        .unwrap();
    assert_eq!(input.num_inference_steps_or_default(), 12);
    assert_eq!(input.style_or_default(), Style::DigitalIllustration);
    assert_eq!(input.tags_or_default(), ["noir"]);
    assert_eq!(
        input.image_size_or_default(),
        ImageSizeOrPreset::Preset(ImageSizePreset::Square)
    );

    let video = i2v().build().unwrap();
    assert_eq!(
        serde_json::to_value(&video).unwrap(),
        json!({"prompt": "waves", "image_urls": ["https://cdn.example.com/a.png"]})
    );
    assert_eq!(video.aspect_ratio_or_default(), AspectRatio::Ratio16x9);
    assert_eq!(video.resolution_or_default(), Resolution::V540p);
    assert_eq!(video.duration_or_default(), Duration::V5s);
    assert!(!video.loop_or_default());
    assert!(video.metadata_or_default().is_empty());
    assert_eq!(video.fps_or_default(), Some(24));
    assert_eq!(video.camera_or_default(), Some("static"));
    assert_eq!(
        video.motion_or_default(),
        Some(MotionSettings {
            strength: Some(0.5)
        })
    );
    assert_eq!(video.thumbnail_format_or_default(), OutputFormat::Jpeg);
    // For a nullable field with a default, `null` is a value in effect of its own.
    let video = i2v()
        .fps_null()
        .camera_null()
        .motion_null()
        .build()
        .unwrap();
    assert_eq!(video.fps_or_default(), None);
    assert_eq!(video.camera_or_default(), None);
    assert_eq!(video.motion_or_default(), None);
    let video = i2v().fps(30).camera("orbit").build().unwrap();
    assert_eq!(video.fps_or_default(), Some(30));
    assert_eq!(video.camera_or_default(), Some("orbit"));
    // Objects the accessors return have accessors of their own.
    assert_eq!(size(None, None).width_or_default(), 512);
    assert_eq!(
        Lora {
            path: "https://x.example.com/l".into(),
            scale: None
        }
        .scale_or_default(),
        1.0
    );
}

// ---- enums -----------------------------------------------------------------------------------

#[test]
fn string_enums_know_their_wire_values() {
    let cases: [(&str, String, String); 8] = [
        (
            "16:9",
            AspectRatio::Ratio16x9.as_str().into(),
            AspectRatio::Ratio16x9.to_string(),
        ),
        (
            "540p",
            Resolution::V540p.as_str().into(),
            Resolution::V540p.to_string(),
        ),
        (
            "5s",
            Duration::V5s.as_str().into(),
            Duration::V5s.to_string(),
        ),
        (
            "9s",
            Duration::NineSeconds.as_str().into(),
            Duration::NineSeconds.to_string(),
        ),
        (
            "1K",
            ImageResolution::V1K.as_str().into(),
            ImageResolution::V1K.to_string(),
        ),
        (
            "v4.5",
            ModelVersion::V4_5.as_str().into(),
            ModelVersion::V4_5.to_string(),
        ),
        (
            "portrait_4_3",
            ImageSizePreset::Portrait4_3.as_str().into(),
            ImageSizePreset::Portrait4_3.to_string(),
        ),
        (
            "realistic_image/hdr",
            Style::RealisticImageHdr.as_str().into(),
            Style::RealisticImageHdr.to_string(),
        ),
    ];
    for (wire, as_str, display) in cases {
        assert_eq!(as_str, wire);
        assert_eq!(display, wire);
    }
    let variations: Vec<&str> = Variations::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(variations, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(Variations::V6.as_str(), "6");

    // FromStr, and serde with the same wire values.
    assert_eq!("9:16".parse::<AspectRatio>(), Ok(AspectRatio::Ratio9x16));
    assert_eq!("9s".parse::<Duration>(), Ok(Duration::NineSeconds));
    assert_eq!(
        "realistic_image/hdr".parse::<Style>(),
        Ok(Style::RealisticImageHdr)
    );
    let err = "4:3".parse::<AspectRatio>().unwrap_err();
    assert_eq!(err.type_name, "AspectRatio");
    assert_eq!(err.value, "4:3");
    assert_eq!(err.expected, ["16:9", "9:16", "1:1"]);
    assert_eq!(
        serde_json::to_value(Duration::NineSeconds).unwrap(),
        json!("9s")
    );
    assert_eq!(
        serde_json::from_value::<ImageResolution>(json!("2K")).unwrap(),
        ImageResolution::V2K
    );
    // An input-only enum refuses values it does not know.
    assert!(serde_json::from_value::<AspectRatio>(json!("4:3")).is_err());

    // ALL in schema order; Default where the schema's fields agree on one.
    assert_eq!(
        AspectRatio::ALL,
        [
            AspectRatio::Ratio16x9,
            AspectRatio::Ratio9x16,
            AspectRatio::Ratio1x1
        ]
    );
    assert_eq!(Duration::ALL, [Duration::V5s, Duration::NineSeconds]);
    assert_eq!(AspectRatio::default(), AspectRatio::Ratio16x9);
    assert_eq!(Resolution::default(), Resolution::V540p);
    assert_eq!(Duration::default(), Duration::V5s);
    assert_eq!(ModelVersion::default(), ModelVersion::V4_5);
    assert_eq!(Variations::default(), Variations::V1);
    assert_eq!(OutputFormat::default(), OutputFormat::Jpeg);
    assert_eq!(MotionType::ALL, [MotionType::Smooth, MotionType::Dynamic]);
}

#[test]
fn integer_enums_serialize_as_numbers() {
    assert_eq!(Steps::V8.value(), 8);
    assert_eq!(Steps::V4.to_string(), "4");
    assert_eq!("2".parse::<Steps>(), Ok(Steps::V2));
    assert!("3".parse::<Steps>().is_err());
    assert_eq!(Steps::ALL, [Steps::V1, Steps::V2, Steps::V4, Steps::V8]);
    assert_eq!(Steps::default(), Steps::V4);
    assert_eq!(serde_json::to_value(Steps::V8).unwrap(), json!(8));
    assert_eq!(
        serde_json::from_value::<Steps>(json!(1)).unwrap(),
        Steps::V1
    );
    let input = t2i().steps(Steps::V2).build().unwrap();
    assert_eq!(serde_json::to_value(&input).unwrap()["steps"], json!(2));
}

#[test]
fn outputs_keep_enum_values_the_schema_does_not_know() {
    let output: TextToImageOutput = serde_json::from_value(json!({
        "images": [{"url": "https://cdn.example.com/a.avif"}],
        "seed": 1,
        "output_format": "avif",
        "steps_used": 3,
        "timings": {"inference": 0.5, "queue": {"ms": 3}}
    }))
    .unwrap();
    assert_eq!(output.output_format, OutputFormat::Unknown("avif".into()));
    assert_eq!(output.output_format.as_str(), "avif");
    assert_eq!(output.steps_used, Some(Steps::Unknown(3)));
    assert_eq!(Steps::Unknown(3).value(), 3);
    // Known values still read as their variants, and unknown ones serialize back verbatim.
    let back = serde_json::to_value(&output).unwrap();
    assert_eq!(back["output_format"], json!("avif"));
    assert_eq!(back["steps_used"], json!(3));
    assert_eq!(
        back["timings"],
        json!({"inference": 0.5, "queue": {"ms": 3}})
    );
    let event: ImageToVideoEvent =
        serde_json::from_value(json!({"status": "paused", "progress": 0.1})).unwrap();
    assert_eq!(event.status, Status::Unknown("paused".into()));
    let done: ImageToVideoEvent =
        serde_json::from_value(json!({"status": "done", "progress": 1.0})).unwrap();
    assert_eq!(done.status, Status::Done);
    let job: Job =
        serde_json::from_value(json!({"id": "j", "state": "archived", "created_at": null}))
            .unwrap();
    assert_eq!(job.state, JobState::Unknown("archived".into()));
    // The output enums do not list the catch-all among the known values.
    assert_eq!(OutputFormat::ALL.len(), 3);
    assert!(!JobState::ALL.contains(&JobState::Unknown("queued".into())));
}

#[test]
fn inputs_refuse_the_catch_all_variant() {
    assert_eq!(
        violations(
            t2i()
                .output_format(OutputFormat::Unknown("avif".into()))
                .build()
        ),
        one(
            "output_format",
            Constraint::OneOf(vec!["jpeg".into(), "png".into(), "webp".into()]),
            json!("avif")
        )
    );
    let steps = violations(t2i().steps(Steps::Unknown(3)).build());
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].0, "steps");
    assert_eq!(
        steps[0].1,
        Constraint::OneOf(vec!["1".into(), "2".into(), "4".into(), "8".into()])
    );
    // From JSON: the value reads (the type is shared with outputs) but validation refuses it.
    match FetchJobInput::from_json(
        r#"{"job_id": "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63", "wait_for": "archived"}"#,
    ) {
        Err(InputError::Invalid(e)) => {
            assert_eq!(e.violations()[0].path, "wait_for");
            assert_eq!(e.violations()[0].value, json!("archived"));
        }
        other => panic!("expected a violation, got {other:?}"),
    }
    match ImageToVideoInput::from_json(
        r#"{"prompt": "p", "image_urls": ["https://a.example.com/x.png"], "thumbnail_format": "gif"}"#,
    ) {
        Err(InputError::Invalid(e)) => assert_eq!(e.violations()[0].path, "thumbnail_format"),
        other => panic!("expected a violation, got {other:?}"),
    }
}

// ---- unions ----------------------------------------------------------------------------------

#[test]
fn untagged_union_round_trips_every_variant() {
    let cases = [
        (
            json!({"width": 1024, "height": 768}),
            ImageSizeOrPreset::ImageSize(size(Some(1024), Some(768))),
        ),
        (
            json!("square_hd"),
            ImageSizeOrPreset::Preset(ImageSizePreset::SquareHd),
        ),
        (
            json!("panorama_21_9"),
            ImageSizeOrPreset::Custom("panorama_21_9".into()),
        ),
    ];
    for (wire, value) in cases {
        assert_eq!(
            serde_json::from_value::<ImageSizeOrPreset>(wire.clone()).unwrap(),
            value
        );
        assert_eq!(serde_json::to_value(&value).unwrap(), wire);
    }
    // An explicit size leaves out the dimensions it does not set.
    assert_eq!(
        serde_json::to_value(ImageSizeOrPreset::from(size(Some(640), None))).unwrap(),
        json!({"width": 640})
    );
}

#[test]
fn untagged_union_setters_take_every_variant_type() {
    let preset = t2i()
        .image_size(ImageSizePreset::Portrait4_3)
        .build()
        .unwrap();
    assert_eq!(
        preset.image_size,
        Some(ImageSizeOrPreset::Preset(ImageSizePreset::Portrait4_3))
    );
    assert_eq!(
        serde_json::to_value(&preset).unwrap()["image_size"],
        json!("portrait_4_3")
    );
    let explicit = t2i()
        .image_size(ImageSize {
            width: Some(640),
            height: Some(480),
        })
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&explicit).unwrap()["image_size"],
        json!({"width": 640, "height": 480})
    );
    let text = t2i().image_size("portrait_9_21").build().unwrap();
    assert_eq!(
        text.image_size,
        Some(ImageSizeOrPreset::Custom("portrait_9_21".into()))
    );
    let owned = t2i().image_size(String::from("x")).build().unwrap();
    assert_eq!(
        owned.image_size,
        Some(ImageSizeOrPreset::Custom("x".into()))
    );
}

#[test]
fn tagged_union_serializes_with_its_tag() {
    let image = Keyframe::from(ImageKeyframe {
        url: "https://cdn.example.com/fox.png".into(),
        weight: None,
    });
    let generation = Keyframe::from(GenerationKeyframe {
        id: "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63".into(),
    });
    assert_eq!(
        serde_json::to_value(&image).unwrap(),
        json!({"type": "image", "url": "https://cdn.example.com/fox.png"})
    );
    assert_eq!(
        serde_json::to_value(&generation).unwrap(),
        json!({"type": "generation", "id": "3f1c2a9e-6b7d-4e2a-9c4f-8d5e1b0a7c63"})
    );
    let input = CreateJobInput::builder("fox", image.clone())
        .end(generation.clone())
        .build()
        .unwrap();
    let wire = serde_json::to_value(&input).unwrap();
    assert_eq!(wire["start"]["type"], json!("image"));
    assert_eq!(wire["end"]["type"], json!("generation"));
    let back = CreateJobInput::from_json(&wire.to_string()).unwrap();
    assert_eq!(back.start, image);
    assert_eq!(back.end, Some(generation));
    // An unknown tag is not a keyframe.
    assert!(serde_json::from_value::<Keyframe>(json!({"type": "video", "id": "x"})).is_err());
}

// ---- names on the wire -------------------------------------------------------------------------

#[test]
fn keyword_and_camel_case_fields_use_their_wire_names() {
    let video = i2v()
        .loop_(true)
        .type_(MotionType::Dynamic)
        .build()
        .unwrap();
    let wire = serde_json::to_value(&video).unwrap();
    assert_eq!(wire["loop"], json!(true));
    assert_eq!(wire["type"], json!("dynamic"));
    assert!(wire.get("loop_").is_none() && wire.get("type_").is_none());
    let back = ImageToVideoInput::from_json(&wire.to_string()).unwrap();
    assert_eq!(back.loop_, Some(true));
    assert_eq!(back.type_, Some(MotionType::Dynamic));

    let image = t2i()
        .self_(true)
        .negative_prompt("blur")
        .guidance_scale(2.0)
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&image).unwrap(),
        json!({
            "prompt": "a lighthouse",
            "negativePrompt": "blur",
            "guidanceScale": 2.0,
            "seed": null,
            "self": true
        })
    );
    let back = TextToImageInput::from_json(
        r#"{"prompt": "p", "seed": 1, "self": false, "negativePrompt": "n", "guidanceScale": 1}"#,
    )
    .unwrap();
    assert_eq!(back.self_, Some(false));
    assert_eq!(back.negative_prompt.as_deref(), Some("n"));
    assert_eq!(back.guidance_scale, Some(1.0));
}

// ---- nullable shapes ---------------------------------------------------------------------------

#[test]
fn three_state_nullable_field_round_trips_absent_null_and_value() {
    let cases = [
        (i2v().build().unwrap(), None, None),
        (
            i2v().fps_null().build().unwrap(),
            Some(None),
            Some(json!(null)),
        ),
        (
            i2v().fps(30).build().unwrap(),
            Some(Some(30)),
            Some(json!(30)),
        ),
    ];
    for (input, field, wire) in cases {
        assert_eq!(input.fps, field);
        let json = serde_json::to_value(&input).unwrap();
        assert_eq!(json.get("fps"), wire.as_ref());
        let back = ImageToVideoInput::from_json(&json.to_string()).unwrap();
        assert_eq!(back, input);
        assert_eq!(back.fps, field);
    }
}

#[test]
fn required_nullable_field_is_always_sent() {
    let none = TextToImageInput::builder("p", None).build().unwrap();
    assert_eq!(serde_json::to_value(&none).unwrap()["seed"], json!(null));
    let some = TextToImageInput::builder("p", 7_i64).build().unwrap();
    assert_eq!(serde_json::to_value(&some).unwrap()["seed"], json!(7));
    for input in [none, some] {
        let wire = serde_json::to_string(&input).unwrap();
        assert_eq!(TextToImageInput::from_json(&wire).unwrap(), input);
    }
    // Required means present: `null` is a value of a nullable field, absence is not.
    let missing = TextToImageInput::from_json(r#"{"prompt": "p"}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `seed`"),
        "{missing}"
    );
}

// ---- `any`, free-form objects, maps ----------------------------------------------------------

#[test]
fn any_maps_and_free_form_objects_keep_their_json() {
    let counts = std::collections::BTreeMap::from([("birds".to_string(), 3)]);
    let metadata = std::collections::BTreeMap::from([
        ("source".to_string(), json!("fixture")),
        ("nested".to_string(), json!({"a": [1, null]})),
    ]);
    let video = i2v()
        .counts(counts)
        .metadata(metadata)
        .extra(json!({"anything": [true, 1.5, "x"]}))
        .build()
        .unwrap();
    let wire = serde_json::to_value(&video).unwrap();
    assert_eq!(wire["counts"], json!({"birds": 3}));
    assert_eq!(
        wire["metadata"],
        json!({"nested": {"a": [1, null]}, "source": "fixture"})
    );
    assert_eq!(wire["extra"], json!({"anything": [true, 1.5, "x"]}));
    assert_eq!(
        ImageToVideoInput::from_json(&wire.to_string()).unwrap(),
        video
    );
    // A map<integer> refuses other values.
    assert!(ImageToVideoInput::from_json(
        r#"{"prompt": "p", "image_urls": ["https://a.example.com/x.png"], "counts": {"a": "b"}}"#
    )
    .is_err());
    let timings: Timings = serde_json::from_value(json!({"x": 1, "y": {"z": null}})).unwrap();
    assert_eq!(timings.0["y"], json!({"z": null}));
    assert_eq!(
        serde_json::to_value(&timings).unwrap(),
        json!({"x": 1, "y": {"z": null}})
    );
}

// ---- endpoint markers --------------------------------------------------------------------------

fn streams<E: StreamingEndpoint>() -> bool {
    E::STREAMING
}

#[test]
fn endpoint_markers_carry_id_provider_and_route() {
    use fixture_common::runtime::{HttpMethod, InputLocation, Route, Routing};

    assert_eq!(V2_1ImageToVideo::ID, "acme/widgets/v2.1/image-to-video");
    assert!(streams::<V2_1ImageToVideo>());
    assert_eq!(V2_1ImageToVideo::ROUTE, Route::FalQueue);
    assert_eq!(V2_1ImageToVideo::PROVIDER.routing, Routing::FalQueue);
    assert_eq!(V2_1ImageToVideo::PROVIDER.auth.env, "QUEUE_KEY");
    assert_eq!(
        JobsCreate::ROUTE,
        Route::Http {
            method: HttpMethod::Post,
            path: "/v1/jobs",
            input_in: InputLocation::Body
        }
    );
    assert_eq!(
        JobsFetch::ROUTE,
        Route::Http {
            method: HttpMethod::Get,
            path: "/v1/jobs",
            input_in: InputLocation::Query
        }
    );
    assert_eq!(
        fixture_catalog::find(JobsFetch::ID).map(|e| e.streaming),
        Some(false)
    );
    assert_eq!(JobsFetch::PROVIDER, &fixture_common::providers::REST);
    assert_eq!(fixture_common::providers::REST.docs_url, None);
    let ids: Vec<&str> = fixture_catalog::all().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [
            "acme/widgets",
            "acme/widgets/text-to-image",
            "acme/widgets/v2.1/image-to-video",
            "demo/http/jobs/create",
            "demo/http/jobs/fetch"
        ]
    );
    assert_eq!(fixture_catalog::COUNT, ids.len());
    // The catalog crate gathers the families' own lists (their feature `catalog`), in crate order.
    let families: Vec<Vec<&str>> = fixture_catalog::FAMILIES
        .iter()
        .map(|family| family.iter().map(|e| e.id).collect())
        .collect();
    assert_eq!(families, [&ids[..3], &ids[3..]]);
    let own: [&[fixture_catalog::EndpointInfo]; 2] = [
        &fixture_acme_widgets::ENDPOINTS,
        &fixture_demo_http::ENDPOINTS,
    ];
    for (gathered, own) in fixture_catalog::FAMILIES.iter().zip(own) {
        assert!(std::ptr::eq(*gathered, own), "the very statics, not copies");
    }
}

/// Each endpoint module names its input and output `Input` and `Output`, the same types as the
/// marker's `Endpoint::Input` and `Endpoint::Output`; `to_json` writes the request body with
/// the fields that were set, and `from_json` reads it back to an equal input.
#[test]
fn short_names_and_to_json() {
    use fixture_acme_widgets::v2_1_image_to_video as endpoint;
    fn same<A: 'static, B: 'static>() -> bool {
        std::any::TypeId::of::<A>() == std::any::TypeId::of::<B>()
    }
    assert!(same::<endpoint::Input, <V2_1ImageToVideo as Endpoint>::Input>());
    assert!(same::<
        endpoint::Output,
        <V2_1ImageToVideo as Endpoint>::Output,
    >());

    let input: endpoint::Input = i2v().resolution(Resolution::V720p).build().unwrap();
    let body: Value = serde_json::from_str(&input.to_json()).unwrap();
    assert_eq!(body, serde_json::to_value(&input).unwrap());
    assert_eq!(body["resolution"], json!("720p"));
    assert!(
        body.get("aspect_ratio").is_none(),
        "unset fields stay out: {body}"
    );
    assert_eq!(endpoint::Input::from_json(&input.to_json()).unwrap(), input);
}

// ---- types that contain themselves ------------------------------------------------------------

/// `Layout` holds a `Layout` by value and through a union: the members are boxed, so the type
/// compiles, nests to any depth on the wire, and is checked at every level's path.
#[test]
fn a_type_that_contains_itself_nests_on_the_wire_and_is_checked_at_depth() {
    use fixture_acme_widgets::widgets::{Layout, LayoutOrName, WidgetsInput};
    let leaf = |kind: &str| Layout {
        kind: kind.into(),
        child: None,
        children: None,
        either: None,
    };
    let mut middle = leaf("middle");
    middle.child = Some(Box::new(leaf(""))); // below `min_length` 1, two levels down
    middle.either = Some(Box::new(LayoutOrName::from(leaf("in-union"))));
    let mut root = leaf("root");
    root.child = Some(Box::new(middle));
    root.children = Some(vec![leaf("a")]);

    let refused = WidgetsInput::builder("w").layout(root.clone()).build();
    assert_eq!(
        violations(refused),
        one(
            "layout.child.child.kind",
            Constraint::MinLength(1),
            json!("")
        )
    );

    let input = WidgetsInput::builder("w")
        .layout(leaf("ok"))
        .build()
        .unwrap();
    let json = serde_json::to_value(&input).unwrap();
    assert_eq!(json, json!({"name": "w", "layout": {"kind": "ok"}}));

    let text = r#"{"name": "w", "layout": {"kind": "r", "child": {"kind": "c",
        "either": {"kind": "u", "either": "by name"}}}}"#;
    let read: WidgetsInput = serde_json::from_str(text).unwrap();
    let child = read.layout.as_ref().unwrap().child.as_deref().unwrap();
    let Some(LayoutOrName::Layout(inner)) = child.either.as_deref() else {
        panic!("the union read its object form: {child:?}");
    };
    assert_eq!(
        inner.either.as_deref(),
        Some(&LayoutOrName::String("by name".into()))
    );
    let again: WidgetsInput = serde_json::from_value(serde_json::to_value(&read).unwrap()).unwrap();
    assert_eq!(again, read);
}

// ---- numbers as JSON Schema reads them ------------------------------------------------------

/// `2.0`, `2e0` and `-0` are integers to JSON Schema (and to fal's server, which Python clients
/// send floats to): integer fields, integer enums, integers inside a union's object and inside
/// a map all read them, and still refuse a fraction.
#[test]
fn integers_written_as_floats_read_as_integers_everywhere() {
    let input = TextToImageInput::from_json(
        r#"{"prompt": "p", "seed": -0, "num_inference_steps": 28.0, "steps": 4e0,
            "image_size": {"width": 512.0, "height": 5.12e2},
            "named_sizes": {"wide": {"width": 1.6e3}}}"#,
    )
    .unwrap();
    assert_eq!(input.seed, Some(0));
    assert_eq!(input.num_inference_steps, Some(28));
    assert_eq!(input.steps, Some(Steps::V4));
    assert_eq!(
        input.image_size,
        Some(ImageSizeOrPreset::ImageSize(size(Some(512), Some(512))))
    );
    assert_eq!(input.named_sizes.unwrap()["wide"], size(Some(1600), None));
    // An integer variant of an untagged union, too.
    let tempo = TextToImageInput::from_json(r#"{"prompt": "p", "seed": 1, "tempo": 120.0}"#);
    assert_eq!(tempo.unwrap().tempo, Some(TempoOrAuto::Bpm(120)));
    // Written back, they are integers again.
    let again = TextToImageInput::from_json(r#"{"prompt": "p", "seed": 7.0}"#).unwrap();
    assert!(
        again.to_json().contains(r#""seed":7"#),
        "{}",
        again.to_json()
    );

    for (json, path) in [
        (r#"{"prompt": "p", "seed": 7.5}"#, "seed"),
        (r#"{"prompt": "p", "seed": null, "steps": 4.5}"#, "steps"),
        (r#"{"prompt": "p", "seed": 1e19}"#, "seed"),
        (r#"{"prompt": "p", "seed": 1, "tempo": 120.5}"#, "tempo"),
    ] {
        match TextToImageInput::from_json(json) {
            Err(InputError::Json(e)) => assert_eq!(e.path(), path, "{json}: {e}"),
            other => panic!("{json}: {other:?}"),
        }
    }
}
