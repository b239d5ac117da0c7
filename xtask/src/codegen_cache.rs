//! The no-op shortcut of `cargo xtask codegen [--check]`.
//!
//! After a run that leaves the generated files up to date, a snapshot is kept under
//! the target directory (`codegen-cache.bin`): which generator binary ran, every file
//! under `api-spec/` with its bytes, and every output file with the bytes it must
//! have. The next run first compares that snapshot with the disk, byte for byte:
//!
//! - the same generator binary (path, size and modification time: a rebuilt
//!   generator always misses),
//! - exactly the same files under `api-spec/`, with the same bytes,
//! - every output file on disk with the bytes generated last time, and no `.rs` file
//!   in an owned directory that the generator did not write.
//!
//! When all of that holds the generator would produce the same files, and they are
//! on disk, so loading, lowering, emitting and formatting are skipped. Anything else
//! (a spec edit, a hand edit of a generated file, a new stray file, a missing or
//! unreadable snapshot) runs the whole generator as before, so `--check` stays exact:
//! a stale check never trusts the snapshot about what is on disk, only about what
//! the generator would write for inputs it has seen.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"sendbird-codegen-cache 1\n";

/// What a run saw and produced: the key (generator and inputs) and the outputs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The generator binary's identity.
    pub generator: Vec<u8>,
    /// Every file under the spec directory, sorted by path, with its bytes.
    pub inputs: Vec<(PathBuf, Vec<u8>)>,
    /// Every planned output file with its bytes.
    pub outputs: Vec<(PathBuf, Vec<u8>)>,
}

/// The running generator binary: its path, size and modification time.
pub fn generator_identity() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        out.extend_from_slice(exe.to_string_lossy().as_bytes());
        if let Ok(meta) = std::fs::metadata(&exe) {
            out.extend_from_slice(&meta.len().to_le_bytes());
            if let Ok(modified) = meta.modified() {
                if let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH) {
                    out.extend_from_slice(&since.as_nanos().to_le_bytes());
                }
            }
        }
    }
    out
}

/// Every file under `dir` (recursively), sorted by path, with its bytes.
pub fn read_inputs(dir: &Path) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut paths = Vec::new();
    list_files(dir, &mut paths, &|_| true)?;
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read(&p).map(|bytes| (p, bytes)))
        .collect()
}

fn list_files(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    keep: &dyn Fn(&Path) -> bool,
) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            list_files(&path, out, keep)?;
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether the snapshot at `cache` still describes the disk: the same generator,
/// the same spec files byte for byte, every output as generated and no extra `.rs`
/// file in an owned directory. Any doubt (no snapshot, unreadable file) is `false`.
pub fn is_fresh(cache: &Path, spec_dir: &Path, owned_dirs: &[&Path]) -> bool {
    let Some(snapshot) = load(cache) else {
        return false;
    };
    if snapshot.generator != generator_identity() {
        return false;
    }
    match read_inputs(spec_dir) {
        Ok(inputs) if inputs == snapshot.inputs => {}
        _ => return false,
    }
    for (path, bytes) in &snapshot.outputs {
        match std::fs::read(path) {
            Ok(on_disk) if on_disk == *bytes => {}
            _ => return false,
        }
    }
    for dir in owned_dirs {
        let mut found = Vec::new();
        if list_files(dir, &mut found, &|p| {
            p.extension().is_some_and(|e| e == "rs")
        })
        .is_err()
        {
            return false;
        }
        if found
            .iter()
            .any(|f| !snapshot.outputs.iter().any(|(p, _)| p == f))
        {
            return false;
        }
    }
    true
}

/// Writes the snapshot (through a temporary file and a rename, so a reader never
/// sees half of one). A failure only costs the next run its shortcut.
pub fn store(cache: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    if let Some(parent) = cache.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = cache.with_extension(format!("tmp{}", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    out.write_all(MAGIC)?;
    put(&mut out, &snapshot.generator)?;
    for list in [&snapshot.inputs, &snapshot.outputs] {
        out.write_all(&(list.len() as u64).to_le_bytes())?;
        for (path, bytes) in list {
            put(&mut out, path.to_string_lossy().as_bytes())?;
            put(&mut out, bytes)?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&tmp, cache)
}

/// Removes the snapshot (after a run that left the outputs stale).
pub fn forget(cache: &Path) {
    let _ = std::fs::remove_file(cache);
}

fn put(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// Reads a snapshot; `None` when it is missing or not one this version wrote.
pub fn load(cache: &Path) -> Option<Snapshot> {
    let mut data = Vec::new();
    std::fs::File::open(cache)
        .ok()?
        .read_to_end(&mut data)
        .ok()?;
    let mut cursor = Cursor {
        data: data.strip_prefix(MAGIC)?,
    };
    let generator = cursor.blob()?.to_vec();
    let mut lists = [Vec::new(), Vec::new()];
    for list in &mut lists {
        let n = cursor.number()?;
        for _ in 0..n {
            let path = PathBuf::from(String::from_utf8(cursor.blob()?.to_vec()).ok()?);
            list.push((path, cursor.blob()?.to_vec()));
        }
    }
    if !cursor.data.is_empty() {
        return None;
    }
    let [inputs, outputs] = lists;
    Some(Snapshot {
        generator,
        inputs,
        outputs,
    })
}

struct Cursor<'a> {
    data: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.data.len() < n {
            return None;
        }
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Some(head)
    }

    fn number(&mut self) -> Option<usize> {
        let bytes: [u8; 8] = self.take(8)?.try_into().ok()?;
        usize::try_from(u64::from_le_bytes(bytes)).ok()
    }

    fn blob(&mut self) -> Option<&'a [u8]> {
        let n = self.number()?;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Scratch {
        root: PathBuf,
    }

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let root = std::env::temp_dir()
                .join(format!("xtask-codegen-cache-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for dir in ["spec/chat", "gen/chat"] {
                std::fs::create_dir_all(root.join(dir)).unwrap();
            }
            std::fs::write(root.join("spec/api.yaml"), "services: [chat]\n").unwrap();
            std::fs::write(root.join("spec/chat/users.yaml"), "operations: {}\n").unwrap();
            std::fs::write(root.join("gen/mod.rs"), "pub mod chat;\n").unwrap();
            std::fs::write(root.join("gen/chat/users.rs"), "pub struct User;\n").unwrap();
            std::fs::write(root.join("ENDPOINTS.md"), "# Endpoints\n").unwrap();
            Scratch { root }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.root.join(rel)
        }

        /// Stores what a clean run would: the spec and every output as on disk now.
        fn remember(&self) {
            let outputs = ["gen/mod.rs", "gen/chat/users.rs", "ENDPOINTS.md"]
                .iter()
                .map(|rel| (self.path(rel), std::fs::read(self.path(rel)).unwrap()))
                .collect();
            let snapshot = Snapshot {
                generator: generator_identity(),
                inputs: read_inputs(&self.path("spec")).unwrap(),
                outputs,
            };
            store(&self.path("cache.bin"), &snapshot).unwrap();
            assert_eq!(load(&self.path("cache.bin")).unwrap(), snapshot);
        }

        fn fresh(&self) -> bool {
            let gen = self.path("gen");
            is_fresh(
                &self.path("cache.bin"),
                &self.path("spec"),
                &[gen.as_path()],
            )
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    #[test]
    fn an_unchanged_tree_is_fresh_and_a_missing_snapshot_is_not() {
        let s = Scratch::new("unchanged");
        assert!(!s.fresh());
        s.remember();
        assert!(s.fresh());
        forget(&s.path("cache.bin"));
        assert!(!s.fresh());
    }

    #[test]
    fn a_hand_edit_of_an_output_is_never_fresh() {
        let s = Scratch::new("hand-edit");
        s.remember();
        // Same length, one byte different: a content comparison, not sizes or times.
        std::fs::write(s.path("gen/chat/users.rs"), "pub struct Usex;\n").unwrap();
        assert!(!s.fresh());
        std::fs::write(s.path("gen/chat/users.rs"), "pub struct User;\n").unwrap();
        assert!(s.fresh());
        std::fs::write(s.path("ENDPOINTS.md"), "# Endpoints!\n").unwrap();
        assert!(!s.fresh());
    }

    #[test]
    fn a_missing_or_stray_output_is_never_fresh() {
        let s = Scratch::new("stray");
        s.remember();
        std::fs::write(s.path("gen/chat/old.rs"), "// left over\n").unwrap();
        assert!(!s.fresh());
        std::fs::remove_file(s.path("gen/chat/old.rs")).unwrap();
        // A file that is not Rust source is not the generator's business.
        std::fs::write(s.path("gen/chat/notes.txt"), "x").unwrap();
        assert!(s.fresh());
        std::fs::remove_file(s.path("gen/chat/users.rs")).unwrap();
        assert!(!s.fresh());
    }

    #[test]
    fn any_spec_change_is_never_fresh() {
        let s = Scratch::new("spec");
        s.remember();
        std::fs::write(s.path("spec/chat/users.yaml"), "operations: {} \n").unwrap();
        assert!(!s.fresh());
        std::fs::write(s.path("spec/chat/users.yaml"), "operations: {}\n").unwrap();
        assert!(s.fresh());
        std::fs::write(s.path("spec/chat/polls.yaml"), "operations: {}\n").unwrap();
        assert!(!s.fresh());
        std::fs::remove_file(s.path("spec/chat/polls.yaml")).unwrap();
        assert!(s.fresh());
        std::fs::remove_file(s.path("spec/api.yaml")).unwrap();
        assert!(!s.fresh());
    }

    #[test]
    fn another_generator_or_a_damaged_snapshot_is_never_fresh() {
        let s = Scratch::new("generator");
        s.remember();
        let mut snapshot = load(&s.path("cache.bin")).unwrap();
        snapshot.generator.push(0);
        store(&s.path("cache.bin"), &snapshot).unwrap();
        assert!(!s.fresh());
        s.remember();
        let mut bytes = std::fs::read(s.path("cache.bin")).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(s.path("cache.bin"), &bytes).unwrap();
        assert!(!s.fresh());
    }
}
