// The one door from the UI to Roster's Rust core: typed commands whose every failure is an IpcError.
import { Channel, invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  Catalog,
  ChangeQuery,
  ConnectionForm,
  ErrorCode,
  IpcError,
  DirectoryQuery,
  EventQuery,
  FetchProgress,
  HistoryQuery,
  ImportSummary,
  MappingSpec,
  PreviewProgress,
  PushQuery,
  ReconciliationQuery,
  Resolution,
  Settings,
  SyncOutcome,
  AutoPushed,
  TargetForm,
  TargetSettings,
} from "./bindings";
import type { Commands, Events } from "./commands";

// A Record (not an array) so adding a code in Rust breaks this file until the UI knows about it.
const knownErrorCodes: Record<ErrorCode, true> = {
  keyring_unavailable: true,
  database_key_missing: true,
  database_key_wrong: true,
  database_too_new: true,
  invalid_input: true,
  bad_credentials: true,
  missing_scope: true,
  unknown_company: true,
  rate_limited: true,
  unreachable: true,
  timeout: true,
  trinet_error: true,
  malformed_response: true,
  cancelled: true,
  not_connected: true,
  secret_missing: true,
  secret_not_confirmed: true,
  sandbox_failed: true,
  no_open_import: true,
  import_decided: true,
  import_stale: true,
  guardrail_not_confirmed: true,
  no_such_person: true,
  export_failed: true,
  invalid_config: true,
  run_in_progress: true,
  connection_changed: true,
  no_such_target: true,
  target_token_refused: true,
  not_scim: true,
  target_tls: true,
  target_error: true,
  directory_empty: true,
  no_open_push: true,
  no_such_push: true,
  no_such_reconciliation: true,
  internal: true,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(knownErrorCodes, value);
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return isErrorCode(candidate.code) && typeof candidate.message === "string";
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === "string") return reason;
  if (typeof reason === "object" && reason !== null) {
    const message = (reason as Record<string, unknown>).message;
    if (typeof message === "string") return message;
  }
  return String(reason);
}

/** Turns anything a command can reject with into an IpcError the UI can switch on by code. */
export function toIpcError(reason: unknown, command: string): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message };
  const detail = describeReason(reason).trim() || "no details were given";
  return {
    code: "internal",
    message:
      `Roster's core could not complete "${command}" (${detail}). ` +
      "Try again; if it keeps happening, restart Roster and look in the log folder shown in About Roster.",
  };
}

declare global {
  interface Window {
    /** The last IPC replies and rejections as JSON; see recordReply. Debug and test builds only. */
    __rosterIpcReplies?: string[];
  }
}

const replyLimit = 500;

/**
 * Keeps the last 500 IPC replies and rejections, as JSON, on `window.__rosterIpcReplies`, in debug and
 * test builds only. Why: the black-box test of the real window reads this array and scans everything
 * the UI received for the client secret, which must never travel outward from Roster's core.
 * The replies hold employees' personal data, so a shipped build must never keep them:
 * - a release UI build (`vite build --mode release`, what scripts/package.sh runs) compiles this body
 *   out (`__ROSTER_TEST_HOOKS__` is false there), and package.sh checks the bundle for the name;
 * - otherwise it records only into an array someone else created: a debug build of Roster's core
 *   creates it before the page loads (app::test_hooks), the tests create it themselves; this module
 *   never creates it, so a release core with any UI build leaves it undefined.
 * A plain array property on window (no getters, no prototype changes) so it works with
 * Tauri's freezePrototype. It holds only what Rust sent back; the secret the admin types
 * goes outward in the request and is deliberately not recorded here.
 */
function recordReply(command: string, outcome: "ok" | "error", payload: unknown): void {
  if (!__ROSTER_TEST_HOOKS__) return;
  if (typeof window === "undefined" || !Array.isArray(window.__rosterIpcReplies)) return;
  let entry: string;
  try {
    entry = JSON.stringify({ command, outcome, payload: payload ?? null });
  } catch {
    entry = JSON.stringify({ command, outcome, payload: String(payload) });
  }
  const replies = window.__rosterIpcReplies;
  replies.push(entry);
  if (replies.length > replyLimit) replies.splice(0, replies.length - replyLimit);
}

function isInsideTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

const outsideTauri: IpcError = {
  code: "internal",
  message:
    "This page is not running inside Roster's desktop window, so it cannot reach Roster's core. " +
    "Open Roster from its app icon instead.",
};

type CommandName = keyof Commands;
/** A command's arguments as commands.ts (generated from the Rust signatures) has them; none when it takes none. */
type ArgsOf<C extends CommandName> = Commands[C] extends { args: infer A } ? [args: A] : [];
type ReplyOf<C extends CommandName> = Commands[C]["reply"];

async function call<C extends CommandName>(command: C, ...args: ArgsOf<C>): Promise<ReplyOf<C>> {
  if (!isInsideTauri()) throw { ...outsideTauri };
  let reply: ReplyOf<C>;
  try {
    reply = await invoke<ReplyOf<C>>(command, args[0] as InvokeArgs | undefined);
  } catch (reason) {
    recordReply(command, "error", reason);
    throw toIpcError(reason, command);
  }
  recordReply(command, "ok", reply);
  return reply;
}

/** Facts about this install for the About panel and the sidebar's connection status. */
export function appInfo() {
  return call("app_info");
}

/** The saved TriNet connection as every screen shows it (never the secret). */
export function connectionStatus() {
  return call("connection_status");
}

/** Gets a token and reads the company's details with these values; saves nothing. */
export function testConnection(form: ConnectionForm) {
  return call("test_connection", { form });
}

/** Tests the values again and saves them only if that works; the secret goes to the OS keyring. */
export function saveConnection(form: ConnectionForm) {
  return call("save_connection", { form });
}

/** Re-verifies the saved connection; a failure comes back as state "needs_attention" with the reason. */
export function checkConnection() {
  return call("check_connection");
}

/** Deletes the stored secret and connection settings (and, when asked, the local directory and history). */
export function revokeConnection(eraseData: boolean) {
  return call("revoke_connection", { eraseData });
}

/** Switches to the sandbox company's own database, starts its server and connects to it. */
export function startSandbox() {
  return call("start_sandbox");
}

/**
 * The TriNet fields found in the employees' data; `refresh` reads TriNet again instead of the last reading. While
 * it reads, each page's progress arrives through a Tauri Channel; mappingCancel makes it reject with `cancelled`.
 */
export function mappingCatalog(refresh: boolean, onProgress: (progress: FetchProgress) => void = () => {}): Promise<Catalog> {
  if (!isInsideTauri()) return Promise.reject({ ...outsideTauri });
  const channel = new Channel<FetchProgress>(onProgress);
  return call("mapping_catalog", { refresh, onProgress: channel });
}

/** Stops Map fields' read of TriNet; the last complete reading (if any) stays. */
export function mappingCancel() {
  return call("mapping_cancel");
}

/** The directory's core fields (employee ID, work email, names, ...), which every mapping fills. */
export function directoryFields() {
  return call("directory_fields");
}

/** The saved mapping (version null: the default, never saved). */
export function mappingCurrent() {
  return call("mapping_current");
}

/** A few employees run through an unsaved mapping; saves nothing. */
export function mappingPreview(spec: MappingSpec, count: number) {
  return call("mapping_preview", { spec, count });
}

/** Errors, warnings and group names that differ only by case or spacing, for an unsaved mapping. */
export function mappingCheck(spec: MappingSpec) {
  return call("mapping_check", { spec });
}

/** Saves the mapping as a new version; group warnings must be acknowledged when there are any. */
export function mappingSave(spec: MappingSpec, acknowledgeGroupWarnings: boolean, note: string | null) {
  return call("mapping_save", { spec, acknowledgeGroupWarnings, note });
}

/** Every saved version, newest first. */
export function mappingHistory() {
  return call("mapping_history");
}

/** One saved version, to look at. */
export function mappingVersion(version: number) {
  return call("mapping_version", { version });
}

/** Saves an old version again as the newest one. */
export function mappingRestore(version: number) {
  return call("mapping_restore", { version });
}

/**
 * Fetches every employee from TriNet, maps and plans them, and keeps the result as the import waiting for
 * review. Progress arrives through a Tauri Channel while it runs; reviewCancel makes it reject with `cancelled`.
 */
export function reviewPreview(onProgress: (progress: PreviewProgress) => void): Promise<ImportSummary> {
  // A Channel registers a callback with Tauri's internals, so it can only be made inside the window.
  if (!isInsideTauri()) return Promise.reject({ ...outsideTauri });
  const channel = new Channel<PreviewProgress>(onProgress);
  return call("review_preview", { onProgress: channel });
}

/** Stops a running preview. */
export function reviewCancel() {
  return call("review_cancel");
}

/** The newest import waiting for review (pending or held), if there is one. */
export function reviewOpen() {
  return call("review_open");
}

export function reviewSummary(importId: number) {
  return call("review_summary", { importId });
}

/** One page of an import's change lines matching the query (at most 500 lines a page). */
export function reviewChanges(importId: number, query: ChangeQuery) {
  return call("review_changes", { importId, query });
}

/** The admin's decision on a needs-attention line; null takes the decision back. */
export function reviewResolve(importId: number, seq: number, resolution: Resolution | null) {
  return call("review_resolve", { importId, seq, resolution });
}

/** Applies the whole import in one transaction, or nothing; a held import needs confirmGuardrail. */
export function reviewApprove(importId: number, confirmGuardrail: boolean) {
  return call("review_approve", { importId, confirmGuardrail });
}

export function reviewReject(importId: number) {
  return call("review_reject", { importId });
}

/** A page of the import timeline, newest first, filtered by outcome, trigger and planned day (at most 500 a page). */
export function historyImports(query: HistoryQuery) {
  return call("history_imports", { query });
}

/** Headcount after each applied import, and joiners, leavers and rehires per month. */
export function historyCharts() {
  return call("history_charts");
}

/** A page of lifecycle events, newest first, filtered by kind, department, location and day (at most 500 a page). */
export function historyEvents(query: EventQuery) {
  return call("history_events", { query });
}

/** A page of every target's pushes, newest first, filtered by target, state and trigger (at most 500 a page). */
export function historyPushes(query: PushQuery) {
  return call("history_pushes", { query });
}

/** One push: every line but the unchanged, and its receipts with failures first. */
export function historyPush(pushId: number) {
  return call("history_push", { pushId });
}

/** A page of every target's reconciliations, newest first, filtered by target (at most 500 a page). */
export function historyReconciliations(query: ReconciliationQuery) {
  return call("history_reconciliations", { query });
}

/** One kept reconciliation with every account and person it listed. */
export function historyReconciliation(reconciliationId: number) {
  return call("history_reconciliation", { reconciliationId });
}

/** Asks where to save (the system's dialog) and writes every change line of the import there; null if cancelled. */
export function exportImportCsv(importId: number) {
  return call("export_import_csv", { importId });
}

/** Asks where to save (the system's dialog) and writes every event matching `query` there; null if cancelled. */
export function exportEventsCsv(query: EventQuery) {
  return call("export_events_csv", { query });
}

/** A page of the directory by last name, then first name, filtered by search, department, location and status. */
export function directoryPeople(query: DirectoryQuery) {
  return call("directory_people", { query });
}

/** The statuses, departments and locations the directory's filters offer, with how many people have each. */
export function directoryFacets() {
  return call("directory_facets");
}

/** Every change to one person across all imports, and their lifecycle events, newest first. */
export function personTimeline(personId: number) {
  return call("person_timeline", { personId });
}

/** Asks where to save (the system's dialog) and writes everyone matching `query` there; null if cancelled. */
export function exportDirectoryCsv(query: DirectoryQuery) {
  return call("export_directory_csv", { query });
}

/** Moves the sandbox company `days` days forward (sandbox profile only). */
export function sandboxAdvance(days: number) {
  return call("sandbox_advance", { days });
}

/** The Settings screen's values, with when the schedule runs next. */
export function settingsGet() {
  return call("settings_get");
}

/** Saves every setting at once; an invalid value saves nothing (`invalid_input`, the message names the field). */
export function settingsSave(settings: Settings) {
  return call("settings_save", { settings });
}

/** Asks where to save (the system's dialog) and writes the configuration there; the file's name, or null if cancelled. */
export function configExport() {
  return call("config_export");
}

/** Asks for a configuration file (the system's dialog) and imports it whole, or nothing; null if cancelled. */
export function configImport() {
  return call("config_import");
}

/** Every SCIM target, with what its last test found (never its token). */
export function targetList() {
  return call("target_list");
}

/** Saves a target (its token goes to the OS keyring) and tests it; a failed test keeps the target and says why. */
export function targetAdd(form: TargetForm) {
  return call("target_add", { form });
}

/** Reads the target's ServiceProviderConfig, ResourceTypes and Schemas again. */
export function targetTest(name: string) {
  return call("target_test", { name });
}

/** Removes the target, its pushes and its token. */
export function targetRemove(name: string) {
  return call("target_remove", { name });
}

/** The sandbox's made-up identity directory as the target "Sandbox directory" (sandbox profile only). */
export function targetUseSandbox() {
  return call("target_use_sandbox");
}

/** The target's attribute mapping, group rules, lifecycle policy and guardrails. */
export function targetSettings(name: string) {
  return call("target_settings", { name });
}

/** Saves the target's rules whole; an invalid rule saves nothing (`invalid_input`, the message says which). */
export function targetSettingsSave(name: string, settings: TargetSettings) {
  return call("target_settings_save", { name, settings });
}

/** The draft rules' group names checked against the directory (look-alikes), while the admin edits them. */
export function targetRulesCheck(name: string, settings: TargetSettings) {
  return call("target_rules_check", { name, settings });
}

/** Reads the directory and the target and keeps the push plan for review; pushCancel makes it reject with `cancelled`. */
export function pushPreview(target: string) {
  return call("push_preview", { target });
}

export function pushCancel() {
  return call("push_cancel");
}

/** The target's push waiting for review, if any. */
export function pushOpen(target: string) {
  return call("push_open", { target });
}

/** Sends the pending push with a receipt per operation; a held push needs confirmGuardrail. */
export function pushApply(target: string, confirmGuardrail: boolean) {
  return call("push_apply", { target, confirmGuardrail });
}

/** Sends again only the accounts whose operations failed in the last partial push. */
export function pushRetry(target: string) {
  return call("push_retry", { target });
}

export function pushReject(target: string) {
  return call("push_reject", { target });
}

/** The target's pushes, newest first, with counts and receipts. */
export function pushHistory(target: string) {
  return call("push_history", { target });
}

/** Asks where to save (the system's dialog) and writes the push plan there, a row per attribute; null if cancelled. */
export function exportPushCsv(pushId: number) {
  return call("export_push_csv", { pushId });
}

/** Orphaned, missing and mismatched accounts in the target now; nothing is sent, and the run is kept in History. */
export function reconcileReport(target: string) {
  return call("reconcile_report", { target });
}

/** Asks where to save (the system's dialog) and writes a kept reconciliation there; null if cancelled. */
export function exportReconcileCsv(reconciliationId: number) {
  return call("export_reconcile_csv", { reconciliationId });
}

/** The app event Rust emits after every scheduled sync. */
export const scheduledSyncEvent = "scheduled-sync" satisfies keyof Events;

/** The app event Rust emits for each target auto-push sent to after an import approved in the window. */
export const autoPushEvent = "auto-push" satisfies keyof Events;

/** Calls `handler` with each `name` event while the window is open; resolves to a function that stops listening. */
async function onAppEvent<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void): Promise<() => void> {
  if (!isInsideTauri()) return () => {};
  try {
    return await listen<Events[K]>(name, (event) => handler(event.payload));
  } catch {
    // Events are an extra; History has the same outcomes.
    return () => {};
  }
}

/** Calls `handler` after every scheduled sync. */
export function onScheduledSync(handler: (outcome: SyncOutcome) => void): Promise<() => void> {
  return onAppEvent(scheduledSyncEvent, handler);
}

/** Calls `handler` with what auto-push did for each target after an import approved in the window. */
export function onAutoPush(handler: (done: AutoPushed) => void): Promise<() => void> {
  return onAppEvent(autoPushEvent, handler);
}
