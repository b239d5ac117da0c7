//! The ledger of acknowledged differences (`api-spec/upstream/ledger.yaml`).
//!
//! Each ledger entry names one difference by its key (subject, kind, item) and says
//! why we keep it, with a reason from a fixed set. An entry that matches no difference
//! any more is stale, and stale entries fail the check like unacknowledged
//! differences do, so the ledger can't rot.

use super::compare::{Difference, Key, Kind, Subject};
use super::ours::Ours;
use codegen::spec::{BodyContent, FieldDef, TypeBody};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Why a difference is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Upstream's file says one thing, Sendbird's docs page (`page:`) another; we
    /// follow the page.
    UpstreamContradictsDocs,
    /// Upstream's files disagree with themselves (two operations, or two versions).
    UpstreamSelfContradiction,
    /// We keep an older form of the API, marked `deprecated:` in `api-spec/`.
    OlderApiKeptDeprecated,
    /// Ours is deliberately stricter (an enum, a unit-carrying timestamp, a narrower
    /// integer) than upstream's plain type.
    StricterType,
    /// Upstream lists something the Platform API doesn't have (an SDK-side value, a
    /// generator artefact).
    NotInApi,
    /// Ours has it from a public docs page (`page:`) that the OpenAPI file lacks.
    DocsOnly,
}

impl Reason {
    /// Every reason, in report order.
    pub const ALL: [Reason; 6] = [
        Reason::UpstreamContradictsDocs,
        Reason::UpstreamSelfContradiction,
        Reason::OlderApiKeptDeprecated,
        Reason::StricterType,
        Reason::NotInApi,
        Reason::DocsOnly,
    ];

    /// The reason's name in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Reason::UpstreamContradictsDocs => "upstream-contradicts-docs",
            Reason::UpstreamSelfContradiction => "upstream-self-contradiction",
            Reason::OlderApiKeptDeprecated => "older-api-kept-deprecated",
            Reason::StricterType => "stricter-type",
            Reason::NotInApi => "not-in-api",
            Reason::DocsOnly => "docs-only",
        }
    }

    fn needs_page(self) -> bool {
        matches!(self, Reason::UpstreamContradictsDocs | Reason::DocsOnly)
    }
}

/// The ledger file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[serde(default)]
    entries: Vec<Entry>,
}

/// One acknowledged difference.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Subject: one of our operations (`chat.users.list_users`)...
    #[serde(default)]
    pub op: Option<String>,
    /// ...one of our types (`chat.User`)...
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    /// ...or an upstream operation we don't have (`GET /v3/users/{}`).
    #[serde(default)]
    pub upstream: Option<String>,
    /// The difference's kind (`type-mismatch`).
    pub kind: String,
    /// The parameter or field (`query.limit`); absent for a whole operation.
    #[serde(default)]
    pub item: String,
    /// Why we keep it.
    pub reason: Reason,
    /// The docs page that backs the reason (required for `upstream-contradicts-docs`
    /// and `docs-only`).
    #[serde(default)]
    pub page: Option<String>,
    /// What was checked, in a sentence.
    pub note: String,
}

impl Entry {
    /// The key of the difference the entry acknowledges.
    pub fn key(&self) -> Result<Key, String> {
        let subject = match (&self.op, &self.type_name, &self.upstream) {
            (Some(o), None, None) => Subject::Op(o.clone()),
            (None, Some(t), None) => Subject::Type(t.clone()),
            (None, None, Some(u)) => Subject::Upstream(u.clone()),
            _ => return Err("give exactly one of `op`, `type` and `upstream`".to_owned()),
        };
        let kind = Kind::parse(&self.kind).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown kind `{}` (kinds: {})", self.kind, names.join(", "))
        })?;
        Ok((subject, kind, self.item.clone()))
    }

    /// `op chat.users.list_users type-mismatch query.limit`.
    pub fn describe(&self) -> String {
        match self.key() {
            Ok((s, k, i)) => format!("{s} {} {i}", k.name()).trim_end().to_owned(),
            Err(_) => format!("{self:?}"),
        }
    }
}

/// The ledger, read and checked.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Entries by key.
    pub entries: BTreeMap<Key, Entry>,
    /// Problems with the file itself (each fails the check).
    pub errors: Vec<String>,
}

/// Reads the ledger; a missing file is an empty ledger.
pub fn read(path: &Path, ours: &Ours<'_>) -> Ledger {
    let mut ledger = Ledger::default();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return ledger,
        Err(e) => {
            ledger.errors.push(format!("cannot read the ledger: {e}"));
            return ledger;
        }
    };
    let file: File = match serde_yaml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            ledger.errors.push(format!("the ledger is not valid: {e}"));
            return ledger;
        }
    };
    if file.version != 1 {
        ledger
            .errors
            .push(format!("ledger version {} (expected 1)", file.version));
    }
    for (i, entry) in file.entries.into_iter().enumerate() {
        let at = format!("ledger entry {}", i + 1);
        let key = match entry.key() {
            Ok(k) => k,
            Err(e) => {
                ledger.errors.push(format!("{at}: {e}"));
                continue;
            }
        };
        if entry.reason.needs_page() && entry.page.as_deref().is_none_or(str::is_empty) {
            ledger.errors.push(format!(
                "{at} ({}): reason `{}` needs the `page:` that backs it",
                entry.describe(),
                entry.reason.name()
            ));
        }
        if entry.note.trim().is_empty() {
            ledger
                .errors
                .push(format!("{at} ({}): the `note` is empty", entry.describe()));
        }
        if entry.reason == Reason::OlderApiKeptDeprecated && !is_deprecated(ours, &key) {
            ledger.errors.push(format!(
                "{at} ({}): reason `older-api-kept-deprecated`, but api-spec/ doesn't mark it `deprecated:`",
                entry.describe()
            ));
        }
        if ledger.entries.insert(key, entry.clone()).is_some() {
            ledger
                .errors
                .push(format!("{at} ({}): listed twice", entry.describe()));
        }
    }
    ledger
}

/// Whether the operation, or its parameter or field the key names (`query.member`,
/// `body.operators`, a type's `left`), is marked `deprecated:` in `api-spec/`.
fn is_deprecated(ours: &Ours<'_>, key: &Key) -> bool {
    let (subject, _, item) = key;
    match subject {
        Subject::Op(id) => {
            let Some(op) = ours.ops.iter().find(|o| &o.id == id) else {
                return false;
            };
            let def = op.def;
            let Some((location, name)) = item.split_once('.') else {
                return item.is_empty() && def.deprecated.is_some();
            };
            let body: Vec<&FieldDef> = match def.body.as_ref().map(|b| &b.content) {
                Some(BodyContent::Fields(f)) => f.iter().collect(),
                _ => Vec::new(),
            };
            let fields: Vec<&FieldDef> = match location {
                "query" => def.query.iter().collect(),
                "header" => def.headers.iter().collect(),
                "body" => body,
                _ => Vec::new(),
            };
            fields
                .iter()
                .any(|f| f.wire == name && f.deprecated.is_some())
        }
        Subject::Type(name) => {
            let Some((service, name)) = name.split_once('.') else {
                return false;
            };
            ours.named(service, name)
                .is_some_and(|t| match &t.def.body {
                    TypeBody::Struct(fields) => fields
                        .iter()
                        .any(|f| &f.wire == item && f.deprecated.is_some()),
                    _ => false,
                })
        }
        Subject::Upstream(_) => false,
    }
}

/// Which differences the ledger acknowledges (with its entry), which it doesn't, and
/// the entries that match nothing.
pub struct Split<'d> {
    /// Acknowledged differences and their entries.
    pub acknowledged: Vec<(&'d Difference, Entry)>,
    /// Differences the ledger doesn't name.
    pub open: Vec<&'d Difference>,
    /// Entries that match no difference.
    pub stale: Vec<Entry>,
}

/// Splits the differences by the ledger.
pub fn split<'d>(ledger: &Ledger, diffs: &'d [Difference]) -> Split<'d> {
    let mut remaining = ledger.entries.clone();
    let mut acknowledged = Vec::new();
    let mut open = Vec::new();
    for d in diffs {
        match remaining.remove(&d.key()) {
            Some(e) => acknowledged.push((d, e)),
            None => open.push(d),
        }
    }
    Split {
        acknowledged,
        open,
        stale: remaining.into_values().collect(),
    }
}
