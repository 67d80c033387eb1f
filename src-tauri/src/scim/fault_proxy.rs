//! Tests only: an HTTP proxy in front of a SCIM server that misbehaves on
//! a fixed schedule: throttling (429 with Retry-After), server errors
//! (503, never forwarded) and slow answers, so a push meets them
//! deterministically.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// Which requests misbehave: request `n` (counted from 1) gets a 429 when
/// `n % throttle_every == 0`, else a 503 when `n % fail_every == 0`, else
/// waits `slow` before being forwarded when `n % slow_every == 0`.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub throttle_every: u64,
    pub fail_every: u64,
    pub slow_every: u64,
    pub slow: Duration,
}

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    schedule: Schedule,
    seen: AtomicU64,
}

pub struct FaultProxy {
    pub base_url: String,
    proxy: Arc<Proxy>,
    _server: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a free loopback port, forwarding to `upstream` (a base
    /// URL such as `http://127.0.0.1:P/v2`), misbehaving per `schedule`.
    pub async fn start(upstream: &str, schedule: Schedule) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let path = upstream.splitn(4, '/').nth(3).unwrap_or("");
        let proxy = Arc::new(Proxy {
            upstream: upstream.trim_end_matches(&format!("/{path}")).to_string(),
            http: reqwest::Client::new(),
            schedule,
            seen: AtomicU64::new(0),
        });
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(proxy.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://127.0.0.1:{port}/{path}"),
            proxy,
            _server: server,
        }
    }

    /// Requests seen (faulted or forwarded).
    pub fn requests(&self) -> u64 {
        self.proxy.seen.load(Ordering::Relaxed)
    }
}

async fn forward(
    State(proxy): State<Arc<Proxy>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = proxy.seen.fetch_add(1, Ordering::Relaxed) + 1;
    let s = proxy.schedule;
    if n % s.throttle_every == 0 {
        let throttled = [("retry-after", "1")];
        return (StatusCode::TOO_MANY_REQUESTS, throttled, "slow down").into_response();
    }
    if n % s.fail_every == 0 {
        return (StatusCode::SERVICE_UNAVAILABLE, "down for a moment").into_response();
    }
    if n % s.slow_every == 0 {
        tokio::time::sleep(s.slow).await;
    }
    let url = format!(
        "{}{}",
        proxy.upstream,
        uri.path_and_query().map_or("", |p| p.as_str())
    );
    let mut request = proxy.http.request(method, url).body(body);
    for name in ["authorization", "content-type", "accept", "if-match"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value.clone());
        }
    }
    match request.send().await {
        Ok(answer) => {
            let status = StatusCode::from_u16(answer.status().as_u16()).unwrap();
            let content_type = answer
                .headers()
                .get("content-type")
                .cloned()
                .unwrap_or_else(|| "application/scim+json".parse().unwrap());
            let bytes = answer.bytes().await.unwrap_or_default();
            (status, [("content-type", content_type)], bytes).into_response()
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}
