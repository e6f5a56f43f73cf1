//! What the example programs share: a client configured from the environment, and progress
//! printed as it comes.
//!
//! The key comes from `FAL_KEY`. `GENMEDIA_FAL_BASE_URL`, `GENMEDIA_FAL_RUN_URL` and
//! `GENMEDIA_FAL_STORAGE_URL`, when set, send the requests elsewhere (a proxy, or the test
//! suite's stub server).

use std::process::ExitCode;

use genmedia_common::client::{Client, ClientError, SubscribeOptions, Update};
use genmedia_common::providers::FAL;
use genmedia_common::{Subscribe, ValidationErrors};

/// The client: keys from the environment, base URLs overridden by `GENMEDIA_FAL_BASE_URL`,
/// `GENMEDIA_FAL_RUN_URL` and `GENMEDIA_FAL_STORAGE_URL` when they are set.
pub fn client_from_env() -> Result<Client, ClientError> {
    let mut builder = Client::builder();
    if let Ok(url) = std::env::var("GENMEDIA_FAL_BASE_URL") {
        builder = builder.base_url(&FAL, url);
    }
    if let Ok(url) = std::env::var("GENMEDIA_FAL_RUN_URL") {
        builder = builder.sync_base_url(&FAL, url);
    }
    if let Ok(url) = std::env::var("GENMEDIA_FAL_STORAGE_URL") {
        builder = builder.storage_url(url);
    }
    builder.build()
}

/// The program's first argument, or its usage on standard error and exit code 2.
pub fn first_arg(usage: &str) -> Result<(String, std::env::Args), ExitCode> {
    let mut args = std::env::args();
    args.next();
    match args.next() {
        Some(first) if first != "-h" && first != "--help" => Ok((first, args)),
        _ => {
            eprintln!("usage: {usage}");
            Err(ExitCode::from(2))
        }
    }
}

/// Options that print the queue position, the start and every log line to standard error.
pub fn progress<'a>() -> SubscribeOptions<'a> {
    SubscribeOptions::new().on_update(|update| match update {
        Update::Submitted { request_id } => eprintln!("submitted: request {request_id}"),
        Update::Queued {
            position: Some(position),
        } => eprintln!("in the queue at position {position}"),
        Update::InProgress => eprintln!("running"),
        Update::Log(line) => eprintln!("log: {}", line.message),
        _ => {}
    })
}

/// Prints an error the way a user can act on it, and chooses the exit code: 2 for a missing key
/// (with how to set one), 1 otherwise.
pub fn report(err: &ClientError) -> ExitCode {
    eprintln!("error: {err}");
    if let ClientError::MissingKey { env, .. } = err {
        eprintln!(
            "hint: create a key in your fal.ai dashboard, then run `export {env}=<your key>`"
        );
        return ExitCode::from(2);
    }
    ExitCode::FAILURE
}

/// What both video programs do once they have built their input: check it, follow the request
/// with progress on standard error, and print the URL `url_of` picks from the output.
pub async fn follow_and_print<E: Subscribe>(
    client: &Client,
    endpoint: E,
    input: Result<E::Input, ValidationErrors>,
    url_of: impl Fn(&E::Output) -> &str,
) -> ExitCode {
    let input = match input {
        Ok(input) => input,
        Err(violations) => {
            eprintln!("error: the input is invalid: {violations}");
            return ExitCode::FAILURE;
        }
    };
    match client.subscribe_with(endpoint, &input, progress()).await {
        Ok(response) => {
            if let Some(id) = &response.request_id {
                eprintln!("done: request {id}");
            }
            println!("{}", url_of(&response.data));
            ExitCode::SUCCESS
        }
        Err(err) => report(&err),
    }
}
