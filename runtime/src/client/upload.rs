//! Uploading local files to fal's storage, as fal's official clients do: ask fal's REST API
//! for an upload URL (`POST /storage/upload/initiate`), then `PUT` the bytes there; above a
//! threshold, in parts (`initiate-multipart`, one `PUT <upload url>/<n>` per part, then
//! `POST <upload url>/complete` with the parts' ETags). The signed upload URLs never see the key.
//! The file's URL then goes into an input's URL field.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::{Method, Url};
use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::error::ClientError;
use super::key::ApiKey;
use super::transport::{Answer, Call};
use super::Client;
use crate::endpoint::{Provider, Routing};

/// Where and how files are uploaded (set on the client's builder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UploadConfig {
    /// fal's REST API.
    pub base_url: String,
    /// Files larger than this go in parts.
    pub threshold: u64,
    /// The size of one part.
    pub part_size: usize,
}

impl Default for UploadConfig {
    fn default() -> Self {
        UploadConfig {
            base_url: "https://rest.alpha.fal.ai".to_string(),
            threshold: 90 * 1024 * 1024,
            part_size: 10 * 1024 * 1024,
        }
    }
}

/// The answer to an upload's initiation.
#[derive(Deserialize)]
struct Initiated {
    upload_url: String,
    file_url: String,
}

/// Where the bytes come from.
enum Source<'a> {
    Memory(Bytes),
    File(&'a Path, u64),
}

impl Source<'_> {
    fn len(&self) -> u64 {
        match self {
            Source::Memory(bytes) => bytes.len() as u64,
            Source::File(_, len) => *len,
        }
    }

    /// `len` bytes from `offset`.
    async fn read(&self, offset: u64, len: usize) -> Result<Bytes, ClientError> {
        match self {
            Source::Memory(bytes) => {
                let start = offset as usize;
                Ok(bytes.slice(start..start + len))
            }
            Source::File(path, _) => {
                let failed = |source| ClientError::File {
                    path: path.display().to_string(),
                    source,
                };
                let mut file = tokio::fs::File::open(path).await.map_err(failed)?;
                file.seek(std::io::SeekFrom::Start(offset))
                    .await
                    .map_err(failed)?;
                let mut buffer = vec![0; len];
                file.read_exact(&mut buffer).await.map_err(failed)?;
                Ok(Bytes::from(buffer))
            }
        }
    }
}

impl Client {
    /// Uploads `bytes` to fal's storage and returns the file's URL, for an input's URL field
    /// (`image_url`, `video_url`...). `provider` is fal's (`genmedia_common::providers::FAL`),
    /// whose key the upload uses. Above the multipart threshold (90 MiB by default), the
    /// bytes go in parts.
    ///
    /// ```no_run
    /// # async fn example(client: genmedia_runtime::client::Client, fal: &'static genmedia_runtime::Provider)
    /// # -> Result<(), genmedia_runtime::client::ClientError> {
    /// let png = vec![0x89, b'P', b'N', b'G'];
    /// let url = client.upload(fal, png, "image/png").await?;
    /// # let _ = url; Ok(()) }
    /// ```
    pub async fn upload(
        &self,
        provider: &'static Provider,
        bytes: impl Into<Bytes>,
        content_type: &str,
    ) -> Result<String, ClientError> {
        let name = default_file_name(content_type);
        self.upload_from(provider, Source::Memory(bytes.into()), content_type, &name)
            .await
    }

    /// Uploads the local file at `path` to fal's storage and returns its URL; its media type
    /// follows its extension. A large file is read one part at a time, never whole. A path
    /// that does not exist is [`ClientError::File`], before anything is sent.
    ///
    /// ```no_run
    /// # async fn example(client: genmedia_runtime::client::Client, fal: &'static genmedia_runtime::Provider)
    /// # -> Result<(), genmedia_runtime::client::ClientError> {
    /// let image_url = client.upload_file(fal, "first-frame.png").await?;
    /// // builder.image_url(image_url)
    /// # Ok(()) }
    /// ```
    pub async fn upload_file(
        &self,
        provider: &'static Provider,
        path: impl AsRef<Path>,
    ) -> Result<String, ClientError> {
        let path = path.as_ref();
        let metadata = tokio::fs::metadata(path)
            .await
            .map_err(|source| ClientError::File {
                path: path.display().to_string(),
                source,
            })?;
        if !metadata.is_file() {
            return Err(ClientError::File {
                path: path.display().to_string(),
                source: std::io::Error::other("not a file"),
            });
        }
        let content_type = crate::files::media_type_of(path);
        let name = match path.file_name() {
            Some(name) => name.to_string_lossy().into_owned(),
            None => default_file_name(&content_type),
        };
        let source = Source::File(path, metadata.len());
        self.upload_from(provider, source, &content_type, &name)
            .await
    }

    async fn upload_from(
        &self,
        provider: &'static Provider,
        source: Source<'_>,
        content_type: &str,
        name: &str,
    ) -> Result<String, ClientError> {
        if provider.routing != Routing::FalQueue {
            return Err(ClientError::Unsupported {
                endpoint: provider.title.to_string(),
                reason: "uploads go to fal's storage; pass fal's provider",
            });
        }
        let key = self.key(provider)?;
        let config = &self.inner.upload;
        let multipart = source.len() > config.threshold;
        let action = if multipart {
            "initiate-multipart"
        } else {
            "initiate"
        };
        let mut url = self.url(&config.base_url, &["storage", "upload", action])?;
        url.query_pairs_mut()
            .append_pair("storage_type", "fal-cdn-v3");
        let call = Call::new(Method::POST, url, provider, &key)
            .json(&json!({"content_type": content_type, "file_name": name}));
        let initiated: Initiated = self.inner.transport.send_json(&call).await?;
        let upload_url = Url::parse(&initiated.upload_url).map_err(|e| ClientError::Upload {
            reason: format!("fal's storage gave an invalid upload URL: {e}"),
        })?;
        if multipart {
            self.put_parts(provider, &key, &upload_url, &source, content_type)
                .await?;
        } else {
            let bytes = source.read(0, source.len() as usize).await?;
            self.put(provider, &key, upload_url, bytes, content_type)
                .await?;
        }
        Ok(initiated.file_url)
    }

    /// `PUT`s each part to `<upload url>/<n>`, then completes the upload with their ETags.
    async fn put_parts(
        &self,
        provider: &'static Provider,
        key: &ApiKey,
        upload_url: &Url,
        source: &Source<'_>,
        content_type: &str,
    ) -> Result<(), ClientError> {
        let part_size = self.inner.upload.part_size as u64;
        let mut parts = Vec::new();
        let mut offset = 0;
        let mut number = 1u32;
        while offset < source.len() {
            let len = part_size.min(source.len() - offset) as usize;
            let bytes = source.read(offset, len).await?;
            let url = part_url(upload_url, &number.to_string());
            let answer = self.put(provider, key, url, bytes, content_type).await?;
            let etag = etag(&answer).ok_or_else(|| ClientError::Upload {
                reason: format!("part {number} was stored without an ETag to complete it with"),
            })?;
            parts.push(json!({"partNumber": number, "etag": etag}));
            offset += len as u64;
            number += 1;
        }
        let mut call = Call::new(
            Method::POST,
            part_url(upload_url, "complete"),
            provider,
            key,
        )
        .json(&json!({ "parts": parts }));
        call.authorize = false;
        self.inner.transport.send(&call).await.map(drop)
    }

    /// `PUT`s `bytes` to a signed upload URL, without the key.
    async fn put(
        &self,
        provider: &'static Provider,
        key: &ApiKey,
        url: Url,
        bytes: Bytes,
        content_type: &str,
    ) -> Result<Answer, ClientError> {
        let mut call = Call::new(Method::PUT, url, provider, key);
        call.authorize = false;
        call.body = Some((bytes, content_type.to_string()));
        self.inner.transport.send(&call).await
    }
}

/// `<upload url's path>/<last>`, with the upload URL's query (its signature) kept.
fn part_url(upload_url: &Url, last: &str) -> Url {
    let mut url = upload_url.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().push(last);
    }
    url
}

/// A part's ETag: its `ETag` header, or the `etag` of a JSON answer (fal's JavaScript client
/// reads the latter).
fn etag(answer: &Answer) -> Option<String> {
    if let Some(value) = answer.headers.get(reqwest::header::ETAG) {
        return value.to_str().ok().map(str::to_string);
    }
    let json: serde_json::Value = serde_json::from_slice(&answer.body).ok()?;
    json.get("etag")?.as_str().map(str::to_string)
}

/// A name for uploaded bytes, as fal's clients make it: the time and the media type's subtype
/// (`1764460800000.png`).
fn default_file_name(content_type: &str) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let extension = content_type
        .split('/')
        .nth(1)
        .map(|subtype| subtype.trim_start_matches("x-"))
        .and_then(|subtype| subtype.split(['-', ';', '+']).next())
        .map(str::trim)
        .filter(|ext| !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    format!("{millis}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_the_signature_and_names_follow_the_media_type() {
        let upload = Url::parse("https://storage.example/up/abc?sig=x%2By").unwrap();
        assert_eq!(
            part_url(&upload, "3").as_str(),
            "https://storage.example/up/abc/3?sig=x%2By"
        );
        assert_eq!(
            part_url(&upload, "complete").as_str(),
            "https://storage.example/up/abc/complete?sig=x%2By"
        );
        assert!(default_file_name("image/png").ends_with(".png"));
        assert!(default_file_name("video/x-matroska").ends_with(".matroska"));
        assert!(default_file_name("application/json; charset=utf-8").ends_with(".json"));
        assert!(default_file_name("nonsense").ends_with(".bin"));
    }
}
