//! `cargo xtask bench`: the performance suite of the issue "a benchmark suite for
//! generation, compile time and the client".
//!
//! Sections, in the order they run:
//!
//! - `generation`: `xtask codegen --check` as a whole process (release and debug
//!   binaries, run directly), and each pipeline stage in process (release);
//! - `size`: lines of generated Rust per operation;
//! - `decode`, `overhead`, `pagination`: the release benchmarks in
//!   `generated-client/benches/`; `instructions`: callgrind instruction counts of
//!   the overhead and decode benchmarks, which machine load hardly moves;
//! - `compile`: crate-only debug rebuilds of `generated-client` in
//!   `target/bench-compile`;
//! - `cold`: what a downstream crate pays: the library built without incremental
//!   compilation (debug all features, debug `chat` alone, release), as CPU time;
//! - `gencpu`: generation CPU per operation (`codegen --check --no-cache` on every
//!   core and pinned to one, every stage but formatting, and the no-op run), beside
//!   progenitor's on Sendbird's 2024-09 Chat OpenAPI file when `cargo-progenitor` is
//!   installed.
//!
//! It prints one Markdown table (what, how, result, target, met) with the date,
//! machine and commit, and writes the same text to `target/bench-report.md`.

mod client;
mod cold;
mod compile;
mod cpu;
mod generation;
mod progenitor;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use report::{Context, Findings};

const SECTIONS: [&str; 9] = [
    "generation",
    "size",
    "decode",
    "overhead",
    "instructions",
    "pagination",
    "compile",
    "cold",
    "gencpu",
];

const USAGE: &str =
    "usage: cargo xtask bench [--quick] [--only SECTION,...] [--runs N] [--baseline DIR]

Runs the benchmark suite and prints one Markdown table, also written to
target/bench-report.md. Sections (all by default): generation, size, decode,
overhead, instructions (callgrind counts per call and per decoded page; needs
valgrind), pagination, compile, cold (non-incremental library builds as CPU
time: debug and release, all features and chat alone), gencpu (generation CPU
per operation, beside progenitor's when cargo-progenitor is on PATH or named by
$PROGENITOR).

  --quick      fewer runs and calls (a smoke test; numbers are rough)
  --only LIST  run only these sections, comma-separated
  --runs N     whole-process runs per generation and compile measurement
  --baseline DIR  cold: also build the checkout in DIR (an earlier commit, from
               `git worktree add DIR COMMIT`) in every run, and show before/after";

/// Settings and helpers shared by the sections.
pub struct Suite {
    root: PathBuf,
    target_dir: PathBuf,
    quick: bool,
    runs: Option<usize>,
}

impl Suite {
    /// Runs per whole-process measurement: `quick` or `full` unless `--runs` says.
    fn runs(&self, quick: usize, full: usize) -> usize {
        self.runs
            .unwrap_or(if self.quick { quick } else { full })
            .max(1)
    }

    fn progress(&self, what: &str) {
        eprintln!("bench: {what}");
    }

    /// Runs cargo in the workspace root with extra environment; returns its stdout,
    /// or its stderr's tail when it fails.
    fn cargo(&self, args: &[&str], env: &[(String, String)]) -> Result<String, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        Err(format!(
            "`cargo {}` failed ({}):\n{tail}",
            args.join(" "),
            out.status
        ))
    }
}

struct Options {
    quick: bool,
    only: Vec<&'static str>,
    runs: Option<usize>,
    baseline: Option<PathBuf>,
    internal_stages: Option<usize>,
    internal_unformatted: bool,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        quick: false,
        only: SECTIONS.to_vec(),
        runs: None,
        baseline: None,
        internal_stages: None,
        internal_unformatted: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .copied()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |text: &str, name: &str| {
            text.parse::<usize>()
                .map_err(|_| format!("{name} expects a number, got {text:?}"))
        };
        match *arg {
            "--quick" => options.quick = true,
            "--only" => {
                let list = value("--only")?;
                let mut only = Vec::new();
                for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let known = SECTIONS.iter().find(|s| **s == name).ok_or_else(|| {
                        format!(
                            "unknown section {name:?}; the sections are {}",
                            SECTIONS.join(", ")
                        )
                    })?;
                    only.push(*known);
                }
                options.only = only;
            }
            "--runs" => options.runs = Some(number(value("--runs")?, "--runs")?),
            "--baseline" => {
                let dir = PathBuf::from(value("--baseline")?);
                if !dir.join("generated-client/src/lib.rs").is_file() {
                    return Err(format!(
                        "--baseline {}: not a checkout of this project (no generated-client/src/lib.rs)",
                        dir.display()
                    ));
                }
                options.baseline = Some(std::fs::canonicalize(&dir).unwrap_or(dir));
            }
            "--internal-stages" => {
                options.internal_stages =
                    Some(number(value("--internal-stages")?, "--internal-stages")?)
            }
            "--internal-unformatted" => options.internal_unformatted = true,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// `cargo xtask bench [options]`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    if matches!(args, ["--help" | "-h" | "help"]) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(runs) = options.internal_stages {
        return generation::internal_stages(root, runs.max(1));
    }
    if options.internal_unformatted {
        return progenitor::internal_unformatted(root);
    }
    let suite = Suite {
        root: root.to_path_buf(),
        target_dir: target_dir(root),
        quick: options.quick,
        runs: options.runs,
    };
    let wants = |section: &str| options.only.contains(&section);
    let context = Context::gather(root);
    let mut findings = Findings::default();
    if suite.quick {
        findings
            .notes
            .push("--quick: fewer runs and calls; numbers are rough.".into());
    }

    let mut stages = None;
    if wants("generation") || wants("size") || wants("compile") || wants("cold") || wants("gencpu")
    {
        stages = generation::run(&suite, wants("generation"), wants("size"), &mut findings);
    }
    if ["decode", "overhead", "instructions", "pagination"]
        .iter()
        .any(|s| wants(s))
    {
        match client::build(&suite) {
            Ok(()) => {
                if wants("decode") {
                    client::decode(&suite, &mut findings);
                }
                if wants("overhead") {
                    client::overhead(&suite, &mut findings);
                }
                if wants("instructions") {
                    client::instruction_counts(&suite, &mut findings);
                }
                if wants("pagination") {
                    client::pagination(&suite, &mut findings);
                }
            }
            Err(e) => findings
                .rows
                .push(report::Row::failed("client benchmarks", &e)),
        }
    }
    if wants("compile") {
        let ops = stages.as_ref().map(generation::Stages::ops_by_feature);
        compile::run(&suite, ops.as_ref(), &mut findings);
    }
    if wants("gencpu") {
        match (generation::build_xtask(&suite), stages.as_ref()) {
            (Ok((release, debug)), Some(stages)) => {
                progenitor::run(&suite, &release, &debug, stages.ops, &mut findings)
            }
            (Err(e), _) => findings
                .rows
                .push(report::Row::failed("generation CPU", &e)),
            (_, None) => findings.rows.push(report::Row::failed(
                "generation CPU",
                "no operation count (the generation stages failed)",
            )),
        }
    }
    if wants("cold") {
        let ops = stages.as_ref().map(generation::Stages::ops_by_feature);
        cold::run(
            &suite,
            options.baseline.as_deref(),
            ops.as_ref(),
            &mut findings,
        );
    }

    let invocation = std::iter::once("cargo xtask bench")
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let text = report::render(&context, &invocation, &findings);
    println!("{text}");
    let path = suite.target_dir.join("bench-report.md");
    if let Err(e) = std::fs::write(&path, &text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(2);
    }
    eprintln!("bench: report written to {}", path.display());
    let failed = findings
        .rows
        .iter()
        .any(|r| r.result.starts_with("failed:"));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        let o = parse(&["--quick", "--only", "decode,size", "--runs", "3"]).unwrap();
        assert!(o.quick);
        assert_eq!(o.only, ["decode", "size"]);
        assert_eq!(o.runs, Some(3));
        assert!(parse(&["--only", "nope"]).is_err());
        assert!(parse(&["--runs"]).is_err());
        // A baseline must be a checkout of the project.
        let err = parse(&["--baseline", "/nonexistent/checkout"])
            .err()
            .unwrap();
        assert!(err.contains("not a checkout"), "{err}");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let o = parse(&["--baseline", root.to_str().unwrap()]).unwrap();
        assert!(o.baseline.unwrap().join("generated-client").is_dir());
        assert!(parse(&["--frobnicate"]).is_err());
        assert_eq!(parse(&[]).unwrap().only, SECTIONS);
    }
}
