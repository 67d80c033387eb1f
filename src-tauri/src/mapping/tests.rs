//! The mapping engine end to end: each transform, the default mapping on a
//! sandbox company, exclusion, group names, checks that name their field,
//! and versions in a real (encrypted) database.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;
use crate::sandbox::Company;
use crate::store::{DbKey, Store};
use crate::sync::{mapping_versions, SyncError};
use crate::trinet::Employee;

fn company(n: usize) -> Company {
    Company::generate(42, n, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
}

/// `people` as Map fields keeps them.
fn texts(people: &[Employee]) -> super::RecordTexts {
    super::RecordTexts::of(people.iter().map(|e| e.raw.clone()))
}

fn employees(c: &Company) -> Vec<Employee> {
    c.to_employee_json()
        .into_iter()
        .map(Employee::from_raw)
        .collect()
}

fn spec_with(field: &str, transform: Transform) -> MappingSpec {
    let mut spec = default_spec();
    spec.custom_fields.push(DirectoryField {
        name: field.into(),
        label: "Test field".into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec.mappings.push(FieldMapping {
        field: field.into(),
        transform,
    });
    spec
}

/// `transform` applied to each record: (value, error) of the test field.
fn run(transform: Transform, records: &[Value]) -> Vec<(Option<String>, Option<String>)> {
    let mapping = CompiledMapping::compile(&spec_with("probe", transform));
    let i = mapping.field_index("probe").unwrap();
    mapping
        .map_all(records)
        .into_iter()
        .map(|r| {
            let err = r
                .errors
                .iter()
                .find(|e| e.field == i)
                .map(|e| e.message.clone());
            (r.values[i].clone(), err)
        })
        .collect()
}

fn values(transform: Transform, records: &[Value]) -> Vec<Option<String>> {
    run(transform, records)
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn direct_copies_trimmed_text_numbers_and_booleans() {
    let records = [
        json!({"a": {"b": "  Sales  "}}),
        json!({"a": {"b": 40}}),
        json!({"a": {"b": true}}),
        json!({"a": {"b": "   "}}),
        json!({"a": {"b": null}}),
        json!({"a": {}}),
    ];
    let t = Transform::Direct {
        source: "a.b".into(),
    };
    assert_eq!(
        values(t, &records),
        [s("Sales"), s("40"), s("true"), None, None, None]
    );
    let grouped = run(Transform::Direct { source: "a".into() }, &records[..1]);
    assert!(grouped[0].1.as_deref().unwrap().contains("group of values"));
}

#[test]
fn value_map_matches_ignoring_case_and_spaces_with_or_without_default() {
    let records = [
        json!({"d": "ENG"}),
        json!({"d": " eng "}),
        json!({"d": "Ops"}),
        json!({"d": null}),
        json!({"d": "Ärzte"}),
    ];
    let table = vec![
        ValueMapEntry {
            from: "eng".into(),
            to: "Engineering".into(),
        },
        ValueMapEntry {
            from: "ÄRZTE".into(),
            to: "Medical".into(),
        },
    ];
    let keep = Transform::ValueMap {
        source: "d".into(),
        table: table.clone(),
        default: None,
    };
    assert_eq!(
        values(keep, &records),
        [
            s("Engineering"),
            s("Engineering"),
            s("Ops"),
            None,
            s("Medical")
        ]
    );
    let other = Transform::ValueMap {
        source: "d".into(),
        table,
        default: Some("Other".into()),
    };
    assert_eq!(values(other, &records)[2], s("Other"));
}

#[test]
fn date_normalises_every_spelling_and_reports_the_rest() {
    let records = [
        json!({"d": "2021-03-01"}),
        json!({"d": "2021-03-01T00:00:00"}),
        json!({"d": "2021-03-01T23:30:00-08:00"}),
        json!({"d": "3/1/2021"}),
        json!({"d": "13/45/2021"}),
        json!({"d": ""}),
        json!({"d": 20210301}),
    ];
    let out = run(Transform::Date { source: "d".into() }, &records);
    for row in &out[..4] {
        assert_eq!(row, &(s("2021-03-01"), None));
    }
    assert_eq!(out[4].0, None);
    assert!(out[4].1.as_deref().unwrap().contains("not a date"));
    assert_eq!(out[5], (None, None));
    assert!(out[6].1.is_some());
}

#[test]
fn fallback_takes_the_first_field_with_a_value() {
    let records = [
        json!({"names": [{"nameType": "PRI", "firstName": "Grace"}, {"nameType": "PRF", "firstName": "Amazing"}]}),
        json!({"names": [{"nameType": "PRI", "firstName": "Ada"}, {"nameType": "PRF", "firstName": " "}]}),
        json!({"names": []}),
    ];
    let t = Transform::Fallback {
        sources: vec!["names[PRF].firstName".into(), "names[PRI].firstName".into()],
    };
    assert_eq!(values(t, &records), [s("Amazing"), s("Ada"), None]);
}

#[test]
fn template_joins_directory_fields_and_trinet_values() {
    let records = [
        json!({"employeeId": "1", "names": [{"nameType": "PRI", "firstName": "Grace", "lastName": "Hopper"}],
               "employmentInfo": {"jobCode": "ENG2"}}),
        json!({"employeeId": "2", "names": [{"nameType": "PRI", "lastName": "Prince"}], "employmentInfo": {}}),
        json!({"employeeId": "3"}),
    ];
    let t = Transform::Template {
        template: "{first_name} {last_name} ({src:employmentInfo.jobCode}) {{x}}".into(),
    };
    assert_eq!(
        values(t, &records),
        [s("Grace Hopper (ENG2) {x}"), s("Prince () {x}"), None]
    );
    let constant = Transform::Template {
        template: "Riverstone".into(),
    };
    assert_eq!(values(constant, &records[..1]), [s("Riverstone")]);
}

#[test]
fn templates_that_refer_to_each_other_in_a_circle_are_an_error_not_a_hang() {
    let mut spec = spec_with(
        "a_field",
        Transform::Template {
            template: "{b_field}".into(),
        },
    );
    spec.custom_fields.push(DirectoryField {
        name: "b_field".into(),
        label: "B".into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec.mappings.push(FieldMapping {
        field: "b_field".into(),
        transform: Transform::Template {
            template: "x{a_field}".into(),
        },
    });
    let mapping = CompiledMapping::compile(&spec);
    let r = mapping.map_all(&[json!({"employeeId": "1"})]);
    assert_eq!(r[0].errors.len(), 2, "{:?}", r[0].errors);
    let result = check(&spec, None);
    let fields: Vec<&str> = result.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["a_field", "b_field"]);
    assert!(result.errors[0].message.contains("refers back to itself"));
}

#[test]
fn manager_email_resolves_the_supervisor_within_the_fetch() {
    let records = [
        json!({"employeeId": "100", "employmentInfo": {"workEmail": "ada@x.example"}}),
        json!({"employeeId": "101", "employmentInfo": {"supervisor": {"supervisorId": "100"}}}),
        json!({"employeeId": "102", "employmentInfo": {"supervisorId": "100"}}),
        json!({"employeeId": "103", "employmentInfo": {"supervisorId": "999"}}),
        json!({"employeeId": "104", "employmentInfo": {"supervisorId": "105"}}),
        json!({"employeeId": "105", "employmentInfo": {}}),
    ];
    let t = Transform::ManagerEmail {
        source: "employmentInfo.supervisor.supervisorId".into(),
        fallback_source: Some("employmentInfo.supervisorId".into()),
    };
    let out = run(t, &records);
    assert_eq!(out[0], (None, None), "no supervisor, no manager");
    assert_eq!(out[1].0, s("ada@x.example"));
    assert_eq!(
        out[2].0,
        s("ada@x.example"),
        "the flat supervisorId is the fallback"
    );
    assert!(out[3]
        .1
        .as_deref()
        .unwrap()
        .contains("not among the fetched"));
    assert!(out[4].1.as_deref().unwrap().contains("no work email"));
}

#[test]
fn default_mapping_fills_every_core_field_for_a_typical_active_employee() {
    let c = company(250);
    let people = employees(&c);
    let mapping = CompiledMapping::compile(&default_spec());
    let mapped = mapping.map_all(&people);
    let typical = c
        .employees
        .iter()
        .position(|e| {
            e.status == 'A'
                && e.supervisor.is_some()
                && e.preferred.is_some()
                && e.bad.is_none()
                && e.termination_date.is_none()
                && c.is_visible(e)
        })
        .expect("a typical employee");
    let person = &c.employees[typical];
    let at = people
        .iter()
        .position(|p| p.employee_id.as_deref() == Some(&person.employee_id()))
        .unwrap();
    let record = &mapped[at];
    let get = |name: &str| record.values[mapping.field_index(name).unwrap()].clone();
    for f in core_fields() {
        if f.name == "end_date" {
            assert_eq!(get("end_date"), None, "active people have no end date");
            continue;
        }
        assert!(get(&f.name).is_some(), "{} is empty", f.name);
    }
    assert!(record.errors.is_empty(), "{:?}", record.errors);
    assert_eq!(get("status").as_deref(), Some("active"));
    assert_eq!(get("first_name").as_deref(), Some(person.first.as_str()));
    assert_eq!(get("preferred_name"), person.preferred.clone());
    assert_eq!(
        get("start_date"),
        Some(person.service_date.format("%Y-%m-%d").to_string())
    );
    let manager = &c.employees[person.supervisor.unwrap()];
    assert_eq!(get("manager_email").as_deref(), manager.shown_email());
    assert_eq!(
        get("employment_type").as_deref(),
        Some(if person.full_time { "F" } else { "P" })
    );

    // Status codes become the directory's words; a terminated person has an end date.
    let statuses: std::collections::HashSet<String> = mapped
        .iter()
        .filter_map(|r| r.values[mapping.field_index("status").unwrap()].clone())
        .collect();
    assert!(
        statuses.is_subset(
            &["active", "on_leave", "terminated"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        ),
        "{statuses:?}"
    );
    assert!(statuses.contains("terminated"));
}

#[test]
fn excluded_people_are_marked_and_kept() {
    let c = company(250);
    let people = employees(&c);
    let mut spec = default_spec();
    spec.exclusion = Some(Exclusion {
        source: "employmentInfo.customGroupB".into(),
        value: " yes ".into(),
    });
    let mapped = CompiledMapping::compile(&spec).map_all(&people);
    assert_eq!(mapped.len(), people.len(), "nobody is dropped");
    let expected = people
        .iter()
        .filter(|p| p.custom_group_b.as_deref() == Some("Yes"))
        .count();
    assert!(expected > 0);
    assert_eq!(mapped.iter().filter(|r| r.excluded).count(), expected);
    let none = CompiledMapping::compile(&default_spec()).map_all(&people);
    assert!(none.iter().all(|r| !r.excluded));
}

#[test]
fn group_names_differing_only_by_case_or_spacing_are_flagged() {
    let records = [
        json!({"employeeId": "1", "employmentInfo": {"department": {"deptName": "Sales Team"}}}),
        json!({"employeeId": "2", "employmentInfo": {"department": {"deptName": "Sales Team"}}}),
        json!({"employeeId": "3", "employmentInfo": {"department": {"deptName": "sales  team"}}}),
        json!({"employeeId": "4", "employmentInfo": {"department": {"deptName": "Support"}}}),
        json!({"employeeId": "5", "employmentInfo": {"department": {"deptName": "Engineering"}}}),
    ];
    let mapping = CompiledMapping::compile(&default_spec());
    let mapped = mapping.map_all(&records);
    let existing = HashMap::from([("department".to_string(), vec!["ENGINEERING".to_string()])]);
    let warnings = group_warnings(&mapping, &mapped, &existing);
    assert_eq!(
        warnings,
        [
            GroupWarning {
                field: "department".into(),
                value: "Engineering".into(),
                similar_to: "ENGINEERING".into(),
                in_directory: true,
            },
            GroupWarning {
                field: "department".into(),
                value: "sales  team".into(),
                similar_to: "Sales Team".into(),
                in_directory: false,
            },
        ]
    );
    assert_eq!(
        check::normalise_group_name("  Sales \t Team "),
        "sales team"
    );
}

#[test]
fn sandbox_custom_groups_with_odd_spellings_need_acknowledgement() {
    let c = company(2000);
    let people = employees(&c);
    let catalog = super::catalog(people.iter().map(|e| &e.raw));
    let mut spec = spec_with(
        "team",
        Transform::Direct {
            source: "employmentInfo.customGroupA".into(),
        },
    );
    spec.custom_fields[0].drives_group = true;
    let fetched = FetchedPeople {
        records: &texts(&people),
        catalog: &catalog,
    };
    let result = versions::check_against(&spec, Some(fetched), &HashMap::new());
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert!(
        !result.group_warnings.is_empty(),
        "the sandbox spells some teams oddly"
    );
    assert!(result.group_warnings.iter().all(|w| w.field == "team"
        && check::normalise_group_name(&w.value) == check::normalise_group_name(&w.similar_to)));

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([9; 32])).unwrap();
    let refused = mapping_versions::save(
        &store,
        &spec,
        Some(fetched),
        false,
        None,
        "2026-11-22T10:00:00Z",
    );
    assert!(
        matches!(
            refused,
            Err(SyncError::Mapping(
                MappingError::GroupNamesNotAcknowledged { .. }
            ))
        ),
        "{refused:?}"
    );
    let saved = mapping_versions::save(
        &store,
        &spec,
        Some(fetched),
        true,
        None,
        "2026-11-22T10:00:00Z",
    )
    .unwrap();
    assert_eq!(saved.version, 1);
}

#[test]
fn checks_name_the_field_and_say_what_to_do() {
    let mut spec = default_spec();
    spec.custom_fields.push(DirectoryField {
        name: "cost_center".into(),
        label: "Cost center".into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec.custom_fields.push(DirectoryField {
        name: "department".into(),
        label: "Dept".into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec.mappings
        .retain(|m| m.field != "work_email" && m.field != "job_title");
    for m in &mut spec.mappings {
        match m.field.as_str() {
            "location" => m.transform = Transform::Direct { source: " ".into() },
            "status" => {
                if let Transform::ValueMap { table, .. } = &mut m.transform {
                    table.push(ValueMapEntry {
                        from: "".into(),
                        to: "x".into(),
                    });
                }
            }
            "preferred_name" => {
                m.transform = Transform::Template {
                    template: "{nickname}".into(),
                }
            }
            "department" => {
                m.transform = Transform::Direct {
                    source: "employmentInfo.notThere".into(),
                }
            }
            _ => {}
        }
    }
    spec.exclusion = Some(Exclusion {
        source: "".into(),
        value: "Yes".into(),
    });
    let catalog = [SourceField {
        path: "employmentInfo.department.deptName".into(),
        kind: SourceKind::Text,
        filled: 1,
        total: 1,
        samples: vec![],
    }];
    let result = check(&spec, Some(&catalog));
    let error = |field: &str| {
        result
            .errors
            .iter()
            .find(|e| e.field == field)
            .unwrap_or_else(|| panic!("no error for {field}: {:?}", result.errors))
            .message
            .clone()
    };
    assert!(error("cost_center").starts_with("Cost center: has no TriNet field mapped"));
    assert!(error("department").contains("already a core field"));
    assert!(error("work_email").starts_with("Work email: must be mapped"));
    assert!(error("location").starts_with("Location: no TriNet field is chosen"));
    assert!(error("status").contains("row 8 of the value map"));
    assert!(error("preferred_name").contains("{nickname}"));
    assert!(error("exclusion").starts_with("Exclusion rule:"));
    let warning = |field: &str| {
        result
            .warnings
            .iter()
            .find(|w| w.field == field)
            .map(|w| w.message.clone())
    };
    assert!(warning("job_title").unwrap().contains("not mapped"));
    assert!(
        warning("employee_id").unwrap().contains("`employeeId`"),
        "sources missing from the catalog are only a warning"
    );
    assert!(check(&default_spec(), None).errors.is_empty());
    assert!(check(&default_spec(), None).warnings.is_empty());
}

#[test]
fn save_refuses_errors_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([8; 32])).unwrap();
    let mut spec = default_spec();
    spec.mappings.retain(|m| m.field != "employee_id");
    match mapping_versions::save(&store, &spec, None, true, None, "2026-11-22T10:00:00Z") {
        Err(SyncError::Mapping(MappingError::Invalid { field, message, .. })) => {
            assert_eq!(field, "employee_id");
            assert!(message.starts_with("Employee ID:"), "{message}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(store.mapping_versions().unwrap().is_empty());
}

#[test]
fn versions_save_restore_and_count_changed_people() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let c = company(300);
    let people = employees(&c);
    let catalog = super::catalog(people.iter().map(|e| &e.raw));
    let fetched = Some(FetchedPeople {
        records: &texts(&people),
        catalog: &catalog,
    });

    let fresh = mapping_versions::current(&store).unwrap();
    assert_eq!((fresh.version, fresh.saved_at.as_deref()), (None, None));
    assert_eq!(fresh.spec, default_spec());

    let first = mapping_versions::save(
        &store,
        &default_spec(),
        fetched,
        false,
        Some("first"),
        "2026-11-22T10:00:00Z",
    )
    .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(
        first.people_changed as usize,
        people.len(),
        "a first save changes everyone"
    );

    // Version 2 maps job titles from the job code instead.
    let mut second_spec = default_spec();
    for m in &mut second_spec.mappings {
        if m.field == "job_title" {
            m.transform = Transform::Direct {
                source: "employmentInfo.jobCode".into(),
            };
        }
    }
    let second = mapping_versions::save(
        &store,
        &second_spec,
        fetched,
        false,
        None,
        "2026-11-22T11:00:00Z",
    )
    .unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(
        second.people_changed as usize,
        people.len(),
        "every title changes"
    );
    let same = versions::count_changed(Some(&second_spec), &second_spec, fetched);
    assert_eq!(same, 0);

    let restored = mapping_versions::restore(&store, 1, fetched, "2026-11-22T12:00:00Z").unwrap();
    assert_eq!(restored.version, 3);
    let now = mapping_versions::current(&store).unwrap();
    assert_eq!(now.version, Some(3));
    assert_eq!(now.spec, default_spec(), "version 3 is version 1's spec");
    assert_eq!(
        mapping_versions::version(&store, 2).unwrap().spec,
        second_spec
    );

    let history = mapping_versions::history(&store).unwrap();
    let listed: Vec<(u32, Option<&str>)> = history
        .iter()
        .map(|h| (h.version, h.note.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            (3, Some("Restored version 1")),
            (2, None),
            (1, Some("first"))
        ]
    );
    assert_eq!(history[0].fields_mapped, 14);
    assert!(matches!(
        mapping_versions::restore(&store, 9, None, "x"),
        Err(SyncError::Mapping(MappingError::NoSuchVersion {
            version: 9
        }))
    ));
}

#[test]
fn preview_shows_the_first_people_with_names_values_and_problems() {
    let c = company(250);
    let people = employees(&c);
    let spec = spec_with(
        "team",
        Transform::Direct {
            source: "employmentInfo.customGroupA".into(),
        },
    );
    let p = preview(&spec, &people, 500);
    assert_eq!(p.rows.len(), PREVIEW_MAX);
    assert_eq!(p.fields.len(), 15);
    assert_eq!(p.fields.last().map(String::as_str), Some("team"));
    let row = &p.rows[0];
    assert_eq!(row.employee_id, people[0].employee_id);
    assert!(row.name.is_some());
    assert_eq!(row.values.len(), 15);
    assert_eq!(
        row.values[14].value,
        people[0]
            .custom_group_a
            .as_ref()
            .map(|s| s.trim().to_string())
    );
    assert_eq!(preview(&spec, &people, 3).rows.len(), 3);

    // The sandbox's malformed dates show as errors on that field.
    let bad = people
        .iter()
        .position(|e| matches!(e.service_date, crate::trinet::DateValue::Unparseable(_)));
    if let Some(at) = bad.filter(|&i| i < PREVIEW_MAX) {
        let v = &p.rows[at].values[6];
        assert_eq!(v.field, "start_date");
        assert!(v.error.is_some());
    }
}

#[test]
fn the_default_mapping_checks_clean_against_the_sandbox_catalog() {
    let c = company(250);
    let people = employees(&c);
    let catalog = super::catalog(people.iter().map(|e| &e.raw));
    let result = check(&default_spec(), Some(&catalog));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert!(
        result.warnings.is_empty(),
        "a fallback path TriNet does not send is fine while another one is there: {:?}",
        result.warnings
    );
    let mut spec = default_spec();
    spec.mappings[0].transform = Transform::Fallback {
        sources: vec!["nope.a".into(), "nope.b".into()],
    };
    let warned = check(&spec, Some(&catalog)).warnings;
    assert_eq!(warned.len(), 1);
    assert!(
        warned[0].message.contains("`nope.a` or `nope.b`"),
        "{}",
        warned[0].message
    );
}

#[test]
fn a_group_spelled_like_one_already_in_the_directory_is_flagged_before_saving() {
    use crate::sync::{imports, tests as sync_tests};

    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let c = company(300);
    let people = employees(&c);
    mapping_versions::save(
        &store,
        &default_spec(),
        None,
        false,
        None,
        "2026-11-22T10:00:00Z",
    )
    .unwrap();
    let first = sync_tests::plan(&store, &people, sync_tests::start());
    imports::apply(&store, first.import_id, false, chrono::Utc::now()).unwrap();
    let groups = mapping_versions::existing_groups(&store, &default_spec()).unwrap();
    let departments = &groups["department"];
    assert!(
        departments.contains(&"Engineering".to_string()),
        "{departments:?}"
    );
    assert!(!groups["location"].is_empty());

    // TriNet now says "Engineering" but the new mapping writes "ENGINEERING":
    // every fetched record agrees, so only the directory shows the clash.
    let mut spec = default_spec();
    for m in &mut spec.mappings {
        if m.field == "department" {
            m.transform = Transform::ValueMap {
                source: "employmentInfo.department.deptName".into(),
                table: vec![ValueMapEntry {
                    from: "engineering".into(),
                    to: "ENGINEERING".into(),
                }],
                default: None,
            };
        }
    }
    let catalog = super::catalog(people.iter().map(|e| &e.raw));
    let fetched = Some(FetchedPeople {
        records: &texts(&people),
        catalog: &catalog,
    });
    let without_directory = versions::check_against(&spec, fetched, &HashMap::new());
    assert!(!without_directory
        .group_warnings
        .iter()
        .any(|w| w.similar_to == "Engineering"));
    let checked = versions::check_against(&spec, fetched, &groups);
    assert!(
        checked.group_warnings.contains(&GroupWarning {
            field: "department".into(),
            value: "ENGINEERING".into(),
            similar_to: "Engineering".into(),
            in_directory: true,
        }),
        "{:?}",
        checked.group_warnings
    );
    let refused =
        mapping_versions::save(&store, &spec, fetched, false, None, "2026-11-22T11:00:00Z");
    assert!(
        matches!(
            refused,
            Err(SyncError::Mapping(
                MappingError::GroupNamesNotAcknowledged { .. }
            ))
        ),
        "{refused:?}"
    );
    assert_eq!(store.mapping_versions().unwrap().len(), 1, "nothing saved");
    let saved =
        mapping_versions::save(&store, &spec, fetched, true, None, "2026-11-22T11:00:00Z").unwrap();
    assert_eq!(saved.version, 2);
}
