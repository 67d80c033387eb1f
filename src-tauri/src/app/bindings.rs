//! The TypeScript bindings the UI imports (ui/src/ipc/bindings.ts), generated
//! from the Rust types that cross IPC. A test fails when the committed file is
//! stale; `UPDATE_BINDINGS=1 cargo test -p roster bindings` rewrites it.

use ts_rs::TS;

use super::commands::connection::{ConnectionForm, ConnectionTest};
use super::commands::provision::TargetForm;
use super::commands::settings::SettingsView;
use super::IpcError;
use crate::mapping::{
    DirectoryField, Exclusion, FieldIssue, FieldKind, FieldMapping, GroupWarning, MappingCheck,
    MappingSpec, MappingState, MappingVersionSummary, Preview, PreviewRow, PreviewValue,
    SavedMapping, SourceField, SourceKind, Transform, ValueMapEntry,
};
use crate::model::GuardrailSettings;
use crate::model::{AccountAction, PushDetail, PushPage, PushQuery, PushSummary, PushTrigger};
use crate::model::{
    Applied, ChangeLine, ChangePage, ChangeQuery, ImportOutcome, ImportSummary, ImportTrigger,
    Resolution,
};
use crate::model::{
    AttentionReason, Candidate, ChangeKind, FieldChange, Guardrail, LifecycleEventKind,
    PersonStatus, PlanCounts, PlannedChange, StatusChange,
};
use crate::model::{
    AttributeChange, BulkLimits, Capabilities, PushAttention, PushChange, PushCounts,
    PushGuardrail, PushKind, PushPlan, PushState, Receipt,
};
use crate::model::{
    BaselinePoint, DirectoryEntry, DirectoryFacets, DirectoryPage, DirectoryQuery, EventPage,
    EventQuery, EventRow, Exported, Facet, HeadcountPoint, HistoryCharts, HistoryPage,
    HistoryQuery, MonthFlow, PersonChange, PersonTimeline,
};
use crate::operations::app_info::AppInfo;
use crate::operations::connection::{ConnectionState, ConnectionStatus};
use crate::operations::mapping::Catalog;
use crate::operations::preview::PreviewProgress;
use crate::operations::provision::{PushApplied, PushPreview, PushRecord, TargetInfo};
use crate::operations::sandbox::SandboxAdvanced;
use crate::operations::{ErrorCode, Failure};
use crate::paths::Profile;
use crate::reconcile::settings::{AttributeRule, GroupRule, LeaveAction, LifecyclePolicy, Source};
use crate::reconcile::TargetSettings;
use crate::sync::config::{BaseUrlChange, ConfigImported};
use crate::sync::run::{SyncOutcome, SyncResult};
use crate::sync::schedule::Schedule;
use crate::sync::settings::{Retention, Settings};
use crate::sync::FetchProgress;

/// Provisioning's types: targets, their rules, push plans, receipts and
/// the reconciliation report.
fn provisioning() -> Vec<String> {
    vec![
        BulkLimits::decl(),
        Capabilities::decl(),
        TargetInfo::decl(),
        TargetForm::decl(),
        Source::decl(),
        AttributeRule::decl(),
        GroupRule::decl(),
        LeaveAction::decl(),
        LifecyclePolicy::decl(),
        TargetSettings::decl(),
        crate::operations::target_rules::RulesCheck::decl(),
        PushKind::decl(),
        PushAttention::decl(),
        AttributeChange::decl(),
        PushChange::decl(),
        PushCounts::decl(),
        PushGuardrail::decl(),
        PushPlan::decl(),
        PushPreview::decl(),
        PushState::decl(),
        Receipt::decl(),
        PushTrigger::decl(),
        PushQuery::decl(),
        PushSummary::decl(),
        PushPage::decl(),
        PushDetail::decl(),
        AccountAction::decl(),
        PushApplied::decl(),
        PushRecord::decl(),
        crate::model::Finding::decl(),
        crate::model::ReconcileEntry::decl(),
        crate::model::ReconcileReport::decl(),
        crate::model::ReconciliationQuery::decl(),
        crate::model::ReconciliationSummary::decl(),
        crate::model::ReconciliationPage::decl(),
        crate::model::ReconciliationDetail::decl(),
        crate::operations::auto_push::AutoPushed::decl(),
    ]
}

/// The whole generated file.
pub fn render() -> String {
    let decls = [
        ErrorCode::decl(),
        IpcError::decl(),
        Failure::decl(),
        AppInfo::decl(),
        Profile::decl(),
        ConnectionForm::decl(),
        ConnectionTest::decl(),
        ConnectionState::decl(),
        ConnectionStatus::decl(),
        SourceKind::decl(),
        SourceField::decl(),
        Catalog::decl(),
        FieldKind::decl(),
        DirectoryField::decl(),
        ValueMapEntry::decl(),
        Transform::decl(),
        FieldMapping::decl(),
        Exclusion::decl(),
        MappingSpec::decl(),
        MappingState::decl(),
        PreviewValue::decl(),
        PreviewRow::decl(),
        Preview::decl(),
        FieldIssue::decl(),
        GroupWarning::decl(),
        MappingCheck::decl(),
        SavedMapping::decl(),
        MappingVersionSummary::decl(),
        PersonStatus::decl(),
        ChangeKind::decl(),
        AttentionReason::decl(),
        FieldChange::decl(),
        StatusChange::decl(),
        Candidate::decl(),
        PlannedChange::decl(),
        PlanCounts::decl(),
        Guardrail::decl(),
        ImportOutcome::decl(),
        ImportTrigger::decl(),
        Resolution::decl(),
        ImportSummary::decl(),
        ChangeLine::decl(),
        ChangeQuery::decl(),
        ChangePage::decl(),
        Applied::decl(),
        FetchProgress::decl(),
        PreviewProgress::decl(),
        SandboxAdvanced::decl(),
        Schedule::decl(),
        Retention::decl(),
        GuardrailSettings::decl(),
        Settings::decl(),
        SettingsView::decl(),
        SyncResult::decl(),
        SyncOutcome::decl(),
        BaseUrlChange::decl(),
        ConfigImported::decl(),
        LifecycleEventKind::decl(),
        HistoryQuery::decl(),
        HistoryPage::decl(),
        DirectoryQuery::decl(),
        DirectoryEntry::decl(),
        DirectoryPage::decl(),
        Facet::decl(),
        DirectoryFacets::decl(),
        PersonChange::decl(),
        EventQuery::decl(),
        EventRow::decl(),
        EventPage::decl(),
        PersonTimeline::decl(),
        HeadcountPoint::decl(),
        BaselinePoint::decl(),
        MonthFlow::decl(),
        HistoryCharts::decl(),
        Exported::decl(),
    ];
    let mut out = String::from(
        "// Generated from Rust by src-tauri/src/app/bindings.rs. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p roster bindings` after changing an IPC type.\n\n",
    );
    for d in decls.into_iter().chain(provisioning()) {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Tests only: fails while the committed `ui/src/ipc/{file}` differs from
/// `fresh`; with `UPDATE_BINDINGS` set, rewrites it first.
#[cfg(test)]
pub(crate) fn assert_committed(file: &str, fresh: &str) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/src/ipc")
        .join(file);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/ipc/{file} is stale: run `UPDATE_BINDINGS=1 cargo test -p roster --lib bindings` and commit it"
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_bindings_are_current() {
        super::assert_committed("bindings.ts", &super::render());
    }
}
