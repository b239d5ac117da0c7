//! `api-spec/` at a git revision, written into a temporary directory with two git
//! processes (`ls-tree`, then one `cat-file --batch` for every file).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why the spec at a revision can't be had.
#[derive(Debug)]
pub enum GitError {
    /// git can't be run, or `root` is not in a repository.
    NoGit(String),
    /// The revision names no commit.
    NoRevision(String),
    /// The commit has no `api-spec/` files.
    NoSpec(String),
    /// Reading or writing failed.
    Io(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NoGit(m) => write!(f, "cannot read the git repository: {m}"),
            GitError::NoRevision(r) => write!(f, "`{r}` is not a revision of this repository"),
            GitError::NoSpec(r) => write!(f, "revision `{r}` has no api-spec/*.yaml files"),
            GitError::Io(m) => write!(f, "{m}"),
        }
    }
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory below the system's temporary directory.
    pub fn new() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("xtask-api-diff-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(root);
    c
}

/// Writes the spec files (`*.yaml`, `*.yml`, outside `upstream/`) of `api-spec/` at
/// `rev` into `dest`; returns how many.
pub fn extract_spec(root: &Path, rev: &str, dest: &Path) -> Result<usize, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::NoRevision(rev.to_owned()));
    }
    let out = git(root)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{rev}^{{commit}}"))
        .stderr(Stdio::null())
        .output()
        .map_err(|e| GitError::NoGit(e.to_string()))?;
    if !out.status.success() {
        // Tell "not a repository" from "no such revision".
        let inside = git(root)
            .args(["rev-parse", "--git-dir"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        return Err(if inside {
            GitError::NoRevision(rev.to_owned())
        } else {
            GitError::NoGit(format!("{} is not in a git repository", root.display()))
        });
    }
    let commit = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let out = git(root)
        .args(["ls-tree", "-r", "-z", &commit, "--", "api-spec"])
        .output()
        .map_err(|e| GitError::NoGit(e.to_string()))?;
    if !out.status.success() {
        return Err(GitError::NoGit(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    // `<mode> blob <oid>\t<path>`
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in out.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let meta: Vec<&str> = meta.split(' ').collect();
        let Some(rel) = path.strip_prefix("api-spec/") else {
            continue;
        };
        let is_spec = rel.ends_with(".yaml") || rel.ends_with(".yml");
        if meta.len() != 3 || meta[1] != "blob" || meta[0] == "120000" || !is_spec {
            continue;
        }
        if rel.starts_with("upstream/") || rel.split('/').any(|s| s == ".." || s.is_empty()) {
            continue;
        }
        files.push((meta[2].to_owned(), rel.to_owned()));
    }
    if files.is_empty() {
        return Err(GitError::NoSpec(rev.to_owned()));
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| GitError::NoGit(e.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| GitError::Io("no stdin for git cat-file".into()))?;
    let oids: String = files.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    // Feed the ids from another thread, so neither side of the pipe blocks the other.
    let feeder = std::thread::spawn(move || {
        let r = stdin.write_all(oids.as_bytes());
        drop(stdin);
        r
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| GitError::Io("no stdout for git cat-file".into()))?;
    let mut reader = BufReader::new(stdout);
    let io = |e: std::io::Error| GitError::Io(format!("reading git cat-file: {e}"));
    for (_, rel) in &files {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(io)?;
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| {
                GitError::Io(format!(
                    "unexpected git cat-file output `{}`",
                    header.trim()
                ))
            })?;
        let mut body = vec![0; size + 1];
        reader.read_exact(&mut body).map_err(io)?;
        body.pop();
        let path = dest.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| GitError::Io(format!("creating {}: {e}", dir.display())))?;
        }
        std::fs::write(&path, body)
            .map_err(|e| GitError::Io(format!("writing {}: {e}", path.display())))?;
    }
    let _ = feeder.join();
    let _ = child.wait();
    Ok(files.len())
}

/// Whether git is sure that no spec file of `api-spec/` (`*.yaml`, `*.yml`, outside
/// `upstream/`) differs from HEAD's: nothing modified, staged, deleted or untracked.
/// `false` when git can't tell (no git, no repository, no HEAD).
pub fn spec_unchanged_since_head(root: &Path) -> bool {
    let Ok(out) = git(root)
        .args([
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--",
            "api-spec",
        ])
        .stderr(Stdio::null())
        .output()
    else {
        return false;
    };
    let head = git(root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD:api-spec"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    out.status.success()
        && head
        && out
            .stdout
            .split(|b| *b == 0)
            .filter(|e| e.len() > 3)
            .all(|e| {
                // `XY path` (a rename's old path comes as the next entry, which is
                // checked the same way).
                let path = String::from_utf8_lossy(&e[3..]);
                let spec = path.ends_with(".yaml") || path.ends_with(".yml");
                !spec || path.starts_with("api-spec/upstream/")
            })
}
