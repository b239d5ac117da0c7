//! The client benchmarks in `generated-client/benches/` (release builds): request
//! overhead and pagination memory against a loopback server, and decode speed (divan).
//!
//! The overhead and pagination binaries print `RESULT <key> <values...>` lines; the
//! decode binary is a divan benchmark whose table is read for the median, fastest and
//! slowest time of each function.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::report::{Findings, Met, Row};
use super::stats::{num, Summary};
use super::Suite;

const BENCHES: [&str; 3] = ["decode", "overhead", "pagination"];

type Results = BTreeMap<String, Vec<f64>>;

fn parse_results(text: &str) -> Results {
    text.lines()
        .filter_map(|line| line.strip_prefix("RESULT "))
        .filter_map(|rest| {
            let mut fields = rest.split_whitespace();
            let key = fields.next()?.to_owned();
            let values = fields.filter_map(|v| v.parse().ok()).collect();
            Some((key, values))
        })
        .collect()
}

/// Builds the benchmark binaries (release) once, untimed.
pub fn build(suite: &Suite) -> Result<(), String> {
    suite.progress("building the client benchmarks (release)");
    let mut args = vec!["bench", "--no-run", "-p", "sendbird-platform"];
    for bench in BENCHES {
        args.extend(["--bench", bench]);
    }
    suite.cargo(&args, &[]).map(drop)
}

fn run_bench(suite: &Suite, bench: &str, extra: &[String]) -> Result<String, String> {
    suite.progress(&format!("running the `{bench}` benchmark"));
    let mut args = vec![
        "bench".to_owned(),
        "-q".into(),
        "-p".into(),
        "sendbird-platform".into(),
        "--bench".into(),
        bench.into(),
        "--".into(),
    ];
    args.extend(extra.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    suite.cargo(&args, &[])
}

fn get<'a>(results: &'a Results, key: &str, len: usize) -> Result<&'a [f64], String> {
    match results.get(key) {
        Some(v) if v.len() >= len => Ok(v),
        _ => Err(format!("the benchmark printed no `{key}` result")),
    }
}

pub fn overhead(suite: &Suite, findings: &mut Findings) {
    let extra: Vec<String> = if suite.quick {
        "--calls 2000 --rounds 4 --concurrent-calls 4000 --concurrent-rounds 4 --warmup 200"
    } else {
        "--calls 10000 --rounds 20 --concurrent-calls 30000 --concurrent-rounds 10 --warmup 1000"
    }
    .split(' ')
    .map(str::to_owned)
    .collect();
    let out = match run_bench(suite, "overhead", &extra) {
        Ok(out) => out,
        Err(e) => return findings.rows.push(Row::failed("request overhead", &e)),
    };
    if let Err(e) = overhead_rows(&parse_results(&out), findings) {
        findings.rows.push(Row::failed("request overhead", &e));
    }
}

fn overhead_rows(r: &Results, findings: &mut Findings) -> Result<(), String> {
    let seq_ratio = get(r, "seq_time_ratio", 4)?;
    let base_us = get(r, "seq_baseline_us", 3)?;
    let gen_us = get(r, "seq_generated_us", 3)?;
    let calls = get(r, "seq_calls_per_side", 1)?[0];
    let rounds = get(r, "seq_rounds", 1)?[0];
    let body = get(r, "body_bytes", 1)?[0];
    let seq_server = get(r, "seq_server_cpu_share", 1)?[0];
    findings.rows.push(Row::new(
        "request overhead, sequential",
        format!(
            "{calls} sequential `view_user` calls per side ({rounds} alternating rounds, current-thread tokio runtime) to a loopback server (child process) returning a canned {body} B user; generated client vs hand-written reqwest + serde with the same reqwest settings, headers and decode"
        ),
        format!(
            "time ratio {} (per-round median {}, min–max {}–{}); generated {} µs/call, hand-written {} µs/call (round medians); server busy {}%",
            num(seq_ratio[0]),
            num(seq_ratio[1]),
            num(seq_ratio[2]),
            num(seq_ratio[3]),
            num(gen_us[0]),
            num(base_us[0]),
            num(seq_server * 100.0)
        ),
        "time ratio ≤ 1.05",
        Met::from(seq_ratio[0] <= 1.05),
    ));
    let ratio = get(r, "conc_throughput_ratio", 4)?;
    let base = get(r, "conc_baseline_rps", 1)?[0];
    let generated = get(r, "conc_generated_rps", 1)?[0];
    let calls = get(r, "conc_calls_per_side", 1)?[0];
    let rounds = get(r, "conc_rounds", 1)?[0];
    let concurrency = get(r, "concurrency", 1)?[0];
    let server = get(r, "conc_server_cpu_share", 1)?[0];
    findings.rows.push(Row::new(
        format!("request overhead, {concurrency} in flight"),
        format!(
            "{calls} `view_user` calls per side ({rounds} alternating rounds), {concurrency} tasks each calling in turn, multi-thread tokio runtime (a worker per core), fresh clients"
        ),
        format!(
            "throughput ratio {} (per-round median {}, min–max {}–{}); generated {} req/s, hand-written {} req/s; server busy {}%",
            num(ratio[0]),
            num(ratio[1]),
            num(ratio[2]),
            num(ratio[3]),
            num(generated),
            num(base),
            num(server * 100.0)
        ),
        "throughput ratio ≥ 0.95",
        Met::from(ratio[0] >= 0.95),
    ));
    Ok(())
}

/// The path of a benchmark executable, from `cargo bench --no-run
/// --message-format=json` output (one JSON object per line).
fn executable(messages: &str, bench: &str) -> Option<PathBuf> {
    let name = format!("\"name\":\"{bench}\"");
    messages
        .lines()
        .filter(|line| line.contains("\"compiler-artifact\"") && line.contains(&name))
        .find_map(|line| {
            let start = line.find("\"executable\":\"")? + "\"executable\":\"".len();
            let end = start + line[start..].find('"')?;
            Some(PathBuf::from(&line[start..end]))
        })
}

/// Instructions a benchmark executable runs with these arguments, counted by
/// callgrind (that process only: the loopback server child is not traced).
fn instructions(exe: &Path, args: &[&str]) -> Result<f64, String> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "valgrind failed ({}): {}",
            out.status,
            stderr.trim()
        ));
    }
    stderr
        .lines()
        .find_map(|l| {
            l.split_once("Collected :")
                .map(|(_, n)| n.trim().parse().ok())
        })
        .flatten()
        .ok_or_else(|| format!("no instruction count in valgrind's output: {stderr}"))
}

/// Instruction counts per call (generated vs hand-written) and per decoded page
/// (generated types vs Value): unlike wall time, they hardly move with machine load.
pub fn instruction_counts(suite: &Suite, findings: &mut Findings) {
    let have_valgrind = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_valgrind {
        findings
            .notes
            .push("valgrind is not installed: the instruction-count rows were skipped.".into());
        return;
    }
    suite.progress("counting instructions with callgrind");
    let mut args = vec!["bench", "--no-run", "-p", "sendbird-platform"];
    args.extend(["--bench", "overhead", "--bench", "decode"]);
    args.push("--message-format=json");
    let exes = suite.cargo(&args, &[]).and_then(|m| {
        let find = |name: &str| {
            executable(&m, name).ok_or_else(|| format!("cargo named no `{name}` executable"))
        };
        Ok((find("overhead")?, find("decode")?))
    });
    let (overhead, decode) = match exes {
        Ok(exes) => exes,
        Err(e) => return findings.rows.push(Row::failed("instruction counts", &e)),
    };
    let n = if suite.quick { 100 } else { 400 };
    // (count for 2n − count for n) / n: start-up and set-up cancel out.
    let per_run = |exe: &Path, args: &[&str], repeat_flag: &str| -> Result<f64, String> {
        let count = |k: usize| {
            let k = k.to_string();
            let mut all = args.to_vec();
            all.extend([repeat_flag, k.as_str()]);
            instructions(exe, &all)
        };
        Ok((count(2 * n)? - count(n)?) / n as f64)
    };
    let how = |what: &str| {
        format!(
            "callgrind instruction counts, (count for {} {what} − count for {n}) / {n}; deterministic where wall time is noisy",
            2 * n
        )
    };
    let calls = per_run(
        &overhead,
        &["--side", "generated", "--warmup", "0"],
        "--calls",
    )
    .and_then(|g| {
        let b = per_run(
            &overhead,
            &["--side", "baseline", "--warmup", "0"],
            "--calls",
        )?;
        Ok((g, b))
    });
    findings.rows.push(match calls {
        Ok((generated, baseline)) => Row::new(
            "request overhead, instructions per call",
            how("sequential `view_user` calls of one side"),
            format!(
                "ratio {}: generated {}k instructions/call, hand-written {}k",
                num(generated / baseline),
                num(generated / 1e3),
                num(baseline / 1e3)
            ),
            "report (the time ratio's ≤ 1.05 as a guide)",
            Met::Info,
        ),
        Err(e) => Row::failed("request overhead, instructions", &e),
    });
    let decodes = per_run(&decode, &["--variant", "typed"], "--repeat").and_then(|t| {
        let v = per_run(&decode, &["--variant", "value"], "--repeat")?;
        Ok((t, v))
    });
    findings.rows.push(match decodes {
        Ok((typed, value)) => Row::new(
            "decode, instructions per page",
            how("decodes of the 100-user page"),
            format!(
                "ratio typed/Value {}: generated types {}k instructions/page, Value {}k",
                num(typed / value),
                num(typed / 1e3),
                num(value / 1e3)
            ),
            "report (fewer for the generated types)",
            Met::Info,
        ),
        Err(e) => Row::failed("decode, instructions", &e),
    });
}

pub fn pagination(suite: &Suite, findings: &mut Findings) {
    let out = match run_bench(suite, "pagination", &["--items".into(), "100000".into()]) {
        Ok(out) => out,
        Err(e) => return findings.rows.push(Row::failed("pagination memory", &e)),
    };
    if let Err(e) = pagination_rows(&out, findings) {
        findings.rows.push(Row::failed("pagination memory", &e));
    }
}

/// How much resident memory may grow from 10k to 100k items and still count as flat.
const FLAT_KIB: f64 = 1024.0;
const PEAK_LIMIT_MB: f64 = 30.0;

fn pagination_rows(out: &str, findings: &mut Findings) -> Result<(), String> {
    let mut rss: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    for line in out.lines() {
        let fields: Vec<f64> = match line.strip_prefix("RESULT rss_kib ") {
            Some(rest) => rest
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect(),
            None => continue,
        };
        if let [items, rss_kib, hwm_kib] = fields[..] {
            rss.insert(items as u64, (rss_kib, hwm_kib));
        }
    }
    let r = parse_results(out);
    let items = get(&r, "items", 1)?[0];
    let rate = get(&r, "items_per_second", 1)?[0];
    let page_bytes = get(&r, "page_bytes", 1)?[0];
    let mb = |kib: f64| kib * 1024.0 / 1e6;
    let at = |n: u64| {
        rss.get(&n)
            .copied()
            .ok_or_else(|| format!("no memory reading at {n} items"))
    };
    let (start, _) = at(0)?;
    let (rss_10k, _) = at(10_000)?;
    let (rss_50k, _) = at(50_000)?;
    let (rss_100k, peak) = at(100_000)?;
    let growth = rss_100k - rss_10k;
    findings.rows.push(Row::new(
        "pagination memory",
        format!(
            "stream {items} users (100 per page of {page_bytes} B) through `list_users().into_stream()` from a loopback server (child process); VmRSS and VmHWM from /proc/self/status"
        ),
        format!(
            "peak {} MB; RSS {} MB before the first page, {} / {} / {} MB at 10k / 50k / 100k items (growth 10k→100k: {} KiB); {} items/s",
            num(mb(peak)),
            num(mb(start)),
            num(mb(rss_10k)),
            num(mb(rss_50k)),
            num(mb(rss_100k)),
            growth,
            num(rate)
        ),
        "peak < 30 MB; flat (≤ 1 MiB growth from 10k to 100k)",
        Met::from(mb(peak) < PEAK_LIMIT_MB && growth <= FLAT_KIB),
    ));
    Ok(())
}

pub fn decode(suite: &Suite, findings: &mut Findings) {
    let samples = if suite.quick { "30" } else { "200" };
    let out = match run_bench(suite, "decode", &["--sample-count".into(), samples.into()]) {
        Ok(out) => out,
        Err(e) => return findings.rows.push(Row::failed("decode", &e)),
    };
    if let Err(e) = decode_rows(&out, findings) {
        findings.rows.push(Row::failed("decode", &e));
    }
}

/// Seconds in `123.4 µs` and the like.
fn parse_time(text: &str) -> Option<f64> {
    let mut parts = text.split_whitespace();
    let value: f64 = parts.next()?.parse().ok()?;
    let scale = match parts.next()? {
        "ns" => 1e-9,
        "µs" | "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        _ => return None,
    };
    Some(value * scale)
}

/// The fastest, slowest and median times (seconds) of divan's row for `name`.
fn divan_row(out: &str, name: &str) -> Option<(f64, f64, f64)> {
    let line = out.lines().find(|line| {
        let columns: Vec<&str> = line.split('│').collect();
        columns.len() >= 4 && columns[0].split_whitespace().any(|w| w == name)
    })?;
    let columns: Vec<&str> = line.split('│').collect();
    let fastest = columns[0].split_once(name)?.1;
    Some((
        parse_time(fastest)?,
        parse_time(columns[1])?,
        parse_time(columns[2])?,
    ))
}

fn decode_rows(out: &str, findings: &mut Findings) -> Result<(), String> {
    let bytes = get(&parse_results(out), "body_bytes", 1)?[0];
    let speed = |name: &str| -> Result<Summary, String> {
        let (fastest, slowest, median) =
            divan_row(out, name).ok_or_else(|| format!("no divan result for `{name}`"))?;
        let mbps = |seconds: f64| bytes / seconds / 1e6;
        Ok(Summary {
            median: mbps(median),
            min: mbps(slowest),
            max: mbps(fastest),
            n: 0,
        })
    };
    let value = speed("value")?;
    let show = |s: &Summary| {
        format!(
            "{} MB/s (min–max {}–{})",
            num(s.median),
            num(s.min),
            num(s.max)
        )
    };
    let how = |what: &str| {
        format!("divan, a {bytes} B 100-user `list_users` page decoded {what}; MB = 10^6 bytes, median of samples")
    };
    let typed = speed("typed")?;
    findings.rows.push(Row::new(
        "decode into the generated types",
        how("with `serde_json::from_slice::<ListUsersResponse>`, as the client decodes a success body"),
        format!("{}; {}× Value", show(&typed), num(typed.median / value.median)),
        "faster than Value",
        Met::from(typed.median > value.median),
    ));
    let tracked = speed("typed_with_path")?;
    findings.rows.push(Row::new(
        "decode into the generated types, tracking the JSON path",
        how("through serde_path_to_error, as the client decodes a body that failed the fast path (to name the JSON path of the error)"),
        format!("{}; {}× Value", show(&tracked), num(tracked.median / value.median)),
        "report",
        Met::Info,
    ));
    findings.rows.push(Row::new(
        "decode into serde_json::Value",
        how("with `serde_json::from_slice::<Value>`"),
        show(&value),
        "baseline",
        Met::Info,
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIVAN: &str = "RESULT body_bytes 40000
decode              fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ typed            182.4 µs      │ 285 µs        │ 196.8 µs      │ 201.8 µs      │ 30      │ 30
│                   281.5 MB/s    │ 180.1 MB/s    │ 260.8 MB/s    │ 254.5 MB/s    │         │
├─ typed_with_path  284.5 µs      │ 446.8 µs      │ 298.3 µs      │ 321.5 µs      │ 30      │ 30
│                   180.5 MB/s    │ 114.9 MB/s    │ 172.1 MB/s    │ 159.7 MB/s    │         │
╰─ value            1.2 ms        │ 2 ms          │ 1.5 ms        │ 356.5 µs      │ 30      │ 30
                    161.9 MB/s    │ 109.8 MB/s    │ 143.5 MB/s    │ 144 MB/s      │         │
";

    #[test]
    fn reads_divan_rows_by_name() {
        let (fastest, slowest, median) = divan_row(DIVAN, "typed").unwrap();
        assert!((fastest - 182.4e-6).abs() < 1e-12);
        assert!((slowest - 285e-6).abs() < 1e-12);
        assert!((median - 196.8e-6).abs() < 1e-12);
        assert_eq!(divan_row(DIVAN, "value").unwrap().2, 1.5e-3);
        assert!(divan_row(DIVAN, "missing").is_none());
        let mut findings = Findings::default();
        decode_rows(DIVAN, &mut findings).unwrap();
        assert_eq!(findings.rows.len(), 3);
        assert_eq!(findings.rows[0].met, Met::Yes);
    }

    #[test]
    fn finds_the_benchmark_executable() {
        let messages = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"sendbird_platform"},"executable":null}
{"reason":"compiler-artifact","target":{"kind":["bench"],"name":"decode"},"executable":"/t/release/deps/decode-1"}
{"reason":"compiler-artifact","target":{"kind":["bench"],"name":"overhead"},"executable":"/t/release/deps/overhead-2"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executable(messages, "overhead"),
            Some(PathBuf::from("/t/release/deps/overhead-2"))
        );
        assert_eq!(executable(messages, "pagination"), None);
    }

    #[test]
    fn reads_result_lines() {
        let r = parse_results("noise\nRESULT a 1 2.5\nRESULT b 3\n");
        assert_eq!(r["a"], [1.0, 2.5]);
        assert_eq!(r["b"], [3.0]);
    }

    #[test]
    fn pagination_is_flat_and_small() {
        let out = "RESULT rss_kib 0 5000 5000\nRESULT rss_kib 10000 6000 6000\nRESULT rss_kib 50000 6100 6100\nRESULT rss_kib 100000 6200 6300\nRESULT items 100000\nRESULT items_per_second 150000\nRESULT page_bytes 44000\n";
        let mut findings = Findings::default();
        pagination_rows(out, &mut findings).unwrap();
        assert_eq!(findings.rows[0].met, Met::Yes, "{:?}", findings.rows[0]);
        let grows = out.replace("100000 6200 6300", "100000 9000 9000");
        let mut findings = Findings::default();
        pagination_rows(&grows, &mut findings).unwrap();
        assert_eq!(findings.rows[0].met, Met::No);
    }
}
