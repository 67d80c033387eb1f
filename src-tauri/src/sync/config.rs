//! The whole configuration as one JSON file, so several admins can share
//! one setup: the current mapping, the settings, and the connection's
//! settings. Never the client secret, which lives only in the OS keyring:
//! the admin who imports the file enters it on Connect.
//!
//! Importing checks everything before it changes anything; a bad file
//! changes nothing and says what is wrong. An import never deletes a
//! secret from the keyring, and a connection it changes (another one, or
//! the same at another base URL) is not used until the admin enters the
//! secret and a test passes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mapping_versions;
use super::settings::{self, Settings};
use super::SyncError;
use crate::connection::{self, now_text, ConnectError};
use crate::mapping::{versions, MappingError, MappingSpec};
use crate::store::Store;

/// The file's format tag.
pub const FORMAT: &str = "roster-configuration";
/// The newest version this build writes and reads.
pub const VERSION: u32 = 1;

/// The connection without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionConfig {
    pub company_id: String,
    pub client_id: String,
    pub base_url: String,
}

/// The file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub format: String,
    pub version: u32,
    /// RFC 3339.
    pub exported_at: String,
    /// The latest saved mapping (none saved yet: the default one applies).
    pub mapping: Option<MappingSpec>,
    pub settings: Settings,
    pub connection: Option<ConnectionConfig>,
}

/// The connection's API base URL before and after an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BaseUrlChange {
    pub from: String,
    pub to: String,
}

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConfigImported {
    /// The mapping version the file's mapping was saved as (`None`: the file
    /// had none, or it equals the current mapping).
    pub mapping_version: Option<u32>,
    /// A connection was saved that is not used until its secret is entered
    /// on Connect and a test passes.
    pub needs_secret: bool,
    pub company_id: Option<String>,
    /// The file moved the same connection to another API base URL.
    pub base_url_change: Option<BaseUrlChange>,
}

/// The configuration as pretty-printed JSON.
pub fn export(store: &Store, now: DateTime<Utc>) -> Result<String, SyncError> {
    let file = ConfigFile {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: now_text(now),
        mapping: mapping_versions::latest_spec(store)?,
        settings: settings::load(store)?,
        connection: store.connection()?.map(|row| ConnectionConfig {
            company_id: row.company_id,
            client_id: row.client_id,
            base_url: row.base_url,
        }),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("the configuration serialises");
    text.push('\n');
    Ok(text)
}

fn invalid(message: impl Into<String>) -> SyncError {
    SyncError::InvalidConfig {
        message: message.into(),
    }
}

/// Reads and checks `text` as a configuration file; changes nothing.
pub fn parse(text: &str) -> Result<ConfigFile, SyncError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| invalid(format!("the file is not JSON ({e}).")))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(invalid(format!(
            "the file is not a Roster configuration (its \"format\" is not \"{FORMAT}\"). \
             Export one from Settings or with `roster config export`."
        )));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 && v <= u64::from(VERSION) => {}
        Some(v) => {
            return Err(invalid(format!(
                "the file is version {v} of the configuration format; this Roster reads up to version {VERSION}. Update Roster."
            )))
        }
        None => return Err(invalid("the file has no \"version\".")),
    }
    if value
        .pointer("/connection/client_secret")
        .is_some_and(|s| !s.is_null())
    {
        return Err(invalid(
            "the file contains a client secret. Secrets are never shared in a configuration file: \
             remove it, then enter the secret on Connect.",
        ));
    }
    let file: ConfigFile = serde_json::from_value(value).map_err(|e| invalid(format!("{e}.")))?;
    file.settings
        .validate()
        .map_err(|e| invalid(format!("settings: {e}")))?;
    if let Some(spec) = &file.mapping {
        versions::vet(spec, None, None, &Default::default(), true).map_err(|e| match e {
            MappingError::Invalid { message, .. } => invalid(format!("mapping: {message}")),
            other => invalid(format!("mapping: {other}")),
        })?;
    }
    if let Some(c) = &file.connection {
        connection::validate_settings(&c.company_id, &c.client_id, Some(&c.base_url)).map_err(
            |e| match e {
                ConnectError::Invalid { message, .. } => invalid(format!("connection: {message}")),
                other => invalid(format!("connection: {other}")),
            },
        )?;
    }
    Ok(file)
}

/// Imports `text`: checks it whole first, then in one transaction saves
/// the mapping as a new version (unless it equals the current one), the
/// settings and the connection's settings. `is_sandbox`: the connection
/// is saved to the sandbox profile.
pub fn import(
    store: &Store,
    text: &str,
    is_sandbox: bool,
    now: DateTime<Utc>,
) -> Result<ConfigImported, SyncError> {
    let file = parse(text)?;
    let stamp = now_text(now);
    let imported = store.in_transaction(|store| {
        let mapping_version = match &file.mapping {
            Some(spec) if mapping_versions::latest_spec(store)?.as_ref() != Some(spec) => {
                let saved = mapping_versions::record(
                    store,
                    spec,
                    0,
                    Some("Imported from a configuration file"),
                    &stamp,
                )?;
                Some(saved.version)
            }
            _ => None,
        };
        settings::save(store, &file.settings, now)?;
        let saved = match &file.connection {
            Some(c) => {
                let base_url =
                    connection::validate_settings(&c.company_id, &c.client_id, Some(&c.base_url))
                        .map_err(|e| invalid(e.to_string()))?;
                let saved = connection::save_settings_only(
                    store,
                    &c.company_id,
                    &c.client_id,
                    &base_url,
                    is_sandbox,
                    now,
                )
                .map_err(|e| match e {
                    ConnectError::Store(e) => SyncError::Store(e),
                    other => invalid(other.to_string()),
                })?;
                Some(saved)
            }
            None => None,
        };
        Ok::<_, SyncError>(ConfigImported {
            mapping_version,
            needs_secret: saved.as_ref().is_some_and(|s| s.needs_secret),
            company_id: file.connection.as_ref().map(|c| c.company_id.clone()),
            base_url_change: saved
                .and_then(|s| s.base_url_changed)
                .map(|(from, to)| BaseUrlChange { from, to }),
        })
    })?;
    tracing::info!(
        mapping_version = ?imported.mapping_version,
        needs_secret = imported.needs_secret,
        "configuration imported"
    );
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::{default_spec, FieldMapping};
    use crate::model::GuardrailSettings;
    use crate::store::{ConnectionRow, DbKey};
    use crate::sync::schedule::Schedule;
    use chrono::TimeZone;
    use std::sync::{Arc, Mutex};

    const SECRET: &str = "s3cr3t-never-exported-7Qx";

    fn store(dir: &tempfile::TempDir, name: &str) -> Store {
        Store::open(&dir.path().join(name), &DbKey::from_bytes([8; 32])).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
    }

    /// A configured database: a custom mapping, changed settings and a
    /// connection whose secret was entered (it stays out of the database).
    fn configured(store: &Store) -> (MappingSpec, Settings, ConnectionRow) {
        let mut spec = default_spec();
        let mut extra: FieldMapping = spec.mappings[0].clone();
        extra.field = "badge_name".into();
        spec.mappings.push(extra);
        spec.custom_fields.push(crate::mapping::DirectoryField {
            name: "badge_name".into(),
            label: "Badge name".into(),
            kind: crate::mapping::FieldKind::Text,
            core: false,
            drives_group: false,
        });
        mapping_versions::record(store, &spec, 0, None, "2026-05-01T10:00:00Z").unwrap();
        let s = Settings {
            schedule: Schedule::Daily { at: "07:15".into() },
            guardrails: GuardrailSettings {
                max_deactivated_percent: 3.5,
                max_deactivated_people: 9,
                max_identity_changes_percent: 2.0,
            },
            missing_runs_to_deactivate: 4,
            notifications: false,
            retention: settings::Retention::Months { months: 24 },
        };
        settings::save(store, &s, now()).unwrap();
        let row = ConnectionRow {
            company_id: "ACME42".into(),
            client_id: "client-7".into(),
            base_url: "https://api.example.test".into(),
            scopes: "basic-read".into(),
            company_name: Some("Acme".into()),
            legal_name: Some("Acme, Inc.".into()),
            is_sandbox: false,
            last_verified_at: Some("2026-05-01T10:00:00Z".into()),
            last_checked_at: Some("2026-05-01T10:00:00Z".into()),
            last_error_code: None,
            last_error: None,
        };
        store.save_connection(&row, "2026-05-01T10:00:00Z").unwrap();
        (spec, s, row)
    }

    #[test]
    fn export_then_import_into_a_fresh_database_gives_the_same_setup_without_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let source = store(&dir, "a.db");
        let (spec, s, row) = configured(&source);
        let text = export(&source, now()).unwrap();
        assert!(!text.contains(SECRET));
        assert!(
            !text.to_lowercase().contains("secret"),
            "no secret field at all: {text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["version"], VERSION);

        let fresh = store(&dir, "b.db");
        let imported = import(&fresh, &text, false, now()).unwrap();
        assert_eq!(imported.mapping_version, Some(1));
        assert_eq!(mapping_versions::latest_spec(&fresh).unwrap(), Some(spec));
        assert_eq!(settings::load(&fresh).unwrap(), s);
        let got = fresh.connection().unwrap().unwrap();
        assert_eq!(
            (
                got.company_id.as_str(),
                got.client_id.as_str(),
                got.base_url.as_str()
            ),
            (
                row.company_id.as_str(),
                row.client_id.as_str(),
                row.base_url.as_str()
            )
        );
        // The imported connection waits for its secret (this test keyring has
        // none for it, or no keyring at all).
        assert!(imported.needs_secret);
        assert_eq!(got.last_error_code.as_deref(), Some("secret_missing"));
        // The same file again: no new mapping version.
        let again = import(&fresh, &text, false, now()).unwrap();
        assert_eq!(again.mapping_version, None);
        assert_eq!(fresh.mapping_versions().unwrap().len(), 1);
        // And what is exported from the copy is the same configuration.
        let copy: ConfigFile = serde_json::from_str(&export(&fresh, now()).unwrap()).unwrap();
        let orig: ConfigFile = serde_json::from_str(&text).unwrap();
        assert_eq!(copy, orig);
    }

    #[test]
    fn a_bad_file_changes_nothing_and_says_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let source = store(&dir, "a.db");
        configured(&source);
        let good: serde_json::Value =
            serde_json::from_str(&export(&source, now()).unwrap()).unwrap();
        let target = store(&dir, "b.db");
        let before = target.dump_all_text().unwrap();
        let with = |path: &str, value: serde_json::Value| {
            let mut v = good.clone();
            *v.pointer_mut(path).unwrap() = value;
            v.to_string()
        };
        let mut secret = good.clone();
        secret["connection"]["client_secret"] = SECRET.into();
        let cases = [
            ("not json".to_string(), "not JSON"),
            (
                with("/format", "something-else".into()),
                "not a Roster configuration",
            ),
            (with("/version", 99.into()), "version 99"),
            (
                with(
                    "/settings/schedule",
                    serde_json::json!({"kind": "every_minutes", "minutes": 2}),
                ),
                "from 5",
            ),
            (
                with("/settings/guardrails/max_deactivated_percent", 250.into()),
                "percentage",
            ),
            (
                with("/connection/base_url", "ftp://x".into()),
                "web address",
            ),
            (
                with("/connection/base_url", "http://api.example.test".into()),
                "must start with https://",
            ),
            (
                with(
                    "/connection/base_url",
                    "https://admin:hunter2@api.example.test".into(),
                ),
                "user name or password",
            ),
            (with("/connection/company_id", " ACME".into()), "Company ID"),
            (
                with("/mapping/mappings/0/field", "no_such_field".into()),
                "mapping",
            ),
            (secret.to_string(), "client secret"),
        ];
        for (text, says) in cases {
            let e = import(&target, &text, false, now()).unwrap_err();
            assert!(matches!(e, SyncError::InvalidConfig { .. }), "{e:?}");
            assert!(e.to_string().contains(says), "{says}: {e}");
            assert!(e.to_string().starts_with("Nothing was imported"), "{e}");
            assert_eq!(
                target.dump_all_text().unwrap(),
                before,
                "{says}: nothing changed"
            );
        }
    }

    /// A TriNet stand-in that answers a token and org-details and logs the
    /// Authorization header of every request it gets.
    async fn logging_trinet() -> (String, Arc<Mutex<Vec<String>>>) {
        use axum::http::HeaderMap;
        use axum::routing::any;
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = log.clone();
        let app = axum::Router::new().fallback(any(move |uri: axum::http::Uri, headers: HeaderMap| {
            let seen = seen.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("(none)");
                seen.lock().unwrap().push(format!("{} {auth}", uri.path()));
                let body = if uri.path().starts_with("/oauth/") {
                    serde_json::json!({"access_token": "tok", "expires_in": "3599", "scope": "basic-read"})
                } else {
                    serde_json::json!({"_statusCode": "200", "data": {"companyId": "URLCO", "companyName": "Url Co"}})
                };
                axum::Json(body)
            }
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, log)
    }

    fn status(store: &Store) -> crate::operations::connection::ConnectionStatus {
        crate::operations::connection::status_of(
            crate::paths::Profile::Company,
            store.connection().unwrap(),
        )
    }

    /// Needs the real keyring (the test command's private Secret Service).
    #[tokio::test]
    async fn an_imported_base_url_gets_no_secret_until_it_is_entered_again_and_tested() {
        use crate::connection::{secret_entry, ConnectForm};
        use crate::operations::connection::ConnectionState;
        use crate::operations::ErrorCode;
        use crate::trinet::CancelToken;
        use crate::vault::{self, Sensitive};

        let (old_url, old_log) = logging_trinet().await;
        let (new_url, new_log) = logging_trinet().await;
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir, "a.db");
        let client_id = format!("client-urlchange-{}", std::process::id());
        let connect = |base: &str| ConnectForm {
            company_id: "URLCO".into(),
            client_id: client_id.clone(),
            client_secret: Sensitive::new(SECRET.into()),
            base_url: Some(base.to_string()),
        };
        let (valid, verified) = connection::verify(&connect(&old_url), &CancelToken::new())
            .await
            .unwrap();
        connection::save(&store, &valid, &verified, false, now(), false).unwrap();
        assert_eq!(status(&store).state, ConnectionState::Connected);
        assert!(old_log.lock().unwrap().iter().any(|l| l.contains("Basic")));

        let exported = export(&store, now()).unwrap();
        let moved = exported.replace(&old_url, &new_url);
        assert_ne!(moved, exported);
        let imported = import(&store, &moved, false, now()).unwrap();
        assert_eq!(
            imported.base_url_change,
            Some(BaseUrlChange {
                from: old_url.clone(),
                to: new_url.clone()
            })
        );
        assert!(imported.needs_secret);

        // What the admin sees: not connected any more, and why.
        let shown = status(&store);
        assert_eq!(shown.state, ConnectionState::NeedsAttention);
        let problem = shown.problem.unwrap();
        assert_eq!(problem.code, ErrorCode::SecretNotConfirmed);
        assert!(problem.message.contains(&old_url) && problem.message.contains(&new_url));
        // The import deleted nothing from the keyring.
        let entry = secret_entry("URLCO", &client_id);
        assert_eq!(vault::get(&entry).unwrap().unwrap().expose(), SECRET);
        // Preview, scheduled sync and "Check again" all take the saved
        // connection from here: refused, so nothing reaches the new host.
        let refused = connection::saved_form(&store).unwrap_err();
        assert!(
            matches!(refused, ConnectError::NotConfirmed { .. }),
            "{refused:?}"
        );
        let ipc = crate::operations::Failure::from(refused);
        assert_eq!(ipc.code, ErrorCode::SecretNotConfirmed);
        // Importing the same file again changes nothing and still waits.
        let again = import(&store, &moved, false, now()).unwrap();
        assert!(again.needs_secret && again.base_url_change.is_none());
        assert!(connection::saved_form(&store).is_err());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(
            new_log.lock().unwrap().is_empty(),
            "no request, let alone the secret, before it is entered again: {:?}",
            new_log.lock().unwrap()
        );

        // The admin enters the secret for the new address; the test passes.
        let (valid, verified) = connection::verify(&connect(&new_url), &CancelToken::new())
            .await
            .unwrap();
        connection::save(&store, &valid, &verified, false, now(), false).unwrap();
        assert_eq!(status(&store).state, ConnectionState::Connected);
        assert!(connection::saved_form(&store).is_ok());
        assert!(new_log.lock().unwrap().iter().any(|l| l.contains("Basic")));

        // Importing another company's connection never deletes this secret.
        let other = moved.replace("URLCO", "OTHERCO");
        let imported = import(&store, &other, false, now()).unwrap();
        assert!(imported.needs_secret && imported.base_url_change.is_none());
        assert_eq!(status(&store).state, ConnectionState::NeedsAttention);
        assert_eq!(vault::get(&entry).unwrap().unwrap().expose(), SECRET);
        assert!(vault::delete(&entry).unwrap());
    }
}
