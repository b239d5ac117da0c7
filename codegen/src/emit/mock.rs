//! Emitters for the typed stubs of the `mock` feature: per service and per group a
//! handle that mirrors the client's, and per operation a constructor of the runtime's
//! `MockOperation` for the operation's method, path and response type.
//!
//! Everything here is behind `#[cfg(feature = "mock")]`; the matching, responding and
//! recording are runtime code.

use super::common::{deprecated, sty};
use crate::ir::Name;
use crate::ir::{Group, InputKind, Operation, Response, Service, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The service's stub handle, appended to the service's `mod.rs`.
pub fn service(s: &Service) -> TokenStream {
    let (handle, mock) = (&s.handle, &s.mock);
    let doc = format!(
        " Stubs of the {} operations on a mock server; mirrors [`{handle}`].",
        s.title
    );
    let accessors = s.groups.iter().map(|g| {
        let (m, group_mock) = (&g.module, &g.mock);
        let doc = format!(" Stubs of the `{}` operations.", g.name);
        quote! {
            #[doc = #doc]
            pub fn #m(&self) -> #m::#group_mock {
                #m::#group_mock::from_server(self.server.clone())
            }
        }
    });
    handle_struct(mock, &doc, s.groups.is_empty(), quote!(#(#accessors)*))
}

/// The group's stub handle with one constructor per operation, appended to the group file.
pub fn group(g: &Group) -> TokenStream {
    let (handle, mock) = (&g.handle, &g.mock);
    let doc = format!(
        " Stubs of the `{}` operations on a mock server; mirrors [`{handle}`].",
        g.name
    );
    let ops = g.ops.iter().map(|op| operation(handle, op));
    handle_struct(mock, &doc, g.ops.is_empty(), quote!(#(#ops)*))
}

fn handle_struct(mock: &Name, doc: &str, empty: bool, methods: TokenStream) -> TokenStream {
    let unused = empty.then(|| quote!(#[allow(dead_code)]));
    quote! {
        #[doc = #doc]
        #[cfg(feature = "mock")]
        #[derive(Debug, Clone)]
        pub struct #mock {
            #unused
            server: __rt::MockServer,
        }

        #[cfg(feature = "mock")]
        impl #mock {
            #[doc(hidden)]
            pub fn from_server(server: __rt::MockServer) -> Self {
                Self { server }
            }
            #methods
        }
    }
}

/// `fn view_user(&self, user_id: ..) -> MockOperation<User>`: the operation's path
/// arguments, encoded by the runtime exactly as the request builder encodes them.
fn operation(handle: &Name, op: &Operation) -> TokenStream {
    let (name, stat) = (&op.method_ident, &op.static_ident);
    let out = match &op.response {
        Response::Empty => quote!(()),
        Response::Json(t) => sty(t),
    };
    let path_params: Vec<_> = op.of_kind(InputKind::Path).collect();
    let params = path_params.iter().map(|p| {
        let ident = &p.ident;
        let sig = match &p.ty {
            Ty::String => quote!(impl Into<String>),
            other => sty(other),
        };
        quote!(#ident: #sig)
    });
    let values = path_params.iter().map(|p| {
        let (ident, wire) = (&p.ident, &p.wire);
        let value = match &p.ty {
            Ty::String => quote!(#ident.into()),
            Ty::Named(_) => quote!(__rt::WireEnum::as_wire_str(&#ident).to_owned()),
            _ => quote!(#ident.to_string()),
        };
        quote!((#wire, #value))
    });
    let doc = format!(
        " Stubs [`{handle}::{}`] (`{} {}`){}.",
        crate::names::unraw(name),
        op.method.as_str(),
        op.path,
        if path_params.is_empty() {
            ""
        } else {
            " for these path arguments"
        }
    );
    let dep = deprecated(&op.docs);
    let example = op
        .examples
        .iter()
        .find(|e| (200..300).contains(&e.status))
        .and_then(|e| e.response_body.as_deref())
        .map(|body| {
            let body = super::examples::raw_str(body);
            quote!(.with_example(#body))
        });
    let consts = op.body_struct().map(|(_, c)| c).unwrap_or_default();
    let consts = consts.iter().map(|c| {
        let (wire, value) = (&c.wire, &c.value);
        quote!(.with_body_field(#wire, #value))
    });
    quote! {
        #[doc = #doc]
        #dep
        #[inline]
        pub fn #name(&self, #(#params),*) -> __rt::MockOperation<#out> {
            __rt::MockOperation::new(&self.server, &#stat, &[#(#values),*]) #(#consts)* #example
        }
    }
}
