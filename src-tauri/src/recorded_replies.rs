//! Replies of Roster's real core, recorded for the UI's tests
//! (`ui/src/test/recorded/*.json`), so vitest and the e2e mock serve what Rust
//! answers instead of re-implementing its rules in TypeScript. Each reply comes
//! from the functions the IPC command calls, on a real store file. A test fails
//! while a committed file is stale;
//! `UPDATE_RECORDED=1 cargo test -p roster --lib recorded_replies` rewrites them.

use std::path::PathBuf;
use strum::IntoEnumIterator;

use serde::Serialize;
use serde_json::{json, Value};

use chrono::NaiveDate;

use crate::app::IpcError;
use crate::mapping::{
    self, versions, DirectoryField, Exclusion, FieldKind, MappingSpec, Transform, ValueMapEntry,
};
use crate::model::{
    AttentionReason, ChangeKind, ChangeLine, ChangeQuery, DirectoryQuery, EventQuery, HistoryQuery,
    LifecycleEventKind, Resolution,
};
use crate::sandbox::Company;
use crate::store::{DbKey, Store};
use crate::sync::imports;
use crate::sync::SyncError;
use crate::trinet::Employee;

/// A spec the UI may send, with what the core answers to it.
#[derive(Serialize)]
struct Case<T: Serialize> {
    case: &'static str,
    spec: MappingSpec,
    reply: T,
}

fn with_custom_field(name: &str, label: &str) -> MappingSpec {
    let mut spec = mapping::default_spec();
    spec.custom_fields.push(DirectoryField {
        name: name.into(),
        label: label.into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec
}

fn without(field: &str) -> MappingSpec {
    let mut spec = mapping::default_spec();
    spec.mappings.retain(|m| m.field != field);
    spec
}

/// Map fields before any fetch: the directory's fields, a new install's
/// mapping, and for specs the screen can produce, the check and the refused
/// save. Without a fetch the check skips what needs TriNet's data (unknown
/// sources, group names), so the cases are ones whose errors do not.
fn mapping_replies() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("roster.db"), &DbKey::from_bytes([5; 32])).unwrap();
    let no_groups = versions::Groups::new();
    let specs = [
        (
            "a custom field nothing is mapped to",
            with_custom_field("team", "Team"),
        ),
        (
            "a custom field with a name that is not snake_case",
            with_custom_field("Team", "Team"),
        ),
        (
            "a custom field named like a core field",
            with_custom_field("department", "Department"),
        ),
        ("job title not mapped", without("job_title")),
        ("work email not mapped", without("work_email")),
    ];
    let checks: Vec<_> = specs
        .iter()
        .map(|&(case, ref spec)| Case {
            case,
            spec: spec.clone(),
            reply: versions::check_against(spec, None, &no_groups),
        })
        .collect();
    // mapping_save: vet, then record; only a refusal is recorded, a saved
    // version's time is the clock's.
    let refusals: Vec<_> = specs
        .iter()
        .filter_map(|&(case, ref spec)| {
            let refused = versions::vet(spec, None, None, &no_groups, false).err()?;
            Some(Case {
                case,
                spec: spec.clone(),
                reply: IpcError::from(refused),
            })
        })
        .collect();
    json!({
        "directory_fields": mapping::core_fields(),
        "mapping_current": crate::sync::mapping_versions::current(&store).unwrap(),
        "mapping_check": checks,
        "mapping_save_refused": refusals,
    })
}

/// Map fields over the sandbox company (seed 42, 12 people) as fetched: the
/// catalog, and the preview (`mapping_preview`'s function) of a few specs.
fn sandbox_mapping_replies() -> Value {
    let company = Company::generate(42, 12, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
    let employees = employees_of(&company);
    let excluding = |value: &str| MappingSpec {
        exclusion: Some(Exclusion {
            source: "employmentInfo.customGroupB".into(),
            value: value.into(),
        }),
        ..mapping::default_spec()
    };
    let mut engineering_as_eng = mapping::default_spec();
    let department = engineering_as_eng
        .mappings
        .iter_mut()
        .find(|m| m.field == "department");
    department.expect("the default maps department").transform = Transform::ValueMap {
        source: "employmentInfo.department.deptName".into(),
        table: vec![ValueMapEntry {
            from: "engineering".into(),
            to: "Eng".into(),
        }],
        default: None,
    };
    let specs = [
        ("the default mapping", mapping::default_spec()),
        (
            "department through a value map row engineering -> Eng, in another case than TriNet's Engineering",
            engineering_as_eng,
        ),
        (
            "excluding customGroupB Yes (the screen's default value)",
            excluding("Yes"),
        ),
        (
            "excluding customGroupB no, in another case than TriNet's No",
            excluding("no"),
        ),
    ];
    // The count Map fields asks for (ui/src/features/mapping/MappingEditor.tsx previewCount).
    let count = 5;
    let previews: Vec<_> = specs
        .iter()
        .map(|&(case, ref spec)| Case {
            case,
            spec: spec.clone(),
            reply: mapping::preview(spec, &employees, count),
        })
        .collect();
    json!({
        "mapping_catalog": {
            "fields": mapping::catalog(employees.iter().map(|e| &e.raw)),
            "employees": employees.len(),
            "fetched_at": "2026-01-05T09:00:00Z",
        },
        "mapping_preview": previews,
    })
}

/// Review's commands asked about an import the store does not have.
fn review_replies() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("roster.db"), &DbKey::from_bytes([6; 32])).unwrap();
    let unknown = 999;
    let query = ChangeQuery {
        kind: None,
        reason: None,
        search: None,
        field: None,
        changed_only: true,
        offset: 0,
        limit: 100,
    };
    // What the UI receives: the reply, or the error it is refused with.
    let reply = |result: Result<Value, SyncError>| match result {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({ "error": IpcError::from(e) }),
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z")
        .unwrap()
        .to_utc();
    json!({
        "unknown_import": unknown,
        "review_summary": reply(imports::summary(&store, unknown).map(|r| json!(r))),
        "review_changes": reply(imports::changes(&store, unknown, &query).map(|r| json!(r))),
        "review_resolve": reply(imports::resolve(&store, unknown, 0, None).map(|r| json!(r))),
        "review_approve": reply(imports::apply(&store, unknown, false, now).map(|r| json!(r))),
        "review_reject": reply(imports::reject(&store, unknown, now).map(|r| json!(r))),
    })
}

/// What the UI receives from a command: its reply, or the error it is refused with.
fn reply<T: Serialize>(result: Result<T, SyncError>) -> Value {
    match result {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({ "error": IpcError::from(e) }),
    }
}

fn at(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .to_utc()
}

/// The sandbox company Roster starts with (seed 42, 250 people), imported
/// once and applied, then a week later planned again: the import waiting
/// for review, on a store of its own.
struct Week {
    _dir: tempfile::TempDir,
    store: Store,
    company: Company,
    open: crate::model::ImportSummary,
}

fn plan_at(store: &Store, employees: &[Employee], today: NaiveDate) -> crate::model::ImportSummary {
    imports::plan_fetch(
        store,
        imports::PlanInput {
            records: employees.into(),
            company_id: "SANDBOX",
            trigger: crate::model::ImportTrigger::Manual,
            today,
            now: at(&format!("{today}T09:00:00Z")),
        },
    )
    .unwrap()
}

fn employees_of(company: &Company) -> Vec<Employee> {
    company
        .to_employee_json()
        .into_iter()
        .map(Employee::from_raw)
        .collect()
}

/// The company's records with a case of each needs-attention reason the
/// week's churn may not bring: a legal name and work email changed at once,
/// a record with no work email, a former employee back under a new ID, and
/// someone gone from TriNet with no termination.
fn with_attention(company: &Company) -> Vec<Employee> {
    let mut raw = company.to_employee_json();
    let status = |v: &Value| {
        v["employmentInfo"]["employmentStatus"]
            .as_str()
            .map(str::to_string)
    };
    // The first active people, in the directory since the first import.
    let active: Vec<usize> = (0..raw.len())
        .filter(|&i| status(&raw[i]).as_deref() == Some("A"))
        .collect();
    let (renamed, no_email, gone) = (active[1], active[2], active[3]);
    raw[renamed]["names"][0]["lastName"] = "Newname".into();
    raw[renamed]["employmentInfo"]["workEmail"] = "renamed@example.com".into();
    raw[no_email]["employmentInfo"]["workEmail"] = Value::Null;
    if let Some(former) = (0..raw.len()).find(|&i| status(&raw[i]).as_deref() == Some("T")) {
        let mut again = raw[former].clone();
        again["employeeId"] = "00009000001".into();
        again["employmentInfo"]["employmentStatus"] = "A".into();
        again["employmentInfo"]["terminationDate"] = Value::Null;
        again["employmentInfo"]["workEmail"] = "back.again@example.com".into();
        raw.push(again);
    }
    raw.remove(gone);
    raw.into_iter().map(Employee::from_raw).collect()
}

fn week() -> Week {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("roster.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let defaults = crate::sandbox::SandboxConfig::default();
    let mut company = Company::generate(defaults.seed, defaults.employees, defaults.start_date);
    let first = plan_at(&store, &employees_of(&company), company.today);
    imports::apply(&store, first.import_id, false, at("2026-01-05T09:05:00Z")).unwrap();
    company.advance(7, &defaults.rates);
    let open = plan_at(&store, &with_attention(&company), company.today);
    Week {
        _dir: dir,
        store,
        company,
        open,
    }
}

/// The queries Review's table sends (ui/src/features/review/useChangePages.ts:
/// every line, 100 a page), each answered on `store`.
fn review_pages(store: &Store, import_id: i64, search: &str) -> Vec<Value> {
    let page = |kind, reason, search: Option<&str>, offset| ChangeQuery {
        kind,
        reason,
        search: search.map(str::to_string),
        field: None,
        changed_only: false,
        offset,
        limit: 100,
    };
    let total = imports::changes(store, import_id, &page(None, None, None, 0))
        .unwrap()
        .total;
    let mut queries: Vec<_> = (0..total)
        .step_by(100)
        .map(|offset| page(None, None, None, offset))
        .collect();
    queries.extend(ChangeKind::iter().map(|kind| page(Some(kind), None, None, 0)));
    let reasons = [
        AttentionReason::InvalidRecord,
        AttentionReason::DuplicateEmail,
        AttentionReason::PossibleDuplicate,
        AttentionReason::PrivacyBlock,
        AttentionReason::MissingFromSource,
    ];
    queries.extend(
        reasons.map(|reason| page(Some(ChangeKind::NeedsAttention), Some(reason), None, 0)),
    );
    queries.push(page(None, None, Some(search), 0));
    queries.push(page(Some(ChangeKind::Updated), None, Some(search), 0));
    queries
        .into_iter()
        .map(|query| {
            let reply = imports::changes(store, import_id, &query).unwrap();
            json!({ "query": query, "reply": reply })
        })
        .collect()
}

/// Every decision the screen can send on every needs-attention line (and
/// taking it back), one at a time, then two the core refuses.
fn review_resolves(store: &Store, import_id: i64, attention: &[ChangeLine]) -> Vec<Value> {
    let mut out = vec![];
    for line in attention {
        let reason = line
            .change
            .reason
            .expect("a needs-attention line has a reason");
        for &resolution in Resolution::allowed(reason) {
            for r in [Some(resolution), None] {
                out.push(json!({
                    "seq": line.seq,
                    "resolution": r,
                    "reply": reply(imports::resolve(store, import_id, line.seq, r)),
                }));
            }
        }
    }
    let refused = |seq, resolution| {
        json!({
            "seq": seq,
            "resolution": resolution,
            "reply": reply(imports::resolve(store, import_id, seq, resolution)),
        })
    };
    let no_link = attention
        .iter()
        .find(|l| l.change.reason != Some(AttentionReason::PossibleDuplicate))
        .expect("the week has a line that cannot be linked");
    out.push(refused(no_link.seq, Some(Resolution::Link)));
    let unchanged = imports::changes(
        store,
        import_id,
        &ChangeQuery {
            kind: Some(ChangeKind::Unchanged),
            limit: 1,
            ..ChangeQuery::default()
        },
    )
    .unwrap();
    out.push(refused(unchanged.lines[0].seq, Some(Resolution::Approve)));
    out
}

/// Every line of an import (of `kind`), in the core's order.
fn lines_of(store: &Store, import_id: i64, kind: Option<ChangeKind>) -> Vec<ChangeLine> {
    let page = imports::changes(
        store,
        import_id,
        &ChangeQuery {
            kind,
            limit: 500,
            ..ChangeQuery::default()
        },
    )
    .unwrap();
    assert_eq!(page.total as usize, page.lines.len(), "one page holds them");
    page.lines
}

/// The week's import held by all three guardrail rules: 30 active people
/// terminated (over 10% of the active and over the limit of 25) and 15
/// work emails changed (over 5%).
fn held(week: &Week) -> Value {
    let mut raw = week.company.to_employee_json();
    let active: Vec<usize> = raw
        .iter()
        .enumerate()
        .filter(|(_, v)| v["employmentInfo"]["employmentStatus"] == "A")
        .map(|(i, _)| i)
        .collect();
    for &i in &active[..30] {
        raw[i]["employmentInfo"]["employmentStatus"] = "T".into();
        raw[i]["employmentInfo"]["terminationDate"] = "2026-01-09".into();
    }
    for (n, &i) in active[30..45].iter().enumerate() {
        raw[i]["employmentInfo"]["workEmail"] = format!("renamed.{n}@example.com").into();
    }
    let employees: Vec<Employee> = raw.into_iter().map(Employee::from_raw).collect();
    let held = plan_at(&week.store, &employees, week.company.today);
    json!({
        "review_summary": held,
        "lines": lines_of(&week.store, held.import_id, None),
        "review_approve": reply(imports::apply(&week.store, held.import_id, false, at("2026-01-12T10:00:00Z"))),
    })
}

/// Review over the sandbox company's second week: the open import, its
/// pages, decisions, approve (with nothing decided and with one line
/// approved), the refusals once decided, reject, a stale import and one
/// held by the guardrail.
fn review_week_replies() -> Value {
    let now = at("2026-01-12T10:00:00Z");
    let w = week();
    let id = w.open.import_id;
    let attention = lines_of(&w.store, id, Some(ChangeKind::NeedsAttention));
    // An updated person's last name, in capitals (search ignores case).
    let updated = lines_of(&w.store, id, Some(ChangeKind::Updated));
    let name = updated[0].name.as_deref().unwrap();
    let search = name.rsplit(' ').next().unwrap().to_uppercase();
    let pages = review_pages(&w.store, id, &search);
    let resolves = review_resolves(&w.store, id, &attention);
    let approved = reply(imports::apply(&w.store, id, false, now));
    let decided = json!({
        "review_resolve": reply(imports::resolve(&w.store, id, attention[0].seq, None)),
        "review_approve": reply(imports::apply(&w.store, id, false, now)),
        "review_reject": reply(imports::reject(&w.store, id, now)),
    });

    let w2 = week();
    let chosen = attention
        .iter()
        .find(|l| l.change.reason == Some(AttentionReason::PrivacyBlock))
        .or_else(|| {
            attention
                .iter()
                .find(|l| l.change.reason != Some(AttentionReason::InvalidRecord))
        })
        .expect("a line that can be approved");
    imports::resolve(&w2.store, id, chosen.seq, Some(Resolution::Approve)).unwrap();
    let approved_one = reply(imports::apply(&w2.store, id, false, now));

    let w3 = week();
    let rejected = reply(imports::reject(&w3.store, id, now));

    let w4 = week();
    w4.store
        .conn()
        .execute("UPDATE import SET based_on = 0 WHERE import_id = ?1", [id])
        .unwrap();
    let stale = json!({
        "review_summary": imports::summary(&w4.store, id).unwrap(),
        "review_approve": reply(imports::apply(&w4.store, id, false, now)),
    });

    let w5 = week();
    json!({
        "review_summary": w.open,
        "review_changes": pages,
        "review_resolve": resolves,
        "review_approve": approved,
        "approved_one": { "seq": chosen.seq, "resolution": Resolution::Approve, "review_approve": approved_one },
        "decided": decided,
        "review_reject": rejected,
        "stale": stale,
        "held": held(&w5),
    })
}

/// The sandbox company after three applied imports (its first day, a week
/// later, two weeks later) and a fourth preview rejected.
fn three_imports() -> Week {
    let mut w = week();
    imports::apply(
        &w.store,
        w.open.import_id,
        false,
        at("2026-01-12T10:00:00Z"),
    )
    .unwrap();
    w.company
        .advance(7, &crate::sandbox::SandboxConfig::default().rates);
    // Two last names whose place differs between SQLite's byte order and a
    // locale's: one in lower case, one starting with a letter beyond ASCII.
    let mut raw = w.company.to_employee_json();
    let active: Vec<usize> = (0..raw.len())
        .filter(|&i| raw[i]["employmentInfo"]["employmentStatus"] == "A")
        .collect();
    raw[active[4]]["names"][0]["lastName"] = "de Vries".into();
    raw[active[5]]["names"][0]["lastName"] = "Ødegaard".into();
    let employees: Vec<Employee> = raw.into_iter().map(Employee::from_raw).collect();
    let third = plan_at(&w.store, &employees, w.company.today);
    imports::apply(&w.store, third.import_id, false, at("2026-01-19T10:00:00Z")).unwrap();

    let fourth = plan_at(&w.store, &employees_of(&w.company), w.company.today);
    imports::reject(&w.store, fourth.import_id, at("2026-01-19T11:00:00Z")).unwrap();
    w
}

/// What Directory's commands answer after [`three_imports`].
fn directory_replies() -> Value {
    let w = three_imports();
    let facets = crate::history::facets(&w.store).unwrap();
    // The page size Directory asks for (ui/src/features/directory/DirectoryScreen.tsx pageSize).
    let page = |search: Option<&str>, department: Option<&str>, offset| DirectoryQuery {
        search: search.map(str::to_string),
        department: department.map(str::to_string),
        location: None,
        status: None,
        offset,
        limit: 200,
    };
    let everyone = facets.total;
    let mut queries: Vec<_> = (0..everyone)
        .step_by(200)
        .map(|offset| page(None, None, offset))
        .collect();
    let first = crate::history::directory(&w.store, &queries[0])
        .unwrap()
        .people[0]
        .clone();
    let full_name = format!(
        "{} {}",
        first.values["first_name"], first.values["last_name"]
    );
    queries.push(page(Some("an"), None, 0));
    queries.push(page(Some(&full_name.to_uppercase()), None, 0));
    queries.push(page(None, Some(&facets.departments[0].value), 0));
    queries.push(page(Some("an"), Some(&facets.departments[1].value), 0));
    let pages: Vec<_> = queries
        .into_iter()
        .map(|query| {
            let reply = crate::history::directory(&w.store, &query).unwrap();
            json!({ "query": query, "reply": reply })
        })
        .collect();
    json!({
        "directory_facets": facets,
        "directory_people": pages,
    })
}

/// What History's commands answer after [`three_imports`]: the timeline
/// (ui/src/features/history/ImportTimeline.tsx asks 100 at a time) and the
/// lifecycle events (LifecycleEvents.tsx, 100 at a time), with filters.
fn history_replies() -> Value {
    let w = three_imports();
    let timeline = |outcome| HistoryQuery {
        outcome,
        trigger: None,
        from: None,
        to: None,
        offset: 0,
        limit: 100,
    };
    let imports: Vec<_> = [None, Some(crate::model::ImportOutcome::Applied)]
        .into_iter()
        .map(|outcome| {
            let query = timeline(outcome);
            json!({ "query": query, "reply": crate::history::imports(&w.store, &query).unwrap() })
        })
        .collect();
    let events = |kind, department: Option<&str>, limit| EventQuery {
        kind,
        department: department.map(str::to_string),
        location: None,
        from: None,
        to: None,
        offset: 0,
        limit,
    };
    let department = crate::history::facets(&w.store).unwrap().departments[0]
        .value
        .clone();
    let queries = [
        events(None, None, 100),
        // Everyone the first import brought in, which lists leave out unless asked.
        events(Some(LifecycleEventKind::Baseline), None, 500),
        events(Some(LifecycleEventKind::Leaver), None, 100),
        events(None, Some(&department), 100),
    ];
    let events: Vec<_> = queries
        .into_iter()
        .map(|query| {
            json!({ "query": query, "reply": crate::history::events(&w.store, &query).unwrap() })
        })
        .collect();
    json!({
        "history_imports": imports,
        "history_events": events,
    })
}

/// Provisioning against the sandbox's identity directory over HTTP, through
/// the operations the IPC commands call: the target as listed, its default
/// rules, a first push previewed and applied (receipts), the pushes, and the
/// reconciliation after it (and History's list of it). What differs run to
/// run (the port, times, the directory's ids, the order concurrent receipts
/// land in) is made stable.
fn provisioning_replies() -> Value {
    use crate::operations::provision as push;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let replies = runtime.block_on(async {
        let state = crate::operations::AppState::open(crate::paths::DataDir::new(dir.path()));
        let handle = crate::sandbox::start(crate::sandbox::SandboxConfig {
            employees: 24,
            seed: 1702,
            ..Default::default()
        })
        .await
        .unwrap();
        *state.sandbox.lock().await = Some(handle);
        crate::operations::connection::connect_sandbox(&state)
            .await
            .unwrap();
        let summary = crate::operations::preview::preview(
            &state,
            crate::model::ImportTrigger::Manual,
            |_| {},
        )
        .await
        .unwrap();
        imports::apply(
            &state.store().unwrap(),
            summary.import_id,
            true,
            at("2026-01-05T09:00:00Z"),
        )
        .unwrap();
        let cancel = crate::net::CancelToken::new();
        let target = push::connect_sandbox_target(&state).await.unwrap();
        let name = target.name.clone();
        let settings = push::target_settings(&state, &name).await.unwrap();
        let mut draft = settings.clone();
        draft
            .groups
            .push(crate::reconcile::settings::GroupRule::Fixed {
                name: "all  Employees".into(),
            });
        let check = crate::operations::target_rules::check_rules(&state, &name, &draft)
            .await
            .unwrap();
        let preview = push::preview(&state, &name, &cancel).await.unwrap();
        let mut applied = push::apply(&state, &name, true, "window", &cancel)
            .await
            .unwrap();
        applied.receipts.sort_by_key(receipt_order);
        let mut pushes = push::pushes(&state, &name).await.unwrap();
        for p in &mut pushes {
            p.receipts.sort_by_key(receipt_order);
        }
        let report = push::reconcile(&state, &name, "window", &cancel)
            .await
            .unwrap();
        let store = state.store().unwrap();
        let reconciliations = crate::history::reconciliations(&store, &Default::default()).unwrap();
        let base = target.base_url.clone();
        let replies = json!({
            "target_list": [target],
            "target_settings": settings,
            "target_rules_check": {"settings": draft, "reply": check},
            "push_preview": preview,
            "push_apply": applied,
            "push_history": pushes,
            "reconcile_report": report,
            "history_reconciliations": reconciliations,
        });
        if let Some(handle) = state.sandbox.lock().await.take() {
            handle.shutdown().await;
        }
        (replies, base)
    });
    stable(replies.0, &replies.1)
}

/// Receipts of concurrent operations in an order that does not depend on
/// which finished first (nor on ids the directory made up).
fn receipt_order(r: &crate::model::Receipt) -> (String, String) {
    let method = r.operation.split(' ').next().unwrap_or("").to_string();
    (r.user_name.clone(), method)
}

/// `value` with the sandbox's address, times and the identity directory's
/// ids replaced by fixed stand-ins (ids numbered in order of appearance).
fn stable(value: Value, base: &str) -> Value {
    fn walk(value: &mut Value, ids: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match (key.as_str(), &*v) {
                        (
                            "checked_at" | "created_at" | "decided_at" | "run_at",
                            Value::String(_),
                        ) => {
                            *v = json!("2026-01-05T09:00:00+00:00");
                        }
                        ("target_id", Value::String(id)) => {
                            if !ids.contains(id) {
                                ids.push(id.clone());
                            }
                        }
                        _ => walk(v, ids),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    let mut value = value;
    let mut ids = vec![];
    walk(&mut value, &mut ids);
    let mut text = value
        .to_string()
        .replace(base, "http://127.0.0.1:8765/scim/v2");
    for (n, id) in ids.iter().enumerate() {
        // Ids are UUIDs: replaced wherever they stand (alone, or in a path).
        text = text.replace(id.as_str(), &format!("account-{}", n + 1));
    }
    serde_json::from_str(&text).unwrap()
}

#[test]
fn recorded_replies_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test/recorded");
    let files = [
        ("mapping.json", mapping_replies()),
        ("mapping-sandbox.json", sandbox_mapping_replies()),
        ("review.json", review_replies()),
        ("review-week.json", review_week_replies()),
        ("directory.json", directory_replies()),
        ("history.json", history_replies()),
        ("provisioning.json", provisioning_replies()),
    ];
    let mut stale = vec![];
    for (name, replies) in files {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&replies).unwrap() + "\n";
        if std::env::var_os("UPDATE_RECORDED").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "recorded replies are stale: {stale:?}; run `UPDATE_RECORDED=1 cargo test -p roster --lib recorded_replies`"
    );
}
