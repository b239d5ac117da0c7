//! The comparison of `api-spec/` with the upstream fact indexes: every difference,
//! by kind, with a stable key (subject + kind + item) the ledger can name.

pub use super::difference::{Difference, Key, Kind, Subject};
use super::index::{Index, Operation, Schema};
use super::matching::{best_match, closest_file, is_placeholder, label};
use super::ours::{OurOp, Ours};
use codegen::spec::{
    BodyContent, Encoding, FieldDef, FieldType, Prim, ResponseDef, TypeBody, TypeExprKind,
};
use std::collections::{BTreeMap, BTreeSet};

/// Compares the spec with the indexes (newest first: an operation is compared with
/// the newest file that has it). The result is sorted by key.
pub fn compare(ours: &Ours<'_>, indexes: &[Index]) -> Vec<Difference> {
    let mut upstream: BTreeMap<&str, (&Index, &Operation)> = BTreeMap::new();
    for ix in indexes {
        for (key, op) in &ix.operations {
            upstream.entry(key.as_str()).or_insert((ix, op));
        }
    }
    let mut out = Out::default();
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    let mut services_matched: BTreeSet<&str> = BTreeSet::new();
    let mut unmatched: Vec<&OurOp<'_>> = Vec::new();
    for op in &ours.ops {
        match best_match(op, &upstream) {
            Some(key) => {
                matched.insert(key);
                services_matched.insert(op.service);
                let (ix, up) = upstream[key];
                let mut cx = Cx {
                    ours,
                    ix,
                    op,
                    upstream: label(ix, up),
                    out: &mut out,
                };
                cx.operation(up);
            }
            None => unmatched.push(op),
        }
    }
    for op in unmatched {
        // The organization service is compared only where upstream has it at all.
        if op.service != "chat" && !services_matched.contains(op.service) {
            continue;
        }
        out.add(Difference {
            subject: Subject::Op(op.id.clone()),
            kind: Kind::ExtraOperation,
            item: String::new(),
            file: op.file.to_owned(),
            detail: format!(
                "{} {} is not in the upstream files",
                op.method, op.full_path
            ),
            upstream: String::new(),
            via: BTreeSet::new(),
        });
    }
    for (key, (ix, up)) in &upstream {
        if matched.contains(key) {
            continue;
        }
        out.add(Difference {
            subject: Subject::Upstream((*key).to_owned()),
            kind: Kind::MissingOperation,
            item: String::new(),
            file: closest_file(ours, &up.path),
            detail: format!(
                "{} {}{}",
                up.method,
                up.path,
                up.operation_id
                    .as_ref()
                    .map_or(String::new(), |id| format!(" ({id})"))
            ),
            upstream: label(ix, up),
            via: BTreeSet::new(),
        });
    }
    out.0.into_values().collect()
}

/// The differences found so far, by key; a type difference found again through
/// another operation only adds that operation to `via`.
#[derive(Default)]
struct Out(BTreeMap<Key, Difference>);

impl Out {
    fn add(&mut self, d: Difference) {
        match self.0.get_mut(&d.key()) {
            Some(first) => first.via.extend(d.via),
            None => {
                self.0.insert(d.key(), d);
            }
        }
    }
}

/// Whether the comparison is of a request or a response.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

/// Where the fields being compared are.
#[derive(Clone)]
struct At {
    subject: Subject,
    file: String,
    /// Item prefix (`body.`, `response.`, `users[].`, or empty inside a type).
    prefix: String,
    dir: Dir,
    /// Our named types entered so far (no type is entered twice on one path).
    stack: Vec<String>,
}

/// One upstream/ours pair being compared.
struct Cx<'c, 'a> {
    ours: &'c Ours<'a>,
    ix: &'c Index,
    op: &'c OurOp<'a>,
    upstream: String,
    out: &'c mut Out,
}

/// A parameter or body field on one side, for pairing.
struct Item<'x> {
    location: &'static str,
    name: String,
    up: Option<(&'x Schema, bool)>,
    ours: Option<&'x FieldDef>,
}

impl<'a> Cx<'_, 'a> {
    fn add(&mut self, at: &At, kind: Kind, item: String, detail: String) {
        let via = match at.subject {
            Subject::Type(_) => BTreeSet::from([self.op.id.clone()]),
            _ => BTreeSet::new(),
        };
        self.out.add(Difference {
            subject: at.subject.clone(),
            kind,
            item,
            file: at.file.clone(),
            detail,
            upstream: self.upstream.clone(),
            via,
        });
    }

    fn op_at(&self, prefix: &str, dir: Dir) -> At {
        At {
            subject: Subject::Op(self.op.id.clone()),
            file: self.op.file.to_owned(),
            prefix: prefix.to_owned(),
            dir,
            stack: Vec::new(),
        }
    }

    fn operation(&mut self, up: &Operation) {
        let def = self.op.def;
        let at = self.op_at("", Dir::Request);
        // Path parameters, by position (their names are not on the wire).
        let ours: Vec<&str> = self.op.full_path.split('/').collect();
        let theirs: Vec<&str> = up.path.split('/').collect();
        for (a, b) in ours.iter().zip(&theirs) {
            if !(is_placeholder(a) && is_placeholder(b)) {
                continue;
            }
            let (a, b) = (&a[1..a.len() - 1], &b[1..b.len() - 1]);
            let up_p = up
                .params
                .iter()
                .find(|p| p.location == "path" && p.name == b);
            let our_p = def.path_params.iter().find(|f| f.wire == a);
            if let (Some(u), Some(o)) = (up_p, our_p) {
                self.field(&at, &format!("path.{a}"), &u.schema, None, o);
            }
        }
        // Query, header and body items, paired by location and name.
        let mut items: Vec<Item<'_>> = Vec::new();
        for p in &up.params {
            let location = match p.location.as_str() {
                "query" => "query",
                // The credential header belongs to the auth scheme, not the operation.
                "header" if !p.name.eq_ignore_ascii_case("api-token") => "header",
                _ => continue,
            };
            let name = if location == "header" {
                p.name.to_ascii_lowercase()
            } else {
                p.name.clone()
            };
            items.push(Item {
                location,
                name,
                up: Some((&p.schema, p.required)),
                ours: None,
            });
        }
        let up_body = pick_body(&up.request).map(|s| self.ix.resolve(s));
        if let Some(body) = up_body {
            for (name, s) in &body.fields {
                // Upstream repeats some path parameters in the body (`channel_url` of
                // `POST /v3/group_channels/{channel_url}/ban`): the value travels in
                // the path, which is compared above.
                let in_path = up
                    .params
                    .iter()
                    .any(|p| p.location == "path" && &p.name == name);
                if in_path {
                    continue;
                }
                items.push(Item {
                    location: "body",
                    name: name.clone(),
                    up: Some((s, body.requires(name))),
                    ours: None,
                });
            }
        }
        let mut our_items: Vec<(&'static str, String, &FieldDef)> = Vec::new();
        for f in &def.query {
            our_items.push(("query", f.wire.clone(), f));
        }
        for f in &def.headers {
            our_items.push(("header", f.wire.to_ascii_lowercase(), f));
        }
        for f in self.body_fields() {
            our_items.push(("body", f.wire.clone(), f));
        }
        for (location, name, f) in our_items {
            match items
                .iter_mut()
                .find(|i| i.location == location && i.name == name && i.ours.is_none())
            {
                Some(i) => i.ours = Some(f),
                None => items.push(Item {
                    location,
                    name,
                    up: None,
                    ours: Some(f),
                }),
            }
        }
        self.pair_items(&at, items);
        self.content_type(&at, up);
        self.response(up);
    }

    fn body_fields(&self) -> Vec<&'a FieldDef> {
        match self.op.def.body.as_ref().map(|b| &b.content) {
            None => Vec::new(),
            Some(BodyContent::Fields(f)) => f.iter().collect(),
            Some(BodyContent::Type(t)) => match &t.kind {
                TypeExprKind::Named(n) => self
                    .ours
                    .struct_bodies(self.op.service, n)
                    .into_iter()
                    .flat_map(struct_fields)
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// Reports the items found on one side only (as a location or name mismatch
    /// when the other side has a counterpart), and compares the pairs.
    fn pair_items(&mut self, at: &At, mut items: Vec<Item<'_>>) {
        // The same name in another place.
        for i in 0..items.len() {
            if items[i].up.is_none() || items[i].ours.is_some() {
                continue;
            }
            let name = items[i].name.clone();
            if let Some(j) = items
                .iter()
                .position(|o| o.up.is_none() && o.ours.is_some() && o.name == name)
            {
                let detail = format!(
                    "upstream sends `{name}` in the {}, ours in the {}",
                    items[i].location, items[j].location
                );
                let item = format!("{}.{name}", items[i].location);
                self.add(at, Kind::LocationMismatch, item, detail);
                items[i].ours = items[j].ours;
                items[j].ours = None;
                items[j].up = None;
            }
        }
        // A similar name in the same place.
        for i in 0..items.len() {
            if items[i].up.is_none() || items[i].ours.is_some() {
                continue;
            }
            let j = items.iter().position(|o| {
                o.up.is_none()
                    && o.ours.is_some()
                    && o.location == items[i].location
                    && similar(&o.name, &items[i].name)
            });
            if let Some(j) = j {
                let detail = format!("upstream `{}`, ours `{}`", items[i].name, items[j].name);
                let item = format!("{}.{}", items[i].location, items[i].name);
                self.add(at, Kind::NameMismatch, item, detail);
                items[j].ours = None;
                items[i].up = None;
            }
        }
        for it in items {
            let item = format!("{}{}.{}", at.prefix, it.location, it.name);
            let body = it.location == "body";
            match (it.up, it.ours) {
                (Some((s, required)), Some(f)) if it.location == "query" && comma_list(s, f) => {
                    // Our query lists are sent comma-joined: one string on the wire.
                    self.required(at, &item, required, f);
                }
                (Some((s, required)), Some(f)) => self.field(at, &item, s, Some(required), f),
                (Some((s, required)), None) => {
                    let kind = if body {
                        Kind::MissingField
                    } else {
                        Kind::MissingParameter
                    };
                    let req = if required { "required " } else { "" };
                    let detail = format!("upstream has {req}{}", self.describe(s));
                    self.add(at, kind, item, detail);
                }
                (None, Some(f)) => {
                    let kind = if body {
                        Kind::ExtraField
                    } else {
                        Kind::ExtraParameter
                    };
                    let detail = format!("ours has {}; upstream doesn't list it", our_type(&f.ty));
                    self.add(at, kind, item, detail);
                }
                (None, None) => {}
            }
        }
    }

    fn content_type(&mut self, at: &At, up: &Operation) {
        if up.request.is_empty() {
            return;
        }
        let up_multipart = up.request.keys().any(|c| c.starts_with("multipart/"));
        let up_json = up.request.keys().any(|c| c.contains("json"));
        let ours = self.op.def.body.as_ref().map(|b| b.encoding);
        let mismatch = match ours {
            None => false,
            Some(Encoding::Json) => up_multipart && !up_json,
            Some(Encoding::Multipart) => up_json && !up_multipart,
            Some(Encoding::JsonOrMultipart) => false,
        };
        if mismatch {
            let cts: Vec<&str> = up.request.keys().map(String::as_str).collect();
            let detail = format!(
                "upstream takes {}, ours sends {}",
                cts.join(" or "),
                match ours {
                    Some(Encoding::Json) => "JSON",
                    _ => "multipart/form-data",
                }
            );
            self.add(at, Kind::ContentTypeMismatch, "body".to_owned(), detail);
        }
    }

    fn response(&mut self, up: &Operation) {
        let Some(resp) = up
            .responses
            .iter()
            .find(|(status, _)| status.starts_with('2'))
            .map(|(_, r)| r)
        else {
            return;
        };
        let Some(schema) = pick_body(&resp.content) else {
            return;
        };
        let at = self.op_at("response.", Dir::Response);
        match &self.op.def.response {
            ResponseDef::Empty(_) => {
                let resolved = self.ix.resolve(schema);
                self.fields(&at, resolved, &[], false);
            }
            ResponseDef::Fields(fields, _) => {
                let resolved = self.ix.resolve(schema);
                let fields: Vec<&FieldDef> = fields.iter().collect();
                self.fields(&at, resolved, &fields, true);
            }
            ResponseDef::Type(t) => {
                self.expr(&at, "response", schema, &t.kind);
            }
        }
    }

    /// Compares an upstream object's fields with ours.
    fn fields(&mut self, at: &At, up: &Schema, ours: &[&FieldDef], strict_required: bool) {
        let up = best_variant(self.ix, up, ours);
        let mut items: Vec<Item<'_>> = up
            .fields
            .iter()
            .map(|(name, s)| Item {
                location: "",
                name: name.clone(),
                up: Some((s, up.requires(name))),
                ours: None,
            })
            .collect();
        for f in ours {
            match items
                .iter_mut()
                .find(|i| i.name == f.wire && i.ours.is_none())
            {
                Some(i) => i.ours = Some(f),
                None => items.push(Item {
                    location: "",
                    name: f.wire.clone(),
                    up: None,
                    ours: Some(f),
                }),
            }
        }
        // A similar name: the same field spelt differently.
        for i in 0..items.len() {
            if items[i].up.is_none() || items[i].ours.is_some() {
                continue;
            }
            let j = items.iter().position(|o| {
                o.up.is_none() && o.ours.is_some() && similar(&o.name, &items[i].name)
            });
            if let Some(j) = j {
                let detail = format!("upstream `{}`, ours `{}`", items[i].name, items[j].name);
                let item = format!("{}{}", at.prefix, items[i].name);
                self.add(at, Kind::NameMismatch, item, detail);
                items[j].ours = None;
                items[i].up = None;
            }
        }
        let required_known = up.required.is_some();
        for it in items {
            let item = format!("{}{}", at.prefix, it.name);
            match (it.up, it.ours) {
                (Some((s, required)), Some(f)) => {
                    let known = (at.dir == Dir::Request || required_known) && strict_required;
                    self.field(at, &item, s, known.then_some(required), f);
                }
                (Some((s, _)), None) => {
                    let kind = match at.dir {
                        Dir::Request => Kind::MissingField,
                        Dir::Response => Kind::ResponseFieldMissing,
                    };
                    let detail = format!("upstream has {}", self.describe(s));
                    self.add(at, kind, item, detail);
                }
                (None, Some(f)) if at.dir == Dir::Request => {
                    let detail = format!("ours has {}; upstream doesn't list it", our_type(&f.ty));
                    self.add(at, Kind::ExtraField, item, detail);
                }
                _ => {}
            }
        }
    }

    /// One field present on both sides: type, requiredness (when `required` says what
    /// upstream requires), enum values, then its own fields.
    fn field(&mut self, at: &At, item: &str, up: &Schema, required: Option<bool>, f: &FieldDef) {
        if let Some(up_required) = required {
            self.required(at, item, up_required, f);
        }
        match &f.ty {
            FieldType::Expr(e) => self.expr(at, item, up, &e.kind),
            FieldType::Inline(body, _) => {
                let resolved = self.ix.resolve(up);
                match body.as_ref() {
                    TypeBody::Struct(fields) => {
                        if !object_like(resolved) {
                            self.mismatch(at, item, up, "an inline object");
                            return;
                        }
                        let fields: Vec<&FieldDef> = fields.iter().collect();
                        let mut inner = at.clone();
                        inner.prefix = format!("{item}.");
                        self.fields(&inner, resolved, &fields, true);
                    }
                    TypeBody::Enum(values) => {
                        if !matches!(resolved.ty.as_str(), "string" | "") {
                            self.mismatch(at, item, up, "an inline enum");
                            return;
                        }
                        let ours: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
                        self.enum_values(at, item, resolved, &ours);
                    }
                    TypeBody::Union { .. } => {}
                }
            }
        }
    }

    fn required(&mut self, at: &At, item: &str, up_required: bool, f: &FieldDef) {
        let ours_required = !f.optional || f.const_value.is_some();
        if up_required != ours_required {
            let detail = if up_required {
                "upstream requires it, ours makes it optional"
            } else {
                "ours requires it, upstream makes it optional"
            };
            self.add(
                at,
                Kind::RequiredMismatch,
                item.to_owned(),
                detail.to_owned(),
            );
        }
    }

    /// A type expression of ours against an upstream schema.
    fn expr(&mut self, at: &At, item: &str, up: &Schema, ours: &TypeExprKind) {
        let resolved = self.ix.resolve(up);
        if !resolved.one_of.is_empty() && resolved.fields.is_empty() {
            // An upstream alternative: compatible with any of them is enough.
            let any = resolved
                .one_of
                .iter()
                .any(|v| self.compatible(self.ix.resolve(v), ours));
            if !any {
                self.mismatch(at, item, up, &our_expr(ours));
            } else if let TypeExprKind::Named(n) = ours {
                self.named(at, item, resolved, n);
            }
            return;
        }
        if !self.compatible(resolved, ours) {
            self.mismatch(at, item, up, &our_expr(ours));
            return;
        }
        match ours {
            TypeExprKind::List(inner) => {
                if let Some(items) = &resolved.items {
                    self.expr(at, &format!("{item}[]"), items, inner);
                }
            }
            TypeExprKind::Map(inner) => {
                if let Some(values) = &resolved.values {
                    self.expr(at, &format!("{item}{{}}"), values, inner);
                }
            }
            TypeExprKind::Named(n) => self.named(at, item, resolved, n),
            TypeExprKind::Prim(_) => {}
        }
    }

    /// Enters one of our named types: its differences are the type's (found once,
    /// whichever operation leads to them).
    fn named(&mut self, at: &At, item: &str, up: &Schema, name: &str) {
        let service = self.op.service;
        let Some(t) = self.ours.named(service, name) else {
            return;
        };
        match &t.def.body {
            TypeBody::Enum(values) => {
                let ours: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
                self.enum_values(at, item, up, &ours);
            }
            TypeBody::Struct(_) | TypeBody::Union { .. } => {
                if at.stack.iter().any(|n| n == name) || at.stack.len() > 8 {
                    return;
                }
                let union = matches!(t.def.body, TypeBody::Union { .. });
                let fields: Vec<&FieldDef> = self
                    .ours
                    .struct_bodies(service, name)
                    .into_iter()
                    .flat_map(struct_fields)
                    .fold(Vec::new(), |mut acc, f| {
                        if !acc.iter().any(|a: &&FieldDef| a.wire == f.wire) {
                            acc.push(f);
                        }
                        acc
                    });
                // The tag a union writes (`type` of a message) is on the wire though no
                // variant declares it.
                let tag = self.ours.tag_field(service, name).and_then(|tag| {
                    let first = fields.first()?;
                    let mut f = (*first).clone();
                    f.wire = tag.to_owned();
                    f.ty = codegen::spec::FieldType::Expr(codegen::spec::TypeExpr {
                        kind: codegen::spec::TypeExprKind::Prim(codegen::spec::Prim::String),
                        loc: f.loc.clone(),
                    });
                    (f.optional, f.nullable, f.doc, f.min, f.max) =
                        (false, false, None, None, None);
                    (f.deprecated, f.const_value, f.secret) = (None, None, false);
                    Some(f)
                });
                let mut fields = fields;
                if let Some(tag) = &tag {
                    if !fields.iter().any(|f| f.wire == tag.wire) {
                        fields.push(tag);
                    }
                }
                let mut inner = at.clone();
                inner.subject = Subject::Type(format!("{service}.{name}"));
                inner.file = t.file.to_owned();
                inner.prefix = String::new();
                inner.stack.push(name.to_owned());
                // A union's fields are each optional in some variant: no required check.
                self.fields(&inner, up, &fields, !union);
            }
        }
    }

    fn enum_values(&mut self, at: &At, item: &str, up: &Schema, ours: &[&str]) {
        let up = self.ix.resolve(up);
        let missing: Vec<&str> = up
            .enum_values
            .iter()
            .map(String::as_str)
            .filter(|v| !ours.contains(v))
            .collect();
        if !missing.is_empty() {
            let detail = format!("ours lacks {}", missing.join(", "));
            self.add(at, Kind::EnumValuesMissing, item.to_owned(), detail);
        }
    }

    fn mismatch(&mut self, at: &At, item: &str, up: &Schema, ours: &str) {
        let detail = format!("upstream {}, ours {ours}", self.describe(up));
        self.add(at, Kind::TypeMismatch, item.to_owned(), detail);
    }

    /// Whether our type can stand for upstream's (scalars and containers; the
    /// fields of objects are compared separately).
    fn compatible(&self, up: &Schema, ours: &TypeExprKind) -> bool {
        let up = self.ix.resolve(up);
        let t = up.ty.as_str();
        let int64 = matches!(t, "long") || up.format.as_deref() == Some("int64");
        match ours {
            TypeExprKind::Prim(Prim::Json) => true,
            _ if t.is_empty() && up.fields.is_empty() && up.values.is_none() => true,
            TypeExprKind::Prim(p) => match p {
                Prim::String => t == "string" && up.format.as_deref() != Some("binary"),
                Prim::File => t == "string" || t == "file",
                Prim::Bool => t == "boolean",
                Prim::I32 | Prim::U32 => is_integer(t) && !int64,
                Prim::I64 | Prim::U64 | Prim::TimestampS | Prim::TimestampMs => is_integer(t),
                Prim::F64 => matches!(t, "number" | "float" | "double"),
                Prim::Json => true,
            },
            TypeExprKind::List(_) => t == "array",
            TypeExprKind::Map(_) => object_like(up) && up.fields.is_empty() && up.one_of.is_empty(),
            TypeExprKind::Named(n) => match self.ours.named(self.op.service, n) {
                Some(our) => match our.def.body {
                    TypeBody::Enum(_) => t == "string",
                    _ => object_like(up),
                },
                None => true,
            },
        }
    }

    /// Upstream's type in a few words: `integer:int64`, `array<string>`,
    /// `object SendBird.User`.
    fn describe(&self, s: &Schema) -> String {
        let r = self.ix.resolve(s);
        let mut text = if r.ty.is_empty() && !r.fields.is_empty() {
            "object".to_owned()
        } else if r.ty.is_empty() && !r.one_of.is_empty() {
            "one of several types".to_owned()
        } else if r.ty.is_empty() {
            "any value".to_owned()
        } else {
            r.ty.clone()
        };
        if let Some(f) = &r.format {
            text = format!("{text}:{f}");
        }
        if let Some(items) = &r.items {
            text = format!("array<{}>", self.describe(items));
        }
        if let Some(values) = &r.values {
            text = format!("map<{}>", self.describe(values));
        }
        if !r.enum_values.is_empty() {
            text = format!("{text} enum [{}]", r.enum_values.join(", "));
        }
        if let Some(name) = &s.reference {
            text = format!("{text} ({name})");
        }
        text
    }
}

/// Of an `anyOf`, the alternative whose fields overlap ours most.
fn best_variant<'s>(ix: &'s Index, up: &'s Schema, ours: &[&FieldDef]) -> &'s Schema {
    if up.one_of.is_empty() || !up.fields.is_empty() {
        return up;
    }
    up.one_of
        .iter()
        .map(|v| ix.resolve(v))
        .max_by_key(|v| {
            ours.iter()
                .filter(|f| v.fields.contains_key(&f.wire))
                .count()
        })
        .unwrap_or(up)
}

/// Upstream's plain `string` for one of our query lists of scalars, which the client
/// sends comma-joined (`user_ids=a,b`).
fn comma_list(up: &Schema, ours: &FieldDef) -> bool {
    let list_of_scalars = match &ours.ty {
        FieldType::Expr(e) => match &e.kind {
            TypeExprKind::List(item) => {
                !matches!(**item, TypeExprKind::List(_) | TypeExprKind::Map(_))
            }
            _ => false,
        },
        FieldType::Inline(..) => false,
    };
    list_of_scalars && up.reference.is_none() && up.ty == "string" && up.enum_values.is_empty()
}

fn is_integer(t: &str) -> bool {
    matches!(t, "integer" | "int" | "long" | "int32" | "int64")
}

fn object_like(s: &Schema) -> bool {
    matches!(s.ty.as_str(), "object" | "")
}

/// The request or response body's schema: JSON first, then any.
fn pick_body(content: &BTreeMap<String, Schema>) -> Option<&Schema> {
    content
        .iter()
        .find(|(ct, _)| ct.contains("json"))
        .or_else(|| content.iter().next())
        .map(|(_, s)| s)
}

fn struct_fields(body: &TypeBody) -> Vec<&FieldDef> {
    match body {
        TypeBody::Struct(fields) => fields.iter().collect(),
        _ => Vec::new(),
    }
}

/// Two spellings of one name: equal but for case, `_`, `-` and a `[]` suffix
/// (upstream's `mentioned_user_ids[]`), or one letter apart
/// in a longer name (`user_id` / `user_ids`).
fn similar(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | '[' | ']'))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (na, nb) = (norm(a), norm(b));
    na == nb || (na.len() >= 6 && nb.len() >= 6 && strsim::levenshtein(&na, &nb) <= 1)
}

fn our_expr(t: &TypeExprKind) -> String {
    match t {
        TypeExprKind::Prim(p) => p.name().to_owned(),
        TypeExprKind::List(i) => format!("list<{}>", our_expr(i)),
        TypeExprKind::Map(i) => format!("map<{}>", our_expr(i)),
        TypeExprKind::Named(n) => n.clone(),
    }
}

fn our_type(t: &FieldType) -> String {
    match t {
        FieldType::Expr(e) => our_expr(&e.kind),
        FieldType::Inline(b, _) => match b.as_ref() {
            TypeBody::Enum(_) => "an inline enum".to_owned(),
            _ => "an inline object".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::similar;

    #[test]
    fn similar_names() {
        assert!(similar("user_id", "userId"));
        assert!(similar("user_ids", "user_id"));
        assert!(similar("mentioned_user_ids[]", "mentioned_user_ids"));
        assert!(!similar("limit", "limits"));
        assert!(!similar("token", "tokens"));
        assert!(!similar("user_id", "channel_url"));
    }
}

#[cfg(test)]
mod comparison_tests {
    use super::super::{import, ours};
    use super::*;

    const API: &str = "version: 1
credentials:
  api_token: { doc: token }
auth:
  api_token: { header: Api-Token, credential: api_token }
services:
  chat:
    title: Chat
    base_url: https://api-{app_id}.sendbird.com/v3
    auth: api_token
";

    const USERS: &str = "version: 1
types:
  User:
    fields:
      user_id: string
      created_at: i32?
      mode: Mode?
  Mode:
    enum: [a]
operations:
  list_users:
    method: GET
    path: /users
    query:
      limit: i32?
      user_ids: list<string>?
      legacy: bool?
    response:
      fields:
        users: list<User>
  view_messages:
    method: GET
    path: /group_channels/{channel_url}/messages
    path_params: { channel_url: string }
    response: empty
  old_op:
    method: PUT
    path: /users/activate
    response: empty
";

    const UPSTREAM: &str = r##"
paths:
  /v3/users:
    get:
      parameters:
        - { name: Api-Token, in: header, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, format: int64 } }
        - { name: user_ids, in: query, schema: { type: string } }
        - { name: show_bot, in: query, required: true, schema: { type: boolean } }
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  users: { type: array, items: { $ref: '#/components/schemas/User' } }
                  next: { type: string }
  /v3/{channel_type}/{channel_url}/messages:
    get:
      parameters:
        - { name: channel_type, in: path, required: true, schema: { type: string } }
        - { name: channel_url, in: path, required: true, schema: { type: string } }
      responses: { "200": { content: { application/json: { schema: { type: object } } } } }
  /v3/emojis:
    get:
      responses: { "200": { content: { application/json: { schema: { type: object } } } } }
components:
  schemas:
    User:
      type: object
      properties:
        user_id: { type: string }
        created_at: { type: long }
        mode: { type: string, enum: [a, b] }
        nickname: { type: string }
"##;

    #[test]
    fn finds_each_kind_of_difference_once() {
        let dir = std::env::temp_dir().join(format!("conformance-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("chat")).expect("temp dir");
        std::fs::create_dir_all(dir.join("upstream")).expect("temp dir");
        std::fs::write(dir.join("api.yaml"), API).expect("write");
        std::fs::write(dir.join("chat/users.yaml"), USERS).expect("write");
        // Not a spec file: the loader must skip the folder.
        std::fs::write(dir.join("upstream/ledger.yaml"), "version: 1\n").expect("write");
        let spec = ours::load(&dir).expect("the spec reads");
        std::fs::remove_dir_all(&dir).ok();
        let ours = ours::Ours::new(&spec);
        let index = import::import(UPSTREAM, "sendbird-chat-openapi-2099-01.yaml").expect("ok");
        let found: Vec<String> = compare(&ours, &[index])
            .iter()
            .map(|d| format!("{} {} {}", d.subject, d.kind.name(), d.item))
            .collect();
        assert_eq!(
            found,
            [
                "op chat.users.list_users missing-parameter query.show_bot",
                "op chat.users.list_users extra-parameter query.legacy",
                "op chat.users.list_users type-mismatch query.limit",
                "op chat.users.list_users response-field-missing response.next",
                "op chat.users.old_op extra-operation ",
                "type chat.User type-mismatch created_at",
                "type chat.User enum-values-missing mode",
                "type chat.User response-field-missing nickname",
                "upstream GET /v3/emojis missing-operation ",
            ]
        );
    }
}
