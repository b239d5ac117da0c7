//! Emitters for a group's file: the group handle, and per operation its metadata
//! static, input struct, builder alias (`Call<Input>`) with the setters, `Input` impl,
//! body struct, `one_of` enums and `Paged` impl.

use super::common::{deprecated, doc_lines, docs, sty};
use crate::ir::{AnchorInput, ItemAccess};
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
    let mut module_doc = format!(" The `{}` operations of the `{service}` service.", g.name);
    if let Some(example) = group_example(service, g) {
        module_doc.push_str(&example);
    }
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

/// A compiled (`no_run`) example for a group's module docs: the first operation that is
/// not deprecated and whose first example's arguments are plain strings, integers,
/// booleans, enum values or lists of strings,
/// called with those arguments and the example's scalar setters.
fn group_example(service: &str, g: &Group) -> Option<String> {
    let literal = |v: &crate::ir::ExampleValue| -> Option<String> {
        if v.variant.is_some() {
            return None;
        }
        let json: serde_json::Value = serde_json::from_str(&v.json).ok()?;
        match (&v.ty, json) {
            (Ty::String, serde_json::Value::String(s)) => Some(format!("{s:?}")),
            (Ty::Bool, serde_json::Value::Bool(b)) => Some(b.to_string()),
            (Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64, serde_json::Value::Number(n))
                if n.is_i64() || n.is_u64() =>
            {
                Some(n.to_string())
            }
            _ => None,
        }
    };
    g.ops.iter().filter(|op| op.docs.deprecated.is_none()).find_map(|op| {
        let ex = op.examples.first()?;
        // A path parameter of a named type is an enum: its variant, by the wire value.
        let arg = |v: &crate::ir::ExampleValue| match (&v.ty, serde_json::from_str(&v.json)) {
            (Ty::Named(id), Ok(serde_json::Value::String(s))) if v.variant.is_none() => Some(format!(
                "sendbird_platform::generated::{}::types::{id}::{}",
                crate::names::snake_text(service),
                crate::names::variant(&s)
            )),
            // A list of strings (a required body field): an array of literals.
            (Ty::List(inner), Ok(serde_json::Value::Array(items))) if **inner == Ty::String => {
                let items = items
                    .iter()
                    .map(|i| i.as_str().map(|s| format!("{s:?}")))
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("[{}]", items.join(", ")))
            }
            _ => literal(v),
        };
        let args = ex.args.iter().map(arg).collect::<Option<Vec<_>>>()?;
        let mut call = format!(
            "let response = client\n    .{}()\n    .{}()\n    .{}({})",
            crate::names::snake_text(service),
            g.module,
            op.method_ident,
            args.join(", ")
        );
        for (setter, v) in &ex.setters {
            if let Some(value) = literal(v) {
                call.push_str(&format!("\n    .{setter}({value})"));
            }
        }
        call.push_str("\n    .send()\n    .await?;");
        Some(format!(
            "\n\n # Example\n\n ```no_run\n # async fn example(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {{\n{}\n # let _ = response;\n # Ok(())\n # }}\n ```",
            call.lines().map(|l| format!(" {l}")).collect::<Vec<_>>().join("\n")
        ))
    })
}

/// An argument of the operation's method: path parameters, `one_of` groups, a
/// whole-type body, required body fields and file parts.
struct Arg {
    ident: Name,
    /// The input field it is stored in (of the body struct, for a body field).
    field: Name,
    /// Stored in the body struct rather than in the input.
    in_body: bool,
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
                // Body fields and file parts are optional in their struct: the
                // argument is stored set, converted as its setter would.
                (
                    InputKind::BodyField | InputKind::File | InputKind::Query | InputKind::Header,
                    _,
                ) => {
                    let (sig, value) = conversion(a, quote!(#ident));
                    (ident.clone(), sig, quote!(Some(#value)))
                }
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
                in_body: a.kind == InputKind::BodyField,
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
    let store = |a: &Arg| {
        let (i, s) = (&a.field, &a.store);
        if i.as_str() == s.to_string() {
            quote!(#i)
        } else {
            quote!(#i: #s)
        }
    };
    let mut stores: Vec<TokenStream> = args.iter().filter(|a| !a.in_body).map(store).collect();
    let mut set: Vec<Name> = args
        .iter()
        .filter(|a| !a.in_body)
        .map(|a| a.field.clone())
        .collect();
    // The body starts with its fixed values and its required fields set.
    if let Some((struct_ident, consts)) = op.body_struct() {
        let (names, values): (Vec<_>, Vec<_>) = consts.iter().map(|c| (&c.ident, &c.value)).unzip();
        let fields: Vec<TokenStream> = args.iter().filter(|a| a.in_body).map(store).collect();
        if !consts.is_empty() || !fields.is_empty() {
            let rest = op
                .of_kind(InputKind::BodyField)
                .any(|i| i.setter().is_some())
                .then(|| quote!(..Default::default()));
            stores.push(quote!(__body: #struct_ident { #(#names: #values,)* #(#fields,)* #rest }));
            set.push(body_field());
        }
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
    let anchor_paged = anchor_paged(op);
    let method_ident = &op.method_ident;
    let returns = match &op.response {
        Response::Empty => "nothing (`()`)".to_owned(),
        Response::Json(Ty::Named(id)) => format!("[`{id}`](super::types::{id})"),
        Response::Json(t) => format!("`{}`", t.doc_name()),
    };
    let mut doc = format!(
        " Request builder of [`{handle}::{method_ident}`]: set optional inputs, then call [`.send().await`](super::super::Call::send), which returns {returns} (or [`send_with_metadata`](super::super::Call::send_with_metadata) for the response's status and rate-limit headers too)."
    );
    if let Some(p) = &op.pagination {
        doc.push_str(&format!(
            " Every page: [`into_stream`](super::super::Call::into_stream) yields each {} across pages, [`into_pages`](super::super::Call::into_pages) each whole page.",
            match &p.item {
                Ty::Named(id) => format!("[`{id}`](super::types::{id})"),
                t => format!("`{}`", t.doc_name()),
            }
        ));
    }
    doc.push_str(" The methods come from the generic [`Call`](super::super::Call), of which this is an alias.");
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
        #anchor_paged
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
    if p.seconds {
        notes.push(
            "Takes a `std::time::Duration` (whole seconds) or a number of seconds.".to_owned(),
        );
    }
    if !notes.is_empty() {
        let line = doc_lines(&notes.join(" "));
        doc.extend(line);
    }
    let (arg, value) = conversion(p, quote!(value));
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

/// The type an input's setter (or argument) takes, and the expression turning `v`,
/// of that type, into the stored value.
fn conversion(p: &Input, v: TokenStream) -> (TokenStream, TokenStream) {
    match &p.ty {
        Ty::I64 if p.seconds => (quote!(impl Into<__rt::Seconds>), quote!(#v.into().0)),
        Ty::I32 if p.seconds => (
            quote!(impl Into<__rt::Seconds>),
            quote!(#v.into().saturating_i32()),
        ),
        Ty::Map(inner) if **inner == Ty::String => (
            quote!(impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>),
            quote!(#v
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect()),
        ),
        Ty::Map(inner) => {
            let inner = sty(inner);
            (
                quote!(impl IntoIterator<Item = (impl Into<String>, #inner)>),
                quote!(#v.into_iter().map(|(k, v)| (k.into(), v)).collect()),
            )
        }
        Ty::String => (quote!(impl Into<String>), quote!(#v.into())),
        Ty::List(inner) if **inner == Ty::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#v.into_iter().map(Into::into).collect()),
        ),
        Ty::List(inner) => {
            let inner = sty(inner);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(#v.into_iter().collect()),
            )
        }
        other => (sty(other), quote!(#v)),
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
                // A required field is an argument of the method: always set.
                if p.required && p.setter().is_some() {
                    stmts.extend(
                        quote! { __rt::require(self.__body.#ident.as_ref(), #wire, &#stat)?; },
                    );
                }
            }
            for f in op.of_kind(InputKind::File) {
                let (ident, wire) = (&f.ident, &f.wire);
                if f.required && f.setter().is_some() {
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
    // `#[inline]`: compiled where the operation is called, not in every build of the
    // library (a downstream crate pays for the operations it uses).
    quote! {
        #[inline]
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
    // `Serialize` from the runtime's `ser_struct!`: the constants always, the fields
    // when set.
    let ser_fields = consts_list
        .iter()
        .map(|c| {
            let (ident, wire) = (&c.ident, &c.wire);
            quote!(req #wire #ident)
        })
        .chain(fields.iter().map(|p| {
            let (ident, wire) = (&p.ident, &p.wire);
            quote!(opt #wire #ident)
        }))
        .collect::<Vec<_>>();
    let fields = fields.iter().map(|p| {
        let ident = &p.ident;
        let t = sty(&p.ty);
        quote!(#ident: Option<#t>)
    });
    let consts = consts_list.iter().map(|c| {
        let ident = &c.ident;
        quote!(#ident: &'static str)
    });
    quote! {
        #[derive(#derive_debug Clone, Default)]
        struct #struct_ident {
            #(#consts,)*
            #(#fields,)*
        }
        #debug_impl
        __rt::ser_struct!(#struct_ident { #(#ser_fields),* });
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

/// `AnchorPaged` for the inputs of a list that pages around an anchor, and the
/// builder's `into_stream` (a backward walk; `walk` is on every such builder).
fn anchor_paged(op: &Operation) -> TokenStream {
    let Some(p) = &op.anchor_paging else {
        return TokenStream::new();
    };
    let (input, builder) = (&op.input, &op.builder);
    let item = sty(&p.item);
    let (items, items_opt) = &p.items;
    let items_expr = if *items_opt {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    // Union accessors return an `Option` of a scalar by value or of a `&str`; struct
    // fields are an `Option` or not.
    let at = {
        let ident = &p.item_anchor.ident;
        match p.item_anchor.access {
            ItemAccess::Accessor => quote!(item.#ident().map(__rt::AnchorValue::to_i64)),
            ItemAccess::Field { optional: true } => {
                quote!(item.#ident.map(__rt::AnchorValue::to_i64))
            }
            ItemAccess::Field { optional: false } => {
                quote!(Some(__rt::AnchorValue::to_i64(item.#ident)))
            }
        }
    };
    let key = {
        let ident = &p.item_key.ident;
        match p.item_key.access {
            ItemAccess::Accessor => quote!(item.#ident().map(|v| v.to_string())),
            ItemAccess::Field { optional: true } => {
                quote!(item.#ident.as_ref().map(|v| v.to_string()))
            }
            ItemAccess::Field { optional: false } => quote!(Some(item.#ident.to_string())),
        }
    };
    let anchor_ty = sty(&p.anchor_ty);
    let set_anchor = match &p.anchor {
        AnchorInput::Query(field) => quote!(self.#field = Some(value);),
        AnchorInput::OneOf {
            field,
            enum_ident,
            variant,
        } => quote!(self.#field = #enum_ident::#variant(value);),
    };
    let include = p
        .include
        .as_ref()
        .map(|field| quote!(self.#field = Some(true);));
    let (before, after) = (&p.before.0, &p.after.0);
    let doc = " Streams every item, newest first: walks backward from the request's anchor, a page at a time (`walk(Walk::backward())`). [`walk`](super::super::Call::walk) goes forward, sets the page size or stops at a bound; see [`Walk`](__rt::Walk). A page with nothing new ends the stream.";
    quote! {
        impl __rt::AnchorPaged for #input {
            type Item = #item;
            fn into_items(page: Self::Output) -> Vec<Self::Item> {
                #items_expr
            }
            fn position(item: &Self::Item) -> __rt::Position {
                __rt::Position { at: #at, key: #key }
            }
            fn set_direction(&mut self, direction: __rt::Direction, page_size: Option<u32>) -> Option<u32> {
                let size = page_size.map(i64::from);
                let ahead = match direction {
                    __rt::Direction::Backward => {
                        self.#before = size.map(__rt::AnchorValue::from_i64).or(self.#before);
                        self.#after = Some(__rt::AnchorValue::from_i64(0));
                        self.#before.map(__rt::AnchorValue::to_i64)
                    }
                    __rt::Direction::Forward => {
                        self.#after = size.map(__rt::AnchorValue::from_i64).or(self.#after);
                        self.#before = Some(__rt::AnchorValue::from_i64(0));
                        self.#after.map(__rt::AnchorValue::to_i64)
                    }
                };
                ahead.map(|size| u32::try_from(size).unwrap_or(0))
            }
            fn follow(&mut self, at: i64) {
                let value = <#anchor_ty as __rt::AnchorValue>::from_i64(at);
                #set_anchor
                #include
            }
        }

        impl #builder {
            #[doc = #doc]
            pub fn into_stream(self) -> impl __rt::Stream<Item = Result<#item, __rt::Error>> + Send + Unpin + 'static {
                self.walk(__rt::Walk::backward())
            }
        }
    }
}
