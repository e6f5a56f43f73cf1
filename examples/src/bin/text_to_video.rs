//! Text to video with Luma Dream Machine on fal: `text-to-video "a prompt"`.
//!
//! Builds the input with the generated builder (checked before anything is sent), submits it to
//! fal's queue, prints progress, and prints the video's URL.

use std::process::ExitCode;

use genmedia_examples::{client_from_env, first_arg, follow_and_print, report};
use genmedia_fal_ai_luma_dream_machine::luma_dream_machine::{
    AspectRatio, LumaDreamMachine, LumaDreamMachineInput,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (prompt, _) = match first_arg("text-to-video \"a prompt\"") {
        Ok(args) => args,
        Err(code) => return code,
    };
    let client = match client_from_env() {
        Ok(client) => client,
        Err(err) => return report(&err),
    };
    let input = LumaDreamMachineInput::builder(prompt)
        .aspect_ratio(AspectRatio::Ratio16x9)
        .loop_(false)
        .build();
    follow_and_print(&client, LumaDreamMachine, input, |output| &output.video.url).await
}
