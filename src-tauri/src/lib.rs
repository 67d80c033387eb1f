//! Roster's app crate: wiring only. Domain logic lives in the modules below,
//! which never import tauri; `app` is the one place that does.

pub mod app;
pub mod cli;
pub mod connection;
pub mod files;
#[cfg(test)]
mod fuzzing;
pub mod history;
pub mod logging;
pub mod mapping;
pub mod paths;
pub mod plan;
#[cfg(test)]
mod recorded_replies;
pub mod runlock;
pub mod sandbox;
pub mod store;
pub mod sync;
pub mod trinet;
pub mod vault;

use tauri::{Builder, Runtime};

/// Builds and runs the desktop app on `builder`, so tests can pass a mock
/// builder and the binary the real one.
pub fn run<R: Runtime>(builder: Builder<R>, state: app::AppState) -> tauri::Result<()> {
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
        .invoke_handler(tauri::generate_handler![
            app::commands::app_info::app_info,
            app::commands::connection::connection_status,
            app::commands::connection::test_connection,
            app::commands::connection::save_connection,
            app::commands::connection::check_connection,
            app::commands::connection::revoke_connection,
            app::commands::connection::start_sandbox,
            app::commands::mapping::mapping_catalog,
            app::commands::mapping::mapping_cancel,
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
            app::commands::history::history_imports,
            app::commands::history::history_charts,
            app::commands::history::history_events,
            app::commands::history::person_timeline,
            app::commands::history::export_import_csv,
            app::commands::history::export_events_csv,
            app::commands::directory::directory_people,
            app::commands::directory::directory_facets,
            app::commands::directory::export_directory_csv,
            app::commands::sandbox::sandbox_advance,
            app::commands::settings::settings_get,
            app::commands::settings::settings_save,
            app::commands::config::config_export,
            app::commands::config::config_import,
        ])
        .run(tauri::generate_context!())
}
