//! Text forms of parameter values: percent-encoding for path segments and query
//! strings, and the plain form used for headers.
//!
//! Everything except the unreserved characters of RFC 3986 (`A-Z a-z 0-9 - . _ ~`) is
//! percent-encoded, so a value can never add a path segment, start a query or a
//! fragment, or smuggle another query parameter.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::types::{UnixMillis, UnixSeconds};

/// Every byte except RFC 3986 unreserved characters is encoded.
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `text` to `out`, percent-encoding everything but unreserved characters.
pub(crate) fn encode_into(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, STRICT));
}

/// A string enum generated from `api-spec/`: its value on the wire.
pub trait WireEnum {
    /// The exact string Sendbird sends and expects for this value.
    fn as_wire_str(&self) -> &str;
}

/// A value that can be sent as a query parameter or header.
pub trait QueryValue {
    /// Appends the plain text form (used as-is for headers).
    fn write_plain(&self, out: &mut String);

    /// Appends the percent-encoded form used in query strings.
    fn write_encoded(&self, out: &mut String) {
        let mut plain = String::new();
        self.write_plain(&mut plain);
        encode_into(out, &plain);
    }

    /// For a list: whether an item's text holds the `,` that separates the items (the
    /// server would split it in two, even percent-encoded). Scalars: `false`.
    fn has_item_with_separator(&self) -> bool {
        false
    }
}

impl QueryValue for str {
    fn write_plain(&self, out: &mut String) {
        out.push_str(self);
    }
    fn write_encoded(&self, out: &mut String) {
        encode_into(out, self);
    }
}

impl QueryValue for String {
    fn write_plain(&self, out: &mut String) {
        self.as_str().write_plain(out);
    }
    fn write_encoded(&self, out: &mut String) {
        self.as_str().write_encoded(out);
    }
}

impl QueryValue for bool {
    fn write_plain(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// Numbers and timestamps only contain unreserved characters (digits, `-`, `.`), so
/// their plain form is already encoded.
macro_rules! display_query_value {
    ($($ty:ty),* $(,)?) => {$(
        impl QueryValue for $ty {
            fn write_plain(&self, out: &mut String) {
                use std::fmt::Write as _;
                // Writing to a String cannot fail.
                let _ = write!(out, "{}", self);
            }
            fn write_encoded(&self, out: &mut String) {
                self.write_plain(out);
            }
        }
    )*};
}

display_query_value!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! float_query_value {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn write_plain(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{}", self);
            }
        }
    )*};
}

float_query_value!(f32, f64);

impl QueryValue for UnixSeconds {
    fn write_plain(&self, out: &mut String) {
        self.0.write_plain(out);
    }
}

impl QueryValue for UnixMillis {
    fn write_plain(&self, out: &mut String) {
        self.0.write_plain(out);
    }
}

fn contains_separator<T: QueryValue>(item: &T) -> bool {
    let mut plain = String::new();
    item.write_plain(&mut plain);
    plain.contains(',')
}

/// Lists are comma-joined: each item is encoded, the commas stay literal. An item that
/// itself holds a comma is refused by the request (see
/// [`QueryValue::has_item_with_separator`]).
impl<T: QueryValue> QueryValue for [T] {
    fn has_item_with_separator(&self) -> bool {
        self.iter().any(contains_separator)
    }
    fn write_plain(&self, out: &mut String) {
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_plain(out);
        }
    }
    fn write_encoded(&self, out: &mut String) {
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_encoded(out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn has_item_with_separator(&self) -> bool {
        self.as_slice().has_item_with_separator()
    }
    fn write_plain(&self, out: &mut String) {
        self.as_slice().write_plain(out);
    }
    fn write_encoded(&self, out: &mut String) {
        self.as_slice().write_encoded(out);
    }
}

impl<T: WireEnum> QueryValue for T {
    fn write_plain(&self, out: &mut String) {
        out.push_str(self.as_wire_str());
    }
    fn write_encoded(&self, out: &mut String) {
        encode_into(out, self.as_wire_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded<T: QueryValue + ?Sized>(value: &T) -> String {
        let mut out = String::new();
        value.write_encoded(&mut out);
        out
    }

    struct Color;
    impl WireEnum for Color {
        fn as_wire_str(&self) -> &str {
            "dark blue"
        }
    }

    #[test]
    fn strict_set_keeps_only_unreserved_characters() {
        assert_eq!(encoded("aZ09-._~"), "aZ09-._~");
        assert_eq!(encoded("a/../b?x#"), "a%2F..%2Fb%3Fx%23");
        assert_eq!(encoded("100% sure+"), "100%25%20sure%2B");
        assert_eq!(encoded("user_id@email.com"), "user_id%40email.com");
        assert_eq!(encoded("😀"), "%F0%9F%98%80");
        assert_eq!(encoded("a&b=c,d"), "a%26b%3Dc%2Cd");
    }

    #[test]
    fn lists_encode_items_and_keep_commas() {
        let ids = vec!["a,b".to_owned(), "c d".to_owned()];
        assert_eq!(encoded(&ids), "a%2Cb,c%20d");
        assert_eq!(encoded(&[1_u32, 2, 3][..]), "1,2,3");
        let mut plain = String::new();
        ids.write_plain(&mut plain);
        assert_eq!(plain, "a,b,c d");
        assert!(ids.has_item_with_separator());
        assert!(!vec!["a".to_owned(), "b c".to_owned()].has_item_with_separator());
        assert!(!"a,b".has_item_with_separator());
    }

    #[test]
    fn scalars_have_their_wire_text() {
        assert_eq!(encoded(&true), "true");
        assert_eq!(encoded(&-42_i64), "-42");
        assert_eq!(encoded(&1.5_f64), "1.5");
        assert_eq!(encoded(&UnixMillis(1_700_000_000_123)), "1700000000123");
        assert_eq!(encoded(&Color), "dark%20blue");
        assert_eq!(encoded(&vec![Color, Color]), "dark%20blue,dark%20blue");
    }
}
