//! Names the generator makes up: module names that would clash with the modules it
//! always writes, and the names of hoisted inline types, builders and `one_of` enums,
//! which must not clash with each other or with declared types.
//!
//! The names come from the same `names` functions `lower` uses; a clash left unreported would make one type silently replace
//! another in the output.

use crate::diag::{Diagnostics, Loc};
use crate::names;
use crate::spec::{
    AreaDef, BodyContent, FieldDef, FieldType, Named, ResponseDef, ServiceDef, TypeBody,
};
use std::collections::{BTreeMap, BTreeSet};

/// Reports services and groups whose module would clash with a generated module.
pub(super) fn reserved_modules(
    d: &mut Diagnostics,
    services: &[Named<ServiceDef>],
    areas: &[AreaDef],
) {
    for s in services {
        let why = match names::snake_text(&s.name).as_str() {
            "error_codes" => "the generated `error_codes` module holds the error code table",
            "mod" => "its module file would be the generated root `mod.rs`",
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

/// Rust names already taken in one module, with what took them and where.
struct Taken {
    names: BTreeMap<String, (String, Loc)>,
    /// The module uses [`PRELUDE`] names unqualified, so no item may take them.
    prelude: bool,
    /// How to resolve a clash in this module.
    hint: &'static str,
}

impl Taken {
    fn new(hint: &'static str) -> Self {
        Taken {
            names: BTreeMap::new(),
            prelude: false,
            hint,
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
            Some((prev, prev_loc)) => d.error_hint(
                loc,
                format!("{what} is named `{rust}` in Rust, like {prev}"),
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
    items.claim_hint(
        d,
        names::pascal(&a.group).to_string(),
        format!("the handle of group `{}`", a.group),
        &a.loc,
        &format!("rename `{}` (a group takes its file's name)", a.file),
    );
    let mut seen_ops = BTreeSet::new();
    for op in &a.operations {
        if !seen_ops.insert(names::snake_text(&op.name)) {
            continue;
        }
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
