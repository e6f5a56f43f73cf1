//! `cargo xtask import --fetch`: downloads fal's current OpenAPI documents and imports them
//! through the same all-or-nothing path as documents given on the command line.
//!
//! Every document is fetched before anything is decided: if any one fails, nothing is written,
//! so `upstream/fal/` never mixes documents of two fetches. The documents that differ from
//! their file (or have none yet) then go to [`import::run`], which checks the whole catalogue
//! in memory and writes `upstream/fal/` and `schemas/` together or not at all.

mod api;
mod http;
mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use serde_json::Value;
use tokio::task::JoinSet;

use crate::import::{self, Changes, UPSTREAM};
use crate::tree::disk;
use crate::tree::plan::DiskState;

use http::Http;
use summary::{Outcome, Summary};

pub use api::MAX_BATCH;

/// Which endpoints to fetch.
pub enum Selection {
    /// Every endpoint fal lists.
    All,
    /// The listed endpoints of this owner (the first segment of their ids).
    Owner(String),
    /// Exactly these endpoints, without listing.
    Ids(Vec<String>),
}

/// How to fetch.
pub struct Options {
    pub selection: Selection,
    /// Delete the documents (and schemas) of the endpoints fal no longer lists.
    pub prune: bool,
    /// The API's base URL (`https://api.fal.ai`).
    pub api_url: String,
    /// At most this many requests in flight.
    pub concurrency: usize,
    /// Ids per find request, at most [`MAX_BATCH`].
    pub batch_size: usize,
    /// The limit of each request, from connecting to the end of the body.
    pub timeout: Duration,
    /// How many times a failed request is sent again.
    pub retries: u32,
}

/// What the network gave: an outcome per endpoint, and the ids listed when fal was asked for
/// a list (the endpoints whose files are kept).
struct Fetched {
    results: BTreeMap<String, Outcome>,
    listed: Option<BTreeSet<String>>,
}

/// Fetches the selected documents and reports them; returns what to import (the changed and
/// new documents, and the pruned ones to delete), or an error when one failed.
pub fn run(options: &Options) -> Result<import::Changes, String> {
    let models = api::models_url(&options.api_url)?;
    check_selection(&options.selection)?;
    let upstream = disk::read_disk(Path::new(UPSTREAM))?;
    let http = Arc::new(Http::new(options.timeout, options.retries)?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the async runtime: {e}"))?;
    let fetched = runtime.block_on(fetch(&http, &models, options))?;

    let mut summary = Summary::new(fetched.results, &upstream);
    if let Some(listed) = &fetched.listed {
        summary.not_listed = not_listed(&upstream, listed, &options.selection);
    }
    if !summary.failed.is_empty() {
        return Err(format!("{}\n{}", summary.report(false), summary.failure()));
    }
    println!("{}", summary.report(options.prune));
    Ok(changes(&summary, &upstream, options.prune))
}

/// Refuses ids and owners that cannot name files before anything is sent.
fn check_selection(selection: &Selection) -> Result<(), String> {
    match selection {
        Selection::All => Ok(()),
        Selection::Owner(owner) => {
            let plain = !owner.contains('/') && api::check_id(&format!("{owner}/x")).is_ok();
            if plain {
                Ok(())
            } else {
                Err(format!(
                    "error: --owner {owner:?} is not an endpoint owner (the first segment of an id, as `fal-ai`)"
                ))
            }
        }
        Selection::Ids(ids) => ids
            .iter()
            .try_for_each(|id| api::check_id(id).map_err(|e| format!("error: --id {e}"))),
    }
}

/// Lists the endpoints if needed, then fetches their documents.
async fn fetch(http: &Arc<Http>, models: &Url, options: &Options) -> Result<Fetched, String> {
    let owner = match &options.selection {
        Selection::Ids(ids) => {
            let ids: BTreeSet<String> = ids.iter().cloned().collect();
            let results = documents(http, models, ids.into_iter().collect(), options).await?;
            return Ok(Fetched {
                results,
                listed: None,
            });
        }
        Selection::All => None,
        Selection::Owner(owner) => Some(owner.as_str()),
    };
    let listed = list(http, models, owner).await?;
    let mut results = BTreeMap::new();
    let mut valid = Vec::new();
    for id in &listed {
        match api::check_id(id) {
            Ok(()) => valid.push(id.clone()),
            // It fails like a document fal did not give: nothing is written.
            Err(reason) => {
                let reason = format!("fal lists an id that cannot name a file: {reason}");
                results.insert(id.clone(), Err(reason));
            }
        }
    }
    results.extend(documents(http, models, valid, options).await?);
    Ok(Fetched {
        results,
        listed: Some(listed),
    })
}

/// Walks the listing page by page; keeps the ids of `owner` if given. An empty selection is
/// refused: with `--prune` it would delete every document.
async fn list(
    http: &Arc<Http>,
    models: &Url,
    owner: Option<&str>,
) -> Result<BTreeSet<String>, String> {
    let prefix = owner.map(|o| format!("{o}/"));
    let mut ids = BTreeSet::new();
    let mut cursors = BTreeSet::new();
    let mut cursor: Option<String> = None;
    let mut count = 0;
    loop {
        let url = api::list_url(models, cursor.as_deref());
        let page = http
            .clone()
            .get(url)
            .await
            .and_then(|body| api::parse_page(&body))
            .map_err(|reason| {
                format!(
                    "error: listing fal's endpoints failed: {reason}\nerror: nothing was written"
                )
            })?;
        count += page.models.len();
        eprintln!("fetch: listed {count} endpoints");
        let more = page.has_more.unwrap_or(page.next_cursor.is_some());
        ids.extend(
            page.models
                .into_iter()
                .map(|m| m.endpoint_id)
                .filter(|id| prefix.as_ref().is_none_or(|p| id.starts_with(p.as_str()))),
        );
        if !more {
            break;
        }
        let next = page.next_cursor.ok_or(
            "error: fal's listing says it has more endpoints but gives no `next_cursor`\nerror: nothing was written",
        )?;
        if !cursors.insert(next.clone()) {
            return Err(format!(
                "error: fal's listing returned the cursor {next:?} twice; it would never end\nerror: nothing was written"
            ));
        }
        cursor = Some(next);
    }
    if ids.is_empty() {
        let whose = owner.map_or(String::new(), |o| format!(" of owner {o}"));
        return Err(format!(
            "error: fal lists no endpoints{whose}; nothing was written"
        ));
    }
    Ok(ids)
}

/// Fetches the documents of `ids` in batches, at most `concurrency` requests at a time, with
/// a progress line per finished batch.
async fn documents(
    http: &Arc<Http>,
    models: &Url,
    ids: Vec<String>,
    options: &Options,
) -> Result<BTreeMap<String, Outcome>, String> {
    let total = ids.len();
    let mut batches = ids.chunks(options.batch_size.clamp(1, MAX_BATCH));
    let mut running = JoinSet::new();
    let mut results = BTreeMap::new();
    loop {
        while running.len() < options.concurrency.max(1) {
            let Some(batch) = batches.next() else { break };
            running.spawn(batch_documents(
                http.clone(),
                models.clone(),
                batch.to_vec(),
            ));
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        results.extend(done.map_err(|e| format!("error: a fetch task failed: {e}"))?);
        eprintln!("fetch: {}/{total} documents", results.len());
    }
    Ok(results)
}

/// One find request: every id gets its document, or the reason the request or the document
/// failed.
async fn batch_documents(http: Arc<Http>, models: Url, ids: Vec<String>) -> Vec<(String, Outcome)> {
    let answer = http
        .get(api::find_url(&models, &ids))
        .await
        .and_then(|body| api::parse_page(&body));
    let page = match answer {
        Ok(page) => page,
        Err(reason) => {
            return ids
                .into_iter()
                .map(|id| (id, Err(reason.clone())))
                .collect();
        }
    };
    let mut found: BTreeMap<String, Option<Value>> = BTreeMap::new();
    for model in page.models {
        found.entry(model.endpoint_id).or_insert(model.openapi);
    }
    ids.into_iter()
        .map(|id| {
            let outcome = match found.remove(&id).flatten() {
                Some(document @ Value::Object(_)) => Ok(api::document_text(&document)),
                Some(_) => Err("fal's `openapi` is not a JSON object".to_string()),
                None => Err("fal returned no document".to_string()),
            };
            (id, outcome)
        })
        .collect()
}

/// The endpoints with a document in `upstream/fal/` (of the owner, if one was selected) that
/// fal no longer lists.
fn not_listed(
    upstream: &DiskState,
    listed: &BTreeSet<String>,
    selection: &Selection,
) -> Vec<String> {
    let prefix = match selection {
        Selection::Owner(owner) => format!("{owner}/"),
        _ => String::new(),
    };
    upstream
        .keys()
        .filter_map(|name| api::id_of_file(name))
        .filter(|id| id.starts_with(&prefix) && !listed.contains(id))
        .collect()
}

/// The files of `upstream/fal/` to write (changed and new documents) and to delete (with
/// `--prune`, each unlisted document with its overlay).
fn changes(summary: &Summary, upstream: &DiskState, prune: bool) -> Changes {
    let mut changes = Changes::default();
    for (id, text) in summary.changed.iter().chain(&summary.new) {
        changes.write.insert(api::file_name(id), text.clone());
    }
    if prune {
        for id in &summary.not_listed {
            let document = api::file_name(id);
            let overlay = format!("{}.page.yaml", id.replace('/', "__"));
            changes.delete.extend(
                [document, overlay]
                    .into_iter()
                    .filter(|f| upstream.contains_key(f)),
            );
        }
    }
    changes
}
