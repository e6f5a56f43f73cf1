//! The synthetic catalogues the benchmarks measure (`genmedia_benches::synthetic`): they load,
//! generate, are reproducible and vary the real endpoints they copy.

use std::path::Path;

use genmedia_benches::synthetic::{catalogue, Synthetic};
use genmedia_generator::emit;
use genmedia_generator::schema::model::Endpoint;
use genmedia_generator::schema::{self, write, SourceFile};

fn real() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut diags = Vec::new();
    let files = schema::read_dir(&root, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    files
}

/// `providers.yaml`, `shared.yaml` and the first `n` endpoint files of `schemas/`.
fn some_real(n: usize) -> Vec<SourceFile> {
    let mut endpoints = 0;
    real()
        .into_iter()
        .filter(|f| {
            let common = f.relative == "providers.yaml" || f.relative == "shared.yaml";
            endpoints += usize::from(!common);
            common || endpoints <= n
        })
        .collect()
}

#[test]
fn a_synthetic_catalogue_loads_and_generates() {
    let s = catalogue(&real(), 120).expect("the real schemas load");
    assert_eq!(s.endpoints, 120);
    assert_eq!(s.files.len(), 122);
    let catalog = schema::load_files(&s.files).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(catalog.endpoints.len(), 120);
    let families: std::collections::BTreeSet<&str> =
        catalog.endpoints.iter().map(|e| e.family()).collect();
    assert_eq!(families.len(), s.families);
    let options = emit::Options {
        crate_prefix: "synth".into(),
    };
    let files = emit::generate(&catalog, &options).unwrap_or_else(|d| panic!("{d}"));
    let manifests = files.iter().filter(|f| f.path.ends_with("Cargo.toml"));
    assert_eq!(manifests.count(), s.families + 2);
}

/// Every catalogue the generation benchmark measures loads: a variation that breaks a schema
/// (an enum value dropped while a default still names it) stops the benchmark.
#[test]
fn every_benchmarked_catalogue_loads() {
    let real = real();
    for n in genmedia_benches::SYNTHETIC_SIZES {
        let s = catalogue(&real, n).expect("the real schemas load");
        let catalog = schema::load_files(&s.files).unwrap_or_else(|d| panic!("{n}: {d}"));
        assert_eq!(catalog.endpoints.len(), n);
    }
}

#[test]
fn catalogues_are_reproducible_and_varied() {
    // Fewer real endpoints than synthetic ones, so that two of them vary one real endpoint.
    let real = some_real(30);
    let a = catalogue(&real, 60).expect("loads");
    let b = catalogue(&real, 60).expect("loads");
    let texts = |s: &Synthetic| s.files.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&a), texts(&b));
    // Endpoint n and n + real are varied from one real endpoint, differently.
    let catalog = schema::load_files(&a.files).expect("loads");
    let count = catalog.endpoints.len();
    let n = real.len() - 2;
    let by_suffix = |k: usize| {
        catalog
            .endpoints
            .iter()
            .find(|e| e.id.value.ends_with(&format!("-{k}")))
            .expect("present")
    };
    assert_eq!(count, 60);
    let (first, second) = (by_suffix(1), by_suffix(1 + n));
    let strip = |e: &Endpoint| {
        let text = write::endpoint_file(e);
        text.lines().skip(3).map(str::to_string).collect::<Vec<_>>()
    };
    assert_ne!(strip(first), strip(second));
}
