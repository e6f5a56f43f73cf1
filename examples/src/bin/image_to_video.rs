//! Image to video with Luma Ray 2 on fal: `image-to-video <image URL or local file> ["a prompt"]`.
//!
//! A local file is uploaded to fal's storage first, and its URL goes into the input; a path that
//! does not exist is refused rather than sent as a URL. The input is built with the generated
//! builder (checked before anything is sent), submitted to fal's queue, and the video's URL
//! printed.

use std::process::ExitCode;

use genmedia_common::providers::FAL;
use genmedia_examples::{client_from_env, first_arg, follow_and_print, report};
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
    AspectRatio, Duration, LumaDreamMachineRay2ImageToVideoInput, Ray2ImageToVideo, Resolution,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (image, mut args) =
        match first_arg("image-to-video <image URL or local file> [\"a prompt\"]") {
            Ok(args) => args,
            Err(code) => return code,
        };
    let prompt = args
        .next()
        .unwrap_or_else(|| "The camera slowly pushes in as the scene comes alive.".to_string());
    let client = match client_from_env() {
        Ok(client) => client,
        Err(err) => return report(&err),
    };
    let is_url = ["https://", "http://", "data:"]
        .iter()
        .any(|scheme| image.starts_with(scheme));
    let image_url = if is_url {
        image
    } else {
        // Not a URL: a local file, uploaded (a missing one is an error naming the path).
        match client.upload_file(&FAL, &image).await {
            Ok(url) => url,
            Err(err) => return report(&err),
        }
    };
    let input = LumaDreamMachineRay2ImageToVideoInput::builder(prompt)
        .image_url(image_url)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .resolution(Resolution::V540p)
        .duration(Duration::V5s)
        .build();
    follow_and_print(&client, Ray2ImageToVideo, input, |output| &output.video.url).await
}
