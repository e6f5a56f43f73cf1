//! `cargo xtask bench-compile [--synthetic N]`: how long the generated crates take to compile,
//! our code only, and how many lines they are per endpoint.
//!
//! The builds use their own target directory under `target/bench-compile/`, so they neither wait
//! for nor disturb other builds. The dependencies (the runtime, serde, serde_json) are built
//! first; then the measured packages are cleaned and the timed build compiles exactly those,
//! with incremental compilation off so nothing is reused. Each figure is the wall time and, on
//! Linux, the CPU time of cargo and the compilers it ran.
//!
//! The family crates compile more with their feature `catalog` (their `ENDPOINTS`, which
//! instantiate the serde code of every input and output), and cargo turns it on only in a build
//! that includes the catalog crate; each figure says which. Measured: every generated crate,
//! the families with the feature (what a tool that depends on the catalog crate compiles); the
//! common crate with every family, without the feature (what an application that used every
//! family would compile); the catalog crate alone, the families built beforehand; the largest
//! and the smallest family, each with the common crate, which is what an application that uses
//! only that family compiles; and what a tool recompiles after a change to the largest family:
//! that family with the feature, and the catalog crate. `--skip-catalog` leaves out the builds
//! with the catalog crate.
//!
//! Without `--synthetic` it measures `generated/` (the seed catalogue). With `--synthetic N` it
//! generates a catalogue of N endpoints varied from `schemas/` (see
//! `genmedia_benches::synthetic`) into a scratch workspace, `target/bench-compile/synthetic-N/`,
//! and measures that instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use genmedia_benches::synthetic;
use genmedia_generator::emit::{self, GeneratedFile, Options};
use genmedia_generator::schema;

use crate::tree::disk;

const SCRATCH: &str = "target/bench-compile";

/// How the builds are made and which are timed.
#[derive(Clone, Copy)]
pub struct Profile {
    /// Build with `--release` instead of the dev profile.
    pub release: bool,
    /// Skip the catalog crate's build (one crate that grows with the whole catalogue).
    pub skip_catalog: bool,
}

/// Runs the measurement of `generated/`, or of a synthetic catalogue of `synthetic` endpoints.
pub fn run(synthetic: Option<usize>, profile: Profile) -> Result<(), String> {
    match synthetic {
        None => seed(profile),
        Some(n) => synthetic_catalogue(n, profile),
    }
}

/// One generated crate.
struct Crate {
    package: String,
    /// Its family (`fal-ai/flux-pro`), for the family crates.
    family: Option<String>,
    endpoints: usize,
    lines: usize,
}

/// The generated crates described by `files`, with their endpoint counts from `catalog`.
fn crates(files: &[GeneratedFile], catalog: &schema::model::Catalog) -> Vec<Crate> {
    let mut by_dir: BTreeMap<&str, Crate> = BTreeMap::new();
    for f in files {
        let Some((dir, rest)) = f.path.split_once('/') else {
            continue;
        };
        let entry = by_dir.entry(dir).or_insert_with(|| Crate {
            package: String::new(),
            family: None,
            endpoints: 0,
            lines: 0,
        });
        if rest == "Cargo.toml" {
            entry.package = package_name(&f.contents).unwrap_or_default();
        } else if rest.ends_with(".rs") {
            entry.lines += f.contents.lines().count();
        }
    }
    for e in &catalog.endpoints {
        let family = e.family();
        if let Some(c) = by_dir.get_mut(emit::crate_dir(e).as_str()) {
            c.family = Some(family.to_string());
            c.endpoints += 1;
        }
    }
    by_dir.into_values().collect()
}

fn package_name(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .map(str::to_string)
}

/// Reads the generated files under `dir`, as the generator returns them (with the reader
/// `codegen --check` compares with; a file that is not UTF-8 is left out).
fn read_generated(dir: &Path) -> Result<Vec<GeneratedFile>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "error: cannot read {}: no such directory",
            dir.display()
        ));
    }
    Ok(disk::read_disk(dir)?
        .into_iter()
        .filter_map(|(path, contents)| {
            Some(GeneratedFile {
                path,
                contents: contents?,
            })
        })
        .collect())
}

/// Cargo, run on one workspace with one target directory.
struct Cargo {
    manifest: PathBuf,
    target: PathBuf,
    profile: Profile,
}

impl Cargo {
    fn command(&self, subcommand: &str) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.arg(subcommand)
            .arg("--manifest-path")
            .arg(&self.manifest)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0");
        if self.profile.release {
            cmd.arg("--release");
        }
        cmd
    }

    /// Builds `packages`; returns the times and the packages cargo compiled.
    fn build(&self, packages: &[&str]) -> Result<(Times, Vec<String>), String> {
        let mut cmd = self.command("build");
        for p in packages {
            cmd.arg("-p").arg(p);
        }
        let cpu_before = children_cpu();
        let start = Instant::now();
        let output = cmd
            .output()
            .map_err(|e| format!("error: cannot run cargo: {e}"))?;
        let times = Times {
            wall: start.elapsed().as_secs_f64(),
            cpu: children_cpu()
                .zip(cpu_before)
                .map(|(after, before)| after - before),
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("error: the build failed:\n{stderr}"));
        }
        let compiled = stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect();
        Ok((times, compiled))
    }

    fn clean(&self, packages: &[&str]) -> Result<(), String> {
        let mut cmd = self.command("clean");
        cmd.arg("--quiet");
        for p in packages {
            cmd.arg("-p").arg(p);
        }
        let output = cmd
            .output()
            .map_err(|e| format!("error: cannot run cargo: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "error: cargo clean failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// A clean build of `packages` (which must all be generated ones), dependencies excluded:
    /// builds `deps_of` first, cleans `packages`, then times their build. When the timed build
    /// compiled anything else (a dependency with other features), it is repeated.
    fn clean_build(&self, deps_of: &str, packages: &[&str]) -> Result<Times, String> {
        self.build(&[deps_of])?;
        for _ in 0..2 {
            self.clean(packages)?;
            let (times, compiled) = self.build(packages)?;
            let others: Vec<&String> = compiled
                .iter()
                .filter(|c| !packages.contains(&c.as_str()))
                .collect();
            if others.is_empty() {
                return Ok(times);
            }
            eprintln!(
                "note: the timed build also compiled {}; measuring again",
                others
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Err("error: the timed build keeps compiling dependencies; see the notes above".into())
    }
}

fn profile_name(profile: Profile) -> &'static str {
    if profile.release {
        "release"
    } else {
        "dev"
    }
}

fn jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The times of one build.
#[derive(Clone, Copy)]
struct Times {
    /// Wall-clock seconds.
    wall: f64,
    /// CPU seconds (user and system) of cargo and the compilers it ran, where the platform
    /// tells (Linux).
    cpu: Option<f64>,
}

/// The CPU seconds used so far by the children this process has waited for (and theirs), from
/// `/proc/self/stat`; `None` where there is no such file.
fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) start at the state, field 3;
    // cutime and cstime are fields 16 and 17, in clock ticks (100 a second on Linux).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<f64>().ok();
    Some((ticks(16)? + ticks(17)?) / 100.0)
}

fn report_build(what: &str, times: Times, endpoints: usize, lines: usize) {
    let per = |s: f64| s / endpoints.max(1) as f64;
    let cpu = times.cpu.map_or(String::new(), |cpu| {
        format!(" ({cpu:.2} s of CPU, {:.3} s per endpoint)", per(cpu))
    });
    println!(
        "  {what}: {endpoints} endpoint{}, {lines} lines of Rust ({} per endpoint)\n    {:.2} s wall, {:.3} s per endpoint{cpu}",
        if endpoints == 1 { "" } else { "s" },
        lines / endpoints.max(1),
        times.wall,
        per(times.wall),
    );
}

/// The seed catalogue: the crates under `generated/`.
fn seed(profile: Profile) -> Result<(), String> {
    let catalog = schema::load_dir(Path::new("schemas")).map_err(|d| d.to_string())?;
    let files = read_generated(Path::new("generated"))?;
    let crates = crates(&files, &catalog);
    println!(
        "bench-compile: generated/ ({} endpoints, {} crates), {} profile, {} jobs",
        catalog.endpoints.len(),
        crates.len(),
        profile_name(profile),
        jobs()
    );
    let cargo = Cargo {
        manifest: PathBuf::from("Cargo.toml"),
        target: Path::new(SCRATCH).join("seed"),
        profile,
    };
    measure(&cargo, &crates, catalog.endpoints.len())
}

/// The package names of `set`.
fn names<'a>(set: &[&'a Crate]) -> Vec<&'a str> {
    set.iter().map(|c| c.package.as_str()).collect()
}

/// Times the clean builds of `crates` (all the generated ones), as the module documentation
/// says.
fn measure(cargo: &Cargo, crates: &[Crate], endpoints: usize) -> Result<(), String> {
    let common = crates
        .iter()
        .find(|c| c.package.ends_with("-common"))
        .ok_or("error: there is no common crate; run `cargo xtask codegen`")?;
    let catalog = crates
        .iter()
        .find(|c| c.family.is_none() && !c.package.ends_with("-common"));
    let lines = |set: &[&Crate]| set.iter().map(|c| c.lines).sum::<usize>();
    let everything: Vec<&Crate> = crates.iter().collect();
    let application: Vec<&Crate> = crates
        .iter()
        .filter(|c| Some(c.package.as_str()) != catalog.map(|c| c.package.as_str()))
        .collect();
    let catalog = catalog.filter(|_| !cargo.profile.skip_catalog);
    // What an application that uses one family compiles: that crate and the common one.
    let families: Vec<&Crate> = crates.iter().filter(|c| c.family.is_some()).collect();
    let largest = families.iter().max_by_key(|c| (c.endpoints, &c.package));
    let smallest = families.iter().min_by_key(|c| (c.endpoints, &c.package));

    if let Some(catalog) = catalog {
        let times = cargo.clean_build(&common.package, &names(&everything))?;
        report_build(
            &format!(
                "every generated crate, the families with their feature `catalog` (what a tool using {} compiles)",
                catalog.package
            ),
            times,
            endpoints,
            lines(&everything),
        );
    }
    let times = cargo.clean_build(&common.package, &names(&application))?;
    report_build(
        "the common crate and every family, without the feature `catalog` (what an application using all of them compiles)",
        times,
        endpoints,
        lines(&application),
    );
    if let Some(catalog) = catalog {
        let times = cargo.clean_build(&catalog.package, &[&catalog.package])?;
        report_build(
            &format!(
                "{} alone (the families built beforehand, with their feature `catalog`)",
                catalog.package
            ),
            times,
            endpoints,
            catalog.lines,
        );
    }
    for c in [largest, smallest].into_iter().flatten() {
        let times = cargo.clean_build(&common.package, &[&common.package, &c.package])?;
        report_build(
            &format!(
                "one family, {}, with the common crate (without the feature `catalog`)",
                c.family.as_deref().unwrap_or_default()
            ),
            times,
            c.endpoints,
            c.lines + common.lines,
        );
    }
    if let (Some(catalog), Some(c)) = (catalog, largest) {
        let times = cargo.clean_build(&catalog.package, &[&c.package, &catalog.package])?;
        report_build(
            &format!(
                "after a change to {}, what a tool recompiles: that family with its feature `catalog`, and {}",
                c.family.as_deref().unwrap_or_default(),
                catalog.package
            ),
            times,
            c.endpoints,
            c.lines + catalog.lines,
        );
    }
    Ok(())
}

/// The scratch workspace of a synthetic catalogue: the real workspace's package settings,
/// lints and profiles, and its versions of the dependencies (through a copy of `Cargo.lock`).
fn scratch_manifest(root: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string("Cargo.toml")
        .map_err(|e| format!("error: cannot read Cargo.toml: {e}"))?;
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('[') {
            sections.push((line.trim().to_string(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line.to_string());
        }
    }
    let runtime = root.join("runtime");
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    let mut out = String::from(
        "# Written by `cargo xtask bench-compile --synthetic`: a scratch workspace.\n[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"]\n\n",
    );
    for (header, body) in &sections {
        let keep_all = header == "[workspace.package]"
            || header.starts_with("[workspace.lints")
            || header.starts_with("[profile");
        if keep_all {
            out.push_str(header);
            out.push('\n');
            for l in body {
                out.push_str(l);
                out.push('\n');
            }
        } else if header == "[workspace.dependencies]" {
            out.push_str("[workspace.dependencies]\n");
            out.push_str(&format!("genmedia-runtime = {{ path = \"{runtime}\" }}\n"));
            for l in body {
                if l.starts_with("serde ") || l.starts_with("serde_json ") {
                    out.push_str(l);
                    out.push('\n');
                }
            }
            out.push('\n');
        }
    }
    Ok(out)
}

fn synthetic_catalogue(n: usize, profile: Profile) -> Result<(), String> {
    let root = std::env::current_dir().map_err(|e| format!("error: {e}"))?;
    let mut diags = Vec::new();
    let real = schema::read_dir(Path::new("schemas"), &mut diags);
    if !diags.is_empty() {
        return Err(genmedia_generator::Diagnostics::sorted(diags).to_string());
    }
    let made = synthetic::catalogue(&real, n).map_err(|d| d.to_string())?;

    let start = Instant::now();
    let catalog = schema::load_files(&made.files).map_err(|d| d.to_string())?;
    let options = Options {
        crate_prefix: "genmedia".to_string(),
    };
    let files = emit::generate(&catalog, &options).map_err(|d| d.to_string())?;
    let generation = start.elapsed().as_secs_f64();

    let crates = crates(&files, &catalog);
    println!(
        "bench-compile: synthetic catalogue of {n} endpoints in {} families ({} crates), {} profile, {} jobs",
        made.families,
        crates.len(),
        profile_name(profile),
        jobs()
    );
    println!(
        "  generation by this (unoptimized) xtask, in memory: {generation:.2} s, {:.2} ms per endpoint",
        generation * 1e3 / n.max(1) as f64
    );

    // The scratch workspace, written afresh.
    let dir = Path::new(SCRATCH).join(format!("synthetic-{n}"));
    let generated = dir.join("generated");
    if generated.exists() {
        std::fs::remove_dir_all(&generated)
            .map_err(|e| format!("error: cannot clear {}: {e}", generated.display()))?;
    }
    for f in &files {
        let path = generated.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    std::fs::write(dir.join("Cargo.toml"), scratch_manifest(&root)?)
        .map_err(|e| format!("error: cannot write the scratch manifest: {e}"))?;
    std::fs::copy("Cargo.lock", dir.join("Cargo.lock"))
        .map_err(|e| format!("error: cannot copy Cargo.lock: {e}"))?;

    let cargo = Cargo {
        manifest: dir.join("Cargo.toml"),
        target: dir.join("target"),
        profile,
    };
    measure(&cargo, &crates, n)?;
    println!(
        "  scratch workspace: {} (delete it when done)",
        dir.display()
    );
    Ok(())
}
