//! Lowering a validated spec into the IR: names resolved, inline types hoisted,
//! reference cycles boxed, everything sorted by the data.

use crate::ir::{
    AnchorInput, AnchorPaging, ConstField, ItemAccess, ItemField, Markdown, Name, Origin,
};
use crate::ir::{
    Api, AuthScheme, Body, BodyContent, Docs, ErrorCode, Field, Group, Input, InputKind, Method,
    OneOf, OneOfMember, Operation, Pagination, Response, Role, Service, Ty, TypeDecl, TypeKind,
    UnionVariant, Variant,
};
use crate::names;
use crate::spec::{
    self, AreaDef, FieldDef, FieldType, Named, OpDef, Prim, ResponseDef, Spec, TypeBody,
    TypeExprKind,
};
use std::collections::{BTreeMap, BTreeSet};

mod examples;

/// Builds the IR. The spec must have passed validation.
pub fn lower(spec: &Spec) -> Api {
    let root = spec.root.as_ref();
    let auth = root
        .map(|r| {
            r.auth
                .iter()
                .map(|a| AuthScheme {
                    name: a.name.clone(),
                    ident: names::shouty(&a.name),
                    header: a.def.header.as_ref().map(|h| h.text.clone()),
                    credential: a
                        .def
                        .credential
                        .as_ref()
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                    loc: a.loc.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut error_codes: Vec<ErrorCode> = root
        .map(|r| {
            r.error_codes
                .iter()
                .map(|e| ErrorCode {
                    code: e.code,
                    ident: names::variant(&e.name),
                    status: e.status,
                    doc: e.doc.clone(),
                    services: e.services.iter().map(|s| s.text.clone()).collect(),
                    rate_limit: e.rate_limit,
                })
                .collect()
        })
        .unwrap_or_default();
    // A code may be listed once per service; its name (unique) orders those entries, so
    // the output does not depend on the order of the list.
    error_codes.sort_by_cached_key(|e| (e.code, e.ident.to_string()));

    let mut services = Vec::new();
    for s in root.map(|r| &r.services[..]).unwrap_or_default() {
        let mut areas: Vec<&AreaDef> = spec.areas.iter().filter(|a| a.service == s.name).collect();
        areas.sort_by(|a, b| a.group.cmp(&b.group));
        let default_auth = s
            .def
            .auth
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_default();
        services.push(lower_service(s, &areas, &default_auth));
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        auth,
        services,
        error_codes,
    }
}

fn docs(text: &Option<String>, url: &Option<String>, deprecated: &Option<String>) -> Docs {
    Docs {
        generated: None,
        text: text.clone(),
        url: url.clone(),
        deprecated: deprecated.clone(),
    }
}

fn lower_service(s: &Named<spec::ServiceDef>, areas: &[&AreaDef], default_auth: &str) -> Service {
    let mut cx = Cx {
        types: BTreeMap::new(),
        structs: BTreeMap::new(),
    };
    for area in areas {
        for t in &area.types {
            if let TypeBody::Struct(fields) = &t.def.body {
                cx.structs.insert(t.name.clone(), fields.clone());
            }
        }
    }
    for area in areas {
        for t in &area.types {
            let ident = names::pascal(&t.name);
            let d = docs(&t.def.doc, &None, &t.def.deprecated);
            let origin = Origin {
                loc: t.loc.clone(),
                what: format!("type `{}`", t.name),
            };
            cx.declare(
                ident,
                d,
                &t.def.body,
                origin,
                true,
                &format!("`{}`", t.name),
            );
        }
    }
    let groups = areas
        .iter()
        .filter(|a| !a.operations.is_empty())
        .map(|a| {
            let ops = a
                .operations
                .iter()
                .map(|o| cx.operation(&s.name, a, o, default_auth))
                .collect();
            let module = names::snake(&a.group);
            let handle = names::pascal(&a.group);
            Group {
                file: a.file.clone(),
                loc: a.loc.clone(),
                name: a.group.clone(),
                mock: names::mock_handle(&handle),
                command: names::command(&a.group),
                cli_command_fn: names::cli_group_fn(&module, "command"),
                cli_run_fn: names::cli_group_fn(&module, "run"),
                module,
                handle,
                docs: docs(&a.doc, &a.docs_url, &None),
                ops,
            }
        })
        .collect();
    let mut types: Vec<TypeDecl> = cx.types.into_values().flatten().collect();
    box_cycles(&mut types);
    let handle = names::pascal(&s.name);
    share_union_fields(&mut types);
    Service {
        name: s.name.clone(),
        module: names::snake(&s.name),
        mock: names::mock_handle(&handle),
        command: names::command(&s.name),
        handle,
        title: s.def.title.clone().unwrap_or_else(|| s.name.clone()),
        base_url: s
            .def
            .base_url
            .as_ref()
            .map(|u| u.text.clone())
            .unwrap_or_default(),
        feature: s.def.feature.clone(),
        auth: default_auth.to_owned(),
        env_name: s
            .def
            .env_name
            .clone()
            .unwrap_or_else(|| names::env_name(&s.name)),
        docs: docs(&s.def.doc, &s.def.docs_url, &None),
        groups,
        types,
        loc: s.loc.clone(),
    }
}

struct Cx {
    /// Declared and hoisted types by Rust name (sorted output). Types from different
    /// spec nodes that got the same name are all kept, for the name check to report;
    /// a node lowered twice (an inline page item, reached from the response and from
    /// its pagination) is one type.
    types: BTreeMap<String, Vec<TypeDecl>>,
    /// Struct fields of named types, to resolve pagination fields.
    structs: BTreeMap<String, Vec<FieldDef>>,
}

impl Cx {
    /// Declares a type. `shown`: how a diagnostic names it as the owner of its fields
    /// (`` `user` ``, `the response of operation ...`).
    fn declare(
        &mut self,
        ident: Name,
        docs: Docs,
        body: &TypeBody,
        origin: Origin,
        declared: bool,
        shown: &str,
    ) {
        let owner = ident.to_string();
        let kind = match body {
            TypeBody::Struct(fields) => TypeKind::Struct(
                fields
                    .iter()
                    .map(|f| self.field(&owner, &format!("field `{}` of {shown}", f.wire), f))
                    .collect(),
            ),
            TypeBody::Enum(values) => TypeKind::Enum(
                values
                    .iter()
                    .map(|v| Variant {
                        wire: v.text.clone(),
                        ident: names::variant(v.rust_source()),
                        doc: v.doc.clone(),
                    })
                    .collect(),
            ),
            TypeBody::Union { tag, variants } => TypeKind::Union {
                tag: tag.text.clone(),
                variants: variants
                    .iter()
                    .filter_map(|(value, expr)| match &expr.kind {
                        TypeExprKind::Named(n) => Some(UnionVariant {
                            tag_value: value.text.clone(),
                            ident: names::variant(n),
                            ty: names::pascal(n),
                        }),
                        _ => None,
                    })
                    .collect(),
                shared: Vec::new(),
            },
        };
        let cli_values = matches!(kind, TypeKind::Enum(_)).then(|| names::cli_values_const(&owner));
        let decl = TypeDecl {
            ident,
            cli_values,
            docs,
            kind,
            origin,
            declared,
        };
        let same_name = self.types.entry(owner).or_default();
        match same_name
            .iter_mut()
            .find(|t| t.origin.loc == decl.origin.loc)
        {
            Some(again) => *again = decl,
            None => same_name.push(decl),
        }
    }

    /// The first type of this name (the only one once the names are checked).
    fn get(&self, ident: &str) -> Option<&TypeDecl> {
        self.types.get(ident)?.first()
    }

    /// The IR of `style: anchor` pagination; the spec has been validated.
    fn anchor_paging(
        &mut self,
        (owner, shown): (&str, &str),
        p: &spec::AnchorPagingDef,
        fields: &[FieldDef],
        inputs: &[Input],
    ) -> Option<AnchorPaging> {
        let items_field = fields.iter().find(|f| f.wire == p.items.text)?;
        let what = format!("field `{}` of {shown}", items_field.wire);
        let item = match self.field_ty(owner, &what, items_field) {
            Ty::List(inner) => *inner,
            _ => return None,
        };
        let param = |wire: &str| {
            inputs
                .iter()
                .find(|q| q.kind == InputKind::Query && q.wire == wire)
        };
        let (anchor, anchor_ty) = match param(&p.anchor.text) {
            Some(q) => (AnchorInput::Query(q.ident.clone()), q.ty.clone()),
            None => inputs.iter().find_map(|input| {
                let InputKind::OneOf(g) = &input.kind else {
                    return None;
                };
                let m = g.members.iter().find(|m| m.wire == p.anchor.text)?;
                Some((
                    AnchorInput::OneOf {
                        field: input.ident.clone(),
                        enum_ident: g.enum_ident.clone(),
                        variant: m.variant.clone(),
                    },
                    m.ty.clone(),
                ))
            })?,
        };
        let before = param(&p.before.text).map(|q| (q.ident.clone(), q.ty.clone()))?;
        let after = param(&p.after.text).map(|q| (q.ident.clone(), q.ty.clone()))?;
        let include = match &p.include {
            Some(i) => Some(param(&i.text)?.ident.clone()),
            None => None,
        };
        let Ty::Named(item_ident) = &item else {
            return None;
        };
        let item_field = |wire: &str, cx: &Self| -> Option<ItemField> {
            let decl = cx.get(&item_ident.to_string())?;
            match &decl.kind {
                TypeKind::Struct(fs) => {
                    let f = fs.iter().find(|f| f.wire == wire)?;
                    Some(ItemField {
                        ident: f.ident.clone(),
                        ty: f.ty.clone(),
                        access: ItemAccess::Field {
                            optional: f.optional,
                        },
                    })
                }
                TypeKind::Union { variants, .. } => {
                    let first = cx.get(&variants.first()?.ty.to_string())?;
                    let TypeKind::Struct(fs) = &first.kind else {
                        return None;
                    };
                    let f = fs.iter().find(|f| f.wire == wire)?;
                    Some(ItemField {
                        ident: f.ident.clone(),
                        ty: f.ty.clone(),
                        access: ItemAccess::Accessor,
                    })
                }
                TypeKind::Enum(_) => None,
            }
        };
        Some(AnchorPaging {
            items: (
                names::snake(&items_field.wire),
                items_field.optional || items_field.nullable,
            ),
            item_anchor: item_field(&p.item_anchor.text, self)?,
            item_key: item_field(&p.item_key.text, self)?,
            item,
            anchor,
            anchor_ty,
            before,
            after,
            include,
        })
    }

    /// A struct field; `what`: how a diagnostic names it (`field \`x\` of \`User\``).
    fn field(&mut self, owner: &str, what: &str, f: &FieldDef) -> Field {
        Field {
            wire: f.wire.clone(),
            ident: names::snake(&f.wire),
            ty: self.field_ty(owner, what, f),
            optional: f.optional || f.nullable,
            boxed: false,
            secret: f.secret,
            docs: docs(&f.doc, &None, &f.deprecated),
        }
    }

    /// The type of a field; an inline type is hoisted as `{Owner}{Field}`. `what`: how
    /// a diagnostic names the field.
    fn field_ty(&mut self, owner: &str, what: &str, f: &FieldDef) -> Ty {
        match &f.ty {
            FieldType::Expr(e) => ty(&e.kind),
            FieldType::Inline(body, _) => {
                let ident = names::member_type(owner, &f.wire);
                let origin = Origin {
                    loc: f.loc.clone(),
                    what: format!("the inline type of {what}"),
                };
                let shown = format!("`{ident}`");
                self.declare(
                    ident.clone(),
                    docs(&f.doc, &None, &None),
                    body,
                    origin,
                    false,
                    &shown,
                );
                Ty::Named(ident)
            }
        }
    }

    /// A path, query, header or body parameter. Path parameters and required query
    /// parameters, headers and body fields (file parts included) are arguments of the
    /// method, so that forgetting one does not compile; the rest are given through
    /// setters.
    /// `of`: how a diagnostic names the operation (`operation \`x\` of group \`g\``).
    fn input(
        &mut self,
        kind: InputKind,
        (owner, of): (&str, &str),
        f: &FieldDef,
        required: bool,
    ) -> Input {
        let ident = names::snake(&f.wire);
        Input {
            role: match kind {
                InputKind::Path => Role::Argument,
                InputKind::BodyField | InputKind::Query | InputKind::Header if required => {
                    Role::Argument
                }
                _ => Role::Setter(names::setter(&ident)),
            },
            kind,
            wire: f.wire.clone(),
            ident,
            ty: self.field_ty(owner, &format!("parameter `{}` of {of}", f.wire), f),
            required,
            secret: f.secret,
            min: f.min,
            max: f.max,
            seconds: f.seconds,
            docs: docs(&f.doc, &None, &f.deprecated),
            loc: f.loc.clone(),
        }
    }

    fn operation(
        &mut self,
        service: &str,
        area: &AreaDef,
        op: &Named<OpDef>,
        default_auth: &str,
    ) -> Operation {
        let o = &op.def;
        let owner = names::pascal_text(&op.name);
        let shown_op = format!("operation `{}` of group `{}`", op.name, area.group);
        let of = (owner.as_str(), shown_op.as_str());
        let placeholders: Vec<&str> = o
            .path
            .text
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let mut inputs: Vec<Input> = o
            .path_params
            .iter()
            .map(|f| self.input(InputKind::Path, of, f, true))
            .collect();
        inputs.sort_by_key(|p| placeholders.iter().position(|x| *x == p.wire));
        for g in &o.one_of {
            let enum_ident = names::member_type(&owner, &g.name);
            let members = g
                .def
                .iter()
                .filter_map(|m| o.query.iter().find(|q| q.wire == m.text))
                .map(|q| OneOfMember {
                    wire: q.wire.clone(),
                    variant: names::pascal(&q.wire),
                    ty: self.field_ty(&owner, &format!("parameter `{}` of {shown_op}", q.wire), q),
                    docs: docs(&q.doc, &None, &None),
                })
                .collect();
            inputs.push(Input {
                kind: InputKind::OneOf(OneOf {
                    enum_ident: enum_ident.clone(),
                    members,
                }),
                role: Role::Argument,
                ident: names::snake(&g.name),
                wire: g.name.clone(),
                ty: Ty::Named(enum_ident),
                required: true,
                secret: false,
                seconds: false,
                min: None,
                max: None,
                docs: Docs::default(),
                loc: g.loc.clone(),
            });
        }
        let grouped: BTreeSet<&str> = o
            .one_of
            .iter()
            .flat_map(|g| g.def.iter().map(|m| m.text.as_str()))
            .collect();
        for f in o
            .query
            .iter()
            .filter(|f| !grouped.contains(f.wire.as_str()))
        {
            let input = self.input(InputKind::Query, of, f, !f.optional && !f.nullable);
            inputs.push(input);
        }
        for f in &o.headers {
            let input = self.input(InputKind::Header, of, f, !f.optional && !f.nullable);
            inputs.push(input);
        }
        let body = o.body.as_ref().map(|b| Body {
            loc: b.loc.clone(),
            encoding: b.encoding,
            content: match &b.content {
                spec::BodyContent::Type(e) => {
                    inputs.push(Input {
                        kind: InputKind::Body,
                        role: Role::Argument,
                        ident: names::ident("body"),
                        wire: "body".into(),
                        ty: ty(&e.kind),
                        required: true,
                        secret: false,
                        seconds: false,
                        min: None,
                        max: None,
                        docs: Docs::default(),
                        loc: b.loc.clone(),
                    });
                    BodyContent::Type
                }
                spec::BodyContent::Fields(fields) => {
                    let consts = fields
                        .iter()
                        .filter_map(|f| {
                            Some(ConstField {
                                ident: names::snake(&f.wire),
                                wire: f.wire.clone(),
                                value: f.const_value.as_ref()?.text.clone(),
                            })
                        })
                        .collect();
                    let (files, fields): (Vec<_>, Vec<_>) = fields
                        .iter()
                        .filter(|f| f.const_value.is_none())
                        .map(|f| {
                            self.input(InputKind::BodyField, of, f, !f.optional && !f.nullable)
                        })
                        .partition(|p| p.ty == Ty::File);
                    inputs.extend(fields);
                    inputs.extend(files.into_iter().map(|f| Input {
                        kind: InputKind::File,
                        ..f
                    }));
                    BodyContent::Fields {
                        struct_ident: names::operation_type(&op.name, "body"),
                        consts,
                    }
                }
            },
        });
        // The page type owns its fields' inline types (`{Page}{Field}`), so the page's
        // items are hoisted under the page's name, which pagination refers to as well.
        let (response, response_fields, page_owner, page_shown) = match &o.response {
            ResponseDef::Empty(_) => (Response::Empty, None, String::new(), String::new()),
            ResponseDef::Type(e) => {
                let (fields, owner, shown) = match &e.kind {
                    TypeExprKind::Named(n) => (
                        self.structs.get(n).cloned(),
                        names::pascal_text(n),
                        format!("`{n}`"),
                    ),
                    _ => (None, String::new(), String::new()),
                };
                (Response::Json(ty(&e.kind)), fields, owner, shown)
            }
            ResponseDef::Fields(fields, loc) => {
                let ident = names::operation_type(&op.name, "response");
                let d = Docs {
                    generated: Some(Markdown(format!(
                        "The response of [`{}`](super::{}::{}::{}).",
                        names::unraw(&names::operation_method(&op.name)),
                        names::snake(&area.group),
                        names::pascal(&area.group),
                        names::operation_method(&op.name)
                    ))),
                    ..Docs::default()
                };
                let origin = Origin {
                    loc: loc.clone(),
                    what: format!("the inline response of {shown_op}"),
                };
                let shown = format!("the response of {shown_op}");
                let body = TypeBody::Struct(fields.clone());
                self.declare(ident.clone(), d, &body, origin, false, &shown);
                let owner = ident.to_string();
                (
                    Response::Json(Ty::Named(ident)),
                    Some(fields.clone()),
                    owner,
                    shown,
                )
            }
        };
        let pagination = match (&o.pagination, &response, response_fields.as_deref()) {
            (Some(p), Response::Json(page), Some(fields)) => {
                let find = |name: &str| fields.iter().find(|f| f.wire == name);
                let next =
                    find(&p.next.text).map(|f| (names::snake(&f.wire), f.optional || f.nullable));
                let items = find(&p.items.text)
                    .map(|f| (names::snake(&f.wire), f.optional || f.nullable, f));
                match (next, items) {
                    (Some(next), Some((items_ident, items_opt, items_field))) => {
                        let what = format!("field `{}` of {page_shown}", items_field.wire);
                        let item = match self.field_ty(&page_owner, &what, items_field) {
                            Ty::List(inner) => *inner,
                            other => other,
                        };
                        Some(Pagination {
                            cursor: names::snake(&p.cursor.text),
                            cursor_wire: p.cursor.text.clone(),
                            offset: p.style == spec::PaginationStyle::Offset,
                            next,
                            items: (items_ident, items_opt),
                            page: page.clone(),
                            item,
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let anchor_paging = match (&o.anchor_pagination, response_fields.as_deref()) {
            (Some(p), Some(fields)) => {
                self.anchor_paging((&page_owner, &page_shown), p, fields, &inputs)
            }
            _ => None,
        };
        let auth_name = o
            .auth
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_else(|| default_auth.to_owned());
        let mut operation = Operation {
            name: op.name.clone(),
            full_name: format!("{service}.{}.{}", area.group, op.name),
            method_ident: names::operation_method(&op.name),
            builder: names::operation_type(&op.name, "request"),
            input: names::operation_type(&op.name, "input"),
            static_ident: names::shouty(&op.name),
            command: names::command(&op.name),
            method: o.method,
            path: o.path.text.clone(),
            auth: names::shouty(&auth_name),
            auth_name,
            inputs,
            body,
            response,
            pagination,
            anchor_paging,
            rate_limit: o.rate_limit,
            // Unless the spec says otherwise, GET, PUT and DELETE are safe to repeat.
            retry_safe: o
                .retry_safe
                .unwrap_or(!matches!(o.method, Method::Post | Method::Patch)),
            docs: docs(&o.doc, &o.docs_url, &o.deprecated),
            examples: Vec::new(),
            loc: op.loc.clone(),
        };
        operation.examples = o
            .examples
            .iter()
            .map(|ex| examples::lower(&op.name, &operation, ex))
            .collect();
        operation
    }
}

fn ty(k: &TypeExprKind) -> Ty {
    match k {
        TypeExprKind::Prim(p) => match p {
            Prim::String => Ty::String,
            Prim::Bool => Ty::Bool,
            Prim::I32 => Ty::I32,
            Prim::I64 => Ty::I64,
            Prim::U32 => Ty::U32,
            Prim::U64 => Ty::U64,
            Prim::F64 => Ty::F64,
            Prim::TimestampS => Ty::Seconds,
            Prim::TimestampMs => Ty::Millis,
            Prim::Json => Ty::Json,
            Prim::File => Ty::File,
        },
        TypeExprKind::List(inner) => Ty::List(Box::new(ty(inner))),
        TypeExprKind::Map(inner) => Ty::Map(Box::new(ty(inner))),
        TypeExprKind::Named(n) => Ty::Named(names::pascal(n)),
    }
}

/// The fields that at least two variants of each union declare (every variant, for a
/// union of one), with one type wherever they appear, in order of first appearance; a
/// field named like one of the union's own methods, or with different types in two
/// variants, gets no accessor (its variants still have it).
fn share_union_fields(types: &mut [TypeDecl]) {
    const RESERVED: &[&str] = &["from_json", "decode_error", "tag"];
    let structs: BTreeMap<String, &Vec<Field>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(fields) => Some((t.ident.to_string(), fields)),
            _ => None,
        })
        .collect();
    let mut found: BTreeMap<String, Vec<crate::ir::SharedField>> = BTreeMap::new();
    for t in types.iter() {
        let TypeKind::Union { variants, .. } = &t.kind else {
            continue;
        };
        let Some(fields) = variants
            .iter()
            .map(|v| structs.get(&v.ty.to_string()).copied())
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        // Every field name, in the order of first appearance.
        let mut wires: Vec<&str> = Vec::new();
        for f in fields.iter().flat_map(|fs| fs.iter()) {
            if !wires.contains(&f.wire.as_str()) {
                wires.push(&f.wire);
            }
        }
        let needed = fields.len().min(2);
        let shared = wires
            .into_iter()
            .filter_map(|wire| {
                let each: Vec<Option<&Field>> = fields
                    .iter()
                    .map(|fs| fs.iter().find(|f| f.wire == wire))
                    .collect();
                let present: Vec<&Field> = each.iter().flatten().copied().collect();
                let first = present.first()?;
                if present.len() < needed
                    || present.iter().any(|f| f.ty != first.ty)
                    || RESERVED.contains(&names::unraw(&first.ident).as_str())
                {
                    return None;
                }
                Some(crate::ir::SharedField {
                    wire: first.wire.clone(),
                    ident: first.ident.clone(),
                    ty: first.ty.clone(),
                    present: each
                        .iter()
                        .map(|f| f.map(|f| (f.optional, f.boxed)))
                        .collect(),
                    docs: Docs {
                        text: first.docs.text.clone(),
                        ..Docs::default()
                    },
                })
            })
            .collect();
        found.insert(t.ident.to_string(), shared);
    }
    for t in types.iter_mut() {
        if let TypeKind::Union { shared, .. } = &mut t.kind {
            *shared = found.remove(&t.ident.to_string()).unwrap_or_default();
        }
    }
}

/// Boxes every struct field through which a type can reach itself without passing
/// through a `Vec` or a map (those already have an indirection).
fn box_cycles(types: &mut [TypeDecl]) {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in types.iter() {
        let out = edges.entry(t.ident.to_string()).or_default();
        match &t.kind {
            TypeKind::Struct(fields) => out.extend(fields.iter().filter_map(|f| match &f.ty {
                Ty::Named(n) => Some(n.to_string()),
                _ => None,
            })),
            TypeKind::Union { variants, .. } => {
                out.extend(variants.iter().map(|v| v.ty.to_string()))
            }
            TypeKind::Enum(_) => {}
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let me = t.ident.to_string();
        if let TypeKind::Struct(fields) = &mut t.kind {
            for f in fields {
                if let Ty::Named(n) = &f.ty {
                    f.boxed = reaches(&n.to_string(), &me);
                }
            }
        }
    }
}
