//! Every Rust name the generator makes: casing, keyword escaping, sanitising.
//!
//! The IR keeps each wire name beside the Rust name made here, so emitters never
//! convert names themselves.

use crate::ir::Name;
use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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
/// `into` and `try_into` are here too: a call `handle.into()` would pick the blanket
/// `Into::into` (which takes the handle by value) over a method taking `&self`.
pub const HANDLE_METHODS: &[&str] = &[
    "from_client",
    "from_server",
    "clone",
    "fmt",
    "into",
    "try_into",
];

/// The ASCII form of a name, before case conversion: a letter with a mark loses it (`é`
/// is `e`, `ß` is `ss`), and any other non-ASCII character becomes a word of its own,
/// `u` and its code point in hex (`日` is `u65e5`), so identifiers are plain ASCII, keep
/// Rust's casing conventions, and distinct names stay distinct.
fn ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(t) = transliterate(c) {
            out.push_str(t);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

/// The ASCII letters of a Latin letter with a mark.
fn transliterate(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("àáâãäåāăą", "a"),
        ("ÇĆĈĊČ", "C"),
        ("çćĉċč", "c"),
        ("ĎĐÐ", "D"),
        ("ďđð", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("èéêëēĕėęě", "e"),
        ("ĜĞĠĢ", "G"),
        ("ĝğġģ", "g"),
        ("ĤĦ", "H"),
        ("ĥħ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ìíîïĩīĭįı", "i"),
        ("Ĵ", "J"),
        ("ĵ", "j"),
        ("Ķ", "K"),
        ("ķ", "k"),
        ("ĹĻĽĿŁ", "L"),
        ("ĺļľŀł", "l"),
        ("ÑŃŅŇ", "N"),
        ("ñńņň", "n"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("òóôõöøōŏő", "o"),
        ("ŔŖŘ", "R"),
        ("ŕŗř", "r"),
        ("ŚŜŞŠ", "S"),
        ("śŝşš", "s"),
        ("ŢŤŦ", "T"),
        ("ţťŧ", "t"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ùúûüũūŭůűų", "u"),
        ("Ŵ", "W"),
        ("ŵ", "w"),
        ("ÝŸŶ", "Y"),
        ("ýÿŷ", "y"),
        ("ŹŻŽ", "Z"),
        ("źżž", "z"),
        ("Æ", "Ae"),
        ("æ", "ae"),
        ("Œ", "Oe"),
        ("œ", "oe"),
        ("ß", "ss"),
        ("Þ", "Th"),
        ("þ", "th"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

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
/// `s` must already be identifier text (what `snake_text` and `pascal_text` give).
pub fn ident(s: &str) -> Name {
    debug_assert!(
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "`{s}` is not identifier text"
    );
    if NOT_RAW.contains(&s) {
        Name::new_unchecked(format!("{s}_"))
    } else if KEYWORDS.contains(&s) {
        Name::new_unchecked(format!("r#{s}"))
    } else {
        Name::new_unchecked(s.to_owned())
    }
}

/// `snake_case` text of a wire name (before keyword escaping).
pub fn snake_text(wire: &str) -> String {
    let s = sanitize(&ascii(wire).to_snake_case());
    // `_1abc` would lose its marker in to_snake_case; sanitize adds it back.
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

/// `snake_case` identifier of a wire name: fields, params, operations, modules.
pub fn snake(wire: &str) -> Name {
    ident(&snake_text(wire))
}

/// `PascalCase` text (types, enum variants).
pub fn pascal_text(wire: &str) -> String {
    let p = ascii(wire).to_upper_camel_case();
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
pub fn pascal(wire: &str) -> Name {
    ident(&pascal_text(wire))
}

/// `SHOUTY_SNAKE_CASE` identifier for statics.
pub fn shouty(wire: &str) -> Name {
    ident(&sanitize(&ascii(wire).to_shouty_snake_case()))
}

/// The text of an identifier without the `r#` of raw identifiers.
pub fn unraw(id: &Name) -> String {
    id.unraw().to_owned()
}

/// The setter name for a field of a request builder.
pub fn setter(field: &Name) -> Name {
    let text = unraw(field);
    if BUILDER_METHODS.contains(&text.as_str()) {
        ident(&format!("{text}_value"))
    } else {
        field.clone()
    }
}

/// The method name of an operation on its group handle.
pub fn operation_method(op: &str) -> Name {
    let text = snake_text(op);
    if HANDLE_METHODS.contains(&text.as_str()) {
        ident(&format!("{text}_op"))
    } else {
        ident(&text)
    }
}

/// The type hoisted from `member` of `owner` (an inline field type, a `one_of` enum):
/// field `file` of `FileMessage` gives `FileMessageFile`. `owner` is PascalCase text.
pub fn member_type(owner: &str, member: &str) -> Name {
    pascal(&format!("{owner}_{}", pascal_text(member)))
}

/// A type generated for operation `op`: `view_user` with `request` gives
/// `ViewUserRequest` (also `Body` and `Response`).
pub fn operation_type(op: &str, suffix: &str) -> Name {
    pascal(&format!("{}_{suffix}", pascal_text(op)))
}

/// The stub handle of the `mock` feature for a service or group handle: `Users` gives
/// `UsersMock`.
pub fn mock_handle(handle: &Name) -> Name {
    ident(&format!("{}Mock", unraw(handle)))
}

/// A command or flag name of the command line: the kebab-case form of a spec name.
pub fn command(name: &str) -> String {
    let k = name.to_kebab_case();
    if k.is_empty() {
        "value".to_owned()
    } else {
        k
    }
}

/// A function of a service's command-line module for a group: `users` with `command`
/// gives `users_command`.
pub fn cli_group_fn(group_module: &Name, what: &str) -> Name {
    ident(&format!("{}_{what}", unraw(group_module)))
}

/// The constant of a command-line module listing an enum's values: `ActiveMode` gives
/// `ACTIVE_MODE_VALUES`.
pub fn cli_values_const(type_name: &str) -> Name {
    ident(&format!("{}_VALUES", type_name.to_shouty_snake_case()))
}

/// Enum variant for a wire value; the fallback variant is `Unknown`, so a value that
/// would take that name becomes `UnknownValue`.
pub fn variant(wire: &str) -> Name {
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

    #[test]
    fn names_become_tokens_and_fragments() {
        let raw = snake("type");
        assert_eq!(raw.as_str(), "r#type");
        assert_eq!(raw.unraw(), "type");
        assert_eq!(quote::quote!(#raw).to_string(), "r#type");
        assert_eq!(
            quote::format_ident!("one_of_{}", raw).to_string(),
            "one_of_type"
        );
        let plain = pascal("view_user");
        assert_eq!(quote::quote!(#plain::new).to_string(), "ViewUser :: new");
        // The IR is plain data: the check that `Api: Send + Sync` is at compile time.
        fn shared<T: Send + Sync>(_: &T) {}
        shared(&raw);
    }

    #[test]
    fn non_ascii_names_become_ascii_identifiers() {
        assert_eq!(snake("Größe").to_string(), "grosse");
        assert_eq!(pascal("größe_über").to_string(), "GrosseUber");
        assert_eq!(pascal("日本").to_string(), "U65e5U672c");
        assert_eq!(snake("日本").to_string(), "u65e5_u672c");
        assert_eq!(variant("élan").to_string(), "Elan");
        assert_eq!(shouty("straße").to_string(), "STRASSE");
    }
}
