//! Credential slots and how each is attached to a request.
//!
//! Each product's credential lives in its own named slot (`api_token`,
//! `desk_api_token`, `organization_api_token`, `basic`), and each operation's auth
//! scheme names the slot it reads, so a Desk token can never be sent to Chat. Secrets
//! are held as [`SecretString`] (zeroized on drop) and `Debug` prints `[redacted]`.

use std::collections::BTreeMap;
use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::operation::{AuthKind, Operation};

/// One stored credential.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A token sent verbatim in a header.
    Token(SecretString),
    /// HTTP Basic credentials.
    Basic {
        username: String,
        password: SecretString,
    },
}

/// The credentials of a client, by slot name.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    slots: BTreeMap<&'static str, Credential>,
}

/// What to add to a request to authenticate it.
pub(crate) enum Auth {
    /// A header whose value is marked sensitive (hidden from `Debug`).
    Header(HeaderName, HeaderValue),
    /// HTTP Basic, applied per attempt by reqwest (which also marks it sensitive).
    Basic {
        username: String,
        password: SecretString,
    },
}

impl Credentials {
    pub(crate) fn set(&mut self, slot: &'static str, credential: Credential) {
        self.slots.insert(slot, credential);
    }

    /// Refuses values that can't be sent: empty tokens, tokens with whitespace, control
    /// or non-ASCII characters, usernames that are empty or contain `:`.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        for (slot, credential) in &self.slots {
            match credential {
                Credential::Token(token) => {
                    let token = token.expose_secret();
                    if token.is_empty() {
                        return Err(Error::config(format!("the `{slot}` credential is empty")));
                    }
                    // Stricter than HTTP allows: whitespace or non-ASCII in a token is a
                    // copy-paste accident (a trailing newline from a file, say).
                    if !token.bytes().all(|b| b.is_ascii_graphic()) {
                        return Err(Error::config(format!(
                            "the `{slot}` credential contains whitespace, control or non-ASCII characters, which can't be part of a token"
                        )));
                    }
                }
                Credential::Basic { username, .. } => {
                    if username.is_empty() || username.contains(':') {
                        return Err(Error::config(
                            "the basic auth username must be non-empty and must not contain `:`",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The authentication for `operation`, or `MissingCredentials` when its slot is
    /// empty. Called before any network I/O.
    pub(crate) fn auth_for(&self, operation: &'static Operation) -> Result<Auth, Error> {
        let scheme = operation.auth;
        let missing = || Error::MissingCredentials {
            operation: operation.name,
            credential: scheme.credential,
        };
        let credential = self.slots.get(scheme.credential).ok_or_else(missing)?;
        match (scheme.kind, credential) {
            (AuthKind::Header(header), Credential::Token(token)) => {
                let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| {
                    Error::config(format!("auth scheme `{}` names an invalid header `{header}`", scheme.name))
                })?;
                let mut value = HeaderValue::from_str(token.expose_secret()).map_err(|_| {
                    Error::config(format!("the `{}` credential can't be sent in a header", scheme.credential))
                })?;
                value.set_sensitive(true);
                Ok(Auth::Header(name, value))
            }
            (AuthKind::Basic, Credential::Basic { username, password }) => Ok(Auth::Basic {
                username: username.clone(),
                password: password.clone(),
            }),
            (AuthKind::Header(_), Credential::Basic { .. }) | (AuthKind::Basic, Credential::Token(_)) => {
                Err(Error::config(format!(
                    "operation {} uses auth scheme `{}`, which can't use the kind of credential stored in slot `{}`",
                    operation.name, scheme.name, scheme.credential
                )))
            }
        }
    }
}

impl Auth {
    pub(crate) fn apply(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Auth::Header(name, value) => builder.header(name.clone(), value.clone()),
            Auth::Basic { username, password } => {
                builder.basic_auth(username, Some(password.expose_secret()))
            }
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token([redacted])"),
            Credential::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &format_args!("[redacted]"))
                .finish(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.slots.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_tokens_and_passwords() {
        let mut credentials = Credentials::default();
        credentials.set("api_token", Credential::Token("tok-secret-1".into()));
        credentials.set(
            "basic",
            Credential::Basic {
                username: "org".into(),
                password: "pw-secret-2".into(),
            },
        );
        let debug = format!("{credentials:?}");
        assert!(
            !debug.contains("tok-secret-1") && !debug.contains("pw-secret-2"),
            "{debug}"
        );
        assert!(
            debug.contains("[redacted]") && debug.contains("api_token"),
            "{debug}"
        );
    }

    #[test]
    fn tokens_that_cannot_be_headers_are_refused() {
        for bad in ["", "abc\n", " abc", "abc\r\nX-Injected: 1", "tok\u{e9}"] {
            let mut credentials = Credentials::default();
            credentials.set("api_token", Credential::Token(bad.into()));
            assert!(credentials.validate().is_err(), "{bad:?} was accepted");
        }
        let mut credentials = Credentials::default();
        credentials.set("api_token", Credential::Token("0123abcd".into()));
        assert!(credentials.validate().is_ok());
    }
}
