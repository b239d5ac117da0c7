//! Reading response bodies: Sendbird error bodies, and typed success bodies.
//!
//! Sendbird reports errors as `{"error": true, "message": "...", "code": 400201}`,
//! sometimes with a 2xx status; proxies in front of it answer with HTML. Every input
//! decodes to a value or a typed [`Error`], never a panic.

use std::sync::OnceLock;

use memchr::memmem;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

/// How much of a body is quoted in `Decode` errors and non-JSON `Api` messages.
const SNIPPET_CHARS: usize = 200;

/// How much of an error body `Error::Api` keeps, and the longest message it keeps.
pub(crate) const ERROR_BODY_KEEP: usize = 8 * 1024;

/// An error response, before it is classified as an `Api` or `RateLimited` error.
#[derive(Debug)]
pub(crate) struct ApiFailure {
    pub(crate) status: u16,
    pub(crate) code: Option<i64>,
    pub(crate) message: String,
    pub(crate) body: String,
}

/// The fields of Sendbird's error body; everything is optional and loosely typed so
/// that any JSON object can be probed without failing.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    code: Option<Value>,
}

/// Returns the failure a response represents: any non-2xx status, or a 2xx whose body
/// is a Sendbird error object.
pub(crate) fn failure(status: u16, body: &[u8]) -> Option<ApiFailure> {
    let success = (200..300).contains(&status);
    // Cheap pre-check so large success bodies are not parsed twice.
    if success && !has_error_key(body) {
        return None;
    }
    let parsed = looks_like_object(body)
        .then(|| serde_json::from_slice::<ErrorBody>(body).ok())
        .flatten();
    if success
        && !parsed
            .as_ref()
            .is_some_and(|p| p.error == Some(Value::Bool(true)))
    {
        return None;
    }
    let (code, message) = match &parsed {
        Some(parsed) => (
            parsed.code.as_ref().and_then(code_of),
            parsed.message.as_ref().map(|m| match m {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            }),
        ),
        None => (None, None),
    };
    let message = message.unwrap_or_else(|| fallback_message(status, body));
    Some(ApiFailure {
        status,
        code,
        message: truncate_chars(message, ERROR_BODY_KEEP),
        body: truncate_chars(
            String::from_utf8_lossy(&body[..body.len().min(ERROR_BODY_KEEP * 4)]).into_owned(),
            ERROR_BODY_KEEP,
        ),
    })
}

/// Whether `body` holds the bytes `"error"`, searched with memchr's vectorized
/// substring search (the searcher is built once): no UTF-8 validation pass over the
/// body first, about half the instructions of `str::contains` on a 2 KB body (`cargo
/// xtask bench`, overhead profile). An error object always holds the `"error"` key, so
/// a success body without it needs no JSON parse here.
fn has_error_key(body: &[u8]) -> bool {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    FINDER
        .get_or_init(|| memmem::Finder::new(br#""error""#))
        .find(body)
        .is_some()
}

fn looks_like_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn code_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A message for bodies without one: the HTML `<title>` of an error page, a snippet
/// of other text, or the status's reason phrase for an empty body.
fn fallback_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if let Some(title) = html_title(&text) {
        return title;
    }
    let text = snippet(body);
    if !text.is_empty() {
        return text;
    }
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("no reason given");
    format!("{reason} (empty body)")
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    // `to_ascii_lowercase` keeps byte offsets, so they are valid in `text` too.
    let title = collapse_whitespace(text.get(start..end)?);
    (!title.is_empty()).then_some(title)
}

/// The first ~200 characters of a body, whitespace collapsed, marked when cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = collapse_whitespace(&String::from_utf8_lossy(head));
    let mut chars = text.char_indices();
    match chars.nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if head.len() < body.len() => format!("{text}…"),
        None => text,
    }
}

/// Cuts `text` to at most `max` bytes (on a character boundary), marking the cut with
/// `…`.
pub(crate) fn truncate_chars(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// The start of a body's structure for `Decode` errors: JSON with every string value
/// replaced by `"…"` (keys are kept: they name fields), whitespace dropped, about 200
/// characters. A body that does not look like JSON is described by its length only, so
/// no value from the body (a session token, an API token) is ever quoted.
pub(crate) fn structure_snippet(body: &[u8]) -> String {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    if !matches!(start.map(|i| body[i]), Some(b'{' | b'[')) {
        return format!("<{} bytes, not JSON>", body.len());
    }
    let mut out = String::new();
    let mut i = start.unwrap_or(0);
    while i < body.len() {
        if out.chars().count() >= SNIPPET_CHARS {
            out.push('…');
            return out;
        }
        let byte = body[i];
        if byte.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if byte != b'"' {
            // Structure, numbers, literals: ASCII in valid JSON; anything else is shown
            // as `?`.
            out.push(if byte.is_ascii_graphic() {
                byte as char
            } else {
                '?'
            });
            i += 1;
            continue;
        }
        // A string: find its end, then whether it is a key (followed by `:`).
        let mut end = i + 1;
        let mut escaped = false;
        while end < body.len() {
            match body[end] {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => break,
                _ => {}
            }
            end += 1;
        }
        if end >= body.len() {
            out.push_str("\"…");
            return out;
        }
        let is_key = body[end + 1..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
        if is_key {
            out.push('"');
            out.push_str(&String::from_utf8_lossy(&body[i + 1..end]));
            out.push('"');
        } else {
            out.push_str("\"…\"");
        }
        i = end + 1;
    }
    out
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes a success body into `T`, reporting the JSON path of the first mismatch.
pub(crate) fn json<T: DeserializeOwned>(body: &[u8], operation: &'static str) -> Result<T, Error> {
    let decode_error = |path: String, message: String| Error::Decode {
        operation,
        path,
        message,
        snippet: structure_snippet(body),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error(
            ".".into(),
            "the body is empty, expected JSON".into(),
        ));
    }
    // Fast path: tracking the JSON path costs about as much as decoding itself, so it
    // is only paid for a body that fails, decoded a second time to locate the problem.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| decode_error(e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| decode_error(".".into(), e.to_string()))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendbird_error_bodies_are_failures_even_with_2xx() {
        let body = br#"{"error": true, "message": "User not found.", "code": 400201}"#;
        let failure = failure(200, body).expect("error body");
        assert_eq!((failure.status, failure.code), (200, Some(400201)));
        assert_eq!(failure.message, "User not found.");
        assert!(super::failure(200, br#"{"error": false, "user_id": "a"}"#).is_none());
        assert!(super::failure(200, br#"[1, 2]"#).is_none());
        assert!(super::failure(204, b"").is_none());
        let stringly = super::failure(400, br#"{"message": 5, "code": "400111"}"#).unwrap();
        assert_eq!(
            (stringly.code, stringly.message.as_str()),
            (Some(400111), "5")
        );
    }

    #[test]
    fn non_json_errors_get_a_short_message() {
        let html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        assert_eq!(failure(502, html).unwrap().message, "502 Bad Gateway");
        assert_eq!(
            failure(500, b"  oops\n\n  broken ").unwrap().message,
            "oops broken"
        );
        assert_eq!(
            failure(503, b"").unwrap().message,
            "Service Unavailable (empty body)"
        );
        let long = "é".repeat(1000);
        let message = failure(500, long.as_bytes()).unwrap().message;
        assert_eq!(message.chars().count(), SNIPPET_CHARS + 1);
        assert!(message.ends_with('…'));
    }

    #[test]
    fn decode_errors_carry_the_json_path_and_never_panic() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct User {
            user_id: String,
            created_at: i64,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Page {
            users: Vec<User>,
        }
        let body = br#"{"users": [{"user_id": "a", "created_at": 1}, {"user_id": "b", "created_at": "x"}]}"#;
        match json::<Page>(body, "op").unwrap_err() {
            Error::Decode { path, .. } => assert_eq!(path, "users[1].created_at"),
            other => panic!("unexpected {other:?}"),
        }
        for garbage in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"[[[[[[[[",
            b"{} trailing",
            b"null",
        ] {
            assert!(json::<Page>(garbage, "op").is_err());
        }
        let deep = "[".repeat(100_000);
        assert!(json::<Value>(deep.as_bytes(), "op").is_err());
        match json::<Page>(br#"{"users": []} trailing"#, "op").unwrap_err() {
            Error::Decode { path, .. } => assert_eq!(path, "."),
            other => panic!("unexpected {other:?}"),
        }
        let page: Page =
            json(br#" {"users": [{"user_id": "a", "created_at": 1}]} "#, "op").unwrap();
        assert_eq!(page.users[0].user_id, "a");
    }

    #[test]
    fn decode_snippets_quote_structure_never_values() {
        let body = br#"{"user": {"session_token": "sk-very-secret", "n": 5, "esc": "a\"b"}, "list": ["x", true]}"#;
        let snippet = structure_snippet(body);
        assert_eq!(
            snippet,
            r#"{"user":{"session_token":"…","n":5,"esc":"…"},"list":["…",true]}"#
        );
        assert!(!snippet.contains("very-secret"));
        assert_eq!(structure_snippet(b"token=abc"), "<9 bytes, not JSON>");
        assert_eq!(structure_snippet(br#"{"k": "unterminated"#), r#"{"k":"…"#);
        let long = format!("[{}]", "1,".repeat(500));
        assert!(structure_snippet(long.as_bytes()).ends_with('…'));
        let error = json::<Vec<u8>>(br#"{"api_token": "master-token"}"#, "op").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("master-token"));
    }

    #[test]
    fn error_bodies_and_messages_are_kept_short() {
        let message = "m".repeat(100_000);
        let body = format!(r#"{{"error": true, "message": "{message}", "code": 400201}}"#);
        let failure = failure(400, body.as_bytes()).unwrap();
        assert!(
            failure.message.len() <= ERROR_BODY_KEEP + 3,
            "{}",
            failure.message.len()
        );
        assert!(failure.body.len() <= ERROR_BODY_KEEP + 3);
        assert!(failure.body.ends_with('…'));
        assert_eq!(truncate_chars("éé".into(), 3), "é…");
    }

    #[test]
    fn the_error_precheck_finds_error_keys_anywhere() {
        let late = format!(
            r#"{{"pad": "{}", "error": true, "code": 400201}}"#,
            "x".repeat(5000)
        );
        assert_eq!(failure(200, late.as_bytes()).unwrap().code, Some(400201));
        assert!(failure(200, "{\"name\": \"caf\u{e9}\"}".as_bytes()).is_none());
        // Not UTF-8: the full check runs and still finds no error object.
        assert!(failure(200, b"{\"name\": \"\xff\"}").is_none());
        assert!(has_error_key(b"ab\"error\"cd"));
        assert!(!has_error_key(b"ab\"erro\"cd"));
        assert!(has_error_key(b"\xff{\"error\":true}"));
        assert!(!has_error_key(b"\xff"));
    }
}
