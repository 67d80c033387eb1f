//! Fetch → map → plan → apply: fetching every employee of the saved
//! connection (kept in memory, never in SQLite), turning a fetch into a
//! stored plan, and applying or rejecting it; scheduled runs, settings and
//! the configuration file.

pub mod config;
pub mod fetch;
pub mod imports;
pub mod mapping_versions;
pub mod notify;
pub mod run;
pub mod schedule;
pub mod settings;

pub use fetch::{fetch_employees, fetch_records, fetch_texts, jitter_seed, FetchProgress, Fetched};

use crate::mapping::MappingError;
use crate::model::AttentionReason;
use crate::model::Spelled;
use crate::model::{ImportOutcome, Resolution};
use crate::plan::PlanError;
use crate::store::StoreError;
use crate::trinet::TriNetError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    TriNet(#[from] TriNetError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("There is no import {import_id}. Run a new preview.")]
    NoSuchImport { import_id: i64 },
    #[error(
        "A mapping was saved while this preview was planning, so the plan (made with the \
         mapping before it) was not kept. Preview again."
    )]
    MappingChanged,
    #[error("No import is waiting for review. Run a preview first.")]
    NothingOpen,
    #[error("Import {import_id} was already {}; it cannot be decided on again. Run a new preview.", outcome_words(*.outcome))]
    Decided {
        import_id: i64,
        outcome: ImportOutcome,
    },
    #[error(
        "Import {import_id} is out of date: the directory changed after it was planned. \
         Nothing was applied; run a new preview."
    )]
    Stale { import_id: i64 },
    #[error(
        "This import is held by a guardrail ({}). Review it, then confirm the guardrail to apply it.",
        .reasons.join(" ")
    )]
    GuardrailNotConfirmed { reasons: Vec<String> },
    #[error(
        "Import {import_id} is waiting for your review; a scheduled sync never replaces it. \
         Approve or reject it, and scheduled syncs resume."
    )]
    ReviewWaiting { import_id: i64 },
    #[error(
        "Import {import_id} was planned after this command started (by another Roster window or \
         run), so nobody has reviewed it here. Nothing was applied. Look at it (roster preview \
         --json shows the newest plan; roster history lists it), then apply it with roster apply \
         --plan {import_id}."
    )]
    Unseen { import_id: i64 },
    #[error("Import {import_id} has no line {seq}.")]
    NoSuchLine { import_id: i64, seq: u32 },
    #[error("Line {seq} is not under Needs attention, so it needs no decision.")]
    NotAttention { seq: u32 },
    #[error("{} is not a choice for a {} item.", resolution.as_str(), reason_words(*.reason))]
    ResolutionNotAllowed {
        resolution: Resolution,
        reason: AttentionReason,
    },
    #[error("Person {person_id} is no longer in the directory, so nobody can be linked to them. Run a new preview.")]
    CandidateGone { person_id: i64 },
    /// A setting that cannot be saved; `field` names it (e.g. `schedule.minutes`).
    #[error("{message}")]
    InvalidSetting {
        field: &'static str,
        message: String,
    },
    /// A configuration file that cannot be imported; nothing was changed.
    #[error("Nothing was imported: {message}")]
    InvalidConfig { message: String },
}

fn outcome_words(outcome: ImportOutcome) -> &'static str {
    match outcome {
        ImportOutcome::Pending | ImportOutcome::Held => "left open",
        ImportOutcome::Applied => "applied",
        ImportOutcome::Rejected => "rejected",
        ImportOutcome::Superseded => "replaced by a newer preview",
        ImportOutcome::Failed => "marked failed",
    }
}

fn reason_words(reason: AttentionReason) -> &'static str {
    match reason {
        AttentionReason::InvalidRecord => "invalid record",
        AttentionReason::DuplicateEmail => "duplicate email",
        AttentionReason::PossibleDuplicate => "possible duplicate",
        AttentionReason::PrivacyBlock => "privacy block",
        AttentionReason::MissingFromSource => "missing from TriNet",
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
pub(crate) mod tests;
