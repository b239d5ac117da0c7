//! Emitter of `client_accessors.rs`: one method per service on the runtime's `Client`
//! (`client.chat()`) and, with the `mock` feature, on `MockServer` (`server.chat()`),
//! each behind its service's cargo feature.
//!
//! An inherent `impl` must live in the crate that defines the type, so this file is
//! not a module of the generated tree: the client crate's root declares it
//! (`#[path = "generated/client_accessors.rs"] mod client_accessors;`). Its paths
//! start from that module's parent, the crate root: `super::Client`,
//! `super::generated::<service>`, `super::mock::MockServer` and, for doc links,
//! `super::ClientBuilder`. Any module that has those names can include it; the
//! fixture harness (`tests/tests/suite/fixtures_compile.rs`) does so with stand-ins
//! that dereference to the runtime's types. The handles are built from
//! `__rt::Client::clone(self)`, which takes such a stand-in by deref coercion.

use super::common::docs;
use crate::ir::{Api, Service};
use crate::validate::CREDENTIAL_SLOTS;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole file.
pub fn file(api: &Api) -> TokenStream {
    let client = api.services.iter().map(|s| client_accessor(api, s));
    let mock = api.services.iter().map(mock_accessor);
    let products = api.services.iter().map(product_module);
    let prelude = api.services.iter().map(prelude_items);
    quote! {
        //! The service accessors of `Client` and, with the `mock` feature, of
        //! `MockServer`: one per service of `api-spec/`, each behind the service's cargo
        //! feature; and the short product modules and the prelude's service names,
        //! which the crate root and its prelude re-export. Included by the crate root,
        //! whose `Client`, `generated` and `mock` the paths below start from.
        // Unused in a build without any service.
        #[allow(unused_imports)]
        use crate::__private as __rt;

        impl super::Client {
            #(#client)*
        }

        #[cfg(feature = "mock")]
        impl super::mock::MockServer {
            #(#mock)*
        }

        /// One module per service with its operation groups and its types at a short
        /// path, re-exported at the crate root.
        pub mod products {
            #(#products)*
        }

        /// Each service's short module and handle, re-exported by the prelude.
        pub mod prelude {
            #(#prelude)*
        }
    }
}

/// `pub mod chat { pub use generated::chat::types::*; pub use generated::chat::*; }`:
/// the service's groups, handle and types at one short path (`chat::User`).
fn product_module(s: &Service) -> TokenStream {
    let (m, cfg) = (&s.module, cfg(s));
    let name = crate::names::unraw(m);
    let title = s.title.trim_end_matches('.');
    // A service without types has an empty `types` module, whose glob would be unused.
    let (doc, types) = if s.types.is_empty() {
        (format!(" The {title}: its operation groups."), None)
    } else {
        (
            format!(" The {title}: its operation groups and, at this level too, its types (`{name}::X` is `generated::{name}::types::X`)."),
            Some(quote!(pub use super::super::super::generated::#m::types::*;)),
        )
    };
    quote! {
        #[doc = #doc]
        #cfg
        pub mod #m {
            #types
            pub use super::super::super::generated::#m::*;
        }
    }
}

/// `pub use {products::chat, generated::chat::Chat};` for the prelude.
fn prelude_items(s: &Service) -> TokenStream {
    let (m, handle, cfg) = (&s.module, &s.handle, cfg(s));
    quote! {
        #cfg
        pub use super::{products::#m, super::generated::#m::#handle};
    }
}

fn cfg(s: &Service) -> Option<TokenStream> {
    s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]))
}

/// `pub fn chat(&self) -> generated::chat::Chat`, documented with the service's title,
/// description and doc page, and the builder setter of its default credential.
fn client_accessor(api: &Api, s: &Service) -> TokenStream {
    let (m, handle, cfg) = (&s.module, &s.handle, cfg(s));
    let title = format!(" The {}.", s.title.trim_end_matches('.'));
    let mut out = quote!(#[doc = #title]);
    // Then the description and doc page, when the spec has them.
    if s.docs.text.is_some() || s.docs.url.is_some() {
        out.extend(quote!(#[doc = ""]));
        out.extend(docs(&s.docs, ""));
    }
    if let Some(line) = credential_line(api, s) {
        out.extend(quote!(#[doc = ""] #[doc = #line]));
    }
    if let Some(f) = &s.feature {
        let line = format!(" Needs the cargo feature `{f}`.");
        out.extend(quote!(#[doc = ""] #[doc = #line]));
    }
    quote! {
        #out
        #cfg
        pub fn #m(&self) -> super::generated::#m::#handle {
            super::generated::#m::#handle::from_client(__rt::Client::clone(self))
        }
    }
}

/// Which builder setter the service's operations need by default.
fn credential_line(api: &Api, s: &Service) -> Option<String> {
    let scheme = api.auth.iter().find(|a| a.name == s.auth)?;
    let (_, setter) = CREDENTIAL_SLOTS
        .iter()
        .find(|(slot, _)| *slot == scheme.credential)?;
    Some(format!(
        " Its operations send the `{}` credential unless their own says otherwise: set it with [`ClientBuilder::{setter}`](super::ClientBuilder::{setter}).",
        scheme.credential
    ))
}

/// `pub fn chat(&self) -> generated::chat::ChatMock`.
fn mock_accessor(s: &Service) -> TokenStream {
    let (m, cfg) = (&s.module, cfg(s));
    let mock = &s.mock;
    let doc = format!(
        " Stubs of the {} operations; mirrors [`Client::{name}`](super::Client::{name}).",
        s.title.trim_end_matches('.'),
        name = crate::names::unraw(m),
    );
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #m(&self) -> super::generated::#m::#mock {
            super::generated::#m::#mock::from_server(__rt::MockServer::clone(self))
        }
    }
}
