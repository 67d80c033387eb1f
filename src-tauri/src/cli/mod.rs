//! The command line: headless subcommands over the same domain calls the
//! window uses. With no subcommand, `roster` opens the window.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod connect;
mod history;
mod imports;
mod provision;
mod push_history;
mod reconcile_history;
pub mod sandbox;
mod sync;

use crate::operations::{app_info, AppState};
use crate::paths::{DataDir, Profile};

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

    /// Keep the database key in FILE instead of the OS keyring, for servers and
    /// cron jobs without one. `roster connect` creates it (mode 0600).
    #[arg(
        long,
        global = true,
        env = "ROSTER_DATABASE_KEY_FILE",
        value_name = "FILE"
    )]
    pub database_key_file: Option<PathBuf>,

    /// Work on the embedded sandbox company (its own database, made-up
    /// people) instead of your own company: opens the window on it, or runs
    /// the command on its data. Without it, commands use your real company.
    #[arg(long, global = true)]
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
        #[arg(long = "as", value_name = "DECISION", value_enum)]
        decision: imports::Decision,
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
        /// Only imports with this outcome.
        #[arg(long, value_name = "OUTCOME", value_enum)]
        outcome: Option<crate::model::ImportOutcome>,
        /// Only imports planned on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = history::day)]
        from: Option<String>,
        /// Only imports planned on or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = history::day)]
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
    /// Provisioning targets (SCIM 2.0 services): add, test, list, remove.
    Target {
        #[command(subcommand)]
        action: TargetAction,
    },
    /// Push the directory to a target: preview the plan, then apply it.
    Push {
        #[command(subcommand)]
        action: PushAction,
    },
    /// List orphaned, missing and mismatched accounts in a target (sends
    /// nothing); every run is kept in History (`roster reconcile list`).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Reconcile {
        #[command(subcommand)]
        action: Option<ReconcileAction>,
        #[arg(long, value_name = "NAME", required = true)]
        target: Option<String>,
        /// Print one JSON object {reconciliation_id, target, run_at, orphans,
        /// missing, mismatched} instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the report as CSV to FILE.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
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
        /// Print one JSON line {url, company_id, client_id, client_secret, scim_url, scim_token} instead of text.
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
        /// Only people with this status.
        #[arg(long, value_name = "STATUS", value_enum)]
        status: Option<crate::model::PersonStatus>,
    },
    /// Lifecycle events (joiners, leavers, movers, ...) over a date range.
    Events {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// On or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = history::day)]
        from: Option<String>,
        /// On or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = history::day)]
        to: Option<String>,
        /// Only this kind of event; baseline for the people already employed at the
        /// first applied import (left out otherwise).
        #[arg(long, value_name = "KIND", value_enum)]
        kind: Option<crate::model::LifecycleEventKind>,
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

#[derive(Debug, Subcommand)]
pub enum TargetAction {
    /// Add (or re-point) a target and test it. The bearer token is read from
    /// ROSTER_TARGET_TOKEN or standard input, never from an argument.
    Add {
        #[command(subcommand)]
        kind: TargetKind,
    },
    /// Read the target's discovery documents and show what it supports.
    Test {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List targets (never their tokens).
    List {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a target and its token (History keeps its pushes and reconciliations).
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TargetKind {
    /// A SCIM 2.0 service (an identity provider or an app).
    Scim {
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The SCIM root, e.g. https://idp.example.com/scim/v2.
        #[arg(long, value_name = "URL")]
        url: String,
        /// At most N operations per SCIM Bulk request (0: never use Bulk)
        /// [default: the target's own limit].
        #[arg(long, value_name = "N")]
        bulk_max: Option<u32>,
        /// Push on its own after `roster sync` (and an approved import in the
        /// window): only what trips no guardrail and needs no one.
        #[arg(long)]
        auto_push: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PushAction {
    /// Plan a push (read the directory and the target) and keep it for review.
    Preview {
        #[arg(long, value_name = "NAME")]
        target: String,
        /// Print one JSON object {push_id, target, counts, guardrail, changes}.
        #[arg(long)]
        json: bool,
    },
    /// Send the push waiting for review (or resume one cut short).
    Apply {
        #[arg(long, value_name = "NAME")]
        target: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Send even though the push tripped a guardrail.
        #[arg(long)]
        confirm_guardrail: bool,
    },
    /// Send again only what failed in the last push, checked against the target now.
    Retry {
        #[arg(long, value_name = "NAME")]
        target: String,
    },
    /// Every target's pushes, newest first (reads the local database only).
    List {
        /// Only this target's.
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        #[arg(long, value_name = "STATE")]
        state: Option<crate::model::PushState>,
        /// Who or what sent it.
        #[arg(long, value_name = "TRIGGER")]
        trigger: Option<crate::model::PushTrigger>,
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: u32,
        /// Print a JSON array of the summaries History shows.
        #[arg(long)]
        json: bool,
    },
    /// One push: its counts, its lines and its receipts (failures first).
    Show {
        #[arg(long, value_name = "N")]
        id: i64,
        /// Print one JSON object {summary, guardrail, changes, receipts}.
        #[arg(long)]
        json: bool,
        /// Also write the push as CSV (a row per attribute change, with each
        /// line's receipt status) to FILE.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReconcileAction {
    /// Every reconciliation run, newest first (reads the local database only).
    List {
        /// Only this target's.
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: u32,
        /// Print a JSON array of the summaries History shows.
        #[arg(long)]
        json: bool,
    },
    /// One reconciliation: who ran it, when, and every account it listed.
    Show {
        #[arg(long, value_name = "N")]
        id: i64,
        /// Print one JSON object {summary, report}.
        #[arg(long)]
        json: bool,
        /// Also write it as CSV (a row per account or person) to FILE.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// The data folder and the company a command works on: the real company
/// unless `--sandbox` (whichever profile the window last used does not
/// matter, so cron never syncs the made-up company by accident).
#[derive(Debug, Clone)]
pub struct Workspace {
    pub data_dir: DataDir,
    pub profile: Profile,
    /// When the command started: `roster apply` never approves an import
    /// planned after it (nobody running it can have seen that one).
    pub started: chrono::DateTime<chrono::Utc>,
}

impl Workspace {
    /// Opens the company's database and says on standard error which
    /// company this command uses.
    pub fn open(self) -> AppState {
        let state = self.open_quiet();
        eprintln!("roster: {}", company_line(&state));
        state
    }

    /// Opens the company's database (for commands that report it themselves).
    pub fn open_quiet(self) -> AppState {
        AppState::open_profile(self.data_dir, self.profile)
    }
}

/// Which company `state` holds, in one line.
fn company_line(state: &AppState) -> String {
    let row = state
        .store()
        .ok()
        .and_then(|s| s.connection().ok().flatten());
    let name = row.as_ref().map(|r| match &r.company_name {
        Some(n) => format!("{n} ({})", r.company_id),
        None => r.company_id.clone(),
    });
    match (state.profile(), name) {
        (Profile::Sandbox, Some(n)) => {
            format!("using the sandbox company {n}: made-up people, kept apart from your company's data")
        }
        (Profile::Sandbox, None) => {
            "using the sandbox company (not started yet): made-up people, kept apart from your company's data".into()
        }
        (Profile::Company, Some(n)) => format!("using your TriNet company {n}"),
        (Profile::Company, None) => {
            "using your company's data (no TriNet connection is saved; see roster connect)".into()
        }
    }
}

fn target(ws: Workspace, action: TargetAction) -> i32 {
    match action {
        TargetAction::Add {
            kind:
                TargetKind::Scim {
                    name,
                    url,
                    bulk_max,
                    auto_push,
                },
        } => provision::add(ws, &name, &url, bulk_max, auto_push),
        TargetAction::Test { name } => provision::test(ws, &name),
        TargetAction::List { json } => provision::list(ws, json),
        TargetAction::Remove { name } => provision::remove(ws, &name),
    }
}

/// Opens the window on the data folder (`true`: on the sandbox company)
/// until it closes, or says why it could not. The binary passes the
/// window's opener in, so the command line never depends on the window.
pub type OpenWindow = fn(DataDir, bool) -> Result<(), String>;

/// Runs what the command line asked for and returns the process exit code.
pub fn run(cli: Cli, open: OpenWindow) -> i32 {
    let data_dir = match DataDir::resolve(cli.data_dir) {
        Ok(d) => d.with_key_file(cli.database_key_file),
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
    std::panic::set_hook(Box::new(|info| {
        tracing::error!(panic = %info, "Roster panicked");
    }));
    let logs = data_dir.logs();
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        dispatch(cli.command, cli.sandbox, data_dir, open)
    }));
    ran.unwrap_or_else(|_| {
        eprintln!(
            "roster: Roster hit an internal error and stopped. Nothing was half-applied (an import \
             is applied whole or not at all). Details are in the log in {}.",
            logs.display()
        );
        exit::FAILED
    })
}

/// Runs one command on `data_dir`.
fn dispatch(command: Option<Command>, sandbox: bool, data_dir: DataDir, open: OpenWindow) -> i32 {
    let ws = Workspace {
        started: chrono::Utc::now(),
        data_dir: data_dir.clone(),
        profile: if sandbox {
            Profile::Sandbox
        } else {
            Profile::Company
        },
    };
    match command {
        None => open_window(open, data_dir, sandbox),
        Some(Command::Info { json }) => info(ws, json),
        Some(Command::Connect {
            company,
            client_id,
            base_url,
        }) => connect::connect(ws, company, client_id, base_url),
        Some(Command::Status { json }) => connect::status(ws, json),
        Some(Command::Revoke { erase_data }) => connect::revoke(ws, erase_data),
        Some(Command::Preview { json }) => imports::preview(ws, json),
        Some(Command::Apply {
            plan,
            yes,
            confirm_guardrail,
        }) => imports::apply(ws, plan, yes, confirm_guardrail),
        Some(Command::Resolve {
            plan,
            line,
            decision,
        }) => imports::resolve(ws, plan, line, &decision),
        Some(Command::Reject { plan }) => imports::reject(ws, plan),
        Some(Command::History {
            json,
            limit,
            outcome,
            from,
            to,
        }) => history::history(ws, json, limit, outcome, from, to),
        Some(Command::Export { what }) => history::export(ws, what),
        Some(Command::Sync) => sync::sync(ws),
        Some(Command::Target { action }) => target(ws, action),
        Some(Command::Push { action }) => push(ws, action),
        Some(Command::Reconcile {
            action: Some(action),
            ..
        }) => reconcile_history(ws, action),
        Some(Command::Reconcile {
            action: None,
            target,
            json,
            out,
        }) => {
            // Required by clap when there is no subcommand.
            let target = target.unwrap_or_default();
            provision::reconcile(ws, &target, json, out.as_deref())
        }
        Some(Command::Config {
            action: ConfigAction::Export { out },
        }) => sync::export(ws, &out),
        Some(Command::Config {
            action: ConfigAction::Import { file },
        }) => sync::import(ws, &file),
        Some(Command::Sandbox {
            port,
            employees,
            seed,
            json,
        }) => sandbox::run(
            &data_dir,
            sandbox::ServeArgs {
                port,
                employees,
                seed,
                json,
            },
        ),
    }
}

fn open_window(open: OpenWindow, data_dir: DataDir, sandbox: bool) -> i32 {
    if let Some(msg) = missing_display() {
        eprintln!("{msg}");
        return exit::ENVIRONMENT;
    }
    match open(data_dir, sandbox) {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("roster: {msg}");
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

fn info(ws: Workspace, json: bool) -> i32 {
    let state = ws.open_quiet();
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

/// `roster push …`.
fn push(ws: Workspace, action: PushAction) -> i32 {
    match action {
        PushAction::Preview { target, json } => provision::preview(ws, &target, json),
        PushAction::Apply {
            target,
            yes,
            confirm_guardrail,
        } => provision::apply(ws, &target, yes, confirm_guardrail),
        PushAction::Retry { target } => provision::retry(ws, &target),
        PushAction::List {
            target,
            state,
            trigger,
            limit,
            json,
        } => {
            let query = crate::model::PushQuery {
                target,
                state,
                trigger,
                offset: 0,
                limit: limit.clamp(1, crate::history::MAX_PAGE),
            };
            push_history::list(ws, &query, json)
        }
        PushAction::Show { id, json, out } => push_history::show(ws, id, json, out.as_deref()),
    }
}

/// `roster reconcile list|show`.
fn reconcile_history(ws: Workspace, action: ReconcileAction) -> i32 {
    match action {
        ReconcileAction::List {
            target,
            limit,
            json,
        } => {
            let query = crate::model::ReconciliationQuery {
                target,
                offset: 0,
                limit: limit.clamp(1, crate::history::MAX_PAGE),
            };
            reconcile_history::list(ws, &query, json)
        }
        ReconcileAction::Show { id, json, out } => {
            reconcile_history::show(ws, id, json, out.as_deref())
        }
    }
}
