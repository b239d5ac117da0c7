//! Bad input never panics the generator: arbitrary YAML-ish text and arbitrary YAML
//! trees built from the format's own keywords either generate code or are reported as
//! diagnostics. An internal error (emitted code that doesn't parse) counts as a failure.

use codegen::GenerateError;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_yaml::{Mapping, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Keys of every mapping of the format.
const KEYWORDS: &[&str] = &[
    "version",
    "credentials",
    "auth",
    "services",
    "error_codes",
    "doc",
    "header",
    "basic",
    "credential",
    "title",
    "base_url",
    "feature",
    "docs_url",
    "code",
    "name",
    "status",
    "types",
    "operations",
    "fields",
    "enum",
    "union",
    "tag",
    "variants",
    "deprecated",
    "type",
    "optional",
    "nullable",
    "min",
    "max",
    "method",
    "path",
    "path_params",
    "query",
    "headers",
    "body",
    "response",
    "pagination",
    "one_of",
    "encoding",
    "cursor",
    "next",
    "items",
    "prev",
];

/// Names an author might choose, including ones that collide in Rust.
const NAMES: &[&str] = &[
    "User",
    "user",
    "Item",
    "Role",
    "Message",
    "Unknown",
    "Self",
    "self",
    "type",
    "types",
    "mod",
    "token",
    "chat",
    "users",
    "user_id",
    "list_users",
    "ListUsersResponse",
    "x",
    "next",
    "items",
    "MESG",
    "",
    "1st",
    "é",
];

/// Scalars that mean something somewhere in the format.
const SCALARS: &[&str] = &[
    "string",
    "string?",
    "bool",
    "i32",
    "i64?",
    "u32",
    "u64",
    "f64",
    "timestamp_s",
    "timestamp_ms?",
    "json",
    "file",
    "file?",
    "list<string>",
    "list<User>",
    "map<i64>",
    "list<file>",
    "map<",
    "User",
    "User?",
    "Role",
    "Message",
    "Item",
    "list<list<Role>>",
    "empty",
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "get",
    "/users",
    "/users/{user_id}",
    "/{x}/{x}",
    "/a-{x}",
    "users",
    "/users?x=1",
    "json_or_multipart",
    "multipart",
    "token",
    "api_token",
    "Api-Token",
    "https://api-{app_id}.example.com/v3",
    "https://{other}.example.com",
    "user_id",
    "next",
    "items",
    "type",
    "MESG",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => proptest::sample::select(SCALARS).prop_map(|s| Value::String(s.into())),
        1 => proptest::sample::select(NAMES).prop_map(|s| Value::String(s.into())),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => prop_oneof![Just(0i64), Just(1), Just(-1), Just(400100), Just(i64::MAX), any::<i64>()]
            .prop_map(|n| Value::Number(n.into())),
        1 => prop_oneof![Just(f64::INFINITY), Just(f64::NAN), Just(-0.5), Just(1e300), any::<f64>()]
            .prop_map(|f| Value::Number(f.into())),
        1 => Just(Value::Null),
    ]
}

fn key() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => proptest::sample::select(KEYWORDS).prop_map(|s| Value::String(s.into())),
        1 => proptest::sample::select(NAMES).prop_map(|s| Value::String(s.into())),
        1 => proptest::sample::select(SCALARS).prop_map(|s| Value::String(s.into())),
    ]
}

/// Arbitrary YAML trees whose keys come from the format's vocabulary.
fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            3 => proptest::collection::vec((key(), inner.clone()), 0..6)
                .prop_map(|entries| Value::Mapping(entries.into_iter().collect())),
            1 => proptest::collection::vec(inner, 0..4).prop_map(Value::Sequence),
        ]
    })
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Mapping(
        entries
            .into_iter()
            .map(|(k, v)| (Value::String(k.into()), v))
            .collect(),
    )
}

/// A value that is usually well-formed for its key, and sometimes anything at all.
fn maybe(good: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![8 => good, 1 => tree()].boxed()
}

fn named(value: BoxedStrategy<Value>, max: usize) -> BoxedStrategy<Value> {
    proptest::collection::vec((proptest::sample::select(NAMES), value), 0..max)
        .prop_map(|entries| {
            let mut m = Mapping::new();
            for (k, v) in entries {
                m.insert(Value::String(k.into()), v);
            }
            Value::Mapping(m)
        })
        .boxed()
}

fn field() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => scalar(),
        1 => (scalar(), scalar(), scalar()).prop_map(|(t, min, max)| map(vec![("type", t), ("min", min), ("max", max)])),
        1 => proptest::collection::vec(proptest::sample::select(NAMES), 0..4).prop_map(|values| {
            let values = values.into_iter().map(|v| Value::String(v.into())).collect();
            map(vec![("type", map(vec![("enum", Value::Sequence(values))]))])
        }),
    ]
    .boxed()
}

fn fields() -> BoxedStrategy<Value> {
    maybe(named(field(), 4))
}

fn type_def() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => fields().prop_map(|f| map(vec![("fields", f)])),
        1 => proptest::collection::vec(proptest::sample::select(NAMES), 0..4).prop_map(|values| {
            map(vec![("enum", Value::Sequence(values.into_iter().map(|v| Value::String(v.into())).collect()))])
        }),
        1 => (scalar(), named(scalar().boxed(), 3)).prop_map(|(tag, variants)| {
            map(vec![("union", map(vec![("tag", tag), ("variants", variants)]))])
        }),
    ]
    .boxed()
}

fn operation() -> BoxedStrategy<Value> {
    let body = prop_oneof![
        scalar(),
        (scalar(), fields())
            .prop_map(|(encoding, fields)| map(vec![("encoding", encoding), ("fields", fields)])),
    ];
    let response = prop_oneof![scalar(), fields().prop_map(|f| map(vec![("fields", f)]))];
    let pagination = (scalar(), scalar(), scalar())
        .prop_map(|(c, n, i)| map(vec![("cursor", c), ("next", n), ("items", i)]));
    let one_of = named(
        proptest::collection::vec(scalar(), 0..3)
            .prop_map(Value::Sequence)
            .boxed(),
        2,
    );
    (
        maybe(scalar()),
        maybe(scalar()),
        proptest::option::of(fields()),
        proptest::option::of(fields()),
        proptest::option::of(maybe(body)),
        maybe(response),
        proptest::option::of(maybe(pagination)),
        proptest::option::of(maybe(one_of)),
    )
        .prop_map(
            |(method, path, path_params, query, body, response, pagination, one_of)| {
                let mut m = vec![("method", method), ("path", path), ("response", response)];
                let optional = [
                    ("path_params", path_params),
                    ("query", query),
                    ("body", body),
                    ("pagination", pagination),
                    ("one_of", one_of),
                ];
                m.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
                map(m)
            },
        )
        .boxed()
}

/// An area file shaped like the format, with holes filled by anything.
fn area() -> BoxedStrategy<Value> {
    (
        maybe(Just(Value::Number(1.into()))),
        maybe(named(type_def(), 4)),
        maybe(named(operation(), 3)),
    )
        .prop_map(|(version, types, operations)| {
            map(vec![
                ("version", version),
                ("types", types),
                ("operations", operations),
            ])
        })
        .boxed()
}

const VALID_ROOT: &str = "\
version: 1
credentials:
  api_token: { doc: The token. }
auth:
  token: { header: Api-Token, credential: api_token }
services:
  chat: { title: Chat, base_url: 'https://api-{app_id}.example.com/v3', auth: token }
error_codes:
  - { code: 400100, name: Unknown }
";

fn root() -> BoxedStrategy<String> {
    prop_oneof![
        2 => Just(VALID_ROOT.to_owned()),
        1 => tree().prop_map(|v| serde_yaml::to_string(&v).unwrap()),
    ]
    .boxed()
}

/// Text built from YAML punctuation and the format's words.
fn yamlish() -> BoxedStrategy<String> {
    const TOKENS: &[&str] = &[
        ": ", "\n", "  ", "- ", "{", "}", "[", "]", ", ", "&a ", "*a", "!t ", "? ", "|", ">", "'",
        "\"", "#", "~", "---\n", "...\n", "<<: ", "1", "-1", ".inf", ".nan", "1e999", "\t",
    ];
    let word = prop_oneof![
        proptest::sample::select(TOKENS),
        proptest::sample::select(KEYWORDS),
        proptest::sample::select(SCALARS),
        proptest::sample::select(NAMES),
    ];
    prop_oneof![
        3 => proptest::collection::vec(word, 0..80).prop_map(|w| w.concat()),
        1 => ".{0,200}",
    ]
    .boxed()
}

/// Runs the generator on `api.yaml` and `chat/users.yaml`; fails on a panic or an
/// internal error.
fn generate(api: &str, users: &str) -> Result<bool, TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("api.yaml"), api).unwrap();
    std::fs::create_dir(tmp.path().join("chat")).unwrap();
    std::fs::write(tmp.path().join("chat/users.yaml"), users).unwrap();
    let shown = || format!("--- api.yaml\n{api}\n--- chat/users.yaml\n{users}");
    match catch_unwind(AssertUnwindSafe(|| codegen::generate(tmp.path()))) {
        Ok(Ok(_)) => Ok(true),
        Ok(Err(GenerateError::Invalid(d))) if !d.0.is_empty() => Ok(false),
        Ok(Err(GenerateError::Invalid(_))) => Err(TestCaseError::fail(format!(
            "rejected without a diagnostic:\n{}",
            shown()
        ))),
        Ok(Err(GenerateError::Internal(e))) => Err(TestCaseError::fail(format!(
            "internal error: {e}\n{}",
            shown()
        ))),
        Err(_) => Err(TestCaseError::fail(format!(
            "the generator panicked on:\n{}",
            shown()
        ))),
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn yamlish_text_never_panics_the_generator() {
    runner(128)
        .run(&(yamlish(), yamlish()), |(api, users)| {
            generate(&api, &users).map(drop)
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn yaml_trees_made_of_the_formats_words_never_panic_the_generator() {
    let strategy = (root(), prop_oneof![3 => area(), 1 => tree()]);
    runner(128)
        .run(&strategy, |(api, users)| {
            generate(&api, &serde_yaml::to_string(&users).unwrap()).map(drop)
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
