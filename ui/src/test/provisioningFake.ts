// Provisioning's commands for the e2e mock (e2e/mock-ipc.ts), answering with the core's recorded replies
// (recorded/provisioning.json, from src-tauri/src/recorded_replies.rs): the sandbox directory as a target, its
// push preview, the receipts of applying it, the pushes, the reconciliation and the default rules. A small state
// follows what the admin did (a target added, a push open, applied or rejected).
import type { PushApplied, PushPreview, PushRecord, PushSummary, ReconcileReport, TargetInfo, TargetSettings } from "../ipc/bindings";
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
  const summary = (p: PushRecord): PushSummary => ({
    push_id: p.push_id,
    target: target.name,
    state: p.state,
    created_at: p.created_at,
    decided_at: p.decided_at,
    decided_by: p.decided_by,
    trigger: p.decided_by === "window" ? "window" : null,
    counts: p.counts,
    succeeded: p.receipts.filter((r) => r.ok).length,
    failed: p.receipts.filter((r) => !r.ok).length,
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
    // History's Pushes tab reads the same pushes.
    history_pushes: () => ({ total: pushes.length, offset: 0, pushes: pushes.map(summary) }),
    history_push: (args) => {
      const found = pushes.find((p) => p.push_id === (args as { pushId: number }).pushId);
      if (!found) throw { code: "no_such_push", message: "There is no such push." };
      const receipts = [...found.receipts.filter((r) => !r.ok), ...found.receipts.filter((r) => r.ok)];
      return { summary: summary(found), guardrail: preview.plan.guardrail, changes: preview.plan.changes.filter((c) => c.kind !== "unchanged"), receipts };
    },
    export_push_csv: () => ({ path: "/home/admin/roster-push-1.csv", rows: 200 }),
    reconcile_report: () => recorded.reconcile_report as ReconcileReport,
    export_reconcile_csv: () => ({ path: "/home/admin/roster-reconciliation.csv", rows: 2 }),
  };
  return { handlers };
}
