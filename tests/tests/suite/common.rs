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
