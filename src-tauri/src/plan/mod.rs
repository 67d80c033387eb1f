//! The import plan: what one TriNet fetch would do to the directory, person
//! by person, before anyone approves it. Identity resolution, field diffs,
//! lifecycle status, guardrails and lifecycle events. Pure: no database, no
//! tauri, no clock (callers pass `today`).
//!
//! Layout: `model` (the planner's input; its output types are vocabulary,
//! in `crate::model`), `identity` (keys
//! and matching), `status` (lifecycle rules), `compare` (the planner),
//! `guardrail`, `events`.

pub mod compare;
pub mod events;
pub mod guardrail;
mod identity;
pub mod model;
mod status;
pub use status::matched_kind;

#[cfg(test)]
mod tests;

pub use compare::plan;
pub use events::{events_of, lifecycle_events, MOVER_FIELDS};
pub use model::MappedFetch;

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "The mapping has no {field} field, so no one can be matched. Map it under Map fields \
         and preview again."
    )]
    MissingKeyField { field: &'static str },
    #[error(
        "Fetched record {record} has {values} values for {fields} fields. Preview again; if it \
         persists, the details are in the log file."
    )]
    RecordShape {
        record: usize,
        values: usize,
        fields: usize,
    },
    #[error(
        "The directory lists person {person_id} twice. Nothing was planned; the details are in \
         the log file."
    )]
    DuplicatePerson { person_id: i64 },
}
