//! The one test binary of the workspace's integration tests: each module is one concern.

mod changes;
mod client;
mod client_support;
mod codegen;
mod content;
mod differential;
mod generate_errors;
mod generated_api;
mod generative;
mod hostile;
mod import;
mod loader;
mod packaging;
mod poll;
mod properties;
mod robustness;
mod roundtrip;
mod shared_types;
mod stream;
mod support;
mod synthetic;
