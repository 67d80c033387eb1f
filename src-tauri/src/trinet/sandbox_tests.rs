//! The client against the embedded sandbox over real HTTP: paging, token
//! expiry, throttling, server errors, broken pages, refusals, cancellation
//! and progress, as a user of a real TriNet tenant would meet them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::*;
use crate::sandbox::{self, SandboxConfig, SandboxHandle};
use crate::vault::Sensitive;

async fn sandbox(employees: usize) -> SandboxHandle {
    sandbox::start(SandboxConfig {
        employees,
        seed: 42,
        port: 0,
        state_file: None,
        start_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Small delays so retry tests stay fast; Retry-After is still honoured.
fn quick_config(handle: &SandboxHandle) -> ClientConfig {
    ClientConfig {
        base_url: handle.url.clone(),
        retry: RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(5),
            ..RetryPolicy::default()
        },
        concurrency: 4,
        request_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        token_margin: Duration::from_secs(60),
        jitter_seed: 1,
        ..ClientConfig::default()
    }
}

fn credentials(handle: &SandboxHandle) -> Credentials {
    let c = &handle.credentials;
    Credentials::new(
        &c.company_id,
        &c.client_id,
        Sensitive::new(c.client_secret.clone()),
    )
}

fn client(config: ClientConfig, credentials: Credentials) -> Client {
    Client::new(config, credentials, Arc::new(SystemClock)).unwrap()
}

async fn set_faults(handle: &SandboxHandle, faults: Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", handle.url))
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert!(
        resp.status().is_success(),
        "faults refused: {}",
        resp.text().await.unwrap_or_default()
    );
}

fn ids(list: &EmployeeList) -> Vec<String> {
    list.employees
        .iter()
        .map(|e| e.employee_id.clone().expect("sandbox employees have ids"))
        .collect()
}

fn assert_each_once(list: &EmployeeList) {
    let ids = ids(list);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an employee came back twice");
    if let Some(total) = list.total_reported {
        assert_eq!(
            ids.len() as u64,
            total,
            "employeesTotal and the list disagree"
        );
    }
}

#[tokio::test]
async fn many_pages_bring_every_employee_exactly_once_with_progress() {
    let handle = sandbox(1050).await;
    let client = client(quick_config(&handle), credentials(&handle));
    let (list, seen) = fetch_logged(&client).await;

    assert_each_once(&list);
    let total = list.total_reported.expect("the sandbox reports a total") as usize;
    assert!(
        total >= 1001,
        "1,050 employees should need 11 pages, got {total}"
    );
    let pages = total.div_ceil(100);
    assert_eq!(list.pages, pages);
    assert_eq!(seen.len(), pages, "one progress report per page");
    assert!(seen.iter().all(|p| p.pages_expected == Some(pages)));
    let last = seen.last().unwrap();
    assert_eq!((last.pages_done, last.employees_received), (pages, total));
    assert!(seen.windows(2).all(|w| w[0].pages_done < w[1].pages_done));

    // Concurrency does not change the order: same list as one page at a time.
    let sequential = client_with(&handle, |c| c.concurrency = 1)
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(ids(&sequential), ids(&list));
    // Typed views are filled from the sandbox's All view.
    let with_email = list
        .employees
        .iter()
        .filter(|e| e.work_email.is_some())
        .count();
    assert!(
        with_email > total * 9 / 10,
        "{with_email} of {total} have a work email"
    );
    assert!(list
        .employees
        .iter()
        .any(|e| e.legal_name.is_some() && e.service_date.date().is_some()));
}

fn client_with(handle: &SandboxHandle, tweak: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut config = quick_config(handle);
    tweak(&mut config);
    client(config, credentials(handle))
}

#[tokio::test]
async fn connection_check_names_the_company_and_scopes() {
    let handle = sandbox(20).await;
    let check = client(quick_config(&handle), credentials(&handle))
        .check_connection(&CancelToken::new())
        .await
        .unwrap();
    assert!(check.company.legal_name.is_some() || check.company.company_name.is_some());
    assert!(!check.scopes.is_empty());
    let client = client(quick_config(&handle), credentials(&handle));
    let cancel = CancelToken::new();
    assert!(!client.departments(&cancel).await.unwrap().is_empty());
    assert!(!client.locations(&cancel).await.unwrap().is_empty());
}

#[tokio::test]
async fn token_expiring_mid_fetch_is_renewed_before_it_lapses() {
    let handle = sandbox(1050).await;
    // A 2 s token renewed at 1.5 s (quarter-life margin) leaves 0.5 s of
    // slack for a request in flight on a busy machine.
    set_faults(
        &handle,
        json!({"token_lifetime_secs": 2, "latency_ms": 300}),
    )
    .await;
    let client = client_with(&handle, |c| c.concurrency = 2);
    let started = Instant::now();
    let list = client.employees(&CancelToken::new(), |_| {}).await.unwrap();
    assert!(
        started.elapsed() > Duration::from_secs(2),
        "the fetch must outlive one token"
    );
    assert_eq!(
        client.tokens_refused(),
        0,
        "the margin should renew before TriNet refuses"
    );
    assert_each_once(&list);
    assert_eq!(
        list.pages as u64,
        list.total_reported.unwrap().div_ceil(100)
    );
}

/// A clock that never moves: the client believes its token is always
/// fresh, so only TriNet's 401 can tell it the token expired.
struct FrozenClock(Instant);

impl Clock for FrozenClock {
    fn now(&self) -> Instant {
        self.0
    }
}

#[tokio::test]
async fn token_refused_mid_fetch_is_renewed_once_and_the_call_resent() {
    let handle = sandbox(1050).await;
    set_faults(
        &handle,
        json!({"token_lifetime_secs": 1, "latency_ms": 300}),
    )
    .await;
    let mut config = quick_config(&handle);
    config.concurrency = 2;
    let client = Client::new(
        config,
        credentials(&handle),
        Arc::new(FrozenClock(Instant::now())),
    )
    .unwrap();
    let list = client.employees(&CancelToken::new(), |_| {}).await.unwrap();
    assert!(
        client.tokens_refused() > 0,
        "no request met an expired token"
    );
    assert_each_once(&list);
    assert_eq!(
        list.pages as u64,
        list.total_reported.unwrap().div_ceil(100)
    );
}

#[tokio::test]
async fn rate_limits_are_waited_out_honouring_retry_after() {
    let handle = sandbox(1050).await;
    set_faults(
        &handle,
        json!({"rate_limit_probability": 0.4, "retry_after_secs": 1}),
    )
    .await;
    let client = client_with(&handle, |c| c.retry.max_attempts = 12);
    let started = Instant::now();
    let list = client.employees(&CancelToken::new(), |_| {}).await.unwrap();
    assert_each_once(&list);
    assert!(
        client.requests_sent() > 12,
        "some calls must have been throttled"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
}

#[tokio::test]
async fn rate_limit_that_never_lifts_is_reported_after_bounded_attempts() {
    let handle = sandbox(20).await;
    set_faults(
        &handle,
        json!({"rate_limit_probability": 1.0, "retry_after_secs": 1}),
    )
    .await;
    // The first page's budget is max_attempts - 1 plus its own share.
    let client = client_with(&handle, |c| {
        c.retry.max_attempts = 3;
        c.retry.fetch_retries_per_page = 0;
    });
    let started = Instant::now();
    let err = client
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(err, TriNetError::RateLimited { attempts: 3 });
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2),
        "two Retry-After waits of 1 s, got {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn server_error_bursts_are_retried() {
    let handle = sandbox(1050).await;
    set_faults(
        &handle,
        json!({"server_error_probability": 0.25, "unavailable_probability": 0.25}),
    )
    .await;
    let client = client_with(&handle, |c| c.retry.max_attempts = 15);
    let list = client.employees(&CancelToken::new(), |_| {}).await.unwrap();
    assert_each_once(&list);
    assert!(
        client.requests_sent() > 13,
        "expected retries, sent {}",
        client.requests_sent()
    );
}

#[tokio::test]
async fn persistent_server_errors_end_as_a_trinet_error() {
    let handle = sandbox(20).await;
    set_faults(&handle, json!({"server_error_probability": 1.0})).await;
    let client = client_with(&handle, |c| c.retry.max_attempts = 2);
    match client.org_details(&CancelToken::new()).await {
        Err(TriNetError::Api {
            status: 500,
            message,
            ..
        }) => assert!(!message.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_page_fails_the_whole_fetch() {
    let handle = sandbox(1050).await;
    set_faults(&handle, json!({"latency_ms": 40})).await;
    let client = client_with(&handle, |c| c.concurrency = 2);
    // Break pages only once the first one has arrived, so the failure
    // lands mid-fetch with good pages already read.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let breaker = {
        let url = handle.url.clone();
        tokio::spawn(async move {
            rx.recv().await;
            reqwest::Client::new()
                .post(format!("{url}/_sandbox/faults"))
                .json(&json!({"malformed_page_probability": 1.0}))
                .send()
                .await
                .unwrap();
        })
    };
    let result = client
        .employees(&CancelToken::new(), move |p| {
            if p.pages_done == 1 {
                let _ = tx.send(());
            }
        })
        .await;
    breaker.await.unwrap();
    match result {
        Err(TriNetError::MalformedResponse { endpoint, .. }) => {
            assert!(endpoint.contains("/employees"), "{endpoint}");
            assert!(
                !endpoint.ends_with("offset=1"),
                "the first page was fine: {endpoint}"
            );
        }
        other => panic!("expected MalformedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn a_200_page_company_survives_a_30_percent_malformed_page_rate() {
    // Broken pages (truncated JSON, or employeeData keyed by id) are retried
    // like a 5xx, from a budget that grows with the pages: a 200-page
    // company meets ~60 broken pages and still arrives whole.
    let handle = sandbox(20_000).await;
    set_faults(&handle, json!({"malformed_page_probability": 0.3})).await;
    let client = client_with(&handle, |c| {
        c.retry = RetryPolicy {
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        }
    });
    let list = client
        .employees(&CancelToken::new(), |_| {})
        .await
        .expect("every page arrives in the end");
    assert_eq!(list.pages, 200);
    assert_eq!(list.employees.len(), 20_000);
    assert_each_once(&list);
    let retries = client.requests_sent() - 201;
    assert!(
        (30..=200).contains(&retries),
        "about 0.43 retries per page at 30%: {retries}"
    );
}

#[tokio::test]
async fn wrong_secret_is_bad_credentials() {
    let handle = sandbox(5).await;
    let mut creds = credentials(&handle);
    creds.client_secret = Sensitive::new("not-the-secret".into());
    let err = client(quick_config(&handle), creds)
        .check_connection(&CancelToken::new())
        .await
        .unwrap_err();
    assert_eq!(err, TriNetError::BadCredentials);
    assert!(!err.to_string().contains("not-the-secret"));
}

#[tokio::test]
async fn wrong_company_is_unknown_company() {
    let handle = sandbox(5).await;
    let mut creds = credentials(&handle);
    creds.company_id = "ZZZ".into();
    let client = client(quick_config(&handle), creds);
    let err = client
        .check_connection(&CancelToken::new())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        TriNetError::UnknownCompany {
            company_id: "ZZZ".into()
        }
    );
    let err = client
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code(), "unknown_company");
}

#[tokio::test]
async fn cancelling_stops_the_fetch_promptly() {
    let handle = sandbox(1050).await;
    set_faults(&handle, json!({"latency_ms": 400})).await;
    let client = client_with(&handle, |c| c.concurrency = 2);
    let cancel = CancelToken::new();
    let canceller = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            cancel.cancel();
        })
    };
    let started = Instant::now();
    let result = client.employees(&cancel, |_| {}).await;
    canceller.await.unwrap();
    assert_eq!(result.unwrap_err(), TriNetError::Cancelled);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn slow_answers_end_as_timeout_and_dead_hosts_as_unreachable() {
    let handle = sandbox(5).await;
    set_faults(&handle, json!({"latency_ms": 400})).await;
    let slow = client_with(&handle, |c| {
        c.request_timeout = Duration::from_millis(100);
        c.retry.max_attempts = 2;
    });
    match slow.org_details(&CancelToken::new()).await {
        Err(TriNetError::Timeout { .. }) => {}
        other => panic!("expected Timeout, got {other:?}"),
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = client_with(&handle, |c| c.base_url = format!("http://127.0.0.1:{port}"));
    match dead.org_details(&CancelToken::new()).await {
        Err(TriNetError::Unreachable { base_url, .. }) => {
            assert!(base_url.contains(&port.to_string()))
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

/// A sandbox whose employees endpoint lists exactly `listed` records.
async fn sandbox_listing(listed: usize) -> SandboxHandle {
    for employees in listed..listed + 200 {
        let handle = sandbox(employees).await;
        if handle.sandbox.state().employees == listed {
            return handle;
        }
        handle.shutdown().await;
    }
    panic!("no sandbox size lists exactly {listed} employees");
}

/// A fetch with every progress report it made.
async fn fetch_logged(client: &Client) -> (EmployeeList, Vec<Progress>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let list = client
        .employees(&CancelToken::new(), move |p| log.lock().unwrap().push(p))
        .await
        .unwrap();
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    (list, seen)
}

/// What the user sees of a fetch of `pages` pages: one report per page,
/// counting up, never past the pages that exist, with the count when the
/// total was known, ending at every employee.
fn assert_progress(seen: &[Progress], pages: usize, employees: usize, total_known: bool) {
    let done: Vec<usize> = seen.iter().map(|p| p.pages_done).collect();
    assert_eq!(done, (1..=pages).collect::<Vec<_>>(), "{seen:?}");
    for p in seen {
        match p.pages_expected {
            Some(expected) => assert_eq!(expected, pages, "{seen:?}"),
            None => assert!(!total_known && pages > 1, "{seen:?}"),
        }
        assert!(p.employees_received <= employees);
    }
    assert_eq!(seen.last().unwrap().employees_received, employees);
}

#[tokio::test]
async fn pages_asked_ahead_bring_each_employee_once_in_order_at_every_edge() {
    // 1 employee, exactly a page, a page and one, and several pages, with
    // and without employeesTotal; pages 2 to 4 are asked for beside page 1.
    for (listed, pages) in [(1, 1), (100, 1), (101, 2), (350, 4), (401, 5)] {
        let handle = sandbox_listing(listed).await;
        set_faults(&handle, json!({"latency_ms": 20})).await;
        for omit_total in [false, true] {
            set_faults(&handle, json!({"omit_employees_total": omit_total})).await;
            let what = format!("{listed} employees, total omitted: {omit_total}");
            let one_at_a_time = client_with(&handle, |c| c.concurrency = 1);
            let (sequential, _) = fetch_logged(&one_at_a_time).await;
            assert_eq!(
                one_at_a_time.requests_sent(),
                1 + pages as u64,
                "{what}: one at a time asks for no page ahead"
            );
            let ahead = client_with(&handle, |c| c.concurrency = 4);
            let (list, seen) = fetch_logged(&ahead).await;
            assert_eq!(list.employees.len(), listed, "{what}");
            assert_eq!(list.pages, pages, "{what}");
            assert_each_once(&list);
            assert_eq!(ids(&list), ids(&sequential), "{what}: same order");
            assert_progress(&seen, pages, listed, !omit_total);
            // The token, every page, and at most 3 pages past the end.
            let sent = ahead.requests_sent();
            assert!(
                (1 + pages as u64..=1 + pages as u64 + 3).contains(&sent),
                "{what}: {sent} requests"
            );
        }
        handle.shutdown().await;
    }
}

#[tokio::test]
async fn a_page_asked_ahead_and_throttled_waits_only_if_it_exists() {
    // One page: pages 2 to 4 are throttled, past the end, and not waited for.
    let handle = sandbox_listing(60).await;
    set_faults(
        &handle,
        json!({"latency_ms": 20, "retry_after_secs": 2, "rate_limit_offsets": [101, 201, 301]}),
    )
    .await;
    let client = client_with(&handle, |c| c.concurrency = 4);
    let started = Instant::now();
    let (list, seen) = fetch_logged(&client).await;
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "a throttled page past the end was waited for: {:?}",
        started.elapsed()
    );
    assert_eq!((list.employees.len(), list.pages), (60, 1));
    assert_progress(&seen, 1, 60, true);
    assert!(client.requests_sent() <= 5, "{}", client.requests_sent());
    handle.shutdown().await;

    // Three pages, with and without a total: page 2 (asked ahead, exists)
    // and page 4 (past the end) are throttled; page 2 is asked again
    // after Retry-After, page 4 never.
    let handle = sandbox_listing(250).await;
    let expected = ids(&client_with(&handle, |c| c.concurrency = 1)
        .employees(&CancelToken::new(), |_| {})
        .await
        .unwrap());
    for omit_total in [false, true] {
        set_faults(
            &handle,
            json!({
                "latency_ms": 20, "retry_after_secs": 1, "omit_employees_total": omit_total,
                "rate_limit_offsets": [101, 301],
            }),
        )
        .await;
        let client = client_with(&handle, |c| c.concurrency = 4);
        let started = Instant::now();
        let (list, seen) = fetch_logged(&client).await;
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "Retry-After: 1 was not honoured: {:?}",
            started.elapsed()
        );
        assert_eq!(ids(&list), expected, "total omitted: {omit_total}");
        assert_each_once(&list);
        assert_progress(&seen, 3, 250, !omit_total);
        // The token, pages 1 to 3, page 2 again, and up to 3 past the end
        // (page 4 only, when the total said there are 3).
        let sent = client.requests_sent();
        let most = if omit_total { 8 } else { 6 };
        assert!((5..=most).contains(&sent), "{sent} requests");
    }
    handle.shutdown().await;
}
