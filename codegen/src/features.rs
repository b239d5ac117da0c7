//! The services' cargo features in the client crate's `Cargo.toml`: `cargo xtask codegen`
//! rewrites the lines between two marker comments of its `[features]` table, and
//! `--check` reports them stale when they differ from what `api-spec/` says.
//!
//! The block holds `default` (every service feature) and one feature per distinct
//! `feature:` of the services, commented with the titles of the services it compiles.
//! Features that are not services' (`mock`, `webhooks`, `cli`) stay hand-written
//! outside the markers.

use crate::ir::Api;
use std::collections::BTreeMap;

/// The line that opens the generated block.
pub const START: &str =
    "# services: written by `cargo xtask codegen` from api-spec/ (one feature per service's `feature:`); do not edit\n";
/// The line that closes it.
pub const END: &str = "# end of services\n";

/// The lines between the markers.
pub fn block(api: &Api) -> String {
    let mut features: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &api.services {
        if let Some(f) = &s.feature {
            features
                .entry(f)
                .or_default()
                .push(s.title.trim_end_matches('.'));
        }
    }
    let names: Vec<String> = features.keys().map(|f| format!("{f:?}")).collect();
    let mut out = format!(
        "# Every service is compiled by default.\ndefault = [{}]\n",
        names.join(", ")
    );
    for (feature, titles) in &features {
        out.push_str(&format!("# {}.\n{feature} = []\n", titles.join(", ")));
    }
    out
}

/// `manifest` (the text of a `Cargo.toml`) with the lines between its markers replaced
/// by [`block`]. An error says what is wrong with the manifest: no markers, or a
/// service feature also defined outside them.
pub fn cargo_toml_with_features(manifest: &str, api: &Api) -> Result<String, String> {
    let missing = || {
        format!(
            "the [features] table has no generated block; add the lines\n{START}{END}where the services' features go"
        )
    };
    let start = manifest.find(START).ok_or_else(missing)? + START.len();
    let end = start + manifest[start..].find(END).ok_or_else(missing)?;
    let outside = format!("{}{}", &manifest[..start], &manifest[end..]);
    let block = block(api);
    let hand_written = feature_keys(&outside);
    for line in block.lines().filter(|l| !l.starts_with('#')) {
        let key = line.split('=').next().unwrap_or_default().trim();
        if hand_written.contains(&key) {
            return Err(format!(
                "the feature `{key}` is written by the generator but also defined outside its block; remove that definition or rename the service's `feature:`"
            ));
        }
    }
    Ok(format!("{}{block}{}", &manifest[..start], &manifest[end..]))
}

/// The keys of the `[features]` table of a manifest.
fn feature_keys(manifest: &str) -> Vec<&str> {
    let mut in_features = false;
    let mut keys = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features && !line.starts_with('#') {
            if let Some((key, _)) = line.split_once('=') {
                keys.push(key.trim());
            }
        }
    }
    keys
}
