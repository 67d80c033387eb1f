//! The one error shape every command returns to the UI: `{ code, message }`.
//! The classification (which code, what message) is `operations::Failure`'s;
//! this is its IPC form, and every error a command meets converts through
//! it, so a command can use `?` on any layer's error.

use serde::Serialize;
use ts_rs::TS;

use crate::connection::ConnectError;
use crate::history::HistoryError;
use crate::mapping::MappingError;
use crate::operations::{ErrorCode, Failure};
use crate::runlock::RunLockError;
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::trinet::TriNetError;
use crate::vault::VaultError;

/// What a failed command replies: `code` is a closed set the UI switches
/// on; `message` says what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<Failure> for IpcError {
    fn from(f: Failure) -> Self {
        Self {
            code: f.code,
            message: f.message,
        }
    }
}

/// Each lower layer's error reaches the window classified by `Failure`.
macro_rules! through_failure {
    ($($error:ty),+ $(,)?) => {
        $(impl From<$error> for IpcError {
            fn from(e: $error) -> Self {
                Failure::from(e).into()
            }
        })+
    };
}

through_failure!(
    ConnectError,
    HistoryError,
    MappingError,
    RunLockError,
    StoreError,
    SyncError,
    TriNetError,
    VaultError,
);
