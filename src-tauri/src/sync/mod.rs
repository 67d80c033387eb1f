//! Fetch → map → plan → apply. So far: fetching every employee of the
//! saved connection, kept in memory (never in SQLite) for the mapping
//! screen's catalog and preview.

pub mod fetch;

pub use fetch::{fetch_employees, Fetched};

use crate::trinet::TriNetError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    TriNet(#[from] TriNetError),
}
