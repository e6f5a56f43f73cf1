//! `subscribe`: send a request and follow it to its result, polling with backoff (or through
//! fal's status stream), reporting progress to an optional callback, and giving up (and
//! cancelling) after a timeout.

use std::fmt;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ClientError;
use super::queue::{LogEntry, Priority, QueueState, QueueStatus, SubmitOptions};
use super::response::Response;
use super::stream::StreamOptions;
use super::{Client, Target};
use crate::endpoint::{Endpoint, Follow, Poll, Subscribe};

/// What `subscribe` reports to its callback while it waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Update<'a> {
    /// The request was accepted: its id (the queue's request id, or the job's id).
    Submitted {
        /// The id.
        request_id: &'a str,
    },
    /// The request waits in the queue, at this position (reported when it changes).
    Queued {
        /// The place in the queue, if the server said.
        position: Option<u64>,
    },
    /// The request is running (reported once).
    InProgress,
    /// A new log line.
    Log(&'a LogEntry),
    /// A polled job is still pending, in this state (reported when it changes).
    Pending {
        /// The job's state, as the server names it.
        state: &'a str,
    },
}

/// How `subscribe` waits: the polling interval grows from `poll_interval` by half each time up
/// to `max_poll_interval` (or, with [`status_stream`](Self::status_stream), fal's status stream
/// reports each change); after `timeout` it cancels the request and fails with
/// [`ClientError::Timeout`].
pub struct SubscribeOptions<'a> {
    poll_interval: Duration,
    max_poll_interval: Duration,
    timeout: Option<Duration>,
    logs: bool,
    status_stream: bool,
    submit: SubmitOptions,
    on_update: Option<UpdateCallback<'a>>,
}

/// The progress callback.
type UpdateCallback<'a> = Box<dyn FnMut(Update<'_>) + Send + 'a>;

impl Default for SubscribeOptions<'_> {
    /// Polls after 250 ms, then up to every 5 s; gives up after 30 minutes; asks for logs.
    fn default() -> Self {
        SubscribeOptions {
            poll_interval: Duration::from_millis(250),
            max_poll_interval: Duration::from_secs(5),
            timeout: Some(Duration::from_secs(30 * 60)),
            logs: true,
            status_stream: false,
            submit: SubmitOptions::default(),
            on_update: None,
        }
    }
}

impl fmt::Debug for SubscribeOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubscribeOptions")
            .field("poll_interval", &self.poll_interval)
            .field("max_poll_interval", &self.max_poll_interval)
            .field("timeout", &self.timeout)
            .field("logs", &self.logs)
            .field("status_stream", &self.status_stream)
            .field("submit", &self.submit)
            .field("on_update", &self.on_update.is_some())
            .finish()
    }
}

impl<'a> SubscribeOptions<'a> {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first polling interval and the longest one.
    #[must_use]
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.poll_interval = first;
        self.max_poll_interval = max.max(first);
        self
    }

    /// Gives up after `timeout` (`None`: waits as long as it takes).
    #[must_use]
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether to ask fal's queue for log lines (default true).
    #[must_use]
    pub fn logs(mut self, logs: bool) -> Self {
        self.logs = logs;
        self
    }

    /// Whether to follow a queued request through fal's status stream (server-sent events)
    /// instead of polling its status (default false). The callback gets the same updates, as
    /// they happen; each event's log lines are reported as new lines. A status stream that
    /// stalls (nothing for [`StreamOptions`]' default idle timeout, 15 s) or that the server ends
    /// before the request completes is opened again, after the polling interval. The timeout,
    /// and the cancel after it, work as when polling. Endpoints followed by a declared poll
    /// (not fal's queue) ignore this.
    #[must_use]
    pub fn status_stream(mut self, status_stream: bool) -> Self {
        self.status_stream = status_stream;
        self
    }

    /// fal calls this URL when the request completes.
    #[must_use]
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.submit = self.submit.webhook_url(url);
        self
    }

    /// The request's priority in fal's queue (see [`SubmitOptions::priority`]).
    #[must_use]
    pub fn priority(mut self, priority: Priority) -> Self {
        self.submit = self.submit.priority(priority);
        self
    }

    /// fal gives up on the request if it has not started within `timeout` (see
    /// [`SubmitOptions::start_timeout`]).
    #[must_use]
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.submit = self.submit.start_timeout(timeout);
        self
    }

    /// Called with every [`Update`].
    #[must_use]
    pub fn on_update(mut self, callback: impl FnMut(Update<'_>) + Send + 'a) -> Self {
        self.on_update = Some(Box::new(callback));
        self
    }

    fn report(&mut self, update: Update<'_>) {
        if let Some(callback) = &mut self.on_update {
            callback(update);
        }
    }
}

/// The polling clock: the next delay, and the deadline.
struct Clock {
    start: Instant,
    delay: Duration,
    max: Duration,
    timeout: Option<Duration>,
}

impl Clock {
    fn new(options: &SubscribeOptions<'_>) -> Self {
        Clock {
            start: Instant::now(),
            delay: options.poll_interval,
            max: options.max_poll_interval,
            timeout: options.timeout,
        }
    }

    /// The time left before the deadline; `None` without a timeout.
    fn left(&self) -> Option<Duration> {
        self.timeout
            .map(|timeout| timeout.saturating_sub(self.start.elapsed()))
    }

    /// Sleeps until the next poll; `false` when the deadline has passed instead.
    async fn wait(&mut self) -> bool {
        let mut delay = self.delay;
        if let Some(left) = self.left() {
            if left.is_zero() {
                return false;
            }
            delay = delay.min(left);
        }
        tokio::time::sleep(delay).await;
        self.delay = self.delay.mul_f32(1.5).min(self.max);
        true
    }

    /// Runs `future` until the deadline; `None` when the deadline came first.
    async fn within<F: std::future::Future>(&self, future: F) -> Option<F::Output> {
        match self.left() {
            Some(left) => tokio::time::timeout(left, future).await.ok(),
            None => Some(future.await),
        }
    }
}

/// What `subscribe` has reported of a queued request, so that it reports only changes.
struct Progress {
    position: Option<u64>,
    started: bool,
}

impl Progress {
    /// Reports `new_logs`, then the state if it changed.
    fn observe(
        &mut self,
        status: &QueueStatus,
        new_logs: &[LogEntry],
        options: &mut SubscribeOptions<'_>,
    ) {
        for line in new_logs {
            options.report(Update::Log(line));
        }
        match status.status {
            QueueState::InQueue => {
                if status.queue_position != self.position {
                    self.position = status.queue_position;
                    options.report(Update::Queued {
                        position: self.position,
                    });
                }
            }
            QueueState::InProgress if !self.started => {
                self.started = true;
                options.report(Update::InProgress);
            }
            QueueState::InProgress | QueueState::Completed | QueueState::Unknown => {}
        }
    }
}

impl Client {
    /// Validates `input`, sends it and follows the request to its typed result, with the default
    /// [`SubscribeOptions`].
    pub async fn subscribe<E: Subscribe>(
        &self,
        endpoint: E,
        input: &E::Input,
    ) -> Result<Response<E::Output>, ClientError> {
        self.subscribe_with(endpoint, input, SubscribeOptions::default())
            .await
    }

    /// [`subscribe`](Self::subscribe) with options: polling intervals, timeout, a progress
    /// callback, a webhook, the queue's priority and start timeout.
    pub async fn subscribe_with<E: Subscribe>(
        &self,
        endpoint: E,
        input: &E::Input,
        options: SubscribeOptions<'_>,
    ) -> Result<Response<E::Output>, ClientError> {
        match E::FOLLOW {
            Follow::FalQueue => {
                let json = super::checked_json::<E>(input)?;
                self.follow_queue(Target::of::<E>(), &json, options).await
            }
            Follow::Poll(poll) => self.follow_poll(endpoint, input, poll, options).await,
        }
    }

    /// Submits `input` to `target` through fal's queue and follows it to its result.
    pub(crate) async fn follow_queue<T: DeserializeOwned>(
        &self,
        target: Target<'_>,
        input: &Value,
        mut options: SubscribeOptions<'_>,
    ) -> Result<Response<T>, ClientError> {
        let submitted = self.queue_submit(target, input, &options.submit).await?;
        let id = submitted.request_id.as_str();
        options.report(Update::Submitted { request_id: id });
        let mut progress = Progress {
            position: submitted.queue_position,
            started: false,
        };
        if progress.position.is_some() {
            options.report(Update::Queued {
                position: progress.position,
            });
        }
        let mut clock = Clock::new(&options);
        let completed = if options.status_stream {
            self.watch_status(target, id, &mut progress, &mut options, &mut clock)
                .await?
        } else {
            self.poll_status(target, id, &mut progress, &mut options, &mut clock)
                .await?
        };
        let Some(status) = completed else {
            let cancelled = self.queue_cancel(target, id).await.is_ok();
            return Err(ClientError::Timeout {
                request_id: id.to_string(),
                waited: clock.start.elapsed(),
                cancelled,
            });
        };
        if let Some(message) = status.error_message() {
            return Err(ClientError::RequestFailed {
                request_id: id.to_string(),
                message,
                error_type: status.error_type,
            });
        }
        self.queue_result(target, id).await
    }

    /// Polls the request's status until it completes (its last status) or the deadline passes
    /// (`None`).
    async fn poll_status(
        &self,
        target: Target<'_>,
        request_id: &str,
        progress: &mut Progress,
        options: &mut SubscribeOptions<'_>,
        clock: &mut Clock,
    ) -> Result<Option<QueueStatus>, ClientError> {
        let mut logs_seen = 0;
        loop {
            let status = self.queue_status(target, request_id, options.logs).await?;
            // fal returns every log line so far; report the ones not seen yet.
            if status.logs.len() < logs_seen {
                logs_seen = 0;
            }
            progress.observe(&status, &status.logs[logs_seen..], options);
            logs_seen = status.logs.len();
            if status.status == QueueState::Completed {
                return Ok(Some(status));
            }
            if !clock.wait().await {
                return Ok(None);
            }
        }
    }

    /// Follows the request's status stream until it completes (its last status) or the
    /// deadline passes (`None`), opening the stream again when it stalls or ends early.
    async fn watch_status(
        &self,
        target: Target<'_>,
        request_id: &str,
        progress: &mut Progress,
        options: &mut SubscribeOptions<'_>,
        clock: &mut Clock,
    ) -> Result<Option<QueueStatus>, ClientError> {
        let idle = StreamOptions::default().idle();
        loop {
            let opened = clock
                .within(self.queue_status_stream(target, request_id, options.logs, idle))
                .await;
            let mut stream = match opened {
                None => return Ok(None),
                Some(Err(ClientError::StreamTimeout { .. })) => None,
                Some(opened) => Some(opened?),
            };
            while let Some(stream) = stream.as_mut() {
                match clock.within(stream.next_status()).await {
                    None => return Ok(None),
                    Some(Some(Ok(status))) => {
                        // The stream sends each event's new log lines only.
                        progress.observe(&status, &status.logs, options);
                        if status.status == QueueState::Completed {
                            return Ok(Some(status));
                        }
                    }
                    // Stalled, or ended early: open it again.
                    Some(None | Some(Err(ClientError::StreamTimeout { .. }))) => break,
                    Some(Some(Err(err))) => return Err(err),
                }
            }
            if !clock.wait().await {
                return Ok(None);
            }
        }
    }

    async fn follow_poll<E: Endpoint>(
        &self,
        endpoint: E,
        input: &E::Input,
        poll: Poll,
        mut options: SubscribeOptions<'_>,
    ) -> Result<Response<E::Output>, ClientError> {
        let mut response = self.run(endpoint, input).await?;
        let id = match response.json.get(poll.id) {
            Some(Value::String(id)) => id.clone(),
            _ => {
                return Err(ClientError::Unsupported {
                    endpoint: E::ID.to_string(),
                    reason: "its answer has no job id to poll with",
                })
            }
        };
        options.report(Update::Submitted { request_id: &id });
        let mut query: Value = serde_json::from_str(poll.input).unwrap_or(Value::Null);
        if !query.is_object() {
            query = Value::Object(Default::default());
        }
        query[poll.id_input] = Value::String(id.clone());
        let mut clock = Clock::new(&options);
        let mut last_state = String::new();
        loop {
            let json = &response.json;
            let state = json.get(poll.state).and_then(Value::as_str).unwrap_or("");
            if poll.done.contains(&state) {
                response.request_id = Some(id);
                return Ok(response);
            }
            if poll.failed.contains(&state) {
                let reason = poll
                    .reason
                    .and_then(|field| json.get(field))
                    .and_then(Value::as_str)
                    .unwrap_or("no reason given");
                return Err(ClientError::RequestFailed {
                    request_id: id,
                    message: format!("{state}: {reason}"),
                    error_type: None,
                });
            }
            if state != last_state {
                last_state = state.to_string();
                options.report(Update::Pending { state });
            }
            if !clock.wait().await {
                return Err(ClientError::Timeout {
                    request_id: id,
                    waited: clock.start.elapsed(),
                    cancelled: false,
                });
            }
            response = self
                .call_route(E::PROVIDER, poll.endpoint, poll.route, &query)
                .await?;
        }
    }
}
