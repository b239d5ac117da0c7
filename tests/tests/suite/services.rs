//! A service is a YAML change only: every place the client names its services is
//! generated from `api-spec/`. The `services` fixture has two services added by YAML
//! alone, `gamma_store` (no feature: always compiled) and `delta` (feature `delta`),
//! beside `beta`, whose command-line variable is renamed with `env_name`. That the
//! generated files compile, with their feature gates and doc links, is
//! `fixtures_compile`'s part.

use crate::common;

fn services() -> codegen::Generated {
    let dir = common::workspace().join("tests/fixtures/specs/services");
    codegen::generate(&dir).unwrap_or_else(|e| panic!("the `services` fixture is valid:\n{e}"))
}

fn file<'g>(generated: &'g codegen::Generated, path: &str) -> &'g str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no generated `{path}`"))
        .contents
}

/// The text of the `impl` block that starts with `header`, up to its closing brace at
/// the start of a line.
fn impl_block<'t>(text: &'t str, header: &str) -> &'t str {
    let start = text
        .find(header)
        .unwrap_or_else(|| panic!("no `{header}` in:\n{text}"));
    let len = text[start..].find("\n}\n").expect("the block closes");
    &text[start..start + len]
}

/// The accessor `name` of a block, with the attributes just above it.
fn accessor<'t>(block: &'t str, name: &str) -> &'t str {
    let sig = format!("pub fn {name}(&self)");
    let at = block
        .find(&sig)
        .unwrap_or_else(|| panic!("no `{sig}` in:\n{block}"));
    let attrs_start = block[..at]
        .rfind("\n    }\n")
        .map_or_else(|| block.find('{').unwrap() + 1, |i| i + "\n    }\n".len());
    let end = at + block[at..].find("\n    }").unwrap();
    &block[attrs_start..end]
}

#[test]
fn a_service_added_in_yaml_gets_client_and_mock_accessors_behind_its_feature() {
    let generated = services();
    let text = file(&generated, codegen::names::ACCESSORS_FILE);
    let client = impl_block(text, "impl super::Client {");
    let mock = impl_block(text, "impl super::mock::MockServer {");
    assert!(
        text.contains("#[cfg(feature = \"mock\")]\nimpl super::mock::MockServer {"),
        "{text}"
    );
    for name in ["alpha", "beta", "delta", "gamma_store"] {
        assert!(
            client.contains(&format!("pub fn {name}(&self)")),
            "{client}"
        );
        assert!(mock.contains(&format!("pub fn {name}(&self)")), "{mock}");
    }

    let delta = accessor(client, "delta");
    assert!(delta.contains("#[cfg(feature = \"delta\")]"), "{delta}");
    assert!(delta.contains("/// The Delta API."), "{delta}");
    assert!(
        delta.contains("Added by YAML alone, with a feature"),
        "{delta}"
    );
    // Its default auth scheme `dashboard` uses the `basic` slot.
    assert!(
        delta.contains("[`ClientBuilder::basic_auth`](super::ClientBuilder::basic_auth)"),
        "{delta}"
    );
    assert!(
        delta.contains("-> super::generated::delta::Delta {"),
        "{delta}"
    );
    let delta_mock = accessor(mock, "delta");
    assert!(
        delta_mock.contains("#[cfg(feature = \"delta\")]"),
        "{delta_mock}"
    );
    assert!(
        delta_mock.contains("-> super::generated::delta::DeltaMock {"),
        "{delta_mock}"
    );

    // No `feature:`: compiled in every build, so no gate.
    let gamma = accessor(client, "gamma_store");
    assert!(!gamma.contains("#[cfg("), "{gamma}");
    assert!(
        gamma.contains("-> super::generated::gamma_store::GammaStore {"),
        "{gamma}"
    );
    assert!(!accessor(mock, "gamma_store").contains("#[cfg("));
}

#[test]
fn a_service_added_in_yaml_gets_its_cargo_feature_in_the_generated_block() {
    let generated = services();
    assert_eq!(
        codegen::features::block(&generated.api),
        "# Every service is compiled by default.\n\
         default = [\"alpha\", \"beta\", \"delta\"]\n\
         # Alpha API.\nalpha = []\n\
         # Beta API.\nbeta = []\n\
         # Delta API.\ndelta = []\n"
    );
}

#[test]
fn a_service_added_in_yaml_gets_a_command_and_a_base_url_variable() {
    let generated = services();
    let cli = file(&generated, "cli/mod.rs");
    for (service, env) in [
        ("alpha", "ALPHA"),
        ("beta", "BETA_ORG"),
        ("delta", "DELTA"),
        ("gamma_store", "GAMMA_STORE"),
    ] {
        let entry = format!("service: \"{service}\",\n        env_name: \"{env}\",");
        assert!(cli.contains(&entry), "no `{entry}` in:\n{cli}");
    }
    assert!(
        cli.contains("#[cfg(feature = \"delta\")]\n    __cli::Product {\n        name: \"delta\""),
        "{cli}"
    );
}

#[test]
fn a_service_added_in_yaml_gets_a_short_product_module_and_prelude_names() {
    let generated = services();
    let text = file(&generated, codegen::names::ACCESSORS_FILE);
    let products = impl_block(text, "pub mod products {");
    // `beta` is behind its feature, with its types and groups at one short path.
    assert!(
        products.contains(
            "#[cfg(feature = \"beta\")]\n    pub mod beta {\n        pub use super::super::super::generated::beta::types::*;\n        pub use super::super::super::generated::beta::*;\n    }"
        ),
        "{products}"
    );
    // `delta` declares no types: its empty `types` module is left out.
    assert!(
        products.contains(
            "/// The Delta API: its operation groups.\n    #[cfg(feature = \"delta\")]\n    pub mod delta {\n        pub use super::super::super::generated::delta::*;\n    }"
        ),
        "{products}"
    );
    // `gamma_store` has no feature: compiled in every build.
    let gamma = &products[products.find("pub mod gamma_store {").expect("gamma_store")..];
    let before = &products[..products.find("pub mod gamma_store {").unwrap()];
    assert!(
        !before.trim_end().ends_with(')'),
        "no cfg gate on gamma_store:\n{products}"
    );
    assert!(gamma.contains("generated::gamma_store::*;"), "{gamma}");

    let prelude = impl_block(text, "pub mod prelude {");
    assert!(
        prelude.contains(
            "#[cfg(feature = \"delta\")]\n    pub use super::{products::delta, super::generated::delta::Delta};"
        ),
        "{prelude}"
    );
    assert!(
        prelude.contains(
            "pub use super::{products::gamma_store, super::generated::gamma_store::GammaStore};"
        ),
        "{prelude}"
    );
}
