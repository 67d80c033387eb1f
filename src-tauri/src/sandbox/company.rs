//! The synthetic company behind the sandbox: people, departments, offices and
//! a real reporting tree, generated from a seed, and rendered in TriNet's
//! All-view wire shape. Pure data: no HTTP, no clock.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{json, Value};

use super::names::{self, DeptSpec, Office};
use crate::rng::Rng;

/// Largest company the sandbox will generate.
pub const MAX_EMPLOYEES: usize = 100_000;

/// Seniority grade of the CEO; every supervisor has a higher grade than the
/// people reporting to them, so the reporting lines can never form a cycle.
pub const CEO_GRADE: u8 = 9;
const HEAD_GRADE: u8 = 8;

/// Statuses as TriNet sends them (PeopleSoft codes).
pub mod status {
    pub const ACTIVE: char = 'A';
    pub const DECEASED: char = 'D';
    pub const LEAVE: char = 'L';
    pub const PAID_LEAVE: char = 'P';
    pub const SUSPENDED: char = 'S';
    pub const TERMINATED: char = 'T';
    pub const TERMINATED_WITH_PAY: char = 'U';
}

/// A deliberately broken record, as real feeds contain them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRecord {
    MissingEmail,
    /// Shows this other person's email instead of their own.
    DuplicateEmail(String),
    MalformedBirthdate(String),
    MalformedServiceDate(String),
}

/// What TriNet shows as the last job event (eventCode / reasonCode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobEvent {
    Hire,
    Rehire,
    Termination,
    Leave,
    ReturnFromLeave,
    Transfer,
    Promotion,
    DataChange,
}

impl JobEvent {
    pub(crate) fn codes(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            JobEvent::Hire => ("HIR", "Hire", "HIR", "New Hire"),
            JobEvent::Rehire => ("REH", "Rehire", "REH", "Rehire"),
            JobEvent::Termination => ("TER", "Termination", "VOL", "Voluntary Resignation"),
            JobEvent::Leave => ("LOA", "Leave of Absence", "PER", "Personal Leave"),
            JobEvent::ReturnFromLeave => ("RFL", "Return from Leave", "RFL", "Return from Leave"),
            JobEvent::Transfer => ("XFR", "Transfer", "XFR", "Transfer"),
            JobEvent::Promotion => ("PRO", "Promotion", "PRO", "Promotion"),
            JobEvent::DataChange => ("DTA", "Data Change", "JRC", "Job Reclassification"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Employee {
    /// Position in `Company::employees`; employee ids derive from it and never change.
    pub number: usize,
    pub alternate_id: Option<String>,
    pub first: String,
    pub middle: Option<String>,
    pub last: String,
    /// Preferred first name; `None` means the PRF name row is absent.
    pub preferred: Option<String>,
    pub name_since: NaiveDate,
    pub gender: &'static str,
    pub ethnicity: &'static str,
    pub birthdate: NaiveDate,
    pub street: String,
    pub status: char,
    pub service_date: NaiveDate,
    pub termination_date: Option<NaiveDate>,
    /// First day the record shows in the feed (early access for exempt hires).
    pub visible_from: NaiveDate,
    pub dept: usize,
    pub office: usize,
    pub team: usize,
    pub grade: u8,
    pub supervisor: Option<usize>,
    pub full_time: bool,
    pub part_time_hours: u8,
    /// Temporary workers are the sandbox's contractors.
    pub temporary: bool,
    /// The person's own address; what the feed shows may differ (`bad`).
    pub email: String,
    pub phone: String,
    pub job_since: NaiveDate,
    pub event: JobEvent,
    pub salary: u32,
    /// customGroupB: "Yes" excludes the person from the directory.
    pub exclude: Option<bool>,
    /// customGroupA spelled with odd case/spacing, for the group-name check.
    pub odd_group_spelling: bool,
    pub bad: Option<BadRecord>,
    /// A termination is decided but not yet published (final paycheck lag).
    pub leaving: bool,
    /// Temporarily left out of the feed with no termination (a TriNet glitch).
    pub missing: bool,
}

impl Employee {
    pub fn employee_id(&self) -> String {
        employee_id(self.number)
    }

    pub fn is_former(&self) -> bool {
        matches!(
            self.status,
            status::TERMINATED | status::TERMINATED_WITH_PAY | status::DECEASED
        )
    }

    pub fn on_leave(&self) -> bool {
        matches!(
            self.status,
            status::LEAVE | status::PAID_LEAVE | status::SUSPENDED
        )
    }

    /// The `workEmail` the feed shows.
    pub fn shown_email(&self) -> Option<&str> {
        match &self.bad {
            Some(BadRecord::MissingEmail) => None,
            Some(BadRecord::DuplicateEmail(other)) => Some(other),
            _ => Some(&self.email),
        }
    }

    /// Exempt staff are published early; non-exempt only from their start date.
    pub(crate) fn exempt(&self, dept: &DeptSpec) -> bool {
        flsa_code(dept, self.grade) != "N"
    }
}

pub fn employee_id(number: usize) -> String {
    format!("{:011}", 1_000_001 + number)
}

/// The synthetic company and its current date.
#[derive(Debug, Clone)]
pub struct Company {
    pub company_id: String,
    pub company_name: String,
    pub legal_name: String,
    pub domain: String,
    pub seed: u64,
    pub start_date: NaiveDate,
    pub live_date: NaiveDate,
    pub today: NaiveDate,
    /// Indexes into `names::DEPARTMENTS` / `names::OFFICES`, in use.
    pub dept_count: usize,
    pub office_count: usize,
    pub employees: Vec<Employee>,
    /// Scheduled changes (published terminations, returns, fixes), in insertion order.
    pub(crate) pending: Vec<super::week::Pending>,
    /// Every email ever issued (lowercase); never reused.
    pub(crate) emails: HashSet<String>,
    pub(crate) legal_names: HashSet<(String, Option<String>, String)>,
    /// The kinds of change seen since the last week boundary.
    pub(crate) this_week: std::collections::BTreeSet<super::week::ChangeKind>,
}

pub(crate) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn fmt_datetime(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00").to_string()
}

pub(crate) fn dept_spec(i: usize) -> &'static DeptSpec {
    &names::DEPARTMENTS[i]
}

pub(crate) fn office(i: usize) -> &'static Office {
    &names::OFFICES[i]
}

pub(crate) fn flsa_code(dept: &DeptSpec, grade: u8) -> &'static str {
    match (dept.code, grade) {
        (_, g) if g >= 5 => "T",
        ("ENG" | "DSC" | "ITS", g) if g >= 2 => "C",
        ("ENG" | "DSC" | "ITS", _) => "Z",
        ("SUP" | "MFG" | "OPS", g) if g <= 3 => "N",
        (_, g) if g >= 3 => "T",
        _ => "N",
    }
}

pub(crate) fn title(dept: &DeptSpec, grade: u8) -> String {
    match grade {
        g if g >= CEO_GRADE => "Chief Executive Officer".to_string(),
        8 if dept.code == "EXE" => "Chief Operating Officer".to_string(),
        8 => format!("VP of {}", dept.name),
        7 => format!("Director of {}", dept.name),
        6 => format!("Senior {} Manager", dept.name),
        5 => format!("{} Manager", dept.name),
        4 => format!("Lead {}", dept.role),
        3 => format!("Senior {}", dept.role),
        2 => dept.role.to_string(),
        _ => format!("Associate {}", dept.role),
    }
}

pub(crate) fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Ranges of active grades by share of headcount: a pyramid.
const GRADE_WEIGHTS: [f64; 7] = [15.0, 25.0, 25.0, 17.0, 10.0, 5.0, 3.0];

impl Company {
    /// A company of `n` records (1..=100,000; active, on leave, pending start
    /// and former together) as of `start_date`. Same inputs, same company.
    pub fn generate(seed: u64, n: usize, start_date: NaiveDate) -> Company {
        let n = n.clamp(1, MAX_EMPLOYEES);
        let mut rng = Rng::derive(seed, 1);
        let dept_count = (1 + n / 12).clamp(1, names::DEPARTMENTS.len());
        let office_count = (1 + n / 40).clamp(1, names::OFFICES.len());
        let live_date = NaiveDate::from_ymd_opt(start_date.year() - 8, 1, 1).unwrap_or(start_date);
        let mut company = Company {
            company_id: "RST".to_string(),
            company_name: "Riverstone Tools".to_string(),
            legal_name: "Riverstone Tools, Inc.".to_string(),
            domain: "riverstone.example".to_string(),
            seed,
            start_date,
            live_date,
            today: start_date,
            dept_count,
            office_count,
            employees: Vec::with_capacity(n),
            pending: Vec::new(),
            emails: HashSet::with_capacity(n * 2),
            legal_names: HashSet::with_capacity(n * 2),
            this_week: Default::default(),
        };
        let dept_weights: Vec<f64> = (0..dept_count)
            .map(|i| if i == 0 { 0.2 } else { dept_spec(i).weight })
            .collect();
        let total_days = (start_date - live_date).num_days().max(1);

        for i in 0..n {
            let (dept, grade) = if i == 0 {
                (0, CEO_GRADE)
            } else if i < dept_count {
                (i, HEAD_GRADE)
            } else {
                (
                    rng.weighted(&dept_weights),
                    1 + rng.weighted(&GRADE_WEIGHTS) as u8,
                )
            };
            let (status, service, termination) =
                initial_dates(&mut rng, i, i < dept_count, start_date, total_days);
            let office = if i == 0 {
                0
            } else {
                pick_office(&mut rng, office_count)
            };
            let mut e = company.new_person(&mut rng, i, dept, grade, office, service);
            e.status = status;
            e.termination_date = termination;
            e.visible_from = service.min(start_date);
            e.job_since = service
                .max(start_date - Duration::days(rng.range(0, 700)))
                .min(start_date);
            if i > 0 && rng.chance(0.05) && grade <= 3 {
                e.temporary = true;
            }
            if i > 0 && rng.chance(0.08) && grade <= 4 {
                e.full_time = false;
            }
            if let Some(end) = termination {
                e.event = JobEvent::Termination;
                e.job_since = end;
            } else if e.on_leave() {
                e.event = JobEvent::Leave;
            }
            company.employees.push(e);
        }
        company.assign_initial_supervisors(&mut rng);
        company.seed_initial_bad_records(&mut rng);
        company.schedule_initial_returns(&mut rng);
        company
    }

    /// Builds a person with a unique email (and, as far as the name lists
    /// allow, a unique legal name).
    pub(crate) fn new_person(
        &mut self,
        rng: &mut Rng,
        number: usize,
        dept: usize,
        grade: u8,
        office: usize,
        service: NaiveDate,
    ) -> Employee {
        let female = rng.chance(0.5);
        let mut tries = 0;
        let (first, middle, last) = loop {
            let first = (*rng.pick(if female {
                names::FIRST_NAMES_F
            } else {
                names::FIRST_NAMES_M
            }))
            .to_string();
            let middle = rng.chance(0.7).then(|| {
                (names::MIDDLE_INITIALS[rng.below(names::MIDDLE_INITIALS.len())] as char)
                    .to_string()
            });
            let last = (*rng.pick(names::LAST_NAMES)).to_string();
            tries += 1;
            let key = (first.clone(), middle.clone(), last.clone());
            if tries >= 4 || !self.legal_names.contains(&key) {
                self.legal_names.insert(key);
                break (first, middle, last);
            }
        };
        let email = self.claim_email(&first, middle.as_deref(), &last);
        let preferred = if rng.chance(0.05) {
            None
        } else {
            match names::NICKNAMES.iter().find(|(legal, _)| *legal == first) {
                Some((_, nick)) if rng.chance(0.5) => Some(nick.to_string()),
                _ => Some(first.clone()),
            }
        };
        let spec = dept_spec(dept);
        let age_days = rng.range(21 * 365, 64 * 365) - (grade as i64) * 200;
        let birthdate = self.start_date - Duration::days(age_days.max(20 * 365));
        let team = rng.below(spec.teams.len());
        let street = format!("{} {}", rng.range(1, 9899), rng.pick(names::STREETS));
        let phone = format!(
            "{}-555-{:04}",
            self::office(office).area,
            100 + rng.below(100)
        );
        let base = 42_000.0 * 1.32f64.powi(grade as i32 - 1);
        let dept_factor = match spec.code {
            "ENG" | "DSC" | "LGL" => 1.35,
            "PRD" | "DSN" | "FIN" => 1.2,
            "SUP" | "MFG" => 0.85,
            _ => 1.0,
        };
        let salary = ((base * dept_factor * (0.9 + rng.unit() * 0.2)) / 500.0).round() as u32 * 500;
        Employee {
            number,
            alternate_id: (!rng.chance(0.02)).then(|| format!("E-{}", 1001 + number)),
            first,
            middle,
            last,
            preferred,
            name_since: service,
            gender: if female { "F" } else { "M" },
            ethnicity: names::ETHNICITIES[rng.weighted(names::ETHNICITY_WEIGHTS)],
            birthdate,
            street,
            status: status::ACTIVE,
            service_date: service,
            termination_date: None,
            visible_from: service,
            dept,
            office,
            team,
            grade,
            supervisor: None,
            full_time: true,
            part_time_hours: [20, 24, 30][rng.below(3)],
            temporary: false,
            email,
            phone,
            job_since: service,
            event: JobEvent::Hire,
            salary,
            exclude: if rng.chance(0.1) {
                None
            } else {
                Some(rng.chance(0.02))
            },
            odd_group_spelling: rng.chance(0.01),
            bad: None,
            leaving: false,
            missing: false,
        }
    }

    /// Reserves a new, never-used work email for this name.
    pub(crate) fn claim_email(&mut self, first: &str, middle: Option<&str>, last: &str) -> String {
        let (f, l) = (ascii_lower(first), ascii_lower(last));
        let mut candidates = vec![format!("{f}.{l}")];
        if let Some(m) = middle {
            candidates.push(format!("{f}.{}.{l}", ascii_lower(m)));
        }
        candidates.push(format!("{}{l}", &f[..1]));
        for local in candidates {
            let email = format!("{local}@{}", self.domain);
            if self.emails.insert(email.clone()) {
                return email;
            }
        }
        (2..)
            .map(|k| format!("{f}.{l}{k}@{}", self.domain))
            .find(|e| self.emails.insert(e.clone()))
            .expect("some numbered email is free")
    }

    fn assign_initial_supervisors(&mut self, rng: &mut Rng) {
        let mut order: Vec<usize> = (0..self.employees.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.employees[i].grade));
        let mut pools = vec![vec![Vec::new(); CEO_GRADE as usize + 1]; self.dept_count];
        for i in order {
            let e = &self.employees[i];
            if i != 0 {
                let sup = pick_supervisor(rng, &pools, e.dept, e.grade).unwrap_or(0);
                self.employees[i].supervisor = Some(sup);
            }
            let e = &self.employees[i];
            let can_manage = !e.is_former() && e.service_date <= self.start_date;
            if can_manage {
                pools[e.dept][e.grade as usize].push(i);
            }
        }
    }

    fn seed_initial_bad_records(&mut self, rng: &mut Rng) {
        let n = self.employees.len();
        if n < 50 {
            return;
        }
        let count = (n / 250).max(1);
        for _ in 0..count {
            let i = self.dept_count + rng.below(n - self.dept_count);
            if self.employees[i].bad.is_none() {
                let bad = self.make_bad_record(rng, i);
                self.employees[i].bad = Some(bad);
            }
        }
    }

    fn schedule_initial_returns(&mut self, rng: &mut Rng) {
        for i in 0..self.employees.len() {
            if self.employees[i].on_leave() {
                let on = self.start_date + Duration::days(rng.range(5, 90));
                self.pending.push(super::week::Pending {
                    on,
                    employee: i,
                    kind: super::week::PendingKind::Return,
                });
            }
        }
    }

    pub(crate) fn make_bad_record(&self, rng: &mut Rng, i: usize) -> BadRecord {
        let e = &self.employees[i];
        match rng.below(4) {
            0 => BadRecord::MissingEmail,
            1 => {
                let other = rng.below(self.employees.len());
                if other == i {
                    BadRecord::MissingEmail
                } else {
                    BadRecord::DuplicateEmail(self.employees[other].email.clone())
                }
            }
            2 => BadRecord::MalformedBirthdate(match rng.below(3) {
                0 => e.birthdate.format("%m/%d/%Y").to_string(),
                1 => format!("{}-02-30", e.birthdate.year()),
                _ => "0000-00-00".to_string(),
            }),
            _ => BadRecord::MalformedServiceDate(match rng.below(2) {
                0 => e.service_date.format("%d.%m.%Y").to_string(),
                _ => format!("{}-13-01", e.service_date.year()),
            }),
        }
    }

    pub fn is_visible(&self, e: &Employee) -> bool {
        e.visible_from <= self.today && !e.missing
    }

    /// The records the employees endpoint returns, in employee-id order.
    pub fn visible(&self) -> impl Iterator<Item = &Employee> + '_ {
        self.employees.iter().filter(move |e| self.is_visible(e))
    }

    pub fn visible_count(&self) -> usize {
        self.visible().count()
    }

    /// Every visible employee in the All-view wire shape.
    pub fn to_employee_json(&self) -> Vec<Value> {
        self.visible()
            .map(|e| self.employee_json(e, true))
            .collect()
    }

    pub(crate) fn display_name(&self, i: usize) -> String {
        let e = &self.employees[i];
        format!("{},{}", e.last, e.first)
    }

    pub fn departments_json(&self) -> Value {
        (0..self.dept_count)
            .map(|i| json!({ "deptId": dept_spec(i).id, "deptName": dept_spec(i).name }))
            .collect()
    }

    pub fn locations_json(&self) -> Value {
        (0..self.office_count)
            .map(|i| {
                let o = office(i);
                json!({
                    "locationId": o.id,
                    "locationName": o.name,
                    "headquarter": if i == 0 { "Y" } else { "N" },
                    "shortDesc": o.short,
                    "address1": null,
                    "city": o.city,
                    "state": o.state,
                    "postalCode": o.postal,
                    "country": if o.state == "ON" { "CA" } else { "US" },
                })
            })
            .collect()
    }

    pub fn org_details_json(&self, all: bool) -> Value {
        let mut v = json!({
            "companyId": self.company_id,
            "parentClientId": null,
            "companyName": self.company_name,
            "legalName": self.legal_name,
            "liveDate": fmt_datetime(self.live_date),
        });
        if all {
            let extra = json!({
                "pfCorp": "TN1",
                "planStartDate": fmt_date(self.live_date),
                "pfClentEIN": 941234567,
                "clientType": "PEO",
                "terminationDate": null,
                "naics": "332510",
                "naicsDescr": "Hardware Manufacturing",
                "peoId": "TRINET",
                "timezone": "PT",
                "referrer": null,
                "setupDate": fmt_date(self.live_date),
                "address1": "100 Mission St",
                "address2": "Suite 400",
                "city": "San Francisco",
                "country": "US",
                "postalCode": "94105",
                "state": "CA",
                "email": format!("hr@{}", self.domain),
                "fax": null,
                "phone": "415-555-0100",
            });
            if let (Value::Object(base), Value::Object(more)) = (&mut v, extra) {
                base.extend(more);
            }
        }
        v
    }
}

/// A generated person's status, service date and termination date: most
/// active, some former, on leave or suspended, a few starting soon.
/// `leader`s (the CEO and department heads) are always active.
fn initial_dates(
    rng: &mut Rng,
    i: usize,
    leader: bool,
    start_date: NaiveDate,
    total_days: i64,
) -> (char, NaiveDate, Option<NaiveDate>) {
    let roll = rng.unit();
    let status = if leader || roll >= 0.15 {
        status::ACTIVE
    } else if roll < 0.08 {
        status::TERMINATED
    } else if roll < 0.09 {
        status::TERMINATED_WITH_PAY
    } else if roll < 0.115 {
        status::LEAVE
    } else if roll < 0.125 {
        status::PAID_LEAVE
    } else if roll < 0.128 {
        status::SUSPENDED
    } else {
        // pending start: active with a future service date
        'F'
    };
    // Seniority skews tenure: the CEO founded the place.
    let tenure = if i == 0 {
        total_days
    } else {
        let u = rng.unit();
        ((u * u) * total_days as f64) as i64
    };
    let service = start_date - Duration::days(tenure);
    match status {
        'F' => {
            let service = start_date + Duration::days(rng.range(3, 40));
            (status::ACTIVE, service, None)
        }
        s @ (status::TERMINATED | status::TERMINATED_WITH_PAY) => {
            let span = (start_date - service).num_days().max(30);
            let end = service + Duration::days(rng.range(30i64.min(span - 1), span - 1));
            (s, service, Some(end.min(start_date - Duration::days(1))))
        }
        s => (s, service, None),
    }
}

/// The service date as the feed shows it (malformed while a bad record says so).
pub(crate) fn shown_service_date(e: &Employee) -> String {
    match &e.bad {
        Some(BadRecord::MalformedServiceDate(s)) => s.clone(),
        _ => fmt_date(e.service_date),
    }
}

/// The team, in an odd spelling for the people who have one.
pub(crate) fn group_a(e: &Employee, spec: &DeptSpec) -> String {
    let group_a = spec.teams[e.team].to_string();
    if e.odd_group_spelling {
        format!(" {} ", group_a.to_lowercase())
    } else {
        group_a
    }
}

pub(crate) fn group_b(e: &Employee) -> Option<&'static str> {
    e.exclude.map(|x| if x { "Yes" } else { "No" })
}

pub(crate) fn weekly_hours(e: &Employee) -> u8 {
    if e.full_time {
        40
    } else {
        e.part_time_hours
    }
}

fn pick_office(rng: &mut Rng, count: usize) -> usize {
    let weights: Vec<f64> = (0..count).map(|i| if i == 0 { 4.0 } else { 1.0 }).collect();
    rng.weighted(&weights)
}

/// Someone in `dept` from the nearest more senior grade that has anyone,
/// else `None` (the caller falls back to the department head or CEO).
pub(crate) fn pick_supervisor(
    rng: &mut Rng,
    pools: &[Vec<Vec<usize>>],
    dept: usize,
    grade: u8,
) -> Option<usize> {
    let senior = pools[dept]
        .iter()
        .skip(grade as usize + 1)
        .find(|p| !p.is_empty())?;
    Some(*rng.pick(senior))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    }

    #[test]
    fn sandbox_generation_is_deterministic_per_seed() {
        let a =
            serde_json::to_string(&Company::generate(42, 300, day()).to_employee_json()).unwrap();
        let b =
            serde_json::to_string(&Company::generate(42, 300, day()).to_employee_json()).unwrap();
        let c =
            serde_json::to_string(&Company::generate(43, 300, day()).to_employee_json()).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn sandbox_company_has_a_real_tree_and_every_kind_of_person() {
        let c = Company::generate(42, 250, day());
        assert_eq!(c.visible_count(), 250);
        let ceo = &c.employees[0];
        assert_eq!(ceo.supervisor, None);
        assert_eq!(title(dept_spec(0), ceo.grade), "Chief Executive Officer");
        for e in &c.employees[1..] {
            let mut seen = 0;
            let mut cur = e.number;
            while let Some(s) = c.employees[cur].supervisor {
                assert!(c.employees[s].grade > c.employees[cur].grade);
                cur = s;
                seen += 1;
                assert!(seen < 20);
            }
            assert_eq!(cur, 0, "every chain ends at the CEO");
        }
        assert!(c.employees.iter().any(|e| e.on_leave()));
        assert!(c
            .employees
            .iter()
            .any(|e| e.is_former() && e.termination_date.is_some()));
        assert!(c
            .employees
            .iter()
            .any(|e| e.service_date > c.today && !e.is_former()));
        assert!(c.employees.iter().any(|e| e.temporary));
        assert!(c.employees.iter().any(|e| !e.full_time));
        let names: HashSet<(&str, Option<&str>, &str)> = c
            .employees
            .iter()
            .map(|e| (e.first.as_str(), e.middle.as_deref(), e.last.as_str()))
            .collect();
        assert_eq!(names.len(), c.employees.len(), "legal names are unique");
    }

    #[test]
    fn sandbox_ids_and_emails_unique_at_100k() {
        let t = std::time::Instant::now();
        let c = Company::generate(7, MAX_EMPLOYEES, day());
        let took = t.elapsed();
        eprintln!("generated {} employees in {:?}", c.employees.len(), took);
        assert_eq!(c.employees.len(), MAX_EMPLOYEES);
        let ids: HashSet<String> = c.employees.iter().map(|e| e.employee_id()).collect();
        assert_eq!(ids.len(), MAX_EMPLOYEES);
        let clean: Vec<&str> = c
            .employees
            .iter()
            .filter(|e| {
                !matches!(
                    e.bad,
                    Some(BadRecord::DuplicateEmail(_)) | Some(BadRecord::MissingEmail)
                )
            })
            .filter_map(|e| e.shown_email())
            .collect();
        let unique: HashSet<String> = clean.iter().map(|e| e.to_lowercase()).collect();
        assert_eq!(
            unique.len(),
            clean.len(),
            "emails must be unique outside injected duplicates"
        );
        let t = std::time::Instant::now();
        let mut c = c;
        let changes = c.advance(7, &super::super::churn::ChurnRates::default());
        eprintln!(
            "advanced 100,000 employees by 7 days ({} changes) in {:?}",
            changes.changes.len(),
            t.elapsed()
        );
        let t = std::time::Instant::now();
        let json = c.to_employee_json();
        eprintln!(
            "rendered {} employees as JSON in {:?}",
            json.len(),
            t.elapsed()
        );
    }

    #[test]
    fn sandbox_bad_records_show_on_the_wire() {
        let mut c = Company::generate(42, 250, day());
        let mut rng = Rng::new(1);
        let mut kinds = HashSet::new();
        for i in 20..400 {
            let i = i % c.employees.len();
            let bad = c.make_bad_record(&mut rng, i);
            kinds.insert(std::mem::discriminant(&bad));
        }
        assert_eq!(kinds.len(), 4, "every kind of bad record is produced");
        let other = c.employees[30].email.clone();
        c.employees[20].bad = Some(BadRecord::MissingEmail);
        c.employees[21].bad = Some(BadRecord::DuplicateEmail(other.clone()));
        c.employees[22].bad = Some(BadRecord::MalformedBirthdate("12/09/1990".into()));
        c.employees[23].bad = Some(BadRecord::MalformedServiceDate("2024-13-01".into()));
        let json = c.to_employee_json();
        let by = |n: usize| {
            json.iter()
                .find(|v| v["employeeId"] == employee_id(n))
                .unwrap()
        };
        assert!(by(20)["employmentInfo"]["workEmail"].is_null());
        assert_eq!(by(21)["employmentInfo"]["workEmail"], other.as_str());
        assert_eq!(by(30)["employmentInfo"]["workEmail"], other.as_str());
        assert_eq!(by(22)["bioInfo"]["birthdate"], "12/09/1990");
        assert_eq!(by(23)["employmentInfo"]["serviceDate"], "2024-13-01");
    }
}
