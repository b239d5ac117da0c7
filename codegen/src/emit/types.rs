//! Emitters for declared types: structs, string enums and tagged unions.

use super::common::{docs, option, ty};
use crate::ir::Name;
use crate::ir::{Field, TypeDecl, TypeKind, UnionVariant, Variant};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// The `types.rs` of a service.
pub fn types_file(types: &[TypeDecl]) -> TokenStream {
    let items = types.iter().map(type_decl);
    quote! {
        //! Request and response types of this service.
        #[allow(unused_imports)]
        use crate::__private as __rt;
        #(#items)*
    }
}

fn type_decl(t: &TypeDecl) -> TokenStream {
    let doc = docs(&t.docs, &format!("The `{}` object.", t.ident));
    match &t.kind {
        TypeKind::Struct(fields) => struct_decl(&t.ident, doc, fields),
        TypeKind::Enum(variants) => enum_decl(&t.ident, doc, variants),
        TypeKind::Union { tag, variants } => union_decl(&t.ident, doc, tag, variants),
    }
}

fn struct_decl(name: &Name, doc: TokenStream, fields: &[Field]) -> TokenStream {
    // Structs with secret fields get a redacting `Debug` instead of the derived one.
    let (derive_debug, debug_impl) = if fields.iter().any(|f| f.secret) {
        let shown: Vec<_> = fields.iter().map(|f| (f.ident.clone(), f.secret)).collect();
        (None, Some(super::common::redacting_debug(name, &shown)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    // `Deserialize` comes from the runtime's `de_struct!` rather than serde_derive: one
    // map visitor per struct, much less for every downstream build to compile.
    let de_fields = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let kind = if f.optional { quote!(opt) } else { quote!(req) };
        let mut t = ty(&f.ty);
        if f.boxed {
            t = quote!(::std::boxed::Box<#t>);
        }
        quote!(#kind #wire #ident: #t)
    });
    let fields = fields.iter().map(struct_field);
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, Default, ::serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }
        #debug_impl
        __rt::de_struct!(#name { #(#de_fields),* });
        __rt::lenient_impl!(struct #name);
    }
}

fn struct_field(f: &Field) -> TokenStream {
    let ident = &f.ident;
    let doc = docs(&f.docs, &format!("`{}`", f.wire));
    let rename = (names::unraw(ident) != f.wire).then(|| {
        let wire = &f.wire;
        quote!(#[serde(rename = #wire)])
    });
    let mut t = ty(&f.ty);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.optional {
        // Optional fields decode leniently (`opt` in `de_struct!`): a value that doesn't
        // fit is `None` (see `api-spec/README.md`, "Decoding"). They serialize as
        // `Option` does, left out when `None`.
        t = option(t);
        quote! {
            #doc #rename
            #[serde(skip_serializing_if = "__rt::none")]
            pub #ident: #t
        }
    } else {
        quote! { #doc #rename pub #ident: #t }
    }
}

fn enum_decl(name: &Name, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let idents: Vec<&Name> = variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = wires.iter().map(|w| {
        if w.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{w}`")
        }
    });
    let first_default = (0..variants.len()).map(|i| (i == 0).then(|| quote!(#[default])));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[non_exhaustive]
        pub enum #name {
            #( #first_default #[doc = #docs] #idents, )*
            /// A value this version of the client does not know, kept as sent.
            Unknown(::std::string::String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#idents, )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        __rt::wire_enum!(#name);
    }
}

fn union_decl(name: &Name, doc: TokenStream, tag: &str, variants: &[UnionVariant]) -> TokenStream {
    let idents: Vec<&Name> = variants.iter().map(|v| &v.ident).collect();
    let tys = variants.iter().map(|v| &v.ty);
    let tys2 = variants.iter().map(|v| &v.ty);
    let values: Vec<&str> = variants.iter().map(|v| v.tag_value.as_str()).collect();
    let docs = values.iter().map(|v| format!(" `{tag}` is `{v}`."));
    let from_json_doc = super::common::doc_lines(&format!(
        "Decodes a parsed JSON value; never fails. A `{tag}` value this version does not\n\
         know, and a known one whose body does not decode into its variant (a required\n\
         field missing or of the wrong type), give `Unknown` with the JSON."
    ));
    let decode_error_doc = super::common::doc_lines(&format!(
        "Why this value is `Unknown` although its `{tag}` is a known one: the error of\n\
         decoding it into that variant, with the JSON path inside it. `None` for a\n\
         decoded variant and for an `Unknown` whose `{tag}` this version does not know."
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // variants are whole objects; Unknown is small
        pub enum #name {
            #( #[doc = #docs] #idents(super::types::#tys), )*
            /// A kind this version of the client does not know, or a known one whose body
            /// did not decode (`decode_error` says why); the whole JSON value is kept.
            Unknown(__rt::Value),
        }
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(__rt::Value::Null)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#idents(value) => ::serde::Serialize::serialize(value, serializer), )*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <__rt::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from_json(value))
            }
        }
        impl #name {
            #from_json_doc
            pub fn from_json(value: __rt::Value) -> Self {
                match __rt::union_tag(&value, #tag) {
                    #( ::std::option::Option::Some(#values) => __rt::union_variant(value, Self::#idents, Self::Unknown), )*
                    _ => Self::Unknown(value),
                }
            }

            #decode_error_doc
            pub fn decode_error(&self) -> ::std::option::Option<::std::string::String> {
                let Self::Unknown(value) = self else { return ::std::option::Option::None };
                match __rt::union_tag(value, #tag) {
                    #( ::std::option::Option::Some(#values) => __rt::union_error::<super::types::#tys2>(value), )*
                    _ => ::std::option::Option::None,
                }
            }
        }
        __rt::lenient_impl!(union #name);
    }
}
