//! Roster's app crate: wiring only. Domain logic lives in the modules below,
//! which never import tauri; `app` is the one place that does.

pub mod app;
pub mod cli;
pub mod connection;
pub mod logging;
pub mod paths;
pub mod sandbox;
pub mod store;
pub mod trinet;
pub mod vault;

use tauri::{Builder, Runtime};

/// Builds and runs the desktop app on `builder`, so tests can pass a mock
/// builder and the binary the real one.
pub fn run<R: Runtime>(builder: Builder<R>, state: app::AppState) -> tauri::Result<()> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            app::commands::app_info::app_info,
            app::commands::connection::connection_status,
            app::commands::connection::test_connection,
            app::commands::connection::save_connection,
            app::commands::connection::check_connection,
            app::commands::connection::revoke_connection,
            app::commands::connection::start_sandbox,
        ])
        .run(tauri::generate_context!())
}
