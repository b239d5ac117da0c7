//! The parts of the maintainer tasks that the integration tests also use.

pub mod api_diff;
pub mod plan;
