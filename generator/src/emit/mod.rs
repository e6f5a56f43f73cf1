//! Emitters: the checked catalog → Rust source files (as path → contents; nothing here touches
//! the file system). Each emitter adds items to a `module::Module`: syntax trees built directly
//! (`syntax`) for the code written once per field, tokens for the code written once per type;
//! `crates` assembles and formats the files.

mod crates;
mod docs;
mod endpoint;
mod enums;
mod module;
mod object;
mod package;
mod rust;
mod syntax;
mod unions;
mod values;

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::ir::{CrateNames, Ir};
use crate::release::Releases;
use crate::schema::model::Catalog;

pub use crates::{RUST_HEADER, TOML_HEADER};

/// One file the generator produces, relative to the output directory (`generated/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output directory, with `/` separators (`common/src/lib.rs`).
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// How generated crates are named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The prefix of every generated package name (`genmedia` → `genmedia-common`).
    pub crate_prefix: String,
}

impl Options {
    /// Why these options cannot name crates, if they cannot: a prefix that no package name
    /// can start with. [`generate`] refuses such options with the same message; a command
    /// line can ask before anything runs.
    pub fn problem(&self) -> Option<String> {
        crate::naming::crate_prefix_problem(&self.crate_prefix)
    }
}

/// The directory, under the output directory, of the crate that holds endpoint `e`
/// (`fal-ai/flux/dev` → `fal-ai-flux`): one crate per family.
pub fn crate_dir(e: &crate::schema::model::Endpoint) -> String {
    crate::naming::crate_dir(e.family())
}

/// Generates every file of the output directory from a checked catalog, sorted by path: the
/// common crate, one crate per family, and the catalog crate, each at the workspace's version.
pub fn generate(catalog: &Catalog, options: &Options) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_with(catalog, options, &Releases::default()).map(|g| g.files)
}

/// What [`generate_with`] produces.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Every crate's names and version: the common crate, the families, the catalog crate.
    pub crates: Vec<CrateNames>,
}

/// [`generate`], each crate at its released version and with its changelog.
pub fn generate_with(
    catalog: &Catalog,
    options: &Options,
    releases: &Releases,
) -> Result<Generated, Diagnostics> {
    let mut ir = Ir::build(catalog, &options.crate_prefix)?;
    ir.set_versions(&releases.versions);
    let mut files = Vec::new();
    let result = crates::common(&ir, &mut files)
        .and_then(|()| families(&ir, &mut files))
        .and_then(|()| crates::registry(&ir, &mut files));
    for names in ir.crates() {
        if let Some(changelog) = releases.changelogs.get(&names.package) {
            files.push(GeneratedFile {
                path: format!("{}/CHANGELOG.md", names.dir),
                contents: changelog.clone(),
            });
        }
    }
    if let Err(message) = result {
        // Only a bug of the generator gets here: report it against the schema directory.
        return Err(Diagnostics::sorted(vec![Diagnostic::new(
            &catalog.shared.file,
            Span::default(),
            message,
        )
        .with_help(
            "this is a bug of the generator; please report it with the schema that triggers it",
        )]));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated {
        files,
        crates: ir.crates().cloned().collect(),
    })
}

/// Every family crate. Families are independent of each other, so they are emitted in
/// parallel, the largest first (a family's cost is about the number of types it emits); the
/// files are sorted afterwards, so the output never depends on the number of threads.
fn families(ir: &Ir<'_>, files: &mut Vec<GeneratedFile>) -> Result<(), String> {
    let indices = crate::parallel::by_cost(ir.families.iter().map(|fam| {
        fam.hoisted.len() + fam.endpoints.iter().map(|ep| ep.types.len()).sum::<usize>()
    }));
    let emitted = crate::parallel::map(&indices, |&f| {
        let mut out = Vec::new();
        crates::family(ir, f, &mut out).map(|()| out)
    });
    for family in emitted {
        files.extend(family?);
    }
    Ok(())
}
