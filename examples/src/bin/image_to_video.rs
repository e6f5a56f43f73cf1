//! Image to video with Luma Ray 2 on fal: `image-to-video <image URL or local file> ["a prompt"]`.
//!
//! A local file is sent inline as a `data:` URI. The input is built with the generated builder
//! (checked before anything is sent), submitted to fal's queue, and the video's URL printed.

use std::path::Path;
use std::process::ExitCode;

use genmedia_common::files::data_uri_from_file;
use genmedia_examples::follow_and_print;
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
    AspectRatio, Duration, LumaDreamMachineRay2ImageToVideoInput, Ray2ImageToVideo, Resolution,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(image) = args.next() else {
        eprintln!("usage: image-to-video <image URL or local file> [\"a prompt\"]");
        return ExitCode::from(2);
    };
    let prompt = args
        .next()
        .unwrap_or_else(|| "The camera slowly pushes in as the scene comes alive.".to_string());
    let image_url = if Path::new(&image).is_file() {
        match data_uri_from_file(&image).await {
            Ok(uri) => uri,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        image
    };
    let input = LumaDreamMachineRay2ImageToVideoInput::builder(prompt)
        .image_url(image_url)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .resolution(Resolution::V540p)
        .duration(Duration::V5s)
        .build();
    follow_and_print(Ray2ImageToVideo, input, |output| &output.video.url).await
}
