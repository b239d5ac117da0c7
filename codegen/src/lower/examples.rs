//! Lowering an operation's examples: each input is matched to the method argument or
//! setter that takes it, with the type the value must have.

use crate::ir::{Example, ExampleValue, InputKind, Operation};
use crate::names;
use crate::spec::{yaml_to_json, ExampleDef};

/// Lowers one example of `op` (validated: every input resolves).
pub fn lower(op_name: &str, op: &Operation, ex: &ExampleDef) -> Example {
    let json = |name: &str| {
        ex.input
            .iter()
            .find(|(k, _)| k.text == name)
            .map(|(_, v)| yaml_to_json(v).to_string())
    };
    let mut args = Vec::new();
    for a in op.arguments() {
        let value = match &a.kind {
            InputKind::OneOf(g) => g
                .members
                .iter()
                .find_map(|m| json(&m.wire).map(|v| (m, v)))
                .map(|(m, value)| ExampleValue {
                    name: m.wire.clone(),
                    ty: m.ty.clone(),
                    json: value,
                    variant: Some((g.enum_ident.clone(), m.variant.clone())),
                }),
            _ => json(&a.wire).map(|value| ExampleValue {
                name: a.wire.clone(),
                ty: a.ty.clone(),
                json: value,
                variant: None,
            }),
        };
        args.extend(value);
    }
    // Setters in the order the example gives its inputs.
    let mut setters = Vec::new();
    for (key, _) in &ex.input {
        if let Some((p, setter)) = op.setters().find(|(p, _)| p.wire == key.text) {
            setters.push((
                setter.clone(),
                ExampleValue {
                    name: p.wire.clone(),
                    ty: p.ty.clone(),
                    json: json(&p.wire).unwrap_or_default(),
                    variant: None,
                },
            ));
        }
    }
    let test = match &ex.name {
        Some(n) => names::ident(&format!("{op_name}_{}", n.text)),
        None => names::ident(op_name),
    };
    let r = &ex.request;
    Example {
        test,
        args,
        setters,
        method: r
            .method
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default(),
        path: r.path.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        query: r
            .query
            .iter()
            .map(|(k, v)| (k.text.clone(), v.clone()))
            .collect(),
        headers: r
            .headers
            .iter()
            .map(|(k, v)| (k.text.clone(), v.clone()))
            .collect(),
        body: r.body.clone(),
        status: ex.response.status,
        response_headers: ex.response.headers.clone(),
        response_body: ex.response.body.as_ref().map(|b| b.to_string()),
    }
}
