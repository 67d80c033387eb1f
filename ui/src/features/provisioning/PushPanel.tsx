// One target's push, reviewed like an import: preview (cancellable), cards per kind, the table, the guardrail with
// its typed confirmation, Approve or Reject, then the receipts; and the target's earlier pushes.
import { useCallback, useEffect, useState } from "react";
import type { IpcError, PushApplied, PushKind, PushPreview, PushRecord } from "../../ipc/bindings";
import {
  exportPushCsv,
  isIpcError,
  pushApply,
  pushCancel,
  pushHistory,
  pushOpen,
  pushPreview,
  pushReject,
  pushRetry,
  toIpcError,
} from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { countOf, formatCount } from "../../shared/formatCount";
import { DownloadIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { TargetError } from "./TargetError";
import { Spinner } from "../../shared/ui/Spinner";
import { GuardrailBanner, guardrailConfirmed } from "../review/GuardrailBanner";
import { PushCards, toSend } from "./PushCards";
import { PushHistory, ReceiptList } from "./Receipts";
import { PushTable } from "./PushTable";
import { PushKindBadge, pushKindOrder, pushKinds } from "./pushKinds";
import { announcePushDecided } from "./pushDecided";

const guardrailExplanation =
  "Guardrails stop a mistake in TriNet, in your mapping or in these rules from deactivating or renaming many accounts at once. Look through the accounts it affects first.";

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

function ApprovePushDialog({ preview, onApprove, onClose }: { preview: PushPreview; onApprove: () => Promise<void>; onClose: () => void }) {
  const { counts, guardrail } = preview.plan;
  const kinds = pushKindOrder.filter((k) => !["unchanged", "needs_attention", "orphan"].includes(k) && counts[pushKinds[k].count] > 0);
  return (
    <ConfirmDialog
      title={`Send push ${preview.push_id} to ${preview.target}?`}
      onClose={onClose}
      onConfirm={onApprove}
      command="push_apply"
      confirmLabel="Approve and send"
      workingLabel="Sending…"
      testId="push-approve-dialog"
      confirmTestId="push-confirm-approve"
      errorTestId="push-approve-error"
    >
      <p>
        Roster sends only these changes, always with <code>active</code> set, and keeps a receipt for each operation. Held
        and orphaned accounts are left alone.
      </p>
      <ul className="approve-counts" aria-label="What the push sends">
        {kinds.map((kind) => (
          <li key={kind}>
            <PushKindBadge kind={kind} />
            <span className="num">{formatCount(counts[pushKinds[kind].count])}</span>
          </li>
        ))}
      </ul>
      {guardrail.tripped && <p className="approve-guardrail">You typed the confirmation for a held push: {guardrail.reasons.join(" ")}</p>}
    </ConfirmDialog>
  );
}

function PlanNotes({ preview }: { preview: PushPreview }) {
  const { groups_to_create: create, group_look_alikes: alike } = preview.plan;
  if (create.length === 0 && alike.length === 0) return null;
  return (
    <div className="push-notes" data-testid="push-notes">
      {create.length > 0 && <p>Groups created on approval: {create.join(", ")}.</p>}
      {alike.map((names) => (
        <p key={names.join("|")} className="push-attention">
          These group names differ only in case or spacing: {names.map((n) => `“${n}”`).join(", ")}. Check your directory
          values or group rules.
        </p>
      ))}
    </div>
  );
}

type Review = { preview: PushPreview; typed: string; approving: boolean };

function PushReview({ review, onChange, onApplied, onRejected }: {
  review: Review;
  onChange: (r: Review) => void;
  onApplied: (applied: PushApplied) => void;
  onRejected: () => void;
}) {
  const [kind, setKind] = useState<PushKind | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const csv = useCsvExport("export_push_csv");
  const { preview, typed } = review;
  const plan = preview.plan;
  const held = plan.guardrail.tripped;
  const sendCount = toSend(plan.counts);
  const canApprove = sendCount > 0 && (!held || guardrailConfirmed(typed));
  async function reject() {
    try {
      await pushReject(preview.target);
      announcePushDecided(preview.push_id);
      onRejected();
    } catch (reason) {
      setError(asIpcError(reason, "push_reject"));
    }
  }
  async function approve() {
    const applied = await pushApply(preview.target, held);
    announcePushDecided(preview.push_id);
    onApplied(applied);
  }
  return (
    <div className="push-review" data-testid="push-review" data-push-id={preview.push_id}>
      <div className="push-review__bar">
        <p className="push-review__summary" data-testid="push-summary">
          Push {preview.push_id}: {sendCount === 0 ? "nothing to send — the target matches the directory." : `${countOf(sendCount, "account", "accounts")} to change.`}
        </p>
        <div className="push-review__actions">
          <button type="button" className={buttonClass("secondary")} onClick={() => csv.run(() => exportPushCsv(preview.push_id))} disabled={csv.state.status === "working"} data-testid="push-export">
            <DownloadIcon size={15} /> Export CSV
          </button>
          <button type="button" className={buttonClass("danger-secondary")} onClick={reject} data-testid="push-reject">
            Reject
          </button>
          <button type="button" className={buttonClass("primary")} disabled={!canApprove} onClick={() => onChange({ ...review, approving: true })} data-testid="push-approve">
            Approve…
          </button>
        </div>
      </div>
      <CsvExportResult state={csv.state} noun={["row", "rows"]} />
      {error && <TargetError error={error} testId="push-reject-error" />}
      {held && (
        <GuardrailBanner
          reasons={plan.guardrail.reasons}
          explanation={guardrailExplanation}
          typed={typed}
          onTyped={(t) => onChange({ ...review, typed: t })}
          testId="push-guardrail"
        />
      )}
      <PushCards counts={plan.counts} deleteAfterDays={plan.delete_after_days} selected={kind} onSelect={setKind} />
      <PlanNotes preview={preview} />
      <PushTable changes={plan.changes} kind={kind} onKind={setKind} />
      {review.approving && <ApprovePushDialog preview={preview} onApprove={approve} onClose={() => onChange({ ...review, approving: false })} />}
    </div>
  );
}

/** An applied push's receipts; when some failed, a retry of the failed ones only. */
function AppliedPush({ applied, onRetried }: { applied: PushApplied; onRetried: (done: PushApplied) => void }) {
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  async function retry() {
    setRetrying(true);
    setError(null);
    try {
      onRetried(await pushRetry(applied.target));
    } catch (reason) {
      setError(asIpcError(reason, "push_retry"));
    } finally {
      setRetrying(false);
    }
  }
  return (
    <section className="section-card" aria-label="Receipts" data-testid="push-applied">
      <div className="push-review__bar">
        <h2 className="section-card__title push-review__summary">Push {applied.push_id} sent</h2>
        {applied.failed > 0 && (
          <button type="button" className={buttonClass("primary")} onClick={retry} disabled={retrying} aria-busy={retrying || undefined} data-testid="push-retry">
            {retrying ? <><Spinner /> Retrying…</> : `Retry the ${countOf(applied.failed, "failed account", "failed accounts")}`}
          </button>
        )}
      </div>
      {error && <TargetError error={error} testId="push-retry-error" />}
      <ReceiptList receipts={applied.receipts} testId="push-receipts" />
    </section>
  );
}

export function PushPanel({ target }: { target: string }) {
  const [review, setReview] = useState<Review | null>(null);
  const [applied, setApplied] = useState<PushApplied | null>(null);
  const [pushes, setPushes] = useState<PushRecord[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const reload = useCallback(() => {
    pushHistory(target).then(setPushes, (reason: unknown) => setError(asIpcError(reason, "push_history")));
  }, [target]);
  useEffect(() => {
    reload();
    pushOpen(target).then(
      (open) => open && setReview({ preview: open, typed: "", approving: false }),
      (reason: unknown) => setError(asIpcError(reason, "push_open")),
    );
  }, [target, reload]);
  async function preview() {
    setRunning(true);
    setError(null);
    setApplied(null);
    try {
      setReview({ preview: await pushPreview(target), typed: "", approving: false });
    } catch (reason) {
      setError(asIpcError(reason, "push_preview"));
    } finally {
      setRunning(false);
      reload();
    }
  }
  return (
    <div className="push-panel">
      <div className="push-panel__head">
        <p className="push-panel__text">
          Roster reads every account in <strong>{target}</strong> and compares it with your directory. Nothing is sent
          until you approve.
        </p>
        <button type="button" className={buttonClass(review ? "secondary" : "primary")} onClick={preview} disabled={running} aria-busy={running || undefined} data-testid="push-preview">
          {running ? <><Spinner /> Reading the target…</> : review ? "Preview again" : "Preview push"}
        </button>
        {running && (
          <button type="button" className={buttonClass("secondary")} onClick={() => void pushCancel()} data-testid="push-cancel">
            Cancel
          </button>
        )}
      </div>
      {error && <TargetError error={error} testId="push-error" onRetry={preview} />}
      {applied && <AppliedPush applied={applied} onRetried={(done) => (setApplied(done), reload())} />}
      {review && !applied && (
        <PushReview
          review={review}
          onChange={setReview}
          onApplied={(done) => {
            setReview(null);
            setApplied(done);
            reload();
          }}
          onRejected={() => {
            setReview(null);
            reload();
          }}
        />
      )}
      {!review && !applied && !running && !error && (
        <p className="push-panel__empty" data-testid="push-empty">
          No push is waiting. Preview one to see what Roster would create, update and deactivate.
        </p>
      )}
      <PushHistory pushes={pushes} />
    </div>
  );
}
