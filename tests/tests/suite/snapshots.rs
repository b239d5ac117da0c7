//! Snapshots of the generated code of every fixture spec (one per YAML construct).

use crate::common;

#[test]
fn fixture_specs_generate_the_snapshotted_code() {
    let mut mismatched = Vec::new();
    for dir in common::fixture_dirs("specs") {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let generated = codegen::generate(&dir)
            .unwrap_or_else(|e| panic!("fixture `{name}` should be valid:\n{e}"));
        let mut text = common::render(&generated.files);
        for f in &generated.test_files {
            text.push_str(&format!("=== tests: {} ===\n{}\n", f.path, f.contents));
        }
        text.push_str(&format!(
            "=== Cargo.toml: the services' features ===\n{}\n",
            codegen::features::block(&generated.api)
        ));
        // Every fixture is compared, so one mismatch doesn't hide the others: each one
        // writes its `.snap.new` and is named at the end.
        if common::snapshot_mismatch(|| insta::assert_snapshot!(format!("fixture_{name}"), text)) {
            mismatched.push(name);
        }
    }
    assert!(mismatched.is_empty(), "snapshots differ: {mismatched:?}");
}

#[test]
fn generation_is_byte_for_byte_repeatable() {
    for dir in common::fixture_dirs("specs") {
        let a = codegen::generate(&dir).unwrap().files;
        let b = codegen::generate(&dir).unwrap().files;
        assert_eq!(a, b, "{} generated differently twice", dir.display());
    }
}
