//! Names the generator makes up: module names that would clash with the modules it
//! always writes or the crates the generated code names; the names of hoisted inline
//! types, builders, `one_of` enums and `mock` stub handles, which must not clash with
//! each other or with declared types; the methods, setters and arguments of each
//! operation; and the commands, functions and constants of the command line.
//!
//! The names come from the same `names` functions `lower` uses to make the IR's names
//! (the emitters only read those); a clash left unreported would make one item silently
//! replace another in the output, or make it fail to compile.

use crate::diag::{Diagnostics, Loc};
use crate::names;
use crate::spec::{
    AreaDef, BodyContent, FieldDef, FieldType, Named, OpDef, ResponseDef, RootDef, ServiceDef,
    TypeBody,
};
use std::collections::{BTreeMap, BTreeSet};

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

/// Names the generated root module and the command line's root take: the service
/// registry `SERVICES` beside the auth scheme statics, and each service's command.
pub(super) fn root_names(d: &mut Diagnostics, root: &RootDef) {
    let mut statics = Taken::new("rename the auth scheme");
    statics.names.insert(
        "SERVICES".into(),
        ("the generated list of services".into(), Loc::default()),
    );
    // Auth schemes that collide with each other are reported as such.
    for a in &root.auth {
        let rust = names::shouty(&a.name).to_string();
        if statics.names.contains_key(&rust) {
            statics.claim(
                d,
                rust,
                format!("the static of auth scheme `{}`", a.name),
                &a.loc,
            );
        }
    }
    let mut commands = Taken::commands("rename one of the services");
    for s in &root.services {
        commands.claim(
            d,
            names::command(&s.name),
            format!("the command of service `{}`", s.name),
            &s.loc,
        );
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

/// Reports generated type names of one service that clash: declared types, hoisted
/// inline types and inline responses share the service's `types` module; builders,
/// body structs and `one_of` enums share their group's module.
pub(super) fn service_names(d: &mut Diagnostics, areas: &[&AreaDef]) {
    let mut types = Taken::new(
        "rename one of them, or declare the inline type under `types:` with a name of its own",
    );
    // Declared types first: clashes between them are reported as duplicate types.
    for a in areas {
        for t in &a.types {
            let rust = names::pascal(&t.name).to_string();
            types
                .names
                .entry(rust)
                .or_insert_with(|| (format!("type `{}`", t.name), t.loc.clone()));
        }
    }
    // A type or operation whose name is taken is reported as a duplicate: the names of
    // its parts would only repeat that.
    let mut seen_types = BTreeSet::new();
    for a in areas {
        for t in &a.types {
            let rust = names::pascal(&t.name).to_string();
            if seen_types.insert(rust.clone()) {
                inline_types(d, &mut types, &rust, &format!("`{}`", t.name), &t.def.body);
            }
        }
        let mut seen_ops = BTreeSet::new();
        for op in &a.operations {
            if !seen_ops.insert(names::snake_text(&op.name)) {
                continue;
            }
            let o = &op.def;
            let owner = names::pascal_text(&op.name);
            let shown_op = format!("operation `{}` of group `{}`", op.name, a.group);
            let body: &[FieldDef] = match &o.body {
                Some(b) => match &b.content {
                    BodyContent::Fields(f) => f,
                    BodyContent::Type(_) => &[],
                },
                None => &[],
            };
            let params = o
                .path_params
                .iter()
                .chain(&o.query)
                .chain(&o.headers)
                .chain(body);
            for f in params {
                inline_field(
                    d,
                    &mut types,
                    &owner,
                    &format!("parameter `{}` of {shown_op}", f.wire),
                    f,
                );
            }
            if let ResponseDef::Fields(fields, loc) = &o.response {
                let ident = names::operation_type(&op.name, "response").to_string();
                types.claim(
                    d,
                    ident.clone(),
                    format!("the inline response of {shown_op}"),
                    loc,
                );
                for f in fields {
                    inline_field(
                        d,
                        &mut types,
                        &ident,
                        &format!("field `{}` of the response of {shown_op}", f.wire),
                        f,
                    );
                }
            }
        }
        group_items(d, a);
    }
    cli_names(d, areas);
}

/// Claims the names of a service's command-line module: one command per group (with
/// operations), and a constant listing the values of each enum.
fn cli_names(d: &mut Diagnostics, areas: &[&AreaDef]) {
    let mut commands = Taken::commands("rename one of the group files");
    let mut consts = Taken::new("rename one of the types");
    // A type declared twice is reported as a duplicate; each other enum claims its
    // constant, even when another enum's constant already has the name.
    let mut enums = BTreeSet::new();
    for a in areas {
        if !a.operations.is_empty() {
            commands.claim(
                d,
                names::command(&a.group),
                format!("the command of group `{}`", a.group),
                &a.loc,
            );
        }
        for t in &a.types {
            if let TypeBody::Enum(_) = t.def.body {
                let rust = names::pascal(&t.name).to_string();
                if !enums.insert(rust.clone()) {
                    continue;
                }
                let what = format!("the command line's list of the values of `{}`", t.name);
                consts.claim(d, names::cli_values_const(&rust).to_string(), what, &t.loc);
            }
        }
    }
}

/// Claims the names of the inline types of a type's fields, recursively.
fn inline_types(d: &mut Diagnostics, taken: &mut Taken, owner: &str, shown: &str, body: &TypeBody) {
    if let TypeBody::Struct(fields) = body {
        for f in fields {
            inline_field(
                d,
                taken,
                owner,
                &format!("field `{}` of {shown}", f.wire),
                f,
            );
        }
    }
}

/// Claims the name of the inline type of `f` (hoisted as `{owner}{Field}`), if it has one.
fn inline_field(d: &mut Diagnostics, taken: &mut Taken, owner: &str, shown: &str, f: &FieldDef) {
    if let FieldType::Inline(body, _) = &f.ty {
        let ident = names::member_type(owner, &f.wire).to_string();
        taken.claim(
            d,
            ident.clone(),
            format!("the inline type of {shown}"),
            &f.loc,
        );
        inline_types(d, taken, &ident, &format!("`{ident}`"), body);
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

/// Claims the names of a group module's own items.
fn group_items(d: &mut Diagnostics, a: &AreaDef) {
    let mut items = Taken::new("rename the operation or the `one_of` group");
    items.prelude = true;
    let handle = names::pascal(&a.group);
    let group_hint = format!("rename `{}` (a group takes its file's name)", a.file);
    items.claim_hint(
        d,
        handle.to_string(),
        format!("the handle of group `{}`", a.group),
        &a.loc,
        &group_hint,
    );
    items.claim_hint(
        d,
        names::mock_handle(&handle).to_string(),
        format!("the `mock` stub handle of group `{}`", a.group),
        &a.loc,
        &group_hint,
    );
    let mut methods = Taken::new("rename one of the operations (an operation named like a method every group handle has, such as `clone`, gets an `_op` suffix)");
    let mut statics = Taken::new("rename one of the operations");
    let mut commands = Taken::commands("rename one of the operations");
    let mut seen_ops = BTreeSet::new();
    for op in &a.operations {
        if !seen_ops.insert(names::snake_text(&op.name)) {
            continue;
        }
        let shown = format!("operation `{}`", op.name);
        methods.claim(
            d,
            names::operation_method(&op.name).to_string(),
            format!("the method of {shown}"),
            &op.loc,
        );
        statics.claim(
            d,
            names::shouty(&op.name).to_string(),
            format!("the static of {shown}"),
            &op.loc,
        );
        commands.claim(
            d,
            names::command(&op.name),
            format!("the command of {shown}"),
            &op.loc,
        );
        operation_inputs(d, &op.name, &op.def);
        let owner = names::pascal_text(&op.name);
        let builder = names::operation_type(&op.name, "request").to_string();
        items.claim(
            d,
            builder,
            format!("the request builder of operation `{}`", op.name),
            &op.loc,
        );
        items.claim(
            d,
            names::operation_type(&op.name, "input").to_string(),
            format!("the input struct of operation `{}`", op.name),
            &op.loc,
        );
        if let Some(b) = &op.def.body {
            if let BodyContent::Fields(_) = b.content {
                let ident = names::operation_type(&op.name, "body").to_string();
                items.claim(
                    d,
                    ident,
                    format!("the body struct of operation `{}`", op.name),
                    &b.loc,
                );
            }
        }
        for g in &op.def.one_of {
            let ident = names::member_type(&owner, &g.name).to_string();
            items.claim(
                d,
                ident,
                format!("the `one_of.{}` enum of operation `{}`", g.name, op.name),
                &g.loc,
            );
        }
    }
}

/// Claims the names of an operation's inputs: the method's arguments and the input
/// struct's fields (path parameters, `one_of` groups, a whole-type body, required body
/// fields and file parts), and the
/// request builder's setters (query, header and body parameters).
fn operation_inputs(d: &mut Diagnostics, op: &str, o: &OpDef) {
    let body_fields: &[FieldDef] = match &o.body {
        Some(b) => match &b.content {
            BodyContent::Fields(f) => f,
            BodyContent::Type(_) => &[],
        },
        None => &[],
    };
    // Argument and field names. Parameters that share a name are reported as declared
    // in two places, so only the generated names are checked against them.
    let mut inputs: BTreeMap<String, (String, Loc)> = BTreeMap::new();
    let whole_body = matches!(
        &o.body,
        Some(b) if matches!(b.content, BodyContent::Type(_))
    );
    if whole_body {
        inputs.insert(
            "body".into(),
            (
                "the argument that takes the whole-type body".into(),
                Loc::default(),
            ),
        );
    }
    let places = [
        ("path parameter", &o.path_params[..], "rename the path parameter and its `{placeholder}` (the name of a path parameter is not sent)"),
        ("query parameter", &o.query[..], "send the body as inline `fields:`, or rename the parameter"),
        ("header", &o.headers[..], "send the body as inline `fields:`, or rename the header"),
        ("body field", body_fields, "rename the field"),
    ];
    for (what, params, hint) in places {
        for p in params {
            let rust = names::snake_text(&p.wire);
            match inputs.get(&rust) {
                Some((prev, _)) if prev.starts_with("the argument") => d.error_hint(
                    &p.loc,
                    format!(
                        "{what} `{}` of `{op}` is named `{rust}` in Rust, like {prev}",
                        p.wire
                    ),
                    hint,
                ),
                _ => {
                    inputs
                        .entry(rust)
                        .or_insert_with(|| (format!("{what} `{}`", p.wire), p.loc.clone()));
                }
            }
        }
    }
    for g in &o.one_of {
        let rust = names::snake_text(&g.name);
        match inputs.get(&rust) {
            Some((prev, prev_loc)) => d.error_hint(
                &g.loc,
                format!("`one_of` group `{}` of `{op}` is named `{rust}` in Rust, like {prev}", g.name),
                if prev_loc.file.is_empty() {
                    "rename the group: its name is only used in Rust and on the command line".to_owned()
                } else {
                    format!("rename the group: its name is only used in Rust and on the command line (the other is at {prev_loc})")
                },
            ),
            None => {
                inputs.insert(rust, (format!("`one_of` group `{}`", g.name), g.loc.clone()));
            }
        }
    }
    // Setters: a name the request builder already has gets a `_value` suffix.
    let mut setters = Taken::new("rename one of them (a parameter named like a method every request builder has, such as `send`, gets a setter with a `_value` suffix)");
    let settable = o
        .query
        .iter()
        .filter(|q| {
            !o.one_of
                .iter()
                .any(|g| g.def.iter().any(|m| m.text == q.wire))
        })
        .map(|p| ("query parameter", p))
        .chain(o.headers.iter().map(|p| ("header", p)))
        .chain(
            body_fields
                .iter()
                .filter(|f| f.const_value.is_none())
                .map(|p| ("body field", p)),
        );
    let mut seen = BTreeSet::new();
    for (what, p) in settable {
        if !seen.insert(names::snake_text(&p.wire)) {
            continue;
        }
        setters.claim(
            d,
            names::setter(&names::snake(&p.wire)).to_string(),
            format!("the setter of {what} `{}` of `{op}`", p.wire),
            &p.loc,
        );
    }
}
