// Provisioning's commands for the e2e mock (e2e/mock-ipc.ts), answering with the core's recorded replies
// (recorded/provisioning.json, from src-tauri/src/recorded_replies.rs): the sandbox directory as a target, its
// push preview, the receipts of applying it, the pushes, the reconciliation and the default rules. A small state
// follows what the admin did (a target added, a push open, applied or rejected, each reconciliation run kept).
import type {
  PushApplied,
  PushPreview,
  PushRecord,
  PushSummary,
  ReconciliationDetail,
  ReconciliationQuery,
  RulesCheck,
  TargetInfo,
  TargetSettings,
} from "../ipc/bindings";
import { foldGroupName } from "../features/provisioning/rules";
import recorded from "./recorded/provisioning.json";

type Handler = (args: unknown) => unknown;

/** The group names a draft's rules make over the recorded directory: its fixed names, and for field rules the names
 * the core found for the recorded default rules (the fake has no directory of its own). */
export function rulesCheck(settings: TargetSettings): RulesCheck {
  const base = recorded.target_rules_check;
  const recordedFixed = new Set((base.settings.groups as TargetSettings["groups"]).flatMap((g) => (g.kind === "fixed" ? [g.name.trim()] : [])));
  const fieldNames = base.reply.group_names.filter((n) => !recordedFixed.has(n));
  const names = new Set([...fieldNames, ...settings.groups.flatMap((g) => (g.kind === "fixed" && g.name.trim() ? [g.name.trim()] : []))]);
  const byKey = new Map<string, string[]>();
  for (const name of [...names].sort()) byKey.set(foldGroupName(name), [...(byKey.get(foldGroupName(name)) ?? []), name]);
  return {
    group_count: names.size,
    group_names: [...names].sort(),
    group_look_alikes: [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v).filter((v) => v.length > 1),
    // The fake's target has no groups of its own.
    in_target: [],
  };
}

export function createProvisioningFake(): { handlers: Record<string, Handler> } {
  const target = recorded.target_list[0] as TargetInfo;
  const preview = recorded.push_preview as PushPreview;
  const applied = recorded.push_apply as PushApplied;
  let targets: TargetInfo[] = [];
  let settings = recorded.target_settings as TargetSettings;
  let open: PushPreview | null = null;
  let pushes: PushRecord[] = [];
  const recordedRun = recorded.reconcile_report as ReconciliationDetail;
  let reconciliations: ReconciliationDetail[] = [];
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
    target_rules_check: (args) => rulesCheck((args as { settings: TargetSettings }).settings),
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
      return { summary: summary(found), guardrail: preview.plan.guardrail, delete_after_days: preview.plan.delete_after_days, changes: preview.plan.changes.filter((c) => c.kind !== "unchanged"), receipts };
    },
    export_push_csv: () => ({ path: "/home/admin/roster-push-1.csv", rows: 200 }),
    // Each run is kept, newest first, as the core keeps them.
    reconcile_report: () => {
      const run: ReconciliationDetail = {
        ...recordedRun,
        summary: { ...recordedRun.summary, reconciliation_id: reconciliations.length + 1, run_at: new Date().toISOString() },
      };
      reconciliations = [run, ...reconciliations];
      return run;
    },
    history_reconciliations: (args) => {
      const q = (args as { query: ReconciliationQuery }).query;
      const kept = reconciliations.filter((r) => !q.target || r.summary.target === q.target);
      return { total: kept.length, offset: 0, reconciliations: kept.slice(0, q.limit || 100).map((r) => r.summary) };
    },
    history_reconciliation: (args) => {
      const found = reconciliations.find((r) => r.summary.reconciliation_id === (args as { reconciliationId: number }).reconciliationId);
      if (!found) throw { code: "no_such_reconciliation", message: "There is no such reconciliation." };
      return found;
    },
    export_reconcile_csv: (args) => {
      const id = (args as { reconciliationId: number }).reconciliationId;
      const found = reconciliations.find((r) => r.summary.reconciliation_id === id);
      const rows = found ? found.report.orphans.length + found.report.missing.length + found.report.mismatched.length : 0;
      return { path: `/home/admin/roster-reconciliation-${id}.csv`, rows };
    },
  };
  return { handlers };
}
