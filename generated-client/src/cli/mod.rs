//! The `sendbird` command-line client (cargo feature `cli`).
//!
//! `sendbird <product> <group> <operation> [ARGS]`: every operation of the library,
//! with commands, flags and help generated from `api-spec/` into `generated/cli/`. The
//! generated code feeds each flag to the operation's typed request builder, so the
//! command line gets the library's encoding, retries and timeouts, and nothing else.
//!
//! The generated commands are compiled in the `sendbird` binary (`src/bin/`), which
//! passes them to [`main`]: naming every operation makes the compiler build every
//! operation's request and response code, a cost only the binary should pay.
//!
//! This module is the hand-written part: configuration (flags and `SENDBIRD_*`
//! environment variables), output and exit codes:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (the response JSON is on standard output) |
//! | 1 | anything else: configuration, an undecodable response, output errors |
//! | 2 | usage: bad arguments, an invalid `--body`, an input the request refused |
//! | 3 | the API answered with an error |
//! | 4 | still rate-limited after the retries |
//! | 5 | no answer: connection failure or timeout |

mod output;
#[doc(hidden)]
pub mod support;
mod verbose;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::{Client, RetryPolicy};
use output::{Failure, Output, EXIT_OTHER, EXIT_USAGE};

const ABOUT: &str = "Command-line client for Sendbird's Platform APIs";

const LONG_ABOUT: &str = "Command-line client for Sendbird's Platform APIs.

Run `sendbird <product> <group> <operation>`; every level has --help. The response JSON \
is printed on standard output (indented when it is a terminal). Credentials come from \
the environment (preferred: flags show up in the process list) or from flags; they are \
never printed.

Base URLs: {variables} override a product's host (for proxies and mock servers), as \
does --base-url PRODUCT=URL.

Exit codes: 0 success, 1 other errors, 2 usage, 3 API error, 4 rate-limited, \
5 connection failure or timeout.";

pub use support::Product;

/// The environment variable that overrides a product's base URL.
pub fn base_url_variable(product: &Product) -> String {
    format!("SENDBIRD_{}_BASE_URL", product.env_name)
}

/// The long help, listing the base-URL variables of the products compiled in.
fn long_about(products: &[Product]) -> String {
    let variables: Vec<String> = products.iter().map(base_url_variable).collect();
    let variables = match variables.as_slice() {
        [] => "SENDBIRD_<PRODUCT>_BASE_URL".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    LONG_ABOUT.replace("{variables}", &variables)
}

/// Runs the client with the process's arguments and these (generated) products.
pub fn main(products: &'static [Product]) -> ExitCode {
    run(products, std::env::args_os())
}

/// Runs the client with these arguments (the first is the program name).
pub fn run<I, T>(products: &'static [Product], args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command(products).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(e) => {
            // Help and version go to standard output with code 0.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if matches.get_flag("verbose") {
        verbose::install();
    }
    let client = match client(&matches, products) {
        Ok(client) => client,
        Err(e) => return Failure::Api(e).report(),
    };
    let Some((product, product_matches)) = matches.subcommand() else {
        return ExitCode::from(EXIT_USAGE);
    };
    let Some((group, group_matches)) = product_matches.subcommand() else {
        return ExitCode::from(EXIT_USAGE);
    };
    let Some((op, op_matches)) = group_matches.subcommand() else {
        return ExitCode::from(EXIT_USAGE);
    };
    let Some(entry) = products.iter().find(|p| p.name == product) else {
        return ExitCode::from(EXIT_USAGE);
    };
    let inputs = support::Inputs::new(client, (group, op, op_matches), Output::detect());
    let job = (entry.run)(&inputs);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    match runtime.block_on(job.0) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// The whole command tree (for shell completions or documentation).
pub fn command(products: &[Product]) -> Command {
    let mut command = Command::new("sendbird")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .long_about(long_about(products))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .args(config_args());
    for product in products {
        command = command.subcommand((product.command)());
    }
    command
}

/// Checks a product table: clap's own checks of the whole tree (unique names and
/// ids, valid groups...), and a base-URL variable of its own for each product.
///
/// # Panics
///
/// On the first problem found.
pub fn assert_consistent(products: &[Product]) {
    command(products).debug_assert();
    let mut variables = std::collections::BTreeSet::new();
    for product in products {
        let variable = base_url_variable(product);
        assert!(
            !product.env_name.is_empty() && variables.insert(variable.clone()),
            "`{}` has no base-URL variable of its own (`{variable}`)",
            product.service
        );
    }
}

fn secret(id: &'static str, env: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .env(env)
        .hide_env_values(true)
        .value_name("TOKEN")
        .help(help)
}

fn config_args() -> Vec<Arg> {
    vec![
        Arg::new("app-id")
            .long("app-id")
            .env("SENDBIRD_APP_ID")
            .value_name("APP_ID")
            .help("The application id, which selects the API host."),
        secret(
            "api-token",
            "SENDBIRD_API_TOKEN",
            "Master or secondary API token (Chat, Calls, Live).",
        ),
        secret(
            "desk-api-token",
            "SENDBIRD_DESK_API_TOKEN",
            "Desk API token.",
        ),
        secret(
            "org-api-token",
            "SENDBIRD_ORG_API_TOKEN",
            "Organization API token.",
        ),
        Arg::new("base-url")
            .long("base-url")
            .value_name("PRODUCT=URL")
            .action(ArgAction::Append)
            .help("Sends a product's requests to URL instead (repeatable); overrides SENDBIRD_<PRODUCT>_BASE_URL."),
        Arg::new("timeout")
            .long("timeout")
            .value_name("SECONDS")
            .value_parser(clap::value_parser!(u64))
            .help("Time limit of each attempt [default: 30]."),
        Arg::new("max-retries")
            .long("max-retries")
            .value_name("N")
            .value_parser(clap::value_parser!(u32))
            .help("Retries after a rate limit or a transient failure [default: 3]."),
        Arg::new("verbose")
            .short('v')
            .long("verbose")
            .global(true)
            .display_order(usize::MAX)
            .action(ArgAction::SetTrue)
            .help("Print each request attempt (method, path, status, timing) on standard error."),
    ]
}

/// A non-empty value of a flag or its environment variable.
fn setting<'m>(matches: &'m ArgMatches, id: &str) -> Option<&'m str> {
    matches
        .get_one::<String>(id)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

fn client(matches: &ArgMatches, products: &[Product]) -> Result<Client, crate::Error> {
    output::mask_secrets(
        ["api-token", "desk-api-token", "org-api-token"]
            .iter()
            .filter_map(|id| setting(matches, id).map(str::to_owned))
            .collect(),
    );
    let mut builder = Client::builder().user_agent(concat!(
        "sendbird-platform-rust/",
        env!("CARGO_PKG_VERSION"),
        " (cli)"
    ));
    if let Some(app_id) = setting(matches, "app-id") {
        builder = builder.app_id(app_id);
    }
    if let Some(token) = setting(matches, "api-token") {
        builder = builder.api_token(token);
    }
    if let Some(token) = setting(matches, "desk-api-token") {
        builder = builder.desk_api_token(token);
    }
    if let Some(token) = setting(matches, "org-api-token") {
        builder = builder.organization_api_token(token);
    }
    for product in products {
        let variable = base_url_variable(product);
        if let Some(url) = std::env::var(&variable).ok().filter(|v| !v.is_empty()) {
            builder = builder.base_url(product.service, url);
        }
    }
    for pair in matches.get_many::<String>("base-url").into_iter().flatten() {
        let Some((service, url)) = pair.split_once('=') else {
            return Err(crate::Error::Configuration {
                message: format!("--base-url expects PRODUCT=URL, got `{pair}`"),
            });
        };
        builder = builder.base_url(service, url);
    }
    if let Some(seconds) = matches.get_one::<u64>("timeout") {
        builder = builder.timeout(Duration::from_secs(*seconds));
    }
    if let Some(retries) = matches.get_one::<u32>("max-retries") {
        builder = builder.retry_policy(RetryPolicy::default().max_retries(*retries));
    }
    builder.build()
}
