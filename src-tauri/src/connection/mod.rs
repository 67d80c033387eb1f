//! Connecting Roster to one TriNet company: check what the admin typed, test
//! it (a token, then org-details), save it (the secret to the OS keyring,
//! everything else to the database), re-check it, and revoke it. The window
//! and the CLI both go through these functions.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{ConnectionRow, Store, StoreError};
use crate::trinet::{
    self, CancelToken, Client, ClientConfig, Credentials, SystemClock, TriNetError,
};
use crate::vault::{self, Sensitive, VaultError};

/// Where a headless machine without a keyring supplies the client secret.
pub const SECRET_ENV: &str = "ROSTER_CLIENT_SECRET";

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{message}")]
    Invalid { field: Field, message: String },
    #[error(transparent)]
    TriNet(#[from] TriNetError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Roster is not connected to TriNet yet. Connect it first (Connect screen, or `roster connect`).")]
    NotConnected,
    #[error(
        "The client secret for {company_id} / {client_id} is not in the OS keyring and {SECRET_ENV} is \
         not set. Connect again to store it, or set {SECRET_ENV} on a machine without a keyring."
    )]
    SecretMissing {
        company_id: String,
        client_id: String,
    },
}

/// The form fields, named as the UI names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    CompanyId,
    ClientId,
    ClientSecret,
    BaseUrl,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::CompanyId => "Company ID",
            Field::ClientId => "Client ID",
            Field::ClientSecret => "Client Secret",
            Field::BaseUrl => "API base URL",
        }
    }
}

/// What the admin typed, before it is checked.
#[derive(Debug, Clone)]
pub struct ConnectForm {
    pub company_id: String,
    pub client_id: String,
    pub client_secret: Sensitive<String>,
    pub base_url: Option<String>,
}

/// A form that passed `validate`: nothing empty, nothing padded, a usable URL.
#[derive(Debug, Clone)]
pub struct ValidForm {
    pub credentials: Credentials,
    pub base_url: String,
}

/// What a successful test shows the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub company_id: String,
    pub company_name: Option<String>,
    pub legal_name: Option<String>,
    pub scopes: Vec<String>,
}

fn check_text(field: Field, value: &str) -> Result<(), ConnectError> {
    let message = if value.is_empty() {
        format!("Enter the {}.", field.label())
    } else if value.trim().is_empty() {
        format!(
            "The {} is only spaces; paste the value from TriNet.",
            field.label()
        )
    } else if value.trim() != value {
        format!(
            "The {} starts or ends with a space or line break; remove it (copying from a web page often adds one).",
            field.label()
        )
    } else {
        return Ok(());
    };
    Err(ConnectError::Invalid { field, message })
}

/// A usable API base URL (default: TriNet's production API), without a trailing slash.
fn check_base_url(base_url: Option<&str>) -> Result<String, ConnectError> {
    match base_url {
        None | Some("") => Ok(trinet::DEFAULT_BASE_URL.to_string()),
        Some(url) => {
            check_text(Field::BaseUrl, url)?;
            let ok = reqwest::Url::parse(url)
                .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .unwrap_or(false);
            if !ok {
                return Err(ConnectError::Invalid {
                    field: Field::BaseUrl,
                    message: format!(
                        "The API base URL must be a web address such as {}.",
                        trinet::DEFAULT_BASE_URL
                    ),
                });
            }
            Ok(url.trim_end_matches('/').to_string())
        }
    }
}

/// Checks the form before any request is made.
pub fn validate(form: &ConnectForm) -> Result<ValidForm, ConnectError> {
    check_text(Field::CompanyId, &form.company_id)?;
    check_text(Field::ClientId, &form.client_id)?;
    check_text(Field::ClientSecret, form.client_secret.expose())?;
    let base_url = check_base_url(form.base_url.as_deref())?;
    Ok(ValidForm {
        credentials: Credentials::new(
            &form.company_id,
            &form.client_id,
            form.client_secret.clone(),
        ),
        base_url,
    })
}

/// Checks a connection's settings without its secret (a shared
/// configuration file): the checks of the Connect form. Returns the base URL
/// as it would be saved.
pub fn validate_settings(
    company_id: &str,
    client_id: &str,
    base_url: Option<&str>,
) -> Result<String, ConnectError> {
    check_text(Field::CompanyId, company_id)?;
    check_text(Field::ClientId, client_id)?;
    check_base_url(base_url)
}

/// Saves a connection's settings without a secret (from a shared
/// configuration), for the admin to finish by entering the secret on
/// Connect. Unless the keyring already has this connection's secret, the
/// connection shows "Needs attention: enter the secret". The same
/// connection keeps what its last check found. Returns the connection it
/// replaced, whose secret the caller removes with [`forget_secret`] once
/// the save is committed.
pub fn save_settings_only(
    store: &Store,
    company_id: &str,
    client_id: &str,
    base_url: &str,
    is_sandbox: bool,
    now: DateTime<Utc>,
) -> Result<Option<ConnectionRow>, ConnectError> {
    let previous = store.connection()?;
    let now = now_text(now);
    let same = previous
        .as_ref()
        .filter(|p| p.company_id == company_id && p.client_id == client_id);
    let row = match same {
        Some(p) => ConnectionRow {
            base_url: base_url.to_string(),
            ..p.clone()
        },
        None => {
            let has_secret = match vault::get(&secret_entry(company_id, client_id)) {
                Ok(found) => found.is_some(),
                Err(e) => {
                    tracing::warn!(error = %e, "keyring unavailable while importing a connection");
                    false
                }
            };
            let missing = (!has_secret).then(|| ConnectError::SecretMissing {
                company_id: company_id.to_string(),
                client_id: client_id.to_string(),
            });
            ConnectionRow {
                company_id: company_id.to_string(),
                client_id: client_id.to_string(),
                base_url: base_url.to_string(),
                scopes: String::new(),
                company_name: None,
                legal_name: None,
                is_sandbox,
                last_verified_at: None,
                last_checked_at: Some(now.clone()),
                last_error_code: missing.as_ref().map(|_| "secret_missing".to_string()),
                last_error: missing.map(|e| e.to_string()),
            }
        }
    };
    store.save_connection(&row, &now)?;
    tracing::info!(company_id, "TriNet connection settings imported");
    Ok(previous.filter(|p| p.company_id != company_id || p.client_id != client_id))
}

/// Removes a replaced connection's secret from the keyring (logged, not
/// fatal, when the keyring cannot be reached).
pub fn forget_secret(old: &ConnectionRow) {
    if let Err(e) = vault::delete(&secret_entry(&old.company_id, &old.client_id)) {
        tracing::warn!(error = %e, "could not remove the previous connection's secret");
    }
}

/// The keyring account under which a connection's secret is filed
/// (service `roster`): company ID and client ID.
pub fn secret_entry(company_id: &str, client_id: &str) -> String {
    format!("trinet:{company_id}:{client_id}")
}

fn client(form: &ValidForm) -> Result<Client, TriNetError> {
    let config = ClientConfig {
        base_url: form.base_url.clone(),
        jitter_seed: u64::from(std::process::id()) ^ Utc::now().timestamp_subsec_nanos() as u64,
        ..ClientConfig::default()
    };
    Client::new(
        config,
        form.credentials.clone(),
        std::sync::Arc::new(SystemClock),
    )
}

/// Test connection: a token, then org-details. Nothing is saved.
pub async fn test(form: &ValidForm, cancel: &CancelToken) -> Result<Verified, ConnectError> {
    let check = client(form)?.check_connection(cancel).await?;
    tracing::info!(
        company_id = %form.credentials.company_id,
        scopes = check.scopes.len(),
        "TriNet connection test succeeded"
    );
    Ok(Verified {
        company_id: check
            .company
            .company_id
            .clone()
            .unwrap_or_else(|| form.credentials.company_id.clone()),
        company_name: check.company.company_name,
        legal_name: check.company.legal_name,
        scopes: check.scopes,
    })
}

/// Checks the form, then tests it against TriNet: what every connect path
/// (screen, sandbox, CLI) does before it may save anything.
pub async fn verify(
    form: &ConnectForm,
    cancel: &CancelToken,
) -> Result<(ValidForm, Verified), ConnectError> {
    let valid = validate(form)?;
    let verified = test(&valid, cancel).await?;
    Ok((valid, verified))
}

pub fn now_text(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Saves a tested connection: the secret to the keyring first (so a keyring
/// failure saves nothing), then the settings. Replaces an earlier connection
/// and removes its secret. With `secret_from_env` (a headless server whose
/// secret lives in `ROSTER_CLIENT_SECRET`), a missing keyring is not an error:
/// the settings are saved and the secret keeps coming from the environment.
pub fn save(
    store: &Store,
    form: &ValidForm,
    verified: &Verified,
    is_sandbox: bool,
    now: DateTime<Utc>,
    secret_from_env: bool,
) -> Result<(), ConnectError> {
    let creds = &form.credentials;
    let entry = secret_entry(&creds.company_id, &creds.client_id);
    match vault::set(&entry, &creds.client_secret) {
        Ok(()) => {}
        Err(VaultError::Unavailable { .. }) if secret_from_env => {
            tracing::warn!("no OS keyring: the client secret stays in {SECRET_ENV} only");
        }
        Err(e) => return Err(e.into()),
    }
    let previous = store.connection()?;
    let now = now_text(now);
    store.save_connection(
        &ConnectionRow {
            company_id: creds.company_id.clone(),
            client_id: creds.client_id.clone(),
            base_url: form.base_url.clone(),
            scopes: verified.scopes.join(" "),
            company_name: verified.company_name.clone(),
            legal_name: verified.legal_name.clone(),
            is_sandbox,
            last_verified_at: Some(now.clone()),
            last_checked_at: Some(now.clone()),
            last_error_code: None,
            last_error: None,
        },
        &now,
    )?;
    if let Some(old) = previous {
        let old_entry = secret_entry(&old.company_id, &old.client_id);
        if old_entry != entry {
            if let Err(e) = vault::delete(&old_entry) {
                tracing::warn!(error = %e, "could not remove the previous connection's secret");
            }
        }
    }
    tracing::info!(company_id = %creds.company_id, is_sandbox, "TriNet connection saved");
    Ok(())
}

/// The saved connection's secret: from the keyring, else `ROSTER_CLIENT_SECRET`.
pub fn load_secret(row: &ConnectionRow) -> Result<Sensitive<String>, ConnectError> {
    let from_keyring = vault::get(&secret_entry(&row.company_id, &row.client_id));
    match from_keyring {
        Ok(Some(secret)) => return Ok(secret),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "keyring unavailable; trying {SECRET_ENV}"),
    }
    match std::env::var(SECRET_ENV) {
        Ok(s) if !s.trim().is_empty() => Ok(Sensitive::new(s)),
        _ => Err(ConnectError::SecretMissing {
            company_id: row.company_id.clone(),
            client_id: row.client_id.clone(),
        }),
    }
}

/// The saved connection as a form, with its secret, ready to test or fetch with.
pub fn saved_form(store: &Store) -> Result<(ConnectionRow, ValidForm), ConnectError> {
    let row = store.connection()?.ok_or(ConnectError::NotConnected)?;
    let secret = load_secret(&row)?;
    let form = ValidForm {
        credentials: Credentials::new(&row.company_id, &row.client_id, secret),
        base_url: row.base_url.clone(),
    };
    Ok((row, form))
}

/// Removes the connection: its secret from the keyring and its settings from
/// the database. History stays unless `erase_data`.
pub fn revoke(store: &Store, erase_data: bool) -> Result<(), ConnectError> {
    if let Some(row) = store.connection()? {
        vault::delete(&secret_entry(&row.company_id, &row.client_id))?;
    }
    store.delete_connection()?;
    if erase_data {
        store.erase_local_data()?;
    }
    tracing::info!(erase_data, "TriNet connection revoked");
    Ok(())
}

#[cfg(test)]
mod tests;
