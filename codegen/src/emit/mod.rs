//! Emitters: the IR becomes one token stream per output file.

mod cli;
mod common;
mod mock;
mod op_docs;
mod ops;
mod types;

use crate::ir::{Api, AuthScheme, ErrorCode, Service};
use common::docs;
use proc_macro2::TokenStream;
use quote::quote;

/// Every output file as (relative path, tokens), in a deterministic order.
pub fn emit(api: &Api) -> Vec<(String, TokenStream)> {
    let mut files = vec![
        ("mod.rs".to_owned(), root(api)),
        ("error_codes.rs".to_owned(), error_codes(&api.error_codes)),
    ];
    for s in &api.services {
        let dir = crate::names::unraw(&s.module);
        let mut service_file = service(s);
        service_file.extend(mock::service(s));
        files.push((format!("{dir}/mod.rs"), service_file));
        files.push((format!("{dir}/types.rs"), types::types_file(&s.types)));
        for g in &s.groups {
            let file = crate::names::unraw(&g.module);
            let mut group_file = ops::group_file(&s.name, g);
            group_file.extend(mock::group(g));
            files.push((format!("{dir}/{file}.rs"), group_file));
        }
    }
    files.extend(cli::files(api));
    files
}

fn root(api: &Api) -> TokenStream {
    let modules = api.services.iter().map(|s| {
        let m = &s.module;
        let cfg = s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]));
        let doc = format!(" {}", s.title);
        quote!(#[doc = #doc] #cfg pub mod #m;)
    });
    let entries = api.services.iter().map(|s| {
        let m = &s.module;
        let cfg = s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]));
        quote!(#cfg &#m::SERVICE)
    });
    let auth = api.auth.iter().map(auth_static);
    quote! {
        //! Code generated from `api-spec/`: services, their operations and types.
        use crate::__private as __rt;

        mod error_codes;
        pub use error_codes::ErrorCode;
        #(#modules)*

        #(#auth)*

        /// Every service compiled into this build.
        pub static SERVICES: &[&__rt::Service] = &[#(#entries),*];
    }
}

fn auth_static(a: &AuthScheme) -> TokenStream {
    let ident = &a.ident;
    let name = &a.name;
    let credential = &a.credential;
    let (kind, doc) = match &a.header {
        Some(h) => (
            quote!(__rt::AuthKind::Header(#h)),
            format!(" Auth scheme `{name}`: the `{credential}` credential in the `{h}` header."),
        ),
        None => (
            quote!(__rt::AuthKind::Basic),
            format!(" Auth scheme `{name}`: the `{credential}` credential as HTTP Basic."),
        ),
    };
    quote! {
        #[doc = #doc]
        pub static #ident: __rt::AuthScheme = __rt::AuthScheme {
            name: #name,
            kind: #kind,
            credential: #credential,
        };
    }
}

fn service(s: &Service) -> TokenStream {
    let handle = &s.handle;
    let (name, base_url) = (&s.name, &s.base_url);
    let doc = docs(&s.docs, &s.title);
    let groups = s.groups.iter().map(|g| &g.module);
    let accessors = s.groups.iter().map(|g| {
        let (m, h) = (&g.module, &g.handle);
        let doc = docs(
            &crate::ir::Docs {
                text: g.docs.text.clone(),
                ..Default::default()
            },
            &format!("The `{}` operations.", g.name),
        );
        quote! {
            #doc
            pub fn #m(&self) -> #m::#h {
                #m::#h::from_client(self.client.clone())
            }
        }
    });
    let unused = s.groups.is_empty().then(|| quote!(#[allow(dead_code)]));
    let module_doc = format!(" {}", s.title);
    let static_doc = format!(" The `{name}` service: base URL template `{base_url}`.");
    quote! {
        #![doc = #module_doc]
        use crate::__private as __rt;

        pub mod types;
        #(pub mod #groups;)*

        #[doc = #static_doc]
        pub static SERVICE: __rt::Service = __rt::Service {
            name: #name,
            base_url: #base_url,
        };

        #doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            #unused
            client: __rt::Client,
        }

        impl #handle {
            #[doc(hidden)]
            pub fn from_client(client: __rt::Client) -> Self {
                Self { client }
            }
            #(#accessors)*
        }
    }
}

fn error_codes(codes: &[ErrorCode]) -> TokenStream {
    let idents: Vec<_> = codes.iter().map(|c| &c.ident).collect();
    let nums: Vec<i64> = codes.iter().map(|c| c.code).collect();
    let common: Vec<_> = codes.iter().filter(|c| c.services.is_empty()).collect();
    let common_idents = common.iter().map(|c| &c.ident);
    let common_nums = common.iter().map(|c| c.code);
    let scoped = codes.iter().flat_map(|c| {
        c.services.iter().map(move |s| {
            let (ident, num) = (&c.ident, c.code);
            quote!((#s, #num) => Self::#ident,)
        })
    });
    let docs = codes.iter().map(|c| {
        let status = c.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        format!(
            " `{}`{status}: {}",
            c.code,
            c.doc.as_deref().unwrap_or("no description")
        )
    });
    let descs = codes.iter().map(|c| match &c.doc {
        Some(d) => quote!(::std::option::Option::Some(#d)),
        None => quote!(::std::option::Option::None),
    });
    let statuses = codes
        .iter()
        .map(|c| match c.status.and_then(|s| u16::try_from(s).ok()) {
            Some(s) => quote!(::std::option::Option::Some(#s)),
            None => quote!(::std::option::Option::None),
        });
    quote! {
        //! The numeric error codes of the API's error bodies.

        /// A numeric error code from an error body, with a fallback for codes this
        /// version of the client does not know.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #( #[doc = #docs] #idents, )*
            /// A code this version of the client does not know.
            Unknown(i64),
        }

        impl ErrorCode {
            /// The variant of a numeric code, in the meaning shared by every service.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #( #common_nums => Self::#common_idents, )*
                    other => Self::Unknown(other),
                }
            }
            /// The variant of a numeric code returned by `service`: a code some service
            /// uses with a meaning of its own maps to that meaning.
            pub fn for_service(service: &str, code: i64) -> Self {
                match (service, code) {
                    #(#scoped)*
                    _ => Self::from_code(code),
                }
            }
            /// The numeric code.
            pub fn code(&self) -> i64 {
                match self {
                    #( Self::#idents => #nums, )*
                    Self::Unknown(code) => *code,
                }
            }
            /// What the code means, when known.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #( Self::#idents => #descs, )*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
            /// The HTTP status the code usually comes with, when known.
            pub fn http_status(&self) -> ::std::option::Option<u16> {
                match self {
                    #( Self::#idents => #statuses, )*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.description() {
                    ::std::option::Option::Some(d) => write!(f, "{} ({})", self.code(), d),
                    ::std::option::Option::None => write!(f, "{}", self.code()),
                }
            }
        }
    }
}
