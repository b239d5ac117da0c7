//! `Serialize` for the generated structs, written once here as a macro instead of
//! derived per struct.
//!
//! `#[derive(Serialize)]` writes, for every field, a length term and an
//! `if skip { skip_field } else { serialize_field }` block, all of which every
//! downstream build type-checks and borrow-checks again. [`__ser_struct!`] writes one
//! call per field to the shared [`ser_req`] and [`ser_opt`]. The output is the
//! derive's: fields in declaration order under their wire names, an optional field left
//! out when `None` (and serialized as the `Option` when present), the exact field count
//! passed to `serialize_struct`.

use serde::ser::{Serialize, SerializeStruct};

/// Serializes a field that is always written.
pub fn ser_req<S: SerializeStruct, T: Serialize + ?Sized>(
    state: &mut S,
    wire: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    state.serialize_field(wire, value)
}

/// Serializes an optional field: left out (`skip_field`) when `None`.
pub fn ser_opt<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    wire: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    if value.is_none() {
        state.skip_field(wire)
    } else {
        state.serialize_field(wire, value)
    }
}

/// How many fields an optional field adds: 1 when present.
pub fn ser_count<T>(value: &Option<T>) -> usize {
    usize::from(value.is_some())
}

/// `Serialize` for a generated struct: `__rt::ser_struct!(Name { req "wire" field, opt
/// "wire" field, ... })`, where an `opt` field is an `Option` left out when `None`.
#[doc(hidden)]
#[macro_export]
macro_rules! __ser_struct {
    ($name:ident { $($kind:ident $wire:literal $field:ident),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut state = ::serde::Serializer::serialize_struct(
                    serializer,
                    ::std::stringify!($name),
                    0 $(+ $crate::__ser_count!($kind self.$field))*,
                )?;
                $($crate::__ser_field!($kind state $wire self.$field);)*
                ::serde::ser::SerializeStruct::end(state)
            }
        }
    };
}

/// A field's share of the field count.
#[doc(hidden)]
#[macro_export]
macro_rules! __ser_count {
    (req $value:expr) => {
        1
    };
    (opt $value:expr) => {
        $crate::__private::ser_count(&$value)
    };
}

/// Serializes one field.
#[doc(hidden)]
#[macro_export]
macro_rules! __ser_field {
    (req $state:ident $wire:literal $value:expr) => {
        $crate::__private::ser_req(&mut $state, $wire, &$value)?
    };
    (opt $state:ident $wire:literal $value:expr) => {
        $crate::__private::ser_opt(&mut $state, $wire, &$value)?
    };
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Derived {
        id: String,
        #[serde(rename = "type")]
        kind: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Derived>>,
    }

    struct Sample {
        id: String,
        kind: i64,
        count: Option<u32>,
        inner: Option<Box<Sample>>,
    }
    crate::__ser_struct!(Sample {
        req "id" id,
        req "type" kind,
        opt "count" count,
        opt "inner" inner,
    });

    struct Empty {}
    crate::__ser_struct!(Empty {});

    #[test]
    fn writes_what_the_derive_writes() {
        let ours = Sample {
            id: "a".into(),
            kind: 3,
            count: None,
            inner: Some(Box::new(Sample {
                id: "b".into(),
                kind: -1,
                count: Some(4),
                inner: None,
            })),
        };
        let derived = Derived {
            id: "a".into(),
            kind: 3,
            count: None,
            inner: Some(Box::new(Derived {
                id: "b".into(),
                kind: -1,
                count: Some(4),
                inner: None,
            })),
        };
        let text = serde_json::to_string(&ours).unwrap();
        assert_eq!(text, serde_json::to_string(&derived).unwrap());
        assert_eq!(
            text,
            r#"{"id":"a","type":3,"inner":{"id":"b","type":-1,"count":4}}"#
        );
        assert_eq!(
            serde_json::to_value(&ours).unwrap(),
            serde_json::to_value(&derived).unwrap()
        );
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
    }
}
