//! One employee in TriNet's All view as typed fields borrowed from the
//! company, so a page of them is written straight to JSON text: serving
//! 100,000 people builds no JSON tree per person (the sandbox serves from
//! the app's own process, on the same cores, so its cost is the preview's).
//! [`Company::employee_json`] is this, as a JSON value (and the Basic view).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::company::{
    dept_spec, employee_id, flsa_code, fmt_datetime, group_a, group_b, office, shown_service_date,
    title, weekly_hours, BadRecord, Company, Employee,
};
use serde_json::{json, Value};

/// `YYYY-MM-DD`, as `fmt_date` writes it, without chrono's format parser.
pub(crate) fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AllView<'a> {
    employee_id: String,
    alternate_id: Option<&'a str>,
    names: Vec<NameRow<'a>>,
    employment_info: EmploymentInfo<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bio_info: Option<BioInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_address: Option<HomeAddress<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pay_info: Option<PayInfo>,
    employee_photo: (),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NameRow<'a> {
    name_type: &'static str,
    first_name: &'a str,
    middle_name: Option<&'a str>,
    last_name: &'a str,
    suffix: (),
    form_of_address: Option<&'static str>,
    person_title: (),
    name_format: &'static str,
    name: String,
    effective_date: String,
    reason_change_code: (),
    unique_id: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmploymentInfo<'a> {
    effective_date: String,
    service_date: String,
    termination_date: Option<String>,
    employment_status: char,
    regular_temporary: &'static str,
    employee_type: &'static str,
    employee_class: (),
    standard_hours: String,
    job_code: String,
    flsa_code: &'static str,
    pay_group: &'static str,
    business_title: String,
    custom_group_a: String,
    custom_group_b: Option<&'static str>,
    work_email: Option<&'a str>,
    work_phone: &'a str,
    workers_comp_code: CompCode,
    location: Location,
    department: Department,
    supervisor: Option<Supervisor>,
    event_code: &'static str,
    event_desc: &'static str,
    reason_code: &'static str,
    reason_desc: &'static str,
}

#[derive(Serialize)]
struct CompCode {
    code: &'static str,
    state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    location_id: &'static str,
    location_name: &'static str,
    headquarter: &'static str,
    phone: String,
    short_desc: &'static str,
    office_hours: (),
    effective_date: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Department {
    dept_id: &'static str,
    dept_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Supervisor {
    supervisor_id: String,
    supervisor_name: String,
}

#[derive(Serialize)]
struct BioInfo<'a> {
    birthdate: String,
    gender: &'a str,
    ethnicity: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HomeAddress<'a> {
    address1: &'a str,
    address2: (),
    city: &'static str,
    state: &'static str,
    postal_code: &'static str,
    country: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayInfo {
    comp_rate: String,
    comp_frequency: &'static str,
}

/// What a token's scopes let a page show beyond the basics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shown {
    /// `bioInfo` and `homeAddress`.
    pub personal: bool,
    /// `payInfo`.
    pub pay: bool,
}

impl<'a> AllView<'a> {
    /// Employee `e` of company `c`, with the sections `shown` allows.
    pub(crate) fn of(c: &'a Company, e: &'a Employee, shown: Shown) -> Self {
        let spec = dept_spec(e.dept);
        let off = office(e.office);
        let hourly = flsa_code(spec, e.grade) == "N" || !e.full_time;
        let (event_code, event_desc, reason_code, reason_desc) = e.event.codes();
        Self {
            employee_id: e.employee_id(),
            alternate_id: e.alternate_id.as_deref(),
            names: names(e),
            employment_info: EmploymentInfo {
                effective_date: format!("{}T00:00:00", iso(e.job_since)),
                service_date: match &e.bad {
                    Some(BadRecord::MalformedServiceDate(s)) => s.clone(),
                    _ => iso(e.service_date),
                },
                termination_date: e.termination_date.map(iso),
                employment_status: e.status,
                regular_temporary: if e.temporary { "Temporary" } else { "Regular" },
                employee_type: if e.full_time { "F" } else { "P" },
                employee_class: (),
                standard_hours: weekly_hours(e).to_string(),
                job_code: format!("{}{}", spec.code, e.grade),
                flsa_code: flsa_code(spec, e.grade),
                pay_group: if hourly { "BW1" } else { "SM1" },
                business_title: title(spec, e.grade),
                custom_group_a: group_a(e, spec),
                custom_group_b: group_b(e),
                work_email: e.shown_email(),
                work_phone: &e.phone,
                workers_comp_code: CompCode {
                    code: if spec.code == "MFG" { "3632" } else { "8810" },
                    state: off.state,
                },
                location: Location {
                    location_id: off.id,
                    location_name: off.name,
                    headquarter: if e.office == 0 { "Y" } else { "N" },
                    phone: format!("{}-555-0100", off.area),
                    short_desc: off.short,
                    office_hours: (),
                    effective_date: iso(c.live_date),
                },
                department: Department {
                    dept_id: spec.id,
                    dept_name: spec.name,
                },
                supervisor: e.supervisor.map(|s| Supervisor {
                    supervisor_id: employee_id(s),
                    supervisor_name: c.display_name(s),
                }),
                event_code,
                event_desc,
                reason_code,
                reason_desc,
            },
            bio_info: shown.personal.then(|| BioInfo {
                birthdate: match &e.bad {
                    Some(BadRecord::MalformedBirthdate(s)) => s.clone(),
                    _ => iso(e.birthdate),
                },
                gender: e.gender,
                ethnicity: e.ethnicity,
            }),
            home_address: shown.personal.then(|| HomeAddress {
                address1: &e.street,
                address2: (),
                city: off.city,
                state: off.state,
                postal_code: off.postal,
                country: if off.state == "ON" { "CA" } else { "US" },
            }),
            pay_info: shown.pay.then(|| PayInfo {
                comp_rate: if hourly {
                    format!("{:.2}", e.salary as f64 / 2080.0)
                } else {
                    e.salary.to_string()
                },
                comp_frequency: if hourly { "H" } else { "A" },
            }),
            employee_photo: (),
        }
    }
}

impl Company {
    /// One employee in the All view (`all`) or the Basic view.
    pub fn employee_json(&self, e: &Employee, all: bool) -> Value {
        if all {
            self.all_view_json(e)
        } else {
            self.basic_view_json(e)
        }
    }

    /// One employee in the Basic view.
    fn basic_view_json(&self, e: &Employee) -> Value {
        let spec = dept_spec(e.dept);
        let off = office(e.office);
        let service = shown_service_date(e);
        let (group_a, group_b, hours) = (group_a(e, spec), group_b(e), weekly_hours(e));
        let sup = e.supervisor;
        let names_json = serde_json::to_value(names(e)).expect("plain JSON types");
        json!({
            "employeeId": e.employee_id(),
            "alternateId": e.alternate_id,
            "names": names_json,
            "employmentInfo": {
                "jobCode": format!("{}{}", spec.code, e.grade),
                "serviceDate": service,
                "temporaryIndicator": if e.temporary { "temporary" } else { "regular" },
                "employeeType": if e.full_time { "fulltime" } else { "parttime" },
                "flsaCode": flsa_code(spec, e.grade),
                "employmentStatus": e.status.to_string(),
                "standardhours": hours,
                "businessTitle": title(spec, e.grade),
                "supervisorId": sup.map(employee_id),
                "supervisorName": sup.map(|s| self.display_name(s)),
                "workEmail": e.shown_email(),
                "workPhone": e.phone,
                "groupA": group_a,
                "groupB": group_b,
                "payGroup": if flsa_code(spec, e.grade) == "N" { "BW1" } else { "SM1" },
                "departmentId": spec.id,
                "locationId": off.id,
                "effectiveDate": fmt_datetime(e.job_since),
            },
        })
    }

    /// One employee in the All view.
    fn all_view_json(&self, e: &Employee) -> Value {
        let everything = Shown {
            personal: true,
            pay: true,
        };
        serde_json::to_value(AllView::of(self, e, everything)).expect("plain JSON types")
    }
}

/// The legal name, and the preferred one if any, as the feed lists names.
pub(crate) fn names(e: &Employee) -> Vec<NameRow<'_>> {
    let full_name = match &e.middle {
        Some(m) => format!("{},{} {}", e.last, e.first, m),
        None => format!("{},{}", e.last, e.first),
    };
    let mut rows = vec![NameRow {
        name_type: "PRI",
        first_name: &e.first,
        middle_name: e.middle.as_deref(),
        last_name: &e.last,
        suffix: (),
        form_of_address: Some(if e.gender == "F" { "Ms" } else { "Mr" }),
        person_title: (),
        name_format: "ENG",
        name: full_name,
        effective_date: iso(e.name_since),
        reason_change_code: (),
        unique_id: 1,
    }];
    if let Some(p) = &e.preferred {
        rows.push(NameRow {
            name_type: "PRF",
            first_name: p,
            middle_name: None,
            last_name: &e.last,
            suffix: (),
            form_of_address: None,
            person_title: (),
            name_format: "ENG",
            name: format!("{},{}", e.last, p),
            effective_date: iso(e.name_since),
            reason_change_code: (),
            unique_id: 2,
        });
    }
    rows
}
