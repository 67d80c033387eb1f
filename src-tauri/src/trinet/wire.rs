//! TriNet's wire format: the `{_requestId, _statusCode, _statusText,
//! _statusMessage, data}` envelope, lenient scalars (numbers as strings,
//! several date spellings), and typed views that keep each record's raw
//! JSON beside them so any field can be mapped later.
//!
//! Leniency rule: a page that is not JSON or lacks the expected shape is a
//! [`TriNetError::MalformedResponse`]; a single record with missing, null or
//! oddly typed fields is kept, with those fields empty, for the planner to
//! judge.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use serde_json::Value;

use super::TriNetError;

/// One record read into a table: the value at each numbered place its
/// `Keep` marks with a slot (`None`: the record has nothing there).
pub type Slots = Vec<Option<Value>>;

/// A date field as TriNet sent it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DateValue {
    /// Absent, `null` or blank.
    #[default]
    Missing,
    Date(NaiveDate),
    /// Present but not a date Roster understands; the text is kept so the
    /// review can show it.
    Unparseable(String),
}

impl DateValue {
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Self::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn from_json(v: Option<&Value>) -> Self {
        match v {
            None | Some(Value::Null) => Self::Missing,
            Some(Value::String(s)) => Self::parse(s),
            Some(other) => Self::Unparseable(other.to_string()),
        }
    }

    /// Accepts `YYYY-MM-DD`, ISO-8601 / RFC 3339 date-times (the calendar
    /// date as written, not shifted to another zone), `YYYY-MM-DD HH:MM:SS`
    /// and US `MM/DD/YYYY`, in years 0000 to 9999 (a date is always
    /// written back as `YYYY-MM-DD`).
    pub fn parse(s: &str) -> Self {
        let s = s.trim();
        if s.is_empty() {
            return Self::Missing;
        }
        match Self::calendar_date(s) {
            Some(d) if (0..=9999).contains(&d.year()) => Self::Date(d),
            _ => Self::Unparseable(s.to_string()),
        }
    }

    /// `s` (trimmed, not blank) in any spelling [`DateValue::parse`] accepts.
    fn calendar_date(s: &str) -> Option<NaiveDate> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(d);
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(dt.date_naive());
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, format) {
                return Some(dt.date());
            }
        }
        // Offsets without a colon (+0000) are common from Java back ends.
        for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
            if let Ok(dt) = DateTime::parse_from_str(s, format) {
                return Some(dt.date_naive());
            }
        }
        NaiveDate::parse_from_str(s, "%m/%d/%Y").ok()
    }
}

/// Text from a scalar: strings as sent (blank counts as absent), numbers
/// and booleans in their JSON spelling; objects and arrays are not text.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A non-negative whole number sent as a JSON number or a string. One
/// beyond u64 is no number (never clamped to u64::MAX).
pub(crate) fn lenient_u64(v: &Value) -> Option<u64> {
    // 2^64: every whole f64 below it converts to u64 exactly.
    const BEYOND_U64: f64 = 18_446_744_073_709_551_616.0;
    let whole = |f: f64| ((0.0..BEYOND_U64).contains(&f) && f.fract() == 0.0).then_some(f as u64);
    match v {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().and_then(whole)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<u64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().and_then(whole))
        }
        _ => None,
    }
}

/// A boolean sent as JSON `true`/`false`, `"true"`/`"false"`, `"Y"`/`"N"` or 1/0.
pub(crate) fn lenient_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "y" | "yes" | "1" => Some(true),
            "false" | "n" | "no" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_u64().map(|n| n != 0),
        _ => None,
    }
}

/// Describes a JSON syntax error by category and position only: serde's own
/// message can quote the offending value, which may be employee data.
pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    let kind = match e.classify() {
        serde_json::error::Category::Io => "could not be read",
        serde_json::error::Category::Syntax => "is not valid JSON",
        serde_json::error::Category::Data => "has unexpected JSON types",
        serde_json::error::Category::Eof => "ends early (truncated JSON)",
    };
    format!("the body {kind} at line {} column {}", e.line(), e.column())
}

/// `path` walks nested objects; anything else on the way yields `None`.
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, key| v.as_object()?.get(*key))
}

fn first_text(v: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| text(at(v, p)))
}

fn first_date(v: &Value, paths: &[&[&str]]) -> DateValue {
    let mut result = DateValue::Missing;
    for p in paths {
        match DateValue::from_json(at(v, p)) {
            DateValue::Missing => {}
            d @ DateValue::Date(_) => return d,
            d @ DateValue::Unparseable(_) => {
                if result == DateValue::Missing {
                    result = d;
                }
            }
        }
    }
    result
}

/// One of a person's names (`names[]` entry).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PersonName {
    pub first: Option<String>,
    pub middle: Option<String>,
    pub last: Option<String>,
    /// TriNet's formatted full name (`name`, e.g. "Hopper,Grace B").
    pub full: Option<String>,
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName(<personal data>)")
    }
}

/// One employee: the typed fields Roster maps by default, plus `raw`, the
/// record exactly as TriNet sent it. Every typed field is optional; a
/// record with nothing usable is still an `Employee`.
///
/// `Debug` shows only the employee id so a stray `?employee` in a log line
/// leaks no personal data.
#[derive(Clone, PartialEq)]
pub struct Employee {
    pub employee_id: Option<String>,
    pub alternate_id: Option<String>,
    /// The `PRI` (primary, legal) name; the latest by `effectiveDate`.
    pub legal_name: Option<PersonName>,
    /// The `PRF` (preferred) name; the latest by `effectiveDate`.
    pub preferred_name: Option<PersonName>,
    pub work_email: Option<String>,
    /// `employmentStatus` as sent (documented: A, D, L, P, S, T, U).
    pub employment_status: Option<String>,
    pub service_date: DateValue,
    pub termination_date: DateValue,
    pub supervisor_id: Option<String>,
    pub department_id: Option<String>,
    pub department_name: Option<String>,
    pub location_id: Option<String>,
    pub location_name: Option<String>,
    pub business_title: Option<String>,
    pub employee_type: Option<String>,
    pub birth_date: DateValue,
    pub custom_group_a: Option<String>,
    pub custom_group_b: Option<String>,
    pub raw: Value,
}

impl fmt::Debug for Employee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Employee")
            .field("employee_id", &self.employee_id)
            .finish_non_exhaustive()
    }
}

const EI: &str = "employmentInfo";

impl Employee {
    /// Builds the typed view of one record. Never fails.
    pub fn from_raw(raw: Value) -> Self {
        let v = &raw;
        let (legal_name, preferred_name) = names(v);
        Self {
            employee_id: first_text(v, &[&["employeeId"]]),
            alternate_id: first_text(v, &[&["alternateId"]]),
            legal_name,
            preferred_name,
            work_email: first_text(v, &[&[EI, "workEmail"], &["workEmail"]]),
            employment_status: first_text(v, &[&[EI, "employmentStatus"]]),
            service_date: first_date(v, &[&[EI, "serviceDate"]]),
            termination_date: first_date(v, &[&[EI, "terminationDate"]]),
            supervisor_id: first_text(
                v,
                &[&[EI, "supervisor", "supervisorId"], &[EI, "supervisorId"]],
            ),
            department_id: first_text(
                v,
                &[
                    &[EI, "department", "deptId"],
                    &[EI, "departmentId"],
                    &[EI, "deptId"],
                ],
            ),
            department_name: first_text(v, &[&[EI, "department", "deptName"]]),
            location_id: first_text(
                v,
                &[
                    &[EI, "location", "locationId"],
                    &[EI, "location", "locationtId"],
                    &[EI, "locationId"],
                ],
            ),
            location_name: first_text(
                v,
                &[
                    &[EI, "location", "locationName"],
                    &[EI, "location", "locationtName"],
                ],
            ),
            business_title: first_text(v, &[&[EI, "businessTitle"]]),
            employee_type: first_text(v, &[&[EI, "employeeType"]]),
            birth_date: first_date(
                v,
                &[
                    &["bioInfo", "birthdate"],
                    &["bioInfo", "birthDate"],
                    &["biographicalInfo", "birthDate"],
                ],
            ),
            custom_group_a: first_text(v, &[&[EI, "customGroupA"], &[EI, "groupA"]]),
            custom_group_b: first_text(v, &[&[EI, "customGroupB"], &[EI, "groupB"]]),
            raw,
        }
    }
}

/// Picks the latest `PRI` and `PRF` names. Entries without a usable
/// `effectiveDate` rank lowest; among equals the later entry wins.
fn names(v: &Value) -> (Option<PersonName>, Option<PersonName>) {
    let Some(list) = v.get("names").and_then(Value::as_array) else {
        return (None, None);
    };
    let mut legal: Option<(Option<NaiveDate>, PersonName)> = None;
    let mut preferred: Option<(Option<NaiveDate>, PersonName)> = None;
    for entry in list {
        let slot = match text(entry.get("nameType"))
            .map(|t| t.trim().to_ascii_uppercase())
            .as_deref()
        {
            Some("PRI" | "PRIMARY") => &mut legal,
            Some("PRF" | "PREFERRED") => &mut preferred,
            _ => continue,
        };
        let effective = DateValue::from_json(entry.get("effectiveDate")).date();
        if slot.as_ref().is_some_and(|(best, _)| effective < *best) {
            continue;
        }
        let name = PersonName {
            first: text(entry.get("firstName")),
            middle: text(entry.get("middleName")),
            last: text(entry.get("lastName")),
            full: text(entry.get("name")),
        };
        *slot = Some((effective, name));
    }
    (legal.map(|(_, n)| n), preferred.map(|(_, n)| n))
}

/// One page of the employee list: typed [`Employee`]s, or records as
/// parsed (kept whole, or in the parts a mapping reads).
#[derive(Debug, Clone)]
pub struct EmployeePage<R = Employee> {
    /// `data.employeesTotal`; optional (some sources say TriNet omits it).
    pub total: Option<u64>,
    /// `data.hasMore`; absent counts as `false`.
    pub has_more: bool,
    pub employees: Vec<R>,
}

/// What a page's records become: the typed view, the JSON as parsed, or
/// the tables they were read into.
pub trait PageRecord: Sized + Send + 'static {
    /// `records` as `data.employeeData` holds them; a list read into
    /// tables is there as its number in `tables` (see [`Parsed`]).
    fn from_records(records: Vec<Value>, tables: &mut [Vec<Slots>]) -> Vec<Self>;
}

impl PageRecord for Employee {
    fn from_records(records: Vec<Value>, _: &mut [Vec<Slots>]) -> Vec<Self> {
        records.into_iter().map(Employee::from_raw).collect()
    }
}

impl PageRecord for Value {
    fn from_records(records: Vec<Value>, _: &mut [Vec<Slots>]) -> Vec<Self> {
        records
    }
}

/// Records read into tables (`parse_employee_page_tabled`): the list's
/// number names its tables.
impl PageRecord for Slots {
    fn from_records(records: Vec<Value>, tables: &mut [Vec<Slots>]) -> Vec<Self> {
        records
            .first()
            .and_then(Value::as_u64)
            .and_then(|at| tables.get_mut(at as usize))
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// A body as parsed: the JSON as kept and, for a page whose records were
/// read into tables, those tables (each list of records is left in the
/// JSON as a one-number list: its place in `tables`).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub value: Value,
    pub tables: Vec<Vec<Slots>>,
}

impl Parsed {
    /// A body parsed whole.
    pub fn whole(value: Value) -> Self {
        Self {
            value,
            tables: Vec::new(),
        }
    }
}

/// Parses a response body as JSON. UTF-8 is checked once up front, which
/// lets serde_json skip re-checking every string (about 15% faster on
/// employee pages).
pub(crate) fn parse_json(endpoint: &str, body: &[u8]) -> Result<Value, TriNetError> {
    serde_json::from_str(body_text(endpoint, body)?)
        .map_err(|e| TriNetError::malformed(endpoint, describe_json_error(&e)))
}

/// A response body as text, refused when it is not UTF-8.
pub(crate) fn body_text<'b>(endpoint: &str, body: &'b [u8]) -> Result<&'b str, TriNetError> {
    std::str::from_utf8(body).map_err(|e| {
        TriNetError::malformed(
            endpoint,
            format!(
                "the body is not UTF-8 text (bad byte at {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Takes `data` out of an envelope. A top-level value that is not an
/// object, or an object without `data`, is not a TriNet answer.
fn take_data(endpoint: &str, v: Value) -> Result<Value, TriNetError> {
    match v {
        Value::Object(mut map) => match map.remove("data") {
            Some(Value::Null) | None => {
                Err(TriNetError::malformed(endpoint, "the answer has no data"))
            }
            Some(data) => Ok(data),
        },
        _ => Err(TriNetError::malformed(
            endpoint,
            "the answer is not a JSON object",
        )),
    }
}

/// Parses one employee page (`data.{employeesTotal, hasMore, employeeData}`).
pub fn parse_employee_page(endpoint: &str, body: &[u8]) -> Result<EmployeePage, TriNetError> {
    employee_page_from(endpoint, Parsed::whole(parse_json(endpoint, body)?))
}

/// An employee page from an already parsed body.
pub(crate) fn employee_page_from<R: PageRecord>(
    endpoint: &str,
    Parsed { value, mut tables }: Parsed,
) -> Result<EmployeePage<R>, TriNetError> {
    let data = take_data(endpoint, value)?;
    let Value::Object(mut data) = data else {
        return Err(TriNetError::malformed(endpoint, "data is not an object"));
    };
    let total =
        match data.get("employeesTotal") {
            None | Some(Value::Null) => None,
            Some(v) => Some(lenient_u64(v).ok_or_else(|| {
                TriNetError::malformed(endpoint, "employeesTotal is not a number")
            })?),
        };
    let has_more = match data.get("hasMore") {
        None | Some(Value::Null) => false,
        Some(v) => lenient_bool(v)
            .ok_or_else(|| TriNetError::malformed(endpoint, "hasMore is not true or false"))?,
    };
    let employees = match data.remove("employeeData") {
        Some(Value::Array(records)) => R::from_records(records, &mut tables),
        // An empty company may come back with no list at all.
        None | Some(Value::Null) if !has_more => Vec::new(),
        _ => {
            return Err(TriNetError::malformed(
                endpoint,
                "data.employeeData is not a list",
            ))
        }
    };
    Ok(EmployeePage {
        total,
        has_more,
        employees,
    })
}

/// The company, from org-details.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgDetails {
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub legal_name: Option<String>,
    pub live_date: DateValue,
    pub raw: Value,
}

/// `data` may be the object itself or a one-element list.
pub(crate) fn org_details_from(endpoint: &str, v: Value) -> Result<OrgDetails, TriNetError> {
    let raw = match take_data(endpoint, v)? {
        Value::Array(mut items) if items.len() == 1 && items[0].is_object() => items.remove(0),
        v @ Value::Object(_) => v,
        _ => {
            return Err(TriNetError::malformed(
                endpoint,
                "data is not a company object",
            ))
        }
    };
    Ok(OrgDetails {
        company_id: text(raw.get("companyId")),
        company_name: text(raw.get("companyName")),
        legal_name: text(raw.get("legalName")),
        live_date: DateValue::from_json(raw.get("liveDate")),
        raw,
    })
}

/// A department from the reference list.
#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: Option<String>,
    pub name: Option<String>,
    pub raw: Value,
}

/// A work location from the reference list.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub id: Option<String>,
    pub name: Option<String>,
    pub raw: Value,
}

fn list_from(endpoint: &str, v: Value) -> Result<Vec<Value>, TriNetError> {
    match take_data(endpoint, v)? {
        Value::Array(items) => Ok(items),
        _ => Err(TriNetError::malformed(endpoint, "data is not a list")),
    }
}

pub(crate) fn departments_from(endpoint: &str, v: Value) -> Result<Vec<Department>, TriNetError> {
    Ok(list_from(endpoint, v)?
        .into_iter()
        .map(|raw| Department {
            id: first_text(&raw, &[&["deptId"], &["departmentId"]]),
            name: first_text(&raw, &[&["deptName"], &["departmentName"]]),
            raw,
        })
        .collect())
}

pub(crate) fn locations_from(endpoint: &str, v: Value) -> Result<Vec<Location>, TriNetError> {
    Ok(list_from(endpoint, v)?
        .into_iter()
        .map(|raw| Location {
            id: first_text(&raw, &[&["locationId"], &["locationtId"]]),
            name: first_text(&raw, &[&["locationName"], &["locationtName"]]),
            raw,
        })
        .collect())
}

/// `_statusCode` of an envelope when it is a number; TriNet may report an
/// application error inside an HTTP 200.
pub(crate) fn envelope_status(v: &Value) -> Option<u16> {
    lenient_u64(v.get("_statusCode")?).and_then(|n| u16::try_from(n).ok())
}

/// The most useful human message in an error body: the envelope's
/// `_statusMessage`/`_statusText`, an Apigee `fault.faultstring`, an OAuth
/// `error_description`/`error`, or a short plain-text body. Capped at 200
/// characters.
pub(crate) fn error_message(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => error_message_from(&v),
        Err(_) => cap(std::str::from_utf8(body)
            .ok()
            .map(str::trim)
            .filter(|s| !s.starts_with('<'))
            .unwrap_or_default()),
    }
}

/// [`error_message`] of an already parsed body.
pub(crate) fn error_message_from(v: &Value) -> String {
    let found = first_text(
        v,
        &[
            &["_statusMessage"],
            &["_statusText"],
            &["fault", "faultstring"],
            &["error_description"],
            &["message"],
            &["error"],
            &["Error"],
        ],
    );
    cap(found.as_deref().unwrap_or_default())
}

/// Whitespace collapsed, control characters (terminal escapes) dropped, at
/// most 200 characters: server text that may reach a terminal.
fn cap(text: &str) -> String {
    let message = super::printable(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if message.chars().count() > 200 {
        message.chars().take(199).collect::<String>() + "\u{2026}"
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EP: &str = "/v1/company/ABC/employees";

    fn parse_departments(ep: &str, body: &[u8]) -> Result<Vec<Department>, TriNetError> {
        departments_from(ep, parse_json(ep, body)?)
    }

    fn parse_locations(ep: &str, body: &[u8]) -> Result<Vec<Location>, TriNetError> {
        locations_from(ep, parse_json(ep, body)?)
    }

    fn parse_org_details(ep: &str, body: &[u8]) -> Result<OrgDetails, TriNetError> {
        org_details_from(ep, parse_json(ep, body)?)
    }

    fn d(y: i32, m: u32, day: u32) -> DateValue {
        DateValue::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn dates_accept_every_spelling_seen_or_likely() {
        assert_eq!(DateValue::parse("2021-03-01"), d(2021, 3, 1));
        assert_eq!(DateValue::parse(" 2021-03-01 "), d(2021, 3, 1));
        assert_eq!(DateValue::parse("2021-03-01T00:00:00"), d(2021, 3, 1));
        assert_eq!(DateValue::parse("2021-03-01T00:00:00.000"), d(2021, 3, 1));
        assert_eq!(DateValue::parse("2021-03-01T23:30:00Z"), d(2021, 3, 1));
        assert_eq!(
            DateValue::parse("2021-03-01T23:30:00-08:00"),
            d(2021, 3, 1),
            "date as written, not UTC"
        );
        assert_eq!(
            DateValue::parse("2021-03-01T23:30:00.123+0000"),
            d(2021, 3, 1)
        );
        assert_eq!(DateValue::parse("2021-03-01 08:15:00"), d(2021, 3, 1));
        assert_eq!(DateValue::parse("03/01/2021"), d(2021, 3, 1));
        assert_eq!(DateValue::parse(""), DateValue::Missing);
        assert_eq!(DateValue::parse("   "), DateValue::Missing);
        assert_eq!(
            DateValue::parse("2021-02-30"),
            DateValue::Unparseable("2021-02-30".into())
        );
        assert_eq!(
            DateValue::parse("next week"),
            DateValue::Unparseable("next week".into())
        );
        assert_eq!(DateValue::from_json(None), DateValue::Missing);
        assert_eq!(DateValue::from_json(Some(&Value::Null)), DateValue::Missing);
        assert_eq!(
            DateValue::from_json(Some(&json!(20210301))),
            DateValue::Unparseable("20210301".into())
        );
        assert_eq!(d(2021, 3, 1).date(), NaiveDate::from_ymd_opt(2021, 3, 1));
    }

    #[test]
    fn scalars_are_lenient() {
        assert_eq!(lenient_u64(&json!("3599")), Some(3599));
        assert_eq!(lenient_u64(&json!(3599)), Some(3599));
        assert_eq!(lenient_u64(&json!(3599.0)), Some(3599));
        assert_eq!(lenient_u64(&json!(-1)), None);
        assert_eq!(lenient_u64(&json!("1.5")), None);
        assert_eq!(lenient_bool(&json!("true")), Some(true));
        assert_eq!(lenient_bool(&json!("N")), Some(false));
        assert_eq!(lenient_bool(&json!("maybe")), None);
        assert_eq!(text(Some(&json!(1001))), Some("1001".into()));
        assert_eq!(text(Some(&json!(" "))), None);
        assert_eq!(text(Some(&json!({"a": 1}))), None);
    }

    fn grace() -> Value {
        json!({
            "employeeId": "00001000001", "alternateId": "E-1001",
            "names": [
                { "nameType": "PRI", "firstName": "Grace", "middleName": "B", "lastName": "Hopper",
                  "name": "Hopper,Grace B", "effectiveDate": "2021-03-01", "uniqueId": 1 },
                { "nameType": "PRF", "firstName": "Amazing", "lastName": "Hopper",
                  "effectiveDate": "2021-03-01", "uniqueId": 2 },
                { "nameType": "PRI", "firstName": "Grace", "lastName": "Murray",
                  "effectiveDate": "2019-01-01", "uniqueId": 3 }
            ],
            "employmentInfo": {
                "serviceDate": "2021-03-01", "terminationDate": null, "employmentStatus": "A",
                "employeeType": "F", "businessTitle": "Staff Engineer", "customGroupA": "Remote",
                "customGroupB": null, "workEmail": "grace.hopper@example.com",
                "location": { "locationId": "SF01", "locationName": "San Francisco HQ" },
                "department": { "deptId": "1000", "deptName": "Engineering" },
                "supervisor": { "supervisorId": "00001000000", "supervisorName": "Lovelace,Ada" }
            },
            "bioInfo": { "birthdate": "1990-12-09T00:00:00", "gender": "F" }
        })
    }

    #[test]
    fn typed_view_reads_the_documented_record_and_keeps_raw() {
        let e = Employee::from_raw(grace());
        assert_eq!(e.employee_id.as_deref(), Some("00001000001"));
        assert_eq!(e.alternate_id.as_deref(), Some("E-1001"));
        let legal = e.legal_name.as_ref().unwrap();
        assert_eq!(
            (legal.first.as_deref(), legal.last.as_deref()),
            (Some("Grace"), Some("Hopper"))
        );
        assert_eq!(legal.middle.as_deref(), Some("B"));
        assert_eq!(
            e.preferred_name.as_ref().unwrap().first.as_deref(),
            Some("Amazing")
        );
        assert_eq!(e.work_email.as_deref(), Some("grace.hopper@example.com"));
        assert_eq!(e.employment_status.as_deref(), Some("A"));
        assert_eq!(e.service_date, d(2021, 3, 1));
        assert_eq!(e.termination_date, DateValue::Missing);
        assert_eq!(e.supervisor_id.as_deref(), Some("00001000000"));
        assert_eq!(
            (e.department_id.as_deref(), e.department_name.as_deref()),
            (Some("1000"), Some("Engineering"))
        );
        assert_eq!(
            (e.location_id.as_deref(), e.location_name.as_deref()),
            (Some("SF01"), Some("San Francisco HQ"))
        );
        assert_eq!(e.business_title.as_deref(), Some("Staff Engineer"));
        assert_eq!(e.employee_type.as_deref(), Some("F"));
        assert_eq!(e.birth_date, d(1990, 12, 9));
        assert_eq!(
            (e.custom_group_a.as_deref(), e.custom_group_b.as_deref()),
            (Some("Remote"), None)
        );
        assert_eq!(
            e.raw["bioInfo"]["gender"], "F",
            "unmapped fields stay reachable"
        );
        let shown = format!("{e:?}");
        assert!(
            !shown.contains("Grace") && !shown.contains("example.com"),
            "{shown}"
        );
    }

    #[test]
    fn typed_view_tolerates_odd_records() {
        let e = Employee::from_raw(json!({
            "employeeId": 1001, "names": "Grace",
            "employmentInfo": {
                "serviceDate": "someday", "terminationDate": "", "workEmail": null,
                "supervisorId": "S1", "departmentId": 7, "locationId": "L1",
                "location": { "locationtName": "Typo Town" }, "department": "Sales",
                "groupA": "A1"
            }
        }));
        assert_eq!(e.employee_id.as_deref(), Some("1001"));
        assert_eq!((e.legal_name, e.preferred_name), (None, None));
        assert_eq!(e.service_date, DateValue::Unparseable("someday".into()));
        assert_eq!(e.termination_date, DateValue::Missing);
        assert_eq!(e.work_email, None);
        assert_eq!(e.supervisor_id.as_deref(), Some("S1"));
        assert_eq!(e.department_id.as_deref(), Some("7"));
        assert_eq!(e.department_name, None);
        assert_eq!(e.location_id.as_deref(), Some("L1"));
        assert_eq!(e.location_name.as_deref(), Some("Typo Town"));
        assert_eq!(e.custom_group_a.as_deref(), Some("A1"));
        for odd in [
            json!(null),
            json!(42),
            json!("x"),
            json!([1, 2]),
            json!({"employmentInfo": []}),
        ] {
            let e = Employee::from_raw(odd.clone());
            assert_eq!(e.employee_id, None);
            assert_eq!(e.raw, odd);
        }
    }

    fn page(data: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "_requestId": "r1", "_statusCode": "200", "_statusText": "OK", "_statusMessage": "", "data": data
        }))
        .unwrap()
    }

    #[test]
    fn employee_page_reads_paging_fields_leniently() {
        let p = parse_employee_page(
            EP,
            &page(json!({"employeesTotal": "1050", "hasMore": "true",
            "employeeData": [grace(), {"employeeId": null}]})),
        )
        .unwrap();
        assert_eq!(
            (p.total, p.has_more, p.employees.len()),
            (Some(1050), true, 2)
        );
        let p =
            parse_employee_page(EP, &page(json!({"hasMore": false, "employeeData": []}))).unwrap();
        assert_eq!((p.total, p.has_more, p.employees.len()), (None, false, 0));
        let p =
            parse_employee_page(EP, &page(json!({"employeesTotal": 0, "hasMore": false}))).unwrap();
        assert!(p.employees.is_empty());
    }

    #[test]
    fn employee_page_with_the_wrong_shape_is_malformed() {
        let cases: Vec<Vec<u8>> = vec![
            b"{\"data\": {\"employeeData\": [".to_vec(),
            b"<html>502 Bad Gateway</html>".to_vec(),
            b"[]".to_vec(),
            b"{\"data\": \"\xff\xfe\"}".to_vec(),
            br#"{"_statusCode":"200"}"#.to_vec(),
            page(json!([1, 2, 3])),
            page(json!({"hasMore": true})),
            page(json!({"hasMore": false, "employeeData": {"a": 1}})),
            page(json!({"hasMore": "perhaps", "employeeData": []})),
            page(json!({"employeesTotal": "many", "employeeData": []})),
        ];
        for body in cases {
            match parse_employee_page(EP, &body) {
                Err(TriNetError::MalformedResponse { endpoint, .. }) => assert_eq!(endpoint, EP),
                other => panic!("{} -> {other:?}", String::from_utf8_lossy(&body)),
            }
        }
    }

    #[test]
    fn malformed_description_never_quotes_the_body() {
        let body = br#"{"data": {"employeeData": [{"name": "Grace Hopper" "x"}]}}"#;
        let Err(TriNetError::MalformedResponse { what, .. }) = parse_employee_page(EP, body) else {
            panic!("expected malformed");
        };
        assert!(!what.contains("Grace"), "{what}");
        assert!(what.contains("line 1"), "{what}");
    }

    #[test]
    fn reference_lists_and_org_details() {
        let deps = parse_departments(
            "/d",
            &page(json!([{"deptId": "1000", "deptName": "Engineering"}, 5])),
        )
        .unwrap();
        assert_eq!(deps[0].name.as_deref(), Some("Engineering"));
        assert_eq!(deps[1].id, None);
        let locs = parse_locations(
            "/l",
            &page(json!([{"locationId": "SF01", "locationName": "SF"}])),
        )
        .unwrap();
        assert_eq!(locs[0].id.as_deref(), Some("SF01"));
        assert!(matches!(
            parse_locations("/l", &page(json!({"a": 1}))),
            Err(TriNetError::MalformedResponse { .. })
        ));
        let org = json!({"companyId": "ABC", "companyName": "Example Robotics",
            "legalName": "Example Robotics, Inc.", "liveDate": "2019-01-01"});
        for data in [org.clone(), json!([org])] {
            let o = parse_org_details("/o", &page(data)).unwrap();
            assert_eq!(o.legal_name.as_deref(), Some("Example Robotics, Inc."));
            assert_eq!(o.live_date, d(2019, 1, 1));
        }
        assert!(parse_org_details("/o", &page(json!("ABC"))).is_err());
    }

    #[test]
    fn error_bodies_yield_a_short_message() {
        assert_eq!(
            error_message(
                br#"{"_statusCode":"403","_statusMessage":"Not permitted for company XYZ"}"#
            ),
            "Not permitted for company XYZ"
        );
        assert_eq!(
            error_message(
                br#"{"fault":{"faultstring":"Access Token expired","detail":{"errorcode":"x"}}}"#
            ),
            "Access Token expired"
        );
        assert_eq!(
            error_message(br#"{"error":"invalid_client"}"#),
            "invalid_client"
        );
        assert_eq!(
            error_message(b"  Service   Unavailable \n"),
            "Service Unavailable"
        );
        assert_eq!(error_message(b"<html><body>nginx</body></html>"), "");
        assert_eq!(
            error_message(b"\x1b[2J\x1b]0;pwned\x07bad request"),
            "[2J]0;pwnedbad request",
            "no terminal escapes survive"
        );
        assert_eq!(
            error_message(br#"{"_statusMessage":"\u001b[31mred\u009b2J"}"#),
            "[31mred2J"
        );
        assert_eq!(
            error_message(&"x".repeat(1000).into_bytes())
                .chars()
                .count(),
            200
        );
        assert_eq!(
            envelope_status(&json!({"_statusCode":"500","data":null})),
            Some(500)
        );
        assert_eq!(envelope_status(&json!({"_statusCode":200})), Some(200));
        assert_eq!(envelope_status(&json!("nope")), None);
    }
}
