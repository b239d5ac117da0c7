//! Lenient decoding of optional response fields (`T?` in `api-spec/`).
//!
//! A value the caller may not even need must not lose the rest of a response: an
//! optional field whose value has the wrong JSON type (`"metadata": "{}"` where an
//! object is declared, a string where a number is, an object where a string is), or
//! does not fit the Rust type (a negative number in a `u32`), decodes to `None`. Lists
//! and maps keep their good items and leave out the bad ones; a named struct that does
//! not decode (a required field of its own missing or wrong) is `None`; unions never
//! fail (an undecodable variant is kept as `Unknown`). `api-spec/README.md`, "Decoding",
//! states the policy.
//!
//! Scalars, lists and maps are decoded in one streaming pass, as fast as strict
//! decoding: the visitor accepts every JSON type and skips what it can't use. A named
//! struct is buffered as a `serde_json::Value` first, since a deserializer can't rewind
//! after a failure halfway through an object.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde::Deserialize;
use serde_json::Value;

use crate::types::{UnixMillis, UnixSeconds};

/// A type an optional field can be decoded into leniently: a value that doesn't fit
/// gives `Ok(None)`; only a malformed document (bad JSON syntax) is an error.
pub trait Lenient: Sized {
    /// Decodes one value; `null`, and anything that does not fit, is `None`.
    fn decode_lenient<'de, D: Deserializer<'de>>(deserializer: D)
        -> Result<Option<Self>, D::Error>;
}

/// Decodes an optional field leniently (`#[serde(deserialize_with = "lenient")]`).
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::decode_lenient(deserializer)
}

/// The conversions of a scalar from each JSON type; the default refuses (`None`).
pub trait FromJsonScalar: Sized {
    /// From `true` or `false`.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// From a negative integer.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// From a non-negative integer.
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    /// From a number with a fraction or exponent.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// From a string.
    fn from_text(_: &str) -> Option<Self> {
        None
    }
    /// From an owned string (saves a copy for `String`).
    fn from_owned_text(value: String) -> Option<Self> {
        Self::from_text(&value)
    }
}

/// Decodes a scalar leniently in one pass: every JSON type is accepted, arrays and
/// objects are skipped.
pub fn lenient_scalar<'de, D: Deserializer<'de>, T: FromJsonScalar>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(PhantomData))
}

struct ScalarVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: FromJsonScalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::from_bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(T::from_i64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::from_u64(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).ok().and_then(T::from_i64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(u64::try_from(v).ok().and_then(T::from_u64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::from_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::from_text(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(T::from_owned_text(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

impl FromJsonScalar for String {
    fn from_text(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
    fn from_owned_text(value: String) -> Option<Self> {
        Some(value)
    }
}

impl FromJsonScalar for bool {
    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl FromJsonScalar for f64 {
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
}

macro_rules! integer_scalar {
    ($($ty:ty),*) => {$(
        impl FromJsonScalar for $ty {
            fn from_i64(value: i64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            fn from_u64(value: u64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
        }
    )*};
}

integer_scalar!(i32, i64, u32, u64);

impl FromJsonScalar for UnixSeconds {
    fn from_i64(value: i64) -> Option<Self> {
        Some(Self(value))
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok().map(Self)
    }
}

impl FromJsonScalar for UnixMillis {
    fn from_i64(value: i64) -> Option<Self> {
        Some(Self(value))
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok().map(Self)
    }
}

macro_rules! lenient_scalars {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            fn decode_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                lenient_scalar(d)
            }
        }
    )*};
}

lenient_scalars!(
    String,
    bool,
    f64,
    i32,
    i64,
    u32,
    u64,
    UnixSeconds,
    UnixMillis
);

/// `json`: any JSON value fits; only `null` is `None`.
impl Lenient for Value {
    fn decode_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let value = Value::deserialize(d)?;
        Ok((!value.is_null()).then_some(value))
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn decode_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(T::decode_lenient(d)?.map(Box::new))
    }
}

/// The visitor methods of a list or map visitor for the JSON types it refuses: each
/// is `None` (through a visitor of a type that accepts nothing).
macro_rules! forward_refusals {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
}

/// One item decoded leniently, as a seed for `SeqAccess` and `MapAccess`.
struct Item<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Item<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::decode_lenient(d)
    }
}

/// A list: the items that fit, in order; an item that doesn't is left out. A value
/// that is not a list is `None`.
impl<T: Lenient> Lenient for Vec<T> {
    fn decode_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct ListVisitor<T>(PhantomData<fn() -> T>);

        impl<'de, T: Lenient> Visitor<'de> for ListVisitor<T> {
            type Value = Option<Vec<T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(Item::<T>(PhantomData))? {
                    items.extend(item);
                }
                Ok(Some(items))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ScalarVisitor::<Never>(PhantomData)
                    .visit_map(map)
                    .map(|_| None)
            }
            forward_refusals!();
        }

        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// A map: the entries whose value fits; the others are left out. A value that is not
/// an object is `None`.
impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn decode_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct MapVisitor<T>(PhantomData<fn() -> T>);

        impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
            type Value = Option<BTreeMap<String, T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if let Some(value) = map.next_value_seed(Item::<T>(PhantomData))? {
                        entries.insert(key, value);
                    }
                }
                Ok(Some(entries))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                ScalarVisitor::<Never>(PhantomData)
                    .visit_seq(seq)
                    .map(|_| None)
            }
            forward_refusals!();
        }

        d.deserialize_any(MapVisitor(PhantomData))
    }
}

/// A scalar that accepts nothing: its visitor only skips values.
enum Never {}

impl FromJsonScalar for Never {}

/// A named struct: buffered as JSON, then decoded; `None` when that fails (a required
/// field of its own missing or of the wrong type, or not an object at all).
pub fn lenient_buffered<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    if value.is_null() {
        return Ok(None);
    }
    Ok(serde_json::from_value(value).ok())
}

/// Implements [`Lenient`] for a generated struct (buffered) and a generated union
/// (through its `from_json`, which never fails).
#[doc(hidden)]
#[macro_export]
macro_rules! __lenient {
    (struct $name:ident) => {
        impl $crate::__private::Lenient for $name {
            fn decode_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                $crate::__private::lenient_buffered(deserializer)
            }
        }
    };
    (union $name:ident) => {
        impl $crate::__private::Lenient for $name {
            fn decode_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                let value =
                    <$crate::__private::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok((!value.is_null()).then(|| Self::from_json(value)))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Inner {
        id: String,
        #[serde(default, deserialize_with = "lenient")]
        n: Option<i64>,
    }
    crate::__lenient!(struct Inner);

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "lenient")]
        s: Option<String>,
        #[serde(default, deserialize_with = "lenient")]
        n: Option<u32>,
        #[serde(default, deserialize_with = "lenient")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "lenient")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "lenient")]
        ts: Option<UnixMillis>,
        #[serde(default, deserialize_with = "lenient")]
        list: Option<Vec<String>>,
        #[serde(default, deserialize_with = "lenient")]
        map: Option<BTreeMap<String, String>>,
        #[serde(default, deserialize_with = "lenient")]
        inner: Option<Box<Inner>>,
        #[serde(default, deserialize_with = "lenient")]
        inners: Option<Vec<Inner>>,
        #[serde(default, deserialize_with = "lenient")]
        json: Option<Value>,
        after: String,
    }

    fn both(text: &str) -> Holder {
        let from_text: Holder = serde_json::from_str(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value: Holder = serde_json::from_value(value.clone()).unwrap();
        let from_ref = Holder::deserialize(&value).unwrap();
        assert_eq!(from_text, from_value);
        assert_eq!(from_text, from_ref);
        from_text
    }

    #[test]
    fn fitting_values_decode_as_strictly() {
        let h = both(
            r#"{"s": "x", "n": 7, "f": 1, "b": true, "ts": 5, "list": ["a"], "map": {"k": "v"},
                "inner": {"id": "i", "n": 2}, "inners": [{"id": "j"}], "json": {"a": [1]}, "after": "z"}"#,
        );
        assert_eq!(h.s.as_deref(), Some("x"));
        assert_eq!(
            (h.n, h.f, h.b, h.ts),
            (Some(7), Some(1.0), Some(true), Some(UnixMillis(5)))
        );
        assert_eq!(h.list, Some(vec!["a".to_owned()]));
        assert_eq!(h.map.unwrap()["k"], "v");
        assert_eq!(h.inner.unwrap().n, Some(2));
        assert_eq!(h.inners.unwrap()[0].id, "j");
        assert_eq!(h.json, Some(serde_json::json!({"a": [1]})));
        assert_eq!(h.after, "z");
    }

    #[test]
    fn values_that_do_not_fit_are_none_and_the_rest_decodes() {
        let h = both(
            r#"{"s": {"deep": [1, {"x": null}]}, "n": -1, "f": "1.5", "b": "true", "ts": 1.5,
                "list": "{}", "map": "{}", "inner": {"n": 1}, "inners": {}, "json": null, "after": "z"}"#,
        );
        assert_eq!(
            h,
            Holder {
                after: "z".into(),
                ..Holder::default()
            }
        );
        let h =
            both(r#"{"n": 4294967296, "s": 3, "list": 1, "map": [1], "inner": "x", "after": ""}"#);
        assert_eq!(
            (h.n, h.s, h.list, h.map, h.inner),
            (None, None, None, None, None)
        );
    }

    #[test]
    fn lists_and_maps_keep_the_items_that_fit() {
        let h = both(
            r#"{"list": ["a", 1, null, {"x": 1}, "b"], "map": {"a": "1", "b": 2, "c": "3"},
                "inners": [{"id": "a"}, {"n": 1}, 5, {"id": "c", "n": "bad"}], "after": ""}"#,
        );
        assert_eq!(h.list, Some(vec!["a".to_owned(), "b".to_owned()]));
        let map = h.map.unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "c"]);
        let ids: Vec<_> = h.inners.unwrap().into_iter().map(|i| (i.id, i.n)).collect();
        assert_eq!(ids, [("a".to_owned(), None), ("c".to_owned(), None)]);
    }

    #[test]
    fn absent_and_null_are_none_and_bad_json_still_fails() {
        let h = both(r#"{"s": null, "list": null, "inner": null, "after": ""}"#);
        assert_eq!(h, Holder::default());
        assert!(serde_json::from_str::<Holder>(r#"{"s": {"a": }, "after": ""}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"list": [1,, "after": ""}"#).is_err());
        // A required field stays strict.
        assert!(serde_json::from_str::<Holder>(r#"{"s": "x"}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"after": 1}"#).is_err());
    }
}
