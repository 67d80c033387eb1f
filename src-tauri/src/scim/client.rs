//! The HTTP side of a SCIM target: one checked base URL, a bearer token,
//! retries for throttling and hiccups (never a second POST that may have
//! landed), and SCIM's list paging.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{
    HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, IF_MATCH, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, Url};
use serde_json::{json, Value};

use super::resource::{filter_eq, target_group, target_user, BulkOperation, BulkOutcome, PatchOp};
use super::{discovery, error_detail, ScimError};
use crate::model::{Capabilities, TargetGroup, TargetUser, CORE_GROUP};
use crate::net::retry::{is_transient, parse_retry_after, Jitter, RetryPolicy};
use crate::net::{describe_transport, header_text, is_loopback, printable, CancelToken};
use crate::vault::Sensitive;

const SCIM_JSON: &str = "application/scim+json";

/// The most Roster reads of one answer: a page of 100 users with every
/// attribute is well under 1 MiB, so this only stops a runaway or hostile
/// target.
pub const MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// A refused connection or an unknown host is tried once more after this
/// wait, then reported: waiting longer would only delay the error.
const CONNECT_RETRY: Duration = Duration::from_millis(250);

/// Where a target is and how to talk to it.
#[derive(Debug, Clone)]
pub struct TargetConfig {
    /// The SCIM root, e.g. `https://idp.example.com/scim/v2`.
    pub base_url: String,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub jitter_seed: u64,
    /// Users or groups per list page.
    pub page_size: u32,
    /// Answers longer than this are refused (`TooLarge`), never read whole.
    pub max_response_bytes: u64,
    pub connect_timeout: Duration,
}

impl TargetConfig {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_string(),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            jitter_seed: 0x5C1A,
            page_size: 100,
            max_response_bytes: MAX_RESPONSE_BYTES,
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A client for one target. Cheap to clone.
#[derive(Clone)]
pub struct ScimClient {
    http: reqwest::Client,
    base: String,
    token: HeaderValue,
    config: TargetConfig,
    jitter: std::sync::Arc<Jitter>,
    requests: std::sync::Arc<AtomicU64>,
}

/// Whether a base URL may receive the token; the checked URL without a
/// trailing slash.
pub fn check_target_url(url: &str) -> Result<String, ScimError> {
    let url = url.trim();
    let refuse = |why: &str| ScimError::RefusedUrl(why.to_string());
    let parsed = Url::parse(url).map_err(|_| {
        refuse("The SCIM base URL must be a web address such as https://idp.example.com/scim/v2.")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(refuse(
            "The SCIM base URL must be a web address such as https://idp.example.com/scim/v2.",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse(
            "The SCIM base URL must not contain a user name or password (the part before @); \
             the token is entered separately and kept in the OS keyring.",
        ));
    }
    if parsed.scheme() == "http" && !is_loopback(&parsed) {
        return Err(refuse(
            "The SCIM base URL must start with https://. Plain http:// would send the token \
             unencrypted, so it is allowed only for this computer (localhost, 127.0.0.1 or ::1).",
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// A write the target accepted: the HTTP status it answered with (201 for
/// a create, 200 or 204 for a PATCH) and what it sent back.
#[derive(Debug, Clone)]
pub struct Written<T> {
    pub status: u16,
    pub value: T,
}

impl<T> std::ops::Deref for Written<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Why an exchange failed before an answer was read.
struct Failed {
    error: ScimError,
    /// Nothing reached the target: the connection was refused or the host
    /// is unknown (never a time-out).
    not_connected: bool,
}

/// One answer: status, body, and what retrying needs.
struct Answer {
    status: u16,
    body: Vec<u8>,
    retry_after: Option<Duration>,
    location: Option<String>,
}

impl ScimClient {
    /// Refuses, before any request, a base URL that may not receive the token.
    pub fn new(config: TargetConfig, token: &Sensitive<String>) -> Result<Self, ScimError> {
        let base = check_target_url(&config.base_url)?;
        let mut header = HeaderValue::from_str(&format!("Bearer {}", token.expose().trim()))
            .map_err(|_| {
                ScimError::RefusedUrl("The token has characters a token cannot have.".into())
            })?;
        header.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("Roster/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ScimError::Unreachable {
                url: base.clone(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            http,
            jitter: std::sync::Arc::new(Jitter::new(config.jitter_seed)),
            base,
            token: header,
            config,
            requests: Default::default(),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// HTTP requests sent so far (retries included).
    pub fn requests_sent(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Reads the three discovery documents. A service that does not answer
    /// them like SCIM is `NotScim`.
    pub async fn discover(&self, cancel: &CancelToken) -> Result<Capabilities, ScimError> {
        let config = self.discovery("/ServiceProviderConfig", cancel).await?;
        let not_scim = |what: &str| ScimError::NotScim {
            url: self.base.clone(),
            detail: what.to_string(),
        };
        let schemas_named = config
            .get("schemas")
            .and_then(Value::as_array)
            .is_some_and(|s| !s.is_empty());
        if !schemas_named && config.get("patch").is_none() {
            return Err(not_scim(
                "its /ServiceProviderConfig is not a SCIM document",
            ));
        }
        let types = self.discovery("/ResourceTypes", cancel).await?;
        let schemas = self.discovery("/Schemas", cancel).await?;
        Ok(discovery::capabilities(&config, &types, &schemas))
    }

    async fn discovery(&self, endpoint: &str, cancel: &CancelToken) -> Result<Value, ScimError> {
        let answer = self.send(Method::GET, endpoint, &[], None, cancel).await?;
        match answer.status {
            200..=299 => serde_json::from_slice(&answer.body).map_err(|_| ScimError::NotScim {
                url: self.base.clone(),
                detail: format!("{endpoint} is not JSON"),
            }),
            404 | 405 => Err(ScimError::NotScim {
                url: self.base.clone(),
                detail: format!("{endpoint} answered HTTP {}", answer.status),
            }),
            _ => Err(self.failure(endpoint, &answer)),
        }
    }

    /// Every user, page by page.
    pub async fn users(&self, cancel: &CancelToken) -> Result<Vec<TargetUser>, ScimError> {
        let pages = self.list("/Users", None, cancel).await?;
        Ok(pages.into_iter().filter_map(target_user).collect())
    }

    /// The users a filter selects (`filter_eq("externalId", ..)`).
    pub async fn users_where(
        &self,
        filter: &str,
        cancel: &CancelToken,
    ) -> Result<Vec<TargetUser>, ScimError> {
        let found = self.list("/Users", Some(filter), cancel).await?;
        Ok(found.into_iter().filter_map(target_user).collect())
    }

    /// The account anchored to `external_id`, if any.
    pub async fn user_by_external_id(
        &self,
        external_id: &str,
        cancel: &CancelToken,
    ) -> Result<Option<TargetUser>, ScimError> {
        let found = self
            .users_where(&filter_eq("externalId", external_id), cancel)
            .await?;
        // A server that ignores filters returns everyone: match here too.
        Ok(found
            .into_iter()
            .find(|u| u.external_id.as_deref() == Some(external_id)))
    }

    /// Every group with its members.
    pub async fn groups(&self, cancel: &CancelToken) -> Result<Vec<TargetGroup>, ScimError> {
        let pages = self.list("/Groups", None, cancel).await?;
        Ok(pages.iter().filter_map(target_group).collect())
    }

    pub async fn create_user(
        &self,
        resource: &Value,
        cancel: &CancelToken,
    ) -> Result<Written<TargetUser>, ScimError> {
        let answer = self
            .send(Method::POST, "/Users", &[], Some(resource), cancel)
            .await?;
        let status = answer.status;
        let value = self
            .resource_answer("/Users", answer)
            .and_then(|v| self.as_user("/Users", v))?;
        Ok(Written { status, value })
    }

    /// Replaces a user whole. With `version` (the account's `meta.version`
    /// as read), sent as `If-Match`: an account changed since is not
    /// overwritten (`Changed`).
    pub async fn replace_user(
        &self,
        id: &str,
        resource: &Value,
        version: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Written<TargetUser>, ScimError> {
        let endpoint = format!("/Users/{}", path_segment(id));
        let answer = self
            .send_if(Method::PUT, &endpoint, Some(resource), version, cancel)
            .await?;
        let status = answer.status;
        let value = self
            .resource_answer(&endpoint, answer)
            .and_then(|v| self.as_user(&endpoint, v))?;
        Ok(Written { status, value })
    }

    /// PATCHes a user; a 204 (no body) is success too. `version` as for
    /// [`Self::replace_user`].
    pub async fn patch_user(
        &self,
        id: &str,
        ops: &[PatchOp],
        version: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Written<()>, ScimError> {
        let endpoint = format!("/Users/{}", path_segment(id));
        self.patch(&endpoint, ops, version, cancel).await
    }

    /// Deletes an account; the status the target answered (404: it was
    /// already gone, which counts as done).
    pub async fn delete_user(&self, id: &str, cancel: &CancelToken) -> Result<u16, ScimError> {
        let endpoint = format!("/Users/{}", path_segment(id));
        let answer = self
            .send(Method::DELETE, &endpoint, &[], None, cancel)
            .await?;
        match answer.status {
            200..=299 | 404 => Ok(answer.status),
            _ => Err(self.failure(&endpoint, &answer)),
        }
    }

    pub async fn create_group(
        &self,
        display_name: &str,
        members: &[String],
        cancel: &CancelToken,
    ) -> Result<Written<TargetGroup>, ScimError> {
        let members: Vec<Value> = members.iter().map(|id| json!({"value": id})).collect();
        let body =
            json!({"schemas": [CORE_GROUP], "displayName": display_name, "members": members});
        let answer = self
            .send(Method::POST, "/Groups", &[], Some(&body), cancel)
            .await?;
        let status = answer.status;
        let value = self.resource_answer("/Groups", answer)?;
        let value = target_group(&value).ok_or_else(|| ScimError::BadAnswer {
            endpoint: "/Groups".into(),
            detail: "the created group has no id".into(),
        })?;
        Ok(Written { status, value })
    }

    /// Adds and removes members of a group in one PATCH.
    pub async fn patch_group_members(
        &self,
        id: &str,
        add: &[String],
        remove: &[String],
        cancel: &CancelToken,
    ) -> Result<Written<()>, ScimError> {
        let mut ops = Vec::new();
        if !add.is_empty() {
            let values: Vec<Value> = add.iter().map(|id| json!({"value": id})).collect();
            ops.push(PatchOp::add("members", Value::Array(values)));
        }
        for member in remove {
            ops.push(PatchOp::remove(&format!(
                "members[{}]",
                filter_eq("value", member)
            )));
        }
        if ops.is_empty() {
            return Ok(Written {
                status: 0,
                value: (),
            });
        }
        let endpoint = format!("/Groups/{}", path_segment(id));
        self.patch(&endpoint, &ops, None, cancel).await
    }

    /// Sends one Bulk request; the target answers per operation.
    pub async fn bulk(
        &self,
        operations: &[BulkOperation],
        cancel: &CancelToken,
    ) -> Result<Vec<BulkOutcome>, ScimError> {
        /// Serialised straight from the operations (no JSON tree of them).
        #[derive(serde::Serialize)]
        struct BulkRequest<'a> {
            schemas: [&'static str; 1],
            #[serde(rename = "Operations")]
            operations: &'a [BulkOperation],
        }
        let body = serde_json::to_vec(&BulkRequest {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            operations,
        })
        .expect("bulk operations serialise");
        let request = Exchange {
            method: Method::POST,
            endpoint: "/Bulk",
            query: &[],
            body: Some(&body),
            if_match: None,
        };
        let answer = self.send_exchange(&request, cancel).await?;
        let value = self.resource_answer("/Bulk", answer)?;
        Ok(value
            .get("Operations")
            .and_then(Value::as_array)
            .map(|ops| ops.iter().map(BulkOutcome::read).collect())
            .unwrap_or_default())
    }

    async fn patch(
        &self,
        endpoint: &str,
        ops: &[PatchOp],
        version: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Written<()>, ScimError> {
        let body = PatchOp::message(ops);
        let answer = self
            .send_if(Method::PATCH, endpoint, Some(&body), version, cancel)
            .await?;
        match answer.status {
            200..=299 => Ok(Written {
                status: answer.status,
                value: (),
            }),
            _ => Err(self.failure(endpoint, &answer)),
        }
    }

    /// Every resource of a list endpoint, following `startIndex` until
    /// `totalResults` are read (or a page comes back empty).
    async fn list(
        &self,
        endpoint: &str,
        filter: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Vec<Value>, ScimError> {
        let mut all: Vec<Value> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            let start = (all.len() + 1).to_string();
            let count = self.config.page_size.to_string();
            let mut query = vec![("startIndex", start.as_str()), ("count", count.as_str())];
            if let Some(filter) = filter {
                query.push(("filter", filter));
            }
            let answer = self
                .send(Method::GET, endpoint, &query, None, cancel)
                .await?;
            let page = self.resource_answer(endpoint, answer)?;
            let total = page.get("totalResults").and_then(Value::as_u64);
            let resources = match page.get("Resources") {
                Some(Value::Array(items)) => items.clone(),
                None | Some(Value::Null) => Vec::new(),
                Some(_) => {
                    return Err(ScimError::BadAnswer {
                        endpoint: endpoint.into(),
                        detail: "Resources is not a list".into(),
                    })
                }
            };
            let before = all.len();
            for resource in resources {
                let id = resource
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                // A server that ignores startIndex would send page one
                // forever: a repeated id ends the listing.
                if id.as_ref().is_some_and(|id| !seen.insert(id.clone())) {
                    return Ok(all);
                }
                all.push(resource);
            }
            let done = all.len() == before || total.is_none_or(|t| all.len() as u64 >= t);
            if done {
                return Ok(all);
            }
        }
    }

    fn resource_answer(&self, endpoint: &str, answer: Answer) -> Result<Value, ScimError> {
        match answer.status {
            200..=299 => serde_json::from_slice(&answer.body).map_err(|e| ScimError::BadAnswer {
                endpoint: endpoint.into(),
                detail: format!("not JSON: {e}"),
            }),
            _ => Err(self.failure(endpoint, &answer)),
        }
    }

    fn as_user(&self, endpoint: &str, value: Value) -> Result<TargetUser, ScimError> {
        target_user(value).ok_or_else(|| ScimError::BadAnswer {
            endpoint: endpoint.into(),
            detail: "the user has no id or userName".into(),
        })
    }

    /// The error for a final answer that is not a success.
    fn failure(&self, endpoint: &str, answer: &Answer) -> ScimError {
        let (scim_type, detail) = error_detail(&answer.body);
        match answer.status {
            401 | 403 => ScimError::TokenRefused {
                status: answer.status,
            },
            300..=399 => ScimError::Redirected {
                endpoint: endpoint.into(),
                location: answer
                    .location
                    .as_deref()
                    .map(|l| printable(l).chars().take(200).collect())
                    .unwrap_or_else(|| "an address it did not give".into()),
            },
            429 => ScimError::RateLimited { attempts: 1 },
            412 => ScimError::Changed {
                endpoint: endpoint.into(),
            },
            500..=599 => ScimError::Server {
                endpoint: endpoint.into(),
                status: answer.status,
                detail,
            },
            status => ScimError::Refused {
                endpoint: endpoint.into(),
                status,
                scim_type,
                detail,
            },
        }
    }

    /// Sends one request, retrying throttling (429) always, and 5xx,
    /// time-outs and dropped connections only for requests that are safe
    /// to repeat (not a POST, which may have created an account).
    async fn send(
        &self,
        method: Method,
        endpoint: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
        cancel: &CancelToken,
    ) -> Result<Answer, ScimError> {
        self.send_value(method, endpoint, query, body, None, cancel)
            .await
    }

    /// A write, conditional on `version` when given.
    async fn send_if(
        &self,
        method: Method,
        endpoint: &str,
        body: Option<&Value>,
        version: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Answer, ScimError> {
        self.send_value(method, endpoint, &[], body, version, cancel)
            .await
    }

    /// One request with a JSON `body`, serialised once for all its attempts.
    async fn send_value(
        &self,
        method: Method,
        endpoint: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
        if_match: Option<&str>,
        cancel: &CancelToken,
    ) -> Result<Answer, ScimError> {
        let body = body.map(|b| serde_json::to_vec(b).expect("JSON values serialise"));
        let request = Exchange {
            method,
            endpoint,
            query,
            body: body.as_deref(),
            if_match,
        };
        self.send_exchange(&request, cancel).await
    }

    /// A refused connection or an unknown host is tried once more after a
    /// moment, then reported at once (it is not going to answer in the
    /// next half minute); time-outs and 5xx follow the retry policy.
    async fn send_exchange(
        &self,
        request: &Exchange<'_>,
        cancel: &CancelToken,
    ) -> Result<Answer, ScimError> {
        let endpoint = request.endpoint;
        let repeatable = request.method != Method::POST;
        let policy = &self.config.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let sent = self.exchange(request);
            let outcome = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(ScimError::Cancelled),
                out = sent => out,
            };
            let (retry_after, failure) = match outcome {
                Ok(answer) if answer.status == 429 => {
                    (answer.retry_after, self.failure(endpoint, &answer))
                }
                Ok(answer) if repeatable && is_transient(answer.status) => {
                    (answer.retry_after, self.failure(endpoint, &answer))
                }
                Ok(answer) => return Ok(answer),
                Err(Failed {
                    error,
                    not_connected: true,
                }) => {
                    if attempt >= 2 || policy.max_attempts <= 1 {
                        return Err(error);
                    }
                    tracing::info!(endpoint, attempt, "SCIM target not reachable; one more try");
                    tokio::select! {
                        biased;
                        () = cancel.cancelled() => return Err(ScimError::Cancelled),
                        () = tokio::time::sleep(CONNECT_RETRY) => {}
                    }
                    continue;
                }
                Err(Failed {
                    error: e @ (ScimError::Timeout { .. } | ScimError::Unreachable { .. }),
                    ..
                }) if repeatable => (None, e),
                Err(Failed { error, .. }) => return Err(error),
            };
            tracing::info!(
                endpoint,
                attempt,
                code = failure.code(),
                "SCIM target busy or failing"
            );
            if attempt >= policy.max_attempts.max(1) {
                return Err(match failure {
                    ScimError::RateLimited { .. } => ScimError::RateLimited { attempts: attempt },
                    other => other,
                });
            }
            let wait = policy.delay(attempt, retry_after, self.jitter.next_unit());
            tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(ScimError::Cancelled),
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One HTTP exchange: status, `Retry-After`, `Location`, and the body,
    /// read in chunks and refused past `max_response_bytes`.
    async fn exchange(&self, x: &Exchange<'_>) -> Result<Answer, Failed> {
        let endpoint = x.endpoint;
        let mut request = self
            .http
            .request(x.method.clone(), format!("{}{endpoint}", self.base))
            .header(AUTHORIZATION, self.token.clone())
            .header(ACCEPT, format!("{SCIM_JSON}, application/json"));
        if !x.query.is_empty() {
            request = request.query(x.query);
        }
        if let Some(body) = x.body {
            request = request.header(CONTENT_TYPE, SCIM_JSON).body(body.to_vec());
        }
        if let Some(tag) = x.if_match.and_then(|v| HeaderValue::from_str(v).ok()) {
            request = request.header(IF_MATCH, tag);
        }
        let transport = |e: reqwest::Error| Failed {
            not_connected: e.is_connect() && !e.is_timeout(),
            error: self.transport(endpoint, &e),
        };
        let mut response = request.send().await.map_err(transport)?;
        let limit = self.config.max_response_bytes;
        let too_large = || Failed {
            error: ScimError::TooLarge {
                endpoint: endpoint.into(),
                limit_mib: limit.div_ceil(1024 * 1024),
            },
            not_connected: false,
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let status = response.status().as_u16();
        let header = |name| header_text(response.headers(), name);
        let retry_after = parse_retry_after(header(RETRY_AFTER).as_deref());
        let location = header(LOCATION);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if (body.len() + chunk.len()) as u64 > limit {
                tracing::warn!(endpoint, limit, "SCIM answer too large; not read");
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            body,
            retry_after,
            location,
        })
    }

    fn transport(&self, endpoint: &str, e: &reqwest::Error) -> ScimError {
        let mut source: &dyn std::error::Error = e;
        let mut chain = String::new();
        loop {
            chain.push_str(&source.to_string().to_lowercase());
            chain.push(' ');
            match source.source() {
                Some(next) => source = next,
                None => break,
            }
        }
        let detail = describe_transport(e);
        if e.is_timeout() {
            return ScimError::Timeout {
                endpoint: endpoint.into(),
            };
        }
        if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
            return ScimError::Tls {
                url: self.base.clone(),
                detail,
            };
        }
        ScimError::Unreachable {
            url: self.base.clone(),
            detail,
        }
    }
}

/// One request as sent.
struct Exchange<'a> {
    method: Method,
    endpoint: &'a str,
    query: &'a [(&'a str, &'a str)],
    /// The JSON body, serialised once for every attempt.
    body: Option<&'a [u8]>,
    /// The version an update expects (`If-Match`).
    if_match: Option<&'a str>,
}

/// An id as one path segment (ids are opaque: they may hold `/` or spaces).
fn path_segment(id: &str) -> String {
    let mut url = Url::parse("http://x/").expect("a valid URL");
    url.path_segments_mut().expect("a base").push(id);
    url.path().trim_start_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_only_to_https_or_this_computer() {
        assert!(check_target_url("https://idp.example.com/scim/v2/").is_ok());
        assert_eq!(
            check_target_url("http://127.0.0.1:9000/scim/v2/").unwrap(),
            "http://127.0.0.1:9000/scim/v2"
        );
        for refused in [
            "http://idp.example.com/scim/v2",
            "https://admin:pw@idp.example.com/scim/v2",
            "ftp://idp.example.com",
            "idp.example.com",
        ] {
            assert!(check_target_url(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn ids_are_escaped_as_one_path_segment() {
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(path_segment("2819c223"), "2819c223");
    }
}
