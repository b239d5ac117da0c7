//! Our side of the comparison: `api-spec/` as the generator reads it (the read spec
//! model of the `codegen` crate, before validation and lowering), with the few
//! look-ups the comparison needs.

use codegen::diag::Diagnostics;
use codegen::spec::{AreaDef, OpDef, Spec, TypeBody, TypeDef};
use std::collections::BTreeMap;
use std::path::Path;

/// The services the upstream files describe: Chat, and the organization service
/// (compared only where one of its paths matches an upstream path).
pub const SERVICES: [&str; 2] = ["chat", "organization"];

/// Loads and reads the spec directory; shape errors are returned as text.
pub fn load(dir: &Path) -> Result<Spec, String> {
    let mut d = Diagnostics::default();
    let files = codegen::load::load_dir(dir, &mut d);
    let spec = codegen::spec::read(&files, &mut d);
    if d.is_empty() {
        Ok(spec)
    } else {
        Err(format!(
            "{}\nthe spec has problems: fix them first (`cargo xtask validate`)",
            d.sorted()
        ))
    }
}

/// One of our operations.
pub struct OurOp<'a> {
    /// Service name.
    pub service: &'a str,
    /// The area file, relative to `api-spec/`.
    pub file: &'a str,
    /// `service.group.operation`.
    pub id: String,
    /// Upper-case method.
    pub method: String,
    /// The path with the service's base path in front (`/v3/users/{user_id}`).
    pub full_path: String,
    /// The definition.
    pub def: &'a OpDef,
}

/// A named type of ours and the file that defines it.
pub struct OurType<'a> {
    /// The area file.
    pub file: &'a str,
    /// The definition.
    pub def: &'a TypeDef,
}

/// The spec, indexed for the comparison.
pub struct Ours<'a> {
    /// Operations of the compared services, in file order.
    pub ops: Vec<OurOp<'a>>,
    types: BTreeMap<&'a str, BTreeMap<&'a str, OurType<'a>>>,
}

impl<'a> Ours<'a> {
    /// Indexes the operations of [`SERVICES`] and every named type.
    pub fn new(spec: &'a Spec) -> Ours<'a> {
        let mut base_paths = BTreeMap::new();
        if let Some(root) = &spec.root {
            for s in &root.services {
                let url = s.def.base_url.as_ref().map_or("", |u| u.text.as_str());
                base_paths.insert(
                    s.name.as_str(),
                    codegen::endpoints::base_path(url).to_owned(),
                );
            }
        }
        let mut ops = Vec::new();
        let mut types = BTreeMap::new();
        for area in &spec.areas {
            for t in &area.types {
                types
                    .entry(area.service.as_str())
                    .or_insert_with(BTreeMap::new)
                    .insert(
                        t.name.as_str(),
                        OurType {
                            file: &area.file,
                            def: &t.def,
                        },
                    );
            }
            if !SERVICES.contains(&area.service.as_str()) {
                continue;
            }
            let base = base_paths.get(area.service.as_str()).cloned();
            for op in &area.operations {
                ops.push(our_op(area, op, base.as_deref().unwrap_or("")));
            }
        }
        Ours { ops, types }
    }

    /// A named type of a service.
    pub fn named(&self, service: &str, name: &str) -> Option<&OurType<'a>> {
        self.types.get(service)?.get(name)
    }

    /// The tag field a type's JSON carries though its fields don't declare it: a
    /// union's tag, or for a struct the tag of a union it is a variant of (the union
    /// writes and reads it).
    pub fn tag_field(&self, service: &str, name: &str) -> Option<&'a str> {
        let t = self.named(service, name)?;
        if let TypeBody::Union { tag, .. } = &t.def.body {
            return Some(tag.text.as_str());
        }
        self.types
            .get(service)?
            .values()
            .find_map(|u| {
                match &u.def.body {
            TypeBody::Union { tag, variants } => variants
                .iter()
                .any(|(_, v)| matches!(&v.kind, codegen::spec::TypeExprKind::Named(n) if n == name))
                .then_some(tag.text.as_str()),
            _ => None,
        }
            })
    }

    /// The variants' shapes of a type: a struct's own fields, or a union's variants.
    pub fn struct_bodies(&self, service: &str, name: &str) -> Vec<&'a TypeBody> {
        let Some(t) = self.named(service, name) else {
            return Vec::new();
        };
        match &t.def.body {
            TypeBody::Struct(_) => vec![&t.def.body],
            TypeBody::Union { variants, .. } => variants
                .iter()
                .filter_map(|(_, v)| match &v.kind {
                    codegen::spec::TypeExprKind::Named(n) => self.named(service, n),
                    _ => None,
                })
                .map(|t| &t.def.body)
                .collect(),
            TypeBody::Enum(_) => Vec::new(),
        }
    }
}

fn our_op<'a>(area: &'a AreaDef, op: &'a codegen::spec::Named<OpDef>, base: &str) -> OurOp<'a> {
    OurOp {
        service: &area.service,
        file: &area.file,
        id: format!("{}.{}.{}", area.service, area.group, op.name),
        method: op.def.method.as_str().to_owned(),
        full_path: format!("{base}{}", op.def.path.text),
        def: &op.def,
    }
}
