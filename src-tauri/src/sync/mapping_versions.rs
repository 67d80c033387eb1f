//! Saving, reading and restoring mapping versions in the database: the
//! rules are `crate::mapping::versions`, the rows `crate::store::mapping`.

use crate::mapping::versions::{
    count_changed, restore_note, spec_json, spec_of, vet, FetchedPeople, Groups, MappingState,
    MappingVersionSummary, SavedMapping,
};
use crate::mapping::{default_spec, MappingError, MappingSpec};
use crate::store::{MappingVersionRow, Store};

use super::SyncError;

fn state_of(row: &MappingVersionRow) -> Result<MappingState, MappingError> {
    Ok(MappingState {
        version: Some(row.version),
        spec: spec_of(row.version, &row.spec)?,
        saved_at: Some(row.saved_at.clone()),
    })
}

/// The latest saved mapping, or the default one when none is saved.
pub fn current(store: &Store) -> Result<MappingState, SyncError> {
    match store.latest_mapping_version()? {
        Some(row) => Ok(state_of(&row)?),
        None => Ok(MappingState {
            version: None,
            spec: default_spec(),
            saved_at: None,
        }),
    }
}

pub fn version(store: &Store, version: u32) -> Result<MappingState, SyncError> {
    let row = store
        .mapping_version(version)?
        .ok_or(MappingError::NoSuchVersion { version })?;
    Ok(state_of(&row)?)
}

/// Every saved version, newest first.
pub fn history(store: &Store) -> Result<Vec<MappingVersionSummary>, SyncError> {
    store
        .mapping_versions()?
        .iter()
        .map(|row| {
            let spec = spec_of(row.version, &row.spec)?;
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
pub fn existing_groups(store: &Store, spec: &MappingSpec) -> Result<Groups, SyncError> {
    let fields: Vec<String> = spec
        .fields()
        .into_iter()
        .filter(|f| f.drives_group)
        .map(|f| f.name)
        .collect();
    Ok(store.group_names(&fields)?)
}

/// The newest saved spec, if any.
pub fn latest_spec(store: &Store) -> Result<Option<MappingSpec>, SyncError> {
    Ok(store
        .latest_mapping_version()?
        .map(|row| spec_of(row.version, &row.spec))
        .transpose()?)
}

/// The spec of version `version`.
pub fn spec_at(store: &Store, version: u32) -> Result<MappingSpec, SyncError> {
    let row = store
        .mapping_version(version)?
        .ok_or(MappingError::NoSuchVersion { version })?;
    Ok(spec_of(row.version, &row.spec)?)
}

/// Stores `spec` as the next version.
pub fn record(
    store: &Store,
    spec: &MappingSpec,
    people_changed: u32,
    note: Option<&str>,
    now: &str,
) -> Result<SavedMapping, SyncError> {
    let json = spec_json(spec);
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let row = store.save_mapping_version(&json, now, note)?;
    tracing::info!(version = row.version, people_changed, "mapping saved");
    Ok(SavedMapping {
        version: row.version,
        saved_at: row.saved_at,
        people_changed,
    })
}

/// Checks and saves `spec` as the next version (see [`vet`]).
pub fn save(
    store: &Store,
    spec: &MappingSpec,
    fetched: Option<FetchedPeople<'_>>,
    acknowledge_group_warnings: bool,
    note: Option<&str>,
    now: &str,
) -> Result<SavedMapping, SyncError> {
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
) -> Result<SavedMapping, SyncError> {
    let spec = spec_at(store, version)?;
    let previous = latest_spec(store)?;
    let changed = count_changed(previous.as_ref(), &spec, fetched);
    record(store, &spec, changed, Some(&restore_note(version)), now)
}
