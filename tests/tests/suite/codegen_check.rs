//! The checked-in generated code is exactly what `api-spec/` produces, and the check
//! mode notices any hand edit.

use crate::common;

use codegen::output::{check, write, Planned};
use std::path::Path;

/// What `cargo xtask codegen` plans to write for the spec in `spec`, rooted at `root`.
fn plan(spec: &Path, root: &Path) -> Vec<Planned> {
    let generated =
        codegen::generate(spec).unwrap_or_else(|e| panic!("api-spec/ is invalid:\n{e}"));
    let gen_dir = root.join("generated-client/src/generated");
    let mut planned: Vec<Planned> = generated
        .files
        .iter()
        .map(|f| Planned {
            path: gen_dir.join(&f.path),
            contents: f.contents.clone(),
        })
        .collect();
    planned.push(Planned {
        path: root.join("generated-client/ENDPOINTS.md"),
        contents: codegen::endpoints::markdown(&generated.api, "Endpoints"),
    });
    planned
}

#[test]
fn checked_in_generated_code_is_up_to_date() {
    let ws = common::workspace();
    let generated = codegen::generate(&ws.join("api-spec")).unwrap();
    // Everything `cargo xtask codegen` writes, the `Cargo.toml` features included.
    let (planned, owned) = xtask::plan::plan(&ws, &generated).unwrap();
    let owned: Vec<&Path> = owned.iter().map(|p| p.as_path()).collect();
    let report = check(&planned, &owned).unwrap();
    assert!(
        report.is_clean(),
        "run `cargo xtask codegen` and commit:\n{report}"
    );
}

/// The client crate's manifest, copied under a scratch workspace root.
fn scratch_manifest(ws: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("generated-client/Cargo.toml");
    std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
    std::fs::copy(ws.join("generated-client/Cargo.toml"), &manifest).unwrap();
    (tmp, manifest)
}

#[test]
fn check_mode_reports_a_hand_edited_feature_block_and_write_mode_repairs_it() {
    let ws = common::workspace();
    let api = codegen::lower_dir(&ws.join("api-spec")).unwrap();
    let (tmp, manifest) = scratch_manifest(&ws);
    let planned = [xtask::plan::cargo_toml(tmp.path(), &api).unwrap()];
    assert!(check(&planned, &[]).unwrap().is_clean());
    let original = std::fs::read_to_string(&manifest).unwrap();

    // A feature dropped from `default` inside the markers, by hand.
    let edited = original.replacen(
        "default = [\"calls\", \"chat\", \"desk\", \"live\"]",
        "default = [\"chat\"]",
        1,
    );
    assert_ne!(edited, original, "the block lists every service feature");
    std::fs::write(&manifest, &edited).unwrap();
    let planned = [xtask::plan::cargo_toml(tmp.path(), &api).unwrap()];
    let report = check(&planned, &[]).unwrap();
    assert_eq!(report.stale, vec![manifest.clone()]);
    // Check mode wrote nothing; write mode restores the block, and only the block.
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), edited);
    write(&planned, &[]).unwrap();
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), original);

    // A hand-written line outside the markers is kept as it is.
    let outside = original.replacen(
        "mock = [\"dep:wiremock\"]",
        "mock = [\"dep:wiremock\"]\nextra = []",
        1,
    );
    std::fs::write(&manifest, &outside).unwrap();
    let planned = [xtask::plan::cargo_toml(tmp.path(), &api).unwrap()];
    assert!(check(&planned, &[]).unwrap().is_clean());
}

#[test]
fn a_manifest_without_markers_or_with_a_service_feature_outside_them_is_refused() {
    let ws = common::workspace();
    let api = codegen::lower_dir(&ws.join("api-spec")).unwrap();
    let (tmp, manifest) = scratch_manifest(&ws);
    let original = std::fs::read_to_string(&manifest).unwrap();

    let unmarked = original.replacen(codegen::features::END, "", 1);
    std::fs::write(&manifest, unmarked).unwrap();
    let err = xtask::plan::cargo_toml(tmp.path(), &api).unwrap_err();
    assert!(err.contains("has no generated block"), "{err}");
    assert!(err.contains(codegen::features::END.trim_end()), "{err}");

    let twice = original.replacen("mock = [", "desk = []\nmock = [", 1);
    std::fs::write(&manifest, twice).unwrap();
    let err = xtask::plan::cargo_toml(tmp.path(), &api).unwrap_err();
    assert!(err.contains("the feature `desk`"), "{err}");
}

#[test]
fn check_mode_names_edited_missing_and_extra_files_and_write_mode_repairs_them() {
    let ws = common::workspace();
    let tmp = tempfile::tempdir().unwrap();
    let planned_here = plan(&ws.join("api-spec"), &ws);
    let planned = plan(&ws.join("api-spec"), tmp.path());
    let gen_dir = tmp.path().join("generated-client/src/generated");
    // Lay down a copy of the current output.
    for (from, to) in planned_here.iter().zip(&planned) {
        std::fs::create_dir_all(to.path.parent().unwrap()).unwrap();
        std::fs::copy(&from.path, &to.path).unwrap();
    }
    assert!(check(&planned, &[gen_dir.as_path()]).unwrap().is_clean());

    // A hand edit, a deleted file and a stray file.
    let edited = gen_dir.join("chat/users.rs");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("// a hand edit\n");
    std::fs::write(&edited, text).unwrap();
    let deleted = gen_dir.join("chat/types.rs");
    std::fs::remove_file(&deleted).unwrap();
    let stray = gen_dir.join("chat/old_area.rs");
    std::fs::write(&stray, "// left over\n").unwrap();

    let report = check(&planned, &[gen_dir.as_path()]).unwrap();
    assert_eq!(report.stale, vec![edited.clone()]);
    assert_eq!(report.missing, vec![deleted.clone()]);
    assert_eq!(report.extra, vec![stray.clone()]);
    // Check mode wrote nothing.
    assert!(!deleted.exists());
    assert!(stray.exists());

    let written = write(&planned, &[gen_dir.as_path()]).unwrap();
    assert_eq!(written.stale.len() + written.missing.len(), 2);
    assert!(check(&planned, &[gen_dir.as_path()]).unwrap().is_clean());
    assert!(!stray.exists());
    // A second run changes nothing.
    let again = write(&planned, &[gen_dir.as_path()]).unwrap();
    assert!(again.is_clean());
    assert_eq!(again.unchanged, planned.len());
}

#[test]
fn an_invalid_spec_generates_nothing_and_leaves_files_untouched() {
    let ws = common::workspace();
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("api-spec");
    copy_dir(&ws.join("api-spec"), &spec);
    let users = spec.join("chat/users.yaml");
    let text = std::fs::read_to_string(&users)
        .unwrap()
        .replace("response: User\n", "response: Usr\n");
    std::fs::write(&users, text).unwrap();
    match codegen::generate(&spec) {
        Err(codegen::GenerateError::Invalid(d)) => {
            let shown = d.to_string();
            assert!(shown.contains("unknown type `Usr`"), "{shown}");
            assert!(shown.contains("did you mean `User`?"), "{shown}");
            assert!(shown.contains("chat/users.yaml:"), "{shown}");
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
