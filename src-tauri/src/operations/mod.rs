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

// Links mimalloc's C library for `mi_collect` below, in builds where it is
// not the allocator too (the `roster` binary makes it the allocator).
extern crate mimalloc;

/// Hands the memory a large job freed (a preview's 100,000 records) back
/// to the OS at once. mimalloc, the binary's allocator, otherwise keeps
/// freed pages until later allocations purge them, so an idle window would
/// go on holding the job's peak (hundreds of MB) while the review is open.
/// Where mimalloc is not the allocator (tests), it frees nothing.
pub(crate) fn give_back_freed_memory() {
    extern "C" {
        fn mi_collect(force: bool);
    }
    // SAFETY: mimalloc's own entry point, linked through the `mimalloc`
    // crate; it walks only the allocator's own free lists.
    unsafe { mi_collect(true) };
}
pub use state::{connection_changed, AppState, FetchSlot, ReadGuard, StoreGuard};
