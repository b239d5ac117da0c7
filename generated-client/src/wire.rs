//! Helpers called by generated code: input checks, string enums and tagged unions
//! (lenient optional fields are in `lenient.rs`).
//!
//! Keeping them here (rather than emitting their bodies) keeps generated code short
//! and lets the logic be tested as ordinary Rust.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

use crate::error::Error;
use crate::operation::Operation;

/// Returns the value of a required field, or an `InvalidRequest` naming it.
pub fn require<'a, T: ?Sized>(
    value: Option<&'a T>,
    field: &'static str,
    operation: &'static Operation,
) -> Result<&'a T, Error> {
    value.ok_or_else(|| Error::invalid(operation.name, format!("missing required field `{field}`")))
}

/// A number whose range can be checked: every integer type and the floats.
pub trait RangeValue {
    /// The value as a float, for comparing with the bounds.
    fn as_f64(&self) -> f64;
}

macro_rules! range_value {
    ($($ty:ty),*) => {$(
        impl RangeValue for $ty {
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}

range_value!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

/// Checks `min <= value <= max` for the bounds that are set; `None` values pass.
pub fn check_range<T: RangeValue + ?Sized>(
    value: Option<&T>,
    field: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    operation: &'static Operation,
) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    let number = value.as_f64();
    // NaN is out of every range.
    let too_low = min.is_some_and(|min| number.is_nan() || number < min);
    let too_high = max.is_some_and(|max| number.is_nan() || number > max);
    if !too_low && !too_high {
        return Ok(());
    }
    let bounds = match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => return Ok(()),
    };
    Err(Error::invalid(
        operation.name,
        format!("field `{field}` must be {bounds}, got {number}"),
    ))
}

/// Implements `Display`, [`WireEnum`], `Serialize`, `Deserialize` and lenient decoding
/// (a value that is not a string is `None` in an optional field) for a generated string
/// enum, through its `as_str` and `From<&str>` (which the generator writes).
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::__private::WireEnum for $name {
            fn as_wire_str(&self) -> &str {
                self.as_str()
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_enum(deserializer)
            }
        }
        impl $crate::__private::FromJsonScalar for $name {
            fn from_text(value: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::from(value))
            }
        }
        impl $crate::__private::Lenient for $name {
            fn decode_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                $crate::__private::lenient_scalar(deserializer)
            }
        }
    };
}
/// Deserializes a string enum through its `From<&str>` conversion (which maps unknown
/// values to the enum's fallback variant). Borrowed strings are not copied.
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct EnumVisitor<T>(PhantomData<fn() -> T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// The string value of a tagged union's tag field, such as `type` on a message.
pub fn union_tag<'a>(value: &'a Value, tag: &str) -> Option<&'a str> {
    value.get(tag)?.as_str()
}

/// Decodes the variant a known tag names, from the already-parsed JSON value; when
/// the body does not fit the variant's type (a required field missing or of the wrong
/// type), the union's `Unknown` variant keeps the JSON instead, so one odd message
/// never loses a whole page. The union's `decode_error` says why (see [`union_error`]).
pub fn union_variant<T: DeserializeOwned, U>(
    value: Value,
    known: fn(T) -> U,
    unknown: fn(Value) -> U,
) -> U {
    // Decoded from a reference so the JSON is still there when it does not fit.
    match T::deserialize(&value) {
        Ok(variant) => known(variant),
        Err(error) => {
            tracing::debug!(
                variant = std::any::type_name::<T>(),
                %error,
                "a union variant did not decode; kept as Unknown"
            );
            unknown(value)
        }
    }
}

/// Serializes a union's variant `value` (a struct) with the union's tag field added:
/// the variant structs don't hold their tag, the union writes it.
pub fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    let Value::Object(fields) = &mut json else {
        return Err(S::Error::custom(format!(
            "a union variant must serialize as a JSON object to carry its `{tag}`"
        )));
    };
    fields.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
    serde::Serialize::serialize(&json, serializer)
}

/// Why `value` does not decode as the variant `T`, with the JSON path inside it
/// (`message_id: invalid type: ...`); `None` when it does.
pub fn union_error<T: DeserializeOwned>(value: &Value) -> Option<String> {
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let path = error.path().to_string();
    Some(if path == "." {
        error.into_inner().to_string()
    } else {
        format!("{path}: {}", error.into_inner())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{AuthKind, AuthScheme, Method, Service};

    static SERVICE: Service = Service {
        name: "chat",
        base_url: "https://api-{app_id}.sendbird.com/v3",
    };
    static AUTH: AuthScheme = AuthScheme {
        name: "api_token",
        kind: AuthKind::Header("Api-Token"),
        credential: "api_token",
    };
    static OP: Operation = Operation {
        service: &SERVICE,
        name: "chat.users.list_users",
        method: Method::Get,
        path: "/users",
        auth: &AUTH,
        rate_limit: None,
        retry_safe: true,
    };

    #[derive(Debug, PartialEq)]
    enum Kind {
        Group,
        Unknown(String),
    }

    impl From<&str> for Kind {
        fn from(value: &str) -> Self {
            match value {
                "group" => Kind::Group,
                other => Kind::Unknown(other.to_owned()),
            }
        }
    }

    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "deserialize_enum")]
        kind: Kind,
    }

    #[test]
    fn enums_decode_known_unknown_and_escaped_strings() {
        let known: Holder = serde_json::from_str(r#"{"kind":"group"}"#).unwrap();
        assert_eq!(known.kind, Kind::Group);
        let unknown: Holder = serde_json::from_str(r#"{"kind":"new\u0041"}"#).unwrap();
        assert_eq!(unknown.kind, Kind::Unknown("newA".into()));
        let from_value: Holder = serde_json::from_value(serde_json::json!({"kind": "x"})).unwrap();
        assert_eq!(from_value.kind, Kind::Unknown("x".into()));
        assert!(serde_json::from_str::<Holder>(r#"{"kind":3}"#).is_err());
    }

    #[test]
    fn required_fields_and_ranges_name_the_field_and_operation() {
        let missing = require::<str>(None, "user_id", &OP).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "invalid request for chat.users.list_users: missing required field `user_id`"
        );
        assert_eq!(require(Some("u1"), "user_id", &OP).unwrap(), "u1");
        assert!(check_range(Some(&50_i64), "limit", Some(1.0), Some(100.0), &OP).is_ok());
        assert!(check_range::<i64>(None, "limit", Some(1.0), Some(100.0), &OP).is_ok());
        let err = check_range(Some(&0_u32), "limit", Some(1.0), Some(100.0), &OP).unwrap_err();
        assert!(err
            .to_string()
            .contains("`limit` must be between 1 and 100, got 0"));
        assert!(check_range(Some(&f64::NAN), "ratio", None, Some(1.0), &OP).is_err());
    }

    #[test]
    fn unions_read_the_tag_and_decode_a_variant_or_keep_the_json() {
        #[derive(Debug, PartialEq)]
        enum U {
            Known(std::collections::BTreeMap<String, i64>),
            Unknown(Value),
        }
        let value = serde_json::json!({"type": 1, "message_id": 7});
        assert_eq!(union_tag(&value, "type"), None);
        assert_eq!(
            union_tag(&serde_json::json!({"type": "MESG"}), "type"),
            Some("MESG")
        );
        assert_eq!(union_tag(&serde_json::json!("MESG"), "type"), None);
        let good = serde_json::json!({"message_id": 7});
        match union_variant(good.clone(), U::Known, U::Unknown) {
            U::Known(map) => assert_eq!(map["message_id"], 7),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            union_error::<std::collections::BTreeMap<String, i64>>(&good),
            None
        );
        let bad = serde_json::json!({"message_id": "x"});
        assert_eq!(
            union_variant(bad.clone(), U::Known, U::Unknown),
            U::Unknown(bad.clone())
        );
        let why = union_error::<std::collections::BTreeMap<String, i64>>(&bad).unwrap();
        assert!(why.starts_with("message_id: invalid type"), "{why}");
        assert!(union_error::<u8>(&serde_json::json!("x"))
            .unwrap()
            .starts_with("invalid type"));
    }
}
