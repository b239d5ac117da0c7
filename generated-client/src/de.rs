//! `Deserialize` for the generated structs, written once here as a macro instead of
//! derived per struct.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field enum with its own
//! visitor, a sequence visitor nobody uses (JSON objects are maps) and a wrapper type
//! with its own impl for every field that has a `deserialize_with`; every downstream
//! build type-checks and borrow-checks all of it. [`__de_struct!`] writes one map
//! visitor per struct; field names are looked up by the shared [`FieldSeed`] and
//! optional fields go through the shared [`LenientSeed`]. The behaviour is serde's:
//! unknown fields are skipped, a repeated field is `duplicate field`, a missing
//! required one `missing field`, and the errors say `struct Name`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::lenient::Lenient;

/// Finds a map key among a struct's wire names: `Some(name)` (the static name, to
/// match on) or `None` for a field the struct does not have. Never allocates.
pub struct FieldSeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|name| *name == v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|name| name.as_bytes() == v))
    }
}

/// Decodes an optional field leniently, as a seed (see the `lenient` module).
pub struct LenientSeed<T>(PhantomData<fn() -> T>);

impl<T> LenientSeed<T> {
    /// The seed (no `Default`: it would need `T: Default`).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        LenientSeed(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::decode_lenient(d)
    }
}

/// Decodes a required field's value into its slot; a second value for it is
/// `duplicate field`.
pub fn de_req<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Decodes an optional field's value leniently into its slot; a second value for it is
/// `duplicate field`.
pub fn de_opt<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value_seed(LenientSeed::<T>::new())?);
    Ok(())
}

/// Skips the value of a field the struct does not have.
pub fn de_skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// A required field's value, or `missing field`.
pub fn de_present<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// `Deserialize` for a generated struct: `__rt::de_struct!(Name { req "wire" field:
/// Type, opt "wire" field: Type, ... })`, where an `opt` field is `Option<Type>` in
/// the struct and decoded leniently, and a `req` field is strict and required.
#[doc(hidden)]
#[macro_export]
macro_rules! __de_struct {
    ($name:ident { $($kind:ident $wire:literal $field:ident : $ty:ty),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                const __FIELDS: &[&str] = &[$($wire),*];
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field: ::std::option::Option<$crate::__de_slot!($kind $ty)> =
                            ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) =
                            map.next_key_seed($crate::__private::FieldSeed(__FIELDS))?
                        {
                            match key {
                                $(::std::option::Option::Some($wire) =>
                                    $crate::__de_value!($kind map $field $wire),)*
                                _ => $crate::__private::de_skip(&mut map),
                            }?;
                        }
                        ::std::result::Result::Ok($name {
                            $($field: $crate::__de_finish!($kind $field $wire A),)*
                        })
                    }
                }
                deserializer.deserialize_struct(::std::stringify!($name), __FIELDS, __Visitor)
            }
        }
    };
}

/// The type a field is decoded into before the struct is built.
#[doc(hidden)]
#[macro_export]
macro_rules! __de_slot {
    (req $ty:ty) => { $ty };
    (opt $ty:ty) => { ::std::option::Option<$ty> };
}

/// Decodes one field's value from the map into its slot.
#[doc(hidden)]
#[macro_export]
macro_rules! __de_value {
    (req $map:ident $field:ident $wire:literal) => {
        $crate::__private::de_req(&mut $map, &mut $field, $wire)
    };
    (opt $map:ident $field:ident $wire:literal) => {
        $crate::__private::de_opt(&mut $map, &mut $field, $wire)
    };
}

/// A field's final value: a missing required field is an error, a missing optional
/// one `None`.
#[doc(hidden)]
#[macro_export]
macro_rules! __de_finish {
    (req $field:ident $wire:literal $a:ident) => {
        $crate::__private::de_present::<_, $a::Error>($field, $wire)?
    };
    (opt $field:ident $wire:literal $a:ident) => {
        $field.unwrap_or(::std::option::Option::None)
    };
}

#[cfg(test)]
mod tests {
    use crate::__private as __rt;
    use serde::Deserialize;

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        r#type: i64,
        count: Option<u32>,
        inner: Option<Box<Inner>>,
    }
    crate::__de_struct!(Sample {
        req "id" id: String,
        req "type" r#type: i64,
        opt "count" count: u32,
        opt "inner" inner: Box<Inner>,
    });

    #[derive(Debug, PartialEq)]
    struct Inner {
        name: String,
    }
    crate::__de_struct!(Inner { req "name" name: String });
    __rt::lenient_impl!(struct Inner);

    #[test]
    fn decodes_like_the_derive() {
        let s: Sample = serde_json::from_str(
            r#"{"id": "a", "extra": [1, {"x": 2}], "type": 3, "count": 4, "inner": {"name": "n"}}"#,
        )
        .unwrap();
        assert_eq!(
            s,
            Sample {
                id: "a".into(),
                r#type: 3,
                count: Some(4),
                inner: Some(Box::new(Inner { name: "n".into() })),
            }
        );
        // Through a `Value` too, and lenient optional fields.
        let v = serde_json::json!({"id": "b", "type": -1, "count": "x", "inner": {"nom": 1}});
        let s = Sample::deserialize(&v).unwrap();
        assert_eq!((s.count, s.inner), (None, None));
        let s: Sample = serde_json::from_value(v).unwrap();
        assert_eq!(s.id, "b");
    }

    #[test]
    fn errors_are_serde_s() {
        let err = |text: &str| {
            serde_json::from_str::<Sample>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(err(r#"{"type": 1}"#).starts_with("missing field `id`"));
        assert!(err(r#"{"id": "a", "id": "b", "type": 1}"#).starts_with("duplicate field `id`"));
        assert!(err(r#"{"id": 1, "type": 1}"#)
            .starts_with("invalid type: integer `1`, expected a string"));
        assert!(
            err(r#"[1]"#).contains("expected struct Sample"),
            "{}",
            err("[1]")
        );
        assert!(err(r#"{"id": "a", "type": 1, "count": {"#).contains("EOF"));
        // The path of a nested error, as the client reports it.
        let mut de = serde_json::Deserializer::from_str(r#"{"id": "a", "type": "x"}"#);
        let e = serde_path_to_error::deserialize::<_, Sample>(&mut de).unwrap_err();
        assert_eq!(e.path().to_string(), "type");
    }
}
