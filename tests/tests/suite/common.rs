//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every fixture spec directory, sorted.
pub fn fixture_dirs(kind: &str) -> Vec<PathBuf> {
    let dir = workspace().join("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

/// All generated files of a spec as one text, each file under a `=== path ===` line.
pub fn render(files: &[codegen::GeneratedFile]) -> String {
    let mut out = String::new();
    for f in files {
        out.push_str(&format!("=== {} ===\n{}\n", f.path, f.contents));
    }
    out
}

/// Runs one snapshot assertion and says whether it failed, instead of stopping the
/// test: a loop over fixtures then compares every one (each failure has written its
/// `.snap.new` and printed its diff) and fails once at the end.
pub fn snapshot_mismatch(assertion: impl FnOnce()) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(assertion)).is_err()
}
