//! `cargo xtask codegen [--check] [--schemas DIR --output DIR]`: schemas → generated crates,
//! written only when every job loads and generates cleanly, only where something changed, and
//! all or nothing (see [`crate::tree::disk::apply_all`]).

mod report;

use std::path::Path;
use std::time::Instant;

use genmedia_generator::emit::{self, GeneratedFile, Options};
use genmedia_generator::release::{self, Releases, Unreleased};
use genmedia_generator::schema;

use crate::tree::disk;
use crate::tree::plan::{self, DiskState, Plan};

/// One schema directory and the output directory generated from it.
pub struct Job {
    /// The schema directory, relative to the workspace root (or absolute).
    schemas: String,
    /// The output directory, relative to the workspace root (or absolute); everything in it is
    /// generated.
    output: String,
    /// The prefix of the generated package names.
    crate_prefix: String,
    /// How the summary line names this job's endpoints (`None` for the main job).
    label: Option<&'static str>,
    /// Whether the job is skipped when its schema directory does not exist.
    optional: bool,
    /// The releases directory that gives the crates their versions and changelogs (see
    /// `genmedia_generator::release`); without one, every crate has the workspace's version.
    releases: Option<String>,
}

impl Job {
    /// The jobs of a plain `cargo xtask codegen`, run in this order: `schemas/` into
    /// `generated/`, and the fixture schemas into their crates.
    pub fn standard() -> Vec<Job> {
        vec![
            Job {
                schemas: "schemas".into(),
                output: "generated".into(),
                crate_prefix: "genmedia".into(),
                label: None,
                optional: false,
                releases: Some(release::DIR.into()),
            },
            Job {
                schemas: "tests/fixtures/schemas".into(),
                output: "tests/fixtures/generated".into(),
                crate_prefix: "fixture".into(),
                label: Some("fixture"),
                optional: true,
                releases: None,
            },
        ]
    }

    /// One job with the given directories (`--schemas`, `--output`, `--crate-prefix`).
    pub fn custom(schemas: &Path, output: &Path, crate_prefix: &str) -> Job {
        let text = |p: &Path| p.to_string_lossy().replace('\\', "/");
        Job {
            schemas: text(schemas),
            output: text(output),
            crate_prefix: crate_prefix.to_string(),
            label: None,
            optional: false,
            releases: None,
        }
    }
}

/// A job whose schemas loaded and generated.
struct Produced<'j> {
    job: &'j Job,
    endpoints: usize,
    files: Vec<GeneratedFile>,
    /// The crates whose versions do not match their code (only for jobs with releases).
    unreleased: Vec<Unreleased>,
}

/// Loads and generates every job; then either writes the changes (and deletes stale files) of
/// every job at once, all or nothing, or, with `check`, fails with a diff when the output on
/// disk is not what would be written.
pub fn run(jobs: &[Job], check: bool) -> Result<(), String> {
    let start = Instant::now();
    let mut produced = Vec::new();
    for job in jobs {
        if job.optional && !Path::new(&job.schemas).exists() {
            continue;
        }
        produced.push(produce(job)?);
    }
    let mut states = Vec::new();
    for p in &produced {
        plan::validate_paths(&p.job.output, &p.files)?;
        states.push(disk::read_disk(Path::new(&p.job.output))?);
    }
    let plans: Vec<Plan> = produced
        .iter()
        .zip(&states)
        .map(|(p, state)| plan::plan(&p.files, state))
        .collect();
    if check {
        check_only(&produced, &plans, &states)?;
        check_versions(&produced)
    } else {
        let changes: Vec<(&Path, &Plan)> = produced
            .iter()
            .zip(&plans)
            .map(|(p, plan)| (Path::new(&p.job.output), plan))
            .collect();
        disk::apply_all(&changes)?;
        println!("{} in {:.0?}", summary(&produced, &plans), start.elapsed());
        let unreleased: usize = produced.iter().map(|p| p.unreleased.len()).sum();
        if unreleased > 0 {
            println!(
                "note: {unreleased} crate{} changed since their version was set: run `cargo xtask release` to bump them",
                plural(unreleased)
            );
        }
        Ok(())
    }
}

/// Loads and generates one job, or returns its diagnostics.
fn produce(job: &Job) -> Result<Produced<'_>, String> {
    let failed = |d: genmedia_generator::Diagnostics| format!("{d}\nerror: nothing was written");
    let catalog = schema::load_dir(Path::new(&job.schemas)).map_err(failed)?;
    let options = Options {
        crate_prefix: job.crate_prefix.clone(),
    };
    let releases = match &job.releases {
        Some(dir) => Some(Releases::read(Path::new(dir))?),
        None => None,
    };
    let generated = emit::generate_with(
        &catalog,
        &options,
        releases.as_ref().unwrap_or(&Releases::default()),
    )
    .map_err(failed)?;
    let unreleased = match &releases {
        Some(r) => release::unreleased(&generated, &r.versions),
        None => Vec::new(),
    };
    Ok(Produced {
        job,
        endpoints: catalog.endpoints.len(),
        files: generated.files,
        unreleased,
    })
}

/// Fails when some crate's code changed while its version did not (or a crate has none).
fn check_versions(produced: &[Produced]) -> Result<(), String> {
    let problems: Vec<String> = produced
        .iter()
        .flat_map(|p| {
            let versions = p.job.releases.as_deref().unwrap_or_default();
            p.unreleased.iter().map(move |u| {
                format!(
                    "error: {}/{}: {}",
                    versions,
                    release::VERSIONS_FILE,
                    u.describe()
                )
            })
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    // A change to the generator touches every crate: the first lines say enough.
    const SHOWN: usize = 20;
    let more = problems.len().saturating_sub(SHOWN);
    let mut shown = problems.into_iter().take(SHOWN).collect::<Vec<_>>();
    if more > 0 {
        shown.push(format!("error: ... and {more} more crates"));
    }
    let problems = shown;
    Err(format!(
        "{}\n  help: run `cargo xtask release`: it bumps each of these crates by what changed in its schemas and writes its changelog",
        problems.join("\n")
    ))
}

fn check_only(produced: &[Produced], plans: &[Plan], states: &[DiskState]) -> Result<(), String> {
    let reports: Vec<report::JobReport> = produced
        .iter()
        .zip(plans)
        .zip(states)
        .map(|((p, plan), state)| report::job_report(&p.job.schemas, &p.job.output, plan, state))
        .collect();
    match report::render(&reports, report::MAX_DIFF_LINES) {
        Some(failure) => Err(failure),
        None => {
            let files: usize = produced.iter().map(|p| p.files.len()).sum();
            println!("codegen --check: generated code is up to date ({files} files)");
            Ok(())
        }
    }
}

/// `codegen: 45 endpoints (+12 fixture) in 14 crates: 3 files written, 120 unchanged, 1 deleted`
fn summary(produced: &[Produced], plans: &[Plan]) -> String {
    let mut endpoints = String::new();
    for p in produced {
        match p.job.label {
            None => endpoints.push_str(&format!("{} endpoints", p.endpoints)),
            Some(label) => endpoints.push_str(&format!(" (+{} {label})", p.endpoints)),
        }
    }
    let crates = produced
        .iter()
        .flat_map(|p| &p.files)
        .filter(|f| f.path.ends_with("/Cargo.toml"))
        .count();
    let written: usize = plans.iter().map(|p| p.write.len()).sum();
    let unchanged: usize = plans.iter().map(|p| p.unchanged).sum();
    let deleted: usize = plans.iter().map(|p| p.delete.len()).sum();
    format!(
        "codegen: {endpoints} in {crates} crate{}: {written} file{} written, {unchanged} unchanged, {deleted} deleted",
        plural(crates),
        plural(written)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
