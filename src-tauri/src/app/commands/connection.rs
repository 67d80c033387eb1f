//! Step 1, Connect: test, save, re-check and revoke the TriNet connection,
//! and "Try the sandbox company". Replies never carry the client secret.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, ErrorCode, IpcError};
use crate::connection::{self, ConnectForm, Verified};
use crate::paths::Profile;
use crate::store::ConnectionRow;
use crate::trinet::CancelToken;
use crate::vault::Sensitive;

/// The Connect form as the UI sends it. The secret only ever travels inward.
#[derive(Debug, Deserialize, TS)]
pub struct ConnectionForm {
    pub company_id: String,
    pub client_id: String,
    #[ts(type = "string")]
    pub client_secret: Sensitive<String>,
    /// Empty or absent means TriNet's production API.
    pub base_url: Option<String>,
}

impl From<ConnectionForm> for ConnectForm {
    fn from(f: ConnectionForm) -> Self {
        ConnectForm {
            company_id: f.company_id,
            client_id: f.client_id,
            client_secret: f.client_secret,
            base_url: f.base_url,
        }
    }
}

/// What "Test connection" found.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionTest {
    pub company_id: String,
    pub company_name: Option<String>,
    pub legal_name: Option<String>,
    pub scopes: Vec<String>,
}

impl From<Verified> for ConnectionTest {
    fn from(v: Verified) -> Self {
        Self {
            company_id: v.company_id,
            company_name: v.company_name,
            legal_name: v.legal_name,
            scopes: v.scopes,
        }
    }
}

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
    pub problem: Option<IpcError>,
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
        IpcError::new(code, message.clone())
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

fn current_status(state: &AppState) -> Result<ConnectionStatus, IpcError> {
    let profile = state.profile();
    let row = state.store()?.connection().map_err(IpcError::from)?;
    Ok(status_of(profile, row))
}

/// Async so it runs off the main thread: the database may be busy.
#[tauri::command]
pub async fn connection_status(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    tokio::task::block_in_place(|| current_status(&state))
}

/// Tests the form without saving anything.
#[tauri::command]
pub async fn test_connection(form: ConnectionForm) -> Result<ConnectionTest, IpcError> {
    let (_, verified) = connection::verify(&form.into(), &CancelToken::new()).await?;
    Ok(verified.into())
}

/// Tests the form again and, only if that succeeds, saves it.
#[tauri::command]
pub async fn save_connection(
    state: State<'_, AppState>,
    form: ConnectionForm,
) -> Result<ConnectionStatus, IpcError> {
    verify_and_save(&state, form.into()).await
}

/// Tests `form` and, only if that passes, saves it to the active profile.
async fn verify_and_save(
    state: &AppState,
    form: ConnectForm,
) -> Result<ConnectionStatus, IpcError> {
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
#[tauri::command]
pub async fn check_connection(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    if state.profile() == Profile::Sandbox {
        ensure_sandbox(&state).await?;
    }
    let saved = connection::saved_form(&*state.store()?);
    let outcome = match saved {
        Ok((_, form)) => connection::test(&form, &CancelToken::new()).await,
        Err(connection::ConnectError::NotConnected) => return current_status(&state),
        Err(e) => Err(e),
    };
    let now = connection::now_text(chrono::Utc::now());
    let failure = outcome.err().map(|e| {
        let e = IpcError::from(e);
        (e.code.as_str(), e.message)
    });
    let failure = failure
        .as_ref()
        .map(|(code, message)| (code.as_str(), message.as_str()));
    state
        .store()?
        .record_connection_check(&now, failure)
        .map_err(IpcError::from)?;
    current_status(&state)
}

/// Revoke: deletes the keyring entry and the connection settings; with
/// `erase_data`, also the local directory and history. Leaving the sandbox
/// this way stops it and returns to the real company's data.
#[tauri::command]
pub async fn revoke_connection(
    state: State<'_, AppState>,
    erase_data: bool,
) -> Result<ConnectionStatus, IpcError> {
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
    current_status(&state)
}

/// Starts (or reuses) the embedded sandbox server for the sandbox profile and
/// keeps the saved connection's base URL pointing at it.
pub(crate) async fn ensure_sandbox(
    state: &AppState,
) -> Result<(String, crate::sandbox::SandboxCredentials), IpcError> {
    let mut slot = state.sandbox.lock().await;
    if let Some(handle) = slot.as_ref() {
        return Ok((handle.url.clone(), handle.credentials.clone()));
    }
    let config = crate::sandbox::SandboxConfig {
        state_file: Some(state.data_dir.sandbox_state()),
        ..Default::default()
    };
    let handle = crate::sandbox::start(config).await.map_err(|e| {
        tracing::error!(error = %e, "sandbox failed to start");
        IpcError::new(
            ErrorCode::SandboxFailed,
            format!("The sandbox company could not start: {e}. Try again; if it keeps failing, send the log file (see About)."),
        )
    })?;
    let found = (handle.url.clone(), handle.credentials.clone());
    *slot = Some(handle);
    drop(slot);
    // The sandbox listens on a new free port each run.
    if let Ok(store) = state.store() {
        if let Ok(Some(mut row)) = store.connection() {
            if row.base_url != found.0 {
                row.base_url = found.0.clone();
                let now = connection::now_text(chrono::Utc::now());
                store.save_connection(&row, &now).map_err(IpcError::from)?;
            }
        }
    }
    Ok(found)
}

/// "Try the sandbox company": switches to the sandbox's own database, starts
/// the sandbox, and connects to it through the same test-and-save path as a
/// real company, with its demo credentials. Also used by `roster --sandbox`.
pub async fn connect_sandbox(state: &AppState) -> Result<ConnectionStatus, IpcError> {
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

#[tauri::command]
pub async fn start_sandbox(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    connect_sandbox(&state).await
}
