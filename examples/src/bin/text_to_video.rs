//! Text to video with Luma Dream Machine on fal: `text-to-video ["a prompt"]`.
//!
//! Builds the input with the generated builder (checked before anything is sent), submits it to
//! fal's queue, prints progress, and prints the video's URL.

use std::process::ExitCode;

use genmedia_examples::{client_from_env, progress, report};
use genmedia_fal_ai_luma_dream_machine::luma_dream_machine::{
    AspectRatio, LumaDreamMachine, LumaDreamMachineInput,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "A red fox trots across a snowy meadow at dawn.".to_string());
    let input = match LumaDreamMachineInput::builder(prompt)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .loop_(false)
        .build()
    {
        Ok(input) => input,
        Err(violations) => {
            eprintln!("error: the input is invalid: {violations}");
            return ExitCode::FAILURE;
        }
    };
    let result = match client_from_env() {
        Ok(client) => {
            client
                .subscribe_with(LumaDreamMachine, &input, progress())
                .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(output) => {
            println!("{}", output.video.url);
            ExitCode::SUCCESS
        }
        Err(err) => report(&err),
    }
}
