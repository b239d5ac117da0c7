//! The spec as written: the YAML trees read into typed definitions, with every shape
//! error (unknown key, wrong kind of value, malformed type expression) collected.

use crate::diag::{closest, did_you_mean, Diagnostics, Loc};
use crate::load::{Node, NodeKind, SpecFile, ROOT_FILE};

pub use crate::ir::Method;

mod examples;
pub use examples::{
    json as yaml_to_json, ExampleBody, ExampleDef, FilePart, RequestExample, ResponseExample,
};

/// The whole description, as written.
#[derive(Debug, Default)]
pub struct Spec {
    /// `api.yaml`.
    pub root: Option<RootDef>,
    /// Every area file.
    pub areas: Vec<AreaDef>,
}

/// A definition with its name and where the name is.
#[derive(Debug, Clone)]
pub struct Named<T> {
    /// The name as written (a mapping key).
    pub name: String,
    /// Where the name is.
    pub loc: Loc,
    /// The definition.
    pub def: T,
}

/// A string value with its location.
#[derive(Debug, Clone)]
pub struct Located {
    /// The text.
    pub text: String,
    /// Where it is.
    pub loc: Loc,
}

/// One value of a string enum: the wire value, and the Rust variant name when the
/// spec gives one (`{ value: MESG, rust_name: User }`). It reads as its wire value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: Located,
    /// The Rust variant's name, instead of the one made from the wire value.
    pub rust_name: Option<Located>,
    /// What the value means.
    pub doc: Option<String>,
}

impl std::ops::Deref for EnumValue {
    type Target = Located;
    fn deref(&self) -> &Located {
        &self.value
    }
}

impl EnumValue {
    /// The name the Rust variant is made from: `rust_name`, else the wire value.
    pub fn rust_source(&self) -> &str {
        self.rust_name.as_ref().unwrap_or(&self.value).text.as_str()
    }
}

/// `api.yaml`.
#[derive(Debug, Default)]
pub struct RootDef {
    /// Credential slots.
    pub credentials: Vec<Named<Option<String>>>,
    /// Auth schemes.
    pub auth: Vec<Named<AuthDef>>,
    /// Services.
    pub services: Vec<Named<ServiceDef>>,
    /// Error code table.
    pub error_codes: Vec<ErrorCodeDef>,
    /// Whether every operation must have an example.
    pub require_examples: bool,
}

/// How a request authenticates.
#[derive(Debug, Clone)]
pub struct AuthDef {
    /// Header that carries the credential.
    pub header: Option<Located>,
    /// HTTP Basic.
    pub basic: bool,
    /// The credential slot.
    pub credential: Option<Located>,
}

/// One product API.
#[derive(Debug, Clone, Default)]
pub struct ServiceDef {
    /// Human title.
    pub title: Option<String>,
    /// Description.
    pub doc: Option<String>,
    /// Base URL template.
    pub base_url: Option<Located>,
    /// Default auth scheme.
    pub auth: Option<Located>,
    /// Cargo feature gating the module.
    pub feature: Option<String>,
    /// Public documentation page.
    pub docs_url: Option<String>,
    /// What names the service in the command-line client's base-URL variable
    /// (`SENDBIRD_<env_name>_BASE_URL`); by default its name in upper snake case.
    pub env_name: Option<String>,
}

/// One row of the error code table.
#[derive(Debug, Clone)]
pub struct ErrorCodeDef {
    /// Where the row is.
    pub loc: Loc,
    /// Numeric code.
    pub code: i64,
    /// Variant name.
    pub name: String,
    /// Usual HTTP status.
    pub status: Option<i64>,
    /// Description.
    pub doc: Option<String>,
    /// The services whose error bodies use the code with this meaning; empty: all.
    pub services: Vec<Located>,
    /// The code means "rate-limited" (`rate_limit: true`): the client waits and
    /// retries it like an HTTP 429, for the services that give it this meaning.
    pub rate_limit: bool,
}

/// `<service>/<group>.yaml`.
#[derive(Debug)]
pub struct AreaDef {
    /// The file's relative path.
    pub file: String,
    /// Service (first path component).
    pub service: String,
    /// Group (file stem).
    pub group: String,
    /// Where the file starts.
    pub loc: Loc,
    /// Description of the group.
    pub doc: Option<String>,
    /// Public documentation page of the group.
    pub docs_url: Option<String>,
    /// Named types.
    pub types: Vec<Named<TypeDef>>,
    /// Operations.
    pub operations: Vec<Named<OpDef>>,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Description.
    pub doc: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Its shape.
    pub body: TypeBody,
}

/// The shape of a type.
#[derive(Debug, Clone)]
pub enum TypeBody {
    /// An object with fields.
    Struct(Vec<FieldDef>),
    /// A string enum.
    Enum(Vec<EnumValue>),
    /// A union tagged by one field.
    Union {
        /// The tag field's wire name.
        tag: Located,
        /// (tag value, variant type).
        variants: Vec<(Located, TypeExpr)>,
    },
}

/// A field, parameter or body member.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// Wire name.
    pub wire: String,
    /// Where it is.
    pub loc: Loc,
    /// Its type.
    pub ty: FieldType,
    /// May be absent.
    pub optional: bool,
    /// May be null.
    pub nullable: bool,
    /// Description.
    pub doc: Option<String>,
    /// Inclusive lower bound.
    pub min: Option<f64>,
    /// Inclusive upper bound.
    pub max: Option<f64>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// A fixed value the client always sends (request bodies only).
    pub const_value: Option<Located>,
    /// Holds a credential or key: redacted from `Debug` output.
    pub secret: bool,
    /// `unit: seconds`: an integer counting seconds; its setter also takes a `Duration`.
    pub seconds: bool,
}

/// A field's type: an expression or an inline definition.
#[derive(Debug, Clone)]
pub enum FieldType {
    /// `string`, `list<User>`, ...
    Expr(TypeExpr),
    /// `{ fields: ... }` or `{ enum: [...] }`.
    Inline(Box<TypeBody>, Loc),
}

/// A parsed type expression.
#[derive(Debug, Clone)]
pub struct TypeExpr {
    /// The expression.
    pub kind: TypeExprKind,
    /// Where it is.
    pub loc: Loc,
}

/// The built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    /// `string`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `timestamp_s`
    TimestampS,
    /// `timestamp_ms`
    TimestampMs,
    /// `json`
    Json,
    /// `file`
    File,
}

impl Prim {
    /// All scalar names, for hints.
    pub const NAMES: [&'static str; 11] = [
        "string",
        "bool",
        "i32",
        "i64",
        "u32",
        "u64",
        "f64",
        "timestamp_s",
        "timestamp_ms",
        "json",
        "file",
    ];

    /// The scalar's name in a type expression.
    pub fn name(self) -> &'static str {
        match self {
            Prim::String => "string",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U32 => "u32",
            Prim::U64 => "u64",
            Prim::F64 => "f64",
            Prim::TimestampS => "timestamp_s",
            Prim::TimestampMs => "timestamp_ms",
            Prim::Json => "json",
            Prim::File => "file",
        }
    }

    fn parse(s: &str) -> Option<Prim> {
        Some(match s {
            "string" => Prim::String,
            "bool" => Prim::Bool,
            "i32" => Prim::I32,
            "i64" => Prim::I64,
            "u32" => Prim::U32,
            "u64" => Prim::U64,
            "f64" => Prim::F64,
            "timestamp_s" => Prim::TimestampS,
            "timestamp_ms" => Prim::TimestampMs,
            "json" => Prim::Json,
            "file" => Prim::File,
            _ => return None,
        })
    }
}

/// A type expression's structure.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// A scalar.
    Prim(Prim),
    /// `list<T>`
    List(Box<TypeExprKind>),
    /// `map<T>`
    Map(Box<TypeExprKind>),
    /// A named type.
    Named(String),
}

/// An operation.
#[derive(Debug, Clone)]
pub struct OpDef {
    /// HTTP method.
    pub method: Method,
    /// Where the method is.
    pub method_loc: Loc,
    /// Path template.
    pub path: Located,
    /// Description.
    pub doc: Option<String>,
    /// Public documentation page.
    pub docs_url: Option<String>,
    /// Auth override.
    pub auth: Option<Located>,
    /// Path parameters.
    pub path_params: Vec<FieldDef>,
    /// Query parameters.
    pub query: Vec<FieldDef>,
    /// Header parameters.
    pub headers: Vec<FieldDef>,
    /// Request body.
    pub body: Option<BodyDef>,
    /// Response.
    pub response: ResponseDef,
    /// Pagination by a cursor or an offset.
    pub pagination: Option<PaginationDef>,
    /// Pagination around an anchor (`style: anchor`).
    pub anchor_pagination: Option<AnchorPagingDef>,
    /// Exactly-one-of groups.
    pub one_of: Vec<Named<Vec<Located>>>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Documented per-second request cap (positive).
    pub rate_limit: Option<u32>,
    /// Example exchanges on the wire.
    pub examples: Vec<ExampleDef>,
    /// Whether repeating the request is safe (`None`: decided by the method).
    pub retry_safe: Option<bool>,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON object.
    Json,
    /// multipart/form-data.
    Multipart,
    /// JSON unless a file is set.
    JsonOrMultipart,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct BodyDef {
    /// Where it is.
    pub loc: Loc,
    /// Encoding.
    pub encoding: Encoding,
    /// Inline fields, or a named type.
    pub content: BodyContent,
}

/// What a body holds.
#[derive(Debug, Clone)]
pub enum BodyContent {
    /// Inline fields.
    Fields(Vec<FieldDef>),
    /// A named struct.
    Type(TypeExpr),
}

/// A response.
#[derive(Debug, Clone)]
pub enum ResponseDef {
    /// `{}` or nothing.
    Empty(Loc),
    /// A type expression.
    Type(TypeExpr),
    /// Inline fields.
    Fields(Vec<FieldDef>, Loc),
}

/// Pagination of a list operation.
#[derive(Debug, Clone)]
pub struct PaginationDef {
    /// Where it is.
    pub loc: Loc,
    /// Query field taking the cursor.
    pub cursor: Located,
    /// Response field with the next cursor.
    pub next: Located,
    /// Response field with the items.
    pub items: Located,
    /// Response field with the previous cursor.
    pub prev: Option<Located>,
    /// How the cursor is read from a page.
    pub style: PaginationStyle,
}

/// Pagination around an anchor (`style: anchor`): each request lists the items before
/// or after an anchor value; the next request is anchored at the last item.
#[derive(Debug, Clone)]
pub struct AnchorPagingDef {
    /// Where it is.
    pub loc: Loc,
    /// Response field with the items.
    pub items: Located,
    /// Query input holding the anchor value (a query field or a `one_of` member).
    pub anchor: Located,
    /// Query field: how many items before the anchor.
    pub before: Located,
    /// Query field: how many items after the anchor.
    pub after: Located,
    /// Query field: whether items exactly at the anchor are listed.
    pub include: Option<Located>,
    /// Item field giving the anchor value of the next page.
    pub item_anchor: Located,
    /// Item field that tells items apart (to drop the ones listed twice).
    pub item_key: Located,
}

/// How a paginated operation finds its next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaginationStyle {
    /// `cursor` (the default): the `next` field holds an opaque cursor.
    #[default]
    Cursor,
    /// `offset`: the `next` field holds the URL of the next page, with an `offset`.
    Offset,
}

/// The deepest nesting of `list<..>` and `map<..>` a type expression may have. Deeper
/// types are rejected before anything recurses over them (the generated `Vec<Vec<..>>`
/// stops compiling a few dozen levels down, and the tools that print it run out of
/// stack a few hundred levels down).
pub const MAX_TYPE_NESTING: usize = 8;

/// Reads every file into a [`Spec`], collecting shape errors.
pub fn read(files: &[SpecFile], diags: &mut Diagnostics) -> Spec {
    let mut spec = Spec::default();
    for f in files {
        let mut r = Reader { d: diags };
        let parts: Vec<&str> = f.rel_path.split('/').collect();
        match parts.as_slice() {
            [file] if *file == ROOT_FILE => spec.root = r.root(&f.root),
            [service, file] => {
                let group = file.rsplit_once('.').map_or(*file, |(stem, _)| stem);
                if let Some(area) = r.area(&f.root, &f.rel_path, service, group) {
                    spec.areas.push(area);
                }
            }
            _ => diags.error_hint(
                &Loc::file(&f.rel_path),
                "this file is not where the format expects spec files",
                "put services in `api.yaml` and areas in `<service>/<group>.yaml`",
            ),
        }
    }
    spec
}

struct Reader<'a> {
    d: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn map<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'n [(String, Node)]> {
        match &node.kind {
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    if !allowed.contains(&key.as_str()) {
                        let hint = if key.contains(' ') && value.kind_is_null() {
                            // `{ doc: a, b }` splits the text at the comma.
                            "this looks like the rest of a text cut at a comma: inside `{ ... }` a comma ends the value, so quote the text (`doc: \"a, b\"`)".to_owned()
                        } else {
                            did_you_mean(key, allowed.iter().copied()).unwrap_or_else(|| {
                                format!("the keys of {what} are: {}", allowed.join(", "))
                            })
                        };
                        self.d.error_hint(
                            &value.loc,
                            format!("unknown key `{key}` in {what}"),
                            hint,
                        );
                    }
                }
                Some(entries)
            }
            NodeKind::Null => Some(&[]),
            _ => {
                self.d.error_hint(
                    &node.loc,
                    format!("{what} must be a mapping, found {}", node.describe()),
                    format!("write {what} as `key: value` lines"),
                );
                None
            }
        }
    }

    /// Reports that the required `key` is absent from the mapping `n`, unless one of its
    /// unknown keys looks like a misspelling of `key`: that one was already reported
    /// with a "did you mean", and a second message would only repeat it.
    fn missing(&mut self, n: &Node, key: &str, allowed: &[&str], message: String, hint: &str) {
        if let NodeKind::Map(entries) = &n.kind {
            let misspelled = entries.iter().any(|(k, _)| {
                !allowed.contains(&k.as_str()) && closest(k, allowed.iter().copied()) == Some(key)
            });
            if misspelled {
                return;
            }
        }
        self.d.error_hint(&n.loc, message, hint);
    }

    /// A mapping whose keys are names chosen by the author.
    fn entries<'n>(&mut self, node: Option<&'n Node>, what: &str) -> &'n [(String, Node)] {
        match node {
            None => &[],
            Some(n) => match &n.kind {
                NodeKind::Map(e) => e,
                NodeKind::Null => &[],
                _ => {
                    self.d.error_hint(
                        &n.loc,
                        format!("{what} must be a mapping of names, found {}", n.describe()),
                        format!("write each entry of {what} as `name: ...`"),
                    );
                    &[]
                }
            },
        }
    }

    fn string(&mut self, node: Option<&Node>, what: &str) -> Option<Located> {
        let node = node?;
        match &node.kind {
            NodeKind::Str(s) => Some(Located {
                text: s.clone(),
                loc: node.loc.clone(),
            }),
            NodeKind::Int(i) => Some(Located {
                text: i.to_string(),
                loc: node.loc.clone(),
            }),
            _ => {
                self.d.error_hint(
                    &node.loc,
                    format!("{what} must be a string, found {}", node.describe()),
                    "quote the value",
                );
                None
            }
        }
    }

    fn text(&mut self, node: Option<&Node>, what: &str) -> Option<String> {
        self.string(node, what).map(|l| l.text)
    }

    fn boolean(&mut self, node: Option<&Node>, what: &str) -> bool {
        match node.map(|n| (n, &n.kind)) {
            None => false,
            Some((_, NodeKind::Bool(b))) => *b,
            Some((n, _)) => {
                self.d.error_hint(
                    &n.loc,
                    format!("{what} must be `true` or `false`, found {}", n.describe()),
                    "write `true` or `false`",
                );
                false
            }
        }
    }

    fn number(&mut self, node: Option<&Node>, what: &str) -> Option<f64> {
        let n = node?;
        match n.kind {
            NodeKind::Int(i) => Some(i as f64),
            NodeKind::Float(f) if f.is_finite() => Some(f),
            NodeKind::Float(f) => {
                self.d.error_hint(
                    &n.loc,
                    format!("{what} must be a finite number, found `{f}`"),
                    "write a number such as `100`, or leave the bound out",
                );
                None
            }
            _ => {
                self.d.error_hint(
                    &n.loc,
                    format!("{what} must be a number, found {}", n.describe()),
                    "write a number such as `100`",
                );
                None
            }
        }
    }

    fn version(&mut self, node: &Node, allowed: &[&str]) {
        match node.get("version").map(|n| (n, &n.kind)) {
            Some((_, NodeKind::Int(1))) => {}
            Some((n, NodeKind::Int(v))) => self.d.error_hint(
                &n.loc,
                format!("unsupported format version {v}"),
                "this generator reads `version: 1`",
            ),
            Some((n, _)) => self.d.error_hint(
                &n.loc,
                format!("`version` must be the number 1, found {}", n.describe()),
                "write `version: 1`",
            ),
            None => self.missing(
                node,
                "version",
                allowed,
                "the file has no `version`".into(),
                "start the file with `version: 1`",
            ),
        }
    }

    fn root(&mut self, node: &Node) -> Option<RootDef> {
        const KEYS: &[&str] = &[
            "version",
            "require_examples",
            "credentials",
            "auth",
            "services",
            "error_codes",
        ];
        self.map(node, "the root file", KEYS)?;
        self.version(node, KEYS);
        let mut root = RootDef {
            require_examples: self.boolean(node.get("require_examples"), "`require_examples`"),
            ..RootDef::default()
        };
        for (name, n) in self.entries(node.get("credentials"), "`credentials`") {
            if self.map(n, "a credential", &["doc"]).is_some() {
                let doc = self.text(n.get("doc"), "`doc`");
                root.credentials.push(named(name, n, doc));
            }
        }
        for (name, n) in self.entries(node.get("auth"), "`auth`") {
            if self
                .map(n, "an auth scheme", &["header", "basic", "credential"])
                .is_some()
            {
                let def = AuthDef {
                    header: self.string(n.get("header"), "`header`"),
                    basic: self.boolean(n.get("basic"), "`basic`"),
                    credential: self.string(n.get("credential"), "`credential`"),
                };
                root.auth.push(named(name, n, def));
            }
        }
        for (name, n) in self.entries(node.get("services"), "`services`") {
            const SKEYS: &[&str] = &[
                "title", "doc", "base_url", "auth", "feature", "docs_url", "env_name",
            ];
            if self.map(n, "a service", SKEYS).is_some() {
                let def = ServiceDef {
                    title: self.text(n.get("title"), "`title`"),
                    doc: self.text(n.get("doc"), "`doc`"),
                    base_url: self.string(n.get("base_url"), "`base_url`"),
                    auth: self.string(n.get("auth"), "`auth`"),
                    feature: self.text(n.get("feature"), "`feature`"),
                    docs_url: self.text(n.get("docs_url"), "`docs_url`"),
                    env_name: self.text(n.get("env_name"), "`env_name`"),
                };
                root.services.push(named(name, n, def));
            }
        }
        if let Some(list) = node.get("error_codes") {
            root.error_codes = self.error_codes(list);
        }
        Some(root)
    }

    fn error_codes(&mut self, list: &Node) -> Vec<ErrorCodeDef> {
        let NodeKind::Seq(items) = &list.kind else {
            self.d.error_hint(
                &list.loc,
                "`error_codes` must be a list",
                "write one `- code: ...` entry per error code",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        const KEYS: &[&str] = &["code", "name", "status", "doc", "services", "rate_limit"];
        for item in items {
            if self.map(item, "an error code", KEYS).is_none() {
                continue;
            }
            let code = match item.get("code") {
                Some(Node {
                    kind: NodeKind::Int(c),
                    ..
                }) => *c,
                Some(n) => {
                    self.d.error_hint(
                        &n.loc,
                        format!("`code` must be an integer, found {}", n.describe()),
                        "write the numeric code, such as `code: 400100`",
                    );
                    continue;
                }
                None => {
                    let message = "the error code has no `code`".to_owned();
                    self.missing(item, "code", KEYS, message, "add `code: 400100`");
                    continue;
                }
            };
            let name = match item.get("name") {
                None => {
                    let message = format!("error code {code} has no `name`");
                    self.missing(item, "name", KEYS, message, "add `name: SomeName`");
                    None
                }
                node => self.text(node, "`name`"),
            };
            let Some(name) = name else { continue };
            let status = self
                .number(item.get("status"), "`status`")
                .map(|s| s as i64);
            let doc = self.text(item.get("doc"), "`doc`");
            let services = match item.get("services") {
                None => Vec::new(),
                Some(Node {
                    kind: NodeKind::Seq(list),
                    ..
                }) => list
                    .iter()
                    .filter_map(|s| self.string(Some(s), "a service name"))
                    .collect(),
                Some(n) => {
                    self.d.error_hint(
                        &n.loc,
                        "`services` must be a list of service names",
                        "write `services: [calls, live]`",
                    );
                    Vec::new()
                }
            };
            let rate_limit = match item.get("rate_limit") {
                None => false,
                Some(Node {
                    kind: NodeKind::Bool(b),
                    ..
                }) => *b,
                Some(n) => {
                    self.d.error_hint(
                        &n.loc,
                        format!("`rate_limit` must be `true` or `false`, found {}", n.describe()),
                        "write `rate_limit: true` on a code that means the request was rate-limited",
                    );
                    false
                }
            };
            out.push(ErrorCodeDef {
                loc: item.loc.clone(),
                code,
                name,
                status,
                doc,
                services,
                rate_limit,
            });
        }
        out
    }

    fn area(&mut self, node: &Node, file: &str, service: &str, group: &str) -> Option<AreaDef> {
        const KEYS: &[&str] = &["version", "doc", "docs_url", "types", "operations"];
        self.map(node, "an area file", KEYS)?;
        self.version(node, KEYS);
        let mut area = AreaDef {
            file: file.to_owned(),
            service: service.to_owned(),
            group: group.to_owned(),
            loc: node.loc.clone(),
            doc: self.text(node.get("doc"), "`doc`"),
            docs_url: self.text(node.get("docs_url"), "`docs_url`"),
            types: Vec::new(),
            operations: Vec::new(),
        };
        for (name, n) in self.entries(node.get("types"), "`types`") {
            if let Some(def) = self.type_def(n) {
                area.types.push(named(name, n, def));
            }
        }
        for (name, n) in self.entries(node.get("operations"), "`operations`") {
            if let Some(def) = self.operation(n) {
                area.operations.push(named(name, n, def));
            }
        }
        Some(area)
    }

    fn type_def(&mut self, n: &Node) -> Option<TypeDef> {
        const KEYS: &[&str] = &["doc", "deprecated", "fields", "enum", "union"];
        self.map(n, "a type", KEYS)?;
        let body = self.type_body(n, "a type")?;
        Some(TypeDef {
            doc: self.text(n.get("doc"), "`doc`"),
            deprecated: self.text(n.get("deprecated"), "`deprecated`"),
            body,
        })
    }

    /// The `fields` / `enum` / `union` part of a named or inline type.
    fn type_body(&mut self, n: &Node, what: &str) -> Option<TypeBody> {
        let shapes: Vec<&str> = ["fields", "enum", "union"]
            .into_iter()
            .filter(|k| n.get(k).is_some())
            .collect();
        match shapes.as_slice() {
            ["fields"] => Some(TypeBody::Struct(self.fields(n.get("fields")))),
            ["enum"] => self.enum_values(n.get("enum")?).map(TypeBody::Enum),
            ["union"] => self.union(n.get("union")?),
            [] => {
                self.d.error_hint(
                    &n.loc,
                    format!("{what} needs `fields`, `enum` or `union`"),
                    "add `fields:` for an object, `enum: [..]` for a string enum, `union:` for a tagged union",
                );
                None
            }
            _ => {
                self.d.error_hint(
                    &n.loc,
                    format!("{what} has more than one of `fields`, `enum` and `union`"),
                    "keep one shape per type",
                );
                None
            }
        }
    }

    fn enum_values(&mut self, n: &Node) -> Option<Vec<EnumValue>> {
        let NodeKind::Seq(items) = &n.kind else {
            self.d.error_hint(
                &n.loc,
                "`enum` must be a list of values",
                "write `enum: [a, b, c]`",
            );
            return None;
        };
        const KEYS: &[&str] = &["value", "rust_name", "doc"];
        let values: Vec<EnumValue> = items
            .iter()
            .filter_map(|i| {
                if !matches!(i.kind, NodeKind::Map(_)) {
                    let value = self.string(Some(i), "an enum value")?;
                    return Some(EnumValue {
                        value,
                        rust_name: None,
                        doc: None,
                    });
                }
                self.map(i, "an enum value", KEYS)?;
                if i.get("value").is_none() {
                    self.missing(
                        i,
                        "value",
                        KEYS,
                        "an enum value written as a mapping needs `value`".into(),
                        "write `{ value: MESG, rust_name: User }`",
                    );
                }
                let rust_name = self.string(i.get("rust_name"), "`rust_name`");
                let doc = self.string(i.get("doc"), "`doc`").map(|d| d.text);
                let value = self.string(i.get("value"), "`value`")?;
                Some(EnumValue {
                    value,
                    rust_name,
                    doc,
                })
            })
            .collect();
        Some(values)
    }

    fn union(&mut self, n: &Node) -> Option<TypeBody> {
        const KEYS: &[&str] = &["tag", "variants"];
        self.map(n, "a union", KEYS)?;
        if n.get("tag").is_none() {
            self.missing(
                n,
                "tag",
                KEYS,
                "a union needs a `tag` field name".into(),
                "add `tag: type` (the field whose value says which variant an object is)",
            );
        }
        let tag = self.string(n.get("tag"), "`tag`")?;
        let mut variants = Vec::new();
        for (value, v) in self.entries(n.get("variants"), "`variants`") {
            if let Some(expr) = self
                .string(Some(v), "a variant type")
                .and_then(|s| self.type_expr(&s, false))
            {
                let tag_value = Located {
                    text: value.clone(),
                    loc: v.loc.clone(),
                };
                variants.push((tag_value, expr.0));
            }
        }
        Some(TypeBody::Union { tag, variants })
    }

    fn fields(&mut self, node: Option<&Node>) -> Vec<FieldDef> {
        let mut out = Vec::new();
        for (wire, n) in self.entries(node, "`fields`") {
            if let Some(f) = self.field(wire, n) {
                out.push(f);
            }
        }
        out
    }

    fn field(&mut self, wire: &str, n: &Node) -> Option<FieldDef> {
        let mut f = FieldDef {
            wire: wire.to_owned(),
            loc: n.loc.clone(),
            ty: FieldType::Expr(TypeExpr {
                kind: TypeExprKind::Prim(Prim::Json),
                loc: n.loc.clone(),
            }),
            optional: false,
            nullable: false,
            doc: None,
            min: None,
            max: None,
            deprecated: None,
            const_value: None,
            secret: false,
            seconds: false,
        };
        match &n.kind {
            NodeKind::Str(s) => {
                let (expr, optional) = self.type_expr(
                    &Located {
                        text: s.clone(),
                        loc: n.loc.clone(),
                    },
                    true,
                )?;
                f.ty = FieldType::Expr(expr);
                f.optional = optional;
            }
            NodeKind::Map(_) => {
                const KEYS: &[&str] = &[
                    "type",
                    "doc",
                    "optional",
                    "nullable",
                    "min",
                    "max",
                    "deprecated",
                    "const",
                    "secret",
                    "unit",
                ];
                self.map(n, "a field", KEYS)?;
                if let Some(c) = n.get("const") {
                    f.const_value = self.string(Some(c), "`const`");
                    f.ty = FieldType::Expr(TypeExpr {
                        kind: TypeExprKind::Prim(Prim::String),
                        loc: c.loc.clone(),
                    });
                    f.doc = self.text(n.get("doc"), "`doc`");
                    if n.get("type")
                        .is_some_and(|t| !matches!(&t.kind, NodeKind::Str(s) if s == "string"))
                    {
                        self.d.error_hint(
                            &c.loc,
                            format!("field `{wire}` has a `const` value, so its type is `string`"),
                            "remove `type:` (or write `type: string`)",
                        );
                    }
                    return Some(f);
                }
                let Some(ty) = n.get("type") else {
                    let message = format!("field `{wire}` has no `type`");
                    self.missing(
                        n,
                        "type",
                        KEYS,
                        message,
                        "add `type: string` (or another type)",
                    );
                    return None;
                };
                match &ty.kind {
                    NodeKind::Map(_) => {
                        self.map(ty, "an inline type", &["fields", "enum", "union"])?;
                        let body = self.type_body(ty, "an inline type")?;
                        f.ty = FieldType::Inline(Box::new(body), ty.loc.clone());
                    }
                    _ => {
                        let s = self.string(Some(ty), "`type`")?;
                        let (expr, optional) = self.type_expr(&s, true)?;
                        f.ty = FieldType::Expr(expr);
                        f.optional = optional;
                    }
                }
                f.optional |= self.boolean(n.get("optional"), "`optional`");
                f.nullable = self.boolean(n.get("nullable"), "`nullable`");
                f.doc = self.text(n.get("doc"), "`doc`");
                f.min = self.number(n.get("min"), "`min`");
                f.max = self.number(n.get("max"), "`max`");
                f.deprecated = self.text(n.get("deprecated"), "`deprecated`");
                f.secret = self.boolean(n.get("secret"), "`secret`");
                if let Some(unit) = n.get("unit") {
                    let integer = matches!(
                        &f.ty,
                        FieldType::Expr(TypeExpr {
                            kind: TypeExprKind::Prim(Prim::I32 | Prim::I64),
                            ..
                        })
                    );
                    match self.text(Some(unit), "`unit`").as_deref() {
                        Some("seconds") if integer => f.seconds = true,
                        Some("seconds") => self.d.error_hint(
                            &unit.loc,
                            format!("field `{wire}` has `unit: seconds`, so its type must be `i32` or `i64`"),
                            "give it an integer type, or remove `unit:`",
                        ),
                        Some(other) => self.d.error_hint(
                            &unit.loc,
                            format!("unknown `unit` `{other}` of field `{wire}`"),
                            "the only unit is `seconds`",
                        ),
                        None => {}
                    }
                }
            }
            _ => {
                self.d.error_hint(
                    &n.loc,
                    format!("field `{wire}` must be a type (`string`) or a mapping with `type:`, found {}", n.describe()),
                    "write `name: string` or `name: { type: string, doc: ... }`",
                );
                return None;
            }
        }
        Some(f)
    }

    /// Parses `list<map<User>>?`; returns the expression and whether it ended in `?`.
    fn type_expr(&mut self, s: &Located, allow_optional: bool) -> Option<(TypeExpr, bool)> {
        let text = s.text.trim();
        let (text, optional) = match text.strip_suffix('?') {
            Some(t) if allow_optional => (t.trim_end(), true),
            Some(_) => {
                self.d.error_hint(
                    &s.loc,
                    format!("`{}`: `?` is only allowed on a field's type", s.text),
                    "remove the `?`",
                );
                return None;
            }
            None => (text, false),
        };
        let depth = type_nesting(text);
        if depth > MAX_TYPE_NESTING {
            self.d.error_hint(
                &s.loc,
                format!("type expression nests {depth} levels of `list<..>`/`map<..>`, more than the {MAX_TYPE_NESTING} the generator supports"),
                format!("keep at most {MAX_TYPE_NESTING} levels, or name an inner level (a struct type with a list field)"),
            );
            return None;
        }
        match parse_type_expr(text) {
            Ok(kind) => Some((
                TypeExpr {
                    kind,
                    loc: s.loc.clone(),
                },
                optional,
            )),
            Err(why) => {
                self.d.error_hint(
                    &s.loc,
                    format!("invalid type expression `{}`: {why}", s.text),
                    format!(
                        "use a scalar ({}), `list<T>`, `map<T>` or a type name",
                        Prim::NAMES.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn operation(&mut self, n: &Node) -> Option<OpDef> {
        const KEYS: &[&str] = &[
            "method",
            "path",
            "doc",
            "docs_url",
            "auth",
            "path_params",
            "query",
            "headers",
            "body",
            "response",
            "pagination",
            "one_of",
            "deprecated",
            "rate_limit",
            "examples",
            "retry_safe",
        ];
        self.map(n, "an operation", KEYS)?;
        let required = [
            ("method", "add `method: GET` (or POST, PUT, PATCH, DELETE)"),
            ("path", "add `path: /things/{thing_id}`"),
            (
                "response",
                "add `response: TypeName`, inline `fields:`, or `response: empty`",
            ),
        ];
        for (key, hint) in required {
            if n.get(key).is_none() {
                let message = format!("the operation has no `{key}`");
                self.missing(n, key, KEYS, message, hint);
            }
        }
        let method = self.string(n.get("method"), "`method`");
        let method = method.and_then(|m| match Method::parse(&m.text) {
            Some(method) => Some((method, m.loc)),
            None => {
                let hint = did_you_mean(&m.text, Method::NAMES)
                    .unwrap_or_else(|| format!("use one of {}", Method::NAMES.join(", ")));
                self.d
                    .error_hint(&m.loc, format!("invalid HTTP method `{}`", m.text), hint);
                None
            }
        });
        let path = self.string(n.get("path"), "`path`");
        let rate_limit = self.rate_limit(n.get("rate_limit"));
        let response = self.response(n.get("response")?)?;
        let (method, method_loc) = method?;
        let pagination = match n.get("pagination") {
            Some(p) => self.pagination(p),
            None => (None, None),
        };
        Some(OpDef {
            method,
            method_loc,
            path: path?,
            doc: self.text(n.get("doc"), "`doc`"),
            docs_url: self.text(n.get("docs_url"), "`docs_url`"),
            auth: self.string(n.get("auth"), "`auth`"),
            path_params: self.fields(n.get("path_params")),
            query: self.fields(n.get("query")),
            headers: self.fields(n.get("headers")),
            body: n.get("body").and_then(|b| self.body(b)),
            response,
            pagination: pagination.0,
            anchor_pagination: pagination.1,
            one_of: self.one_of(n.get("one_of")),
            deprecated: self.text(n.get("deprecated"), "`deprecated`"),
            rate_limit,
            examples: self.examples(n.get("examples")),
            retry_safe: n
                .get("retry_safe")
                .map(|v| self.boolean(Some(v), "`retry_safe`")),
        })
    }

    /// `rate_limit: 5`: a positive whole number of requests per second.
    fn rate_limit(&mut self, node: Option<&Node>) -> Option<u32> {
        let n = node?;
        if let NodeKind::Int(i) = n.kind {
            if let Some(limit) = u32::try_from(i).ok().filter(|l| *l > 0) {
                return Some(limit);
            }
        }
        let found = match &n.kind {
            NodeKind::Int(i) => format!("`{i}`"),
            NodeKind::Float(f) => format!("`{f}`"),
            NodeKind::Str(s) => format!("`{s}`"),
            _ => n.describe().to_owned(),
        };
        self.d.error_hint(
            &n.loc,
            format!("`rate_limit` must be a positive whole number of requests per second, found {found}"),
            "write `rate_limit: 5`",
        );
        None
    }

    fn body(&mut self, n: &Node) -> Option<BodyDef> {
        if let NodeKind::Str(_) = n.kind {
            let s = self.string(Some(n), "`body`")?;
            let (expr, _) = self.type_expr(&s, false)?;
            return Some(BodyDef {
                loc: n.loc.clone(),
                encoding: Encoding::Json,
                content: BodyContent::Type(expr),
            });
        }
        self.map(n, "a body", &["encoding", "fields"])?;
        let fields = self.fields(n.get("fields"));
        let encoding = match self.string(n.get("encoding"), "`encoding`") {
            None => Encoding::Json,
            Some(e) => match e.text.as_str() {
                "json" => Encoding::Json,
                "multipart" => Encoding::Multipart,
                "json_or_multipart" => Encoding::JsonOrMultipart,
                other => {
                    let hint = did_you_mean(other, ["json", "multipart", "json_or_multipart"])
                        .unwrap_or_else(|| "use `json`, `multipart` or `json_or_multipart`".into());
                    self.d
                        .error_hint(&e.loc, format!("unknown body encoding `{other}`"), hint);
                    // Checked on with the encoding that fits the fields, so the typo is
                    // the only problem reported.
                    let file = TypeExprKind::Prim(Prim::File);
                    let has_file = fields
                        .iter()
                        .any(|f| matches!(&f.ty, FieldType::Expr(e) if e.kind == file));
                    if has_file {
                        Encoding::JsonOrMultipart
                    } else {
                        Encoding::Json
                    }
                }
            },
        };
        Some(BodyDef {
            loc: n.loc.clone(),
            encoding,
            content: BodyContent::Fields(fields),
        })
    }

    fn response(&mut self, n: &Node) -> Option<ResponseDef> {
        match &n.kind {
            NodeKind::Str(s) if s == "empty" => Some(ResponseDef::Empty(n.loc.clone())),
            NodeKind::Str(_) => {
                let s = self.string(Some(n), "`response`")?;
                Some(ResponseDef::Type(self.type_expr(&s, false)?.0))
            }
            NodeKind::Map(_) => {
                self.map(n, "a response", &["fields"])?;
                Some(ResponseDef::Fields(
                    self.fields(n.get("fields")),
                    n.loc.clone(),
                ))
            }
            _ => {
                self.d.error_hint(
                    &n.loc,
                    format!(
                        "`response` must be a type, `empty` or `fields:`, found {}",
                        n.describe()
                    ),
                    "write `response: TypeName`",
                );
                None
            }
        }
    }

    fn pagination(&mut self, n: &Node) -> (Option<PaginationDef>, Option<AnchorPagingDef>) {
        const KEYS: &[&str] = &[
            "cursor",
            "next",
            "items",
            "prev",
            "style",
            "anchor",
            "before",
            "after",
            "include",
            "item_anchor",
            "item_key",
        ];
        const CURSOR_KEYS: &[&str] = &["cursor", "next", "prev"];
        const ANCHOR_KEYS: &[&str] = &[
            "anchor",
            "before",
            "after",
            "include",
            "item_anchor",
            "item_key",
        ];
        if self.map(n, "pagination", KEYS).is_none() {
            return (None, None);
        }
        let style = match self.string(n.get("style"), "`style`") {
            None => PaginationStyle::Cursor,
            Some(s) => match s.text.as_str() {
                "cursor" => PaginationStyle::Cursor,
                "offset" => PaginationStyle::Offset,
                "anchor" => {
                    return (
                        None,
                        self.anchor_pagination(n, CURSOR_KEYS, ANCHOR_KEYS, KEYS),
                    )
                }
                other => {
                    let hint = did_you_mean(other, ["cursor", "offset", "anchor"])
                        .unwrap_or_else(|| "use `cursor`, `offset` or `anchor`".into());
                    self.d
                        .error_hint(&s.loc, format!("unknown pagination style `{other}`"), hint);
                    return (None, None);
                }
            },
        };
        for key in ANCHOR_KEYS {
            if let Some(v) = n.get(key) {
                self.d.error_hint(
                    &v.loc,
                    format!(
                        "`{key}` is a key of `style: anchor` pagination, not of `{}`",
                        if style == PaginationStyle::Offset {
                            "offset"
                        } else {
                            "cursor"
                        }
                    ),
                    "remove it, or write `style: anchor` with its keys",
                );
            }
        }
        let need = |key: &str, r: &mut Self| {
            if n.get(key).is_none() {
                let message = format!("pagination needs `{key}`");
                r.missing(
                    n,
                    key,
                    KEYS,
                    message,
                    "declare `cursor`, `next` and `items`",
                );
            }
            r.string(n.get(key), &format!("`{key}`"))
        };
        let cursor = need("cursor", self);
        let next = need("next", self);
        let items = need("items", self);
        let def = (|| {
            Some(PaginationDef {
                loc: n.loc.clone(),
                cursor: cursor?,
                next: next?,
                items: items?,
                prev: None,
                style,
            })
        })();
        let prev = self.string(n.get("prev"), "`prev`");
        (def.map(|d| PaginationDef { prev, ..d }), None)
    }

    fn anchor_pagination(
        &mut self,
        n: &Node,
        cursor_keys: &[&str],
        anchor_keys: &[&str],
        all_keys: &[&str],
    ) -> Option<AnchorPagingDef> {
        for key in cursor_keys {
            if let Some(v) = n.get(key) {
                self.d.error_hint(
                    &v.loc,
                    format!("`{key}` is a key of cursor pagination, not of `style: anchor`"),
                    "an anchor-paged list is followed by its items' anchor values: remove it",
                );
            }
        }
        let mut keys = vec!["items"];
        keys.extend(anchor_keys.iter().filter(|k| **k != "include"));
        let mut got = std::collections::BTreeMap::new();
        for key in keys {
            if n.get(key).is_none() {
                self.missing(
                    n,
                    key,
                    all_keys,
                    format!("anchor pagination needs `{key}`"),
                    "declare `items`, `anchor`, `before`, `after`, `item_anchor` and `item_key`",
                );
            }
            if let Some(v) = self.string(n.get(key), &format!("`{key}`")) {
                got.insert(key, v);
            }
        }
        let include = self.string(n.get("include"), "`include`");
        Some(AnchorPagingDef {
            loc: n.loc.clone(),
            items: got.remove("items")?,
            anchor: got.remove("anchor")?,
            before: got.remove("before")?,
            after: got.remove("after")?,
            include,
            item_anchor: got.remove("item_anchor")?,
            item_key: got.remove("item_key")?,
        })
    }

    fn one_of(&mut self, node: Option<&Node>) -> Vec<Named<Vec<Located>>> {
        let mut out = Vec::new();
        for (name, n) in self.entries(node, "`one_of`") {
            match &n.kind {
                NodeKind::Seq(items) => {
                    let members = items
                        .iter()
                        .filter_map(|i| self.string(Some(i), "a `one_of` member"))
                        .collect();
                    out.push(named(name, n, members));
                }
                _ => self.d.error_hint(
                    &n.loc,
                    format!("`one_of.{name}` must be a list of field names"),
                    "write `one_of: { anchor: [message_ts, message_id] }`",
                ),
            }
        }
        out
    }
}

fn named<T>(name: &str, n: &Node, def: T) -> Named<T> {
    Named {
        name: name.to_owned(),
        loc: n.loc.clone(),
        def,
    }
}

/// How many `list<..>`/`map<..>` levels wrap the innermost type of `text` (without
/// a trailing `?`), counted without recursion.
pub fn type_nesting(text: &str) -> usize {
    let mut rest = text.trim();
    let mut depth = 0;
    while let Some(inner) = rest
        .strip_prefix("list<")
        .or_else(|| rest.strip_prefix("map<"))
    {
        depth += 1;
        rest = inner.trim_start();
    }
    depth
}

/// Parses a type expression without a trailing `?`, without recursion; deeper than
/// [`MAX_TYPE_NESTING`] is an error.
pub fn parse_type_expr(text: &str) -> Result<TypeExprKind, String> {
    let mut text = text.trim();
    let mut wraps: Vec<fn(Box<TypeExprKind>) -> TypeExprKind> = Vec::new();
    'unwrap: loop {
        if text.is_empty() {
            return Err("it is empty".into());
        }
        for (prefix, wrap) in [
            ("list<", TypeExprKind::List as fn(_) -> _),
            ("map<", TypeExprKind::Map),
        ] {
            if let Some(rest) = text.strip_prefix(prefix) {
                if wraps.len() == MAX_TYPE_NESTING {
                    return Err(format!(
                        "more than {MAX_TYPE_NESTING} levels of `list<..>`/`map<..>`"
                    ));
                }
                text = rest
                    .strip_suffix('>')
                    .ok_or_else(|| format!("`{prefix}` is not closed with `>`"))?
                    .trim();
                wraps.push(wrap);
                continue 'unwrap;
            }
        }
        break;
    }
    let mut kind = if let Some(p) = Prim::parse(text) {
        TypeExprKind::Prim(p)
    } else {
        let mut chars = text.chars();
        // Letters beyond ASCII are fine: `names` makes them ASCII identifiers.
        let first_ok = chars.next().is_some_and(char::is_alphabetic);
        if first_ok && text.chars().all(|c| c.is_alphanumeric() || c == '_') {
            TypeExprKind::Named(text.to_owned())
        } else {
            return Err("it is not a scalar, `list<..>`, `map<..>` or a type name".into());
        }
    };
    while let Some(wrap) = wraps.pop() {
        kind = wrap(Box::new(kind));
    }
    Ok(kind)
}
