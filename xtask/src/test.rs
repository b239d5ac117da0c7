//! `cargo xtask test`: every test of the project, in the order a failure is cheapest
//! to read.
//!
//! 1. the workspace with every feature on (generator, runtime, generated code, wire
//!    and fault tests, snapshots, examples against their in-process mock, doctests);
//! 2. the downstream crate, a workspace of its own so it builds with the `chat` feature
//!    alone, as an outside user's crate would.

use std::path::Path;
use std::process::{Command, ExitCode};

pub fn main(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let steps: [(&str, Vec<&str>, Option<&str>); 2] = [
        (
            "workspace, all features",
            vec!["test", "--workspace", "--all-features"],
            None,
        ),
        (
            "downstream crate (chat feature only)",
            vec!["test", "--manifest-path", "tests/downstream/Cargo.toml"],
            Some("target/downstream"),
        ),
    ];
    for (what, args, target_dir) in steps {
        eprintln!("== cargo xtask test: {what}");
        let mut command = Command::new(&cargo);
        command.args(&args).current_dir(root);
        if let Some(dir) = target_dir {
            command.env("CARGO_TARGET_DIR", root.join(dir));
        }
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(_) => {
                eprintln!("cargo xtask test: `cargo {}` failed", args.join(" "));
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("cargo xtask test: cannot run cargo: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
