//! The types parameters may have. Path segments, query values and headers are text, so a
//! parameter's type needs a text form the runtime can write: a scalar or a string enum
//! (and in the query, a comma-joined list of those).

use super::Ctx;
use crate::spec::{FieldDef, FieldType, OpDef, Prim, TypeBody, TypeExprKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Header => "header",
        }
    }

    fn target(self) -> &'static str {
        match self {
            Place::Path => "a path segment",
            Place::Query => "a query value",
            Place::Header => "a header value",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Place::Query => "use a scalar (`string`, `i64`, `bool`, ...), a string enum, or a `list<...>` of those; send structured inputs in a request body",
            _ => "use a scalar (`string`, `i64`, `bool`, ...) or a string enum; send structured inputs in a request body",
        }
    }
}

impl Ctx<'_, '_> {
    /// Reports path, query and header parameters whose type has no text form.
    pub(super) fn param_types(&mut self, o: &OpDef) {
        let places = [
            (Place::Path, &o.path_params),
            (Place::Query, &o.query),
            (Place::Header, &o.headers),
        ];
        for (place, params) in places {
            for p in params {
                if let Some(what) = self.textless(p, place) {
                    let message = format!(
                        "{} parameter `{}` has {what}, which can't be written as {}",
                        place.name(),
                        p.wire,
                        place.target()
                    );
                    self.d.error_hint(&p.loc, message, place.hint());
                }
            }
        }
    }

    /// What is wrong with the type of `p` in `place`, or `None` when it has a text form
    /// (or its problem, such as an unknown type or a `file`, is reported elsewhere).
    fn textless(&self, p: &FieldDef, place: Place) -> Option<String> {
        let kind = match &p.ty {
            FieldType::Inline(body, _) => {
                return match **body {
                    TypeBody::Enum(_) => None,
                    TypeBody::Struct(_) => Some("an inline struct type".into()),
                    TypeBody::Union { .. } => Some("an inline union type".into()),
                };
            }
            FieldType::Expr(e) => &e.kind,
        };
        let note = match kind {
            TypeExprKind::List(inner) if place == Place::Query => self
                .textless_scalar(inner)
                .map(|(_, many)| format!("a list of {many}")),
            other => self.textless_scalar(other).map(|(one, _)| one.to_owned()),
        };
        note.map(|note| format!("type `{}` ({note})", type_text(kind)))
    }

    /// What a value of `kind` is (one, many) when it has no text form.
    fn textless_scalar(&self, kind: &TypeExprKind) -> Option<(&'static str, &'static str)> {
        match kind {
            TypeExprKind::Prim(Prim::Json) => Some(("any JSON value", "JSON values")),
            TypeExprKind::Prim(_) => None,
            TypeExprKind::Named(n) => match self.table.get(n.as_str()) {
                Some((TypeBody::Struct(_), _)) => Some(("a struct", "structs")),
                Some((TypeBody::Union { .. }, _)) => Some(("a union", "unions")),
                Some((TypeBody::Enum(_), _)) | None => None,
            },
            // A list of files is reported as such by the type check.
            TypeExprKind::List(inner) if **inner == TypeExprKind::Prim(Prim::File) => None,
            TypeExprKind::List(_) => Some(("a list", "lists")),
            TypeExprKind::Map(_) => Some(("a map", "maps")),
        }
    }
}

/// A type expression as it is written in the spec (without `?`).
fn type_text(kind: &TypeExprKind) -> String {
    match kind {
        TypeExprKind::Prim(p) => p.name().to_owned(),
        TypeExprKind::List(inner) => format!("list<{}>", type_text(inner)),
        TypeExprKind::Map(inner) => format!("map<{}>", type_text(inner)),
        TypeExprKind::Named(n) => n.clone(),
    }
}
