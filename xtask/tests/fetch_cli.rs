//! `cargo xtask import --fetch` end to end: the real binary on a scratch copy of the repository
//! (`--root`), against a loopback stub of fal's model search API (`--api-url`) serving the
//! workspace's own documents, some altered, page by page.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{copy_files, files_of, tree, workspace, Reply, Request, Stub, TempDir};

/// Runs `xtask --root <root> import --fetch --api-url <stub> <args>`, with `FAL_KEY` set to
/// `key` (or unset).
fn fetch(root: &Path, stub: &Stub, args: &[&str], key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .arg("--root")
        .arg(root)
        .args(["import", "--fetch", "--api-url", &stub.url])
        .args(args)
        .env_remove("FAL_KEY");
    if let Some(key) = key {
        command.env("FAL_KEY", key);
    }
    command.output().expect("run xtask")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_success(output: &Output) -> (String, String) {
    let (stdout, stderr) = text(output);
    assert!(output.status.success(), "fetch failed:\n{stdout}{stderr}");
    (stdout, stderr)
}

/// Exit status 1, and the stderr.
fn assert_failure(output: &Output) -> String {
    let (stdout, stderr) = text(output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    stderr
}

/// A scratch checkout with what the import reads and writes (`generated/` is not one of them).
fn scratch(tag: &str) -> TempDir {
    let tmp = TempDir::new(tag);
    for dir in ["upstream", "schemas"] {
        let from = workspace().join(dir);
        copy_files(&from, &tmp.0.join(dir), &files_of(&from));
    }
    tmp
}

/// The paths whose entry differs between two trees.
fn differences(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

/// The workspace's document of endpoint `id`.
fn document(id: &str) -> String {
    let path = workspace().join(format!("upstream/fal/{}.json", id.replace('/', "__")));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A document as an API sends it: parsed and written compactly, not in the file's form.
fn compact(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("a JSON document");
    serde_json::to_string(&value).unwrap()
}

/// The stable form xtask writes a document in.
fn pretty(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("a JSON document");
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

/// fal's model search API as the stub plays it.
#[derive(Clone, Default)]
struct Fal {
    /// What list mode returns, in order, `page_size` per page.
    listed: Vec<String>,
    page_size: usize,
    /// Each known endpoint's document; `None`: fal answers the endpoint without one.
    documents: BTreeMap<String, Option<String>>,
}

impl Fal {
    /// Serves the workspace's documents of `ids`.
    fn serving(ids: &[&str]) -> Fal {
        let mut fal = Fal {
            page_size: 2,
            ..Fal::default()
        };
        for id in ids {
            fal.document(id, &document(id));
        }
        fal
    }

    fn document(&mut self, id: &str, text: &str) {
        self.documents.insert(id.to_string(), Some(compact(text)));
    }

    fn answer(&self, request: &Request) -> Reply {
        assert_eq!(request.path, "/v1/models");
        let ids = request.all("endpoint_id");
        if ids.is_empty() {
            return self.page(request.get("cursor"));
        }
        assert_eq!(request.get("expand"), Some("openapi-3.0"));
        assert!(ids.len() <= 50, "{} ids in one request", ids.len());
        let models: Vec<String> = ids
            .iter()
            .filter_map(|id| {
                let document = self.documents.get(*id)?;
                let openapi = document
                    .as_ref()
                    .map_or(String::new(), |d| format!(r#","openapi":{d}"#));
                Some(format!(
                    r#"{{"endpoint_id":"{id}","metadata":{{"status":"active","display_name":"Stub"}}{openapi}}}"#
                ))
            })
            .collect();
        Reply::json(format!(
            r#"{{"models":[{}],"next_cursor":null,"has_more":false}}"#,
            models.join(",")
        ))
    }

    /// One page of the listing; the cursor is opaque to the client (`c<start>==`).
    fn page(&self, cursor: Option<&str>) -> Reply {
        let start = cursor.map_or(0, |c| {
            c.trim_start_matches('c')
                .trim_end_matches('=')
                .parse()
                .expect("a cursor of the stub")
        });
        let end = (start + self.page_size).min(self.listed.len());
        let models: Vec<String> = self.listed[start..end]
            .iter()
            .map(|id| {
                format!(
                    r#"{{"endpoint_id":"{id}","metadata":{{"status":"deprecated","extra":[1]}}}}"#
                )
            })
            .collect();
        let more = end < self.listed.len();
        let next = if more {
            format!(r#""c{end}==""#)
        } else {
            "null".to_string()
        };
        Reply::json(format!(
            r#"{{"models":[{}],"next_cursor":{next},"has_more":{more}}}"#,
            models.join(",")
        ))
    }
}

/// The ids of the find requests received, batch by batch.
fn find_batches(stub: &Stub) -> Vec<Vec<String>> {
    stub.requests()
        .iter()
        .map(|r| {
            r.all("endpoint_id")
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        })
        .filter(|ids| !ids.is_empty())
        .collect()
}

const FLUX_DEV: &str = "fal-ai/flux/dev";
const STEPS: &str = "The number of inference steps to perform.";
const NEW_STEPS: &str = "The number of denoising steps to perform.";

#[test]
fn fetching_ids_updates_what_changed_and_nothing_else() {
    let repo = scratch("ids");
    // Two documents whose files write a number another way (`1e-06`, `0.000001`) than
    // serde_json does: the same documents, so unchanged and not rewritten.
    let same = [
        "fal-ai/flux/schnell",
        "fal-ai/wan-trainer/t2v",
        "fal-ai/ltx-video-trainer",
    ];
    let mut fal = Fal::serving(&same);
    fal.document(FLUX_DEV, &document(FLUX_DEV).replace(STEPS, NEW_STEPS));
    let next = document(FLUX_DEV).replace(FLUX_DEV, "fal-ai/flux/dev-next");
    fal.document("fal-ai/flux/dev-next", &next);
    let stub = Stub::serve(move |r| fal.answer(r));
    let ids = [same.as_slice(), &[FLUX_DEV, "fal-ai/flux/dev-next"]].concat();
    let mut args: Vec<&str> = ids.iter().flat_map(|id| ["--id", *id]).collect();
    args.extend(["--batch-size", "2"]);
    let before = tree(&repo.0);

    let output = fetch(&repo.0, &stub, &args, Some("stub-key-1234"));
    let (stdout, stderr) = assert_success(&output);
    assert!(
        stdout.contains("fetch: 5 of 5 documents fetched: 3 unchanged, 1 changed, 1 new, 0 failed"),
        "{stdout}"
    );
    assert!(stdout.contains("changed: fal-ai/flux/dev\n"), "{stdout}");
    assert!(stdout.contains("new: fal-ai/flux/dev-next\n"), "{stdout}");
    assert!(stderr.contains("fetch: 5/5 documents"), "{stderr}");
    assert!(!stdout.contains("stub-key-1234") && !stderr.contains("stub-key-1234"));
    assert_eq!(find_batches(&stub).len(), 3, "five ids, two per request");
    for request in stub.requests() {
        assert_eq!(request.header("authorization"), Some("Key stub-key-1234"));
    }

    let after = tree(&repo.0);
    assert_eq!(
        differences(&before, &after),
        [
            "schemas/fal-ai/flux/dev-next.yaml",
            "schemas/fal-ai/flux/dev.yaml",
            "upstream/fal/fal-ai__flux__dev-next.json",
            "upstream/fal/fal-ai__flux__dev.json",
        ]
    );
    let written =
        std::fs::read_to_string(repo.0.join("upstream/fal/fal-ai__flux__dev.json")).unwrap();
    assert_eq!(
        written,
        pretty(&document(FLUX_DEV).replace(STEPS, NEW_STEPS))
    );
    assert_eq!(
        written,
        document(FLUX_DEV).replace(STEPS, NEW_STEPS),
        "the files' own form"
    );
    let schema = std::fs::read_to_string(repo.0.join("schemas/fal-ai/flux/dev.yaml")).unwrap();
    assert!(
        schema.contains(NEW_STEPS) && !schema.contains(STEPS),
        "{schema}"
    );

    // The same fetch again: everything unchanged, no file touched.
    let output = fetch(&repo.0, &stub, &args, None);
    let (stdout, _) = assert_success(&output);
    assert!(
        stdout.contains("fetch: 5 of 5 documents fetched: 5 unchanged, 0 changed, 0 new, 0 failed"),
        "{stdout}"
    );
    assert!(after == tree(&repo.0), "a second fetch changed files");
}

#[test]
fn failed_requests_are_retried_after_the_backoff_or_retry_after() {
    let repo = scratch("retries");
    let fal = Fal::serving(&[FLUX_DEV, "fal-ai/flux/schnell"]);
    let count = AtomicUsize::new(0);
    // One request at a time: the 1st is refused with 503, the 3rd with 429 and `Retry-After: 1`.
    let stub = Stub::serve(move |r| match count.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::status(503),
        2 => Reply::Answer {
            status: 429,
            headers: vec![("Retry-After".into(), "1".into())],
            body: b"{\"detail\":\"slow down\"}".to_vec(),
        },
        _ => fal.answer(r),
    });
    let before = tree(&repo.0);
    // A document broken on disk (not even UTF-8): the fetch is what repairs it.
    let broken = repo.0.join("upstream/fal/fal-ai__flux__schnell.json");
    let _ = std::fs::remove_file(&broken);
    std::fs::write(&broken, b"\xff\xfe").unwrap();
    let args = [
        "--id",
        FLUX_DEV,
        "--id",
        "fal-ai/flux/schnell",
        "--batch-size",
        "1",
        "--concurrency",
        "1",
        "--retries",
        "2",
    ];
    let (stdout, _) = assert_success(&fetch(&repo.0, &stub, &args, None));
    assert!(
        stdout.contains("2 of 2 documents fetched: 1 unchanged, 1 changed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("changed: fal-ai/flux/schnell\n"),
        "{stdout}"
    );
    let requests = stub.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[0].all("endpoint_id"),
        requests[1].all("endpoint_id")
    );
    assert_eq!(
        requests[2].all("endpoint_id"),
        requests[3].all("endpoint_id")
    );
    let waited = requests[3].at - requests[2].at;
    assert!(
        waited >= Duration::from_millis(990),
        "Retry-After: 1, retried after {waited:?}"
    );
    assert!(
        before == tree(&repo.0),
        "the repaired tree differs from the original"
    );
}

#[test]
fn at_most_concurrency_requests_are_in_flight() {
    let repo = scratch("concurrency");
    let ids = [
        FLUX_DEV,
        "fal-ai/flux/schnell",
        "fal-ai/flux/krea",
        "fal-ai/flux/srpo",
        "fal-ai/flux/dev/redux",
    ];
    let fal = Fal::serving(&ids);
    let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (in_flight, peak) = (now.clone(), most.clone());
    let stub = Stub::serve(move |r| {
        let n = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(n, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(300));
        in_flight.fetch_sub(1, Ordering::SeqCst);
        fal.answer(r)
    });
    let mut args: Vec<&str> = ids.iter().flat_map(|id| ["--id", *id]).collect();
    args.extend(["--batch-size", "1", "--concurrency", "2"]);
    let (_, stderr) = assert_success(&fetch(&repo.0, &stub, &args, None));
    assert_eq!(find_batches(&stub).len(), 5);
    assert_eq!(most.load(Ordering::SeqCst), 2, "requests in flight at once");
    for n in 1..=5 {
        assert!(
            stderr.contains(&format!("fetch: {n}/5 documents")),
            "{stderr}"
        );
    }
}

#[test]
fn one_failing_document_stops_the_whole_fetch() {
    let repo = scratch("partial");
    let mut fal = Fal::serving(&[]);
    fal.document(FLUX_DEV, &document(FLUX_DEV).replace(STEPS, NEW_STEPS));
    fal.documents.insert("fal-ai/flux/krea".into(), None);
    let stub = Stub::serve(move |r| match r.get("endpoint_id") {
        Some("fal-ai/flux/schnell") => Reply::status(500),
        Some("fal-ai/flux/srpo") => Reply::json("{\"models\": [ {\"endpoint_id\": "),
        Some("fal-ai/flux/krea/redux") => Reply::json(b"{\"models\": \"\xff\xfe\"}".to_vec()),
        _ => fal.answer(r),
    });
    let before = tree(&repo.0);
    let ids = [
        FLUX_DEV,
        "fal-ai/flux/schnell",
        "fal-ai/flux/krea",
        "fal-ai/flux/srpo",
        "fal-ai/flux/krea/redux",
        "fal-ai/flux/gone",
    ];
    let mut args: Vec<&str> = ids.iter().flat_map(|id| ["--id", *id]).collect();
    args.extend(["--batch-size", "1", "--retries", "1"]);
    let stderr = assert_failure(&fetch(&repo.0, &stub, &args, None));
    for expected in [
        "fetch: 1 of 6 documents fetched: 0 unchanged, 1 changed, 0 new, 5 failed",
        "error: fal-ai/flux/schnell: HTTP 500 Internal Server Error: stub error 500 (2 attempts)",
        "error: fal-ai/flux/krea: fal returned no document",
        "error: fal-ai/flux/gone: fal returned no document",
        "error: fal-ai/flux/srpo: the answer is not valid JSON",
        "error: fal-ai/flux/krea/redux: the answer is not UTF-8 text",
        "error: 5 documents could not be fetched; nothing was written",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    let schnell = find_batches(&stub)
        .into_iter()
        .filter(|ids| ids == &["fal-ai/flux/schnell"])
        .count();
    assert_eq!(schnell, 2, "a 500 is retried once with --retries 1");
    assert!(before == tree(&repo.0), "a failed fetch changed files");
}

#[test]
fn owner_and_all_fetches_walk_the_listing_and_prune_only_when_asked() {
    let repo = scratch("owner");
    // sonauto/v2/text-to-music (a document with an overlay) is no longer listed.
    let listed = [
        "fal-ai/flux/dev",
        "sonauto/v2/extend",
        "moonvalley/marey/t2v",
        "sonauto/v2/inpaint",
        "xai/grok-imagine-image",
    ];
    let mut fal = Fal::serving(&listed);
    fal.listed = listed.iter().map(|s| s.to_string()).collect();
    let first = AtomicUsize::new(0);
    let stub = Stub::serve(move |r| {
        // The first page is refused once: the listing is retried too.
        if r.get("endpoint_id").is_none() && first.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(503);
        }
        fal.answer(r)
    });
    let gone = [
        "schemas/sonauto/v2/text-to-music.yaml",
        "upstream/fal/sonauto__v2__text-to-music.json",
        "upstream/fal/sonauto__v2__text-to-music.page.yaml",
    ];
    let before = tree(&repo.0);
    for path in gone {
        assert!(before.contains_key(path), "{path}");
    }

    let (stdout, stderr) = assert_success(&fetch(&repo.0, &stub, &["--owner", "sonauto"], None));
    assert!(
        stdout.contains("fetch: 2 of 2 documents fetched: 2 unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "no longer listed by fal (kept; --prune deletes them):\n  sonauto/v2/text-to-music\n"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("fetch: listed 5 endpoints"), "{stderr}");
    assert_eq!(
        find_batches(&stub),
        [["sonauto/v2/extend", "sonauto/v2/inpaint"]]
    );
    let cursors: Vec<Option<String>> = stub
        .requests()
        .iter()
        .filter(|r| r.get("endpoint_id").is_none())
        .map(|r| r.get("cursor").map(str::to_string))
        .collect();
    let pages = [
        None,
        None,
        Some("c2==".to_string()),
        Some("c4==".to_string()),
    ];
    assert_eq!(cursors, pages, "a retried first page, then two more");
    assert!(
        before == tree(&repo.0),
        "a fetch of unchanged documents changed files"
    );

    let (stdout, _) = assert_success(&fetch(
        &repo.0,
        &stub,
        &["--owner", "sonauto", "--prune"],
        None,
    ));
    assert!(
        stdout.contains("no longer listed by fal (deleted (--prune)):\n  sonauto/v2/text-to-music"),
        "{stdout}"
    );
    let after = tree(&repo.0);
    assert_eq!(differences(&before, &after), gone);
    assert!(gone.iter().all(|p| !after.contains_key(*p)));

    // Every listed endpoint: the other documents are reported, and kept without `--prune`.
    let (stdout, _) = assert_success(&fetch(&repo.0, &stub, &[], None));
    assert!(
        stdout.contains("fetch: 5 of 5 documents fetched: 5 unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no longer listed by fal (kept; --prune deletes them):\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  fal-ai/flux/schnell\n")
            && !stdout.contains("\n  sonauto/v2/text-to-music"),
        "{stdout}"
    );
    assert!(
        after == tree(&repo.0),
        "a fetch without --prune deleted files"
    );
}

#[test]
fn a_request_that_never_answers_times_out_and_nothing_is_written() {
    let repo = scratch("timeout");
    let mut fal = Fal::serving(&[]);
    fal.document(FLUX_DEV, &document(FLUX_DEV).replace(STEPS, NEW_STEPS));
    let stub = Stub::serve(move |r| match r.get("endpoint_id") {
        Some("fal-ai/flux/schnell") => Reply::Hang(Duration::from_secs(20)),
        _ => fal.answer(r),
    });
    let before = tree(&repo.0);
    let args = [
        "--id",
        FLUX_DEV,
        "--id",
        "fal-ai/flux/schnell",
        "--batch-size",
        "1",
        "--timeout",
        "1",
        "--retries",
        "1",
    ];
    let started = Instant::now();
    let stderr = assert_failure(&fetch(&repo.0, &stub, &args, None));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr.contains("error: fal-ai/flux/schnell: timed out after 1 s (2 attempts)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(before == tree(&repo.0), "a failed fetch changed files");
}

#[test]
fn a_listing_of_the_wrong_shape_is_refused_clearly() {
    let cases: [(&[u8], &str); 6] = [
        (
            br#"{"items": []}"#,
            "the answer is not a `models` list as expected",
        ),
        (
            br#"{"models": [{"id": "a/b"}]}"#,
            "the answer is not a `models` list as expected",
        ),
        (b"<html>busy</html>", "the answer is not valid JSON"),
        (b"\xff\xfe", "the answer is not UTF-8 text"),
        (
            br#"{"models": [{"endpoint_id": "a/b"}], "has_more": true}"#,
            "gives no `next_cursor`",
        ),
        (
            br#"{"models": [], "has_more": false}"#,
            "fal lists no endpoints",
        ),
    ];
    for (body, expected) in cases {
        let root = TempDir::new("shape");
        let stub = Stub::serve(move |_| Reply::json(body));
        let stderr = assert_failure(&fetch(&root.0, &stub, &[], None));
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert!(tree(&root.0).is_empty());
    }

    // A cursor that comes back would page forever.
    let root = TempDir::new("shape");
    let stub = Stub::serve(|_| {
        Reply::json(
            r#"{"models": [{"endpoint_id": "a/b"}], "next_cursor": "c1==", "has_more": true}"#,
        )
    });
    let stderr = assert_failure(&fetch(&root.0, &stub, &[], None));
    assert!(
        stderr.contains("returned the cursor \"c1==\" twice"),
        "{stderr}"
    );

    // A listed id that cannot name a file fails like a missing document.
    let mut fal = Fal::serving(&[FLUX_DEV]);
    fal.listed = vec!["../escape/x".into(), FLUX_DEV.into()];
    let stub = Stub::serve(move |r| fal.answer(r));
    let stderr = assert_failure(&fetch(&root.0, &stub, &[], None));
    assert!(
        stderr.contains("error: ../escape/x: fal lists an id that cannot name a file"),
        "{stderr}"
    );
    assert!(tree(&root.0).is_empty());

    // Ids and URLs given on the command line are checked before anything is sent.
    let stub = Stub::serve(|_| panic!("no request expected"));
    let stderr = assert_failure(&fetch(&root.0, &stub, &["--id", "a/../../b"], None));
    assert!(stderr.contains("is not an endpoint id"), "{stderr}");
    let stderr = assert_failure(&fetch(&root.0, &stub, &["--owner", "fal-ai/flux"], None));
    assert!(stderr.contains("is not an endpoint owner"), "{stderr}");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(&root.0)
        .args(["import", "--fetch", "--api-url", "ftp://example.invalid"])
        .output()
        .unwrap();
    assert!(assert_failure(&output).contains("must be an http or https URL"));
    assert!(stub.requests().is_empty());
}
