//! Generation throughput: load + check + emit + format, on one core, for the seed catalogue
//! (`schemas/`) and for synthetic catalogues of 100, 1,000 and 5,000 endpoints varied from it;
//! the comparison `cargo xtask codegen --check` adds; and where the time goes (loading and
//! checking against emitting and formatting).
//!
//! Every figure is the CPU time of the whole process, all threads included, so that other work
//! on the machine does not inflate it: what one core would need to do the same work.
//!
//! `cargo bench -p genmedia-benches --bench generation`; a summary with the time per endpoint
//! closes the output.

/// The allocator `cargo xtask codegen` runs with, so that the figures are the tool's; the
/// feature `system-alloc` measures the system allocator instead.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use genmedia_benches::{
    cpu_time, differences, estimate_ns, generate_dir, human, print_table, workspace_root,
    SyntheticDir, SYNTHETIC_SIZES,
};
use genmedia_generator::emit::{self, Options};
use genmedia_generator::schema;

/// The sizes of the synthetic catalogues.
const SIZES: [usize; 3] = SYNTHETIC_SIZES;

/// The number of endpoints in `schemas/`.
fn seed_endpoints() -> usize {
    generate_dir(&workspace_root().join("schemas")).1
}

fn generation(c: &mut Criterion, seed: usize) {
    let seed_dir = workspace_root().join("schemas");
    let mut group = c.benchmark_group("generation");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(seed as u64));
    group.bench_function(BenchmarkId::new("seed", seed), |b| {
        b.iter_custom(|iters| cpu_time(iters, || generate_dir(black_box(&seed_dir))))
    });
    for n in SIZES {
        let dir = SyntheticDir::new(n);
        if n >= 1_000 {
            group.sampling_mode(SamplingMode::Flat);
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("synthetic", n), |b| {
            b.iter_custom(|iters| cpu_time(iters, || generate_dir(black_box(&dir.path))))
        });
        eprintln!("  (synthetic/{n}: {} families)", dir.families);
    }
    group.finish();
}

fn check(c: &mut Criterion) {
    let root = workspace_root();
    let (seed_dir, output) = (root.join("schemas"), root.join("generated"));
    let (files, _) = generate_dir(&seed_dir);
    assert_eq!(
        differences(&output, &files),
        0,
        "generated/ is not up to date: run `cargo xtask codegen` first"
    );
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    group.bench_function("generate", |b| {
        b.iter_custom(|iters| cpu_time(iters, || generate_dir(black_box(&seed_dir))))
    });
    group.bench_function("generate_and_compare", |b| {
        b.iter_custom(|iters| {
            cpu_time(iters, || {
                let (files, _) = generate_dir(black_box(&seed_dir));
                differences(&output, &files)
            })
        })
    });
    group.finish();
}

fn phases(c: &mut Criterion) {
    let dir = SyntheticDir::new(1_000);
    let catalog = schema::load_dir(&dir.path).unwrap_or_else(|d| panic!("{d}"));
    let options = Options {
        crate_prefix: "genmedia".to_string(),
    };
    let mut group = c.benchmark_group("phases_1000");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("load_and_check", |b| {
        b.iter_custom(|iters| cpu_time(iters, || schema::load_dir(black_box(&dir.path))))
    });
    group.bench_function("emit_and_format", |b| {
        b.iter_custom(|iters| cpu_time(iters, || emit::generate(black_box(&catalog), &options)))
    });
    group.finish();
}

fn summary(seed: usize) {
    let mut rows = Vec::new();
    let mut base = None;
    let catalogues =
        std::iter::once(("seed (schemas/)", seed)).chain(SIZES.map(|n| ("synthetic", n)));
    for (name, n) in catalogues {
        let id = if name == "synthetic" {
            format!("generation/synthetic/{n}")
        } else {
            format!("generation/seed/{n}")
        };
        let Some(ns) = estimate_ns(&id) else { continue };
        let per = ns / n as f64;
        if name == "synthetic" && base.is_none() {
            base = Some(per);
        }
        let relative = base.map_or("".into(), |b| format!("{:.2}", per / b));
        rows.push(vec![
            name.to_string(),
            n.to_string(),
            human(ns),
            human(per),
            relative,
        ]);
    }
    if !rows.is_empty() {
        print_table(
            "Generation (load + check + emit + format, one core):",
            &[
                "catalogue",
                "endpoints",
                "time",
                "per endpoint",
                "per endpoint / at 100",
            ],
            &rows,
        );
    }
    if let (Some(gen), Some(chk)) = (
        estimate_ns("check/generate"),
        estimate_ns("check/generate_and_compare"),
    ) {
        print_table(
            "codegen --check on schemas/ (generation, then reading generated/ and comparing):",
            &["generate", "generate + compare", "ratio"],
            &[vec![human(gen), human(chk), format!("{:.2}", chk / gen)]],
        );
    }
    if let (Some(load), Some(emit)) = (
        estimate_ns("phases_1000/load_and_check"),
        estimate_ns("phases_1000/emit_and_format"),
    ) {
        print_table(
            "Where the time goes, synthetic catalogue of 1,000 endpoints:",
            &["load + check", "emit + format", "per endpoint"],
            &[vec![
                human(load),
                human(emit),
                format!("{} + {}", human(load / 1e3), human(emit / 1e3)),
            ]],
        );
    }
}

fn main() {
    let seed = seed_endpoints();
    let mut c = Criterion::default().configure_from_args();
    generation(&mut c, seed);
    check(&mut c);
    phases(&mut c);
    c.final_summary();
    summary(seed);
}
