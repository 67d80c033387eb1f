//! The client against the real reference server (`scim2-server` from PyPI).

use serde_json::json;

use super::reference_server::ReferenceServer;
use super::*;
use crate::model::{CORE_USER, ENTERPRISE_USER};
use crate::net::CancelToken;
use crate::vault::Sensitive;

fn client(server: &ReferenceServer, page_size: u32) -> ScimClient {
    let mut config = TargetConfig::new(&server.base_url);
    config.page_size = page_size;
    config.retry.base_delay = std::time::Duration::from_millis(10);
    ScimClient::new(config, &server.token).unwrap()
}

fn user(n: u32) -> serde_json::Value {
    json!({
        "schemas": [CORE_USER, ENTERPRISE_USER],
        "externalId": format!("E{n:05}"),
        "userName": format!("person{n}@example.test"),
        "name": {"givenName": "Person", "familyName": format!("Number{n}")},
        "active": true,
        ENTERPRISE_USER: {"department": "Sales"},
    })
}

#[tokio::test]
async fn discovery_reads_what_the_reference_server_supports() {
    let server = ReferenceServer::start();
    let caps = client(&server, 100)
        .discover(&CancelToken::new())
        .await
        .unwrap();
    assert!(caps.patch && caps.groups && caps.enterprise_user && caps.etag);
    assert!(caps.bulk.unwrap().max_operations >= 1);
    assert!(caps.filter_max_results.is_some());
    assert!(caps.user_attributes.iter().any(|a| a == "name.givenName"));
    assert!(caps
        .user_attributes
        .contains(&format!("{ENTERPRISE_USER}:department")));
}

#[tokio::test]
async fn accounts_are_created_found_by_anchor_listed_in_pages_and_suspended() {
    let server = ReferenceServer::start();
    let client = client(&server, 2);
    let cancel = CancelToken::new();
    let mut ids = Vec::new();
    for n in 1..=5 {
        ids.push(
            client
                .create_user(&user(n), &cancel)
                .await
                .unwrap()
                .value
                .id,
        );
    }
    let everyone = client.users(&cancel).await.unwrap();
    assert_eq!(everyone.len(), 5, "five accounts over three pages of two");
    let third = client
        .user_by_external_id("E00003", &cancel)
        .await
        .unwrap()
        .expect("found by externalId");
    assert_eq!(third.user_name, "person3@example.test");
    assert!(client
        .user_by_external_id("E99999", &cancel)
        .await
        .unwrap()
        .is_none());

    client
        .patch_user(
            &third.id,
            &[PatchOp::replace("active", json!(false))],
            None,
            &cancel,
        )
        .await
        .unwrap();
    let suspended = client.user_by_external_id("E00003", &cancel).await.unwrap();
    assert!(!suspended.unwrap().active);

    let taken = client.create_user(&user(1), &cancel).await.unwrap_err();
    assert!(
        matches!(&taken, ScimError::Refused { status: 409, scim_type: Some(t), .. } if t == "uniqueness"),
        "{taken:?}"
    );
    assert_eq!(client.users(&cancel).await.unwrap().len(), 5);
    let _ = ids;
}

#[tokio::test]
async fn group_members_are_added_and_removed() {
    let server = ReferenceServer::start();
    let client = client(&server, 100);
    let cancel = CancelToken::new();
    let a = client
        .create_user(&user(1), &cancel)
        .await
        .unwrap()
        .value
        .id;
    let b = client
        .create_user(&user(2), &cancel)
        .await
        .unwrap()
        .value
        .id;
    let group = client
        .create_group("Sales", std::slice::from_ref(&a), &cancel)
        .await
        .unwrap();
    client
        .patch_group_members(
            &group.id,
            std::slice::from_ref(&b),
            std::slice::from_ref(&a),
            &cancel,
        )
        .await
        .unwrap();
    let groups = client.groups(&cancel).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].display_name, "Sales");
    assert_eq!(groups[0].members, vec![b]);
}

#[tokio::test]
async fn bulk_creates_answer_per_operation() {
    let server = ReferenceServer::start();
    let client = client(&server, 100);
    let cancel = CancelToken::new();
    let ops: Vec<BulkOperation> = [1, 2, 1]
        .iter()
        .enumerate()
        .map(|(i, n)| BulkOperation {
            method: "POST".into(),
            bulk_id: Some(format!("b{i}")),
            path: "/Users".into(),
            data: Some(user(*n)),
            version: None,
        })
        .collect();
    let outcomes = client.bulk(&ops, &cancel).await.unwrap();
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[0].ok() && outcomes[1].ok());
    assert!(!outcomes[2].ok(), "the repeated userName is refused");
    assert_eq!(client.users(&cancel).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_wrong_token_a_non_scim_address_and_a_closed_port_are_told_apart() {
    let server = ReferenceServer::start();
    let cancel = CancelToken::new();
    let wrong = ScimClient::new(
        TargetConfig::new(&server.base_url),
        &Sensitive::new("not-the-token".to_string()),
    )
    .unwrap();
    let refused = wrong.discover(&cancel).await.unwrap_err();
    assert!(
        matches!(refused, ScimError::TokenRefused { .. }),
        "{refused:?}"
    );

    let root = server.base_url.trim_end_matches("/v2").to_string() + "/nothing-here";
    let elsewhere = ScimClient::new(TargetConfig::new(&root), &server.token).unwrap();
    let not_scim = elsewhere.discover(&cancel).await.unwrap_err();
    assert!(
        matches!(not_scim, ScimError::NotScim { .. }),
        "{not_scim:?}"
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = TargetConfig::new(&format!("http://127.0.0.1:{port}/scim/v2"));
    config.retry.max_attempts = 1;
    let closed = ScimClient::new(config, &server.token).unwrap();
    let unreachable = closed.discover(&cancel).await.unwrap_err();
    assert!(
        matches!(unreachable, ScimError::Unreachable { .. }),
        "{unreachable:?}"
    );
    assert!(!unreachable.to_string().contains(server.token.expose()));
}

/// A loopback "target" that answers every request with `head` and then
/// `body_chunks` chunks of 64 KiB of JSON-looking padding, forever when
/// `None`: a hostile or broken server.
async fn endless_server(content_length: Option<u64>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let length = content_length
                    .map(|n| format!("Content-Length: {n}\r\n"))
                    .unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n{length}\r\n"
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let _ = socket.write_all(b"{\"schemas\":[\"").await;
                let chunk = vec![b'x'; 64 * 1024];
                while socket.write_all(&chunk).await.is_ok() {}
            });
        }
    });
    format!("http://127.0.0.1:{port}/scim/v2")
}

#[tokio::test]
async fn an_endless_or_oversized_answer_is_refused_not_read_whole() {
    let token = Sensitive::new("t".to_string());
    for declared in [None, Some(1u64 << 40)] {
        let url = endless_server(declared).await;
        let mut config = TargetConfig::new(&url);
        config.max_response_bytes = 1024 * 1024;
        let client = ScimClient::new(config, &token).unwrap();
        let started = std::time::Instant::now();
        let error = client.discover(&CancelToken::new()).await.unwrap_err();
        assert!(
            matches!(&error, ScimError::TooLarge { limit_mib: 1, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("larger than 1 MiB"), "{error}");
        assert_eq!(
            client.requests_sent(),
            1,
            "a refused answer is not asked again"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
    assert_eq!(
        TargetConfig::new("https://x").max_response_bytes,
        MAX_RESPONSE_BYTES
    );
}

#[tokio::test]
async fn a_closed_port_fails_within_a_second_with_the_default_retry_policy() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = TargetConfig::new(&format!("http://127.0.0.1:{port}/scim/v2"));
    assert!(config.retry.max_attempts > 2, "the default policy retries");
    let client = ScimClient::new(config, &Sensitive::new("t".to_string())).unwrap();
    let started = std::time::Instant::now();
    let error = client.discover(&CancelToken::new()).await.unwrap_err();
    assert!(matches!(error, ScimError::Unreachable { .. }), "{error:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(client.requests_sent(), 2, "one short retry, no more");
}

#[tokio::test]
async fn an_update_holding_an_old_version_is_refused_and_overwrites_nothing() {
    let server = ReferenceServer::start();
    let client = client(&server, 100);
    let cancel = CancelToken::new();
    let created = client.create_user(&user(1), &cancel).await.unwrap();
    assert_eq!(created.status, 201);
    let read = client.user_by_external_id("E00001", &cancel).await.unwrap();
    let version = read.unwrap().version().map(str::to_string);
    assert!(version.is_some(), "the reference server versions accounts");
    let id = created.value.id.clone();

    // Someone edits the account in the target after Roster read it.
    let edit = [PatchOp::replace("title", json!("Set by IT"))];
    let patched = client.patch_user(&id, &edit, None, &cancel).await.unwrap();
    assert!(matches!(patched.status, 200 | 204), "{}", patched.status);

    let ours = [PatchOp::replace("title", json!("Set by Roster"))];
    let stale = client
        .patch_user(&id, &ours, version.as_deref(), &cancel)
        .await
        .unwrap_err();
    assert!(matches!(stale, ScimError::Changed { .. }), "{stale:?}");
    assert_eq!(stale.status(), 412);
    assert!(stale.to_string().contains("Preview again"), "{stale}");
    let now = client.user_by_external_id("E00001", &cancel).await.unwrap();
    let now = now.unwrap();
    assert_eq!(now.resource["title"], "Set by IT", "not overwritten");

    // With the version read now, it goes through.
    let fresh = now.version().map(str::to_string);
    client
        .patch_user(&id, &ours, fresh.as_deref(), &cancel)
        .await
        .unwrap();
}
