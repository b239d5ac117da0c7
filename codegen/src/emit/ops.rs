//! Emitters for a group's file: the group handle, and per operation its metadata
//! static, request builder, body struct, `one_of` enums and paginator.

use super::common::{deprecated, doc_lines, docs, option, ty};
use crate::ir::ConstField;
use crate::ir::{
    Body, BodyContent, Encoding, Group, Method, OneOf, Operation, Param, Response, Ty,
};
use proc_macro2::{Ident, TokenStream};
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

/// The parameters an operation method takes: path parameters, `one_of` groups and a
/// whole-type body.
struct Arg {
    ident: Ident,
    /// The builder field it is stored in.
    field: Ident,
    /// Type in the method signature.
    sig: TokenStream,
    /// Expression that stores it in the builder.
    store: TokenStream,
}

fn args(op: &Operation) -> Vec<Arg> {
    let mut out = Vec::new();
    for p in &op.path_params {
        let ident = p.ident.clone();
        let (sig, store) = match &p.ty {
            Ty::String => (
                quote!(impl ::std::convert::Into<::std::string::String>),
                quote!(#ident.into()),
            ),
            other => (ty(other), quote!(#ident)),
        };
        out.push(Arg {
            field: ident.clone(),
            ident,
            sig,
            store,
        });
    }
    for g in &op.one_of {
        let ident = g.ident.clone();
        let e = &g.enum_ident;
        let store = quote!(#ident);
        out.push(Arg {
            field: ident.clone(),
            ident,
            sig: quote!(#e),
            store,
        });
    }
    if let Some(Body {
        content: BodyContent::Type(t),
        ..
    }) = &op.body
    {
        out.push(Arg {
            ident: format_ident!("body"),
            field: format_ident!("__body"),
            sig: ty(t),
            store: quote!(body),
        });
    }
    out
}

fn handle_method(op: &Operation) -> TokenStream {
    let name = &op.method_ident;
    let builder = &op.builder;
    let doc = super::op_docs::method_docs(op);
    let dep = deprecated(&op.docs);
    let args = args(op);
    let params = args.iter().map(|a| {
        let (i, s) = (&a.ident, &a.sig);
        quote!(#i: #s)
    });
    let stores = args.iter().map(|a| {
        let (i, s) = (&a.field, &a.store);
        if *i == s.to_string() {
            quote!(#i)
        } else {
            quote!(#i: #s)
        }
    });
    let optional = builder_fields(op)
        .into_iter()
        .filter(|(_, _, is_arg)| !is_arg)
        .map(|(i, _, _)| match body_consts(op) {
            // The body starts with its fixed values set.
            Some((struct_ident, consts)) if i == "__body" => {
                let (names, values): (Vec<_>, Vec<_>) = consts.iter().map(|c| (&c.ident, &c.value)).unzip();
                quote!(#i: #struct_ident { #(#names: #values,)* ..::std::default::Default::default() })
            }
            _ => quote!(#i: ::std::default::Default::default()),
        });
    quote! {
        #doc
        #dep
        pub fn #name(&self, #(#params),*) -> #builder {
            #builder {
                __client: self.client.clone(),
                __options: ::std::default::Default::default(),
                #(#stores,)*
                #(#optional,)*
            }
        }
    }
}

/// Builder fields besides `client` and `options`: (name, type, set by the method).
fn builder_fields(op: &Operation) -> Vec<(Ident, TokenStream, bool)> {
    let mut out = Vec::new();
    for p in &op.path_params {
        out.push((p.ident.clone(), ty(&p.ty), true));
    }
    for g in &op.one_of {
        let e = &g.enum_ident;
        out.push((g.ident.clone(), quote!(#e), true));
    }
    for p in op.query.iter().chain(&op.headers) {
        out.push((p.ident.clone(), option(ty(&p.ty)), false));
    }
    match &op.body {
        Some(Body {
            content:
                BodyContent::Fields {
                    struct_ident,
                    files,
                    ..
                },
            ..
        }) => {
            out.push((format_ident!("__body"), quote!(#struct_ident), false));
            for f in files {
                out.push((f.ident.clone(), option(ty(&f.ty)), false));
            }
        }
        Some(Body {
            content: BodyContent::Type(t),
            ..
        }) => out.push((format_ident!("__body"), ty(t), true)),
        None => {}
    }
    out
}

fn operation(handle: &Ident, op: &Operation) -> TokenStream {
    let builder = &op.builder;
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
    let rate_limit = match op.rate_limit {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let fields = builder_fields(op)
        .into_iter()
        .map(|(i, t, _)| quote!(#i: #t));
    let setters = setters(op);
    let request = request_fn(op);
    let send = send_fns(op);
    let body_struct = body_struct(op);
    let one_of = op.one_of.iter().map(one_of_enum);
    let paginate = paginator(op);
    let doc = format!(
        " Request builder of [`{handle}::{}`]: set optional inputs, then call `.send().await`.",
        op.method_ident
    );
    quote! {
        static #stat: __rt::Operation = __rt::Operation {
            service: &super::SERVICE,
            name: #full,
            method: __rt::Method::#method,
            path: #path,
            auth: &super::super::#auth,
            rate_limit: #rate_limit,
        };

        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            __client: __rt::Client,
            __options: __rt::RequestOptions,
            #(#fields,)*
        }

        impl #builder {
            #setters
            /// Overrides the client's timeout, retry policy or headers for this request.
            pub fn options(mut self, options: __rt::RequestOptions) -> Self {
                self.__options = options;
                self
            }
            #request
            #send
        }
        #body_struct
        #(#one_of)*
        #paginate
    }
}

fn setters(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    for p in op.query.iter().chain(&op.headers) {
        let ident = &p.ident;
        out.extend(setter(p, quote!(self.#ident)));
    }
    if let Some(Body {
        content: BodyContent::Fields { fields, files, .. },
        ..
    }) = &op.body
    {
        for p in fields {
            let ident = &p.ident;
            out.extend(setter(p, quote!(self.__body.#ident)));
        }
        for p in files {
            let ident = &p.ident;
            out.extend(setter(p, quote!(self.#ident)));
        }
    }
    out
}

fn setter(p: &Param, place: TokenStream) -> TokenStream {
    let name = &p.setter;
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
        Ty::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(value.into()),
        ),
        Ty::List(inner) if **inner == Ty::String => (
            quote!(
                impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>
            ),
            quote!(value.into_iter().map(::std::convert::Into::into).collect()),
        ),
        Ty::List(inner) => {
            let inner = ty(inner);
            (
                quote!(impl ::std::iter::IntoIterator<Item = #inner>),
                quote!(value.into_iter().collect()),
            )
        }
        other => (ty(other), quote!(value)),
    };
    let dep = deprecated(&p.docs);
    quote! {
        #doc
        #dep
        pub fn #name(mut self, value: #arg) -> Self {
            #place = ::std::option::Option::Some(#value);
            self
        }
    }
}

fn range_check(p: &Param, value: TokenStream, stat: &Ident) -> TokenStream {
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
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn request_fn(op: &Operation) -> TokenStream {
    let stat = &op.static_ident;
    let mut stmts = TokenStream::new();
    for p in &op.path_params {
        let (ident, wire) = (&p.ident, &p.wire);
        let value = match &p.ty {
            Ty::String => quote!(&self.#ident),
            Ty::Named(_) => quote!(__rt::WireEnum::as_wire_str(&self.#ident)),
            _ => quote!(&::std::string::ToString::to_string(&self.#ident)),
        };
        stmts.extend(quote! { request.path_param(#wire, #value)?; });
    }
    for (p, kind) in op
        .query
        .iter()
        .map(|p| (p, quote!(query)))
        .chain(op.headers.iter().map(|p| (p, quote!(header))))
    {
        let (ident, wire) = (&p.ident, &p.wire);
        stmts.extend(range_check(p, quote!(self.#ident.as_ref()), stat));
        if p.required {
            stmts.extend(quote! {
                request.#kind(#wire, ::std::option::Option::Some(__rt::require(self.#ident.as_ref(), #wire, &#stat)?));
            });
        } else {
            stmts.extend(quote! { request.#kind(#wire, self.#ident.as_ref()); });
        }
    }
    for g in &op.one_of {
        let (ident, e) = (&g.ident, &g.enum_ident);
        let arms = g.members.iter().map(|m| {
            let (v, wire) = (&m.variant, &m.wire);
            quote!(#e::#v(value) => request.query(#wire, ::std::option::Option::Some(value)),)
        });
        stmts.extend(quote! { match &self.#ident { #(#arms)* } });
    }
    match &op.body {
        Some(Body {
            encoding,
            content: BodyContent::Fields { fields, files, .. },
        }) => {
            for p in fields {
                let (ident, wire) = (&p.ident, &p.wire);
                stmts.extend(range_check(p, quote!(self.__body.#ident.as_ref()), stat));
                if p.required {
                    stmts.extend(
                        quote! { __rt::require(self.__body.#ident.as_ref(), #wire, &#stat)?; },
                    );
                }
            }
            for f in files {
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
        Some(Body {
            content: BodyContent::Type(_),
            ..
        }) => stmts.extend(quote! { request.json(&self.__body)?; }),
        None => {}
    }
    let mutability = (!stmts.is_empty()).then(|| quote!(mut));
    quote! {
        fn request(&self) -> ::std::result::Result<__rt::Request, __rt::Error> {
            let #mutability request = __rt::Request::new(&#stat, self.__options.clone());
            #stmts
            ::std::result::Result::Ok(request)
        }
    }
}

fn send_fns(op: &Operation) -> TokenStream {
    let (out, plain, meta) = match &op.response {
        Response::Empty => (
            quote!(()),
            quote!(send_empty),
            quote!(send_empty_with_metadata),
        ),
        Response::Json(t) => (ty(t), quote!(send_json), quote!(send_json_with_metadata)),
    };
    quote! {
        /// Sends the request and decodes the response (errors: see the operation's method).
        pub async fn send(self) -> ::std::result::Result<#out, __rt::Error> {
            let request = self.request()?;
            self.__client.#plain(request).await
        }
        /// Like `send`, and also returns the status and rate-limit headers.
        pub async fn send_with_metadata(self) -> ::std::result::Result<__rt::Response<#out>, __rt::Error> {
            let request = self.request()?;
            self.__client.#meta(request).await
        }
    }
}

/// The body struct and its fixed values, when the body has any.
fn body_consts(op: &Operation) -> Option<(&Ident, &[ConstField])> {
    match &op.body {
        Some(Body {
            content:
                BodyContent::Fields {
                    struct_ident,
                    consts,
                    ..
                },
            ..
        }) if !consts.is_empty() => Some((struct_ident, consts)),
        _ => None,
    }
}

fn body_struct(op: &Operation) -> TokenStream {
    let Some(Body {
        content:
            BodyContent::Fields {
                struct_ident,
                fields,
                ..
            },
        ..
    }) = &op.body
    else {
        return TokenStream::new();
    };
    let fields = fields.iter().map(|p| {
        let ident = &p.ident;
        let t = option(ty(&p.ty));
        let rename = (crate::names::unraw(ident) != p.wire).then(|| {
            let wire = &p.wire;
            quote!(#[serde(rename = #wire)])
        });
        quote! {
            #rename
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            #ident: #t
        }
    });
    let consts = body_consts(op)
        .map(|(_, c)| c)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let (ident, wire) = (&c.ident, &c.wire);
            let rename =
                (crate::names::unraw(ident) != *wire).then(|| quote!(#[serde(rename = #wire)]));
            quote!(#rename #ident: &'static str)
        });
    quote! {
        #[derive(Debug, Clone, Default, ::serde::Serialize)]
        struct #struct_ident {
            #(#consts,)*
            #(#fields,)*
        }
    }
}

fn one_of_enum(g: &OneOf) -> TokenStream {
    let e = &g.enum_ident;
    let variants = g.members.iter().map(|m| {
        let v = &m.variant;
        let t = ty(&m.ty);
        let doc = docs(&m.docs, &format!("Send `{}`.", m.wire));
        quote!(#doc #v(#t))
    });
    let doc = format!(" Exactly one of the `{}` inputs.", g.ident);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #e {
            #(#variants,)*
        }
    }
}

fn paginator(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let builder = &op.builder;
    let full = &op.full_name;
    let page = ty(&p.page);
    let item = ty(&p.item);
    let cursor = &p.cursor;
    let (next, next_opt) = &p.next;
    let next_text = if *next_opt {
        quote!(page.#next.as_deref())
    } else {
        quote!(::std::option::Option::Some(page.#next.as_str()))
    };
    let (set_cursor, next_expr) = if p.offset {
        let wire = &p.cursor_wire;
        (
            quote!(cursor.parse().ok()),
            quote!(__rt::query_value_of_url(#next_text, #wire)),
        )
    } else {
        (
            quote!(::std::option::Option::Some(cursor)),
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
        impl #builder {
            /// Streams every item of every page, following the cursor until the last page.
            pub fn into_stream(self) -> impl __rt::Stream<Item = ::std::result::Result<#item, __rt::Error>> + ::std::marker::Send + ::std::marker::Unpin + 'static {
                __rt::paginate_items(self)
            }
            /// Streams whole pages, following the cursor until the last page.
            pub fn into_pages(self) -> impl __rt::Stream<Item = ::std::result::Result<#page, __rt::Error>> + ::std::marker::Send + ::std::marker::Unpin + 'static {
                __rt::paginate_pages(self)
            }
        }
        impl __rt::Paginated for #builder {
            type Page = #page;
            type Item = #item;
            fn operation_name() -> &'static str {
                #full
            }
            fn set_cursor(&mut self, cursor: ::std::string::String) {
                self.#cursor = #set_cursor;
            }
            fn fetch(&self) -> impl ::std::future::Future<Output = ::std::result::Result<Self::Page, __rt::Error>> + ::std::marker::Send + 'static {
                self.clone().send()
            }
            fn next_cursor(page: &Self::Page) -> ::std::option::Option<__rt::Cow<'_, str>> {
                #next_expr
            }
            fn into_items(page: Self::Page) -> ::std::vec::Vec<Self::Item> {
                #items_expr
            }
        }
    }
}
