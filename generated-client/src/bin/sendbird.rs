//! `sendbird`: the command-line client of the Platform APIs (`--features cli`); see
//! `sendbird --help` and the library's `cli` module.
//!
//! The generated commands (`src/generated/cli/`) are compiled here rather than in the
//! library: they name every operation, which makes the compiler build every
//! operation's request and response code, a cost only this binary should pay. They
//! reach the library as `crate::__private` and the service modules as
//! `super::super::<service>`, hence the two imports below.

use sendbird_platform::__private;
#[allow(unused_imports)]
use sendbird_platform::generated::*;

#[rustfmt::skip]
#[path = "../generated/cli/mod.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    sendbird_platform::cli::main(cli::PRODUCTS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_tree_is_consistent() {
        sendbird_platform::cli::assert_consistent(super::cli::PRODUCTS);
    }
}
