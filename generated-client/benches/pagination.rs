//! Pagination memory: streams users through `list_users().into_stream()` from a
//! loopback server (a child process, so its memory isn't counted) and reads this
//! process's resident memory (`VmRSS`) and its peak (`VmHWM`) at checkpoints.
//!
//! `cargo bench -p sendbird-platform --bench pagination -- [--items N] [--per-page N]`
//! prints `RESULT` lines that `cargo xtask bench` reads: `rss_kib <items> <VmRSS>
//! <VmHWM>` at the start (0 items), 1k, 10k, 50k and 100k items (those within N).

mod support;

use std::time::Instant;

use futures::TryStreamExt;
use sendbird_platform::Client;

use support::server::Server;

fn report_memory(items: usize) {
    let memory = support::proc::memory().expect("/proc/self/status");
    support::result(
        "rss_kib",
        &[items as f64, memory.rss_kib as f64, memory.hwm_kib as f64],
    );
}

fn main() {
    support::server::serve_if_asked();
    // Without `--bench` (`cargo test --benches`): a smoke test of 1,000 items.
    let items: usize = support::arg("--items", support::by_mode(100_000, 1_000));
    let per_page: usize = support::arg("--per-page", 100);
    let checkpoints = [1_000, 10_000, 50_000, 100_000, items];

    let server = Server::spawn(&["pages", &items.to_string(), &per_page.to_string()]);
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let client = Client::builder()
        .api_token("bench-api-token")
        .base_url("chat", server.base_url.clone())
        .build()
        .expect("a client");
    report_memory(0);
    let started = Instant::now();
    let seen = runtime.block_on(async {
        let limit = i32::try_from(per_page).expect("a page size that fits the API");
        let mut users = client
            .chat()
            .users()
            .list_users()
            .limit(limit)
            .into_stream();
        let mut seen = 0_usize;
        let mut reported = 0_usize;
        while let Some(user) = users.try_next().await.expect("a page") {
            std::hint::black_box(&user);
            seen += 1;
            if checkpoints.contains(&seen) && seen > reported {
                reported = seen;
                report_memory(seen);
            }
        }
        seen
    });
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(seen, items, "the stream must yield every item exactly once");
    support::result("items", &[seen as f64]);
    support::result("pages", &[(items / per_page) as f64]);
    let page = support::fixtures::list_page(&support::fixtures::users_array(0, per_page), "p1");
    support::result("page_bytes", &[page.len() as f64]);
    support::result("seconds", &[elapsed]);
    support::result("items_per_second", &[seen as f64 / elapsed]);
    drop(server);
}
