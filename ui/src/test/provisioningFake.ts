// Provisioning's commands for the e2e mock (e2e/mock-ipc.ts), answering with the core's recorded replies
// (recorded/provisioning.json, from src-tauri/src/recorded_replies.rs): the sandbox directory as a target, its
// push preview, the receipts of applying it, the pushes, the reconciliation and the default rules. A small state
// follows what the admin did (a target added, a push open, applied or rejected).
import type { PushApplied, PushPreview, PushRecord, ReconcileReport, TargetInfo, TargetSettings } from "../ipc/bindings";
import recorded from "./recorded/provisioning.json";

type Handler = (args: unknown) => unknown;

export function createProvisioningFake(): { handlers: Record<string, Handler> } {
  const target = recorded.target_list[0] as TargetInfo;
  const preview = recorded.push_preview as PushPreview;
  const applied = recorded.push_apply as PushApplied;
  let targets: TargetInfo[] = [];
  let settings = recorded.target_settings as TargetSettings;
  let open: PushPreview | null = null;
  let pushes: PushRecord[] = [];
  const record = (state: PushRecord["state"], receipts: PushRecord["receipts"]): PushRecord => ({
    push_id: preview.push_id,
    state,
    created_at: new Date().toISOString(),
    decided_at: new Date().toISOString(),
    decided_by: "window",
    counts: preview.plan.counts,
    receipts,
  });
  const handlers: Record<string, Handler> = {
    target_list: () => targets,
    target_use_sandbox: () => {
      targets = [target];
      return target;
    },
    target_test: () => target,
    target_remove: () => {
      targets = [];
      return null;
    },
    target_settings: () => settings,
    target_settings_save: (args) => (settings = (args as { settings: TargetSettings }).settings),
    push_open: () => open,
    push_preview: async () => {
      await new Promise((r) => setTimeout(r, 150));
      open = preview;
      return preview;
    },
    push_cancel: () => null,
    push_apply: () => {
      open = null;
      pushes = [record("applied", applied.receipts)];
      return applied;
    },
    push_retry: () => {
      throw { code: "no_open_push", message: "The last push to \"Sandbox directory\" has no failed operations to retry." };
    },
    push_reject: () => {
      open = null;
      pushes = [record("rejected", [])];
      return null;
    },
    push_history: () => pushes,
    export_push_csv: () => ({ path: "/home/admin/roster-push-1.csv", rows: 200 }),
    reconcile_report: () => recorded.reconcile_report as ReconcileReport,
    export_reconcile_csv: () => ({ path: "/home/admin/roster-reconciliation.csv", rows: 2 }),
  };
  return { handlers };
}
