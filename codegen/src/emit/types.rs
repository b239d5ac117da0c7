//! Emitters for declared types: structs, string enums and tagged unions.

use super::common::{docs, option, ty};
use crate::ir::{Field, Name, SharedField, Ty, TypeDecl, TypeKind, UnionVariant, Variant};
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
        TypeKind::Union {
            tag,
            variants,
            shared,
        } => union_decl(&t.ident, doc, tag, variants, shared),
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
    // `Serialize` likewise comes from the runtime's `ser_struct!`: one call per field.
    let ser_fields = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let kind = if f.optional { quote!(opt) } else { quote!(req) };
        quote!(#kind #wire #ident)
    });
    let fields = fields.iter().map(struct_field);
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }
        #debug_impl
        __rt::ser_struct!(#name { #(#ser_fields),* });
        __rt::de_struct!(#name { #(#de_fields),* });
        __rt::lenient_impl!(struct #name);
    }
}

fn struct_field(f: &Field) -> TokenStream {
    let ident = &f.ident;
    let doc = docs(&f.docs, &format!("`{}`", f.wire));
    let mut t = ty(&f.ty);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.optional {
        // Optional fields decode leniently (`opt` in `de_struct!`): a value that doesn't
        // fit is `None` (see `api-spec/README.md`, "Decoding"). They serialize as
        // `Option` does, left out when `None` (`opt` in `ser_struct!`).
        t = option(t);
    }
    quote! { #doc pub #ident: #t }
}

fn enum_decl(name: &Name, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let idents: Vec<&Name> = variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = variants.iter().map(|v| {
        let wire = if v.wire.is_empty() {
            "The empty string.".to_owned()
        } else {
            format!("`{}`", v.wire)
        };
        match &v.doc {
            Some(d) => super::common::doc_lines(&format!("{wire}: {}", d.trim())),
            None => super::common::doc_lines(&wire),
        }
    });
    let first_default = (0..variants.len()).map(|i| (i == 0).then(|| quote!(#[default])));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[non_exhaustive]
        pub enum #name {
            #( #first_default #docs #idents, )*
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

fn union_decl(
    name: &Name,
    doc: TokenStream,
    tag: &str,
    variants: &[UnionVariant],
    shared: &[SharedField],
) -> TokenStream {
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
    let tag_doc = super::common::doc_lines(&format!(
        "The `{tag}` of this value: the variant's tag value, or for `Unknown` the JSON's\n\
         `{tag}` when it is a string."
    ));
    let accessors = shared.iter().map(|f| shared_accessor(f, &idents));
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
                    #( Self::#idents(value) => __rt::serialize_tagged(value, #tag, #values, serializer), )*
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
            #[inline]
            pub fn from_json(value: __rt::Value) -> Self {
                match __rt::union_tag(&value, #tag) {
                    #( ::std::option::Option::Some(#values) => __rt::union_variant(value, Self::#idents, Self::Unknown), )*
                    _ => Self::Unknown(value),
                }
            }

            #decode_error_doc
            #[inline]
            pub fn decode_error(&self) -> ::std::option::Option<::std::string::String> {
                let Self::Unknown(value) = self else { return ::std::option::Option::None };
                match __rt::union_tag(value, #tag) {
                    #( ::std::option::Option::Some(#values) => __rt::union_error::<super::types::#tys2>(value), )*
                    _ => ::std::option::Option::None,
                }
            }

            #tag_doc
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    #( Self::#idents(_) => ::std::option::Option::Some(#values), )*
                    Self::Unknown(value) => __rt::union_tag(value, #tag),
                }
            }

            #(#accessors)*
        }
        __rt::lenient_impl!(union #name);
    }
}

/// The accessor of a field several variants of a union have. It returns an `Option`,
/// as `Unknown`, a variant without the field and one whose field is optional may not
/// have it: a `Copy` scalar
/// by value, a string as `&str`, a list as a slice, anything else by reference. For
/// scalars and strings, `Unknown` answers from its JSON when the field is there and of
/// the right type.
fn shared_accessor(f: &SharedField, variants: &[&Name]) -> TokenStream {
    let ident = &f.ident;
    let wire = &f.wire;
    let copy = matches!(
        f.ty,
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64 | Ty::Seconds | Ty::Millis
    );
    let t = ty(&f.ty);
    let (ret, unknown_arm) = match &f.ty {
        _ if copy => (
            quote!(#t),
            quote!(Self::Unknown(value) => value.get(#wire).and_then(|v| <#t as ::serde::Deserialize>::deserialize(v).ok()),),
        ),
        Ty::String => (
            quote!(&str),
            quote!(Self::Unknown(value) => value.get(#wire).and_then(__rt::Value::as_str),),
        ),
        Ty::List(inner) => {
            let inner = ty(inner);
            (
                quote!(&[#inner]),
                quote!(Self::Unknown(_) => ::std::option::Option::None,),
            )
        }
        _ => (
            quote!(&#t),
            quote!(Self::Unknown(_) => ::std::option::Option::None,),
        ),
    };
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let Some((optional, boxed)) = f.present[i] else {
            return quote!(Self::#v(_) => ::std::option::Option::None,);
        };
        let get = match (&f.ty, optional) {
            _ if copy && optional => quote!(x.#ident),
            _ if copy => quote!(::std::option::Option::Some(x.#ident)),
            (Ty::String | Ty::List(_), true) => quote!(x.#ident.as_deref()),
            (Ty::String | Ty::List(_), false) => quote!(::std::option::Option::Some(&x.#ident[..])),
            (_, true) if boxed => quote!(x.#ident.as_deref()),
            (_, true) => quote!(x.#ident.as_ref()),
            (_, false) if boxed => quote!(::std::option::Option::Some(&*x.#ident)),
            (_, false) => quote!(::std::option::Option::Some(&x.#ident)),
        };
        quote!(Self::#v(x) => #get,)
    });
    let about = f
        .docs
        .text
        .as_deref()
        .map(|d| format!("{}\n\n", d.trim()))
        .unwrap_or_default();
    let unknown = if copy || f.ty == Ty::String {
        "for `Unknown`, the JSON's value when it is there and of this type"
    } else {
        "`None` for `Unknown`"
    };
    let which = if f.present.iter().all(Option::is_some) {
        "every variant has it".to_owned()
    } else {
        let have: Vec<String> = variants
            .iter()
            .zip(&f.present)
            .filter(|(_, p)| p.is_some())
            .map(|(v, _)| format!("`{}`", crate::names::unraw(v)))
            .collect();
        format!("only {} have it", have.join(", "))
    };
    let doc = super::common::doc_lines(&format!(
        "{about}`{wire}` of whichever variant this is ({which}): `None` when the\n\
         variant doesn't have it or leaves it out; {unknown}."
    ));
    quote! {
        #doc
        pub fn #ident(&self) -> ::std::option::Option<#ret> {
            match self {
                #(#arms)*
                #unknown_arm
            }
        }
    }
}
