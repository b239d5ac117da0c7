//! The integration tests, as one test binary: the generator (snapshots, diagnostics,
//! determinism, the stale check), the wire tests generated from the examples in
//! `api-spec/` (`examples/`, written by `cargo xtask codegen`), the hand-written wire
//! tests of what the examples can't state, and the runtime's fault tests.

use integration_tests::example_support;
use sendbird_platform as client;

mod api_diff;
mod codegen_check;
mod common;
mod conformance_examples;
mod decoding;
mod determinism;
mod diagnostics;
mod downstream_mock;
mod error_codes_per_service;
mod example_checks;
// Written by `cargo xtask codegen` and formatted by prettyplease: rustfmt leaves it alone.
#[rustfmt::skip]
mod examples;
mod fixtures_compile;
mod no_panic;
mod runtime_faults;
mod snapshots;
mod wire_calls;
mod wire_chat_announcements;
mod wire_chat_applications;
mod wire_chat_bots;
mod wire_chat_data;
mod wire_chat_group_channels;
mod wire_chat_messages;
mod wire_chat_metadata;
mod wire_chat_misc;
mod wire_chat_moderation_reports;
mod wire_chat_open_channels;
mod wire_chat_polls;
mod wire_chat_users;
mod wire_desk;
mod wire_live;
mod wire_organization;
