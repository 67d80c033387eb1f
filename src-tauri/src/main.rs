//! The `roster` binary: parse the command line; no subcommand opens the window.

use clap::Parser;
use roster_app::cli::{self, Cli};

/// Mapping, planning and applying a large company allocate millions of
/// small strings; mimalloc makes those markedly cheaper than glibc's malloc
/// (see the mapping and apply benches, which use it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // First, while this is the only thread: no child process (WebKit's
    // helpers, a browser) may inherit the client secret.
    roster_app::connection::take_secret_from_env();
    let cli = Cli::parse();
    let code = cli::run(cli, roster_app::open_window);
    std::process::exit(code);
}
