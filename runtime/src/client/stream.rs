//! Server-sent events: an endpoint's partial results ([`Client::stream`]) and a queued request's
//! status updates ([`Client::status_stream`]), both as async streams.
//!
//! A streaming call is `POST <sync base>/<endpoint id>/stream` with `Accept: text/event-stream`;
//! the server answers with events whose data is JSON: partial results, the last one the final
//! output. The status stream is `GET <base>/<owner/alias>/requests/<id>/status/stream`, one
//! status per event until the request completes.
//!
//! The framing (multi-line `data:`, comments, `event:` names, CR/LF line ends, events split
//! across network reads) is decoded by the `sse-stream` crate. An event named `error` ends the
//! stream with [`ClientError::StreamError`]. When nothing arrives for
//! [`StreamOptions::idle_timeout`] (the answer, an event, or a keep-alive comment) the stream
//! ends with [`ClientError::StreamTimeout`]. Dropping a stream closes its connection.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, Url};
use serde::Deserialize;
use serde_json::Value;
use sse_stream::SseByteStream;

use super::answer::{decode, server_message};
use super::error::ClientError;
use super::key::ApiKey;
use super::queue::{QueueState, QueueStatus, RequestHandle};
use super::response::Response;
use super::transport::Call;
use super::{Client, Target};
use crate::endpoint::{Endpoint, Provider, QueueEndpoint, Route, StreamingEndpoint};

/// How long a stream waits for data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    idle_timeout: Duration,
}

impl Default for StreamOptions {
    /// Gives up after 15 seconds without data, the default of fal's own client.
    fn default() -> Self {
        StreamOptions {
            idle_timeout: Duration::from_secs(15),
        }
    }
}

impl StreamOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Closes the stream with [`ClientError::StreamTimeout`] when nothing arrives for `idle`:
    /// not the answer to the request, nor an event, nor a keep-alive comment (default 15 s). The
    /// stream as a whole has no time limit (the client's `request_timeout` does not apply).
    #[must_use]
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = idle;
        self
    }

    /// The idle timeout.
    pub fn idle(&self) -> Duration {
        self.idle_timeout
    }
}

/// One event of an endpoint's stream: a partial result, or the final output (the last event).
///
/// Partial results are decoded leniently: `json` always holds the event, and `typed` holds it as
/// the endpoint's [`Event`](StreamingEndpoint::Event) type when it has that type's shape. A
/// partial result often lacks fields the final output has (a preview image without `seed` or
/// `timings`), and then `typed` is `None`; that is not an error.
#[non_exhaustive]
pub struct StreamEvent<E: StreamingEndpoint> {
    /// The event's name (its `event:` line), if the server gave one.
    pub name: Option<String>,
    /// The event's data, as JSON.
    pub json: Value,
    /// The event as the endpoint's event type, when its JSON decodes as that type.
    pub typed: Option<E::Event>,
}

impl<E: StreamingEndpoint> Clone for StreamEvent<E> {
    fn clone(&self) -> Self {
        StreamEvent {
            name: self.name.clone(),
            json: self.json.clone(),
            typed: self.typed.clone(),
        }
    }
}

impl<E: StreamingEndpoint> fmt::Debug for StreamEvent<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamEvent")
            .field("name", &self.name)
            .field("json", &self.json)
            .field("typed", &self.typed)
            .finish()
    }
}

/// What the typed and the JSON event streams share: the events, the request id, and the last
/// event's data, which is the final output once the stream has ended.
struct Core {
    events: Events<IdleBody<reqwest::Body>>,
    request_id: Option<String>,
    /// The data of the last event so far.
    last: Option<String>,
    /// The error that ended the stream, as text, once it has been returned.
    failure: Option<String>,
}

impl Core {
    /// The next event's name and JSON.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<JsonEvent, ClientError>>> {
        let decoded = match ready!(self.events.poll_block(cx)) {
            None => return Poll::Ready(None),
            Some(Err(err)) => Err(err),
            Some(Ok(block)) => {
                decode::<Value>(&self.events.url, block.data.as_bytes(), &self.events.key)
                    .map(|json| (block, json))
            }
        };
        match decoded {
            Ok((block, json)) => {
                self.last = Some(block.data);
                Poll::Ready(Some(Ok(JsonEvent {
                    name: block.event,
                    json,
                })))
            }
            Err(err) => {
                self.events.finish();
                self.failure = Some(err.to_string());
                Poll::Ready(Some(Err(err)))
            }
        }
    }

    /// Reads the rest of the stream; returns the last event as the output.
    async fn output<T: serde::de::DeserializeOwned>(&mut self) -> Result<Response<T>, ClientError> {
        let last = self.last_data().await?;
        Response::decode(
            &self.events.url,
            last.as_bytes(),
            &self.events.key,
            self.request_id.clone(),
        )
    }

    /// Reads the rest of the stream; returns the last event's data.
    async fn last_data(&mut self) -> Result<String, ClientError> {
        while let Some(event) = std::future::poll_fn(|cx| self.poll_event(cx)).await {
            event?;
        }
        if let Some(failure) = self.failure.take() {
            return Err(ClientError::StreamError {
                message: format!("the stream has no output, it failed: {failure}"),
            });
        }
        self.last.take().ok_or_else(|| ClientError::StreamError {
            message: "the stream ended without an event".to_string(),
        })
    }
}

/// The events of a streaming call, from [`Client::stream`]: a
/// [`Stream`](futures_core::Stream) of [`StreamEvent`]s, which ends after the last event. Read
/// them with [`next`](Self::next) (or any stream combinator), and get the final output with
/// [`output`](Self::output). Dropping it closes the connection.
pub struct EventStream<E> {
    core: Core,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("endpoint", &E::ID)
            .field("request_id", &self.core.request_id)
            .field("ended", &self.core.events.finished())
            .finish_non_exhaustive()
    }
}

impl<E: StreamingEndpoint> EventStream<E> {
    /// The next event; `None` once the stream has ended (after its last event, or after an
    /// error).
    pub async fn next(&mut self) -> Option<Result<StreamEvent<E>, ClientError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the stream and returns the final output: the last event, decoded as the
    /// endpoint's output type (strictly: an event without the output's required fields is a
    /// [`ClientError::Decode`]), with the request id. A stream that failed (an error event, a
    /// stall) has no output, even when [`next`](Self::next) has already returned its error.
    pub async fn output(mut self) -> Result<Response<E::Output>, ClientError> {
        self.core.output().await
    }

    /// The request id fal gave the call (its `x-fal-request-id` header), if it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.core.request_id.as_deref()
    }
}

impl<E: StreamingEndpoint> Stream for EventStream<E> {
    type Item = Result<StreamEvent<E>, ClientError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let event = ready!(this.core.poll_event(cx)).map(|event| {
            event.map(|JsonEvent { name, json }| StreamEvent {
                name,
                typed: E::Event::deserialize(&json).ok(),
                json,
            })
        });
        Poll::Ready(event)
    }
}

/// One event of a [`JsonStream`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct JsonEvent {
    /// The event's name (its `event:` line), if the server gave one.
    pub name: Option<String>,
    /// The event's data.
    pub json: Value,
}

/// The events of a streaming call to any endpoint by id, from [`Client::stream_json`]: as
/// [`EventStream`], with JSON for events and output.
pub struct JsonStream {
    core: Core,
    endpoint_id: String,
}

impl fmt::Debug for JsonStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream")
            .field("endpoint", &self.endpoint_id)
            .field("request_id", &self.core.request_id)
            .field("ended", &self.core.events.finished())
            .finish_non_exhaustive()
    }
}

impl JsonStream {
    /// The next event; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<JsonEvent, ClientError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the stream and returns the last event, the final output.
    pub async fn output(mut self) -> Result<Response<Value>, ClientError> {
        self.core.output().await
    }

    /// The request id fal gave the call, if it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.core.request_id.as_deref()
    }
}

impl Stream for JsonStream {
    type Item = Result<JsonEvent, ClientError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().core.poll_event(cx)
    }
}

/// A queued request's status updates, from [`Client::status_stream`]: a
/// [`Stream`](futures_core::Stream) of [`QueueStatus`]es that ends after the one whose state is
/// [`QueueState::Completed`] (fetch the result with [`Client::result`]). Each update carries the
/// log lines that are new since the previous one, as fal's own client reads the stream (it
/// accumulates them). A stream that ends before the request completes yields a
/// [`ClientError::StreamError`]. Dropping it closes the connection.
pub struct StatusStream {
    events: Events<IdleBody<reqwest::Body>>,
    /// The request completed, the stream failed, or the server ended it.
    ended: bool,
}

impl fmt::Debug for StatusStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusStream")
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl StatusStream {
    /// The next status; `None` once the request has completed (or after an error).
    pub async fn next(&mut self) -> Option<Result<QueueStatus, ClientError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next status, with `None` also when the server ended the stream early (`subscribe`
    /// then opens it again).
    pub(crate) async fn next_status(&mut self) -> Option<Result<QueueStatus, ClientError>> {
        std::future::poll_fn(|cx| self.poll_status(cx)).await
    }

    fn poll_status(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<QueueStatus, ClientError>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let block = match ready!(self.events.poll_block(cx)) {
            None => {
                self.ended = true;
                return Poll::Ready(None);
            }
            Some(Err(err)) => {
                self.ended = true;
                return Poll::Ready(Some(Err(err)));
            }
            Some(Ok(block)) => block,
        };
        let status: Result<QueueStatus, _> =
            decode(&self.events.url, block.data.as_bytes(), &self.events.key);
        match &status {
            Ok(status) if status.status != QueueState::Completed => {}
            // Completed, or not a status: nothing more to read.
            _ => {
                self.ended = true;
                self.events.finish();
            }
        }
        Poll::Ready(Some(status))
    }
}

impl Stream for StatusStream {
    type Item = Result<QueueStatus, ClientError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let completed_before = this.ended;
        match ready!(this.poll_status(cx)) {
            None if !completed_before => Poll::Ready(Some(Err(ClientError::StreamError {
                message: "the status stream ended before the request completed".to_string(),
            }))),
            other => Poll::Ready(other),
        }
    }
}

impl Client {
    /// Validates `input` and calls the streaming endpoint, with the default
    /// [`StreamOptions`]. Only endpoints that stream implement [`StreamingEndpoint`], so
    /// streaming any other endpoint is a compile error.
    ///
    /// Returns once the server has answered: 401, 422 and the like are errors here, and 429,
    /// 502, 503 and 504 are retried first; the events come from the returned stream.
    pub async fn stream<E: StreamingEndpoint>(
        &self,
        endpoint: E,
        input: &E::Input,
    ) -> Result<EventStream<E>, ClientError> {
        self.stream_with(endpoint, input, StreamOptions::default())
            .await
    }

    /// [`stream`](Self::stream) with options (the idle timeout).
    pub async fn stream_with<E: StreamingEndpoint>(
        &self,
        _endpoint: E,
        input: &E::Input,
        options: StreamOptions,
    ) -> Result<EventStream<E>, ClientError> {
        if !matches!(E::ROUTE, Route::FalQueue) {
            return Err(ClientError::Unsupported {
                endpoint: E::ID.to_string(),
                reason: "only fal's endpoints stream",
            });
        }
        let json = super::checked_json::<E>(input)?;
        let core = self.open_stream(Target::of::<E>(), &json, options).await?;
        Ok(EventStream {
            core,
            endpoint: PhantomData,
        })
    }

    /// Calls a streaming fal endpoint by id with a JSON input, for endpoints that have no
    /// generated type yet: as [`stream_with`](Self::stream_with), with JSON events. The input
    /// is not validated here (there is no schema to validate it against); the server judges it.
    pub async fn stream_json(
        &self,
        provider: &'static Provider,
        endpoint_id: &str,
        input: &Value,
        options: StreamOptions,
    ) -> Result<JsonStream, ClientError> {
        let target = super::json::fal_target(provider, endpoint_id)?;
        let core = self.open_stream(target, input, options).await?;
        Ok(JsonStream {
            core,
            endpoint_id: endpoint_id.to_string(),
        })
    }

    /// `POST <sync base>/<id>/stream`, or `<id>` alone when it already ends in `/stream` (as
    /// `fal-ai/flux-krea-lora/stream` does).
    async fn open_stream(
        &self,
        target: Target<'_>,
        input: &Value,
        options: StreamOptions,
    ) -> Result<Core, ClientError> {
        let base = self
            .sync_base_url(target.provider)
            .ok_or_else(|| ClientError::Unsupported {
                endpoint: target.id.to_string(),
                reason: "its provider has no synchronous base URL",
            })?;
        let url = if target.id.trim_end_matches('/').ends_with("/stream") {
            self.url(base, &[target.id])?
        } else {
            self.url(base, &[target.id, "stream"])?
        };
        let key = self.key(target.provider)?;
        let call = Call::new(Method::POST, url, target.provider, &key).json(input);
        let (events, request_id) = self.open_events(call, options.idle_timeout).await?;
        Ok(Core {
            events,
            request_id,
            last: None,
            failure: None,
        })
    }

    /// Follows a queued request's status as it changes, through fal's status stream (with log
    /// lines), with the default [`StreamOptions`]: an alternative to polling
    /// [`status`](Self::status).
    pub async fn status_stream<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
    ) -> Result<StatusStream, ClientError> {
        self.status_stream_with(handle, StreamOptions::default())
            .await
    }

    /// [`status_stream`](Self::status_stream) with options (the idle timeout).
    pub async fn status_stream_with<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
        options: StreamOptions,
    ) -> Result<StatusStream, ClientError> {
        self.queue_status_stream(
            Target::of::<E>(),
            handle.request_id(),
            true,
            options.idle_timeout,
        )
        .await
    }

    pub(crate) async fn queue_status_stream(
        &self,
        target: Target<'_>,
        request_id: &str,
        logs: bool,
        idle: Duration,
    ) -> Result<StatusStream, ClientError> {
        let mut url = self.request_url(target, request_id, Some("status/stream"))?;
        if logs {
            url.query_pairs_mut().append_pair("logs", "1");
        }
        let key = self.key(target.provider)?;
        let call = Call::new(Method::GET, url, target.provider, &key);
        let (events, _) = self.open_events(call, idle).await?;
        Ok(StatusStream {
            events,
            ended: false,
        })
    }

    /// Sends the request (with retries, mapping failures to errors) and returns its events,
    /// with the request id fal gave it.
    async fn open_events(
        &self,
        call: Call<'_>,
        idle: Duration,
    ) -> Result<(Events<IdleBody<reqwest::Body>>, Option<String>), ClientError> {
        let call = Call {
            accept: Some("text/event-stream"),
            stream_idle: Some(idle),
            ..call
        };
        let response = self.inner.transport.send_for_response(&call).await?;
        let url = call.url;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        if let Some(kind) = header(CONTENT_TYPE.as_str()) {
            if !kind.trim_start().starts_with("text/event-stream") {
                return Err(ClientError::StreamError {
                    message: format!(
                        "{url} answered with {kind:?} instead of an event stream \
                         (text/event-stream)"
                    ),
                });
            }
        }
        let request_id = super::transport::request_id(response.headers());
        let max_event = self.inner.transport.limits.max_answer;
        let body = IdleBody {
            body: reqwest::Body::from(response),
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
            size: EventSize::new(max_event),
        };
        Ok((Events::new(body, url, call.key.clone(), idle), request_id))
    }
}

/// What ends a response body early.
#[derive(Debug)]
enum BodyError {
    /// Nothing arrived for the idle timeout.
    Idle,
    /// One event was larger than the limit (in bytes).
    TooLarge(usize),
    /// The connection failed.
    Transport(reqwest::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Idle => f.write_str("no data arrived within the idle timeout"),
            BodyError::TooLarge(limit) => write!(f, "an event is larger than {limit} bytes"),
            BodyError::Transport(err) => err.fmt(f),
        }
    }
}

impl StdError for BodyError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            BodyError::Idle | BodyError::TooLarge(_) => None,
            BodyError::Transport(err) => Some(err),
        }
    }
}

/// A response body as a stream of byte chunks that fails with [`BodyError::Idle`] when no
/// chunk arrives for `idle`, and with [`BodyError::TooLarge`] when one event grows past the
/// limit (so that a server cannot make the decoder hold an endless line).
struct IdleBody<B> {
    body: B,
    idle: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    size: EventSize,
}

/// The size of the event being received: the bytes since the last blank line, which ends an
/// event (lines end with CR, LF or CRLF).
#[derive(Debug)]
struct EventSize {
    limit: usize,
    pending: usize,
    at_line_start: bool,
    after_cr: bool,
}

impl EventSize {
    fn new(limit: usize) -> Self {
        EventSize {
            limit,
            pending: 0,
            at_line_start: true,
            after_cr: false,
        }
    }

    /// Counts `chunk`; `false` when the current event has passed the limit.
    fn count(&mut self, chunk: &[u8]) -> bool {
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => {
                    // The LF of a CRLF: counted with its CR.
                    self.after_cr = false;
                    continue;
                }
                b'\r' | b'\n' => {
                    if self.at_line_start {
                        self.pending = 0;
                        self.after_cr = byte == b'\r';
                        continue;
                    }
                    self.at_line_start = true;
                    self.after_cr = byte == b'\r';
                }
                _ => {
                    self.at_line_start = false;
                    self.after_cr = false;
                }
            }
            self.pending += 1;
            if self.pending > self.limit {
                return false;
            }
        }
        true
    }
}

impl<B> Stream for IdleBody<B>
where
    B: http_body::Body<Data = Bytes, Error = reqwest::Error> + Unpin,
{
    type Item = Result<Bytes, BodyError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match Pin::new(&mut this.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    let deadline = tokio::time::Instant::now() + this.idle;
                    this.timer.as_mut().reset(deadline);
                    // Trailers and empty chunks carry no events.
                    if let Ok(data) = frame.into_data() {
                        if !this.size.count(&data) {
                            return Poll::Ready(Some(Err(BodyError::TooLarge(this.size.limit))));
                        }
                        if !data.is_empty() {
                            return Poll::Ready(Some(Ok(data)));
                        }
                    }
                }
                Poll::Ready(Some(Err(err))) => {
                    return Poll::Ready(Some(Err(BodyError::Transport(err))))
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => {
                    ready!(this.timer.as_mut().poll(cx));
                    return Poll::Ready(Some(Err(BodyError::Idle)));
                }
            }
        }
    }
}

/// One event's name and data.
#[derive(Debug, PartialEq)]
struct Block {
    event: Option<String>,
    data: String,
}

/// The events of a body: SSE framing decoded, `error` events and failures turned into
/// [`ClientError`]s, events without data skipped. Ends after the first error.
struct Events<S: Stream<Item = Result<Bytes, BodyError>>> {
    /// `None` once ended: the body (and its connection) is dropped then.
    inner: Option<SseByteStream<S>>,
    url: Url,
    key: ApiKey,
    idle: Duration,
}

impl<S> Events<S>
where
    S: Stream<Item = Result<Bytes, BodyError>> + Unpin,
{
    fn new(body: S, url: Url, key: ApiKey, idle: Duration) -> Self {
        Events {
            inner: Some(SseByteStream::new(body)),
            url,
            key,
            idle,
        }
    }

    fn finished(&self) -> bool {
        self.inner.is_none()
    }

    /// Ends the stream and closes its connection.
    fn finish(&mut self) {
        self.inner = None;
    }

    fn poll_block(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Block, ClientError>>> {
        loop {
            let Some(inner) = self.inner.as_mut() else {
                return Poll::Ready(None);
            };
            let sse = match ready!(Pin::new(inner).poll_next(cx)) {
                Some(Ok(sse)) => sse,
                Some(Err(err)) => {
                    self.finish();
                    return Poll::Ready(Some(Err(self.error(err))));
                }
                None => {
                    self.finish();
                    return Poll::Ready(None);
                }
            };
            if sse.event.as_deref() == Some("error") {
                self.finish();
                let message = match sse.data.as_deref() {
                    Some(data) if !data.trim().is_empty() => {
                        server_message(data.as_bytes(), &self.key)
                    }
                    _ => "the server sent an error event without a message".to_string(),
                };
                return Poll::Ready(Some(Err(ClientError::StreamError { message })));
            }
            // A block with only an `id:` or `retry:` (or a lone `event:`) is not an event.
            if let Some(data) = sse.data {
                return Poll::Ready(Some(Ok(Block {
                    event: sse.event,
                    data,
                })));
            }
        }
    }

    fn error(&self, err: sse_stream::Error) -> ClientError {
        match err {
            sse_stream::Error::Body(source) => match source.downcast::<BodyError>() {
                Ok(body) => match *body {
                    BodyError::Idle => ClientError::StreamTimeout { idle: self.idle },
                    BodyError::TooLarge(limit) => ClientError::TooLarge {
                        url: self.url.to_string(),
                        limit,
                    },
                    BodyError::Transport(source) => ClientError::Transport {
                        url: self.url.to_string(),
                        source: source.without_url(),
                    },
                },
                Err(other) => ClientError::StreamError {
                    message: self.key.scrub(&other.to_string()),
                },
            },
            other => ClientError::StreamError {
                message: format!("{} did not send a valid event stream: {other}", self.url),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    /// Chunks of a body, as the network might deliver them.
    struct Chunks(VecDeque<Bytes>);

    impl Stream for Chunks {
        type Item = Result<Bytes, BodyError>;

        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.get_mut().0.pop_front().map(Ok))
        }
    }

    fn blocks(chunks: &[&[u8]]) -> Vec<Result<Block, String>> {
        let body = Chunks(chunks.iter().map(|c| Bytes::copy_from_slice(c)).collect());
        let url = Url::parse("http://localhost/x/stream").unwrap();
        let mut events = Events::new(body, url, ApiKey::new("k-123"), Duration::from_secs(1));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut out = Vec::new();
        while let Poll::Ready(Some(block)) = events.poll_block(&mut cx) {
            out.push(block.map_err(|e| e.to_string()));
        }
        out
    }

    fn block(event: Option<&str>, data: &str) -> Result<Block, String> {
        Ok(Block {
            event: event.map(str::to_string),
            data: data.to_string(),
        })
    }

    const STREAM: &[u8] = b": keep-alive\n\n\
        data: {\"a\":\n\
        data: 1}\n\n\
        event: progress\r\n\
        id: 7\r\n\
        data: {\"b\": 2}\r\n\r\n\
        retry: 100\n\n\
        data:{\"c\":3}\n\n";

    #[test]
    fn framing_multi_line_data_comments_names_and_line_ends() {
        assert_eq!(
            blocks(&[STREAM]),
            [
                block(None, "{\"a\":\n1}"),
                block(Some("progress"), "{\"b\": 2}"),
                block(None, "{\"c\":3}"),
            ]
        );
    }

    #[test]
    fn an_event_split_at_any_byte_decodes_the_same() {
        let whole = blocks(&[STREAM]);
        for at in 1..STREAM.len() {
            let (head, tail) = STREAM.split_at(at);
            assert_eq!(blocks(&[head, tail]), whole, "split at byte {at}");
        }
        let bytes: Vec<&[u8]> = STREAM.chunks(1).collect();
        assert_eq!(blocks(&bytes), whole, "one byte at a time");
    }

    #[test]
    fn an_error_event_ends_the_stream_with_the_scrubbed_message() {
        let got = blocks(&[
            b"data: {\"x\": 1}\n\n",
            b"event: error\ndata: {\"detail\": \"bad key k-123\"}\n\n",
            b"data: {\"x\": 2}\n\n",
        ]);
        assert_eq!(
            got,
            [
                block(None, "{\"x\": 1}"),
                Err("the event stream failed: bad key <redacted>".to_string()),
            ]
        );
    }

    #[test]
    fn an_unterminated_last_block_is_not_an_event() {
        // As the SSE specification says: the stream ended in the middle of an event.
        assert_eq!(
            blocks(&[b"data: {\"x\": 1}\n\ndata: {\"x\": 2}\n"]),
            [block(None, "{\"x\": 1}")]
        );
    }

    #[test]
    fn an_event_is_bounded_but_a_stream_of_small_events_is_not() {
        let mut size = EventSize::new(16);
        for _ in 0..1000 {
            assert!(size.count(b"data: 1234567\n\n"));
            assert!(size.count(b": ping\r\n\r\n"));
        }
        assert!(size.count(b"data: 1234567890"));
        assert!(!size.count(b"1"), "one line past the limit");
        let mut size = EventSize::new(16);
        assert!(size.count(b"data: 1\ndata: 2\n"));
        assert!(!size.count(b"data: 3\n"), "lines of one event add up");
    }

    #[test]
    fn the_streams_are_unpin_send_streams() {
        fn stream<T: Stream + Unpin + Send + 'static>() {}
        // Type-checked for every streaming endpoint, so never called.
        #[allow(dead_code, reason = "a compile-time check")]
        fn every_endpoint<E: StreamingEndpoint>() {
            stream::<EventStream<E>>();
        }
        stream::<StatusStream>();
    }
}
