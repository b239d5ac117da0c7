//! The named intermediate representation the emitters read.
//!
//! Built by `lower` from a validated spec, so every reference here resolves. Each
//! item keeps its wire name beside its Rust name; every Rust name the emitters write
//! is made in lowering (through `names`), and each operation lists its inputs once, in
//! order, with their roles. The IR is plain data (`Api: Send + Sync`): it is built once
//! and every emitting thread reads it.

use std::fmt;

pub use crate::diag::Loc;

/// Where a generated item comes from in the spec, and what diagnostics call it: the
/// name check (`validate::generated_names`) reads every generated name from the IR and
/// points at the spec node that made it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The spec node.
    pub loc: Loc,
    /// What made the item, as a diagnostic names it (`type \`user\``, `the inline type
    /// of field \`x\` of \`User\``).
    pub what: String,
}

/// A Rust name as the generated code writes it (`user_id`, `r#type`, `ViewUserRequest`):
/// plain text, so the IR can be shared by every worker thread. Only `names` makes them,
/// so every name is a valid identifier; a keyword is kept in its raw form (`r#type`).
///
/// It prints as it is written (`Display`), becomes an identifier token in `quote!`
/// (`ToTokens`) and, like `proc_macro2::Ident`, loses its `r#` inside `format_ident!`
/// (`IdentFragment`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// A name from text that is already a valid identifier (`r#` for a raw one).
    /// Only `names` calls this: it escapes keywords and sanitises first.
    pub(crate) fn new_unchecked(text: String) -> Self {
        Name(text)
    }

    /// The name as written in Rust (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name without the `r#` of a raw identifier (`type`).
    pub fn unraw(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// The identifier token.
    pub fn to_ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.0.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, span),
            None => proc_macro2::Ident::new(&self.0, span),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl quote::ToTokens for Name {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.to_ident())]);
    }
}

impl quote::IdentFragment for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.unraw())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

// The IR is built once and read by every worker thread at the same time.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<Api>();
};

/// The whole API.
#[derive(Debug)]
pub struct Api {
    /// Auth schemes, in spec order.
    pub auth: Vec<AuthScheme>,
    /// Services, sorted by name.
    pub services: Vec<Service>,
    /// The error code table, sorted by code.
    pub error_codes: Vec<ErrorCode>,
}

/// How requests authenticate.
#[derive(Debug)]
pub struct AuthScheme {
    /// Name in the spec.
    pub name: String,
    /// Name of the generated static.
    pub ident: Name,
    /// `Some(header)` for a header token, `None` for HTTP Basic.
    pub header: Option<String>,
    /// Credential slot.
    pub credential: String,
    /// Where it is declared.
    pub loc: Loc,
}

/// One error code.
#[derive(Debug)]
pub struct ErrorCode {
    /// Numeric code.
    pub code: i64,
    /// Variant.
    pub ident: Name,
    /// Usual HTTP status.
    pub status: Option<i64>,
    /// Description.
    pub doc: Option<String>,
    /// Services that use the code with this meaning; empty: all.
    pub services: Vec<String>,
    /// Means "rate-limited" for those services.
    pub rate_limit: bool,
}

/// Text for rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// Description written in the spec: prose, escaped for rustdoc when emitted.
    pub text: Option<String>,
    /// Description made by the generator, used when the spec gives none: Markdown,
    /// emitted as it is (its links must stay links).
    pub generated: Option<Markdown>,
    /// Link to the public page.
    pub url: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// Markdown written by the generator (links to generated items, code spans), as
/// opposed to spec prose, which is escaped before it reaches rustdoc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown(pub String);

/// One product API.
#[derive(Debug)]
pub struct Service {
    /// Name in the spec (`chat`).
    pub name: String,
    /// Module name.
    pub module: Name,
    /// Handle type (`Chat`).
    pub handle: Name,
    /// Stub handle of the `mock` feature (`ChatMock`).
    pub mock: Name,
    /// Command on the command line (`chat`).
    pub command: String,
    /// Title for docs.
    pub title: String,
    /// Base URL template.
    pub base_url: String,
    /// Cargo feature gating the module.
    pub feature: Option<String>,
    /// The default auth scheme of its operations (a name from [`Api::auth`]).
    pub auth: String,
    /// The service's part of the command line's base-URL variable (`ORG` in
    /// `SENDBIRD_ORG_BASE_URL`).
    pub env_name: String,
    /// Docs.
    pub docs: Docs,
    /// Groups, sorted by name.
    pub groups: Vec<Group>,
    /// Every type of the service (named and hoisted inline), sorted by name. Two
    /// types that got the same name are both kept (the name check reports them before
    /// anything is emitted).
    pub types: Vec<TypeDecl>,
    /// Where it is declared.
    pub loc: Loc,
}

/// A group of operations (one area file).
#[derive(Debug)]
pub struct Group {
    /// Name in the spec (`users`).
    pub name: String,
    /// Module and accessor name.
    pub module: Name,
    /// Handle type (`Users`).
    pub handle: Name,
    /// Stub handle of the `mock` feature (`UsersMock`).
    pub mock: Name,
    /// Command on the command line (`users`).
    pub command: String,
    /// Function of the service's command-line module declaring the group's command.
    pub cli_command_fn: Name,
    /// Function of the service's command-line module running the group's operations.
    pub cli_run_fn: Name,
    /// Docs.
    pub docs: Docs,
    /// Operations, in spec order.
    pub ops: Vec<Operation>,
    /// The area file (`chat/users.yaml`).
    pub file: String,
    /// Where it is declared (its file).
    pub loc: Loc,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// Every method, as written in the spec.
    pub const NAMES: [&'static str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// The method written `s` in the spec (upper case).
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// Name in the spec (`view_user`).
    pub name: String,
    /// `service.group.name`, the name seen in errors and traces.
    pub full_name: String,
    /// Method on the group handle.
    pub method_ident: Name,
    /// Request builder type (`ViewUserRequest`).
    pub builder: Name,
    /// The struct of the operation's inputs (`ViewUserInput`).
    pub input: Name,
    /// Static holding the operation's metadata.
    pub static_ident: Name,
    /// Command on the command line (`view-user`).
    pub command: String,
    /// HTTP method.
    pub method: Method,
    /// Path template below the base URL.
    pub path: String,
    /// Auth scheme static.
    pub auth: Name,
    /// Auth scheme name (for listings).
    pub auth_name: String,
    /// Every input, in one order: path parameters (in path order), `one_of` groups,
    /// query parameters, headers, a whole-type body, body fields, file parts. The
    /// method's arguments and the builder's setters are this list's members of each
    /// role, in this order.
    pub inputs: Vec<Input>,
    /// Body: its encoding and, for inline fields, the body struct (its fields and
    /// files are among the inputs).
    pub body: Option<Body>,
    /// Response.
    pub response: Response,
    /// Pagination by a cursor or an offset.
    pub pagination: Option<Pagination>,
    /// Pagination around an anchor.
    pub anchor_paging: Option<AnchorPaging>,
    /// Documented per-second request cap.
    pub rate_limit: Option<u32>,
    /// Whether repeating the request is safe (from `retry_safe:`, else the method).
    pub retry_safe: bool,
    /// Docs.
    pub docs: Docs,
    /// Example exchanges on the wire.
    pub examples: Vec<Example>,
    /// Where it is declared.
    pub loc: Loc,
}

/// One example exchange: the inputs a caller passes, the request that must go on the
/// wire and the response the server sends back.
#[derive(Debug)]
pub struct Example {
    /// Name of the generated test (`view_user`, `view_user_with_counts`).
    pub test: Name,
    /// Values of the method's arguments, in order.
    pub args: Vec<ExampleValue>,
    /// Values set through setters: the setter and the value.
    pub setters: Vec<(Name, ExampleValue)>,
    /// Method on the wire.
    pub method: String,
    /// Full path on the host.
    pub path: String,
    /// Query pairs (decoded values).
    pub query: Vec<(String, String)>,
    /// Request headers that matter.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: crate::spec::ExampleBody,
    /// Response status.
    pub status: u16,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body as compact JSON.
    pub response_body: Option<String>,
}

/// A value of an example's input.
#[derive(Debug)]
pub struct ExampleValue {
    /// The input's name in the spec.
    pub name: String,
    /// Its Rust type.
    pub ty: Ty,
    /// The value as compact JSON.
    pub json: String,
    /// For a `one_of` member: the group's enum and the member's variant.
    pub variant: Option<(Name, Name)>,
}

/// One input of an operation: an argument of its method or a setter of its request
/// builder.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it goes on the wire.
    pub kind: InputKind,
    /// How a caller gives it.
    pub role: Role,
    /// Rust name: the method's argument, the field of the input struct (or of the body
    /// struct, for a body field).
    pub ident: Name,
    /// Wire name (a `one_of` group: its name in the spec; a whole-type body: `body`).
    pub wire: String,
    /// Type. A `one_of` group's is its enum, which lives in the group's module (not in
    /// the service's `types`).
    pub ty: Ty,
    /// Must be set before sending (arguments always are).
    pub required: bool,
    /// Redacted from `Debug` output.
    pub secret: bool,
    /// Inclusive bounds.
    pub min: Option<f64>,
    /// Inclusive bounds.
    pub max: Option<f64>,
    /// Counts seconds (`unit: seconds`): the setter also takes a `Duration`.
    pub seconds: bool,
    /// Docs.
    pub docs: Docs,
    /// Where it is declared.
    pub loc: Loc,
}

impl Input {
    /// The setter's name, for an input set through the request builder.
    pub fn setter(&self) -> Option<&Name> {
        match &self.role {
            Role::Setter(s) => Some(s),
            Role::Argument => None,
        }
    }
}

/// Where an input goes.
#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    /// A path parameter.
    Path,
    /// An exactly-one-of group of query parameters.
    OneOf(OneOf),
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// The whole body, of a named type.
    Body,
    /// A field of the body struct.
    BodyField,
    /// A file part of a multipart body.
    File,
}

/// How a caller gives an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// An argument of the operation's method (path parameters, `one_of` groups, a
    /// whole-type body, required body fields and file parts, in that order).
    Argument,
    /// A setter of the request builder, by this name.
    Setter(Name),
}

impl Operation {
    /// The method's arguments, in order.
    pub fn arguments(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().filter(|i| i.role == Role::Argument)
    }

    /// The inputs set through setters, in order, with the setter's name.
    pub fn setters(&self) -> impl Iterator<Item = (&Input, &Name)> {
        self.inputs.iter().filter_map(|i| Some((i, i.setter()?)))
    }

    /// The inputs of one kind (`one_of` groups: use [`Operation::one_of`]).
    pub fn of_kind(&self, kind: InputKind) -> impl Iterator<Item = &Input> {
        self.inputs.iter().filter(move |i| i.kind == kind)
    }

    /// The `one_of` groups, with their argument.
    pub fn one_of(&self) -> impl Iterator<Item = (&Input, &OneOf)> {
        self.inputs.iter().filter_map(|i| match &i.kind {
            InputKind::OneOf(g) => Some((i, g)),
            _ => None,
        })
    }

    /// The body struct's name and fixed values, for a body of inline fields.
    pub fn body_struct(&self) -> Option<(&Name, &[ConstField])> {
        match &self.body {
            Some(Body {
                content:
                    BodyContent::Fields {
                        struct_ident,
                        consts,
                    },
                ..
            }) => Some((struct_ident, consts)),
            _ => None,
        }
    }
}

/// An exactly-one-of group of query parameters (the group's name is its input's).
#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    /// Enum type in the group's module.
    pub enum_ident: Name,
    /// Members.
    pub members: Vec<OneOfMember>,
}

/// A member of a `one_of` group.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfMember {
    /// Wire name of the query parameter.
    pub wire: String,
    /// Variant.
    pub variant: Name,
    /// Type.
    pub ty: Ty,
    /// Docs.
    pub docs: Docs,
}

/// Body encodings.
pub use crate::spec::Encoding;

/// A request body.
#[derive(Debug)]
pub struct Body {
    /// Encoding.
    pub encoding: Encoding,
    /// The body's content.
    pub content: BodyContent,
    /// Where it is declared.
    pub loc: Loc,
}

/// What a body holds.
#[derive(Debug)]
pub enum BodyContent {
    /// Inline fields: a private body struct (its fields and file parts are the
    /// operation's inputs of kinds `BodyField` and `File`).
    Fields {
        /// The private body struct (`CreateUserBody`).
        struct_ident: Name,
        /// Fixed values always sent.
        consts: Vec<ConstField>,
    },
    /// A whole named type, given as one argument (the operation's input of kind `Body`).
    Type,
}

/// A request body field with a fixed value (`const:`), sent without a setter.
#[derive(Debug)]
pub struct ConstField {
    /// Field of the body struct.
    pub ident: Name,
    /// Wire name.
    pub wire: String,
    /// The value.
    pub value: String,
}

/// A response.
#[derive(Debug)]
pub enum Response {
    /// `{}` or no body.
    Empty,
    /// A JSON value of this type.
    Json(Ty),
}

/// How a list pages.
#[derive(Debug)]
pub struct Pagination {
    /// Builder field of the cursor query parameter.
    pub cursor: Name,
    /// Wire name of the cursor query parameter.
    pub cursor_wire: String,
    /// Offset style: the cursor is an integer offset read from the `next` URL.
    pub offset: bool,
    /// Response field of the next cursor, and whether it is an `Option`.
    pub next: (Name, bool),
    /// Response field of the items, and whether it is an `Option`.
    pub items: (Name, bool),
    /// The page type.
    pub page: Ty,
    /// The item type.
    pub item: Ty,
}

/// How a list that pages around an anchor is walked.
#[derive(Debug)]
pub struct AnchorPaging {
    /// Response field of the items, and whether it is an `Option`.
    pub items: (Name, bool),
    /// The item type.
    pub item: Ty,
    /// The input holding the anchor.
    pub anchor: AnchorInput,
    /// The anchor's type.
    pub anchor_ty: Ty,
    /// Builder fields of the limits before and after the anchor, with their type.
    pub before: (Name, Ty),
    /// See `before`.
    pub after: (Name, Ty),
    /// Builder field of the "items at the anchor are listed" flag.
    pub include: Option<Name>,
    /// How the next anchor is read from an item.
    pub item_anchor: ItemField,
    /// How an item's key is read.
    pub item_key: ItemField,
}

/// Where the anchor of an anchor-paged list is set.
#[derive(Debug)]
pub enum AnchorInput {
    /// An optional query field of the builder.
    Query(Name),
    /// A member of a `one_of` group: the builder field, the enum and the variant.
    OneOf {
        /// Builder field of the group.
        field: Name,
        /// The group's enum.
        enum_ident: Name,
        /// The member's variant.
        variant: Name,
    },
}

/// A field read from a listed item.
#[derive(Debug)]
pub struct ItemField {
    /// Field (or union accessor) name.
    pub ident: Name,
    /// Its type.
    pub ty: Ty,
    /// How it is read.
    pub access: ItemAccess,
}

/// How a field is read from a listed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAccess {
    /// The item is a union: its accessor, which returns an `Option`.
    Accessor,
    /// The item is a struct: its field, an `Option` or not.
    Field {
        /// Whether the field is an `Option`.
        optional: bool,
    },
}

/// A Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`
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
    /// `UnixSeconds`
    Seconds,
    /// `UnixMillis`
    Millis,
    /// `serde_json::Value`
    Json,
    /// `UploadFile`
    File,
    /// `Vec<T>`
    List(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// A type of the service's types module.
    Named(Name),
}

impl Ty {
    /// The type as a reader writes it in docs (`Vec<User>`, `BTreeMap<String, i64>`).
    pub fn doc_name(&self) -> String {
        match self {
            Ty::String => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::U32 => "u32".into(),
            Ty::U64 => "u64".into(),
            Ty::F64 => "f64".into(),
            Ty::Seconds => "UnixSeconds".into(),
            Ty::Millis => "UnixMillis".into(),
            Ty::Json => "Value".into(),
            Ty::File => "UploadFile".into(),
            Ty::List(inner) => format!("Vec<{}>", inner.doc_name()),
            Ty::Map(inner) => format!("BTreeMap<String, {}>", inner.doc_name()),
            Ty::Named(id) => crate::names::unraw(id),
        }
    }
}

/// A type declaration.
#[derive(Debug)]
pub struct TypeDecl {
    /// Name.
    pub ident: Name,
    /// For an enum: the constant of the command line listing its values.
    pub cli_values: Option<Name>,
    /// Docs.
    pub docs: Docs,
    /// Shape.
    pub kind: TypeKind,
    /// What made it: a declaration under `types:`, or an inline type or response.
    pub origin: Origin,
    /// Declared under `types:` (not hoisted from an inline type or response).
    pub declared: bool,
}

/// Shapes of declared types.
#[derive(Debug)]
pub enum TypeKind {
    /// A struct.
    Struct(Vec<Field>),
    /// A string enum.
    Enum(Vec<Variant>),
    /// A tagged union.
    Union {
        /// Tag field wire name.
        tag: String,
        /// Variants.
        variants: Vec<UnionVariant>,
        /// Fields several variants have, with the same type: each gets an accessor.
        shared: Vec<SharedField>,
    },
}

/// A field several variants of a union declare with the same type; the union gets an
/// accessor of that name.
#[derive(Debug)]
pub struct SharedField {
    /// Wire name.
    pub wire: String,
    /// Rust name of the field and of the accessor.
    pub ident: Name,
    /// Type (without the `Option`).
    pub ty: Ty,
    /// Per variant, in variant order: `None` when the variant has no such field, else
    /// whether it is an `Option` and whether it is boxed.
    pub present: Vec<Option<(bool, bool)>>,
    /// The first variant's description of the field.
    pub docs: Docs,
}

/// A struct field.
#[derive(Debug)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub ident: Name,
    /// Type (without the `Option`).
    pub ty: Ty,
    /// `Option<T>`: absent or null.
    pub optional: bool,
    /// `Box<T>`: breaks a reference cycle.
    pub boxed: bool,
    /// Redacted from `Debug` output.
    pub secret: bool,
    /// Docs.
    pub docs: Docs,
}

/// A string enum value.
#[derive(Debug)]
pub struct Variant {
    /// Wire value.
    pub wire: String,
    /// Rust variant.
    pub ident: Name,
    /// What the value means, from the spec.
    pub doc: Option<String>,
}

/// A union variant.
#[derive(Debug)]
pub struct UnionVariant {
    /// Tag value.
    pub tag_value: String,
    /// Rust variant (the struct's name).
    pub ident: Name,
    /// The struct.
    pub ty: Name,
}
