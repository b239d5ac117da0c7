//! Emitter of the command-line interface, `cli/`: per service, the clap command tree of
//! its groups and operations, and a dispatcher that feeds the parsed arguments to the
//! operation's typed request builder.
//!
//! `cli/` is not a module of the generated tree: the runtime crate's binary includes
//! it, next to the service modules (reached as `super::super::<service>`) and the
//! `__private` door, so only the binary pays for compiling every operation.
//!
//! The runtime's `cli::support` (reached as `__private::cli`) holds all the logic:
//! value parsing, `--body` merging, sending and printing. What is emitted here is, per
//! operation, one declaration per argument and one builder call per argument.

use crate::ir::Name;
use crate::ir::{
    Api, BodyContent, Docs, Group, Input as IrInput, InputKind, Operation, Service, Ty, TypeDecl,
    TypeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// Long names of the flags the runtime adds itself (and `--help`); an input of the
/// spec that would take one gets a suffix instead.
const RESERVED: &[&str] = &["help", "body", "file", "all-pages", "verbose"];

/// One line of help: the description, range and deprecation.
fn help(docs: &Docs, min: Option<f64>, max: Option<f64>) -> String {
    let mut parts: Vec<String> = docs
        .text
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    match (min, max) {
        (Some(a), Some(b)) => parts.push(format!("From {a} to {b}.")),
        (Some(a), None) => parts.push(format!("At least {a}.")),
        (None, Some(b)) => parts.push(format!("At most {b}.")),
        (None, None) => {}
    }
    if let Some(note) = &docs.deprecated {
        parts.push(format!("Deprecated: {note}"));
    }
    parts.join(" ")
}

pub fn root(api: &Api) -> TokenStream {
    let modules = api.services.iter().map(|s| {
        let (m, cfg) = (&s.module, cfg(s));
        quote!(#cfg mod #m;)
    });
    let products = api.services.iter().map(|s| {
        let (m, cfg, service, name, env) = (&s.module, cfg(s), &s.name, &s.command, &s.env_name);
        quote! {
            #cfg
            __cli::Product { name: #name, service: #service, env_name: #env, command: #m::command, run: #m::run }
        }
    });
    quote! {
        //! The command-line interface: one command per service, each with one
        //! subcommand per group and operation. The runtime's `cli` module parses,
        //! configures the client and prints; this code declares the arguments and
        //! feeds them to the typed request builders. It is included by a binary
        //! whose root holds `__private` and the service modules.
        use crate::__private::cli as __cli;
        #(#modules)*

        /// Every service compiled into this build, as a command.
        pub static PRODUCTS: &[__cli::Product] = &[#(#products),*];
    }
}

fn cfg(s: &Service) -> Option<TokenStream> {
    s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]))
}

/// The types of a service, by name, to tell enums from structs.
struct Types<'a> {
    decls: BTreeMap<String, &'a TypeDecl>,
    /// Enums used by some flag: each gets a constant listing its values.
    used_enums: std::cell::RefCell<BTreeSet<String>>,
}

impl Types<'_> {
    fn enum_values(&self, id: &Name) -> Option<Vec<&str>> {
        match &self.decls.get(&id.to_string())?.kind {
            TypeKind::Enum(variants) => Some(
                variants
                    .iter()
                    .map(|v| v.wire.as_str())
                    .filter(|w| !w.is_empty())
                    .collect(),
            ),
            _ => None,
        }
    }

    /// The constant holding an enum's values, recording that it is needed.
    fn values_const(&self, id: &Name) -> Option<&Name> {
        let name = self.decls.get(id.as_str())?.cli_values.as_ref()?;
        self.used_enums.borrow_mut().insert(id.to_string());
        Some(name)
    }
}

pub fn service(s: &Service) -> TokenStream {
    let types = Types {
        decls: s.types.iter().map(|t| (t.ident.to_string(), t)).collect(),
        used_enums: Default::default(),
    };
    let (name, title) = (&s.command, &s.title);
    let doc = s.docs.text.as_deref().unwrap_or_default();
    let url = s.docs.url.as_deref().unwrap_or_default();
    let group_commands = s.groups.iter().map(|g| &g.cli_command_fn);
    let run = if s.groups.is_empty() {
        quote!(cx.unknown())
    } else {
        let arms = s.groups.iter().map(|g| {
            let (name, f) = (&g.command, &g.cli_run_fn);
            quote!(#name => #f(cx),)
        });
        quote!(match cx.group() { #(#arms)* _ => cx.unknown(), })
    };
    let groups: Vec<TokenStream> = s.groups.iter().map(|g| group(g, &types)).collect();
    let api_module = &s.module;
    let api = (!s.groups.is_empty()).then(|| quote!(use super::super::#api_module as api;));
    let declares = s
        .groups
        .iter()
        .flat_map(|g| &g.ops)
        .any(|op| !op.inputs.is_empty() || op.body.is_some() || op.pagination.is_some());
    let declare = declares.then(|| {
        quote!(
            use __cli::Declare as _;
        )
    });
    let used_enums = types.used_enums.take();
    let values = used_enums.iter().map(|t| {
        let decl = types.decls[t.as_str()];
        let ident = &decl.cli_values;
        let values = types
            .enum_values(&decl.ident)
            .expect("only enums are recorded");
        let doc = format!(" The known values of `{t}`.");
        quote!(#[doc = #doc] const #ident: &[&str] = &[#(#values),*];)
    });
    let module_doc = format!(" The `{name}` command: {title}.");
    let command_doc = format!(" The `{name}` command, with one subcommand per group.");
    let run_doc = format!(" Runs the operation matched under `{name}`.");
    quote! {
        #![doc = #module_doc]
        // The command line offers deprecated operations and fields too, marked in help.
        #![allow(deprecated)]
        use crate::__private::cli as __cli;
        #declare
        #api

        #[doc = #command_doc]
        pub fn command() -> __cli::Command {
            __cli::product(#name, #title, #doc, #url)
                #(.subcommand(#group_commands()))*
        }

        #[doc = #run_doc]
        pub fn run(cx: &__cli::Inputs<'_>) -> __cli::Job {
            #run
        }

        #(#groups)*
        #(#values)*
    }
}

fn group(g: &Group, types: &Types) -> TokenStream {
    let (command_fn, run_fn, name) = (&g.cli_command_fn, &g.cli_run_fn, &g.command);
    let doc = g
        .docs
        .text
        .clone()
        .unwrap_or_else(|| format!("The `{}` operations.", g.name));
    let url = g.docs.url.as_deref().unwrap_or_default();
    let ops: Vec<(TokenStream, TokenStream)> = g
        .ops
        .iter()
        .map(|op| operation(&g.module, op, types))
        .collect();
    let commands = ops.iter().map(|(c, _)| c);
    let arms = ops.iter().map(|(_, r)| r);
    let (module, handle) = (&g.module, &g.handle);
    quote! {
        fn #command_fn() -> __cli::Command {
            __cli::group(#name, #doc, #url)
                #(.subcommand(#commands))*
        }

        fn #run_fn(cx: &__cli::Inputs<'_>) -> __cli::Job {
            let g = api::#module::#handle::from_client(cx.client());
            match cx.op() {
                #(#arms)*
                _ => cx.unknown(),
            }
        }
    }
}

/// How an argument is declared: its parsing and whether it is a list.
enum Decl {
    /// `.flag(id, __cli::Kind, help)` (`.path` for a path parameter).
    Flag(Ident),
    /// `.choice(id, VALUES, help)` (`.path_choice` for a path parameter).
    Choice(Name),
    /// `.list(id, __cli::Kind, help)`.
    List(Ident),
    /// `.choices(id, VALUES, help)`.
    Choices(Name),
}

impl Decl {
    fn of(t: &Ty, types: &Types) -> Decl {
        let kind = |k: &str| Decl::Flag(format_ident!("{k}"));
        match t {
            Ty::String => kind("Text"),
            Ty::Bool => kind("Bool"),
            Ty::I32 => kind("I32"),
            Ty::I64 => kind("I64"),
            Ty::U32 => kind("U32"),
            Ty::U64 => kind("U64"),
            Ty::F64 => kind("F64"),
            Ty::Seconds => kind("Seconds"),
            Ty::Millis => kind("Millis"),
            Ty::Json => kind("AnyJson"),
            Ty::Named(id) if types.enum_values(id).is_some() => Decl::Choice(
                types
                    .values_const(id)
                    .expect("lowering names every enum's constant")
                    .clone(),
            ),
            Ty::Named(_) | Ty::Map(_) => kind("Json"),
            Ty::List(inner) => match Decl::of(inner, types) {
                Decl::Flag(k) if k != "AnyJson" => Decl::List(k),
                Decl::Choice(values) => Decl::Choices(values),
                _ => Decl::List(format_ident!("Json")),
            },
            Ty::File => unreachable!("validation keeps `file` to the file parts of a body"),
        }
    }

    /// The declaring call on the operation's command.
    fn call(&self, id: &str, help: &str, path: bool) -> TokenStream {
        match (self, path) {
            (Decl::Flag(k), false) => quote!(.flag(#id, __cli::#k, #help)),
            (Decl::Flag(k), true) => quote!(.path(#id, __cli::#k, #help)),
            (Decl::Choice(v), false) => quote!(.choice(#id, #v, #help)),
            (Decl::Choice(v), true) => quote!(.path_choice(#id, #v, #help)),
            (Decl::List(k), _) => quote!(.list(#id, __cli::#k, #help)),
            (Decl::Choices(v), _) => quote!(.choices(#id, #v, #help)),
        }
    }
}

/// The `With` method that decodes the value and hands it to a setter: the setter's
/// parameter type is inferred, except where the setter is generic (`Into<String>`,
/// `IntoIterator`). Body fields use the `field_*` forms, which fall back on `--body`.
fn feeder(t: &Ty, field: bool) -> Ident {
    let base = match t {
        Ty::String => "text",
        Ty::List(inner) if **inner == Ty::String => "texts",
        Ty::List(_) => "list",
        _ => "set",
    };
    match (field, base) {
        (false, base) => format_ident!("{base}"),
        (true, "set") => format_ident!("field"),
        (true, base) => format_ident!("field_{base}"),
    }
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Kind {
    Path,
    Query,
    Member,
    Header,
    Field,
}

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Kind::Path => "path",
            Kind::Query | Kind::Member => "query",
            Kind::Header => "header",
            Kind::Field => "field",
        }
    }
}

/// One argument of an operation's command.
struct Input<'a> {
    /// The clap id: the wire name, unless two inputs share it. A body field always
    /// keeps its wire name, which is also its key in `--body`.
    id: String,
    /// The long name, when it is not the id with `-` for `_`.
    renamed: Option<String>,
    kind: Kind,
    /// The operation's input it gives (a `one_of` member: its group).
    source: &'a IrInput,
    ty: &'a Ty,
    required: bool,
    help: String,
}

/// The command's arguments, in declaration order (path parameters, query parameters,
/// the members of `one_of` groups, headers, body fields), with unique ids and long
/// names. File parts are taken by `--file`, a whole-type body by `--body`.
fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let mut specs: Vec<(Kind, Spec<'_>, bool, &IrInput)> = Vec::new();
    for i in &op.inputs {
        let kind = match &i.kind {
            InputKind::Path => Kind::Path,
            InputKind::Query => Kind::Query,
            InputKind::Header => Kind::Header,
            InputKind::BodyField => Kind::Field,
            InputKind::OneOf(g) => {
                for m in &g.members {
                    let spec = Spec {
                        wire: &m.wire,
                        ty: &m.ty,
                        docs: &m.docs,
                        min: None,
                        max: None,
                    };
                    specs.push((Kind::Member, spec, false, i));
                }
                continue;
            }
            InputKind::Body | InputKind::File => continue,
        };
        specs.push((kind, Spec::of(i), i.required, i));
    }
    // The command line lists query parameters before `one_of` members.
    specs.sort_by(|a, b| a.0.partial_cmp(&b.0).expect("kinds are ordered"));
    // Ids: body fields first, so they keep their wire names.
    let mut ids: BTreeSet<String> = ["help".to_owned()].into();
    let mut id_of = vec![String::new(); specs.len()];
    let order = (0..specs.len()).filter(|&i| specs[i].0 == Kind::Field);
    for i in order.chain((0..specs.len()).filter(|&i| specs[i].0 != Kind::Field)) {
        let (kind, spec) = (specs[i].0, &specs[i].1);
        let id = unique(&mut ids, spec.wire, |n| match n {
            1 => format!("{}_{}", spec.wire, kind.suffix()),
            n => format!("{}_{}_{n}", spec.wire, kind.suffix()),
        });
        id_of[i] = id;
    }
    // Long names, in declaration order.
    let mut longs: BTreeSet<String> = RESERVED.iter().map(|r| r.to_string()).collect();
    specs
        .into_iter()
        .zip(id_of)
        .map(|((kind, spec, required, source), id)| {
            let base = crate::names::command(&id);
            let long = unique(&mut longs, &base, |n| match n {
                1 => format!("{base}-{}", kind.suffix()),
                n => format!("{base}-{}-{n}", kind.suffix()),
            });
            let renamed = (kind != Kind::Path && long != id.replace('_', "-")).then_some(long);
            Input {
                id,
                renamed,
                kind,
                source,
                ty: spec.ty,
                required,
                help: help(spec.docs, spec.min, spec.max),
            }
        })
        .collect()
}

/// `name`, or the first `other(1)`, `other(2)`... not yet taken; marks it taken.
fn unique(taken: &mut BTreeSet<String>, name: &str, other: impl Fn(usize) -> String) -> String {
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = other(n);
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// What an input's name, parsing and help come from.
struct Spec<'a> {
    wire: &'a str,
    ty: &'a Ty,
    docs: &'a Docs,
    min: Option<f64>,
    max: Option<f64>,
}

impl<'a> Spec<'a> {
    fn of(p: &'a IrInput) -> Self {
        Spec {
            wire: &p.wire,
            ty: &p.ty,
            docs: &p.docs,
            min: p.min,
            max: p.max,
        }
    }
}

/// The operation's command, and its arm in the group's `match`.
fn operation(module: &Name, op: &Operation, types: &Types) -> (TokenStream, TokenStream) {
    let inputs = inputs(op);
    (command(op, &inputs, types), dispatch(module, op, &inputs))
}

fn command(op: &Operation, inputs: &[Input], types: &Types) -> TokenStream {
    let name = &op.command;
    let doc = op
        .docs
        .text
        .clone()
        .unwrap_or_else(|| format!("The `{}` operation.", op.name));
    let route = format!("{} {}", op.method.as_str(), op.path);
    let url = op.docs.url.as_deref().unwrap_or_default();
    let mut command = quote!(__cli::op(#name, #doc, #route, #url));
    if let Some(note) = &op.docs.deprecated {
        command = quote!(__cli::deprecated(#command, #note));
    }
    let mut heading = false;
    for input in inputs {
        if input.kind == Kind::Field && !heading {
            heading = true;
            command.extend(quote!(.body_fields()));
        }
        let decl = Decl::of(input.ty, types);
        command.extend(decl.call(&input.id, &input.help, input.kind == Kind::Path));
        if let Some(long) = &input.renamed {
            command.extend(quote!(.renamed(#long)));
        }
        command.extend(match input.kind {
            Kind::Path => None,
            Kind::Field if input.required => Some(quote!(.required_field())),
            _ if input.required => Some(quote!(.required())),
            _ => None,
        });
    }
    for (group, _) in op.one_of() {
        let name = group.ident.unraw();
        let ids = inputs
            .iter()
            .filter(|i| i.kind == Kind::Member && std::ptr::eq(i.source, group))
            .map(|i| &i.id);
        command.extend(quote!(.one_of(#name, &[#(#ids),*])));
    }
    if op.pagination.is_some() {
        command.extend(quote!(.all_pages()));
    }
    match op.body.as_ref().map(|b| &b.content) {
        Some(BodyContent::Fields { .. }) => {
            let files: Vec<&str> = op.of_kind(InputKind::File).map(|f| &*f.wire).collect();
            if !heading && !files.is_empty() {
                command.extend(quote!(.body_fields()));
            }
            if op.of_kind(InputKind::BodyField).next().is_some() {
                command.extend(quote!(.body(false)));
            }
            if !files.is_empty() {
                command.extend(quote!(.files(&[#(#files),*])));
            }
        }
        Some(BodyContent::Type) => command.extend(quote!(.body_fields().body(true))),
        None => {}
    }
    command
}

fn dispatch(module: &Name, op: &Operation, inputs: &[Input]) -> TokenStream {
    // The operation method's arguments, in order. A `one_of` member whose value can't
    // be decoded ends the arm early.
    let mut args = Vec::new();
    let mut lets = TokenStream::new();
    fn given<'i>(inputs: &'i [Input], a: &'i IrInput) -> impl Iterator<Item = &'i String> {
        inputs
            .iter()
            .filter(move |i| std::ptr::eq(i.source, a))
            .map(|i| &i.id)
    }
    for a in op.arguments() {
        match &a.kind {
            InputKind::OneOf(g) => {
                let e = &g.enum_ident;
                let choices = g.members.iter().zip(given(inputs, a)).map(|(m, id)| {
                    let v = &m.variant;
                    quote!(cx.get(#id).map(api::#module::#e::#v))
                });
                let var = format_ident!("one_of_{}", a.ident);
                lets.extend(quote! {
                    let ::std::option::Option::Some(#var) = cx.one_of([#(#choices),*]) else {
                        return cx.failed();
                    };
                });
                args.push(quote!(#var));
            }
            InputKind::Body => args.push(quote!(cx.body())),
            // A required body field, query parameter or header, or a file part: the arm
            // ends early when it is missing or does not decode.
            InputKind::BodyField | InputKind::Query | InputKind::Header => {
                let id = given(inputs, a)
                    .next()
                    .expect("a body field has an argument");
                let list = matches!(a.ty, Ty::List(_));
                let ty = match &a.ty {
                    Ty::Map(inner) if **inner == Ty::String => {
                        quote!(::std::collections::BTreeMap<String, String>)
                    }
                    Ty::Map(_) => quote!(::std::collections::BTreeMap<String, _>),
                    Ty::List(inner) if **inner == Ty::String => quote!(Vec<String>),
                    Ty::List(_) => quote!(Vec<_>),
                    Ty::I64 => quote!(i64),
                    Ty::I32 => quote!(i32),
                    Ty::String => quote!(String),
                    _ => TokenStream::new(),
                };
                let turbofish = (!ty.is_empty()).then(|| quote!(::<#ty>));
                let var = format_ident!("field_{}", a.ident.unraw());
                let read = if a.kind == InputKind::BodyField {
                    quote!(required_field)
                } else {
                    quote!(required_param)
                };
                lets.extend(quote! {
                    let ::std::option::Option::Some(#var) = cx.#read #turbofish (#id, #list) else {
                        return cx.failed();
                    };
                });
                args.push(quote!(#var));
            }
            InputKind::File => {
                let wire = &a.wire;
                let var = format_ident!("file_{}", a.ident.unraw());
                lets.extend(quote! {
                    let ::std::option::Option::Some(#var) = cx.required_file(#wire) else {
                        return cx.failed();
                    };
                });
                args.push(quote!(#var));
            }
            _ => {
                let id = given(inputs, a)
                    .next()
                    .expect("a path parameter has an argument");
                args.push(match a.ty {
                    Ty::String => quote!(cx.text(#id)),
                    _ => quote!(cx.req(#id)),
                });
            }
        }
    }
    let method = &op.method_ident;
    let mut chain = quote!(cx.with(g.#method(#(#args),*)));
    for input in inputs {
        let Some(setter) = input.source.setter() else {
            continue;
        };
        let id = &input.id;
        let feeder = feeder(input.ty, input.kind == Kind::Field);
        // Setters generic over their value (maps, seconds) need the decoded type named.
        let value = match input.ty {
            Ty::Map(inner) if **inner == Ty::String => {
                quote!(v: ::std::collections::BTreeMap<String, String>)
            }
            Ty::Map(_) => quote!(v: ::std::collections::BTreeMap<String, _>),
            Ty::I64 => quote!(v: i64),
            Ty::I32 => quote!(v: i32),
            _ => quote!(v),
        };
        chain.extend(quote!(.#feeder(#id, |r, #value| r.#setter(v))));
    }
    for f in op.of_kind(InputKind::File) {
        let Some(setter) = f.setter() else {
            continue;
        };
        let wire = &f.wire;
        chain.extend(quote!(.file(#wire, |r, v| r.#setter(v))));
    }
    chain.extend(match op.pagination {
        Some(_) => quote!(.paged(|r| r.into_stream(), |r| r.send_with_metadata())),
        None => quote!(.send(|r| r.send_with_metadata())),
    });
    let name = &op.command;
    if lets.is_empty() {
        quote!(#name => #chain,)
    } else {
        quote!(#name => { #lets #chain })
    }
}
