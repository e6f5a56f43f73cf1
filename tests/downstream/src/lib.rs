//! What an application does with the generated crates, through their public API only: build
//! and validate inputs, be generic over endpoints, read outputs. Its tests are the proof that
//! the generated API is usable from outside; its `readme` module compiles the README's example.
//!
//! A missing required field is a compile error, because required fields are the arguments of
//! `builder(...)`:
//!
//! ```compile_fail,E0061
//! use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::LumaDreamMachineRay2ImageToVideoInput as Input;
//! let input = Input::builder().build(); // error: `builder` takes the required `prompt`
//! ```
//!
//! and so is setting a value of the wrong enum:
//!
//! ```compile_fail,E0277
//! use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video as ray2;
//! use genmedia_aimlapi_luma_ai::generation_create::AspectRatio;
//! let input = ray2::LumaDreamMachineRay2ImageToVideoInput::builder("a prompt")
//!     .aspect_ratio(AspectRatio::Ratio16x9); // error: the AI/ML API's enum, not Ray 2's
//! ```
//!
//! The client's calls are restricted by the endpoint's traits. Only queue endpoints can be
//! submitted to the queue:
//!
//! ```compile_fail,E0277
//! use genmedia_common::client::Client;
//! use genmedia_aimlapi_luma_ai::generation_create::{GenerationCreate, LumaAiGenerationCreateInput};
//! async fn submit(client: Client, input: LumaAiGenerationCreateInput) {
//!     let _ = client.submit(GenerationCreate, &input).await; // error: not a QueueEndpoint
//! }
//! ```
//!
//! and only endpoints the client knows how to follow can be subscribed to (the fetch endpoint
//! declares no poll):
//!
//! ```compile_fail,E0277
//! use genmedia_common::client::Client;
//! use genmedia_aimlapi_luma_ai::generation_fetch::{GenerationFetch, LumaAiGenerationFetchInput};
//! async fn follow(client: Client, input: LumaAiGenerationFetchInput) {
//!     let _ = client.subscribe(GenerationFetch, &input).await; // error: not Subscribe
//! }
//! ```
//!
//! while both are fine for the endpoints that support them:
//!
//! ```
//! use genmedia_common::client::Client;
//! use genmedia_aimlapi_luma_ai::generation_create::{GenerationCreate, LumaAiGenerationCreateInput};
//! use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
//!     LumaDreamMachineRay2ImageToVideoInput, Ray2ImageToVideo,
//! };
//! async fn calls(client: Client, a: LumaAiGenerationCreateInput, b: LumaDreamMachineRay2ImageToVideoInput) {
//!     let _ = client.subscribe(GenerationCreate, &a).await;
//!     let _ = client.submit(Ray2ImageToVideo, &b).await;
//!     let _ = client.subscribe(Ray2ImageToVideo, &b).await;
//! }
//! ```
//!
//! Only streaming endpoints can be streamed (Ray 2 answers with one result, not server-sent
//! events):
//!
//! ```compile_fail,E0277
//! use genmedia_common::client::Client;
//! use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
//!     LumaDreamMachineRay2ImageToVideoInput, Ray2ImageToVideo,
//! };
//! async fn stream(client: Client, input: LumaDreamMachineRay2ImageToVideoInput) {
//!     let _ = client.stream(Ray2ImageToVideo, &input).await; // error: not a StreamingEndpoint
//! }
//! ```
//!
//! while the endpoints that stream can, and their events have the endpoint's event type:
//!
//! ```
//! use genmedia_common::client::{Client, ClientError};
//! use genmedia_fal_ai_flux_kontext_lora::text_to_image::{
//!     FluxKontextLoraTextToImageInput, FluxKontextLoraTextToImageOutput, TextToImage,
//! };
//! async fn stream(
//!     client: Client,
//!     input: FluxKontextLoraTextToImageInput,
//! ) -> Result<(), ClientError> {
//!     let mut events = client.stream(TextToImage, &input).await?;
//!     while let Some(event) = events.next().await {
//!         let partial: Option<FluxKontextLoraTextToImageOutput> = event?.typed;
//!         let _ = partial;
//!     }
//!     Ok(())
//! }
//! ```

#![forbid(unsafe_code)]

use genmedia_common::{Endpoint, Validate, ValidationErrors};

#[doc = include_str!("../../../README.md")]
pub mod readme {}

/// A one-line description of any endpoint, from its marker type alone.
pub fn describe<E: Endpoint>(_endpoint: E) -> String {
    format!(
        "{} ({}) by {}, streaming: {}",
        E::ID,
        E::TITLE,
        E::PROVIDER.title,
        E::STREAMING
    )
}

/// The JSON body a client would send for endpoint `E`: validated first, as a client must.
pub fn request_body<E: Endpoint>(
    _endpoint: E,
    input: &E::Input,
) -> Result<serde_json::Value, ValidationErrors> {
    input.validate()?;
    Ok(serde_json::to_value(input).expect("generated inputs always serialize"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use genmedia_aimlapi_luma_ai::generation_create::{
        GenerationCreate, ImageKeyframe, Keyframe, Keyframes, LumaAiGenerationCreateInput,
    };
    use genmedia_common::Constraint;
    use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
        AspectRatio, LumaDreamMachineRay2ImageToVideoInput as Ray2Input,
        LumaDreamMachineRay2ImageToVideoOutput as Ray2Output, Ray2ImageToVideo, Resolution,
    };
    use genmedia_fal_ai_recraft::v3_text_to_image::{
        ImageSizePreset, RecraftV3TextToImageInput, V3TextToImage,
    };
    use serde_json::json;

    #[test]
    fn a_client_can_be_generic_over_endpoints() {
        assert_eq!(
            describe(Ray2ImageToVideo),
            "fal-ai/luma-dream-machine/ray-2/image-to-video (Luma Ray 2 (Image to Video)) by fal.ai, streaming: false"
        );
        assert_eq!(GenerationCreate::PROVIDER.auth.env, "AIMLAPI_KEY");
        assert!(matches!(
            GenerationCreate::ROUTE,
            genmedia_common::runtime::Route::Http {
                path: "/v2/generate/video/luma-ai/generation",
                ..
            }
        ));
    }

    #[test]
    fn only_what_was_set_is_sent_and_defaults_stay_readable() {
        let input = Ray2Input::builder("A stylish woman walks down a Tokyo street.")
            .image_url("https://example.com/a.jpg")
            .resolution(Resolution::V720p)
            .build()
            .unwrap();
        let body = request_body(Ray2ImageToVideo, &input).unwrap();
        assert_eq!(
            body,
            json!({
                "prompt": "A stylish woman walks down a Tokyo street.",
                "image_url": "https://example.com/a.jpg",
                "resolution": "720p"
            })
        );
        assert_eq!(input.aspect_ratio_or_default(), AspectRatio::Ratio16x9);
        assert_eq!(input.duration_or_default().to_string(), "5s");
    }

    #[test]
    fn violations_name_the_json_path_and_work_with_the_question_mark() {
        fn build() -> Result<Ray2Input, ValidationErrors> {
            Ray2Input::builder("no").build()
        }
        let err = build().unwrap_err();
        assert_eq!(err.violations().len(), 1);
        let v = &err.violations()[0];
        assert_eq!(v.path, "prompt");
        assert_eq!(v.constraint, Constraint::MinLength(3));
        assert_eq!(
            err.to_string(),
            "prompt must be at least 3 characters long, got 2 characters: \"no\""
        );
    }

    #[test]
    fn unions_take_either_variant_through_from() {
        let preset = RecraftV3TextToImageInput::builder("a red fox")
            .image_size(ImageSizePreset::Landscape16_9)
            .build()
            .unwrap();
        let custom = RecraftV3TextToImageInput::builder("a red fox")
            .image_size(genmedia_common::ImageSize {
                width: Some(1280),
                height: Some(720),
            })
            .build()
            .unwrap();
        assert_eq!(
            request_body(V3TextToImage, &preset).unwrap()["image_size"],
            json!("landscape_16_9")
        );
        assert_eq!(
            request_body(V3TextToImage, &custom).unwrap()["image_size"],
            json!({"width": 1280, "height": 720})
        );
    }

    #[test]
    fn tagged_keyframes_serialize_with_their_tag() {
        let input = LumaAiGenerationCreateInput::builder("a cat surfing")
            .keyframes(Keyframes {
                frame0: Some(Keyframe::from(ImageKeyframe {
                    url: "https://example.com/k.jpg".into(),
                })),
                frame1: None,
            })
            .build()
            .unwrap();
        let body = request_body(GenerationCreate, &input).unwrap();
        assert_eq!(
            body["keyframes"],
            json!({"frame0": {"type": "image", "url": "https://example.com/k.jpg"}})
        );
    }

    #[test]
    fn outputs_read_from_json_and_ignore_unknown_fields() {
        let output: Ray2Output = serde_json::from_value(json!({
            "video": {"url": "https://example.com/v.mp4", "content_type": "video/mp4"},
            "request_timing_ms": 1234
        }))
        .unwrap();
        assert_eq!(output.video.url, "https://example.com/v.mp4");
    }
}
