//! The normalized schema format: its model, how it is read from YAML, and its rules.

pub(crate) mod check;
pub mod constraint;
pub(crate) mod load;
pub mod model;
pub(crate) mod type_expr;
pub mod write;
pub(crate) mod yaml;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
pub use load::{SourceFile, PROVIDERS_FILE, SHARED_FILE};
use model::Catalog;

/// Reads every schema file under `root` and checks it. `root` is shown as given in diagnostics,
/// so pass a path relative to the working directory (`schemas`) for short messages.
pub fn load_dir(root: &Path) -> Result<Catalog, Diagnostics> {
    let mut diags = Vec::new();
    let files = read_dir(root, &mut diags);
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags));
    }
    load_files(&files)
}

/// Checks a set of schema files held in memory (the directory reader and the tests use it).
pub fn load_files(files: &[SourceFile]) -> Result<Catalog, Diagnostics> {
    let mut diags = Vec::new();
    let parsed = load::parse_files(files, &mut diags);
    check::check(&parsed, &mut diags);
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags));
    }
    let mut endpoints: Vec<_> = parsed.endpoints.into_iter().map(|(_, e)| e).collect();
    endpoints.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    Ok(Catalog {
        providers: parsed.providers,
        shared: parsed.shared,
        endpoints,
    })
}

/// Every `.yaml` file under `root`, sorted by relative path so loading never depends on the
/// order the file system lists entries in.
pub fn read_dir(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                diags.push(
                    Diagnostic::new(
                        &dir,
                        Span::default(),
                        format!("cannot read the directory: {e}"),
                    )
                    .with_help("check that the schema directory exists and is readable"),
                );
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.ends_with(".yml") {
                diags.push(
                    Diagnostic::new(
                        &path,
                        Span::new(1, 1),
                        "schema files end in `.yaml`, not `.yml`",
                    )
                    .with_help("rename the file; the loader reads `.yaml` files only"),
                );
                continue;
            }
            if !name.ends_with(".yaml") {
                continue;
            }
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push(SourceFile {
                        relative,
                        display: path,
                        text,
                    }),
                    Err(e) => diags.push(not_utf8(&path, e.as_bytes(), e.utf8_error())),
                },
                Err(e) => diags.push(Diagnostic::new(
                    &path,
                    Span::default(),
                    format!("cannot read the file: {e}"),
                )),
            }
        }
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

/// The diagnostic for a file that is not UTF-8, at the first byte that is not: its line, and
/// its column counted in the characters before it.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let before = std::str::from_utf8(valid).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    Diagnostic::new(
        path,
        Span::new(line as u32, column as u32),
        format!(
            "the file is not UTF-8 text: byte 0x{:02x} cannot start or continue a character",
            bytes[e.valid_up_to()]
        ),
    )
    .with_help("save the file as UTF-8 (schema files are YAML, which is UTF-8 here)")
}
