//! Debug builds only: what the black-box window tests read from the page. Never in a
//! release build (lib.rs registers it under `cfg(debug_assertions)`; scripts/package.sh
//! checks the release binary for it), because what it exposes holds employees' personal data.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::Runtime;

/// Starts the record of IPC replies the UI keeps (`recordReply` in ui/src/ipc/client.ts):
/// the UI only ever appends to this array, never creates it, so without this plugin it
/// stays undefined.
const IPC_REPLIES_SCRIPT: &str = "window.__rosterIpcReplies = [];";

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("roster-test-hooks")
        .js_init_script(IPC_REPLIES_SCRIPT)
        .build()
}
