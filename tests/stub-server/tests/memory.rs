//! The client's memory stays bounded whatever a server sends: an answer without end is cut at
//! the client's size limit, and the process's peak allocation stays near that limit. Measured
//! with an allocator that records the peak, in a test binary of its own so that no other test
//! allocates meanwhile.

use std::time::Duration;

use genmedia_runtime::client::{Client, ClientError, RetryPolicy};
use genmedia_runtime::{Auth, Provider, Routing};
use genmedia_stub_server::hostile::{Act, Hostile};
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

static PROVIDER: Provider = Provider {
    name: "fal",
    title: "fal.ai",
    routing: Routing::FalQueue,
    base_url: "http://127.0.0.1:9",
    sync_base_url: Some("http://127.0.0.1:9"),
    auth: Auth {
        header: "Authorization",
        scheme: "Key",
        env: "GENMEDIA_MEMORY_TEST_KEY",
    },
    docs_url: None,
};

const MIB: usize = 1024 * 1024;

#[tokio::test(flavor = "current_thread")]
async fn an_endless_answer_is_cut_at_the_limit_and_memory_stays_bounded() {
    let server = Hostile::start(vec![Act::Endless(64 * 1024)]).await;
    let limit = 8 * MIB;
    let client = Client::builder()
        .key(&PROVIDER, "k")
        .sync_base_url(&PROVIDER, server.url("/run"))
        .max_answer_size(limit)
        .idle_timeout(Duration::from_secs(10))
        .body_timeout(Duration::from_secs(60))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    GLOBAL.reset_peak_memory();
    let err = client
        .run_json(&PROVIDER, "acme/endless", &serde_json::json!({}))
        .await
        .unwrap_err();
    let peak = GLOBAL.get_peak_memory();
    assert!(
        matches!(err, ClientError::TooLarge { limit: l, .. } if l == limit),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("ClientBuilder::max_answer_size"),
        "{err}"
    );
    // The body read so far, and the buffer's growth to it: at most twice the limit, whatever
    // the server would have sent.
    eprintln!(
        "peak allocation while reading an endless answer: {} MiB",
        peak / MIB
    );
    assert!(peak < 3 * limit, "peak {peak} bytes for a limit of {limit}");
}
