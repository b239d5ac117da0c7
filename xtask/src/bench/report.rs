//! The one Markdown table `cargo xtask bench` prints and writes to
//! `target/bench-report.md`, with the date, machine and commit above it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Whether a row's target was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    Yes,
    No,
    /// The row has no target (a breakdown or a baseline).
    Info,
}

impl Met {
    pub fn from(ok: bool) -> Met {
        if ok {
            Met::Yes
        } else {
            Met::No
        }
    }

    fn cell(self) -> &'static str {
        match self {
            Met::Yes => "yes",
            Met::No => "**no**",
            Met::Info => "—",
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub what: String,
    pub how: String,
    pub result: String,
    pub target: String,
    pub met: Met,
}

impl Row {
    pub fn new(
        what: impl Into<String>,
        how: impl Into<String>,
        result: impl Into<String>,
        target: impl Into<String>,
        met: Met,
    ) -> Row {
        Row {
            what: what.into(),
            how: how.into(),
            result: result.into(),
            target: target.into(),
            met,
        }
    }

    /// A row for a section that could not run.
    pub fn failed(what: &str, error: &str) -> Row {
        Row::new(what, "—", format!("failed: {error}"), "—", Met::No)
    }
}

/// Everything the suite found.
#[derive(Debug, Default)]
pub struct Findings {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

/// Facts about the run, gathered before any benchmark starts.
pub struct Context {
    date: String,
    machine: String,
    commit: String,
    toolchain: String,
    load: String,
}

impl Context {
    pub fn gather(root: &Path) -> Context {
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let cores = command(root, "nproc", &[]).unwrap_or_else(|| cores.to_string());
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, model)| model.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| {
                let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
                let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(format!("{:.1} GiB memory", kib / 1024.0 / 1024.0))
            })
            .unwrap_or_else(|| "unknown memory".into());
        let mut commit = command(root, "git", &["rev-parse", "--short", "HEAD"])
            .unwrap_or_else(|| "unknown".into());
        if command(
            root,
            "git",
            &["status", "--porcelain", "--untracked-files=no"],
        )
        .is_some_and(|s| !s.is_empty())
        {
            commit.push_str(" (plus uncommitted changes in the working tree)");
        }
        Context {
            date: command(root, "date", &["-u", "+%Y-%m-%d %H:%M UTC"])
                .unwrap_or_else(|| "unknown date".into()),
            machine: format!("{cores} cores ({cpu}), {memory}"),
            commit,
            toolchain: command(root, "rustc", &["--version"]).unwrap_or_else(|| "unknown".into()),
            load: load_average(),
        }
    }
}

/// The 1, 5 and 15 minute load averages, to judge how quiet the machine was.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

fn command(dir: &Path, program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The whole report as Markdown.
pub fn render(context: &Context, invocation: &str, findings: &Findings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Benchmark report\n");
    let _ = writeln!(out, "- date: {}", context.date);
    let _ = writeln!(out, "- machine: {}", context.machine);
    let _ = writeln!(out, "- commit: {}", context.commit);
    let _ = writeln!(out, "- toolchain: {}", context.toolchain);
    let _ = writeln!(
        out,
        "- load average (1/5/15 min) at start: {}; at end: {}",
        context.load,
        load_average()
    );
    let _ = writeln!(out, "- command: `{invocation}`\n");
    let _ = writeln!(out, "| what | how | result | target | met |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for row in &findings.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&row.what),
            cell(&row.how),
            cell(&row.result),
            cell(&row.target),
            row.met.cell()
        );
    }
    if !findings.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:\n");
        for note in &findings.notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_in_cells_are_escaped() {
        let context = Context {
            date: "d".into(),
            machine: "m".into(),
            commit: "c".into(),
            toolchain: "t".into(),
            load: "0 0 0".into(),
        };
        let findings = Findings {
            rows: vec![Row::new("a|b", "h", "r", "t", Met::No)],
            notes: vec!["n".into()],
        };
        let text = render(&context, "cargo xtask bench", &findings);
        assert!(text.contains("| a\\|b | h | r | t | **no** |"), "{text}");
        assert!(text.contains("- n"));
    }
}
