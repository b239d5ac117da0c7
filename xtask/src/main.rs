//! Maintainer tasks: `cargo xtask codegen [--check]`, `cargo xtask endpoints`,
//! `cargo xtask conformance`, `cargo xtask api-diff`.

mod bench;
mod codegen_cache;
mod conformance;
mod test;

// The generator allocates many small values (tokens, identifiers, strings); mimalloc
// serves them faster than the system allocator (`cargo xtask bench`, generation).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen            regenerate generated-client/src/generated/, ENDPOINTS.md, the
                     README coverage table and the services' features in
                     generated-client/Cargo.toml from api-spec/
  codegen --check    write nothing; fail and name each stale, missing or extra file
                     (both skip the generator when neither it, api-spec/ nor any
                     output changed since the last clean run; `--no-cache` runs it
                     anyway)
  test               run every test: the workspace with all features, then the
                     downstream crate built with the `chat` feature alone
  validate [DIR]     check a spec directory (default api-spec/) and write nothing
  endpoints [DIR]    print one tab-separated line per operation:
                     service  group  operation  METHOD  /full/path  auth
  bench [OPTIONS]    run the benchmark suite; writes target/bench-report.md
                     (`cargo xtask bench --help` for the options)
  conformance [OPTIONS]
                     compare api-spec/ with Sendbird's published OpenAPI files
                     (index in api-spec/upstream/); fails on a difference the
                     ledger doesn't acknowledge (`--help` for the options)
  conformance import [FILE...]
                     index Sendbird's OpenAPI files into api-spec/upstream/
  api-diff [REV] [--format text|markdown] [--deny-breaking]
                     compare the API generated from api-spec/ at REV (default
                     HEAD) with the working tree's: each change as breaking,
                     additive or behaviour, by Rust path, and the semver verdict
                     (`--help` for the options)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["codegen"] => codegen(&root, false, true),
        ["codegen", "--check"] => codegen(&root, true, true),
        ["codegen", "--no-cache"] => codegen(&root, false, false),
        ["codegen", "--check", "--no-cache"] | ["codegen", "--no-cache", "--check"] => {
            codegen(&root, true, false)
        }
        ["endpoints"] => endpoints(&root.join("api-spec")),
        ["endpoints", dir] => endpoints(Path::new(dir)),
        ["validate"] => validate(&root.join("api-spec")),
        ["validate", dir] => validate(Path::new(dir)),
        ["bench", rest @ ..] => bench::main(&root, rest),
        ["conformance", rest @ ..] => conformance::main(&root, rest),
        ["test"] => test::main(&root),
        ["api-diff", rest @ ..] => xtask::api_diff::main(&root, rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs the generator; exit code 1 for spec problems, 2 for a generator bug.
fn run(root: &Path) -> Result<codegen::Generated, ExitCode> {
    run_spec(&root.join("api-spec"))
}

fn run_spec(spec: &Path) -> Result<codegen::Generated, ExitCode> {
    match codegen::generate(spec) {
        Ok(g) => Ok(g),
        Err(e @ codegen::GenerateError::Invalid(_)) => {
            eprintln!("{e}");
            Err(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("{e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Where the no-op shortcut keeps its snapshot.
fn cache_path(root: &Path) -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => root.join(dir),
        None => root.join("target"),
    };
    target.join("codegen-cache.bin")
}

fn codegen(root: &Path, check: bool, use_cache: bool) -> ExitCode {
    let spec_dir = root.join("api-spec");
    let owned_dirs = xtask::plan::owned_dirs(root);
    let owned: Vec<&Path> = owned_dirs.iter().map(PathBuf::as_path).collect();
    let cache = cache_path(root);
    if use_cache && codegen_cache::is_fresh(&cache, &spec_dir, &owned) {
        if !check {
            eprintln!("codegen: nothing changed since the last run (generator, api-spec/ and every output as it left them)");
        }
        return ExitCode::SUCCESS;
    }
    // The spec as it is before the generator reads it: the snapshot is kept only if
    // it is still the same afterwards.
    let inputs_before = codegen_cache::read_inputs(&spec_dir).ok();
    // The API at HEAD, for the summary line, read while the generator runs.
    let head = (!check).then(|| {
        let root = root.to_path_buf();
        std::thread::spawn(move || xtask::api_diff::head_for_summary(&root))
    });
    let generated = match run(root) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let (planned, _) = match xtask::plan::plan(root, &generated) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = if check {
        codegen::output::check(&planned, &owned)
    } else {
        codegen::output::write(&planned, &owned)
    };
    match result {
        Err(e) => {
            codegen_cache::forget(&cache);
            eprintln!("error: cannot write the generated files: {e}");
            ExitCode::from(2)
        }
        Ok(report) if check && !report.is_clean() => {
            codegen_cache::forget(&cache);
            eprint!("{report}");
            eprintln!(
                "generated code is out of date: run `cargo xtask codegen` and commit the result"
            );
            ExitCode::from(1)
        }
        Ok(report) => {
            if use_cache {
                remember(&cache, &spec_dir, inputs_before, &planned);
            }
            if !check {
                let changed = report.stale.len() + report.missing.len();
                eprintln!(
                    "codegen: {} files, {changed} written, {} removed, {} unchanged",
                    planned.len(),
                    report.extra.len(),
                    report.unchanged
                );
                // What the change does to downstream code, against the last commit.
                let line = head
                    .and_then(|h| h.join().ok())
                    .and_then(|old| xtask::api_diff::codegen_summary(old, &generated.api));
                if let Some(line) = line {
                    eprintln!("{line}");
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// Keeps the snapshot of a run that left every output up to date, if the spec did
/// not change while the generator read it.
fn remember(
    cache: &Path,
    spec_dir: &Path,
    inputs_before: Option<Vec<(PathBuf, Vec<u8>)>>,
    planned: &[codegen::output::Planned],
) {
    let inputs_after = codegen_cache::read_inputs(spec_dir).ok();
    match (inputs_before, inputs_after) {
        (Some(before), Some(after)) if before == after => {
            let snapshot = codegen_cache::Snapshot {
                generator: codegen_cache::generator_identity(),
                inputs: after,
                outputs: planned
                    .iter()
                    .map(|p| (p.path.clone(), p.contents.clone().into_bytes()))
                    .collect(),
            };
            if codegen_cache::store(cache, &snapshot).is_err() {
                codegen_cache::forget(cache);
            }
        }
        _ => codegen_cache::forget(cache),
    }
}

fn endpoints(spec: &Path) -> ExitCode {
    match run_spec(spec) {
        Ok(g) => {
            print!("{}", codegen::endpoints::tsv(&g.api));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn validate(spec: &Path) -> ExitCode {
    match run_spec(spec) {
        Ok(g) => {
            let ops = codegen::endpoints::endpoints(&g.api).len();
            let types: usize = g.api.services.iter().map(|s| s.types.len()).sum();
            println!(
                "ok: {} services, {ops} operations, {types} types",
                g.api.services.len()
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}
