//! Request overhead: the generated client against a hand-written reqwest + serde call of
//! the same endpoint (`GET /v3/users/{user_id}`, a canned ~2 KB user from a loopback
//! server in a child process).
//!
//! Both sides use a `reqwest::Client` built with the runtime's settings (connect
//! timeout, no redirects; the generated client gets its own through
//! `ClientBuilder::http_client`), send the same headers and decode the body. Rounds
//! alternate which side goes first, so drift in machine load hits both alike.
//!
//! `cargo bench -p sendbird-platform --bench overhead -- [--calls N] [--rounds R]
//! [--concurrency C] [--concurrent-calls N] [--concurrent-rounds R] [--warmup N]`
//! prints `RESULT` lines that `cargo xtask bench` reads. Without `--bench` (as
//! `cargo test --benches` runs it) the defaults shrink to a smoke test. `--side
//! generated` (or `baseline`) runs only `--calls` sequential calls of one side, for
//! profiling.

mod support;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use sendbird_platform::Client;
use serde::Deserialize;

use support::server::Server;

const TOKEN: &str = "bench-api-token";
const USER_ID: &str = "user-000001";
/// What the runtime sends by default.
const AGENT: &str = concat!("sendbird-platform-rust/", env!("CARGO_PKG_VERSION"));

/// Path-segment encoding: everything but RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The user as a careful hand-written client would declare it: every field of the
/// canned body that the generated `User` decodes too, so both sides do the same work.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HandUser {
    user_id: String,
    #[serde(default)]
    nickname: Option<String>,
    #[serde(default)]
    profile_url: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    is_online: Option<bool>,
    #[serde(default)]
    is_active: Option<bool>,
    #[serde(default)]
    last_seen_at: Option<i64>,
    #[serde(default)]
    created_at: Option<i64>,
    #[serde(default)]
    has_ever_logged_in: Option<bool>,
    #[serde(default)]
    discovery_keys: Option<Vec<String>>,
    #[serde(default)]
    preferred_languages: Option<Vec<String>>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    require_auth_for_profile_image: Option<bool>,
    #[serde(default)]
    metadata: Option<BTreeMap<String, String>>,
    #[serde(default)]
    phone_number: Option<String>,
    #[serde(default)]
    is_shadow_blocked: Option<bool>,
    #[serde(default)]
    session_tokens: Option<Vec<HandSessionToken>>,
}

/// An item of the user's `session_tokens`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HandSessionToken {
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default)]
    expires_at: Option<i64>,
}

/// The settings `ClientBuilder::build` uses for the client it builds itself.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

/// One side of the comparison.
#[derive(Clone)]
enum Side {
    Baseline {
        http: reqwest::Client,
        base_url: Arc<str>,
    },
    Generated(Client),
}

impl Side {
    fn name(&self) -> &'static str {
        match self {
            Side::Baseline { .. } => "baseline",
            Side::Generated(_) => "generated",
        }
    }

    /// One `view_user` call; returns the user id read from the response.
    fn call(&self) -> impl Future<Output = String> + Send + 'static {
        let side = self.clone();
        async move {
            match side {
                Side::Baseline { http, base_url } => {
                    let url = format!("{base_url}/users/{}", utf8_percent_encode(USER_ID, SEGMENT));
                    let response = http
                        .get(url)
                        .timeout(Duration::from_secs(30))
                        .header(ACCEPT, "application/json")
                        .header(USER_AGENT, AGENT)
                        .header(CONTENT_TYPE, "application/json; charset=utf8")
                        .header("Api-Token", TOKEN)
                        .send()
                        .await
                        .expect("baseline request");
                    assert!(response.status().is_success(), "{}", response.status());
                    let body = response.bytes().await.expect("baseline body");
                    let user: HandUser = serde_json::from_slice(&body).expect("baseline decode");
                    user.user_id
                }
                Side::Generated(client) => {
                    let user = client
                        .chat()
                        .users()
                        .view_user(USER_ID)
                        .send()
                        .await
                        .expect("generated request");
                    user.user_id
                }
            }
        }
    }
}

/// A fresh pair of clients with the same settings: (hand-written, generated).
fn sides(server: &Server) -> (Side, Side) {
    let baseline = Side::Baseline {
        http: http_client(),
        base_url: server.base_url.as_str().into(),
    };
    let generated = Side::Generated(
        Client::builder()
            .api_token(TOKEN)
            .base_url("chat", server.base_url.clone())
            .http_client(http_client())
            .build()
            .expect("a client"),
    );
    (baseline, generated)
}

/// `calls` calls one after the other.
async fn sequential(side: &Side, calls: usize) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        let id = side.call().await;
        debug_assert_eq!(id, USER_ID);
        std::hint::black_box(id);
    }
    started.elapsed()
}

/// `calls` calls, `concurrency` in flight at any time (one task each).
async fn concurrent(side: &Side, calls: usize, concurrency: usize) -> Duration {
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let side = side.clone();
            let share = calls / concurrency + usize::from(task < calls % concurrency);
            tokio::spawn(async move {
                for _ in 0..share {
                    std::hint::black_box(side.call().await);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a benchmark task");
    }
    started.elapsed()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Ratio of totals, and the median, min and max of the per-round ratios.
fn report_ratio(key: &str, numerators: &[Duration], denominators: &[Duration]) {
    let total = |d: &[Duration]| d.iter().map(Duration::as_secs_f64).sum::<f64>();
    let mut per_round: Vec<f64> = numerators
        .iter()
        .zip(denominators)
        .map(|(n, d)| n.as_secs_f64() / d.as_secs_f64())
        .collect();
    let overall = total(numerators) / total(denominators);
    let med = median(&mut per_round);
    let (min, max) = (per_round[0], per_round[per_round.len() - 1]);
    support::result(key, &[overall, med, min, max]);
}

/// Per-call microseconds: median, min and max over rounds.
fn report_per_call(key: &str, rounds: &[Duration], calls_per_round: usize) {
    let mut micros: Vec<f64> = rounds
        .iter()
        .map(|d| d.as_secs_f64() * 1e6 / calls_per_round as f64)
        .collect();
    let med = median(&mut micros);
    support::result(key, &[med, micros[0], micros[micros.len() - 1]]);
}

fn main() {
    support::server::serve_if_asked();
    let by_mode = support::by_mode;
    let calls: usize = support::arg("--calls", by_mode(10_000, 40));
    let rounds: usize = support::arg("--rounds", by_mode(20, 2)).max(1);
    let concurrency: usize = support::arg("--concurrency", 64).max(1);
    let concurrent_calls: usize = support::arg("--concurrent-calls", by_mode(10_000, 128));
    let concurrent_rounds: usize = support::arg("--concurrent-rounds", by_mode(10, 2)).max(1);
    let warmup: usize = support::arg("--warmup", by_mode(500, 10));

    let server = Server::spawn(&["user"]);
    let body_len = support::fixtures::view_user_body().len();
    // Sequential calls run on a current-thread runtime: with one thread there is no
    // hand-off between the caller and hyper's connection task, whose wake-up latency
    // would otherwise dominate and amplify small CPU differences (`--seq-runtime
    // multi` shows that). Concurrent calls run on the multi-thread runtime. Each phase
    // has its own clients: a pooled connection belongs to the runtime that opened it.
    let multi = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let seq_runtime: String = support::arg("--seq-runtime", "current".to_owned());
    let seq_rt = match seq_runtime.as_str() {
        "current" => &current,
        "multi" => &multi,
        other => panic!("--seq-runtime expects current or multi, got {other:?}"),
    };

    // `--side generated|baseline`: only `--calls` sequential calls of one side, for
    // profiling (`valgrind --tool=callgrind`, instruction counts per call).
    let only: String = support::arg("--side", String::new());
    if !only.is_empty() {
        let (baseline, generated) = sides(&server);
        let side = match only.as_str() {
            "generated" => &generated,
            "baseline" => &baseline,
            other => panic!("--side expects generated or baseline, got {other:?}"),
        };
        let took = seq_rt.block_on(async {
            assert_eq!(side.call().await, USER_ID);
            sequential(side, warmup).await;
            sequential(side, calls).await
        });
        support::result(
            "side_us_per_call",
            &[took.as_secs_f64() * 1e6 / calls.max(1) as f64],
        );
        return;
    }

    let (baseline, generated) = sides(&server);
    let per_round = (calls / rounds).max(1);
    let mut seq: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let server_cpu = server.cpu_time();
    let started = Instant::now();
    seq_rt.block_on(async {
        // Same answer from both, and connections and caches warm.
        assert_eq!(baseline.call().await, USER_ID);
        assert_eq!(generated.call().await, USER_ID);
        for side in [&baseline, &generated] {
            sequential(side, warmup).await;
        }
        for round in 0..rounds {
            let order = if round % 2 == 0 {
                [&baseline, &generated]
            } else {
                [&generated, &baseline]
            };
            for side in order {
                let took = sequential(side, per_round).await;
                seq.entry(side.name()).or_default().push(took);
            }
        }
    });
    let seq_server_busy =
        (server.cpu_time() - server_cpu).as_secs_f64() / started.elapsed().as_secs_f64();
    drop((baseline, generated));

    let (baseline, generated) = sides(&server);
    let per_round_concurrent = (concurrent_calls / concurrent_rounds).max(concurrency);
    let mut conc: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let server_cpu = server.cpu_time();
    let started = Instant::now();
    multi.block_on(async {
        for side in [&baseline, &generated] {
            assert_eq!(side.call().await, USER_ID);
            concurrent(side, warmup.max(concurrency), concurrency).await;
        }
        for round in 0..concurrent_rounds {
            let order = if round % 2 == 0 {
                [&baseline, &generated]
            } else {
                [&generated, &baseline]
            };
            for side in order {
                let took = concurrent(side, per_round_concurrent, concurrency).await;
                conc.entry(side.name()).or_default().push(took);
            }
        }
    });
    let conc_server_busy =
        (server.cpu_time() - server_cpu).as_secs_f64() / started.elapsed().as_secs_f64();

    {
        support::result("body_bytes", &[body_len as f64]);
        support::result("seq_calls_per_side", &[(per_round * rounds) as f64]);
        support::result("seq_rounds", &[rounds as f64]);
        report_per_call("seq_baseline_us", &seq["baseline"], per_round);
        report_per_call("seq_generated_us", &seq["generated"], per_round);
        // Time ratio generated / baseline: 1.03 means the generated client is 3% slower.
        report_ratio("seq_time_ratio", &seq["generated"], &seq["baseline"]);
        support::result("seq_server_cpu_share", &[seq_server_busy]);

        support::result(
            "conc_calls_per_side",
            &[(per_round_concurrent * concurrent_rounds) as f64],
        );
        support::result("conc_rounds", &[concurrent_rounds as f64]);
        support::result("concurrency", &[concurrency as f64]);
        let throughput = |rounds: &[Duration]| {
            let total: f64 = rounds.iter().map(Duration::as_secs_f64).sum();
            (per_round_concurrent * rounds.len()) as f64 / total
        };
        support::result("conc_baseline_rps", &[throughput(&conc["baseline"])]);
        support::result("conc_generated_rps", &[throughput(&conc["generated"])]);
        // Throughput ratio generated / baseline = time ratio baseline / generated.
        report_ratio(
            "conc_throughput_ratio",
            &conc["baseline"],
            &conc["generated"],
        );
        support::result("conc_server_cpu_share", &[conc_server_busy]);
    }
    drop(server);
}
