//! Emitters: the IR becomes one token stream per output file.

mod accessors;
mod cli;
mod common;
mod examples;
mod mock;
mod op_docs;
mod ops;
mod types;

use crate::ir::{Api, AuthScheme, ErrorCode, Service};
use common::docs;
use proc_macro2::TokenStream;
use quote::quote;

/// One output file to emit, named by indices into the [`Api`] that every worker
/// thread shares.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    /// The root `mod.rs`.
    Root,
    /// The error code table.
    ErrorCodes,
    /// The service accessors of `Client` and `MockServer`.
    Accessors,
    /// A service's `mod.rs` (and its mock handle).
    Service(usize),
    /// A service's `types.rs`.
    Types(usize),
    /// A group's file: service index, group index.
    Group(usize, usize),
    /// The CLI's root.
    CliRoot,
    /// A service's CLI file.
    Cli(usize),
    /// The root of the generated wire tests.
    ExamplesRoot,
    /// A service's module of wire tests.
    ExamplesService(usize),
    /// A group's wire tests: service index, group index.
    ExamplesGroup(usize, usize),
}

/// The prefix of the paths of files that belong to the integration tests rather than to
/// the client crate (a `:` can't be part of a module name, so no service collides).
pub const TESTS_PREFIX: &str = "tests:";

/// Every output file as (relative path, job, estimated cost), in a deterministic order.
/// The cost (roughly the number of items the file holds) lets workers start with the
/// biggest files.
pub fn jobs(api: &Api) -> Vec<(String, Job, usize)> {
    let mut jobs = vec![
        ("mod.rs".to_owned(), Job::Root, 1),
        ("error_codes.rs".to_owned(), Job::ErrorCodes, 1),
        (crate::names::ACCESSORS_FILE.to_owned(), Job::Accessors, 1),
    ];
    for (si, s) in api.services.iter().enumerate() {
        let dir = crate::names::unraw(&s.module);
        jobs.push((format!("{dir}/mod.rs"), Job::Service(si), s.groups.len()));
        jobs.push((format!("{dir}/types.rs"), Job::Types(si), 2 * s.types.len()));
        for (gi, g) in s.groups.iter().enumerate() {
            let file = crate::names::unraw(&g.module);
            jobs.push((
                format!("{dir}/{file}.rs"),
                Job::Group(si, gi),
                5 * g.ops.len(),
            ));
        }
    }
    jobs.push(("cli/mod.rs".to_owned(), Job::CliRoot, 1));
    for (si, s) in api.services.iter().enumerate() {
        let ops: usize = s.groups.iter().map(|g| g.ops.len()).sum();
        jobs.push((
            format!("cli/{}.rs", crate::names::unraw(&s.module)),
            Job::Cli(si),
            2 * ops,
        ));
    }
    if api.services.iter().any(examples::has_examples) {
        jobs.push((
            format!("{TESTS_PREFIX}examples/mod.rs"),
            Job::ExamplesRoot,
            1,
        ));
    }
    for (si, s) in api.services.iter().enumerate() {
        if !examples::has_examples(s) {
            continue;
        }
        let dir = crate::names::unraw(&s.module);
        jobs.push((
            format!("{TESTS_PREFIX}examples/{dir}/mod.rs"),
            Job::ExamplesService(si),
            1,
        ));
        for (gi, g) in s.groups.iter().enumerate() {
            let n: usize = g.ops.iter().map(|o| o.examples.len()).sum();
            if n > 0 {
                let file = crate::names::unraw(&g.module);
                jobs.push((
                    format!("{TESTS_PREFIX}examples/{dir}/{file}.rs"),
                    Job::ExamplesGroup(si, gi),
                    3 * n,
                ));
            }
        }
    }
    jobs
}

/// The tokens of one file.
pub fn run(api: &Api, job: Job) -> TokenStream {
    match job {
        Job::Root => root(api),
        Job::ErrorCodes => error_codes(&api.error_codes),
        Job::Accessors => accessors::file(api),
        Job::Service(si) => {
            let s = &api.services[si];
            let mut tokens = service(s);
            tokens.extend(mock::service(s));
            tokens
        }
        Job::Types(si) => types::types_file(&api.services[si].types),
        Job::Group(si, gi) => {
            let s = &api.services[si];
            let g = &s.groups[gi];
            let mut tokens = ops::group_file(&s.name, g);
            tokens.extend(mock::group(g));
            tokens
        }
        Job::CliRoot => cli::root(api),
        Job::Cli(si) => cli::service(&api.services[si]),
        Job::ExamplesRoot => examples::root(api),
        Job::ExamplesService(si) => examples::service(&api.services[si]),
        Job::ExamplesGroup(si, gi) => {
            let s = &api.services[si];
            examples::group(api, s, &s.groups[gi])
        }
    }
}

fn root(api: &Api) -> TokenStream {
    let modules = api.services.iter().map(|s| {
        let m = &s.module;
        let cfg = s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]));
        let doc = format!(" {}", s.title);
        quote!(#[doc = #doc] #cfg pub mod #m;)
    });
    let entries = api.services.iter().map(|s| {
        let m = &s.module;
        let cfg = s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]));
        quote!(#cfg &#m::SERVICE)
    });
    let auth = api.auth.iter().map(auth_static);
    let call = call();
    quote! {
        //! Code generated from `api-spec/`: services, their operations and types.
        use crate::__private as __rt;

        mod error_codes;
        pub use error_codes::ErrorCode;
        #(#modules)*

        #(#auth)*

        /// Every service compiled into this build.
        pub static SERVICES: &[&__rt::Service] = &[#(#entries),*];

        #call
    }
}

/// `Call<I>`, the request builder of every operation: the operation's inputs `I`
/// with the client and per-request options. Each operation's builder type is an alias
/// of it, with setters for its own inputs; sending and pagination are written here
/// once. It lives in the generated code so the setters can be inherent methods.
fn call() -> TokenStream {
    quote! {
        /// A request to one operation, ready to send: the operation's inputs, the
        /// client and per-request options. Set inputs with the operation's setters, then
        /// call [`send`](Call::send) (or [`send_with_metadata`](Call::send_with_metadata),
        /// or on a paginated list [`into_stream`](Call::into_stream) or
        /// [`into_pages`](Call::into_pages), or on a list that pages around an anchor
        /// `into_stream` or [`walk`](Call::walk)).
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct Call<I> {
            pub(crate) client: __rt::Client,
            pub(crate) options: __rt::RequestOptions,
            pub(crate) input: I,
        }

        impl<I> Call<I> {
            // Unused only in a build without operations.
            #[allow(dead_code)]
            pub(crate) fn new(client: &__rt::Client, input: I) -> Self {
                Call { client: client.clone(), options: Default::default(), input }
            }

            /// Overrides the client's timeout, retry policy or headers for this request.
            pub fn options(mut self, options: __rt::RequestOptions) -> Self {
                self.options = options;
                self
            }
        }

        impl<I: __rt::Input> Call<I> {
            /// Sends the request and decodes the response. The operation's method lists
            /// the errors.
            pub async fn send(self) -> Result<I::Output, __rt::Error> {
                __rt::send(self.client, self.options, self.input).await
            }

            /// Like [`send`](Call::send), and also returns the status and rate-limit
            /// headers.
            pub async fn send_with_metadata(self) -> Result<__rt::Response<I::Output>, __rt::Error> {
                __rt::send_with_metadata(self.client, self.options, self.input).await
            }
        }

        impl<I: __rt::Paged> Call<I> {
            /// Streams every item of every page, following the cursor until the last page.
            pub fn into_stream(self) -> impl __rt::Stream<Item = Result<I::Item, __rt::Error>> + Send + Unpin + 'static {
                __rt::paginate_items(self)
            }

            /// Streams whole pages, following the cursor until the last page.
            pub fn into_pages(self) -> impl __rt::Stream<Item = Result<I::Output, __rt::Error>> + Send + Unpin + 'static {
                __rt::paginate_pages(self)
            }
        }

        impl<I: __rt::AnchorPaged> Call<I> {
            /// Streams the items of a list that pages around an anchor, starting at the
            /// request's anchor and going the way `walk` says; see [`Walk`](__rt::Walk).
            pub fn walk(self, walk: __rt::Walk) -> impl __rt::Stream<Item = Result<<I as __rt::AnchorPaged>::Item, __rt::Error>> + Send + Unpin + 'static {
                __rt::walk_items(self, walk)
            }
        }

        impl<I: __rt::AnchorPaged> __rt::AnchorWalk for Call<I> {
            type Page = I::Output;
            type Item = <I as __rt::AnchorPaged>::Item;
            fn fetch(&self) -> impl ::std::future::Future<Output = Result<I::Output, __rt::Error>> + Send + 'static {
                self.clone().send()
            }
            fn into_items(page: I::Output) -> Vec<Self::Item> {
                <I as __rt::AnchorPaged>::into_items(page)
            }
            fn position(item: &Self::Item) -> __rt::Position {
                I::position(item)
            }
            fn set_direction(&mut self, direction: __rt::Direction, page_size: Option<u32>) -> Option<u32> {
                self.input.set_direction(direction, page_size)
            }
            fn follow(&mut self, at: i64) {
                self.input.follow(at)
            }
            fn operation_name() -> &'static str {
                <I as __rt::Input>::OPERATION.name
            }
        }

        impl<I: __rt::Paged> __rt::Paginated for Call<I> {
            type Page = I::Output;
            type Item = I::Item;
            fn set_cursor(&mut self, cursor: String) -> Result<(), String> {
                self.input.set_cursor(cursor)
            }
            fn fetch(&self) -> impl ::std::future::Future<Output = Result<I::Output, __rt::Error>> + Send + 'static {
                self.clone().send()
            }
            fn next_cursor(page: &I::Output) -> Option<__rt::Cow<'_, str>> {
                I::next_cursor(page)
            }
            fn into_items(page: I::Output) -> Vec<I::Item> {
                I::into_items(page)
            }
            fn operation_name() -> &'static str {
                <I as __rt::Input>::OPERATION.name
            }
        }
    }
}

fn auth_static(a: &AuthScheme) -> TokenStream {
    let ident = &a.ident;
    let name = &a.name;
    let credential = &a.credential;
    let (kind, doc) = match &a.header {
        Some(h) => (
            quote!(__rt::AuthKind::Header(#h)),
            format!(" Auth scheme `{name}`: the `{credential}` credential in the `{h}` header."),
        ),
        None => (
            quote!(__rt::AuthKind::Basic),
            format!(" Auth scheme `{name}`: the `{credential}` credential as HTTP Basic."),
        ),
    };
    quote! {
        #[doc = #doc]
        pub static #ident: __rt::AuthScheme = __rt::AuthScheme {
            name: #name,
            kind: #kind,
            credential: #credential,
        };
    }
}

fn service(s: &Service) -> TokenStream {
    let handle = &s.handle;
    let (name, base_url) = (&s.name, &s.base_url);
    let doc = docs(&s.docs, &s.title);
    let groups = s.groups.iter().map(|g| &g.module);
    let accessors = s.groups.iter().map(|g| {
        let (m, h) = (&g.module, &g.handle);
        let doc = docs(
            &crate::ir::Docs {
                text: g.docs.text.clone(),
                generated: g.docs.generated.clone(),
                ..Default::default()
            },
            &format!("The `{}` operations.", g.name),
        );
        quote! {
            #doc
            pub fn #m(&self) -> #m::#h {
                #m::#h::from_client(self.client.clone())
            }
        }
    });
    let unused = s.groups.is_empty().then(|| quote!(#[allow(dead_code)]));
    let module_doc = format!(" {}", s.title);
    let static_doc = format!(" The `{name}` service: base URL template `{base_url}`.");
    quote! {
        #![doc = #module_doc]
        use crate::__private as __rt;

        pub mod types;
        #(pub mod #groups;)*

        #[doc = #static_doc]
        pub static SERVICE: __rt::Service = __rt::Service {
            name: #name,
            base_url: #base_url,
        };

        #doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            #unused
            client: __rt::Client,
        }

        impl #handle {
            #[doc(hidden)]
            pub fn from_client(client: __rt::Client) -> Self {
                Self { client }
            }
            #(#accessors)*
        }
    }
}

fn error_codes(codes: &[ErrorCode]) -> TokenStream {
    let idents: Vec<_> = codes.iter().map(|c| &c.ident).collect();
    let nums: Vec<i64> = codes.iter().map(|c| c.code).collect();
    // `from_code` knows a number's meaning for every service (an entry without
    // `services:`) or, failing that, its only meaning (one entry, whichever services
    // use it); a number scoped entries give different meanings is `Unknown` there,
    // and only `for_service` can name it.
    let mut entries: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for c in codes {
        *entries.entry(c.code).or_default() += 1;
    }
    let common: Vec<_> = codes
        .iter()
        .filter(|c| c.services.is_empty() || entries[&c.code] == 1)
        .collect();
    let common_idents = common.iter().map(|c| &c.ident);
    let common_nums = common.iter().map(|c| c.code);
    // A spec whose every number is ambiguous leaves no arm but the fallback, and a
    // `match` with only that arm would trip clippy's `match_single_binding`.
    let from_code_body = if common.is_empty() {
        quote!(Self::Unknown(code))
    } else {
        quote! {
            match code {
                #( #common_nums => Self::#common_idents, )*
                other => Self::Unknown(other),
            }
        }
    };
    // Codes every service uses (no `services:` in the spec): the fallback of
    // `for_service`.
    let everywhere: Vec<_> = codes.iter().filter(|c| c.services.is_empty()).collect();
    let everywhere_idents = everywhere.iter().map(|c| &c.ident);
    let everywhere_nums = everywhere.iter().map(|c| c.code);
    let unscoped_body = if everywhere.is_empty() {
        quote!(Self::Unknown(code))
    } else {
        quote! {
            match code {
                #( #everywhere_nums => Self::#everywhere_idents, )*
                other => Self::Unknown(other),
            }
        }
    };
    let scoped = codes.iter().flat_map(|c| {
        c.services.iter().map(move |s| {
            let (ident, num) = (&c.ident, c.code);
            quote!((#s, #num) => Self::#ident,)
        })
    });
    let docs = codes.iter().map(|c| {
        // `(HTTP 400; chat, organization)`: the usual status and the services whose
        // error bodies use the code with this meaning.
        let mut notes: Vec<String> = c.status.map(|s| format!("HTTP {s}")).into_iter().collect();
        if !c.services.is_empty() {
            notes.push(c.services.join(", "));
        }
        let status = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        format!(
            " `{}`{status}: {}",
            c.code,
            common::escape(c.doc.as_deref().unwrap_or("no description"))
        )
    });
    let rate_limits: Vec<_> = codes
        .iter()
        .filter(|c| c.rate_limit)
        .map(|c| &c.ident)
        .collect();
    let is_rate_limit_body = if rate_limits.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #( Self::#rate_limits )|*))
    };
    let descs = codes.iter().map(|c| match &c.doc {
        Some(d) => quote!(::std::option::Option::Some(#d)),
        None => quote!(::std::option::Option::None),
    });
    let statuses = codes
        .iter()
        .map(|c| match c.status.and_then(|s| u16::try_from(s).ok()) {
            Some(s) => quote!(::std::option::Option::Some(#s)),
            None => quote!(::std::option::Option::None),
        });
    quote! {
        //! The numeric error codes of the API's error bodies.

        /// A numeric error code from an error body, with a fallback for codes this
        /// version of the client does not know.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #( #[doc = #docs] #idents, )*
            /// A code this version of the client does not know.
            Unknown(i64),
        }

        impl ErrorCode {
            /// The variant of a numeric code in the meaning every service gives it or,
            /// failing that, its only meaning (whichever product uses it); a number
            /// two products give different meanings is `Unknown` here. When the
            /// service that answered is known, [`ErrorCode::for_service`] is exact: a
            /// code from a product that doesn't define it stays `Unknown` there.
            pub fn from_code(code: i64) -> Self {
                #from_code_body
            }
            /// The variant of a numeric code returned by `service`: a code some service
            /// uses with a meaning of its own maps to that meaning.
            pub fn for_service(service: &str, code: i64) -> Self {
                match (service, code) {
                    #(#scoped)*
                    _ => Self::unscoped(code),
                }
            }
            /// A code every service uses with the same meaning.
            fn unscoped(code: i64) -> Self {
                #unscoped_body
            }
            /// The numeric code.
            pub fn code(&self) -> i64 {
                match self {
                    #( Self::#idents => #nums, )*
                    Self::Unknown(code) => *code,
                }
            }
            /// What the code means, when known.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #( Self::#idents => #descs, )*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
            /// Whether the code means the request was rate-limited (`rate_limit: true`
            /// in the spec). Read it from [`ErrorCode::for_service`]: a number one
            /// product uses for rate limits may mean something else in another.
            pub fn is_rate_limit(&self) -> bool {
                #is_rate_limit_body
            }
            /// The HTTP status the code usually comes with, when known.
            pub fn http_status(&self) -> ::std::option::Option<u16> {
                match self {
                    #( Self::#idents => #statuses, )*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.description() {
                    ::std::option::Option::Some(d) => write!(f, "{} ({})", self.code(), d),
                    ::std::option::Option::None => write!(f, "{}", self.code()),
                }
            }
        }
    }
}
