//! Local files as inputs: fields that take a file URL also accept a `data:` URI, which carries
//! the file itself (base64) and its media type, guessed from the file name's extension.

use std::io;
use std::path::Path;

use base64::Engine;

/// Reads the file at `path` and returns it as a `data:<media type>;base64,<content>` URI, for a
/// field that takes a file URL. Reads with tokio, so it does not block the async runtime.
///
/// Meant for small files: the URI is a third larger than the file and travels in the request
/// body (providers limit its size; upload large files and pass their URL instead).
pub async fn data_uri_from_file(path: impl AsRef<Path>) -> io::Result<String> {
    let path = path.as_ref();
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?;
    Ok(data_uri(&bytes, &media_type_of(path)))
}

/// `bytes` as a `data:` URI of media type `media_type` (`image/png`).
pub fn data_uri(bytes: &[u8], media_type: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{media_type};base64,{encoded}")
}

/// The media type of a file, from its extension; `application/octet-stream` when unknown.
pub fn media_type_of(path: &Path) -> String {
    mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{data_uri, data_uri_from_file, media_type_of};

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(media_type_of(Path::new("a/frame.PNG")), "image/png");
        assert_eq!(media_type_of(Path::new("clip.mp4")), "video/mp4");
        assert_eq!(media_type_of(Path::new("voice.wav")), "audio/wav");
        assert_eq!(media_type_of(Path::new("blob")), "application/octet-stream");
    }

    #[test]
    fn bytes_become_base64() {
        assert_eq!(
            data_uri(b"hi!", "text/plain"),
            "data:text/plain;base64,aGkh"
        );
    }

    #[tokio::test]
    async fn a_file_on_disk_becomes_a_data_uri_and_a_missing_one_is_named() {
        let dir = std::env::temp_dir().join(format!("genmedia-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("dot.gif");
        std::fs::write(&file, b"GIF89a").unwrap();
        let uri = data_uri_from_file(&file).await.unwrap();
        assert_eq!(uri, "data:image/gif;base64,R0lGODlh");
        let missing = data_uri_from_file(dir.join("missing.png"))
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("missing.png"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
