//! The public API of the generated crate as a flat map from Rust path to item, built
//! from the lowered model (`codegen::ir`), so it knows nothing of the YAML's order or
//! layout.
//!
//! Each item keeps two kinds of facets: `sig`, what compiled downstream code depends on
//! (a change is breaking), and `attrs`, what a call does without changing its Rust API
//! (a change is a behaviour change).

use codegen::ir::{self, Body, BodyContent, InputKind, Response, Ty, TypeKind};
use std::collections::BTreeMap;

/// The crate's name in Rust paths.
pub const CRATE: &str = "sendbird_platform";

/// The product of items that belong to no service (error codes, features, auth).
pub const CRATE_PRODUCT: &str = "crate";

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A cargo feature.
    Feature,
    /// An auth scheme static.
    AuthScheme,
    /// A variant of `ErrorCode`.
    ErrorCode,
    /// A service module.
    Service,
    /// A group module and its handle.
    Group,
    /// An operation method.
    Operation,
    /// A setter of a request builder.
    Setter,
    /// `into_stream` / `into_pages` of a paginated request builder.
    Paging,
    /// A `one_of` argument enum.
    OneOfEnum,
    /// A variant of a `one_of` argument enum.
    OneOfVariant,
    /// A type of a service's `types` module.
    Type,
    /// A struct field.
    Field,
    /// A value of a string enum.
    EnumValue,
    /// A variant of a tagged union.
    UnionVariant,
}

impl Kind {
    /// How the report names the kind.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Feature => "cargo feature",
            Kind::AuthScheme => "auth scheme",
            Kind::ErrorCode => "error code",
            Kind::Service => "service module",
            Kind::Group => "group",
            Kind::Operation => "operation",
            Kind::Setter => "input",
            Kind::Paging => "pagination method",
            Kind::OneOfEnum => "one-of argument",
            Kind::OneOfVariant => "one-of member",
            Kind::Type => "type",
            Kind::Field => "field",
            Kind::EnumValue => "enum value",
            Kind::UnionVariant => "union variant",
        }
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Service name, or [`CRATE_PRODUCT`].
    pub product: String,
    /// Group name, `types`, or the crate-level area (`error codes`, `features`, `auth`).
    pub area: String,
    /// What it is.
    pub kind: Kind,
    /// The item it belongs to (an added or removed parent stands for its children).
    pub parent: Option<String>,
    /// One line saying what it is, for additions and removals.
    pub summary: String,
    /// Facets compiled code depends on.
    pub sig: BTreeMap<&'static str, String>,
    /// For inputs: must be set before sending.
    pub required: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Facets of behaviour.
    pub attrs: BTreeMap<&'static str, String>,
}

/// The whole public API, by Rust path.
#[derive(Debug, Default, PartialEq)]
pub struct Surface {
    /// Items by path.
    pub items: BTreeMap<String, Item>,
}

/// An identifier as a user writes it in a path (`r#type` is `type`).
pub fn name(i: &impl ToString) -> String {
    let s = i.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The Rust type, as written in the generated code (short names).
pub fn ty(t: &Ty) -> String {
    match t {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::U32 => "u32".into(),
        Ty::U64 => "u64".into(),
        Ty::F64 => "f64".into(),
        Ty::Seconds => "UnixSeconds".into(),
        Ty::Millis => "UnixMillis".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::File => "UploadFile".into(),
        Ty::List(t) => format!("Vec<{}>", ty(t)),
        Ty::Map(t) => format!("BTreeMap<String, {}>", ty(t)),
        Ty::Named(i) => name(i),
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

struct Builder {
    items: BTreeMap<String, Item>,
}

impl Builder {
    fn add(&mut self, path: String, item: Item) {
        self.items.insert(path, item);
    }
}

fn item(product: &str, area: &str, kind: Kind, parent: Option<&str>, summary: String) -> Item {
    Item {
        product: product.to_owned(),
        area: area.to_owned(),
        kind,
        parent: parent.map(str::to_owned),
        summary,
        sig: BTreeMap::new(),
        required: false,
        deprecated: None,
        attrs: BTreeMap::new(),
    }
}

fn docs(it: &mut Item, d: &ir::Docs) {
    if let Some(t) = &d.text {
        it.attrs.insert("docs", t.trim().to_owned());
    }
    if let Some(u) = &d.url {
        it.attrs.insert("docs link", u.clone());
    }
    it.deprecated = d.deprecated.clone();
}

/// The public API the generator would emit for this model.
pub fn surface(api: &ir::Api) -> Surface {
    let mut b = Builder {
        items: BTreeMap::new(),
    };
    for a in &api.auth {
        let path = format!("{CRATE}::generated::{}", name(&a.ident));
        let mut it = item(
            CRATE_PRODUCT,
            "auth",
            Kind::AuthScheme,
            None,
            format!("`{}`", a.name),
        );
        it.sig.insert("type", "static AuthScheme".into());
        let how = match &a.header {
            Some(h) => format!("header `{h}`"),
            None => "HTTP Basic".into(),
        };
        it.attrs.insert("sent as", how);
        it.attrs.insert("credential", a.credential.clone());
        b.add(path, it);
    }
    for e in &api.error_codes {
        let path = format!("{CRATE}::ErrorCode::{}", name(&e.ident));
        let mut it = item(
            CRATE_PRODUCT,
            "error codes",
            Kind::ErrorCode,
            None,
            e.code.to_string(),
        );
        it.attrs.insert("code", e.code.to_string());
        it.attrs.insert(
            "HTTP status",
            e.status.map(|s| s.to_string()).unwrap_or_default(),
        );
        it.attrs.insert("docs", e.doc.clone().unwrap_or_default());
        it.attrs.insert("services", e.services.join(", "));
        b.add(path, it);
    }
    let mut features: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &api.services {
        if let Some(f) = &s.feature {
            features.entry(f).or_default().push(&s.name);
        }
        service(&mut b, s);
    }
    for (f, services) in features {
        let it = item(
            CRATE_PRODUCT,
            "features",
            Kind::Feature,
            None,
            format!("gates {}", services.join(", ")),
        );
        b.add(format!("feature `{f}`"), it);
    }
    Surface { items: b.items }
}

fn service(b: &mut Builder, s: &ir::Service) {
    let p = s.name.as_str();
    let base = format!("{CRATE}::generated::{}", name(&s.module));
    let mut it = item(
        p,
        "",
        Kind::Service,
        None,
        format!("`{}` ({})", s.name, s.title),
    );
    it.sig.insert("handle", name(&s.handle));
    it.sig.insert(
        "cargo feature",
        s.feature.clone().unwrap_or_else(|| "none".into()),
    );
    it.sig.insert("base URL", s.base_url.clone());
    it.attrs.insert("title", s.title.clone());
    docs(&mut it, &s.docs);
    b.add(base.clone(), it);
    for g in &s.groups {
        group(b, s, &base, g);
    }
    for t in &s.types {
        type_decl(b, p, &base, t);
    }
}

fn group(b: &mut Builder, s: &ir::Service, base: &str, g: &ir::Group) {
    let p = s.name.as_str();
    let area = g.name.as_str();
    let module = format!("{base}::{}", name(&g.module));
    let mut it = item(
        p,
        area,
        Kind::Group,
        Some(base),
        format!(
            "`{}` (`{}::{}()`)",
            g.name,
            name(&s.handle),
            name(&g.module)
        ),
    );
    it.sig.insert("handle", name(&g.handle));
    docs(&mut it, &g.docs);
    b.add(module.clone(), it);
    for op in &g.ops {
        operation(b, p, area, &module, &name(&g.handle), op);
    }
}

fn operation(b: &mut Builder, p: &str, area: &str, module: &str, handle: &str, op: &ir::Operation) {
    let path = format!("{module}::{handle}::{}", name(&op.method_ident));
    let builder = format!("{module}::{}", name(&op.builder));
    let request = format!("{} {}", op.method.as_str(), op.path);
    let mut it = item(
        p,
        area,
        Kind::Operation,
        Some(module),
        format!("`{request}`"),
    );
    let args: Vec<String> = op
        .arguments()
        .map(|a| format!("{}: {}", name(&a.ident), ty(&a.ty)))
        .collect();
    let setters: Vec<(&ir::Input, &ir::Name, &'static str)> = op
        .setters()
        .map(|(i, setter)| {
            let place = match i.kind {
                InputKind::Query => "query",
                InputKind::Header => "header",
                InputKind::File => "file part",
                _ => "body",
            };
            (i, setter, place)
        })
        .collect();
    let mut consts = Vec::new();
    if let Some(Body {
        encoding, content, ..
    }) = &op.body
    {
        it.attrs.insert("body encoding", format!("{encoding:?}"));
        if let BodyContent::Fields { consts: c, .. } = content {
            consts.extend(c.iter().map(|c| format!("{}={}", c.wire, c.value)));
        }
    }
    it.sig.insert("arguments", format!("({})", args.join(", ")));
    let returns = match &op.response {
        Response::Empty => "()".to_owned(),
        Response::Json(t) => ty(t),
    };
    it.sig.insert("returns", returns);
    it.sig.insert("request", request);
    it.sig.insert("auth", op.auth_name.clone());
    it.attrs.insert("retry_safe", op.retry_safe.to_string());
    it.attrs.insert(
        "rate_limit",
        op.rate_limit
            .map(|r| format!("{r}/s"))
            .unwrap_or_else(|| "none".into()),
    );
    consts.sort();
    it.attrs.insert("fixed body values", consts.join(", "));
    docs(&mut it, &op.docs);
    b.add(path.clone(), it);

    for (prm, setter, place) in setters {
        let mut s = item(
            p,
            area,
            Kind::Setter,
            Some(&path),
            format!(
                "{} {place} `{}`: {}",
                if prm.required { "required" } else { "optional" },
                prm.wire,
                ty(&prm.ty)
            ),
        );
        s.sig.insert("type", ty(&prm.ty));
        s.required = prm.required;
        s.attrs.insert("sent as", format!("{place} `{}`", prm.wire));
        s.attrs.insert("secret", prm.secret.to_string());
        s.attrs.insert("min", num(prm.min));
        s.attrs.insert("max", num(prm.max));
        docs(&mut s, &prm.docs);
        b.add(format!("{builder}::{}", name(setter)), s);
    }
    for (group, g) in op.one_of() {
        let e = format!("{module}::{}", name(&g.enum_ident));
        let mut it = item(
            p,
            area,
            Kind::OneOfEnum,
            Some(&path),
            format!("argument `{}`", name(&group.ident)),
        );
        it.sig.insert("kind", "enum".into());
        b.add(e.clone(), it);
        for m in &g.members {
            let mut v = item(
                p,
                area,
                Kind::OneOfVariant,
                Some(&e),
                format!("`{}`: {}", m.wire, ty(&m.ty)),
            );
            v.sig.insert("type", ty(&m.ty));
            v.attrs.insert("sent as", format!("query `{}`", m.wire));
            docs(&mut v, &m.docs);
            b.add(format!("{e}::{}", name(&m.variant)), v);
        }
    }
    if let Some(pg) = &op.anchor_paging {
        let mut s = item(
            p,
            area,
            Kind::Paging,
            Some(&path),
            format!("stream of {} around an anchor", ty(&pg.item)),
        );
        s.sig.insert("item", ty(&pg.item));
        s.attrs.insert(
            "pagination",
            format!(
                "anchor in query, limits {} and {}, next anchor from item field {}, key {}",
                name(&pg.before.0),
                name(&pg.after.0),
                name(&pg.item_anchor.ident),
                name(&pg.item_key.ident)
            ),
        );
        b.add(format!("{builder}::into_stream"), s);
    }
    if let Some(pg) = &op.pagination {
        let mut s = item(
            p,
            area,
            Kind::Paging,
            Some(&path),
            format!("stream of {}", ty(&pg.item)),
        );
        s.sig.insert("item", ty(&pg.item));
        let style = if pg.offset { "offset" } else { "cursor" };
        s.attrs.insert(
            "pagination",
            format!(
                "{style} in query {}, next from field {}, items from field {}",
                pg.cursor_wire,
                name(&pg.next.0),
                name(&pg.items.0)
            ),
        );
        b.add(format!("{builder}::into_stream"), s);
        let mut s = item(
            p,
            area,
            Kind::Paging,
            Some(&path),
            format!("stream of {} pages", ty(&pg.page)),
        );
        s.sig.insert("page", ty(&pg.page));
        b.add(format!("{builder}::into_pages"), s);
    }
}

fn type_decl(b: &mut Builder, p: &str, base: &str, t: &ir::TypeDecl) {
    let path = format!("{base}::types::{}", name(&t.ident));
    let shape = match &t.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union { .. } => "union",
    };
    let mut it = item(p, "types", Kind::Type, Some(base), shape.to_owned());
    it.sig.insert("kind", shape.into());
    docs(&mut it, &t.docs);
    match &t.kind {
        TypeKind::Struct(fields) => {
            for f in fields {
                let mut rust = ty(&f.ty);
                if f.boxed {
                    rust = format!("Box<{rust}>");
                }
                if f.optional {
                    rust = format!("Option<{rust}>");
                }
                let mut fi = item(
                    p,
                    "types",
                    Kind::Field,
                    Some(&path),
                    format!("`{}`: {rust}", f.wire),
                );
                fi.sig.insert("type", rust);
                fi.attrs.insert("wire name", f.wire.clone());
                fi.attrs.insert("secret", f.secret.to_string());
                docs(&mut fi, &f.docs);
                b.add(format!("{path}::{}", name(&f.ident)), fi);
            }
        }
        TypeKind::Enum(values) => {
            for v in values {
                let mut vi = item(
                    p,
                    "types",
                    Kind::EnumValue,
                    Some(&path),
                    format!("`{}`", v.wire),
                );
                vi.attrs.insert("wire value", v.wire.clone());
                b.add(format!("{path}::{}", name(&v.ident)), vi);
            }
        }
        TypeKind::Union { tag, variants, .. } => {
            it.attrs.insert("tag field", tag.clone());
            for v in variants {
                let mut vi = item(
                    p,
                    "types",
                    Kind::UnionVariant,
                    Some(&path),
                    format!("tag `{}` = `{}`", tag, v.tag_value),
                );
                vi.sig.insert("payload", name(&v.ty));
                vi.attrs.insert("tag value", v.tag_value.clone());
                b.add(format!("{path}::{}", name(&v.ident)), vi);
            }
        }
    }
    b.add(path, it);
}
