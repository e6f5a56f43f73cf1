//! The one place that turns wire names into Rust names, and makes every other Rust or schema
//! name the generator and the importer write.
//!
//! Enum variants follow this rule (documented in the README):
//! 1. An aspect ratio `W:H` becomes `RatioWxH` (`"16:9"` → `Ratio16x9`).
//! 2. Otherwise the value is cut into runs of ASCII letters and digits; each run that starts
//!    with a letter is UpperCamelCased (`realistic_image/hdr` → `RealisticImageHdr`), a run that
//!    starts with a digit is kept as written (`1K`, `540p`); two runs that would join digit to
//!    digit are separated by `_` (`v4.5` → `V4_5`, `portrait_4_3` → `Portrait4_3`).
//! 3. A name that starts with a digit gets the prefix `V` (`540p` → `V540p`, `"5s"` → `V5s`,
//!    integer `1` → `V1`; a negative integer `-1` → `Minus1`).
//! 4. `Self`, the one UpperCamelCase keyword, becomes `SelfValue`.
//! 5. A value with no ASCII letter or digit has no name: the schema must give it a `rust_name`.
//!
//! A `rust_name` in the schema wins over the derived name of an enum value or a union variant
//! ([`enum_value_rust_name`], [`union_variant_rust_name`]); the checker reports one that is not
//! a legal variant name ([`is_variant_name`]).
//!
//! One file per kind of name:
//! - `variants.rs`: enum values and union variants;
//! - `members.rs`: fields (snake_case, keywords get a `_`) and what is generated for them: the
//!   input's builder `<Input>Builder`, the setter `<field>_null`, the accessor
//!   `<field>_or_default`, the `Deserialize`'s local `read_<field>`;
//! - `crates.rs`: families, crate packages, directories and libraries, endpoint modules,
//!   markers and the `Input`/`Output` aliases, provider constants;
//! - `imported.rs`: the type names and `rust_name`s the importer writes into schema files.

mod crates;
pub(crate) mod imported;
mod members;
mod variants;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use crates::{
    crate_dir, crate_package, crate_prefix_problem, family, lib_name, marker_name, module_name,
    provider_const, CATALOG_CRATE_DIR, COMMON_CRATE_DIR, INPUT_ALIAS, OUTPUT_ALIAS,
};
pub use members::{builder_name, field_name, null_setter_name, or_default_name, read_slot_name};
#[cfg(test)]
use variants::enum_variant_name;
pub use variants::{enum_value_rust_name, is_variant_name, union_variant_rust_name};
