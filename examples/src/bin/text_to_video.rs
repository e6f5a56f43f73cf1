//! Text to video with Luma Dream Machine on fal: `text-to-video ["a prompt"]`.
//!
//! Builds the input with the generated builder (checked before anything is sent), submits it to
//! fal's queue, prints progress, and prints the video's URL.

use std::process::ExitCode;

use genmedia_examples::follow_and_print;
use genmedia_fal_ai_luma_dream_machine::luma_dream_machine::{
    AspectRatio, LumaDreamMachine, LumaDreamMachineInput,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "A red fox trots across a snowy meadow at dawn.".to_string());
    let input = LumaDreamMachineInput::builder(prompt)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .loop_(false)
        .build();
    follow_and_print(LumaDreamMachine, input, |output| &output.video.url).await
}
