//! Connect against the real sandbox over HTTP and the real OS keyring (the
//! test command runs these inside a private Secret Service session).

use super::*;
use crate::sandbox::{start, SandboxConfig, SandboxHandle};
use crate::store::DbKey;

fn form(company: &str, client: &str, secret: &str, base: Option<&str>) -> ConnectForm {
    ConnectForm {
        company_id: company.into(),
        client_id: client.into(),
        client_secret: Sensitive::new(secret.into()),
        base_url: base.map(str::to_string),
    }
}

fn invalid_field(f: ConnectForm) -> Option<Field> {
    match validate(&f) {
        Err(ConnectError::Invalid { field, .. }) => Some(field),
        _ => None,
    }
}

#[test]
fn validation_names_the_field_before_any_request() {
    let cases = [
        (form("", "c", "s", None), Some(Field::CompanyId)),
        (form("ABC", "  ", "s", None), Some(Field::ClientId)),
        (
            form("ABC", "c", "secret\n", None),
            Some(Field::ClientSecret),
        ),
        (form(" ABC", "c", "s", None), Some(Field::CompanyId)),
        (form("ABC", "c", "s", Some("ftp://x")), Some(Field::BaseUrl)),
        (
            form("ABC", "c", "s", Some("not a url")),
            Some(Field::BaseUrl),
        ),
        (form("ABC", "c", "s", None), None),
        (form("ABC", "c", "s", Some("")), None),
        (form("ABC", "c", "s", Some("http://127.0.0.1:9/")), None),
        (
            form("ABC", "c", "s", Some("http://api.trinet.com")),
            Some(Field::BaseUrl),
        ),
        (
            form("ABC", "c", "s", Some("https://me:pw@api.trinet.com")),
            Some(Field::BaseUrl),
        ),
    ];
    for (f, expected) in cases {
        let shown = format!("{f:?}");
        assert_eq!(invalid_field(f), expected, "{shown}");
    }
    let ok = validate(&form("ABC", "c", "s", None)).unwrap();
    assert_eq!(ok.base_url, trinet::DEFAULT_BASE_URL);
    let msg = validate(&form("ABC", "c", " s", None))
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("Client Secret") && msg.contains("space"),
        "{msg}"
    );
}

/// A sandbox of these tests' own: not the window's built-in one (seed 42),
/// whose keyring entry the IPC tests use at the same time, and which the
/// revoke tests here would delete under them.
async fn sandbox() -> SandboxHandle {
    start(SandboxConfig {
        employees: 120,
        seed: 4401,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn sandbox_form(s: &SandboxHandle, secret: &str, company: Option<&str>) -> ConnectForm {
    form(
        company.unwrap_or(&s.credentials.company_id),
        &s.credentials.client_id,
        secret,
        Some(&s.url),
    )
}

fn open_store(dir: &std::path::Path) -> Store {
    Store::open(&dir.join("roster.db"), &DbKey::from_bytes([9; 32])).unwrap()
}

#[tokio::test]
async fn test_then_save_stores_the_secret_only_in_the_keyring() {
    let sb = sandbox().await;
    let secret = sb.credentials.client_secret.clone();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let valid = validate(&sandbox_form(&sb, &secret, None)).unwrap();
    let verified = test(&valid, &CancelToken::new()).await.unwrap();
    assert!(verified.company_name.is_some());
    assert!(!verified.scopes.is_empty());
    assert!(
        !store.connection_configured().unwrap(),
        "testing saves nothing"
    );

    save(&store, &valid, &verified, true, Utc::now(), false).unwrap();
    let row = store.connection().unwrap().unwrap();
    assert_eq!(row.company_id, sb.credentials.company_id);
    assert_eq!(row.company_name, verified.company_name);
    assert!(row.last_verified_at.is_some());
    let entry = secret_entry(&row.company_id, &row.client_id);
    assert_eq!(vault::get(&entry).unwrap().unwrap().expose(), &secret);

    let (_, again) = saved_form(&store).unwrap();
    assert_eq!(again.credentials.client_secret.expose(), &secret);
    assert!(
        !store.dump_all_text().unwrap().contains(&secret),
        "the secret must never reach the database"
    );

    revoke(&store, false).unwrap();
    assert!(store.connection().unwrap().is_none());
    assert!(
        vault::get(&entry).unwrap().is_none(),
        "revoke deletes the keyring entry"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn each_failure_class_has_its_own_error() {
    let sb = sandbox().await;
    let bad = validate(&sandbox_form(&sb, "not-the-secret", None)).unwrap();
    let err = test(&bad, &CancelToken::new()).await.unwrap_err();
    assert!(
        matches!(err, ConnectError::TriNet(TriNetError::BadCredentials)),
        "{err:?}"
    );

    let good = sb.credentials.client_secret.clone();
    let other = validate(&sandbox_form(&sb, &good, Some("ZZZ"))).unwrap();
    let err = test(&other, &CancelToken::new()).await.unwrap_err();
    assert!(
        matches!(
            err,
            ConnectError::TriNet(TriNetError::UnknownCompany { .. })
        ),
        "{err:?}"
    );

    let url = sb.url.clone();
    sb.shutdown().await;
    let down = validate(&form("ABC", "c", "s", Some(&url))).unwrap();
    let err = test(&down, &CancelToken::new()).await.unwrap_err();
    assert!(
        matches!(err, ConnectError::TriNet(TriNetError::Unreachable { .. })),
        "{err:?}"
    );
}

#[test]
fn a_saved_connection_without_a_stored_secret_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    assert!(matches!(
        saved_form(&store),
        Err(ConnectError::NotConnected)
    ));
    store
        .save_connection(
            &ConnectionRow::unchecked(
                "NOSECRET",
                &format!("client-{}", std::process::id()),
                "https://api.trinet.com",
            ),
            "2026-01-01T00:00:00Z",
        )
        .unwrap();
    if secret_from_env().is_none() {
        let err = saved_form(&store).unwrap_err();
        assert!(err.to_string().contains(SECRET_ENV), "{err}");
    }
}
