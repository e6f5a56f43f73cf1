//! A title and a category for an endpoint that no page describes, derived from its id (and,
//! for the category, from its input and output fields when the id says nothing). The rule is
//! documented in `schemas/README.md`; a page overlay's title and category always win.

/// The title: the id's segments after the owner (the owner too, unless it is fal's own
/// `fal-ai`), each split into words at `-` and `_`. A word is capitalized, except joining words
/// (`to`, `and`, `of`, `with`, `by`), which stay lower case, versions and sizes (`v2.1`,
/// `1.5`, `540p`, `4b`), which stay as written, and known abbreviations, which are written as
/// they are known (`LoRA`, `SDXL`, `TTS`, `3D`).
///
/// `fal-ai/kling-video/v2.1/master/image-to-video` → `Kling Video v2.1 Master Image to Video`.
pub fn title(id: &str) -> String {
    let mut segments: Vec<&str> = id.split('/').collect();
    if segments.len() > 1 && segments[0] == "fal-ai" {
        segments.remove(0);
    }
    let mut words = Vec::new();
    for segment in segments {
        for word in segment.split(['-', '_']).filter(|w| !w.is_empty()) {
            words.push(title_word(word, words.is_empty()));
        }
    }
    words.join(" ")
}

/// Abbreviations written as their makers write them.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("3d", "3D"),
    ("ai", "AI"),
    ("api", "API"),
    ("csm", "CSM"),
    ("flf2v", "FLF2V"),
    ("gpt", "GPT"),
    ("hd", "HD"),
    ("i2v", "I2V"),
    ("lcm", "LCM"),
    ("llm", "LLM"),
    ("lora", "LoRA"),
    ("ocr", "OCR"),
    ("rle", "RLE"),
    ("sam", "SAM"),
    ("sd", "SD"),
    ("sdxl", "SDXL"),
    ("sfx", "SFX"),
    ("sr", "SR"),
    ("svd", "SVD"),
    ("t2v", "T2V"),
    ("tts", "TTS"),
    ("vad", "VAD"),
    ("vton", "VTON"),
];

fn title_word(word: &str, first: bool) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some((_, known)) = ABBREVIATIONS.iter().find(|(w, _)| *w == lower) {
        return (*known).to_string();
    }
    if !first && ["to", "and", "of", "with", "by"].contains(&lower.as_str()) {
        return lower;
    }
    let is_version = word.starts_with(|c: char| c.is_ascii_digit())
        || (word.starts_with('v') && word[1..].starts_with(|c: char| c.is_ascii_digit()));
    if is_version {
        return word.to_string();
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The category, by the first rule that gives one:
///
/// 1. the last segment of the id of the form `<a>-to-<b>` (`image-to-video`);
/// 2. the last word of the id that names a task: `t2v` → `text-to-video`, `i2v` and `flf2v` →
///    `image-to-video`, `tts` → `text-to-speech`, `trainer`/`training` → `training`, `lora` →
///    `lora`, `edit` → `edit`, `inpaint`/`inpainting` → `inpainting`, `upscale`/`upscaler` →
///    `upscale`;
/// 3. `<what the input takes>-to-<what the output gives>`, each read from the top-level field
///    names: a video, an image or an audio file (a field named like `video_url`, `images`,
///    `audio`), 3D (a `model_mesh` or `model_glb`), otherwise `text` for the input and `json`
///    for the output.
pub fn category(id: &str, input_fields: &[&str], output_fields: &[&str]) -> String {
    let segments: Vec<&str> = id.split('/').skip(1).collect();
    if let Some(s) = segments
        .iter()
        .rev()
        .find(|s| s.split('-').filter(|w| *w == "to").count() == 1 && !s.starts_with("to-"))
        .filter(|s| !s.ends_with("-to"))
    {
        return (*s).to_string();
    }
    let words = segments
        .iter()
        .rev()
        .flat_map(|s| s.split(['-', '_']).rev());
    for word in words {
        let task = match word.to_ascii_lowercase().as_str() {
            "t2v" => "text-to-video",
            "i2v" | "flf2v" => "image-to-video",
            "tts" => "text-to-speech",
            "trainer" | "training" => "training",
            "lora" => "lora",
            "edit" => "edit",
            "inpaint" | "inpainting" => "inpainting",
            "upscale" | "upscaler" => "upscale",
            _ => continue,
        };
        return task.to_string();
    }
    let input = media(input_fields, true).unwrap_or("text");
    let output = media(output_fields, false).unwrap_or("json");
    format!("{input}-to-{output}")
}

/// What kind of media a set of fields carries, judged by their names, the richest first. Of
/// the input, only fields that take a file count (`image_url`, `video_urls`, `audio`), so that
/// `image_size` does not make a text-to-image endpoint an image-to-image one.
fn media(fields: &[&str], input: bool) -> Option<&'static str> {
    let carries = |f: &&&str| {
        !input
            || f.ends_with("_url")
            || f.ends_with("_urls")
            || f.ends_with("_file")
            || !f.contains('_')
    };
    let has = |stem: &str| {
        fields
            .iter()
            .filter(carries)
            .any(|f| f.split('_').any(|w| w == stem))
    };
    if has("video") || has("videos") {
        Some("video")
    } else if has("mesh") || has("glb") {
        Some("3d")
    } else if has("image") || has("images") {
        Some("image")
    } else if has("audio") || has("audios") {
        Some("audio")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_the_words_of_the_id() {
        assert_eq!(
            title("fal-ai/kling-video/v2.1/master/image-to-video"),
            "Kling Video v2.1 Master Image to Video"
        );
        assert_eq!(title("fal-ai/flux/dev"), "Flux Dev");
        assert_eq!(title("fal-ai/flux-lora/inpainting"), "Flux LoRA Inpainting");
        assert_eq!(
            title("bria/fibo-edit/add_object_by_text"),
            "Bria Fibo Edit Add Object by Text"
        );
        assert_eq!(title("fal-ai/hunyuan3d/v2/mini"), "Hunyuan3d v2 Mini");
        assert_eq!(title("fal-ai/sana/v1.5/4.8b"), "Sana v1.5 4.8b");
        assert_eq!(
            title("fal-ai/elevenlabs/tts/eleven-v3"),
            "Elevenlabs TTS Eleven v3"
        );
    }

    #[test]
    fn categories_come_from_the_id_then_from_the_fields() {
        assert_eq!(
            category("fal-ai/veo3.1/fast/image-to-video", &[], &[]),
            "image-to-video"
        );
        assert_eq!(
            category("fal-ai/wan/v2.2-a14b/text-to-video/lora", &[], &[]),
            "text-to-video"
        );
        assert_eq!(category("fal-ai/wan-t2v-lora", &[], &[]), "lora");
        assert_eq!(
            category("fal-ai/elevenlabs/tts/eleven-v3", &[], &[]),
            "text-to-speech"
        );
        assert_eq!(category("fal-ai/flux-2-trainer/edit", &[], &[]), "edit");
        assert_eq!(
            category(
                "fal-ai/flux/dev",
                &["prompt", "image_size"],
                &["images", "seed"]
            ),
            "text-to-image"
        );
        assert_eq!(
            category("fal-ai/veo3", &["prompt"], &["video"]),
            "text-to-video"
        );
        assert_eq!(
            category("fal-ai/birefnet", &["image_url"], &["image"]),
            "image-to-image"
        );
        assert_eq!(
            category("fal-ai/trellis", &["image_url"], &["model_mesh"]),
            "image-to-3d"
        );
        assert_eq!(
            category("fal-ai/whisper", &["audio_url"], &["text", "chunks"]),
            "audio-to-json"
        );
    }
}
