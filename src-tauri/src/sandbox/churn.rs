//! Time passing in the synthetic company: hires, leavers (published only
//! after the final-paycheck lag), leaves, moves, renames, rehires and a few
//! broken records. Each day draws from its own seeded stream, so advancing
//! 7 days at once equals advancing 1 day seven times.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::company::{dept_spec, pick_supervisor, status, Company, JobEvent, CEO_GRADE};
use super::week::{ChangeKind, Pending, PendingKind};
use crate::rng::Rng;

/// How often each change happens, as a yearly fraction of active headcount
/// (0.3 = about 30% of active people per year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChurnRates {
    pub hire: f64,
    pub termination: f64,
    pub leave: f64,
    pub transfer: f64,
    pub promotion: f64,
    pub manager_change: f64,
    pub email_change: f64,
    pub legal_name_change: f64,
    pub rehire: f64,
    pub employment_type_change: f64,
    pub bad_record: f64,
    /// Records that drop out of the feed for 3 to 21 days, not terminated.
    pub missing_from_feed: f64,
    /// Former employees rehired under a new employeeId (same name and birth date).
    pub rehire_as_new_record: f64,
    /// alternateId (the company's own employee number) re-issued.
    pub alternate_id_change: f64,
    /// Share of hires whose start date is 1 to 6 weeks ahead.
    pub future_start_share: f64,
    /// Most days between a leaver's last day and the termination showing up.
    pub final_paycheck_lag_days: u32,
}

impl ChurnRates {
    /// The yearly rate of a change drawn on its own (0 for follow-ups).
    fn of(&self, kind: ChangeKind) -> f64 {
        match kind {
            ChangeKind::Hire | ChangeKind::FutureStartHire => self.hire,
            ChangeKind::TerminationDecided => self.termination,
            ChangeKind::Leave => self.leave,
            ChangeKind::Transfer => self.transfer,
            ChangeKind::Promotion => self.promotion,
            ChangeKind::ManagerChange => self.manager_change,
            ChangeKind::EmailChange => self.email_change,
            ChangeKind::LegalNameChange => self.legal_name_change,
            ChangeKind::Rehire => self.rehire,
            ChangeKind::EmploymentTypeChange => self.employment_type_change,
            ChangeKind::BadRecord => self.bad_record,
            ChangeKind::AlternateIdChange => self.alternate_id_change,
            ChangeKind::MissingFromFeed => self.missing_from_feed,
            ChangeKind::RehireAsNewRecord => self.rehire_as_new_record,
            ChangeKind::Termination
            | ChangeKind::ReturnFromLeave
            | ChangeKind::ReportsReassigned
            | ChangeKind::BadRecordFixed
            | ChangeKind::BackInFeed => 0.0,
        }
    }
}

impl Default for ChurnRates {
    fn default() -> Self {
        Self {
            hire: 0.40,
            termination: 0.30,
            leave: 0.20,
            transfer: 0.20,
            promotion: 0.20,
            manager_change: 0.20,
            email_change: 0.10,
            legal_name_change: 0.06,
            rehire: 0.04,
            employment_type_change: 0.06,
            bad_record: 0.06,
            missing_from_feed: 0.02,
            rehire_as_new_record: 0.02,
            alternate_id_change: 0.02,
            future_start_share: 0.6,
            final_paycheck_lag_days: 14,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub date: NaiveDate,
    pub employee_id: String,
    pub kind: ChangeKind,
}

/// Counts per kind over one advance, plus the individual changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeSummary {
    pub counts: std::collections::BTreeMap<ChangeKind, usize>,
    pub changes: Vec<Change>,
}

impl ChangeSummary {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    fn record(&mut self, date: NaiveDate, employee: usize, kind: ChangeKind) {
        *self.counts.entry(kind).or_default() += 1;
        self.changes.push(Change {
            date,
            employee_id: super::company::employee_id(employee),
            kind,
        });
    }

    pub fn merge(&mut self, other: ChangeSummary) {
        for (k, v) in other.counts {
            *self.counts.entry(k).or_default() += v;
        }
        self.changes.extend(other.changes);
    }
}

const LEAVE_STATUSES: [char; 3] = [status::LEAVE, status::PAID_LEAVE, status::SUSPENDED];

/// The changes drawn each day, in draw order (the order keeps a seed's
/// company the same).
const DAILY: [ChangeKind; 14] = [
    ChangeKind::Hire,
    ChangeKind::TerminationDecided,
    ChangeKind::Leave,
    ChangeKind::Transfer,
    ChangeKind::Promotion,
    ChangeKind::ManagerChange,
    ChangeKind::EmailChange,
    ChangeKind::LegalNameChange,
    ChangeKind::Rehire,
    ChangeKind::EmploymentTypeChange,
    ChangeKind::BadRecord,
    ChangeKind::AlternateIdChange,
    ChangeKind::MissingFromFeed,
    ChangeKind::RehireAsNewRecord,
];

/// What every simulated week shows at least once ("Simulate a week" on a
/// 250-person company): a joiner, a leaver, a leave and a return, the
/// kinds of move, an email change, a rehire, a contractor conversion and a
/// broken record.
pub const SHOWCASE: [ChangeKind; 11] = [
    ChangeKind::Hire,
    ChangeKind::Termination,
    ChangeKind::Leave,
    ChangeKind::ReturnFromLeave,
    ChangeKind::Transfer,
    ChangeKind::Promotion,
    ChangeKind::ManagerChange,
    ChangeKind::EmailChange,
    ChangeKind::Rehire,
    ChangeKind::EmploymentTypeChange,
    ChangeKind::BadRecord,
];

/// Draws tried per missing showcase change before the week goes without.
const TOP_UP_ATTEMPTS: usize = 50;

/// Who each kind of change can pick from.
struct Candidates {
    /// Active, visible, not leaving.
    active: Vec<usize>,
    /// Possible supervisors by department and grade.
    pools: Vec<Vec<Vec<usize>>>,
    /// Former for at least 30 days (rehire candidates).
    former: Vec<usize>,
}

impl Company {
    /// Moves the company `days` days forward. Deterministic in (seed, date, rates).
    pub fn advance(&mut self, days: u32, rates: &ChurnRates) -> ChangeSummary {
        let mut summary = ChangeSummary::default();
        for _ in 0..days {
            summary.merge(self.advance_day(rates));
        }
        summary
    }

    fn can_manage(&self, i: usize) -> bool {
        let e = &self.employees[i];
        !e.is_former() && !e.leaving && e.service_date <= self.today && self.is_visible(e)
    }

    fn advance_day(&mut self, rates: &ChurnRates) -> ChangeSummary {
        self.today += Duration::days(1);
        let today = self.today;
        let day_index = (today - self.start_date).num_days() as u64;
        let mut rng = Rng::derive(self.seed, 0x0D00_0000 + day_index);
        let mut s = ChangeSummary::default();

        self.run_due(today, &mut s);

        let pool = self.candidates();
        if !pool.active.is_empty() {
            let lambda = |rate: f64| rate * pool.active.len() as f64 / 365.0;
            for kind in DAILY {
                for _ in 0..rng.poisson(lambda(rates.of(kind))) {
                    self.try_change(kind, &mut rng, rates, &pool, &mut s);
                }
            }
        }
        self.this_week.extend(s.counts.keys().copied());
        if day_index.is_multiple_of(7) {
            self.round_out_week(&mut rng, rates, &mut s);
        }
        s
    }

    /// Who each kind of change can pick, as of now.
    fn candidates(&self) -> Candidates {
        let today = self.today;
        let active: Vec<usize> = (0..self.employees.len())
            .filter(|&i| self.employees[i].status == status::ACTIVE && self.can_manage(i))
            .collect();
        let mut pools = vec![vec![Vec::new(); CEO_GRADE as usize + 1]; self.dept_count];
        for i in 0..self.employees.len() {
            if self.can_manage(i) {
                let e = &self.employees[i];
                pools[e.dept][e.grade as usize].push(i);
            }
        }
        let former: Vec<usize> = (0..self.employees.len())
            .filter(|&i| {
                let e = &self.employees[i];
                matches!(e.status, status::TERMINATED | status::TERMINATED_WITH_PAY)
                    && e.termination_date
                        .is_some_and(|d| d + Duration::days(30) <= today)
            })
            .collect();
        Candidates {
            active,
            pools,
            former,
        }
    }

    /// At the end of every simulated week (each 7th day from the start
    /// date), makes sure the week had one of each [`SHOWCASE`] change. A
    /// small company's rates alone rarely give a week with a leaver, a
    /// rehire and a bad record; a large one's usually do. Tied to the
    /// calendar, not to how the days are advanced.
    fn round_out_week(&mut self, rng: &mut Rng, rates: &ChurnRates, s: &mut ChangeSummary) {
        let seen = std::mem::take(&mut self.this_week);
        for kind in SHOWCASE {
            if seen.contains(&kind) {
                continue;
            }
            let pool = self.candidates();
            if pool.active.is_empty() {
                return;
            }
            for _ in 0..TOP_UP_ATTEMPTS {
                let done = match kind {
                    ChangeKind::Hire => {
                        self.hire(rng, rates, &pool.pools, s, Some(false));
                        true
                    }
                    ChangeKind::Termination => self.publish_termination_now(rng, &pool, s),
                    ChangeKind::ReturnFromLeave => self.return_early(rng, s),
                    other => self.try_change(other, rng, rates, &pool, s),
                };
                if done {
                    break;
                }
            }
        }
    }

    /// One change of `kind` to someone `pool` offers; false when the
    /// person drawn could not have it (nothing changes then).
    fn try_change(
        &mut self,
        kind: ChangeKind,
        rng: &mut Rng,
        rates: &ChurnRates,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        match kind {
            ChangeKind::Hire | ChangeKind::FutureStartHire => {
                self.hire(rng, rates, &pool.pools, s, None);
                true
            }
            ChangeKind::TerminationDecided => self.decide_termination(rng, rates, pool, s),
            ChangeKind::Leave => self.start_leave(rng, pool, s),
            ChangeKind::Transfer => self.transfer(rng, pool, s),
            ChangeKind::Promotion => self.promote(rng, pool, s),
            ChangeKind::ManagerChange => self.change_manager(rng, pool, s),
            ChangeKind::EmailChange => self.new_email(rng, pool, s),
            ChangeKind::LegalNameChange => self.change_legal_name(rng, pool, s),
            ChangeKind::Rehire => self.rehire(rng, pool, s),
            ChangeKind::EmploymentTypeChange => self.make_regular_full_time(rng, pool, s),
            ChangeKind::BadRecord => self.break_record(rng, pool, s),
            ChangeKind::AlternateIdChange => self.renumber(rng, pool, s),
            ChangeKind::MissingFromFeed => self.drop_from_feed(rng, pool, s),
            ChangeKind::RehireAsNewRecord => self.rehire_as_new_record(rng, pool, s),
            // Follow-ups of earlier changes, not drawn on their own.
            ChangeKind::Termination
            | ChangeKind::ReturnFromLeave
            | ChangeKind::ReportsReassigned
            | ChangeKind::BadRecordFixed
            | ChangeKind::BackInFeed => false,
        }
    }

    /// `kind` happens to `employee` on `on`.
    fn schedule(&mut self, on: NaiveDate, employee: usize, kind: PendingKind) {
        self.pending.push(Pending { on, employee, kind });
    }

    /// `i`'s job record changes today with `event`, counted as `kind`.
    fn job_change(&mut self, i: usize, event: JobEvent, kind: ChangeKind, s: &mut ChangeSummary) {
        let e = &mut self.employees[i];
        e.event = event;
        e.job_since = self.today;
        s.record(self.today, i, kind);
    }

    /// Whether `i` can be picked as a leaver: active, not already leaving,
    /// below the top grades, and not the CEO.
    fn may_be_terminated(&self, i: usize) -> bool {
        let e = &self.employees[i];
        i != 0 && !e.leaving && e.status == status::ACTIVE && e.grade < 8
    }

    /// One leaver decided today, published after the final-paycheck lag.
    fn decide_termination(
        &mut self,
        rng: &mut Rng,
        rates: &ChurnRates,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        if !self.may_be_terminated(i) {
            return false;
        }
        let last_day = today + Duration::days(rng.range(0, 14));
        let lag = rng.range(3, rates.final_paycheck_lag_days.max(3) as i64);
        let st = if rng.chance(0.1) {
            status::TERMINATED_WITH_PAY
        } else {
            status::TERMINATED
        };
        self.employees[i].leaving = true;
        let publish = PendingKind::PublishTermination {
            last_day,
            status: st,
        };
        self.schedule(last_day + Duration::days(lag), i, publish);
        s.record(today, i, ChangeKind::TerminationDecided);
        true
    }

    /// Someone goes on leave, back in two weeks to four months.
    fn start_leave(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        let e = &self.employees[i];
        if i == 0 || e.leaving || e.status != status::ACTIVE {
            return false;
        }
        let st = LEAVE_STATUSES[rng.weighted(&[60.0, 35.0, 5.0])];
        let back = today + Duration::days(rng.range(14, 120));
        let e = &mut self.employees[i];
        e.status = st;
        self.schedule(back, i, PendingKind::Return);
        self.job_change(i, JobEvent::Leave, ChangeKind::Leave, s);
        true
    }

    /// Someone moves to another department (and sometimes office).
    fn transfer(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let i = *rng.pick(&pool.active);
        let e = &self.employees[i];
        if i == 0 || e.leaving || e.grade > 6 || self.dept_count < 3 {
            return false;
        }
        let new_dept = 1 + rng.below(self.dept_count - 1);
        if new_dept == e.dept {
            return false;
        }
        let sup = pick_supervisor(rng, &pool.pools, new_dept, e.grade)
            .unwrap_or(new_dept.min(self.dept_count - 1));
        if sup == i || self.employees[sup].grade <= e.grade {
            return false;
        }
        let move_office = rng.chance(0.3) && self.office_count > 1;
        let new_office = rng.below(self.office_count);
        let teams = dept_spec(new_dept).teams.len();
        let team = rng.below(teams);
        let e = &mut self.employees[i];
        e.dept = new_dept;
        e.team = team;
        e.supervisor = Some(sup);
        if move_office {
            e.office = new_office;
        }
        self.job_change(i, JobEvent::Transfer, ChangeKind::Transfer, s);
        true
    }

    /// Someone moves up a grade, reporting higher if they reach their manager's.
    fn promote(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let i = *rng.pick(&pool.active);
        let e = &self.employees[i];
        let Some(sup) = e.supervisor else {
            return false;
        };
        if i == 0 || e.leaving || e.grade >= 6 {
            return false;
        }
        // Promoted to their manager's grade: they now report one level higher.
        let new_sup = if e.grade + 1 >= self.employees[sup].grade {
            match self.employees[sup].supervisor {
                Some(up) => up,
                None => return false,
            }
        } else {
            sup
        };
        let e = &mut self.employees[i];
        e.grade += 1;
        if new_sup != sup {
            e.supervisor = Some(new_sup);
        }
        e.salary = (e.salary as f64 * 1.12 / 500.0).round() as u32 * 500;
        self.job_change(i, JobEvent::Promotion, ChangeKind::Promotion, s);
        true
    }

    /// Someone gets a new manager in their department.
    fn change_manager(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let i = *rng.pick(&pool.active);
        let e = &self.employees[i];
        if i == 0 || e.leaving || e.grade >= 8 {
            return false;
        }
        let Some(sup) = pick_supervisor(rng, &pool.pools, e.dept, e.grade) else {
            return false;
        };
        if Some(sup) == e.supervisor || sup == i {
            return false;
        }
        let e = &mut self.employees[i];
        e.supervisor = Some(sup);
        self.job_change(i, JobEvent::DataChange, ChangeKind::ManagerChange, s);
        true
    }

    /// Someone gets a new work email.
    fn new_email(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        if self.employees[i].bad.is_some() {
            return false;
        }
        self.change_email(rng, i);
        s.record(today, i, ChangeKind::EmailChange);
        true
    }

    /// Someone takes a new last name, often with a new email.
    fn change_legal_name(
        &mut self,
        rng: &mut Rng,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        let new_last = (*rng.pick(super::names::LAST_NAMES)).to_string();
        if new_last == self.employees[i].last || self.employees[i].bad.is_some() {
            return false;
        }
        let e = &mut self.employees[i];
        e.last = new_last;
        e.name_since = today;
        s.record(today, i, ChangeKind::LegalNameChange);
        if rng.chance(0.6) {
            let e = &self.employees[i];
            let (first, middle, last) = (e.first.clone(), e.middle.clone(), e.last.clone());
            self.employees[i].email = self.claim_email(&first, middle.as_deref(), &last);
            s.record(today, i, ChangeKind::EmailChange);
        }
        true
    }

    /// A former employee comes back under their old employeeId.
    fn rehire(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let Some(i) = self.pick_former(rng, pool) else {
            return false;
        };
        let dept = self.employees[i].dept;
        let grade = self.employees[i].grade;
        let sup = pick_supervisor(rng, &pool.pools, dept, grade).unwrap_or(0);
        let start = today + Duration::days(rng.range(0, 21));
        let e = &mut self.employees[i];
        e.status = status::ACTIVE;
        e.termination_date = None;
        e.service_date = start;
        e.visible_from = e.visible_from.min(today);
        e.supervisor = Some(sup);
        self.job_change(i, JobEvent::Rehire, ChangeKind::Rehire, s);
        true
    }

    /// A part-timer made regular and full-time.
    fn make_regular_full_time(
        &mut self,
        rng: &mut Rng,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        let candidates: Vec<usize> = pool
            .active
            .iter()
            .copied()
            .filter(|&i| {
                let e = &self.employees[i];
                // A part-timer (temporary or not) made regular and
                // full-time: employeeType shows the conversion.
                !e.full_time && e.status == status::ACTIVE && !e.leaving
            })
            .collect();
        if candidates.is_empty() {
            return false;
        }
        let i = *rng.pick(&candidates);
        let e = &mut self.employees[i];
        e.temporary = false;
        e.full_time = true;
        self.job_change(i, JobEvent::DataChange, ChangeKind::EmploymentTypeChange, s);
        true
    }

    /// A record goes bad for a while, fixed in 5 to 30 days.
    fn break_record(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        if i == 0 || self.employees[i].bad.is_some() {
            return false;
        }
        let bad = self.make_bad_record(rng, i);
        self.employees[i].bad = Some(bad);
        let fix_on = today + Duration::days(rng.range(5, 30));
        self.schedule(fix_on, i, PendingKind::FixRecord);
        s.record(today, i, ChangeKind::BadRecord);
        true
    }

    /// Someone's alternateId (the company's employee number) is re-issued.
    fn renumber(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        let renumbered = format!("E-{}", 500_001 + i);
        if self.employees[i].alternate_id.as_deref() == Some(renumbered.as_str()) {
            return false;
        }
        self.employees[i].alternate_id = Some(renumbered);
        s.record(today, i, ChangeKind::AlternateIdChange);
        true
    }

    /// A record drops out of the feed for 3 to 21 days.
    fn drop_from_feed(&mut self, rng: &mut Rng, pool: &Candidates, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        if i == 0 || self.employees[i].missing {
            return false;
        }
        self.employees[i].missing = true;
        let back = today + Duration::days(rng.range(3, 21));
        self.schedule(back, i, PendingKind::Reappear);
        s.record(today, i, ChangeKind::MissingFromFeed);
        true
    }

    /// A former employee rehired under a new employeeId.
    fn rehire_as_new_record(
        &mut self,
        rng: &mut Rng,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        let today = self.today;
        let Some(old) = self.pick_former(rng, pool) else {
            return false;
        };
        let number = self.employees.len();
        let (dept, grade) = (self.employees[old].dept, self.employees[old].grade);
        let sup = pick_supervisor(rng, &pool.pools, dept, grade).unwrap_or(0);
        let start = today + Duration::days(rng.range(0, 21));
        let o = &self.employees[old];
        let (first, middle, last) = (o.first.clone(), o.middle.clone(), o.last.clone());
        let email = self.claim_email(&first, middle.as_deref(), &last);
        let mut e = self.employees[old].clone();
        e.number = number;
        e.alternate_id = Some(format!("E-{}", 1001 + number));
        e.email = email;
        e.status = status::ACTIVE;
        e.service_date = start;
        e.termination_date = None;
        e.visible_from = today;
        e.supervisor = Some(sup);
        e.event = JobEvent::Hire;
        e.job_since = today;
        e.bad = None;
        e.leaving = false;
        e.missing = false;
        self.employees.push(e);
        s.record(today, number, ChangeKind::RehireAsNewRecord);
        true
    }

    /// Someone former for a month or more who is still former today.
    fn pick_former(&self, rng: &mut Rng, pool: &Candidates) -> Option<usize> {
        if pool.former.is_empty() {
            return None;
        }
        let i = *rng.pick(&pool.former);
        self.employees[i].is_former().then_some(i)
    }

    /// A leaver whose final paycheck ran today: decided and last at work a
    /// few days ago, their termination published now.
    fn publish_termination_now(
        &mut self,
        rng: &mut Rng,
        pool: &Candidates,
        s: &mut ChangeSummary,
    ) -> bool {
        let today = self.today;
        let i = *rng.pick(&pool.active);
        if !self.may_be_terminated(i) {
            return false;
        }
        let last_day = today - Duration::days(rng.range(1, 7));
        self.employees[i].leaving = true;
        s.record(today, i, ChangeKind::TerminationDecided);
        let publish = PendingKind::PublishTermination {
            last_day,
            status: status::TERMINATED,
        };
        self.schedule(today, i, publish);
        self.run_due(today, s);
        true
    }

    /// Someone on leave for at least two weeks comes back today.
    fn return_early(&mut self, rng: &mut Rng, s: &mut ChangeSummary) -> bool {
        let today = self.today;
        let away: Vec<usize> = (0..self.employees.len())
            .filter(|&i| {
                let e = &self.employees[i];
                e.on_leave() && e.job_since + Duration::days(14) <= today && self.is_visible(e)
            })
            .collect();
        if away.is_empty() {
            return false;
        }
        let i = *rng.pick(&away);
        let e = &mut self.employees[i];
        e.status = status::ACTIVE;
        e.event = JobEvent::ReturnFromLeave;
        e.job_since = today;
        s.record(today, i, ChangeKind::ReturnFromLeave);
        true
    }

    /// Applies scheduled changes that are due, in the order they were scheduled.
    fn run_due(&mut self, today: NaiveDate, s: &mut ChangeSummary) {
        let (due, later): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| p.on <= today);
        self.pending = later;
        for p in due {
            let i = p.employee;
            match p.kind {
                PendingKind::PublishTermination {
                    last_day,
                    status: st,
                } => {
                    let sup = self.employees[i].supervisor;
                    let e = &mut self.employees[i];
                    e.leaving = false;
                    e.status = st;
                    e.termination_date = Some(last_day);
                    e.event = JobEvent::Termination;
                    e.job_since = last_day;
                    s.record(today, i, ChangeKind::Termination);
                    // Their reports move up one level; grades stay ordered.
                    for r in 0..self.employees.len() {
                        if self.employees[r].supervisor == Some(i) && r != i {
                            self.employees[r].supervisor = sup;
                            if !self.employees[r].is_former() {
                                s.record(today, r, ChangeKind::ReportsReassigned);
                            }
                        }
                    }
                }
                PendingKind::Return => {
                    let e = &mut self.employees[i];
                    if e.on_leave() {
                        e.status = status::ACTIVE;
                        e.event = JobEvent::ReturnFromLeave;
                        e.job_since = today;
                        s.record(today, i, ChangeKind::ReturnFromLeave);
                    }
                }
                PendingKind::Reappear => {
                    if std::mem::take(&mut self.employees[i].missing) {
                        s.record(today, i, ChangeKind::BackInFeed);
                    }
                }
                PendingKind::FixRecord => {
                    if self.employees[i].bad.take().is_some() {
                        s.record(today, i, ChangeKind::BadRecordFixed);
                    }
                }
            }
        }
    }

    /// A new hire; `future` forces (or rules out) a future start date
    /// instead of drawing it.
    fn hire(
        &mut self,
        rng: &mut Rng,
        rates: &ChurnRates,
        pools: &[Vec<Vec<usize>>],
        s: &mut ChangeSummary,
        future: Option<bool>,
    ) {
        let today = self.today;
        let dept = if self.dept_count > 1 {
            let weights: Vec<f64> = (1..self.dept_count).map(|i| dept_spec(i).weight).collect();
            1 + rng.weighted(&weights)
        } else {
            0
        };
        let grade = 1 + rng.weighted(&[30.0, 35.0, 20.0, 10.0, 5.0]) as u8;
        let future = future.unwrap_or_else(|| rng.chance(rates.future_start_share));
        let start = if future {
            today + Duration::days(rng.range(7, 42))
        } else {
            today - Duration::days(rng.range(0, 3))
        };
        let office = rng.below(self.office_count);
        let number = self.employees.len();
        if number >= super::company::MAX_EMPLOYEES * 2 {
            return;
        }
        let sup = pick_supervisor(rng, pools, dept, grade).unwrap_or(0);
        let mut e = self.new_person(rng, number, dept, grade, office, start);
        e.supervisor = Some(sup);
        e.temporary = rng.chance(0.08);
        e.full_time = !rng.chance(0.08);
        e.job_since = today;
        // Exempt hires are published at once (early access); the rest on their start date.
        e.visible_from = if e.exempt(dept_spec(dept)) {
            today
        } else {
            start.max(today)
        };
        self.employees.push(e);
        s.record(
            today,
            number,
            if future {
                ChangeKind::FutureStartHire
            } else {
                ChangeKind::Hire
            },
        );
    }

    fn change_email(&mut self, rng: &mut Rng, i: usize) {
        let e = &self.employees[i];
        let (legal_first, middle, legal_last) = (e.first.clone(), e.middle.clone(), e.last.clone());
        let first = super::company::ascii_lower(e.preferred.as_deref().unwrap_or(&e.first));
        let last = super::company::ascii_lower(&e.last);
        let styles = [
            format!("{first}.{last}"),
            format!("{first}{last}"),
            format!("{}{last}", &first[..1]),
            format!("{first}_{last}"),
            format!("{first}.{last}.{}", rng.range(1, 99)),
        ];
        let start = rng.below(styles.len());
        for k in 0..styles.len() {
            let email = format!("{}@{}", styles[(start + k) % styles.len()], self.domain);
            if self.emails.insert(email.clone()) {
                self.employees[i].email = email;
                return;
            }
        }
        self.employees[i].email = self.claim_email(&legal_first, middle.as_deref(), &legal_last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    }

    #[test]
    fn sandbox_same_seed_and_steps_give_the_same_company() {
        let rates = ChurnRates::default();
        let run = |seed: u64| {
            let mut c = Company::generate(seed, 400, day());
            for _ in 0..4 {
                c.advance(7, &rates);
            }
            serde_json::to_string(&c.to_employee_json()).unwrap()
        };
        assert_eq!(run(42), run(42));
        assert_ne!(run(42), run(43));
        // 28 days in one step or 28 single days: same company.
        let mut one = Company::generate(42, 400, day());
        one.advance(28, &rates);
        let mut many = Company::generate(42, 400, day());
        for _ in 0..28 {
            many.advance(1, &rates);
        }
        assert_eq!(
            serde_json::to_string(&one.to_employee_json()).unwrap(),
            serde_json::to_string(&many.to_employee_json()).unwrap()
        );
    }

    #[test]
    fn every_simulated_week_of_a_small_company_shows_each_showcase_change() {
        let rates = ChurnRates::default();
        for seed in [1, 42, 7_777] {
            let mut c = Company::generate(seed, 250, day());
            for week in 1..=8 {
                let summary = c.advance(7, &rates);
                for kind in SHOWCASE {
                    assert!(
                        summary.count(kind) > 0,
                        "seed {seed}, week {week}: no {kind:?} in {:?}",
                        summary.counts
                    );
                }
            }
        }
    }

    fn by_id(c: &Company) -> HashMap<String, serde_json::Value> {
        c.to_employee_json()
            .into_iter()
            .map(|v| (v["employeeId"].as_str().unwrap().to_string(), v))
            .collect()
    }

    #[test]
    fn sandbox_quarter_shows_every_kind_of_change() {
        let rates = ChurnRates::default();
        let mut c = Company::generate(42, 1000, day());
        let before = by_id(&c);
        let mut total = ChangeSummary::default();
        for _ in 0..13 {
            total.merge(c.advance(7, &rates));
        }
        assert_eq!(c.today, day() + Duration::days(91));
        for kind in [
            ChangeKind::Hire,
            ChangeKind::FutureStartHire,
            ChangeKind::TerminationDecided,
            ChangeKind::Termination,
            ChangeKind::Leave,
            ChangeKind::ReturnFromLeave,
            ChangeKind::Transfer,
            ChangeKind::Promotion,
            ChangeKind::ManagerChange,
            ChangeKind::EmailChange,
            ChangeKind::LegalNameChange,
            ChangeKind::Rehire,
            ChangeKind::EmploymentTypeChange,
            ChangeKind::BadRecord,
            ChangeKind::BadRecordFixed,
            ChangeKind::MissingFromFeed,
            ChangeKind::BackInFeed,
            ChangeKind::RehireAsNewRecord,
            ChangeKind::AlternateIdChange,
        ] {
            assert!(
                total.count(kind) > 0,
                "no {kind:?} in a quarter: {:?}",
                total.counts
            );
        }
        let after = by_id(&c);
        let info = |v: &serde_json::Value, k: &str| v["employmentInfo"][k].clone();
        // New people arrived, some with a start date still ahead.
        let new_ids: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert!(!new_ids.is_empty());
        let today = super::super::company::fmt_date(c.today);
        assert!(new_ids
            .iter()
            .any(|k| info(&after[*k], "serviceDate").as_str().unwrap() > today.as_str()));
        // Terminations show with a terminationDate, earlier than the day they appeared.
        let terminated: Vec<&Change> = total
            .changes
            .iter()
            .filter(|ch| ch.kind == ChangeKind::Termination)
            .collect();
        for ch in &terminated {
            let date = info(&after[&ch.employee_id], "terminationDate");
            if let Some(d) = date.as_str() {
                assert!(
                    d < super::super::company::fmt_date(ch.date).as_str(),
                    "published after the last day"
                );
            }
        }
        // A rehire is the same employeeId going from T/U to A.
        assert!(total
            .changes
            .iter()
            .filter(|ch| ch.kind == ChangeKind::Rehire)
            .any(|ch| {
                let was = before
                    .get(&ch.employee_id)
                    .map(|old| info(old, "employmentStatus"));
                let now = info(&after[&ch.employee_id], "employmentStatus");
                was.is_some_and(|w| w == "T" || w == "U") && now == "A"
            }));
        // A rehire under a new id shares name and birth date with a former record.
        let twin = total
            .changes
            .iter()
            .find(|ch| ch.kind == ChangeKind::RehireAsNewRecord)
            .unwrap();
        let new = &after[&twin.employee_id];
        assert!(after.iter().any(|(id, old)| {
            id != &twin.employee_id
                && old["names"][0] == new["names"][0]
                && old["bioInfo"]["birthdate"] == new["bioInfo"]["birthdate"]
        }));
        // Someone's legal last name differs between the snapshots.
        assert!(before.iter().any(|(id, old)| {
            after
                .get(id)
                .is_some_and(|new| old["names"][0]["lastName"] != new["names"][0]["lastName"])
        }));
        // Someone's department, title, manager and email each changed.
        for key in [
            "businessTitle",
            "supervisor",
            "workEmail",
            "department",
            "employeeType",
        ] {
            assert!(
                before.iter().any(|(id, old)| after
                    .get(id)
                    .is_some_and(|new| info(old, key) != info(new, key))),
                "no change of {key}"
            );
        }
    }

    fn json_of(c: &Company, id: &str) -> Option<serde_json::Value> {
        c.to_employee_json()
            .into_iter()
            .find(|v| v["employeeId"] == id)
    }

    #[test]
    fn sandbox_non_exempt_hires_show_on_their_start_date() {
        let rates = ChurnRates::default();
        let mut c = Company::generate(42, 1000, day());
        c.advance(14, &rates);
        let hidden = c
            .employees
            .iter()
            .find(|e| !c.is_visible(e))
            .expect("a non-exempt hire with a future start");
        let (id, start) = (hidden.employee_id(), hidden.service_date);
        assert!(json_of(&c, &id).is_none(), "hidden before the start date");
        let exempt_early = c
            .visible()
            .any(|e| e.service_date > c.today && e.event == JobEvent::Hire);
        assert!(exempt_early, "exempt hires are published before they start");
        c.advance((start - c.today).num_days() as u32, &rates);
        let shown = json_of(&c, &id).expect("published on the start date");
        assert_eq!(
            shown["employmentInfo"]["serviceDate"],
            super::super::company::fmt_date(start)
        );
    }

    #[test]
    fn sandbox_terminations_show_only_after_the_final_paycheck() {
        let rates = ChurnRates::default();
        let mut c = Company::generate(42, 600, day());
        let mut decided: Option<(String, NaiveDate)> = None;
        for _ in 0..60 {
            let s = c.advance(1, &rates);
            if let Some((id, on)) = &decided {
                if let Some(ch) = s
                    .changes
                    .iter()
                    .find(|ch| ch.kind == ChangeKind::Termination && &ch.employee_id == id)
                {
                    let v = json_of(&c, id).unwrap();
                    let info = &v["employmentInfo"];
                    assert!(["T", "U"].contains(&info["employmentStatus"].as_str().unwrap()));
                    let end = info["terminationDate"].as_str().unwrap();
                    assert!(end >= super::super::company::fmt_date(*on).as_str());
                    assert!(end < super::super::company::fmt_date(ch.date).as_str());
                    return;
                }
                let v = json_of(&c, id).unwrap();
                assert_eq!(
                    v["employmentInfo"]["employmentStatus"], "A",
                    "still active until published"
                );
                assert!(v["employmentInfo"]["terminationDate"].is_null());
            } else if let Some(ch) = s
                .changes
                .iter()
                .find(|ch| ch.kind == ChangeKind::TerminationDecided)
            {
                decided = Some((ch.employee_id.clone(), ch.date));
            }
        }
        panic!("no decided termination was published within 60 days");
    }

    #[test]
    fn sandbox_records_can_drop_out_of_the_feed_and_come_back() {
        let rates = ChurnRates {
            missing_from_feed: 0.2,
            ..ChurnRates::default()
        };
        let mut c = Company::generate(42, 600, day());
        let mut gone: Option<String> = None;
        for _ in 0..60 {
            let s = c.advance(1, &rates);
            match &gone {
                None => {
                    if let Some(ch) = s
                        .changes
                        .iter()
                        .find(|ch| ch.kind == ChangeKind::MissingFromFeed)
                    {
                        assert!(
                            json_of(&c, &ch.employee_id).is_none(),
                            "missing means absent"
                        );
                        gone = Some(ch.employee_id.clone());
                    }
                }
                Some(id) => {
                    let back = s
                        .changes
                        .iter()
                        .any(|ch| ch.kind == ChangeKind::BackInFeed && &ch.employee_id == id);
                    if back {
                        let v = json_of(&c, id).expect("back in the feed");
                        assert!(v["employmentInfo"]["terminationDate"].is_null());
                        return;
                    }
                    assert!(json_of(&c, id).is_none());
                }
            }
        }
        panic!("no record dropped out and came back within 60 days");
    }
}
