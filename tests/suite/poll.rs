//! The `poll:` block: every name and value it holds is checked against the two endpoints'
//! types with a located message, and generation refuses a poll endpoint whose output is a
//! different type (the client reads its answers as the first endpoint's output).

use genmedia_generator::emit::{self, Options};
use genmedia_generator::schema::{self, SourceFile};

use crate::support::{file, SHARED};

const PROVIDERS: &str = "\
providers:
  fal:
    title: fal.ai
    routing: fal-queue
    base_url: https://queue.fal.run
    auth: { header: Authorization, scheme: Key, env: FAL_KEY }
  rest:
    title: REST
    routing: http
    base_url: https://api.example.com
    auth: { header: Authorization, scheme: Bearer, env: REST_KEY }
";

const JOB: &str = r"  Job:
    fields:
      id: { type: string, required: true }
      state: { type: JobState }
      note: { type: integer? }
  JobState:
    enum: [queued, running, completed, failed]
";

fn create(poll: &str, job: &str) -> SourceFile {
    file(
        "acme/jobs/create.yaml",
        &format!(
            "\
id: acme/jobs/create
provider: rest
title: Create
category: text-to-video
input: CreateInput
output: Job
http: {{ method: POST, path: /jobs, input_in: body }}
{poll}types:
  CreateInput:
    fields:
      prompt: {{ type: string, required: true }}
{job}"
        ),
    )
}

fn fetch(job: &str) -> SourceFile {
    file(
        "acme/jobs/fetch.yaml",
        &format!(
            "\
id: acme/jobs/fetch
provider: rest
title: Fetch
category: text-to-video
input: FetchInput
output: Job
http: {{ method: GET, path: /jobs, input_in: query }}
types:
  FetchInput:
    fields:
      job_id: {{ type: string, required: true }}
      wait: {{ type: JobState, required: true }}
      limit: {{ type: integer, maximum: 10 }}
{job}"
        ),
    )
}

fn load(files: Vec<SourceFile>) -> Result<schema::model::Catalog, String> {
    let mut files = files;
    files.push(file("providers.yaml", PROVIDERS));
    files.push(file("shared.yaml", SHARED));
    schema::load_files(&files).map_err(|d| d.to_string())
}

const GOOD_POLL: &str = "\
poll:
  endpoint: acme/jobs/fetch
  id: id
  id_input: job_id
  input: { wait: completed }
  state: state
  done: [completed]
  failed: [failed]
";

#[test]
fn a_valid_poll_generates_a_subscribe_impl() {
    let catalog = load(vec![create(GOOD_POLL, JOB), fetch(JOB)]).unwrap();
    let options = Options {
        crate_prefix: "genmedia".into(),
    };
    let files = emit::generate(&catalog, &options).unwrap();
    let create = files
        .iter()
        .find(|f| f.path.ends_with("src/create.rs"))
        .expect("the create module");
    assert!(create
        .contents
        .contains("impl genmedia_runtime::Subscribe for Create"));
    assert!(create
        .contents
        .contains(r#"input: "{\"wait\":\"completed\"}","#));
    assert!(create.contents.contains("reason: None,"));
    let fetch = files
        .iter()
        .find(|f| f.path.ends_with("src/fetch.rs"))
        .unwrap();
    assert!(
        !fetch.contents.contains("Subscribe"),
        "the fetch endpoint declares no poll, so it cannot be subscribed to"
    );
}

#[test]
fn every_wrong_name_and_value_of_a_poll_is_reported() {
    let poll = "\
poll:
  endpoint: acme/jobs/fetch
  id: note
  id_input: job_idd
  input: { limit: 99 }
  state: prompt
  done: [finished]
  reason: missing
";
    insta::assert_snapshot!(load(vec![create(poll, JOB), fetch(JOB)]).unwrap_err());
}

#[test]
fn states_not_in_the_enum_and_an_unknown_poll_endpoint() {
    let poll = "\
poll:
  endpoint: acme/jobs/fetch
  id: id
  id_input: job_id
  input: { wait: completed }
  state: state
  done: [completed, finished]
";
    insta::assert_snapshot!(load(vec![create(poll, JOB), fetch(JOB)]).unwrap_err());
    let unknown = GOOD_POLL.replace("acme/jobs/fetch", "acme/jobs/fetcher");
    insta::assert_snapshot!(load(vec![create(&unknown, JOB), fetch(JOB)]).unwrap_err());
}

#[test]
fn a_poll_endpoint_with_another_output_type_is_refused() {
    let other_job = JOB.replace("note: { type: integer? }", "note: { type: string? }");
    let catalog = load(vec![create(GOOD_POLL, JOB), fetch(&other_job)]).unwrap();
    let options = Options {
        crate_prefix: "genmedia".into(),
    };
    let err = emit::generate(&catalog, &options).unwrap_err();
    insta::assert_snapshot!(err.to_string());
}
