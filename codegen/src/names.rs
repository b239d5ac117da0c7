//! Every Rust name the generator makes: casing, keyword escaping, sanitising.
//!
//! The IR keeps each wire name beside the Rust name made here, so emitters never
//! convert names themselves.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust keywords (all editions) that must be written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Methods of every generated request builder; a setter with one of these names gets a
/// `_value` suffix.
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_metadata",
    "options",
    "into_stream",
    "into_pages",
    "new",
    "request",
    "clone",
    "fmt",
    "client",
];

/// Methods of every generated group handle (and of its `mock` twin, which has
/// `from_server`); an operation with one of these names gets an `_op` suffix.
pub const HANDLE_METHODS: &[&str] = &["from_client", "from_server", "clone", "fmt"];

/// Replaces characters that can't appear in an identifier.
fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Makes an identifier, escaping keywords.
pub fn ident(s: &str) -> Ident {
    if NOT_RAW.contains(&s) {
        Ident::new(&format!("{s}_"), Span::call_site())
    } else if KEYWORDS.contains(&s) {
        Ident::new_raw(s, Span::call_site())
    } else {
        Ident::new(s, Span::call_site())
    }
}

/// `snake_case` text of a wire name (before keyword escaping).
pub fn snake_text(wire: &str) -> String {
    let s = sanitize(&wire.to_snake_case());
    // `_1abc` would lose its marker in to_snake_case; sanitize adds it back.
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

/// `snake_case` identifier of a wire name: fields, params, operations, modules.
pub fn snake(wire: &str) -> Ident {
    ident(&snake_text(wire))
}

/// `PascalCase` text (types, enum variants).
pub fn pascal_text(wire: &str) -> String {
    let p = wire.to_upper_camel_case();
    if p.is_empty() {
        return "Empty".into();
    }
    let p = sanitize(&p);
    match p.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => format!("V{rest}"),
        _ => p,
    }
}

/// `PascalCase` identifier.
pub fn pascal(wire: &str) -> Ident {
    ident(&pascal_text(wire))
}

/// `SHOUTY_SNAKE_CASE` identifier for statics.
pub fn shouty(wire: &str) -> Ident {
    ident(&sanitize(&wire.to_shouty_snake_case()))
}

/// The text of an identifier without the `r#` of raw identifiers.
pub fn unraw(id: &Ident) -> String {
    let s = id.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The setter name for a field of a request builder.
pub fn setter(field: &Ident) -> Ident {
    let text = unraw(field);
    if BUILDER_METHODS.contains(&text.as_str()) {
        ident(&format!("{text}_value"))
    } else {
        field.clone()
    }
}

/// The method name of an operation on its group handle.
pub fn operation_method(op: &str) -> Ident {
    let text = snake_text(op);
    if HANDLE_METHODS.contains(&text.as_str()) {
        ident(&format!("{text}_op"))
    } else {
        ident(&text)
    }
}

/// The type hoisted from `member` of `owner` (an inline field type, a `one_of` enum):
/// field `file` of `FileMessage` gives `FileMessageFile`. `owner` is PascalCase text.
pub fn member_type(owner: &str, member: &str) -> Ident {
    pascal(&format!("{owner}_{}", pascal_text(member)))
}

/// A type generated for operation `op`: `view_user` with `request` gives
/// `ViewUserRequest` (also `Body` and `Response`).
pub fn operation_type(op: &str, suffix: &str) -> Ident {
    pascal(&format!("{}_{suffix}", pascal_text(op)))
}

/// Enum variant for a wire value; the fallback variant is `Unknown`, so a value that
/// would take that name becomes `UnknownValue`.
pub fn variant(wire: &str) -> Ident {
    let p = pascal_text(wire);
    if p == "Unknown" {
        ident("UnknownValue")
    } else {
        ident(&p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped_not_rejected() {
        assert_eq!(snake("type").to_string(), "r#type");
        assert_eq!(snake("self").to_string(), "self_");
        assert_eq!(pascal("self").to_string(), "Self_");
        assert_eq!(snake("match").to_string(), "r#match");
    }

    #[test]
    fn wire_names_become_identifiers() {
        assert_eq!(snake("X-RateLimit-Limit").to_string(), "x_rate_limit_limit");
        assert_eq!(
            snake("group_channel:message_send").to_string(),
            "group_channel_message_send"
        );
        assert_eq!(
            pascal("latest_last_message").to_string(),
            "LatestLastMessage"
        );
        assert_eq!(variant("MESG").to_string(), "Mesg");
        assert_eq!(variant("1st").to_string(), "V1st");
        assert_eq!(variant("unknown").to_string(), "UnknownValue");
        assert_eq!(variant("").to_string(), "Empty");
        assert_eq!(setter(&snake("send")).to_string(), "send_value");
    }
}
