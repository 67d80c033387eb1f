//! `roster sync` (one scheduled sync, for cron or a task scheduler) and
//! `roster config export|import` (the shared configuration file).

use crate::operations::scheduled as scheduler;
use crate::operations::{ErrorCode, Failure};
use crate::paths::Profile;
use crate::sync::config;
use crate::sync::run::SyncResult;

use super::{exit, Workspace};

/// Problems of the machine or setup rather than of this run.
fn environment(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::NotConnected
            | ErrorCode::SecretMissing
            | ErrorCode::SecretNotConfirmed
            | ErrorCode::KeyringUnavailable
            | ErrorCode::DatabaseKeyMissing
            | ErrorCode::DatabaseKeyWrong
            | ErrorCode::DatabaseTooNew
    )
}

fn fail(e: impl Into<Failure>) -> i32 {
    let e = e.into();
    eprintln!("roster: {}", e.message);
    if environment(e.code) {
        exit::ENVIRONMENT
    } else {
        exit::FAILED
    }
}

/// One run: prints a one-line summary (no personal data) and exits 0
/// (applied, or nothing to do), 3 (held for review), 1 (failed) or 2 (not
/// connected, no secret, no keyring). Held and failed runs also raise a
/// desktop notification unless notifications are off.
pub fn sync(ws: Workspace) -> i32 {
    let state = ws.open();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let outcome = match runtime.block_on(scheduler::run_guarded(&state)) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    println!("{}", outcome.message);
    if let Some((title, body)) = scheduler::notification(&outcome) {
        if scheduler::notifications_on(&state) {
            crate::sync::notify::desktop(&title, &body);
        }
    }
    match outcome.result {
        SyncResult::Applied | SyncResult::NothingToDo | SyncResult::Skipped => 0,
        SyncResult::Held => exit::HELD,
        SyncResult::Failed => exit::FAILED,
    }
}

pub fn export(ws: Workspace, out: &std::path::Path) -> i32 {
    let state = ws.open();
    let text = match state.store() {
        Ok(store) => match config::export(&store, chrono::Utc::now()) {
            Ok(t) => t,
            Err(e) => return fail(e),
        },
        Err(e) => return fail(e),
    };
    if let Err(e) = crate::files::write_whole(out, text.as_bytes()) {
        eprintln!("roster: could not write {}: {e}", out.display());
        return exit::FAILED;
    }
    println!(
        "Exported the configuration (mapping, settings, connection without its secret) to {}.",
        out.display()
    );
    0
}

pub fn import(ws: Workspace, file: &std::path::Path) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("roster: could not read {}: {e}", file.display());
            return exit::FAILED;
        }
    };
    let state = ws.open();
    let sandbox = state.profile() == Profile::Sandbox;
    let imported = match state.store() {
        Ok(store) => match config::import(&store, &text, sandbox, chrono::Utc::now()) {
            Ok(i) => i,
            Err(e) => return fail(e),
        },
        Err(e) => return fail(e),
    };
    match imported.mapping_version {
        Some(v) => println!("Imported the configuration; the mapping is saved as version {v}."),
        None => println!("Imported the configuration; the mapping is unchanged."),
    }
    if let Some(change) = &imported.base_url_change {
        println!(
            "The API base URL changed: {} \u{2192} {}. Nothing is sent there until the client secret is entered again and the test passes.",
            change.from, change.to
        );
    }
    if imported.needs_secret {
        println!(
            "Enter the client secret to finish connecting {}: roster connect --company {} --client-id ... (secret on standard input), or on the Connect screen.",
            imported.company_id.as_deref().unwrap_or("TriNet"),
            imported.company_id.as_deref().unwrap_or("ID"),
        );
    }
    0
}
