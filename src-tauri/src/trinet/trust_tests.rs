//! Where the client refuses to go and what it refuses to believe, against
//! real listeners on this machine: no request to a refused base URL, no
//! redirect followed, no answer read past the cap, no panic on an absurd
//! token lifetime.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::*;
use crate::vault::Sensitive;

/// A TCP listener that counts the connections made to it and answers none.
struct Tripwire {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

async fn tripwire(bind: &str) -> Tripwire {
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    Tripwire { addr, connections }
}

impl Tripwire {
    fn count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn creds() -> Credentials {
    Credentials::new("ABC", "id", Sensitive::new("the-secret".into()))
}

fn client(base_url: &str) -> Result<Client, TriNetError> {
    let config = ClientConfig {
        base_url: base_url.to_string(),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    };
    Client::new(config, creds(), Arc::new(SystemClock))
}

/// This machine's address on its network (not loopback), if it has one:
/// the source address the kernel would use towards a documentation-range
/// IP. Connecting a UDP socket sends nothing.
fn non_loopback_ip() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    Some(socket.local_addr().ok()?.ip()).filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
}

#[tokio::test]
async fn a_password_in_the_url_or_plain_http_off_this_machine_is_refused_without_a_request() {
    let local = tripwire("127.0.0.1:0").await;
    let url = format!("http://admin:hunter2@{}", local.addr);
    let err = client(&url).unwrap_err();
    assert!(
        matches!(
            err,
            TriNetError::RefusedBaseUrl {
                problem: BaseUrlProblem::HasUserInfo
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("hunter2"), "{err}");

    // Plain http to this machine's network address: the secret would cross
    // the network unencrypted.
    let wide = tripwire("0.0.0.0:0").await;
    if let Some(ip) = non_loopback_ip() {
        let url = format!("http://{ip}:{}", wide.addr.port());
        let err = client(&url).unwrap_err();
        assert!(
            matches!(
                err,
                TriNetError::RefusedBaseUrl {
                    problem: BaseUrlProblem::PlainHttp
                }
            ),
            "{url}: {err:?}"
        );
        assert!(err.to_string().contains("https://"), "{err}");
        // The same address over loopback is fine and really is reachable:
        // the tripwire would have seen a request.
        let reachable = format!("http://127.0.0.1:{}", wide.addr.port());
        let _ = client(&reachable)
            .unwrap()
            .check_connection(&CancelToken::new())
            .await;
        assert!(wide.count() >= 1, "the tripwire counts connections");
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(local.count(), 0, "nothing was sent to the refused URL");
}

#[tokio::test]
async fn a_redirect_is_reported_and_never_followed() {
    let elsewhere = tripwire("127.0.0.1:0").await;
    let target = format!(
        "http://user:pw@{}/oauth/accesstoken?grant_type=client_credentials",
        elsewhere.addr
    );
    let app = Router::new().route(
        "/oauth/accesstoken",
        any(move || {
            let target = target.clone();
            async move {
                let mut r = StatusCode::TEMPORARY_REDIRECT.into_response();
                r.headers_mut()
                    .insert(header::LOCATION, target.parse().unwrap());
                r
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let err = client(&url)
        .unwrap()
        .check_connection(&CancelToken::new())
        .await
        .unwrap_err();
    match &err {
        TriNetError::Redirected {
            status, location, ..
        } => {
            assert_eq!(*status, 307);
            assert!(location.contains(&elsewhere.addr.to_string()), "{location}");
            assert!(!location.contains("pw@"), "{location}");
        }
        other => panic!("expected Redirected, got {other:?}"),
    }
    assert!(
        err.to_string().contains("does not follow redirects"),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(elsewhere.count(), 0, "the redirect was not followed");
}

/// A TriNet stand-in over raw HTTP/1.1: a good token, and one employee
/// page of about `page_mib` MiB (valid JSON: one record with a long
/// field), sent with a Content-Length or, when `until_close`, without one
/// (the body ends when the connection closes).
async fn big_page_server(page_mib: usize, until_close: bool) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let page = Arc::new(
        json!({"_statusCode": "200", "data": {"employeesTotal": 1, "hasMore": false,
            "employeeData": [{"employeeId": "00001", "note": "x".repeat(page_mib * 1024 * 1024)}]}})
        .to_string(),
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let page = page.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                let body = if head.starts_with("GET /oauth/") || head.starts_with("POST /oauth/") {
                    r#"{"access_token":"tok","expires_in":"3599","scope":"basic-read"}"#.to_string()
                } else {
                    page.to_string()
                };
                let length = if until_close {
                    String::new()
                } else {
                    format!("Content-Length: {}\r\n", body.len())
                };
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}Connection: close\r\n\r\n"
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.write_all(body.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_is_refused() {
    for until_close in [false, true] {
        let url = big_page_server(40, until_close).await;
        let err = client(&url)
            .unwrap()
            .employees(&CancelToken::new(), |_| {})
            .await
            .unwrap_err();
        match &err {
            TriNetError::ResponseTooLarge {
                endpoint,
                limit_mib,
            } => {
                assert!(endpoint.contains("/employees"), "{endpoint}");
                assert_eq!(*limit_mib, 32);
            }
            other => panic!("until_close {until_close}: expected ResponseTooLarge, got {other:?}"),
        }
        assert!(err.to_string().contains("larger than 32 MiB"), "{err}");
    }
    // A page under the cap is read as before.
    let url = big_page_server(2, true).await;
    let list = client(&url)
        .unwrap()
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(list.employees.len(), 1);
}

/// A stand-in whose token claims `expires_in` = `lifetime` (a JSON value).
async fn token_lifetime_server(lifetime: Value) -> String {
    let token = move || {
        let lifetime = lifetime.clone();
        async move {
            Json(json!({"access_token": "tok", "expires_in": lifetime, "scope": "basic-read"}))
        }
    };
    let org = || async {
        Json(json!({"_statusCode": "200", "data": {"companyId": "ABC", "companyName": "Acme"}}))
    };
    let page = || async {
        Json(
            json!({"_statusCode": "200", "data": {"employeesTotal": 1, "hasMore": false,
            "employeeData": [{"employeeId": "00001"}]}}),
        )
    };
    let app = Router::new()
        .route("/oauth/accesstoken", any(token))
        .route("/v1/manage-company/{company}/org-details", get(org))
        .route("/v1/company/{company}/employees", get(page));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test]
async fn an_absurd_token_lifetime_neither_panics_nor_fails() {
    for lifetime in [json!("1e20"), json!(u64::MAX), json!(u64::MAX.to_string())] {
        let url = token_lifetime_server(lifetime.clone()).await;
        let client = client(&url).unwrap();
        let check = client
            .check_connection(&CancelToken::new())
            .await
            .unwrap_or_else(|e| panic!("{lifetime}: {e:?}"));
        assert_eq!(check.company.company_name.as_deref(), Some("Acme"));
        let list = client.employees(&CancelToken::new(), |_| {}).await.unwrap();
        assert_eq!(list.employees.len(), 1, "{lifetime}");
    }
}
