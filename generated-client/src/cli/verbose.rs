//! `--verbose`: one line on standard error for each event the runtime traces (each
//! request attempt: method, path template, status, timing, retry wait).
//!
//! A minimal `tracing` subscriber, so the command-line client shows exactly what the
//! runtime records, without another dependency. The runtime never records URLs,
//! query values, headers or bodies, so nothing printed here can hold a secret.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// Installs the subscriber for the whole process.
pub(crate) fn install() {
    let subscriber = Verbose {
        spans: Mutex::default(),
        next_id: AtomicU64::new(1),
    };
    // Fails only when a subscriber is already installed; then that one reports.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Field values in recording order.
#[derive(Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn set(&mut self, name: &'static str, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field.name(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.set(field.name(), format!("{value:?}"));
    }
}

struct SpanData {
    fields: Fields,
    refs: usize,
}

struct Verbose {
    spans: Mutex<BTreeMap<u64, SpanData>>,
    next_id: AtomicU64,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

impl Verbose {
    fn spans(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, SpanData>> {
        self.spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Subscriber for Verbose {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("sendbird_platform") && *metadata.level() <= Level::DEBUG
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut fields = Fields::default();
        attributes.record(&mut fields);
        self.spans().insert(id, SpanData { fields, refs: 1 });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(data) = self.spans().get_mut(&span.into_u64()) {
            values.record(&mut data.fields);
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut line = String::from("sendbird:");
        let current = ENTERED.with(|entered| entered.borrow().last().copied());
        if let Some(span) = current.and_then(|id| self.spans().get(&id).map(context)) {
            line.push_str(&span);
        }
        if let Some(message) = fields.get("message") {
            line.push(' ');
            line.push_str(message);
        }
        for (name, value) in fields.0.iter().filter(|(n, _)| *n != "message") {
            line.push_str(&format!(" {name}={value}"));
        }
        eprintln!("{line}");
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered.iter().rposition(|id| *id == span.into_u64()) {
                entered.remove(at);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Some(data) = self.spans().get_mut(&span.into_u64()) {
            data.refs += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let mut spans = self.spans();
        let id = span.into_u64();
        let Some(data) = spans.get_mut(&id) else {
            return false;
        };
        data.refs -= 1;
        if data.refs == 0 {
            spans.remove(&id);
            return true;
        }
        false
    }
}

/// ` GET /users/{user_id} (chat.users.view_user):` from the request span.
fn context(span: &SpanData) -> String {
    let f = &span.fields;
    let mut out = String::new();
    if let (Some(method), Some(path)) = (f.get("method"), f.get("path_template")) {
        out.push_str(&format!(" {method} {path}"));
    }
    if let Some(operation) = f.get("operation") {
        out.push_str(&format!(" ({operation})"));
    }
    if !out.is_empty() {
        out.push(':');
    }
    out
}
