//! Pieces every emitter uses: rustdoc attributes and type tokens.

use crate::ir::{Docs, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// Escapes spec prose for rustdoc: outside code spans, brackets and angle brackets
/// would be read as links or HTML, and bare URLs are wrapped so they become links.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        } else if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One `#[doc = "..."]` per line of `text` (escaped).
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text
        .trim()
        .lines()
        .map(|l| format!(" {}", escape(l.trim_end())));
    quote! { #( #[doc = #lines] )* }
}

/// One `#[doc = "..."]` per line of generator-made Markdown, as it is.
pub fn markdown_lines(text: &crate::ir::Markdown) -> TokenStream {
    let lines = text.0.trim().lines().map(|l| format!(" {}", l.trim_end()));
    quote! { #( #[doc = #lines] )* }
}

/// Rustdoc for an item: description, deprecation note and doc link.
pub fn docs(d: &Docs, fallback: &str) -> TokenStream {
    let mut out = match (&d.text, &d.generated) {
        (Some(text), _) => doc_lines(text),
        (None, Some(markdown)) => markdown_lines(markdown),
        (None, None) => doc_lines(fallback),
    };
    if let Some(dep) = &d.deprecated {
        let line = format!(" **Deprecated:** {}", escape(dep));
        out.extend(quote! { #[doc = ""] #[doc = #line] });
    }
    if let Some(url) = &d.url {
        let line = format!(" See <{url}>.");
        out.extend(quote! { #[doc = ""] #[doc = #line] });
    }
    out
}

/// `#[deprecated(note = ...)]` when the item is deprecated.
pub fn deprecated(d: &Docs) -> TokenStream {
    match &d.deprecated {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => TokenStream::new(),
    }
}

/// The tokens of a type. Named types are reached through the service's `types` module.
pub fn ty(t: &Ty) -> TokenStream {
    ty_in(t, false)
}

/// Like [`ty`], with the prelude's `String` and `Vec` written bare: for group modules,
/// whose own item names can't shadow the prelude (validation makes sure).
pub fn sty(t: &Ty) -> TokenStream {
    ty_in(t, true)
}

fn ty_in(t: &Ty, short: bool) -> TokenStream {
    match t {
        Ty::String if short => quote!(String),
        Ty::List(inner) if short => {
            let inner = ty_in(inner, true);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) if short => {
            let inner = ty_in(inner, true);
            quote!(__rt::BTreeMap<String, #inner>)
        }
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U32 => quote!(u32),
        Ty::U64 => quote!(u64),
        Ty::F64 => quote!(f64),
        Ty::Seconds => quote!(__rt::UnixSeconds),
        Ty::Millis => quote!(__rt::UnixMillis),
        Ty::Json => quote!(__rt::Value),
        Ty::File => quote!(__rt::UploadFile),
        Ty::List(inner) => {
            let inner = ty(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Named(id) => quote!(super::types::#id),
    }
}

/// `Option<T>`.
pub fn option(t: TokenStream) -> TokenStream {
    quote!(::std::option::Option<#t>)
}

/// A `Debug` impl that shows `secret` fields as `[redacted]`, for structs with secret
/// fields (the others derive `Debug`). `fields` are the struct's fields in order, each
/// with whether it is secret.
pub fn redacting_debug(name: &crate::ir::Name, fields: &[(crate::ir::Name, bool)]) -> TokenStream {
    let label = crate::names::unraw(name);
    let calls = fields.iter().map(|(ident, secret)| {
        let field = crate::names::unraw(ident);
        if *secret {
            quote!(.field(#field, &__rt::Redacted))
        } else {
            quote!(.field(#field, &self.#ident))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#calls)* .finish()
            }
        }
    }
}
