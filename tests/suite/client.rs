//! The client against the loopback stub server: fal's queue (submit, status with logs,
//! subscribe through queued, in progress and completed, a failed request, 422, 429, 5xx, a
//! timeout and its cancel, the owner/alias rule), `fal.run`, the AI/ML API's create-and-fetch
//! flow, and the key kept out of every message.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use genmedia_aimlapi_luma_ai::generation_create::{
    GenerationCreate, ImageKeyframe, Keyframes, LumaAiGenerationCreateInput,
};
use genmedia_aimlapi_luma_ai::generation_fetch_many::{
    GenerationFetchMany, LumaAiGenerationFetchManyInput,
};
use genmedia_common::client::{Client, ClientError, QueueState, RequestHandle, Update};
use genmedia_common::providers::FAL;
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::Ray2ImageToVideo;
use genmedia_stub_server::{Reply, Stub};
use serde_json::json;

use crate::client_support::{
    client, fast, ray2_input, recorder, submitted, FAL_KEY, QUEUE_UPDATES, REQUESTS, SUBMIT,
};

fn video() -> serde_json::Value {
    json!({"video": {"url": "https://cdn.example.com/out.mp4", "content_type": "video/mp4"}})
}

fn log(message: &str) -> serde_json::Value {
    json!({"message": message, "level": "INFO", "source": "USER", "timestamp": "2026-11-21T10:00:00Z"})
}

#[tokio::test]
async fn submit_sends_the_validated_input_with_the_key_and_a_webhook() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(3)]);
    let handle = client(&stub)
        .submit_with_webhook(
            Ray2ImageToVideo,
            &ray2_input(),
            "https://hooks.example.com/done",
        )
        .await
        .unwrap();
    assert_eq!(handle.request_id(), "req-1");
    assert_eq!(handle.queue_position(), Some(3));
    let sent = &stub.requests_to("POST", SUBMIT)[0];
    assert_eq!(sent.authorization.as_deref(), Some("Key fal-secret-7f3a9c"));
    assert_eq!(
        sent.query.as_deref(),
        Some("fal_webhook=https%3A%2F%2Fhooks.example.com%2Fdone")
    );
    assert_eq!(sent.json(), serde_json::to_value(ray2_input()).unwrap());
}

#[tokio::test]
async fn status_with_logs_uses_the_owner_alias_path() {
    let stub = Stub::start().await;
    let status = format!("{REQUESTS}/status");
    stub.on(
        "GET",
        &status,
        [Reply::ok(json!({
            "status": "IN_PROGRESS",
            "logs": [log("loading model"), log("step 1/30")],
            "response_url": "ignored"
        }))],
    );
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let answer = client(&stub).status(&handle, true).await.unwrap();
    assert_eq!(answer.status, QueueState::InProgress);
    let messages: Vec<&str> = answer.logs.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, ["loading model", "step 1/30"]);
    assert_eq!(
        stub.requests_to("GET", &status)[0].query.as_deref(),
        Some("logs=1")
    );
}

#[tokio::test]
async fn subscribe_follows_queued_then_in_progress_then_completed() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(2)]);
    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [
            Reply::ok(json!({"status": "IN_QUEUE", "queue_position": 1, "logs": null})),
            Reply::ok(json!({"status": "IN_PROGRESS", "logs": [log("loading model")]})),
            Reply::ok(json!({"status": "IN_PROGRESS", "logs": [log("loading model")]})),
            Reply::ok(json!({"status": "COMPLETED", "logs": [log("loading model"), log("done")]})),
        ],
    );
    stub.on("GET", REQUESTS, [Reply::ok(video())]);
    let (updates, options) = recorder(fast());
    let output = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), options)
        .await
        .unwrap();
    assert_eq!(output.data.video.url, "https://cdn.example.com/out.mp4");
    assert_eq!(output.request_id.as_deref(), Some("req-1"));
    assert_eq!(*updates.lock().unwrap(), QUEUE_UPDATES);
    assert_eq!(
        stub.requests_to("GET", &format!("{REQUESTS}/status")).len(),
        4
    );
}

#[tokio::test]
async fn a_completed_request_that_failed_is_an_error_with_the_server_message() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(0)]);
    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [Reply::ok(
            json!({"status": "COMPLETED", "error": "NSFW content detected"}),
        )],
    );
    let err = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), fast())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::RequestFailed { request_id, message, .. }
            if request_id == "req-1" && message == "NSFW content detected"),
        "{err:?}"
    );
    assert!(
        stub.requests_to("GET", REQUESTS).is_empty(),
        "no result was fetched"
    );
}

#[tokio::test]
async fn a_422_carries_the_servers_field_errors() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        SUBMIT,
        [Reply::json(
            422,
            json!({"detail": [
                {"loc": ["body", "image_url"], "msg": "Could not download the image", "type": "file_download_error"},
                {"loc": ["body", "prompt", 0], "msg": "too long", "type": "value_error"}
            ]}),
        )],
    );
    let err = client(&stub)
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    let ClientError::Unprocessable { errors, .. } = &err else {
        panic!("expected a 422, got {err:?}");
    };
    assert_eq!(errors[0].path(), "image_url");
    assert_eq!(errors[0].kind, "file_download_error");
    assert_eq!(errors[1].path(), "prompt[0]");
    assert_eq!(
        err.to_string(),
        "the server rejected the input (HTTP 422): image_url: Could not download the image \
         (file_download_error); prompt[0]: too long (value_error)"
    );
    assert_eq!(stub.requests().len(), 1, "a 422 is not retried");
}

#[tokio::test]
async fn a_429_is_retried_then_succeeds() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        SUBMIT,
        [
            Reply::json(429, json!({"detail": "slow down"})).header("retry-after", "0"),
            submitted(0),
        ],
    );
    let handle = client(&stub)
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap();
    assert_eq!(handle.request_id(), "req-1");
    assert_eq!(stub.requests_to("POST", SUBMIT).len(), 2);
}

#[tokio::test]
async fn a_503_on_submit_is_retried_up_to_the_bound() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [Reply::text(503, "upstream busy")]);
    let err = client(&stub)
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Server { status: 503, attempts: 3, message } if message == "upstream busy"),
        "{err:?}"
    );
    assert_eq!(
        stub.requests_to("POST", SUBMIT).len(),
        3,
        "one try and two retries"
    );
}

#[tokio::test]
async fn a_500_on_submit_is_never_retried_but_a_500_on_status_is() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [Reply::text(500, "upstream exploded")]);
    let err = client(&stub)
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            ClientError::Server {
                status: 500,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        stub.requests_to("POST", SUBMIT).len(),
        1,
        "the job may have started: exactly one submit reaches the server"
    );
    let status = format!("{REQUESTS}/status");
    stub.on(
        "GET",
        &status,
        [
            Reply::text(500, "hiccup"),
            Reply::ok(json!({"status": "IN_QUEUE", "queue_position": 2})),
        ],
    );
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let answer = client(&stub).status(&handle, false).await.unwrap();
    assert_eq!(answer.queue_position, Some(2));
    assert_eq!(stub.requests_to("GET", &status).len(), 2);
}

#[tokio::test]
async fn a_timeout_cancels_the_request() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(0)]);
    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [Reply::ok(json!({"status": "IN_PROGRESS"}))],
    );
    let cancel = format!("{REQUESTS}/cancel");
    stub.on(
        "PUT",
        &cancel,
        [Reply::json(
            202,
            json!({"status": "CANCELLATION_REQUESTED"}),
        )],
    );
    let options = fast().timeout(Some(Duration::from_millis(60)));
    let err = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), options)
        .await
        .unwrap_err();
    let ClientError::Timeout {
        request_id,
        waited,
        cancelled,
    } = &err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(request_id, "req-1");
    assert!(*cancelled);
    assert!(*waited >= Duration::from_millis(60), "{waited:?}");
    assert_eq!(stub.requests_to("PUT", &cancel).len(), 1);
    assert!(err.to_string().contains("it was cancelled"), "{err}");
}

#[tokio::test]
async fn result_and_cancel_use_owner_alias_urls_and_run_uses_the_whole_id() {
    let stub = Stub::start().await;
    let client = client(&stub);
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    stub.on("GET", REQUESTS, [Reply::ok(video())]);
    stub.on(
        "PUT",
        &format!("{REQUESTS}/cancel"),
        [Reply::text(400, "ALREADY_COMPLETED")],
    );
    stub.on(
        "POST",
        "/run/fal-ai/luma-dream-machine/ray-2/image-to-video",
        [Reply::ok(video()).header("x-fal-request-id", "run-5")],
    );
    assert_eq!(
        client.result(&handle).await.unwrap().data.video.url,
        "https://cdn.example.com/out.mp4"
    );
    let err = client.cancel(&handle).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Status { status: 400, message, .. } if message == "ALREADY_COMPLETED"),
        "{err:?}"
    );
    let output = client.run(Ray2ImageToVideo, &ray2_input()).await.unwrap();
    assert_eq!(output.data.video.url, "https://cdn.example.com/out.mp4");
    assert_eq!(output.request_id.as_deref(), Some("run-5"));
    let paths: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        [
            "GET /queue/fal-ai/luma-dream-machine/requests/req-1",
            "PUT /queue/fal-ai/luma-dream-machine/requests/req-1/cancel",
            "POST /run/fal-ai/luma-dream-machine/ray-2/image-to-video",
        ]
    );
}

#[tokio::test]
async fn an_invalid_input_is_never_sent() {
    let stub = Stub::start().await;
    let mut input = ray2_input();
    input.prompt = "hi".to_string();
    let err = client(&stub)
        .subscribe(Ray2ImageToVideo, &input)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::InvalidInput(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("prompt must be at least 3 characters"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn aimlapi_create_with_keyframes_then_fetch_until_completed() {
    let stub = Stub::start().await;
    let path = "/aiml/v2/generate/video/luma-ai/generation";
    stub.on(
        "POST",
        path,
        [Reply::ok(json!({"id": "gen-9", "state": "queued"}))],
    );
    stub.on(
        "GET",
        path,
        [
            Reply::ok(json!({"id": "gen-9", "state": "dreaming"})),
            Reply::ok(json!({
                "id": "gen-9",
                "state": "completed",
                "video": {"url": "https://cdn.example.com/gen-9.mp4", "width": 1280, "height": 720},
                "extra": "kept out of the typed output"
            })),
        ],
    );
    let input =
        LumaAiGenerationCreateInput::builder("The camera pulls back to reveal a lighthouse.")
            .keyframes(Keyframes {
                frame0: Some(
                    ImageKeyframe {
                        url: "https://example.com/cliff.jpg".into(),
                    }
                    .into(),
                ),
                frame1: None,
            })
            .build()
            .unwrap();
    let states = Arc::new(Mutex::new(Vec::new()));
    let seen = states.clone();
    let options = fast().on_update(move |update| {
        if let Update::Pending { state } = update {
            seen.lock().unwrap().push(state.to_string());
        }
    });
    let generation = client(&stub)
        .subscribe_with(GenerationCreate, &input, options)
        .await
        .unwrap();
    assert_eq!(generation.data.id, "gen-9");
    assert_eq!(generation.request_id.as_deref(), Some("gen-9"));
    assert_eq!(
        generation.data.video.unwrap().url,
        "https://cdn.example.com/gen-9.mp4"
    );
    assert_eq!(*states.lock().unwrap(), ["queued", "dreaming"]);

    let create = &stub.requests_to("POST", path)[0];
    assert_eq!(
        create.authorization.as_deref(),
        Some("Bearer aiml-secret-51d2e8")
    );
    assert_eq!(
        create.json()["keyframes"],
        json!({"frame0": {"type": "image", "url": "https://example.com/cliff.jpg"}})
    );
    let fetches = stub.requests_to("GET", path);
    assert_eq!(fetches.len(), 2);
    assert_eq!(
        fetches[0].query.as_deref(),
        Some("state=completed&generation_id=gen-9")
    );
}

#[tokio::test]
async fn aimlapi_failed_generation_and_fetch_many() {
    let stub = Stub::start().await;
    let path = "/aiml/v2/generate/video/luma-ai/generation";
    stub.on(
        "POST",
        path,
        [Reply::ok(
            json!({"id": "gen-1", "state": "failed", "failure_reason": "prompt rejected"}),
        )],
    );
    let input = LumaAiGenerationCreateInput::builder("A fox in the snow")
        .build()
        .unwrap();
    let err = client(&stub)
        .subscribe_with(GenerationCreate, &input, fast())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "request gen-1 failed: failed: prompt rejected"
    );

    stub.on(
        "GET",
        path,
        [Reply::ok(json!({"generations": [{"id": "a", "state": "completed"}, {"id": "b", "state": "dreaming"}]}))],
    );
    let many = LumaAiGenerationFetchManyInput::builder(vec!["a".to_string(), "b".to_string()])
        .build()
        .unwrap();
    let list = client(&stub).run(GenerationFetchMany, &many).await.unwrap();
    assert_eq!(list.data.generations.len(), 2);
    let fetch = &stub.requests_to("GET", path)[0];
    assert_eq!(fetch.query.as_deref(), Some("generation_ids=a%2Cb"));
    assert!(fetch.body.is_empty(), "a query input has no body");
}

#[tokio::test]
async fn the_key_never_appears_in_errors_or_debug_output() {
    let stub = Stub::start().await;
    // A server that echoes the Authorization header back in its error bodies.
    stub.on(
        "POST",
        SUBMIT,
        [Reply::json(
            401,
            json!({"detail": format!("invalid key: Key {FAL_KEY}")}),
        )],
    );
    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [Reply::text(200, &format!("not json {FAL_KEY}"))],
    );
    stub.on(
        "POST",
        "/run/fal-ai/luma-dream-machine/ray-2/image-to-video",
        [Reply::json(
            422,
            json!({"detail": [{"loc": ["body"], "msg": format!("bad {FAL_KEY}"), "type": "x"}]}),
        )],
    );
    let client = client(&stub);
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let mut texts = vec![format!("{client:?}")];
    let unauthorized = client
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(
        matches!(unauthorized, ClientError::Unauthorized { status: 401, .. }),
        "{unauthorized:?}"
    );
    let undecodable = client.status(&handle, false).await.unwrap_err();
    assert!(
        matches!(undecodable, ClientError::Decode { .. }),
        "{undecodable:?}"
    );
    let rejected = client
        .run(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    // A closed port: a transport error.
    let closed = Client::builder()
        .key(&FAL, FAL_KEY)
        .base_url(&FAL, "http://127.0.0.1:9")
        .build()
        .unwrap();
    let transport = closed
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(
        matches!(transport, ClientError::Transport { .. }),
        "{transport:?}"
    );
    for err in [&unauthorized, &undecodable, &rejected, &transport] {
        texts.push(err.to_string());
        texts.push(format!("{err:?}"));
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            texts.push(cause.to_string());
            source = cause.source();
        }
    }
    texts.push(format!("{handle:?}"));
    for text in &texts {
        assert!(!text.contains(FAL_KEY), "the key leaked into: {text}");
    }
    assert!(
        texts.iter().any(|t| t.contains("<redacted>")),
        "the echoed key was scrubbed, not dropped"
    );
}

#[tokio::test]
async fn a_missing_key_names_the_variable_to_set() {
    // The fixture provider's variable, QUEUE_KEY, is set nowhere.
    let stub = Stub::start().await;
    let client = Client::builder()
        .base_url(&fixture_common::providers::QUEUE, stub.url("/queue"))
        .build()
        .unwrap();
    let input = fixture_acme_widgets::widgets::WidgetsInput::builder("w")
        .build()
        .unwrap();
    let err = client
        .submit(fixture_acme_widgets::widgets::Widgets, &input)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no API key for Queue Provider: set the QUEUE_KEY environment variable, or pass the key to ClientBuilder::key"
    );
    assert!(stub.requests().is_empty());
}
