//! The source catalog: every leaf value found in the fetched TriNet records,
//! as a path the admin can map (fields Roster does not model included),
//! with a type guess, how many people have a value, and a few samples.
//! Samples are employee data for the Map fields screen only: never log them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::path::{entry_code, may_be_date, parse_date, scalar_text, ENTRY_KEY};
use crate::trinet::DateValue;

/// How many distinct sample values a field shows.
pub const SAMPLES: usize = 3;
/// Samples longer than this are cut (with an ellipsis).
const SAMPLE_CHARS: usize = 80;
/// Share of values that must agree for a field to get their type.
const DOMINANT_SHARE: f64 = 0.9;

/// The type a field's values look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Text,
    Date,
    Number,
    Boolean,
    /// No single type covers nine values in ten.
    Mixed,
    /// Nobody has a value.
    Empty,
}

/// One mappable TriNet field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceField {
    /// e.g. `employmentInfo.department.deptName`, `names[PRI].firstName`.
    pub path: String,
    pub kind: SourceKind,
    /// People with a value here.
    pub filled: u32,
    /// People in the fetch.
    pub total: u32,
    /// Up to three distinct values, in the order first seen.
    pub samples: Vec<String>,
}

#[derive(Default)]
struct Tally {
    filled: u32,
    /// 1 + the index of the last record counted in `filled`.
    last_record: u32,
    /// text, date, number, boolean
    kinds: [u32; 4],
    samples: Vec<String>,
}

fn value_kind(v: &Value, text: &str) -> usize {
    match v {
        Value::Bool(_) => 3,
        Value::Number(_) => 2,
        _ if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") => 3,
        _ if looks_numeric(text) => 2,
        _ if may_be_date(text) && matches!(parse_date(text), DateValue::Date(_)) => 1,
        _ => 0,
    }
}

/// Digits with an optional sign and decimal point; a leading zero (as in an
/// employee ID or a zip code) makes it an identifier, not a number.
fn looks_numeric(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'))
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

struct Walk {
    index: HashMap<String, usize>,
    tallies: Vec<(String, Tally)>,
    record: u32,
    path: String,
}

impl Walk {
    fn tally(&mut self) -> &mut Tally {
        let i = match self.index.get(self.path.as_str()) {
            Some(&i) => i,
            None => {
                let i = self.tallies.len();
                self.index.insert(self.path.clone(), i);
                self.tallies.push((self.path.clone(), Tally::default()));
                i
            }
        };
        &mut self.tallies[i].1
    }

    fn visit(&mut self, v: &Value) {
        let len = self.path.len();
        match v {
            Value::Object(map) => {
                for (key, child) in map {
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(key);
                    self.visit(child);
                    self.path.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item.get(ENTRY_KEY).and_then(Value::as_str) {
                        Some(code) if !code.trim().is_empty() => {
                            self.path.push('[');
                            self.path.push_str(&entry_code(code));
                        }
                        _ => {
                            self.path.push('[');
                            self.path.push_str(&i.to_string());
                        }
                    }
                    self.path.push(']');
                    self.visit(item);
                    self.path.truncate(len);
                }
            }
            scalar => {
                let record = self.record;
                let tally = self.tally();
                let Some(text) = scalar_text(scalar) else {
                    return;
                };
                let text = &*text;
                tally.kinds[value_kind(scalar, text)] += 1;
                if tally.last_record != record + 1 {
                    tally.last_record = record + 1;
                    tally.filled += 1;
                }
                if tally.samples.len() < SAMPLES && !tally.samples.iter().any(|s| s == text) {
                    tally.samples.push(cut(text));
                }
            }
        }
    }
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(SAMPLE_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn kind_of(t: &Tally) -> SourceKind {
    let all: u32 = t.kinds.iter().sum();
    if all == 0 {
        return SourceKind::Empty;
    }
    let (best, count) = t
        .kinds
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .map(|(i, c)| (i, *c))
        .unwrap_or((0, 0));
    if f64::from(count) < DOMINANT_SHARE * f64::from(all) {
        return SourceKind::Mixed;
    }
    [
        SourceKind::Text,
        SourceKind::Date,
        SourceKind::Number,
        SourceKind::Boolean,
    ][best]
}

/// The catalog of `records` (raw TriNet employee objects), in the order
/// fields were first seen. A path that is only ever `null` where other
/// records have an object (a CEO's `supervisor`) is not listed.
pub fn catalog<V: std::borrow::Borrow<Value>>(
    records: impl IntoIterator<Item = V>,
) -> Vec<SourceField> {
    let mut walk = Walk {
        index: HashMap::new(),
        tallies: Vec::new(),
        record: 0,
        path: String::new(),
    };
    for record in records {
        walk.visit(record.borrow());
        walk.record += 1;
    }
    let total = walk.record;
    let containers: std::collections::HashSet<&str> = walk
        .tallies
        .iter()
        .flat_map(|(path, _)| {
            path.char_indices()
                .filter(|(_, c)| *c == '.' || *c == '[')
                .map(move |(i, _)| &path[..i])
        })
        .collect();
    walk.tallies
        .iter()
        .filter(|(path, t)| t.filled > 0 || !containers.contains(path.as_str()))
        .map(|(path, t)| SourceField {
            path: path.clone(),
            kind: kind_of(t),
            filled: t.filled,
            total,
            samples: t.samples.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn records() -> Vec<Value> {
        vec![
            json!({
                "employeeId": "00001000001",
                "names": [
                    { "nameType": "PRI", "firstName": "Grace", "lastName": "Hopper" },
                    { "nameType": "PRF", "firstName": "Amazing", "lastName": "Hopper" }
                ],
                "employmentInfo": {
                    "serviceDate": "2021-03-01",
                    "standardHours": "40",
                    "department": { "deptName": "Engineering" },
                    "supervisor": { "supervisorId": "00001000000" },
                    "customGroupA": "Platform",
                    "employeeClass": null,
                    "remote": true
                },
                "phones": [ { "number": "555-0100" } ]
            }),
            json!({
                "employeeId": "00001000000",
                "names": [ { "nameType": "PRI", "firstName": "Ada", "lastName": "Lovelace" } ],
                "employmentInfo": {
                    "serviceDate": "03/15/2019",
                    "standardHours": 32,
                    "department": { "deptName": "Engineering" },
                    "supervisor": null,
                    "customGroupA": "  ",
                    "employeeClass": null,
                    "remote": false
                }
            }),
            json!({
                "employeeId": "00001000002",
                "names": [ { "nameType": "PRI", "firstName": "Alan", "lastName": "Turing" } ],
                "employmentInfo": {
                    "serviceDate": "2022-07-04T00:00:00",
                    "department": { "deptName": "Research" },
                    "supervisor": { "supervisorId": "00001000000" },
                    "customGroupA": "Platform"
                }
            }),
        ]
    }

    fn field<'a>(c: &'a [SourceField], path: &str) -> &'a SourceField {
        c.iter().find(|f| f.path == path).unwrap_or_else(|| {
            panic!(
                "{path} missing from {:?}",
                c.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
    }

    #[test]
    fn catalog_lists_leaf_paths_with_name_types_and_indexes() {
        let r = records();
        let c = catalog(&r);
        assert_eq!(field(&c, "names[PRI].firstName").filled, 3);
        assert_eq!(field(&c, "names[PRF].firstName").filled, 1);
        assert_eq!(field(&c, "phones[0].number").filled, 1);
        assert_eq!(
            field(&c, "employmentInfo.department.deptName").samples,
            ["Engineering", "Research"]
        );
        assert_eq!(
            field(&c, "employmentInfo.supervisor.supervisorId").filled,
            2
        );
        assert!(
            !c.iter().any(|f| f.path == "employmentInfo.supervisor"),
            "a null where others have an object is not a field"
        );
        let class = field(&c, "employmentInfo.employeeClass");
        assert_eq!(
            (class.kind, class.filled, class.total),
            (SourceKind::Empty, 0, 3)
        );
        assert!(c.iter().all(|f| f.total == 3));
    }

    #[test]
    fn catalog_counts_fill_rate_guesses_types_and_keeps_three_samples() {
        let r = records();
        let c = catalog(&r);
        let group = field(&c, "employmentInfo.customGroupA");
        assert_eq!(group.filled, 2, "blank text is not a value");
        assert_eq!(group.samples, ["Platform"], "samples are distinct");
        assert_eq!(
            field(&c, "employmentInfo.serviceDate").kind,
            SourceKind::Date
        );
        assert_eq!(
            field(&c, "employmentInfo.standardHours").kind,
            SourceKind::Number
        );
        assert_eq!(field(&c, "employmentInfo.remote").kind, SourceKind::Boolean);
        assert_eq!(
            field(&c, "employeeId").kind,
            SourceKind::Text,
            "leading zeros make an identifier"
        );
        assert_eq!(field(&c, "names[PRI].firstName").samples.len(), SAMPLES);

        let mixed = vec![json!({"x": "2020-01-01"}), json!({"x": "soon"})];
        assert_eq!(catalog(&mixed)[0].kind, SourceKind::Mixed);
    }

    #[test]
    fn long_samples_are_cut() {
        let long = "x".repeat(200);
        let r = vec![json!({ "note": long })];
        let s = &catalog(&r)[0].samples[0];
        assert_eq!(s.chars().count(), SAMPLE_CHARS + 1);
    }
}
