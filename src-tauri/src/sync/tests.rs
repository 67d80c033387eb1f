//! Imports end to end on a real encrypted database: a sandbox company is
//! planned, stored, reviewed and applied week after week; refusals
//! (applied twice, stale, guardrail) write nothing; needs-attention items
//! apply only as resolved.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;

use super::imports::{self, PlanInput};
use super::SyncError;
use crate::model::{AttentionReason, ChangeKind, PersonStatus};
use crate::model::{ChangeQuery, ImportOutcome, ImportTrigger, Resolution};
use crate::sandbox::{ChangeKind as Churn, ChurnRates, Company};
use crate::store::{ApplyWrites, DbKey, PersonWrite, Refusal, Store};
use crate::trinet::Employee;

const START: (i32, u32, u32) = (2026, 1, 5);

/// Shared with the other test modules that build an import history.
pub(crate) fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(START.0, START.1, START.2).unwrap()
}

/// Shared with the other test modules that build an import history.
pub(crate) fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([9; 32])).unwrap()
}

/// Shared with the other test modules that build an import history.
pub(crate) fn employees(c: &Company) -> Vec<Employee> {
    c.to_employee_json()
        .into_iter()
        .map(Employee::from_raw)
        .collect()
}

/// Shared with the other test modules that build an import history.
pub(crate) fn plan(
    store: &Store,
    employees: &[Employee],
    today: NaiveDate,
) -> crate::model::ImportSummary {
    imports::plan_fetch(
        store,
        PlanInput {
            records: employees.into(),
            company_id: "SANDBOX",
            trigger: ImportTrigger::Manual,
            today,
            now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
        },
    )
    .unwrap()
}

fn apply(store: &Store, id: i64) -> Result<crate::model::Applied, SyncError> {
    imports::apply(store, id, false, Utc::now())
}

fn lines(store: &Store, id: i64, kind: ChangeKind) -> Vec<crate::model::ChangeLine> {
    let page = imports::changes(
        store,
        id,
        &ChangeQuery {
            kind: Some(kind),
            limit: 500,
            ..ChangeQuery::default()
        },
    )
    .unwrap();
    assert!(
        page.total as usize == page.lines.len(),
        "one page is enough here"
    );
    page.lines
}

#[test]
fn the_first_import_creates_everyone_and_a_week_later_the_plan_shows_the_weeks_churn() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let mut company = Company::generate(42, 2_000, start());
    let first = plan(&store, &employees(&company), company.today);
    assert_eq!(first.outcome, ImportOutcome::Pending);
    assert_eq!(
        first.mapping_version,
        Some(1),
        "the default mapping is saved as version 1"
    );
    let bad = first.counts.needs_attention;
    assert_eq!(first.counts.new + bad, company.visible_count() as u32);
    let applied = apply(&store, first.import_id).unwrap();
    assert_eq!(applied.people_changed, first.counts.new);
    assert_eq!(store.directory().unwrap().len() as u32, first.counts.new);
    assert_eq!(applied.summary.outcome, ImportOutcome::Applied);
    assert_eq!(applied.attention_left_out, bad, "unresolved items stay out");

    let week = company.advance(7, &ChurnRates::default());
    let second = plan(&store, &employees(&company), company.today);
    let c = second.counts;
    assert!(c.new > 0 && c.updated > 0, "{c:?}");
    assert_eq!(
        c.leave_started as usize,
        week.count(Churn::Leave),
        "{week:?}"
    );
    assert_eq!(c.reactivated as usize, week.count(Churn::Rehire));
    // Email changes of people whose name stayed show as plain updates of work_email.
    let updated = lines(&store, second.import_id, ChangeKind::Updated);
    let email_updates = updated
        .iter()
        .filter(|l| l.change.fields.iter().any(|f| f.field == "work_email"))
        .count();
    assert!(email_updates > 0, "an email change shows as updated");
    let movers = updated
        .iter()
        .filter(|l| {
            l.change
                .fields
                .iter()
                .any(|f| f.field == "department" || f.field == "job_title")
        })
        .count();
    assert!(movers > 0, "transfers and promotions show their fields");
    for l in lines(&store, second.import_id, ChangeKind::NeedsAttention) {
        assert!(
            l.change.reason.is_some(),
            "every held line names its reason"
        );
    }
    let applied = apply(&store, second.import_id).unwrap();
    assert!(applied.lifecycle_events > 0);
    let directory = store.directory().unwrap();
    let on_leave = directory
        .iter()
        .filter(|p| p.status == PersonStatus::OnLeave)
        .count();
    assert!(on_leave >= c.leave_started as usize);

    // Planning the same data again changes nothing.
    let again = plan(&store, &employees(&company), company.today);
    assert_eq!(
        again.counts.new + again.counts.updated + again.counts.deactivated,
        0
    );
}

#[test]
fn a_simulated_week_of_the_default_sandbox_company_shows_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let defaults = crate::sandbox::SandboxConfig::default();
    let mut company = Company::generate(defaults.seed, defaults.employees, defaults.start_date);
    let first = plan(&store, &employees(&company), company.today);
    apply(&store, first.import_id).unwrap();

    company.advance(7, &defaults.rates);
    let week = plan(&store, &employees(&company), company.today);
    let c = week.counts;
    for (kind, n) in [
        ("new (joiners)", c.new),
        ("updated", c.updated),
        ("deactivated (leavers)", c.deactivated),
        ("leave_started", c.leave_started),
        ("leave_ended", c.leave_ended),
        ("reactivated (rehires)", c.reactivated),
        ("needs_attention (bad records)", c.needs_attention),
    ] {
        assert!(n > 0, "no {kind} after a simulated week: {c:?}");
    }
    let updated = lines(&store, week.import_id, ChangeKind::Updated);
    for field in [
        "work_email",
        "department",
        "job_title",
        "manager_email",
        "employment_type",
    ] {
        assert!(
            updated
                .iter()
                .any(|l| l.change.fields.iter().any(|f| f.field == field)),
            "no update of {field}"
        );
    }
    for l in lines(&store, week.import_id, ChangeKind::NeedsAttention) {
        assert!(l.change.reason.is_some(), "a held line without its reason");
    }
}

#[test]
fn a_plan_applies_once_and_a_superseded_or_stale_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(7, 50, start());
    let people = employees(&company);
    let old = plan(&store, &people, company.today);
    let new = plan(&store, &people, company.today);
    assert_eq!(
        imports::summary(&store, old.import_id).unwrap().outcome,
        ImportOutcome::Superseded
    );
    assert!(matches!(
        apply(&store, old.import_id),
        Err(SyncError::Decided {
            outcome: ImportOutcome::Superseded,
            ..
        })
    ));
    assert!(store.directory().unwrap().is_empty());
    apply(&store, new.import_id).unwrap();
    let err = apply(&store, new.import_id).unwrap_err();
    assert!(matches!(
        err,
        SyncError::Decided {
            outcome: ImportOutcome::Applied,
            ..
        }
    ));
    assert!(err.to_string().contains("already applied"));

    // A plan made against an older directory (as another process might
    // have) is stale: refused, nothing written.
    let before = store.directory().unwrap();
    let stale = plan(&store, &people, company.today);
    store
        .conn()
        .execute(
            "UPDATE import SET based_on = 0 WHERE import_id = ?1",
            [stale.import_id],
        )
        .unwrap();
    assert!(imports::summary(&store, stale.import_id).unwrap().stale);
    assert!(matches!(
        apply(&store, stale.import_id),
        Err(SyncError::Stale { .. })
    ));
    assert_eq!(store.directory().unwrap(), before);
    imports::reject(&store, stale.import_id, Utc::now()).unwrap();
    assert_eq!(
        imports::summary(&store, stale.import_id).unwrap().outcome,
        ImportOutcome::Rejected
    );
    assert!(matches!(
        imports::reject(&store, stale.import_id, Utc::now()),
        Err(SyncError::Decided { .. })
    ));
}

/// A change to one raw TriNet record.
type Edit<'a> = &'a dyn Fn(&mut Value);

/// The company's records with each edit applied to the raw JSON of the
/// record at its index.
fn edited(c: &Company, edits: &[(usize, Edit<'_>)]) -> Vec<Employee> {
    let mut raw = c.to_employee_json();
    for (i, edit) in edits {
        edit(&mut raw[*i]);
    }
    raw.into_iter().map(Employee::from_raw).collect()
}

fn active_indices(c: &Company) -> Vec<usize> {
    c.to_employee_json()
        .iter()
        .enumerate()
        .filter(|(_, v)| v["employmentInfo"]["employmentStatus"] == "A")
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn a_mass_termination_is_held_until_the_guardrail_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(3, 120, start());
    let first = plan(&store, &employees(&company), company.today);
    apply(&store, first.import_id).unwrap();

    let terminate = |v: &mut Value| {
        v["employmentInfo"]["employmentStatus"] = "T".into();
        v["employmentInfo"]["terminationDate"] = "2026-01-02".into();
    };
    let edits: Vec<(usize, Edit<'_>)> = active_indices(&company)
        .into_iter()
        .take(30)
        .map(|i| (i, &terminate as Edit<'_>))
        .collect();
    let held = plan(&store, &edited(&company, &edits), company.today);
    assert_eq!(held.outcome, ImportOutcome::Held);
    assert!(held.guardrail.tripped);
    assert_eq!(held.counts.deactivated, 30);
    let before = store.directory().unwrap();
    let err = apply(&store, held.import_id).unwrap_err();
    assert!(matches!(err, SyncError::GuardrailNotConfirmed { .. }));
    assert!(err.to_string().contains("30 people would be deactivated"));
    assert_eq!(store.directory().unwrap(), before, "nothing applied");

    let applied = imports::apply(&store, held.import_id, true, Utc::now()).unwrap();
    assert!(applied.summary.guardrail_confirmed);
    let former = store
        .directory()
        .unwrap()
        .iter()
        .filter(|p| p.status == PersonStatus::Former)
        .count();
    let was_former = before
        .iter()
        .filter(|p| p.status == PersonStatus::Former)
        .count();
    assert_eq!(former, was_former + 30);
}

#[test]
fn needs_attention_items_apply_only_as_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(5, 60, start());
    let first = plan(&store, &employees(&company), company.today);
    apply(&store, first.import_id).unwrap();
    let active = active_indices(&company);
    let (a, b, gone) = (active[0], active[1], active[2]);
    let raw = company.to_employee_json();
    let id_of = |i: usize| raw[i]["employeeId"].as_str().unwrap().to_string();

    // a: legal last name and email change at once (privacy block);
    // b: same again, to be left out; `gone` disappears from TriNet.
    let rename = |v: &mut Value| {
        v["names"][0]["lastName"] = "Newname".into();
        v["employmentInfo"]["workEmail"] = "renamed@example.com".into();
    };
    let rename_b = |v: &mut Value| {
        v["names"][0]["lastName"] = "Othername".into();
        v["employmentInfo"]["workEmail"] = "other@example.com".into();
    };
    let mut people = edited(&company, &[(a, &rename), (b, &rename_b)]);
    people.retain(|e| e.employee_id.as_deref() != Some(id_of(gone).as_str()));
    let p = plan(&store, &people, company.today);
    let attention = lines(&store, p.import_id, ChangeKind::NeedsAttention);
    let line_of = |id: &str| {
        attention
            .iter()
            .find(|l| l.change.employee_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} needs attention"))
            .clone()
    };
    let (la, lb, lg) = (
        line_of(&id_of(a)),
        line_of(&id_of(b)),
        line_of(&id_of(gone)),
    );
    assert_eq!(la.change.reason, Some(AttentionReason::PrivacyBlock));
    assert_eq!(lg.change.reason, Some(AttentionReason::MissingFromSource));
    assert_eq!(p.unresolved, attention.len() as u32);

    // Link is only for possible duplicates.
    assert!(matches!(
        imports::resolve(&store, p.import_id, la.seq, Some(Resolution::Link)),
        Err(SyncError::ResolutionNotAllowed { .. })
    ));
    imports::resolve(&store, p.import_id, la.seq, Some(Resolution::Approve)).unwrap();
    imports::resolve(&store, p.import_id, lb.seq, Some(Resolution::LeaveOut)).unwrap();
    assert_eq!(
        imports::summary(&store, p.import_id).unwrap().unresolved,
        attention.len() as u32 - 2
    );
    let applied = apply(&store, p.import_id).unwrap();
    assert_eq!(applied.attention_applied, 1);

    let directory = store.directory().unwrap();
    let by_id = |id: &str| {
        directory
            .iter()
            .find(|p| p.values.get("employee_id").map(String::as_str) == Some(id))
            .unwrap()
    };
    assert_eq!(by_id(&id_of(a)).values["last_name"], "Newname");
    assert_eq!(by_id(&id_of(a)).values["work_email"], "renamed@example.com");
    assert_ne!(by_id(&id_of(b)).values["last_name"], "Othername");
    let missing = by_id(&id_of(gone));
    assert_ne!(
        missing.status,
        PersonStatus::Former,
        "never deactivated silently"
    );
    assert_eq!(missing.missing_runs, 1);

    // A decided import takes no more decisions.
    assert!(matches!(
        imports::resolve(&store, p.import_id, lb.seq, Some(Resolution::Approve)),
        Err(SyncError::Decided { .. })
    ));
}

#[test]
fn a_possible_duplicate_linked_to_its_candidate_updates_them_instead_of_adding_someone() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(11, 40, start());
    let first = plan(&store, &employees(&company), company.today);
    apply(&store, first.import_id).unwrap();
    let i = active_indices(&company)[0];
    let rekey = |v: &mut Value| {
        v["employeeId"] = "99999999".into();
        v["alternateId"] = Value::Null;
        v["employmentInfo"]["workEmail"] = "fresh.start@example.com".into();
    };
    let p = plan(&store, &edited(&company, &[(i, &rekey)]), company.today);
    let dup = lines(&store, p.import_id, ChangeKind::NeedsAttention)
        .into_iter()
        .find(|l| l.change.reason == Some(AttentionReason::PossibleDuplicate))
        .expect("a possible duplicate");
    let candidate = dup.change.candidate.clone().unwrap();
    let count = store.directory().unwrap().len();
    imports::resolve(&store, p.import_id, dup.seq, Some(Resolution::Link)).unwrap();
    apply(&store, p.import_id).unwrap();
    assert_eq!(store.directory().unwrap().len(), count, "nobody added");
    let linked = store.person(candidate.person_id).unwrap().unwrap();
    assert_eq!(linked.values["employee_id"], "99999999");
    assert_eq!(linked.values["work_email"], "fresh.start@example.com");
    let line = store.change_line(p.import_id, dup.seq).unwrap().unwrap();
    assert_eq!(line.change.person_id, Some(candidate.person_id));
}

#[test]
fn an_apply_that_fails_midway_leaves_the_directory_and_the_import_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(13, 30, start());
    let p = plan(&store, &employees(&company), company.today);
    // One good insert, then an update of someone who does not exist.
    let writes = ApplyWrites {
        writes: vec![
            PersonWrite::Insert {
                seq: 0,
                person_id: 1,
                values: vec![("employee_id".into(), "E1".into())],
                status: PersonStatus::Active,
            },
            PersonWrite::Update {
                seq: 1,
                person_id: 4242,
                set: vec![],
                status: None,
                missing_runs: None,
            },
        ],
        ..ApplyWrites::default()
    };
    let result = store.apply_import(p.import_id, &writes, "now").unwrap();
    assert_eq!(result, Err(Refusal::Stale));
    assert!(
        store.directory().unwrap().is_empty(),
        "the insert was rolled back"
    );
    assert_eq!(
        imports::summary(&store, p.import_id).unwrap().outcome,
        ImportOutcome::Pending
    );
    // And the real plan still applies afterwards.
    apply(&store, p.import_id).unwrap();
    assert_eq!(store.directory().unwrap().len() as u32, p.counts.new);
}

#[test]
fn the_csv_export_lists_every_changed_field_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(17, 20, start());
    let first = plan(&store, &employees(&company), company.today);
    apply(&store, first.import_id).unwrap();
    let i = active_indices(&company)[0];
    let title = |v: &mut Value| v["employmentInfo"]["businessTitle"] = "=HYPERLINK(\"x\")".into();
    let p = plan(&store, &edited(&company, &[(i, &title)]), company.today);
    let (csv, _) = crate::history::csv::import_changes(&store, p.import_id).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("import,planned_on,kind,employee_id"));
    assert_eq!(
        rows.len(),
        2,
        "one changed field, unchanged people left out"
    );
    assert!(rows[1].contains(",updated,"));
    assert!(rows[1].contains("job_title"));
    assert!(
        rows[1].contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "{}",
        rows[1]
    );
}

#[test]
fn records_kept_as_their_mapped_values_plan_as_whole_records_and_a_mapping_saved_meanwhile_refuses()
{
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let company = Company::generate(42, 2_000, start());
    let whole = employees(&company);
    // As a preview fetches: each record of each page read straight into
    // a table of the values at the paths the latest mapping reads.
    let spec = imports::latest_spec(&store).unwrap();
    let mapping = crate::mapping::CompiledMapping::compile(&spec);
    let values: Vec<_> = company
        .to_employee_json()
        .chunks(100)
        .flat_map(|page| {
            let body = serde_json::to_vec(&serde_json::json!({
                "data": { "hasMore": false, "employeeData": page },
            }))
            .unwrap();
            let page = crate::trinet::parse_employee_page_tabled(
                "/t",
                &body,
                &mapping.keep(),
                mapping.slots(),
            )
            .unwrap()
            .employees;
            mapping.values_from_tables(page)
        })
        .collect();
    let input = |records| PlanInput {
        records,
        company_id: "SANDBOX",
        trigger: ImportTrigger::Manual,
        today: company.today,
        now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
    };
    let kept = input(imports::Records::Kept {
        records: &values,
        spec: &spec,
        mapping: &mapping,
    });
    let from_kept = imports::plan_only(&store, &kept).unwrap();
    let from_whole = imports::plan_only(&store, &input((&whole).into())).unwrap();
    assert_eq!(format!("{from_kept:?}"), format!("{from_whole:?}"));
    let summary = imports::store_plan(&store, &kept, from_kept).unwrap();
    assert_eq!(
        summary.counts.new + summary.counts.needs_attention,
        company.visible_count() as u32
    );

    // A mapping saved while the records were fetched: the values taken for
    // the old one are not planned with it.
    let mut changed = spec.clone();
    changed.exclusion = Some(crate::mapping::Exclusion {
        source: "employmentInfo.customGroupB".into(),
        value: "Yes".into(),
    });
    assert_ne!(changed, spec);
    super::mapping_versions::record(&store, &changed, 0, None, "2026-11-22T09:30:00Z").unwrap();
    assert!(matches!(
        imports::plan_only(&store, &kept),
        Err(SyncError::MappingChanged)
    ));

    // On the schedule, the refused run is a failed run in History with
    // why, and the directory is untouched.
    let people = store.directory().unwrap().len();
    let scheduled = PlanInput {
        trigger: ImportTrigger::Scheduled,
        ..kept
    };
    let run =
        super::run::decide_planned(&store, &scheduled, imports::plan_only(&store, &scheduled))
            .unwrap();
    assert_eq!(run.result, super::run::SyncResult::Failed, "{run:?}");
    assert!(
        run.message
            .contains("A field mapping was saved while this run was fetching"),
        "{}",
        run.message
    );
    let failed = imports::summary(&store, run.import_id.unwrap()).unwrap();
    assert_eq!(failed.outcome, ImportOutcome::Failed);
    assert_eq!(failed.trigger, ImportTrigger::Scheduled);
    assert_eq!(store.directory().unwrap().len(), people);
}

/// The pages in the database's log (write-ahead log), as a read
/// connection's passive checkpoint reports them after copying what it can.
fn log_pages(reader: &Store) -> (u32, u32) {
    reader.checkpoint().unwrap()
}

/// The writer connection's page cache (KiB, negative) and whether it
/// skips CHECK constraints.
fn writer_settings(store: &Store) -> (i64, bool) {
    let conn = store.conn();
    let cache = conn
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap();
    let ignored = conn
        .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
        .unwrap();
    (cache, ignored)
}

#[test]
fn a_large_write_gives_back_its_cache_and_the_schema_checks_hold_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let usual = writer_settings(&store);
    assert_eq!(usual, (crate::store::WRITER_CACHE, false));
    let company = Company::generate(12, 2_000, start());
    let first = plan(&store, &employees(&company), start());
    assert_eq!(writer_settings(&store), usual, "after storing a plan");
    apply(&store, first.import_id).unwrap();
    assert_eq!(writer_settings(&store), usual, "after an apply");
    // The checks hold for every other write: no one gets an unknown status.
    let bad = store.conn().execute(
        "UPDATE person SET status = 'retired' WHERE person_id = 1",
        [],
    );
    assert!(
        bad.is_err(),
        "the status check still refuses an unknown status"
    );
}

#[test]
fn storing_and_applying_a_plan_leave_their_log_to_a_checkpoint_and_the_log_never_grows_without_bound(
) {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let key = DbKey::from_bytes([9; 32]);
    let reader = Store::open_reader(&dir.path().join("r.db"), &key).unwrap();
    let company = Company::generate(11, 8_000, start());
    let first = plan(&store, &employees(&company), start());
    // Committed, the plan's pages are in the log, not yet in the database
    // file; the window's checkpoint, on a read connection, copies every
    // one (more than SQLite's automatic 1,000), none left over.
    let file = || std::fs::metadata(dir.path().join("r.db")).unwrap().len();
    let before = file();
    let (log, copied) = log_pages(&reader);
    assert!(log > 1_000, "the plan's {log} pages are in the log");
    assert_eq!(copied, log);
    assert!(
        file() > before + 1_000 * 4_096,
        "the checkpoint, not the commit, wrote them into the database file"
    );
    // Copied, the log starts over at the next write instead of growing.
    store.set_setting("marker", "1", "now").unwrap();
    assert!(log_pages(&reader).0 < 10);

    // Nobody runs it after the apply (`roster apply`, say): the next large
    // write copies its pages before it begins, and the log starts over
    // with that write's own pages (a plan of nobody changed: a few).
    let applied = apply(&store, first.import_id).unwrap();
    plan(&store, &employees(&company), start());
    let (log, copied) = log_pages(&reader);
    assert!(log < 300, "the log started over: {log} pages");
    assert_eq!(copied, log);
    // Nor after that plan: the writer's next commit copies them (SQLite's
    // automatic checkpoint), and the one after starts over.
    store.set_setting("marker", "2", "now").unwrap();
    store.set_setting("marker", "3", "now").unwrap();
    let (log, copied) = log_pages(&reader);
    assert!(log < 10, "the log started over: {log} pages");
    assert_eq!(copied, log);
    assert_eq!(
        reader.directory().unwrap().len(),
        applied.people_changed as usize,
        "everyone the apply added is in the directory"
    );
}
