//! The diagnostics of invalid specs: every directory of `tests/fixtures/invalid/` breaks
//! exactly one rule of the format, and its report is snapshotted.

use crate::common;

use codegen::diag::Diagnostics;
use codegen::GenerateError;
use std::path::Path;

/// Fixtures whose problem is a missing file, so no line can be pointed at.
const WHOLE_FILE_PROBLEMS: &[&str] = &["missing_root_file", "file_outside_service_folder"];

/// The report of a spec that must be rejected, or why it wasn't.
fn diagnostics_of(dir: &Path) -> Result<Diagnostics, String> {
    match codegen::generate(dir) {
        Err(GenerateError::Invalid(d)) if !d.0.is_empty() => Ok(d),
        Err(GenerateError::Invalid(_)) => Err("rejected without a diagnostic".into()),
        Err(GenerateError::Internal(e)) => Err(format!("internal error: {e}")),
        Ok(_) => Err("it should be rejected, but it generated code".into()),
    }
}

#[test]
fn every_invalid_fixture_is_reported_with_a_location_and_a_hint() {
    let dirs = common::fixture_dirs("invalid");
    assert!(
        dirs.len() >= 32,
        "the corpus has only {} fixtures",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let diags = match diagnostics_of(&dir) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("`{name}`: {e}"));
                continue;
            }
        };
        // Each fixture breaks one rule, so one problem is reported: a second one would
        // be a follow-on error that only repeats the first.
        if diags.0.len() != 1 {
            failures.push(format!(
                "`{name}` should report exactly one problem:\n{diags}"
            ));
        }
        for d in &diags.0 {
            let whole_file = WHOLE_FILE_PROBLEMS.contains(&name.as_str());
            if !whole_file && (d.loc.line == 0 || d.loc.col == 0) {
                failures.push(format!("`{name}`: no line and column in\n{d}"));
            }
            if d.hint.as_deref().unwrap_or_default().is_empty() {
                failures.push(format!("`{name}`: no hint in\n{d}"));
            }
        }
        if common::snapshot_mismatch(|| {
            insta::assert_snapshot!(format!("invalid_{name}"), diags.to_string())
        }) {
            failures.push(format!("`{name}`: the report differs from its snapshot"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Writes `files` (relative path, text) below a fresh temporary directory.
fn spec_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

const MANY_MISTAKES_API: &str = "\
version: 1
credentials:
  api_token: { doc: The token. }
auth:
  token:
    header: Api-Token
    credential: api_token
services:
  chat:
    title: Chat API
    base_url: https://api-{app_id}.example.com/{version}
    auth: token
";

const MANY_MISTAKES_USERS: &str = "\
version: 1
types:
  User:
    fields:
      user_id: string
      nickname: string?
  Role:
    enum: []
operations:
  view_user:
    method: GET
    path: /users/{user_id}
    response: Usr
  delete_user:
    method: DELET
    path: /users/{user_id}
    path_params:
      user_id: string
    response: empty
";

#[test]
fn one_run_reports_every_problem_in_file_and_line_order() {
    let tmp = spec_dir(&[
        ("api.yaml", MANY_MISTAKES_API),
        ("chat/users.yaml", MANY_MISTAKES_USERS),
    ]);
    let diags = diagnostics_of(tmp.path()).unwrap();
    let found: Vec<(&str, usize)> = diags
        .0
        .iter()
        .map(|d| (d.loc.file.as_str(), d.loc.line))
        .collect();
    assert_eq!(
        found,
        [
            ("api.yaml", 11),
            ("chat/users.yaml", 7),
            ("chat/users.yaml", 12),
            ("chat/users.yaml", 13),
            ("chat/users.yaml", 15),
        ][..],
        "\n{diags}"
    );
    insta::assert_snapshot!("many_mistakes", diags.to_string());
}

#[test]
fn an_empty_spec_directory_is_an_error_not_an_empty_client() {
    let tmp = tempfile::tempdir().unwrap();
    let diags = diagnostics_of(tmp.path()).unwrap();
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert!(
        diags.0[0].message.contains("`api.yaml` is missing"),
        "{diags}"
    );
}
