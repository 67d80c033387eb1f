//! The only module that imports tauri: commands (one file per feature), the
//! schedule's background task, native dialogs, and the one IPC error shape.
//! Commands are thin: they call `crate::operations` and convert its errors.

pub mod bindings;
pub mod commands;
pub mod dialog;
pub mod error;
#[cfg(test)]
mod ipc_tests;
pub mod scheduler;
pub mod surface;
#[cfg(debug_assertions)]
pub mod test_hooks;

pub use crate::operations::AppState;
pub use error::IpcError;
