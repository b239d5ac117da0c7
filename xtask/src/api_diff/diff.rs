//! Compares two [`Surface`]s and rates each change by what it does to downstream code.

use super::model::{Item, Kind, Surface};
use std::collections::{BTreeMap, BTreeSet};

/// What a change does to code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled may stop compiling, or a call that worked may now be refused.
    Breaking,
    /// New API; existing code keeps compiling and working.
    Additive,
    /// Same Rust API, but a call does something else (docs, retries, pacing, paging).
    Behaviour,
}

impl Impact {
    /// The word the report uses.
    pub fn word(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::Behaviour => "behaviour",
        }
    }
}

/// One change of one item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Service name, or `crate`.
    pub product: String,
    /// Group name, `types`, or a crate-level area.
    pub area: String,
    /// Its rating.
    pub impact: Impact,
    /// The item's Rust path.
    pub path: String,
    /// What changed.
    pub what: String,
}

/// Every change, sorted by product, area, impact and path.
#[derive(Debug, Default)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

/// The release a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed in the API.
    None,
    /// Behaviour only.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

impl Diff {
    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The release these changes need, for a 1.x crate.
    pub fn bump(&self) -> Bump {
        if self.count(Impact::Breaking) > 0 {
            Bump::Major
        } else if self.count(Impact::Additive) > 0 {
            Bump::Minor
        } else if self.changes.is_empty() {
            Bump::None
        } else {
            Bump::Patch
        }
    }
}

/// `x` or `none` for an empty facet.
fn shown(v: &str) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        format!("`{v}`")
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Surface, new: &Surface) -> Diff {
    let removed: BTreeSet<&str> = old
        .items
        .keys()
        .filter(|k| !new.items.contains_key(*k))
        .map(String::as_str)
        .collect();
    let added: BTreeSet<&str> = new
        .items
        .keys()
        .filter(|k| !old.items.contains_key(*k))
        .map(String::as_str)
        .collect();

    // An operation that went away while one of the same service appeared with the same
    // method and path was renamed.
    let mut by_request: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for a in &added {
        let it = &new.items[*a];
        if it.kind == Kind::Operation {
            if let Some(r) = it.sig.get("request") {
                by_request.entry((&it.product, r)).or_default().push(a);
            }
        }
    }
    let mut renamed: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &removed {
        let it = &old.items[*r];
        if it.kind != Kind::Operation {
            continue;
        }
        if let Some(req) = it.sig.get("request") {
            if let Some([only]) = by_request
                .get(&(it.product.as_str(), req.as_str()))
                .map(Vec::as_slice)
            {
                renamed.insert(r, only);
            }
        }
    }
    let rename_targets: BTreeSet<&str> = renamed.values().copied().collect();

    let mut changes = Vec::new();
    let mut push = |it: &Item, path: &str, impact: Impact, what: String| {
        changes.push(Change {
            product: it.product.clone(),
            area: it.area.clone(),
            impact,
            path: path.to_owned(),
            what,
        });
    };
    let covered = |it: &Item, set: &BTreeSet<&str>| {
        it.parent.as_deref().is_some_and(|p| {
            set.contains(p) || rename_targets.contains(p) || renamed.contains_key(p)
        })
    };

    for r in &removed {
        let it = &old.items[*r];
        if covered(it, &removed) {
            continue;
        }
        let what = match renamed.get(r) {
            Some(to) => format!("renamed to `{to}` (same request {})", it.summary),
            None => format!("removed {}: {}", it.kind.noun(), it.summary),
        };
        push(it, r, Impact::Breaking, what);
    }
    for a in &added {
        let it = &new.items[*a];
        if covered(it, &added) || rename_targets.contains(a) {
            continue;
        }
        let existing_parent = it
            .parent
            .as_deref()
            .is_some_and(|p| old.items.contains_key(p));
        let (impact, what) = match it.kind {
            Kind::Setter if it.required && existing_parent => (
                Impact::Breaking,
                format!(
                    "new required input: {}; calls that don't set it are refused",
                    it.summary
                ),
            ),
            Kind::OneOfVariant if existing_parent => (
                Impact::Breaking,
                format!(
                    "new variant of an exhaustive enum: {}; a `match` on it stops compiling",
                    it.summary
                ),
            ),
            _ => (
                Impact::Additive,
                format!("new {}: {}", it.kind.noun(), it.summary),
            ),
        };
        push(it, a, impact, what);
    }
    for (path, o) in &old.items {
        let Some(n) = new.items.get(path) else {
            continue;
        };
        compare(o, n, &mut |impact, what| push(n, path, impact, what));
    }
    changes.sort();
    Diff { changes }
}

/// The changes of one item present on both sides.
fn compare(o: &Item, n: &Item, out: &mut impl FnMut(Impact, String)) {
    let facets: BTreeSet<&str> = o.sig.keys().chain(n.sig.keys()).copied().collect();
    for f in facets {
        let (a, b) = (
            o.sig.get(f).map_or("", String::as_str),
            n.sig.get(f).map_or("", String::as_str),
        );
        if a == b {
            continue;
        }
        let what = if o.kind == Kind::Field
            && b.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) == Some(a)
        {
            format!("required → optional: `{a}` → `{b}`")
        } else if o.kind == Kind::Field
            && a.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) == Some(b)
        {
            format!("optional → required: `{a}` → `{b}`")
        } else if o.kind == Kind::Operation && f == "request" {
            format!("path or HTTP method changed behind the same name: `{a}` → `{b}`")
        } else {
            format!("{f}: {} → {}", shown(a), shown(b))
        };
        out(Impact::Breaking, what);
    }
    if o.required != n.required {
        if n.required {
            out(
                Impact::Breaking,
                "becomes required: calls that don't set it are refused".into(),
            );
        } else {
            out(Impact::Additive, "no longer required".into());
        }
    }
    match (&o.deprecated, &n.deprecated) {
        (None, Some(note)) => out(Impact::Additive, format!("deprecated: {note}")),
        (Some(_), None) => out(Impact::Behaviour, "no longer deprecated".into()),
        (Some(a), Some(b)) if a != b => {
            out(Impact::Behaviour, format!("deprecation note: {b}"));
        }
        _ => {}
    }
    let facets: BTreeSet<&str> = o.attrs.keys().chain(n.attrs.keys()).copied().collect();
    for f in facets {
        let (a, b) = (
            o.attrs.get(f).map_or("", String::as_str),
            n.attrs.get(f).map_or("", String::as_str),
        );
        if a == b {
            continue;
        }
        let what = match f {
            "docs" => "docs changed".to_owned(),
            _ => format!("{f}: {} → {}", shown(a), shown(b)),
        };
        out(Impact::Behaviour, what);
    }
}
