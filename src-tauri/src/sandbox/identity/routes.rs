//! The directory's HTTP face under `/scim/v2`: bearer-token auth, the
//! discovery documents, Users and Groups (list, search, get, create, PUT,
//! PATCH, DELETE), `/.search` and `/Bulk`, with `application/scim+json`
//! bodies, ETags and SCIM Error messages for every failure. When the
//! sandbox's `identity_faults` is on, its latency and 429/500/503 apply here.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use super::error::ScimError;
use super::filter;
use super::schema::{self, Kind};
use super::{bulk, SCIM_PATH};
use crate::sandbox::faults::Injected;
use crate::sandbox::Sandbox;

type Shared = Arc<Sandbox>;

/// The routes, relative to `/scim/v2`, each behind the bearer token.
pub fn router(sandbox: Shared) -> Router<Shared> {
    Router::new()
        .route("/ServiceProviderConfig", get(service_provider_config))
        .route("/ResourceTypes", get(resource_types))
        .route("/ResourceTypes/{id}", get(resource_type))
        .route("/Schemas", get(schemas))
        .route("/Schemas/{id}", get(schema_by_id))
        .merge(resource_routes("/Users", Kind::User))
        .merge(resource_routes("/Groups", Kind::Group))
        .route("/.search", post(|s, h, b| search(s, h, b, None)))
        .route("/Bulk", post(bulk_request))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Room for a bulk body over maxPayloadSize, so it gets a SCIM 413.
        .layer(DefaultBodyLimit::max(4 * schema::MAX_BULK_PAYLOAD))
        .layer(middleware::from_fn_with_state(sandbox, gate))
}

/// One resource type's routes under `base`: list and create, `.search`,
/// and get, PUT, PATCH and DELETE of one resource.
fn resource_routes(base: &str, kind: Kind) -> Router<Shared> {
    let one = get(move |s, h, p, q| read(s, h, p, q, kind))
        .put(move |s, h, p, b| replace(s, h, p, b, kind))
        .patch(move |s, h, p, b| modify(s, h, p, b, kind))
        .delete(move |s, h, p| delete(s, h, p, kind));
    Router::new()
        .route(
            base,
            get(move |s, h, q| list(s, h, q, kind)).post(move |s, h, b| create(s, h, b, kind)),
        )
        .route(
            &format!("{base}/.search"),
            post(move |s, h, b| search(s, h, b, Some(kind))),
        )
        .route(&format!("{base}/{{id}}"), one)
}

fn scim(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    r
}

fn failure(e: ScimError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    scim(status, &e.body())
}

/// A resource with its `ETag` (and `Location` when created).
fn resource(status: StatusCode, shown: &Value) -> Response {
    let mut r = scim(status, shown);
    let meta = &shown["meta"];
    if let Some(v) = meta["version"]
        .as_str()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        r.headers_mut().insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED {
        if let Some(l) = meta["location"]
            .as_str()
            .and_then(|l| HeaderValue::from_str(l).ok())
        {
            r.headers_mut().insert(header::LOCATION, l);
        }
    }
    r
}

/// `http://HOST/scim/v2`, as the client addressed the sandbox.
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}{SCIM_PATH}")
}

fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The bearer token, then (when `identity_faults` is on) latency and drawn faults.
async fn gate(State(s): State<Shared>, request: Request, next: Next) -> Response {
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.get(..7)
                .filter(|p| p.eq_ignore_ascii_case("bearer "))
                .map(|_| v[7..].trim())
        });
    if !sent.is_some_and(|t| same_secret(t.as_bytes(), s.scim_token().as_bytes())) {
        tracing::info!(path = %request.uri().path(), "sandbox identity directory refused a request without its token");
        let mut r = failure(ScimError::new(
            401,
            None,
            "Send the sandbox's SCIM token as Authorization: Bearer TOKEN (SandboxHandle::scim_token).",
        ));
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"Roster sandbox identity directory\""),
        );
        return r;
    }
    if s.faults().identity_faults {
        let ms = s.latency_ms();
        if ms > 0 {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if let Some(fault) = s.draw_fault() {
            return injected(fault);
        }
    }
    next.run(request).await
}

fn injected(fault: Injected) -> Response {
    match fault {
        Injected::RateLimited { retry_after_secs } => {
            let mut r = failure(ScimError::new(
                429,
                None,
                "Too many requests; retry after the Retry-After delay.",
            ));
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            r
        }
        Injected::ServerError => failure(ScimError::new(
            500,
            None,
            "An unexpected error occurred (injected by the sandbox).",
        )),
        Injected::Unavailable => failure(ScimError::new(
            503,
            None,
            "The service is temporarily unavailable (injected by the sandbox).",
        )),
    }
}

async fn not_found(request: Request) -> Response {
    failure(ScimError::new(
        404,
        None,
        format!("{} is not a SCIM endpoint here.", request.uri().path()),
    ))
}

async fn method_not_allowed(request: Request) -> Response {
    failure(ScimError::new(
        405,
        None,
        format!(
            "{} does not take {}.",
            request.uri().path(),
            request.method()
        ),
    ))
}

fn list_response(resources: Vec<Value>, total: usize, start: usize) -> Value {
    json!({
        "schemas": [schema::LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

async fn service_provider_config(headers: HeaderMap) -> Response {
    scim(
        StatusCode::OK,
        &schema::service_provider_config(&base(&headers)),
    )
}

async fn resource_types(headers: HeaderMap) -> Response {
    let all = schema::resource_types(&base(&headers));
    let n = all.len();
    scim(StatusCode::OK, &list_response(all, n, 1))
}

async fn resource_type(headers: HeaderMap, Path(id): Path<String>) -> Response {
    match schema::resource_types(&base(&headers))
        .into_iter()
        .find(|t| t["id"] == id.as_str())
    {
        Some(t) => scim(StatusCode::OK, &t),
        None => failure(ScimError::new(
            404,
            None,
            format!("No resource type {id:?}; there are User and Group."),
        )),
    }
}

async fn schemas(headers: HeaderMap) -> Response {
    let all = schema::schemas(&base(&headers));
    let n = all.len();
    scim(StatusCode::OK, &list_response(all, n, 1))
}

async fn schema_by_id(headers: HeaderMap, Path(id): Path<String>) -> Response {
    match schema::schemas(&base(&headers))
        .into_iter()
        .find(|s| s["id"] == id.as_str())
    {
        Some(s) => scim(StatusCode::OK, &s),
        None => failure(ScimError::new(404, None, format!("No schema {id:?}."))),
    }
}

/// A list's or search's parameters.
#[derive(Debug, Default)]
struct Listing {
    filter: Option<String>,
    start: usize,
    count: usize,
    attributes: Vec<String>,
    excluded: Vec<String>,
}

impl Listing {
    fn from_query(q: &HashMap<String, String>) -> Result<Listing, ScimError> {
        let get = |k: &str| {
            q.iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let split = |v: Option<String>| -> Vec<String> {
            v.map(|v| {
                v.split(',')
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default()
        };
        let number = |k: &str| -> Result<Option<i64>, ScimError> {
            get(k)
                .map(|v| {
                    v.trim().parse::<i64>().map_err(|_| {
                        ScimError::bad_request("invalidValue", format!("{k} must be a number."))
                    })
                })
                .transpose()
        };
        Ok(Listing {
            filter: get("filter").filter(|f| !f.trim().is_empty()),
            start: number("startIndex")?.unwrap_or(1).max(1) as usize,
            count: number("count")?
                .map(|c| c.clamp(0, schema::MAX_RESULTS as i64) as usize)
                .unwrap_or(schema::MAX_RESULTS),
            attributes: split(get("attributes")),
            excluded: split(get("excludedAttributes")),
        })
    }

    fn from_body(body: &Value) -> Result<Listing, ScimError> {
        let mut q = HashMap::new();
        for (k, v) in body.as_object().into_iter().flatten() {
            let text = match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                Value::String(s) => s.clone(),
                Value::Null => continue,
                other => other.to_string(),
            };
            q.insert(k.clone(), text);
        }
        Listing::from_query(&q)
    }
}

fn page(
    s: &Sandbox,
    kinds: &[Kind],
    listing: &Listing,
    headers: &HeaderMap,
) -> Result<Value, ScimError> {
    let parsed = listing.filter.as_deref().map(filter::parse).transpose()?;
    let base = base(headers);
    let (total, page) =
        s.with_identity(|d| d.page(kinds, parsed.as_ref(), listing.start, listing.count, &base));
    let shown: Vec<Value> = page
        .into_iter()
        .map(|r| {
            let kind = if r["meta"]["resourceType"] == "Group" {
                Kind::Group
            } else {
                Kind::User
            };
            project(kind, r, &listing.attributes, &listing.excluded)
        })
        .collect();
    Ok(list_response(shown, total, listing.start))
}

async fn list(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    kind: Kind,
) -> Response {
    match Listing::from_query(&q).and_then(|l| page(&s, &[kind], &l, &headers)) {
        Ok(body) => scim(StatusCode::OK, &body),
        Err(e) => failure(e),
    }
}

async fn search(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
    kind: Option<Kind>,
) -> Response {
    let kinds: &[Kind] = match kind {
        Some(Kind::User) => &[Kind::User],
        Some(Kind::Group) => &[Kind::Group],
        None => &[Kind::User, Kind::Group],
    };
    match json_body(&body)
        .and_then(|b| Listing::from_body(&b))
        .and_then(|l| page(&s, kinds, &l, &headers))
    {
        Ok(body) => scim(StatusCode::OK, &body),
        Err(e) => failure(e),
    }
}

fn json_body(body: &[u8]) -> Result<Value, ScimError> {
    serde_json::from_slice(body)
        .map_err(|e| ScimError::bad_request("invalidSyntax", format!("The body is not JSON: {e}")))
}

fn if_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn read(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    kind: Kind,
) -> Response {
    let listing = match Listing::from_query(&q) {
        Ok(l) => l,
        Err(e) => return failure(e),
    };
    match s.with_identity(|d| d.show(kind, &id, &base(&headers))) {
        Ok(shown) => {
            let tag = shown["meta"]["version"]
                .as_str()
                .and_then(|v| HeaderValue::from_str(v).ok());
            let mut r = scim(
                StatusCode::OK,
                &project(kind, shown, &listing.attributes, &listing.excluded),
            );
            if let Some(tag) = tag {
                r.headers_mut().insert(header::ETAG, tag);
            }
            r
        }
        Err(e) => failure(e),
    }
}

/// Runs a write on the directory (off the async workers), shows its
/// result, and schedules a save.
async fn write(
    s: Shared,
    headers: &HeaderMap,
    status: StatusCode,
    kind: Kind,
    op: impl FnOnce(&mut super::Directory, std::time::SystemTime) -> Result<String, ScimError>
        + Send
        + 'static,
) -> Response {
    let base = base(headers);
    off_workers(move || {
        let now = s.now();
        let started = std::time::Instant::now();
        let result = s.with_identity_mut(|d| op(d, now).and_then(|id| d.show(kind, &id, &base)));
        let held = started.elapsed();
        let answer = match result {
            Ok(shown) => resource(status, &shown),
            Err(e) => failure(e),
        };
        tracing::debug!(
            kind = kind.name(),
            held_ms = held.as_secs_f64() * 1e3,
            total_ms = started.elapsed().as_secs_f64() * 1e3,
            "sandbox write ran"
        );
        answer
    })
    .await
}

async fn create(State(s): State<Shared>, headers: HeaderMap, body: Bytes, kind: Kind) -> Response {
    let attrs = match json_body(&body).and_then(|b| super::directory::clean(kind, b)) {
        Ok(a) => a,
        Err(e) => return failure(e),
    };
    write(s, &headers, StatusCode::CREATED, kind, move |d, now| {
        d.create_clean(kind, attrs, now)
    })
    .await
}

async fn replace(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
    kind: Kind,
) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(e) => return failure(e),
    };
    let tag = if_match(&headers);
    write(s, &headers, StatusCode::OK, kind, move |d, now| {
        d.replace(kind, &id, body, tag.as_deref(), now)
            .map(|_| id.clone())
    })
    .await
}

async fn modify(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
    kind: Kind,
) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(e) => return failure(e),
    };
    let tag = if_match(&headers);
    write(s, &headers, StatusCode::OK, kind, move |d, now| {
        d.patch(kind, &id, &body, tag.as_deref(), now)
            .map(|_| id.clone())
    })
    .await
}

async fn delete(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    kind: Kind,
) -> Response {
    let tag = if_match(&headers);
    match s.with_identity_mut(|d| d.delete(kind, &id, tag.as_deref())) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => failure(e),
    }
}

async fn bulk_request(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if body.len() > schema::MAX_BULK_PAYLOAD {
        return failure(ScimError::new(
            413,
            None,
            format!(
                "The bulk request is {} bytes; the most is {} (maxPayloadSize). Split it.",
                body.len(),
                schema::MAX_BULK_PAYLOAD
            ),
        ));
    }
    let base = base(&headers);
    off_workers(move || {
        let request = match json_body(&body).and_then(|b| bulk::read(&b)) {
            Ok(r) => r,
            Err(e) => return failure(e),
        };
        let now = s.now();
        let waited = std::time::Instant::now();
        let ran = s.with_identity_mut(|d| {
            let started = std::time::Instant::now();
            let ran = bulk::run(d, request, now);
            let (wait, held) = (started - waited, started.elapsed());
            tracing::debug!(
                wait_ms = wait.as_secs_f64() * 1e3,
                held_ms = held.as_secs_f64() * 1e3,
                "sandbox bulk ran"
            );
            ran
        });
        scim(StatusCode::OK, &bulk::response(ran, &base))
    })
    .await
}

/// Runs a write off the async workers: waiting for the directory (held by
/// another write, a Bulk request of a hundred operations, say) blocks a
/// blocking-pool thread, never a worker the other requests, or a client
/// in the same process, need meanwhile.
async fn off_workers(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "sandbox identity write failed");
            failure(ScimError::new(
                500,
                None,
                "The write failed inside the sandbox.",
            ))
        }
    }
}

/// `attributes` (only these, plus `id` and `schemas`) or
/// `excludedAttributes` (all but these) applied to a shown resource.
fn project(kind: Kind, shown: Value, attributes: &[String], excluded: &[String]) -> Value {
    let Value::Object(full) = shown else {
        return shown;
    };
    if !attributes.is_empty() {
        let mut out = Map::new();
        for always in ["schemas", "id"] {
            if let Some(v) = full.get(always) {
                out.insert(always.to_string(), v.clone());
            }
        }
        for path in attributes {
            copy_path(kind, &full, &mut out, path);
        }
        return Value::Object(out);
    }
    let mut out = full;
    for path in excluded {
        drop_path(kind, &mut out, path);
    }
    Value::Object(out)
}

/// (container key or None, attribute, sub-attribute) of a path.
fn split(kind: Kind, path: &str) -> Option<(Option<&'static str>, String, Option<String>)> {
    let (urn, rest) = filter::split_urn(path);
    let urn = urn.and_then(|u| schema::extension_urn(kind, &u));
    if rest.is_empty() {
        return urn.map(|u| (None, u.to_string(), None));
    }
    let p = filter::attr_path(rest).ok()?;
    Some((urn, p.attr, p.sub))
}

fn key_in(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

fn copy_path(kind: Kind, full: &Map<String, Value>, out: &mut Map<String, Value>, path: &str) {
    let Some((urn, attr, sub)) = split(kind, path) else {
        return;
    };
    let (from, into) = match urn {
        None => (full, out),
        Some(u) => {
            let Some(Value::Object(ext)) = full.get(u) else {
                return;
            };
            let into = out.entry(u).or_insert_with(|| json!({}));
            let Value::Object(into) = into else { return };
            (ext, into)
        }
    };
    let Some(key) = key_in(from, &attr) else {
        return;
    };
    let Some(sub) = sub else {
        into.insert(key.clone(), from[&key].clone());
        return;
    };
    let picked = |v: &Value| -> Option<Value> {
        let m = v.as_object()?;
        let k = key_in(m, &sub)?;
        Some(json!({ k.clone(): m[&k].clone() }))
    };
    let value = match &from[&key] {
        Value::Array(items) => Value::Array(items.iter().filter_map(picked).collect()),
        v => picked(v).unwrap_or(Value::Null),
    };
    match (into.get_mut(&key), value) {
        (Some(Value::Object(old)), Value::Object(new)) => old.extend(new),
        (_, Value::Null) => {}
        (_, v) => {
            into.insert(key, v);
        }
    }
}

fn drop_path(kind: Kind, out: &mut Map<String, Value>, path: &str) {
    let Some((urn, attr, sub)) = split(kind, path) else {
        return;
    };
    let place = match urn {
        None => Some(out),
        Some(u) => out.get_mut(u).and_then(Value::as_object_mut),
    };
    let Some(place) = place else { return };
    let Some(key) = key_in(place, &attr).filter(|k| k != "id" && k != "schemas") else {
        return;
    };
    let Some(sub) = sub else {
        place.remove(&key);
        return;
    };
    let strip = |v: &mut Value| {
        if let Some(m) = v.as_object_mut() {
            if let Some(k) = key_in(m, &sub) {
                m.remove(&k);
            }
        }
    };
    match place.get_mut(&key) {
        Some(Value::Array(items)) => items.iter_mut().for_each(strip),
        Some(v) => strip(v),
        None => {}
    }
}
