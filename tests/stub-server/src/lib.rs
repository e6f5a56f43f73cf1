//! A scripted HTTP server on loopback for the client's tests: it stands in for fal's queue,
//! `fal.run` and the AI/ML API, answers each `METHOD /path` with the responses a test scripted
//! for it, in order (the last one repeats), and records every request it received.
//!
//! Serve fal's queue under `/queue`, `fal.run` under `/run` and the AI/ML API under `/aiml` by
//! pointing the client's base URLs at [`Stub::url`]`("/queue")` and so on.
//!
//! A reply can also be an event stream ([`Reply::sse`]): raw chunks written one after another,
//! each after its delay, so that a test can split an event across network reads or stall.

#![forbid(unsafe_code)]

pub mod hostile;

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use serde_json::Value;

/// One scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    /// An event stream's chunks, each after its delay; the body then.
    chunks: Vec<(Duration, Vec<u8>)>,
}

impl Reply {
    /// A JSON answer with this status.
    pub fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
            chunks: Vec::new(),
        }
    }

    /// `200 OK` with a JSON body.
    pub fn ok(body: Value) -> Self {
        Reply::json(200, body)
    }

    /// A plain-text answer with this status.
    pub fn text(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            chunks: Vec::new(),
        }
    }

    /// `200 OK` with `content-type: text/event-stream`, whose body is `chunks` written as they
    /// are (raw SSE text, not framed for the test), each after its delay; the body ends after the
    /// last one. A long delay stands for a server that stalls.
    pub fn sse<S: Into<String>>(chunks: impl IntoIterator<Item = (Duration, S)>) -> Self {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: Vec::new(),
            delay: Duration::ZERO,
            chunks: chunks
                .into_iter()
                .map(|(delay, chunk)| (delay, chunk.into().into_bytes()))
                .collect(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long before answering.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A request the stub received.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The `Accept` header, if any.
    pub accept: Option<String>,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The header `name` (lower case), if the request had it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

#[derive(Default)]
struct State {
    script: HashMap<(String, String), Vec<Reply>>,
    served: HashMap<(String, String), usize>,
    log: Vec<Recorded>,
}

/// The running server. It stops when the test's runtime ends.
#[derive(Clone)]
pub struct Stub {
    base: String,
    state: Arc<Mutex<State>>,
}

impl Stub {
    /// Starts a server on a free loopback port, on the current tokio runtime.
    pub async fn start() -> Stub {
        let state = Arc::new(Mutex::new(State::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("the bound address");
        let app = Router::new().fallback({
            let state = state.clone();
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move { answer(&state, method, uri, headers, body).await }
            }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Stub {
            base: format!("http://{addr}"),
            state,
        }
    }

    /// The server's URL followed by `path` (`/queue`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Scripts the answers to `method path`: one per request, in order, the last one repeated.
    pub fn on(&self, method: &str, path: &str, replies: impl IntoIterator<Item = Reply>) {
        self.lock().script.insert(
            (method.to_string(), path.to_string()),
            replies.into_iter().collect(),
        );
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().log.clone()
    }

    /// The requests received for `method path`.
    pub fn requests_to(&self, method: &str, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn answer(
    state: &Mutex<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let key = (method.to_string(), uri.path().to_string());
    let reply = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.log.push(Recorded {
            method: key.0.clone(),
            path: key.1.clone(),
            query: uri.query().map(str::to_string),
            authorization: header("authorization"),
            accept: header("accept"),
            headers: headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_string(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: body.to_vec(),
        });
        let served = state.served.get(&key).copied().unwrap_or(0);
        let reply = state
            .script
            .get(&key)
            .and_then(|replies| replies.get(served).or(replies.last()))
            .cloned();
        state.served.insert(key.clone(), served + 1);
        reply
    };
    let reply = reply.unwrap_or_else(|| {
        Reply::text(
            404,
            &format!("the stub has no script for {} {}", key.0, key.1),
        )
    });
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    let body = if reply.chunks.is_empty() {
        Body::from(reply.body)
    } else {
        Body::from_stream(Chunks {
            chunks: reply.chunks.into(),
            timer: None,
        })
    };
    response
        .body(body)
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// An event stream's body: each chunk after its delay. Dropped (with its timer) when the client
/// closes the connection.
struct Chunks {
    chunks: VecDeque<(Duration, Vec<u8>)>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            let Some((delay, _)) = this.chunks.front() else {
                return Poll::Ready(None);
            };
            if !delay.is_zero() {
                let delay = *delay;
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(delay)));
                if timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.timer = None;
            }
            // An empty chunk only waits (an empty HTTP chunk would end the body).
            match this.chunks.pop_front() {
                Some((_, chunk)) if !chunk.is_empty() => {
                    return Poll::Ready(Some(Ok(Bytes::from(chunk))))
                }
                _ => {}
            }
        }
    }
}
