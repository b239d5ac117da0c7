//! One pass over the whole spec that collects every semantic problem.
//!
//! After it reports nothing, lowering can assume every reference resolves.

use crate::diag::{did_you_mean, Diagnostics, Loc};
use crate::names;
use crate::spec::{
    AnchorPagingDef, AreaDef, BodyContent, Encoding, FieldDef, FieldType, Method, Named, OpDef,
    PaginationStyle, Prim, ResponseDef, Spec, TypeBody, TypeExpr, TypeExprKind,
};
use std::collections::{BTreeMap, BTreeSet};

pub mod examples;
pub(crate) mod generated_names;
mod params;
mod required_cycles;
mod services;

/// The credential slots the runtime's `ClientBuilder` fills, with the setter that fills
/// each: a credential the spec declares must be one of them, or no client could ever
/// send the operations that use it.
pub const CREDENTIAL_SLOTS: &[(&str, &str)] = &[
    ("api_token", "api_token"),
    ("desk_api_token", "desk_api_token"),
    ("organization_api_token", "organization_api_token"),
    ("basic", "basic_auth"),
];

/// The types of one service, by name.
pub type TypeTable<'a> = BTreeMap<&'a str, (&'a TypeBody, &'a Loc)>;

/// Named types of every service.
pub fn type_tables(spec: &Spec) -> BTreeMap<&str, TypeTable<'_>> {
    let mut tables: BTreeMap<&str, TypeTable<'_>> = BTreeMap::new();
    for area in &spec.areas {
        let table = tables.entry(area.service.as_str()).or_default();
        for t in &area.types {
            table
                .entry(t.name.as_str())
                .or_insert((&t.def.body, &t.loc));
        }
    }
    tables
}

/// Checks the spec; every problem goes to `d`.
pub fn validate(spec: &Spec, d: &mut Diagnostics) {
    let Some(root) = &spec.root else { return };
    let services: Vec<&str> = root.services.iter().map(|s| s.name.as_str()).collect();
    let auth: Vec<&str> = root.auth.iter().map(|a| a.name.as_str()).collect();
    let credentials: Vec<&str> = root.credentials.iter().map(|c| c.name.as_str()).collect();

    for c in &root.credentials {
        if !CREDENTIAL_SLOTS.iter().any(|(slot, _)| *slot == c.name) {
            let slots: Vec<String> = CREDENTIAL_SLOTS
                .iter()
                .map(|(slot, setter)| format!("`{slot}` (`ClientBuilder::{setter}`)"))
                .collect();
            let hint = match did_you_mean(&c.name, CREDENTIAL_SLOTS.iter().map(|(s, _)| *s)) {
                Some(dym) => format!("{dym} The slots are {}", slots.join(", ")),
                None => format!("use one of the slots {}", slots.join(", ")),
            };
            let hint = format!(
                "{hint}; a new slot needs, besides this list (`CREDENTIAL_SLOTS` in \
                 codegen/src/validate.rs), a setter on `ClientBuilder` \
                 (generated-client/src/client.rs) and a flag of the command line \
                 (generated-client/src/cli/mod.rs)"
            );
            d.error_hint(
                &c.loc,
                format!(
                    "credential `{}` is not a slot the client can be given a value for",
                    c.name
                ),
                hint,
            );
        }
    }
    for scheme in &root.auth {
        let a = &scheme.def;
        match (&a.header, a.basic) {
            (Some(_), true) => d.error_hint(
                &scheme.loc,
                format!(
                    "auth scheme `{}` has both `header` and `basic`",
                    scheme.name
                ),
                "keep one of them",
            ),
            (None, false) => d.error_hint(
                &scheme.loc,
                format!(
                    "auth scheme `{}` says neither `header` nor `basic`",
                    scheme.name
                ),
                "add `header: Header-Name` or `basic: true`",
            ),
            _ => {}
        }
        if let Some(h) = &a.header {
            if h.text.is_empty()
                || !h
                    .text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                d.error_hint(
                    &h.loc,
                    format!("`{}` is not a valid HTTP header name", h.text),
                    "use letters, digits and `-`",
                );
            }
        }
        match &a.credential {
            None => d.error_hint(
                &scheme.loc,
                format!("auth scheme `{}` has no `credential`", scheme.name),
                "add `credential: <a name from credentials>`",
            ),
            Some(c) => check_ref(d, &c.text, &c.loc, "credential", &credentials),
        }
    }
    check_unique(
        d,
        root.auth
            .iter()
            .map(|a| (names::shouty(&a.name).to_string(), a.name.as_str(), &a.loc)),
        "auth scheme",
    );
    check_unique(
        d,
        root.services
            .iter()
            .map(|s| (names::snake_text(&s.name), s.name.as_str(), &s.loc)),
        "service",
    );

    for s in &root.services {
        match &s.def.base_url {
            None => d.error_hint(
                &s.loc,
                format!("service `{}` has no `base_url`", s.name),
                "add `base_url: https://api-{app_id}.example.com/v1`",
            ),
            Some(u) => {
                let rest = u.text.replace("{app_id}", "");
                if rest.contains('{') || rest.contains('}') {
                    let others: Vec<String> = rest
                        .split('{')
                        .skip(1)
                        .map(|s| format!("`{{{}}}`", s.split('}').next().unwrap_or_default()))
                        .collect();
                    let others = if others.is_empty() {
                        "a stray `}`".to_owned()
                    } else {
                        others.join(", ")
                    };
                    d.error_hint(
                        &u.loc,
                        format!("base URL `{}` has {others}, but the only placeholder a base URL may have is `{{app_id}}`", u.text),
                        "write the value into the URL (for example `/v3`); only the app id is filled in by the client",
                    );
                }
                if !(u.text.starts_with("https://") || u.text.starts_with("http://")) {
                    d.error_hint(
                        &u.loc,
                        format!("`{}` is not an http(s) URL", u.text),
                        "start the base URL with `https://`",
                    );
                }
            }
        }
        match &s.def.auth {
            None => d.error_hint(
                &s.loc,
                format!("service `{}` has no default `auth`", s.name),
                "add `auth: <a scheme from auth>`",
            ),
            Some(a) => check_ref(d, &a.text, &a.loc, "auth scheme", &auth),
        }
    }

    // A code may have one meaning for all services, or one per service.
    let mut codes: BTreeMap<(i64, &str), &Loc> = BTreeMap::new();
    for e in &root.error_codes {
        for s in &e.services {
            check_ref(d, &s.text, &s.loc, "service", &services);
        }
        let scopes: Vec<&str> = if e.services.is_empty() {
            vec!["*"]
        } else {
            e.services.iter().map(|s| s.text.as_str()).collect()
        };
        for scope in scopes {
            if let Some(prev) = codes.insert((e.code, scope), &e.loc) {
                d.error_hint(
                    &e.loc,
                    format!("error code {} is listed twice{}", e.code, if scope == "*" { String::new() } else { format!(" for service `{scope}`") }),
                    format!("remove one of them (the other is at {prev}), or give them different `services`"),
                );
            }
        }
    }
    check_unique(
        d,
        root.error_codes
            .iter()
            .map(|e| (names::variant(&e.name).to_string(), e.name.as_str(), &e.loc)),
        "error code name",
    );

    let tables = type_tables(spec);
    let empty = TypeTable::new();
    let mut all_types: BTreeMap<&str, Vec<(&str, &Loc)>> = BTreeMap::new();
    for area in &spec.areas {
        for t in &area.types {
            all_types
                .entry(t.name.as_str())
                .or_default()
                .push((area.service.as_str(), &t.loc));
        }
    }
    for area in &spec.areas {
        if !services.contains(&area.service.as_str()) {
            check_ref(d, &area.service, &area.loc, "service", &services);
            continue;
        }
        let table = tables.get(area.service.as_str()).unwrap_or(&empty);
        let ctx = Ctx {
            d,
            table,
            all_types: &all_types,
            service: &area.service,
        };
        let mut ctx = ctx;
        ctx.area(area, &auth);
    }

    // Duplicate names within a service: types (after PascalCase), groups, operations.
    let mut by_service: BTreeMap<&str, Vec<&AreaDef>> = BTreeMap::new();
    for a in &spec.areas {
        by_service.entry(a.service.as_str()).or_default().push(a);
    }
    examples::check(d, root, spec);
    generated_names::reserved_modules(d, &root.services, &spec.areas);
    services::check(d, &root.services);
    for (service, areas) in &by_service {
        if services.contains(service) {
            required_cycles::check(d, areas);
            let default_auth = root
                .services
                .iter()
                .find(|s| s.name == *service)
                .and_then(|s| s.def.auth.as_ref())
                .map_or("", |a| a.text.as_str());
            duplicate_routes(d, areas, default_auth);
        }
        check_unique(
            d,
            areas.iter().flat_map(|a| {
                a.types
                    .iter()
                    .map(|t| (names::pascal_text(&t.name), t.name.as_str(), &t.loc))
            }),
            "type",
        );
        check_unique(
            d,
            areas
                .iter()
                .map(|a| (names::snake_text(&a.group), a.group.as_str(), &a.loc)),
            "group",
        );
        for a in areas {
            check_unique(
                d,
                a.operations
                    .iter()
                    .map(|o| (names::snake_text(&o.name), o.name.as_str(), &o.loc)),
                "operation",
            );
        }
    }
}

/// Reports two operations of a service with the same method and path (placeholders
/// compared by position, not by name) that nothing else tells apart: operations of one
/// route may differ by their auth scheme (the same path answers per credential) or by
/// a `const` body field (`message_type: { const: FILE }`), but not only by their name.
fn duplicate_routes(d: &mut Diagnostics, areas: &[&AreaDef], default_auth: &str) {
    type Route<'a> = (Method, String, &'a str, Vec<(&'a str, &'a str)>);
    let mut seen: BTreeMap<Route<'_>, (&str, &Loc)> = BTreeMap::new();
    for a in areas {
        for op in &a.operations {
            let o = &op.def;
            let shape: Vec<&str> = o
                .path
                .text
                .split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect();
            let auth = o.auth.as_ref().map_or(default_auth, |a| a.text.as_str());
            let mut consts: Vec<(&str, &str)> = match o.body.as_ref().map(|b| &b.content) {
                Some(BodyContent::Fields(fields)) => fields
                    .iter()
                    .filter_map(|f| Some((f.wire.as_str(), f.const_value.as_ref()?.text.as_str())))
                    .collect(),
                _ => Vec::new(),
            };
            consts.sort();
            let route = (o.method, shape.join("/"), auth, consts);
            match seen.get(&route) {
                Some((prev, prev_loc)) => d.error_hint(
                    &o.path.loc,
                    format!(
                        "`{} {}` of `{}` is also the route of `{prev}`",
                        o.method.as_str(),
                        o.path.text,
                        op.name
                    ),
                    format!("remove one of the two operations, or fix the method or path of one; operations of one route must differ in `auth` or in a `const` body field (the other is at {prev_loc})"),
                ),
                None => {
                    seen.insert(route, (op.name.as_str(), &o.path.loc));
                }
            }
        }
    }
}

fn check_ref(d: &mut Diagnostics, name: &str, loc: &Loc, what: &str, known: &[&str]) {
    if !known.contains(&name) {
        let hint = did_you_mean(name, known.iter().copied()).unwrap_or_else(|| {
            format!(
                "declare it in api.yaml; known: {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )
        });
        d.error_hint(loc, format!("unknown {what} `{name}`"), hint);
    }
}

/// Reports names that are equal after conversion to Rust.
fn check_unique<'a>(
    d: &mut Diagnostics,
    items: impl Iterator<Item = (String, &'a str, &'a Loc)>,
    what: &str,
) {
    let mut seen: BTreeMap<String, (&str, &Loc)> = BTreeMap::new();
    for (key, name, loc) in items {
        match seen.get(&key) {
            Some((prev, prev_loc)) if *prev == name => d.error_hint(
                loc,
                format!("duplicate {what} `{name}`"),
                format!("the first one is at {prev_loc}; rename or remove one"),
            ),
            Some((prev, prev_loc)) => d.error_hint(
                loc,
                format!("{what} `{name}` collides with `{prev}`: both become `{key}` in Rust"),
                format!("rename one of them (the other is at {prev_loc})"),
            ),
            None => {
                seen.insert(key, (name, loc));
            }
        }
    }
}

struct Ctx<'a, 'd> {
    d: &'d mut Diagnostics,
    table: &'a TypeTable<'a>,
    all_types: &'a BTreeMap<&'a str, Vec<(&'a str, &'a Loc)>>,
    service: &'a str,
}

impl Ctx<'_, '_> {
    fn area(&mut self, area: &AreaDef, auth: &[&str]) {
        for t in &area.types {
            self.type_body(&t.def.body, &t.name, &t.loc);
        }
        for op in &area.operations {
            self.operation(op, auth);
        }
    }

    fn type_expr(&mut self, e: &TypeExpr, allow_file: bool) {
        self.type_kind(&e.kind, &e.loc, allow_file);
    }

    fn type_kind(&mut self, k: &TypeExprKind, loc: &Loc, allow_file: bool) {
        match k {
            TypeExprKind::Prim(Prim::File) if !allow_file => self.d.error_hint(
                loc,
                "`file` is only allowed as a field of a multipart request body",
                "use `string` for a URL, or move the field into a `multipart` body",
            ),
            TypeExprKind::Prim(_) => {}
            TypeExprKind::List(inner) | TypeExprKind::Map(inner) => {
                if matches!(**inner, TypeExprKind::Prim(Prim::File)) {
                    self.d.error_hint(
                        loc,
                        "a list or map of files is not supported",
                        "declare one `file` field per part",
                    );
                } else {
                    self.type_kind(inner, loc, false);
                }
            }
            TypeExprKind::Named(n) => {
                if self.table.contains_key(n.as_str()) {
                    return;
                }
                let elsewhere: Vec<&str> = self
                    .all_types
                    .get(n.as_str())
                    .map(|v| v.iter().map(|(s, _)| *s).collect())
                    .unwrap_or_default();
                if !elsewhere.is_empty() {
                    self.d.error_hint(
                        loc,
                        format!(
                            "type `{n}` is declared in service `{}`, not in `{}`",
                            elsewhere.join("`, `"),
                            self.service
                        ),
                        "types can only be used within their service; declare it in this service",
                    );
                    return;
                }
                let hint = did_you_mean(n, self.table.keys().copied().chain(Prim::NAMES))
                    .unwrap_or_else(|| {
                        format!(
                            "declare `{n}` under `types:` in a file of service `{}`",
                            self.service
                        )
                    });
                self.d.error_hint(loc, format!("unknown type `{n}`"), hint);
            }
        }
    }

    /// Checks `style: anchor` pagination: the query inputs it moves and the item fields
    /// it reads exist and have types that fit.
    fn anchor_pagination(
        &mut self,
        name: &str,
        o: &OpDef,
        p: &AnchorPagingDef,
        response_fields: Option<&[FieldDef]>,
    ) {
        if o.method != Method::Get {
            self.d.error_hint(
                &p.loc,
                format!("`{name}` declares pagination but is not a GET"),
                "only list operations (GET) page",
            );
        }
        let query = |wire: &str| o.query.iter().find(|q| q.wire == wire);
        let anchor = query(&p.anchor.text);
        match anchor {
            None => self.d.error_hint(
                &p.anchor.loc,
                format!(
                    "pagination anchor `{}` is not a query parameter of `{name}`",
                    p.anchor.text
                ),
                "name the query field (or `one_of` member) that takes the anchor time",
            ),
            Some(q) => {
                let in_one_of = o
                    .one_of
                    .iter()
                    .any(|g| g.def.iter().any(|m| m.text == q.wire));
                if !is_anchor_value(&q.ty) {
                    self.d.error_hint(
                        &q.loc,
                        format!(
                            "pagination anchor `{}` must be a timestamp or an integer",
                            q.wire
                        ),
                        "declare it as `timestamp_ms`, `timestamp_s`, `i64` or `i32`",
                    );
                } else if !in_one_of && !q.optional {
                    self.d.error_hint(&q.loc, format!("pagination anchor `{}` must be optional or a `one_of` member", q.wire), "the walk sets it for each page; declare it with `?` or put it in a `one_of` group");
                }
            }
        }
        for key in [&p.before, &p.after] {
            match query(&key.text) {
                None => self.d.error_hint(&key.loc, format!("pagination limit `{}` is not a query parameter of `{name}`", key.text), "name the query field that says how many items are listed on that side of the anchor"),
                Some(q) if !is_integer(q) || !q.optional => self.d.error_hint(&q.loc, format!("pagination limit `{}` must be an optional integer", q.wire), "declare it as `i32?`"),
                Some(_) => {}
            }
        }
        if p.before.text == p.after.text {
            self.d.error_hint(
                &p.after.loc,
                format!("`before` and `after` are both `{}`", p.after.text),
                "name the two limits: items before and items after the anchor",
            );
        }
        if let Some(key) = &p.include {
            match query(&key.text) {
                None => self.d.error_hint(&key.loc, format!("pagination `include` `{}` is not a query parameter of `{name}`", key.text), "name the query field that says whether items at the anchor are listed, or leave `include` out"),
                Some(q) if !matches!(&q.ty, FieldType::Expr(TypeExpr { kind: TypeExprKind::Prim(Prim::Bool), .. })) || !q.optional => self.d.error_hint(&q.loc, format!("pagination `include` `{}` must be an optional bool", q.wire), "declare it as `bool?`"),
                Some(_) => {}
            }
        }
        let Some(fields) = response_fields else {
            self.d.error_hint(
                &p.loc,
                format!(
                    "`{name}` declares pagination, but its response is not a struct with fields"
                ),
                "give the response `fields:` or name a struct",
            );
            return;
        };
        let Some(items) = fields.iter().find(|f| f.wire == p.items.text) else {
            let hint = did_you_mean(&p.items.text, fields.iter().map(|f| f.wire.as_str()))
                .unwrap_or_else(|| "name the response field that holds the list".into());
            self.d.error_hint(
                &p.items.loc,
                format!(
                    "pagination refers to `{}`, which is not a field of the response of `{name}`",
                    p.items.text
                ),
                hint,
            );
            return;
        };
        let FieldType::Expr(TypeExpr {
            kind: TypeExprKind::List(item),
            ..
        }) = &items.ty
        else {
            self.d.error_hint(
                &p.items.loc,
                format!("pagination field `{}` must be a list", p.items.text),
                format!("declare `{}` as a list in the response", p.items.text),
            );
            return;
        };
        let TypeExprKind::Named(item) = item.as_ref() else {
            self.d.error_hint(
                &p.items.loc,
                format!(
                    "the items of `{}` must be a named struct or union to page around an anchor",
                    p.items.text
                ),
                "list a named type whose items carry the anchor value and a key",
            );
            return;
        };
        // The structs an item can be: the struct itself, or every variant of a union.
        let structs: Vec<(&str, &[FieldDef])> = match self.table.get(item.as_str()) {
            Some((TypeBody::Struct(f), _)) => vec![(item.as_str(), &f[..])],
            Some((TypeBody::Union { variants, .. }, _)) => variants
                .iter()
                .filter_map(|(_, e)| match &e.kind {
                    TypeExprKind::Named(v) => match self.table.get(v.as_str()) {
                        Some((TypeBody::Struct(f), _)) => Some((v.as_str(), &f[..])),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            _ => return,
        };
        for (key, want_anchor) in [(&p.item_anchor, true), (&p.item_key, false)] {
            for (owner, fields) in &structs {
                match fields.iter().find(|f| f.wire == key.text) {
                    None => self.d.error_hint(
                        &key.loc,
                        format!(
                            "pagination item field `{}` is not a field of `{owner}`",
                            key.text
                        ),
                        format!(
                            "every item must have it: declare `{}` in `{owner}`",
                            key.text
                        ),
                    ),
                    Some(f) if want_anchor => {
                        let same = match (anchor, &f.ty) {
                            (Some(q), FieldType::Expr(t)) => {
                                matches!(&q.ty, FieldType::Expr(a) if a.kind == t.kind)
                            }
                            _ => true,
                        };
                        if !same {
                            self.d.error_hint(&key.loc, format!("pagination item field `{}` of `{owner}` must have the type of the anchor `{}`", key.text, p.anchor.text), "the walk anchors each page at the last item's value, so the two types must match");
                        }
                    }
                    Some(f) => {
                        if !(is_integer(f) || is_string(f)) {
                            self.d.error_hint(&key.loc, format!("pagination item key `{}` of `{owner}` must be an integer or a string", key.text), "name the field that identifies an item, such as its id");
                        }
                    }
                }
            }
        }
    }

    fn type_body(&mut self, body: &TypeBody, owner: &str, loc: &Loc) {
        match body {
            TypeBody::Struct(fields) => {
                self.no_consts(fields);
                self.fields(fields, false, owner)
            }
            TypeBody::Enum(values) => {
                if values.is_empty() {
                    self.d.error_hint(
                        loc,
                        format!("enum `{owner}` has no values"),
                        "list its values: `enum: [a, b]`",
                    );
                }
                for v in values {
                    let Some(name) = &v.rust_name else { continue };
                    let ok = name.text.starts_with(|c: char| c.is_ascii_uppercase())
                        && name.text.chars().all(|c| c.is_ascii_alphanumeric());
                    if !ok {
                        self.d.error_hint(
                            &name.loc,
                            format!("`rust_name` `{}` of enum value `{}` is not a Rust variant name", name.text, v.text),
                            "write it in PascalCase with ASCII letters and digits (`User`, `Admin2`)",
                        );
                    }
                }
                check_unique(
                    self.d,
                    values.iter().map(|v| {
                        let loc = v.rust_name.as_ref().map_or(&v.loc, |n| &n.loc);
                        (
                            names::variant(v.rust_source()).to_string(),
                            v.rust_source(),
                            loc,
                        )
                    }),
                    "enum value",
                );
            }
            TypeBody::Union { tag, variants } => {
                if variants.is_empty() {
                    self.d.error_hint(
                        loc,
                        format!("union `{owner}` has no variants"),
                        "add `variants: { TAG_VALUE: TypeName }`",
                    );
                }
                check_unique(
                    self.d,
                    variants
                        .iter()
                        .map(|(v, _)| (v.text.clone(), v.text.as_str(), &v.loc)),
                    "union tag value",
                );
                let mut seen_types = BTreeSet::new();
                for (value, expr) in variants {
                    let TypeExprKind::Named(name) = &expr.kind else {
                        self.d.error_hint(
                            &expr.loc,
                            format!(
                                "variant `{}` of union `{owner}` must be a named struct",
                                value.text
                            ),
                            "declare a struct under `types:` and name it here",
                        );
                        continue;
                    };
                    if !seen_types.insert(name.clone()) {
                        self.d.error_hint(
                            &expr.loc,
                            format!("type `{name}` is used by two variants of union `{owner}`"),
                            "give each tag value its own struct",
                        );
                    }
                    match self.table.get(name.as_str()) {
                        None => self.type_expr(expr, false),
                        Some((TypeBody::Struct(fields), _)) => {
                            if let Some(f) = fields.iter().find(|f| f.wire == tag.text) {
                                self.d.error_hint(&f.loc, format!("variant `{name}` of union `{owner}` declares the tag field `{}`, which belongs to the union", tag.text), format!("remove `{}` from the fields of `{name}`: union `{owner}` writes and reads it", tag.text));
                            }
                        }
                        Some(_) => self.d.error_hint(
                            &expr.loc,
                            format!("variant `{name}` of union `{owner}` is not a struct"),
                            "a union's variants must be structs",
                        ),
                    }
                }
            }
        }
    }

    fn fields(&mut self, fields: &[FieldDef], allow_file: bool, owner: &str) {
        check_unique(
            self.d,
            fields
                .iter()
                .map(|f| (names::snake_text(&f.wire), f.wire.as_str(), &f.loc)),
            "field",
        );
        for f in fields {
            self.field(f, allow_file, owner);
        }
    }

    /// Fixed values exist only in request bodies.
    fn no_consts(&mut self, fields: &[FieldDef]) {
        for f in fields.iter().filter(|f| f.const_value.is_some()) {
            self.d.error_hint(
                &f.loc,
                format!(
                    "field `{}` has a `const` value, which only request body fields may have",
                    f.wire
                ),
                "remove `const:` and give the field a `type:`",
            );
        }
    }

    fn field(&mut self, f: &FieldDef, allow_file: bool, owner: &str) {
        match &f.ty {
            FieldType::Expr(e) => self.type_expr(e, allow_file),
            FieldType::Inline(body, loc) => {
                self.type_body(body, &format!("{owner}.{}", f.wire), loc)
            }
        }
        if let (Some(min), Some(max)) = (f.min, f.max) {
            if min > max {
                self.d.error_hint(
                    &f.loc,
                    format!("field `{}` has `min` {min} above `max` {max}", f.wire),
                    "swap them",
                );
            }
        }
        if (f.min.is_some() || f.max.is_some()) && !is_number(&f.ty) {
            self.d.error_hint(
                &f.loc,
                format!("field `{}` has `min`/`max` but is not a number", f.wire),
                "remove `min`/`max`, or make the field an integer or `f64`",
            );
        }
    }

    fn operation(&mut self, op: &Named<OpDef>, auth: &[&str]) {
        let o = &op.def;
        let name = &op.name;
        let is_get = o.method == Method::Get;
        if let Some(a) = &o.auth {
            check_ref(self.d, &a.text, &a.loc, "auth scheme", auth);
        }
        self.path(op);
        for list in [&o.path_params, &o.query, &o.headers] {
            self.no_consts(list);
            self.fields(list, false, name);
        }
        self.param_types(o);
        for h in &o.headers {
            if !h
                .wire
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                self.d.error_hint(
                    &h.loc,
                    format!("`{}` is not a valid HTTP header name", h.wire),
                    "use letters, digits and `-`",
                );
            }
        }
        // A name may appear in only one place.
        let mut places: BTreeMap<String, (&str, &Loc)> = BTreeMap::new();
        let body_fields: &[FieldDef] = match &o.body {
            Some(b) => match &b.content {
                BodyContent::Fields(f) => f,
                BodyContent::Type(_) => &[],
            },
            None => &[],
        };
        for (place, list) in [
            ("path", &o.path_params[..]),
            ("query", &o.query[..]),
            ("headers", &o.headers[..]),
            ("body", body_fields),
        ] {
            for f in list {
                let key = names::snake_text(&f.wire);
                if let Some((prev, prev_loc)) = places.get(&key) {
                    if *prev != place {
                        self.d.error_hint(
                            &f.loc,
                            format!(
                                "parameter `{}` of `{name}` is declared in both {prev} and {place}",
                                f.wire
                            ),
                            format!("keep one of them (the other is at {prev_loc})"),
                        );
                    }
                } else {
                    places.insert(key, (place, &f.loc));
                }
            }
        }
        if let Some(b) = &o.body {
            if is_get {
                self.d.error_hint(
                    &b.loc,
                    format!("`{name}` is a GET with a body"),
                    "send the inputs of a GET as `query:` parameters, or change the method",
                );
            }
            match &b.content {
                BodyContent::Type(e) => {
                    self.type_expr(e, false);
                    if let TypeExprKind::Named(n) = &e.kind {
                        if !matches!(
                            self.table.get(n.as_str()),
                            Some((TypeBody::Struct(_), _)) | None
                        ) {
                            self.d.error_hint(
                                &e.loc,
                                format!("body type `{n}` must be a struct"),
                                "give the body `fields:` or name a struct",
                            );
                        }
                    } else {
                        self.d.error_hint(
                            &e.loc,
                            "a body type must be a named struct",
                            "give the body `fields:` or name a struct",
                        );
                    }
                }
                BodyContent::Fields(fields) => {
                    // A file in a JSON body is reported below, with the fix for a body.
                    self.fields(fields, true, name);
                    let has_file = fields.iter().any(is_file);
                    match b.encoding {
                        Encoding::Json if has_file => {
                            for f in fields.iter().filter(|f| is_file(f)) {
                                self.d.error_hint(
                                    &f.loc,
                                    format!("`{}` is a file, but the body of `{name}` is JSON", f.wire),
                                    "add `encoding: json_or_multipart` to the body (JSON unless a file is set), or `encoding: multipart`",
                                );
                            }
                        }
                        Encoding::Multipart | Encoding::JsonOrMultipart if !has_file => {
                            self.d.error_hint(
                                &b.loc,
                                format!("the multipart body of `{name}` has no file part"),
                                "add a `file` field, or use `encoding: json`",
                            )
                        }
                        _ => {}
                    }
                    for f in fields.iter().filter(|f| is_file(f)) {
                        if f.nullable {
                            self.d.error_hint(
                                &f.loc,
                                format!("file part `{}` can't be nullable", f.wire),
                                "mark it `optional` instead",
                            );
                        }
                    }
                }
            }
        }
        let response_fields = match &o.response {
            ResponseDef::Empty(_) => None,
            ResponseDef::Type(e) => {
                self.type_expr(e, false);
                match &e.kind {
                    TypeExprKind::Named(n) => match self.table.get(n.as_str()) {
                        Some((TypeBody::Struct(f), _)) => Some(&f[..]),
                        _ => None,
                    },
                    _ => None,
                }
            }
            ResponseDef::Fields(f, _) => {
                self.no_consts(f);
                self.fields(f, false, name);
                Some(&f[..])
            }
        };
        if let Some(p) = &o.pagination {
            if !is_get {
                self.d.error_hint(
                    &p.loc,
                    format!("`{name}` declares pagination but is not a GET"),
                    "only list operations (GET) page",
                );
            }
            let offset = p.style == PaginationStyle::Offset;
            match o.query.iter().find(|q| q.wire == p.cursor.text) {
                None => self.d.error_hint(
                    &p.cursor.loc,
                    format!(
                        "pagination cursor `{}` is not a query parameter of `{name}`",
                        p.cursor.text
                    ),
                    "declare it under `query:` (usually `token: string?`)",
                ),
                Some(q) if offset && (!is_integer(q) || !q.optional) => self.d.error_hint(
                    &q.loc,
                    format!(
                        "offset pagination parameter `{}` must be an optional integer",
                        q.wire
                    ),
                    "declare it as `i32?` or `i64?`",
                ),
                Some(q) if !offset && (!is_string(q) || !q.optional) => self.d.error_hint(
                    &q.loc,
                    format!("pagination cursor `{}` must be an optional string", q.wire),
                    "declare it as `string?`",
                ),
                Some(_) => {}
            }
            match response_fields {
                None => self.d.error_hint(&p.loc, format!("`{name}` declares pagination, but its response is not a struct with fields"), "give the response `fields:` or name a struct"),
                Some(fields) => {
                    for (key, want) in [(&p.next, "string"), (&p.items, "list")].into_iter().chain(p.prev.as_ref().map(|prev| (prev, "string"))) {
                        match fields.iter().find(|f| f.wire == key.text) {
                            None => {
                                let hint = did_you_mean(&key.text, fields.iter().map(|f| f.wire.as_str()))
                                    .unwrap_or_else(|| format!("the response fields are: {}", fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>().join(", ")));
                                self.d.error_hint(&key.loc, format!("pagination refers to `{}`, which is not a field of the response of `{name}`", key.text), hint);
                            }
                            Some(f) => {
                                let ok = if want == "list" { is_list(f) } else { is_string(f) };
                                if !ok {
                                    self.d.error_hint(&key.loc, format!("pagination field `{}` must be a {want}", key.text), format!("declare `{}` as a {want} in the response", key.text));
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(p) = &o.anchor_pagination {
            self.anchor_pagination(name, o, p, response_fields);
        }
        let mut in_group = BTreeMap::new();
        for g in &o.one_of {
            if g.def.len() < 2 {
                self.d.error_hint(
                    &g.loc,
                    format!("`one_of.{}` needs at least two members", g.name),
                    "list two or more query parameters, or make the parameter required",
                );
            }
            for m in &g.def {
                match o.query.iter().find(|q| q.wire == m.text) {
                    None => self.d.error_hint(
                        &m.loc,
                        format!(
                            "`one_of` member `{}` is not a query parameter of `{name}`",
                            m.text
                        ),
                        "declare it under `query:`",
                    ),
                    Some(q) if q.optional => self.d.error_hint(
                        &q.loc,
                        format!("`{}` is a `one_of` member, so it can't be optional", q.wire),
                        "remove the `?`: the group as a whole is required",
                    ),
                    Some(_) => {}
                }
                if let Some(prev) = in_group.insert(m.text.as_str(), g.name.as_str()) {
                    self.d.error_hint(
                        &m.loc,
                        format!(
                            "`{}` is in two `one_of` groups (`{prev}` and `{}`)",
                            m.text, g.name
                        ),
                        "keep it in one group",
                    );
                }
            }
        }
    }

    fn path(&mut self, op: &Named<OpDef>) {
        let o = &op.def;
        let path = &o.path.text;
        if !path.starts_with('/') {
            self.d.error_hint(
                &o.path.loc,
                format!("path `{path}` does not start with `/`"),
                "write the path below the base URL, starting with `/`",
            );
        }
        if path.contains('?') || path.contains('#') {
            self.d.error_hint(
                &o.path.loc,
                format!("path `{path}` contains a query or fragment"),
                "declare query parameters under `query:`",
            );
        }
        let mut placeholders = Vec::new();
        // Names inside malformed segments (`user-{id}`): a parameter named there was meant
        // for the path, so it is not reported a second time as missing from it.
        let mut malformed = Vec::new();
        // A query or fragment is reported above; the segments end where it starts.
        let segments = path.split(['?', '#']).next().unwrap_or_default();
        for seg in segments.split('/') {
            let opens = seg.matches('{').count();
            let closes = seg.matches('}').count();
            if opens == 0 && closes == 0 {
                continue;
            }
            match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if opens == 1 && closes == 1 && !name.is_empty() => {
                    placeholders.push(name)
                }
                _ => {
                    malformed.extend(seg.split('{').skip(1).filter_map(|s| s.split('}').next()));
                    self.d.error_hint(
                        &o.path.loc,
                        format!(
                            "path segment `{seg}` of `{path}` is not a whole `{{name}}` placeholder"
                        ),
                        "a placeholder must be a whole segment: `/users/{user_id}`",
                    )
                }
            }
        }
        for p in &placeholders {
            if !o.path_params.iter().any(|f| f.wire == *p) {
                self.d.error_hint(
                    &o.path.loc,
                    format!(
                        "path placeholder `{{{p}}}` of `{}` has no parameter",
                        op.name
                    ),
                    format!("add `{p}: string` under `path_params:`"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for p in &placeholders {
            if !seen.insert(*p) {
                self.d.error_hint(
                    &o.path.loc,
                    format!("path placeholder `{{{p}}}` appears twice"),
                    "use each placeholder once",
                );
            }
        }
        for f in &o.path_params {
            let wire = f.wire.as_str();
            if !placeholders.contains(&wire) && !malformed.contains(&wire) {
                self.d.error_hint(
                    &f.loc,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        f.wire
                    ),
                    format!(
                        "add `{{{}}}` to the path, or move the parameter to `query:`",
                        f.wire
                    ),
                );
            }
            if f.optional || f.nullable {
                self.d.error_hint(
                    &f.loc,
                    format!("path parameter `{}` can't be optional", f.wire),
                    "remove the `?`; give optional inputs as `query:` parameters",
                );
            }
        }
    }
}

fn is_file(f: &FieldDef) -> bool {
    matches!(
        &f.ty,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::Prim(Prim::File),
            ..
        })
    )
}

fn is_string(f: &FieldDef) -> bool {
    matches!(
        &f.ty,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::Prim(Prim::String),
            ..
        })
    )
}

fn is_anchor_value(t: &FieldType) -> bool {
    matches!(
        t,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::Prim(
                Prim::I32
                    | Prim::I64
                    | Prim::U32
                    | Prim::U64
                    | Prim::TimestampMs
                    | Prim::TimestampS
            ),
            ..
        })
    )
}

fn is_integer(f: &FieldDef) -> bool {
    matches!(
        &f.ty,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64),
            ..
        })
    )
}

fn is_list(f: &FieldDef) -> bool {
    matches!(
        &f.ty,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::List(_),
            ..
        })
    )
}

fn is_number(t: &FieldType) -> bool {
    matches!(
        t,
        FieldType::Expr(TypeExpr {
            kind: TypeExprKind::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 | Prim::F64),
            ..
        })
    )
}
