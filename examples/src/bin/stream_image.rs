//! Text to image with live previews, FLUX.1 Kontext \[dev\] with LoRA on fal:
//! `stream-image "a prompt"`.
//!
//! Builds the input with the generated builder (checked before anything is sent), calls the
//! endpoint's stream (`POST .../stream`, server-sent events), prints a line per event on
//! standard error as it arrives, and prints the final image URLs on standard output.

use std::process::ExitCode;

use genmedia_common::client::{ClientError, Response};
use genmedia_examples::{client_from_env, first_arg, report};
use genmedia_fal_ai_flux_kontext_lora::text_to_image::{
    FluxKontextLoraTextToImageInput as Input, FluxKontextLoraTextToImageOutput as Output,
    ImageSizePreset, TextToImage,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (prompt, _) = match first_arg("stream-image \"a prompt\"") {
        Ok(args) => args,
        Err(code) => return code,
    };
    let input = match Input::builder(prompt)
        .image_size(ImageSizePreset::Landscape4_3)
        .num_images(1)
        .build()
    {
        Ok(input) => input,
        Err(violations) => {
            eprintln!("error: the input is invalid: {violations}");
            return ExitCode::FAILURE;
        }
    };
    match stream(&input).await {
        Ok(output) => {
            for image in &output.data.images {
                println!("{}", image.url);
            }
            ExitCode::SUCCESS
        }
        Err(err) => report(&err),
    }
}

/// Streams the request, reporting each event, and returns the final output.
async fn stream(input: &Input) -> Result<Response<Output>, ClientError> {
    let client = client_from_env()?;
    let mut events = client.stream(TextToImage, input).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        let event = event?;
        count += 1;
        let images = event.json["images"].as_array().map_or(0, Vec::len);
        // A partial result (a preview) lacks fields of the output, so it has no typed value.
        let kind = if event.typed.is_some() {
            "the output"
        } else {
            "partial"
        };
        eprintln!("event {count}: {images} image(s), {kind}");
    }
    events.output().await
}
