//! Fuzz targets for the configuration-file reader (`config::parse`, the
//! whole check an import makes before it touches the database): generated
//! files with the right keys and hostile values, damaged exports, and raw
//! text. A file is accepted whole and then reads back the same, or refused
//! with "Nothing was imported" and without quoting a client secret.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

use super::config::{parse, ConfigFile, FORMAT, VERSION};
use super::SyncError;
use crate::fuzzing::{
    damaged, date_like, fuzz, hostile_json, hostile_number, hostile_scalar, hostile_text,
    with_duplicate_keys, Body,
};
use crate::mapping::default_spec;
use crate::mapping::fuzz_tests::mapping_spec;

/// A client secret's text: it may be refused, never repeated.
const SECRET: &str = "s3cr3t-Fuzz-7Qx";

/// A number where the file wants one: mostly in range, at times not.
fn number(range: std::ops::Range<u64>) -> BoxedStrategy<Value> {
    prop_oneof![
        4 => range.prop_map(|n| json!(n)),
        1 => (0.0f64..150.0).prop_map(|f| json!(f)),
        1 => hostile_number().prop_map(Value::Number),
        1 => hostile_scalar(),
    ]
    .boxed()
}

fn daily_time() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (0u32..30, 0u32..70).prop_map(|(h, m)| json!(format!("{h:02}:{m:02}"))),
        1 => select(vec!["7:05", " 7:05", "07:5 ", "٠٧:١٥", "24:00", "23:60", "+7:05", "07:05:00"])
            .prop_map(|s| json!(s)),
        1 => hostile_scalar(),
    ]
    .boxed()
}

fn schedule() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(json!({"kind": "off"})),
        1 => Just(json!({"kind": "hourly"})),
        2 => number(0..2000).prop_map(|m| json!({"kind": "every_minutes", "minutes": m})),
        2 => daily_time().prop_map(|at| json!({"kind": "daily", "at": at})),
        1 => hostile_text().prop_map(|kind| json!({"kind": kind})),
        1 => hostile_json(),
    ]
    .boxed()
}

fn settings() -> BoxedStrategy<Value> {
    let guardrails = prop_oneof![
        4 => (number(0..120), number(0..100), number(0..120)).prop_map(|(a, b, c)| json!({
            "max_deactivated_percent": a,
            "max_deactivated_people": b,
            "max_identity_changes_percent": c,
        })),
        1 => hostile_json(),
    ];
    let retention = prop_oneof![
        2 => Just(json!({"kind": "keep_all"})),
        2 => number(0..1300).prop_map(|m| json!({"kind": "months", "months": m})),
        1 => hostile_json(),
    ];
    (
        schedule(),
        guardrails,
        number(0..120),
        prop_oneof![3 => any::<bool>().prop_map(Value::Bool), 1 => hostile_scalar()],
        retention,
        prop::collection::vec(prop::bool::weighted(0.95), 5),
    )
        .prop_map(
            |(schedule, guardrails, missing, notifications, retention, present)| {
                let values = [
                    ("schedule", schedule),
                    ("guardrails", guardrails),
                    ("missing_runs_to_deactivate", missing),
                    ("notifications", notifications),
                    ("retention", retention),
                ];
                Value::Object(
                    values
                        .into_iter()
                        .zip(present)
                        .filter(|(_, keep)| *keep)
                        .map(|((k, v), _)| (k.to_string(), v))
                        .collect(),
                )
            },
        )
        .boxed()
}

fn base_url() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec![
            "https://api.trinet.com", "http://127.0.0.1:8080/", "https://api.example.test//",
            "ftp://x", "https://", "http://[::1]:1", "https://exa mple.com", "javascript:alert(1)",
            " https://api.trinet.com", "https://api.trinet.com\n", "", "HTTPS://API.TRINET.COM",
            "https://user:pass@host/", "http://999.999.999.999", "https://xn--80ak6aa92e.com",
        ])
        .prop_map(|s| json!(s)),
        1 => hostile_text().prop_map(|t| json!(format!("https://{t}"))),
        1 => hostile_scalar(),
    ]
    .boxed()
}

fn id() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec!["ACME42", "client-7", "X"]).prop_map(|s| json!(s)),
        1 => hostile_scalar(),
    ]
    .boxed()
}

fn connection() -> BoxedStrategy<Value> {
    let secret = prop_oneof![
        Just(Value::Null),
        Just(json!(SECRET)),
        Just(json!({ "value": SECRET })),
        Just(json!(""))
    ];
    (id(), id(), base_url(), prop::option::weighted(0.2, secret))
        .prop_map(|(company_id, client_id, base_url, secret)| {
            let mut c = Map::new();
            c.insert("company_id".into(), company_id);
            c.insert("client_id".into(), client_id);
            c.insert("base_url".into(), base_url);
            c.extend(secret.map(|s| ("client_secret".to_string(), s)));
            Value::Object(c)
        })
        .boxed()
}

/// A configuration file's JSON: each key present or not, valid or hostile.
fn config_json() -> BoxedStrategy<Value> {
    let format = prop_oneof![8 => Just(json!(FORMAT)), 1 => hostile_scalar()];
    let version = prop_oneof![8 => Just(json!(VERSION)), 1 => number(0..3)];
    let mapping = prop_oneof![
        3 => mapping_spec().prop_map(|s| serde_json::to_value(s).expect("a spec serialises")),
        1 => Just(serde_json::to_value(default_spec()).expect("a spec serialises")),
        1 => Just(Value::Null),
        1 => hostile_json(),
    ];
    (
        (format, version, prop_oneof![date_like(), hostile_text()]),
        (
            mapping,
            settings(),
            prop_oneof![4 => connection(), 1 => hostile_json()],
        ),
        prop::collection::vec(prop::bool::weighted(0.95), 6),
        prop::collection::vec((hostile_text(), hostile_json()), 0..2),
    )
        .prop_map(
            |((format, version, at), (mapping, settings, conn), present, extra)| {
                let values = [
                    ("format", format),
                    ("version", version),
                    ("exported_at", json!(at)),
                    ("mapping", mapping),
                    ("settings", settings),
                    ("connection", conn),
                ];
                let mut file: Map<String, Value> = values
                    .into_iter()
                    .zip(present)
                    .filter(|(_, keep)| *keep)
                    .map(|((k, v), _)| (k.to_string(), v))
                    .collect();
                file.extend(extra);
                Value::Object(file)
            },
        )
        .boxed()
}

/// What the reader must say about `text`.
fn check_file(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(file) => {
            prop_assert_eq!(file.format.as_str(), FORMAT);
            prop_assert_eq!(file.version, VERSION);
            prop_assert!(file.settings.validate().is_ok());
            let sent: Value = serde_json::from_str(text).expect("an accepted file is JSON");
            prop_assert!(sent
                .pointer("/connection/client_secret")
                .is_none_or(Value::is_null));
            let written = serde_json::to_string_pretty(&file).expect("a file serialises");
            let again: Result<ConfigFile, _> = parse(&written).map_err(|e| e.to_string());
            prop_assert_eq!(again, Ok(file), "it reads back the same");
        }
        Err(SyncError::InvalidConfig { message }) => {
            prop_assert!(
                !message.contains(SECRET),
                "the error quotes the secret: {}",
                message
            );
            let shown = SyncError::InvalidConfig { message }.to_string();
            prop_assert!(shown.starts_with("Nothing was imported: "));
        }
        Err(other) => prop_assert!(false, "unexpected error {:?}", other),
    }
    Ok(())
}

#[test]
fn fuzz_configuration_files() {
    let text = (config_json(), any::<bool>()).prop_map(|(v, pretty)| {
        if pretty {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        }
        .expect("JSON serialises")
    });
    fuzz("sync::configuration_files", 300, text, |text| {
        check_file(&text)
    });
}

#[test]
fn fuzz_configuration_file_bytes() {
    let sent = config_json().prop_map(|v| serde_json::to_vec(&v).expect("JSON serialises"));
    let text = prop_oneof![
        4 => damaged(sent),
        1 => (config_json(), config_json()).prop_map(|(a, b)| Body(with_duplicate_keys(&a, &b))),
        1 => hostile_text().prop_map(|t| Body(t.into_bytes())),
        1 => prop::collection::vec(any::<u8>(), 0..256).prop_map(Body),
    ]
    .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    fuzz("sync::configuration_file_bytes", 300, text, |text| {
        check_file(&text)
    });
}
