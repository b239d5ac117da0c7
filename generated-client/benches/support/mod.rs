//! Shared by the benchmark binaries: response fixtures, the loopback server and /proc
//! readings. Each binary uses a different part of it.
#![allow(dead_code)]

pub mod fixtures;
pub mod proc;
pub mod server;

/// Prints one machine-readable result line for `cargo xtask bench`:
/// `RESULT <key> <value>...`.
pub fn result(key: &str, values: &[f64]) {
    let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
    println!("RESULT {key} {}", values.join(" "));
}

/// Whether cargo runs this as a benchmark (`cargo bench` passes `--bench`); without
/// it (`cargo test --benches`) the binaries only smoke-test themselves, as divan does.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `full` when benchmarking, `smoke` otherwise.
pub fn by_mode<T>(full: T, smoke: T) -> T {
    if bench_mode() {
        full
    } else {
        smoke
    }
}

/// The value after `--name` in the command line, or `default`.
pub fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} expects a number, got {v:?}"))
        })
        .unwrap_or(default)
}
