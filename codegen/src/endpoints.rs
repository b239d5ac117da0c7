//! Listings of every operation: the tab-separated endpoint list and the Markdown table.

use crate::ir::Api;

/// One operation, as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Service name.
    pub service: String,
    /// Group name.
    pub group: String,
    /// Operation name.
    pub operation: String,
    /// HTTP method.
    pub method: &'static str,
    /// Path as the request sees it, including the base URL's path (`/v3/users/{user_id}`).
    pub full_path: String,
    /// Auth scheme name.
    pub auth: String,
    /// Rust call path (`client.chat().users().view_user(..)`).
    pub call: String,
    /// Public doc page.
    pub docs_url: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// The path part of a base URL template (`https://host/v3` gives `/v3`; no path gives
/// ``).
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("", |i| after_scheme[i..].trim_end_matches('/'))
}

/// Every operation, sorted by service, group and operation name.
pub fn endpoints(api: &Api) -> Vec<Endpoint> {
    let mut out = Vec::new();
    for s in &api.services {
        for g in &s.groups {
            for op in &g.ops {
                let mut args: Vec<String> = op
                    .path_params
                    .iter()
                    .map(|p| crate::names::unraw(&p.ident))
                    .collect();
                args.extend(op.one_of.iter().map(|g| crate::names::unraw(&g.ident)));
                if matches!(
                    op.body,
                    Some(crate::ir::Body {
                        content: crate::ir::BodyContent::Type(_),
                        ..
                    })
                ) {
                    args.push("body".into());
                }
                out.push(Endpoint {
                    service: s.name.clone(),
                    group: g.name.clone(),
                    operation: op.name.clone(),
                    method: op.method.as_str(),
                    full_path: format!("{}{}", base_path(&s.base_url), op.path),
                    auth: op.auth_name.clone(),
                    call: format!(
                        "{}().{}().{}({})",
                        crate::names::unraw(&s.module),
                        crate::names::unraw(&g.module),
                        crate::names::unraw(&op.method_ident),
                        args.join(", ")
                    ),
                    docs_url: op.docs.url.clone(),
                    deprecated: op.docs.deprecated.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.service, &a.group, &a.operation).cmp(&(&b.service, &b.group, &b.operation))
    });
    out
}

/// One tab-separated line per operation: service, group, operation, method, path, auth.
pub fn tsv(api: &Api) -> String {
    endpoints(api)
        .iter()
        .map(|e| {
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                e.service, e.group, e.operation, e.method, e.full_path, e.auth
            )
        })
        .collect()
}

/// The Markdown endpoint table (`ENDPOINTS.md`).
/// The README's coverage table: per service, its groups with their operation counts,
/// the operations and the example exchanges.
pub fn coverage(api: &Api) -> String {
    let mut out = String::from(
        "| service | groups (operations) | operations | examples |\n|---|---|---:|---:|\n",
    );
    let (mut ops, mut examples) = (0, 0);
    for s in &api.services {
        let groups: Vec<String> = s
            .groups
            .iter()
            .map(|g| format!("{} {}", g.name.replace('_', " "), g.ops.len()))
            .collect();
        let n: usize = s.groups.iter().map(|g| g.ops.len()).sum();
        let e: usize = s
            .groups
            .iter()
            .flat_map(|g| &g.ops)
            .map(|o| o.examples.len())
            .sum();
        out.push_str(&format!(
            "| {} (`{}`) | {} | {n} | {e} |\n",
            s.title,
            s.name,
            groups.join(", ")
        ));
        ops += n;
        examples += e;
    }
    out.push_str(&format!("| **total** | | **{ops}** | **{examples}** |\n"));
    out
}

/// `readme` with the text between its coverage markers replaced by [`coverage`];
/// `None` when it has no markers.
pub fn readme_with_coverage(readme: &str, api: &Api) -> Option<String> {
    const START: &str = "<!-- coverage: written by `cargo xtask codegen` from api-spec/ -->\n";
    const END: &str = "<!-- end of coverage -->";
    let start = readme.find(START)? + START.len();
    let end = start + readme[start..].find(END)?;
    Some(format!(
        "{}{}{}",
        &readme[..start],
        coverage(api),
        &readme[end..]
    ))
}

/// The Markdown page of every operation.
pub fn markdown(api: &Api, title: &str) -> String {
    let all = endpoints(api);
    let mut out = format!(
        "<!-- @generated by `cargo xtask codegen` from api-spec/. Do not edit. -->\n# {title}\n\n"
    );
    out.push_str(concat!(
        "Every operation of the client: the Rust call that starts it (set optional inputs on ",
        "the builder it returns, then `.send().await`), the HTTP method and path (with the base ",
        "URL's path), the credential it needs, its public doc page and, for deprecated ",
        "operations, what to use instead.\n\n",
    ));
    out.push_str("| service | cargo feature | operations | deprecated |\n|---|---|---:|---:|\n");
    for s in &api.services {
        let n = all.iter().filter(|e| e.service == s.name).count();
        let d = all
            .iter()
            .filter(|e| e.service == s.name && e.deprecated.is_some())
            .count();
        let feature = s
            .feature
            .as_ref()
            .map(|f| format!("`{f}`"))
            .unwrap_or_else(|| "(always)".to_owned());
        out.push_str(&format!("| {} | {feature} | {n} | {d} |\n", s.name));
    }
    out.push_str(&format!("| **total** | | **{}** | |\n\n", all.len()));
    out.push_str("| service | group | Rust call | method | path | auth | docs | deprecated |\n|---|---|---|---|---|---|---|---|\n");
    for e in &all {
        let docs = e
            .docs_url
            .as_ref()
            .map(|u| format!("[page]({u})"))
            .unwrap_or_default();
        let dep = e
            .deprecated
            .as_ref()
            .map(|d| d.replace('|', "\\|"))
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | `client.{}` | {} | `{}` | {} | {docs} | {dep} |\n",
            e.service, e.group, e.call, e.method, e.full_path, e.auth
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_path_is_the_url_path() {
        assert_eq!(
            super::base_path("https://api-{app_id}.example.com/v3"),
            "/v3"
        );
        assert_eq!(
            super::base_path("https://gate.example.com/api/v2/"),
            "/api/v2"
        );
        assert_eq!(super::base_path("https://example.com"), "");
    }
}
