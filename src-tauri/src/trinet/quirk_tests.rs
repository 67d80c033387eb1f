//! The client against a small, deliberately quirky TriNet stand-in for
//! what the sandbox does not do: no `employeesTotal`, a total that only
//! counts one page, a token endpoint that refuses GET, token numbers sent
//! as JSON numbers, an application error inside HTTP 200.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::*;
use crate::vault::Sensitive;

#[derive(Clone, Copy)]
enum Total {
    Absent,
    /// `employeesTotal` counts only the page it is on.
    PageOnly,
}

struct StandIn {
    employees: usize,
    total: Total,
    /// Offsets asked for, in order of arrival.
    offsets: Mutex<Vec<usize>>,
    token_methods: Mutex<Vec<Method>>,
    /// What a page past the end gets instead of an empty page, if set.
    past_end: Mutex<Option<StatusCode>>,
}

async fn token(method: Method, State(s): State<Arc<StandIn>>) -> Response {
    s.token_methods.lock().unwrap().push(method.clone());
    if method != Method::POST {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    Json(
        json!({"access_token": "tok", "expires_in": 3599, "issued_at": 1_578_602_271_626u64,
        "scope": "basic-read read", "token_type": "BearerToken"}),
    )
    .into_response()
}

async fn employee_page(
    Query(q): Query<HashMap<String, String>>,
    State(s): State<Arc<StandIn>>,
) -> Response {
    let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(1);
    s.offsets.lock().unwrap().push(offset);
    if let Some(status) = *s.past_end.lock().unwrap() {
        if offset > s.employees {
            let body = json!({"_statusCode": status.as_str(), "_statusMessage": "Invalid offset"});
            return (status, Json(body)).into_response();
        }
    }
    let end = (offset - 1 + 100).min(s.employees);
    let page: Vec<Value> = (offset..=end)
        .map(|n| json!({"employeeId": format!("{n:05}"), "employmentInfo": {"workEmail": format!("p{n}@example.com")}}))
        .collect();
    let mut data = json!({"hasMore": end < s.employees, "employeeData": page});
    if let Total::PageOnly = s.total {
        data["employeesTotal"] = json!(data["employeeData"].as_array().unwrap().len());
    }
    Json(json!({"_statusCode": "200", "_statusText": "OK", "data": data})).into_response()
}

async fn org_details() -> Json<Value> {
    Json(json!({"_statusCode": "403", "_statusMessage": "Insufficient scope", "data": null}))
}

async fn stand_in(employees: usize, total: Total) -> (String, Arc<StandIn>) {
    let state = Arc::new(StandIn {
        employees,
        total,
        offsets: Mutex::new(Vec::new()),
        token_methods: Mutex::new(Vec::new()),
        past_end: Mutex::new(None),
    });
    let app = Router::new()
        .route("/oauth/accesstoken", any(token))
        .route("/v1/company/{company}/employees", get(employee_page))
        .route("/v1/manage-company/{company}/org-details", get(org_details))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, state)
}

fn client(url: &str) -> Client {
    client_with(url, ClientConfig::default().concurrency)
}

fn client_with(url: &str, concurrency: usize) -> Client {
    let config = ClientConfig {
        concurrency,
        base_url: url.to_string(),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(1),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    };
    let creds = Credentials::new("ABC", "id", Sensitive::new("secret".into()));
    Client::new(config, creds, Arc::new(SystemClock)).unwrap()
}

fn ids(list: &EmployeeList) -> Vec<String> {
    list.employees
        .iter()
        .map(|e| e.employee_id.clone().unwrap())
        .collect()
}

#[tokio::test]
async fn without_a_total_pages_follow_has_more_one_by_one() {
    let (url, state) = stand_in(250, Total::Absent).await;
    let mut reports = Vec::new();
    let list = client_with(&url, 1)
        .employees(&CancelToken::new(), |p| reports.push(p))
        .await
        .unwrap();
    let expected: Vec<String> = (1..=250).map(|n| format!("{n:05}")).collect();
    assert_eq!(ids(&list), expected);
    assert_eq!((list.pages, list.total_reported), (3, None));
    assert_eq!(*state.offsets.lock().unwrap(), vec![1, 101, 201]);
    assert!(reports.iter().all(|p| p.pages_expected.is_none()));
    let done: Vec<usize> = reports.iter().map(|p| p.pages_done).collect();
    assert_eq!(done, vec![1, 2, 3]);
    // The token endpoint refused GET once; POST was used from then on.
    assert_eq!(
        *state.token_methods.lock().unwrap(),
        vec![Method::GET, Method::POST]
    );

    // Four at a time: the same list, in order, and the same reports, with
    // at most 3 pages asked for past the end (each of them once).
    state.offsets.lock().unwrap().clear();
    let mut reports = Vec::new();
    let list = client_with(&url, 4)
        .employees(&CancelToken::new(), |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!(ids(&list), expected);
    assert_eq!(list.pages, 3);
    let done: Vec<usize> = reports.iter().map(|p| p.pages_done).collect();
    assert_eq!(done, vec![1, 2, 3]);
    assert!(reports.iter().all(|p| p.pages_expected.is_none()));
    let mut asked = state.offsets.lock().unwrap().clone();
    asked.sort_unstable();
    assert_eq!(asked[..3], [1, 101, 201]);
    assert!(asked.len() <= 6, "{asked:?}");
    assert!(
        asked[3..]
            .iter()
            .enumerate()
            .all(|(i, &o)| o == 301 + 100 * i),
        "{asked:?}"
    );
}

#[tokio::test]
async fn a_total_that_counts_only_one_page_is_not_trusted() {
    let (url, state) = stand_in(230, Total::PageOnly).await;
    let list = client_with(&url, 1)
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(list.employees.len(), 230);
    assert_eq!(*state.offsets.lock().unwrap(), vec![1, 101, 201]);
    // Pages asked for ahead beside page 1 are not taken as counted ones.
    let mut reports = Vec::new();
    let list = client(&url)
        .employees(&CancelToken::new(), |p| reports.push(p))
        .await
        .unwrap();
    let expected: Vec<String> = (1..=230).map(|n| format!("{n:05}")).collect();
    assert_eq!(ids(&list), expected);
    assert_eq!(reports.last().unwrap().pages_done, 3);
    assert!(reports
        .iter()
        .all(|p| p.pages_done <= 3 && p.pages_expected.is_none()));
}

#[tokio::test]
async fn pages_asked_ahead_past_the_end_may_be_refused_without_failing_the_fetch() {
    // TriNet does not document what it answers for an offset past the
    // end: whatever it is (400, 404 or 429 here), such a page is not
    // counted, reported or taken as the fetch's error.
    for (employees, total) in [
        (60, Total::Absent),
        (150, Total::Absent),
        (150, Total::PageOnly),
    ] {
        let (url, state) = stand_in(employees, total).await;
        for refusal in [
            StatusCode::BAD_REQUEST,
            StatusCode::NOT_FOUND,
            StatusCode::TOO_MANY_REQUESTS,
        ] {
            *state.past_end.lock().unwrap() = Some(refusal);
            let mut reports = Vec::new();
            let list = client_with(&url, 4)
                .employees(&CancelToken::new(), |p| reports.push(p))
                .await
                .unwrap_or_else(|e| panic!("{employees} employees, {refusal}: {e:?}"));
            let expected: Vec<String> = (1..=employees).map(|n| format!("{n:05}")).collect();
            assert_eq!(ids(&list), expected, "{refusal}");
            let pages = employees.div_ceil(100);
            assert_eq!(list.pages, pages);
            let done: Vec<usize> = reports.iter().map(|p| p.pages_done).collect();
            assert_eq!(done, (1..=pages).collect::<Vec<_>>(), "{refusal}");
        }
    }
}

#[tokio::test]
async fn an_error_inside_http_200_is_still_an_error() {
    let (url, _) = stand_in(1, Total::Absent).await;
    match client(&url).org_details(&CancelToken::new()).await {
        Err(TriNetError::MissingScope { endpoint }) => assert!(endpoint.ends_with("/org-details")),
        other => panic!("{other:?}"),
    }
}
