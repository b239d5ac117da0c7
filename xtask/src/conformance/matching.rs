//! Which upstream operation each of ours is.

use super::index::{normalise_path, Index, Operation};
use super::ours::{OurOp, Ours};
use std::collections::BTreeMap;

/// `2024-09 GET /v3/users listUsers`.
pub fn label(ix: &Index, up: &Operation) -> String {
    let date = ix
        .source
        .trim_end_matches(".yaml")
        .rsplit('-')
        .take(2)
        .collect::<Vec<_>>();
    let date = date.into_iter().rev().collect::<Vec<_>>().join("-");
    let id = up.operation_id.as_deref().unwrap_or("(no operationId)");
    format!("{date} {} {} {id}", up.method, up.path)
}

/// The upstream operation our operation is: same method and segments, where an
/// upstream placeholder may stand for one of our literal segments (upstream's
/// `/v3/{channel_type}/...` is our `/v3/group_channels/...` and
/// `/v3/open_channels/...`) when it is a selector (an enum, or a `..._type`
/// parameter). The most literal match wins.
pub fn best_match<'u>(
    op: &OurOp<'_>,
    upstream: &BTreeMap<&'u str, (&Index, &Operation)>,
) -> Option<&'u str> {
    let ours: Vec<&str> = op.full_path.split('/').collect();
    let mut best: Option<(usize, &str)> = None;
    for (key, (_, up)) in upstream {
        if up.method != op.method {
            continue;
        }
        let theirs: Vec<&str> = up.path.split('/').collect();
        if theirs.len() != ours.len() {
            continue;
        }
        let mut score = 0;
        let mut ok = true;
        for (a, b) in ours.iter().zip(&theirs) {
            match (is_placeholder(a), is_placeholder(b)) {
                (false, false) if a == b => score += 2,
                (true, true) => score += 2,
                (false, true) => {
                    let name = &b[1..b.len() - 1];
                    // Only a selector (an enum, or a `..._type` parameter such as
                    // `channel_type`) stands for a literal segment of ours.
                    let values = up
                        .params
                        .iter()
                        .find(|p| p.location == "path" && p.name == name)
                        .map(|p| p.schema.enum_values.as_slice())
                        .unwrap_or_default();
                    let selects = if values.is_empty() {
                        name.ends_with("_type")
                    } else {
                        values.iter().any(|v| v == a)
                    };
                    if selects {
                        score += 1;
                    } else {
                        ok = false;
                    }
                }
                _ => ok = false,
            }
        }
        if ok && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, key));
        }
    }
    best.map(|(_, k)| k)
}

pub fn is_placeholder(seg: &str) -> bool {
    seg.len() >= 2 && seg.starts_with('{') && seg.ends_with('}')
}

/// The file of our operation whose path shares the most leading segments with `path`.
pub fn closest_file(ours: &Ours<'_>, path: &str) -> String {
    let theirs: Vec<String> = normalise_path(path).split('/').map(str::to_owned).collect();
    let mut best: Option<(usize, &str)> = None;
    for op in &ours.ops {
        let common = normalise_path(&op.full_path)
            .split('/')
            .zip(&theirs)
            .take_while(|(a, b)| a == b)
            .count();
        if best.is_none_or(|(c, _)| common > c) {
            best = Some((common, op.file));
        }
    }
    best.map_or_else(|| "(none)".to_owned(), |(_, f)| f.to_owned())
}
