//! Runs the example programs against the loopback stub server: with a key they print the
//! video's URL (or, streamed, the image's); without one they exit 2 and say how to set it;
//! without arguments they print their usage; a local file is uploaded, a missing one refused.

use std::process::{Command, Output};
use std::time::Duration;

use genmedia_stub_server::{Reply, Stub};
use serde_json::json;

/// Scripts a queue that accepts `endpoint_id`, runs it and returns a video.
fn script_queue(stub: &Stub, endpoint_id: &str, app: &str) {
    stub.on(
        "POST",
        &format!("/queue/{endpoint_id}"),
        [Reply::ok(
            json!({"request_id": "req-7", "queue_position": 1}),
        )],
    );
    stub.on(
        "GET",
        &format!("/queue/{app}/requests/req-7/status"),
        [
            Reply::ok(json!({"status": "IN_QUEUE", "queue_position": 1})),
            Reply::ok(json!({"status": "COMPLETED", "logs": [{"message": "rendered"}]})),
        ],
    );
    stub.on(
        "GET",
        &format!("/queue/{app}/requests/req-7"),
        [Reply::ok(
            json!({"video": {"url": "https://cdn.example.com/req-7.mp4"}}),
        )],
    );
}

/// Runs a program off the runtime's thread, so the stub keeps serving meanwhile.
async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("the example runs"))
        .await
        .expect("the runner thread")
}

fn example(name: &str, stub: &Stub, key: Option<&str>) -> Command {
    let path = match name {
        "text-to-video" => env!("CARGO_BIN_EXE_text-to-video"),
        "stream-image" => env!("CARGO_BIN_EXE_stream-image"),
        _ => env!("CARGO_BIN_EXE_image-to-video"),
    };
    let mut command = Command::new(path);
    command
        .env("GENMEDIA_FAL_BASE_URL", stub.url("/queue"))
        .env("GENMEDIA_FAL_RUN_URL", stub.url("/run"))
        .env("GENMEDIA_FAL_STORAGE_URL", stub.url("/rest"))
        .env_remove("FAL_KEY");
    if let Some(key) = key {
        command.env("FAL_KEY", key);
    }
    command
}

#[tokio::test]
async fn text_to_video_prints_the_video_url() {
    let stub = Stub::start().await;
    script_queue(
        &stub,
        "fal-ai/luma-dream-machine",
        "fal-ai/luma-dream-machine",
    );
    let mut command = example("text-to-video", &stub, Some("test-key"));
    command.arg("A lighthouse in a storm");
    let output = run(command).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "https://cdn.example.com/req-7.mp4"
    );
    assert!(stderr.contains("log: rendered"), "{stderr}");
    let submitted = &stub.requests_to("POST", "/queue/fal-ai/luma-dream-machine")[0];
    assert_eq!(submitted.authorization.as_deref(), Some("Key test-key"));
    assert_eq!(
        submitted.json(),
        json!({"prompt": "A lighthouse in a storm", "aspect_ratio": "16:9", "loop": false})
    );
}

#[tokio::test]
async fn image_to_video_uploads_a_local_file_and_sends_its_url() {
    let stub = Stub::start().await;
    script_queue(
        &stub,
        "fal-ai/luma-dream-machine/ray-2/image-to-video",
        "fal-ai/luma-dream-machine",
    );
    stub.on(
        "POST",
        "/rest/storage/upload/initiate",
        [Reply::ok(json!({
            "upload_url": stub.url("/bucket/frame.png?signature=abc"),
            "file_url": "https://cdn.example.com/frame.png"
        }))],
    );
    stub.on("PUT", "/bucket/frame.png", [Reply::text(200, "")]);
    let image = std::env::temp_dir().join(format!("genmedia-example-{}.png", std::process::id()));
    std::fs::write(&image, b"\x89PNG fake").unwrap();
    let mut command = example("image-to-video", &stub, Some("test-key"));
    command.arg(&image);
    let output = run(command).await;
    std::fs::remove_file(&image).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "https://cdn.example.com/req-7.mp4"
    );
    let initiated = &stub.requests_to("POST", "/rest/storage/upload/initiate")[0];
    assert_eq!(initiated.authorization.as_deref(), Some("Key test-key"));
    assert_eq!(initiated.json()["content_type"], "image/png");
    let put = &stub.requests_to("PUT", "/bucket/frame.png")[0];
    assert_eq!(put.body, b"\x89PNG fake");
    assert_eq!(put.authorization, None, "the signed URL never sees the key");
    let sent = stub.requests_to(
        "POST",
        "/queue/fal-ai/luma-dream-machine/ray-2/image-to-video",
    );
    assert_eq!(
        sent[0].json()["image_url"],
        "https://cdn.example.com/frame.png"
    );
}

#[tokio::test]
async fn image_to_video_refuses_a_path_that_does_not_exist() {
    let stub = Stub::start().await;
    let mut command = example("image-to-video", &stub, Some("test-key"));
    command.arg("no/such/frame.png");
    let output = run(command).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot read no/such/frame.png"), "{stderr}");
    assert!(stub.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn without_arguments_the_examples_print_their_usage() {
    let stub = Stub::start().await;
    for name in ["text-to-video", "image-to-video", "stream-image"] {
        let output = run(example(name, &stub, Some("test-key"))).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.starts_with(&format!("usage: {name} ")),
            "{name}: {stderr}"
        );
    }
    assert!(stub.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn stream_image_reports_each_event_then_prints_the_image_url() {
    let stub = Stub::start().await;
    let preview =
        json!({"images": [{"url": "data:image/jpeg;base64,AAAA", "width": 64, "height": 48}]});
    let output = json!({
        "images": [{"url": "https://cdn.example.com/final.png", "width": 1024, "height": 768}],
        "timings": {"inference": 0.9},
        "seed": 7,
        "has_nsfw_concepts": [false],
        "prompt": "A lighthouse in a storm"
    });
    let path = "/run/fal-ai/flux-kontext-lora/text-to-image/stream";
    stub.on(
        "POST",
        path,
        [Reply::sse([
            (Duration::ZERO, format!("data: {preview}\n\n")),
            (Duration::from_millis(10), format!("data: {preview}\n\n")),
            (Duration::from_millis(10), format!("data: {output}\n\n")),
        ])],
    );
    let mut command = example("stream-image", &stub, Some("test-key"));
    command.arg("A lighthouse in a storm");
    let result = run(command).await;
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&result.stdout).trim(),
        "https://cdn.example.com/final.png"
    );
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "event 1: 1 image(s), partial",
            "event 2: 1 image(s), partial",
            "event 3: 1 image(s), the output",
        ]
    );
    let sent = &stub.requests_to("POST", path)[0];
    assert_eq!(sent.authorization.as_deref(), Some("Key test-key"));
    assert_eq!(sent.accept.as_deref(), Some("text/event-stream"));
    assert_eq!(
        sent.json(),
        json!({"prompt": "A lighthouse in a storm", "image_size": "landscape_4_3", "num_images": 1})
    );
}

#[tokio::test]
async fn without_a_key_the_examples_say_how_to_set_one() {
    let stub = Stub::start().await;
    for (name, args) in [
        ("text-to-video", vec!["a prompt"]),
        ("image-to-video", vec!["https://example.com/a.jpg"]),
        ("stream-image", vec!["a prompt"]),
    ] {
        let mut command = example(name, &stub, None);
        command.args(args);
        let output = run(command).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("export FAL_KEY=<your key>"),
            "{name}: {stderr}"
        );
    }
    assert!(stub.requests().is_empty(), "nothing is sent without a key");
}
