// Generated from Rust by src-tauri/src/app/surface.rs, from src-tauri/src/app/command_list.rs and each
// command's signature. Do not edit by hand: run `UPDATE_BINDINGS=1 cargo test -p roster --lib bindings`.

import type { Channel } from "@tauri-apps/api/core";
import type {
  AppInfo,
  Applied,
  AutoPushed,
  Catalog,
  ChangeLine,
  ChangePage,
  ChangeQuery,
  ConfigImported,
  ConnectionForm,
  ConnectionStatus,
  ConnectionTest,
  DirectoryFacets,
  DirectoryField,
  DirectoryPage,
  DirectoryQuery,
  EventPage,
  EventQuery,
  Exported,
  FetchProgress,
  HistoryCharts,
  HistoryPage,
  HistoryQuery,
  ImportSummary,
  MappingCheck,
  MappingSpec,
  MappingState,
  MappingVersionSummary,
  PersonTimeline,
  Preview,
  PreviewProgress,
  PushApplied,
  PushDetail,
  PushPage,
  PushPreview,
  PushQuery,
  PushRecord,
  ReconciliationDetail,
  ReconciliationPage,
  ReconciliationQuery,
  Resolution,
  RulesCheck,
  SandboxAdvanced,
  SavedMapping,
  Settings,
  SettingsView,
  SyncOutcome,
  TargetForm,
  TargetInfo,
  TargetSettings,
} from "./bindings";

/** Every command the window may call: its arguments, as the UI sends them, and its reply. */
export type Commands = {
  app_info: { reply: AppInfo };
  connection_status: { reply: ConnectionStatus };
  test_connection: { args: { form: ConnectionForm }; reply: ConnectionTest };
  save_connection: { args: { form: ConnectionForm }; reply: ConnectionStatus };
  check_connection: { reply: ConnectionStatus };
  revoke_connection: { args: { eraseData: boolean }; reply: ConnectionStatus };
  start_sandbox: { reply: ConnectionStatus };
  mapping_catalog: { args: { refresh: boolean; onProgress: Channel<FetchProgress> }; reply: Catalog };
  mapping_cancel: { reply: void };
  directory_fields: { reply: Array<DirectoryField> };
  mapping_current: { reply: MappingState };
  mapping_preview: { args: { spec: MappingSpec; count: number }; reply: Preview };
  mapping_check: { args: { spec: MappingSpec }; reply: MappingCheck };
  mapping_save: { args: { spec: MappingSpec; acknowledgeGroupWarnings: boolean; note: string | null }; reply: SavedMapping };
  mapping_history: { reply: Array<MappingVersionSummary> };
  mapping_version: { args: { version: number }; reply: MappingState };
  mapping_restore: { args: { version: number }; reply: SavedMapping };
  review_preview: { args: { onProgress: Channel<PreviewProgress> }; reply: ImportSummary };
  review_cancel: { reply: void };
  review_open: { reply: ImportSummary | null };
  review_summary: { args: { importId: number }; reply: ImportSummary };
  review_changes: { args: { importId: number; query: ChangeQuery }; reply: ChangePage };
  review_resolve: { args: { importId: number; seq: number; resolution: Resolution | null }; reply: ChangeLine };
  review_approve: { args: { importId: number; confirmGuardrail: boolean }; reply: Applied };
  review_reject: { args: { importId: number }; reply: ImportSummary };
  history_imports: { args: { query: HistoryQuery }; reply: HistoryPage };
  history_charts: { reply: HistoryCharts };
  history_events: { args: { query: EventQuery }; reply: EventPage };
  history_pushes: { args: { query: PushQuery }; reply: PushPage };
  history_push: { args: { pushId: number }; reply: PushDetail };
  history_reconciliations: { args: { query: ReconciliationQuery }; reply: ReconciliationPage };
  history_reconciliation: { args: { reconciliationId: number }; reply: ReconciliationDetail };
  person_timeline: { args: { personId: number }; reply: PersonTimeline };
  export_import_csv: { args: { importId: number }; reply: Exported | null };
  export_events_csv: { args: { query: EventQuery }; reply: Exported | null };
  directory_people: { args: { query: DirectoryQuery }; reply: DirectoryPage };
  directory_facets: { reply: DirectoryFacets };
  export_directory_csv: { args: { query: DirectoryQuery }; reply: Exported | null };
  sandbox_advance: { args: { days: number }; reply: SandboxAdvanced };
  settings_get: { reply: SettingsView };
  settings_save: { args: { settings: Settings }; reply: SettingsView };
  config_export: { reply: string | null };
  config_import: { reply: ConfigImported | null };
  target_list: { reply: Array<TargetInfo> };
  target_add: { args: { form: TargetForm }; reply: TargetInfo };
  target_test: { args: { name: string }; reply: TargetInfo };
  target_remove: { args: { name: string }; reply: null };
  target_use_sandbox: { reply: TargetInfo };
  target_settings: { args: { name: string }; reply: TargetSettings };
  target_settings_save: { args: { name: string; settings: TargetSettings }; reply: TargetSettings };
  target_rules_check: { args: { name: string; settings: TargetSettings }; reply: RulesCheck };
  push_preview: { args: { target: string }; reply: PushPreview };
  push_cancel: { reply: void };
  push_open: { args: { target: string }; reply: PushPreview | null };
  push_apply: { args: { target: string; confirmGuardrail: boolean }; reply: PushApplied };
  push_reject: { args: { target: string }; reply: null };
  push_retry: { args: { target: string }; reply: PushApplied };
  push_history: { args: { target: string }; reply: Array<PushRecord> };
  export_push_csv: { args: { pushId: number }; reply: Exported | null };
  reconcile_report: { args: { target: string }; reply: ReconciliationDetail };
  export_reconcile_csv: { args: { reconciliationId: number }; reply: Exported | null };
};

/** Every app event Rust emits, and its payload. */
export type Events = {
  "scheduled-sync": SyncOutcome;
  "auto-push": AutoPushed;
};
