//! Every fixture spec's generated code compiles against the real runtime with warnings
//! (including missing docs) denied, and so do its docs (broken intra-doc links denied).
//! All fixtures go into one scratch crate, one module each, so the dependencies are
//! built once.
//!
//! One generated file is not a module of the generated tree: the service accessors
//! (`client_accessors.rs`, `impl super::Client { pub fn chat(&self) .. }` and the same
//! on `super::mock::MockServer`; the short product modules and the prelude's service
//! names). The client crate includes it from its root, where
//! `Client` is its own type; this scratch crate can't add inherent methods to the
//! runtime's `Client`. So each fixture also gets a host module, `<fixture>_host`, that
//! includes the file with `#[path]` and defines what its paths name: `generated` (the
//! fixture's generated root), `ClientBuilder` (the runtime's, for doc links), and
//! stand-in `Client` and `mock::MockServer` types that dereference to the runtime's.
//! The accessors build their handles from `__rt::Client::clone(self)` (and
//! `__rt::MockServer::clone(self)`), which takes the stand-in by deref coercion, so the
//! file's text, signatures, feature gates and doc links are all checked unchanged. The
//! host re-exports the product modules and prelude names as the client crate does.

use crate::common;

use std::process::Command;

#[test]
fn generated_code_of_every_fixture_compiles_without_warnings() {
    let ws = common::workspace();
    let krate = ws.join("target/fixture-crate");
    let src = krate.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();

    let mut lib = String::from(
        "//! Generated fixtures.\n#![deny(warnings, missing_docs)]\n#[doc(hidden)]\npub use sendbird_platform::__private;\n/// The runtime's error, at the crate root as in the client crate (generated docs link to it).\npub use sendbird_platform::Error;\n",
    );
    // Every fixture's service features, as `cargo xtask codegen` writes them into the
    // client crate's manifest, all on.
    let mut features = std::collections::BTreeSet::new();
    for dir in common::fixture_dirs("specs") {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let generated =
            codegen::generate(&dir).unwrap_or_else(|e| panic!("fixture `{name}`:\n{e}"));
        features.extend(
            generated
                .api
                .services
                .iter()
                .filter_map(|s| s.feature.clone()),
        );
        for f in &generated.files {
            let path = src.join(&name).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
        assert!(
            generated
                .files
                .iter()
                .any(|f| f.path == codegen::names::ACCESSORS_FILE),
            "fixture `{name}` has no `{}`",
            codegen::names::ACCESSORS_FILE
        );
        std::fs::write(src.join(format!("{name}_host.rs")), accessors_host(&name)).unwrap();
        lib.push_str(&format!(
            "/// Fixture `{name}`.\npub mod {name};\n/// The service accessors of fixture `{name}`.\npub mod {name}_host;\n"
        ));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let manifest = format!(
        r#"[package]
name = "fixture-crate"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
sendbird-platform = {{ path = "{}", default-features = false }}
serde = {{ version = "1", features = ["derive"] }}

[features]
default = [{default}"mock"]
{service_features}# The generated stubs of the `mock` feature are compiled too.
mock = ["sendbird-platform/mock"]

[workspace]
"#,
        ws.join("generated-client").display(),
        default = features
            .iter()
            .map(|f| format!("{f:?}, "))
            .collect::<String>(),
        service_features = features
            .iter()
            .map(|f| format!("{f} = []\n"))
            .collect::<String>(),
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).unwrap();
    // Same dependency versions as the workspace.
    std::fs::copy(ws.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let out = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", ws.join("target/fixture-check"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the generated fixtures do not compile cleanly:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Their docs too: `deny(warnings)` makes a broken intra-doc link (a generated link
    // to another item, or spec prose read as a link) an error.
    let out = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", ws.join("target/fixture-check"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the docs of the generated fixtures have warnings:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The module that includes fixture `name`'s `client_accessors.rs`: see the module docs.
fn accessors_host(name: &str) -> String {
    format!(
        r#"//! Stand-ins for the client crate's root, where `client_accessors.rs` belongs.
use std::ops::Deref;

pub use super::{name} as generated;
pub use sendbird_platform::ClientBuilder;

/// Stands for the runtime's `Client`, which this crate can't add methods to.
#[derive(Debug, Clone)]
pub struct Client(pub sendbird_platform::Client);

impl Deref for Client {{
    type Target = sendbird_platform::Client;
    fn deref(&self) -> &Self::Target {{
        &self.0
    }}
}}

/// Stands for the runtime's `mock` module.
#[cfg(feature = "mock")]
pub mod mock {{
    use std::ops::Deref;

    /// Stands for the runtime's `MockServer`.
    #[derive(Debug, Clone)]
    pub struct MockServer(pub sendbird_platform::mock::MockServer);

    impl Deref for MockServer {{
        type Target = sendbird_platform::mock::MockServer;
        fn deref(&self) -> &Self::Target {{
            &self.0
        }}
    }}
}}

#[path = "{name}/{file}"]
mod client_accessors;

/// The short product modules, as the client crate's root re-exports them.
#[allow(unused_imports)]
pub use client_accessors::products::*;

/// The prelude's service names, as the client crate's prelude re-exports them.
pub mod prelude {{
    #[allow(unused_imports)]
    pub use super::client_accessors::prelude::*;
}}
"#,
        file = codegen::names::ACCESSORS_FILE
    )
}
