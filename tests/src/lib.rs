//! Helpers shared by the integration tests (the test binary is `tests/suite/`).

pub mod example_support;
pub mod matchers;
pub mod multipart;
