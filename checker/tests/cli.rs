//! The `genmedia-check` binary, run as a downstream CI would run it, against the page examples
//! in `schemas/` and mutations of them.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use genmedia_generator::schema::{self, model::Catalog};
use serde_json::{json, Value};

const RAY_2_I2V: &str = "fal-ai/luma-dream-machine/ray-2/image-to-video";
const HIDREAM: &str = "fal-ai/hidream-i1-full";
const FLUX_DEV: &str = "fal-ai/flux/dev";

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args`, feeding `stdin` (or nothing) to its standard input.
fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_genmedia-check"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("stdin is written");
    drop(input);
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        code: output.status.code().expect("the binary exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh directory for one test's payload files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("genmedia-check")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Writes `contents` to `dir/name` and returns the path as an argument.
fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("payload written");
    path.to_str().expect("UTF-8 path").to_string()
}

fn catalog() -> Catalog {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    schema::load_dir(&root).expect("the schemas load")
}

/// The first input example of endpoint `id` in `schemas/`, as JSON.
fn example(catalog: &Catalog, id: &str) -> Value {
    let endpoint = catalog
        .endpoints
        .iter()
        .find(|e| e.id.value == id)
        .unwrap_or_else(|| panic!("{id} is in schemas/"));
    let text = endpoint.examples[0]
        .input
        .as_ref()
        .expect("the example has an input");
    serde_json::from_str(&text.value).expect("examples are JSON")
}

fn validate(endpoint: &str, files: &[&str]) -> Run {
    let mut args = vec!["validate", "--endpoint", endpoint];
    args.extend_from_slice(files);
    run(&args, None)
}

/// Every input example of every page passes. (Of the examples `tests/suite/roundtrip.rs` lists as
/// contradicting their schema, the two input ones only carry fields the schema lacks, which the
/// server and the generated types ignore, so they pass too.) `--verbose` proves each file was read.
#[test]
fn every_seed_input_example_passes() {
    let dir = scratch("seeds");
    let catalog = catalog();
    let mut checked = 0;
    for (n, endpoint) in catalog.endpoints.iter().enumerate() {
        let files: Vec<String> = endpoint
            .examples
            .iter()
            .enumerate()
            .filter_map(|(i, x)| Some((i, x.input.as_ref()?)))
            .map(|(i, input)| write(&dir, &format!("{n}-{i}.json"), &input.value))
            .collect();
        if files.is_empty() {
            continue;
        }
        let mut args = vec!["validate", "--verbose", "--endpoint", &endpoint.id.value];
        args.extend(files.iter().map(String::as_str));
        let r = run(&args, None);
        // Fields a page shows that the schema lacks are noted, not refused.
        let oks: String = r
            .stdout
            .lines()
            .filter(|l| !l.contains(": note: "))
            .map(|l| format!("{l}\n"))
            .collect();
        let expected: String = files.iter().map(|f| format!("ok {f}\n")).collect();
        assert_eq!(
            (r.code, oks.as_str(), r.stderr.as_str()),
            (0, expected.as_str(), ""),
            "{}",
            endpoint.id.value
        );
        checked += files.len();
    }
    assert!(checked >= 45, "only {checked} input examples checked");
}

/// The Ray 2 image-to-video page example, mutated one way at a time: each mutation fails with
/// exit 1 and one line naming the JSON path; the example itself passes silently.
#[test]
fn a_mutated_ray_2_example_fails_with_the_json_path() {
    let dir = scratch("ray2");
    let page = example(&catalog(), RAY_2_I2V);
    let file = write(&dir, "page.json", page.to_string());
    let r = validate(RAY_2_I2V, &[&file]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));

    let mutations: [(&str, Value, &str); 5] = [
        // A violated constraint: the validation error's own line.
        (
            "prompt",
            json!("hi"),
            r#"prompt must be at least 3 characters long, got 2 characters: "hi""#,
        ),
        // Shape errors: serde's message, prefixed with the path.
        (
            "aspect_ratio",
            json!("2:1"),
            "aspect_ratio: unknown variant `2:1`, expected one of `16:9`, `9:16`, `4:3`, `3:4`, `21:9`, `9:21` at line 1 column ",
        ),
        (
            "duration",
            json!(4),
            "duration: invalid type: integer `4`, expected ",
        ),
        (
            "loop",
            Value::Null,
            "loop: null is not allowed for this field; leave the field out instead at line 1 column ",
        ),
        (
            "image_url",
            json!(["https://example.com/a.png"]),
            "image_url: invalid type: sequence, expected a string at line 1 column ",
        ),
    ];
    for (field, value, message) in mutations {
        let mut payload = page.clone();
        payload[field] = value;
        let file = write(&dir, &format!("{field}.json"), payload.to_string());
        let r = validate(RAY_2_I2V, &[&file]);
        assert_eq!(r.code, 1, "{field}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.starts_with(&format!("{file}: {message}")) && r.stdout.lines().count() == 1,
            "{field}: {}",
            r.stdout
        );
        assert_eq!(r.stderr, "");
    }

    // A missing required field concerns the top-level object.
    let mut payload = page.clone();
    payload.as_object_mut().unwrap().remove("prompt");
    let file = write(&dir, "no-prompt.json", payload.to_string());
    let r = validate(RAY_2_I2V, &[&file]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with(&format!("{file}: missing field `prompt` at line 1 column ")),
        "{}",
        r.stdout
    );
}

/// Nested objects and lists: every violation on its own line with its nested path, in the order
/// the fields are declared; a shape error inside a list element names the element.
#[test]
fn nested_paths_are_named() {
    let dir = scratch("nested");
    let mut payload = example(&catalog(), HIDREAM);
    payload["image_size"]["width"] = json!(99999);
    payload["num_inference_steps"] = json!(0);
    payload["loras"] = json!([{"path": "a"}, {"path": "b", "scale": 4.5}]);
    let file = write(&dir, "hidream.json", payload.to_string());
    let r = validate(HIDREAM, &[&file]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "{file}: image_size.width must be at most 14142, got 99999\n\
             {file}: num_inference_steps must be at least 1, got 0\n\
             {file}: loras[1].scale must be at most 4, got 4.5\n"
        )
    );

    payload["loras"] = json!([{"path": "a"}, {"path": 5}]);
    let file = write(&dir, "lora-type.json", payload.to_string());
    let r = validate(HIDREAM, &[&file]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(&format!(
            "{file}: loras[1].path: invalid type: integer `5`, expected a string at line 1 column "
        )),
        "{}",
        r.stdout
    );
    payload["loras"] = json!([{"scale": 1}]);
    let file = write(&dir, "lora-missing.json", payload.to_string());
    let r = validate(HIDREAM, &[&file]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(&format!(
            "{file}: loras[0]: missing field `path` at line 1 column "
        )),
        "{}",
        r.stdout
    );
}

/// Several files at once: each file's problems under its name, in argument order, the valid
/// ones silent; a syntax error gives its line and column; exit 1 when any is invalid. A file
/// that cannot be read is named on stderr and makes the exit 2, the others are still checked.
#[test]
fn several_files_with_mixed_results() {
    let dir = scratch("mixed");
    let page = example(&catalog(), RAY_2_I2V);
    let valid = write(&dir, "valid.json", format!("{page:#}"));
    let short = write(&dir, "short.json", r#"{"prompt": "ab"}"#);
    let broken = write(
        &dir,
        "broken.json",
        "{\n  \"prompt\": \"a fox\"\n  \"loop\": true\n}",
    );
    let latin1 = write(&dir, "latin1.json", b"{\"prompt\": \"caf\xe9 au lait\"}");
    let r = validate(RAY_2_I2V, &[&valid, &short, &broken, &latin1, &valid]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert_eq!(
        lines[0],
        format!(r#"{short}: prompt must be at least 3 characters long, got 2 characters: "ab""#)
    );
    assert_eq!(
        lines[1],
        format!("{broken}: expected `,` or `}}` at line 3 column 3")
    );
    assert!(
        lines[2].starts_with(&format!("{latin1}: not UTF-8 text")),
        "{}",
        lines[2]
    );

    let missing = dir.join("missing.json");
    let missing = missing.to_str().unwrap();
    // An invalid payload makes the status 1 even when another file could not be read.
    let r = validate(RAY_2_I2V, &[&valid, missing, &short]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with(&format!("error: cannot read {missing}: ")),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.starts_with(&format!("{short}: prompt ")),
        "{}",
        r.stdout
    );
    // Valid files and an unreadable one: still 2.
    let r = validate(RAY_2_I2V, &[&valid, missing]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
}

/// No file, or `-`, reads standard input, named `<stdin>`; `-` mixes with files.
#[test]
fn standard_input() {
    let dir = scratch("stdin");
    let page = example(&catalog(), RAY_2_I2V).to_string();
    let r = run(&["validate", "--endpoint", RAY_2_I2V], Some(&page));
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    let r = run(&["validate", "-v", "-e", RAY_2_I2V, "-"], Some(&page));
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok <stdin>\n"));

    let bad = r#"{"prompt": "A fox", "resolution": "4k"}"#;
    let r = run(&["validate", "--endpoint", RAY_2_I2V], Some(bad));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "<stdin>: resolution: unknown variant `4k`, expected one of `540p`, `720p`, `1080p`"
        ),
        "{}",
        r.stdout
    );
    let file = write(&dir, "valid.json", &page);
    let r = run(
        &["validate", "--verbose", "--endpoint", RAY_2_I2V, &file, "-"],
        Some(""),
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        format!("ok {file}\n<stdin>: EOF while parsing a value at line 1 column 0\n")
    );
}

/// `list` has one line per endpoint with its id and title, streaming ones marked; `--json`
/// has the same endpoints as objects.
#[test]
fn list_shows_every_endpoint() {
    let catalog = catalog();
    let r = run(&["list"], None);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), catalog.endpoints.len());
    let mut title_columns = Vec::new();
    for e in &catalog.endpoints {
        let id = e.id.value.as_str();
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} is not listed:\n{}", r.stdout));
        let title = line
            .find(&format!("  {}  ", e.title))
            .unwrap_or_else(|| panic!("no title `{}`: {line}", e.title));
        title_columns.push(title);
        assert_eq!(line.ends_with("  streaming"), e.streaming, "{line}");
    }
    // Aligned: every title starts in the same column (the ids are ASCII).
    title_columns.dedup();
    assert_eq!(title_columns.len(), 1, "{}", r.stdout);

    let r = run(&["list", "--json"], None);
    assert_eq!(r.code, 0);
    let listed: Value = serde_json::from_str(&r.stdout).expect("--json prints JSON");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), catalog.endpoints.len());
    let ray = listed
        .iter()
        .find(|e| e["id"] == RAY_2_I2V)
        .expect("Ray 2 is listed");
    assert_eq!(
        ray,
        &json!({"id": RAY_2_I2V, "title": "Luma Ray 2 (Image to Video)",
                "category": "image-to-video", "provider": "fal", "streaming": false})
    );
}

/// An unknown endpoint is exit 2 with the closest ids on stderr, before any file is read.
#[test]
fn unknown_endpoint_suggests_the_closest_ids() {
    let r = validate(
        "fal-ai/luma-dream-machine/ray2/image-to-video",
        &["no-such-file.json"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.starts_with(
            "error: unknown endpoint `fal-ai/luma-dream-machine/ray2/image-to-video`; \
             did you mean `fal-ai/luma-dream-machine/ray-2/image-to-video`?\n"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("no-such-file"), "{}", r.stderr);
    // A part of an id lists the ids containing it.
    let r = validate("kontext/max", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean one of these?\n  fal-ai/flux-pro/kontext/max\n  fal-ai/flux-pro/kontext/max/multi\n"), "{}", r.stderr);
    // Nothing close: no guess, only the pointer to `list`.
    let r = validate("zzzz", &[]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`genmedia-check list` lists all"),
        "{}",
        r.stderr
    );
}

/// Usage errors exit 2; `--help` documents the output streams and the exit status.
#[test]
fn usage_errors_and_help() {
    assert_eq!(run(&["validate", "payload.json"], None).code, 2);
    assert_eq!(run(&["frobnicate"], None).code, 2);
    let help = run(&["validate", "--help"], None);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout
            .contains("Exit status: 0 every payload is valid; 1 some payload is invalid (even if another file could not be read); 2"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("standard error"), "{}", help.stdout);
}

/// `--strict` reports the fields the input does not know, at any depth, with the closest known
/// name; without it they are ignored as the server ignores them, and `--verbose` notes them. A
/// `null` under a known optional field is not an unknown field; under an unknown key it is.
#[test]
fn strict_reports_unknown_fields_with_the_closest_known_name() {
    let dir = scratch("strict");
    let payload = write(
        &dir,
        "typos.json",
        r#"{"prompt": "a fox", "image_size": {"width": 512, "hieght": 512},
            "num_imgaes": 2, "seed": null, "sede": null, "loras_x": [1]}"#,
    );
    let lenient = validate(FLUX_DEV, &[&payload]);
    assert_eq!((lenient.code, lenient.stdout.as_str()), (0, ""));

    let r = run(&["validate", "--strict", "-e", FLUX_DEV, &payload], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{payload}: image_size.hieght: unknown field, did you mean `height`? (the server ignores it)"),
            format!("{payload}: num_imgaes: unknown field, did you mean `num_images`? (the server ignores it)"),
            format!("{payload}: sede: unknown field, did you mean `seed`? (the server ignores it)"),
            format!("{payload}: loras_x: unknown field (the server ignores it)"),
        ],
        "{}",
        r.stdout
    );

    let r = run(&["validate", "-v", "-e", FLUX_DEV, &payload], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains(&format!("{payload}: note: num_imgaes: unknown field"))
            && r.stdout.ends_with(&format!("ok {payload}\n")),
        "{}",
        r.stdout
    );
}

/// `--format json`: one object per file, with every problem's path and kind, unreadable files
/// included; the exit status follows the same rule as the text output.
#[test]
fn json_format_has_one_object_per_file() {
    let dir = scratch("json-format");
    let bad = write(
        &dir,
        "bad.json",
        r#"{"prompt": "", "num_images": 9, "acceleraton": "high"}"#,
    );
    let shape = write(&dir, "shape.json", r#"{"prompt": 3}"#);
    let ok = write(&dir, "ok.json", r#"{"prompt": "a fox"}"#);
    let missing = dir.join("missing.json").to_str().unwrap().to_string();
    let r = run(
        &[
            "validate", "--format", "json", "--strict", "-e", FLUX_DEV, &bad, &shape, &ok, &missing,
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let objects: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    assert_eq!(objects.len(), 4, "{}", r.stdout);
    assert_eq!(objects[0]["file"], bad.as_str());
    assert_eq!(objects[0]["status"], "invalid");
    let kinds: Vec<(&str, &str)> = objects[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["path"].as_str().unwrap(), p["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("num_images", "constraint"),
            ("acceleraton", "unknown_field")
        ],
        "{}",
        r.stdout
    );
    assert_eq!(objects[1]["problems"][0]["kind"], "shape");
    assert_eq!(objects[1]["problems"][0]["path"], "prompt");
    assert_eq!(
        (
            objects[2]["status"].as_str(),
            objects[2]["problems"].as_array().map(Vec::len)
        ),
        (Some("valid"), Some(0))
    );
    assert_eq!(objects[3]["status"], "unreadable");
    assert_eq!(r.stderr, "");
}

/// A byte order mark gets its own message; a file name with a line break cannot forge a line.
#[test]
fn byte_order_marks_and_file_names_with_line_breaks() {
    let dir = scratch("bom");
    let bom = write(&dir, "bom.json", b"\xef\xbb\xbf{\"prompt\": \"a fox\"}");
    let utf16 = write(&dir, "utf16.json", b"\xff\xfe{\x00}\x00");
    let forged = write(
        &dir,
        "a\nfake.json: ok",
        r#"{"prompt": "a fox", "num_images": 9}"#,
    );
    let r = validate(FLUX_DEV, &[&bom, &utf16, &forged]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(lines[0].starts_with(&format!("{bom}: starts with a UTF-8 byte order mark")));
    assert!(lines[1].starts_with(&format!("{utf16}: is UTF-16 text")));
    assert!(
        lines[2].starts_with(&forged.replace('\n', "\\n")),
        "{}",
        lines[2]
    );
}

/// The exit status when files fail in different ways: 1 whenever a payload is invalid, else 2
/// when a file could not be read, else 0.
#[test]
fn the_exit_status_puts_invalid_before_unreadable() {
    let dir = scratch("status");
    let ok = write(&dir, "ok.json", r#"{"prompt": "a fox"}"#);
    let bad = write(&dir, "bad.json", r#"{"prompt": "a fox", "num_images": 0}"#);
    let missing = dir.join("missing.json").to_str().unwrap().to_string();
    for (files, status) in [
        (vec![&ok], 0),
        (vec![&ok, &bad], 1),
        (vec![&missing, &bad], 1),
        (vec![&bad, &missing], 1),
        (vec![&ok, &missing], 2),
    ] {
        let files: Vec<&str> = files.iter().map(|f| f.as_str()).collect();
        assert_eq!(validate(FLUX_DEV, &files).code, status, "{files:?}");
    }
}
