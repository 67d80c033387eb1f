//! Everything a front end does, without tauri: the open company (its data
//! folder, profile and database), preview, apply, scheduled runs, connect,
//! status and the sandbox start, with one error type. The window (`app`)
//! and the command line (`cli`) both call these; neither holds logic of its
//! own, so the CLI proves the operations complete.

pub mod app_info;
pub mod auto_push;
pub mod connection;
pub mod error;
pub mod mapping;
pub mod preview;
pub mod provision;
#[cfg(test)]
mod provision_tests;
#[cfg(test)]
mod push_history_tests;
pub mod sandbox;
pub mod scheduled;
pub mod state;
pub mod target_rules;
#[cfg(test)]
mod tests;

pub use error::{ErrorCode, Failure};
pub use state::{connection_changed, AppState, FetchSlot, ReadGuard, StoreGuard};
