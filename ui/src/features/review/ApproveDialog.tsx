// The last look before applying: what the import does to the directory, what stays out, and the guardrail.
import type { ImportSummary } from "../../ipc/bindings";
import { countOf, formatCount } from "../../shared/formatCount";
import { changeKindOrder, KindBadge } from "../../shared/kinds";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";

type ApproveDialogProps = {
  summary: ImportSummary;
  onApprove: () => Promise<void>;
  onClose: () => void;
};

export function ApproveDialog({ summary, onApprove, onClose }: ApproveDialogProps) {
  const { counts, unresolved } = summary;
  const decided = counts.needs_attention - unresolved;
  const kinds = changeKindOrder.filter((k) => k !== "unchanged" && k !== "needs_attention" && counts[k] > 0);
  return (
    <ConfirmDialog
      title={`Apply import ${summary.import_id}?`}
      onClose={onClose}
      onConfirm={onApprove}
      command="review_approve"
      confirmLabel="Approve and apply"
      workingLabel="Applying…"
      testId="review-approve-dialog"
      confirmTestId="review-confirm-approve"
      errorTestId="review-approve-error"
    >
      <p>
        Roster applies the whole import to your directory in one step: everything below, or — if anything goes wrong —
        nothing at all. It is kept in History either way.
      </p>
      {kinds.length > 0 ? (
        <ul className="approve-counts" aria-label="What the import changes">
          {kinds.map((kind) => (
            <li key={kind}>
              <KindBadge kind={kind} />
              <span className="num">{formatCount(counts[kind])}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>No one&apos;s directory entry changes; the import is recorded so History shows the check.</p>
      )}
      {counts.needs_attention > 0 && (
        <p data-testid="review-approve-unresolved">
          {unresolved > 0 ? (
            <>
              <strong>{countOf(unresolved, "needs-attention item has", "needs-attention items have")} no decision</strong>{" "}
              and will stay out of the directory.
            </>
          ) : (
            "Every needs-attention item has a decision."
          )}
          {decided > 0 && ` ${countOf(decided, "decided item is", "decided items are")} applied as you chose.`}
        </p>
      )}
      {summary.guardrail.tripped && (
        <p className="approve-guardrail">
          You typed the confirmation for a held import: {summary.guardrail.reasons.join(" ")}
        </p>
      )}
    </ConfirmDialog>
  );
}
