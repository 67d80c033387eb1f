//! The fuzz harness behind every `fuzz_` test: proptest on the stable
//! toolchain, with generators of hostile input (odd text, numbers at the
//! edges, date spellings, deep and wide JSON, TriNet-shaped records).
//!
//! Case counts come from `PROPTEST_CASES`: unset, each target runs its own
//! short default (a plain `cargo test` stays fast); `scripts/fuzz.sh` sets a
//! million. The seed is fixed unless `PROPTEST_RNG_SEED` is set, so the
//! short run is the same run everywhere and a failure found with a printed
//! seed can be replayed. Failures are not persisted to files: every crash
//! found becomes a named regression test beside its target instead.

use std::fmt::Debug;
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseResult, TestError, TestRunner};
use serde_json::{Map, Number, Value};

/// The seed of runs that do not ask for another one.
const FIXED_SEED: u64 = 0x526f_7374_6572;

fn config(default_cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(FIXED_SEED);
    }
    config.failure_persistence = None;
    config
}

/// Runs `test` on `default_cases` (or `PROPTEST_CASES`) inputs drawn from
/// `strategy`; a panic or a failed property is shrunk to a minimal input
/// and reported with the seed. Prints the target's case count and time.
pub(crate) fn fuzz<S>(
    target: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> TestCaseResult,
) where
    S: Strategy,
    S::Value: Debug,
{
    let config = config(default_cases);
    let (cases, seed) = (config.cases, config.rng_seed);
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    match runner.run(&strategy, test) {
        Ok(()) => eprintln!(
            "fuzz target {target}: {cases} cases, no failure, {:.1} s (seed {seed})",
            started.elapsed().as_secs_f64()
        ),
        Err(TestError::Fail(reason, input)) => {
            panic!("fuzz target {target} failed (seed {seed}): {reason}\nminimal input: {input:#?}")
        }
        Err(TestError::Abort(reason)) => {
            panic!("fuzz target {target} aborted (seed {seed}): {reason}")
        }
    }
}

/// Text that has broken parsers before: blanks, BOMs, bidi and zero-width
/// marks, characters whose lower case is longer than they are, digits from
/// other scripts, number spellings JSON has no room for, braces and path
/// punctuation, control characters.
const NASTY: &[&str] = &[
    "",
    " ",
    "\t\n\r",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{2028}",
    "\u{3000}",
    "İ",
    "ẞ",
    "ß",
    "Σ",
    "e\u{301}",
    "🧑‍💻",
    "\u{10ffff}",
    "١٢٣",
    "２０２１",
    "NaN",
    "-NaN",
    "Infinity",
    "-inf",
    "-0",
    "+1",
    "1e309",
    "-1e309",
    "1e20",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "0x10",
    "1_000",
    "1.5",
    "3599.0",
    "00042",
    "true",
    "FALSE",
    "Y",
    "null",
    "{",
    "}",
    "{{",
    "}}",
    "{src:",
    "[",
    "]",
    "[]",
    ".",
    "..",
    "\\",
    "\"",
    "<html>",
    "%s%n",
    "PRI",
    "primary",
    "PREFERRED",
    "2021-03-01",
    "2021-02-29",
    "03/01/2021",
    "-0001-01-01",
    "+275760-09-13",
];

fn nasty_piece() -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        2 => "[a-zA-Z0-9 ._@-]{0,12}",
        1 => proptest::char::range('\u{0}', '\u{1f}').prop_map(String::from),
        1 => (0usize..5000).prop_map(|n| "x".repeat(n)),
    ]
    .boxed()
}

/// A short run of hostile pieces, e.g. `" İ{src:1e309"`.
pub(crate) fn hostile_text() -> BoxedStrategy<String> {
    prop::collection::vec(nasty_piece(), 0..5)
        .prop_map(|parts| parts.concat())
        .boxed()
}

/// JSON numbers at and beyond the edges of u64, i64 and f64.
pub(crate) fn hostile_number() -> BoxedStrategy<Number> {
    prop_oneof![
        any::<u64>().prop_map(Number::from),
        any::<i64>().prop_map(Number::from),
        proptest::sample::select(vec![
            0.0,
            -0.0,
            0.5,
            1.0,
            3599.0,
            1e19,
            1.8446744073709552e19,
            1e20,
            9.007199254740993e15,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            -1.0,
        ])
        .prop_map(|f| Number::from_f64(f).expect("finite")),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        proptest::sample::select(vec![
            0u64,
            1,
            u64::from(u16::MAX),
            u64::from(u16::MAX) + 1,
            u64::MAX,
            1 << 53,
            (1 << 53) + 1,
        ])
        .prop_map(Number::from),
    ]
    .boxed()
}

/// Dates as TriNet might spell them, and near misses: every field out of
/// range, signs, long years, times, offsets, US order, odd separators.
pub(crate) fn date_like() -> BoxedStrategy<String> {
    let year = prop_oneof![
        (1900i64..2100).prop_map(|y| format!("{y:04}")),
        (-300_000i64..300_000).prop_map(|y| y.to_string()),
        (0i64..10_000).prop_map(|y| format!("{y:04}")),
        (0i64..300_000).prop_map(|y| format!("+{y}")),
        (0i64..300_000).prop_map(|y| format!("-{y:04}")),
    ];
    let two = prop_oneof![
        (1u32..13).prop_map(|n| format!("{n:02}")),
        (0u32..100).prop_map(|n| n.to_string()),
        (0u32..1000).prop_map(|n| format!("{n:02}")),
    ];
    let time = prop_oneof![
        Just(String::new()),
        Just("T00:00:00".to_string()),
        (0u32..30, 0u32..70, 0u32..70).prop_map(|(h, m, s)| format!("T{h:02}:{m:02}:{s:02}")),
        (0u32..30, 0u32..70).prop_map(|(h, m)| format!("T{h:02}:{m:02}")),
        (0u32..24, 0u32..60, "[0-9]{0,30}").prop_map(|(h, m, f)| format!(" {h:02}:{m:02}:00.{f}")),
    ];
    let zone = prop_oneof![
        Just(String::new()),
        Just("Z".to_string()),
        (-30i32..30, 0u32..100).prop_map(|(h, m)| format!("{h:+03}:{m:02}")),
        (-30i32..30, 0u32..100).prop_map(|(h, m)| format!("{h:+03}{m:02}")),
    ];
    let separator = proptest::sample::select(vec!["-", "/", ".", " ", "", "--"]);
    prop_oneof![
        (year.clone(), two.clone(), two.clone(), time, zone)
            .prop_map(|(y, m, d, t, z)| format!("{y}-{m}-{d}{t}{z}")),
        (two.clone(), two.clone(), year.clone()).prop_map(|(m, d, y)| format!("{m}/{d}/{y}")),
        (year, two.clone(), two, separator.clone(), separator)
            .prop_map(|(y, m, d, s1, s2)| format!("{y}{s1}{m}{s2}{d}")),
        (hostile_text(), "[0-9/: T+-]{0,25}").prop_map(|(a, b)| format!("{a}{b}")),
    ]
    .boxed()
}

/// A JSON scalar: null, a boolean, an edge number, hostile text or a date.
pub(crate) fn hostile_scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => hostile_number().prop_map(Value::Number),
        3 => hostile_text().prop_map(Value::String),
        2 => date_like().prop_map(Value::String),
    ]
    .boxed()
}

/// Object keys: empty, the ones Roster looks for, and hostile ones.
fn hostile_key() -> BoxedStrategy<String> {
    prop_oneof![
        2 => proptest::sample::select(vec![
            "", "data", "employeeId", "employmentInfo", "names", "nameType", "effectiveDate",
            "workEmail", "supervisor", "supervisorId", "department", "deptName", "firstName",
            "employeeData", "hasMore", "employeesTotal", "_statusCode", "format", "version",
        ])
        .prop_map(str::to_string),
        1 => hostile_text(),
    ]
    .boxed()
}

/// Any JSON value up to a few levels deep, with hostile keys and scalars.
pub(crate) fn hostile_json() -> BoxedStrategy<Value> {
    hostile_scalar()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((hostile_key(), inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// A value nested `depth` arrays or objects deep.
pub(crate) fn deeply_nested(depth: usize, leaf: Value, objects: bool) -> Value {
    (0..depth).fold(leaf, |inner, _| {
        if objects {
            Value::Object(Map::from_iter([("employmentInfo".to_string(), inner)]))
        } else {
            Value::Array(vec![inner])
        }
    })
}

/// A field's value in a generated record: mostly a plausible scalar, at
/// times a container where a scalar belongs.
fn field_value() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => hostile_scalar(),
        2 => proptest::sample::select(vec!["1", "2", "01", " 1 ", "3", "", "E-1"])
            .prop_map(|s| Value::String(s.to_string())),
        1 => (1u64..4).prop_map(|n| Value::Number(n.into())),
        1 => hostile_json(),
    ]
    .boxed()
}

/// An object with each of `keys` present (with a generated value) or not.
fn object_of(keys: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop::collection::vec(prop::option::weighted(0.6, field_value()), keys.len())
        .prop_map(move |values| {
            Value::Object(
                keys.iter()
                    .zip(values)
                    .filter_map(|(k, v)| Some((k.to_string(), v?)))
                    .collect(),
            )
        })
        .boxed()
}

/// One `names[]` entry: a name type (code, word, odd, absent) and names.
fn name_entry() -> BoxedStrategy<Value> {
    let name_type = prop_oneof![
        proptest::sample::select(vec![
            "PRI",
            "PRF",
            "pri",
            " Primary ",
            "PREFERRED",
            "LEG",
            ""
        ])
        .prop_map(|s| Value::String(s.to_string())),
        field_value(),
    ];
    (
        prop::option::weighted(0.9, name_type),
        object_of(&[
            "firstName",
            "middleName",
            "lastName",
            "name",
            "effectiveDate",
        ]),
        prop::option::weighted(0.5, date_like()),
    )
        .prop_map(|(kind, mut entry, date)| {
            let map = entry.as_object_mut().expect("object_of builds objects");
            if let Some(kind) = kind {
                map.insert("nameType".into(), kind);
            }
            if let Some(date) = date {
                map.insert("effectiveDate".into(), Value::String(date));
            }
            entry
        })
        .boxed()
}

const EMPLOYMENT_KEYS: &[&str] = &[
    "serviceDate",
    "terminationDate",
    "employmentStatus",
    "workEmail",
    "supervisorId",
    "departmentId",
    "deptId",
    "locationId",
    "businessTitle",
    "employeeType",
    "customGroupA",
    "customGroupB",
    "groupA",
];

/// A TriNet employee record: the documented keys, each present or not,
/// holding plausible, hostile or wrongly typed values; nested groups
/// sometimes replaced by a scalar or a list.
pub(crate) fn employee_record() -> BoxedStrategy<Value> {
    let names = prop_oneof![
        4 => prop::collection::vec(name_entry(), 0..4).prop_map(Value::Array),
        1 => field_value(),
    ];
    let group =
        |keys: &'static [&'static str]| prop_oneof![4 => object_of(keys), 1 => field_value()];
    let employment = (
        object_of(EMPLOYMENT_KEYS),
        group(&["supervisorId", "supervisorName"]),
        group(&["deptId", "deptName"]),
        group(&["locationId", "locationName", "locationtName"]),
        prop::option::weighted(0.7, date_like()),
    )
        .prop_map(|(mut info, supervisor, department, location, service)| {
            let map = info.as_object_mut().expect("object_of builds objects");
            map.insert("supervisor".into(), supervisor);
            map.insert("department".into(), department);
            map.insert("location".into(), location);
            if let Some(date) = service {
                map.insert("serviceDate".into(), Value::String(date));
            }
            info
        });
    (
        object_of(&["employeeId", "alternateId", "workEmail"]),
        prop::option::weighted(0.9, names),
        prop_oneof![6 => employment, 1 => field_value()],
        group(&["birthdate", "gender"]),
        prop::collection::vec((hostile_key(), hostile_json()), 0..2),
    )
        .prop_map(|(mut record, names, employment, bio, extra)| {
            let map = record.as_object_mut().expect("object_of builds objects");
            if let Some(names) = names {
                map.insert("names".into(), names);
            }
            map.insert("employmentInfo".into(), employment);
            map.insert("bioInfo".into(), bio);
            map.extend(extra);
            record
        })
        .boxed()
}

/// The members of two objects as one object's text, so keys both have
/// appear twice (which a `Value` cannot hold); other values as `a` alone.
pub(crate) fn with_duplicate_keys(a: &Value, b: &Value) -> Vec<u8> {
    let text = |v: &Value| serde_json::to_string(v).expect("JSON serialises");
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if !x.is_empty() && !y.is_empty() => {
            let (a, b) = (text(a), text(b));
            format!("{},{}", &a[..a.len() - 1], &b[1..]).into_bytes()
        }
        _ => text(a).into_bytes(),
    }
}

/// A body's bytes, shown as escaped text when a failure is reported.
#[derive(Clone)]
pub(crate) struct Body(pub Vec<u8>);

impl Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Bytes from `text`, then maybe cut short, with a byte changed, or with
/// a byte inserted: the ways a body gets damaged on the wire.
pub(crate) fn damaged(text: impl Strategy<Value = Vec<u8>> + 'static) -> BoxedStrategy<Body> {
    (text, 0..4u8, any::<prop::sample::Index>(), any::<u8>())
        .prop_map(|(mut bytes, how, at, byte)| {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                match how {
                    0 => bytes.truncate(i),
                    1 => bytes[i] = byte,
                    2 => bytes.insert(i, byte),
                    _ => {}
                }
            }
            Body(bytes)
        })
        .boxed()
}
