//! `cargo xtask api-diff [REV]`: what a change of `api-spec/` does to downstream code.
//!
//! Both sides are lowered by the generator (`codegen::lower_dir`) and flattened into the
//! public Rust API they generate ([`model`]), so only the API counts: reordering or
//! reformatting the YAML changes nothing. [`diff`] rates each change as breaking,
//! additive or behaviour; [`report`] prints it; [`git`] reads `api-spec/` at a revision.

pub mod diff;
pub mod git;
pub mod model;
pub mod report;

use diff::Diff;
use report::{Sides, Version};
use std::path::Path;
use std::process::ExitCode;

/// The package name shown in verdicts.
pub const PACKAGE: &str = "sendbird-platform";

const USAGE: &str = "usage: cargo xtask api-diff [REV] [--format text|markdown] [--deny-breaking]
       cargo xtask api-diff --dirs OLD_SPEC_DIR NEW_SPEC_DIR [--format ...] [--deny-breaking]

Compares the API generated from api-spec/ at REV (default HEAD) with the working tree's,
and rates each change: breaking, additive or behaviour; ends with the semver verdict.
  --format markdown   print a changelog section
  --deny-breaking     exit 1 when a change is breaking
Exit status: 0, 1 (breaking with --deny-breaking), 2 (bad arguments, unknown REV,
a spec that doesn't validate).";

/// The public API of the spec in `dir`.
pub fn surface_of(dir: &Path) -> Result<model::Surface, String> {
    codegen::lower_dir(dir)
        .map(|api| model::surface(&api))
        .map_err(|e| e.to_string())
}

/// The changes from the spec in `old` to the spec in `new`.
pub fn compare_dirs(old: &Path, new: &Path) -> Result<Diff, String> {
    let o = surface_of(old).map_err(|e| format!("{} does not validate:\n{e}", old.display()))?;
    let n = surface_of(new).map_err(|e| format!("{} does not validate:\n{e}", new.display()))?;
    Ok(diff::diff(&o, &n))
}

/// The public API of `api-spec/` at `rev`.
pub fn surface_at(root: &Path, rev: &str) -> Result<model::Surface, AtRevError> {
    let tmp = git::TempDir::new().map_err(|e| AtRevError::Git(git::GitError::Io(e.to_string())))?;
    git::extract_spec(root, rev, &tmp.0).map_err(AtRevError::Git)?;
    codegen::lower_dir(&tmp.0)
        .map(|api| model::surface(&api))
        .map_err(|e| AtRevError::Invalid(e.to_string()))
}

/// Why the old side can't be had.
#[derive(Debug)]
pub enum AtRevError {
    /// No git, no such revision, no spec there.
    Git(git::GitError),
    /// The spec at the revision does not validate (with the diagnostics).
    Invalid(String),
}

/// The version of the generated crate, from its manifest.
pub fn crate_version(root: &Path) -> Version {
    std::fs::read_to_string(root.join("generated-client/Cargo.toml"))
        .ok()
        .and_then(|m| {
            m.lines()
                .map(str::trim)
                .find_map(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
                .and_then(Version::parse)
        })
        .unwrap_or(Version(0, 1, 0))
}

/// The API of `api-spec/` at HEAD for [`codegen_summary`]: `None` when git says no spec
/// file differs from HEAD's (then there is nothing to lower: the summary costs one
/// `git status`).
pub fn head_for_summary(root: &Path) -> Option<Result<model::Surface, AtRevError>> {
    if git::spec_unchanged_since_head(root) {
        None
    } else {
        Some(surface_at(root, "HEAD"))
    }
}

/// The one line `cargo xtask codegen` ends with: the API it just generated against
/// `old`, the API of `api-spec/` at HEAD ([`head_for_summary`], which `codegen` runs on
/// a thread of its own while it generates). `None` without git or without a spec at HEAD.
pub fn codegen_summary(
    old: Option<Result<model::Surface, AtRevError>>,
    new: &codegen::ir::Api,
) -> Option<String> {
    let Some(old) = old else {
        return Some(report::summary(&Diff::default(), "HEAD"));
    };
    match old {
        Ok(old) => Some(report::summary(
            &diff::diff(&old, &model::surface(new)),
            "HEAD",
        )),
        Err(AtRevError::Invalid(_)) => {
            Some("api: api-spec/ at HEAD does not validate; no comparison".into())
        }
        Err(AtRevError::Git(_)) => None,
    }
}

/// `cargo xtask api-diff ARGS`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let mut rev = None;
    let mut dirs = None;
    let mut markdown = false;
    let mut deny = false;
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match *a {
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--deny-breaking" => deny = true,
            "--format" => match rest.next().copied() {
                Some("markdown") => markdown = true,
                Some("text") => markdown = false,
                other => {
                    eprintln!(
                        "error: --format takes `text` or `markdown`, not {}\n\n{USAGE}",
                        other.map_or("nothing".into(), |o| format!("`{o}`"))
                    );
                    return ExitCode::from(2);
                }
            },
            "--dirs" => match (rest.next(), rest.next()) {
                (Some(o), Some(n)) => dirs = Some((*o, *n)),
                _ => {
                    eprintln!("error: --dirs takes two spec directories\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            r if !r.starts_with('-') && rev.is_none() => rev = Some(r),
            other => {
                eprintln!("error: unexpected argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (old_label, new_label, result) = match (dirs, rev) {
        (Some(_), Some(_)) => {
            eprintln!("error: give either REV or --dirs, not both\n\n{USAGE}");
            return ExitCode::from(2);
        }
        (Some((o, n)), None) => (
            o.to_owned(),
            n.to_owned(),
            compare_dirs(Path::new(o), Path::new(n)),
        ),
        (None, rev) => {
            let rev = rev.unwrap_or("HEAD");
            let old = match surface_at(root, rev) {
                Ok(s) => s,
                Err(AtRevError::Git(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
                Err(AtRevError::Invalid(d)) => {
                    eprintln!("error: api-spec/ at `{rev}` does not validate:\n{d}");
                    return ExitCode::from(2);
                }
            };
            let new = surface_of(&root.join("api-spec"))
                .map(|new| diff::diff(&old, &new))
                .map_err(|d| format!("the working tree's api-spec/ does not validate:\n{d}"));
            (
                format!("api-spec/ at {rev}"),
                "the working tree".to_owned(),
                new,
            )
        }
    };
    let d = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let sides = Sides {
        old: &old_label,
        new: &new_label,
    };
    let version = crate_version(root);
    if markdown {
        print!("{}", report::markdown(&d, &sides, PACKAGE, version));
    } else {
        print!("{}", report::text(&d, &sides, PACKAGE, version));
    }
    if deny && d.count(diff::Impact::Breaking) > 0 {
        eprintln!(
            "error: {} breaking changes (--deny-breaking)",
            d.count(diff::Impact::Breaking)
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
