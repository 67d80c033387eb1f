//! The HTTP face of the sandbox: TriNet's paths, envelope, Apigee-style
//! token and fault bodies, and paging, plus the `/_sandbox` control routes.
//! Internals never reach a client; every error has a TriNet-shaped body.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::faults::{FaultsPatch, Injected};
use super::feed::{AllView, Shown};
use super::{Sandbox, TokenCheck};

/// Employees per page, as TriNet pages them.
pub const PAGE_SIZE: usize = 100;

/// The router: TriNet routes under `/oauth` and `/v1`, control under `/_sandbox`.
///
/// TriNet side: `GET|POST /oauth/accesstoken?grant_type=client_credentials`
/// (Basic auth, or `client_id`/`client_secret` form or query fields);
/// `GET /v1/manage-company/{id}/org-details`, `GET /v1/company/{id}/employees
/// ?viewType=All&offset=N` (1-based, 100 per page), `.../departments`,
/// `.../locations`, all with `Authorization: Bearer`.
///
/// Control side (no auth; loopback only; only requests a web page cannot
/// forge, see [`refuse_browser_requests`]):
/// - `GET /_sandbox/state` → [`super::SandboxState`]
/// - `POST /_sandbox/advance` `{"days": N}` → [`super::AdvanceReport`]
///   (`{date, days, days_advanced, employees, counts: {kind: n}, changes: [{date, employee_id, kind}]}`)
/// - `POST /_sandbox/faults` with any [`super::Faults`] fields → the full
///   current faults; `GET /_sandbox/faults` reads them
/// - `POST /_sandbox/reset` → [`super::SandboxState`] of the fresh company
///   (and the identity directory as it started)
///
/// Identity side: the SCIM 2.0 directory under `/scim/v2` (bearer token
/// [`super::Sandbox::scim_token`]), see [`super::identity`].
pub fn app(sandbox: Arc<Sandbox>) -> Router {
    let control = Router::new()
        .route("/_sandbox/state", get(control_state))
        .route("/_sandbox/advance", post(control_advance))
        .route(
            "/_sandbox/faults",
            post(control_faults).get(control_faults_get),
        )
        .route("/_sandbox/reset", post(control_reset))
        .route_layer(middleware::from_fn(refuse_browser_requests));
    Router::new()
        .route("/oauth/accesstoken", get(token).post(token))
        .route("/v1/manage-company/{company}/org-details", get(org_details))
        .route("/v1/company/{company}/employees", get(employees))
        .route("/v1/company/{company}/departments", get(departments))
        .route("/v1/company/{company}/locations", get(locations))
        .merge(control)
        .nest(
            super::identity::SCIM_PATH,
            super::identity::router(sandbox.clone()),
        )
        .fallback(not_found)
        .with_state(sandbox)
}

/// Guards the control routes against web pages: any page the admin has open
/// can send requests to 127.0.0.1 (and, through DNS rebinding, even read the
/// answers), so a control request is refused (403, nothing changes) when a
/// browser made it. Browsers mark their requests with headers a page cannot
/// remove (`Origin` on every cross-site or POST request, `Sec-Fetch-Site`
/// other than `none` on anything a page starts), and a page may POST
/// cross-site unasked only as a form or plain text, so a POST must be JSON.
/// Scripts, tests and Roster send JSON with neither header.
async fn refuse_browser_requests(request: Request, next: Next) -> Response {
    match browser_mark(request.method(), request.headers()) {
        None => next.run(request).await,
        Some(mark) => {
            tracing::warn!(mark, path = %request.uri().path(), "sandbox refused a control request a web page could have sent");
            json_response(
                StatusCode::FORBIDDEN,
                &json!({ "error": format!(
                    "The sandbox's control routes only take requests from scripts: send \
                     Content-Type: application/json and no Origin header ({mark})."
                ) }),
            )
        }
    }
}

/// Why a control request looks like one a web page sent, if it does.
fn browser_mark(method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    if headers.contains_key(header::ORIGIN) {
        return Some("it carries a browser Origin header");
    }
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if fetch_site.is_some_and(|site| site != b"none") {
        return Some("a web page sent it");
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if method != Method::GET && !json {
        return Some("its body is not JSON");
    }
    None
}

type Shared = Arc<Sandbox>;

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn envelope(request_id: String, status: StatusCode, message: &str, data: Value) -> Value {
    json!({
        "_requestId": request_id,
        "_statusCode": status.as_u16().to_string(),
        "_statusText": status.canonical_reason().unwrap_or(""),
        "_statusMessage": message,
        "data": data,
    })
}

fn apigee_fault(status: StatusCode, faultstring: &str, errorcode: &str) -> Response {
    json_response(
        status,
        &json!({ "fault": { "faultstring": faultstring, "detail": { "errorcode": errorcode } } }),
    )
}

async fn not_found(State(s): State<Shared>) -> Response {
    let id = s.request_id();
    json_response(
        StatusCode::NOT_FOUND,
        &envelope(id, StatusCode::NOT_FOUND, "Resource not found", Value::Null),
    )
}

// ---------------------------------------------------------------- token

fn parse_form(s: &str) -> HashMap<String, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.trim().bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// (client_id, client_secret) from Basic auth, else from form or query params.
fn client_credentials(
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    form: &HashMap<String, String>,
) -> Option<(String, String)> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(b64) = v
            .strip_prefix("Basic ")
            .or_else(|| v.strip_prefix("basic "))
        {
            let decoded = String::from_utf8(base64_decode(b64)?).ok()?;
            let (id, secret) = decoded.split_once(':')?;
            return Some((id.to_string(), secret.to_string()));
        }
    }
    let get = |k: &str| form.get(k).or_else(|| query.get(k)).cloned();
    Some((get("client_id")?, get("client_secret")?))
}

async fn token(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    s.delay().await;
    if s.faults().token_endpoint_faults {
        if let Some(r) = injected_fault(&s) {
            return r;
        }
    }
    let form = parse_form(&String::from_utf8_lossy(&body));
    let grant = form.get("grant_type").or_else(|| query.get("grant_type"));
    if grant.map(String::as_str) != Some("client_credentials") {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({
                "ErrorCode": "invalid_request",
                "Error": format!("Unsupported grant type : {}", grant.map(String::as_str).unwrap_or("")),
            }),
        );
    }
    let Some((id, secret)) = client_credentials(&headers, &query, &form) else {
        return json_response(
            StatusCode::UNAUTHORIZED,
            &json!({ "ErrorCode": "invalid_client", "Error": "Client credentials are invalid" }),
        );
    };
    match s.issue_token(&id, &secret) {
        Some(body) => json_response(StatusCode::OK, &body),
        None => json_response(
            StatusCode::UNAUTHORIZED,
            &json!({ "ErrorCode": "invalid_client", "Error": "Client credentials are invalid" }),
        ),
    }
}

// ---------------------------------------------------------------- data calls

/// What a valid token may see.
struct Grant {
    personal: bool,
    pay: bool,
}

impl Grant {
    fn from_scopes(scopes: &str) -> (bool, Self) {
        let has = |name: &str| scopes.split_whitespace().any(|s| s == name);
        (
            has("basic-read"),
            Grant {
                personal: has("hr-personal-read"),
                pay: has("hr-pay-read"),
            },
        )
    }
}

/// Auth, company scope and injected faults, in the order a gateway applies them.
async fn gate(s: &Sandbox, headers: &HeaderMap, company: &str) -> Result<Grant, Response> {
    s.delay().await;
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    let Some(token) = bearer else {
        return Err(apigee_fault(
            StatusCode::UNAUTHORIZED,
            "Invalid access token",
            "oauth.v2.InvalidAccessToken",
        ));
    };
    let scopes = match s.check_token(token) {
        TokenCheck::Valid(scopes) => scopes,
        TokenCheck::Expired => {
            return Err(apigee_fault(
                StatusCode::UNAUTHORIZED,
                "Access Token expired",
                "keymanagement.service.access_token_expired",
            ))
        }
        TokenCheck::Unknown => {
            return Err(apigee_fault(
                StatusCode::UNAUTHORIZED,
                "Invalid Access Token",
                "keymanagement.service.invalid_access_token",
            ))
        }
    };
    let (basic, grant) = Grant::from_scopes(&scopes);
    if !basic {
        let id = s.request_id();
        return Err(json_response(
            StatusCode::FORBIDDEN,
            &envelope(
                id,
                StatusCode::FORBIDDEN,
                "The access token does not carry the scope basic-read",
                Value::Null,
            ),
        ));
    }
    if !s.covers_company(company) {
        let id = s.request_id();
        return Err(json_response(
            StatusCode::FORBIDDEN,
            &envelope(
                id,
                StatusCode::FORBIDDEN,
                &format!("The client is not authorized to access company {company}"),
                Value::Null,
            ),
        ));
    }
    match injected_fault(s) {
        None => Ok(grant),
        Some(r) => Err(r),
    }
}

/// Apigee's quota answer, asking the client to wait `retry_after_secs`.
fn rate_limited(retry_after_secs: u64) -> Response {
    let mut r = apigee_fault(
        StatusCode::TOO_MANY_REQUESTS,
        "Rate limit quota violation. Quota limit exceeded. Identifier : _default",
        "policies.ratelimit.QuotaViolation",
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    r
}

/// The response for an injected fault, if this request draws one.
fn injected_fault(s: &Sandbox) -> Option<Response> {
    let fault = s.draw_fault()?;
    tracing::debug!(?fault, "sandbox injects a fault");
    Some(match fault {
        Injected::RateLimited { retry_after_secs } => rate_limited(retry_after_secs),
        Injected::ServerError => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &envelope(
                s.request_id(),
                StatusCode::INTERNAL_SERVER_ERROR,
                "An unexpected error occurred",
                Value::Null,
            ),
        ),
        Injected::Unavailable => apigee_fault(
            StatusCode::SERVICE_UNAVAILABLE,
            "The Service is temporarily unavailable",
            "messaging.adaptors.http.flow.ServiceUnavailable",
        ),
    })
}

#[derive(Debug, Deserialize)]
struct ViewQuery {
    #[serde(rename = "viewType")]
    view_type: Option<String>,
    offset: Option<String>,
    /// One status code (A, T, ...) to filter by, as one client sends it.
    #[serde(rename = "employmentStatus")]
    employment_status: Option<String>,
}

impl ViewQuery {
    fn all(&self) -> bool {
        self.view_type
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("all"))
    }
}

fn ok(s: &Sandbox, data: Value) -> Response {
    json_response(
        StatusCode::OK,
        &envelope(s.request_id(), StatusCode::OK, "", data),
    )
}

async fn org_details(
    State(s): State<Shared>,
    Path(company): Path<String>,
    Query(q): Query<ViewQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = gate(&s, &headers, &company).await {
        return r;
    }
    let data = s.with_company(|c| c.org_details_json(q.all()));
    ok(&s, data)
}

async fn departments(
    State(s): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = gate(&s, &headers, &company).await {
        return r;
    }
    let data = s.with_company(|c| c.departments_json());
    ok(&s, data)
}

async fn locations(
    State(s): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = gate(&s, &headers, &company).await {
        return r;
    }
    let data = s.with_company(|c| c.locations_json());
    ok(&s, data)
}

async fn employees(
    State(s): State<Shared>,
    Path(company): Path<String>,
    Query(q): Query<ViewQuery>,
    headers: HeaderMap,
) -> Response {
    let grant = match gate(&s, &headers, &company).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let offset = match q.offset.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) => n.max(1) as usize,
            Err(_) => {
                let id = s.request_id();
                return json_response(
                    StatusCode::BAD_REQUEST,
                    &envelope(
                        id,
                        StatusCode::BAD_REQUEST,
                        "Invalid value for parameter offset",
                        Value::Null,
                    ),
                );
            }
        },
    };
    if let Some(secs) = s.draw_offset_limit(offset) {
        return rate_limited(secs);
    }
    let all = q.all();
    let status = q
        .employment_status
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .and_then(|v| v.chars().next())
        .map(|c| c.to_ascii_uppercase());
    let malformed = s.draw_malformed();
    if all && malformed.is_none() {
        let shown = Shown {
            personal: grant.personal,
            pay: grant.pay,
        };
        return all_view_page(&s, offset, status, shown);
    }
    let (total, page) = s.with_company(|c| {
        let listed = |e: &&super::Employee| status.is_none_or(|st| e.status == st);
        let total = c.visible().filter(listed).count();
        let page: Vec<Value> = c
            .visible()
            .filter(listed)
            .skip(offset - 1)
            .take(PAGE_SIZE)
            .map(|e| {
                let mut v = c.employee_json(e, all);
                if let Some(obj) = v.as_object_mut() {
                    if !grant.personal {
                        obj.remove("bioInfo");
                        obj.remove("homeAddress");
                    }
                    if !grant.pay {
                        obj.remove("payInfo");
                    }
                }
                v
            })
            .collect();
        (total, page)
    });
    let has_more = offset - 1 + page.len() < total;
    let mut data = json!({ "employeesTotal": total, "hasMore": has_more, "employeeData": page });
    if s.faults().omit_employees_total {
        if let Some(obj) = data.as_object_mut() {
            obj.remove("employeesTotal");
        }
    }
    reply_maybe_malformed(&s, data, malformed)
}

/// A well-formed All-view page of employees from `offset` (1-based), with
/// `status` only when set, written straight to JSON text (no JSON tree
/// per person): what a fetch asks for, hence the sandbox's hot path.
fn all_view_page(s: &Sandbox, offset: usize, status: Option<char>, shown: Shown) -> Response {
    #[derive(Serialize)]
    struct Envelope<'a> {
        #[serde(rename = "_requestId")]
        request_id: String,
        #[serde(rename = "_statusCode")]
        status_code: &'static str,
        #[serde(rename = "_statusText")]
        status_text: &'static str,
        #[serde(rename = "_statusMessage")]
        status_message: &'static str,
        data: Page<'a>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Page<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        employees_total: Option<usize>,
        has_more: bool,
        employee_data: Vec<AllView<'a>>,
    }
    let request_id = s.request_id();
    let omit_total = s.faults().omit_employees_total;
    let body = s.with_listed(status, |c, listed| {
        let total = listed.len();
        let employee_data: Vec<AllView<'_>> = listed
            .iter()
            .skip(offset - 1)
            .take(PAGE_SIZE)
            .map(|&i| AllView::of(c, &c.employees[i as usize], shown))
            .collect();
        let envelope = Envelope {
            request_id,
            status_code: "200",
            status_text: "OK",
            status_message: "",
            data: Page {
                employees_total: (!omit_total).then_some(total),
                has_more: offset - 1 + employee_data.len() < total,
                employee_data,
            },
        };
        serde_json::to_string(&envelope).expect("plain JSON types")
    });
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The employees page `data` as sent: well formed (`None`), keyed by id
/// instead of a list (`Some(true)`), or cut off partway (`Some(false)`).
fn reply_maybe_malformed(s: &Sandbox, mut data: Value, malformed: Option<bool>) -> Response {
    match malformed {
        Some(true) => {
            // `employeeData` keyed by id instead of a list.
            let list = data["employeeData"].take();
            let keyed: serde_json::Map<String, Value> = list
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    (
                        e["employeeId"].as_str().unwrap_or("").to_string(),
                        e.clone(),
                    )
                })
                .collect();
            data["employeeData"] = Value::Object(keyed);
            ok(s, data)
        }
        Some(false) => {
            let full = envelope(s.request_id(), StatusCode::OK, "", data).to_string();
            let mut cut = full.len() * 3 / 5;
            while !full.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut r = (StatusCode::OK, full[..cut].to_string()).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        None => ok(s, data),
    }
}

// ---------------------------------------------------------------- control

#[derive(Debug, Deserialize)]
struct AdvanceRequest {
    days: u32,
}

async fn control_state(State(s): State<Shared>) -> Response {
    json_response(
        StatusCode::OK,
        &serde_json::to_value(s.state()).unwrap_or_default(),
    )
}

async fn control_advance(State(s): State<Shared>, Json(req): Json<AdvanceRequest>) -> Response {
    if req.days > super::MAX_ADVANCE_DAYS {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({ "error": format!("days must be at most {}", super::MAX_ADVANCE_DAYS) }),
        );
    }
    let work = s.clone();
    let result = tokio::task::spawn_blocking(move || work.advance(req.days)).await;
    match result {
        Ok(Ok(report)) => json_response(
            StatusCode::OK,
            &serde_json::to_value(report).unwrap_or_default(),
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "sandbox advance could not be saved");
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &json!({ "error": e.to_string() }),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "sandbox advance failed");
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &json!({ "error": "advance failed" }),
            )
        }
    }
}

async fn control_faults(State(s): State<Shared>, Json(patch): Json<FaultsPatch>) -> Response {
    match s.set_faults(patch) {
        Ok(f) => json_response(StatusCode::OK, &serde_json::to_value(f).unwrap_or_default()),
        Err(e) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "error": e.to_string() }),
        ),
    }
}

async fn control_faults_get(State(s): State<Shared>) -> Response {
    json_response(
        StatusCode::OK,
        &serde_json::to_value(s.faults()).unwrap_or_default(),
    )
}

async fn control_reset(State(s): State<Shared>) -> Response {
    let work = s.clone();
    match tokio::task::spawn_blocking(move || work.reset()).await {
        Ok(Ok(state)) => json_response(
            StatusCode::OK,
            &serde_json::to_value(state).unwrap_or_default(),
        ),
        Ok(Err(e)) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "error": e.to_string() }),
        ),
        Err(_) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "error": "reset failed" }),
        ),
    }
}

impl Sandbox {
    async fn delay(&self) {
        let ms = self.latency_ms();
        if ms > 0 {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_decodes_basic_auth_and_forms() {
        assert_eq!(base64_decode("dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        let f = parse_form("grant_type=client_credentials&client_id=a%2Bb&x=1+2");
        assert_eq!(f["grant_type"], "client_credentials");
        assert_eq!(f["client_id"], "a+b");
        assert_eq!(f["x"], "1 2");
    }
}
