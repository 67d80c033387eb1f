//! The command line: headless subcommands over the same domain calls the
//! window uses. With no subcommand, `roster` opens the window.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod connect;
mod history;
mod imports;
mod sync;

use crate::app::{commands::app_info, AppState};
use crate::paths::DataDir;

/// Exit codes other than 0 that scripts can rely on.
pub mod exit {
    /// Bad usage or an environment Roster cannot run in (no display, no keyring).
    pub const ENVIRONMENT: i32 = 2;
    /// The command ran and failed; the message says why.
    pub const FAILED: i32 = 1;
    /// The import is held by a guardrail: confirm it (or review it in the window).
    pub const HELD: i32 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "roster",
    version,
    about = "Roster: review every TriNet import as a diff before it changes your employee directory.",
    long_about = None
)]
pub struct Cli {
    /// Keep Roster's database and logs in DIR instead of the OS app-data folder.
    #[arg(long, global = true, env = "ROSTER_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Open the window on the embedded sandbox company (started and connected
    /// for you) instead of your own company's data.
    #[arg(long)]
    pub sandbox: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show version, data folder, log folder and whether TriNet is connected.
    Info {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Test and save a TriNet connection. The client secret is read from
    /// ROSTER_CLIENT_SECRET or from standard input, never from an argument.
    Connect {
        /// TriNet Company ID (e.g. XYZ).
        #[arg(long = "company", value_name = "ID")]
        company: String,
        /// TriNet Client ID.
        #[arg(long = "client-id", value_name = "ID")]
        client_id: String,
        /// API base URL [default: https://api.trinet.com].
        #[arg(long = "base-url", value_name = "URL")]
        base_url: Option<String>,
    },
    /// Show whether TriNet is connected, to which company, and when it was last verified.
    Status {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove the stored secret and connection settings (history stays unless --erase-data).
    Revoke {
        /// Also erase the local directory and import history.
        #[arg(long)]
        erase_data: bool,
    },
    /// Fetch from TriNet, map and plan an import for review; prints a summary.
    Preview {
        /// Print one JSON object (plan_id, counts, guardrail, changes) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Apply the import waiting for review (or --plan ID), whole or not at all.
    Apply {
        /// The import to apply [default: the one waiting for review].
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Apply even though the import tripped a guardrail.
        #[arg(long)]
        confirm_guardrail: bool,
    },
    /// Decide one needs-attention line of the import waiting for review.
    Resolve {
        /// The import [default: the one waiting for review].
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
        /// The line number (`line` in `roster preview --json`).
        #[arg(long, value_name = "N")]
        line: u32,
        /// approve, link (a possible duplicate to its candidate), leave_out, or none.
        #[arg(long = "as", value_name = "DECISION")]
        decision: String,
    },
    /// Reject the import waiting for review (or --plan ID); nothing is applied.
    Reject {
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
    },
    /// List imports, newest first.
    History {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
        /// How many imports to list (at most 500).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only imports with this outcome: pending, held, applied, rejected, superseded or failed.
        #[arg(long, value_name = "OUTCOME")]
        outcome: Option<String>,
        /// Only imports planned on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Only imports planned on or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Write a CSV file from the local history (works with no network).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Run one scheduled sync (for cron or a task scheduler): apply the import
    /// when it trips no guardrail and needs no attention, else hold it for review.
    /// Exit codes: 0 applied or nothing to do, 3 held, 1 failed, 2 not connected.
    Sync,
    /// Export or import the whole configuration (mapping, settings, connection without its secret).
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Serve the TriNet-compatible sandbox company on 127.0.0.1 until interrupted.
    Sandbox {
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Employee records in the synthetic company (1 to 100000).
        #[arg(long, default_value_t = 250)]
        employees: usize,
        /// Seed of the synthetic company; the same seed gives the same people.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Print one JSON line {url, company_id, client_id, client_secret} instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// One import's changes: one row per changed field.
    Import {
        /// The import's number (see `roster history`).
        #[arg(value_name = "ID")]
        import_id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The directory as it is now, optionally filtered.
    Directory {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "NAME")]
        department: Option<String>,
        #[arg(long, value_name = "NAME")]
        location: Option<String>,
        /// active, on_leave, pending_start or former.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// Lifecycle events (joiners, leavers, movers, ...) over a date range.
    Events {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// On or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// On or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// joiner, leaver, mover, leave_start, leave_end, rehire or employment_type_change.
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Where it happened.
        #[arg(long, value_name = "NAME")]
        department: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Write the configuration as JSON to FILE (never the client secret).
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check FILE whole, then save its mapping (as a new version), settings and
    /// connection settings; a bad file changes nothing.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Runs what the command line asked for and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let data_dir = match DataDir::resolve(cli.data_dir) {
        Ok(d) => d,
        Err(msg) => {
            eprintln!("roster: {msg}");
            return exit::ENVIRONMENT;
        }
    };
    if let Err(e) = data_dir.create() {
        eprintln!(
            "roster: cannot create the data folder {}: {e}",
            data_dir.root().display()
        );
        return exit::ENVIRONMENT;
    }
    let _log_guard = match crate::logging::init(&data_dir.logs(), false) {
        Ok(g) => Some(g),
        Err(msg) => {
            eprintln!("roster: {msg} (continuing without a log file)");
            None
        }
    };
    match cli.command {
        None => open_window(data_dir, cli.sandbox),
        Some(Command::Info { json }) => info(data_dir, json),
        Some(Command::Connect {
            company,
            client_id,
            base_url,
        }) => connect::connect(data_dir, company, client_id, base_url),
        Some(Command::Status { json }) => connect::status(data_dir, json),
        Some(Command::Revoke { erase_data }) => connect::revoke(data_dir, erase_data),
        Some(Command::Preview { json }) => imports::preview(data_dir, json),
        Some(Command::Apply {
            plan,
            yes,
            confirm_guardrail,
        }) => imports::apply(data_dir, plan, yes, confirm_guardrail),
        Some(Command::Resolve {
            plan,
            line,
            decision,
        }) => imports::resolve(data_dir, plan, line, &decision),
        Some(Command::Reject { plan }) => imports::reject(data_dir, plan),
        Some(Command::History {
            json,
            limit,
            outcome,
            from,
            to,
        }) => history::history(data_dir, json, limit, outcome, from, to),
        Some(Command::Export { what }) => history::export(data_dir, what),
        Some(Command::Sync) => sync::sync(data_dir),
        Some(Command::Config {
            action: ConfigAction::Export { out },
        }) => sync::export(data_dir, &out),
        Some(Command::Config {
            action: ConfigAction::Import { file },
        }) => sync::import(data_dir, &file),
        Some(Command::Sandbox {
            port,
            employees,
            seed,
            json,
        }) => crate::sandbox::command::run(
            &data_dir,
            crate::sandbox::command::ServeArgs {
                port,
                employees,
                seed,
                json,
            },
        ),
    }
}

fn open_window(data_dir: DataDir, sandbox: bool) -> i32 {
    if let Some(msg) = missing_display() {
        eprintln!("{msg}");
        return exit::ENVIRONMENT;
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "opening the Roster window"
    );
    let state = AppState::open(data_dir);
    if sandbox {
        // On tauri's own runtime, so the sandbox server keeps running with the window.
        let connected = tauri::async_runtime::block_on(
            crate::app::commands::connection::connect_sandbox(&state),
        );
        match connected {
            Ok(status) => {
                tracing::info!(company = ?status.company_name, "opened on the sandbox company")
            }
            Err(e) => eprintln!("roster: the sandbox company could not start: {}", e.message),
        }
    }
    match crate::run(tauri::Builder::default(), state) {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!(error = %e, "the window failed");
            eprintln!("roster: the window could not start: {e}");
            exit::FAILED
        }
    }
}

/// One clear line when there is no display to open a window on.
fn missing_display() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let set = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        return None;
    }
    Some(
        "roster: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open. \
         To run it headless: xvfb-run -a roster   (Debian: apt-get install xvfb xauth)"
            .to_string(),
    )
}

fn info(data_dir: DataDir, json: bool) -> i32 {
    let state = AppState::open(data_dir);
    let info = app_info::collect(&state);
    if json {
        println!(
            "{}",
            serde_json::to_string(&info).expect("AppInfo serialises")
        );
    } else {
        println!("Roster {}", info.version);
        println!("Data folder:  {}", info.data_dir);
        println!("Database:     {}", info.database_path);
        println!("Logs:         {}", info.log_dir);
        println!(
            "TriNet:       {}",
            if info.connection_configured {
                "connected"
            } else {
                "not connected"
            }
        );
    }
    match info.storage_error {
        Some(e) => {
            eprintln!("roster: {}", e.message);
            exit::FAILED
        }
        None => 0,
    }
}
