//! Writing generated files: only those whose content changed, staged first so a
//! crash can't leave a half-written file; or, in check mode, writing nothing and
//! reporting what is stale.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file's place and the text it must have.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Absolute or workspace-relative path.
    pub path: PathBuf,
    /// Full text.
    pub contents: String,
}

/// What a check or a write found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files whose content differs.
    pub stale: Vec<PathBuf>,
    /// Files that don't exist yet.
    pub missing: Vec<PathBuf>,
    /// Files in an owned directory that the generator no longer produces.
    pub extra: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Report {
    /// Whether everything was up to date.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.stale {
            writeln!(f, "stale:   {}", p.display())?;
        }
        for p in &self.missing {
            writeln!(f, "missing: {}", p.display())?;
        }
        for p in &self.extra {
            writeln!(f, "extra:   {}", p.display())?;
        }
        Ok(())
    }
}

/// Compares the planned files, and the `.rs` files under each owned directory, with
/// what is on disk.
pub fn check(planned: &[Planned], owned_dirs: &[&Path]) -> std::io::Result<Report> {
    let mut report = Report::default();
    for p in planned {
        match std::fs::read(&p.path) {
            Ok(bytes) if bytes == p.contents.as_bytes() => report.unchanged += 1,
            Ok(_) => report.stale.push(p.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.missing.push(p.path.clone())
            }
            Err(e) => return Err(e),
        }
    }
    for dir in owned_dirs {
        let mut found = Vec::new();
        list_rs(dir, &mut found)?;
        for f in found {
            if !planned.iter().any(|p| p.path == f) {
                report.extra.push(f);
            }
        }
    }
    report.extra.sort();
    Ok(report)
}

fn list_rs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            list_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// A path planned twice: the plan is wrong (two generated files would overwrite each
/// other), so nothing may be written.
fn duplicate(planned: &[Planned]) -> Option<&Path> {
    let mut seen = std::collections::BTreeSet::new();
    planned
        .iter()
        .map(|p| p.path.as_path())
        .find(|p| !seen.insert(*p))
}

/// Writes the files that changed and removes extra ones. Every new content is first
/// written to a temporary file beside its target; only when all of them are on disk
/// are they renamed into place, so an interrupted run leaves the old files intact.
/// A plan that names a path twice is refused before anything is touched.
pub fn write(planned: &[Planned], owned_dirs: &[&Path]) -> std::io::Result<Report> {
    if let Some(path) = duplicate(planned) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("`{}` is planned twice; nothing was written", path.display()),
        ));
    }
    let report = check(planned, owned_dirs)?;
    let changed: Vec<&Planned> = planned
        .iter()
        .filter(|p| report.stale.contains(&p.path) || report.missing.contains(&p.path))
        .collect();
    let mut staged = Vec::new();
    let result = (|| {
        for p in &changed {
            if let Some(parent) = p.path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let tmp = tmp_path(&p.path);
            let mut f = std::fs::File::create(&tmp)?;
            staged.push((tmp, p.path.clone()));
            f.write_all(p.contents.as_bytes())?;
            f.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target)?;
    }
    for extra in &report.extra {
        std::fs::remove_file(extra)?;
    }
    Ok(report)
}

fn tmp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The process id keeps two concurrent runs from writing the same temporary file.
    target.with_file_name(format!(".{name}.{}.codegen-tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("codegen-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_path_planned_twice_writes_and_removes_nothing() {
        let dir = scratch("duplicate");
        std::fs::write(dir.join("old.rs"), "old").unwrap();
        std::fs::write(dir.join("a.rs"), "stale").unwrap();
        let plan = |path: &str, contents: &str| Planned {
            path: dir.join(path),
            contents: contents.into(),
        };
        let planned = [
            plan("a.rs", "new a"),
            plan("sub/b.rs", "first"),
            plan("sub/b.rs", "second"),
        ];
        let err = write(&planned, &[dir.as_path()]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("b.rs"), "{err}");
        // Nothing staged, renamed, created or removed.
        assert_eq!(listing(&dir), ["a.rs", "old.rs"]);
        assert_eq!(std::fs::read_to_string(dir.join("a.rs")).unwrap(), "stale");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_plan_is_written_and_extra_files_removed() {
        let dir = scratch("write");
        std::fs::write(dir.join("old.rs"), "old").unwrap();
        let planned = [Planned {
            path: dir.join("sub/b.rs"),
            contents: "b".into(),
        }];
        let report = write(&planned, &[dir.as_path()]).unwrap();
        assert_eq!(report.missing, [dir.join("sub/b.rs")]);
        assert_eq!(listing(&dir), ["sub"]);
        assert_eq!(listing(&dir.join("sub")), ["b.rs"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
