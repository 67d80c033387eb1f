//! Replies of Roster's real core, recorded for the UI's tests
//! (`ui/src/test/recorded/*.json`), so vitest and the e2e mock serve what Rust
//! answers instead of re-implementing its rules in TypeScript. Each reply comes
//! from the functions the IPC command calls, on a real store file. A test fails
//! while a committed file is stale;
//! `UPDATE_RECORDED=1 cargo test -p roster --lib recorded_replies` rewrites them.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{json, Value};

use chrono::NaiveDate;

use crate::app::IpcError;
use crate::mapping::{
    self, versions, DirectoryField, Exclusion, FieldKind, MappingSpec, Transform, ValueMapEntry,
};
use crate::model::ChangeQuery;
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
    let employees: Vec<Employee> = company
        .to_employee_json()
        .into_iter()
        .map(Employee::from_raw)
        .collect();
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

#[test]
fn recorded_replies_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test/recorded");
    let files = [
        ("mapping.json", mapping_replies()),
        ("mapping-sandbox.json", sandbox_mapping_replies()),
        ("review.json", review_replies()),
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
