//! Saving, reading and restoring mapping versions. Every save is a new
//! version; restoring an old one saves its spec again, so history stays a
//! straight line and every import can name the exact version it used.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::apply::{CompiledMapping, MappedRecord};
use super::catalog::SourceField;
use super::check::{check, group_warnings, MappingCheck};
use super::spec::{default_spec, MappingSpec};
use super::MappingError;
use crate::store::{MappingVersionRow, Store};
use crate::trinet::Employee;

/// Group names by directory field name.
pub type Groups = std::collections::HashMap<String, Vec<String>>;

/// The mapping the screen opens with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappingState {
    /// `None`: nothing saved yet; `spec` is the default mapping.
    pub version: Option<u32>,
    pub spec: MappingSpec,
    /// RFC 3339.
    pub saved_at: Option<String>,
}

/// What a save (or restore) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedMapping {
    pub version: u32,
    /// RFC 3339.
    pub saved_at: String,
    /// Of the last fetched people, how many map differently than under the
    /// previous version (all of them for a first save; 0 with no fetch).
    pub people_changed: u32,
}

/// One line of the version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappingVersionSummary {
    pub version: u32,
    pub saved_at: String,
    pub note: Option<String>,
    /// Directory fields with a mapping.
    pub fields_mapped: u32,
    pub custom_fields: u32,
}

/// The last fetch, as the checks and the change count use it.
#[derive(Debug, Clone, Copy)]
pub struct FetchedPeople<'a> {
    pub employees: &'a [Employee],
    pub catalog: &'a [SourceField],
}

fn spec_of(row: &MappingVersionRow) -> Result<MappingSpec, MappingError> {
    serde_json::from_str(&row.spec).map_err(|e| {
        tracing::error!(version = row.version, error = %e, "saved mapping does not parse");
        MappingError::Unreadable {
            version: row.version,
        }
    })
}

fn state_of(row: &MappingVersionRow) -> Result<MappingState, MappingError> {
    Ok(MappingState {
        version: Some(row.version),
        spec: spec_of(row)?,
        saved_at: Some(row.saved_at.clone()),
    })
}

/// The latest saved mapping, or the default one when none is saved.
pub fn current(store: &Store) -> Result<MappingState, MappingError> {
    match store.latest_mapping_version()? {
        Some(row) => state_of(&row),
        None => Ok(MappingState {
            version: None,
            spec: default_spec(),
            saved_at: None,
        }),
    }
}

pub fn version(store: &Store, version: u32) -> Result<MappingState, MappingError> {
    let row = store
        .mapping_version(version)?
        .ok_or(MappingError::NoSuchVersion { version })?;
    state_of(&row)
}

/// Every saved version, newest first.
pub fn history(store: &Store) -> Result<Vec<MappingVersionSummary>, MappingError> {
    store
        .mapping_versions()?
        .iter()
        .map(|row| {
            let spec = spec_of(row)?;
            Ok(MappingVersionSummary {
                version: row.version,
                saved_at: row.saved_at.clone(),
                note: row.note.clone(),
                fields_mapped: spec.mappings.len() as u32,
                custom_fields: spec.custom_fields.len() as u32,
            })
        })
        .collect()
}

/// The directory's group names in use, for the fields of `spec` that drive
/// a group (by field name; empty before the first import).
pub fn existing_groups(store: &Store, spec: &MappingSpec) -> Result<Groups, MappingError> {
    let fields: Vec<String> = spec
        .fields()
        .into_iter()
        .filter(|f| f.drives_group)
        .map(|f| f.name)
        .collect();
    Ok(store.group_names(&fields)?)
}

/// Errors, warnings and (with a fetch) group-name warnings for `spec`.
/// `existing_groups` are the directory's group names by field (see
/// [`existing_groups`]): a fetched value spelled like one of them but not
/// the same is flagged too.
pub fn check_against(
    spec: &MappingSpec,
    fetched: Option<FetchedPeople<'_>>,
    existing_groups: &Groups,
) -> MappingCheck {
    let mut result = check(spec, fetched.map(|f| f.catalog));
    if let Some(f) = fetched {
        if !f.employees.is_empty() {
            let mapping = CompiledMapping::compile(spec);
            let records = mapping.map_all(f.employees);
            result.group_warnings = group_warnings(&mapping, &records, existing_groups);
        }
    }
    result
}

fn value(r: &MappedRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| r.values[i].as_deref())
}

/// People in `employees` whose mapped values (by field name) or exclusion
/// differ between `before` and `after`.
pub fn people_changed(before: &MappingSpec, after: &MappingSpec, employees: &[Employee]) -> u32 {
    let (old, new) = (
        CompiledMapping::compile(before),
        CompiledMapping::compile(after),
    );
    let (old_rows, new_rows) = (old.map_all(employees), new.map_all(employees));
    let mut names: Vec<&str> = new.fields().iter().map(|f| f.name.as_str()).collect();
    for f in old.fields() {
        if !names.contains(&f.name.as_str()) {
            names.push(&f.name);
        }
    }
    let columns: Vec<(Option<usize>, Option<usize>)> = names
        .iter()
        .map(|n| (old.field_index(n), new.field_index(n)))
        .collect();
    old_rows
        .iter()
        .zip(&new_rows)
        .filter(|(a, b)| {
            a.excluded != b.excluded || columns.iter().any(|&(i, j)| value(a, i) != value(b, j))
        })
        .count() as u32
}

/// The newest saved spec, if any.
pub fn latest_spec(store: &Store) -> Result<Option<MappingSpec>, MappingError> {
    store
        .latest_mapping_version()?
        .map(|row| spec_of(&row))
        .transpose()
}

/// The spec of version `version`.
pub fn spec_at(store: &Store, version: u32) -> Result<MappingSpec, MappingError> {
    let row = store
        .mapping_version(version)?
        .ok_or(MappingError::NoSuchVersion { version })?;
    spec_of(&row)
}

/// Decides whether `spec` may be saved over `previous`, and how many of the
/// fetched people it changes. Refused while the check has errors, or has
/// group warnings the admin did not acknowledge. CPU-heavy with a large
/// fetch; touches no database.
pub fn vet(
    spec: &MappingSpec,
    previous: Option<&MappingSpec>,
    fetched: Option<FetchedPeople<'_>>,
    existing_groups: &Groups,
    acknowledge_group_warnings: bool,
) -> Result<u32, MappingError> {
    let result = check_against(spec, fetched, existing_groups);
    if let Some(first) = result.errors.first() {
        return Err(MappingError::Invalid {
            field: first.field.clone(),
            message: first.message.clone(),
            more: result.errors.len() - 1,
        });
    }
    if !result.group_warnings.is_empty() && !acknowledge_group_warnings {
        let w = &result.group_warnings[0];
        return Err(MappingError::GroupNamesNotAcknowledged {
            count: result.group_warnings.len(),
            field: w.field.clone(),
        });
    }
    Ok(count_changed(previous, spec, fetched))
}

/// How many fetched people `spec` maps differently from `previous` (all of
/// them when there is no previous version; 0 without a fetch).
pub fn count_changed(
    previous: Option<&MappingSpec>,
    spec: &MappingSpec,
    fetched: Option<FetchedPeople<'_>>,
) -> u32 {
    match (fetched, previous) {
        (None, _) => 0,
        (Some(f), None) => f.employees.len() as u32,
        (Some(f), Some(before)) => people_changed(before, spec, f.employees),
    }
}

/// Stores `spec` as the next version.
pub fn record(
    store: &Store,
    spec: &MappingSpec,
    people_changed: u32,
    note: Option<&str>,
    now: &str,
) -> Result<SavedMapping, MappingError> {
    let json = serde_json::to_string(spec).expect("a mapping spec always serialises");
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let row = store.save_mapping_version(&json, now, note)?;
    tracing::info!(version = row.version, people_changed, "mapping saved");
    Ok(SavedMapping {
        version: row.version,
        saved_at: row.saved_at,
        people_changed,
    })
}

/// The note a restored version is saved with.
pub fn restore_note(version: u32) -> String {
    format!("Restored version {version}")
}

/// Checks and saves `spec` as the next version (see [`vet`]).
pub fn save(
    store: &Store,
    spec: &MappingSpec,
    fetched: Option<FetchedPeople<'_>>,
    acknowledge_group_warnings: bool,
    note: Option<&str>,
    now: &str,
) -> Result<SavedMapping, MappingError> {
    let previous = latest_spec(store)?;
    let groups = existing_groups(store, spec)?;
    let changed = vet(
        spec,
        previous.as_ref(),
        fetched,
        &groups,
        acknowledge_group_warnings,
    )?;
    record(store, spec, changed, note, now)
}

/// Saves version `version`'s spec again as the newest version.
pub fn restore(
    store: &Store,
    version: u32,
    fetched: Option<FetchedPeople<'_>>,
    now: &str,
) -> Result<SavedMapping, MappingError> {
    let spec = spec_at(store, version)?;
    let previous = latest_spec(store)?;
    let changed = count_changed(previous.as_ref(), &spec, fetched);
    record(store, &spec, changed, Some(&restore_note(version)), now)
}
