//! CPU time of child processes (user + system, the whole process tree), which a
//! machine shared with other builds hardly moves, unlike wall time.

use std::process::{Command, Output};
use std::time::Duration;

/// The user + system time of this process's waited-for children so far
/// (`cutime` + `cstime` of `/proc/self/stat`, in clock ticks of 10 ms). `None` off
/// Linux.
pub fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after its `)` are plain.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After `)`: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    let cutime: u64 = fields.get(13)?.parse().ok()?;
    let cstime: u64 = fields.get(14)?.parse().ok()?;
    Some(Duration::from_millis((cutime + cstime) * 10))
}

/// Runs `command` to completion and returns its output with the CPU time its whole
/// process tree used.
pub fn run(command: &mut Command) -> std::io::Result<(Output, Option<Duration>)> {
    let before = children_cpu();
    let out = command.output()?;
    let after = children_cpu();
    let cpu = match (before, after) {
        (Some(b), Some(a)) => Some(a.saturating_sub(b)),
        _ => None,
    };
    Ok((out, cpu))
}

/// The machine's 1-minute load average, for the notes.
pub fn load1() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_child_is_counted() {
        if children_cpu().is_none() {
            return; // not Linux
        }
        // A child that spins for a while: its CPU time must show up.
        let (out, cpu) =
            run(Command::new("sh")
                .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"]))
            .unwrap();
        assert!(out.status.success());
        assert!(cpu.unwrap() > Duration::ZERO);
    }
}
