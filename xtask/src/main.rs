//! Maintainer tasks. `cargo xtask codegen` checks the schemas and regenerates `generated/`
//! (`--check` only compares); `cargo xtask import` turns fal's OpenAPI documents into schemas
//! (`--fetch` downloads fal's current ones first).
//!
//! xtask depends on the generator library only, never on the generated crates, so a broken
//! generated crate can always be regenerated.

mod bench_compile;
mod codegen;
mod diff;
mod fetch;
mod import;
mod release;
mod tree;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generation allocates and frees a great many small nodes (tokens, syntax trees): mimalloc
/// makes `codegen` about a fifth faster than the system allocator (README, Benchmarks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks for the schema generator"
)]
struct Cli {
    /// Work in this checkout instead of the one xtask was built from (the tests run the
    /// maintainer's flow on a scratch copy this way).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and check every schema under `schemas/` and regenerate the generated code.
    Codegen {
        /// Write nothing; fail when the checked-in output differs from what the schemas produce.
        #[arg(long)]
        check: bool,
        /// Generate from this schema directory alone instead of `schemas/` and the fixtures
        /// (a relative path is taken from the workspace root).
        #[arg(long, value_name = "DIR", requires = "output")]
        schemas: Option<PathBuf>,
        /// The output directory for `--schemas`: everything in it is generated, and files the
        /// schemas do not produce are deleted (a relative path is taken from the workspace root).
        #[arg(long, value_name = "DIR", requires = "schemas")]
        output: Option<PathBuf>,
        /// The prefix of the package names generated from `--schemas` [default: genmedia].
        #[arg(long, value_name = "PREFIX", requires = "schemas", value_parser = crate_prefix)]
        crate_prefix: Option<String>,
    },
    /// Copy fal OpenAPI documents into `upstream/fal/` and re-import all of them into `schemas/`.
    ///
    /// With `--fetch`, the documents are downloaded from fal's model search API instead: every
    /// listed endpoint, those of `--owner`, or exactly the `--id`s. If any document cannot be
    /// fetched, nothing is written (exit status 1); otherwise the changed and new documents are
    /// imported like given ones, all or nothing. `FAL_KEY`, if set, authenticates the requests.
    Import {
        /// Documents to add (each may have a `<name>.page.yaml` overlay beside it). With none,
        /// the documents already in `upstream/fal/` are re-imported.
        #[arg(conflicts_with = "fetch")]
        documents: Vec<PathBuf>,
        #[command(flatten)]
        fetch: FetchArgs,
        /// Also write the change report (what the import changed in `schemas/`) as JSON to
        /// this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Time a clean build of the generated crates (dependencies built beforehand) and count
    /// their lines per endpoint.
    BenchCompile {
        /// Measure a synthetic catalogue of this many endpoints, varied from `schemas/`,
        /// instead of `generated/`; also times single families.
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        /// Build with the release profile instead of the dev one.
        #[arg(long)]
        release: bool,
        /// Do not time the builds for tools: the catalog crate, and the families with their
        /// feature `catalog`, which it turns on.
        #[arg(long)]
        skip_catalog: bool,
    },
    /// Report what changed in the schemas since a git revision (or against a directory):
    /// endpoints, fields, types, requiredness, enum values, defaults and bounds, each
    /// classified as breaking or additive for users of the generated crates.
    Diff {
        #[command(flatten)]
        baseline: BaselineArgs,
        /// Also write the report as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Report only these endpoints: an id, or an id's first segments (`fal-ai/flux`
        /// covers `fal-ai/flux/dev`). Repeat for several.
        #[arg(long, value_name = "ID")]
        endpoint: Vec<String>,
    },
    /// Bump the version of every generated crate whose code changed (breaking changes bump
    /// the minor before 1.0, the major after; anything else the patch before 1.0, the minor
    /// or patch after), write their changelog entries under `releases/`, and regenerate.
    Release {
        #[command(flatten)]
        baseline: BaselineArgs,
        /// The date of the changelog entries (`YYYY-MM-DD`) [default: today, in UTC].
        #[arg(long, value_name = "DATE", value_parser = date)]
        date: Option<String>,
    },
}

/// The earlier schemas a report compares with.
#[derive(clap::Args)]
struct BaselineArgs {
    /// The git revision whose `schemas/` is the earlier state [default: for `diff`, HEAD; for
    /// `release`, the last commit that changed `releases/versions.txt`, whose schemas the
    /// versions were set from].
    #[arg(long, value_name = "REV", conflicts_with_all = ["from", "from_overlay"])]
    since: Option<String>,
    /// A schema directory to use as the earlier state instead of a git revision (a relative
    /// path is taken from the workspace root).
    #[arg(long, value_name = "DIR", conflicts_with = "from_overlay")]
    from: Option<PathBuf>,
    /// The earlier state is `schemas/` with the files of DIR in place of theirs (same relative
    /// paths), as `tests/fixtures/seed-pages/` holds the seed pages' older schemas.
    #[arg(long, value_name = "DIR")]
    from_overlay: Option<PathBuf>,
}

impl BaselineArgs {
    /// The baseline asked for, else the revision `default` gives.
    fn baseline(self, default: impl FnOnce() -> String) -> diff::Baseline {
        match (self.from, self.from_overlay) {
            (Some(dir), _) => diff::Baseline::Dir(dir),
            (None, Some(dir)) => diff::Baseline::Overlay(dir),
            (None, None) => diff::Baseline::Rev(self.since.unwrap_or_else(default)),
        }
    }
}

/// `--date`: a calendar date written `YYYY-MM-DD`.
fn date(text: &str) -> Result<String, String> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.split('-').collect();
    let valid = matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2)
        && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)));
    if valid {
        Ok(text.to_string())
    } else {
        Err("expected a date written YYYY-MM-DD".into())
    }
}

/// `import --fetch` and its options (each of them requires `--fetch`).
#[derive(clap::Args)]
struct FetchArgs {
    /// Download fal's current documents (all listed endpoints without `--owner` or `--id`).
    #[arg(long)]
    fetch: bool,
    /// Fetch the listed endpoints whose id starts with `OWNER/`.
    #[arg(long, value_name = "OWNER", requires = "fetch", conflicts_with = "id")]
    owner: Option<String>,
    /// Fetch exactly this endpoint (repeatable); fal is not asked for its list.
    #[arg(long, value_name = "ID", requires = "fetch")]
    id: Vec<String>,
    /// Delete the documents (with their overlays and schemas) of endpoints fal no longer
    /// lists; without it they are only reported.
    #[arg(long, requires = "fetch", conflicts_with = "id")]
    prune: bool,
    /// The base URL of fal's API.
    #[arg(
        long,
        value_name = "URL",
        default_value = "https://api.fal.ai",
        requires = "fetch"
    )]
    api_url: String,
    /// At most this many requests in flight.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "fetch",
          value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    /// Endpoints per request (fal takes at most 50).
    #[arg(long, value_name = "N", default_value_t = 50, requires = "fetch",
          value_parser = clap::value_parser!(u16).range(1..=fetch::MAX_BATCH as i64))]
    batch_size: u16,
    /// The limit of each request, in seconds, from connecting to the end of the answer.
    #[arg(long, value_name = "SECS", default_value_t = 30, requires = "fetch",
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// How many times a request is sent again after a 429, 500, 502, 503, 504, a timeout
    /// or a connection failure (with exponential backoff, or after the server's
    /// `Retry-After`).
    #[arg(long, value_name = "N", default_value_t = 3, requires = "fetch")]
    retries: u32,
}

impl FetchArgs {
    fn options(self) -> fetch::Options {
        let selection = match (self.owner, self.id) {
            (Some(owner), _) => fetch::Selection::Owner(owner),
            (None, ids) if !ids.is_empty() => fetch::Selection::Ids(ids),
            _ => fetch::Selection::All,
        };
        fetch::Options {
            selection,
            prune: self.prune,
            api_url: self.api_url,
            concurrency: self.concurrency.into(),
            batch_size: self.batch_size.into(),
            timeout: std::time::Duration::from_secs(self.timeout),
            retries: self.retries,
        }
    }
}

/// `--crate-prefix`, refused before anything runs when no package name can start with it.
fn crate_prefix(text: &str) -> Result<String, String> {
    let options = genmedia_generator::emit::Options {
        crate_prefix: text.to_string(),
    };
    match options.problem() {
        Some(problem) => Err(problem),
        None => Ok(options.crate_prefix),
    }
}

/// The workspace root: every path the tasks print is relative to it.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone().unwrap_or_else(workspace_root);
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!(
            "error: cannot enter the workspace root {}: {e}",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Codegen {
            check,
            schemas,
            output,
            crate_prefix,
        } => {
            let jobs = match (schemas, output) {
                (Some(schemas), Some(output)) => vec![codegen::Job::custom(
                    &schemas,
                    &output,
                    crate_prefix.as_deref().unwrap_or("genmedia"),
                )],
                _ => codegen::Job::standard(),
            };
            codegen::run(&jobs, check)
        }
        Command::Import {
            documents,
            fetch: args,
            json,
        } => {
            let changes = if args.fetch {
                fetch::run(&args.options())
            } else {
                import::read_documents(&documents)
            };
            changes.and_then(|c| import::run(c, json.as_deref()))
        }
        Command::BenchCompile {
            synthetic,
            release,
            skip_catalog,
        } => bench_compile::run(
            synthetic,
            bench_compile::Profile {
                release,
                skip_catalog,
            },
        ),
        Command::Diff {
            baseline,
            json,
            endpoint,
        } => diff::run(
            &baseline.baseline(|| "HEAD".into()),
            json.as_deref(),
            &endpoint,
        ),
        Command::Release { baseline, date } => {
            let last_release = || {
                let versions = format!(
                    "{}/{}",
                    genmedia_generator::release::DIR,
                    genmedia_generator::release::VERSIONS_FILE
                );
                tree::git::last_commit_touching(&versions).unwrap_or_else(|| "HEAD".into())
            };
            release::run(&baseline.baseline(last_release), date)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
