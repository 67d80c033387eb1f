//! How an operation failed, as both front ends report it: a closed set of
//! codes (the window switches on them, the CLI turns them into exit codes,
//! the database records them on failed runs) and a message that says what
//! happened and what to do. Every lower layer's error is classified here,
//! once; internals are logged and never shown.

use serde::Serialize;
use ts_rs::TS;

use crate::connection::ConnectError;
use crate::history::HistoryError;
use crate::mapping::MappingError;
use crate::model::spelled_enum;
use crate::plan::PlanError;
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::trinet::TriNetError;
use crate::vault::VaultError;

spelled_enum! {
    /// Every reason a command can fail, as the UI sees it.
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
        /// TriNet refused the Client ID / Client Secret.
        BadCredentials,
        /// The credentials lack a scope or endpoint Roster needs.
        MissingScope,
        /// TriNet does not know the company for these credentials.
        UnknownCompany,
        /// TriNet kept answering 429 after retries.
        RateLimited,
        /// TriNet (or the sandbox) could not be reached.
        Unreachable,
        /// TriNet did not answer in time after retries.
        Timeout,
        /// TriNet answered with an error of its own.
        TrinetError,
        /// TriNet sent something Roster cannot read.
        MalformedResponse,
        /// The admin cancelled the operation.
        Cancelled,
        /// No TriNet connection is saved.
        NotConnected,
        /// A connection is saved but its secret is in neither the keyring nor the environment.
        SecretMissing,
        /// A connection from an imported configuration (new, or at another base
        /// URL) waits for its secret to be entered and tested there.
        SecretNotConfirmed,
        /// The embedded sandbox company could not start.
        SandboxFailed,
        /// No import is waiting for review (or the one named does not exist).
        NoOpenImport,
        /// The import was already applied, rejected or replaced.
        ImportDecided,
        /// The directory changed after the import was planned.
        ImportStale,
        /// The import tripped a guardrail and approving it needs a confirmation.
        GuardrailNotConfirmed,
        /// A configuration file that is not a valid Roster configuration; nothing was changed.
        InvalidConfig,
        /// The person is not in the directory.
        NoSuchPerson,
        /// An export could not be written where the admin chose.
        ExportFailed,
        /// Another Roster run (a scheduled sync, or a preview in another window
        /// or terminal) is using this company's data.
        RunInProgress,
        /// The company (profile or saved connection) changed while a run was
        /// fetching; nothing was planned.
        ConnectionChanged,
        /// No provisioning target has that name.
        NoSuchTarget,
        /// The target refused its token.
        TargetTokenRefused,
        /// The target's address does not answer like a SCIM 2.0 service.
        NotScim,
        /// The target's certificate is not trusted.
        TargetTls,
        /// The target answered with an error of its own.
        TargetError,
        /// The directory is empty, so no push was planned.
        DirectoryEmpty,
        /// No push is waiting for review for this target.
        NoOpenPush,
        /// No push has that number.
        NoSuchPush,
        /// No reconciliation has that number.
        NoSuchReconciliation,
        /// An unexpected failure; details are in the log file.
        Internal,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl Failure {
    /// An unexpected failure while trying to `doing`; details go to the log only.
    pub fn internal(doing: &str, detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "failed to {doing}");
        Self::new(
            ErrorCode::Internal,
            format!("Roster could not {doing}. Details are in the log file (see About)."),
        )
    }
}

impl From<crate::runlock::RunLockError> for Failure {
    fn from(e: crate::runlock::RunLockError) -> Self {
        use crate::runlock::RunLockError;
        match e {
            RunLockError::Busy { .. } => Self::new(ErrorCode::RunInProgress, e.to_string()),
            RunLockError::Cancelled => Self::new(ErrorCode::Cancelled, e.to_string()),
            RunLockError::Io { .. } => Self::internal("take the run lock", e),
        }
    }
}

impl From<TriNetError> for Failure {
    fn from(e: TriNetError) -> Self {
        let code = match &e {
            TriNetError::BadCredentials => ErrorCode::BadCredentials,
            TriNetError::MissingScope { .. } => ErrorCode::MissingScope,
            TriNetError::UnknownCompany { .. } => ErrorCode::UnknownCompany,
            TriNetError::RateLimited { .. } => ErrorCode::RateLimited,
            TriNetError::Unreachable { .. } => ErrorCode::Unreachable,
            TriNetError::Timeout { .. } => ErrorCode::Timeout,
            TriNetError::Api { .. } => ErrorCode::TrinetError,
            TriNetError::MalformedResponse { .. } => ErrorCode::MalformedResponse,
            TriNetError::Cancelled => ErrorCode::Cancelled,
            TriNetError::RefusedBaseUrl { .. } => ErrorCode::InvalidInput,
            TriNetError::Redirected { .. } => ErrorCode::TrinetError,
            TriNetError::ResponseTooLarge { .. } => ErrorCode::MalformedResponse,
        };
        tracing::warn!(code = e.code(), "TriNet call failed");
        Self::new(code, e.to_string())
    }
}

impl From<crate::scim::ScimError> for Failure {
    fn from(e: crate::scim::ScimError) -> Self {
        use crate::scim::ScimError;
        let code = match &e {
            ScimError::RefusedUrl(_) => ErrorCode::InvalidInput,
            ScimError::TokenRefused { .. } => ErrorCode::TargetTokenRefused,
            ScimError::NotScim { .. } => ErrorCode::NotScim,
            ScimError::Unreachable { .. } => ErrorCode::Unreachable,
            ScimError::Tls { .. } => ErrorCode::TargetTls,
            ScimError::RateLimited { .. } => ErrorCode::RateLimited,
            ScimError::Timeout { .. } => ErrorCode::Timeout,
            ScimError::Cancelled => ErrorCode::Cancelled,
            ScimError::Server { .. }
            | ScimError::Redirected { .. }
            | ScimError::Refused { .. }
            | ScimError::BadAnswer { .. }
            | ScimError::Changed { .. }
            | ScimError::TooLarge { .. } => ErrorCode::TargetError,
        };
        tracing::warn!(code = e.code(), "SCIM target call failed");
        Self::new(code, e.to_string())
    }
}

impl From<crate::provision::TargetError> for Failure {
    fn from(e: crate::provision::TargetError) -> Self {
        use crate::provision::TargetError;
        match e {
            e @ TargetError::NoToken { .. } => Self::new(ErrorCode::SecretMissing, e.to_string()),
            TargetError::Vault(e) => e.into(),
            TargetError::Scim(e) => e.into(),
        }
    }
}

impl From<crate::reconcile::PlanRefused> for Failure {
    fn from(e: crate::reconcile::PlanRefused) -> Self {
        Self::new(ErrorCode::DirectoryEmpty, e.to_string())
    }
}

impl From<ConnectError> for Failure {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::Invalid { message, .. } => Self::new(ErrorCode::InvalidInput, message),
            ConnectError::TriNet(e) => e.into(),
            ConnectError::Vault(e) => e.into(),
            ConnectError::Store(e) => e.into(),
            e @ ConnectError::NotConnected => Self::new(ErrorCode::NotConnected, e.to_string()),
            e @ ConnectError::SecretMissing { .. } => {
                Self::new(ErrorCode::SecretMissing, e.to_string())
            }
            e @ ConnectError::NotConfirmed { .. } => {
                Self::new(ErrorCode::SecretNotConfirmed, e.to_string())
            }
        }
    }
}

impl From<VaultError> for Failure {
    fn from(e: VaultError) -> Self {
        tracing::error!(error = %e, "keyring failure");
        Self::new(ErrorCode::KeyringUnavailable, e.to_string())
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::KeyMissing { .. }
            | StoreError::KeyFileMissing { .. }
            | StoreError::KeyFileIo { .. } => ErrorCode::DatabaseKeyMissing,
            StoreError::WrongKey { .. }
            | StoreError::WrongKeyFile { .. }
            | StoreError::KeyFileShared { .. }
            | StoreError::KeyFileInvalid { .. } => ErrorCode::DatabaseKeyWrong,
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::Vault(_) | StoreError::NoKeyring { .. } => ErrorCode::KeyringUnavailable,
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

impl From<MappingError> for Failure {
    fn from(e: MappingError) -> Self {
        match e {
            e @ (MappingError::Invalid { .. }
            | MappingError::GroupNamesNotAcknowledged { .. }
            | MappingError::NoSuchVersion { .. }) => {
                Self::new(ErrorCode::InvalidInput, e.to_string())
            }
            e @ MappingError::Unreadable { .. } => Self::new(ErrorCode::Internal, e.to_string()),
        }
    }
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        let code = match e {
            SyncError::TriNet(e) => return e.into(),
            SyncError::Store(e) => return e.into(),
            SyncError::Mapping(e) => return e.into(),
            SyncError::Plan(PlanError::MissingKeyField { .. }) => ErrorCode::InvalidInput,
            SyncError::Plan(ref p) => {
                tracing::error!(error = %p, "planning failed");
                ErrorCode::Internal
            }
            SyncError::NoSuchImport { .. } | SyncError::NothingOpen => ErrorCode::NoOpenImport,
            SyncError::Decided { .. }
            | SyncError::ReviewWaiting { .. }
            | SyncError::Unseen { .. } => ErrorCode::ImportDecided,
            SyncError::Stale { .. }
            | SyncError::CandidateGone { .. }
            | SyncError::MappingChanged => ErrorCode::ImportStale,
            SyncError::GuardrailNotConfirmed { .. } => ErrorCode::GuardrailNotConfirmed,
            SyncError::NoSuchLine { .. }
            | SyncError::NotAttention { .. }
            | SyncError::ResolutionNotAllowed { .. }
            | SyncError::InvalidSetting { .. } => ErrorCode::InvalidInput,
            SyncError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
        };
        Self::new(code, e.to_string())
    }
}

impl From<HistoryError> for Failure {
    fn from(e: HistoryError) -> Self {
        match e {
            HistoryError::Store(e) => e.into(),
            HistoryError::Sync(e) => e.into(),
            HistoryError::Mapping(e) => e.into(),
            HistoryError::NoSuchPerson { .. } => Self::new(ErrorCode::NoSuchPerson, e.to_string()),
            HistoryError::NoSuchPush { .. } => Self::new(ErrorCode::NoSuchPush, e.to_string()),
            HistoryError::NoSuchReconciliation { .. } => {
                Self::new(ErrorCode::NoSuchReconciliation, e.to_string())
            }
            HistoryError::Write { .. } => {
                tracing::warn!(error = %e, "export failed");
                Self::new(ErrorCode::ExportFailed, e.to_string())
            }
        }
    }
}
