//! What the client and streaming tests share: the stub's paths, a client pointed at the stub
//! with quick retries, Ray 2's input, and options that record `subscribe`'s updates as text.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use genmedia_common::client::{Client, RetryPolicy, SubscribeOptions, Update};
use genmedia_common::providers::{AIMLAPI, FAL};
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::{
    AspectRatio, LumaDreamMachineRay2ImageToVideoInput as Ray2Input,
};
use genmedia_stub_server::{Reply, Stub};
use serde_json::json;

pub const FAL_KEY: &str = "fal-secret-7f3a9c";
const AIML_KEY: &str = "aiml-secret-51d2e8";
/// Where status, result and cancel live: the owner/alias part of the four-segment id.
pub const REQUESTS: &str = "/queue/fal-ai/luma-dream-machine/requests/req-1";
pub const SUBMIT: &str = "/queue/fal-ai/luma-dream-machine/ray-2/image-to-video";

/// A client whose fal queue is the stub's `/queue`, `fal.run` its `/run` and the AI/ML API its
/// `/aiml`, retrying twice after 1 ms.
pub fn client(stub: &Stub) -> Client {
    Client::builder()
        .key(&FAL, FAL_KEY)
        .key(&AIMLAPI, AIML_KEY)
        .base_url(&FAL, stub.url("/queue"))
        .sync_base_url(&FAL, stub.url("/run"))
        .base_url(&AIMLAPI, stub.url("/aiml"))
        .retry(quick_retries())
        .build()
        .unwrap()
}

/// Two retries, after 1 to 5 ms.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

/// Polls every 1 to 5 ms.
pub fn fast<'a>() -> SubscribeOptions<'a> {
    SubscribeOptions::new().poll_interval(Duration::from_millis(1), Duration::from_millis(5))
}

pub fn ray2_input() -> Ray2Input {
    Ray2Input::builder("A stylish woman walks down a Tokyo street.")
        .image_url("https://example.com/first-frame.jpg")
        .aspect_ratio(AspectRatio::Ratio16x9)
        .build()
        .unwrap()
}

/// The queue's answer to a submission: request `req-1` at `position`.
pub fn submitted(position: u64) -> Reply {
    Reply::ok(json!({
        "request_id": "req-1",
        "status_url": "ignored",
        "response_url": "ignored",
        "cancel_url": "ignored",
        "queue_position": position
    }))
}

/// What [`recorder`] notes for a request submitted at position 2 that is queued, then runs
/// with the logs `loading model` and `done`: the same whether the client polls the status or
/// reads the status stream.
pub const QUEUE_UPDATES: [&str; 6] = [
    "submitted req-1",
    "queued Some(2)",
    "queued Some(1)",
    "log loading model",
    "in progress",
    "log done",
];

/// `options` with a callback that records each update as a line of text.
pub fn recorder(
    options: SubscribeOptions<'static>,
) -> (Arc<Mutex<Vec<String>>>, SubscribeOptions<'static>) {
    let updates = Arc::new(Mutex::new(Vec::new()));
    let seen = updates.clone();
    let options = options.on_update(move |update| {
        let text = match update {
            Update::Submitted { request_id } => format!("submitted {request_id}"),
            Update::Queued { position } => format!("queued {position:?}"),
            Update::InProgress => "in progress".to_string(),
            Update::Log(line) => format!("log {}", line.message),
            other => format!("{other:?}"),
        };
        seen.lock().unwrap().push(text);
    });
    (updates, options)
}
