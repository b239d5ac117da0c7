//! `cargo xtask api-diff`: one fixture pair per kind of change
//! (`tests/fixtures/api_diff/<case>/{before,after}/`), each report snapshotted; the case
//! name's prefix says the verdict it must reach. Reordering and reformatting the YAML
//! reports nothing.

use crate::common;
use std::path::Path;
use xtask::api_diff::{self, diff::Bump, diff::Impact, report};

const VERSION: report::Version = report::Version(0, 1, 0);

fn sides() -> report::Sides<'static> {
    report::Sides {
        old: "before",
        new: "after",
    }
}

fn compare(case: &Path) -> api_diff::diff::Diff {
    api_diff::compare_dirs(&case.join("before"), &case.join("after"))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()))
}

#[test]
fn each_kind_of_change_is_reported_with_its_impact() {
    let cases = common::fixture_dirs("api_diff");
    assert!(cases.len() >= 20, "the fixture cases are missing");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let d = compare(&case);
        let expected = match name.split('_').next().unwrap() {
            "breaking" => Bump::Major,
            "additive" => Bump::Minor,
            "behaviour" => Bump::Patch,
            "none" => Bump::None,
            other => panic!("case `{name}`: unknown prefix `{other}`"),
        };
        assert_eq!(d.bump(), expected, "case `{name}`:\n{:#?}", d.changes);
        let text = report::text(&d, &sides(), api_diff::PACKAGE, VERSION);
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_markdown_report_is_a_changelog_section() {
    let root = common::workspace().join("tests/fixtures/api_diff");
    // Breaking, additive and behaviour at once: a method and a path change (with the
    // retry safety a PUT brings).
    let d = compare(&root.join("breaking_path_and_method"));
    assert!(d.count(Impact::Breaking) > 0 && d.count(Impact::Behaviour) > 0);
    let md = report::markdown(&d, &sides(), api_diff::PACKAGE, VERSION);
    insta::assert_snapshot!("markdown_breaking_path_and_method", md);
    let d = compare(&root.join("additive_optional_input"));
    let md = report::markdown(&d, &sides(), api_diff::PACKAGE, VERSION);
    insta::assert_snapshot!("markdown_additive_optional_input", md);
}

#[test]
fn the_codegen_summary_line_counts_each_impact() {
    let root = common::workspace().join("tests/fixtures/api_diff");
    let d = compare(&root.join("breaking_path_and_method"));
    assert_eq!(
        report::summary(&d, "HEAD"),
        "api: 2 breaking, 1 behaviour against HEAD (run `cargo xtask api-diff`)"
    );
    let d = compare(&root.join("none_reordered_and_reformatted"));
    assert_eq!(report::summary(&d, "HEAD"), "api: no changes against HEAD");
}

/// Every mapping of every file of `from` written in reverse key order, in serde_yaml's
/// block style (no comments, other quoting), into `to`; except the `fields` of a request
/// body and an operation's `query` and `headers`, whose order is the order of the required
/// ones among the method's arguments.
fn shuffle_dir(from: &Path, to: &Path) {
    fn reverse(v: serde_yaml::Value) -> serde_yaml::Value {
        reverse_in(v, None, false)
    }
    /// `v`, the value of key `parent`; `keep`: its own keys stay in order.
    fn reverse_in(v: serde_yaml::Value, parent: Option<&str>, keep: bool) -> serde_yaml::Value {
        match v {
            serde_yaml::Value::Mapping(m) => {
                let mut pairs: Vec<_> = m.into_iter().collect();
                if !keep {
                    pairs.reverse();
                }
                serde_yaml::Value::Mapping(
                    pairs
                        .into_iter()
                        .map(|(k, v)| {
                            let key = k.as_str().map(str::to_owned);
                            let keep = (parent == Some("body") && key.as_deref() == Some("fields"))
                                || matches!(key.as_deref(), Some("query" | "headers"));
                            (k, reverse_in(v, key.as_deref(), keep))
                        })
                        .collect(),
                )
            }
            serde_yaml::Value::Sequence(s) => {
                serde_yaml::Value::Sequence(s.into_iter().map(reverse).collect())
            }
            other => other,
        }
    }
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            if path.file_name().unwrap() == "upstream" {
                continue;
            }
            std::fs::create_dir_all(&target).unwrap();
            shuffle_dir(&path, &target);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            let shuffled = serde_yaml::to_string(&reverse(value)).unwrap();
            assert_ne!(shuffled, text);
            std::fs::write(&target, shuffled).unwrap();
        }
    }
}

#[test]
fn reordering_and_reformatting_the_whole_spec_changes_nothing() {
    let spec = common::workspace().join("api-spec");
    let tmp = tempfile::tempdir().unwrap();
    shuffle_dir(&spec, tmp.path());
    let d = api_diff::compare_dirs(&spec, tmp.path()).unwrap();
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
}

#[test]
fn an_invalid_old_spec_or_an_unknown_revision_is_a_clear_error() {
    let invalid = common::workspace().join("tests/fixtures/invalid/body_on_get");
    let valid = common::workspace().join("tests/fixtures/api_diff/additive_type/after");
    let e = api_diff::compare_dirs(&invalid, &valid).unwrap_err();
    assert!(e.contains("does not validate") && e.contains("body"), "{e}");
    let e = api_diff::compare_dirs(Path::new("/nonexistent/spec"), &valid).unwrap_err();
    assert!(e.contains("does not validate"), "{e}");
    match api_diff::surface_at(&common::workspace(), "no-such-revision-0123") {
        Err(api_diff::AtRevError::Git(e)) => {
            let e = e.to_string();
            assert!(
                e.contains("not a revision") || e.contains("git"),
                "unexpected error: {e}"
            );
        }
        other => panic!("expected a git error, got {other:?}"),
    }
}
