//! Generation: the whole `xtask codegen` process, each pipeline stage in process, and
//! the size of the generated code.
//!
//! Stage timings come from a release-built xtask running itself with
//! `bench --internal-stages N`, which prints machine-readable lines:
//! `STAGE <name> <median µs> <min µs> <max µs>`, `SIZE <lines> <doc lines> <files>
//! <operations>`, `SERVICE <name> <feature> <lines> <operations>`, `OTHER <first path
//! component> <lines>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use super::report::{Findings, Met, Row};
use super::stats::{num, Summary};
use super::Suite;

const WHOLE_TARGET_MS: f64 = 200.0;
const LINES_PER_OP_TARGET: f64 = 150.0;

/// What `--internal-stages` reports, parsed by the parent.
#[derive(Debug, Default)]
pub struct Stages {
    pub stages: Vec<(String, Summary)>,
    pub lines: usize,
    pub doc_lines: usize,
    pub files: usize,
    pub ops: usize,
    /// Service name to (cargo feature, lines, operations).
    pub services: BTreeMap<String, (String, usize, usize)>,
    /// Lines outside the service modules, by first path component.
    pub other: BTreeMap<String, usize>,
}

impl Stages {
    /// Operations per cargo feature.
    pub fn ops_by_feature(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (feature, _, ops) in self.services.values() {
            *out.entry(feature.clone()).or_default() += ops;
        }
        out
    }
}

/// The generator's output files, planned as `cargo xtask codegen` plans them, under
/// `gen_dir` (and `endpoints` for ENDPOINTS.md).
fn plan(
    generated: &codegen::Generated,
    gen_dir: &Path,
    endpoints: &Path,
) -> Vec<codegen::output::Planned> {
    let mut planned: Vec<codegen::output::Planned> = generated
        .files
        .iter()
        .map(|f| codegen::output::Planned {
            path: gen_dir.join(&f.path),
            contents: f.contents.clone(),
        })
        .collect();
    planned.push(codegen::output::Planned {
        path: endpoints.to_path_buf(),
        contents: codegen::endpoints::markdown(&generated.api, "Endpoints"),
    });
    planned
}

/// The child side: runs the pipeline `runs` times (after two warm-up runs) in this
/// process and prints per-stage timings and the size of the output.
///
/// `write` is `codegen::output::write` into a scratch copy under `target/` that is
/// already up to date (what a regeneration with nothing changed does: read and
/// compare every file); `write (every file changed)` writes all files into an empty
/// scratch directory (each file is fsynced). The real `generated-client/` is never
/// touched.
pub fn internal_stages(root: &Path, runs: usize) -> ExitCode {
    let spec = root.join("api-spec");
    let mut samples: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut order: Vec<&'static str> = Vec::new();
    let mut record = |name: &'static str, d: Duration| {
        if !order.contains(&name) {
            order.push(name);
        }
        samples.entry(name).or_default().push(d);
    };
    // The pipeline runs back to back, as in one `codegen` process...
    let mut last = None;
    for run in 0..runs + 2 {
        let started = Instant::now();
        let generated = match codegen::generate(&spec) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
        if run >= 2 {
            for (name, d) in &generated.timings {
                record(name, *d);
            }
            record("load to format (in process)", started.elapsed());
        }
        last = Some(generated);
    }
    let Some(generated) = last else {
        return ExitCode::from(2);
    };
    // ...then writing, into a scratch directory so the real tree is never touched.
    let scratch = root.join("target/bench-scratch/codegen");
    let gen_dir = scratch.join("generated");
    let planned = plan(&generated, &gen_dir, &scratch.join("ENDPOINTS.md"));
    let owned = [gen_dir.as_path()];
    for run in 0..runs + 2 {
        let _ = std::fs::remove_dir_all(&scratch);
        let started = Instant::now();
        let cold = codegen::output::write(&planned, &owned);
        let write_cold = started.elapsed();
        let started = Instant::now();
        let warm = codegen::output::write(&planned, &owned);
        let write_unchanged = started.elapsed();
        match cold.and(warm) {
            Ok(report) if report.is_clean() => {}
            Ok(report) => {
                eprintln!("error: a second write still found changes:\n{report}");
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("error: cannot write to {}: {e}", scratch.display());
                return ExitCode::from(2);
            }
        }
        if run >= 2 {
            record("write", write_unchanged);
            record("write (every file changed)", write_cold);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    for name in order {
        let us: Vec<f64> = samples[name]
            .iter()
            .map(|d| d.as_secs_f64() * 1e6)
            .collect();
        let s = Summary::of(&us);
        println!("STAGE {name}\t{}\t{}\t{}", s.median, s.min, s.max);
    }
    print_size(&generated);
    ExitCode::SUCCESS
}

fn print_size(generated: &codegen::Generated) {
    let count = |text: &str| {
        let lines = text.lines().count();
        let docs = text
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("///") || t.starts_with("//!") || t.starts_with("#[doc")
            })
            .count();
        (lines, docs)
    };
    let (mut lines, mut docs) = (0, 0);
    for f in &generated.files {
        let (l, d) = count(&f.contents);
        lines += l;
        docs += d;
    }
    let endpoints = codegen::endpoints::endpoints(&generated.api);
    println!(
        "SIZE\t{lines}\t{docs}\t{}\t{}",
        generated.files.len(),
        endpoints.len()
    );
    // Lines outside the service modules (shared files, other generated modules), by
    // first path component.
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &generated.files {
        let head = f.path.split('/').next().unwrap_or(&f.path);
        let is_service =
            f.path.contains('/') && generated.api.services.iter().any(|s| s.module == head);
        if !is_service {
            *other.entry(head).or_default() += f.contents.lines().count();
        }
    }
    for (head, lines) in other {
        println!("OTHER\t{head}\t{lines}");
    }
    for service in &generated.api.services {
        let prefix = format!("{}/", service.module);
        let service_lines: usize = generated
            .files
            .iter()
            .filter(|f| f.path.starts_with(&prefix))
            .map(|f| f.contents.lines().count())
            .sum();
        let ops = endpoints
            .iter()
            .filter(|e| e.service == service.name)
            .count();
        let feature = service.feature.as_deref().unwrap_or("-");
        println!(
            "SERVICE\t{}\t{feature}\t{service_lines}\t{ops}",
            service.name
        );
    }
}

fn parse_stages(text: &str) -> Result<Stages, String> {
    let mut out = Stages::default();
    let number = |s: Option<&str>| -> Result<f64, String> {
        s.and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("unexpected line in the stage timings: {text}"))
    };
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.first().copied() {
            Some(head) if head.starts_with("STAGE ") => {
                let name = head.trim_start_matches("STAGE ").to_owned();
                let us = [fields.get(1), fields.get(2), fields.get(3)]
                    .map(|f| number(f.copied()).map(|v| v / 1e3));
                let [median, min, max] = us;
                let s = Summary {
                    median: median?,
                    min: min?,
                    max: max?,
                    n: 0,
                };
                out.stages.push((name, s));
            }
            Some("SIZE") => {
                out.lines = number(fields.get(1).copied())? as usize;
                out.doc_lines = number(fields.get(2).copied())? as usize;
                out.files = number(fields.get(3).copied())? as usize;
                out.ops = number(fields.get(4).copied())? as usize;
            }
            Some("OTHER") => {
                let name = fields.get(1).copied().unwrap_or("?").to_owned();
                out.other
                    .insert(name, number(fields.get(2).copied())? as usize);
            }
            Some("SERVICE") => {
                let name = fields.get(1).copied().unwrap_or("?").to_owned();
                let feature = fields.get(2).copied().unwrap_or("-").to_owned();
                let lines = number(fields.get(3).copied())? as usize;
                let ops = number(fields.get(4).copied())? as usize;
                out.services.insert(name, (feature, lines, ops));
            }
            _ => {}
        }
    }
    if out.ops == 0 {
        return Err(format!("no size line in the stage timings: {text}"));
    }
    Ok(out)
}

/// Times `bin codegen --check --no-cache` (every stage, the no-op shortcut off) as a whole process, `runs` times after two warm-ups.
/// Returns the wall times and whether the generated code was up to date.
fn whole_process(root: &Path, bin: &Path, runs: usize) -> Result<(Vec<Duration>, bool), String> {
    let mut times = Vec::with_capacity(runs);
    let mut fresh = true;
    for run in 0..runs + 2 {
        let started = Instant::now();
        let out = Command::new(bin)
            .args(["codegen", "--check", "--no-cache"])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let took = started.elapsed();
        match out.status.code() {
            Some(0) => {}
            // Stale output still ran every stage; say so in the notes.
            Some(1) if String::from_utf8_lossy(&out.stderr).contains("out of date") => {
                fresh = false
            }
            _ => {
                return Err(format!(
                    "`{} codegen --check` failed: {}",
                    bin.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ))
            }
        }
        if run >= 2 {
            times.push(took);
        }
    }
    Ok((times, fresh))
}

/// Builds the release xtask binary and the one `cargo xtask` runs (profile `xtask`) and
/// returns their paths.
pub(super) fn build_xtask(suite: &Suite) -> Result<(PathBuf, PathBuf), String> {
    suite.progress("building xtask (release and the `xtask` profile)");
    suite.cargo(&["build", "--release", "-p", "xtask"], &[])?;
    suite.cargo(&["build", "--profile", "xtask", "-p", "xtask"], &[])?;
    let exe = |profile: &str| {
        suite
            .target_dir
            .join(profile)
            .join(format!("xtask{}", std::env::consts::EXE_SUFFIX))
    };
    Ok((exe("release"), exe("xtask")))
}

/// The generation and size sections; returns the stage data (for the compile
/// section's per-operation figures) when it could be gathered.
pub fn run(suite: &Suite, generation: bool, size: bool, findings: &mut Findings) -> Option<Stages> {
    let (release, tool) = match build_xtask(suite) {
        Ok(paths) => paths,
        Err(e) => {
            findings.rows.push(Row::failed("generation", &e));
            return None;
        }
    };
    if generation {
        let runs = suite.runs(5, 15);
        for (profile, bin, note) in [
            ("release", &release, ""),
            ("xtask", &tool, " (the binary `cargo xtask codegen` runs)"),
        ] {
            suite.progress(&format!("timing `xtask codegen --check` ({profile})"));
            match whole_process(&suite.root, bin, runs) {
                Ok((times, fresh)) => {
                    let s = Summary::of_ms(&times);
                    findings.rows.push(Row::new(
                        format!("generation, whole process, {profile} build"),
                        format!(
                            "`target/{profile}/xtask codegen --check --no-cache` run directly{note}; does all of `codegen`'s work when nothing is stale, never writes; 2 warm-up runs"
                        ),
                        s.show("ms"),
                        "< 200 ms",
                        Met::from(s.median < WHOLE_TARGET_MS),
                    ));
                    if !fresh {
                        findings.notes.push(format!(
                            "`xtask codegen --check` ({profile}) reported stale generated files: someone's spec edits are not regenerated yet; the timing still covers every stage."
                        ));
                    }
                }
                Err(e) => findings
                    .rows
                    .push(Row::failed(&format!("generation ({profile})"), &e)),
            }
        }
    }
    suite.progress("timing each generation stage in process (release)");
    let runs = suite.runs(5, 20);
    let out = Command::new(&release)
        .args(["bench", "--internal-stages", &runs.to_string()])
        .current_dir(&suite.root)
        .stderr(Stdio::inherit())
        .output();
    let stages = match out {
        Ok(out) if out.status.success() => parse_stages(&String::from_utf8_lossy(&out.stdout)),
        Ok(out) => Err(format!("stage timings failed ({})", out.status)),
        Err(e) => Err(format!("cannot run {}: {e}", release.display())),
    };
    let stages = match stages {
        Ok(s) => s,
        Err(e) => {
            findings.rows.push(Row::failed("generation stages", &e));
            return None;
        }
    };
    if generation {
        for (name, s) in &stages.stages {
            let s = Summary { n: runs, ..*s };
            let how = match name.as_str() {
                "write" => "in process (release): `codegen::output::write` of every file into an up-to-date scratch copy under target/ (reads and compares each file, writes none), as `codegen` does when nothing changed",
                "write (every file changed)" => "in process (release): `codegen::output::write` into an empty scratch directory under target/ (stages, fsyncs and renames every file)",
                "load to format (in process)" => "in process (release): `codegen::generate` from call to return, back-to-back runs after 2 warm-ups",
                "lower (once, shared by the workers)" => "in process (release): inside lower+emit+format, lowering the spec to the IR, once, before the workers start; they all read that one IR",
                n if n.contains("summed over workers") => "in process (release): inside lower+emit+format, every worker emits a file's tokens then formats them, file after file; this is one of the two steps' time added up over the workers (so it can exceed the stage's wall time)",
                _ => "in process (release): the stage's time in `Generated::timings`, back-to-back runs after 2 warm-ups",
            };
            findings.rows.push(Row::new(
                format!("generation stage: {name}"),
                how,
                s.show("ms"),
                "report",
                Met::Info,
            ));
        }
    }
    if size {
        size_rows(&stages, findings);
    }
    Some(stages)
}

fn size_rows(stages: &Stages, findings: &mut Findings) {
    let per_op = stages.lines as f64 / stages.ops as f64;
    let breakdown: Vec<String> = stages
        .services
        .iter()
        .map(|(name, (_, lines, ops))| {
            format!(
                "{name} {} ({lines}/{ops})",
                num(*lines as f64 / (*ops).max(1) as f64)
            )
        })
        .collect();
    let docs = 100.0 * stages.doc_lines as f64 / stages.lines.max(1) as f64;
    let other: Vec<String> = stages
        .other
        .iter()
        .map(|(name, lines)| format!("{name} {lines}"))
        .collect();
    findings.rows.push(Row::new(
        "generated size",
        "lines of generated Rust (all files under generated-client/src/generated/, as the generator emits them) / operations",
        format!(
            "{} lines/op ({} lines in {} files, {} operations; {}% doc comments); per service (lines/op, lines/ops): {}; lines outside service modules: {}",
            num(per_op),
            stages.lines,
            stages.files,
            stages.ops,
            num(docs),
            breakdown.join(", "),
            other.join(", ")
        ),
        "≤ 150 lines/op",
        Met::from(per_op <= LINES_PER_OP_TARGET),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_childs_lines() {
        let text = "STAGE load\t1500\t1000\t2000\nSTAGE write (every file changed)\t3000\t2000\t4000\nSIZE\t1000\t300\t10\t8\nSERVICE\tchat\tchat\t800\t6\nSERVICE\torganization\tchat\t100\t1\nSERVICE\tdesk\tdesk\t100\t1\nOTHER\tmod.rs\t57\n";
        let s = parse_stages(text).unwrap();
        assert_eq!(s.stages.len(), 2);
        assert_eq!(s.stages[1].0, "write (every file changed)");
        assert_eq!((s.stages[0].1.median, s.stages[0].1.min), (1.5, 1.0));
        assert_eq!((s.lines, s.doc_lines, s.files, s.ops), (1000, 300, 10, 8));
        let by_feature = s.ops_by_feature();
        assert_eq!(by_feature["chat"], 7);
        assert_eq!(by_feature["desk"], 1);
        assert_eq!(s.other["mod.rs"], 57);
        assert!(parse_stages("nothing").is_err());
    }
}
