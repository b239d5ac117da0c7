//! What the command-line client prints: responses on standard output, failures as one
//! line on standard error, and the exit code that goes with each failure.

use std::any::TypeId;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use futures::{Stream, StreamExt};
use serde::Serialize;

use crate::Error;

/// The longest server-supplied message printed, in characters.
const MAX_MESSAGE_CHARS: usize = 2000;

/// The credentials the client was configured with: masked in everything printed.
static SECRETS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Remembers the configured credentials so that nothing printed shows them.
pub(crate) fn mask_secrets(secrets: Vec<String>) {
    let secrets = secrets.into_iter().filter(|s| !s.is_empty()).collect();
    let _ = SECRETS.set(secrets);
}

/// Replaces every configured credential in `text` with `[redacted]`.
fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    let secrets = SECRETS.get().map(Vec::as_slice).unwrap_or_default();
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for secret in secrets {
        out = out.replace(secret.as_str(), "[redacted]");
    }
    std::borrow::Cow::Owned(out)
}

/// Makes server-supplied text safe for a terminal: escape sequences (CSI, OSC and
/// two-character ones), C0 controls other than newline and tab, DEL and C1 controls
/// are dropped; the text is cut at [`MAX_MESSAGE_CHARS`] characters.
pub(crate) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE_CHARS * 4));
    let mut chars = text.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if count >= MAX_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \).
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' {
                            chars.next_if_eq(&'\\');
                            break;
                        }
                    }
                }
                // A two-character sequence: drop both.
                _ => {}
            },
            '\n' | '\t' => {
                out.push(c);
                count += 1;
            }
            c if c.is_control() => {}
            c => {
                out.push(c);
                count += 1;
            }
        }
    }
    out
}

/// Exit code of a usage error: bad arguments (clap's own code), an invalid `--body`,
/// or an input the request builder refused.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code of an error answer from the API.
pub(crate) const EXIT_API: u8 = 3;
/// Exit code of a request still rate-limited after the retries.
pub(crate) const EXIT_RATE_LIMITED: u8 = 4;
/// Exit code of a request that got no answer: connection failure or timeout.
pub(crate) const EXIT_TRANSPORT: u8 = 5;
/// Exit code of anything else (configuration, undecodable response, output error).
pub(crate) const EXIT_OTHER: u8 = 1;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The arguments were wrong in a way clap could not see.
    Usage(String),
    /// The client returned an error.
    Api(Error),
    /// Writing the output failed.
    Output(io::Error),
    /// A bug in the generated command-line code.
    Internal(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Output(e.into())
    }
}

impl Failure {
    /// Prints the failure as one line on standard error and returns the exit code.
    pub(crate) fn report(&self) -> ExitCode {
        if let Failure::Output(e) = self {
            if e.kind() == io::ErrorKind::BrokenPipe {
                // The reader (`| head`) has had enough: not an error.
                return ExitCode::SUCCESS;
            }
        }
        let (code, message) = match self {
            Failure::Usage(message) => (EXIT_USAGE, message.clone()),
            Failure::Api(error) => (exit_code(error), describe(error)),
            Failure::Output(e) => (EXIT_OTHER, format!("cannot write the output: {e}")),
            Failure::Internal(message) => (EXIT_OTHER, format!("internal error: {message}")),
        };
        let message = terminal_safe(&mask(&message));
        let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
        eprintln!("error: {line}");
        ExitCode::from(code)
    }
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::InvalidRequest { .. } => EXIT_USAGE,
        e if e.is_rate_limited() => EXIT_RATE_LIMITED,
        Error::Api { .. } => EXIT_API,
        Error::Timeout { .. } | Error::Transport { .. } => EXIT_TRANSPORT,
        _ => EXIT_OTHER,
    }
}

/// The error's own message, with the command-line way to fix configuration problems.
fn describe(error: &Error) -> String {
    match error {
        Error::MissingCredentials {
            operation,
            credential,
        } => {
            let hint = match *credential {
                "api_token" => "set SENDBIRD_API_TOKEN or pass --api-token",
                "desk_api_token" => "set SENDBIRD_DESK_API_TOKEN or pass --desk-api-token",
                "organization_api_token" => "set SENDBIRD_ORG_API_TOKEN or pass --org-api-token",
                _ => "the command-line client cannot send this credential yet",
            };
            format!("{operation} needs the `{credential}` credential: {hint}")
        }
        Error::Configuration { message } => format!(
            "{message} (on the command line: SENDBIRD_APP_ID or --app-id, \
             SENDBIRD_<PRODUCT>_BASE_URL or --base-url PRODUCT=URL)"
        ),
        other => other.to_string(),
    }
}

/// How to print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    /// Indented JSON (standard output is a terminal).
    pub(crate) pretty: bool,
    /// Count items on standard error during `--all-pages` (it is a terminal).
    pub(crate) progress: bool,
}

impl Output {
    /// Decides from the terminals attached.
    pub(crate) fn detect() -> Self {
        Output {
            pretty: io::stdout().is_terminal(),
            progress: io::stderr().is_terminal(),
        }
    }

    /// Prints one response; an empty response prints `{}`.
    ///
    /// Responses are serialized compactly into a buffer (the serializer request
    /// bodies use too), so each response type's `Serialize` is compiled once; pretty
    /// printing re-indents that text, keeping the fields in the struct's order.
    pub(crate) fn value<T: Serialize + 'static>(self, value: &T) -> Result<(), Failure> {
        let compact = if TypeId::of::<T>() == TypeId::of::<()>() {
            b"{}".to_vec()
        } else {
            serde_json::to_vec(value)?
        };
        let compact = mask_bytes(compact);
        let mut out = io::stdout().lock();
        if self.pretty {
            out.write_all(&indent(&compact))?;
        } else {
            out.write_all(&compact)?;
        }
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }

    /// Prints every item as one line of JSON, as it arrives.
    pub(crate) async fn items<I: Serialize>(
        self,
        mut items: impl Stream<Item = Result<I, Error>> + Unpin,
    ) -> Result<(), Failure> {
        let mut count: u64 = 0;
        let result = loop {
            let item = match items.next().await {
                None => break Ok(()),
                Some(Err(e)) => break Err(Failure::Api(e)),
                Some(Ok(item)) => item,
            };
            let line = mask_bytes(serde_json::to_vec(&item)?);
            let mut out = io::stdout().lock();
            out.write_all(&line)?;
            out.write_all(b"\n")?;
            out.flush()?;
            count += 1;
            if self.progress {
                eprint!("\r{count} items");
            }
        };
        if self.progress && count > 0 {
            eprintln!();
        }
        result
    }
}

/// [`mask`] for serialized JSON (always UTF-8).
fn mask_bytes(json: Vec<u8>) -> Vec<u8> {
    match std::str::from_utf8(&json).map(mask) {
        Ok(std::borrow::Cow::Owned(masked)) => masked.into_bytes(),
        _ => json,
    }
}

/// Indents compact JSON text as `serde_json::to_string_pretty` would.
fn indent(compact: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(compact.len() * 2);
    let mut depth = 0_usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    for (i, &byte) in compact.iter().enumerate() {
        if in_string {
            out.push(byte);
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                out.push(byte);
            }
            b'{' | b'[' => {
                out.push(byte);
                if !matches!(compact.get(i + 1), Some(b'}' | b']')) {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                if !matches!(compact.get(i.wrapping_sub(1)), Some(b'{' | b'[')) {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(byte);
            }
            b',' => {
                out.push(byte);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(byte),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_made_terminal_safe() {
        let hostile = "a\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}b\u{7}c\u{9b}d\u{7f}e\u{1b}]8;;x\u{1b}\\f\u{0}\r\nline\tg\u{1b}Mh";
        assert_eq!(terminal_safe(hostile), "ared bcdef\nline\tgh");
        let long = "x".repeat(1_000_000);
        let cut = terminal_safe(&long);
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(terminal_safe("日本語 ok"), "日本語 ok");
    }

    #[test]
    fn indenting_compact_json_matches_serde_json_pretty() {
        let value = serde_json::json!({
            "z": [1, {"a": "x\\\"{[,:]}", "b": []}, {}],
            "empty": {},
            "list": [[], [null, true, -1.5e3]],
            "text": "multi\nline",
        });
        let compact = serde_json::to_vec(&value).unwrap();
        let expected = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(String::from_utf8(indent(&compact)).unwrap(), expected);
    }
}
