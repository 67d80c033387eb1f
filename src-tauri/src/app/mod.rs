//! The only module that imports tauri: commands (one file per feature), the
//! managed state, and the one IPC error shape.

pub mod bindings;
pub mod commands;
pub mod dialog;
pub mod error;
#[cfg(test)]
mod ipc_tests;
pub mod scheduler;
pub mod state;
pub mod surface;
#[cfg(debug_assertions)]
pub mod test_hooks;

pub use error::{ErrorCode, IpcError};
pub use state::AppState;
