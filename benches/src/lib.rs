//! Helpers of the criterion benchmarks (`cargo bench -p genmedia-benches`): schema catalogues on
//! disk, the comparison that `cargo xtask codegen --check` makes, and the closing summary that
//! turns criterion's estimates into the figures the README reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use genmedia_generator::emit::{self, GeneratedFile, Options};
use genmedia_generator::schema::{self, SourceFile};

pub mod synthetic;

/// The sizes of the synthetic catalogues the generation benchmark measures (a test loads each).
pub const SYNTHETIC_SIZES: [usize; 3] = [100, 1_000, 5_000];

/// The workspace root (the benches run from their package directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The real schema files under `schemas/`.
pub fn real_files() -> Vec<SourceFile> {
    let mut diags = Vec::new();
    let files = schema::read_dir(&workspace_root().join("schemas"), &mut diags);
    assert!(diags.is_empty(), "cannot read schemas/: {diags:?}");
    files
}

/// Loads and checks every schema under `dir`, then emits and formats every generated file:
/// what `cargo xtask codegen` does before it compares with the disk. Returns the files and the
/// number of endpoints.
pub fn generate_dir(dir: &Path) -> (Vec<GeneratedFile>, usize) {
    let catalog = schema::load_dir(dir).unwrap_or_else(|d| panic!("{d}"));
    let options = Options {
        crate_prefix: "genmedia".to_string(),
    };
    let files = emit::generate(&catalog, &options).unwrap_or_else(|d| panic!("{d}"));
    (files, catalog.endpoints.len())
}

/// A synthetic catalogue written under the system's temporary directory; removed on drop.
pub struct SyntheticDir {
    /// The schema directory.
    pub path: PathBuf,
    /// How many endpoints it holds.
    pub endpoints: usize,
    /// How many families (crates besides the common and catalog ones) they make.
    pub families: usize,
}

impl SyntheticDir {
    /// Writes a catalogue of `endpoints` endpoints varied from the real schemas.
    pub fn new(endpoints: usize) -> Self {
        let made = synthetic::catalogue(&real_files(), endpoints).unwrap_or_else(|d| panic!("{d}"));
        let path =
            std::env::temp_dir().join(format!("genmedia-bench-{}-{endpoints}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        for f in &made.files {
            let file = path.join(&f.relative);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).expect("create the catalogue directory");
            }
            std::fs::write(&file, &f.text).expect("write a schema file");
        }
        SyntheticDir {
            path,
            endpoints: made.endpoints,
            families: made.families,
        }
    }
}

impl Drop for SyntheticDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Reads every file under `dir`, by path relative to it with `/` separators; a file that is not
/// UTF-8 reads as `None`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(relative, std::fs::read_to_string(&path).ok());
        }
    }
    out
}

/// What `cargo xtask codegen --check` does after generating: reads the output directory and
/// counts the files that differ from the produced ones, are missing, or are stale.
pub fn differences(output: &Path, produced: &[GeneratedFile]) -> usize {
    let disk = read_tree(output);
    let mut differ = produced
        .iter()
        .filter(|f| disk.get(&f.path).and_then(Option::as_deref) != Some(f.contents.as_str()))
        .count();
    let names: std::collections::BTreeSet<&str> =
        produced.iter().map(|f| f.path.as_str()).collect();
    differ += disk.keys().filter(|p| !names.contains(p.as_str())).count();
    differ
}

/// Runs `routine` `iters` times and returns the CPU time the process spent, every thread
/// included (loading and emitting run on all cores): the work the machine does, however busy
/// it is otherwise. Measuring the calling thread alone, as this did before generation ran on
/// several threads, counts only the part that thread happens to take.
pub fn cpu_time<T>(iters: u64, mut routine: impl FnMut() -> T) -> Duration {
    let start = cpu_time::ProcessTime::now();
    for _ in 0..iters {
        std::hint::black_box(routine());
    }
    start.elapsed()
}

/// Where criterion keeps its results: `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion`, or the
/// workspace's `target/criterion`.
pub fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("criterion"),
        None => workspace_root().join("target").join("criterion"),
    }
}

/// Criterion's estimate of one benchmark's time per iteration, in nanoseconds: the slope of
/// its linear fit, or the mean when it sampled flat. `id` is the benchmark's path
/// (`generation/synthetic/1000`). `None` when the benchmark did not run.
pub fn estimate_ns(id: &str) -> Option<f64> {
    let path = criterion_home().join(id).join("new").join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let point = |key: &str| json.get(key)?.get("point_estimate")?.as_f64();
    point("slope").or_else(|| point("mean"))
}

/// A duration in nanoseconds, in the unit that reads best.
pub fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Prints a summary table, left-aligned, after the criterion output.
pub fn print_table(title: &str, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("  {}", padded.join("  ").trim_end());
    };
    println!("\n{title}");
    line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.clone());
    }
}
