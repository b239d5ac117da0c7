//! Receiving Sendbird webhooks: signature checks and typed event payloads.
//!
//! Sendbird posts a JSON body to your server when something happens in an application.
//! This module checks that a request really comes from Sendbird and decodes its body
//! into the types generated from `api-spec/*/webhook_events.yaml`:
//!
//! | product | header | how it is computed | decoded into |
//! |---|---|---|---|
//! | Chat | `x-sendbird-signature` | hex HMAC-SHA256 of the raw body, keyed with the **master** API token | [`ChatWebhookEvent`] |
//! | Chat bot callbacks | none | the body's `bot.bot_token` equals the bot's token | [`ChatBotCallback`] |
//! | Desk | `x-hub-signature` | `sha1=` and the hex HMAC-SHA1 of the raw body, keyed with the Desk API token | any type, such as [`DeskBotWebhookEvent`] |
//! | Calls | `x-sendbird-signature` (see below) | as for Chat | [`CallsWebhookEvent`] |
//!
//! Always check the signature over the exact bytes Sendbird sent, before any JSON
//! parsing: re-serializing a parsed body changes its bytes and breaks the signature.
//! Comparisons are constant-time. Events of a category this version of the crate does
//! not know are not an error: they decode to the union's `Unknown` variant, which keeps
//! the whole JSON object.
//!
//! See [`parse_chat_event`] for an example, and the `webhook_receiver` example of this
//! crate for a whole server.
//!
//! Sources (the public Sendbird docs these rules come from):
//! - Chat signature and endpoint requirements:
//!   <https://sendbird.com/docs/chat/platform-api/v3/webhook/webhook-overview>
//! - Chat event payloads: the pages under
//!   <https://sendbird.com/docs/chat/platform-api/v3/webhook/events/group-channel>
//!   (and `open-channel`, `user`, `operator`, `report`, `alert`, `profanity-filter`,
//!   `image-moderation`, `announcement`)
//! - Bot callbacks and `bot_token`: <https://sendbird.com/docs/chat/platform-api/v3/bot/bot-overview>
//! - Desk signature: <https://sendbird.com/docs/desk/platform-api/v1/features/webhooks> and
//!   <https://sendbird.com/docs/desk/v1/platform-api/guides/bot-webhooks>
//! - Calls events: <https://sendbird.com/docs/calls/v1/platform-api/guides/webhooks>
//!
//! Unconfirmed: the Calls webhook docs list only `content-type` among the request
//! headers. [`parse_calls_event`] expects the Chat scheme (`x-sendbird-signature`,
//! HMAC-SHA256 with the master API token), which is what Sendbird uses for its other
//! products; if your Calls requests arrive unsigned, authenticate them another way (a
//! secret path, for instance) and decode them with [`decode_event`].

use std::collections::BTreeMap;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha1::Sha1;
use sha2::Sha256;

#[cfg(feature = "calls")]
pub use crate::generated::calls::types::CallsWebhookEvent;
#[cfg(feature = "chat")]
pub use crate::generated::chat::types::{ChatBotCallback, ChatWebhookEvent};
#[cfg(feature = "desk")]
pub use crate::generated::desk::types::DeskBotWebhookEvent;

/// The header that carries the signature of Chat (and Calls) webhook requests.
pub const CHAT_SIGNATURE_HEADER: &str = "x-sendbird-signature";

/// The header that carries the signature of Desk webhook requests.
pub const DESK_SIGNATURE_HEADER: &str = "x-hub-signature";

/// The prefix of a Desk signature, before the hex digest.
const DESK_SIGNATURE_PREFIX: &str = "sha1=";

/// Why a webhook request was refused.
///
/// [`WebhookError::http_status`] gives the status to answer Sendbird with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no signature header.
    #[error(
        "the webhook request has no `{header}` header, so it can't be shown to come from Sendbird"
    )]
    MissingSignature {
        /// The header that was expected.
        header: &'static str,
    },
    /// The signature header is not in the expected format.
    #[error("the `{header}` header is malformed: {reason}")]
    MalformedSignature {
        /// The header.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature does not match the body: the wrong token was used, or the body was
    /// changed on the way.
    #[error(
        "the `{header}` header does not match the request body (the body was changed, or \
         the token used to check it is not the one Sendbird signs with)"
    )]
    BadSignature {
        /// The header.
        header: &'static str,
    },
    /// A bot callback has no `bot.bot_token`.
    #[error("the bot callback has no `bot.bot_token`, so it can't be shown to come from Sendbird")]
    MissingBotToken,
    /// A bot callback's `bot.bot_token` is not the bot's token.
    #[error("the bot callback's `bot.bot_token` is not the token of this bot")]
    BadBotToken,
    /// The token or key to check a request with is empty: a configuration mistake.
    #[error("the {what} to check webhook requests with is empty; configure it")]
    EmptyKey {
        /// Which secret is empty.
        what: &'static str,
    },
    /// The body is not JSON, or not the expected payload.
    #[error("the webhook body is not a valid payload at `{path}`: {message}")]
    MalformedBody {
        /// Where in the JSON the problem is, such as `payload.content_size` (`.` for the
        /// whole body).
        path: String,
        /// What is wrong there.
        message: String,
    },
}

impl WebhookError {
    /// The HTTP status a receiver should answer with: 401 when the request could not be
    /// shown to come from Sendbird, 400 for a signed but undecodable body, 500 for a
    /// configuration mistake on the receiving side.
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookError::MissingSignature { .. }
            | WebhookError::MalformedSignature { .. }
            | WebhookError::BadSignature { .. }
            | WebhookError::MissingBotToken
            | WebhookError::BadBotToken => 401,
            WebhookError::MalformedBody { .. } => 400,
            WebhookError::EmptyKey { .. } => 500,
        }
    }
}

/// Request headers to read a signature from, whatever HTTP library received them.
///
/// Implemented for [`reqwest::header::HeaderMap`] (the `http` crate's `HeaderMap`, which
/// axum and hyper use too), for slices, arrays and vectors of `(name, value)` pairs, and
/// for `BTreeMap<String, String>`. Names are matched without regard to case.
pub trait WebhookHeaders {
    /// The value of the first header called `name`, if there is one.
    fn header_value(&self, name: &str) -> Option<&[u8]>;
}

impl WebhookHeaders for reqwest::header::HeaderMap {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(|value| value.as_bytes())
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> WebhookHeaders for [(K, V)] {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.iter()
            .find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, const N: usize> WebhookHeaders for [(K, V); N] {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.as_slice().header_value(name)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> WebhookHeaders for Vec<(K, V)> {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.as_slice().header_value(name)
    }
}

impl WebhookHeaders for BTreeMap<String, String> {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_bytes())
    }
}

impl<T: WebhookHeaders + ?Sized> WebhookHeaders for &T {
    fn header_value(&self, name: &str) -> Option<&[u8]> {
        (**self).header_value(name)
    }
}

/// Checks a Chat `x-sendbird-signature` header: the hex HMAC-SHA256 of the raw body,
/// keyed with the application's master API token (a secondary token does not work).
///
/// Upper- and lower-case hex digits are both accepted; surrounding spaces are ignored.
pub fn verify_chat_signature(
    raw_body: &[u8],
    signature_header: &str,
    master_api_token: &str,
) -> Result<(), WebhookError> {
    non_empty(master_api_token, "master API token")?;
    verify_hex_hmac::<Hmac<Sha256>>(
        raw_body,
        signature_header.trim(),
        master_api_token,
        CHAT_SIGNATURE_HEADER,
    )
}

/// Checks a Desk `x-hub-signature` header: `sha1=` followed by the hex HMAC-SHA1 of the
/// raw body, keyed with the Desk API token.
pub fn verify_desk_signature(
    raw_body: &[u8],
    signature_header: &str,
    desk_api_token: &str,
) -> Result<(), WebhookError> {
    non_empty(desk_api_token, "Desk API token")?;
    let signature = signature_header.trim();
    let digest = match signature.get(..DESK_SIGNATURE_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(DESK_SIGNATURE_PREFIX) => {
            &signature[DESK_SIGNATURE_PREFIX.len()..]
        }
        _ => {
            return Err(WebhookError::MalformedSignature {
                header: DESK_SIGNATURE_HEADER,
                reason: "it does not start with `sha1=`",
            })
        }
    };
    verify_hex_hmac::<Hmac<Sha1>>(raw_body, digest, desk_api_token, DESK_SIGNATURE_HEADER)
}

/// Checks a bot callback's `bot.bot_token` against the bot's token, in constant time.
pub fn verify_bot_token(received: &str, bot_token: &str) -> Result<(), WebhookError> {
    non_empty(bot_token, "bot token")?;
    // Comparing MACs of both strings (under a fixed key) takes the same time whatever
    // the tokens' contents and lengths, unlike `==`.
    let mut expected = keyed::<Hmac<Sha256>>(b"sendbird-bot-token");
    expected.update(bot_token.as_bytes());
    let mut actual = keyed::<Hmac<Sha256>>(b"sendbird-bot-token");
    actual.update(received.as_bytes());
    expected
        .verify_slice(&actual.finalize().into_bytes())
        .map_err(|_| WebhookError::BadBotToken)
}

/// The `x-sendbird-signature` value Sendbird sends with `raw_body`: for tests of a
/// receiver.
pub fn sign_chat_body(raw_body: &[u8], master_api_token: &str) -> String {
    hex::encode(mac_of::<Hmac<Sha256>>(raw_body, master_api_token))
}

/// The `x-hub-signature` value Sendbird Desk sends with `raw_body`: for tests of a
/// receiver.
pub fn sign_desk_body(raw_body: &[u8], desk_api_token: &str) -> String {
    format!(
        "{DESK_SIGNATURE_PREFIX}{}",
        hex::encode(mac_of::<Hmac<Sha1>>(raw_body, desk_api_token))
    )
}

/// Checks a Chat webhook request's signature, then decodes its body.
///
/// `headers` is the request's headers, such as axum's `HeaderMap` or a list of
/// `(name, value)` pairs; `raw_body` is the body exactly as received.
///
/// ```
/// use sendbird_platform::webhooks::{self, ChatWebhookEvent};
///
/// let token = "master-api-token";
/// let body = br#"{"category":"user:block","blocker":{"user_id":"ana"},"blockee":{"user_id":"bo"}}"#;
/// // In a real server the signature comes from the request's headers.
/// let headers = [("x-sendbird-signature", webhooks::sign_chat_body(body, token))];
///
/// match webhooks::parse_chat_event(body, &headers, token)? {
///     ChatWebhookEvent::UserBlockEvent(event) => {
///         assert_eq!(event.blocker.unwrap().user_id, "ana");
///     }
///     other => println!("not handled: {other:?}"),
/// }
/// # Ok::<(), webhooks::WebhookError>(())
/// ```
#[cfg(feature = "chat")]
pub fn parse_chat_event(
    raw_body: &[u8],
    headers: &(impl WebhookHeaders + ?Sized),
    master_api_token: &str,
) -> Result<ChatWebhookEvent, WebhookError> {
    let signature = required_header(headers, CHAT_SIGNATURE_HEADER)?;
    verify_chat_signature(raw_body, signature, master_api_token)?;
    let event = decode_event(raw_body)?;
    known_or_malformed(event, |e| e.decode_error())
}

/// Checks a bot callback's `bot.bot_token` against the bot's token, then decodes it.
///
/// Bot callbacks are not signed; the token inside the body is what shows that Sendbird
/// sent them.
#[cfg(feature = "chat")]
pub fn parse_bot_callback(
    raw_body: &[u8],
    bot_token: &str,
) -> Result<ChatBotCallback, WebhookError> {
    non_empty(bot_token, "bot token")?;
    let value: serde_json::Value = decode_event(raw_body)?;
    let received = value
        .get("bot")
        .and_then(|bot| bot.get("bot_token"))
        .and_then(serde_json::Value::as_str)
        .ok_or(WebhookError::MissingBotToken)?;
    verify_bot_token(received, bot_token)?;
    let event = serde_path_to_error::deserialize(value).map_err(malformed)?;
    known_or_malformed(event, ChatBotCallback::decode_error)
}

/// Checks a Desk webhook request's `x-hub-signature`, then decodes its body into `T`:
/// [`DeskBotWebhookEvent`] for a custom bot's webhook, or `serde_json::Value` for the
/// application webhooks, whose payloads are not typed yet.
#[cfg(feature = "desk")]
pub fn parse_desk_event<T: DeserializeOwned>(
    raw_body: &[u8],
    headers: &(impl WebhookHeaders + ?Sized),
    desk_api_token: &str,
) -> Result<T, WebhookError> {
    let signature = required_header(headers, DESK_SIGNATURE_HEADER)?;
    verify_desk_signature(raw_body, signature, desk_api_token)?;
    decode_event(raw_body)
}

/// Checks a Calls webhook request's `x-sendbird-signature` (as for Chat: HMAC-SHA256
/// keyed with the master API token; unconfirmed for Calls, see the module docs), then
/// decodes its body.
#[cfg(feature = "calls")]
pub fn parse_calls_event(
    raw_body: &[u8],
    headers: &(impl WebhookHeaders + ?Sized),
    master_api_token: &str,
) -> Result<CallsWebhookEvent, WebhookError> {
    let signature = required_header(headers, CHAT_SIGNATURE_HEADER)?;
    verify_chat_signature(raw_body, signature, master_api_token)?;
    let event = decode_event(raw_body)?;
    known_or_malformed(event, |e| e.decode_error())
}

/// Decodes a webhook body into `T` **without checking where it came from**: only for
/// bodies already authenticated some other way.
///
/// A body that does not fit is a [`WebhookError::MalformedBody`] naming the JSON path of
/// the problem.
pub fn decode_event<T: DeserializeOwned>(raw_body: &[u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(raw_body);
    let event = serde_path_to_error::deserialize(&mut deserializer).map_err(malformed)?;
    deserializer
        .end()
        .map_err(|error| WebhookError::MalformedBody {
            path: ".".to_owned(),
            message: error.to_string(),
        })?;
    Ok(event)
}

/// A webhook body is one event: one of a known category whose body does not decode
/// (which a response would keep as `Unknown`, see `api-spec/README.md`, "Decoding") is
/// refused as a [`WebhookError::MalformedBody`], the reason naming the path inside it.
#[cfg(any(feature = "chat", feature = "calls"))]
fn known_or_malformed<T>(event: T, why: impl Fn(&T) -> Option<String>) -> Result<T, WebhookError> {
    match why(&event) {
        Some(message) => Err(WebhookError::MalformedBody {
            path: ".".to_owned(),
            message,
        }),
        None => Ok(event),
    }
}

fn malformed(error: serde_path_to_error::Error<serde_json::Error>) -> WebhookError {
    WebhookError::MalformedBody {
        path: error.path().to_string(),
        message: error.into_inner().to_string(),
    }
}

fn non_empty(secret: &str, what: &'static str) -> Result<(), WebhookError> {
    if secret.is_empty() {
        Err(WebhookError::EmptyKey { what })
    } else {
        Ok(())
    }
}

// Only the product-specific `parse_*` functions read headers.
#[cfg_attr(
    not(any(feature = "chat", feature = "desk", feature = "calls")),
    allow(dead_code)
)]
fn required_header<'h>(
    headers: &'h (impl WebhookHeaders + ?Sized),
    header: &'static str,
) -> Result<&'h str, WebhookError> {
    let value = headers
        .header_value(header)
        .ok_or(WebhookError::MissingSignature { header })?;
    std::str::from_utf8(value).map_err(|_| WebhookError::MalformedSignature {
        header,
        reason: "it is not ASCII text",
    })
}

/// A MAC keyed with `key`; HMAC takes keys of any length, so this can't fail.
fn keyed<M: Mac + KeyInit>(key: &[u8]) -> M {
    <M as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn mac_of<M: Mac + KeyInit>(raw_body: &[u8], key: &str) -> Vec<u8> {
    let mut mac = keyed::<M>(key.as_bytes());
    mac.update(raw_body);
    mac.finalize().into_bytes().to_vec()
}

fn verify_hex_hmac<M: Mac + KeyInit>(
    raw_body: &[u8],
    hex_digest: &str,
    key: &str,
    header: &'static str,
) -> Result<(), WebhookError> {
    let digest = hex::decode(hex_digest).map_err(|_| WebhookError::MalformedSignature {
        header,
        reason: "it is not a hexadecimal digest",
    })?;
    if digest.len() != <M as hmac::digest::OutputSizeUser>::output_size() {
        return Err(WebhookError::MalformedSignature {
            header,
            reason: "the digest has the wrong length",
        });
    }
    let mut mac = keyed::<M>(key.as_bytes());
    mac.update(raw_body);
    mac.verify_slice(&digest)
        .map_err(|_| WebhookError::BadSignature { header })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"category":"user:block","app_id":"app"}"#;

    #[test]
    fn chat_signature_is_the_hex_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign_chat_body(b"what do ya want for nothing?", "Jefe"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn desk_signature_is_sha1_prefixed_hex_hmac_sha1() {
        // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign_desk_body(b"what do ya want for nothing?", "Jefe"),
            "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }

    #[test]
    fn signatures_round_trip_and_accept_either_case() {
        let chat = sign_chat_body(BODY, "token");
        verify_chat_signature(BODY, &chat, "token").unwrap();
        verify_chat_signature(BODY, &format!(" {} ", chat.to_uppercase()), "token").unwrap();
        let desk = sign_desk_body(BODY, "desk");
        verify_desk_signature(BODY, &desk, "desk").unwrap();
        verify_desk_signature(BODY, &desk.replacen("sha1=", "SHA1=", 1), "desk").unwrap();
    }

    #[test]
    fn wrong_token_or_body_is_a_bad_signature() {
        let chat = sign_chat_body(BODY, "token");
        let bad = WebhookError::BadSignature {
            header: CHAT_SIGNATURE_HEADER,
        };
        assert_eq!(
            verify_chat_signature(BODY, &chat, "other"),
            Err(bad.clone())
        );
        assert_eq!(verify_chat_signature(b"{}", &chat, "token"), Err(bad));
        let desk = sign_desk_body(BODY, "desk");
        assert_eq!(
            verify_desk_signature(b"{}", &desk, "desk"),
            Err(WebhookError::BadSignature {
                header: DESK_SIGNATURE_HEADER
            })
        );
    }

    #[test]
    fn malformed_signatures_say_what_is_wrong() {
        let err = verify_chat_signature(BODY, "not hex", "token").unwrap_err();
        assert!(
            matches!(err, WebhookError::MalformedSignature { .. }),
            "{err:?}"
        );
        let err = verify_chat_signature(BODY, "abcd", "token").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the `x-sendbird-signature` header is malformed: the digest has the wrong length"
        );
        let desk = sign_desk_body(BODY, "desk");
        let err =
            verify_desk_signature(BODY, desk.trim_start_matches("sha1="), "desk").unwrap_err();
        assert!(
            err.to_string().contains("does not start with `sha1=`"),
            "{err}"
        );
        // A Chat (SHA-256) digest is not a Desk (SHA-1) digest.
        let err = verify_desk_signature(
            BODY,
            &format!("sha1={}", sign_chat_body(BODY, "desk")),
            "desk",
        )
        .unwrap_err();
        assert!(
            matches!(err, WebhookError::MalformedSignature { .. }),
            "{err:?}"
        );
        assert_eq!(err.http_status(), 401);
    }

    #[test]
    fn empty_keys_are_configuration_errors() {
        let err = verify_chat_signature(BODY, &sign_chat_body(BODY, ""), "").unwrap_err();
        assert_eq!(
            err,
            WebhookError::EmptyKey {
                what: "master API token"
            }
        );
        assert_eq!(err.http_status(), 500);
        assert!(verify_bot_token("", "").is_err());
    }

    #[test]
    fn bot_tokens_compare_exactly() {
        verify_bot_token("secret", "secret").unwrap();
        assert_eq!(
            verify_bot_token("secreT", "secret"),
            Err(WebhookError::BadBotToken)
        );
        assert_eq!(
            verify_bot_token("secret-and-more", "secret"),
            Err(WebhookError::BadBotToken)
        );
        assert_eq!(
            verify_bot_token("", "secret"),
            Err(WebhookError::BadBotToken)
        );
    }

    #[test]
    fn header_lookup_ignores_case_and_finds_missing_headers() {
        let pairs = vec![("X-Sendbird-Signature".to_string(), "abc".to_string())];
        assert_eq!(
            pairs.header_value("x-sendbird-signature"),
            Some(&b"abc"[..])
        );
        assert_eq!(pairs.header_value("x-hub-signature"), None);
        let mut map = reqwest::header::HeaderMap::new();
        map.insert("x-hub-signature", "sha1=00".parse().unwrap());
        assert_eq!(map.header_value("X-Hub-Signature"), Some(&b"sha1=00"[..]));
        assert_eq!(
            required_header(&map, CHAT_SIGNATURE_HEADER),
            Err(WebhookError::MissingSignature {
                header: CHAT_SIGNATURE_HEADER
            })
        );
        let raw = [("x-sendbird-signature", &[0xff_u8, 0xfe][..])];
        assert!(matches!(
            required_header(&raw, CHAT_SIGNATURE_HEADER),
            Err(WebhookError::MalformedSignature { .. })
        ));
    }

    #[test]
    fn malformed_bodies_name_the_json_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            payload: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            content_size: i64,
        }
        let err = decode_event::<Outer>(br#"{"payload":{"content_size":"big"}}"#).unwrap_err();
        let WebhookError::MalformedBody { path, message } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "payload.content_size");
        assert!(message.contains("invalid type"), "{message}");
        assert!(err
            .to_string()
            .starts_with("the webhook body is not a valid payload at `payload.content_size`"));
        assert_eq!(err.http_status(), 400);
        let err = decode_event::<serde_json::Value>(b"{} trailing").unwrap_err();
        assert!(
            matches!(err, WebhookError::MalformedBody { ref path, .. } if path == "."),
            "{err:?}"
        );
        assert!(decode_event::<serde_json::Value>(b"").is_err());
    }
}
