//! Field mapping: which TriNet values fill which directory fields. The
//! catalog of what TriNet sends, the directory's fields, transforms, checks
//! before saving, applying a mapping to many records fast, and versions.
//! Pure: no tauri, no clock (callers pass `now`).
//!
//! Layout: `path` (source paths), `catalog`, `schema` (directory fields),
//! `spec` (what is saved) with `template`, `apply` (compile and map),
//! `check` (errors, warnings, group names), `preview`, `versions`, `texts`
//! (the fetch Map fields keeps).

pub mod apply;
pub mod catalog;
pub mod check;
pub mod path;
pub mod preview;
pub mod schema;
pub mod spec;
pub mod template;
pub mod texts;
pub mod versions;

#[cfg(test)]
pub(crate) mod fuzz_tests;
#[cfg(test)]
mod tests;

pub use apply::{CompiledMapping, ManagerIndex, MappedRecord, RawRecord, ValueError};
pub use catalog::{catalog, SourceField, SourceKind};
pub use check::{check, group_warnings, FieldIssue, GroupWarning, MappingCheck};
pub use path::PathValues;
pub use preview::{preview, preview_texts, Preview, PreviewRow, PreviewValue, PREVIEW_MAX};
pub use schema::{core_fields, DirectoryField, FieldKind};
pub use spec::{default_spec, Exclusion, FieldMapping, MappingSpec, Transform, ValueMapEntry};
pub use texts::{KeptRecord, RecordTexts};
pub use versions::{FetchedPeople, MappingState, MappingVersionSummary, SavedMapping};

#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// `message` starts with the field's label and says what to do.
    #[error("{message}{}", if *more > 0 { format!(" ({} listed on the screen.)", crate::model::counted(*more as u64, "more problem is", "more problems are")) } else { String::new() })]
    Invalid {
        field: String,
        message: String,
        more: usize,
    },
    #[error(
        "{} from another only by case or spacing (first in {field}). \
         Fix the spellings in TriNet or with a value map, or confirm that you want to save anyway.",
        crate::model::counted(*count as u64, "group name differs", "group names differ")
    )]
    GroupNamesNotAcknowledged { count: usize, field: String },
    #[error("Mapping version {version} does not exist. Reload the history and pick another.")]
    NoSuchVersion { version: u32 },
    #[error(
        "Saved mapping version {version} cannot be read. Pick another version, or save the \
         mapping again; details are in the log file."
    )]
    Unreadable { version: u32 },
}
