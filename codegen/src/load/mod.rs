//! Reading the spec directory into [`Node`] trees that know where each value came from.

mod locate;

use crate::diag::{Diagnostics, Loc};
use locate::{child_path, item_path, Positions};
use std::path::Path;

/// A YAML value with its location.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it is.
    pub loc: Loc,
}

/// The shape of a YAML value.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The child of a mapping with this key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether the value is `~` or absent.
    pub fn kind_is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// What kind of value this is, for messages.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// One spec file, parsed.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Path relative to the spec directory, with `/` separators.
    pub rel_path: String,
    /// The document's root.
    pub root: Node,
}

/// The root file of a spec directory.
pub const ROOT_FILE: &str = "api.yaml";

/// The folder of a spec directory that holds conformance data, not spec: the loader
/// skips it.
pub const UPSTREAM_DIR: &str = "upstream";

/// Reads every `*.yaml` file below `dir`, in sorted path order.
pub fn load_dir(dir: &Path, diags: &mut Diagnostics) -> Vec<SpecFile> {
    let mut paths = Vec::new();
    if let Err(e) = collect_yaml(dir, dir, &mut paths) {
        diags.error_hint(
            &Loc::file(&dir.display().to_string()),
            format!("cannot read the spec directory: {e}"),
            "run the generator from the workspace root, or pass the path of `api-spec/`",
        );
        return Vec::new();
    }
    paths.sort();
    // Checked here rather than after parsing, so an `api.yaml` with a syntax error is
    // reported once, as a syntax error, not also as missing.
    if !paths.iter().any(|p| p == ROOT_FILE) {
        diags.error_hint(
            &Loc::file(ROOT_FILE),
            format!("the root file `{ROOT_FILE}` is missing"),
            format!("create `{ROOT_FILE}` at the top of the spec directory, with `version: 1` and the `services:` of the API"),
        );
    }
    // Files are parsed on every core; each worker takes the next path from a shared
    // counter, and the results are put back in path order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(rel) = paths.get(i) else {
                return out;
            };
            let mut d = Diagnostics::default();
            let file = match std::fs::read_to_string(dir.join(rel)) {
                Ok(text) => parse_file(rel, &text, &mut d),
                Err(e) => {
                    d.error(&Loc::file(rel), format!("cannot read the file: {e}"));
                    None
                }
            };
            out.push((i, file, d));
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut parsed = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    });
    parsed.sort_by_key(|(i, _, _)| *i);
    let mut files = Vec::new();
    for (_, file, d) in parsed {
        diags.0.extend(d.0);
        files.extend(file);
    }
    files
}

fn collect_yaml(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            // `api-spec/upstream/` holds conformance data (Sendbird's published API as
            // an index, and the ledger of known differences), not spec files.
            if dir == root && path.file_name().is_some_and(|n| n == UPSTREAM_DIR) {
                continue;
            }
            collect_yaml(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push(rel.join("/"));
        }
    }
    Ok(())
}

/// Parses one file's text; `None` (with a diagnostic) when it is not valid YAML.
pub fn parse_file(rel_path: &str, text: &str, diags: &mut Diagnostics) -> Option<SpecFile> {
    // One event pass finds what the format leaves out and where every node is.
    let scan = locate::scan(text);
    if let Some((what, line, col)) = scan.unsupported {
        let (message, hint) = match what {
            locate::Unsupported::Alias => (
                "YAML aliases (`*name`) are not part of the format",
                "write the value out where it is used; a shape used in several places can be a named type under `types:`",
            ),
            locate::Unsupported::SecondDocument => (
                "a second YAML document (`---`) in one file is not part of the format",
                "keep one document per file: remove the `---` line, or move what follows it into a file of its own",
            ),
        };
        let loc = Loc {
            file: rel_path.to_owned(),
            line,
            col,
            path: String::new(),
        };
        diags.error_hint(&loc, message, hint);
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            let message = e.to_string();
            // serde_yaml appends " at line X column Y"; the location is printed separately.
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            diags.error_hint(
                &Loc {
                    file: rel_path.to_owned(),
                    line,
                    col,
                    path: String::new(),
                },
                format!("invalid YAML: {message}"),
                "fix the YAML syntax here or just above (indentation, quoting, `key: value` pairs, an unclosed `{` or `[`)",
            );
            return None;
        }
    };
    let root = to_node(value, rel_path, String::new(), &scan.positions, diags);
    Some(SpecFile {
        rel_path: rel_path.to_owned(),
        root,
    })
}

fn to_node(
    value: serde_yaml::Value,
    file: &str,
    path: String,
    positions: &Positions,
    diags: &mut Diagnostics,
) -> Node {
    use serde_yaml::Value;
    let (line, col) = positions.get(&path).copied().unwrap_or((0, 0));
    let loc = Loc {
        file: file.to_owned(),
        line,
        col,
        path,
    };
    let kind = match value {
        Value::Null => NodeKind::Null,
        Value::Bool(b) => NodeKind::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => NodeKind::Int(i),
            None => NodeKind::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => NodeKind::Str(s),
        Value::Sequence(items) => NodeKind::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_node(v, file, item_path(&loc.path, i), positions, diags))
                .collect(),
        ),
        Value::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    other => {
                        let found = match other {
                            Value::Sequence(_) => "a list",
                            Value::Mapping(_) => "a mapping",
                            Value::Tagged(_) => "a tagged value",
                            _ => "nothing",
                        };
                        diags.error_hint(
                            &loc,
                            format!("a mapping key must be a plain string, found {found}"),
                            "write the key as a plain word",
                        );
                        continue;
                    }
                };
                let child = to_node(v, file, child_path(&loc.path, &key), positions, diags);
                entries.push((key, child));
            }
            NodeKind::Map(entries)
        }
        Value::Tagged(t) => {
            diags.error_hint(
                &loc,
                format!("YAML tags such as `{}` are not part of the format", t.tag),
                "remove the tag",
            );
            // Read on as if the tag were not there, so the value is still checked.
            return to_node(t.value, file, loc.path, positions, diags);
        }
    };
    Node { kind, loc }
}
