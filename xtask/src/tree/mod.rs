//! Directory trees brought to a planned state all or nothing: what codegen writes into
//! `generated/`, and what import writes into `upstream/` and `schemas/`.

pub mod disk;
pub mod git;
pub mod plan;
