//! `genmedia-check`: checks JSON request payloads against the generated input types, for a
//! downstream CI that keeps its request payloads as JSON files.
//!
//! `genmedia-check validate --endpoint <id> [FILE...]` reads each file (standard input for `-`
//! or no file at all) as the endpoint's input, exactly as the generated `from_json` does: the
//! JSON must have the input's shape (required fields, types, enum values, `null` only where
//! allowed) and satisfy every constraint. `genmedia-check list` lists the endpoints.
//!
//! It depends on the generated crates (through `genmedia-catalog`), so it is a package of its
//! own: xtask, which regenerates them, never depends on it.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use genmedia_catalog::EndpointInfo;
use genmedia_runtime::InputError;

/// What the exit status and the two output streams mean, shown by `--help`.
const OUTPUT_HELP: &str = "\
Output: on success nothing (with --verbose, `ok <file>` per payload). Each problem of an invalid \
payload is one line on standard output: `<file>: <JSON path> <constraint>, got <value>` for a \
violated constraint, `<file>: <JSON path>: <message> at line L column C` when the JSON does not \
have the input's shape (then only the first such problem is known), `<file>: <message> at line L \
column C` for a JSON syntax error. Standard input is named `<stdin>`. Errors that stop the check \
(an unknown endpoint, a file that cannot be read) go to standard error.

Exit status: 0 every payload is valid; 1 some payload is invalid; 2 usage error, unknown endpoint \
or unreadable file.";

#[derive(Parser)]
#[command(
    name = "genmedia-check",
    version,
    about = "Checks JSON request payloads against the generated input types of an endpoint",
    after_help = OUTPUT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check JSON payloads against an endpoint's input: shape, types, enum values, constraints.
    #[command(after_help = OUTPUT_HELP)]
    Validate {
        /// The endpoint id (`genmedia-check list` shows them all).
        #[arg(long, short, value_name = "ID")]
        endpoint: String,
        /// Print `ok <file>` for each valid payload.
        #[arg(long, short)]
        verbose: bool,
        /// The payloads; `-`, or no file at all, reads standard input.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the endpoints: id, title, category, provider, and `streaming` for streaming ones.
    List {
        /// Print a JSON array of objects (id, title, category, provider, streaming) instead.
        #[arg(long)]
        json: bool,
    },
}

/// Exit status: a payload is invalid.
const INVALID: u8 = 1;
/// Exit status: usage error, unknown endpoint, unreadable file, or output that cannot be written.
const FAILED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate {
            endpoint,
            verbose,
            files,
        } => validate(&endpoint, verbose, &files),
        Command::List { json } => list(json),
    };
    ExitCode::from(result)
}

/// Checks every payload; returns the exit status.
fn validate(id: &str, verbose: bool, files: &[PathBuf]) -> u8 {
    let Some(info) = genmedia_catalog::find(id) else {
        eprintln!("{}", unknown_endpoint(id));
        return FAILED;
    };
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin_only } else { files };
    let mut stdin: Option<Vec<u8>> = None;
    let mut status = 0;
    let mut out = io::stdout().lock();
    for file in files {
        let from_stdin = file.as_os_str() == "-";
        let name = if from_stdin {
            "<stdin>".to_string()
        } else {
            file.display().to_string()
        };
        let bytes = if from_stdin {
            // Standard input is read once, even when `-` is given twice.
            match &stdin {
                Some(bytes) => Ok(bytes.clone()),
                None => {
                    let mut bytes = Vec::new();
                    io::stdin().read_to_end(&mut bytes).map(|_| {
                        stdin = Some(bytes.clone());
                        bytes
                    })
                }
            }
        } else {
            std::fs::read(file)
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                status = FAILED;
                continue;
            }
        };
        let problems = problems(info, &bytes);
        let mut text = String::new();
        for problem in &problems {
            let _ = writeln!(text, "{name}: {problem}");
        }
        if problems.is_empty() && verbose {
            let _ = writeln!(text, "ok {name}");
        }
        if out.write_all(text.as_bytes()).is_err() {
            // Standard output is gone (a closed pipe): nothing more can be reported.
            return FAILED;
        }
        if !problems.is_empty() && status == 0 {
            status = INVALID;
        }
    }
    if out.flush().is_err() {
        return FAILED;
    }
    status
}

/// Every problem of one payload, one line each; empty when the payload is valid.
fn problems(info: &EndpointInfo, bytes: &[u8]) -> Vec<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return vec![format!("not UTF-8 text, which JSON must be: {e}")],
    };
    match info.check_input(text) {
        Ok(_) => Vec::new(),
        Err(InputError::Invalid(errors)) => {
            errors.violations().iter().map(|v| v.to_string()).collect()
        }
        Err(InputError::Json(e)) => vec![one_line(&e.to_string())],
    }
}

/// The message with line breaks escaped, so that every problem stays on one line (serde quotes
/// an unknown enum value as it is).
fn one_line(message: &str) -> String {
    message.replace('\r', "\\r").replace('\n', "\\n")
}

/// The error for an endpoint id that does not exist, with the closest ids.
fn unknown_endpoint(id: &str) -> String {
    let mut message = format!("error: unknown endpoint `{id}`");
    match suggestions(id).as_slice() {
        [] => {}
        [one] => {
            let _ = write!(message, "; did you mean `{one}`?");
        }
        many => {
            message.push_str("; did you mean one of these?");
            for s in many {
                let _ = write!(message, "\n  {s}");
            }
        }
    }
    let _ = write!(
        message,
        "\n`genmedia-check list` lists all {} endpoints",
        genmedia_catalog::COUNT
    );
    message
}

/// The ids closest to `id`: those containing it (shortest first), or else the closest ones
/// within a few edits of it. At most five.
fn suggestions(id: &str) -> Vec<&'static str> {
    const MAX: usize = 5;
    let wanted = id.trim().trim_matches('/').to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut containing: Vec<&'static str> = genmedia_catalog::all()
        .map(|e| e.id)
        .filter(|known| known.to_lowercase().contains(&wanted))
        .collect();
    if !containing.is_empty() {
        containing.sort_by_key(|known| (known.len(), *known));
        containing.truncate(MAX);
        return containing;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    let mut close: Vec<(usize, &'static str)> = genmedia_catalog::all()
        .map(|e| (edit_distance(&wanted, &e.id.to_lowercase()), e.id))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    close.sort();
    let best = close.first().map_or(0, |(distance, _)| *distance);
    close
        .into_iter()
        .take_while(|(distance, _)| *distance <= best + 2)
        .take(MAX)
        .map(|(_, known)| known)
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Prints the endpoints, sorted by id; returns the exit status.
fn list(json: bool) -> u8 {
    let mut endpoints: Vec<&EndpointInfo> = genmedia_catalog::all().collect();
    endpoints.sort_by_key(|e| e.id);
    let text = if json {
        let list: Vec<serde_json::Value> = endpoints
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "title": e.title,
                    "category": e.category,
                    "provider": e.provider,
                    "streaming": e.streaming,
                })
            })
            .collect();
        format!("{:#}\n", serde_json::Value::from(list))
    } else {
        let width = |column: fn(&EndpointInfo) -> &str| {
            endpoints
                .iter()
                .map(|e| column(e).chars().count())
                .max()
                .unwrap_or(0)
        };
        let (id_width, title_width, category_width, provider_width) = (
            width(|e| e.id),
            width(|e| e.title),
            width(|e| e.category),
            width(|e| e.provider),
        );
        let mut text = String::new();
        for e in &endpoints {
            let streaming = if e.streaming { "streaming" } else { "" };
            let line = format!(
                "{:id_width$}  {:title_width$}  {:category_width$}  {:provider_width$}  {streaming}",
                e.id, e.title, e.category, e.provider
            );
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => FAILED,
    }
}
