//! Where an endpoint lives: its family, the names of the family's crate, its module and marker
//! type; and the constants of providers.

use heck::ToShoutySnakeCase;

use super::members::is_keyword;
use super::variants::string_variant_name;

/// The directory (and package suffix) of the common crate: shared types, providers, runtime
/// re-exports.
pub const COMMON_CRATE_DIR: &str = "common";

/// The directory (and package suffix) of the catalog crate: every endpoint, by id.
pub const CATALOG_CRATE_DIR: &str = "catalog";

/// The family of an endpoint: the owner and the first segment of its alias
/// (`fal-ai/luma-dream-machine/ray-2/image-to-video` → `fal-ai/luma-dream-machine`). Every
/// endpoint of a family lives in one crate.
pub fn family(id: &str) -> &str {
    match id.match_indices('/').nth(1) {
        Some((cut, _)) => &id[..cut],
        None => id,
    }
}

/// Why `prefix` cannot begin the generated package names, if it cannot. A package name is
/// ASCII letters, digits, `-` and `_`, and starts with a letter; its library name (with `_` for
/// `-`) must be a Rust identifier.
pub fn crate_prefix_problem(prefix: &str) -> Option<String> {
    let starts_with_letter = prefix
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let bad = prefix
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    match bad {
        Some(c) => Some(format!(
            "the crate prefix {prefix:?} contains {c:?}: use ASCII letters, digits, `-` and `_`"
        )),
        None if !starts_with_letter => Some(format!(
            "the crate prefix {prefix:?} must start with an ASCII letter"
        )),
        None => None,
    }
}

/// The package name of a family's crate: the prefix and the family, lowercase, with every run
/// of other characters as one `-` (`fal-ai/flux-pro` → `genmedia-fal-ai-flux-pro`).
pub fn crate_package(prefix: &str, family: &str) -> String {
    format!("{prefix}-{}", kebab(family))
}

/// The directory of a family's crate under the output directory (`fal-ai-flux-pro`).
pub fn crate_dir(family: &str) -> String {
    kebab(family)
}

/// The library name Rust code uses for a package (`genmedia-fal-ai-flux-pro` →
/// `genmedia_fal_ai_flux_pro`).
pub fn lib_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The constant of a provider in the common crate's `providers` module (`fal` → `FAL`,
/// `aimlapi` → `AIMLAPI`).
pub fn provider_const(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// The module of an endpoint inside its family's crate: the segments after the family, each
/// lowercased with every run of other characters as `_`, joined by `_`
/// (`ray-2/image-to-video` → `ray_2_image_to_video`, `v2.1/master/text-to-video` →
/// `v2_1_master_text_to_video`). The endpoint whose id is the family itself is named after the
/// family's last segment (`fal-ai/luma-dream-machine` → `luma_dream_machine`). A name that
/// would start with a digit gets a `v` (`2.0/x` → `v2_0_x`), a keyword a trailing `_`.
pub fn module_name(id: &str) -> Option<String> {
    let fam = family(id);
    let rest = id[fam.len()..].trim_start_matches('/');
    let source = if rest.is_empty() {
        fam.rsplit('/').next().unwrap_or(fam)
    } else {
        rest
    };
    let mut name = String::new();
    for run in source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(&run.to_ascii_lowercase());
    }
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'v');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    Some(name)
}

/// The short names every endpoint module gives its input and output types
/// (`flux::dev::Input`), unless a type of the schema takes the name there.
pub const INPUT_ALIAS: &str = "Input";
/// See [`INPUT_ALIAS`].
pub const OUTPUT_ALIAS: &str = "Output";

/// The marker type of an endpoint: its module name in UpperCamelCase, by the enum rule
/// (`ray_2_image_to_video` → `Ray2ImageToVideo`, `v2_1_master_text_to_video` →
/// `V2_1MasterTextToVideo`).
pub fn marker_name(module: &str) -> Option<String> {
    string_variant_name(module)
}

fn kebab(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::is_variant_name;

    #[test]
    fn crates_modules_and_markers_follow_the_id() {
        let cases = [
            (
                "fal-ai/luma-dream-machine/ray-2/image-to-video",
                "fal-ai/luma-dream-machine",
                "ray_2_image_to_video",
                "Ray2ImageToVideo",
            ),
            (
                "fal-ai/luma-dream-machine",
                "fal-ai/luma-dream-machine",
                "luma_dream_machine",
                "LumaDreamMachine",
            ),
            (
                "fal-ai/luma-dream-machine/ray-2-flash",
                "fal-ai/luma-dream-machine",
                "ray_2_flash",
                "Ray2Flash",
            ),
            (
                "fal-ai/kling-video/v2.1/master/image-to-video",
                "fal-ai/kling-video",
                "v2_1_master_image_to_video",
                "V2_1MasterImageToVideo",
            ),
            (
                "fal-ai/wan-trainer/i2v-720p",
                "fal-ai/wan-trainer",
                "i2v_720p",
                "I2v720p",
            ),
            (
                "luma/agent/ray/v3.2/text-to-video",
                "luma/agent",
                "ray_v3_2_text_to_video",
                "RayV3_2TextToVideo",
            ),
            (
                "sonauto/v2/text-to-music",
                "sonauto/v2",
                "text_to_music",
                "TextToMusic",
            ),
            ("x/y/2.0/type", "x/y", "v2_0_type", "V2_0Type"),
            ("x/y/type", "x/y", "type_", "Type"),
        ];
        for (id, fam, module, marker) in cases {
            assert_eq!(family(id), fam, "{id}");
            assert_eq!(module_name(id).as_deref(), Some(module), "{id}");
            assert_eq!(marker_name(module).as_deref(), Some(marker), "{id}");
            assert!(is_variant_name(marker), "{marker}");
        }
        assert_eq!(
            crate_package("genmedia", "fal-ai/flux-pro"),
            "genmedia-fal-ai-flux-pro"
        );
        assert_eq!(crate_dir("aimlapi/luma-ai"), "aimlapi-luma-ai");
        assert_eq!(
            lib_name("genmedia-aimlapi-luma-ai"),
            "genmedia_aimlapi_luma_ai"
        );
        assert_eq!(provider_const("aimlapi"), "AIMLAPI");
    }
}
