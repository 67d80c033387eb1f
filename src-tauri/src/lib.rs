//! Roster's app crate: wiring only. Domain logic lives in the modules below,
//! which never import tauri; `app` is the one place that does.

pub mod app;
pub mod cli;
pub mod connection;
pub mod files;
#[cfg(test)]
mod function_length_tests;
#[cfg(test)]
mod fuzzing;
pub mod history;
#[cfg(test)]
mod invariants;
pub mod logging;
pub mod mapping;
pub mod model;
pub mod net;
pub mod operations;
pub mod paths;
pub mod plan;
pub mod provision;
pub mod reconcile;
#[cfg(test)]
mod recorded_replies;
pub mod rng;
pub mod runlock;
pub mod sandbox;
pub mod scim;
pub mod store;
pub mod sync;
pub mod trinet;
pub mod vault;

use tauri::{Builder, Runtime};

/// Registers every command in app/command_list.rs (`file::command`).
macro_rules! ipc_commands {
    ($($file:ident::$command:ident),* $(,)?) => {
        tauri::generate_handler![$(app::commands::$file::$command),*]
    };
}

/// Builds and runs the desktop app on `builder`, so tests can pass a mock
/// builder and the binary the real one.
pub fn run<R: Runtime>(builder: Builder<R>, state: app::AppState) -> tauri::Result<()> {
    app_builder(builder, state).run(context())
}

/// The app on `builder`: plugins, managed state, the scheduler and every
/// command's handler, all but running it. The IPC tests build it on
/// `tauri::test::mock_builder()` with [`context`].
pub fn app_builder<R: Runtime>(builder: Builder<R>, state: app::AppState) -> Builder<R> {
    // The window tests' record of IPC replies exists in debug builds only.
    #[cfg(debug_assertions)]
    let builder = builder.plugin(app::test_hooks::init());
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            // Scheduled sync runs while the window is open.
            app::scheduler::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(include!("app/command_list.rs"))
}

/// tauri.conf.json and capabilities/ as built into the binary (so the
/// capabilities' permissions hold in the IPC tests too), with the built UI.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the window on `data_dir` (on the sandbox company with `sandbox`)
/// and returns when it closes; `Err` says why it could not open.
pub fn open_window(data_dir: crate::paths::DataDir, sandbox: bool) -> Result<(), String> {
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "opening the Roster window"
    );
    let state = app::AppState::open(data_dir);
    if sandbox {
        // On tauri's own runtime, so the sandbox server keeps running with the window.
        let connected =
            tauri::async_runtime::block_on(crate::operations::connection::connect_sandbox(&state));
        match connected {
            Ok(status) => {
                tracing::info!(company = ?status.company_name, "opened on the sandbox company")
            }
            Err(e) => eprintln!("roster: the sandbox company could not start: {}", e.message),
        }
    }
    run(tauri::Builder::default(), state).map_err(|e| {
        tracing::error!(error = %e, "the window failed");
        format!("the window could not start: {e}")
    })
}
