//! What a downstream crate pays to compile the client: `sendbird-platform`'s library
//! built from scratch without incremental compilation (as cargo always builds
//! dependencies), debug with all features, debug with `chat` alone, and release with
//! all features. Measured as CPU time (user + system of the whole cargo process
//! tree), which other builds on a shared machine hardly move; wall time is shown
//! beside it.
//!
//! Builds go to `target/bench-cold`; dependencies are built once, untimed; each timed
//! run touches `generated-client/src/lib.rs`, so only the library is rebuilt.
//!
//! With `--baseline DIR` (a checkout of an earlier commit, e.g. from `git worktree
//! add`), every run builds the baseline's library then this one's, config by config,
//! into the same target directory (their workspaces differ, so their artifacts don't
//! collide), and each row shows before, after and the change: side by side in the same
//! period, so the machine's load weighs on both alike.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use super::cpu;
use super::report::{Findings, Met, Row};
use super::stats::{num, Summary};
use super::Suite;

struct Config {
    name: &'static str,
    args: &'static [&'static str],
    /// The cargo feature whose operations the build holds (`None`: all).
    product: Option<&'static str>,
}

const CONFIGS: &[Config] = &[
    Config {
        name: "debug, all features",
        args: &["--all-features"],
        product: None,
    },
    Config {
        name: "debug, chat alone",
        args: &["--no-default-features", "--features", "chat"],
        product: Some("chat"),
    },
    Config {
        name: "release, all features",
        args: &["--release", "--all-features"],
        product: None,
    },
    Config {
        name: "release, chat alone",
        args: &["--release", "--no-default-features", "--features", "chat"],
        product: Some("chat"),
    },
];

fn command(suite: &Suite, tree: &Path, config: &Config, offline: bool) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut c = Command::new(cargo);
    c.args(["build", "-p", "sendbird-platform", "--lib", "--quiet"])
        .args(config.args)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", suite.root.join("target/bench-cold"))
        .current_dir(tree)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if offline {
        c.arg("--offline");
    }
    c
}

fn touch(path: &Path) -> std::io::Result<()> {
    File::options()
        .append(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

pub fn run(
    suite: &Suite,
    baseline: Option<&Path>,
    ops_by_feature: Option<&BTreeMap<String, usize>>,
    findings: &mut Findings,
) {
    // The trees built in each run: the baseline first, then this checkout.
    let mut trees: Vec<PathBuf> = baseline.map(Path::to_path_buf).into_iter().collect();
    trees.push(suite.root.clone());
    suite.progress("cold: building dependencies into target/bench-cold (untimed)");
    for tree in &trees {
        for config in CONFIGS {
            match command(suite, tree, config, false).output() {
                Ok(out) if out.status.success() => {}
                Ok(out) => {
                    let err = String::from_utf8_lossy(&out.stderr);
                    findings.rows.push(Row::failed("cold build", err.trim()));
                    return;
                }
                Err(e) => {
                    findings
                        .rows
                        .push(Row::failed("cold build", &format!("cannot run cargo: {e}")));
                    return;
                }
            }
        }
    }
    let runs = suite.runs(1, 3);
    // cpu_s[tree][config], likewise wall_s.
    let mut cpu_s: Vec<Vec<Vec<f64>>> = trees
        .iter()
        .map(|_| CONFIGS.iter().map(|_| Vec::new()).collect())
        .collect();
    let mut wall_s = cpu_s.clone();
    let mut loads = Vec::new();
    for run in 0..runs {
        for (i, config) in CONFIGS.iter().enumerate() {
            for (t, tree) in trees.iter().enumerate() {
                let which = if t + 1 < trees.len() {
                    "baseline"
                } else {
                    "this checkout"
                };
                suite.progress(&format!(
                    "cold: run {}/{runs}: {} ({which})",
                    run + 1,
                    config.name
                ));
                let lib = tree.join("generated-client/src/lib.rs");
                if let Err(e) = touch(&lib) {
                    findings.rows.push(Row::failed(
                        "cold build",
                        &format!("cannot touch {}: {e}", lib.display()),
                    ));
                    return;
                }
                loads.push(cpu::load1());
                let started = Instant::now();
                match cpu::run(&mut command(suite, tree, config, true)) {
                    Ok((out, Some(cpu))) if out.status.success() => {
                        wall_s[t][i].push(started.elapsed().as_secs_f64());
                        cpu_s[t][i].push(cpu.as_secs_f64());
                    }
                    Ok((out, None)) if out.status.success() => {
                        findings.rows.push(Row::failed(
                            "cold build",
                            "CPU time is read from /proc/self/stat (Linux only)",
                        ));
                        return;
                    }
                    Ok((out, _)) => {
                        let err = String::from_utf8_lossy(&out.stderr);
                        findings.rows.push(Row::failed("cold build", err.trim()));
                        return;
                    }
                    Err(e) => {
                        findings
                            .rows
                            .push(Row::failed("cold build", &format!("cannot run cargo: {e}")));
                        return;
                    }
                }
            }
        }
    }
    let total_ops: Option<usize> = ops_by_feature.map(|m| m.values().sum());
    let now = trees.len() - 1;
    for (i, config) in CONFIGS.iter().enumerate() {
        let cpu = Summary::of(&cpu_s[now][i]);
        let wall = Summary::of(&wall_s[now][i]);
        let ops = match config.product {
            None => total_ops,
            Some(p) => ops_by_feature.and_then(|m| m.get(p).copied()),
        };
        let mut result = format!(
            "CPU {} s ({}–{}, n={}); wall {} s",
            num(cpu.median),
            num(cpu.min),
            num(cpu.max),
            cpu.n,
            num(wall.median)
        );
        if let Some(ops) = ops {
            result.push_str(&format!(
                "; {} ms CPU per operation over {ops}",
                num(cpu.median * 1e3 / ops as f64)
            ));
        }
        let (target, met) = if now > 0 {
            let before = Summary::of(&cpu_s[0][i]);
            result = format!(
                "before: CPU {} s ({}–{}, n={}); after: {result}; change {:+.0}%",
                num(before.median),
                num(before.min),
                num(before.max),
                before.n,
                (cpu.median / before.median - 1.0) * 100.0
            );
            (
                "at most half of the baseline's".to_owned(),
                Met::from(cpu.median <= before.median / 2.0),
            )
        } else {
            ("report (half of round one's)".to_owned(), Met::Info)
        };
        findings.rows.push(Row::new(
            format!("cold build: {}", config.name),
            format!(
                "touch lib.rs; `CARGO_INCREMENTAL=0 cargo build -p sendbird-platform --lib {}` (own target dir, dependencies prebuilt); user + system CPU of the cargo process tree",
                config.args.join(" ")
            ),
            result,
            target,
            met,
        ));
    }
    if let Some(base) = baseline {
        findings.notes.push(format!(
            "Cold builds: baseline {} built beside this checkout in every run.",
            base.display()
        ));
    }
    findings.notes.push(format!(
        "Cold builds: 1-minute load average before each run: {}.",
        loads.join(", ")
    ));
}
