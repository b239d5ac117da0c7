//! What `cargo xtask codegen` writes, and `--check` compares: the generated client
//! modules, the generated wire tests, `ENDPOINTS.md`, the README's coverage table and
//! the services' features in the client crate's `Cargo.toml`.

use codegen::output::Planned;
use std::path::{Path, PathBuf};

/// The directories whose every `.rs` file the generator owns: the client's generated
/// modules and the generated wire tests.
pub fn owned_dirs(root: &Path) -> [PathBuf; 2] {
    [
        root.join("generated-client/src/generated"),
        root.join("tests/tests/suite/examples"),
    ]
}

/// Every file the generator owns in the workspace at `root`, with the text it must
/// have, and the directories whose every `.rs` file it owns. An error names a
/// hand-written file the generator can't update (the `Cargo.toml` without its markers).
pub fn plan(
    root: &Path,
    generated: &codegen::Generated,
) -> Result<(Vec<Planned>, Vec<PathBuf>), String> {
    let [gen_dir, examples_dir] = owned_dirs(root);
    let mut planned: Vec<Planned> = generated
        .files
        .iter()
        .map(|f| Planned {
            path: gen_dir.join(&f.path),
            contents: f.contents.clone(),
        })
        .collect();
    planned.extend(generated.test_files.iter().map(|f| Planned {
        path: examples_dir.join(f.path.trim_start_matches("examples/")),
        contents: f.contents.clone(),
    }));
    let readme = root.join("README.md");
    if let Some(contents) = std::fs::read_to_string(&readme)
        .ok()
        .and_then(|text| codegen::endpoints::readme_with_coverage(&text, &generated.api))
    {
        planned.push(Planned {
            path: readme,
            contents,
        });
    }
    planned.push(Planned {
        path: root.join("generated-client/ENDPOINTS.md"),
        contents: codegen::endpoints::markdown(&generated.api, "Endpoints"),
    });
    planned.push(cargo_toml(root, &generated.api)?);
    Ok((planned, vec![gen_dir, examples_dir]))
}

/// The client crate's manifest with the services' features of `api`.
pub fn cargo_toml(root: &Path, api: &codegen::ir::Api) -> Result<Planned, String> {
    let path = root.join("generated-client/Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let contents = codegen::features::cargo_toml_with_features(&text, api)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Planned { path, contents })
}
