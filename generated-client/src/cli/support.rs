//! What the generated command-line code (`generated/cli/`) calls, through
//! `__private::cli`: argument constructors, the parsed inputs of one operation, and the
//! glue that feeds them to a typed request builder, sends it and prints the response.
//!
//! The generated code only *describes*: which arguments an operation has, and which
//! builder method each one feeds. Parsing, reading files, merging `--body`, sending and
//! printing all happen here, once, for every operation.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::future::Future;
use std::pin::Pin;

use clap::builder::{BoolValueParser, PossibleValue, TypedValueParser, ValueParser};
use clap::error::ErrorKind;
use clap::{value_parser, ArgAction};
use futures::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

pub use clap::{Arg, ArgGroup, ArgMatches, Command};

use super::output::{Failure, Output};
use crate::{Client, Error, Response, UploadFile};

/// Id of `--body`. Ids of the fixed arguments start with `+`, which no generated
/// argument id (a kebab-case name) can.
pub const BODY: &str = "+body";
const FILE: &str = "+file";
const ALL_PAGES: &str = "+all-pages";

/// A product of the spec (a service), as the command-line client sees it.
pub struct Product {
    /// The command name (`chat`).
    pub name: &'static str,
    /// The service name, as `ClientBuilder::base_url` takes it.
    pub service: &'static str,
    /// The service's part of its base-URL variable, `SENDBIRD_<env_name>_BASE_URL`
    /// (the spec's `env_name`, by default the service name in upper snake case).
    pub env_name: &'static str,
    /// Builds the product's command and all its subcommands.
    pub command: fn() -> Command,
    /// Runs the operation the arguments matched.
    pub run: fn(&Inputs<'_>) -> Job,
}

/// The command of one product.
pub fn product(
    name: &'static str,
    title: &'static str,
    doc: &'static str,
    url: &'static str,
) -> Command {
    parent(name)
        .about(title)
        .long_about(paragraphs(&[title, doc, url]))
}

/// The command of one group of operations.
pub fn group(name: &'static str, doc: &'static str, url: &'static str) -> Command {
    parent(name)
        .about(summary(doc))
        .long_about(paragraphs(&[doc, url]))
}

fn parent(name: &'static str) -> Command {
    Command::new(name)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
}

/// The command of one operation: `route` is `METHOD /path`.
pub fn op(
    name: &'static str,
    doc: &'static str,
    route: &'static str,
    url: &'static str,
) -> Command {
    Command::new(name)
        .about(summary(doc))
        .long_about(paragraphs(&[doc, route, url]))
}

/// Marks an operation's command as deprecated, with what to use instead.
pub fn deprecated(command: Command, note: &'static str) -> Command {
    let about = command
        .get_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    command
        .about(format!("[deprecated] {about}"))
        .before_long_help(format!("Deprecated: {note}"))
}

/// The first sentence of a description, for one-line listings.
fn summary(doc: &str) -> String {
    let first = doc.trim().lines().next().unwrap_or_default();
    let end = first
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| first[i..].trim_start().starts_with(char::is_uppercase));
    first[..end.unwrap_or(first.len())].to_owned()
}

fn paragraphs(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    parts.join("\n\n")
}

/// How the value of an argument is parsed. Every value is kept as JSON; the builder
/// call that takes it decodes it into the setter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text.
    Text,
    /// `true` or `false`; a flag alone means `true`.
    Bool,
    /// A 32-bit integer.
    I32,
    /// A 64-bit integer.
    I64,
    /// A non-negative 32-bit integer.
    U32,
    /// A non-negative 64-bit integer.
    U64,
    /// A number.
    F64,
    /// A Unix timestamp in seconds.
    Seconds,
    /// A Unix timestamp in milliseconds.
    Millis,
    /// JSON text, decoded into the input's type.
    Json,
    /// Any JSON value; text that is not JSON is sent as a JSON string.
    AnyJson,
}

pub use Kind::{AnyJson, Bool, Json, Millis, Seconds, Text, F64, I32, I64, U32, U64};

impl Kind {
    fn value_name(self) -> &'static str {
        match self {
            Text => "TEXT",
            Bool => "BOOL",
            I32 | I64 | U32 | U64 => "INT",
            F64 => "NUMBER",
            Seconds => "UNIX_SECONDS",
            Millis => "UNIX_MILLIS",
            Json | AnyJson => "JSON",
        }
    }

    fn parser(self) -> ValueParser {
        match self {
            Text => ValueParser::new(|text: &str| Ok::<_, String>(Value::from(text))),
            Bool => ValueParser::new(BoolValueParser::new().map(Value::from)),
            I32 => ValueParser::new(value_parser!(i32).map(Value::from)),
            I64 | Seconds | Millis => ValueParser::new(value_parser!(i64).map(Value::from)),
            U32 => ValueParser::new(value_parser!(u32).map(Value::from)),
            U64 => ValueParser::new(value_parser!(u64).map(Value::from)),
            F64 => ValueParser::new(|text: &str| {
                text.parse::<f64>()
                    .map(Value::from)
                    .map_err(|e| format!("not a number: {e}"))
            }),
            Json => ValueParser::new(|text: &str| {
                serde_json::from_str::<Value>(text).map_err(|e| format!("not valid JSON: {e}"))
            }),
            AnyJson => ValueParser::new(|text: &str| {
                Ok::<_, String>(serde_json::from_str(text).unwrap_or_else(|_| Value::from(text)))
            }),
        }
    }
}

fn flag_arg(id: &'static str, help: &'static str, value_name: &'static str) -> Arg {
    let arg = Arg::new(id)
        .long(id.replace('_', "-"))
        .value_name(value_name)
        .action(ArgAction::Set);
    if help.is_empty() {
        arg
    } else {
        arg.help(help)
    }
}

fn scalar_arg(id: &'static str, kind: Kind, help: &'static str) -> Arg {
    let arg = flag_arg(id, help, kind.value_name()).value_parser(kind.parser());
    match kind {
        Bool => arg.num_args(0..=1).default_missing_value("true"),
        _ => arg,
    }
}

fn choice_arg(id: &'static str, values: &'static [&'static str], help: &'static str) -> Arg {
    flag_arg(id, help, "VALUE").value_parser(ChoiceParser { values })
}

fn list_arg(arg: Arg, delimited: bool) -> Arg {
    let help = arg.get_help().map(|h| format!("{h} ")).unwrap_or_default();
    let arg = arg.num_args(1).action(ArgAction::Append);
    if delimited {
        arg.help(format!("{help}[comma-separated or repeated]"))
            .value_delimiter(',')
    } else {
        arg.help(format!("{help}[repeat for each item]"))
    }
}

/// Declares the arguments of an operation on its command. Each adds one argument,
/// whose id is the input's wire name and whose long name is that with `-` for `_`.
pub trait Declare: Sized {
    /// A flag.
    fn flag(self, id: &'static str, kind: Kind, help: &'static str) -> Self;
    /// A flag of a string enum: the known values are listed in help, and others are
    /// sent as given (the API may know values this build does not).
    fn choice(self, id: &'static str, values: &'static [&'static str], help: &'static str) -> Self;
    /// A list flag.
    fn list(self, id: &'static str, kind: Kind, help: &'static str) -> Self;
    /// A list of string enum values.
    fn choices(self, id: &'static str, values: &'static [&'static str], help: &'static str)
        -> Self;
    /// A required positional argument (a path parameter).
    fn path(self, id: &'static str, kind: Kind, help: &'static str) -> Self;
    /// A positional argument of a string enum.
    fn path_choice(
        self,
        id: &'static str,
        values: &'static [&'static str],
        help: &'static str,
    ) -> Self;
    /// Gives the last argument another long name.
    fn renamed(self, long: &'static str) -> Self;
    /// Makes the last argument required.
    fn required(self) -> Self;
    /// Makes the last argument (a body field) required unless `--body` is given.
    fn required_field(self) -> Self;
    /// Starts the body section of the help.
    fn body_fields(self) -> Self;
    /// `--body FILE|-`: the whole body (`whole`: the body is one named type), or an
    /// object of body fields that flags override.
    fn body(self, whole: bool) -> Self;
    /// `--file NAME=PATH`, repeatable: the file parts of a multipart body.
    fn files(self, names: &'static [&'static str]) -> Self;
    /// `--all-pages`, on paginated operations.
    fn all_pages(self) -> Self;
    /// Exactly one of the arguments `ids` must be given.
    fn one_of(self, name: &'static str, ids: &'static [&'static str]) -> Self;
}

fn last_arg(command: Command, f: impl FnOnce(Arg) -> Arg) -> Command {
    let id = command
        .get_arguments()
        .last()
        .map(|arg| arg.get_id().clone())
        .expect("an argument was declared before");
    command.mut_arg(id, f)
}

impl Declare for Command {
    fn flag(self, id: &'static str, kind: Kind, help: &'static str) -> Self {
        self.arg(scalar_arg(id, kind, help))
    }

    fn choice(self, id: &'static str, values: &'static [&'static str], help: &'static str) -> Self {
        self.arg(choice_arg(id, values, help))
    }

    fn list(self, id: &'static str, kind: Kind, help: &'static str) -> Self {
        let delimited = !matches!(kind, Json | AnyJson);
        self.arg(list_arg(scalar_arg(id, kind, help), delimited))
    }

    fn choices(
        self,
        id: &'static str,
        values: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        self.arg(list_arg(choice_arg(id, values, help), true))
    }

    fn path(self, id: &'static str, kind: Kind, help: &'static str) -> Self {
        self.arg(positional(scalar_arg(id, kind, help)))
    }

    fn path_choice(
        self,
        id: &'static str,
        values: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        self.arg(positional(choice_arg(id, values, help)))
    }

    fn renamed(self, long: &'static str) -> Self {
        last_arg(self, |arg| arg.long(long))
    }

    fn required(self) -> Self {
        last_arg(self, |arg| arg.required(true))
    }

    fn required_field(self) -> Self {
        last_arg(self, |arg| {
            let help = arg.get_help().map(|h| format!("{h} ")).unwrap_or_default();
            arg.required_unless_present(BODY)
                .help(format!("{help}[required unless given in --body]"))
        })
    }

    fn body_fields(self) -> Self {
        self.next_help_heading("Body")
    }

    fn body(self, whole: bool) -> Self {
        let help = if whole {
            "The request body as JSON, read from FILE, or from standard input with `-`."
        } else {
            "Body fields as a JSON object, read from FILE, or from standard input with `-`. \
             Each key is a field's wire name; a flag overrides the key it covers, and keys \
             that are not fields of the operation are refused."
        };
        self.arg(
            Arg::new(BODY)
                .long("body")
                .value_name("FILE|-")
                .help(help)
                .required(whole)
                .value_parser(read_json),
        )
    }

    fn files(self, names: &'static [&'static str]) -> Self {
        self.arg(
            Arg::new(FILE)
                .long("file")
                .value_name("NAME=PATH")
                .help(format!(
                    "A file to upload, read from PATH, as the part NAME: {}.",
                    names.join(", ")
                ))
                .action(ArgAction::Append)
                .value_parser(FileParser { names }),
        )
    }

    fn all_pages(self) -> Self {
        self.arg(
            Arg::new(ALL_PAGES)
                .long("all-pages")
                .action(ArgAction::SetTrue)
                .help("Follow the cursor through every page; print each item as one line of JSON."),
        )
    }

    fn one_of(self, name: &'static str, ids: &'static [&'static str]) -> Self {
        self.group(
            ArgGroup::new(format!("+{name}"))
                .args(ids)
                .required(true)
                .multiple(false),
        )
    }
}

fn positional(arg: Arg) -> Arg {
    let name = arg.get_id().as_str().to_uppercase().replace('-', "_");
    arg.long(None).value_name(name).required(true)
}

fn read_json(source: &str) -> Result<Value, String> {
    let text = if source == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))?
    };
    serde_json::from_str(&text).map_err(|e| format!("{source} is not valid JSON: {e}"))
}

fn utf8<'s>(cmd: &Command, value: &'s OsStr) -> Result<&'s str, clap::Error> {
    value
        .to_str()
        .ok_or_else(|| clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(cmd))
}

/// Lists the known values in help, and accepts any.
#[derive(Clone)]
struct ChoiceParser {
    values: &'static [&'static str],
}

impl TypedValueParser for ChoiceParser {
    type Value = Value;

    fn parse_ref(
        &self,
        cmd: &Command,
        _arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Value, clap::Error> {
        utf8(cmd, value).map(Value::from)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// Parses `NAME=PATH` and reads the file.
#[derive(Clone)]
struct FileParser {
    names: &'static [&'static str],
}

impl TypedValueParser for FileParser {
    type Value = (String, UploadFile);

    fn parse_ref(
        &self,
        cmd: &Command,
        _arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let invalid = |message: String| {
            clap::Error::raw(ErrorKind::ValueValidation, format!("--file: {message}\n"))
                .with_cmd(cmd)
        };
        let text = utf8(cmd, value)?;
        let (name, path) = text
            .split_once('=')
            .ok_or_else(|| invalid(format!("expected NAME=PATH, got `{text}`")))?;
        if !self.names.contains(&name) {
            return Err(invalid(format!(
                "this operation has no file part `{name}`; it takes: {}",
                self.names.join(", ")
            )));
        }
        let file =
            UploadFile::from_path(path).map_err(|e| invalid(format!("cannot read {path}: {e}")))?;
        Ok((name.to_owned(), file))
    }
}

/// The parsed arguments of the matched operation, and the client to send it with.
pub struct Inputs<'a> {
    client: Client,
    group: &'a str,
    op: &'a str,
    matches: &'a ArgMatches,
    output: Output,
    body: Option<Value>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// The first problem found while reading inputs; reported instead of sending.
    problem: Option<Failure>,
    /// Wire names of the body fields the operation reads.
    fields: BTreeSet<&'static str>,
    /// `--body` was taken whole (a named body type).
    whole_body: bool,
}

impl<'a> Inputs<'a> {
    pub(crate) fn new(
        client: Client,
        (group, op, matches): (&'a str, &'a str, &'a ArgMatches),
        output: Output,
    ) -> Self {
        let body = matches.try_get_one::<Value>(BODY).ok().flatten().cloned();
        Inputs {
            client,
            group,
            op,
            matches,
            output,
            body,
            state: RefCell::default(),
        }
    }

    /// The client (a cheap clone).
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// The matched group's command name.
    pub fn group(&self) -> &str {
        self.group
    }

    /// The matched operation's command name.
    pub fn op(&self) -> &str {
        self.op
    }

    /// Starts feeding the arguments to a request builder.
    pub fn with<B>(&self, builder: B) -> With<'_, 'a, B> {
        With { cx: self, builder }
    }

    fn fail(&self, failure: Failure) {
        let mut state = self.state.borrow_mut();
        if state.problem.is_none() {
            state.problem = Some(failure);
        }
    }

    /// Decodes an input's JSON into the type its setter takes; `what` names the input
    /// in the error.
    fn decode<T: DeserializeOwned>(&self, what: &str, value: Value) -> Option<T> {
        match serde_json::from_value(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(Failure::Usage(format!("invalid value for {what}: {e}")));
                None
            }
        }
    }

    /// The value of an argument as given (JSON), if given: all of its values as an
    /// array for a list, else the last one.
    fn raw(&self, id: &str, list: bool) -> Option<Value> {
        match self.matches.try_get_many::<Value>(id) {
            Ok(values) => {
                let mut values: Vec<Value> = values?.cloned().collect();
                if list {
                    Some(Value::Array(values))
                } else {
                    values.pop()
                }
            }
            Err(e) => {
                self.fail(Failure::Internal(format!("argument `{id}`: {e}")));
                None
            }
        }
    }

    /// The value of an argument, if given, decoded into `T`.
    pub fn get<T: DeserializeOwned>(&self, id: &str) -> Option<T> {
        let value = self.raw(id, false)?;
        self.decode(&format!("`{id}`"), value)
    }

    fn get_list<T: DeserializeOwned>(&self, id: &str) -> Option<Vec<T>> {
        let value = self.raw(id, true)?;
        self.decode(&format!("`{id}`"), value)
    }

    /// The value of a required argument (clap has checked that it is there).
    pub fn req<T: DeserializeOwned + Default>(&self, id: &str) -> T {
        self.get(id).unwrap_or_default()
    }

    /// The value of a required text argument.
    pub fn text(&self, id: &str) -> String {
        self.req(id)
    }

    /// The one member of an exactly-one-of group that was given (clap has checked
    /// there is one); `None` when its value could not be decoded.
    pub fn one_of<E, const N: usize>(&self, members: [Option<E>; N]) -> Option<E> {
        let member = members.into_iter().flatten().next();
        if member.is_none() && self.state.borrow().problem.is_none() {
            self.fail(Failure::Internal("no member of a required group".into()));
        }
        member
    }

    /// The job that reports the problem found while reading the inputs.
    pub fn failed(&self) -> Job {
        let problem = self.state.borrow_mut().problem.take();
        Job::fail(problem.unwrap_or_else(|| Failure::Internal("no problem recorded".into())))
    }

    /// The whole `--body`, decoded as the operation's body type.
    pub fn body<T: DeserializeOwned + Default>(&self) -> T {
        self.state.borrow_mut().whole_body = true;
        let value = self.body.clone().unwrap_or_default();
        serde_json::from_value(value).unwrap_or_else(|e| {
            self.fail(Failure::Usage(format!(
                "--body is not a valid request body: {e}"
            )));
            T::default()
        })
    }

    /// A body field: its flag, else its key in `--body`.
    fn field<T: DeserializeOwned>(&self, key: &'static str, list: bool) -> Option<T> {
        self.state.borrow_mut().fields.insert(key);
        if let Some(value) = self.raw(key, list) {
            return self.decode(&format!("`{key}`"), value);
        }
        let value = self.body.as_ref()?.as_object()?.get(key)?;
        if value.is_null() {
            return None;
        }
        self.decode(&format!("--body field `{key}`"), value.clone())
    }

    /// A required body field (an argument of the operation's method): its flag, else
    /// its key in `--body`; `None` when it is in neither or does not decode (the
    /// problem is recorded).
    pub fn required_field<T: DeserializeOwned>(&self, key: &'static str, list: bool) -> Option<T> {
        let value = self.field(key, list);
        if value.is_none() && self.state.borrow().problem.is_none() {
            self.fail(Failure::Usage(format!(
                "the required body field `{key}` is missing: give it as a flag or in --body"
            )));
        }
        value
    }

    /// A required query parameter or header (an argument of the operation's method):
    /// clap has checked that its flag is given; `None` when the value does not decode
    /// (the problem is recorded).
    pub fn required_param<T: DeserializeOwned>(&self, id: &str, list: bool) -> Option<T> {
        let value = self.raw(id, list)?;
        self.decode(&format!("`{id}`"), value)
    }

    /// The file part `name`, from `--file NAME=PATH` (the last one given for the name
    /// wins).
    fn file(&self, name: &str) -> Option<UploadFile> {
        self.matches
            .try_get_many::<(String, UploadFile)>(FILE)
            .ok()
            .flatten()
            .and_then(|mut files| files.rfind(|(n, _)| n == name))
            .map(|(_, file)| file.clone())
    }

    /// A required file part (an argument of the operation's method); `None` when it
    /// was not given (the problem is recorded).
    pub fn required_file(&self, name: &str) -> Option<UploadFile> {
        let file = self.file(name);
        if file.is_none() {
            self.fail(Failure::Usage(format!(
                "the required file part `{name}` is missing: give it with --file {name}=PATH"
            )));
        }
        file
    }

    /// The problem to report instead of sending, if any: a bad input, or `--body`
    /// keys that are not fields of the operation.
    fn problem(&self) -> Option<Failure> {
        let mut state = self.state.borrow_mut();
        if let Some(problem) = state.problem.take() {
            return Some(problem);
        }
        let body = self.body.as_ref()?;
        if state.whole_body {
            return None;
        }
        let Some(object) = body.as_object() else {
            return Some(Failure::Usage("--body must be a JSON object".into()));
        };
        let unknown: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|key| !state.fields.contains(key))
            .collect();
        if unknown.is_empty() {
            return None;
        }
        let known: Vec<&str> = state.fields.iter().copied().collect();
        Some(Failure::Usage(format!(
            "--body has keys this operation does not take: {}; its fields are: {}",
            unknown.join(", "),
            known.join(", ")
        )))
    }

    /// For the `_` arm of a generated `match`: clap only matches known commands.
    pub fn unknown(&self) -> Job {
        Job::fail(Failure::Internal(format!(
            "no operation `{} {}`",
            self.group, self.op
        )))
    }
}

/// A request builder being fed the arguments of an operation, one setter at a time.
#[must_use = "finish with `.send(..)` or `.paged(..)`"]
pub struct With<'c, 'a, B> {
    cx: &'c Inputs<'a>,
    builder: B,
}

/// Each method is generic over its setter, so each call site is compiled on its own:
/// they stay one small function each, with the decoding in `Inputs` (generic over
/// the value type only, so shared).
impl<B> With<'_, '_, B> {
    /// A query or header argument, decoded into the setter's type.
    pub fn set<T: DeserializeOwned>(mut self, id: &str, setter: impl FnOnce(B, T) -> B) -> Self {
        if let Some(value) = self.cx.get(id) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A text argument (its setter takes any `Into<String>`).
    pub fn text(mut self, id: &str, setter: impl FnOnce(B, String) -> B) -> Self {
        if let Some(value) = self.cx.get(id) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A list argument (its setter takes any `IntoIterator`).
    pub fn list<T: DeserializeOwned>(
        mut self,
        id: &str,
        setter: impl FnOnce(B, Vec<T>) -> B,
    ) -> Self {
        if let Some(value) = self.cx.get_list(id) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A list-of-texts argument.
    pub fn texts(mut self, id: &str, setter: impl FnOnce(B, Vec<String>) -> B) -> Self {
        if let Some(value) = self.cx.get_list(id) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A body field: flag `id`, else key `id` of `--body`.
    pub fn field<T: DeserializeOwned>(
        mut self,
        id: &'static str,
        setter: impl FnOnce(B, T) -> B,
    ) -> Self {
        if let Some(value) = self.cx.field(id, false) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A text body field.
    pub fn field_text(mut self, id: &'static str, setter: impl FnOnce(B, String) -> B) -> Self {
        if let Some(value) = self.cx.field(id, false) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A list body field.
    pub fn field_list<T: DeserializeOwned>(
        mut self,
        id: &'static str,
        setter: impl FnOnce(B, Vec<T>) -> B,
    ) -> Self {
        if let Some(value) = self.cx.field(id, true) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A list-of-texts body field.
    pub fn field_texts(
        mut self,
        id: &'static str,
        setter: impl FnOnce(B, Vec<String>) -> B,
    ) -> Self {
        if let Some(value) = self.cx.field(id, true) {
            self.builder = setter(self.builder, value);
        }
        self
    }

    /// A file part, from `--file NAME=PATH` (the last one given for the name wins).
    pub fn file(mut self, name: &str, setter: impl FnOnce(B, UploadFile) -> B) -> Self {
        if let Some(file) = self.cx.file(name) {
            self.builder = setter(self.builder, file);
        }
        self
    }

    /// Sends the request (`send` is the builder's `send_with_metadata`) and prints
    /// the response.
    pub fn send<T, F>(self, send: impl FnOnce(B) -> F) -> Job
    where
        F: Future<Output = Result<Response<T>, Error>> + 'static,
        T: Serialize + 'static,
    {
        if let Some(problem) = self.cx.problem() {
            return Job::fail(problem);
        }
        let output = self.cx.output;
        let response = send(self.builder);
        Job(Box::pin(async move {
            let response = response.await.map_err(Failure::Api)?;
            output.value(&response.data)
        }))
    }

    /// Like [`With::send`] for a paginated operation: with `--all-pages`, streams
    /// every item of every page (`items` is the builder's `into_stream`).
    pub fn paged<T, F, I, S>(self, items: impl FnOnce(B) -> S, send: impl FnOnce(B) -> F) -> Job
    where
        F: Future<Output = Result<Response<T>, Error>> + 'static,
        T: Serialize + 'static,
        S: Stream<Item = Result<I, Error>> + Unpin + 'static,
        I: Serialize + 'static,
    {
        if !self.cx.matches.get_flag(ALL_PAGES) {
            return self.send(send);
        }
        if let Some(problem) = self.cx.problem() {
            return Job::fail(problem);
        }
        let output = self.cx.output;
        let stream = items(self.builder);
        Job(Box::pin(output.items(stream)))
    }
}

/// The work of one command: send, then print.
pub struct Job(pub(crate) Pin<Box<dyn Future<Output = Result<(), Failure>>>>);

impl Job {
    fn fail(failure: Failure) -> Job {
        Job(Box::pin(async move { Err(failure) }))
    }
}
