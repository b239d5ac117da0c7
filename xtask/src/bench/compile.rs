//! Compile time of `generated-client` alone: touch a source, rebuild only that crate.
//!
//! Builds go to their own target directory (`target/bench-compile`), so the shared
//! one is never cleaned or invalidated. Dependencies are built once, untimed; each
//! timed run touches `generated-client/src/lib.rs` (mtime only, content unchanged) and
//! runs cargo, so cargo's own start-up counts, as it does for a developer. The
//! configurations take turns within each run so drifting load hits them alike.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use super::report::{Findings, Met, Row};
use super::stats::{num, show_ms, Summary};
use super::Suite;

const PER_OP_TARGET_MS: f64 = 20.0;

/// One timed configuration.
struct Config {
    name: &'static str,
    /// `build` or `check`.
    command: &'static str,
    features: &'static [&'static str],
    /// The cargo feature whose operations this build compiles (`None`: all).
    product: Option<&'static str>,
    incremental: bool,
}

const CONFIGS: &[Config] = &[
    Config {
        name: "all features",
        command: "build",
        features: &["--all-features"],
        product: None,
        incremental: true,
    },
    Config {
        name: "chat only",
        command: "build",
        features: &["--no-default-features", "--features", "chat"],
        product: Some("chat"),
        incremental: true,
    },
    Config {
        name: "desk only",
        command: "build",
        features: &["--no-default-features", "--features", "desk"],
        product: Some("desk"),
        incremental: true,
    },
    Config {
        name: "calls only",
        command: "build",
        features: &["--no-default-features", "--features", "calls"],
        product: Some("calls"),
        incremental: true,
    },
    Config {
        name: "live only",
        command: "build",
        features: &["--no-default-features", "--features", "live"],
        product: Some("live"),
        incremental: true,
    },
    Config {
        name: "no product (runtime only)",
        command: "build",
        features: &["--no-default-features"],
        product: Some(""),
        incremental: true,
    },
    Config {
        name: "all features, incremental off",
        command: "build",
        features: &["--all-features"],
        product: None,
        incremental: false,
    },
    Config {
        name: "all features",
        command: "check",
        features: &["--all-features"],
        product: None,
        incremental: true,
    },
];

fn touch(path: &Path) -> std::io::Result<()> {
    File::options()
        .append(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

fn cargo_args(config: &Config, offline: bool) -> Vec<&'static str> {
    let mut args = vec![config.command, "-p", "sendbird-platform"];
    if offline {
        args.push("--offline");
    }
    args.extend_from_slice(config.features);
    args
}

fn env_of(suite: &Suite, config: &Config) -> Vec<(String, String)> {
    let mut env = vec![(
        "CARGO_TARGET_DIR".to_owned(),
        suite
            .root
            .join("target/bench-compile")
            .to_string_lossy()
            .into_owned(),
    )];
    if !config.incremental {
        env.push(("CARGO_INCREMENTAL".into(), "0".into()));
    }
    env
}

pub fn run(
    suite: &Suite,
    ops_by_feature: Option<&BTreeMap<String, usize>>,
    findings: &mut Findings,
) {
    let lib = suite.root.join("generated-client/src/lib.rs");
    suite.progress("compile: building dependencies into target/bench-compile (untimed)");
    for config in CONFIGS {
        let env = env_of(suite, config);
        if let Err(e) = suite.cargo(&cargo_args(config, false), &env) {
            findings.rows.push(Row::failed("compile time", &e));
            return;
        }
    }
    let runs = suite.runs(2, 5);
    let mut times: Vec<Vec<Duration>> = CONFIGS.iter().map(|_| Vec::new()).collect();
    for run in 0..runs {
        for (config, samples) in CONFIGS.iter().zip(&mut times) {
            suite.progress(&format!(
                "compile: run {}/{runs}: cargo {} {}",
                run + 1,
                config.command,
                config.name
            ));
            if let Err(e) = touch(&lib) {
                findings.rows.push(Row::failed(
                    "compile time",
                    &format!("cannot touch lib.rs: {e}"),
                ));
                return;
            }
            let env = env_of(suite, config);
            let started = Instant::now();
            if let Err(e) = suite.cargo(&cargo_args(config, true), &env) {
                findings.rows.push(Row::failed("compile time", &e));
                return;
            }
            samples.push(started.elapsed());
        }
    }
    let summaries: Vec<Summary> = times.iter().map(|t| Summary::of_ms(t)).collect();
    let all = summaries[0];
    let runtime_only = summaries[5];
    let total_ops: Option<usize> = ops_by_feature.map(|m| m.values().sum());
    for (config, s) in CONFIGS.iter().zip(&summaries) {
        let how = format!(
            "touch generated-client/src/lib.rs; `cargo {}` {}{} (debug, own target dir, deps prebuilt)",
            config.command,
            cargo_args(config, false)[1..].join(" "),
            if config.incremental { "" } else { " with CARGO_INCREMENTAL=0" }
        );
        let mut result = show_ms(s);
        let (target, met) = match (config.command, config.product, config.incremental) {
            ("build", None, true) => match total_ops {
                Some(ops) => {
                    let per_op = s.median / ops as f64;
                    result.push_str(&format!("; {} ms/op over {ops} operations", num(per_op)));
                    (
                        "≤ 20 ms/op".to_owned(),
                        Met::from(per_op <= PER_OP_TARGET_MS),
                    )
                }
                None => ("≤ 20 ms/op".to_owned(), Met::Info),
            },
            ("build", Some(feature), _) if !feature.is_empty() => {
                if let Some(ops) = ops_by_feature.and_then(|m| m.get(feature)) {
                    let extra = (s.median - runtime_only.median) / *ops as f64;
                    result.push_str(&format!(
                        "; {ops} operations, {} ms/op above runtime only",
                        num(extra)
                    ));
                }
                (
                    "clearly cheaper than all features (slowest run below all's fastest)"
                        .to_owned(),
                    Met::from(s.max < all.min),
                )
            }
            _ => ("report".to_owned(), Met::Info),
        };
        findings.rows.push(Row::new(
            format!("compile time: {} {}", config.command, config.name),
            how,
            result,
            target,
            met,
        ));
    }
    findings.notes.push(
        "Compile times touch generated-client/src/lib.rs without changing it; with incremental compilation rustc reuses much of its previous work, so an edit of the generated code costs more (see the `incremental off` row)."
            .into(),
    );
}
