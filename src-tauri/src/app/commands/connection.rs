//! Step 1, Connect: test, save, re-check and revoke the TriNet connection,
//! and "Try the sandbox company". Replies never carry the client secret.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, IpcError};
use crate::connection::{self, ConnectForm, Verified};
use crate::operations::connection::{self as operation, ConnectionStatus};
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

/// Async so it runs off the main thread: the database may be busy.
#[tauri::command]
pub async fn connection_status(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    Ok(tokio::task::block_in_place(|| {
        operation::current_status(&state)
    })?)
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
    Ok(operation::verify_and_save(&state, form.into()).await?)
}

/// Re-checks the saved connection and records the outcome: "Connected" or
/// "Needs attention" with the reason.
#[tauri::command]
pub async fn check_connection(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    Ok(operation::check(&state).await?)
}

/// Revoke: deletes the keyring entry and the connection settings; with
/// `erase_data`, also the local directory and history. Leaving the sandbox
/// this way stops it and returns to the real company's data.
#[tauri::command]
pub async fn revoke_connection(
    state: State<'_, AppState>,
    erase_data: bool,
) -> Result<ConnectionStatus, IpcError> {
    Ok(operation::revoke(&state, erase_data).await?)
}

#[tauri::command]
pub async fn start_sandbox(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    Ok(operation::connect_sandbox(&state).await?)
}
