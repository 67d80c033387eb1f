//! Fuzz targets for the mapping transforms: source paths, templates,
//! value maps, fallbacks, dates, and whole mapping specs compiled and run
//! over generated TriNet records (with the checks, preview, catalog and
//! change count around them). None may panic; each keeps its documented
//! promises. The spec generators are shared with the configuration-file
//! targets. Crashes found are kept as the `regression_` tests at the end.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

use super::apply::CompiledMapping;
use super::catalog::{catalog, SAMPLES};
use super::path::{parse_date, PathTree, SourcePath};
use super::schema::{core_fields, DirectoryField, FieldKind};
use super::spec::{default_spec, Exclusion, FieldMapping, MappingSpec, Transform, ValueMapEntry};
use super::template::{self, Piece};
use super::texts::RecordTexts;
use super::versions::{check_against, vet, FetchedPeople, Groups};
use super::{check, group_warnings, preview, preview_texts, PREVIEW_MAX};
use crate::fuzzing::{
    date_like, employee_record, fuzz, hostile_json, hostile_scalar, hostile_text,
};
use crate::trinet::{self, DateValue, Employee};

/// Paths TriNet records have, and near misses.
const REAL_PATHS: &[&str] = &[
    "employeeId",
    "workEmail",
    "employmentInfo",
    "employmentInfo.workEmail",
    "employmentInfo.serviceDate",
    "employmentInfo.terminationDate",
    "employmentInfo.employmentStatus",
    "employmentInfo.supervisor.supervisorId",
    "employmentInfo.supervisorId",
    "employmentInfo.department.deptName",
    "employmentInfo.customGroupA",
    "bioInfo.birthdate",
    "names",
    "names[PRI]",
    "names[PRI].firstName",
    "names[PRF].firstName",
    "names[primary].lastName",
    "names[0].firstName",
    "names[1]",
    "names[99999999999999999999].firstName",
];

/// Source path text: real paths, paths assembled from path punctuation,
/// and hostile text.
pub(crate) fn source_path_text() -> BoxedStrategy<String> {
    let part = prop_oneof![
        3 => select(vec!["employmentInfo", "names", "supervisor", "firstName", "x", "", " "])
            .prop_map(str::to_string),
        3 => select(vec![
            ".", "[", "]", "[PRI]", "[ prf ]", "[0]", "[ 1 ]", "[]", "[[", "]]", "[-1]",
            "[18446744073709551616]", "[İ]",
        ])
        .prop_map(str::to_string),
        1 => hostile_text(),
    ];
    prop_oneof![
        4 => select(REAL_PATHS).prop_map(str::to_string),
        3 => prop::collection::vec(part, 0..7).prop_map(|p| p.concat()),
        1 => hostile_text(),
    ]
    .boxed()
}

const CUSTOM_NAMES: &[&str] = &[
    "cost_center",
    "team",
    "badge_name",
    "employee_id",
    "Team",
    "",
];

/// Directory field names: core, custom, invalid and hostile.
pub(crate) fn field_name() -> BoxedStrategy<String> {
    let core: Vec<String> = core_fields().into_iter().map(|f| f.name).collect();
    prop_oneof![
        4 => select(core),
        2 => select(CUSTOM_NAMES).prop_map(str::to_string),
        1 => hostile_text(),
    ]
    .boxed()
}

/// Template text: placeholders for fields and sources, braces doubled and
/// not, and hostile text in between.
pub(crate) fn template_text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        3 => field_name().prop_map(|f| format!("{{{f}}}")),
        2 => source_path_text().prop_map(|p| format!("{{src:{p}}}")),
        2 => select(vec!["{", "}", "{{", "}}", "{ }", "{src:}", "{src: }", "src:", " ", "-"])
            .prop_map(str::to_string),
        2 => hostile_text(),
    ];
    prop::collection::vec(piece, 0..7)
        .prop_map(|p| p.concat())
        .boxed()
}

fn value_map_entry() -> BoxedStrategy<ValueMapEntry> {
    let from = prop_oneof![
        select(vec!["A", " a ", "T", "İ", "i̇", "ß", "SS", "K", "k", ""]).prop_map(str::to_string),
        hostile_text(),
    ];
    (from, hostile_text())
        .prop_map(|(from, to)| ValueMapEntry { from, to })
        .boxed()
}

/// Any transform, with hostile sources, tables and templates.
pub(crate) fn transform() -> BoxedStrategy<Transform> {
    prop_oneof![
        source_path_text().prop_map(|source| Transform::Direct { source }),
        (
            source_path_text(),
            prop::collection::vec(value_map_entry(), 0..5),
            prop::option::of(hostile_text()),
        )
            .prop_map(|(source, table, default)| Transform::ValueMap {
                source,
                table,
                default
            }),
        source_path_text().prop_map(|source| Transform::Date { source }),
        prop::collection::vec(source_path_text(), 0..4)
            .prop_map(|sources| Transform::Fallback { sources }),
        template_text().prop_map(|template| Transform::Template { template }),
        (source_path_text(), prop::option::of(source_path_text())).prop_map(
            |(source, fallback_source)| Transform::ManagerEmail {
                source,
                fallback_source
            }
        ),
    ]
    .boxed()
}

fn custom_field() -> BoxedStrategy<DirectoryField> {
    (
        prop_oneof![
            select(CUSTOM_NAMES).prop_map(str::to_string),
            hostile_text()
        ],
        hostile_text(),
        select(vec![
            FieldKind::Text,
            FieldKind::Date,
            FieldKind::Number,
            FieldKind::Boolean,
        ]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, label, kind, core, drives_group)| DirectoryField {
            name,
            label,
            kind,
            core,
            drives_group,
        })
        .boxed()
}

/// A mapping spec: the default one with some mappings dropped, custom
/// fields (valid, duplicate, clashing with core, hostile), extra mappings
/// of any transform (to real, unknown and repeated fields), and maybe an
/// exclusion rule.
pub(crate) fn mapping_spec() -> BoxedStrategy<MappingSpec> {
    let defaults = default_spec().mappings;
    (
        prop::collection::vec(prop::bool::weighted(0.8), defaults.len()),
        prop::collection::vec(custom_field(), 0..4),
        prop::collection::vec(
            (field_name(), transform())
                .prop_map(|(field, transform)| FieldMapping { field, transform }),
            0..6,
        ),
        prop::option::weighted(
            0.3,
            (source_path_text(), hostile_text())
                .prop_map(|(source, value)| Exclusion { source, value }),
        ),
        any::<bool>(),
    )
        .prop_map(
            move |(keep, custom_fields, extra, exclusion, extra_first)| {
                let kept = defaults
                    .iter()
                    .zip(keep)
                    .filter(|(_, keep)| *keep)
                    .map(|(m, _)| m.clone());
                let mappings = if extra_first {
                    extra.into_iter().chain(kept).collect()
                } else {
                    kept.chain(extra).collect()
                };
                MappingSpec {
                    custom_fields,
                    mappings,
                    exclusion,
                }
            },
        )
        .boxed()
}

/// A batch of records, mostly TriNet-shaped.
fn records() -> BoxedStrategy<Vec<Value>> {
    prop::collection::vec(
        prop_oneof![6 => employee_record(), 1 => hostile_json()],
        0..8,
    )
    .boxed()
}

fn groups() -> BoxedStrategy<Groups> {
    prop::collection::vec(
        (
            select(vec!["department", "location", "team"]),
            prop::collection::vec(hostile_text(), 0..3),
        ),
        0..3,
    )
    .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    .boxed()
}

/// Splits `template` into pieces and writes them back as a template.
fn render(pieces: &[Piece<'_>]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Literal(s) => s.replace('{', "{{").replace('}', "}}"),
            Piece::Field(f) => format!("{{{f}}}"),
            Piece::Source(s) => format!("{{src:{s}}}"),
        })
        .collect()
}

#[test]
fn fuzz_templates() {
    fuzz("mapping::templates", 3000, template_text(), |text| {
        let Ok(pieces) = template::parse(&text) else {
            return Ok(());
        };
        // A placeholder's name may hold a `{` (`{ {a}` names `{a`); no
        // template spelling gives it back, so those skip the round trip.
        let braced = pieces
            .iter()
            .any(|p| matches!(p, Piece::Field(n) | Piece::Source(n) if n.contains('{')));
        if !braced {
            let again = render(&pieces);
            let reread = template::parse(&again);
            prop_assert_eq!(reread.as_ref(), Ok(&pieces), "written back as {:?}", again);
        }
        for p in &pieces {
            match p {
                Piece::Field(f) | Piece::Source(f) => {
                    prop_assert!(!f.is_empty() && f.trim() == *f)
                }
                Piece::Literal(s) => prop_assert!(!s.is_empty()),
            }
        }
        let t = Transform::Template {
            template: text.clone(),
        };
        prop_assert_eq!(
            t.sources().len(),
            pieces
                .iter()
                .filter(|p| matches!(p, Piece::Source(_)))
                .count()
        );
        Ok(())
    });
}

/// Paths resolve the same one at a time as through a shared tree.
#[test]
fn fuzz_source_paths() {
    let input = (
        prop::collection::vec(source_path_text(), 1..8),
        prop::collection::vec(
            prop_oneof![3 => employee_record(), 1 => hostile_json()],
            0..3,
        ),
    );
    fuzz("mapping::source_paths", 1000, input, |(texts, records)| {
        let paths: Vec<SourcePath> = texts
            .iter()
            .filter_map(|t| SourcePath::parse(t).ok())
            .collect();
        let mut tree = PathTree::default();
        let slots: Vec<_> = paths.iter().map(|p| tree.add(p)).collect();
        let mut values = Vec::new();
        for record in &records {
            tree.resolve(record, &mut values);
            for (path, slot) in paths.iter().zip(&slots) {
                prop_assert_eq!(values[*slot], path.resolve(record), "{:?}", path);
            }
        }
        Ok(())
    });
}

/// The catalog of any batch: counts within the batch, a few short samples.
#[test]
fn fuzz_catalog() {
    fuzz("mapping::catalog", 200, records(), |records| {
        let fields = catalog(&records);
        for f in &fields {
            prop_assert_eq!(f.total as usize, records.len());
            prop_assert!(f.filled <= f.total);
            prop_assert!(f.samples.len() <= SAMPLES);
            for s in &f.samples {
                prop_assert!(s.chars().count() <= 81);
            }
        }
        Ok(())
    });
}

/// One directory field `fuzzed` mapped by `t` beside the default mapping.
fn spec_with(t: Transform) -> MappingSpec {
    let mut spec = default_spec();
    spec.custom_fields.push(DirectoryField {
        name: "fuzzed".into(),
        label: "Fuzzed".into(),
        kind: FieldKind::Text,
        core: false,
        drives_group: false,
    });
    spec.mappings.push(FieldMapping {
        field: "fuzzed".into(),
        transform: t,
    });
    spec
}

/// What `record` maps to in the `fuzzed` field: its value or its error.
fn fuzzed_value(t: Transform, record: &Value) -> Result<Option<String>, String> {
    let mapping = CompiledMapping::compile(&spec_with(t));
    let field = mapping.field_index("fuzzed").expect("the field exists");
    let records = [record.clone()];
    let out = mapping.map_one(record, &mapping.index_for(&records));
    match out.errors.iter().find(|e| e.field == field) {
        Some(e) => Err(e.message.clone()),
        None => Ok(out.values[field].clone()),
    }
}

/// Value maps against a plain model: the first row equal ignoring case and
/// surrounding spaces, else the default, else the value; blank is none.
#[test]
fn fuzz_value_maps() {
    let input = (
        hostile_scalar(),
        prop::collection::vec(value_map_entry(), 0..5),
        prop::option::of(hostile_text()),
        any::<prop::sample::Index>(),
    );
    fuzz(
        "mapping::value_maps",
        1000,
        input,
        |(value, mut table, default, pick)| {
            if let (Value::String(s), false) = (&value, table.is_empty()) {
                // Make a hit likely: one row's `from` is the value, recased.
                let i = pick.index(table.len());
                table[i].from = format!(" {} ", s.to_uppercase());
            }
            let record = json!({ "v": value.clone() });
            let t = Transform::ValueMap {
                source: "v".into(),
                table: table.clone(),
                default: default.clone(),
            };
            let got = fuzzed_value(t, &record);
            let text = match &value {
                Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            let expected = text.map(|text| {
                let lower = text.to_lowercase();
                table
                    .iter()
                    .find(|row| row.from.trim().to_lowercase() == lower)
                    .map(|row| row.to.trim().to_string())
                    .or_else(|| default.as_ref().map(|d| d.trim().to_string()))
                    .unwrap_or(text)
            });
            prop_assert_eq!(got, Ok(expected.filter(|v| !v.is_empty())));
            Ok(())
        },
    );
}

/// Fallbacks take the first source with a value; dates come out as
/// `YYYY-MM-DD` that reads back as the same date, or as an error.
#[test]
fn fuzz_fallbacks_and_dates() {
    let input = (
        prop::collection::vec(prop::option::weighted(0.7, hostile_scalar()), 1..5),
        prop_oneof![date_like(), hostile_text()],
    );
    fuzz(
        "mapping::fallbacks_and_dates",
        1000,
        input,
        |(values, date)| {
            let mut record = serde_json::Map::new();
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    record.insert(format!("f{i}"), v.clone());
                }
            }
            record.insert("d".into(), Value::String(date.clone()));
            let record = Value::Object(record);
            let sources = (0..values.len()).map(|i| format!("f{i}")).collect();
            let got = fuzzed_value(Transform::Fallback { sources }, &record);
            let expected = values.iter().flatten().find_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            });
            prop_assert_eq!(got, Ok(expected));

            let mapped = fuzzed_value(Transform::Date { source: "d".into() }, &record);
            match (mapped, parse_date(&date)) {
                (Ok(Some(iso)), DateValue::Date(d)) => {
                    prop_assert_eq!(iso.len(), 10, "{:?} mapped to {:?}", date, iso);
                    prop_assert_eq!(parse_date(&iso), DateValue::Date(d));
                }
                (Ok(None), DateValue::Missing) | (Err(_), DateValue::Unparseable(_)) => {}
                (mapped, parsed) => {
                    prop_assert!(
                        false,
                        "{:?}: mapped {:?}, parsed {:?}",
                        date,
                        mapped,
                        parsed
                    )
                }
            }
            Ok(())
        },
    );
}

/// Whole specs over whole batches: checked, compiled, mapped in a batch
/// and one by one (the same), previewed, group names compared, changes
/// counted. Every value is trimmed and never blank.
#[test]
fn fuzz_mapping_specs() {
    let input = (mapping_spec(), records(), groups(), 0usize..60);
    fuzz(
        "mapping::specs",
        150,
        input,
        |(spec, records, existing, count)| {
            let fields = catalog(&records);
            let employees: Vec<Employee> =
                records.iter().cloned().map(Employee::from_raw).collect();
            let checked = check(&spec, Some(fields.as_slice()));
            let texts = RecordTexts::of(records.iter().cloned());
            let fetched = FetchedPeople {
                records: &texts,
                catalog: &fields,
            };
            let vetted = vet(&spec, Some(&default_spec()), Some(fetched), &existing, true);
            prop_assert_eq!(vetted.is_err(), !checked.errors.is_empty());
            if let Ok(changed) = vetted {
                prop_assert!(changed as usize <= records.len());
            }

            let mapping = CompiledMapping::compile(&spec);
            let n = mapping.fields().len();
            let batch = mapping.map_all(&records);
            prop_assert_eq!(batch.len(), records.len());
            let index = mapping.index_for(&records);
            for (record, mapped) in records.iter().zip(&batch) {
                // A batch reports deferred manager lookups last: the same
                // errors, in another order.
                let mut one = mapping.map_one(record, &index);
                let mut sorted = mapped.clone();
                one.errors.sort_by_key(|e| e.field);
                sorted.errors.sort_by_key(|e| e.field);
                prop_assert_eq!(one, sorted);
                prop_assert_eq!(mapped.values.len(), n);
                for e in &mapped.errors {
                    prop_assert!(e.field < n && mapped.values[e.field].is_none());
                }
                for v in mapped.values.iter().flatten() {
                    prop_assert!(!v.is_empty() && v.trim() == v, "value {:?}", v);
                }
            }
            // Records fetched keeping only the parts this mapping reads
            // map exactly as the whole records from the same page do.
            let page = serde_json::to_vec(&json!({
                "data": { "hasMore": false, "employeeData": &records },
            }))
            .expect("serialisable");
            let whole = trinet::parse_employee_page("/fuzz", &page).expect("a whole page");
            let whole: Vec<Value> = whole.employees.into_iter().map(|e| e.raw).collect();
            let kept = trinet::parse_employee_page_kept("/fuzz", &page, &mapping.keep())
                .expect("a kept page");
            let from_whole = mapping.map_all(&whole);
            prop_assert_eq!(&mapping.map_all(&kept.employees), &from_whole);
            let values = mapping.values_of(&kept.employees);
            prop_assert_eq!(&mapping.map_all(&values), &from_whole);
            // And records read straight into tables, as a preview fetches.
            let tables = trinet::parse_employee_page_tabled(
                "/fuzz",
                &page,
                &mapping.keep(),
                mapping.slots(),
            )
            .expect("a tabled page");
            let from_tables = mapping.values_from_tables(tables.employees);
            prop_assert_eq!(&from_tables, &values);
            prop_assert_eq!(&mapping.map_all(&from_tables), &from_whole);

            let shown = preview(&spec, &employees, count);
            // Map fields' kept texts preview and check as the whole records.
            prop_assert_eq!(&preview_texts(&spec, &texts, count), &shown);
            prop_assert_eq!(
                check_against(&spec, Some(fetched), &existing).group_warnings,
                group_warnings(&mapping, &batch, &existing)
            );
            prop_assert_eq!(shown.rows.len(), count.min(PREVIEW_MAX).min(records.len()));
            prop_assert!(shown.rows.iter().all(|r| r.values.len() == n));
            Ok(())
        },
    );
}

/// Every field's saved shape survives JSON (the database and IPC form).
#[test]
fn fuzz_mapping_specs_travel_as_json() {
    fuzz("mapping::spec_json", 500, mapping_spec(), |spec| {
        let text = serde_json::to_string(&spec).expect("a spec serialises");
        let back: MappingSpec = serde_json::from_str(&text).expect("and reads back");
        prop_assert_eq!(back, spec);
        Ok(())
    });
}

/// Found by `fuzz_fallbacks_and_dates`: "+10000-01-01T00:00" was read as a
/// date and mapped to "10000-01-01", and "-0001-01-01" to "-001-01-01":
/// neither is the `YYYY-MM-DD` a date field holds. Dates outside years
/// 0000 to 9999 are now "not a date", shown on the field.
#[test]
fn regression_dates_outside_four_digit_years_are_not_dates() {
    let date = || Transform::Date { source: "d".into() };
    for text in [
        "+10000-01-01T00:00",
        "-0001-01-01",
        "10000-01-01",
        "+275760-09-13",
    ] {
        let got = fuzzed_value(date(), &json!({ "d": text }));
        assert!(
            matches!(&got, Err(m) if m.contains("is not a date")),
            "{text}: {got:?}"
        );
        assert_eq!(DateValue::parse(text), DateValue::Unparseable(text.into()));
    }
    assert_eq!(
        fuzzed_value(date(), &json!({ "d": "9999-12-31T23:59:59Z" })),
        Ok(Some("9999-12-31".into()))
    );
    assert_eq!(
        fuzzed_value(date(), &json!({ "d": "1/2/0001" })),
        Ok(Some("0001-01-02".into()))
    );
}
