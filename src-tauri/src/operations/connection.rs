//! The TriNet connection as both front ends see it: its status, saving a
//! tested form, re-checking and revoking it, and starting the sandbox
//! company. Replies never carry the client secret.

use crate::model::Spelled;
use serde::Serialize;
use ts_rs::TS;

use super::{AppState, ErrorCode, Failure};
use crate::connection::{self, ConnectForm};
use crate::paths::Profile;
use crate::store::ConnectionRow;
use crate::trinet::CancelToken;
use crate::vault::Sensitive;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    NotConnected,
    Connected,
    /// Saved, but the last check failed; `problem` says why.
    NeedsAttention,
}

/// The connection as every screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionStatus {
    pub state: ConnectionState,
    pub profile: Profile,
    pub company_id: Option<String>,
    pub client_id: Option<String>,
    pub company_name: Option<String>,
    pub legal_name: Option<String>,
    pub base_url: Option<String>,
    pub scopes: Vec<String>,
    /// RFC 3339.
    pub last_verified_at: Option<String>,
    pub last_checked_at: Option<String>,
    pub problem: Option<Failure>,
}

/// Builds the status from the saved row (shared with the CLI).
pub fn status_of(profile: Profile, row: Option<ConnectionRow>) -> ConnectionStatus {
    let Some(row) = row else {
        return ConnectionStatus {
            state: ConnectionState::NotConnected,
            profile,
            company_id: None,
            client_id: None,
            company_name: None,
            legal_name: None,
            base_url: None,
            scopes: vec![],
            last_verified_at: None,
            last_checked_at: None,
            problem: None,
        };
    };
    let problem = row.last_error.as_ref().map(|message| {
        let code = row
            .last_error_code
            .as_deref()
            .and_then(ErrorCode::parse)
            .unwrap_or(ErrorCode::Internal);
        Failure::new(code, message.clone())
    });
    ConnectionStatus {
        state: if problem.is_some() {
            ConnectionState::NeedsAttention
        } else {
            ConnectionState::Connected
        },
        profile,
        company_id: Some(row.company_id),
        client_id: Some(row.client_id),
        company_name: row.company_name,
        legal_name: row.legal_name,
        base_url: Some(row.base_url),
        scopes: row.scopes.split_whitespace().map(str::to_string).collect(),
        last_verified_at: row.last_verified_at,
        last_checked_at: row.last_checked_at,
        problem,
    }
}

pub fn current_status(state: &AppState) -> Result<ConnectionStatus, Failure> {
    let profile = state.profile();
    let row = state.reader()?.connection().map_err(Failure::from)?;
    Ok(status_of(profile, row))
}

/// Tests `form` and, only if that passes, saves it to the active profile.
pub async fn verify_and_save(
    state: &AppState,
    form: ConnectForm,
) -> Result<ConnectionStatus, Failure> {
    let (valid, verified) = connection::verify(&form, &CancelToken::new()).await?;
    let is_sandbox = state.profile() == Profile::Sandbox;
    connection::save(
        &*state.store()?,
        &valid,
        &verified,
        is_sandbox,
        chrono::Utc::now(),
        false,
    )?;
    current_status(state)
}

/// Re-checks the saved connection and records the outcome: "Connected" or
/// "Needs attention" with the reason.
pub async fn check(state: &AppState) -> Result<ConnectionStatus, Failure> {
    if state.profile() == Profile::Sandbox {
        ensure_sandbox(state).await?;
    }
    let saved = connection::saved_form(&*state.reader()?);
    let outcome = match saved {
        Ok((_, form)) => connection::test(&form, &CancelToken::new()).await,
        Err(connection::ConnectError::NotConnected) => return current_status(state),
        Err(e) => Err(e),
    };
    let now = connection::now_text(chrono::Utc::now());
    let failure = outcome.err().map(|e| {
        let e = Failure::from(e);
        (e.code.as_str(), e.message)
    });
    let failure = failure
        .as_ref()
        .map(|(code, message)| (*code, message.as_str()));
    state
        .store()?
        .record_connection_check(&now, failure)
        .map_err(Failure::from)?;
    current_status(state)
}

/// Revoke: deletes the keyring entry and the connection settings; with
/// `erase_data`, also the local directory and history. Leaving the sandbox
/// this way stops it and returns to the real company's data.
pub async fn revoke(state: &AppState, erase_data: bool) -> Result<ConnectionStatus, Failure> {
    {
        let store = state.store()?;
        connection::revoke(&store, erase_data)?;
        // Revoke stops any schedule.
        crate::sync::settings::stop_schedule(&store, chrono::Utc::now())?;
    }
    if state.profile() == Profile::Sandbox {
        if let Some(handle) = state.sandbox.lock().await.take() {
            handle.shutdown().await;
        }
        state.switch_profile(Profile::Company)?;
    }
    current_status(state)
}

/// Starts (or reuses) the embedded sandbox server for the sandbox profile and
/// keeps the saved connection's base URL pointing at it.
pub async fn ensure_sandbox(
    state: &AppState,
) -> Result<(String, crate::sandbox::SandboxCredentials), Failure> {
    let mut slot = state.sandbox.lock().await;
    if let Some(handle) = slot.as_ref() {
        return Ok((handle.url.clone(), handle.credentials.clone()));
    }
    let config = crate::sandbox::SandboxConfig {
        state_file: Some(state.data_dir.sandbox_state()),
        ..Default::default()
    };
    let handle = crate::sandbox::start(config)
        .await
        .map_err(sandbox_failed)?;
    let found = (handle.url.clone(), handle.credentials.clone());
    *slot = Some(handle);
    drop(slot);
    // The sandbox listens on a new free port each run.
    if let Ok(store) = state.store() {
        if let Ok(Some(mut row)) = store.connection() {
            if row.base_url != found.0 {
                row.base_url = found.0.clone();
                let now = connection::now_text(chrono::Utc::now());
                store.save_connection(&row, &now).map_err(Failure::from)?;
            }
        }
    }
    Ok(found)
}

fn sandbox_failed(e: crate::sandbox::SandboxError) -> Failure {
    tracing::error!(error = %e, "sandbox failed to start");
    Failure::new(
        ErrorCode::SandboxFailed,
        format!("The sandbox company could not start: {e}. Try again; if it keeps failing, send the log file (see About)."),
    )
}

/// Starts the embedded sandbox from `config` (a company of another size or
/// seed than the window's, for tests and benches) and connects to it as
/// "Try the sandbox company" does.
pub async fn connect_sandbox_with(
    state: &AppState,
    config: crate::sandbox::SandboxConfig,
) -> Result<ConnectionStatus, Failure> {
    let handle = crate::sandbox::start(config)
        .await
        .map_err(sandbox_failed)?;
    *state.sandbox.lock().await = Some(handle);
    connect_sandbox(state).await
}

/// "Try the sandbox company": switches to the sandbox's own database, starts
/// the sandbox, and connects to it through the same test-and-save path as a
/// real company, with its demo credentials. Also used by `roster --sandbox`.
pub async fn connect_sandbox(state: &AppState) -> Result<ConnectionStatus, Failure> {
    state.switch_profile(Profile::Sandbox)?;
    let (url, creds) = ensure_sandbox(state).await?;
    let form = ConnectForm {
        company_id: creds.company_id,
        client_id: creds.client_id,
        client_secret: Sensitive::new(creds.client_secret),
        base_url: Some(url),
    };
    verify_and_save(state, form).await
}
