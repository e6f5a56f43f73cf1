//! Schema files the loader and generator tests build in memory: a minimal provider and shared
//! type set, and a helper that names a file as `schemas/` would.

use std::path::PathBuf;

use genmedia_generator::schema::SourceFile;

/// A `providers.yaml` with fal alone.
pub const PROVIDERS: &str = "\
providers:
  fal:
    title: fal.ai
    routing: fal-queue
    base_url: https://queue.fal.run
    sync_base_url: https://fal.run
    auth: { header: Authorization, scheme: Key, env: FAL_KEY }
";

/// A `shared.yaml` with one type, `File`.
pub const SHARED: &str = "\
types:
  File:
    fields:
      url: { type: string, required: true }
";

/// A schema file held in memory, shown as `schemas/<relative>`.
pub fn file(relative: &str, text: &str) -> SourceFile {
    SourceFile {
        relative: relative.to_string(),
        display: PathBuf::from("schemas").join(relative),
        text: text.to_string(),
    }
}
