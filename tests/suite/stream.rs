//! The client's streams against the loopback stub server: an endpoint's partial results then
//! its final output, the SSE framing (multi-line data, comments, event names, an event split
//! across network reads), a server error event, the idle timeout, validation and HTTP errors
//! before the stream starts, the queue's status stream, and `subscribe` through it.

use std::time::{Duration, Instant};

use genmedia_common::client::{ClientError, QueueState, RequestHandle, StreamOptions};
use genmedia_fal_ai_flux_kontext_lora::text_to_image::{
    FluxKontextLoraTextToImageInput as Input, TextToImage,
};
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::Ray2ImageToVideo;
use genmedia_stub_server::{Reply, Stub};
use serde_json::{json, Value};

use crate::client_support::{
    client, fast, ray2_input, recorder, submitted, FAL_KEY, QUEUE_UPDATES, REQUESTS, SUBMIT,
};

/// `POST <sync base>/<endpoint id>/stream`.
const STREAM: &str = "/run/fal-ai/flux-kontext-lora/text-to-image/stream";

fn input() -> Input {
    Input::builder("A lighthouse on a cliff at dusk")
        .num_inference_steps(20)
        .build()
        .unwrap()
}

/// A partial result: a preview image, without the final output's other required fields.
fn preview(step: u32) -> Value {
    let url = format!("https://cdn.example.com/preview-{step}.jpg");
    json!({"images": [{"url": url, "width": 256, "height": 192}]})
}

fn final_output() -> Value {
    json!({
        "images": [{
            "url": "https://cdn.example.com/final.png",
            "width": 1024,
            "height": 768,
            "content_type": "image/png"
        }],
        "timings": {"inference": 1.25},
        "seed": 42,
        "has_nsfw_concepts": [false],
        "prompt": "A lighthouse on a cliff at dusk"
    })
}

/// One SSE event carrying `data` as one line.
fn event(data: &Value) -> String {
    format!("data: {data}\n\n")
}

fn at(delay_ms: u64, chunk: impl Into<String>) -> (Duration, String) {
    (Duration::from_millis(delay_ms), chunk.into())
}

fn status(state: &str, position: Option<u64>, logs: &[&str]) -> Value {
    let logs: Vec<Value> = logs
        .iter()
        .map(|message| json!({"message": message, "level": "INFO", "source": "USER"}))
        .collect();
    json!({"status": state, "queue_position": position, "logs": logs})
}

#[tokio::test]
async fn partial_events_then_the_final_output() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [Reply::sse([
            (Duration::ZERO, event(&preview(1))),
            (Duration::ZERO, event(&preview(2))),
            (Duration::ZERO, event(&final_output())),
        ])
        .header("x-fal-request-id", "stream-9")],
    );
    let mut events = client(&stub).stream(TextToImage, &input()).await.unwrap();
    assert_eq!(events.request_id(), Some("stream-9"));
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        seen.push(event.unwrap());
    }
    assert_eq!(seen.len(), 3);
    // Partial results lack required fields: raw JSON, no typed value, no error.
    assert_eq!(seen[0].json, preview(1));
    assert!(seen[0].typed.is_none() && seen[1].typed.is_none());
    assert_eq!(
        seen[1].json["images"][0]["url"],
        "https://cdn.example.com/preview-2.jpg"
    );
    let last = seen[2]
        .typed
        .as_ref()
        .expect("the final event has the output's shape");
    assert_eq!(last.images[0].url, "https://cdn.example.com/final.png");
    assert_eq!(last.seed, 42);
    // The final output is the last event, decoded strictly, also after reading every event.
    let output = events.output().await.unwrap();
    assert_eq!(output.data.images[0].width, 1024);
    let sent = &stub.requests_to("POST", STREAM)[0];
    assert_eq!(sent.accept.as_deref(), Some("text/event-stream"));
    assert_eq!(sent.authorization.as_deref(), Some("Key fal-secret-7f3a9c"));
    assert_eq!(sent.json(), serde_json::to_value(input()).unwrap());
}

#[tokio::test]
async fn output_reads_the_rest_and_a_final_event_without_the_outputs_fields_is_an_error() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [
            Reply::sse([(Duration::ZERO, event(&preview(1)) + &event(&final_output()))]),
            Reply::sse([(Duration::ZERO, event(&preview(1)) + &event(&preview(2)))]),
        ],
    );
    let client = client(&stub);
    let mut events = client.stream(TextToImage, &input()).await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.json, preview(1));
    assert_eq!(events.output().await.unwrap().data.seed, 42);

    let err = client
        .stream(TextToImage, &input())
        .await
        .unwrap()
        .output()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Decode { url, excerpt, .. }
            if url.ends_with(STREAM) && excerpt.contains("preview-2")),
        "{err:?}"
    );
}

#[tokio::test]
async fn multi_line_data_comments_and_event_names() {
    let stub = Stub::start().await;
    let body = ": keep-alive\n\n\
        event: progress\n\
        data: {\"images\":\n\
        data:  [], \"step\": 1}\n\n\
        : another comment\n\
        id: 2\n\
        retry: 500\n\n\
        event: output\r\n\
        data: "
        .to_string()
        + &final_output().to_string()
        + "\r\n\r\n";
    stub.on("POST", STREAM, [Reply::sse([(Duration::ZERO, body)])]);
    let mut events = client(&stub).stream(TextToImage, &input()).await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.name.as_deref(), Some("progress"));
    // Two `data:` lines are one value joined by a line feed.
    assert_eq!(first.json, json!({"images": [], "step": 1}));
    let second = events.next().await.unwrap().unwrap();
    assert_eq!(second.name.as_deref(), Some("output"));
    assert_eq!(second.json, final_output());
    assert!(
        events.next().await.is_none(),
        "comments and an id/retry block are not events"
    );
}

#[tokio::test]
async fn an_event_split_across_network_chunks() {
    let stub = Stub::start().await;
    let whole = event(&preview(1)) + &event(&final_output()).replace("\n\n", "\r\n\r\n");
    // Cut inside the `data:` prefix, inside the JSON, and between a CR and its LF.
    let cuts = [3, 40, whole.len() - 3];
    let chunks = vec![
        at(0, &whole[..cuts[0]]),
        at(15, &whole[cuts[0]..cuts[1]]),
        at(15, &whole[cuts[1]..cuts[2]]),
        at(15, &whole[cuts[2]..]),
    ];
    assert_eq!(
        &whole[cuts[2]..cuts[2] + 1],
        "\n",
        "the last cut falls after a CR"
    );
    stub.on("POST", STREAM, [Reply::sse(chunks)]);
    let started = Instant::now();
    let mut events = client(&stub).stream(TextToImage, &input()).await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.json, preview(1));
    let output = events.output().await.unwrap();
    assert_eq!(
        output.data.images[0].url,
        "https://cdn.example.com/final.png"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(45),
        "the chunks arrived apart"
    );
}

#[tokio::test]
async fn a_server_error_event_ends_the_stream_with_its_message() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [Reply::sse([
            (Duration::ZERO, event(&preview(1))),
            (
                Duration::ZERO,
                format!(
                    "event: error\ndata: {}\n\n",
                    json!({"detail": format!("GPU out of memory (request signed with {FAL_KEY})")})
                ),
            ),
            (Duration::ZERO, event(&final_output())),
        ])],
    );
    let client = client(&stub);
    let mut events = client.stream(TextToImage, &input()).await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    let err = events.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&err, ClientError::StreamError { message }
            if message == "GPU out of memory (request signed with <redacted>)"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the event stream failed: GPU out of memory (request signed with <redacted>)"
    );
    assert!(events.next().await.is_none(), "nothing after the error");
    // The partial result before the error is not an output.
    let err = events.output().await.unwrap_err();
    assert!(
        matches!(&err, ClientError::StreamError { message }
            if message.contains("GPU out of memory")),
        "{err:?}"
    );

    let err = client
        .stream(TextToImage, &input())
        .await
        .unwrap()
        .output()
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::StreamError { .. }), "{err:?}");
}

#[tokio::test]
async fn a_stall_triggers_the_idle_timeout() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [Reply::sse([
            at(0, event(&preview(1))),
            at(10_000, event(&final_output())),
        ])],
    );
    let idle = Duration::from_millis(100);
    let options = StreamOptions::new().idle_timeout(idle);
    let mut events = client(&stub)
        .stream_with(TextToImage, &input(), options)
        .await
        .unwrap();
    assert!(events.next().await.unwrap().is_ok());
    let started = Instant::now();
    let err = events.next().await.unwrap().unwrap_err();
    let waited = started.elapsed();
    assert!(
        matches!(err, ClientError::StreamTimeout { idle: i } if i == idle),
        "{err:?}"
    );
    assert!(
        waited >= idle && waited < Duration::from_secs(2),
        "{waited:?}"
    );
    assert_eq!(
        err.to_string(),
        "the event stream stalled: nothing arrived for 100ms, so it was closed (see \
         StreamOptions::idle_timeout)"
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_server_that_does_not_answer_triggers_the_idle_timeout_too() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [Reply::sse([at(0, event(&final_output()))]).delayed(Duration::from_secs(10))],
    );
    let options = StreamOptions::new().idle_timeout(Duration::from_millis(100));
    let err = client(&stub)
        .stream_with(TextToImage, &input(), options)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::StreamTimeout { .. }), "{err:?}");
}

#[tokio::test]
async fn keep_alive_comments_keep_a_slow_stream_open() {
    let stub = Stub::start().await;
    // 250 ms in all before the output, never more than 50 ms without data.
    let mut chunks = vec![at(0, event(&preview(1)))];
    chunks.extend((0..5).map(|_| at(50, ": keep-alive\n\n")));
    chunks.push(at(0, event(&final_output())));
    stub.on("POST", STREAM, [Reply::sse(chunks)]);
    let options = StreamOptions::new().idle_timeout(Duration::from_millis(150));
    let started = Instant::now();
    let output = client(&stub)
        .stream_with(TextToImage, &input(), options)
        .await
        .unwrap()
        .output()
        .await
        .unwrap();
    assert_eq!(output.data.seed, 42);
    assert!(started.elapsed() >= Duration::from_millis(250));
}

#[tokio::test]
async fn an_invalid_input_is_never_sent() {
    let stub = Stub::start().await;
    let mut input = input();
    input.num_inference_steps = Some(5);
    let err = client(&stub).stream(TextToImage, &input).await.unwrap_err();
    assert!(matches!(err, ClientError::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("num_inference_steps"), "{err}");
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn errors_before_the_stream_starts_are_the_usual_ones() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        STREAM,
        [
            Reply::json(
                422,
                json!({"detail": [
                    {"loc": ["body", "prompt"], "msg": "too long", "type": "value_error"}
                ]}),
            ),
            Reply::json(
                401,
                json!({"detail": "No user found for Key ID and Secret"}),
            ),
            Reply::text(503, "warming up"),
            Reply::sse([(Duration::ZERO, event(&final_output()))]),
        ],
    );
    let client = client(&stub);
    let err = client.stream(TextToImage, &input()).await.unwrap_err();
    let ClientError::Unprocessable { errors, .. } = &err else {
        panic!("expected a 422, got {err:?}");
    };
    assert_eq!(errors[0].path(), "prompt");
    let err = client.stream(TextToImage, &input()).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    // A 503 before the stream starts is retried like any call's.
    let output = client
        .stream(TextToImage, &input())
        .await
        .unwrap()
        .output()
        .await
        .unwrap();
    assert_eq!(output.data.seed, 42);
    assert_eq!(stub.requests_to("POST", STREAM).len(), 4);
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_an_error() {
    let stub = Stub::start().await;
    stub.on("POST", STREAM, [Reply::ok(final_output())]);
    let err = client(&stub)
        .stream(TextToImage, &input())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::StreamError { message }
            if message.contains("application/json")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_status_stream_from_queued_to_completed_with_logs() {
    let stub = Stub::start().await;
    let path = format!("{REQUESTS}/status/stream");
    let events = [
        status("IN_QUEUE", Some(2), &[]),
        status("IN_QUEUE", Some(1), &[]),
        status("IN_PROGRESS", None, &["loading model"]),
        status("IN_PROGRESS", None, &["step 1/2", "step 2/2"]),
        status("COMPLETED", None, &["done"]),
        // Never read: the stream ends with the completed status.
        status("IN_PROGRESS", None, &["late"]),
    ];
    let body: String = events.iter().map(event).collect();
    stub.on("GET", &path, [Reply::sse([(Duration::ZERO, body)])]);
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let mut updates = client(&stub).status_stream(&handle).await.unwrap();
    let mut seen = Vec::new();
    while let Some(update) = updates.next().await {
        let update = update.unwrap();
        let logs: Vec<&str> = update.logs.iter().map(|l| l.message.as_str()).collect();
        seen.push(format!(
            "{:?} {:?} {logs:?}",
            update.status, update.queue_position
        ));
    }
    assert_eq!(
        seen,
        [
            "InQueue Some(2) []",
            "InQueue Some(1) []",
            "InProgress None [\"loading model\"]",
            "InProgress None [\"step 1/2\", \"step 2/2\"]",
            "Completed None [\"done\"]",
        ]
    );
    let sent = &stub.requests_to("GET", &path)[0];
    assert_eq!(sent.query.as_deref(), Some("logs=1"));
    assert_eq!(sent.accept.as_deref(), Some("text/event-stream"));
}

#[tokio::test]
async fn a_status_stream_that_ends_before_completion_says_so() {
    let stub = Stub::start().await;
    let path = format!("{REQUESTS}/status/stream");
    let body = event(&status("IN_PROGRESS", None, &[]));
    stub.on("GET", &path, [Reply::sse([(Duration::ZERO, body)])]);
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let mut updates = client(&stub).status_stream(&handle).await.unwrap();
    assert_eq!(
        updates.next().await.unwrap().unwrap().status,
        QueueState::InProgress
    );
    let err = updates.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&err, ClientError::StreamError { message }
            if message.contains("before the request completed")),
        "{err:?}"
    );
    assert!(updates.next().await.is_none());
}

#[tokio::test]
async fn subscribe_follows_the_status_stream_instead_of_polling() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(2)]);
    let path = format!("{REQUESTS}/status/stream");
    // The first stream ends early (a proxy cut it): subscribe opens it again.
    let first = event(&status("IN_QUEUE", Some(1), &[]));
    let second = [
        status("IN_PROGRESS", None, &["loading model"]),
        status("IN_PROGRESS", None, &[]),
        status("COMPLETED", None, &["done"]),
    ]
    .iter()
    .map(event)
    .collect::<String>();
    stub.on(
        "GET",
        &path,
        [
            Reply::sse([(Duration::ZERO, first)]),
            Reply::sse([(Duration::ZERO, second)]),
        ],
    );
    stub.on(
        "GET",
        REQUESTS,
        [Reply::ok(
            json!({"video": {"url": "https://cdn.example.com/out.mp4"}}),
        )],
    );
    let (updates, options) = recorder(fast().status_stream(true));
    let output = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), options)
        .await
        .unwrap();
    assert_eq!(output.data.video.url, "https://cdn.example.com/out.mp4");
    assert_eq!(*updates.lock().unwrap(), QUEUE_UPDATES);
    assert_eq!(stub.requests_to("GET", &path).len(), 2);
    assert!(
        stub.requests_to("GET", &format!("{REQUESTS}/status"))
            .is_empty(),
        "no polling"
    );
}

#[tokio::test]
async fn subscribe_through_a_stalled_status_stream_times_out_and_cancels() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(2)]);
    stub.on(
        "GET",
        &format!("{REQUESTS}/status/stream"),
        [Reply::sse([
            at(0, event(&status("IN_PROGRESS", None, &[]))),
            at(10_000, event(&status("COMPLETED", None, &[]))),
        ])],
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
    let (updates, options) = recorder(fast().status_stream(true));
    let options = options.timeout(Some(Duration::from_millis(100)));
    let err = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), options)
        .await
        .unwrap_err();
    let ClientError::Timeout {
        waited, cancelled, ..
    } = &err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    assert!(*cancelled);
    assert!(
        *waited >= Duration::from_millis(100) && *waited < Duration::from_secs(2),
        "{waited:?}"
    );
    assert_eq!(stub.requests_to("PUT", &cancel).len(), 1);
    assert_eq!(
        *updates.lock().unwrap(),
        ["submitted req-1", "queued Some(2)", "in progress"]
    );
}
