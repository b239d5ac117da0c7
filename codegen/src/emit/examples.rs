//! Emitters of the wire tests generated from the operations' examples: per group a
//! test module with one `#[tokio::test]` per example, which calls the operation through
//! the public API with the example's inputs, then checks the request the mock server
//! received against the example's request and the decoded result against its response.
//!
//! The files go to the integration tests, not to the client crate. They reach the
//! client through `crate::client` and the shared helpers through
//! `crate::example_support`, both declared by the hand-written test root.

use super::common::sty;
use crate::ir::{Api, Example, ExampleValue, Group, Operation, Service, Ty};
use crate::spec::ExampleBody;
use proc_macro2::TokenStream;
use quote::quote;

/// `examples/mod.rs`: one module per service that has examples.
pub fn root(api: &Api) -> TokenStream {
    let mods = api
        .services
        .iter()
        .filter(|s| has_examples(s))
        .map(|s| &s.module);
    quote! {
        //! Wire tests generated from the examples in `api-spec/`.
        #(mod #mods;)*
    }
}

/// `examples/<service>/mod.rs`.
pub fn service(s: &Service) -> TokenStream {
    let module = &s.module;
    let groups = s
        .groups
        .iter()
        .filter(|g| g.ops.iter().any(|o| !o.examples.is_empty()))
        .map(|g| &g.module);
    let doc = format!(" The examples of the `{}` service.", s.name);
    quote! {
        #![doc = #doc]
        #[allow(unused_imports)]
        use crate::client::generated::#module::types;
        #(mod #groups;)*
    }
}

/// Whether a service has any example.
pub fn has_examples(s: &Service) -> bool {
    s.groups
        .iter()
        .any(|g| g.ops.iter().any(|o| !o.examples.is_empty()))
}

/// `examples/<service>/<group>.rs`.
pub fn group(api: &Api, s: &Service, g: &Group) -> TokenStream {
    let base = crate::endpoints::base_path(&s.base_url);
    let tests = g
        .ops
        .iter()
        .flat_map(|op| op.examples.iter().map(move |ex| (op, ex)))
        .map(|(op, ex)| test(api, s, g, op, ex, base));
    let doc = format!(" The examples of the `{}` operations.", g.name);
    quote! {
        #![doc = #doc]
        #[allow(unused_imports)]
        use crate::client::__private as __rt;
        use crate::example_support as __ex;
        #(#tests)*
    }
}

fn test(
    api: &Api,
    s: &Service,
    g: &Group,
    op: &Operation,
    ex: &Example,
    base: &str,
) -> TokenStream {
    let name = &ex.test;
    let (service_name, service, group, method) = (&s.name, &s.module, &g.module, &op.method_ident);
    let auth = api.auth.iter().find(|a| a.name == op.auth_name);
    let auth = match auth.and_then(|a| a.header.as_ref().map(|h| (h, &a.credential))) {
        Some((header, credential)) => quote!(__ex::Auth::Header(#header, #credential)),
        None => quote!(__ex::Auth::Basic),
    };
    let (m, path, status) = (&ex.method, &ex.path, ex.status);
    let query = pairs(&ex.query);
    let headers = pairs(&ex.headers);
    let response_headers = pairs(&ex.response_headers);
    let body = match &ex.body {
        ExampleBody::None => quote!(__ex::Body::None),
        ExampleBody::Json(v) => {
            let text = raw_str(&v.to_string());
            quote!(__ex::Body::Json(#text))
        }
        ExampleBody::Multipart { fields, files } => {
            let fields = pairs(fields);
            let files = files.iter().map(|f| {
                let (n, fname, ct, c) = (&f.name, &f.filename, &f.content_type, &f.content);
                quote!(__ex::FilePart { name: #n, filename: #fname, content_type: #ct, content: #c })
            });
            quote!(__ex::Body::Multipart { fields: #fields, files: &[#(#files),*] })
        }
    };
    let response_body = match &ex.response_body {
        Some(b) => {
            let b = raw_str(b);
            quote!(Some(#b))
        }
        None => quote!(None),
    };
    let args = ex.args.iter().map(|v| value(v, service, group));
    let setters = ex.setters.iter().map(|(setter, v)| {
        let v = value(v, service, group);
        quote!(.#setter(#v))
    });
    quote! {
        #[tokio::test]
        #[allow(deprecated)]
        async fn #name() {
            let ex = __ex::Exchange {
                service: #service_name,
                base_path: #base,
                auth: #auth,
                method: #m,
                path: #path,
                query: #query,
                headers: #headers,
                body: #body,
                status: #status,
                response_headers: #response_headers,
                response_body: #response_body,
            };
            let run = ex.start().await;
            let result = run.client.#service().#group().#method(#(#args),*) #(#setters)* .send().await;
            run.check(result).await;
        }
    }
}

fn pairs(pairs: &[(String, String)]) -> TokenStream {
    let items = pairs.iter().map(|(k, v)| quote!((#k, #v)));
    quote!(&[#(#items),*])
}

/// The expression of an input value: decoded from its JSON into the input's type.
fn value(v: &ExampleValue, service: &crate::ir::Name, group: &crate::ir::Name) -> TokenStream {
    let (name, json) = (&v.name, &v.json);
    let inner = match &v.ty {
        Ty::File => {
            let json = raw_str(json);
            quote!(__ex::file(#name, #json))
        }
        t => {
            let t = sty(t);
            let json = raw_str(json);
            quote!(__ex::value::<#t>(#name, #json))
        }
    };
    match &v.variant {
        // `one_of` enums live in the group's module, beside the request builders.
        Some((e, variant)) => {
            quote!(crate::client::generated::#service::#group::#e::#variant(#inner))
        }
        None => inner,
    }
}

/// A string literal, raw (`r#"..."#`) when that reads better: JSON is full of quotes.
pub fn raw_str(text: &str) -> proc_macro2::Literal {
    if text.contains('"') && !text.contains("\"#") {
        if let Ok(lit) = format!("r#\"{text}\"#").parse::<proc_macro2::Literal>() {
            return lit;
        }
    }
    proc_macro2::Literal::string(text)
}
