//! Types that contain themselves through required fields. A struct whose required
//! field holds (directly, or through other required struct fields) a value of the
//! struct itself has no finite value: no JSON document decodes into it, and its
//! generated `Default` would recurse forever. Such a cycle is reported; a cycle that
//! passes through an optional or nullable field, a list, a map or a union (whose
//! `Unknown` variant ends it) is fine, and lowering boxes it.

use crate::diag::{Diagnostics, Loc};
use crate::spec::{AreaDef, FieldDef, FieldType, TypeBody, TypeExprKind};
use std::collections::{BTreeMap, BTreeSet};

/// A required field of a struct that holds a struct: (wire name, where, target type).
type Edge<'a> = (String, &'a Loc, &'a str);

/// Reports each named struct of the service that reaches itself through required fields.
pub(super) fn check(d: &mut Diagnostics, areas: &[&AreaDef]) {
    let mut structs: BTreeMap<&str, &[FieldDef]> = BTreeMap::new();
    for a in areas {
        for t in &a.types {
            if let TypeBody::Struct(fields) = &t.def.body {
                structs.entry(t.name.as_str()).or_insert(fields);
            }
        }
    }
    let mut edges: BTreeMap<&str, Vec<Edge<'_>>> = BTreeMap::new();
    for (name, fields) in &structs {
        let out = edges.entry(name).or_default();
        required_edges(fields, "", &structs, out);
    }
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for start in structs.keys() {
        if reported.contains(start) {
            continue;
        }
        let Some(path) = cycle_from(start, &edges) else {
            continue;
        };
        let shown: Vec<String> = path
            .iter()
            .map(|(from, (field, _, _))| format!("`{from}.{field}`"))
            .collect();
        let (_, (field, loc, _)) = &path[0];
        d.error_hint(
            loc,
            format!(
                "type `{start}` contains itself through required fields ({}), so no finite value has this shape",
                shown.join(" → ")
            ),
            format!("make one field of the cycle optional (for example `{field}: {}?`), or hold the values in a list", path[0].1 .2),
        );
        reported.extend(path.iter().map(|(from, _)| *from));
    }
}

/// The required fields of `fields` that hold a named struct, looking into inline
/// structs (`prefix` names the inline field they are in).
fn required_edges<'a>(
    fields: &'a [FieldDef],
    prefix: &str,
    structs: &BTreeMap<&'a str, &'a [FieldDef]>,
    out: &mut Vec<Edge<'a>>,
) {
    for f in fields.iter().filter(|f| !f.optional && !f.nullable) {
        let wire = format!("{prefix}{}", f.wire);
        match &f.ty {
            FieldType::Expr(e) => {
                if let TypeExprKind::Named(n) = &e.kind {
                    if let Some((name, _)) = structs.get_key_value(n.as_str()) {
                        out.push((wire, &f.loc, name));
                    }
                }
            }
            FieldType::Inline(body, _) => {
                if let TypeBody::Struct(inner) = &**body {
                    required_edges(inner, &format!("{wire}."), structs, out);
                }
            }
        }
    }
}

/// The shortest cycle of required fields from `start` back to it, as (type, edge) steps.
fn cycle_from<'a>(
    start: &'a str,
    edges: &BTreeMap<&'a str, Vec<Edge<'a>>>,
) -> Option<Vec<(&'a str, Edge<'a>)>> {
    // Breadth-first, remembering how each type was reached.
    let mut came_from: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(from) = queue.pop_front() {
        for (i, (_, _, to)) in edges.get(from).into_iter().flatten().enumerate() {
            if came_from.contains_key(to) {
                continue;
            }
            came_from.insert(to, (from, i));
            if *to == start {
                let mut path = Vec::new();
                let mut at = start;
                loop {
                    let (prev, i) = came_from[at];
                    path.push((prev, edges[prev][i].clone()));
                    at = prev;
                    if at == start {
                        break;
                    }
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(to);
        }
    }
    None
}
