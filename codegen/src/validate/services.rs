//! What a service contributes outside its own module: its cargo feature (written into
//! the client crate's `Cargo.toml` by `cargo xtask codegen`) and its part of the
//! command line's base-URL variable.

use crate::diag::Diagnostics;
use crate::names;
use crate::spec::{Named, ServiceDef};
use std::collections::BTreeMap;

/// Features the generated code or cargo give a meaning of their own: a service can't
/// take them.
const RESERVED_FEATURES: &[(&str, &str)] = &[
    ("default", "cargo's list of the features on by default"),
    (
        "mock",
        "the generated stubs are compiled with the `mock` feature",
    ),
];

/// Methods the runtime's `Client` and `MockServer` already have (their own and those of
/// `Clone` and `Debug`, which an inherent method would shadow): a service's accessor, a
/// method of both named after the service, can't take them.
const TAKEN_METHODS: &[(&str, &str)] = &[
    ("builder", "`Client::builder`"),
    ("base_url", "`Client::base_url` and `MockServer::base_url`"),
    ("start", "`MockServer::start`"),
    ("uri", "`MockServer::uri`"),
    ("client_builder", "`MockServer::client_builder`"),
    ("client", "`MockServer::client`"),
    ("received_requests", "`MockServer::received_requests`"),
    ("verify", "`MockServer::verify`"),
    ("reset", "`MockServer::reset`"),
    ("clone", "`Clone::clone`"),
    ("fmt", "`Debug::fmt`"),
];

/// Checks every service's accessor name, `feature` and `env_name`.
pub(super) fn check(d: &mut Diagnostics, services: &[Named<ServiceDef>]) {
    let mut env_names: BTreeMap<String, &str> = BTreeMap::new();
    for s in services {
        let method = names::snake_text(&s.name);
        if let Some((_, what)) = TAKEN_METHODS.iter().find(|(m, _)| *m == method) {
            d.error_hint(
                &s.loc,
                format!(
                    "the service name `{}` is reserved: its accessor `{method}()` would clash with {what}",
                    s.name
                ),
                "rename the service (and its folder)",
            );
        }
        if let Some(f) = &s.def.feature {
            if !is_feature_name(f) {
                d.error_hint(
                    &s.loc,
                    format!("service `{}`: `{f}` is not a cargo feature name", s.name),
                    "use ASCII letters, digits, `_` and `-`, starting with a letter",
                );
            } else if let Some((_, why)) = RESERVED_FEATURES.iter().find(|(r, _)| r == f) {
                d.error_hint(
                    &s.loc,
                    format!("service `{}`: the feature `{f}` is reserved: {why}", s.name),
                    "name the feature after the service",
                );
            }
        }
        if let Some(e) = &s.def.env_name {
            if e.is_empty()
                || !e
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            {
                d.error_hint(
                    &s.loc,
                    format!(
                        "service `{}`: `env_name: {e}` can't be part of an environment variable name",
                        s.name
                    ),
                    "use upper-case ASCII letters, digits and `_` (`ORG` gives `SENDBIRD_ORG_BASE_URL`)",
                );
                continue;
            }
        }
        let env = s
            .def
            .env_name
            .clone()
            .unwrap_or_else(|| names::env_name(&s.name));
        if let Some(other) = env_names.insert(env.clone(), &s.name) {
            d.error_hint(
                &s.loc,
                format!(
                    "services `{other}` and `{}` would share the command line's base-URL variable `SENDBIRD_{env}_BASE_URL`",
                    s.name
                ),
                "give one of them another `env_name`",
            );
        }
    }
}

/// A name cargo accepts for a feature, kept to the portable subset.
fn is_feature_name(f: &str) -> bool {
    f.starts_with(|c: char| c.is_ascii_alphabetic())
        && f.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
