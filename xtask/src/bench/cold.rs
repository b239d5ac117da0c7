//! What a downstream crate pays to compile the client: `sendbird-platform`'s library
//! built from scratch without incremental compilation (as cargo always builds
//! dependencies), debug with all features, debug with `chat` alone, and release with
//! all features. Measured as CPU time (user + system of the whole cargo process
//! tree), which other builds on a shared machine hardly move; wall time is shown
//! beside it.
//!
//! Builds go to `target/bench-cold`; dependencies are built once, untimed; each timed
//! run touches `generated-client/src/lib.rs`, so only the library is rebuilt.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
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
];

fn command(suite: &Suite, config: &Config, offline: bool) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut c = Command::new(cargo);
    c.args(["build", "-p", "sendbird-platform", "--lib", "--quiet"])
        .args(config.args)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", suite.root.join("target/bench-cold"))
        .current_dir(&suite.root)
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
    ops_by_feature: Option<&BTreeMap<String, usize>>,
    findings: &mut Findings,
) {
    let lib = suite.root.join("generated-client/src/lib.rs");
    suite.progress("cold: building dependencies into target/bench-cold (untimed)");
    for config in CONFIGS {
        match command(suite, config, false).output() {
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
    let runs = suite.runs(1, 3);
    let mut cpu_s: Vec<Vec<f64>> = CONFIGS.iter().map(|_| Vec::new()).collect();
    let mut wall_s: Vec<Vec<f64>> = CONFIGS.iter().map(|_| Vec::new()).collect();
    let mut loads = Vec::new();
    for run in 0..runs {
        for (i, config) in CONFIGS.iter().enumerate() {
            suite.progress(&format!("cold: run {}/{runs}: {}", run + 1, config.name));
            if let Err(e) = touch(&lib) {
                findings.rows.push(Row::failed(
                    "cold build",
                    &format!("cannot touch lib.rs: {e}"),
                ));
                return;
            }
            loads.push(cpu::load1());
            let started = Instant::now();
            match cpu::run(&mut command(suite, config, true)) {
                Ok((out, Some(cpu))) if out.status.success() => {
                    wall_s[i].push(started.elapsed().as_secs_f64());
                    cpu_s[i].push(cpu.as_secs_f64());
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
    let total_ops: Option<usize> = ops_by_feature.map(|m| m.values().sum());
    for (i, config) in CONFIGS.iter().enumerate() {
        let cpu = Summary::of(&cpu_s[i]);
        let wall = Summary::of(&wall_s[i]);
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
        findings.rows.push(Row::new(
            format!("cold build: {}", config.name),
            format!(
                "touch lib.rs; `CARGO_INCREMENTAL=0 cargo build -p sendbird-platform --lib {}` (own target dir, dependencies prebuilt); user + system CPU of the cargo process tree",
                config.args.join(" ")
            ),
            result,
            "report (half of round one's)",
            Met::Info,
        ));
    }
    findings.notes.push(format!(
        "Cold builds: 1-minute load average before each run: {}.",
        loads.join(", ")
    ));
}
