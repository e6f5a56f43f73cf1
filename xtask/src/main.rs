//! Maintainer tasks. `cargo xtask codegen` checks the schemas and regenerates `generated/`
//! (`--check` only compares); `cargo xtask import` turns fal's OpenAPI documents into schemas.
//!
//! xtask depends on the generator library only, never on the generated crates, so a broken
//! generated crate can always be regenerated.

mod bench_compile;
mod codegen;
mod import;
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
    Import {
        /// Documents to add (each may have a `<name>.page.yaml` overlay beside it). With none,
        /// the documents already in `upstream/fal/` are re-imported.
        documents: Vec<PathBuf>,
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
}

/// `--crate-prefix`, refused before anything runs when no package name can start with it.
fn crate_prefix(text: &str) -> Result<String, String> {
    match genmedia_generator::naming::crate_prefix_problem(text) {
        Some(problem) => Err(problem),
        None => Ok(text.to_string()),
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
        Command::Import { documents } => import::run(&documents),
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
