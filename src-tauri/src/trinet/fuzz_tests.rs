//! Fuzz targets for what TriNet sends: whole employee pages (generated
//! envelopes and damaged bytes), single records, the reference lists and
//! company details, error bodies, token bodies, and the lenient number,
//! boolean, date and `Retry-After` parsers. Each must never panic, and
//! keeps its documented promises on every input. Crashes found by these
//! targets are kept as the `regression_` tests at the end.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::auth::{parse_token, TokenCache};
use super::wire::{
    departments_from, envelope_status, error_message, lenient_bool, lenient_u64, locations_from,
    org_details_from, parse_json, text,
};
use super::{parse_employee_page, DateValue, Employee, TriNetError};
use crate::fuzzing::{
    damaged, date_like, deeply_nested, employee_record, fuzz, hostile_json, hostile_number,
    hostile_scalar, hostile_text, with_duplicate_keys, Body,
};
use crate::mapping::path::parse_date;
use crate::net::retry::{parse_retry_after, RetryPolicy};

const EP: &str = "/v1/company/ABC/employees";

/// A marker put into generated employee data: no error may quote it.
const PERSONAL: &str = "Grace-Hopper-1906";

/// `data.employeeData` as generated: a list of records, or something else.
fn employee_data() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => prop::collection::vec(employee_record(), 0..6).prop_map(Value::Array),
        1 => hostile_json(),
    ]
    .boxed()
}

/// `employeesTotal` and `hasMore` as a server might send them.
fn paging_value() -> BoxedStrategy<Value> {
    prop_oneof![
        hostile_scalar(),
        proptest::sample::select(vec![
            "true", "false", "Y", "n", "1", "0", " 12 ", "1e3", "-1"
        ])
        .prop_map(|s| Value::String(s.to_string())),
        hostile_number().prop_map(Value::Number),
    ]
    .boxed()
}

/// A page envelope with the documented keys, each present or not.
fn page_envelope() -> BoxedStrategy<Value> {
    let data = prop_oneof![
        4 => (
            prop::option::weighted(0.7, paging_value()),
            prop::option::weighted(0.8, paging_value()),
            prop::option::weighted(0.9, employee_data()),
        )
            .prop_map(|(total, more, records)| {
                let mut data = Map::new();
                data.extend(total.map(|v| ("employeesTotal".to_string(), v)));
                data.extend(more.map(|v| ("hasMore".to_string(), v)));
                data.extend(records.map(|v| ("employeeData".to_string(), v)));
                Value::Object(data)
            }),
        1 => hostile_json(),
    ];
    (
        prop::option::weighted(0.9, data),
        prop::option::of(paging_value()),
        hostile_text(),
    )
        .prop_map(|(data, status, request_id)| {
            let mut page = Map::new();
            page.insert("_requestId".into(), Value::String(request_id));
            page.extend(status.map(|s| ("_statusCode".to_string(), s)));
            page.extend(data.map(|d| ("data".to_string(), d)));
            Value::Object(page)
        })
        .boxed()
}

/// JSON nested far deeper than any answer, as text.
fn deep_text() -> BoxedStrategy<Vec<u8>> {
    (1usize..5000, any::<bool>(), any::<bool>())
        .prop_map(|(depth, objects, closed)| {
            let (open, close) = if objects {
                (r#"{"data":"#, "}")
            } else {
                ("[", "]")
            };
            let mut text = open.repeat(depth) + "1";
            if closed {
                text += &close.repeat(depth);
            }
            text.into_bytes()
        })
        .boxed()
}

/// Bodies a TriNet endpoint might answer with: a generated envelope (as
/// sent, or damaged), deep nesting, or raw bytes.
fn page_body() -> BoxedStrategy<Body> {
    let sent = page_envelope().prop_map(|v| serde_json::to_vec(&v).expect("JSON serialises"));
    prop_oneof![
        4 => damaged(sent),
        1 => deep_text().prop_map(Body),
        1 => (page_envelope(), page_envelope()).prop_map(|(a, b)| Body(with_duplicate_keys(&a, &b))),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Body),
        1 => hostile_text().prop_map(|t| Body(t.into_bytes())),
    ]
    .boxed()
}

/// What the page parser must say about `body`: a page, or a malformed
/// response naming the endpoint and quoting no employee data.
fn check_page(body: &[u8]) -> Result<(), TestCaseError> {
    match parse_employee_page(EP, body) {
        Ok(page) => {
            let v: Value = serde_json::from_slice(body).expect("a parsed page is JSON");
            let sent = v["data"]["employeeData"].as_array().map_or(0, Vec::len);
            prop_assert_eq!(page.employees.len(), sent, "every record is kept");
            if page.total.is_some() {
                prop_assert!(v["data"]["employeesTotal"] != Value::Null);
            }
        }
        Err(TriNetError::MalformedResponse { endpoint, what }) => {
            prop_assert_eq!(endpoint, EP);
            prop_assert!(
                !what.contains(PERSONAL),
                "the error quotes the body: {}",
                what
            );
        }
        Err(other) => prop_assert!(false, "unexpected error {:?}", other),
    }
    Ok(())
}

#[test]
fn fuzz_employee_pages() {
    let marked = (page_body(), any::<bool>()).prop_map(|(body, mark)| {
        if mark {
            let text = String::from_utf8_lossy(&body).replace('a', PERSONAL);
            Body(text.into_bytes())
        } else {
            body
        }
    });
    fuzz("trinet::employee_pages", 300, marked, |body| {
        check_page(&body)
    });
}

/// The typed view of a record keeps it whole and reads what it documents.
#[test]
fn fuzz_employee_records() {
    fuzz(
        "trinet::employee_records",
        400,
        prop_oneof![4 => employee_record(), 1 => hostile_json()],
        |raw| {
            let e = Employee::from_raw(raw.clone());
            prop_assert_eq!(&e.raw, &raw, "the raw record is kept as sent");
            prop_assert_eq!(e.employee_id.clone(), text(raw.get("employeeId")));
            for date in [&e.service_date, &e.termination_date, &e.birth_date] {
                if let DateValue::Unparseable(t) = date {
                    prop_assert!(!t.trim().is_empty() && t.trim() == t);
                }
            }
            // Debug shows the employee id and nothing else of the record.
            prop_assert_eq!(
                format!("{e:?}"),
                format!("Employee {{ employee_id: {:?}, .. }}", e.employee_id)
            );
            Ok(())
        },
    );
}

/// Departments, locations and company details from any body.
#[test]
fn fuzz_reference_lists_and_company() {
    let body = prop_oneof![
        3 => (prop::option::weighted(0.9, prop_oneof![
            prop::collection::vec(hostile_json(), 0..5).prop_map(Value::Array),
            hostile_json(),
        ]))
        .prop_map(|data| {
            let mut page = Map::new();
            page.extend(data.map(|d| ("data".to_string(), d)));
            Body(serde_json::to_vec(&Value::Object(page)).expect("JSON serialises"))
        }),
        1 => page_body(),
    ];
    fuzz("trinet::reference_lists", 300, body, |body| {
        let Ok(v) = parse_json("/r", &body) else {
            return Ok(());
        };
        if let Ok(list) = departments_from("/d", v.clone()) {
            prop_assert_eq!(list.len(), v["data"].as_array().map_or(0, Vec::len));
        }
        let _ = locations_from("/l", v.clone());
        if let Ok(org) = org_details_from("/o", v.clone()) {
            prop_assert!(org.raw.is_object());
        }
        Ok(())
    });
}

/// Error bodies give at most 200 characters of one-line text.
#[test]
fn fuzz_error_bodies() {
    let body = prop_oneof![
        2 => (prop::collection::vec((
            proptest::sample::select(vec![
                "_statusMessage", "_statusText", "fault", "error_description", "message",
                "error", "Error", "_statusCode",
            ]),
            prop_oneof![hostile_scalar(), hostile_json(),
                hostile_scalar().prop_map(|s| json!({ "faultstring": s }))],
        ), 0..4))
        .prop_map(|pairs| {
            let map: Map<String, Value> =
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            Body(serde_json::to_vec(&Value::Object(map)).expect("JSON serialises"))
        }),
        1 => page_body(),
    ];
    fuzz("trinet::error_bodies", 300, body, |body| {
        let message = error_message(&body);
        prop_assert!(message.chars().count() <= 200);
        prop_assert!(!message.contains("  "));
        prop_assert!(!message.chars().any(|c| c.is_whitespace() && c != ' '));
        prop_assert_eq!(message.trim(), message.as_str());
        if let Ok(v) = serde_json::from_slice::<Value>(&body) {
            let _ = envelope_status(&v);
        }
        Ok(())
    });
}

/// Token bodies: a token is read or refused, and keeping it never fails,
/// whatever lifetime the body claims.
#[test]
fn fuzz_token_bodies() {
    let body = prop_oneof![
        3 => (
            prop::option::weighted(0.9, prop_oneof![
                hostile_text().prop_map(Value::String), hostile_scalar()]),
            prop::option::weighted(0.8, paging_value()),
            prop::option::of(paging_value()),
            prop::option::of(hostile_scalar()),
        )
            .prop_map(|(token, expires, issued, scope)| {
                let mut map = Map::new();
                map.extend(token.map(|v| ("access_token".to_string(), v)));
                map.extend(expires.map(|v| ("expires_in".to_string(), v)));
                map.extend(issued.map(|v| ("issued_at".to_string(), v)));
                map.extend(scope.map(|v| ("scope".to_string(), v)));
                Body(serde_json::to_vec(&Value::Object(map)).expect("JSON serialises"))
            }),
        1 => page_body(),
    ];
    let t0 = Instant::now();
    fuzz("trinet::token_bodies", 300, body, |body| {
        if let Ok(token) = parse_token("/oauth/accesstoken", &body) {
            let access = token.access_token.expose().clone();
            prop_assert!(!access.trim().is_empty());
            let life = token.expires_in;
            let mut cache = TokenCache::new(Duration::from_secs(60));
            cache.store(token, t0);
            prop_assert_eq!(cache.usable(t0).is_some(), life > Duration::ZERO);
        }
        Ok(())
    });
}

/// The lenient scalars: numbers, booleans and `Retry-After`.
#[test]
fn fuzz_number_and_boolean_parsers() {
    let value = prop_oneof![
        hostile_scalar(),
        paging_value(),
        any::<u64>().prop_map(|n| Value::String(format!(" {n} "))),
        any::<f64>().prop_map(|f| Value::String(f.to_string())),
        "[+-]?[0-9]{0,25}(\\.[0-9]{0,5})?(e[+-]?[0-9]{1,3})?".prop_map(Value::String),
    ];
    fuzz("trinet::numbers_and_booleans", 2000, value, |v| {
        if let Some(n) = lenient_u64(&v) {
            // What was read is the number that was sent, not a clamped one.
            let sent = match &v {
                Value::Number(x) => x.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            prop_assert!(sent.is_some(), "{} read from {}", n, v);
            let sent = sent.expect("checked above");
            prop_assert!(
                (n as f64 - sent).abs() <= sent * f64::EPSILON,
                "{} read as {}",
                v,
                n
            );
        }
        if let Value::String(s) = &v {
            if let Ok(n) = s.trim().parse::<u64>() {
                prop_assert_eq!(lenient_u64(&v), Some(n));
            }
            let header = parse_retry_after(Some(s));
            if let Some(wait) = header {
                prop_assert!(wait <= Duration::from_secs(86_400));
            }
            let policy = RetryPolicy::default();
            for retry in [0, 1, 7, u32::MAX] {
                let delay = policy.delay(retry, header, 0.999);
                prop_assert!(delay <= policy.max_retry_after.max(policy.max_delay) * 2);
            }
        }
        let _ = lenient_bool(&v);
        let _ = envelope_status(&json!({ "_statusCode": v }));
        Ok(())
    });
}

/// Every date spelling: never a panic, the fast path agrees with the full
/// parser, and a date read back from its ISO spelling is the same date.
#[test]
fn fuzz_date_parsers() {
    let text = prop_oneof![3 => date_like(), 1 => hostile_text()];
    fuzz("trinet::dates", 3000, text, |s| {
        let full = DateValue::parse(&s);
        prop_assert_eq!(parse_date(&s), full.clone(), "fast path disagrees");
        match &full {
            DateValue::Date(d) => {
                let iso = d.format("%Y-%m-%d").to_string();
                prop_assert_eq!(DateValue::parse(&iso), full.clone(), "{} → {}", s, iso);
            }
            DateValue::Unparseable(t) => prop_assert_eq!(t.as_str(), s.trim()),
            DateValue::Missing => prop_assert!(s.trim().is_empty()),
        }
        prop_assert_eq!(DateValue::from_json(Some(&Value::String(s.clone()))), full);
        Ok(())
    });
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    // Exhaustive rather than random: every depth around serde_json's limit.
    for depth in 0..300 {
        for objects in [false, true] {
            let record = deeply_nested(depth, json!(1), objects);
            let page = json!({ "data": { "employeeData": [record] } });
            check_page(&serde_json::to_vec(&page).expect("JSON serialises")).unwrap();
        }
    }
    for depth in [1000, 100_000, 1_000_000] {
        check_page(("[".repeat(depth) + &"]".repeat(depth)).as_bytes()).unwrap();
        check_page(r#"{"data":"#.repeat(depth).as_bytes()).unwrap();
    }
}

/// Found by `fuzz_token_bodies`: a token body claiming a lifetime of
/// u64::MAX seconds made keeping the token panic ("overflow when adding
/// duration to instant"), so every TriNet call with such a token crashed.
#[test]
fn regression_token_with_an_endless_lifetime_is_kept_for_a_day() {
    let body = br#"{"access_token":"t","expires_in":18446744073709551615}"#;
    let token = parse_token("/oauth/accesstoken", body).unwrap();
    let mut cache = TokenCache::new(Duration::from_secs(60));
    let t0 = Instant::now();
    cache.store(token, t0);
    assert!(cache.usable(t0 + Duration::from_secs(3600)).is_some());
    assert!(
        cache.usable(t0 + Duration::from_secs(2 * 86_400)).is_none(),
        "renewed after a day at the latest"
    );
}

/// Found by `fuzz_number_and_boolean_parsers`: numbers beyond u64 ("1e20",
/// a 200-digit total) were read as 18446744073709551615 instead of being
/// refused as not a count.
#[test]
fn regression_numbers_beyond_u64_are_refused_not_clamped() {
    let huge = format!("12299325749456832{}", "0".repeat(183));
    for v in [
        json!("1e20"),
        json!(1e20),
        json!(huge),
        json!(18446744073709551616.0),
    ] {
        assert_eq!(lenient_u64(&v), None, "{v}");
    }
    assert_eq!(lenient_u64(&json!("18446744073709551615")), Some(u64::MAX));
    assert_eq!(
        lenient_u64(&json!(18446744073709549568.0)),
        Some(18446744073709549568)
    );
    let body = br#"{"data":{"employeesTotal":"1e20","hasMore":false,"employeeData":[]}}"#;
    assert!(matches!(
        parse_employee_page(EP, body),
        Err(TriNetError::MalformedResponse { .. })
    ));
}
