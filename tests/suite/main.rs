//! The one test binary of the workspace's integration tests: each module is one concern.

mod content;
mod import;
mod loader;
mod roundtrip;
