//! `genmedia-check`: checks JSON request payloads against the generated input types, for a
//! downstream CI that keeps its request payloads as JSON files.
//!
//! `genmedia-check validate --endpoint <id> [FILE...]` reads each file (standard input for `-`
//! or no file at all) as the endpoint's input, exactly as the generated `from_json` does: the
//! JSON must have the input's shape (required fields, types, enum values, `null` only where
//! allowed) and satisfy every constraint; with `--strict`, it may not carry fields the input
//! does not know. `genmedia-check list` lists the endpoints.
//!
//! It depends on the generated crates (through `genmedia-catalog`), so it is a package of its
//! own: xtask, which regenerates them, never depends on it.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use genmedia_catalog::EndpointInfo;

mod check;
mod suggest;

/// What the exit status and the two output streams mean, shown by `--help`.
const OUTPUT_HELP: &str = "\
Output: on success nothing (with --verbose, `ok <file>` per payload). Each problem of an invalid \
payload is one line on standard output: `<file>: <JSON path> <constraint>, got <value>` for a \
violated constraint, `<file>: <JSON path>: <message> at line L column C` when the JSON does not \
have the input's shape (then only the first such problem is known), `<file>: <message> at line L \
column C` for a JSON syntax error, `<file>: <JSON path>: unknown field, did you mean ...` with \
--strict. Standard input is named `<stdin>`; control characters in file names are escaped \
(`\\n`). Errors that stop the check of a file (an unknown endpoint, a file that cannot be read) go \
to standard error. With --format json, each file is one JSON object on its own line of standard \
output instead: {\"file\", \"status\": \"valid\"|\"invalid\"|\"unreadable\", \"problems\": [{\"path\", \
\"kind\", \"message\"}], \"notes\": [...]}, kinds being encoding, syntax, shape, constraint and \
unknown_field.

Exit status: 0 every payload is valid; 1 some payload is invalid (even if another file could not \
be read); 2 no payload is invalid but some file could not be read, or a usage error or an \
unknown endpoint.";

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
        /// Print `ok <file>` for each valid payload, and a note for each field the input does
        /// not know (ignored, as the server ignores it).
        #[arg(long, short)]
        verbose: bool,
        /// Fields the input does not know are errors (with the closest known name), not
        /// ignored as the server ignores them.
        #[arg(long)]
        strict: bool,
        /// `text`: one line per problem; `json`: one JSON object per file.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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

/// How `validate` reports.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
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
            strict,
            format,
            files,
        } => validate(
            &endpoint,
            &Options {
                verbose,
                strict,
                format,
            },
            &files,
        ),
        Command::List { json } => list(json),
    };
    ExitCode::from(result)
}

struct Options {
    verbose: bool,
    strict: bool,
    format: Format,
}

/// What the files came to, for the exit status: any invalid payload makes it 1, whatever else
/// happened; otherwise any file that could not be read makes it 2.
#[derive(Default)]
struct Outcome {
    invalid: bool,
    unreadable: bool,
}

impl Outcome {
    fn status(&self) -> u8 {
        if self.invalid {
            INVALID
        } else if self.unreadable {
            FAILED
        } else {
            0
        }
    }
}

/// Checks every payload; returns the exit status.
fn validate(id: &str, options: &Options, files: &[PathBuf]) -> u8 {
    let Some(info) = genmedia_catalog::find(id) else {
        eprintln!("{}", unknown_endpoint(id));
        return FAILED;
    };
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin_only } else { files };
    let mut stdin: Option<Vec<u8>> = None;
    let mut outcome = Outcome::default();
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
        let text = match bytes {
            Ok(bytes) => {
                let verdict = check::payload(info, &bytes, options.strict);
                outcome.invalid |= !verdict.problems.is_empty();
                report(&name, &verdict, options)
            }
            Err(e) => {
                outcome.unreadable = true;
                let message = format!("cannot read {}: {e}", escaped(&name));
                match options.format {
                    Format::Text => {
                        eprintln!("error: {message}");
                        String::new()
                    }
                    Format::Json => format!(
                        "{}\n",
                        serde_json::json!({"file": name, "status": "unreadable", "error": message})
                    ),
                }
            }
        };
        if out.write_all(text.as_bytes()).is_err() {
            // Standard output is gone (a closed pipe): nothing more can be reported.
            return FAILED;
        }
    }
    if out.flush().is_err() {
        return FAILED;
    }
    outcome.status()
}

/// What one payload's verdict prints.
fn report(name: &str, verdict: &check::Verdict, options: &Options) -> String {
    let mut text = String::new();
    match options.format {
        Format::Text => {
            let name = escaped(name);
            for problem in &verdict.problems {
                let _ = writeln!(text, "{name}: {}", problem.message);
            }
            if options.verbose {
                for note in &verdict.notes {
                    let _ = writeln!(text, "{name}: note: {}", note.message);
                }
                if verdict.problems.is_empty() {
                    let _ = writeln!(text, "ok {name}");
                }
            }
        }
        Format::Json => {
            let list = |problems: &[check::Problem]| -> Vec<serde_json::Value> {
                problems
                    .iter()
                    .map(|p| {
                        serde_json::json!({"path": p.path, "kind": p.kind.name(), "message": p.message})
                    })
                    .collect()
            };
            let status = if verdict.problems.is_empty() {
                "valid"
            } else {
                "invalid"
            };
            let object = serde_json::json!({
                "file": name,
                "status": status,
                "problems": list(&verdict.problems),
                "notes": list(&verdict.notes),
            });
            let _ = writeln!(text, "{object}");
        }
    }
    text
}

/// A file name as the text output prints it: control characters (a line break in a file name)
/// escaped, so that no name can forge a line of the report.
fn escaped(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The error for an endpoint id that does not exist, with the closest ids.
fn unknown_endpoint(id: &str) -> String {
    let mut message = format!("error: unknown endpoint `{}`", escaped(id));
    match suggest::ids(id).as_slice() {
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
