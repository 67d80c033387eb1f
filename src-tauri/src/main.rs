//! The `roster` binary: parse the command line; no subcommand opens the window.

use clap::Parser;
use roster_app::cli::{self, Cli};

fn main() {
    let cli = Cli::parse();
    let code = cli::run(cli);
    std::process::exit(code);
}
