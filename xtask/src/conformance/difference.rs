//! One difference between `api-spec/` and upstream: its kind, subject and stable key.

use std::collections::BTreeSet;
use std::fmt;

/// What kind of difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Upstream has the operation, we don't.
    MissingOperation,
    /// We have the operation, upstream doesn't.
    ExtraOperation,
    /// Upstream has a path, query or header parameter we don't.
    MissingParameter,
    /// We send a parameter upstream doesn't list.
    ExtraParameter,
    /// Upstream's request body has a field we don't.
    MissingField,
    /// Our request body has a field upstream's doesn't.
    ExtraField,
    /// The same thing under a different name (`user_id` / `user_ids`).
    NameMismatch,
    /// The same name in a different place (query / body).
    LocationMismatch,
    /// Types that don't correspond.
    TypeMismatch,
    /// Required on one side, optional on the other.
    RequiredMismatch,
    /// Upstream allows enum values ours doesn't know.
    EnumValuesMissing,
    /// Upstream's response has a field ours doesn't.
    ResponseFieldMissing,
    /// JSON on one side, multipart on the other.
    ContentTypeMismatch,
    /// An example request sends a parameter, header, field or part upstream doesn't list.
    RequestUnknownName,
    /// An example request leaves out a parameter, field or part upstream requires.
    RequestMissingRequired,
    /// An example request sends a value that doesn't fit upstream's type.
    RequestWrongType,
    /// An example request sends a value outside upstream's enum.
    RequestNotInEnum,
    /// An example request sends a body upstream doesn't take in that content type.
    RequestWrongContentType,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 18] = [
        Kind::MissingOperation,
        Kind::ExtraOperation,
        Kind::MissingParameter,
        Kind::ExtraParameter,
        Kind::MissingField,
        Kind::ExtraField,
        Kind::NameMismatch,
        Kind::LocationMismatch,
        Kind::TypeMismatch,
        Kind::RequiredMismatch,
        Kind::EnumValuesMissing,
        Kind::ResponseFieldMissing,
        Kind::ContentTypeMismatch,
        Kind::RequestUnknownName,
        Kind::RequestMissingRequired,
        Kind::RequestWrongType,
        Kind::RequestNotInEnum,
        Kind::RequestWrongContentType,
    ];

    /// The kind's name in reports and in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Kind::MissingOperation => "missing-operation",
            Kind::ExtraOperation => "extra-operation",
            Kind::MissingParameter => "missing-parameter",
            Kind::ExtraParameter => "extra-parameter",
            Kind::MissingField => "missing-field",
            Kind::ExtraField => "extra-field",
            Kind::NameMismatch => "name-mismatch",
            Kind::LocationMismatch => "location-mismatch",
            Kind::TypeMismatch => "type-mismatch",
            Kind::RequiredMismatch => "required-mismatch",
            Kind::EnumValuesMissing => "enum-values-missing",
            Kind::ResponseFieldMissing => "response-field-missing",
            Kind::ContentTypeMismatch => "content-type-mismatch",
            Kind::RequestUnknownName => "request-unknown-name",
            Kind::RequestMissingRequired => "request-missing-required",
            Kind::RequestWrongType => "request-wrong-type",
            Kind::RequestNotInEnum => "request-not-in-enum",
            Kind::RequestWrongContentType => "request-wrong-content-type",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What a difference is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// One of our operations: `chat.users.list_users`.
    Op(String),
    /// One of our named types: `chat.User` (found through one or more operations).
    Type(String),
    /// An upstream operation we don't have: `GET /v3/users/{}`.
    Upstream(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Op(s) => write!(f, "op {s}"),
            Subject::Type(s) => write!(f, "type {s}"),
            Subject::Upstream(s) => write!(f, "upstream {s}"),
        }
    }
}

/// The stable key of a difference.
pub type Key = (Subject, Kind, String);

/// One difference.
#[derive(Debug, Clone)]
pub struct Difference {
    /// What it is about.
    pub subject: Subject,
    /// What kind.
    pub kind: Kind,
    /// Which parameter or field (`query.limit`, `body.users[].user_id`,
    /// `response.next`); empty for a whole operation.
    pub item: String,
    /// The `api-spec/` file to fix (guessed from the closest path for a missing
    /// operation).
    pub file: String,
    /// What differs, in a few words.
    pub detail: String,
    /// The upstream operation compared with (`2024-09 GET /v3/users listUsers`).
    pub upstream: String,
    /// Our operations through which a type difference was found.
    pub via: BTreeSet<String>,
}

impl Difference {
    /// The stable key.
    pub fn key(&self) -> Key {
        (self.subject.clone(), self.kind, self.item.clone())
    }
}
