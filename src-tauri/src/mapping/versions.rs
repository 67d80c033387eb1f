//! Mapping versions: what the screen opens with, what a save did, the
//! checks and the count of people a new version maps differently. Every
//! save is a new version (stored by `crate::sync::mapping_versions`);
//! restoring an old one saves its spec again, so history stays a straight
//! line and every import can name the exact version it used.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::apply::{CompiledMapping, MappedRecord};
use super::catalog::SourceField;
use super::check::{check, group_warnings, MappingCheck};
use super::spec::MappingSpec;
use super::texts::RecordTexts;
use super::MappingError;

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
    pub records: &'a RecordTexts,
    pub catalog: &'a [SourceField],
}

/// The spec saved as version `version`, from its stored JSON text.
pub fn spec_of(version: u32, json: &str) -> Result<MappingSpec, MappingError> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(version, error = %e, "saved mapping does not parse");
        MappingError::Unreadable { version }
    })
}

/// The JSON text a spec is saved as.
pub fn spec_json(spec: &MappingSpec) -> String {
    serde_json::to_string(spec).expect("a mapping spec always serialises")
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
        if !f.records.is_empty() {
            let mapping = CompiledMapping::compile(spec);
            let records = mapping.map_all(&f.records.values_for(&mapping, usize::MAX));
            result.group_warnings = group_warnings(&mapping, &records, existing_groups);
        }
    }
    result
}

fn value(r: &MappedRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| r.values[i].as_deref())
}

/// People in `records` whose mapped values (by field name) or exclusion
/// differ between `before` and `after`.
pub fn people_changed(before: &MappingSpec, after: &MappingSpec, records: &RecordTexts) -> u32 {
    let (old, new) = (
        CompiledMapping::compile(before),
        CompiledMapping::compile(after),
    );
    let mapped = |m: &CompiledMapping| m.map_all(&records.values_for(m, usize::MAX));
    let (old_rows, new_rows) = (mapped(&old), mapped(&new));
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
        (Some(f), None) => f.records.len() as u32,
        (Some(f), Some(before)) => people_changed(before, spec, f.records),
    }
}

/// The note a restored version is saved with.
pub fn restore_note(version: u32) -> String {
    format!("Restored version {version}")
}
