//! The report of a [`Diff`]: text for the terminal, a markdown changelog section, and
//! the one-line summary `cargo xtask codegen` ends with.

use super::diff::{Bump, Change, Diff, Impact};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A crate version `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    /// Reads `1.2.3` (pre-release and build suffixes are ignored).
    pub fn parse(s: &str) -> Option<Version> {
        let core = s.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        Some(Version(parts.next()??, parts.next()??, parts.next()??))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// What to label the two sides with.
pub struct Sides<'a> {
    /// The old side (`api-spec/ at HEAD`).
    pub old: &'a str,
    /// The new side (`the working tree`).
    pub new: &'a str,
}

/// The semver verdict, for a 1.x crate and for this 0.x (or 1.x) version.
pub fn verdict(bump: Bump, crate_name: &str, v: Version) -> String {
    let Version(major, minor, patch) = v;
    let (level, why) = match bump {
        Bump::None => return "semver: no API change: nothing to release for the API".into(),
        Bump::Patch => ("patch", "behaviour changes only"),
        Bump::Minor => ("minor", "additions only"),
        Bump::Major => ("major", "breaking changes"),
    };
    let next = if major == 0 {
        match bump {
            Bump::Major => Version(0, minor + 1, 0),
            _ => Version(0, minor, patch + 1),
        }
    } else {
        match bump {
            Bump::Major => Version(major + 1, 0, 0),
            Bump::Minor => Version(major, minor + 1, 0),
            _ => Version(major, minor, patch + 1),
        }
    };
    let zero = if major == 0 {
        match bump {
            Bump::Major => format!(
                "; {crate_name} {v} is 0.x, where cargo treats a minor bump as breaking: release {next} (at 1.x it would be a major release)"
            ),
            Bump::Minor => format!(
                "; {crate_name} {v} is 0.x, where cargo treats a patch bump as compatible: release {next} (at 1.x it would be a minor release)"
            ),
            _ => format!("; release {crate_name} {next}"),
        }
    } else {
        format!(": release {crate_name} {next}")
    };
    format!("semver: {level} ({why}){zero}")
}

fn counts(d: &Diff) -> String {
    let parts: Vec<String> = [Impact::Breaking, Impact::Additive, Impact::Behaviour]
        .into_iter()
        .filter_map(|i| {
            let n = d.count(i);
            (n > 0).then(|| format!("{n} {}", i.word()))
        })
        .collect();
    parts.join(", ")
}

fn area_label(c: &Change) -> String {
    if c.area.is_empty() {
        c.product.clone()
    } else {
        format!("{} / {}", c.product, c.area)
    }
}

/// The report for the terminal.
pub fn text(d: &Diff, sides: &Sides, crate_name: &str, version: Version) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api-diff: {} → {}", sides.old, sides.new);
    if d.changes.is_empty() {
        out.push_str("\nno changes to the generated API\n");
    }
    let mut by_area: BTreeMap<(&str, &str), Vec<&Change>> = BTreeMap::new();
    for c in &d.changes {
        by_area.entry((&c.product, &c.area)).or_default().push(c);
    }
    for changes in by_area.values() {
        let _ = writeln!(out, "\n{}", area_label(changes[0]));
        for c in changes {
            let _ = writeln!(out, "  {:<10} {}", c.impact.word(), c.path);
            let _ = writeln!(out, "             {}", c.what);
        }
    }
    if !d.changes.is_empty() {
        let _ = writeln!(out, "\n{}", counts(d));
    }
    let _ = writeln!(out, "{}", verdict(d.bump(), crate_name, version));
    out
}

/// A changelog section a maintainer can paste.
pub fn markdown(d: &Diff, sides: &Sides, crate_name: &str, version: Version) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API changes ({} → {})\n", sides.old, sides.new);
    if d.changes.is_empty() {
        out.push_str("No changes to the generated API.\n");
    }
    for (impact, title) in [
        (Impact::Breaking, "Breaking"),
        (Impact::Additive, "Added"),
        (Impact::Behaviour, "Behaviour"),
    ] {
        let mut by_area: BTreeMap<(&str, &str), Vec<&Change>> = BTreeMap::new();
        for c in d.changes.iter().filter(|c| c.impact == impact) {
            by_area.entry((&c.product, &c.area)).or_default().push(c);
        }
        if by_area.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n");
        for changes in by_area.values() {
            let _ = writeln!(out, "- **{}**", area_label(changes[0]));
            for c in changes {
                let _ = writeln!(out, "  - `{}`: {}", c.path, c.what);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "_{}_", verdict(d.bump(), crate_name, version));
    out
}

/// The line `cargo xtask codegen` ends with.
pub fn summary(d: &Diff, against: &str) -> String {
    if d.changes.is_empty() {
        format!("api: no changes against {against}")
    } else {
        format!(
            "api: {} against {against} (run `cargo xtask api-diff`)",
            counts(d)
        )
    }
}
