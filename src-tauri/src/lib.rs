//! Roster's app crate: wiring only. Domain logic lives in the modules below,
//! which never import tauri; `app` is the one place that does.

pub mod app;
pub mod cli;
pub mod connection;
pub mod logging;
pub mod mapping;
pub mod paths;
pub mod plan;
pub mod sandbox;
pub mod store;
pub mod sync;
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
            app::commands::mapping::mapping_catalog,
            app::commands::mapping::directory_fields,
            app::commands::mapping::mapping_current,
            app::commands::mapping::mapping_preview,
            app::commands::mapping::mapping_check,
            app::commands::mapping::mapping_save,
            app::commands::mapping::mapping_history,
            app::commands::mapping::mapping_version,
            app::commands::mapping::mapping_restore,
            app::commands::review::review_preview,
            app::commands::review::review_cancel,
            app::commands::review::review_open,
            app::commands::review::review_summary,
            app::commands::review::review_changes,
            app::commands::review::review_resolve,
            app::commands::review::review_approve,
            app::commands::review::review_reject,
            app::commands::review::import_history,
            app::commands::review::review_export_csv,
            app::commands::sandbox::sandbox_advance,
        ])
        .run(tauri::generate_context!())
}
