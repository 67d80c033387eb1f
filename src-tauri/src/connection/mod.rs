//! Connecting Roster to one TriNet company: check what the admin typed, test
//! it (a token, then org-details), save it (the secret to the OS keyring,
//! everything else to the database), re-check it, and revoke it. The window
//! and the CLI both go through these functions.
//!
//! Invariant: the secret is only ever sent to the base URL it was last
//! tested with. A connection whose settings came from a configuration file
//! (new, or with a changed base URL) has no `last_verified_at` and is not
//! used until the admin enters the secret and a test passes.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{ConnectionRow, Store, StoreError};
use crate::trinet::{
    self, CancelToken, Client, ClientConfig, Credentials, SystemClock, TriNetError,
};
use crate::vault::{self, Sensitive, VaultError};

mod env_secret;

pub use env_secret::{secret_from_env, take_secret_from_env};

/// Where a headless machine without a keyring supplies the client secret.
/// Read once at start and removed from the environment (see `env_secret`).
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
    #[error(
        "The connection to {company_id} at {base_url} came from an imported configuration and has \
         not been tested with its client secret there. Enter the client secret on Connect (or run \
         `roster connect`): nothing is sent to {base_url} until that test passes."
    )]
    NotConfirmed {
        company_id: String,
        base_url: String,
    },
}

/// The error code a saved connection carries while it waits for its secret
/// to be entered again (see [`ConnectError::NotConfirmed`]).
pub const NOT_CONFIRMED_CODE: &str = "secret_not_confirmed";

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

/// A usable API base URL (default: TriNet's production API), without a
/// trailing slash: https, or http on this computer, with no user name or
/// password in it.
fn check_base_url(base_url: Option<&str>) -> Result<String, ConnectError> {
    match base_url {
        None | Some("") => Ok(trinet::DEFAULT_BASE_URL.to_string()),
        Some(url) => {
            check_text(Field::BaseUrl, url)?;
            trinet::check_base_url(url).map_err(|problem| ConnectError::Invalid {
                field: Field::BaseUrl,
                message: problem.to_string(),
            })
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

/// What saving an imported connection's settings did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsImported {
    /// The connection waits for the admin to enter its secret on Connect.
    pub needs_secret: bool,
    /// The same connection's base URL before and after, when the file
    /// changed it.
    pub base_url_changed: Option<(String, String)>,
}

/// Saves a connection's settings without a secret (from a shared
/// configuration), for the admin to finish by entering the secret on
/// Connect. The same connection at the same base URL is left as it is.
/// Anything else (another connection, or this one at another base URL) is a
/// connection nobody has tested: it is saved unverified and needs attention,
/// and [`saved_form`] refuses it until the secret is entered again and a
/// test passes, so no secret is sent to an address that came from a file.
/// Never touches the keyring.
pub fn save_settings_only(
    store: &Store,
    company_id: &str,
    client_id: &str,
    base_url: &str,
    is_sandbox: bool,
    now: DateTime<Utc>,
) -> Result<SettingsImported, ConnectError> {
    let previous = store.connection()?;
    let now = now_text(now);
    let same = previous.filter(|p| p.company_id == company_id && p.client_id == client_id);
    let (row, base_url_changed) = match same {
        Some(p) if p.base_url == base_url => {
            return Ok(SettingsImported {
                needs_secret: p.last_verified_at.is_none(),
                base_url_changed: None,
            })
        }
        Some(p) => {
            let message = format!(
                "The API base URL changed from {} to {base_url} in an imported configuration. \
                 Enter the client secret again on Connect (or run `roster connect`): nothing is \
                 sent to {base_url} until that test passes.",
                p.base_url
            );
            let change = (p.base_url.clone(), base_url.to_string());
            let row = ConnectionRow {
                base_url: base_url.to_string(),
                last_verified_at: None,
                last_checked_at: Some(now.clone()),
                last_error_code: Some(NOT_CONFIRMED_CODE.to_string()),
                last_error: Some(message),
                ..p
            };
            (row, Some(change))
        }
        None => (
            unverified_row(company_id, client_id, base_url, is_sandbox, &now),
            None,
        ),
    };
    store.save_connection(&row, &now)?;
    tracing::info!(
        company_id,
        base_url_changed = base_url_changed.is_some(),
        "TriNet connection settings imported"
    );
    Ok(SettingsImported {
        needs_secret: true,
        base_url_changed,
    })
}

/// A connection from a file, before its secret was entered and tested.
fn unverified_row(
    company_id: &str,
    client_id: &str,
    base_url: &str,
    is_sandbox: bool,
    now: &str,
) -> ConnectionRow {
    let has_secret = match vault::get(&secret_entry(company_id, client_id)) {
        Ok(found) => found.is_some(),
        Err(e) => {
            tracing::warn!(error = %e, "keyring unavailable while importing a connection");
            false
        }
    };
    let problem = if has_secret {
        ConnectError::NotConfirmed {
            company_id: company_id.to_string(),
            base_url: base_url.to_string(),
        }
    } else {
        ConnectError::SecretMissing {
            company_id: company_id.to_string(),
            client_id: client_id.to_string(),
        }
    };
    let code = if has_secret {
        NOT_CONFIRMED_CODE
    } else {
        "secret_missing"
    };
    ConnectionRow {
        company_id: company_id.to_string(),
        client_id: client_id.to_string(),
        base_url: base_url.to_string(),
        scopes: String::new(),
        company_name: None,
        legal_name: None,
        is_sandbox,
        last_verified_at: None,
        last_checked_at: Some(now.to_string()),
        last_error_code: Some(code.to_string()),
        last_error: Some(problem.to_string()),
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
        jitter_seed: crate::rng::varying_seed(),
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
        // Server text that `roster connect` prints: no terminal escapes.
        company_name: check.company.company_name.as_deref().map(trinet::printable),
        legal_name: check.company.legal_name.as_deref().map(trinet::printable),
        scopes: check.scopes.iter().map(|s| trinet::printable(s)).collect(),
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
    match secret_from_env() {
        Some(s) if !s.expose().trim().is_empty() => Ok(s),
        _ => Err(ConnectError::SecretMissing {
            company_id: row.company_id.clone(),
            client_id: row.client_id.clone(),
        }),
    }
}

/// The saved connection as a form, with its secret, ready to test or fetch
/// with. Refuses a connection that was never tested at its base URL (its
/// settings came from a configuration file): the secret goes nowhere until
/// the admin enters it and a test passes.
pub fn saved_form(store: &Store) -> Result<(ConnectionRow, ValidForm), ConnectError> {
    let row = store.connection()?.ok_or(ConnectError::NotConnected)?;
    let secret = load_secret(&row)?;
    if row.last_verified_at.is_none() {
        return Err(ConnectError::NotConfirmed {
            company_id: row.company_id.clone(),
            base_url: row.base_url.clone(),
        });
    }
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
