//! The sandbox over real HTTP on 127.0.0.1, as the TriNet client sees it.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use super::*;

async fn started(config: SandboxConfig) -> (SandboxHandle, Client) {
    let handle = start(config).await.expect("sandbox starts");
    assert!(handle.url.starts_with("http://127.0.0.1:"));
    assert!(!handle.url.ends_with('/'));
    (handle, Client::new())
}

async fn token(h: &SandboxHandle, http: &Client) -> String {
    let r = http
        .get(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .basic_auth(&h.credentials.client_id, Some(&h.credentials.client_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn get_json(http: &Client, url: String, token: &str) -> (StatusCode, Value) {
    let r = http.get(url).bearer_auth(token).send().await.unwrap();
    let status = r.status();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, body)
}

async fn fetch_all(h: &SandboxHandle, http: &Client, token: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut offset = 1;
    loop {
        let (status, body) = get_json(
            http,
            format!(
                "{}/v1/company/{}/employees?viewType=All&offset={offset}",
                h.url, h.credentials.company_id
            ),
            token,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let data = &body["data"];
        all.extend(data["employeeData"].as_array().unwrap().iter().cloned());
        if !data["hasMore"].as_bool().unwrap() {
            return all;
        }
        offset += PAGE_SIZE;
    }
}

async fn set_faults(h: &SandboxHandle, http: &Client, body: Value) -> Value {
    let r = http
        .post(format!("{}/_sandbox/faults", h.url))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn sandbox_http_token_via_get_and_post() {
    let (h, http) = started(SandboxConfig::default()).await;
    let c = h.credentials.clone();
    let r = http
        .get(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .basic_auth(&c.client_id, Some(&c.client_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "BearerToken");
    assert_eq!(body["expires_in"], "3599");
    assert!(body["issued_at"].as_str().unwrap().parse::<u64>().unwrap() > 1_600_000_000_000);
    assert!(body["scope"].as_str().unwrap().contains("hr-personal-read"));
    assert_eq!(body["access_token"].as_str().unwrap().len(), 28);

    // POST with a form body, Basic auth.
    let r = http
        .post(format!("{}/oauth/accesstoken", h.url))
        .basic_auth(&c.client_id, Some(&c.client_secret))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // POST with the credentials as form fields.
    let r = http
        .post(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "client_id={}&client_secret={}",
            c.client_id, c.client_secret
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tok: Value = r.json().await.unwrap();
    let (status, org) = get_json(
        &http,
        format!("{}/v1/manage-company/{}/org-details", h.url, c.company_id),
        tok["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(org["_statusCode"], "200");
    assert_eq!(org["data"]["legalName"], "Riverstone Tools, Inc.");

    // Wrong secret.
    let r = http
        .get(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .basic_auth(&c.client_id, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_rejects_missing_unknown_and_expired_tokens() {
    let (h, http) = started(SandboxConfig::default()).await;
    let url = format!(
        "{}/v1/company/{}/departments",
        h.url, h.credentials.company_id
    );
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (status, body) = get_json(&http, url.clone(), "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["fault"]["detail"]["errorcode"],
        "keymanagement.service.invalid_access_token"
    );

    let f = set_faults(&h, &http, json!({ "token_lifetime_secs": 1 })).await;
    assert_eq!(f["token_lifetime_secs"], 1);
    let tok = token(&h, &http).await;
    let (status, body) = get_json(&http, url.clone(), &tok).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"][0]["deptName"], "Executive");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, body) = get_json(&http, url, &tok).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["fault"]["faultstring"], "Access Token expired");
    assert_eq!(
        body["fault"]["detail"]["errorcode"],
        "keymanagement.service.access_token_expired"
    );
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_other_company_is_forbidden() {
    let (h, http) = started(SandboxConfig::default()).await;
    let tok = token(&h, &http).await;
    let (status, body) = get_json(
        &http,
        format!("{}/v1/company/XYZ/employees?viewType=All", h.url),
        &tok,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["_statusCode"], "403");
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_paging_returns_everyone_exactly_once() {
    let (h, http) = started(SandboxConfig {
        employees: 250,
        ..SandboxConfig::default()
    })
    .await;
    let tok = token(&h, &http).await;
    let base = format!(
        "{}/v1/company/{}/employees?viewType=All",
        h.url, h.credentials.company_id
    );
    let (_, first) = get_json(&http, format!("{base}&offset=1"), &tok).await;
    assert_eq!(first["data"]["employeesTotal"], 250);
    assert_eq!(first["data"]["hasMore"], true);
    assert_eq!(first["data"]["employeeData"].as_array().unwrap().len(), 100);
    let (_, last) = get_json(&http, format!("{base}&offset=201"), &tok).await;
    assert_eq!(last["data"]["hasMore"], false);
    assert_eq!(last["data"]["employeeData"].as_array().unwrap().len(), 50);
    let (_, beyond) = get_json(&http, format!("{base}&offset=301"), &tok).await;
    assert_eq!(beyond["data"]["employeeData"].as_array().unwrap().len(), 0);

    let all = fetch_all(&h, &http, &tok).await;
    let ids: HashSet<&str> = all
        .iter()
        .map(|e| e["employeeId"].as_str().unwrap())
        .collect();
    assert_eq!(all.len(), 250);
    assert_eq!(ids.len(), 250);
    let expected = h.sandbox.with_company(|c| c.to_employee_json());
    assert_eq!(all, expected, "the wire shows exactly the company");
    let e = &all[1];
    assert!(e["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["nameType"] == "PRI"));
    assert!(e["employmentInfo"]["standardHours"].is_string());
    assert!(e["employmentInfo"]["department"]["deptId"].is_string());
    assert!(e["employmentInfo"]["effectiveDate"]
        .as_str()
        .unwrap()
        .contains('T'));

    // Without viewType the Basic view comes back, flat as in TriNet's first template.
    let (_, basic) = get_json(&http, format!("{}/v1/company/RST/employees", h.url), &tok).await;
    let b = &basic["data"]["employeeData"][1]["employmentInfo"];
    assert!(b["departmentId"].is_string() && b["standardhours"].is_number());
    assert!(basic["data"]["employeeData"][1].get("bioInfo").is_none());

    let (status, locs) = get_json(&http, format!("{}/v1/company/RST/locations", h.url), &tok).await;
    assert_eq!(status, StatusCode::OK);
    assert!(locs["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["locationId"] == "SF01"));
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_injects_faults() {
    let (h, http) = started(SandboxConfig::default()).await;
    let tok = token(&h, &http).await;
    let url = format!("{}/v1/company/RST/employees?viewType=All&offset=1", h.url);

    set_faults(
        &h,
        &http,
        json!({ "rate_limit_probability": 1.0, "retry_after_secs": 3 }),
    )
    .await;
    let r = http.get(&url).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "3");

    // A named page is throttled once, the others not at all.
    set_faults(
        &h,
        &http,
        json!({ "rate_limit_probability": 0.0, "rate_limit_offsets": [101] }),
    )
    .await;
    let page = |offset: u32| {
        format!(
            "{}/v1/company/RST/employees?viewType=All&offset={offset}",
            h.url
        )
    };
    assert_eq!(get_json(&http, page(1), &tok).await.0, StatusCode::OK);
    let r = http.get(page(101)).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "3");
    assert_eq!(get_json(&http, page(101), &tok).await.0, StatusCode::OK);
    assert!(h.sandbox.faults().rate_limit_offsets.is_empty());

    set_faults(&h, &http, json!({ "server_error_probability": 1.0 })).await;
    assert_eq!(
        get_json(&http, url.clone(), &tok).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );

    set_faults(
        &h,
        &http,
        json!({ "server_error_probability": 0.0, "unavailable_probability": 1.0 }),
    )
    .await;
    assert_eq!(
        get_json(&http, url.clone(), &tok).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );

    set_faults(
        &h,
        &http,
        json!({ "unavailable_probability": 0.0, "malformed_page_probability": 1.0 }),
    )
    .await;
    let (mut truncated, mut not_array) = (0, 0);
    for _ in 0..12 {
        let r = http.get(&url).bearer_auth(&tok).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let text = r.text().await.unwrap();
        match serde_json::from_str::<Value>(&text) {
            Err(_) => truncated += 1,
            Ok(v) => {
                assert!(!v["data"]["employeeData"].is_array());
                not_array += 1;
            }
        }
    }
    assert!(
        truncated > 0 && not_array > 0,
        "{truncated} truncated, {not_array} not arrays"
    );

    let f = set_faults(
        &h,
        &http,
        json!({ "malformed_page_probability": 0.0, "latency_ms": 150 }),
    )
    .await;
    assert_eq!(f["latency_ms"], 150);
    let t = Instant::now();
    assert_eq!(get_json(&http, url.clone(), &tok).await.0, StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(150));

    let r = http
        .post(format!("{}/_sandbox/faults", h.url))
        .json(&json!({ "no_such_fault": 1 }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_control_advance_and_reset() {
    let (h, http) = started(SandboxConfig::default()).await;
    let state: Value = http
        .get(format!("{}/_sandbox/state", h.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["date"], "2026-01-05");
    assert_eq!(state["employees"], 250);

    let r = http
        .post(format!("{}/_sandbox/advance", h.url))
        .json(&json!({ "days": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["date"], "2026-01-12");
    assert_eq!(report["days_advanced"], 7);
    assert!(report["counts"].as_object().is_some());

    let state: Value = http
        .get(format!("{}/_sandbox/state", h.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["date"], "2026-01-12");

    let r = http
        .post(format!("{}/_sandbox/reset", h.url))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let state: Value = r.json().await.unwrap();
    assert_eq!(state["date"], "2026-01-05");
    assert_eq!(state["days_advanced"], 0);
    assert_eq!(state["employees"], 250);
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        employees: 300,
        state_file: Some(dir.path().join("sandbox").join("state.json")),
        ..SandboxConfig::default()
    };
    let (h, http) = started(config.clone()).await;
    let r = http
        .post(format!("{}/_sandbox/advance", h.url))
        .json(&json!({ "days": 14 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    set_faults(&h, &http, json!({ "latency_ms": 5 })).await;
    let tok = token(&h, &http).await;
    let before = fetch_all(&h, &http, &tok).await;
    let creds = h.credentials.clone();
    let url = h.url.clone();
    h.shutdown().await;

    let (h, http) = started(config).await;
    assert_eq!(h.credentials, creds, "credentials depend only on the seed");
    assert_eq!(h.url, url, "the previous port is reused when free");
    let state: Value = http
        .get(format!("{}/_sandbox/state", h.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["date"], "2026-01-19");
    assert_eq!(state["faults"]["latency_ms"], 5);
    let tok = token(&h, &http).await;
    assert_eq!(fetch_all(&h, &http, &tok).await, before);
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_scopes_gate_data_and_personal_fields() {
    let (h, http) = started(SandboxConfig::default()).await;
    set_faults(&h, &http, json!({ "scopes": "read" })).await;
    let tok = token(&h, &http).await;
    let url = format!("{}/v1/company/RST/employees?viewType=All", h.url);
    assert_eq!(
        get_json(&http, url.clone(), &tok).await.0,
        StatusCode::FORBIDDEN
    );

    set_faults(&h, &http, json!({ "scopes": "basic-read read" })).await;
    let tok = token(&h, &http).await;
    let (status, body) = get_json(&http, url.clone(), &tok).await;
    assert_eq!(status, StatusCode::OK);
    let e = &body["data"]["employeeData"][0];
    assert!(
        e.get("bioInfo").is_none() && e.get("homeAddress").is_none() && e.get("payInfo").is_none()
    );
    assert!(e["employmentInfo"]["workEmail"].is_string());

    set_faults(&h, &http, json!({ "scopes": SCOPES })).await;
    let tok = token(&h, &http).await;
    let (_, body) = get_json(&http, url, &tok).await;
    let e = &body["data"]["employeeData"][0];
    assert!(e["bioInfo"]["birthdate"].is_string() && e["payInfo"]["compRate"].is_string());
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_quirks_total_and_numeric_token_fields() {
    let (h, http) = started(SandboxConfig::default()).await;
    set_faults(
        &h,
        &http,
        json!({ "omit_employees_total": true, "token_numbers_as_numbers": true }),
    )
    .await;
    let body: Value = http
        .post(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .basic_auth(&h.credentials.client_id, Some(&h.credentials.client_secret))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["expires_in"], 3599);
    assert!(body["issued_at"].is_u64());
    let tok = body["access_token"].as_str().unwrap();
    let (_, page) = get_json(
        &http,
        format!("{}/v1/company/RST/employees?viewType=All", h.url),
        tok,
    )
    .await;
    assert!(page["data"].get("employeesTotal").is_none());
    assert_eq!(page["data"]["hasMore"], true);
    assert_eq!(fetch_all(&h, &http, tok).await.len(), 250);
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_token_faults_and_status_filter() {
    let (h, http) = started(SandboxConfig::default()).await;
    let tok = token(&h, &http).await;
    let (_, terminated) = get_json(
        &http,
        format!(
            "{}/v1/company/RST/employees?viewType=All&employmentStatus=T",
            h.url
        ),
        &tok,
    )
    .await;
    let list = terminated["data"]["employeeData"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list
        .iter()
        .all(|e| e["employmentInfo"]["employmentStatus"] == "T"));
    assert_eq!(terminated["data"]["employeesTotal"], list.len());

    set_faults(&h, &http, json!({ "unavailable_probability": 1.0 })).await;
    // Off by default: the token endpoint still answers.
    token(&h, &http).await;
    set_faults(&h, &http, json!({ "token_endpoint_faults": true })).await;
    let r = http
        .get(format!(
            "{}/oauth/accesstoken?grant_type=client_credentials",
            h.url
        ))
        .basic_auth(&h.credentials.client_id, Some(&h.credentials.client_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    h.shutdown().await;
}

#[tokio::test]
async fn sandbox_http_control_refuses_what_a_web_page_could_send() {
    let (h, http) = started(SandboxConfig::default()).await;
    let advance = format!("{}/_sandbox/advance", h.url);
    for request in [
        http.post(&advance)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("days=7"),
        http.post(&advance)
            .header("origin", "https://evil.example")
            .json(&json!({ "days": 7 })),
        http.post(format!("{}/_sandbox/reset", h.url)),
        http.get(format!("{}/_sandbox/state", h.url))
            .header("sec-fetch-site", "cross-site"),
    ] {
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(h.sandbox.state().days_advanced, 0, "nothing changed");
    // Typed into the address bar: a browser's own navigation may read the state.
    let r = http
        .get(format!("{}/_sandbox/state", h.url))
        .header("sec-fetch-site", "none")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    h.shutdown().await;
}
