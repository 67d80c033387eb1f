// What an applied push did: one receipt per operation, failures first with the target's own words, and the
// target's earlier pushes with their counts and receipts.
import { useId, useState } from "react";
import type { PushRecord, PushState, Receipt } from "../../ipc/bindings";
import { countOf, formatCount } from "../../shared/formatCount";
import { CheckCircleIcon, ErrorCircleIcon } from "../../shared/icons";
import { PushKindBadge } from "./pushKinds";
import { TableHead, type Column } from "./TableHead";

const receiptColumns: Column[] = ["Account", "Change", "Sent", { title: "Status", numeric: true }, "Result"];
const pushColumns: Column[] = ["Push", "Previewed", "State", { title: "To send", numeric: true }, { title: "Receipts", numeric: true }];

const stateLabels: Record<PushState, string> = {
  pending: "Waiting for review",
  applying: "Being sent (or cut short: apply again to resume)",
  applied: "Applied",
  partial: "Applied with failures",
  rejected: "Rejected",
  failed: "Failed",
  superseded: "Replaced by a newer preview",
};

export function pushStateLabel(state: PushState): string {
  return stateLabels[state];
}

export function ReceiptList({ receipts, testId }: { receipts: Receipt[]; testId: string }) {
  const failed = receipts.filter((r) => !r.ok);
  const ordered = [...failed, ...receipts.filter((r) => r.ok)];
  return (
    <div className="receipts" data-testid={testId}>
      <p className="receipts__summary" data-testid={`${testId}-summary`}>
        <CheckCircleIcon size={14} /> {countOf(receipts.length - failed.length, "operation succeeded", "operations succeeded")}
        {failed.length > 0 && (
          <>
            {" · "}
            <ErrorCircleIcon size={14} /> <strong>{countOf(failed.length, "failed", "failed")}</strong>
          </>
        )}
      </p>
      <div className="receipts__scroll" tabIndex={0} role="region" aria-label="Receipts">
        <table className="data-table receipts__table">
          <TableHead columns={receiptColumns} />
          <tbody>
            {ordered.map((r, i) => (
              <tr key={`${r.user_name}|${r.operation}|${i}`} data-testid={r.ok ? "receipt-ok" : "receipt-failed"}>
                <td>{r.user_name}</td>
                <td>
                  <PushKindBadge kind={r.kind} />
                </td>
                <td>
                  <code>{r.operation}</code>
                </td>
                <td className="num">{r.status === 0 ? "—" : r.status}</td>
                <td>{r.ok ? "Done" : <span className="receipts__failure">Failed: {r.detail ?? "no detail given"}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function PushHistory({ pushes }: { pushes: PushRecord[] }) {
  const headingId = useId();
  const [open, setOpen] = useState<number | null>(null);
  if (pushes.length === 0) return null;
  return (
    <section className="section-card" aria-labelledby={headingId} data-testid="push-history">
      <h2 id={headingId} className="section-card__title">
        Pushes to this target
      </h2>
      <table className="data-table">
        <TableHead columns={pushColumns} />
        <tbody>
          {pushes.map((p) => {
            const c = p.counts;
            const sent = c.create + c.update + c.deactivate + c.delete + c.reactivate + c.group_changes;
            return (
              <tr key={p.push_id}>
                <td className="num">{p.push_id}</td>
                <td>{new Date(p.created_at).toLocaleString()}</td>
                <td>
                  {stateLabels[p.state]}
                  {p.decided_by && <span className="push-history__by"> · by {p.decided_by}</span>}
                </td>
                <td className="num">{formatCount(sent)}</td>
                <td className="num">
                  {p.receipts.length > 0 ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={open === p.push_id}
                      onClick={() => setOpen(open === p.push_id ? null : p.push_id)}
                    >
                      {formatCount(p.receipts.length)}
                      <span className="visually-hidden"> receipts of push {p.push_id}</span>
                    </button>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {open !== null && (
        <ReceiptList receipts={pushes.find((p) => p.push_id === open)?.receipts ?? []} testId="push-history-receipts" />
      )}
    </section>
  );
}
