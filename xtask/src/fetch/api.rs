//! fal's model search API (`GET {api}/v1/models`): the URLs of its two modes, the shape of its
//! answers, and the endpoint ids it names.
//!
//! List mode walks every endpoint page by page (`limit`, then the `cursor` of the previous
//! answer); find mode names up to [`MAX_BATCH`] ids and, with `expand=openapi-3.0`, carries each
//! endpoint's OpenAPI document in its model's `openapi` field. Answers are read leniently: only
//! `endpoint_id` (and `openapi`) are needed, every other field may change without harm.

use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

/// The most ids fal's find mode takes in one request.
pub const MAX_BATCH: usize = 50;

/// How many endpoints one page of the listing asks for.
const PAGE_LIMIT: &str = "100";

/// One answer of either mode.
#[derive(Debug, Deserialize)]
pub struct Page {
    pub models: Vec<Model>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Missing, it is taken from whether `next_cursor` is given.
    #[serde(default)]
    pub has_more: Option<bool>,
}

/// One endpoint of an answer; `metadata` (status, title, ...) is not needed and not read, so a
/// deprecated endpoint is kept like any other.
#[derive(Debug, Deserialize)]
pub struct Model {
    pub endpoint_id: String,
    /// The endpoint's OpenAPI document, in find mode with `expand=openapi-3.0`.
    #[serde(default)]
    pub openapi: Option<Value>,
}

/// `{api}/v1/models`, checked to be an http(s) URL before anything is sent.
pub fn models_url(api: &str) -> Result<Url, String> {
    let text = format!("{}/v1/models", api.trim_end_matches('/'));
    let url = Url::parse(&text).map_err(|e| format!("error: --api-url {api}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(format!(
            "error: --api-url {api}: must be an http or https URL without a query"
        ));
    }
    Ok(url)
}

/// One page of the listing: the first one without a cursor.
pub fn list_url(models: &Url, cursor: Option<&str>) -> Url {
    let mut url = models.clone();
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("limit", PAGE_LIMIT);
        if let Some(cursor) = cursor {
            query.append_pair("cursor", cursor);
        }
    }
    url
}

/// The documents of `ids` (at most [`MAX_BATCH`]) in one request.
pub fn find_url(models: &Url, ids: &[String]) -> Url {
    let mut url = models.clone();
    {
        let mut query = url.query_pairs_mut();
        for id in ids {
            query.append_pair("endpoint_id", id);
        }
        query.append_pair("expand", "openapi-3.0");
    }
    url
}

/// Reads an answer; the error says what is wrong with it, for a person to read.
pub fn parse_page(body: &[u8]) -> Result<Page, String> {
    let text =
        std::str::from_utf8(body).map_err(|e| format!("the answer is not UTF-8 text ({e})"))?;
    serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            format!("the answer is not a `models` list as expected ({e})")
        } else {
            format!("the answer is not valid JSON ({e})")
        }
    })
}

/// Refuses an id that cannot name a file in `upstream/fal/` safely and reversibly: `/`-separated
/// segments (at least two) of ASCII letters, digits, `-`, `_` and `.`, none empty, none `.` or
/// `..`, and no `__`, which stands for `/` in file names.
pub fn check_id(id: &str) -> Result<(), String> {
    let segments: Vec<&str> = id.split('/').collect();
    let plain = segments.len() >= 2
        && !id.contains("__")
        && segments.iter().all(|s| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    if plain {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not an endpoint id (`owner/name[/path]`, letters, digits, `-`, `_`, `.`)"
        ))
    }
}

/// The file of an endpoint's document in `upstream/fal/`: `fal-ai/flux/dev` →
/// `fal-ai__flux__dev.json`.
pub fn file_name(id: &str) -> String {
    format!("{}.json", id.replace('/', "__"))
}

/// The endpoint id of a document's file name, if it is one.
pub fn id_of_file(name: &str) -> Option<String> {
    name.strip_suffix(".json")
        .map(|stem| stem.replace("__", "/"))
}

/// The stable form of a document: pretty-printed, two-space indent, a final newline (how the
/// files in `upstream/fal/` are written, so that an unchanged document gives the same bytes).
pub fn document_text(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether the file text `on_disk` holds the same document as `fetched` (the stable form of a
/// fetched one): the same keys in the same order and the same values. Compared in the stable
/// form rather than byte by byte, so that a file whose numbers are written another way
/// (`0.000001` for `1e-6`) is not rewritten for nothing.
pub fn same_document(on_disk: &str, fetched: &str) -> bool {
    on_disk == fetched
        || serde_json::from_str::<Value>(on_disk).is_ok_and(|v| document_text(&v) == fetched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_file_names() {
        for id in ["fal-ai/flux/dev", "bria/text-to-image/3.2", "a/b_c"] {
            assert_eq!(check_id(id), Ok(()), "{id}");
            assert_eq!(id_of_file(&file_name(id)).as_deref(), Some(id));
        }
        for id in [
            "", "flux", "a//b", "a/../b", "a/./b", "a/b__c", "a/b c", "a/b/", "/a/b", "a\\b/c",
        ] {
            assert!(check_id(id).is_err(), "{id}");
        }
        assert_eq!(file_name("fal-ai/flux/dev"), "fal-ai__flux__dev.json");
        assert_eq!(id_of_file("fal-ai__flux__dev.page.yaml"), None);
    }

    #[test]
    fn urls() {
        let models = models_url("http://127.0.0.1:9/").unwrap();
        assert_eq!(models.as_str(), "http://127.0.0.1:9/v1/models");
        assert_eq!(
            list_url(&models, Some("Mg==")).as_str(),
            "http://127.0.0.1:9/v1/models?limit=100&cursor=Mg%3D%3D"
        );
        let ids = ["fal-ai/flux/dev".to_string(), "a/b".to_string()];
        assert_eq!(
            find_url(&models, &ids).as_str(),
            "http://127.0.0.1:9/v1/models?endpoint_id=fal-ai%2Fflux%2Fdev&endpoint_id=a%2Fb&expand=openapi-3.0"
        );
        assert!(models_url("ftp://example.invalid").is_err());
        assert!(models_url("not a url").is_err());
    }

    #[test]
    fn answers_are_read_leniently_and_refused_clearly() {
        let page = parse_page(
            br#"{"models":[{"endpoint_id":"a/b","metadata":{"status":"deprecated","x":1}}],"next_cursor":null,"has_more":false,"extra":true}"#,
        )
        .unwrap();
        assert_eq!(page.models[0].endpoint_id, "a/b");
        assert!(page.models[0].openapi.is_none());
        assert_eq!(page.has_more, Some(false));
        assert!(parse_page(b"{ not json")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_page(br#"{"items":[]}"#)
            .unwrap_err()
            .contains("not a `models` list"));
        assert!(parse_page(br#"[1,2]"#)
            .unwrap_err()
            .contains("not a `models` list"));
        assert!(parse_page(b"\xff\xfe").unwrap_err().contains("not UTF-8"));
    }

    #[test]
    fn documents_compare_by_content_in_order() {
        let text = document_text(&serde_json::json!({"b": 1, "a": {"min": 1e-6}}));
        assert_eq!(
            text,
            "{\n  \"b\": 1,\n  \"a\": {\n    \"min\": 1e-6\n  }\n}\n"
        );
        assert!(same_document(&text, &text));
        assert!(same_document("{\"b\":1,\"a\":{\"min\":0.000001}}", &text));
        assert!(!same_document("{\"a\":{\"min\":1e-6},\"b\":1}", &text));
        assert!(!same_document("{ broken", &text));
    }
}
