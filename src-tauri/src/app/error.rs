//! The one error shape every command returns to the UI: `{ code, message }`.
//! `code` is a closed set the UI switches on; `message` says what happened
//! and what to do. Internals are logged here and never sent.

use serde::Serialize;
use ts_rs::TS;

use crate::store::StoreError;
use crate::vault::VaultError;

/// Every reason a command can fail, as the UI sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The OS keyring (Secret Service) cannot be reached.
    KeyringUnavailable,
    /// The database exists but its key is no longer in the keyring.
    DatabaseKeyMissing,
    /// The database cannot be decrypted with the stored key.
    DatabaseKeyWrong,
    /// The database comes from a newer Roster.
    DatabaseTooNew,
    /// Something the user typed is not acceptable; the message says which field.
    InvalidInput,
    /// An unexpected failure; details are in the log file.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<VaultError> for IpcError {
    fn from(e: VaultError) -> Self {
        tracing::error!(error = %e, "keyring failure");
        Self::new(ErrorCode::KeyringUnavailable, e.to_string())
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::KeyMissing { .. } => ErrorCode::DatabaseKeyMissing,
            StoreError::WrongKey { .. } => ErrorCode::DatabaseKeyWrong,
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::Vault(_) => ErrorCode::KeyringUnavailable,
            StoreError::Sqlite(_) | StoreError::Io(_) => ErrorCode::Internal,
        };
        tracing::error!(error = %e, ?code, "database failure");
        let message = if code == ErrorCode::Internal {
            "Roster could not read or write its database. Details are in the log file (see About)."
                .to_string()
        } else {
            e.to_string()
        };
        Self::new(code, message)
    }
}
