//! Test-only crate: everything lives in the `suite` test binary.
