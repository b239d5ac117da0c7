//! Emitters for a group's file: the group handle, and per operation its metadata
//! static, input struct, builder alias (`Call<Input>`) with the setters, `Input` impl,
//! body struct, `one_of` enums and `Paged` impl.

use super::common::{deprecated, doc_lines, docs, sty};
use crate::ir::{
    Body, Encoding, Group, Input, InputKind, Method, Name, OneOf, Operation, Response, Ty,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The file of one group.
pub fn group_file(service: &str, g: &Group) -> TokenStream {
    let handle = &g.handle;
    let doc = docs(&g.docs, &format!("Operations of the `{}` group.", g.name));
    let methods = g.ops.iter().map(handle_method);
    let ops = g.ops.iter().map(|op| operation(handle, op));
    let module_doc = format!(" The `{}` operations of the `{service}` service.", g.name);
    quote! {
        #![doc = #module_doc]
        #[allow(unused_imports)]
        use crate::__private as __rt;

        #doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: __rt::Client,
        }

        impl #handle {
            #[doc(hidden)]
            pub fn from_client(client: __rt::Client) -> Self {
                Self { client }
            }
            #(#methods)*
        }

        #(#ops)*
    }
}

/// An argument of the operation's method: path parameters, `one_of` groups and a
/// whole-type body.
struct Arg {
    ident: Name,
    /// The input field it is stored in.
    field: Name,
    /// Type in the method signature.
    sig: TokenStream,
    /// Expression that stores it in the input.
    store: TokenStream,
}

/// The input struct's field holding the body (the body struct, or the whole-type body).
fn body_field() -> Name {
    crate::names::ident("__body")
}

fn args(op: &Operation) -> Vec<Arg> {
    op.arguments()
        .map(|a| {
            let ident = a.ident.clone();
            let (field, sig, store) = match (&a.kind, &a.ty) {
                (InputKind::OneOf(g), _) => {
                    let e = &g.enum_ident;
                    (ident.clone(), quote!(#e), quote!(#ident))
                }
                (InputKind::Body, t) => (body_field(), sty(t), quote!(#ident)),
                (_, Ty::String) => (
                    ident.clone(),
                    quote!(impl Into<String>),
                    quote!(#ident.into()),
                ),
                (_, other) => (ident.clone(), sty(other), quote!(#ident)),
            };
            Arg {
                ident,
                field,
                sig,
                store,
            }
        })
        .collect()
}

/// Whether the input struct can derive `Default`: `one_of` enums and whole-type bodies
/// (which may be unions) have no default, and are always set by the method.
fn input_has_default(op: &Operation) -> bool {
    !op.inputs
        .iter()
        .any(|i| matches!(i.kind, InputKind::OneOf(_) | InputKind::Body))
}

fn handle_method(op: &Operation) -> TokenStream {
    let name = &op.method_ident;
    let (builder, input) = (&op.builder, &op.input);
    let doc = super::op_docs::method_docs(op);
    let dep = deprecated(&op.docs);
    let args = args(op);
    let params = args.iter().map(|a| {
        let (i, s) = (&a.ident, &a.sig);
        quote!(#i: #s)
    });
    let mut stores: Vec<TokenStream> = args
        .iter()
        .map(|a| {
            let (i, s) = (&a.field, &a.store);
            if i.as_str() == s.to_string() {
                quote!(#i)
            } else {
                quote!(#i: #s)
            }
        })
        .collect();
    let mut set: Vec<Name> = args.iter().map(|a| a.field.clone()).collect();
    // The body starts with its fixed values set.
    if let Some((struct_ident, consts)) = op.body_struct().filter(|(_, c)| !c.is_empty()) {
        let (names, values): (Vec<_>, Vec<_>) = consts.iter().map(|c| (&c.ident, &c.value)).unzip();
        stores.push(quote!(__body: #struct_ident { #(#names: #values,)* ..Default::default() }));
        set.push(body_field());
    }
    let rest: Vec<Name> = input_fields(op)
        .into_iter()
        .map(|(i, _)| i)
        .filter(|i| !set.contains(i))
        .collect();
    // Fields the method doesn't set start empty: through `Default` when the input has it.
    let value = match (stores.is_empty(), rest.is_empty(), input_has_default(op)) {
        (true, _, true) => quote!(#input::default()),
        (_, true, _) => quote!(#input { #(#stores,)* }),
        (_, false, true) => quote!(#input { #(#stores,)* ..Default::default() }),
        (_, false, false) => quote!(#input { #(#stores,)* #(#rest: Default::default(),)* }),
    };
    quote! {
        #doc
        #dep
        pub fn #name(&self, #(#params),*) -> #builder {
            super::super::Call::new(&self.client, #value)
        }
    }
}

/// The input struct's fields: (name, type): the arguments and the parameters, then
/// the body and the file parts.
fn input_fields(op: &Operation) -> Vec<(Name, TokenStream)> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    for i in &op.inputs {
        let t = sty(&i.ty);
        match &i.kind {
            InputKind::Path => out.push((i.ident.clone(), t)),
            InputKind::OneOf(g) => {
                let e = &g.enum_ident;
                out.push((i.ident.clone(), quote!(#e)));
            }
            InputKind::Query | InputKind::Header => out.push((i.ident.clone(), quote!(Option<#t>))),
            InputKind::Body => out.push((body_field(), t)),
            InputKind::BodyField => {}
            InputKind::File => files.push((i.ident.clone(), quote!(Option<#t>))),
        }
    }
    if let Some((struct_ident, _)) = op.body_struct() {
        out.push((body_field(), quote!(#struct_ident)));
    }
    out.extend(files);
    out
}

fn operation(handle: &Name, op: &Operation) -> TokenStream {
    let (builder, input) = (&op.builder, &op.input);
    let stat = &op.static_ident;
    let method = format_ident!(
        "{}",
        match op.method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    );
    let (full, path, auth) = (&op.full_name, &op.path, &op.auth);
    let retry_safe = op.retry_safe;
    let rate_limit = match op.rate_limit {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let input_fields = input_fields(op);
    // Inputs with secret parameters get a redacting `Debug` (a body struct redacts its
    // own secret fields).
    let secret_params: Vec<&Name> = op
        .inputs
        .iter()
        .filter(|p| {
            p.secret
                && matches!(
                    p.kind,
                    InputKind::Path | InputKind::Query | InputKind::Header
                )
        })
        .map(|p| &p.ident)
        .collect();
    let (derive_debug, debug_impl) = if secret_params.is_empty() {
        (Some(quote!(Debug,)), None)
    } else {
        let shown: Vec<_> = input_fields
            .iter()
            .map(|(i, _)| (i.clone(), secret_params.contains(&i)))
            .collect();
        (None, Some(super::common::redacting_debug(input, &shown)))
    };
    let fields = input_fields.into_iter().map(|(i, t)| quote!(#i: #t));
    let setters = setters(op);
    let setters = (!setters.is_empty()).then(|| quote!(impl #builder { #setters }));
    let build = build_fn(op);
    let (output, empty) = match &op.response {
        Response::Empty => (
            quote!(()),
            quote!(
                const EMPTY: bool = true;
            ),
        ),
        Response::Json(t) => (sty(t), TokenStream::new()),
    };
    let body_struct = body_struct(op);
    let one_of = op.one_of().map(|(input, g)| one_of_enum(input, g));
    let paged = paged(op);
    let method_ident = &op.method_ident;
    let returns = match &op.response {
        Response::Empty => "nothing (`()`)".to_owned(),
        Response::Json(Ty::Named(id)) => format!("[`{id}`](super::types::{id})"),
        Response::Json(t) => format!("`{}`", t.doc_name()),
    };
    let doc = format!(
        " Request builder of [`{handle}::{method_ident}`]: set optional inputs, then call `.send().await` (see [`Call`](super::super::Call)), which returns {returns}."
    );
    let input_doc = format!(" The inputs of [`{handle}::{method_ident}`], set on [`{builder}`].");
    let default = input_has_default(op).then(|| quote!(Default,));
    quote! {
        static #stat: __rt::Operation = __rt::Operation {
            service: &super::SERVICE,
            name: #full,
            method: __rt::Method::#method,
            path: #path,
            auth: &super::super::#auth,
            rate_limit: #rate_limit,
            retry_safe: #retry_safe,
        };

        #[doc = #doc]
        pub type #builder = super::super::Call<#input>;

        #[doc = #input_doc]
        #[derive(#derive_debug Clone, #default)]
        pub struct #input {
            #(#fields,)*
        }
        #debug_impl

        #setters

        impl __rt::Input for #input {
            type Output = #output;
            const OPERATION: &'static __rt::Operation = &#stat;
            #empty
            #build
        }
        #body_struct
        #(#one_of)*
        #paged
    }
}

fn setters(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    for (p, name) in op.setters() {
        let ident = &p.ident;
        let place = match p.kind {
            InputKind::BodyField => quote!(self.input.__body.#ident),
            _ => quote!(self.input.#ident),
        };
        out.extend(setter(p, name, place));
    }
    out
}

fn setter(p: &Input, name: &Name, place: TokenStream) -> TokenStream {
    let mut doc = docs(&p.docs, &format!("Sets `{}`.", p.wire));
    let mut notes = Vec::new();
    if p.required {
        notes.push("Required.".to_owned());
    }
    match (p.min, p.max) {
        (Some(a), Some(b)) => notes.push(format!("From {a} to {b}.")),
        (Some(a), None) => notes.push(format!("At least {a}.")),
        (None, Some(b)) => notes.push(format!("At most {b}.")),
        _ => {}
    }
    if !notes.is_empty() {
        let line = doc_lines(&notes.join(" "));
        doc.extend(line);
    }
    let (arg, value) = match &p.ty {
        Ty::String => (quote!(impl Into<String>), quote!(value.into())),
        Ty::List(inner) if **inner == Ty::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(value.into_iter().map(Into::into).collect()),
        ),
        Ty::List(inner) => {
            let inner = sty(inner);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(value.into_iter().collect()),
            )
        }
        other => (sty(other), quote!(value)),
    };
    let dep = deprecated(&p.docs);
    quote! {
        #doc
        #dep
        pub fn #name(mut self, value: #arg) -> Self {
            #place = Some(#value);
            self
        }
    }
}

fn range_check(p: &Input, value: TokenStream, stat: &Name) -> TokenStream {
    if p.min.is_none() && p.max.is_none() {
        return TokenStream::new();
    }
    let wire = &p.wire;
    let min = opt_f64(p.min);
    let max = opt_f64(p.max);
    quote! { __rt::check_range(#value, #wire, #min, #max, &#stat)?; }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn build_fn(op: &Operation) -> TokenStream {
    let stat = &op.static_ident;
    let mut stmts = TokenStream::new();
    for p in op.of_kind(InputKind::Path) {
        let (ident, wire) = (&p.ident, &p.wire);
        let value = match &p.ty {
            Ty::String => quote!(&self.#ident),
            Ty::Named(_) => quote!(__rt::WireEnum::as_wire_str(&self.#ident)),
            _ => quote!(&self.#ident.to_string()),
        };
        stmts.extend(quote! { request.path_param(#wire, #value)?; });
    }
    for p in &op.inputs {
        let kind = match p.kind {
            InputKind::Query => quote!(query),
            InputKind::Header => quote!(header),
            _ => continue,
        };
        let (ident, wire) = (&p.ident, &p.wire);
        stmts.extend(range_check(p, quote!(self.#ident.as_ref()), stat));
        if p.required {
            stmts.extend(quote! {
                request.#kind(#wire, Some(__rt::require(self.#ident.as_ref(), #wire, &#stat)?));
            });
        } else {
            stmts.extend(quote! { request.#kind(#wire, self.#ident.as_ref()); });
        }
    }
    for (input, g) in op.one_of() {
        let (ident, e) = (&input.ident, &g.enum_ident);
        let arms = g.members.iter().map(|m| {
            let (v, wire) = (&m.variant, &m.wire);
            quote!(#e::#v(value) => request.query(#wire, Some(value)),)
        });
        stmts.extend(quote! { match &self.#ident { #(#arms)* } });
    }
    match &op.body {
        Some(Body { encoding, .. }) if op.body_struct().is_some() => {
            for p in op.of_kind(InputKind::BodyField) {
                let (ident, wire) = (&p.ident, &p.wire);
                stmts.extend(range_check(p, quote!(self.__body.#ident.as_ref()), stat));
                if p.required {
                    stmts.extend(
                        quote! { __rt::require(self.__body.#ident.as_ref(), #wire, &#stat)?; },
                    );
                }
            }
            for f in op.of_kind(InputKind::File) {
                let (ident, wire) = (&f.ident, &f.wire);
                if f.required {
                    stmts.extend(quote! { __rt::require(self.#ident.as_ref(), #wire, &#stat)?; });
                }
                stmts.extend(quote! { request.file(#wire, self.#ident.as_ref()); });
            }
            let call = match encoding {
                Encoding::Json => quote!(json),
                Encoding::Multipart => quote!(multipart),
                Encoding::JsonOrMultipart => quote!(json_or_multipart),
            };
            stmts.extend(quote! { request.#call(&self.__body)?; });
        }
        Some(_) => stmts.extend(quote! { request.json(&self.__body)?; }),
        None => {}
    }
    let request = if stmts.is_empty() {
        quote!(_request)
    } else {
        quote!(request)
    };
    quote! {
        fn build(&self, #request: &mut __rt::Request) -> Result<(), __rt::Error> {
            #stmts
            Ok(())
        }
    }
}

fn body_struct(op: &Operation) -> TokenStream {
    let Some((struct_ident, consts_list)) = op.body_struct() else {
        return TokenStream::new();
    };
    let fields: Vec<&Input> = op.of_kind(InputKind::BodyField).collect();
    let (derive_debug, debug_impl) = if fields.iter().any(|p| p.secret) {
        let shown: Vec<_> = consts_list
            .iter()
            .map(|c| (c.ident.clone(), false))
            .chain(fields.iter().map(|p| (p.ident.clone(), p.secret)))
            .collect();
        (
            None,
            Some(super::common::redacting_debug(struct_ident, &shown)),
        )
    } else {
        (Some(quote!(Debug,)), None)
    };
    let fields = fields.iter().map(|p| {
        let ident = &p.ident;
        let t = sty(&p.ty);
        let rename = (crate::names::unraw(ident) != p.wire).then(|| {
            let wire = &p.wire;
            quote!(#[serde(rename = #wire)])
        });
        quote! {
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            #ident: Option<#t>
        }
    });
    let consts = consts_list.iter().map(|c| {
        let (ident, wire) = (&c.ident, &c.wire);
        let rename =
            (crate::names::unraw(ident) != *wire).then(|| quote!(#[serde(rename = #wire)]));
        quote!(#rename #ident: &'static str)
    });
    quote! {
        #[derive(#derive_debug Clone, Default, ::serde::Serialize)]
        struct #struct_ident {
            #(#consts,)*
            #(#fields,)*
        }
        #debug_impl
    }
}

fn one_of_enum(input: &Input, g: &OneOf) -> TokenStream {
    let e = &g.enum_ident;
    let variants = g.members.iter().map(|m| {
        let v = &m.variant;
        let t = sty(&m.ty);
        let doc = docs(&m.docs, &format!("Send `{}`.", m.wire));
        quote!(#doc #v(#t))
    });
    let doc = format!(" Exactly one of the `{}` inputs.", input.ident);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #e {
            #(#variants,)*
        }
    }
}

fn paged(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let input = &op.input;
    let item = sty(&p.item);
    let cursor = &p.cursor;
    let (next, next_opt) = &p.next;
    let next_text = if *next_opt {
        quote!(page.#next.as_deref())
    } else {
        quote!(Some(page.#next.as_str()))
    };
    let (set_cursor, next_expr) = if p.offset {
        let wire = &p.cursor_wire;
        (
            quote!(Some(__rt::parse_offset(&cursor)?)),
            quote!(__rt::query_value_of_url(#next_text, #wire)),
        )
    } else {
        (
            quote!(Some(cursor)),
            quote!(#next_text.map(__rt::Cow::Borrowed)),
        )
    };
    let (items, items_opt) = &p.items;
    let items_expr = if *items_opt {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    quote! {
        impl __rt::Paged for #input {
            type Item = #item;
            fn set_cursor(&mut self, cursor: String) -> Result<(), String> {
                self.#cursor = #set_cursor;
                Ok(())
            }
            fn next_cursor(page: &Self::Output) -> Option<__rt::Cow<'_, str>> {
                #next_expr
            }
            fn into_items(page: Self::Output) -> Vec<Self::Item> {
                #items_expr
            }
        }
    }
}
