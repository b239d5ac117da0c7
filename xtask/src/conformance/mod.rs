//! `cargo xtask conformance`: compares `api-spec/` with Sendbird's published OpenAPI
//! files, through a committed fact index (`api-spec/upstream/*.json`), and checks
//! that every difference is fixed in `api-spec/` or acknowledged in the ledger
//! (`api-spec/upstream/ledger.yaml`).
//!
//! - [`import`]: OpenAPI file → fact index (`cargo xtask conformance import`);
//! - [`index`]: the index's data model, read and written as sorted, pretty JSON;
//! - [`ours`]: our spec, read through the `codegen` crate's read model;
//! - [`matching`]: which upstream operation each of ours is;
//! - [`compare`]: the differences ([`difference`]), by kind, with stable keys;
//! - [`ledger`]: acknowledged differences and stale entries.

pub mod compare;
pub mod difference;
pub mod import;
pub mod index;
pub mod ledger;
pub mod matching;
pub mod ours;
pub mod requests;

use compare::{Difference, Kind, Subject};
use ledger::Reason;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where the index and the ledger live, below the workspace root.
pub const UPSTREAM_DIR: &str = "api-spec/upstream";
/// The upstream files `import` reads by default, below the workspace root.
const DEFAULT_SOURCES: [&str; 2] = [
    "../shared/reference/inventory/sendbird-chat-openapi-2024-09.yaml",
    "../shared/reference/inventory/sendbird-chat-openapi-2026-03.yaml",
];

pub const USAGE: &str = "usage: cargo xtask conformance [OPTIONS]
       cargo xtask conformance import [OPENAPI.yaml...]

Compares api-spec/ with Sendbird's published OpenAPI files (their fact index in
api-spec/upstream/*.json), validates every example request against upstream's
parameter and body schemas, and fails on a difference the ledger
(api-spec/upstream/ledger.yaml) doesn't acknowledge or on a stale ledger entry.

options:
  --summary         print the totals only
  --op NAME         only the differences of this operation (`list_users` or
                    `chat.users.list_users`), including those of the types it uses
  --file AREA       only the differences to fix in this file (`chat/users.yaml`)
  --all             also list the acknowledged differences, with their reasons
  --report PATH     also write every unacknowledged difference, by file, to PATH

import: reads the OpenAPI files (default: the 2024-09 and 2026-03 Chat files in
../shared/reference/inventory/) and writes api-spec/upstream/<name>.json";

/// Runs `cargo xtask conformance ...`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    if let ["import", files @ ..] = args {
        return run_import(root, files);
    }
    let opts = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if opts.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let started = Instant::now();
    let outcome = match check(root) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let split = ledger::split(&outcome.ledger, &outcome.diffs);
    if let Some(path) = &opts.report {
        let text = report(&split.open);
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!(
            "conformance: wrote {} differences to {}",
            split.open.len(),
            path.display()
        );
    }
    let filtered = opts.op.is_some() || opts.file.is_some();
    let keep = |d: &Difference| opts.keeps(d);
    let open: Vec<&Difference> = split.open.iter().copied().filter(|d| keep(d)).collect();
    let acknowledged: Vec<(&Difference, ledger::Entry)> = split
        .acknowledged
        .iter()
        .filter(|(d, _)| keep(d))
        .cloned()
        .collect();
    if !opts.summary {
        print!(
            "{}",
            listing(&open, if opts.all { &acknowledged } else { &[] })
        );
    }
    print!("{}", totals(&open, &acknowledged));
    let r = outcome.requests;
    println!(
        "requests: {} example requests of {} operations validated against upstream's schemas, {} without a finding; {} findings, {} of them the same fact as a difference above (resolved with it)",
        r.requests, r.operations, r.clean, r.findings, r.explained
    );
    let mut failed = false;
    if !filtered {
        for e in &outcome.ledger.errors {
            println!("error: {e}");
            failed = true;
        }
        for e in &split.stale {
            println!(
                "error: stale ledger entry (no such difference any more; remove it): {}",
                e.describe()
            );
            failed = true;
        }
    }
    if !open.is_empty() {
        println!(
            "error: {} unacknowledged differences: fix each in api-spec/ or acknowledge it in api-spec/upstream/ledger.yaml with its reason",
            open.len()
        );
        failed = true;
    }
    eprintln!(
        "conformance: compared in {:.2?} ({} differences, {} acknowledged)",
        started.elapsed(),
        outcome.diffs.len(),
        split.acknowledged.len()
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

struct Options {
    summary: bool,
    all: bool,
    help: bool,
    op: Option<String>,
    file: Option<String>,
    report: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[&str]) -> Result<Options, String> {
        let mut o = Options {
            summary: false,
            all: false,
            help: false,
            op: None,
            file: None,
            report: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .map(|v| (*v).to_owned())
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match *a {
                "--summary" => o.summary = true,
                "--all" => o.all = true,
                "--help" | "-h" => o.help = true,
                "--op" => o.op = Some(value("--op")?),
                "--file" => o.file = Some(value("--file")?),
                "--report" => o.report = Some(PathBuf::from(value("--report")?)),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(o)
    }

    fn keeps(&self, d: &Difference) -> bool {
        let op_ok = self.op.as_deref().is_none_or(|want| {
            let is = |id: &str| id == want || id.rsplit('.').next() == Some(want);
            match &d.subject {
                Subject::Op(id) => is(id),
                Subject::Type(_) => d.via.iter().any(|id| is(id)),
                Subject::Upstream(_) => d.upstream.split(' ').any(|w| w == want),
            }
        });
        let file_ok = self.file.as_deref().is_none_or(|f| {
            let f = f.trim_start_matches("api-spec/");
            d.file == f || d.file.trim_end_matches(".yaml") == f
        });
        op_ok && file_ok
    }
}

/// What one comparison found.
pub struct Outcome {
    /// Every difference, sorted by key.
    pub diffs: Vec<Difference>,
    /// The ledger.
    pub ledger: ledger::Ledger,
    /// How many example requests were validated against upstream's schemas.
    pub requests: requests::Stats,
}

impl Outcome {
    /// Whether the committed ledger accepts the differences (the CI rule).
    #[cfg(test)]
    pub fn passes(&self) -> Result<(), String> {
        let split = ledger::split(&self.ledger, &self.diffs);
        let mut problems: Vec<String> = self.ledger.errors.clone();
        problems.extend(
            split
                .stale
                .iter()
                .map(|e| format!("stale: {}", e.describe())),
        );
        if !split.open.is_empty() {
            problems.push(format!(
                "{} unacknowledged differences (run `cargo xtask conformance`)",
                split.open.len()
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// Compares the workspace's `api-spec/` with its committed index.
pub fn check(root: &Path) -> Result<Outcome, String> {
    let upstream = root.join(UPSTREAM_DIR);
    let indexes = index::read_dir(&upstream)?;
    if indexes.is_empty() {
        return Err(format!(
            "no fact index in `{}`: run `cargo xtask conformance import`",
            upstream.display()
        ));
    }
    let spec = ours::load(&root.join("api-spec"))?;
    let ours = ours::Ours::new(&spec);
    let mut diffs = compare::compare(&ours, &indexes);
    let (request_diffs, mut requests) = requests::validate(&ours, &indexes);
    let (new, explained) = requests::unexplained(request_diffs, &diffs);
    requests.findings = new.len() + explained;
    requests.explained = explained;
    diffs.extend(new);
    diffs.sort_by_key(Difference::key);
    let ledger = ledger::read(&upstream.join("ledger.yaml"), &ours);
    Ok(Outcome {
        diffs,
        ledger,
        requests,
    })
}

fn run_import(root: &Path, files: &[&str]) -> ExitCode {
    let sources: Vec<PathBuf> = if files.is_empty() {
        let defaults: Vec<PathBuf> = DEFAULT_SOURCES.iter().map(|f| root.join(f)).collect();
        if !defaults.iter().all(|p| p.exists()) {
            eprintln!(
                "error: no OpenAPI file given, and the default ones are not there:\n  {}",
                defaults
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            );
            return ExitCode::from(2);
        }
        defaults
    } else {
        files.iter().map(PathBuf::from).collect()
    };
    let out_dir = root.join(UPSTREAM_DIR);
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create `{}`: {e}", out_dir.display());
        return ExitCode::from(2);
    }
    for src in sources {
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read_to_string(&src) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", src.display());
                return ExitCode::from(2);
            }
        };
        let ix = match import::import(&text, &name) {
            Ok(ix) => ix,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        let out = out_dir.join(index_name(&name));
        if let Err(e) = std::fs::write(&out, ix.to_json()) {
            eprintln!("error: cannot write `{}`: {e}", out.display());
            return ExitCode::from(2);
        }
        for s in &ix.skipped {
            eprintln!("  skipped: {s}");
        }
        eprintln!(
            "import: {name}: {} operations, {} schemas, {} examples, {} skipped -> {}",
            ix.operations.len(),
            ix.schemas.len(),
            ix.operations
                .values()
                .flat_map(|o| o.responses.values())
                .filter(|r| r.example.is_some())
                .count(),
            ix.skipped.len(),
            out.strip_prefix(root).unwrap_or(&out).display()
        );
    }
    ExitCode::SUCCESS
}

/// `sendbird-chat-openapi-2024-09.yaml` → `chat-2024-09.json`.
fn index_name(source: &str) -> String {
    let stem = source
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .trim_end_matches(".json");
    let stem = stem.strip_prefix("sendbird-").unwrap_or(stem);
    format!("{}.json", stem.replace("-openapi", ""))
}

/// The differences, by file, then subject.
fn listing(open: &[&Difference], acknowledged: &[(&Difference, ledger::Entry)]) -> String {
    let mut by_file: BTreeMap<&str, Vec<(&Difference, Option<&ledger::Entry>)>> = BTreeMap::new();
    for d in open {
        by_file.entry(&d.file).or_default().push((d, None));
    }
    for (d, e) in acknowledged {
        by_file.entry(&d.file).or_default().push((d, Some(e)));
    }
    let mut out = String::new();
    for (file, mut diffs) in by_file {
        diffs.sort_by_key(|(d, _)| d.key());
        let _ = writeln!(out, "{file} ({} differences)", diffs.len());
        let mut subject: Option<&Subject> = None;
        for (d, e) in diffs {
            if subject != Some(&d.subject) {
                subject = Some(&d.subject);
                let _ = write!(out, "  {}", d.subject);
                if !d.upstream.is_empty() && !matches!(d.subject, Subject::Type(_)) {
                    let _ = write!(out, "  [{}]", d.upstream);
                }
                out.push('\n');
            }
            let item = if d.item.is_empty() {
                String::new()
            } else {
                format!(" {}", d.item)
            };
            let _ = write!(out, "    {}{item}: {}", d.kind.name(), d.detail);
            if let Subject::Type(_) = d.subject {
                let via: Vec<&str> = d.via.iter().map(String::as_str).take(3).collect();
                let more = d.via.len().saturating_sub(3);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let _ = write!(out, " (via {}{more})", via.join(", "));
            }
            if let Some(e) = e {
                let _ = write!(out, "  [acknowledged: {}]", e.reason.name());
            }
            out.push('\n');
        }
    }
    out
}

/// Totals per kind (open and acknowledged) and per reason.
fn totals(open: &[&Difference], acknowledged: &[(&Difference, ledger::Entry)]) -> String {
    let mut out = String::from("\ndifferences by kind (open / acknowledged):\n");
    for kind in Kind::ALL {
        let o = open.iter().filter(|d| d.kind == kind).count();
        let a = acknowledged.iter().filter(|(d, _)| d.kind == kind).count();
        if o + a > 0 {
            let _ = writeln!(out, "  {:<28} {o:>5} / {a}", kind.name());
        }
    }
    let _ = writeln!(
        out,
        "  {:<28} {:>5} / {}",
        "total",
        open.len(),
        acknowledged.len()
    );
    if !acknowledged.is_empty() {
        out.push_str("acknowledged by reason:\n");
        for reason in Reason::ALL {
            let n = acknowledged
                .iter()
                .filter(|(_, e)| e.reason == reason)
                .count();
            if n > 0 {
                let _ = writeln!(out, "  {:<28} {n:>5}", reason.name());
            }
        }
    }
    out
}

/// The full list of open differences, by file, for the engineers of each area.
fn report(open: &[&Difference]) -> String {
    let mut out = String::from(
        "Differences between api-spec/ and Sendbird's published Chat OpenAPI files\n\
         (`cargo xtask conformance`), not acknowledged in api-spec/upstream/ledger.yaml.\n\
         Each one is to be fixed in the file it is listed under, or acknowledged in the\n\
         ledger with a reason. A missing operation is listed under the file whose paths\n\
         are closest to it.\n\n",
    );
    out.push_str(&totals(open, &[]));
    out.push('\n');
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for d in open {
        *per_file.entry(&d.file).or_default() += 1;
    }
    out.push_str("by file:\n");
    for (f, n) in &per_file {
        let _ = writeln!(out, "  {f:<32} {n:>5}");
    }
    out.push('\n');
    out.push_str(&listing(open, &[]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The CI rule, on the committed index and ledger alone (no upstream file
    /// needed): no stale or malformed ledger entry, and no unacknowledged difference.
    #[test]
    fn api_spec_conforms_to_the_committed_index_within_the_ledger() {
        let outcome = check(&root()).expect("the comparison runs");
        if let Err(problems) = outcome.passes() {
            panic!("`cargo xtask conformance` fails:\n{problems}");
        }
    }

    /// The rule fails on what api-spec/README.md says it fails on: a difference the
    /// ledger doesn't acknowledge, and an entry that matches no difference any more.
    #[test]
    fn an_unacknowledged_difference_or_a_stale_entry_fails_the_check() {
        let mut outcome = check(&root()).expect("the comparison runs");
        let (key, entry) = outcome
            .ledger
            .entries
            .pop_first()
            .expect("the ledger has entries");
        let problems = outcome.passes().expect_err("an unacknowledged difference");
        assert!(
            problems.contains("1 unacknowledged differences"),
            "{problems}"
        );
        outcome.ledger.entries.insert(key, entry.clone());
        let stale = ledger::Entry {
            op: Some("chat.users.list_users".into()),
            type_name: None,
            upstream: None,
            kind: "type-mismatch".into(),
            item: "query.no_such_parameter".into(),
            ..entry
        };
        let key = stale.key().expect("a valid key");
        outcome.ledger.entries.insert(key, stale);
        let problems = outcome.passes().expect_err("a stale entry");
        assert!(
            problems
                .contains("stale: op chat.users.list_users type-mismatch query.no_such_parameter"),
            "{problems}"
        );
    }

    /// An entry's reason must hold: a page for the reasons that cite the docs, a
    /// `deprecated:` mark for `older-api-kept-deprecated`; and no difference twice.
    #[test]
    fn ledger_entries_whose_reason_does_not_hold_are_errors() {
        let spec = ours::load(&root().join("api-spec")).expect("api-spec/ loads");
        let ours = ours::Ours::new(&spec);
        let dir = std::env::temp_dir().join(format!("conformance-ledger-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("ledger.yaml");
        std::fs::write(
            &path,
            "version: 1\n\
             entries:\n\
             \x20 - op: chat.users.list_users\n\
             \x20   kind: extra-parameter\n\
             \x20   item: query.a\n\
             \x20   reason: docs-only\n\
             \x20   note: seen on a page\n\
             \x20 - op: chat.users.list_users\n\
             \x20   kind: extra-parameter\n\
             \x20   item: query.limit\n\
             \x20   reason: older-api-kept-deprecated\n\
             \x20   note: kept\n\
             \x20 - op: chat.users.list_users\n\
             \x20   kind: extra-parameter\n\
             \x20   item: query.limit\n\
             \x20   reason: stricter-type\n\
             \x20   note: twice\n",
        )
        .expect("write the ledger");
        let ledger = ledger::read(&path, &ours);
        let _ = std::fs::remove_dir_all(&dir);
        let errors = ledger.errors.join("\n");
        assert!(
            errors.contains("reason `docs-only` needs the `page:` that backs it"),
            "{errors}"
        );
        assert!(
            errors.contains(
                "reason `older-api-kept-deprecated`, but api-spec/ doesn't mark it `deprecated:`"
            ),
            "{errors}"
        );
        assert!(errors.contains("listed twice"), "{errors}");
        assert_eq!(ledger.errors.len(), 3, "{errors}");
    }

    #[test]
    fn index_names_drop_the_vendor_and_format() {
        assert_eq!(
            index_name("sendbird-chat-openapi-2024-09.yaml"),
            "chat-2024-09.json"
        );
        assert_eq!(index_name("other.yml"), "other.json");
    }
}
