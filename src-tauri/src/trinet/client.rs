//! The HTTP side of the TriNet client: one request loop with retries, the
//! token dance (GET, or POST when the gateway answers 405; renew once on
//! 401), the mapping from statuses to [`TriNetError`], and one employee
//! page with the retries a page in a fetch gets (the fetch is `paging`).
//!
//! Invariant: a fetch returns either everything or an error, never a part.
//! Invariant: requests go only to the checked base URL (redirects are
//! answered with an error, never followed), and no answer is read past
//! `max_response_bytes`.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Method, Request, StatusCode};
use tokio::sync::watch;

use super::auth::{parse_token, Clock, Credentials, Token, TokenCache};
use super::base_url::{check_base_url, without_user_info};
use super::keep::{parse_kept, Keep};
use super::wire::{
    departments_from, employee_page_from, envelope_status, error_message, error_message_from,
    locations_from, org_details_from, parse_json, Department, Employee, EmployeePage, Location,
    OrgDetails, PageRecord, Parsed,
};
use super::{printable, TriNetError};
use crate::net::retry::{is_transient, parse_retry_after, Jitter, RetryBudget, RetryPolicy};
use crate::net::{describe_transport, header_text, CancelToken};

/// TriNet's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.trinet.com";

/// Employees per page; `offset` starts at 1 and advances by this much.
pub const PAGE_SIZE: u64 = 100;

/// Pages beyond this are refused as a runaway (a million employees).
pub(super) const MAX_PAGES: u64 = 10_000;

const TOKEN_PATH: &str = "/oauth/accesstoken?grant_type=client_credentials";

/// The most Roster reads of one answer: a 100-employee page with every
/// field is well under 1 MiB, so this only stops a runaway or hostile server.
pub const MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// How the client talks to TriNet. `Default` is production settings with a
/// fixed jitter seed; the app passes a random seed.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme and host (and optional path prefix), e.g. `https://api.trinet.com`.
    pub base_url: String,
    pub retry: RetryPolicy,
    /// Employee page requests in flight at once, the first page's
    /// included (at least 1).
    pub concurrency: usize,
    /// Whole-request time limit (connect, send, read the body).
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Renew a token this long before it expires (capped at a quarter of
    /// its life).
    pub token_margin: Duration,
    pub jitter_seed: u64,
    /// Answers longer than this are refused (`ResponseTooLarge`).
    pub max_response_bytes: u64,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_string(),
            retry: RetryPolicy::default(),
            concurrency: 4,
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            token_margin: Duration::from_secs(60),
            jitter_seed: 0x5EED_0F71_21E7,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }
}

/// How far an employee fetch has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub pages_done: usize,
    /// Known once the first page reports a total TriNet can be trusted on.
    pub pages_expected: Option<usize>,
    pub employees_received: usize,
}

/// Every employee of the company, in TriNet's order: typed, or records as
/// parsed (see [`Client::employee_records`]).
#[derive(Debug, Clone)]
pub struct EmployeeList<R = Employee> {
    pub employees: Vec<R>,
    /// `employeesTotal` from the first page, when TriNet sent one.
    pub total_reported: Option<u64>,
    pub pages: usize,
}

/// What a fetch makes of each page's records as the page arrives.
pub(super) type Shape<R, T> = Arc<dyn Fn(Vec<R>) -> Vec<T> + Send + Sync>;
type ShapeRef<'s, R, T> = &'s (dyn Fn(Vec<R>) -> Vec<T> + Send + Sync);

impl<R> EmployeePage<R> {
    /// This page with `shape` made of its records (one for one).
    pub(super) fn shaped<T>(self, shape: ShapeRef<'_, R, T>) -> EmployeePage<T> {
        EmployeePage {
            total: self.total,
            has_more: self.has_more,
            employees: shape(self.employees),
        }
    }
}

/// What "Test connection" shows: the company and the scopes granted.
#[derive(Debug, Clone)]
pub struct ConnectionCheck {
    pub company: OrgDetails,
    pub scopes: Vec<String>,
}

/// A TriNet API client for one company. Cheap to clone; clones share the
/// token cache and the HTTP connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    base: String,
    credentials: Credentials,
    clock: Arc<dyn Clock>,
    tokens: tokio::sync::Mutex<TokenCache>,
    /// Set once the token endpoint answers GET with 405.
    token_by_post: AtomicBool,
    jitter: Jitter,
    requests: AtomicU64,
    /// Data calls answered 401 (expired or revoked token).
    tokens_refused: AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base)
            .field("company_id", &self.inner.credentials.company_id)
            .finish_non_exhaustive()
    }
}

/// A response worth handing back to the caller: success, or a status that
/// retrying will not change.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

/// One HTTP exchange as read off the wire.
struct Exchange {
    status: StatusCode,
    retry_after: Option<Duration>,
    location: Option<String>,
    body: Vec<u8>,
}

enum ExchangeError {
    Transport(reqwest::Error),
    /// The answer is longer than `max_response_bytes`.
    TooLarge,
}

/// What the caller makes of an answer that is not transient.
enum Verdict<T> {
    Done(Result<T, TriNetError>),
    /// A success whose body is broken (truncated, or not the promised
    /// shape): retried like a 5xx.
    Retry(TriNetError),
}

/// A data endpoint's answer: read, or refused with a status and body.
enum Reply<T> {
    Read(T),
    Refused(u16, Vec<u8>),
}

/// How many tries one request gets: `max_attempts` on its own; within an
/// employee fetch, up to `max_attempts_per_page` while the fetch's shared
/// budget lasts.
#[derive(Clone, Copy)]
pub(super) enum Tries<'a> {
    Alone,
    InFetch(&'a PageTries),
}

/// What a page in the window may do after a transient failure: retry once
/// the page is known to exist, while the fetch's budget lasts.
pub(super) struct PageTries {
    pub(super) budget: Arc<RetryBudget>,
    pub(super) page_no: usize,
    pub(super) known: watch::Receiver<usize>,
}

impl PageTries {
    /// Waits until this page is known to exist (or the fetch is over),
    /// then spends one retry if the budget has one.
    pub(super) async fn may_retry(&self, cancel: &CancelToken) -> Result<bool, TriNetError> {
        let mut known = self.known.clone();
        let exists = or_cancel(cancel, known.wait_for(|&n| n >= self.page_no))
            .await?
            .is_ok();
        Ok(exists && self.budget.take())
    }
}

/// The last transient failure, to name the error when attempts run out.
enum Transient {
    Status { status: u16, message: String },
    Timeout,
    Transport(String),
    Broken(TriNetError),
}

impl Client {
    /// A client for `credentials` at `config.base_url`. Fails, before any
    /// request, with `RefusedBaseUrl` when the base URL may not receive the
    /// secret (see [`check_base_url`]) and with `UnknownCompany` when the
    /// company ID cannot be a TriNet company code.
    pub fn new(
        config: ClientConfig,
        credentials: Credentials,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, TriNetError> {
        let base = check_base_url(config.base_url.trim())
            .map_err(|problem| TriNetError::RefusedBaseUrl { problem })?;
        let id = &credentials.company_id;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(TriNetError::UnknownCompany {
                company_id: id.clone(),
            });
        }
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("Roster/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TriNetError::Unreachable {
                base_url: base.clone(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                tokens: tokio::sync::Mutex::new(TokenCache::new(config.token_margin)),
                jitter: Jitter::new(config.jitter_seed),
                base,
                config,
                credentials,
                clock,
                token_by_post: AtomicBool::new(false),
                requests: AtomicU64::new(0),
                tokens_refused: AtomicU64::new(0),
            }),
        })
    }

    /// HTTP requests sent so far (token calls and retries included).
    pub fn requests_sent(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Data calls TriNet answered 401 (each followed by one renewal).
    pub fn tokens_refused(&self) -> u64 {
        self.inner.tokens_refused.load(Ordering::Relaxed)
    }

    pub(super) fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    pub fn company_id(&self) -> &str {
        &self.inner.credentials.company_id
    }

    /// Gets a token and reads org-details: what "Test connection" does.
    pub async fn check_connection(
        &self,
        cancel: &CancelToken,
    ) -> Result<ConnectionCheck, TriNetError> {
        let scopes = self.token(cancel).await?.scopes;
        let company = self.org_details(cancel).await?;
        Ok(ConnectionCheck { company, scopes })
    }

    pub async fn org_details(&self, cancel: &CancelToken) -> Result<OrgDetails, TriNetError> {
        let path = format!("/v1/manage-company/{}/org-details", self.company_id());
        self.get(&path, cancel, Tries::Alone, None, |e, p| {
            org_details_from(e, p.value)
        })
        .await
    }

    pub async fn departments(&self, cancel: &CancelToken) -> Result<Vec<Department>, TriNetError> {
        let path = format!("/v1/company/{}/departments", self.company_id());
        self.get(&path, cancel, Tries::Alone, None, |e, p| {
            departments_from(e, p.value)
        })
        .await
    }

    pub async fn locations(&self, cancel: &CancelToken) -> Result<Vec<Location>, TriNetError> {
        let path = format!("/v1/company/{}/locations", self.company_id());
        self.get(&path, cancel, Tries::Alone, None, |e, p| {
            locations_from(e, p.value)
        })
        .await
    }

    /// One page of the employee list (All view) at a 1-based `offset`.
    pub async fn employee_page(
        &self,
        offset: u64,
        cancel: &CancelToken,
    ) -> Result<EmployeePage, TriNetError> {
        self.page(offset, cancel, Tries::Alone, None).await
    }

    pub(super) async fn page<R: PageRecord>(
        &self,
        offset: u64,
        cancel: &CancelToken,
        tries: Tries<'_>,
        keep: Option<&Keep>,
    ) -> Result<EmployeePage<R>, TriNetError> {
        let path = format!(
            "/v1/company/{}/employees?viewType=All&offset={offset}",
            self.company_id()
        );
        self.get(&path, cancel, tries, keep, employee_page_from::<R>)
            .await
    }

    /// GET a data endpoint with the cached token and `read` its body;
    /// renews the token once if TriNet answers 401 (it expired or was
    /// revoked since we got it). A success whose body is broken (not JSON,
    /// or not what `read` expects) is retried like a 5xx. The body is parsed
    /// once: employee pages are large.
    async fn get<T>(
        &self,
        path: &str,
        cancel: &CancelToken,
        tries: Tries<'_>,
        keep: Option<&Keep>,
        read: fn(&str, Parsed) -> Result<T, TriNetError>,
    ) -> Result<T, TriNetError> {
        let url = format!("{}{path}", self.inner.base);
        let mut renewed = false;
        loop {
            let token = self.token(cancel).await?;
            let mut request = Request::new(
                Method::GET,
                url.parse().map_err(|_| self.unreachable("bad URL"))?,
            );
            let headers = request.headers_mut();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            let mut bearer = HeaderValue::from_str(&format!(
                "Bearer {}",
                token.access_token.expose()
            ))
            .map_err(|_| {
                TriNetError::malformed(TOKEN_PATH, "the access token is not a valid header value")
            })?;
            bearer.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, bearer);

            let reply = self
                .send(path, request, cancel, tries, |answer| {
                    self.read_data(path, answer, keep, read)
                })
                .await?;
            let (status, body) = match reply {
                Reply::Read(value) => return Ok(value),
                Reply::Refused(status, body) => (status, body),
            };
            if status == 401 {
                self.inner.tokens_refused.fetch_add(1, Ordering::Relaxed);
            }
            if status == 401 && !renewed {
                tracing::info!(endpoint = path, "token refused; renewing once");
                self.inner
                    .tokens
                    .lock()
                    .await
                    .invalidate(token.access_token.expose());
                renewed = true;
                continue;
            }
            return Err(self.data_error(path, status, &error_message(&body)));
        }
    }

    /// Judges a data endpoint's final answer: a refusal goes back to `get`,
    /// a readable success is read, a broken one is retried.
    fn read_data<T>(
        &self,
        path: &str,
        Answer { status, body }: Answer,
        keep: Option<&Keep>,
        read: fn(&str, Parsed) -> Result<T, TriNetError>,
    ) -> Verdict<Reply<T>> {
        if !status.is_success() {
            return Verdict::Done(Ok(Reply::Refused(status.as_u16(), body)));
        }
        let parsed = match keep {
            None => parse_json(path, &body).map(Parsed::whole),
            Some(keep) => parse_kept(path, &body, keep),
        };
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(broken) => return Verdict::Retry(broken),
        };
        // An application error wrapped in HTTP 200.
        if let Some(inner) = envelope_status(&parsed.value).filter(|&s| s >= 400) {
            let message = error_message_from(&parsed.value);
            return Verdict::Done(Err(self.data_error(path, inner, &message)));
        }
        match read(path, parsed) {
            Ok(value) => Verdict::Done(Ok(Reply::Read(value))),
            Err(broken) => Verdict::Retry(broken),
        }
    }

    /// Maps a final non-success status on a data endpoint.
    fn data_error(&self, path: &str, status: u16, message: &str) -> TriNetError {
        let err = classify_data_status(path, self.company_id(), status, message);
        tracing::warn!(
            endpoint = path,
            status,
            code = err.code(),
            "TriNet refused a data call"
        );
        err
    }

    /// A usable token: the cached one, or a fresh one. The cache lock is
    /// held while fetching so concurrent pages share one renewal.
    async fn token(&self, cancel: &CancelToken) -> Result<Token, TriNetError> {
        let mut cache = or_cancel(cancel, self.inner.tokens.lock()).await?;
        if let Some(token) = cache.usable(self.inner.clock.now()) {
            return Ok(token.clone());
        }
        let requested_at = self.inner.clock.now();
        let token = self.fetch_token(cancel).await?;
        tracing::info!(
            lifetime_s = token.expires_in.as_secs(),
            scopes = token.scopes.len(),
            "got a TriNet token"
        );
        cache.store(token.clone(), requested_at);
        Ok(token)
    }

    async fn fetch_token(&self, cancel: &CancelToken) -> Result<Token, TriNetError> {
        let url: reqwest::Url = format!("{}{TOKEN_PATH}", self.inner.base)
            .parse()
            .map_err(|_| self.unreachable("bad URL"))?;
        loop {
            let by_post = self.inner.token_by_post.load(Ordering::Relaxed);
            let method = if by_post { Method::POST } else { Method::GET };
            let mut builder = self
                .inner
                .http
                .request(method, url.clone())
                .basic_auth(
                    &self.inner.credentials.client_id,
                    Some(self.inner.credentials.client_secret.expose()),
                )
                .header(ACCEPT, "application/json");
            if by_post {
                builder = builder
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body("grant_type=client_credentials");
            }
            let request = builder
                .build()
                .map_err(|e| self.unreachable(&e.without_url().to_string()))?;
            let Answer { status, body } = self
                .send("/oauth/accesstoken", request, cancel, Tries::Alone, |a| {
                    Verdict::Done(Ok(a))
                })
                .await?;
            match status.as_u16() {
                200..=299 => return parse_token("/oauth/accesstoken", &body),
                405 if !by_post => {
                    tracing::info!("token endpoint refuses GET; using POST");
                    self.inner.token_by_post.store(true, Ordering::Relaxed);
                }
                status => {
                    let err = classify_token_status(status, &body);
                    tracing::warn!(
                        endpoint = "/oauth/accesstoken",
                        status,
                        code = err.code(),
                        "TriNet refused a token"
                    );
                    return Err(err);
                }
            }
        }
    }

    /// Sends `request` and reads the body, retrying transient failures
    /// (throttling, 5xx hiccups, time-outs, connections dropped mid-answer,
    /// bodies `judge` calls broken) as `tries` allows. Returns what `judge`
    /// makes of the first answer that is not transient. A redirect or an
    /// oversized answer ends it at once.
    async fn send<T>(
        &self,
        endpoint: &str,
        request: Request,
        cancel: &CancelToken,
        tries: Tries<'_>,
        mut judge: impl FnMut(Answer) -> Verdict<T>,
    ) -> Result<T, TriNetError> {
        let policy = &self.inner.config.retry;
        let max_attempts = match tries {
            Tries::Alone => policy.max_attempts,
            Tries::InFetch(_) => policy.max_attempts_per_page,
        }
        .max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let this_try = request
                .try_clone()
                .expect("Roster's TriNet requests have in-memory bodies");
            self.inner.requests.fetch_add(1, Ordering::Relaxed);
            let outcome = or_cancel(cancel, self.execute(this_try)).await?;
            let (failure, retry_after) = match outcome {
                Ok(x) if x.status.is_redirection() => return Err(self.redirected(endpoint, &x)),
                Ok(x) if !is_transient(x.status.as_u16()) => {
                    let status = x.status.as_u16();
                    tracing::debug!(endpoint, status, attempt, "TriNet answered");
                    let answer = Answer {
                        status: x.status,
                        body: x.body,
                    };
                    match judge(answer) {
                        Verdict::Done(result) => return result,
                        Verdict::Retry(broken) => {
                            tracing::info!(
                                endpoint,
                                attempt,
                                "TriNet sent a broken answer; will retry"
                            );
                            (Transient::Broken(broken), None)
                        }
                    }
                }
                Ok(x) => {
                    let status = x.status.as_u16();
                    let retry_after = x.retry_after;
                    tracing::info!(
                        endpoint,
                        status,
                        attempt,
                        ?retry_after,
                        "TriNet busy or failing; will retry"
                    );
                    let message = error_message(&x.body);
                    (Transient::Status { status, message }, retry_after)
                }
                Err(ExchangeError::TooLarge) => {
                    let limit_mib = self.inner.config.max_response_bytes.div_ceil(1024 * 1024);
                    tracing::warn!(endpoint, limit_mib, "TriNet answer too large; not read");
                    return Err(TriNetError::ResponseTooLarge {
                        endpoint: endpoint.to_string(),
                        limit_mib,
                    });
                }
                Err(ExchangeError::Transport(e)) if e.is_timeout() => {
                    tracing::info!(endpoint, attempt, "TriNet call timed out; will retry");
                    (Transient::Timeout, None)
                }
                Err(ExchangeError::Transport(e)) if e.is_connect() => {
                    tracing::warn!(endpoint, "cannot connect to TriNet");
                    return Err(self.unreachable(&describe_transport(&e)));
                }
                Err(ExchangeError::Transport(e)) => {
                    tracing::info!(
                        endpoint,
                        attempt,
                        "TriNet connection failed mid-call; will retry"
                    );
                    (Transient::Transport(describe_transport(&e)), None)
                }
            };
            let may_retry = attempt < max_attempts
                && match tries {
                    Tries::Alone => true,
                    Tries::InFetch(page) => page.may_retry(cancel).await?,
                };
            if !may_retry {
                return Err(self.gave_up(endpoint, attempt, failure));
            }
            let wait = policy.delay(attempt, retry_after, self.inner.jitter.next_unit());
            or_cancel(cancel, tokio::time::sleep(wait)).await?;
        }
    }

    /// The error for a request whose retries ran out on `failure`.
    fn gave_up(&self, endpoint: &str, attempts: u32, failure: Transient) -> TriNetError {
        match failure {
            Transient::Status { status: 429, .. } => TriNetError::RateLimited { attempts },
            Transient::Status { status, message } => TriNetError::Api {
                endpoint: endpoint.to_string(),
                status,
                message,
            },
            Transient::Timeout => TriNetError::Timeout {
                endpoint: endpoint.to_string(),
            },
            Transient::Transport(detail) => self.unreachable(&detail),
            Transient::Broken(error) => error,
        }
    }

    /// A 3xx answer: reported with where it pointed, never followed.
    fn redirected(&self, endpoint: &str, x: &Exchange) -> TriNetError {
        let location = x
            .location
            .as_deref()
            .map(|l| printable(&without_user_info(l)).chars().take(200).collect())
            .unwrap_or_else(|| "an address it did not give".to_string());
        tracing::warn!(
            endpoint,
            status = x.status.as_u16(),
            "TriNet answered with a redirect; not followed"
        );
        TriNetError::Redirected {
            endpoint: endpoint.to_string(),
            status: x.status.as_u16(),
            location,
        }
    }

    /// One HTTP exchange: status, `Retry-After`, `Location`, and the whole
    /// body unless it is longer than `max_response_bytes`.
    async fn execute(&self, request: Request) -> Result<Exchange, ExchangeError> {
        let mut response = self
            .inner
            .http
            .execute(request)
            .await
            .map_err(ExchangeError::Transport)?;
        let limit = self.inner.config.max_response_bytes;
        let announced = response.content_length().unwrap_or(0);
        if announced > limit {
            return Err(ExchangeError::TooLarge);
        }
        let header = |name| header_text(response.headers(), name);
        let retry_after = parse_retry_after(header(RETRY_AFTER).as_deref());
        let location = header(LOCATION);
        let status = response.status();
        // Sized once when the length is announced (a page is ~170 kB),
        // up to 1 MiB whatever a server claims.
        let mut body = Vec::with_capacity(announced.min(1 << 20) as usize);
        while let Some(chunk) = response.chunk().await.map_err(ExchangeError::Transport)? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(ExchangeError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Exchange {
            status,
            retry_after,
            location,
            body,
        })
    }

    fn unreachable(&self, detail: &str) -> TriNetError {
        TriNetError::Unreachable {
            base_url: self.inner.base.clone(),
            detail: detail.to_string(),
        }
    }
}

pub(super) fn offset_of(page_no: usize) -> u64 {
    1 + (page_no as u64 - 1) * PAGE_SIZE
}

/// Runs `f` unless `cancel` fires first.
pub(super) async fn or_cancel<F: Future>(
    cancel: &CancelToken,
    f: F,
) -> Result<F::Output, TriNetError> {
    if cancel.is_cancelled() {
        return Err(TriNetError::Cancelled);
    }
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(TriNetError::Cancelled),
        out = f => Ok(out),
    }
}

/// Token endpoint: 400/401/403 mean the client ID and secret were refused
/// (the documented Apigee answers for unknown clients and wrong secrets);
/// anything else is TriNet's own error.
pub(crate) fn classify_token_status(status: u16, body: &[u8]) -> TriNetError {
    match status {
        400 | 401 | 403 => TriNetError::BadCredentials,
        404 => TriNetError::Api {
            endpoint: "/oauth/accesstoken".into(),
            status,
            message: "no token endpoint here; check the API base URL".into(),
        },
        _ => TriNetError::Api {
            endpoint: "/oauth/accesstoken".into(),
            status,
            message: error_message(body),
        },
    }
}

/// Data endpoints, after any token renewal. Every data path is scoped by
/// the company code, and TriNet publishes no error catalogue, so:
///
/// - 401 (still, after a fresh token): the credentials were revoked.
/// - 404: the paths themselves exist on TriNet, so the company is unknown.
/// - 403: if the message speaks of scope or permission for an endpoint,
///   the integration lacks a scope; if it names a company (or our code),
///   the credentials do not cover that company; otherwise a scope problem,
///   since that is what an admin can fix in the Integration Center.
/// - anything else: TriNet's own error with its message.
pub(crate) fn classify_data_status(
    path: &str,
    company_id: &str,
    status: u16,
    message: &str,
) -> TriNetError {
    let message = message.to_string();
    let lower = message.to_ascii_lowercase();
    let unknown_company = || TriNetError::UnknownCompany {
        company_id: company_id.to_string(),
    };
    let missing_scope = || TriNetError::MissingScope {
        endpoint: path.to_string(),
    };
    match status {
        401 => TriNetError::BadCredentials,
        404 => unknown_company(),
        403 if lower.contains("scope") => missing_scope(),
        403 if lower.contains("company")
            || lower.contains("client")
            || message.contains(company_id) =>
        {
            unknown_company()
        }
        403 => missing_scope(),
        _ => TriNetError::Api {
            endpoint: path.to_string(),
            status,
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "/v1/company/ABC/employees?viewType=All&offset=1";

    #[test]
    fn token_refusals_are_bad_credentials() {
        for status in [400, 401, 403] {
            assert_eq!(
                classify_token_status(status, br#"{"error":"invalid_client"}"#),
                TriNetError::BadCredentials
            );
        }
        assert!(matches!(
            classify_token_status(404, b""),
            TriNetError::Api { status: 404, .. }
        ));
        let TriNetError::Api { message, .. } =
            classify_token_status(502, br#"{"fault":{"faultstring":"gateway"}}"#)
        else {
            panic!()
        };
        assert_eq!(message, "gateway");
    }

    #[test]
    fn data_refusals_say_scope_or_company() {
        let scope =
            br#"{"_statusCode":"403","_statusMessage":"Insufficient scope for this endpoint"}"#;
        assert!(matches!(
            classify_data_status(P, "ABC", 403, &error_message(scope)),
            TriNetError::MissingScope { .. }
        ));
        let company = br#"{"_statusCode":"403","_statusMessage":"Not authorized for company ABC"}"#;
        assert_eq!(
            classify_data_status(P, "ABC", 403, &error_message(company)),
            TriNetError::UnknownCompany {
                company_id: "ABC".into()
            }
        );
        let named = br#"{"fault":{"faultstring":"ABC is not allowed"}}"#;
        assert!(matches!(
            classify_data_status(P, "ABC", 403, &error_message(named)),
            TriNetError::UnknownCompany { .. }
        ));
        assert!(matches!(
            classify_data_status(P, "ABC", 403, &error_message(b"")),
            TriNetError::MissingScope { .. }
        ));
        assert!(matches!(
            classify_data_status(P, "ABC", 404, &error_message(b"")),
            TriNetError::UnknownCompany { .. }
        ));
        assert_eq!(
            classify_data_status(P, "ABC", 401, &error_message(b"")),
            TriNetError::BadCredentials
        );
        assert_eq!(
            classify_data_status(
                P,
                "ABC",
                400,
                &error_message(br#"{"_statusMessage":"bad offset"}"#)
            ),
            TriNetError::Api {
                endpoint: P.into(),
                status: 400,
                message: "bad offset".into()
            }
        );
    }

    #[test]
    fn offsets_start_at_one_in_steps_of_a_page() {
        assert_eq!((offset_of(1), offset_of(2), offset_of(11)), (1, 101, 1001));
    }

    #[test]
    fn bad_base_url_or_company_is_refused_before_any_call() {
        let creds = |company: &str| {
            Credentials::new(company, "id", crate::vault::Sensitive::new("s".into()))
        };
        let clock: Arc<dyn Clock> = Arc::new(super::super::SystemClock);
        let config = |base: &str| ClientConfig {
            base_url: base.into(),
            ..ClientConfig::default()
        };
        for refused in [
            "api.trinet.com",
            "http://api.trinet.com",
            "https://u:hunter2@api.trinet.com",
        ] {
            let err = Client::new(config(refused), creds("ABC"), clock.clone()).unwrap_err();
            assert!(
                matches!(err, TriNetError::RefusedBaseUrl { .. }),
                "{refused}: {err:?}"
            );
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
        assert!(matches!(
            Client::new(
                config("https://api.trinet.com/"),
                creds("A/B?x"),
                clock.clone()
            ),
            Err(TriNetError::UnknownCompany { .. })
        ));
        let ok = Client::new(config("https://api.trinet.com/"), creds("ABC"), clock).unwrap();
        assert!(!format!("{ok:?}").contains("\"s\""));
    }
}
