//! The client against servers that misbehave, on loopback: oversized and endless answers,
//! drip-fed bodies, connections cut, a key echoed back in every form, redirects to another
//! origin; and the calls an official client offers beyond the typed ones (uploads, any
//! endpoint by id, request ids, metrics, queue options). What each test guarantees is listed
//! in the README's client section.

use std::time::Duration;

use genmedia_common::client::{
    Client, ClientError, Priority, RequestHandle, RetryPolicy, StreamOptions, SubmitOptions,
};
use genmedia_common::providers::{AIMLAPI, FAL};
use genmedia_fal_ai_luma_dream_machine::ray_2_image_to_video::Ray2ImageToVideo;
use genmedia_stub_server::hostile::{response, Act, Hostile};
use genmedia_stub_server::{Reply, Stub};
use serde_json::json;

use crate::client_support::{
    client, fast, quick_retries, ray2_input, submitted, FAL_KEY, REQUESTS, SUBMIT,
};

/// A client whose fal queue and `fal.run` are the hostile server's, with short limits.
fn hostile_client(server: &Hostile) -> Client {
    Client::builder()
        .key(&FAL, FAL_KEY)
        .base_url(&FAL, server.url("/queue"))
        .sync_base_url(&FAL, server.url("/run"))
        .max_answer_size(1024 * 1024)
        .idle_timeout(Duration::from_millis(400))
        .body_timeout(Duration::from_secs(1))
        .retry(quick_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_endless_or_oversized_answer_is_refused_while_reading() {
    let endless = Hostile::start(vec![Act::Endless(16 * 1024)]).await;
    let err = hostile_client(&endless)
        .run(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::TooLarge { limit: 1048576, .. }),
        "{err:?}"
    );
    assert_eq!(endless.requests(), 1, "a too-large answer is not retried");

    let announced = Hostile::start(vec![Act::Announce(4 << 30)]).await;
    let err = hostile_client(&announced)
        .run(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn a_drip_fed_answer_hits_the_body_timeout_and_a_silent_one_the_idle_timeout() {
    // A byte every 100 ms never leaves the client idle for 400 ms: the body timeout ends it.
    let drip = Hostile::start(vec![Act::Drip {
        len: 1000,
        every: Duration::from_millis(100),
    }])
    .await;
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let err = hostile_client(&drip).result(&handle).await.unwrap_err();
    assert!(matches!(err, ClientError::SlowAnswer { .. }), "{err:?}");
    assert!(
        err.to_string().contains("ClientBuilder::body_timeout"),
        "{err}"
    );
    assert_eq!(drip.requests(), 3, "a read is retried after a stall");

    // Headers, then silence.
    let silent = Hostile::start(vec![Act::Drip {
        len: 10,
        every: Duration::from_secs(30),
    }])
    .await;
    let err = hostile_client(&silent)
        .status(&handle, false)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Stalled { .. }), "{err:?}");
    assert!(
        err.to_string().contains("ClientBuilder::idle_timeout"),
        "{err}"
    );
}

#[tokio::test]
async fn a_cut_connection_is_retried_on_reads_and_never_on_a_submit() {
    let ok = response(200, &[], r#"{"status": "IN_QUEUE", "queue_position": 4}"#);
    let server = Hostile::start(vec![Act::HangUp, Act::Raw(ok)]).await;
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let status = hostile_client(&server)
        .status(&handle, false)
        .await
        .unwrap();
    assert_eq!(status.queue_position, Some(4));
    assert_eq!(server.requests(), 2, "the status read was sent again");

    let server = Hostile::start(vec![Act::HangUp]).await;
    let err = hostile_client(&server)
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport { .. }), "{err:?}");
    assert_eq!(
        server.requests(),
        1,
        "exactly one submit reached the server"
    );
}

#[tokio::test]
async fn a_transport_error_names_its_cause() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .key(&FAL, FAL_KEY)
        .base_url(&FAL, format!("http://127.0.0.1:{port}/queue"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .submit(Ray2ImageToVideo, &ray2_input())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("refused"), "{text}");
}

#[tokio::test]
async fn the_key_echoed_in_any_form_never_reaches_an_error() {
    let escaped: String = FAL_KEY.replace('-', "\\u002d");
    let percent: String = FAL_KEY.replace('-', "%2D");
    let (head, tail) = FAL_KEY.split_at(7);
    let wrapped = format!("{head}\n  {tail}");
    let long_prefix = "x".repeat(295);
    for body in [
        format!(r#"{{"detail": "bad key {FAL_KEY}"}}"#),
        format!(r#"{{"detail": "bad key {escaped}"}}"#),
        format!("invalid credentials: key={percent}"),
        format!("invalid key:\n{wrapped}\n"),
        // The key straddles the 300-character cut of the message.
        format!("{long_prefix}{FAL_KEY}"),
    ] {
        let stub = Stub::start().await;
        stub.on("POST", SUBMIT, [Reply::text(401, &body)]);
        let err = client(&stub)
            .submit(Ray2ImageToVideo, &ray2_input())
            .await
            .unwrap_err();
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("7f3a9c"), "{shown}");
            assert!(!shown.contains("secret"), "{shown}");
        }
    }
    let debug = format!("{:?}", client(&Stub::start().await));
    assert!(!debug.contains("7f3a9c"), "{debug}");
}

#[tokio::test]
async fn redirects_are_followed_within_the_origin_only() {
    let elsewhere = Hostile::start(vec![Act::Raw(response(200, &[], "{}"))]).await;
    let stub = Stub::start().await;
    let status = format!("{REQUESTS}/status");
    stub.on(
        "GET",
        &status,
        [Reply::text(307, "").header("location", &elsewhere.url("/steal"))],
    );
    let handle = RequestHandle::<Ray2ImageToVideo>::new("req-1");
    let err = client(&stub).status(&handle, false).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Redirected { status: 307, location, .. } if location.ends_with("/steal")),
        "{err:?}"
    );
    assert_eq!(
        elsewhere.requests(),
        0,
        "nothing, and no key, went elsewhere"
    );

    stub.on(
        "GET",
        &status,
        [Reply::text(307, "").header("location", &format!("{REQUESTS}/moved"))],
    );
    stub.on(
        "GET",
        &format!("{REQUESTS}/moved"),
        [Reply::ok(json!({"status": "IN_PROGRESS"}))],
    );
    let answer = client(&stub).status(&handle, false).await.unwrap();
    assert_eq!(answer.queue_position, None);
    let moved = &stub.requests_to("GET", &format!("{REQUESTS}/moved"))[0];
    assert_eq!(
        moved.authorization.as_deref(),
        Some("Key fal-secret-7f3a9c"),
        "a same-origin redirect keeps the key"
    );
}

/// A client whose storage API is the stub's `/rest`, uploading in parts above 10 bytes.
fn uploader(stub: &Stub) -> Client {
    Client::builder()
        .key(&FAL, FAL_KEY)
        .storage_url(stub.url("/rest"))
        .multipart_upload(10, 4)
        .retry(quick_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_small_upload_goes_in_one_put_without_the_key() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        "/rest/storage/upload/initiate",
        [Reply::ok(json!({
            "upload_url": stub.url("/bucket/a.png?sig=1"),
            "file_url": "https://cdn.example.com/a.png"
        }))],
    );
    stub.on("PUT", "/bucket/a.png", [Reply::text(200, "")]);
    let url = uploader(&stub)
        .upload(&FAL, b"tiny".to_vec(), "image/png")
        .await
        .unwrap();
    assert_eq!(url, "https://cdn.example.com/a.png");
    let initiate = &stub.requests_to("POST", "/rest/storage/upload/initiate")[0];
    assert_eq!(initiate.query.as_deref(), Some("storage_type=fal-cdn-v3"));
    assert_eq!(
        initiate.authorization.as_deref(),
        Some("Key fal-secret-7f3a9c")
    );
    let name = initiate.json()["file_name"].as_str().unwrap().to_string();
    assert!(name.ends_with(".png"), "{name}");
    let put = &stub.requests_to("PUT", "/bucket/a.png")[0];
    assert_eq!(put.body, b"tiny");
    assert_eq!(put.query.as_deref(), Some("sig=1"));
    assert_eq!(put.header("content-type"), Some("image/png"));
    assert_eq!(put.authorization, None);
}

#[tokio::test]
async fn a_large_upload_goes_in_parts_and_a_failed_part_is_sent_again() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        "/rest/storage/upload/initiate-multipart",
        [Reply::ok(json!({
            "upload_url": stub.url("/bucket/big?sig=2"),
            "file_url": "https://cdn.example.com/big.bin"
        }))],
    );
    stub.on(
        "PUT",
        "/bucket/big/1",
        [Reply::text(200, "").header("etag", "\"e1\"")],
    );
    stub.on(
        "PUT",
        "/bucket/big/2",
        [
            Reply::text(500, "disk hiccup"),
            Reply::ok(json!({"partNumber": 2, "etag": "e2"})),
        ],
    );
    stub.on(
        "PUT",
        "/bucket/big/3",
        [Reply::text(200, "").header("etag", "\"e3\"")],
    );
    stub.on("POST", "/bucket/big/complete", [Reply::ok(json!({}))]);
    let file = std::env::temp_dir().join(format!("genmedia-upload-{}.bin", std::process::id()));
    std::fs::write(&file, b"0123456789ab").unwrap();
    let url = uploader(&stub).upload_file(&FAL, &file).await;
    std::fs::remove_file(&file).unwrap();
    assert_eq!(url.unwrap(), "https://cdn.example.com/big.bin");
    let parts: Vec<Vec<u8>> = (1..=3)
        .map(|n| {
            stub.requests_to("PUT", &format!("/bucket/big/{n}"))
                .last()
                .unwrap()
                .body
                .clone()
        })
        .collect();
    assert_eq!(
        parts,
        [b"0123".to_vec(), b"4567".to_vec(), b"89ab".to_vec()]
    );
    assert_eq!(stub.requests_to("PUT", "/bucket/big/2").len(), 2);
    let complete = &stub.requests_to("POST", "/bucket/big/complete")[0];
    assert_eq!(
        complete.json(),
        json!({"parts": [
            {"partNumber": 1, "etag": "\"e1\""},
            {"partNumber": 2, "etag": "e2"},
            {"partNumber": 3, "etag": "\"e3\""}
        ]})
    );
    assert_eq!(complete.query.as_deref(), Some("sig=2"));
    assert_eq!(complete.authorization, None);
}

#[tokio::test]
async fn a_part_that_keeps_failing_fails_the_upload_before_completing_it() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        "/rest/storage/upload/initiate-multipart",
        [Reply::ok(json!({
            "upload_url": stub.url("/bucket/big"),
            "file_url": "https://cdn.example.com/big.bin"
        }))],
    );
    stub.on(
        "PUT",
        "/bucket/big/1",
        [Reply::text(200, "").header("etag", "e1")],
    );
    stub.on("PUT", "/bucket/big/2", [Reply::text(503, "unavailable")]);
    let err = uploader(&stub)
        .upload(&FAL, b"0123456789ab".to_vec(), "application/octet-stream")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Server {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(stub.requests_to("PUT", "/bucket/big/3").is_empty());
    assert!(stub.requests_to("POST", "/bucket/big/complete").is_empty());

    let missing = uploader(&stub)
        .upload_file(&FAL, "no/such/file.png")
        .await
        .unwrap_err();
    assert!(
        missing
            .to_string()
            .starts_with("cannot read no/such/file.png"),
        "{missing}"
    );
}

#[tokio::test]
async fn any_endpoint_by_id_with_json_and_its_options_and_metrics() {
    let stub = Stub::start().await;
    let id = "acme/brand-new/v2";
    stub.on(
        "POST",
        "/queue/acme/brand-new/v2",
        [Reply::ok(
            json!({"request_id": "req-9", "queue_position": 0}),
        )],
    );
    stub.on(
        "GET",
        "/queue/acme/brand-new/requests/req-9/status",
        [Reply::ok(json!({
            "status": "COMPLETED",
            "metrics": {"inference_time": 1.5, "gpu": "h100"}
        }))],
    );
    stub.on(
        "GET",
        "/queue/acme/brand-new/requests/req-9",
        [Reply::ok(
            json!({"image": {"url": "https://cdn.example.com/x.png"}, "new_field": 7}),
        )],
    );
    let client = client(&stub);
    let options = SubmitOptions::new()
        .priority(Priority::Low)
        .start_timeout(Duration::from_millis(1500));
    let handle = client
        .submit_json(&FAL, id, &json!({"prompt": "x"}), &options)
        .await
        .unwrap();
    let sent = &stub.requests_to("POST", "/queue/acme/brand-new/v2")[0];
    assert_eq!(sent.header("x-fal-queue-priority"), Some("low"));
    assert_eq!(sent.header("x-fal-request-timeout"), Some("2"));
    let status = client.status_json(&handle, false).await.unwrap();
    let metrics = status.metrics.unwrap();
    assert_eq!(metrics.inference_time, Some(1.5));
    assert_eq!(metrics.all["gpu"], "h100");
    let result = client.result_json(&handle).await.unwrap();
    assert_eq!(result.request_id.as_deref(), Some("req-9"));
    assert_eq!(result.data["new_field"], 7);

    let followed = client
        .subscribe_json(&FAL, id, &json!({"prompt": "x"}), fast())
        .await
        .unwrap();
    assert_eq!(
        followed.data["image"]["url"],
        "https://cdn.example.com/x.png"
    );

    stub.on(
        "POST",
        "/run/acme/brand-new/v2",
        [Reply::ok(json!({"ok": true})).header("x-fal-request-id", "sync-1")],
    );
    let ran = client.run_json(&FAL, id, &json!({})).await.unwrap();
    assert_eq!(
        (ran.request_id.as_deref(), &ran.data),
        (Some("sync-1"), &json!({"ok": true}))
    );

    let refused = client.run_json(&AIMLAPI, id, &json!({})).await.unwrap_err();
    assert!(
        matches!(refused, ClientError::Unsupported { .. }),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_stream_id_ending_in_stream_gets_no_second_stream() {
    let stub = Stub::start().await;
    stub.on(
        "POST",
        "/run/fal-ai/flux-krea-lora/stream",
        [Reply::sse([(Duration::ZERO, "data: {\"images\": []}\n\n")])],
    );
    let stream = client(&stub)
        .stream_json(
            &FAL,
            "fal-ai/flux-krea-lora/stream",
            &json!({"prompt": "x"}),
            StreamOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(stream.output().await.unwrap().data, json!({"images": []}));
}

#[tokio::test]
async fn a_failed_request_says_fals_error_type_and_typed_outputs_keep_unknown_fields() {
    let stub = Stub::start().await;
    stub.on("POST", SUBMIT, [submitted(0)]);
    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [Reply::ok(json!({
            "status": "COMPLETED",
            "error": "out of memory",
            "error_type": "runner_oom"
        }))],
    );
    let err = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), fast())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "request req-1 failed: out of memory (runner_oom)"
    );

    stub.on(
        "GET",
        &format!("{REQUESTS}/status"),
        [Reply::ok(json!({"status": "COMPLETED"}))],
    );
    stub.on(
        "GET",
        REQUESTS,
        [Reply::ok(json!({
            "video": {"url": "https://cdn.example.com/out.mp4"},
            "added_by_fal_later": {"fps": 24}
        }))],
    );
    let response = client(&stub)
        .subscribe_with(Ray2ImageToVideo, &ray2_input(), fast())
        .await
        .unwrap();
    assert_eq!(response.data.video.url, "https://cdn.example.com/out.mp4");
    assert_eq!(response.json["added_by_fal_later"]["fps"], 24);
}

#[tokio::test]
async fn an_event_larger_than_the_limit_ends_the_stream() {
    let stub = Stub::start().await;
    let huge = "x".repeat(64 * 1024);
    stub.on(
        "POST",
        "/run/acme/streamer/stream",
        [Reply::sse([
            (Duration::ZERO, "data: {\"step\": 1}\n\n".to_string()),
            (Duration::ZERO, format!("data: \"{huge}")),
        ])],
    );
    let client = Client::builder()
        .key(&FAL, FAL_KEY)
        .sync_base_url(&FAL, stub.url("/run"))
        .max_answer_size(16 * 1024)
        .build()
        .unwrap();
    let mut stream = client
        .stream_json(&FAL, "acme/streamer", &json!({}), StreamOptions::default())
        .await
        .unwrap();
    assert_eq!(
        stream.next().await.unwrap().unwrap().json,
        json!({"step": 1})
    );
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(err, ClientError::TooLarge { limit: 16384, .. }),
        "{err:?}"
    );
    assert!(stream.next().await.is_none());
}
