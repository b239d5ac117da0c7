//! Decoding a 100-user `list_users` page (about 40 KB) into the generated types and
//! into `serde_json::Value`.
//!
//! `typed` is plain `serde_json::from_slice`, what the client does with a success
//! body; `typed_with_path` goes through `serde_path_to_error`, what the client does
//! again when that fails, so the error names the JSON path of the mismatch; `value`
//! is the untyped baseline.
//!
//! `cargo bench -p sendbird-platform --bench decode`; divan's options apply
//! (`-- --sample-count 50`, ...).

mod support;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use sendbird_platform::generated::chat::types::ListUsersResponse;

fn main() {
    let body = support::fixtures::hundred_user_page();
    // Checked once here so a broken fixture fails loudly rather than being measured.
    let page: ListUsersResponse = serde_json::from_slice(&body).expect("the page decodes");
    assert_eq!(page.users.len(), 100);
    println!("RESULT body_bytes {}", body.len());
    // `--repeat N --variant typed|value`: decode N times and exit, for instruction
    // counts under callgrind (which divan's own loop would blur).
    let repeat: usize = support::arg("--repeat", 0);
    if repeat > 0 {
        // Outputs are leaked, not dropped: like divan, count decoding only.
        let variant: String = support::arg("--variant", "typed".to_owned());
        match variant.as_str() {
            "typed" => (0..repeat).for_each(|_| std::mem::forget(decode_typed(black_box(&body)))),
            "value" => (0..repeat).for_each(|_| std::mem::forget(decode_value(black_box(&body)))),
            other => panic!("--variant expects typed or value, got {other:?}"),
        }
        return;
    }
    divan::main();
}

fn decode_typed(body: &[u8]) -> ListUsersResponse {
    serde_json::from_slice(body).unwrap()
}

fn decode_value(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}

fn page() -> Vec<u8> {
    support::fixtures::hundred_user_page()
}

#[divan::bench]
fn typed(bencher: Bencher) {
    let body = page();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| decode_typed(black_box(&body)));
}

#[divan::bench]
fn typed_with_path(bencher: Bencher) {
    let body = page();
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        let mut deserializer = serde_json::Deserializer::from_slice(black_box(&body));
        let page: ListUsersResponse = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        deserializer.end().unwrap();
        page
    });
}

#[divan::bench]
fn value(bencher: Bencher) {
    let body = page();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| decode_value(black_box(&body)));
}
