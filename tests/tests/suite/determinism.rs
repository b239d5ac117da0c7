//! The generated code depends on what the spec says, not on the order it says it in:
//! shuffling the order of types, of services, credentials and error codes, and of each
//! file's top-level keys gives byte-for-byte the same output.
//!
//! Operation order is kept: it is the order of the methods in the generated code. The
//! order of auth schemes is kept for the same reason.

use crate::common;

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// A small deterministic generator, so a failing seed reproduces the same shuffle.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn shuffle_mapping(map: &mut Mapping, rng: &mut SplitMix) {
    let mut entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
    rng.shuffle(&mut entries);
    map.extend(entries);
}

/// Shuffles every part of one file whose order carries no meaning.
fn shuffle_file(rel: &str, doc: &mut Value, rng: &mut SplitMix) {
    let Value::Mapping(top) = doc else { return };
    let unordered: &[&str] = if rel == "api.yaml" {
        &["services", "credentials"]
    } else {
        &["types"]
    };
    for key in unordered {
        if let Some(Value::Mapping(m)) = top.get_mut(*key) {
            shuffle_mapping(m, rng);
        }
    }
    if let Some(Value::Sequence(codes)) = top.get_mut("error_codes") {
        rng.shuffle(codes);
    }
    shuffle_mapping(top, rng);
}

/// Every `*.yaml` file below `dir`, as (relative path, text).
fn spec_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// All output of one run: the Rust files and the endpoint table.
fn output(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let generated = codegen::generate(dir).map_err(|e| e.to_string())?;
    let mut out: Vec<(String, String)> = generated
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    out.push((
        "ENDPOINTS.md".into(),
        codegen::endpoints::markdown(&generated.api, "Endpoints"),
    ));
    Ok(out)
}

struct Spec {
    name: String,
    files: Vec<(String, Value)>,
    expected: Vec<(String, String)>,
}

fn read_spec(dir: &Path) -> Spec {
    let name = dir.display().to_string();
    let expected = output(dir).unwrap_or_else(|e| panic!("{name} is invalid:\n{e}"));
    let files = spec_files(dir)
        .into_iter()
        .map(|(rel, text)| {
            let doc = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}/{rel}: {e}"));
            (rel, doc)
        })
        .collect();
    Spec {
        name,
        files,
        expected,
    }
}

fn check_shuffled(spec: &Spec, seed: u64) -> Result<(), TestCaseError> {
    let mut rng = SplitMix(seed);
    let tmp = tempfile::tempdir().unwrap();
    for (rel, doc) in &spec.files {
        let mut doc = doc.clone();
        shuffle_file(rel, &mut doc, &mut rng);
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_yaml::to_string(&doc).unwrap()).unwrap();
    }
    let got = output(tmp.path()).map_err(|e| {
        TestCaseError::fail(format!(
            "{} failed after shuffling (seed {seed}):\n{e}",
            spec.name
        ))
    })?;
    let paths = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    if paths(&got) != paths(&spec.expected) {
        return Err(TestCaseError::fail(format!(
            "{}: other files after shuffling (seed {seed}): {:?}",
            spec.name,
            paths(&got)
        )));
    }
    for ((path, text), (_, want)) in got.iter().zip(&spec.expected) {
        if text != want {
            let line = text
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            return Err(TestCaseError::fail(format!(
                "{}: `{path}` changed after shuffling (seed {seed}), first at line {}:\n  was: {}\n  now: {}",
                spec.name,
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                text.lines().nth(line).unwrap_or(""),
            )));
        }
    }
    Ok(())
}

/// Shuffles each spec `cases` times.
fn run(specs: &[Spec], cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::num::u64::ANY, |seed| {
            specs.iter().try_for_each(|spec| check_shuffled(spec, seed))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fixture_output_does_not_depend_on_the_order_of_types_and_keys() {
    let specs: Vec<Spec> = common::fixture_dirs("specs")
        .iter()
        .map(|d| read_spec(d))
        .collect();
    run(&specs, 16);
}

/// Fewer cases: one generation of the whole API takes about two seconds in a debug build.
#[test]
fn api_spec_output_does_not_depend_on_the_order_of_types_and_keys() {
    run(&[read_spec(&common::workspace().join("api-spec"))], 2);
}
