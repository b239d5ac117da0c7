//! Generation CPU per operation, ours beside progenitor's.
//!
//! Ours: `xtask codegen --check --no-cache` as a whole process (the release binary,
//! and the `xtask`-profile one `cargo xtask codegen` runs), over the whole spec; the
//! release binary again pinned to one core (single-threaded, as progenitor runs); every
//! stage but formatting (`xtask bench --internal-unformatted`, which shows what the
//! pipeline costs before syn and prettyplease); and the no-op run (`--check` with the
//! snapshot of the last clean run in place).
//!
//! Progenitor's: `cargo-progenitor` (found through `$PROGENITOR` or on `PATH`; not
//! a dependency of this workspace) on Sendbird's 2024-09 Chat OpenAPI file
//! (`$SENDBIRD_OPENAPI`, default `/work/shared/reference/inventory/...`), repaired
//! first (see [`repair`]), writing its crate into a scratch directory.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use serde_yaml::Value;

use super::cpu;
use super::report::{Findings, Met, Row};
use super::stats::{num, Summary};
use super::Suite;

const DEFAULT_OPENAPI: &str = "/work/shared/reference/inventory/sendbird-chat-openapi-2024-09.yaml";

/// What [`repair`] changed, counted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repairs {
    /// `type: long`, `int` or `float` (not OpenAPI types) made `integer` (`int64`,
    /// `int32`) or `number` (`float`).
    pub long_types: usize,
    /// Path parameters whose name is not in their path, dropped.
    pub stray_path_params: usize,
    /// Path parameters marked optional made required (OpenAPI requires it).
    pub optional_path_params: usize,
    /// Operations without an `operationId` given one from the method and path.
    pub missing_operation_ids: usize,
    /// Operations.
    pub operations: usize,
}

impl Repairs {
    fn describe(&self) -> String {
        format!(
            "{} `type: long`/`int`/`float` made `integer`/`number`, {} optional path parameters made required, {} path parameters not in their path dropped, {} operations given an operationId from method and path",
            self.long_types, self.optional_path_params, self.stray_path_params, self.missing_operation_ids
        )
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Makes Sendbird's published file valid OpenAPI 3.0 for a generator that checks:
/// see [`Repairs`].
pub fn repair(doc: &mut Value) -> Repairs {
    let mut repairs = Repairs::default();
    fix_long(doc, &mut repairs);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return repairs;
    };
    for (path, item) in paths.iter_mut() {
        let path = path.as_str().unwrap_or_default().to_owned();
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        if let Some(params) = item.get_mut("parameters") {
            fix_path_params(params, &path, &mut repairs);
        }
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_mapping_mut) else {
                continue;
            };
            repairs.operations += 1;
            if let Some(params) = op.get_mut("parameters") {
                fix_path_params(params, &path, &mut repairs);
            }
            if op.get("operationId").is_none() {
                repairs.missing_operation_ids += 1;
                op.insert("operationId".into(), operation_id(method, &path).into());
            }
        }
    }
    repairs
}

fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    id
}

fn fix_long(value: &mut Value, repairs: &mut Repairs) {
    match value {
        Value::Mapping(map) => {
            let fixed = match map.get("type").and_then(Value::as_str) {
                Some("long") => Some(("integer", "int64")),
                Some("int") => Some(("integer", "int32")),
                Some("float") => Some(("number", "float")),
                _ => None,
            };
            if let Some((ty, format)) = fixed {
                map.insert("type".into(), ty.into());
                map.insert("format".into(), format.into());
                repairs.long_types += 1;
            }
            for (_, v) in map.iter_mut() {
                fix_long(v, repairs);
            }
        }
        Value::Sequence(items) => {
            for v in items {
                fix_long(v, repairs);
            }
        }
        _ => {}
    }
}

fn fix_path_params(params: &mut Value, path: &str, repairs: &mut Repairs) {
    let Some(params) = params.as_sequence_mut() else {
        return;
    };
    let before = params.len();
    params.retain(|p| {
        let in_path = p.get("in").and_then(Value::as_str) == Some("path");
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        !in_path || path.contains(&format!("{{{name}}}"))
    });
    repairs.stray_path_params += before - params.len();
    for p in params.iter_mut().filter_map(Value::as_mapping_mut) {
        let in_path = p.get("in").and_then(Value::as_str) == Some("path");
        if in_path && p.get("required").and_then(Value::as_bool) != Some(true) {
            p.insert("required".into(), true.into());
            repairs.optional_path_params += 1;
        }
    }
}

fn progenitor_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROGENITOR") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("cargo-progenitor"))
        .find(|p| p.is_file())
}

/// CPU time of `runs` runs of `make()` after one warm-up, in ms.
fn cpu_of(
    runs: usize,
    mut make: impl FnMut() -> Command,
    ok: impl Fn(&std::process::Output) -> bool,
) -> Result<Summary, String> {
    let mut samples = Vec::new();
    for run in 0..runs + 1 {
        let (out, cpu) = cpu::run(&mut make()).map_err(|e| format!("cannot run: {e}"))?;
        if !ok(&out) {
            return Err(format!(
                "failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let cpu = cpu.ok_or("CPU time is read from /proc/self/stat (Linux only)")?;
        if run > 0 {
            samples.push(cpu.as_secs_f64() * 1e3);
        }
    }
    Ok(Summary::of(&samples))
}

fn per_op(s: &Summary, ops: usize) -> String {
    format!(
        "{} ms CPU per operation ({} ms for {ops} operations; {}–{}, n={})",
        num(s.median / ops as f64),
        num(s.median),
        num(s.min),
        num(s.max),
        s.n
    )
}

/// The generation CPU rows: ours (release, `xtask` profile, no-op) and progenitor's.
pub fn run(suite: &Suite, release: &Path, tool: &Path, ops: usize, findings: &mut Findings) {
    let runs = suite.runs(3, 10);
    // `bin args...` in the workspace root, output discarded; with `pin`, under
    // `taskset -c 0` (one core).
    let xtask = |bin: &Path, pin: bool, args: &'static [&'static str]| {
        let bin = bin.to_path_buf();
        let root = suite.root.clone();
        move || {
            let mut c = if pin {
                let mut c = Command::new("taskset");
                c.args(["-c", "0"]).arg(&bin);
                c
            } else {
                Command::new(&bin)
            };
            c.args(args)
                .current_dir(&root)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            c
        }
    };
    const FULL: &[&str] = &["codegen", "--check", "--no-cache"];
    let fresh = |o: &std::process::Output| o.status.success();
    let mut ours = None;
    for (label, bin) in [("release", release), ("xtask", tool)] {
        suite.progress(&format!(
            "generation CPU: `xtask codegen --check --no-cache` ({label})"
        ));
        match cpu_of(runs, xtask(bin, false, FULL), fresh) {
            Ok(s) => {
                if label == "release" {
                    ours = Some(s);
                }
                findings.rows.push(Row::new(
                    format!("generation CPU, whole spec, {label} build"),
                    format!("`target/{label}/xtask codegen --check --no-cache`: every stage, whole process; user + system CPU; 1 warm-up"),
                    per_op(&s, ops),
                    "≤ progenitor's / 10",
                    Met::Info,
                ));
            }
            Err(e) => findings
                .rows
                .push(Row::failed(&format!("generation CPU ({label})"), &e)),
        }
    }
    // Progenitor runs on one thread, ours on every core; work spread over threads can
    // cost more CPU time than the same work on one (shared caches and cores), so ours
    // is also measured pinned to one core (`taskset`), single-threaded like progenitor.
    suite.progress("generation CPU: `xtask codegen --check --no-cache` (release, one core)");
    let one_core = match cpu_of(runs, xtask(release, true, FULL), fresh) {
        Ok(s) => {
            findings.rows.push(Row::new(
                "generation CPU, whole spec, release build, one core",
                "`taskset -c 0 target/release/xtask codegen --check --no-cache`: as above, pinned to one core, so the generator runs on one thread as progenitor does; user + system CPU; 1 warm-up",
                per_op(&s, ops),
                "report",
                Met::Info,
            ));
            Some(s)
        }
        Err(e) => {
            findings.notes.push(format!(
                "generation CPU on one core: not measured (`taskset` from util-linux is needed): {e}"
            ));
            None
        }
    };
    suite.progress("generation CPU: every stage but formatting (release)");
    let pin = one_core.is_some();
    let unformatted = xtask(release, pin, &["bench", "--internal-unformatted"]);
    let floor = match cpu_of(runs, unformatted, fresh) {
        Ok(s) => {
            findings.rows.push(Row::new(
                "generation CPU, whole spec, without formatting",
                format!("`target/release/xtask bench --internal-unformatted`{}: load, validate, lower and emit every file's tokens as `codegen` does, then drop them instead of re-parsing them with syn and printing them with prettyplease; whole process; user + system CPU; 1 warm-up", if pin { ", pinned to one core like the row above" } else { "" }),
                per_op(&s, ops),
                "report",
                Met::Info,
            ));
            Some(s)
        }
        Err(e) => {
            findings
                .rows
                .push(Row::failed("generation CPU without formatting", &e));
            None
        }
    };
    suite.progress("generation CPU: no-op `xtask codegen --check` (xtask profile)");
    match cpu_of(runs, xtask(tool, false, &["codegen", "--check"]), fresh) {
        Ok(s) => findings.rows.push(Row::new(
            "generation CPU, no-op check",
            "`target/xtask/xtask codegen --check` with nothing changed since the last clean run: compares the generator, api-spec/ and every output with its snapshot byte for byte and skips generating",
            per_op(&s, ops),
            "report",
            Met::Info,
        )),
        Err(e) => findings.rows.push(Row::failed("generation CPU, no-op", &e)),
    }

    let Some(progenitor) = progenitor_binary() else {
        findings.notes.push("progenitor: `cargo-progenitor` not found (set PROGENITOR or put it on PATH: `cargo install cargo-progenitor`); its row is left out.".into());
        return;
    };
    let source = std::env::var_os("SENDBIRD_OPENAPI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OPENAPI));
    let scratch = suite.root.join("target/bench-scratch/progenitor");
    let prepared = (|| -> Result<(PathBuf, Repairs), String> {
        let text = std::fs::read_to_string(&source)
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        let mut doc: Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", source.display()))?;
        let repairs = repair(&mut doc);
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
        let input = scratch.join("openapi.json");
        std::fs::write(&input, json).map_err(|e| e.to_string())?;
        Ok((input, repairs))
    })();
    let (input, repairs) = match prepared {
        Ok(p) => p,
        Err(e) => {
            findings.rows.push(Row::failed("progenitor", &e));
            return;
        }
    };
    suite.progress("generation CPU: cargo-progenitor on Sendbird's 2024-09 Chat OpenAPI file");
    let out_dir = scratch.join("crate");
    let make = || {
        let _ = std::fs::remove_dir_all(&out_dir);
        let mut c = Command::new(&progenitor);
        c.args(["progenitor", "-i"])
            .arg(&input)
            .arg("-o")
            .arg(&out_dir)
            .args(["-n", "sendbird-progenitor", "-v", "0.1.0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };
    match cpu_of(runs, make, |o| o.status.success()) {
        Ok(s) => {
            let theirs = s.median / repairs.operations as f64;
            findings.rows.push(Row::new(
                "generation CPU, progenitor",
                format!(
                    "`cargo-progenitor progenitor` ({}) on {} (repaired: {}), writing its crate; user + system CPU; 1 warm-up",
                    progenitor.display(),
                    source.display(),
                    repairs.describe()
                ),
                per_op(&s, repairs.operations),
                "baseline",
                Met::Info,
            ));
            let ratios = [
                (
                    ours,
                    "generation CPU per operation, ours / progenitor's",
                    "the release rows above, per operation",
                    true,
                ),
                (
                    one_core,
                    "generation CPU per operation on one core, ours / progenitor's",
                    "the one-core row above, per operation: both generators single-threaded",
                    true,
                ),
                (
                    floor,
                    "generation CPU per operation without formatting, ours / progenitor's",
                    "the row without formatting above, per operation, against progenitor's whole run: what is left to us if syn + prettyplease cost nothing",
                    false,
                ),
            ];
            for (ours, what, how, targeted) in ratios {
                let Some(ours) = ours else { continue };
                let mine = ours.median / ops as f64;
                let (target, met) = if targeted {
                    ("≤ 0.1", Met::from(mine <= theirs / 10.0))
                } else {
                    ("report", Met::Info)
                };
                findings.rows.push(Row::new(
                    what,
                    how,
                    format!(
                        "{} (ours {} ms, progenitor {} ms per operation)",
                        num(mine / theirs),
                        num(mine),
                        num(theirs)
                    ),
                    target,
                    met,
                ));
            }
        }
        Err(e) => findings.rows.push(Row::failed("progenitor", &e)),
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `xtask bench --internal-unformatted`: the generator's every stage but formatting,
/// on `api-spec/`, once (the parent times the process).
pub fn internal_unformatted(root: &Path) -> ExitCode {
    match codegen::emit_without_formatting(&root.join("api-spec")) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_long_types_optional_path_params_and_missing_ids() {
        let mut doc: Value = serde_yaml::from_str(
            r#"
paths:
  /polls/{poll_id}:
    parameters:
      - {name: poll_id, in: path, required: false, schema: {type: long}}
      - {name: channel_url, in: path, required: true, schema: {type: string}}
    get:
      operationId: viewPoll
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
    delete:
      responses: {}
components:
  schemas:
    Poll:
      properties:
        id: {type: long}
"#,
        )
        .unwrap();
        let repairs = repair(&mut doc);
        assert_eq!(
            repairs,
            Repairs {
                long_types: 2,
                stray_path_params: 1,
                optional_path_params: 1,
                missing_operation_ids: 1,
                operations: 2,
            }
        );
        let item = &doc["paths"]["/polls/{poll_id}"];
        assert_eq!(item["parameters"].as_sequence().unwrap().len(), 1);
        assert_eq!(item["parameters"][0]["required"], Value::Bool(true));
        assert_eq!(
            item["parameters"][0]["schema"]["type"],
            Value::from("integer")
        );
        assert_eq!(
            item["parameters"][0]["schema"]["format"],
            Value::from("int64")
        );
        assert_eq!(item["get"]["operationId"], Value::from("viewPoll"));
        assert_eq!(
            item["delete"]["operationId"],
            Value::from("delete_polls__poll_id_")
        );
        // A query parameter is left alone.
        assert!(item["get"]["parameters"][0].get("required").is_none());
    }
}
