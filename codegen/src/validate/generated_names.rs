//! Names the generator makes up. Before lowering: service and group names that would
//! make a module clash with the modules the generator always writes or the crates the
//! generated code names ([`reserved_modules`], on the spec). After lowering, on the IR
//! itself ([`check`]): every name the emitters will write, read from the IR that they
//! read, so what is checked is what would be emitted: declared and hoisted types,
//! inline responses, group handles and their `mock` stub handles, builders, input and
//! body structs, `one_of` enums, methods, statics, the arguments and setters of each
//! operation, and the commands, functions and constants of the command line. A clash
//! left unreported would make one item silently replace another in the output, or
//! make it fail to compile.
//!
//! [`check`] runs only on a spec that passed every other check (lowering needs one),
//! so its diagnostics come after the others are fixed; nothing is written either way.

use crate::diag::{Diagnostics, Loc};
use crate::ir::{Api, Group, InputKind, Operation, Role, Service};
use crate::names;
use crate::spec::{AreaDef, Named, ServiceDef};
use std::collections::BTreeMap;

/// Reports services and groups whose module would clash with a generated module.
pub(super) fn reserved_modules(
    d: &mut Diagnostics,
    services: &[Named<ServiceDef>],
    areas: &[AreaDef],
) {
    for s in services {
        let module = names::snake_text(&s.name);
        let why = match module.as_str() {
            "error_codes" => "the generated `error_codes` module holds the error code table".to_owned(),
            "mod" => "its module file would be the generated root `mod.rs`".to_owned(),
            "cli" => "the generated command line is the folder `cli/` beside the service modules".to_owned(),
            m if format!("{m}.rs") == names::ACCESSORS_FILE => format!("the generated file `{}` beside the service modules holds the service accessors of `Client`", names::ACCESSORS_FILE),
            m if CRATES.contains(&m) => format!("the command-line binary imports every service module by a glob, so a module `{m}` would make the crate `{m}` it uses ambiguous"),
            _ => continue,
        };
        d.error_hint(
            &s.loc,
            format!("the service name `{}` is reserved: {why}", s.name),
            "rename the service (and its folder)",
        );
    }
    for a in areas {
        let (why, hint) = match names::snake_text(&a.group).as_str() {
            "types" => (
                "each service already has a `types` module for the types of all its groups",
                format!("rename `{}`; types shared by several groups can live in any file of the service, such as `{}/common.yaml`", a.file, a.service),
            ),
            "mod" => (
                "the group's module file would be the service's own `mod.rs`",
                format!("rename `{}`", a.file),
            ),
            _ => continue,
        };
        d.error_hint(
            &a.loc,
            format!("the group name `{}` is reserved: {why}", a.group),
            hint,
        );
    }
}

/// Crates that the command-line binary names in the module where it glob-imports the
/// service modules (`use sendbird_platform::generated::*`); a service module of the same
/// name would make each such path ambiguous.
const CRATES: &[&str] = &["sendbird_platform", "std"];

/// Reports every clash between the names of the lowered API.
pub fn check(api: &Api, d: &mut Diagnostics) {
    let mut statics = Taken::new("rename the auth scheme");
    statics.names.insert(
        "SERVICES".into(),
        ("the generated list of services".into(), Loc::default()),
    );
    for a in &api.auth {
        statics.claim(
            d,
            a.ident.to_string(),
            format!("the static of auth scheme `{}`", a.name),
            &a.loc,
        );
    }
    let mut commands = Taken::commands("rename one of the services");
    for s in &api.services {
        commands.claim(
            d,
            s.command.clone(),
            format!("the command of service `{}`", s.name),
            &s.loc,
        );
    }
    for s in &api.services {
        service_types(d, s);
        for g in &s.groups {
            group_items(d, g);
        }
        cli_names(d, s);
    }
}

/// Declared types, hoisted inline types and inline responses share the service's
/// `types` module. Declared types claim first, so a clash names the inline one; then
/// each claims in spec order, so the later one is reported.
fn service_types(d: &mut Diagnostics, s: &Service) {
    let mut types = Taken::new(
        "rename one of them, or declare the inline type under `types:` with a name of its own",
    );
    let mut claims: Vec<_> = s.types.iter().collect();
    claims.sort_by_key(|t| (!t.declared, &t.origin.loc));
    for t in claims {
        types.claim(d, t.ident.to_string(), t.origin.what.clone(), &t.origin.loc);
    }
}

/// Claims the names of a service's command-line module: one command and two functions
/// per group, and a constant listing the values of each enum (in spec order).
fn cli_names(d: &mut Diagnostics, s: &Service) {
    let mut commands = Taken::commands("rename one of the group files");
    let mut functions = Taken::new("rename one of the group files");
    for g in &s.groups {
        commands.claim(
            d,
            g.command.clone(),
            format!("the command of group `{}`", g.name),
            &g.loc,
        );
        for (f, what) in [(&g.cli_command_fn, "declares"), (&g.cli_run_fn, "runs")] {
            functions.claim(
                d,
                f.to_string(),
                format!("the command-line function that {what} group `{}`", g.name),
                &g.loc,
            );
        }
    }
    let mut consts = Taken::new("rename one of the types");
    let mut enums: Vec<_> = s.types.iter().collect();
    enums.sort_by_key(|t| &t.origin.loc);
    for t in enums {
        if let Some(c) = &t.cli_values {
            let what = format!("the command line's list of the values of {}", t.origin.what);
            consts.claim(d, c.to_string(), what, &t.origin.loc);
        }
    }
}

/// Rust names already taken in one module, with what took them and where.
struct Taken {
    names: BTreeMap<String, (String, Loc)>,
    /// The module uses [`PRELUDE`] names unqualified, so no item may take them.
    prelude: bool,
    /// How to resolve a clash in this module.
    hint: &'static str,
    /// Where the names are used: `in Rust`, or `on the command line`.
    place: &'static str,
}

impl Taken {
    fn new(hint: &'static str) -> Self {
        Taken {
            names: BTreeMap::new(),
            prelude: false,
            hint,
            place: "in Rust",
        }
    }

    /// Names of the command line (commands), which are not Rust names.
    fn commands(hint: &'static str) -> Self {
        Taken {
            place: "on the command line",
            ..Taken::new(hint)
        }
    }

    fn claim(&mut self, d: &mut Diagnostics, rust: String, what: String, loc: &Loc) {
        self.claim_hint(d, rust, what, loc, self.hint);
    }

    fn claim_hint(
        &mut self,
        d: &mut Diagnostics,
        rust: String,
        what: String,
        loc: &Loc,
        hint: &str,
    ) {
        if self.prelude && PRELUDE.contains(&rust.as_str()) {
            d.error_hint(
                loc,
                format!("{what} is named `{rust}` in Rust, which would hide Rust's own `{rust}` from the generated code of its module"),
                hint,
            );
            return;
        }
        match self.names.get(&rust) {
            // Taken by the generator itself (no location): nothing to point at.
            Some((prev, prev_loc)) if prev_loc.file.is_empty() => d.error_hint(
                loc,
                format!("{what} is named `{rust}` {}, like {prev}", self.place),
                hint,
            ),
            Some((prev, prev_loc)) => d.error_hint(
                loc,
                format!("{what} is named `{rust}` {}, like {prev}", self.place),
                format!("{hint} (the other is at {prev_loc})"),
            ),
            None => {
                self.names.insert(rust, (what, loc.clone()));
            }
        }
    }
}

/// Names of Rust's prelude that generated group modules use unqualified; an item of
/// the group's own with one of them would shadow it.
const PRELUDE: &[&str] = &[
    "Default",
    "Err",
    "Into",
    "IntoIterator",
    "None",
    "Ok",
    "Option",
    "Result",
    "Some",
    "String",
    "Vec",
];

/// Claims the names of a group module's own items, and of each operation's.
fn group_items(d: &mut Diagnostics, g: &Group) {
    let mut items = Taken::new("rename the operation or the `one_of` group");
    items.prelude = true;
    let group_hint = format!("rename `{}` (a group takes its file's name)", g.file);
    items.claim_hint(
        d,
        g.handle.to_string(),
        format!("the handle of group `{}`", g.name),
        &g.loc,
        &group_hint,
    );
    items.claim_hint(
        d,
        g.mock.to_string(),
        format!("the `mock` stub handle of group `{}`", g.name),
        &g.loc,
        &group_hint,
    );
    let mut methods = Taken::new("rename one of the operations (an operation named like a method every group handle has, such as `clone`, gets an `_op` suffix)");
    let mut statics = Taken::new("rename one of the operations");
    let mut commands = Taken::commands("rename one of the operations");
    for op in &g.ops {
        let shown = format!("operation `{}`", op.name);
        methods.claim(
            d,
            op.method_ident.to_string(),
            format!("the method of {shown}"),
            &op.loc,
        );
        statics.claim(
            d,
            op.static_ident.to_string(),
            format!("the static of {shown}"),
            &op.loc,
        );
        commands.claim(
            d,
            op.command.clone(),
            format!("the command of {shown}"),
            &op.loc,
        );
        operation_inputs(d, op);
        items.claim(
            d,
            op.builder.to_string(),
            format!("the request builder of {shown}"),
            &op.loc,
        );
        items.claim(
            d,
            op.input.to_string(),
            format!("the input struct of {shown}"),
            &op.loc,
        );
        if let (Some((ident, _)), Some(body)) = (op.body_struct(), &op.body) {
            items.claim(
                d,
                ident.to_string(),
                format!("the body struct of {shown}"),
                &body.loc,
            );
        }
        for (input, one_of) in op.one_of() {
            items.claim(
                d,
                one_of.enum_ident.to_string(),
                format!("the `one_of.{}` enum of {shown}", input.wire),
                &input.loc,
            );
        }
    }
}

/// What an input is, as a diagnostic names it, and how to rename it.
fn input_kind(kind: &InputKind) -> (&'static str, &'static str) {
    match kind {
        InputKind::Path => ("path parameter", "rename the path parameter and its `{placeholder}` (the name of a path parameter is not sent)"),
        InputKind::Query => ("query parameter", "send the body as inline `fields:`, or rename the parameter"),
        InputKind::Header => ("header", "send the body as inline `fields:`, or rename the header"),
        InputKind::BodyField | InputKind::File => ("body field", "rename the field"),
        InputKind::OneOf(_) => ("`one_of` group", "rename the group: its name is only used in Rust and on the command line"),
        InputKind::Body => ("the argument that takes the whole-type body", ""),
    }
}

/// Claims the names of an operation's inputs: the input struct's fields (which are
/// also the method's arguments: path parameters, `one_of` groups, a whole-type body,
/// required parameters, body fields and file parts), and the request builder's setters.
/// The whole-type body claims first (it is the generator's name, not the spec's), then
/// the parameters, then the `one_of` groups.
fn operation_inputs(d: &mut Diagnostics, op: &Operation) {
    let order = |kind: &InputKind| match kind {
        InputKind::Body => 0,
        InputKind::OneOf(_) => 2,
        _ => 1,
    };
    let mut inputs: Vec<_> = op.inputs.iter().collect();
    inputs.sort_by_key(|i| order(&i.kind));
    let mut fields: BTreeMap<String, (String, Loc)> = BTreeMap::new();
    for i in inputs {
        let rust = i.ident.to_string();
        let (what, hint) = input_kind(&i.kind);
        let shown = match i.kind {
            InputKind::Body => what.to_owned(),
            _ => format!("{what} `{}`", i.wire),
        };
        match fields.get(&rust) {
            Some((prev, prev_loc)) => {
                let hint = if prev_loc.file.is_empty() {
                    hint.to_owned()
                } else {
                    format!("{hint} (the other is at {prev_loc})")
                };
                d.error_hint(
                    &i.loc,
                    format!(
                        "{shown} of `{}` is named `{rust}` in Rust, like {prev}",
                        op.name
                    ),
                    hint,
                );
            }
            None => {
                let loc = match i.kind {
                    // The generator's own name: nothing to point at.
                    InputKind::Body => Loc::default(),
                    _ => i.loc.clone(),
                };
                fields.insert(rust, (shown, loc));
            }
        }
    }
    // Setters: a name the request builder already has gets a `_value` suffix.
    let mut setters = Taken::new("rename one of them (a parameter named like a method every request builder has, such as `send`, gets a setter with a `_value` suffix)");
    for i in &op.inputs {
        if let Role::Setter(setter) = &i.role {
            let (what, _) = input_kind(&i.kind);
            setters.claim(
                d,
                setter.to_string(),
                format!("the setter of {what} `{}` of `{}`", i.wire, op.name),
                &i.loc,
            );
        }
    }
}
